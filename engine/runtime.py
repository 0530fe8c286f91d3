"""Load an instance, advance it to its next wait states, save it and its projections in one transaction.

This is the only module that creates or restores a BpmnWorkflow (it always attaches the guarded
script engine). After every run it re-projects the inbox (HumanTask rows for READY user tasks), the
timers (Job rows with absolute due instants) and its subject (through the subject's adapter, which the
regulation registers: engine/subjects.py), so that inboxes and overdue lists never deserialise workflows.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import lazyload
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm import object_session
from sqlalchemy.orm import undefer
from sqlalchemy.orm.exc import StaleDataError

from engine import cosigners
from engine import messages
from engine import signals
from engine.assignment import assigned_user
from engine.bpmn.specs import TaskMeta
from engine.clock import Clock
from engine.clock import end_of_local_day
from engine.clock import local_today
from engine.county import county_commission_id
from engine.db import is_postgres
from engine.errors import ConcurrencyConflict
from engine.errors import EngineError
from engine.models.definitions import ProcessDefinition
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.jobs import JOB_RETRIES
from engine.models.jobs import Job
from engine.models.jobs import JobStatus
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskCandidate
from engine.models.tasks import TaskExclusion
from engine.models.tasks import TaskStatus
from engine.persistence import SERIALIZER_VERSION
from engine.persistence import SpecSet
from engine.persistence import dump_workflow
from engine.persistence import keep_workflow
from engine.persistence import new_workflow
from engine.persistence import restore_workflow
from engine.persistence import spec_set
from engine.pruning import prune_history
from engine.registry import REGISTRY
from engine.row_writes import write_columns
from engine.spiff_clock import engine_clock
from engine.subjects import NO_SUBJECT
from engine.subjects import SubjectAdapter

#: workflow data: the unit a caseless instance was started in; its ``scope=handling`` steps go there
START_UNIT_VARIABLE = "start_unit_id"
#: How often one instance may pass the same element in one engine run before we stop (SECURITY.md 12).
LOOP_GUARD_LIMIT = 50


class LoopGuardTripped(EngineError):
    """An instance passed one element too often without waiting: a modelling error, not a user error."""

    code = "loop_guard"
    status = 409


@dataclass
class LoadedInstance:
    """An instance row with its restored workflow and the subject it serves (None: no subject)."""

    row: ProcessInstance
    specs: SpecSet
    workflow: BpmnWorkflow
    subject: object | None
    #: the armed timers as last saved (``armed_timers``), which the job rows mirror; None when not known
    saved_timers: list[tuple[str, str, dt.datetime]] | None = None
    #: the regulation's adapter of ``subject`` (NO_SUBJECT when there is none)
    adapter: SubjectAdapter = NO_SUBJECT


@dataclass
class SyncResult:
    """What changed in the projections after a run."""

    new_tasks: list[HumanTask] = field(default_factory=list)
    cancelled_tasks: list[HumanTask] = field(default_factory=list)
    fired_timers: list[str] = field(default_factory=list)
    completed: bool = False


def latest_definition(session: Session, key: str) -> ProcessDefinition | None:
    """Return the newest deployed version of a process key."""
    return session.execute(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def pinned_definition_ids(session: Session, main: ProcessDefinition) -> list[int]:
    """Pin the main definition and the newest version of every process and decision table it calls, for life."""
    latest_ids = session.execute(
        select(ProcessDefinition.key, ProcessDefinition.id).order_by(ProcessDefinition.key, ProcessDefinition.version)
    ).all()
    newest: dict[str, int] = {}
    for key, def_id in latest_ids:
        newest[key] = def_id
    newest[main.key] = main.id
    everything = spec_set(session, list(newest.values()), main.id)
    needed = {everything.definition_by_process[main.key]}
    for process_id in [*everything.subprocess_specs, *everything.decision_ids]:
        def_id = everything.definition_by_process.get(process_id)
        if def_id is not None:
            needed.add(def_id)
    return sorted(needed)


def start_instance(session: Session, clock: Clock, main: ProcessDefinition, data: dict,
                   subject: object | None, adapter: SubjectAdapter = NO_SUBJECT) -> LoadedInstance:
    """Create an instance of ``main`` serving ``subject`` (or none) with initial data (unsaved, not yet run)."""
    ids = pinned_definition_ids(session, main)
    specs = spec_set(session, ids, main.id)
    workflow = new_workflow(specs)
    workflow.data.update(data)
    workflow.get_next_task(state=TaskState.READY).data.update(data)
    now = clock.now()
    row = ProcessInstance(
        definition_id=main.id, definition_ids=ids,
        subject_type=adapter.subject_type if subject is not None else None,
        subject_id=subject.id if subject is not None else None,
        status=InstanceStatus.RUNNING,
        state="", serializer_version=SERIALIZER_VERSION, step_count=0, created_at=now, updated_at=now,
    )
    session.add(row)
    return LoadedInstance(row, specs, workflow, subject, saved_timers=[], adapter=adapter)


# The statements every completion runs, built once: building one costs about as much as running it.
_INSTANCE = (select(ProcessInstance).where(ProcessInstance.id == bindparam("instance_id"))
             .options(undefer(ProcessInstance.state)))
_INSTANCE_FOR_UPDATE = _INSTANCE.with_for_update()
# The sync never reads the candidates of a task already open: load them only if someone asks later.
_OPEN_TASKS = (select(HumanTask).where(HumanTask.instance_id == bindparam("instance_id"),
                                       HumanTask.status == TaskStatus.OPEN)
               .options(lazyload(HumanTask.candidates)))
_SCHEDULED_JOBS = select(Job).where(Job.instance_id == bindparam("instance_id"), Job.status == JobStatus.SCHEDULED,
                                    Job.kind == "timer")
_COMPLETERS = select(HumanTask.completed_by_id).where(
    HumanTask.instance_id == bindparam("instance_id"), HumanTask.bpmn_id.in_(bindparam("bpmn_ids", expanding=True)),
    HumanTask.status == TaskStatus.COMPLETED)


def load_instance(session: Session, instance_id: int) -> LoadedInstance:
    """Lock and restore an instance (row lock on PostgreSQL; SQLite's write lock is taken at BEGIN)."""
    stmt = _INSTANCE_FOR_UPDATE if is_postgres(session) else _INSTANCE
    row = session.execute(stmt, {"instance_id": instance_id}).scalar_one_or_none()
    if row is None:
        raise EngineError("流程实例不存在", code="instance_missing")
    specs = spec_set(session, row.definition_ids, row.definition_id)
    workflow = restore_workflow(row.id, row.state, specs, row.serializer_version)
    adapter, subject = subject_of(session, row)
    return LoadedInstance(row, specs, workflow, subject, saved_timers=armed_timers(workflow), adapter=adapter)


def subject_of(session: Session, row) -> tuple[SubjectAdapter, object | None]:
    """Return the adapter and the subject a generic row (instance or task) refers to; NO_SUBJECT if none.

    The row names its subject generically (``subject_type``, ``subject_id``, issue 11 §1): the type picks the
    registered regulation's adapter, which loads the subject.
    """
    if row.subject_type is None:
        return NO_SUBJECT, None
    adapter = REGISTRY.adapter(row.subject_type)
    return adapter, adapter.load(session, row.subject_id)


def advance(loaded: LoadedInstance, clock: Clock) -> None:
    """Fire due timers and run every engine step up to the next wait states, with the loop guard."""
    passes: Counter[str] = Counter()

    def guard(task) -> None:
        passes[task.task_spec.name] += 1
        if passes[task.task_spec.name] > LOOP_GUARD_LIMIT:
            raise LoopGuardTripped(
                f"流程在“{task.task_spec.bpmn_name or task.task_spec.name}”处循环超过{LOOP_GUARD_LIMIT}次,已停止",
                details={"element": task.task_spec.name},
            )

    enter = _cosign_preparer(loaded)
    with engine_clock(clock):
        loaded.workflow.refresh_timers()
        loaded.workflow.do_engine_steps(will_complete_task=enter, did_complete_task=guard)
    loaded.row.step_count += sum(passes.values()) + 1


def _cosign_preparer(loaded: LoadedInstance) -> Callable[[object], None]:
    """Fill the collections of the role co-signs (engine/cosigners.py) a task about to run leads to."""
    session = object_session(loaded.row)

    def enter(task) -> None:
        if session is not None:
            cosigners.prepare(session, lambda scope: _scope_unit(session, loaded, scope), task)
    return enter


def prepare_stalled_cosigns(loaded: LoadedInstance) -> None:
    """Before retrying an incident: fill the role co-signs a missing holder left not entered."""
    session = object_session(loaded.row)
    cosigners.prepare_stalled(session, lambda scope: _scope_unit(session, loaded, scope), loaded.workflow)


def find_task(workflow: BpmnWorkflow, task_uuid: str | UUID):
    """Return the workflow's task with this id, or None when it has none (anymore).

    SpiffWorkflow 3.2.0 raises TaskNotFoundException from the top workflow (a sub-workflow answers None),
    and pruning drops finished tasks: a step done meanwhile must read as "gone", not as an error.
    """
    try:
        return workflow.get_task_from_id(task_uuid if isinstance(task_uuid, UUID) else UUID(task_uuid))
    except TaskNotFoundException:
        return None


def complete_user_task(loaded: LoadedInstance, task_uuid: str, data: dict, clock: Clock) -> None:
    """Write validated data into a READY user task, complete it and advance."""
    task = find_task(loaded.workflow, task_uuid)
    if task is None or task.state != TaskState.READY:
        raise ConcurrencyConflict("该环节已不在待办状态,请刷新后查看最新情况")
    task.set_data(**data)
    _cosign_preparer(loaded)(task)
    with engine_clock(clock):
        task.run()
    advance(loaded, clock)


def set_timer_due(loaded: LoadedInstance, task_uuid: str, due_at: dt.datetime) -> None:
    """Move an armed timer to a new absolute instant (SPIFFWORKFLOW.md §3.5)."""
    task = loaded.workflow.get_task_from_id(UUID(task_uuid))
    task._set_internal_data(event_value=due_at.isoformat())


def ready_user_tasks(workflow: BpmnWorkflow) -> list:
    """Return the READY user tasks of a workflow, into called processes."""
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def armed_timers(workflow: BpmnWorkflow) -> list[tuple[str, str, dt.datetime]]:
    """Return (task uuid, bpmn id, due instant) of every armed timer (SPIFFWORKFLOW.md §3.4)."""
    armed = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        definition = getattr(task.task_spec, "event_definition", None)
        if not isinstance(definition, TimerEventDefinition):
            continue
        value = definition.details(task).value
        if isinstance(value, str):
            armed.append((str(task.id), task.task_spec.bpmn_id, TimerEventDefinition.get_datetime(value)))
    return armed


def meta_of(loaded: LoadedInstance, task) -> TaskMeta:
    """Return the engine metadata of a user task (role, scope, form...) from its spec."""
    process_id = task.workflow.spec.name
    meta = loaded.specs.task_meta.get((process_id, task.task_spec.bpmn_id))
    if meta is None:
        raise EngineError(f"用户任务“{task.task_spec.bpmn_name}”缺少角色或表单定义", code="task_meta_missing")
    return meta


def save(session: Session, loaded: LoadedInstance, clock: Clock) -> SyncResult:
    """Serialise the workflow and re-project tasks, timers and the subject in the caller's transaction.

    The saved workflow is kept for the instance's next load (``persistence.keep_workflow``): do not change
    it after saving.
    """
    now = clock.now()
    row = loaded.row
    # Drained before serialising: a message routed to another instance must not stay stored in this one.
    thrown = messages.take_thrown(loaded.workflow)
    signalled = signals.take_thrown(loaded.workflow)
    # The stored state keeps only what a later run can reach: its size no longer grows with the case's history.
    prune_history(loaded.workflow)
    written = {"state": dump_workflow(loaded.workflow), "serializer_version": SERIALIZER_VERSION,
               "updated_at": now, "step_count": row.step_count}
    result = SyncResult()
    if loaded.workflow.is_completed():
        written.update(status=InstanceStatus.COMPLETED, completed_at=now)
        result.completed = True
    new = row.id is None
    if new:
        for key, value in written.items():
            setattr(row, key, value)
        session.flush()  # a new instance needs its id before the projections refer to it
    else:
        # Written at once under its version check (of two saves of one instance, one wins), not by the flush.
        write_columns(session, row, written)
    ready = ready_user_tasks(loaded.workflow)
    # The projections read the rows as this transaction sees them without flushing first (pending changes
    # are read from the identity map: see _open_tasks), so that one flush writes the rest, each row under
    # its version check.
    with session.no_autoflush:
        _sync_tasks(session, loaded, ready, clock, result, new=new)
        _sync_jobs(session, loaded, clock, result)
        _sync_subject(loaded, ready, clock, result)
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrencyConflict("该案件已被他人同时办理,请刷新后重试") from exc
    keep_workflow(row.id, row.state, loaded.specs, loaded.workflow)
    messages.after_save(session, clock, loaded, thrown)
    signals.after_save(session, clock, loaded, signalled)
    return result


def _open_tasks(session: Session, instance_id: int) -> list[HumanTask]:
    # Rows already in the session come back as they are in memory: a task changed in this transaction but
    # not flushed yet is judged by its status in memory, not by the table's.
    rows = session.execute(_OPEN_TASKS, {"instance_id": instance_id}).scalars()
    return [task for task in rows if task.status == TaskStatus.OPEN]


def _sync_tasks(session: Session, loaded: LoadedInstance, ready_tasks: list, clock: Clock,
                result: SyncResult, *, new: bool = False) -> None:
    now = clock.now()
    ready = {str(t.id): t for t in ready_tasks}
    for existing in [] if new else _open_tasks(session, loaded.row.id):
        if existing.task_uuid in ready:
            del ready[existing.task_uuid]
            _refresh_due(existing, loaded)
        else:
            existing.status = TaskStatus.CANCELLED
            existing.completed_at = now
            result.cancelled_tasks.append(existing)
    for uuid, task in ready.items():
        meta = meta_of(loaded, task)
        unit_id = _scope_unit(session, loaded, meta.scope)
        due_date = _due_date(loaded, meta.due_rule)
        values = {
            "instance_id": loaded.row.id, "subject_type": loaded.row.subject_type,
            "subject_id": loaded.row.subject_id, "task_uuid": uuid,
            "bpmn_id": task.task_spec.bpmn_id, "process_key": task.workflow.spec.name,
            "name": task.task_spec.bpmn_name or task.task_spec.bpmn_id, "form_key": meta.form_key,
            "stage": meta.stage, "article": meta.article, "unit_id": unit_id,
            "category": loaded.adapter.category(loaded.subject),
            "assignee_id": assigned_user(session, task.data, meta, task.task_spec.bpmn_name or task.task_spec.bpmn_id),
            "status": TaskStatus.OPEN, "due_date": due_date, "due_at": end_of_local_day(due_date) if due_date else None,
            "excluded_user_ids": _excluded_users(session, loaded.row.id, meta), "created_at": now,
            "completed_at": None, "completed_by_id": None, "submitted": None, "opinion": None, "version": 1,
        }
        result.new_tasks.append(_insert_task(session, values, meta.roles))


_INSERT_TASK = insert(HumanTask.__table__)
_INSERT_CANDIDATE = insert(TaskCandidate.__table__)
_INSERT_EXCLUSION = insert(TaskExclusion.__table__)


def _insert_task(session: Session, values: dict, roles: tuple[str, ...]) -> HumanTask:
    """Insert a new task (every column but its id) and its candidates; return it persistent in the session.

    Prepared statements instead of the unit of work, which made these inserts a fifth of a task completion's
    Python work (issue 2). The object is attached as if loaded from the database: clean, every column and
    its candidates loaded.
    """
    connection = session.connection()
    human = HumanTask(id=connection.execute(_INSERT_TASK, values).inserted_primary_key[0], **values)
    candidates = []
    for user_id in values["excluded_user_ids"]:
        # issue 14 §3.3: the inbox leaves the task out for whom it excludes (engine/queries.py)
        connection.execute(_INSERT_EXCLUSION, {"task_id": human.id, "user_id": user_id})
    for role in roles:
        row = {"task_id": human.id, "role": role, "unit_id": human.unit_id}
        candidates.append(TaskCandidate(id=connection.execute(_INSERT_CANDIDATE, row).inserted_primary_key[0],
                                        task=human, **row))
    make_transient_to_detached(human)
    for candidate in candidates:
        make_transient_to_detached(candidate)
    session.add(human)
    return human


def _due_date(loaded: LoadedInstance, due_rule: str | None) -> dt.date | None:
    """Return the subject's date a task's due rule names (extensions move it), or None."""
    if due_rule is None or loaded.subject is None:
        return None
    return loaded.adapter.due_date(loaded.subject, due_rule)


def _refresh_due(human: HumanTask, loaded: LoadedInstance) -> None:
    """Keep an open task's due date equal to the subject's date its rule names (extensions move it)."""
    meta = loaded.specs.task_meta.get((human.process_key, human.bpmn_id))
    due_date = _due_date(loaded, meta.due_rule if meta else None)
    if human.due_date != due_date:
        human.due_date = due_date
        human.due_at = end_of_local_day(due_date) if due_date else None


def _scope_unit(session: Session, loaded: LoadedInstance, scope: str) -> int:
    unit_id = loaded.adapter.unit_for_scope(loaded.subject, scope) if loaded.subject is not None else None
    if unit_id is None and scope == "handling":
        # An instance started by a person (or by a message from a unit) and serving no subject: its handling
        # unit is the one it was started in (engine.operations.instances).
        unit_id = loaded.workflow.data.get(START_UNIT_VARIABLE)
    return unit_id if unit_id is not None else root_unit_id(session)


def root_unit_id(session: Session) -> int:
    """Return the id of the county commission, where county-scoped steps are done (engine.county: the root of
    the tree is the county itself, the commission one of its units)."""
    return county_commission_id(session)


def _excluded_users(session: Session, instance_id: int, meta: TaskMeta) -> list[int]:
    """Users who completed a step this one must be kept apart from (proposer ≠ approver, SECURITY.md 25)."""
    if not meta.not_same_as:
        return []
    # The step completed in this transaction is already in the table (complete_task writes it before saving).
    completers = set(session.connection().execute(
        _COMPLETERS, {"instance_id": instance_id, "bpmn_ids": list(meta.not_same_as)}).scalars())
    return sorted(user_id for user_id in completers if user_id is not None)


def _sync_jobs(session: Session, loaded: LoadedInstance, clock: Clock, result: SyncResult) -> None:
    now = clock.now()
    timers = armed_timers(loaded.workflow)
    if loaded.saved_timers is not None and set(timers) == set(loaded.saved_timers):
        # The job rows were written from exactly these timers when the instance was saved: nothing to do.
        # (Every save goes through here; what changes a job elsewhere — firing, backoff, an incident's
        # retry — changes its status or retry time, never which timers are armed or their instants.)
        return
    armed = {uuid: (bpmn_id, due) for uuid, bpmn_id, due in timers}
    # As for tasks (_open_tasks), a job changed in this transaction is judged by its status in memory.
    existing = [job for job in session.execute(_SCHEDULED_JOBS, {"instance_id": loaded.row.id}).scalars()
                if job.status == JobStatus.SCHEDULED]
    for job in existing:
        if job.task_uuid in armed:
            bpmn_id, due = armed.pop(job.task_uuid)
            # A job in backoff keeps its retry time; otherwise follow the timer if it moved (extension).
            if job.due_at != due and job.retries_left == JOB_RETRIES:
                job.due_at = due
        else:
            job.status = JobStatus.CANCELLED
            job.finished_at = now
            job.lock_owner = None
            job.lock_expires_at = None
    for uuid, (bpmn_id, due) in armed.items():
        session.add(Job(instance_id=loaded.row.id, kind="timer", task_uuid=uuid, bpmn_id=bpmn_id,
                        status=JobStatus.SCHEDULED, due_at=due, retries_left=JOB_RETRIES, created_at=now))


def _sync_subject(loaded: LoadedInstance, ready_tasks: list, clock: Clock, result: SyncResult) -> None:
    if loaded.subject is None:
        return
    stage = None
    if not result.completed and ready_tasks:
        # Several open steps: the subject shows the most pressing stage its regulation ranks first.
        rank = REGISTRY.stage_rank()
        stage = min((meta_of(loaded, t).stage for t in ready_tasks), key=lambda s: rank.get(s, len(rank)))
    loaded.adapter.project(loaded.subject, stage=stage, completed=result.completed, today=local_today(clock))
