"""Run-time faults of a process become incidents: held at the failing element, told in Chinese, retryable.

A condition that reads a variable nobody wrote, a timer whose date cannot be computed (missing, malformed or
out of range), or a gateway with no flow to take fail only when a case reaches them (issue 11 §5). Camunda's
semantics are the anchor: the step a person completed stays completed (their form and the audit record are
kept), the instance stops at the failing element with an incident, supervisors see it on the 流程故障 list,
and a retry re-runs the engine from where it stopped once the cause is fixed — by a designer moving the case
to a corrected version (engine/operations/instance_migration.py). Nobody edits task data by hand: the data
is the record of what people submitted, so an administrator may not "set a missing variable"; a missing
variable is a modelling fault, fixed in the model.

The timer worker (engine/jobs.py) keeps its own discipline — three tries with backoff, then an incident on
the job — and borrows only the Chinese description from here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.cosigners import missing_role
from engine.errors import ConcurrencyConflict
from engine.errors import DecisionFailed
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.jobs import Incident
from engine.models.jobs import IncidentStatus
from engine.notifications import notify_new_tasks
from engine.notifications import role_holders
from engine.outbox import Message
from engine.outbox import enqueue_many
from engine.registry import REGISTRY
from engine.runtime import LoadedInstance
from engine.runtime import advance
from engine.runtime import armed_timers
from engine.runtime import load_instance
from engine.runtime import prepare_stalled_cosigns
from engine.runtime import root_unit_id
from engine.runtime import save
from engine.spiff_clock import engine_clock
from engine.vocabulary import Role

#: what SpiffWorkflow and the guarded expressions raise when a diagram cannot go on with the data it has;
#: our own refusals (EngineError: a conflict, a rule of the Measures) are not faults of the process
RUNTIME_FAULTS: tuple[type[Exception], ...] = (WorkflowException, ValueError, TypeError, OverflowError,
                                               ArithmeticError, LookupError, DecisionFailed)

#: longest technical detail kept for the administrator (the Chinese message is what people read)
_DETAIL_CHARS = 1500


class IncidentKind(StrEnum):
    """Why an instance stopped."""

    FAILED_JOB = "failed_job"          # a timer job failed every retry (engine/jobs.py)
    EXPRESSION = "expression_error"    # a condition could not be evaluated
    TIMER = "timer_error"              # a timer's due instant could not be computed
    NO_FLOW = "no_flow"                # a gateway had no outgoing flow to take
    DECISION = "decision_error"        # a DMN table met data it does not cover (engine/bpmn/decisions.py)
    NO_COSIGNERS = "no_cosigners"      # a role co-sign found nobody holding its role (engine/cosigners.py)


#: what each kind is called on the 流程故障 list and in the API
INCIDENT_KIND_LABELS: dict[str, str] = {
    IncidentKind.FAILED_JOB: "定时任务失败",
    "loop_guard": "循环次数超限",
    IncidentKind.EXPRESSION: "条件无法计算",
    IncidentKind.TIMER: "定时器无法计算",
    IncidentKind.NO_FLOW: "网关无出口",
    IncidentKind.DECISION: "决策表无法决策",
    IncidentKind.NO_COSIGNERS: "会签无人",
}

#: kinds whose retry re-runs the engine in the request (a failed job is retried by the worker instead)
ENGINE_KINDS = frozenset({IncidentKind.EXPRESSION, IncidentKind.TIMER, IncidentKind.NO_FLOW, IncidentKind.DECISION,
                          IncidentKind.NO_COSIGNERS})


@dataclass(frozen=True)
class Fault:
    """A run-time fault described for people: which element, what went wrong."""

    kind: IncidentKind
    element_id: str | None
    element_name: str | None
    message_zh: str
    #: the library's own words, for the administrator who diagnoses it
    detail: str


def _failing_task(exc: BaseException) -> Task | None:
    """The task the fault belongs to: SpiffWorkflow names it on its own exceptions; a bare ValueError or
    OverflowError out of a timer's date arithmetic does not, so the innermost frame working on a task does."""
    task = getattr(exc, "task", None)
    if isinstance(task, Task):
        return task
    found = None
    trace = exc.__traceback__
    while trace is not None:
        for name in ("my_task", "task"):
            candidate = trace.tb_frame.f_locals.get(name)
            if isinstance(candidate, Task):
                found = candidate
                break
        trace = trace.tb_next
    return found


def _is_timer(task: Task | None) -> bool:
    return task is not None and isinstance(getattr(task.task_spec, "event_definition", None), TimerEventDefinition)


def _element_label(task: Task | None) -> str:
    if task is None:
        return "流程中的某一元素"
    spec = task.task_spec
    name = spec.bpmn_name or spec.bpmn_id or spec.name
    return f"“{name}”({spec.bpmn_id})" if spec.bpmn_name and spec.bpmn_id else f"“{name}”"


def _missing_name(exc: BaseException) -> str | None:
    cause = getattr(exc, "exception", None) or exc.__cause__ or exc.__context__
    return getattr(cause, "name", None) if isinstance(cause, NameError) else None


#: what people read, by fault; ``element`` is “name”(id), ``variable`` the name nothing wrote
#: (webui/engine_text.py lists the same words for the English pages)
TIMER_VARIABLE_MISSING = "定时器%(element)s无法计算到期时间:流程数据中没有变量“%(variable)s”,没有任何表单或步骤写入它。"
TIMER_OUT_OF_RANGE = "定时器%(element)s无法计算到期时间:算出的时间超出可计算的范围。"
TIMER_UNREADABLE = "定时器%(element)s无法计算到期时间:定时器的值不是带时区的ISO 8601时间或时长。"
NO_FLOW_TO_TAKE = "网关%(element)s没有可走的出口:所有出口条件都不成立,也没有默认流。"
CONDITION_VARIABLE_MISSING = "%(element)s的条件无法计算:流程数据中没有变量“%(variable)s”,没有任何表单或步骤写入它。"
CONDITION_UNREADABLE = "%(element)s的条件无法计算:条件无法用当前的流程数据计算。"
DECISION_CANNOT_DECIDE = "业务规则任务%(element)s无法决策:决策表没有适用于当前流程数据的结果。"
NO_COSIGNERS = "会签环节%(element)s无人可分派:本单位没有在职人员担任“%(role)s”角色,请先任命后重新执行。"


def describe_fault(exc: BaseException) -> Fault:
    """Say in Chinese which element failed and why, in words a supervisor understands."""
    task = _failing_task(exc)
    values = {"element": _element_label(task), "variable": _missing_name(exc)}
    detail = f"{type(exc).__name__}: {exc}"[:_DETAIL_CHARS]
    element_id = task.task_spec.bpmn_id if task is not None else None
    element_name = (task.task_spec.bpmn_name or element_id) if task is not None else None
    if isinstance(exc, DecisionFailed):
        # The table's own Chinese words (which rule, which input) are the detail an administrator reads.
        return Fault(IncidentKind.DECISION, element_id, element_name, DECISION_CANNOT_DECIDE % values,
                     exc.message_zh[:_DETAIL_CHARS])
    role = missing_role(task)
    if role is not None:
        # The multi-instance wrapper carries no name of its own in SpiffWorkflow: its step's name is the child's.
        element_name = task.task_spec._wf_spec.task_specs[task.task_spec.task_spec].bpmn_name or element_id
        element = f"“{element_name}”({element_id})"
        return Fault(IncidentKind.NO_COSIGNERS, element_id, element_name,
                     NO_COSIGNERS % {**values, "element": element, "role": REGISTRY.roles().get(role, role)}, detail)
    if _is_timer(task):
        overflow = isinstance(exc, OverflowError) or isinstance(getattr(exc, "exception", None), OverflowError)
        template = TIMER_VARIABLE_MISSING if values["variable"] else TIMER_OUT_OF_RANGE if overflow \
            else TIMER_UNREADABLE
        return Fault(IncidentKind.TIMER, element_id, element_name, template % values, detail)
    if "No conditions satisfied" in str(exc):
        return Fault(IncidentKind.NO_FLOW, element_id, element_name, NO_FLOW_TO_TAKE % values, detail)
    template = CONDITION_VARIABLE_MISSING if values["variable"] else CONDITION_UNREADABLE
    return Fault(IncidentKind.EXPRESSION, element_id, element_name, template % values, detail)


def run_guarded(loaded: LoadedInstance, step: Callable[[], None]) -> Fault | None:
    """Run an engine step on ``loaded``; return the fault that stopped it, or None when it went through.

    The armed timers' instants are computed here too (``save`` projects them into jobs): a date that cannot be
    read or overflows is a fault of its timer, not an error of the save. A failing timer is disarmed, so that
    the held instance saves and a retry computes it afresh.
    """
    try:
        step()
        armed_timers(loaded.workflow)
    except RUNTIME_FAULTS as exc:
        fault = describe_fault(exc)
        if fault.kind == IncidentKind.TIMER:
            _disarm(_failing_task(exc))
        return fault
    return None


def _disarm(task: Task | None) -> None:
    if task is None:
        return
    task.internal_data.pop("event_value", None)
    task.workflow.top_workflow.event_manager.remove_task(task)
    if not task.has_state(TaskState.FINISHED_MASK):
        task._set_state(TaskState.FUTURE)


def open_incident(session: Session, clock: Clock, actor: Actor, loaded: LoadedInstance, fault: Fault) -> Incident:
    """Hold the instance at the failing element with an open incident, on the audit record (call after ``save``)."""
    now = clock.now()
    incident = Incident(job_id=None, instance_id=loaded.row.id, kind=fault.kind, message=fault.message_zh,
                        status=IncidentStatus.OPEN, opened_at=now)
    session.add(incident)
    loaded.row.status = InstanceStatus.INCIDENT
    session.flush()
    audit.record(session, clock, actor, "incident.opened", "incident", incident.id, case_id=loaded.row.case_id,
                 after={"element": fault.element_id, "kind": fault.kind, "message": fault.message_zh,
                        "error": fault.detail})
    _tell_overseers(session, clock, loaded, incident)
    return incident


def _tell_overseers(session: Session, clock: Clock, loaded: LoadedInstance, incident: Incident) -> None:
    # Whoever keeps cases moving hears of it at once: the county's supervisors and administrators.
    subject = loaded.subject
    number = loaded.adapter.number(subject) if subject is not None else f"流程实例{loaded.row.id}"
    named = loaded.adapter.reference(subject) if subject is not None else number
    people = role_holders(session, (Role.SUPERVISOR, Role.ADMIN), root_unit_id(session))
    enqueue_many(session, clock, [
        Message(recipient_id=person.id, kind="incident_opened", subject=f"流程故障:{number}",
                body=f"{named}的流程已暂停:{incident.message}请在“流程故障”中查看,排除原因后重新执行。",
                dedup_key=f"incident:{incident.id}:user:{person.id}",
                payload={"incident_id": incident.id, "case_id": loaded.row.case_id}, channel="email")
        for person in people])


#: what the person whose completion ran into a fault is told: recorded, held, supervisors informed
HELD_MESSAGE = "您的办理已记录。流程在后续环节出现故障而暂停:%(reason)s督办人员已收到故障通知,处理后流程将继续。"


def held_message(incident: Incident) -> str:
    """What the person whose completion ran into the fault is told (``HELD_MESSAGE``)."""
    return HELD_MESSAGE % {"reason": incident.message}


def _revive(loaded: LoadedInstance) -> None:
    """Put the workflow back where the fault stopped it, so that running the engine tries the element again.

    A condition or gateway that raised is in ERROR: it becomes READY and runs again. A timer whose due instant
    could not be computed never left its predicted state (SPIFFWORKFLOW-2.md, timers: it is not WAITING and
    later refreshes ignore it), and the completion that reached it stopped half way through updating its
    parent's children: every predicted task under a finished parent is updated again, as the completion
    would have done.
    """
    workflows = [loaded.workflow, *loaded.workflow.subprocesses.values()]
    for workflow in workflows:
        for task in workflow.get_tasks(state=TaskState.ERROR, skip_subprocesses=True):
            if not task.task_spec.manual:
                task._set_state(TaskState.READY)
    for workflow in workflows:
        stalled = [task for task in workflow.get_tasks(state=TaskState.PREDICTED_MASK | TaskState.FUTURE,
                                                       skip_subprocesses=True)
                   if task.parent is not None and task.parent.has_state(TaskState.COMPLETED)]
        for task in stalled:
            task.task_spec._update(task)


def retry_engine_incident(session: Session, clock: Clock, actor: Actor, incident: Incident) -> Incident:
    """Re-run the engine from the failing element; resolve the incident, or keep it open with the new reason.

    A retry that fails again changes nothing in the instance: the incident stays open, its message says what
    failed this time, and the attempt is on the audit record (``incident.retry_failed``).
    """
    if incident.status != IncidentStatus.OPEN:
        raise ConcurrencyConflict("该故障已处理")
    loaded = load_instance(session, incident.instance_id)

    def rerun() -> None:
        # A timer updated here compares its instant with the injected clock, as in every engine run.
        # A co-sign that found nobody holding its role reads the role's holders again (engine/cosigners.py).
        prepare_stalled_cosigns(loaded)
        with engine_clock(clock):
            _revive(loaded)
        advance(loaded, clock)

    fault = run_guarded(loaded, rerun)
    now = clock.now()
    if fault is not None:
        incident.message = fault.message_zh
        audit.record(session, clock, actor, "incident.retry_failed", "incident", incident.id,
                     case_id=loaded.row.case_id,
                     after={"element": fault.element_id, "message": fault.message_zh, "error": fault.detail})
        return incident
    result = save(session, loaded, clock)
    if not result.completed:
        loaded.row.status = InstanceStatus.RUNNING
    incident.status, incident.resolved_at, incident.resolved_by_id = IncidentStatus.RESOLVED, now, actor.user_id
    session.flush()
    audit.record(session, clock, actor, "incident.retried", "incident", incident.id, case_id=loaded.row.case_id,
                 after={"new_tasks": [t.bpmn_id for t in result.new_tasks]})
    notify_new_tasks(session, clock, loaded.adapter, loaded.subject, result.new_tasks)
    return incident



def open_incidents_of(session: Session, subject_type: str, subject_id: int) -> list[Incident]:
    """The open incidents holding a subject's process (shown with the subject to everyone who may read it)."""
    return list(session.execute(
        select(Incident).join(ProcessInstance, ProcessInstance.id == Incident.instance_id)
        .where(ProcessInstance.subject_type == subject_type, ProcessInstance.subject_id == subject_id,
               Incident.status == IncidentStatus.OPEN)
        .order_by(Incident.opened_at, Incident.id)).scalars())
