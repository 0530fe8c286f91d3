"""Signals between instances: a signal thrown in one instance is heard by every instance waiting for it.

SpiffWorkflow catches a signal inside the workflow that threw it and hands back through ``bpmn_events``
only a signal nothing in that workflow caught (``EventManager.catch``, SPIFFWORKFLOW-2.md §5.2); what
happens between instances is ours. BPMN's signal is a broadcast (BPMN 2.0 §10.5.1: "a Signal is
published by a throw event and every catch event for it reacts"), unlike a message, which goes to one
receiver. ``runtime.save`` drains the thrown signals before it serialises the workflow and, once the
instance is saved, calls :func:`after_save`, which:

1. re-projects the instance's ``SignalSubscription`` rows (each signal catch it waits at: intermediate
   catch events, boundary events and the start events of its event subprocesses), only for diagrams that
   catch signals at all;
2. for each signal thrown, writes one **delivery job** (``Job`` of kind ``signal``, with the payload) per
   other running instance subscribed to that name, due at once. The worker's sweep (``engine.jobs``)
   acquires each exclusively (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional UPDATE on SQLite)
   and delivers it in its **own transaction** under the receiver's version check: the job is marked done
   in the same commit as the receiver's new state, so a delivery happens exactly once even with several
   workers, and a receiver that fails is retried with backoff and then held with an incident
   (SECURITY.md 6–10), never undoing the thrower's step and never a 500;
3. starts one instance of the newest version of every published process whose start event catches the
   signal, in the thrower's transaction as a message start is (a new instance has no state another
   transaction could change; its faults are held as the start's incident by ``launch``).

Every throw is audited (``signal.thrown``: who listens, what started) and every delivery
(``signal.delivered``). What is not done: a signal the thrower caught itself is not broadcast further,
because SpiffWorkflow does not hand it back (see docs/ARCHITECTURE.md "Signals").
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.spiff.specs.event_definitions import SignalEventDefinition as SpiffSignalEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import SYSTEM
from engine.clock import Clock
from engine.models.definitions import ProcessDefinition
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.jobs import JOB_RETRIES
from engine.models.jobs import Job
from engine.models.jobs import JobStatus
from engine.models.starts import ProcessStart
from engine.models.starts import SignalSubscription
from engine.models.starts import StartKind
from engine.thrown_events import drain_thrown

#: the ``Job.kind`` of one delivery of a signal to one instance
SIGNAL_JOB = "signal"


@dataclass(frozen=True)
class ThrownSignal:
    """A signal an instance threw that its own workflow did not catch."""

    name: str
    payload: object


def take_thrown(workflow) -> list[ThrownSignal]:
    """Drain the signals the workflow threw for others (other thrown events stay where they are)."""
    return [ThrownSignal(event.event_definition.name, event.payload)
            for event in drain_thrown(workflow, SignalEventDefinition)]


def _is_signal_catch(task_spec) -> bool:
    return isinstance(task_spec, CatchingEvent) and isinstance(getattr(task_spec, "event_definition", None),
                                                               SignalEventDefinition)


def _diagram_catches_signals(specs) -> bool:
    found = specs.derived.get("catches_signals")
    if found is None:
        found = any(_is_signal_catch(task_spec)
                    for process in [specs.spec, *specs.subprocess_specs.values()]
                    for task_spec in process.task_specs.values())
        specs.derived["catches_signals"] = found
    return found


def _waiting_catches(workflow) -> dict[str, str]:
    """Task id → signal name of every catch the running workflow waits at, its event subprocesses included.

    An event subprocess's start event is no waiting task: SpiffWorkflow starts the subprocess when its
    workflow catches the event (``EventManager.update_collaboration``). It is listed under an id derived from
    the workflow and the start event, stable across saves.
    """
    waiting = {str(task.id): task.task_spec.event_definition.name
               for task in workflow.get_tasks(state=TaskState.WAITING) if _is_signal_catch(task.task_spec)}
    for name in getattr(workflow.spec.start, "trigger_specs", ()):
        subprocess = workflow.subprocess_specs.get(name)
        for start in subprocess.bpmn_start_events if subprocess is not None else ():
            if isinstance(getattr(start, "event_definition", None), SignalEventDefinition):
                waiting[str(uuid.uuid5(workflow.task_tree.id, start.name))] = start.event_definition.name
    return waiting


def _sync_subscriptions(session: Session, loaded) -> None:
    waiting = _waiting_catches(loaded.workflow) if not loaded.workflow.is_completed() else {}
    existing = session.execute(select(SignalSubscription).where(
        SignalSubscription.instance_id == loaded.row.id)).scalars().all()
    for row in existing:
        if waiting.pop(row.task_uuid, None) is None:
            session.delete(row)
    session.add_all(SignalSubscription(instance_id=loaded.row.id, task_uuid=task_uuid, name=name)
                    for task_uuid, name in waiting.items())


def after_save(session: Session, clock: Clock, loaded, thrown: list[ThrownSignal]) -> None:
    """Project the instance's signal subscriptions, then fan out what it threw (see the module's text)."""
    if _diagram_catches_signals(loaded.specs):
        _sync_subscriptions(session, loaded)
    if not thrown:
        return
    session.flush()
    from engine.runtime import START_UNIT_VARIABLE  # runtime.save calls this module: imported when used

    unit_id = loaded.workflow.data.get(START_UNIT_VARIABLE)
    for signal in thrown:
        broadcast(session, clock, loaded.row.id, unit_id, signal)


def broadcast(session: Session, clock: Clock, sender_id: int | None, unit_id: int | None,
              signal: ThrownSignal) -> list[int]:
    """Schedule one delivery per listening instance and start the processes the signal starts; return job ids."""
    now = clock.now()
    listeners = session.execute(
        select(SignalSubscription.instance_id).distinct()
        .join(ProcessInstance, ProcessInstance.id == SignalSubscription.instance_id)
        .where(SignalSubscription.name == signal.name, SignalSubscription.instance_id != (sender_id or 0),
               ProcessInstance.status.in_((InstanceStatus.RUNNING, InstanceStatus.INCIDENT)))
        .order_by(SignalSubscription.instance_id)).scalars().all()
    # The job keeps the whole name beside the payload: its bpmn_id column is shorter than a signal name may be.
    jobs = [Job(instance_id=instance_id, kind=SIGNAL_JOB, task_uuid=str(uuid.uuid4()), bpmn_id=signal.name[:64],
                payload={"signal": signal.name, "payload": signal.payload}, status=JobStatus.SCHEDULED, due_at=now,
                retries_left=JOB_RETRIES, created_at=now) for instance_id in listeners]
    session.add_all(jobs)
    session.flush()
    started = _start_by_signal(session, clock, sender_id, unit_id, signal)
    audit.record(session, clock, SYSTEM, "signal.thrown", "instance", sender_id,
                 after={"signal": signal.name, "payload": signal.payload, "sender_instance_id": sender_id,
                        "listeners": list(listeners), "started": started})
    return [job.id for job in jobs]


def _start_by_signal(session: Session, clock: Clock, sender_id: int | None, unit_id: int | None,
                     signal: ThrownSignal) -> list[int]:
    from engine.operations.instances import launch
    from engine.operations.instances import waiting_start_event

    newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.key).subquery())
    found = session.execute(
        select(ProcessDefinition, ProcessStart)
        .join(newest, (newest.c.key == ProcessDefinition.key) & (newest.c.version == ProcessDefinition.version))
        .join(ProcessStart, ProcessStart.definition_id == ProcessDefinition.id)
        .where(ProcessStart.kind == StartKind.SIGNAL, ProcessStart.message_name == signal.name)
        .order_by(ProcessDefinition.key)).all()
    started = []
    for definition, start in found:
        def deliver(workflow, start_event_id=start.start_event_id) -> None:
            waiting_start_event(workflow, start_event_id)
            workflow.send_event(_event(signal.name, signal.payload))

        launched = launch(session, clock, SYSTEM, definition, {}, trigger="signal", unit_id=unit_id,
                          at_start=deliver, audit_extra={"signal": signal.name, "sender_instance_id": sender_id})
        started.append(launched.instance.id)
    return started


def _event(name: str, payload: object) -> BpmnEvent:
    # SpiffWorkflow matches an event definition by its exact class and name: the diagrams are read by the
    # spiff parser, so their catches hold the spiff class.
    return BpmnEvent(SpiffSignalEventDefinition(name), payload=payload)


def deliver(loaded, job: Job, clock: Clock) -> bool:
    """Hand a delivery job's signal to its loaded instance; False if it no longer waits for it (job cancelled).

    The caller (``engine.jobs.run_job``) runs the instance on and saves it in the job's transaction.
    """
    name = job.payload["signal"]
    if name not in _waiting_catches(loaded.workflow).values():
        return False
    from engine.spiff_clock import engine_clock

    with engine_clock(clock):
        loaded.workflow.send_event(_event(name, job.payload["payload"]))
    return True
