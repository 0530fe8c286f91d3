"""Starting a process the way users would (issue 11 §3): startable by roles, a start form, precise refusals.

The diagrams are tests/data/bpmn/elements/*.bpmn; ``startableBy`` on the process names who may start it.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import ProcessInstance
from engine.models import ProcessStart
from engine.operations.definitions import deploy_definition
from engine.operations.instances import startable_processes
from tests.engine.starts_support import audit_count
from tests.engine.starts_support import deploy
from tests.engine.starts_support import diagram
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import start
from tests.engine.starts_support import workflow_data

#: the start form of info_item (source_feedback): the information item's date and content (第十条 sources)
ITEM = {"notified_on": "2026-11-01", "feedback": "群众来信反映某站所收取费用不开票据。"}


def _startable_keys(world, username: str) -> list[str]:
    with world.factory() as session:
        return sorted(p.key for p in startable_processes(session, world.user(session, username)))


def test_a_process_is_startable_only_by_the_roles_it_names(world):
    deploy(world, "await_instruction", "info_item", "clue_intake", "monthly_report")
    # startableBy=warning_office: every warning office, county or town, may start them ...
    assert _startable_keys(world, "wang.clerk") == ["await_instruction", "info_item"]
    assert _startable_keys(world, "zy.office") == ["await_instruction", "info_item"]
    # ... a deputy secretary may not; the timer and message processes and the Measures' case are never listed.
    assert _startable_keys(world, "li.deputy") == []


def test_starting_runs_the_instance_to_its_first_steps_in_the_starters_unit_and_audits_it(world):
    deploy(world, "await_instruction")
    instance_id = start(world, "zy.office", "await_instruction")
    data = workflow_data(world, instance_id)
    town = world.unit_id("town-zhengyang")
    assert data["start_unit_id"] == town
    assert data["business_key"].startswith("await_instruction-")
    with world.factory() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "instance.started")).scalar_one()
        assert event.object_id == str(instance_id)
        assert event.actor_name == "正阳关镇纪委干事"
        assert event.actor_role == "warning_office"
        assert event.after["trigger"] == "user"
        assert event.after["unit_id"] == town


def test_the_start_form_is_validated_and_its_fields_become_instance_data(world):
    deploy(world, "info_item")
    with pytest.raises(FormInvalid) as refused:
        start(world, "wang.clerk", "info_item", {"notified_on": "2026-11-01"})
    assert refused.value.status == 422
    assert "feedback" in refused.value.details
    with pytest.raises(FormInvalid):
        start(world, "wang.clerk", "info_item", {**ITEM, "__builtins__": "x"})
    assert audit_count(world, "instance.started") == 0
    instance_id = start(world, "wang.clerk", "info_item", ITEM)
    data = workflow_data(world, instance_id)
    assert {key: data[key] for key in ITEM} == ITEM


def test_a_process_without_a_start_form_takes_no_data(world):
    deploy(world, "await_instruction")
    with pytest.raises(FormInvalid) as refused:
        start(world, "wang.clerk", "await_instruction", {"note": "x"})
    assert refused.value.details == {"note": ["该流程没有发起表单"]}


@pytest.mark.parametrize(("username", "key", "error", "status"), [
    ("wang.clerk", "no_such_process", NotFound, 404),         # unknown key
    ("wang.clerk", "warning_case", NotPermitted, 403),        # published, not marked startable
    ("wang.clerk", "clue_intake", NotPermitted, 403),         # started by its message only
    ("li.deputy", "info_item", NotPermitted, 403),            # startable, but not by this role
])
def test_refusals_are_precise(world, username, key, error, status):
    deploy(world, "info_item", "clue_intake")
    with pytest.raises(error) as refused:
        start(world, username, key, ITEM)
    assert refused.value.status == status
    assert audit_count(world, "instance.started") == 0


def test_a_draft_never_published_is_not_found(world):
    # Only deployed (published) versions start: nothing of info_item is deployed here.
    with pytest.raises(NotFound):
        start(world, "wang.clerk", "info_item", ITEM)


def test_a_starter_may_name_only_a_unit_where_they_hold_a_starting_role(world):
    deploy(world, "await_instruction")
    with pytest.raises(NotPermitted):
        start(world, "zy.office", "await_instruction", unit_id=world.unit_id("county"))
    instance_id = start(world, "zy.office", "await_instruction", unit_id=world.unit_id("town-zhengyang"))
    assert workflow_data(world, instance_id)["start_unit_id"] == world.unit_id("town-zhengyang")


@pytest.mark.parametrize(("property_xml", "code"), [
    ('<spiffworkflow:property name="startableBy" value="village_head"/>', "unknown_role"),
    ('<spiffworkflow:property name="startedBy" value="warning_office"/>', "unknown_property"),
])
def test_deploy_refuses_a_startable_property_it_cannot_honour(world, property_xml, code):
    xml = diagram("await_instruction").decode().replace(
        '<spiffworkflow:property name="startableBy" value="warning_office"/>', property_xml)
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "await_instruction.bpmn", xml.encode())
    assert code in [d["code"] for d in refused.value.details]


def test_a_process_has_one_way_in(world):
    # SpiffWorkflow would give both start events a token in every instance.
    xml = diagram("await_instruction").decode().replace(
        '<bpmn:startEvent id="opened" name="登记">',
        '<bpmn:startEvent id="also_opened"><bpmn:outgoing>f_wait</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:startEvent id="opened" name="登记">')
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "await_instruction.bpmn", xml.encode())
    assert "several_start_events" in [d["code"] for d in refused.value.details]


def test_deploy_refuses_an_unregistered_start_form(world):
    xml = diagram("info_item").decode().replace('value="source_feedback"', 'value="no_such_form"')
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, engine.SYSTEM, "info_item.bpmn", xml.encode())
    assert [d["code"] for d in refused.value.details] == ["unknown_form_key"]


def test_each_version_records_its_start_events(world):
    deploy(world, "info_item", "clue_intake", "monthly_report")
    with world.factory() as session:
        rows = {r.key: r for r in session.execute(select(ProcessStart)).scalars() if r.key in
                ("info_item", "clue_intake", "monthly_report")}
    assert (rows["info_item"].kind, rows["info_item"].roles, rows["info_item"].form_key) == \
        ("none", ["warning_office"], "source_feedback")
    assert (rows["clue_intake"].kind, rows["clue_intake"].message_name) == ("message", "clue_raised")
    assert (rows["monthly_report"].kind, rows["monthly_report"].timer_expression) == \
        ("timer", "R/2027-01-28T09:00:00+08:00/P1M")


def test_the_system_may_start_any_published_process(world):
    # Seeding, imports and benchmarks start processes nobody may start by hand; still refused when unknown.
    with unit_of_work(world.factory) as session:
        started = engine.start_process(session, world.clock, engine.SYSTEM, "warning_approval",
                                       {"warning_type": "inquiry"})
    assert [t.bpmn_id for t in open_tasks(world, started.instance.id)] == ["approve_inquiry"]
    with unit_of_work(world.factory) as session, pytest.raises(NotFound):
        engine.start_process(session, world.clock, engine.SYSTEM, "no_such_process", {})


#: a start form the designer defined with the version (issue 11 §4): what the reporter says, and who reported it
def _report_form(text_field: str = "feedback") -> dict:
    return {"key": "item_report", "title": "信息报送单", "fields": [
        {"name": text_field, "type": "long_text", "label": "信息内容", "required": True, "max_length": 500},
        {"name": "reporter_id", "type": "person", "label": "报送人", "required": True},
        {"name": "evidence_id", "type": "file", "label": "佐证材料"},
    ]}


def _deploy_with_report_form(world, form: dict | None = None) -> int:
    xml = diagram("info_item").replace(b'value="source_feedback"', b'value="item_report"')
    with unit_of_work(world.factory) as session:
        deploy_definition(session, world.clock, SYSTEM, "info_item.bpmn", xml, data_forms=[form or _report_form()])
        return world.actor(session, "xu.clerk").user_id


def test_a_start_form_may_be_a_form_the_designer_defined_with_the_version(world):
    """Issue 11 §3–§4: a data form published with the diagram serves as its start form, validated on the server."""
    reporter = _deploy_with_report_form(world)
    with pytest.raises(FormInvalid) as refused:
        start(world, "wang.clerk", "info_item", {"feedback": ""})
    assert {"feedback", "reporter_id"} <= set(refused.value.details)
    with pytest.raises(FormInvalid) as nobody:
        start(world, "wang.clerk", "info_item", {"feedback": "某站所收费不开票据", "reporter_id": 999_999})
    assert nobody.value.details["reporter_id"] == ["所选人员不存在"]
    assert audit_count(world, "instance.started") == 0  # nothing was started by a refused form
    instance_id = start(world, "wang.clerk", "info_item", {"feedback": "某站所收费不开票据", "reporter_id": reporter})
    data = workflow_data(world, instance_id)
    assert data["feedback"] == "某站所收费不开票据" and data["reporter_id"] == reporter
    with world.factory() as session:
        assert session.get(ProcessInstance, instance_id).status != "incident"


def test_a_start_form_cannot_carry_a_file_that_was_never_uploaded(world):
    """Nothing can have been uploaded before the instance exists: the file is asked for at the first step."""
    reporter = _deploy_with_report_form(world)
    with pytest.raises(FormInvalid) as refused:
        start(world, "wang.clerk", "info_item", {"feedback": "x", "reporter_id": reporter, "evidence_id": 1})
    assert refused.value.details == {"evidence_id": ["发起事项时不能附带附件,请在第一个环节上传"]}


def test_a_fault_on_the_way_to_the_first_step_holds_the_new_instance_with_an_incident(world):
    """Issue 11 §5: the diagram's message reads ``feedback``, which this start form does not write. The start is
    recorded and the instance held with an incident the supervisors see; never an error that loses the start."""
    reporter = _deploy_with_report_form(world, _report_form("summary"))
    with unit_of_work(world.factory) as session:
        started = engine.start_process(session, world.clock, world.actor(session, "wang.clerk"), "info_item",
                                       {"summary": "某站所收费不开票据", "reporter_id": reporter})
        assert started.incident is not None and "feedback" in started.incident.message
        instance_id = started.instance.id
    with world.factory() as session:
        held = session.get(ProcessInstance, instance_id)
        assert held.status == "incident"
    assert audit_count(world, "instance.started") == 1 and audit_count(world, "incident.opened") == 1
