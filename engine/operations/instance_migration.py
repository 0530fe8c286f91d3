"""Move running cases onto another deployed version of a process, and back (not Alembic: see engine/migrations/).

An instance pins, at start, its main definition and every called process version (engine/runtime.py
``pinned_definition_ids``); a published version serves new cases only. A designer may move running
instances onto another version of one process ``K`` — a main process or a called one —
when that is safe:

* every active task (READY, WAITING, STARTED, and a task in ERROR) of the workflows running ``K``, inside
  called processes too, has a task spec that exists *unchanged* in the new version. Changed means any
  attribute SpiffWorkflow serialises except the links to the neighbouring specs (``outputs``; ``inputs``
  too, unless the spec is a join that waits on them): a step added after the active one is exactly what a
  migration is for, whereas a renamed step, another form, role, due rule or timer would change what the
  person working on it sees or when it falls due (a regulation's statutory periods keep
  running across a move: the armed timers and the open steps' due dates stay exactly as they were);
* every step already done still has a spec in the new version, because the state is stored without its
  spec and is restored by spec name (engine/persistence.py): a removed step would lose its record;
* no deadline timer is already due and waiting for the job runner (moving it would race the runner);
* the moved state restores on the new specs with the same open steps and armed timers (a dry run).

SpiffWorkflow's own machinery does the diffing and moving (``SpiffWorkflow/bpmn/util/diff.py``):
``SpecDiff``/``diff_dependencies`` say what changed per process, ``diff_workflow`` aligns each workflow and
subworkflow, ``migrate_workflow`` swaps the specs. Its default also resets WAITING tasks, which clears an
armed timer's due instant and re-evaluates it from stale data (an extension moves the instant, engine/
processes/measures/provisional_deadlines.py): so only READY tasks are reset (their ids stay, their data is put
back), and the branches after WAITING and STARTED tasks are re-predicted without touching the tasks.

Who may: process designers only. A migration changes which version of the procedure a running case follows,
so it belongs with the people who design and publish the procedure, not with the system administrator, who
manages accounts and settings and has no access to the designer either (separation of duties, SECURITY.md
25); an administrator who needs a case moved asks a designer. Four eyes is for publishing (SECURITY.md 19):
what a case may be moved onto was already reviewed by a second designer, and the move itself only happens
when it is safe as above. A migration is therefore an operational act of one designer, recorded in the
audit chain (one event per instance) and in ``instance_migration``, and it can be moved back.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.util.diff import SpecDiff
from SpiffWorkflow.bpmn.util.diff import diff_dependencies
from SpiffWorkflow.bpmn.util.diff import diff_workflow
from SpiffWorkflow.bpmn.util.diff import migrate_workflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import defer
from sqlalchemy.orm import undefer

from engine import audit
from engine.actors import Actor
from engine.bpmn.business_rules import SERIALIZER_CONFIG
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.definitions import ProcessDefinition
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.migrations import InstanceMigration
from engine.models.people import User
from engine.operations.designs import is_designer
from engine.persistence import SERIALIZER_VERSION
from engine.persistence import SpecSet
from engine.persistence import dump_workflow
from engine.persistence import load_workflow
from engine.persistence import spec_set
from engine.runtime import LoadedInstance
from engine.runtime import armed_timers
from engine.runtime import load_instance
from engine.runtime import ready_user_tasks
from engine.runtime import save
from engine.runtime import subject_of

#: states in which a task is under way: its spec must exist unchanged in the new version
ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
#: statuses of instances that may be moved
MOVABLE = (InstanceStatus.RUNNING, InstanceStatus.INCIDENT)

# Spec converters only (SpecDiff compares serialised specs); the same configuration as engine/persistence.py.
_REGISTRY = BpmnWorkflowSerializer.configure(SERIALIZER_CONFIG)

#: what a serialised spec attribute means, for the reasons shown to the designer
_SPEC_FIELDS_ZH = {
    "name": "标识", "bpmn_id": "标识", "bpmn_name": "名称", "documentation": "说明", "lane": "泳道",
    "typename": "类型", "description": "类型", "manual": "类型", "event_definition": "事件(定时器)",
    "cond_task_specs": "条件", "default_task_spec": "默认流向", "spec": "调用的流程", "inputs": "入口",
    "cancel_activity": "是否中断", "main_child_task_spec": "附着的环节", "prescript": "脚本",
    "postscript": "脚本", "variable": "变量", "io_specification": "输入输出", "data_input_associations": "数据",
    "data_output_associations": "数据", "lookahead": "预测深度",
}
_PROPERTY_FIELDS_ZH = {
    "role": "角色", "scope": "范围", "formKey": "表单", "stage": "阶段", "article": "条文依据",
    "dueRule": "期限规则", "notSameAs": "回避要求", "effect": "办理效果",
}


def _require_designer(actor: Actor) -> None:
    if actor.is_system or not is_designer(actor.user):
        raise NotPermitted("只有流程设计人员可以迁移办理中的案件", code="not_designer")


# --- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why an instance cannot move now."""

    code: str
    message_zh: str


@dataclass(frozen=True)
class PlannedInstance:
    """One running instance pinned to another version of the process, and whether it can move.

    Designers read no cases (issue 14 §3.1): an instance is named by its own number, never by its case's
    number or its subject; they see versions, steps and counts, never who.
    """

    instance_id: int
    status: str
    case_id: int | None
    #: the version of the process the instance runs on now
    current_definition_id: int
    current_version: int
    #: names of the open steps (READY user tasks), into called processes
    active_steps: tuple[str, ...]
    reasons: tuple[Reason, ...]

    @property
    def safe(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class MigrationPlan:
    """Every instance that could be moved onto ``target``, each with its verdict."""

    target: ProcessDefinition
    instances: list[PlannedInstance]

    @property
    def safe_ids(self) -> list[int]:
        return [p.instance_id for p in self.instances if p.safe]


@dataclass(frozen=True)
class MigrationEntry:
    """One recorded move, as the history lists it."""

    record: InstanceMigration
    case_id: int | None
    from_version: int
    to_version: int
    migrated_by: str
    reverted_by: str | None
    #: the instance still runs on what the move gave it: it can be moved back (checked again when asked)
    revertable: bool


# --- reading and assessing ------------------------------------------------------------------------------


def _definitions(session: Session) -> dict[int, ProcessDefinition]:
    # Keys, versions and names only: the XML is read by engine/persistence.py when specs are parsed.
    rows = session.execute(select(ProcessDefinition).options(defer(ProcessDefinition.xml))).scalars()
    return {d.id: d for d in rows}


def _pinned_version_of(instance: ProcessInstance, key: str, definitions: dict[int, ProcessDefinition]) -> int | None:
    for definition_id in instance.definition_ids:
        if definitions[definition_id].key == key:
            return definition_id
    return None


def _restore(session: Session, instance: ProcessInstance) -> tuple[SpecSet, BpmnWorkflow]:
    """Restore an instance's workflow for reading (no lock: the plan changes nothing)."""
    specs = spec_set(session, instance.definition_ids, instance.definition_id)
    return specs, load_workflow(instance.state, specs, instance.serializer_version)


def _target_pins(session: Session, instance: ProcessInstance, target: ProcessDefinition,
                 definitions: dict[int, ProcessDefinition]) -> tuple[list[int], int]:
    """The definition ids the instance pins after moving ``target.key`` onto ``target``, and its main id.

    A new version may call a process the instance had not pinned: as at start, its newest version is taken.
    Processes the new version no longer calls are dropped.
    """
    pinned = {definitions[i].key: i for i in instance.definition_ids}
    pinned[target.key] = target.id
    main_key = definitions[instance.definition_id].key
    newest: dict[str, ProcessDefinition] = {}
    for definition in definitions.values():
        if definition.key not in newest or definition.version > newest[definition.key].version:
            newest[definition.key] = definition
    everything = {key: d.id for key, d in newest.items()} | pinned
    specs = spec_set(session, list(everything.values()), pinned[main_key])
    needed = {pinned[main_key]}
    for process_id in [*specs.subprocess_specs, *specs.decision_ids]:
        if process_id in specs.definition_by_process:
            needed.add(specs.definition_by_process[process_id])
    return sorted(needed), pinned[main_key]


def _step_name(task) -> str:
    spec = task.task_spec
    return spec.bpmn_name or spec.bpmn_id or spec.name


def _material_changes(spec, changes: Iterable[str], old_serialised: dict, new_serialised: dict) -> list[str]:
    """The changed attributes that matter for a task under way, in Chinese (see the module docstring)."""
    ignored = {"outputs"} if isinstance(spec, Join) else {"inputs", "outputs"}
    labels: list[str] = []
    for change in changes:
        if change in ignored:
            continue
        if change == "extensions":
            old_props = (old_serialised.get("extensions") or {}).get("properties") or {}
            new_props = (new_serialised.get("extensions") or {}).get("properties") or {}
            names = sorted(n for n in set(old_props) | set(new_props) if old_props.get(n) != new_props.get(n))
            labels.extend(_PROPERTY_FIELDS_ZH.get(n, n) for n in names)
            if not names:
                labels.append("扩展属性")
            continue
        labels.append(_SPEC_FIELDS_ZH.get(change, change))
    return list(dict.fromkeys(labels))


def _step_reasons(workflow: BpmnWorkflow, new: SpecSet, version_zh: str) -> list[Reason]:
    """Compare every workflow of the instance with the new specs (SpecDiff per process)."""
    spec_diffs: dict[str, SpecDiff | None] = {workflow.spec.name: SpecDiff(_REGISTRY, workflow.spec, new.spec)}
    dependencies, _added = diff_dependencies(_REGISTRY, workflow.subprocess_specs, new.subprocess_specs)
    spec_diffs.update(dependencies)
    reasons: list[Reason] = []
    for sub in [workflow, *workflow.subprocesses.values()]:
        diff = spec_diffs.get(sub.spec.name)
        if diff is None:
            reasons.append(Reason("process_dropped", f"案件已进入的流程“{sub.spec.description or sub.spec.name}”"
                                                     f"在{version_zh}中不再被调用"))
            continue
        for task in sub.get_tasks(skip_subprocesses=True):
            aligned = diff.alignment.get(task.task_spec)
            if task.has_state(ACTIVE):
                if aligned is None:
                    reasons.append(Reason("active_step_removed", f"当前环节“{_step_name(task)}”在{version_zh}中已删除"))
                    continue
                changed = _material_changes(task.task_spec, diff.comparisons.get(task.task_spec) or [],
                                            _REGISTRY.convert(task.task_spec), _REGISTRY.convert(aligned))
                # The gateway or condition an incident holds the case at may change: that change is the fix
                # a retry then runs (engine/incidents.py).
                if changed and not (task.state == TaskState.ERROR and not task.task_spec.manual):
                    reasons.append(Reason("active_step_changed", f"当前环节“{_step_name(task)}”在{version_zh}中已修改:"
                                                                 f"{'、'.join(changed)}"))
            elif task.has_state(TaskState.FINISHED_MASK) and aligned is None:
                reasons.append(Reason("history_step_removed", f"已办理的环节“{_step_name(task)}”在{version_zh}中已删除,"
                                                              "迁移后无法保留其办理记录"))
    return reasons


def _timer_reasons(workflow: BpmnWorkflow, clock: Clock) -> list[Reason]:
    now = clock.now()
    reasons = []
    for uuid, _bpmn_id, due in armed_timers(workflow):
        if due <= now:
            task = workflow.get_task_from_id(UUID(uuid))
            reasons.append(Reason("timer_due", f"“{_step_name(task)}”的期限已到、尚待系统处理,请稍后再迁移"))
    return reasons


def _open_points(workflow: BpmnWorkflow) -> list[tuple[str, str, str]]:
    """The open steps and the armed timers with their due instants: a move must leave them exactly as they were."""
    points = [(str(t.id), t.task_spec.bpmn_id, "") for t in ready_user_tasks(workflow)]
    points += [(uuid, bpmn_id, due.isoformat()) for uuid, bpmn_id, due in armed_timers(workflow)]
    return sorted(points)


def _repredict(task) -> None:
    """Rebuild the predicted branch after a WAITING or STARTED task from its new spec, leaving the task alone."""
    task._drop_children()
    task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE | task.state)


def _apply(workflow: BpmnWorkflow, new: SpecSet) -> None:
    """Move the workflow and every subworkflow onto the new specs in memory (SpiffWorkflow's migrate_workflow)."""
    kept = {t.id: (copy.deepcopy(t.data), copy.deepcopy(t.internal_data))
            for t in workflow.get_tasks(state=TaskState.READY)}
    top_diff, sub_diffs = diff_workflow(_REGISTRY, workflow, new.spec, new.subprocess_specs)
    migrate_workflow(top_diff, workflow, new.spec, reset_mask=TaskState.READY)
    for task in workflow.get_tasks(state=TaskState.WAITING | TaskState.STARTED, skip_subprocesses=True):
        _repredict(task)
    for sub_id, diff in sub_diffs.items():
        sub = workflow.subprocesses[sub_id]
        migrate_workflow(diff, sub, new.subprocess_specs[sub.spec.name], reset_mask=TaskState.READY)
        for task in sub.get_tasks(state=TaskState.WAITING | TaskState.STARTED, skip_subprocesses=True):
            _repredict(task)
    workflow.subprocess_specs = new.subprocess_specs
    # A reset READY task takes its parent's data; what was written into it since (a moved deadline) stays.
    for task_id, (data, internal) in kept.items():
        task = workflow.get_task_from_id(task_id)
        task.data = data
        task.internal_data = internal


def _all_tasks(workflow: BpmnWorkflow) -> list:
    tasks = list(workflow.tasks.values())
    for sub in workflow.subprocesses.values():
        tasks.extend(sub.tasks.values())
    return tasks


@dataclass
class _Assessment:
    reasons: list[Reason]
    #: the workflow restored on the new specs (None when it cannot move)
    moved: BpmnWorkflow | None
    specs: SpecSet


def _assess(session: Session, clock: Clock, workflow: BpmnWorkflow, new_ids: Sequence[int],
            new_main_id: int, version_zh: str) -> _Assessment:
    """Check the moving rules, then move the state (in memory) and restore it on the new specs (a dry run).

    ``version_zh`` names the version moved to in the reasons (第2版).
    """
    new = spec_set(session, new_ids, new_main_id)
    reasons = _step_reasons(workflow, new, version_zh) + _timer_reasons(workflow, clock)
    if reasons:
        return _Assessment(list(dict.fromkeys(reasons)), None, new)
    before = _open_points(workflow)
    try:
        _apply(workflow, new)
        moved = load_workflow(dump_workflow(workflow), new, SERIALIZER_VERSION)
        lost = [t for t in _all_tasks(moved) if t.task_spec is None]
    except Exception as exc:  # noqa: BLE001 - whatever SpiffWorkflow raises, the state cannot move
        return _Assessment([Reason("not_restorable", f"按{version_zh}无法恢复该案件的流程状态({type(exc).__name__})")],
                           None, new)
    if lost:
        return _Assessment([Reason("not_restorable", f"按{version_zh}无法恢复该案件的部分流程记录")], None, new)
    if _open_points(moved) != before:
        return _Assessment([Reason("open_steps_changed", "迁移会改变当前待办环节或期限定时器")], None, new)
    return _Assessment([], moved, new)


def _about_the_actor(session: Session, actor: Actor, row: ProcessInstance) -> bool:
    """Whether the instance's subject is about the actor themself: no one acts on a matter about themselves
    (the regulation names that person through its subject adapter's ``excluded_cadre_id``)."""
    cadre_id = actor.user.cadre_id if actor.user is not None else None
    if cadre_id is None or row.subject_type is None:
        return False
    adapter, subject = subject_of(session, row)
    return subject is not None and adapter.excluded_cadre_id(subject) == cadre_id


def _candidates(session: Session, target: ProcessDefinition, definitions: dict[int, ProcessDefinition],
                instance_ids: Iterable[int] | None = None) -> list[ProcessInstance]:
    stmt = (select(ProcessInstance).options(undefer(ProcessInstance.state))
            .where(ProcessInstance.status.in_([str(s) for s in MOVABLE])))
    if instance_ids is not None:
        stmt = stmt.where(ProcessInstance.id.in_(list(instance_ids)))
    found = []
    for instance in session.execute(stmt.order_by(ProcessInstance.id)).scalars():
        pinned = _pinned_version_of(instance, target.key, definitions)
        if pinned is not None and pinned != target.id:
            found.append(instance)
    return found


def _target(definitions: dict[int, ProcessDefinition], definition_id: int) -> ProcessDefinition:
    target = definitions.get(definition_id)
    if target is None:
        raise NotFound("未找到该流程版本")
    return target


def migration_plan(session: Session, clock: Clock, actor: Actor, definition_id: int) -> MigrationPlan:
    """List every running instance pinned to another version of the target's process, each safe or not and why.

    The clock tells which deadline timers are already due. Nothing is written.
    """
    _require_designer(actor)
    definitions = _definitions(session)
    target = _target(definitions, definition_id)
    candidates = [c for c in _candidates(session, target, definitions) if not _about_the_actor(session, actor, c)]
    planned = []
    for instance in candidates:
        _specs, workflow = _restore(session, instance)
        steps = tuple(_step_name(t) for t in ready_user_tasks(workflow))
        new_ids, new_main_id = _target_pins(session, instance, target, definitions)
        assessment = _assess(session, clock, workflow, new_ids, new_main_id, f"第{target.version}版")
        current = definitions[_pinned_version_of(instance, target.key, definitions)]
        planned.append(PlannedInstance(instance.id, instance.status, instance.case_id, current.id,
                                       current.version, steps, tuple(assessment.reasons)))
    return MigrationPlan(target, planned)


# --- moving and moving back -----------------------------------------------------------------------------


def _requested_ids(instance_ids: Iterable) -> list[int]:
    ids: set[int] = set()
    for value in instance_ids or ():
        text = str(value).strip()
        if not text.isdigit():
            raise FormInvalid("案件选择有误,请刷新后重新选择", details={"instance_id": ["须为流程实例编号"]})
        ids.add(int(text))
    if not ids:
        raise FormInvalid("请至少选择一个要迁移的案件", details={"instance_id": ["请至少选择一个案件"]})
    return sorted(ids)


def _case_number(loaded: LoadedInstance) -> str:
    # A designer's messages name the instance, never the case (issue 14 §3.1).
    return f"流程实例{loaded.row.id}"


def _summary(instance: ProcessInstance, key: str, definitions: dict[int, ProcessDefinition]) -> dict:
    version_id = _pinned_version_of(instance, key, definitions)
    return {"key": key, "definition_id": version_id, "version": definitions[version_id].version,
            "main_definition_id": instance.definition_id, "definition_ids": sorted(instance.definition_ids)}


def _commit(session: Session, clock: Clock, loaded: LoadedInstance, assessment: _Assessment,
            new_ids: Sequence[int], new_main_id: int) -> None:
    """Pin the new ids and save the moved state with its projections (runtime.save: version check)."""
    row = loaded.row
    row.definition_ids = sorted(new_ids)
    row.definition_id = new_main_id
    result = save(session, LoadedInstance(row, assessment.specs, assessment.moved, loaded.subject,
                                         adapter=loaded.adapter), clock)
    if result.new_tasks or result.cancelled_tasks or result.completed:
        # _assess compared the open steps already; this only guards the projections themselves.
        raise ConcurrencyConflict("迁移会改变当前待办环节,已取消", code="open_steps_changed")


def _refusal(refused: list[dict], verb_zh: str) -> ConcurrencyConflict:
    listed = ";".join(f"{r['case_number']}({'、'.join(r['reasons'])})" for r in refused)
    return ConcurrencyConflict(f"以下案件现在不能{verb_zh},本次未{verb_zh}任何案件:{listed}",
                               code="migration_refused", details=refused)


def migrate_instances(session: Session, clock: Clock, actor: Actor, definition_id: int,
                      instance_ids: Iterable) -> list[InstanceMigration]:
    """Move the chosen instances onto the target version in one transaction, all or none.

    Each instance is locked and assessed again now; if any one cannot move, nothing moves and the error
    lists which and why. Open steps keep their ids, claims and due dates; one audit event per instance.
    """
    _require_designer(actor)
    ids = _requested_ids(instance_ids)
    definitions = _definitions(session)
    target = _target(definitions, definition_id)
    existing = set(session.execute(select(ProcessInstance.id).where(ProcessInstance.id.in_(ids))).scalars())
    refused: list[dict] = [{"instance_id": i, "case_number": f"流程实例{i}", "reasons": ["不存在"]}
                           for i in ids if i not in existing]
    moves = []
    for instance_id in sorted(existing):
        loaded = load_instance(session, instance_id)
        row = loaded.row
        pinned = _pinned_version_of(row, target.key, definitions)
        if _about_the_actor(session, actor, row):
            reasons = ["本人须回避,不能迁移此实例"]
        elif row.status not in MOVABLE:
            reasons = ["案件已办结"]
        elif pinned is None:
            reasons = [f"案件不使用流程“{target.name}”"]
        elif pinned == target.id:
            reasons = [f"案件已按第{target.version}版运行"]
        else:
            new_ids, new_main_id = _target_pins(session, row, target, definitions)
            assessment = _assess(session, clock, loaded.workflow, new_ids, new_main_id, f"第{target.version}版")
            reasons = [r.message_zh for r in assessment.reasons]
            if not reasons:
                moves.append((loaded, assessment, new_ids, new_main_id))
        if reasons:
            refused.append({"instance_id": instance_id, "case_number": _case_number(loaded), "reasons": reasons})
    if refused:
        raise _refusal(refused, "迁移")
    now = clock.now()
    records = []
    for loaded, assessment, new_ids, new_main_id in moves:
        row = loaded.row
        before = _summary(row, target.key, definitions)
        from_ids = list(row.definition_ids)
        _commit(session, clock, loaded, assessment, new_ids, new_main_id)
        record = InstanceMigration(instance_id=row.id, key=target.key, from_definition_id=before["definition_id"],
                                   to_definition_id=target.id, from_definition_ids=sorted(from_ids),
                                   to_definition_ids=sorted(new_ids), migrated_by_id=actor.user_id, migrated_at=now)
        session.add(record)
        session.flush()
        audit.record(session, clock, actor, "instance.migrated", "instance", row.id, case_id=row.case_id,
                     before=before, after={**_summary(row, target.key, definitions), "migration_id": record.id})
        records.append(record)
    return records


def revert_migration(session: Session, clock: Clock, actor: Actor, migration_id: int) -> InstanceMigration:
    """Move an instance back to the versions it ran on before a recorded move, if that is safe now."""
    _require_designer(actor)
    record = session.get(InstanceMigration, migration_id)
    if record is None:
        raise NotFound("未找到该迁移记录")
    if record.reverted_at is not None:
        raise ConcurrencyConflict("该次迁移已经迁回", code="already_reverted")
    loaded = load_instance(session, record.instance_id)
    row = loaded.row
    if row.status not in MOVABLE:
        raise ConcurrencyConflict(f"{_case_number(loaded)}已办结,不能迁回", code="instance_finished")
    if sorted(row.definition_ids) != sorted(record.to_definition_ids):
        raise ConcurrencyConflict(f"{_case_number(loaded)}在这次迁移之后又迁移过,须先迁回最近的一次",
                                  code="moved_since")
    definitions = _definitions(session)
    main_key = definitions[row.definition_id].key
    back_main_id = next(i for i in record.from_definition_ids if definitions[i].key == main_key)
    back_version = definitions[record.from_definition_id].version
    assessment = _assess(session, clock, loaded.workflow, record.from_definition_ids, back_main_id,
                         f"第{back_version}版")
    if assessment.reasons:
        raise _refusal([{"instance_id": row.id, "case_number": _case_number(loaded),
                         "reasons": [r.message_zh for r in assessment.reasons]}], "迁回")
    before = _summary(row, record.key, definitions)
    _commit(session, clock, loaded, assessment, record.from_definition_ids, back_main_id)
    record.reverted_at = clock.now()
    record.reverted_by_id = actor.user_id
    session.flush()
    audit.record(session, clock, actor, "instance.migration_reverted", "instance", row.id, case_id=row.case_id,
                 before=before, after={**_summary(row, record.key, definitions), "migration_id": record.id})
    return record


# --- history --------------------------------------------------------------------------------------------

HISTORY_LIMIT = 200


def migration_history(session: Session, actor: Actor, key: str) -> list[MigrationEntry]:
    """Return the recorded moves of instances between versions of ``key``, newest first."""
    _require_designer(actor)
    records = list(session.execute(select(InstanceMigration).where(InstanceMigration.key == key)
                                   .order_by(InstanceMigration.migrated_at.desc(), InstanceMigration.id.desc())
                                   .limit(HISTORY_LIMIT)).scalars())
    if not records:
        return []
    definitions = _definitions(session)
    instances = {i.id: i for i in session.execute(select(ProcessInstance).where(
        ProcessInstance.id.in_({r.instance_id for r in records}))).scalars()}
    user_ids = {r.migrated_by_id for r in records} | {r.reverted_by_id for r in records if r.reverted_by_id}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all())
    entries = []
    for record in records:
        instance = instances[record.instance_id]
        revertable = (record.reverted_at is None and instance.status in MOVABLE
                      and sorted(instance.definition_ids) == sorted(record.to_definition_ids))
        entries.append(MigrationEntry(
            record, instance.case_id,
            definitions[record.from_definition_id].version, definitions[record.to_definition_id].version,
            names.get(record.migrated_by_id, ""), names.get(record.reverted_by_id) if record.reverted_by_id else None,
            revertable))
    return entries


def instances_per_version(session: Session, key: str) -> dict[int, int]:
    """Count the running instances pinned to each version of ``key`` (definition id → count)."""
    definitions = _definitions(session)
    counts: dict[int, int] = {}
    rows = session.execute(select(ProcessInstance.definition_ids)
                           .where(ProcessInstance.status.in_([str(s) for s in MOVABLE]))).scalars()
    for pinned in rows:
        for definition_id in pinned:
            if definitions[definition_id].key == key:
                counts[definition_id] = counts.get(definition_id, 0) + 1
    return counts
