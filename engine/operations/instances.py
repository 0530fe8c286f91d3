"""Start a process the way users, schedules and messages do (issue 11 §3): no subject, audited.

A person starts the newest published version of a process marked startable for one of their roles
(``startableBy``, docs/ARCHITECTURE.md "Starting processes"), with its start form if it has one. Steps of
``scope=handling`` then go to the unit where the starter holds that role, ``scope=county`` ones to the root
unit. The system (timers, messages, seeding, benchmarks) may start any published process.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import audit
from engine.actors import SYSTEM
from engine.actors import Actor
from engine.bpmn.loader import parse_xml
from engine.bpmn.start_rules import read_starts
from engine.clock import Clock
from engine.clock import local_today
from engine.data_forms import load_start_form
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.incidents import open_incident
from engine.incidents import run_guarded
from engine.models.definitions import ProcessDefinition
from engine.models.instances import ProcessInstance
from engine.models.jobs import Incident
from engine.models.people import RoleAssignment
from engine.models.people import User
from engine.models.starts import ProcessStart
from engine.models.starts import StartKind
from engine.notifications import notify_new_tasks
from engine.runtime import START_UNIT_VARIABLE
from engine.runtime import LoadedInstance
from engine.runtime import SyncResult
from engine.runtime import advance
from engine.runtime import latest_definition
from engine.runtime import save
from engine.runtime import start_instance
from engine.spiff_clock import engine_clock
from engine.subjects import NO_SUBJECT

#: workflow data: a key unique to the instance, set when it starts (messages correlate on it)
BUSINESS_KEY_VARIABLE = "business_key"


@dataclass(frozen=True)
class StartableProcess:
    """A process the user may start: its newest published version and its start form."""

    key: str
    name: str
    version: int
    definition_id: int
    form_key: str | None
    roles: tuple[str, ...]


@dataclass
class StartedInstance:
    """A new instance and the steps it opened."""

    instance: ProcessInstance
    definition: ProcessDefinition
    new_tasks: list
    #: the incident that holds the new instance when its first run failed (a condition, timer or gateway)
    incident: Incident | None = None


def startable_processes(session: Session, user: User) -> list[StartableProcess]:
    """Return the processes whose newest version the user may start, by name."""
    held = {r.role for r in user.roles}
    newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.key).subquery())
    rows = session.execute(
        select(ProcessDefinition, ProcessStart)
        .join(newest, (newest.c.key == ProcessDefinition.key) & (newest.c.version == ProcessDefinition.version))
        .join(ProcessStart, ProcessStart.definition_id == ProcessDefinition.id)
        .where(ProcessStart.kind == StartKind.NONE)
    ).all()
    found = [StartableProcess(d.key, d.name, d.version, d.id, s.form_key, tuple(s.roles))
             for d, s in rows if held & set(s.roles)]
    return sorted(found, key=lambda p: (p.name, p.key))


def start_process(session: Session, clock: Clock, actor: Actor, key: str, data: dict, *,
                  unit_id: int | None = None) -> StartedInstance:
    """Start the newest published version of process ``key`` and run it to its first wait states.

    :param unit_id: for a person, one of the units where they hold a starting role (default: the first).
    :raise NotFound: no version of ``key`` is published (404).
    :raise NotPermitted: the process is not startable by hand, or not by the actor's roles there (403).
    :raise FormInvalid: the start form refuses ``data`` (422).
    """
    definition = latest_definition(session, key) if isinstance(key, str) else None
    if definition is None:
        raise NotFound("流程不存在或尚未发布")
    if actor.is_system:
        started = launch(session, clock, actor, definition, dict(data), trigger="system")
        return started
    start = session.execute(select(ProcessStart).where(
        ProcessStart.definition_id == definition.id, ProcessStart.kind == StartKind.NONE)).scalars().first()
    if start is None or not start.roles:
        raise NotPermitted(f"流程“{definition.name}”不能由人员发起")
    units = [r.unit_id for r in actor.user.roles if r.role in start.roles]
    if not units:
        raise NotPermitted(f"您没有发起“{definition.name}”的岗位")
    if unit_id is not None and unit_id not in units:
        raise NotPermitted("您在该单位没有可发起此流程的岗位")
    unit = units[0] if unit_id is None else unit_id
    role = next(r.role for r in actor.user.roles if r.role in start.roles and r.unit_id == unit)
    values = _start_form(session, definition, start, data, clock, unit)
    return launch(session, clock, actor, definition, values, trigger="user", unit_id=unit, role=role)


def _start_form(session: Session, definition: ProcessDefinition, start: ProcessStart, data: dict,
                clock: Clock, unit_id: int | None = None) -> dict:
    if start.form_key:
        # a registered Python form, or one the designer defined and published with this version (issue 11 §4);
        # its cadre fields name the cadres of the unit it is started in
        return load_start_form(session, definition, start.form_key, data,
                               forms.FormContext(today=local_today(clock)), unit_id)
    if not isinstance(data, dict) or data:
        keys = data if isinstance(data, dict) else ["_schema"]
        raise FormInvalid("该流程没有发起表单,不应提交表单数据", details={key: ["该流程没有发起表单"] for key in keys})
    return {}


def launch(session: Session, clock: Clock, actor: Actor, definition: ProcessDefinition, data: dict, *,
           trigger: str, unit_id: int | None = None, role: str | None = None,
           before_run: Callable[[BpmnWorkflow], None] | None = None,
           at_start: Callable[[BpmnWorkflow], None] | None = None, audit_extra: dict | None = None) -> StartedInstance:
    """Create, run and save an instance of ``definition``; audit ``instance.started`` and notify its performers.

    ``before_run`` acts on the new workflow before any step (arm a timer start); ``at_start`` on the workflow
    waiting at its start event (deliver a message), before the run to the first wait states.
    """
    initial = {BUSINESS_KEY_VARIABLE: f"{definition.key}-{uuid.uuid4().hex[:12]}", **data}
    if unit_id is not None:
        initial[START_UNIT_VARIABLE] = unit_id
    loaded: LoadedInstance = start_instance(session, clock, definition, initial, None)
    if before_run is not None:
        before_run(loaded.workflow)
    if at_start is not None:
        with engine_clock(clock):
            loaded.workflow.do_engine_steps()
        at_start(loaded.workflow)
    # A fault on the way to the first steps (a condition reading nothing, a timer that cannot be computed, a
    # gateway with no way out) holds the new instance with an incident the overseers see (issue 11 §5): the
    # start itself is recorded, never lost in a rolled-back request or a failing timer-start job.
    fault = run_guarded(loaded, lambda: advance(loaded, clock))
    result: SyncResult = save(session, loaded, clock)
    audit.record(session, clock, actor, "instance.started", "instance", loaded.row.id, role=role,
                 after={"process": definition.key, "version": definition.version, "trigger": trigger,
                        "unit_id": unit_id, "data": data, "business_key": initial[BUSINESS_KEY_VARIABLE],
                        "new_tasks": [t.bpmn_id for t in result.new_tasks], **(audit_extra or {})})
    notify_new_tasks(session, clock, NO_SUBJECT, None, result.new_tasks)
    incident = open_incident(session, clock, actor, loaded, fault) if fault else None
    return StartedInstance(loaded.row, definition, result.new_tasks, incident)


def _start_event(workflow: BpmnWorkflow, start_event_id: str):
    """Return the new workflow's task of start event ``start_event_id`` (not reached yet)."""
    for task in workflow.get_tasks():
        if isinstance(task.task_spec, StartEvent) and task.task_spec.bpmn_id == start_event_id:
            return task
    raise NotFound(f"流程没有开始事件{start_event_id}", code="start_event_missing")


def waiting_start_event(workflow: BpmnWorkflow, start_event_id: str):
    """Return the workflow's start event ``start_event_id`` waiting for its timer or message."""
    for task in workflow.get_tasks(state=TaskState.WAITING, spec_class=StartEvent):
        if task.task_spec.bpmn_id == start_event_id:
            return task
    raise NotFound(f"开始事件{start_event_id}未在等待", code="start_event_not_waiting")


def start_on_schedule(session: Session, clock: Clock, due) -> list[ProcessInstance]:
    """Start the instances of one taken occurrence of a timer start event (``engine.starts.DueStart``): one,
    or one per unit holding the start event's ``startPerUnit`` role (engine/bpmn/start_rules.py)."""
    definition = session.get(ProcessDefinition, due.definition_id)
    fired_at = (due.due_at - dt.timedelta(seconds=1)).isoformat()
    occurrence = {"start_event": due.start_event_id, "occurrence": due.occurrence, "due_at": due.due_at.isoformat()}

    def fire(workflow: BpmnWorkflow) -> None:
        # SpiffWorkflow's cycle would make one token per cycle in this one instance (SPIFFWORKFLOW-2.md §2.1):
        # the schedule owns the cycle, so this instance's start event fires exactly once. Armed before the
        # first step: SpiffWorkflow keeps a timer value it finds and never evaluates the diagram's own.
        task = _start_event(workflow, due.start_event_id)
        if due.timer_kind == "timeCycle":
            task._set_internal_data(event_value={"cycles": 1, "next": fired_at, "duration": 1.0})
        else:
            task._set_internal_data(event_value=fired_at)

    per_unit_role = next((s.per_unit_role for s in read_starts(parse_xml(definition.xml.encode("utf-8")),
                                                               definition.key)
                          if s.start_event_id == due.start_event_id), None)
    if per_unit_role is None:
        return [launch(session, clock, SYSTEM, definition, {}, trigger="timer", before_run=fire,
                       audit_extra=occurrence).instance]
    units = units_holding(session, per_unit_role)
    if not units:
        # Nobody holds the role anywhere yet: the occurrence passes with nothing started, on the record.
        audit.record(session, clock, SYSTEM, "instance.start_skipped", "definition", definition.id,
                     after={"process": definition.key, "per_unit_role": per_unit_role, **occurrence})
        return []
    return [launch(session, clock, SYSTEM, definition, {}, trigger="timer", unit_id=unit_id, before_run=fire,
                   audit_extra=occurrence).instance for unit_id in units]


def units_holding(session: Session, role: str) -> list[int]:
    """The units in which at least one active account holds ``role``, in id order."""
    return list(session.execute(
        select(RoleAssignment.unit_id).join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.role == role, User.active.is_(True)).distinct().order_by(RoleAssignment.unit_id)
    ).scalars())
