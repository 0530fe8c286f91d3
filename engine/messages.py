"""Messages between instances: route what one instance throws to the one that waits for it, or start one.

SpiffWorkflow catches a message inside the workflow that threw it; anything else it hands back through
``get_events()`` (SPIFFWORKFLOW-2.md §5.2), and routing between instances is ours. ``runtime.save`` drains
the thrown messages before it serialises the workflow (so a message is never both stored and routed) and,
once the instance is saved, calls :func:`after_save`, which:

1. re-projects the instance's **subscriptions** (``MessageSubscription``: each message catch it waits at,
   with its correlations), only for diagrams that catch messages at all;
2. **delivers each thrown message** in the sender's transaction, as Camunda's ``correlate`` does: to the
   oldest instance waiting for that message name whose correlation matches (SpiffWorkflow's rule: the
   receiver has no correlations yet, or one correlation key has the same values); if none waits, to a new
   instance of the newest published process whose start event catches it; if neither, the message is
   **kept** (``ProcessMessage`` status ``waiting``) and delivered the moment a matching catch is armed.
   Camunda's ``correlate`` raises when nobody waits; a sender here is a process step a person has just
   completed, and refusing it would undo their work for a receiver that is merely late, while dropping the
   message would lose it. So it is kept, like a message published with a time to live in Zeebe;
3. delivers kept messages to the catches this save armed.

Delivery in the sender's transaction (not a job) means the throw and its effect commit or roll back
together (SECURITY.md 1): a receiver that fails leaves the sender's step undone and the person is told,
instead of a message lost between two commits. One message goes to one receiver (BPMN messages are
point to point). Every routing is audited (``message.delivered``, ``message.kept``).
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition as SpiffMessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import SYSTEM
from engine.clock import Clock
from engine.errors import EngineError
from engine.models.definitions import ProcessDefinition
from engine.models.instances import InstanceStatus
from engine.models.starts import MessageStatus
from engine.models.starts import MessageSubscription
from engine.models.starts import ProcessMessage
from engine.models.starts import ProcessStart
from engine.models.starts import StartKind
from engine.thrown_events import drain_thrown

#: how deep a chain of messages (A tells B, B answers A, ...) may go in one transaction
MAX_MESSAGE_DEPTH = 20

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("lianjing_message_depth", default=0)


class MessageLoop(EngineError):
    """Instances kept messaging each other without waiting: a modelling error."""

    code = "message_loop"
    status = 409


@dataclass(frozen=True)
class Thrown:
    """A message an instance threw that its own workflow did not catch."""

    name: str
    payload: object
    correlations: dict


def take_thrown(workflow) -> list[Thrown]:
    """Drain the messages the workflow threw for others (other thrown events stay where they are)."""
    return [Thrown(event.event_definition.name, event.payload, dict(event.correlations))
            for event in drain_thrown(workflow, MessageEventDefinition)]


def _diagram_catches_messages(specs) -> bool:
    found = specs.derived.get("catches_messages")
    if found is None:
        found = any(isinstance(task_spec, CatchingEvent)
                    and isinstance(getattr(task_spec, "event_definition", None), MessageEventDefinition)
                    for process in [specs.spec, *specs.subprocess_specs.values()]
                    for task_spec in process.task_specs.values())
        specs.derived["catches_messages"] = found
    return found


def after_save(session: Session, clock: Clock, loaded, thrown: list[Thrown]) -> None:
    """Project the instance's message subscriptions, then route what it threw and what waited for it."""
    armed: list[MessageSubscription] = []
    if _diagram_catches_messages(loaded.specs):
        armed = _sync_subscriptions(session, loaded)
    if not thrown and not armed:
        return
    depth = _depth.get()
    if depth >= MAX_MESSAGE_DEPTH:
        raise MessageLoop(f"流程之间的消息往复超过{MAX_MESSAGE_DEPTH}次,已停止")
    token = _depth.set(depth + 1)
    try:
        from engine.runtime import START_UNIT_VARIABLE  # runtime.save calls this module: imported when used

        # An item raised in a town is taken up in that town: a started receiver inherits the sender's unit.
        unit_id = loaded.workflow.data.get(START_UNIT_VARIABLE)
        for message in thrown:
            _route(session, clock, loaded.row.id, unit_id, message)
        for subscription in armed:
            _deliver_kept(session, clock, subscription)
    finally:
        _depth.reset(token)


def _waiting_catches(workflow) -> dict[str, tuple[str, dict]]:
    waiting = {}
    for task in workflow.get_tasks(state=TaskState.WAITING):
        definition = getattr(task.task_spec, "event_definition", None)
        if isinstance(task.task_spec, CatchingEvent) and isinstance(definition, MessageEventDefinition):
            waiting[str(task.id)] = (definition.name, dict(task.workflow.correlations))
    return waiting


def _sync_subscriptions(session: Session, loaded) -> list[MessageSubscription]:
    """Make the subscription rows equal to the catches the instance waits at; return the newly armed ones."""
    waiting = _waiting_catches(loaded.workflow)
    existing = session.execute(select(MessageSubscription).where(
        MessageSubscription.instance_id == loaded.row.id)).scalars().all()
    for row in existing:
        if row.task_uuid not in waiting:
            session.delete(row)
            continue
        name, correlations = waiting.pop(row.task_uuid)
        if row.correlations != correlations:
            row.correlations = correlations
    armed = [MessageSubscription(instance_id=loaded.row.id, task_uuid=uuid, name=name, correlations=correlations)
             for uuid, (name, correlations) in waiting.items()]
    session.add_all(armed)
    session.flush()
    return armed


def correlates(message_correlations: dict, waiting_correlations: dict) -> bool:
    """SpiffWorkflow's rule: no correlations on either side, or one key with equal values."""
    if not message_correlations or not waiting_correlations:
        return True
    return any(message_correlations.get(key) == waiting_correlations.get(key) for key in message_correlations)


def _route(session: Session, clock: Clock, sender_id: int | None, unit_id: int | None,
           message: Thrown) -> ProcessMessage:
    row = ProcessMessage(name=message.name, payload=message.payload, correlations=message.correlations,
                         sender_instance_id=sender_id, status=MessageStatus.WAITING, thrown_at=clock.now())
    session.add(row)
    session.flush()
    candidates = session.execute(
        select(MessageSubscription).where(MessageSubscription.name == message.name)
        .order_by(MessageSubscription.id)).scalars().all()
    for subscription in candidates:
        if subscription.instance_id != sender_id and correlates(message.correlations, subscription.correlations) \
                and _deliver(session, clock, row, subscription):
            return row
    if _start_by_message(session, clock, row, unit_id):
        return row
    audit.record(session, clock, SYSTEM, "message.kept", "message", row.id,
                 after={"message": row.name, "correlations": row.correlations, "sender_instance_id": sender_id})
    return row


def _event(row: ProcessMessage) -> BpmnEvent:
    return BpmnEvent(SpiffMessageEventDefinition(row.name), payload=row.payload, correlations=row.correlations)


def _deliver(session: Session, clock: Clock, row: ProcessMessage, subscription: MessageSubscription) -> bool:
    """Hand the message to the waiting instance, run it on and save it; False if it no longer catches it."""
    from engine.notifications import notify_new_tasks
    from engine.runtime import advance
    from engine.runtime import load_instance
    from engine.runtime import save
    from engine.spiff_clock import engine_clock

    target = load_instance(session, subscription.instance_id)
    if target.row.status != InstanceStatus.RUNNING:
        return False  # an instance with an open incident takes nothing until it is retried
    try:
        with engine_clock(clock):
            target.workflow.send_event(_event(row))
    except WorkflowException:
        return False
    advance(target, clock)
    result = save(session, target, clock)
    row.status, row.receiver_instance_id, row.delivered_at = MessageStatus.DELIVERED, target.row.id, clock.now()
    audit.record(session, clock, SYSTEM, "message.delivered", "message", row.id, case_id=target.row.case_id,
                 after={"message": row.name, "correlations": row.correlations, "payload": row.payload,
                        "sender_instance_id": row.sender_instance_id, "receiver_instance_id": target.row.id,
                        "new_tasks": [t.bpmn_id for t in result.new_tasks]})
    notify_new_tasks(session, clock, target.adapter, target.subject, result.new_tasks)
    return True


def _start_by_message(session: Session, clock: Clock, row: ProcessMessage, unit_id: int | None) -> bool:
    """Start the newest published process whose start event catches the message; False if there is none."""
    from engine.operations.instances import launch
    from engine.operations.instances import waiting_start_event

    newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.key).subquery())
    found = session.execute(
        select(ProcessDefinition, ProcessStart)
        .join(newest, (newest.c.key == ProcessDefinition.key) & (newest.c.version == ProcessDefinition.version))
        .join(ProcessStart, ProcessStart.definition_id == ProcessDefinition.id)
        .where(ProcessStart.kind == StartKind.MESSAGE, ProcessStart.message_name == row.name)
        .order_by(ProcessDefinition.key).limit(1)).first()
    if found is None:
        return False
    definition, start = found

    def deliver(workflow) -> None:
        waiting_start_event(workflow, start.start_event_id)
        workflow.send_event(_event(row))

    started = launch(session, clock, SYSTEM, definition, {}, trigger="message", unit_id=unit_id, at_start=deliver,
                     audit_extra={"message": row.name, "message_id": row.id})
    row.status, row.receiver_instance_id, row.delivered_at = MessageStatus.DELIVERED, started.instance.id, clock.now()
    audit.record(session, clock, SYSTEM, "message.delivered", "message", row.id,
                 after={"message": row.name, "correlations": row.correlations, "payload": row.payload,
                        "sender_instance_id": row.sender_instance_id, "receiver_instance_id": started.instance.id,
                        "started": definition.key})
    return True


def _deliver_kept(session: Session, clock: Clock, subscription: MessageSubscription) -> None:
    kept = session.execute(
        select(ProcessMessage).where(ProcessMessage.name == subscription.name,
                                     ProcessMessage.status == MessageStatus.WAITING)
        .order_by(ProcessMessage.id)).scalars().all()
    for row in kept:
        if row.sender_instance_id != subscription.instance_id and correlates(row.correlations,
                                                                             subscription.correlations):
            _deliver(session, clock, row, subscription)
            return


def publish_message(session: Session, clock: Clock, actor, name: str, payload: dict,
                    correlations: dict | None = None) -> ProcessMessage:
    """Throw a message from outside any instance (a regulation's code, an import), routed like a thrown one.

    ``correlations`` maps correlation key → {property: value}, as a diagram's retrieval expressions would
    compute them from the payload. Audited as the actor's ``message.published``.
    """
    if not isinstance(name, str) or not name.strip():
        raise EngineError("消息名称不能为空", code="message_invalid", details={"name": ["消息名称不能为空"]})
    message = Thrown(name.strip(), payload, dict(correlations or {}))
    audit.record(session, clock, actor, "message.published", "message", None,
                 after={"message": message.name, "payload": payload, "correlations": message.correlations})
    token = _depth.set(_depth.get() + 1)
    try:
        return _route(session, clock, None, None, message)
    finally:
        _depth.reset(token)
