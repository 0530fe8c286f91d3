"""Messages between instances, correlated by a key (issue 11 §2): an information item raising a clue.

The pair tests/data/bpmn/elements/info_item.bpmn (报送预警信息: start form, intermediate message throw,
receive task) and clue_intake.bpmn (受理信息线索: message start event, message boundary event, message
end event) are correlated by ``item_key`` (the item's ``business_key``). await_instruction.bpmn waits at an
intermediate message catch event. Every step is its own transaction, restored from the stored state.
Information items come from the sources of 第十条 (seed 002: what is collected); the accepted clue is
reported back to its source (第十四条).
"""
from __future__ import annotations

import pytest
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

import engine
from engine import messages
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.messages import publish_message
from engine.models import AuditEvent
from engine.models import MessageSubscription
from engine.models import ProcessInstance
from engine.models import ProcessMessage
from engine.operations.definitions import deploy_definition
from tests.engine.starts_support import ELEMENTS
from tests.engine.starts_support import audit_count
from tests.engine.starts_support import complete
from tests.engine.starts_support import deploy
from tests.engine.starts_support import diagram
from tests.engine.starts_support import instance
from tests.engine.starts_support import instances_of
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import ready_task_data
from tests.engine.starts_support import start
from tests.engine.starts_support import workflow_data
from tests.engine.test_process_starts import ITEM

#: engine variables every started instance carries besides its form data
ENGINE_VARIABLES = ("business_key", "start_unit_id")


def _messages(world) -> list[ProcessMessage]:
    with world.factory() as session:
        return list(session.execute(select(ProcessMessage).order_by(ProcessMessage.id)).scalars())


def _subscriptions(world) -> list[tuple[int, str]]:
    with world.factory() as session:
        return [(s.instance_id, s.name) for s in session.execute(select(MessageSubscription)).scalars()]


def test_an_information_item_raises_a_clue_in_another_process_and_hears_back(world):
    deploy(world, "info_item", "clue_intake")
    item_id = start(world, "zy.office", "info_item", ITEM)
    # The throw started the intake process (message start event) in the same transaction ...
    [intake] = instances_of(world, "clue_intake")
    [accept] = open_tasks(world, intake.id)
    assert accept.bpmn_id == "accept_clue"
    # ... in the unit the item was raised in (正阳关镇), for that unit's warning office.
    assert accept.unit_id == world.unit_id("town-zhengyang")
    key = workflow_data(world, item_id)["business_key"]
    assert ready_task_data(world, intake.id, "accept_clue")["raised"] == {"item_no": key, "summary": ITEM["feedback"]}
    # The item waits at its receive task for the answer, correlated by its key.
    assert instance(world, item_id).status == "running"
    assert (item_id, "clue_accepted") in _subscriptions(world)
    complete(world, "zy.office", accept.id, {"opinion": "已受理,转入线索处置。"})
    # The message end event answered; the receive task took it and the item is closed.
    assert instance(world, intake.id).status == "completed"
    assert instance(world, item_id).status == "completed"
    assert workflow_data(world, item_id)["acceptance"] == {"item_no": key, "summary": ITEM["feedback"]}
    assert _subscriptions(world) == []
    raised, accepted = _messages(world)
    assert (raised.name, raised.status, raised.sender_instance_id, raised.receiver_instance_id) == \
        ("clue_raised", "delivered", item_id, intake.id)
    assert (accepted.name, accepted.status, accepted.sender_instance_id, accepted.receiver_instance_id) == \
        ("clue_accepted", "delivered", intake.id, item_id)
    assert accepted.correlations == {"item_key": {"item_no": key}}
    assert audit_count(world, "message.delivered") == 2


def test_the_answer_goes_to_the_item_it_correlates_with(world):
    deploy(world, "info_item", "clue_intake")
    first = start(world, "wang.clerk", "info_item", {**ITEM, "feedback": "第一条信息"})
    second = start(world, "wang.clerk", "info_item", {**ITEM, "feedback": "第二条信息"})
    intake_first, intake_second = instances_of(world, "clue_intake")
    # Accept the second item's clue first: only the second item may hear back.
    complete(world, "wang.clerk", open_tasks(world, intake_second.id)[0].id, {"opinion": "受理"})
    assert (instance(world, first).status, instance(world, second).status) == ("running", "completed")
    complete(world, "wang.clerk", open_tasks(world, intake_first.id)[0].id, {"opinion": "受理"})
    assert instance(world, first).status == "completed"
    assert workflow_data(world, first)["acceptance"]["summary"] == "第一条信息"


def test_a_message_boundary_event_interrupts_the_step_it_is_attached_to(world):
    deploy(world, "info_item", "clue_intake")
    item_id = start(world, "wang.clerk", "info_item", ITEM)
    [intake] = instances_of(world, "clue_intake")
    key = workflow_data(world, item_id)["business_key"]
    with unit_of_work(world.factory) as session:
        publish_message(session, world.clock, world.actor(session, "wang.clerk"), "item_withdrawn",
                        {"item_no": key}, {"item_key": {"item_no": key}})
    assert open_tasks(world, intake.id) == []
    assert instance(world, intake.id).status == "completed"
    assert audit_count(world, "message.published") == 1


def test_a_message_nobody_waits_for_is_kept_until_a_catch_with_its_correlation_arms(world):
    deploy(world, "await_instruction")
    with unit_of_work(world.factory) as session:
        publish_message(session, world.clock, world.actor(session, "zhang.secretary"), "instruction_given",
                        {"instruction": "请核实后报告"})
    [kept] = _messages(world)
    assert kept.status == "waiting"
    assert audit_count(world, "message.kept") == 1
    waiting_id = start(world, "wang.clerk", "await_instruction")
    # The intermediate catch armed while starting, and the kept message was delivered in that transaction.
    assert [t.bpmn_id for t in open_tasks(world, waiting_id)] == ["handle_instruction"]
    assert ready_task_data(world, waiting_id, "handle_instruction")["instruction"] == {"instruction": "请核实后报告"}
    [delivered] = _messages(world)
    assert (delivered.status, delivered.receiver_instance_id) == ("delivered", waiting_id)


def test_an_intermediate_catch_waits_and_a_later_message_moves_it_on(world):
    deploy(world, "await_instruction")
    waiting_id = start(world, "wang.clerk", "await_instruction")
    assert open_tasks(world, waiting_id) == []
    assert _subscriptions(world) == [(waiting_id, "instruction_given")]
    with unit_of_work(world.factory) as session:
        publish_message(session, world.clock, engine.SYSTEM, "instruction_given", {"instruction": "立即办理"})
    [task] = open_tasks(world, waiting_id)
    complete(world, "wang.clerk", task.id, {"opinion": "已办理"})
    assert instance(world, waiting_id).status == "completed"


def test_a_failing_receiver_undoes_the_senders_step_too(world, monkeypatch):
    # Delivery is in the sender's transaction (SECURITY.md 1): nothing half-written on either side.
    deploy(world, "info_item", "clue_intake")

    def broken(*args, **kwargs):
        raise RuntimeError("receiver failed")

    monkeypatch.setattr(messages, "_start_by_message", broken)
    with pytest.raises(RuntimeError):
        start(world, "wang.clerk", "info_item", ITEM)
    assert instances_of(world, "info_item") == []
    assert _messages(world) == []
    with world.factory() as session:
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "instance.started")).first() is None


@pytest.mark.parametrize(("old", "new", "code"), [
    ("<spiffworkflow:messagePayload>raised</spiffworkflow:messagePayload>",
     "<spiffworkflow:messagePayload>raised.__class__</spiffworkflow:messagePayload>", "bad_payload"),
    ("<spiffworkflow:messageVariable>raised</spiffworkflow:messageVariable>",
     "<spiffworkflow:messageVariable>_raised</spiffworkflow:messageVariable>", "bad_message_variable"),
    ('<bpmn:messageEventDefinition id="withdrawn_message" messageRef="item_withdrawn"/>',
     '<bpmn:messageEventDefinition id="withdrawn_message" messageRef="item_withdrawn"><bpmn:extensionElements>'
     "<spiffworkflow:messagePayload>x</spiffworkflow:messagePayload></bpmn:extensionElements>"
     "</bpmn:messageEventDefinition>", "misplaced_payload"),
    ('<bpmn:message id="item_withdrawn" name="item_withdrawn"/>',
     '<bpmn:message id="item_withdrawn" name="item_withdrawn"><bpmn:extensionElements><spiffworkflow:messageVariable>'
     "x</spiffworkflow:messageVariable></bpmn:extensionElements></bpmn:message>", "message_extensions"),
])
def test_deploy_refuses_message_details_it_cannot_run_safely(world, old, new, code):
    xml = diagram("clue_intake").decode()
    assert old in xml
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "clue_intake.bpmn", xml.replace(old, new).encode())
    assert code in [d["code"] for d in refused.value.details]


def test_the_pair_ends_as_bare_spiffworkflow_ends_on_the_same_data(world):
    """Bare SpiffWorkflow in memory, routed by hand (SPIFFWORKFLOW-2.md §5.2), against the engine's rows."""
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def reload(workflow):
        return serializer.deserialize_json(serializer.serialize_json(workflow))

    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(ELEMENTS / "info_item.bpmn"), str(ELEMENTS / "clue_intake.bpmn")])
    sender = BpmnWorkflow(parser.get_spec("info_item"))
    sender.get_next_task(state=TaskState.READY).data.update(business_key="item-1", **ITEM)
    sender.do_engine_steps()
    sender = reload(sender)
    receiver = BpmnWorkflow(parser.get_spec("clue_intake"))
    receiver.do_engine_steps()
    receiver.send_event(sender.get_events()[0])
    receiver.do_engine_steps()
    receiver = reload(receiver)
    task = receiver.get_next_task(state=TaskState.READY, manual=True)
    task.set_data(opinion="已受理")
    task.run()
    receiver.do_engine_steps()
    sender.send_event(receiver.get_events()[0])
    sender.do_engine_steps()
    sender = reload(sender)

    deploy(world, "info_item", "clue_intake")
    item_id = start(world, "wang.clerk", "info_item", ITEM)
    [intake] = instances_of(world, "clue_intake")
    complete(world, "wang.clerk", open_tasks(world, intake.id)[0].id, {"opinion": "已受理"})

    assert sender.is_completed() and receiver.is_completed()
    assert instance(world, item_id).status == instance(world, intake.id).status == "completed"
    ours = workflow_data(world, item_id)
    key = ours["business_key"]
    bare = {k: v for k, v in sender.data.items() if k != "business_key"}
    bare["acceptance"] = {**bare["acceptance"], "item_no": key}
    assert {k: v for k, v in ours.items() if k not in ENGINE_VARIABLES} == bare


def test_one_message_starts_one_process(world):
    deploy(world, "clue_intake")
    other = diagram("clue_intake").decode().replace('id="clue_intake"', 'id="clue_intake_copy"') \
        .replace('processRef="clue_intake"', 'processRef="clue_intake_copy"')
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "clue_intake_copy.bpmn", other.encode())
    assert [d["code"] for d in refused.value.details] == ["message_start_taken"]


def test_an_instance_with_an_open_incident_takes_no_message_until_it_is_retried(world):
    deploy(world, "await_instruction")
    waiting_id = start(world, "wang.clerk", "await_instruction")
    with unit_of_work(world.factory) as session:
        session.get(ProcessInstance, waiting_id).status = "incident"
    with unit_of_work(world.factory) as session:
        publish_message(session, world.clock, engine.SYSTEM, "instruction_given", {"instruction": "立即办理"})
    [kept] = _messages(world)
    assert kept.status == "waiting"
    assert open_tasks(world, waiting_id) == []
