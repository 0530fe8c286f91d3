"""Starting processes through the API (issue 11 §3): GET /processes, POST /processes/{key}/instances."""
from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import ProcessInstance
from engine.operations.definitions import deploy_definition
from tests.engine.starts_support import diagram
from tests.engine.test_process_starts import ITEM
from webui import extensions


@pytest.fixture()
def startable(app):
    """The element diagrams deployed: info_item (start form), await_instruction (none), clue_intake (message)."""
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            for name in ("info_item", "clue_intake", "await_instruction"):
                deploy_definition(session, clock, SYSTEM, f"{name}.bpmn", diagram(name))
    return app


def _count(app, model, *where) -> int:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_a_user_sees_what_their_roles_may_start_with_its_form(startable, api):
    items = api("zy.office").get("/processes").get_json()["items"]
    assert [i["key"] for i in sorted(items, key=lambda i: i["key"])] == ["await_instruction", "info_item"]
    item = next(i for i in items if i["key"] == "info_item")
    assert (item["name"], item["version"], item["roles"], item["role_labels"]) == \
        ("报送预警信息", 1, ["warning_office"], ["预警办"])
    assert item["form"]["form_key"] == "source_feedback"
    assert [f["name"] for f in item["form"]["fields"]] == ["notified_on", "feedback"]
    assert next(i for i in items if i["key"] == "await_instruction")["form"] is None
    assert api("li.deputy").get("/processes").get_json() == {"items": []}


def test_starting_answers_201_with_the_new_instance_and_its_first_steps(startable, api, ids):
    response = api("zy.office").post("/processes/info_item/instances", json={"data": ITEM})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["process_key"], body["process_name"], body["version"], body["status"]) == \
        ("info_item", "报送预警信息", 1, "running")
    # The item waits for an answer; its first (human) step is in the intake process it started.
    assert body["next_tasks"] == []
    assert _count(startable, AuditEvent, AuditEvent.action == "instance.started") == 2
    # The intake's step is in the starter's town, in that office's inbox.
    inbox = api("zy.office").get("/tasks").get_json()["items"]
    assert [t["bpmn_id"] for t in inbox] == ["accept_clue"]
    assert inbox[0]["unit"]["id"] == ids.unit_id("town-zhengyang")


def test_a_process_without_a_form_starts_with_no_body(startable, api):
    response = api("wang.clerk").post("/processes/await_instruction/instances")
    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize(("username", "path", "body", "status", "code"), [
    ("wang.clerk", "/processes/nothing_here/instances", {"data": ITEM}, 404, "not_found"),
    ("wang.clerk", "/processes/clue_intake/instances", {}, 403, "forbidden"),
    ("wang.clerk", "/processes/warning_case/instances", {}, 403, "forbidden"),
    ("li.deputy", "/processes/info_item/instances", {"data": ITEM}, 403, "forbidden"),
    ("liu.auditor", "/processes/info_item/instances", {"data": ITEM}, 403, "read_only_role"),
    ("wang.clerk", "/processes/info_item/instances", {"data": {"feedback": "x"}}, 422, "form_invalid"),
    ("wang.clerk", "/processes/info_item/instances", {"data": ITEM, "extra": 1}, 422, "invalid_body"),
    ("wang.clerk", "/processes/info_item/instances", {"data": "x"}, 422, "invalid_body"),
])
def test_refusals_are_precise_and_leave_nothing_behind(startable, api, username, path, body, status, code):
    response = api(username).post(path, json=body)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert _count(startable, ProcessInstance) == 0
    assert _count(startable, AuditEvent, AuditEvent.action == "instance.started") == 0


def test_the_form_problem_names_the_field(startable, api):
    response = api("wang.clerk").post("/processes/info_item/instances", json={"data": {"notified_on": "2026-11-01"}})
    assert response.get_json()["error"]["details"]["feedback"] == ["此项必填"]


def test_the_unit_must_be_one_where_the_user_may_start_it(startable, api, ids):
    response = api("zy.office").post("/processes/await_instruction/instances",
                                     json={"unit_id": ids.unit_id("county")})
    assert response.status_code == 403
