"""Claim, release and complete human tasks (SECURITY.md 2, 3, 24, 25)."""
from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

from engine import audit
from engine.actors import Actor
from engine.assignment import is_personally_assigned
from engine.clock import Clock
from engine.data_forms import load_task_form
from engine.db import is_postgres
from engine.errors import ConcurrencyConflict
from engine.errors import EngineError
from engine.errors import IncidentOpen
from engine.errors import NotPermitted
from engine.errors import TaskAlreadyCompleted
from engine.incidents import open_incident
from engine.incidents import run_guarded
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.issued_documents import Document
from engine.models.jobs import Incident
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.notifications import notify_new_tasks
from engine.operations.drafts import discard_drafts
from engine.permissions import check_can_work_on
from engine.permissions import load_task_for
from engine.registry import REGISTRY
from engine.registry import EffectContext
from engine.row_writes import write_columns
from engine.runtime import complete_user_task
from engine.runtime import find_task
from engine.runtime import load_instance
from engine.runtime import meta_of
from engine.runtime import save
from engine.runtime import subject_of
from engine.subjects import SubjectAdapter

# PostgreSQL: the task's instance row locked (found through the task, only the instance's row locked), then
# the task re-read with its candidates as the lock left it.
_LOCK_INSTANCE_OF_TASK = (select(ProcessInstance.id).join(HumanTask, HumanTask.instance_id == ProcessInstance.id)
                          .where(HumanTask.id == bindparam("task_id")).with_for_update(of=ProcessInstance))
_FRESH_TASK = (select(HumanTask).where(HumanTask.id == bindparam("task_id"))
               .options(joinedload(HumanTask.candidates)).execution_options(populate_existing=True))


def _lock_task(session: Session, actor: Actor, task_id: int) -> HumanTask:
    # PostgreSQL: lock the instance before reading the task: of two concurrent completions the second waits,
    # then sees the first. The instance first, as the timer worker does (it locks the instance, then cancels
    # the task): locking the task row first deadlocked a completion with a firing timer (SECURITY.md 9).
    locked = is_postgres(session) and session.execute(
        _LOCK_INSTANCE_OF_TASK, {"task_id": task_id}).scalar_one_or_none() is not None
    if locked:
        # The visibility check then finds this fresh row in the identity map instead of reading it again.
        fresh = session.execute(_FRESH_TASK, {"task_id": task_id}).unique().scalar_one_or_none()
        if fresh is not None:
            return load_task_for(session, actor.user, fresh.id)
    return load_task_for(session, actor.user, task_id)


def _acting_role(actor: Actor, task: HumanTask) -> str | None:
    held = {(r.role, r.unit_id) for r in actor.user.roles}
    return next((c.role for c in task.candidates if (c.role, c.unit_id) in held), None)


def claim_task(session: Session, clock: Clock, actor: Actor, task_id: int) -> HumanTask:
    """Take a group task into one's own inbox so that colleagues see it is being handled."""
    task = _lock_task(session, actor, task_id)
    check_can_work_on(actor.user, task)
    if task.assignee_id != actor.user_id:
        task.assignee_id = actor.user_id
        audit.record(session, clock, actor, "task.claimed", "task", task.id, case_id=task.case_id,
                     role=_acting_role(actor, task), after={"assignee_id": actor.user_id})
    return task


def unclaim_task(session: Session, clock: Clock, actor: Actor, task_id: int) -> HumanTask:
    """Give a claimed task back to the group queue."""
    task = _lock_task(session, actor, task_id)
    if task.status != TaskStatus.OPEN:
        raise TaskAlreadyCompleted("该环节已办理完毕")
    if task.assignee_id != actor.user_id:
        raise NotPermitted("只能退回本人签收的待办")
    if is_personally_assigned(session, task):
        raise NotPermitted("该环节指定由您本人办理(如会签),不能退回")
    task.assignee_id = None
    audit.record(session, clock, actor, "task.unclaimed", "task", task.id, case_id=task.case_id,
                 role=_acting_role(actor, task), before={"assignee_id": actor.user_id}, after={"assignee_id": None})
    return task


@dataclass
class Completion:
    """The outcome of completing a task."""

    task: HumanTask
    #: the subject the instance serves (the regulation's record), or None
    subject: object | None
    new_tasks: list[HumanTask]
    documents: list[Document]
    #: the incident the process stopped at after this step (the step itself is recorded), or None
    incident: Incident | None = None


def complete_task(session: Session, clock: Clock, actor: Actor, task_id: int, payload: dict,
                  opinion: str | None = None) -> Completion:
    """Validate the form, apply the step's effect, move the workflow on and re-project, in one transaction."""
    task = _lock_task(session, actor, task_id)
    check_can_work_on(actor.user, task)
    adapter, subject = subject_of(session, task)
    data = load_task_form(session, task, payload, adapter.form_context(session, clock, subject, task.form_key),
                          actor.user)
    loaded = load_instance(session, task.instance_id)
    if loaded.row.status == InstanceStatus.INCIDENT:
        raise IncidentOpen("该案件流程存在未处理的故障,请联系督办人员处理后再办理")
    spiff_task = find_task(loaded.workflow, task.task_uuid)
    if spiff_task is None or spiff_task.state != TaskState.READY:
        raise ConcurrencyConflict("该环节已不在待办状态,请刷新后查看最新情况")
    meta = meta_of(loaded, spiff_task)
    before = adapter.audit_before(subject) if subject is not None else {}
    documents: list[Document] = []
    extra: dict = {}
    if meta.effect:
        extra, documents = _run_effect(session, clock, actor, adapter, subject, task, meta.effect, data,
                                       dict(spiff_task.data))
    # A fault further on (a condition, a timer, a gateway) holds the process at that element with an incident;
    # the person's step is recorded all the same (issue 11 §5, engine/incidents.py).
    fault = run_guarded(loaded, lambda: complete_user_task(loaded, task.task_uuid, {**data, **extra}, clock))
    try:
        # The task and the instance are each written under their version check: of two completions, one wins.
        write_columns(session, task, {"status": TaskStatus.COMPLETED, "completed_by_id": actor.user_id,
                                      "completed_at": clock.now(), "submitted": data,
                                      "opinion": (opinion or "").strip() or None})
        result = save(session, loaded, clock)
    except ConcurrencyConflict as exc:
        raise TaskAlreadyCompleted("该环节已由他人办理完毕或案件已变化,请刷新后查看") from exc
    # After saving: run earlier, its DELETE would flush what the effect and the projections changed first.
    discard_drafts(session, task.id)
    audit.record(
        session, clock, actor, "task.completed", "task", task.id, case_id=task.case_id, role=_acting_role(actor, task),
        before=before,
        after={"step": task.bpmn_id, "name": task.name, "article": task.article, "form": data,
               "documents": [d.number for d in documents],
               **(adapter.audit_after(subject) if subject is not None else {"stage": None}),
               "next": [t.bpmn_id for t in result.new_tasks]},
        reason=task.opinion,
    )
    notify_new_tasks(session, clock, adapter, subject, result.new_tasks)
    incident = open_incident(session, clock, actor, loaded, fault) if fault else None
    return Completion(task, subject, result.new_tasks, documents, incident)


def _run_effect(session: Session, clock: Clock, actor: Actor, adapter: SubjectAdapter, subject: object | None,
                task: HumanTask, name: str, data: dict, workflow_data: dict) -> tuple[dict, list]:
    """Run the step's registered effect on the subject; return the workflow variables it sets and its documents."""
    spec = REGISTRY.effects().get(name)
    if spec is None:
        raise EngineError(f"环节“{task.name}”所需的业务效果“{name}”未注册,请联系系统管理员", code="effect_missing",
                          details={"step": task.bpmn_id, "effect": name})
    base = EffectContext(session=session, clock=clock, actor=actor, subject=subject, task=task, data=data,
                         workflow_data=workflow_data)
    # A subjectless instance's adapter refuses here (EffectWithoutSubject, a 409), before anything is written.
    ctx = adapter.effect_context(base)
    return spec.run(ctx) or {}, ctx.documents
