"""Run-time faults through the API (issue 11 §5): never a 500, the step recorded, the case held, listed, retried.

The diagrams are the small ones of tests/engine/faulty_diagrams.py: the clue screening of 第十四条 leads to a
gateway reading a variable no form writes, or to a boundary timer whose date variable nobody sets.
"""
from __future__ import annotations

from sqlalchemy import select

from engine.actors import SYSTEM
from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.operations.instance_migration import migrate_instances
from tests.engine import faulty_diagrams
from tests.webui.conftest import clue_payload
from tests.webui.pages import one
from webui import extensions

HELD = "您的办理已记录。流程在后续环节出现故障而暂停"
GATEWAY_FAULT = "“是否移交”(gw_route)的条件无法计算:流程数据中没有变量“never_written”,没有任何表单或步骤写入它。"


def _deploy(app, xml: str) -> int:
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            definition, _created = deploy_definition(session, clock, SYSTEM, "warning_case.bpmn", xml.encode())
            return definition.id


def _move(app, definition_id: int, case_id: int) -> None:
    """A designer moves the case onto the corrected version (engine/operations/instance_migration.py)."""
    instance_id = one(app, select(ProcessInstance.id).where(of_case(ProcessInstance, case_id)))
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            designer = session.execute(select(User).where(User.username == "sun.designer")).scalar_one()
            migrate_instances(session, clock, Actor(designer, source_ip="127.0.0.1"), definition_id, [instance_id])


def _screen(clerk, ids, case_id: int):
    task_id = ids.open_task(case_id, "screen_clue")
    return clerk.post(f"/tasks/{task_id}/complete",
                      json={"data": {"routing": "handle_here", "reason": "属县管干部,本级处理"}}), task_id


def test_completing_into_a_faulty_gateway_answers_200_with_the_incident_and_keeps_the_step(app, api, ids):
    _deploy(app, faulty_diagrams.unknown_variable_gateway())
    clerk = api("wang.clerk")
    case_id = clerk.post("/clues", json=clue_payload(ids.cadre_id())).get_json()["case"]["id"]

    response, task_id = _screen(clerk, ids, case_id)

    assert response.status_code == 200
    body = response.get_json()
    assert body["task"]["status"] == "completed" and body["next_tasks"] == []
    assert body["incident"]["kind"] == "expression_error"
    assert body["incident"]["message"] == GATEWAY_FAULT
    assert body["incident"]["notice"].startswith(HELD)
    assert one(app, select(HumanTask.status).where(HumanTask.id == task_id)) == TaskStatus.COMPLETED


def test_the_incident_list_and_its_retry_after_the_fix(app, api, ids):
    _deploy(app, faulty_diagrams.unknown_variable_gateway())
    clerk = api("wang.clerk")
    case_id = clerk.post("/clues", json=clue_payload(ids.cadre_id())).get_json()["case"]["id"]
    incident_id = _screen(clerk, ids, case_id)[0].get_json()["incident"]["id"]
    supervisor = api("chen.supervisor")

    listed = supervisor.get("/incidents").get_json()["items"]
    assert [(i["id"], i["case"]["id"], i["kind_label"], i["message"]) for i in listed] == [
        (incident_id, case_id, "条件无法计算", GATEWAY_FAULT)]
    assert clerk.get("/incidents").status_code == 403

    again = supervisor.post(f"/incidents/{incident_id}/retry")
    assert again.status_code == 200 and again.get_json()["resolved"] is False

    _move(app, _deploy(app, faulty_diagrams.unknown_variable_gateway("routing")), case_id)
    fixed = supervisor.post(f"/incidents/{incident_id}/retry")
    assert fixed.status_code == 200
    assert fixed.get_json()["resolved"] is True and fixed.get_json()["incident"]["status"] == "resolved"
    assert supervisor.get("/incidents").get_json()["items"] == []
    assert ids.open_task(case_id, "propose_subject")
