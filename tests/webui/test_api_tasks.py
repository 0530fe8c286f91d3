"""Clues and the inbox through the API: register, list, read, claim, complete (第十–十七条)."""
from __future__ import annotations

import threading

from sqlalchemy import func
from sqlalchemy import select

from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Notification
from engine.models import OutboxMessage
from tests.webui.conftest import clue_payload
from webui import extensions


def _count(app, model, *where):
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_register_clue_opens_a_case(registered_case):
    body = registered_case()
    assert body["clue"]["source_channel_label"] == "群众信访举报"
    assert body["clue"]["received_on"] == "2026-11-01"
    assert body["case"]["status"] == "open"
    assert body["case"]["status_label"] == "办理中"
    assert body["case"]["stage"] == "screening"
    assert body["case"]["stage_label"] == "线索筛选"
    assert body["case"]["cadre"]["position_title"] == "镇长"
    assert [t["bpmn_id"] for t in body["next_tasks"]] == ["screen_clue"]
    assert body["warnings"] == []


def test_second_clue_about_the_same_cadre_warns(registered_case):
    registered_case()
    second = registered_case()
    assert second["warnings"]
    assert "已有未办结的预警案件" in second["warnings"][0]


def test_the_clue_commits_with_its_notifications_and_no_mail_goes_without_a_server(app, registered_case):
    registered_case()
    told = _count(app, Notification, Notification.kind == "task_assigned")
    assert told > 0
    # Every task message has an e-mail copy; without SMTP_HOST the request mails nothing (the worker closes them).
    assert _count(app, OutboxMessage, OutboxMessage.dispatched_at.is_(None)) == told


def test_clue_with_bad_fields_is_422_with_chinese_messages(app, api, ids):
    clerk = api("wang.clerk")
    before = _count(app, AuditEvent)
    payload = clue_payload(ids.cadre_id(), received_on="2026/11/01", source_channel="rumour")
    del payload["summary"]
    response = clerk.post("/clues", json=payload)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "form_invalid"
    assert error["details"]["summary"] == ["此项必填"]
    assert error["details"]["received_on"] == ["日期格式应为YYYY-MM-DD"]
    assert "应为以下选项之一" in error["details"]["source_channel"][0]
    assert _count(app, AuditEvent) == before


def test_unknown_and_underscore_fields_are_refused(api, ids):
    payload = clue_payload(ids.cadre_id(), __builtins__="x", approved_by=1)
    response = api("wang.clerk").post("/clues", json=payload)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert details["__builtins__"] == ["不允许的字段"]
    assert details["approved_by"] == ["不允许的字段"]


def test_malformed_json_is_400(api):
    clerk = api("wang.clerk")
    response = clerk.post("/clues", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"
    assert response.get_json()["error"]["message"] == "请求体不是有效的JSON"
    assert clerk.post("/clues", data="").status_code == 400
    assert clerk.post("/clues", json=[1, 2]).status_code == 422


def test_body_over_the_limit_is_413(api):
    response = api("wang.clerk").post("/clues", data=b"{" + b" " * (3 * 1024 * 1024) + b"}",
                                      headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_wrong_method_and_unknown_route_are_json(api):
    clerk = api("wang.clerk")
    response = clerk.get("/tasks/1/complete")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    missing = clerk.get("/no-such-thing")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "请求的资源不存在"


def test_inbox_lists_the_group_task(registered_case, api):
    case = registered_case()
    clerk = api("xu.clerk")
    page = clerk.get("/tasks?view=groups").get_json()
    assert page["total"] == 1
    assert page["page"] == 1
    assert page["per_page"] == 20
    item = page["items"][0]
    assert item["bpmn_id"] == "screen_clue"
    assert item["stage_label"] == "线索筛选"
    assert item["case"]["number"] == case["case"]["number"]
    assert clerk.get("/tasks?view=mine").get_json()["total"] == 0
    assert clerk.get(f"/tasks?case_number={case['case']['number']}").get_json()["total"] == 1
    assert clerk.get("/tasks?stage=approval").get_json()["total"] == 0


def test_per_page_is_clamped_to_100(registered_case, api):
    registered_case()
    page = api("wang.clerk").get("/tasks?per_page=100000").get_json()
    assert page["per_page"] == 100
    assert api("wang.clerk").get("/cases?per_page=101").get_json()["per_page"] == 100


def test_bad_query_parameters_are_400(api):
    clerk = api("wang.clerk")
    for query, name in [("view=everything", "view"), ("page=abc", "page"), ("page=0", "page"),
                        ("due_before=2026-13-01", "due_before"), ("overdue=maybe", "overdue"),
                        ("stage=nowhere", "stage"), ("colour=red", "colour"), ("page=1&page=2", "page")]:
        response = clerk.get(f"/tasks?{query}")
        assert response.status_code == 400, query
        error = response.get_json()["error"]
        assert error["code"] == "bad_query", (query, error)
        assert name in error["details"], (query, error)


def test_task_detail_describes_its_form(registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    detail = api("xu.clerk").get(f"/tasks/{task_id}").get_json()
    assert detail["form"]["form_key"] == "clue_screening"
    assert detail["form"]["title"] == "筛选分流线索"
    routing = next(f for f in detail["form"]["fields"] if f["name"] == "routing")
    assert {"value": "handle_here", "label": "本级处理"} in routing["choices"]
    assert routing["required"] is True
    assert detail["candidates"][0]["role"] == "warning_office"
    assert detail["candidates"][0]["role_label"] == "预警办"
    assert detail["case"]["number"] == case["case"]["number"]
    assert detail["actions"] == {"claim": True, "unclaim": False, "complete": True}


def test_task_of_another_unit_is_404(registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    town = api("zy.office")
    for response in (town.get(f"/tasks/{task_id}"), town.post(f"/tasks/{task_id}/claim"),
                     town.post(f"/tasks/{task_id}/complete", json={"data": {"routing": "dismiss"}}),
                     town.get("/tasks/999999")):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_claim_and_unclaim(registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    wang, xu = api("wang.clerk"), api("xu.clerk")
    claimed = wang.post(f"/tasks/{task_id}/claim")
    assert claimed.status_code == 200
    assert claimed.get_json()["assignee"]["display_name"] == "王文书(预警办)"
    assert claimed.get_json()["actions"]["unclaim"] is True
    assert xu.post(f"/tasks/{task_id}/claim").status_code == 409
    assert xu.post(f"/tasks/{task_id}/unclaim").status_code == 403
    assert wang.get("/tasks?view=mine").get_json()["total"] == 1
    assert wang.post(f"/tasks/{task_id}/unclaim").get_json()["assignee"] is None
    assert wang.get("/me").get_json()["task_counts"] == {"mine": 0, "groups": 1, "overdue": 0}


def test_complete_moves_on_and_second_completion_is_409(app, registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    clerk = api("wang.clerk")
    done = clerk.post(f"/tasks/{task_id}/complete",
                      json={"data": {"routing": "handle_here", "reason": "属县管干部"},
                            "opinion": "属本级管辖"})
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["task"]["status"] == "completed"
    assert body["task"]["completed_by"]["display_name"] == "王文书(预警办)"
    assert [t["bpmn_id"] for t in body["next_tasks"]] == ["propose_subject"]
    assert body["case"]["stage"] == "determination"
    xu = api("xu.clerk")
    events = _count(app, AuditEvent)
    again = xu.post(f"/tasks/{task_id}/complete", json={"data": {"routing": "dismiss", "reason": "了结"}})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "task_already_completed"
    assert _count(app, AuditEvent) == events
    assert _count(app, HumanTask, HumanTask.bpmn_id == "propose_subject") == 1


def test_complete_with_bad_form_is_422_and_changes_nothing(app, registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    clerk = api("wang.clerk")
    events = _count(app, AuditEvent)
    response = clerk.post(f"/tasks/{task_id}/complete", json={"data": {"routing": "shrug"}})
    assert response.status_code == 422
    assert "应为以下选项之一" in response.get_json()["error"]["details"]["routing"][0]
    missing = clerk.post(f"/tasks/{task_id}/complete", json={"opinion": "无"})
    assert missing.status_code == 422
    assert missing.get_json()["error"]["details"]["data"] == ["此项必填"]
    not_object = clerk.post(f"/tasks/{task_id}/complete", json={"data": ["handle_here"]})
    assert not_object.status_code == 422
    assert _count(app, AuditEvent) == events
    assert clerk.get(f"/tasks/{task_id}").get_json()["status"] == "open"


def test_two_simultaneous_completions_advance_once(app, registered_case, api, ids):
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "screen_clue")
    clients = [api("wang.clerk"), api("xu.clerk")]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def submit(client):
        barrier.wait()
        body = {"data": {"routing": "handle_here", "reason": "属县管干部"}}
        statuses.append(client.post(f"/tasks/{task_id}/complete", json=body).status_code)

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 409]
    completed = _count(app, AuditEvent, AuditEvent.action == "task.completed")
    assert completed == 1
    assert _count(app, HumanTask, HumanTask.bpmn_id == "propose_subject") == 1


BEYOND_ANY_ROW = [2**31, 2**63, 10**30]


def test_an_id_no_row_can_have_is_404_in_a_path_not_a_database_overflow(api, registered_case):
    registered_case()
    clerk, org = api("wang.clerk"), api("zheng.org")
    for number in BEYOND_ANY_ROW:
        for who, method, path in [(clerk, "get", f"/tasks/{number}"), (clerk, "post", f"/tasks/{number}/claim"),
                                  (clerk, "get", f"/cases/{number}"), (clerk, "get", f"/cases/{number}/events"),
                                  (org, "get", f"/cadres/{number}/restrictions")]:
            response = getattr(who, method)(path)
            assert response.status_code == 404, (path, response.status_code)
            assert response.get_json()["error"]["code"], path


def test_an_id_no_row_can_have_is_400_in_a_query(api):
    clerk = api("wang.clerk")
    for number in BEYOND_ANY_ROW:
        for path, name in [(f"/tasks?unit_id={number}", "unit_id"), (f"/cases?unit_id={number}", "unit_id"),
                           (f"/cases?cadre_id={number}", "cadre_id")]:
            response = clerk.get(path)
            assert response.status_code == 400, (path, response.status_code)
            error = response.get_json()["error"]
            assert error["code"] == "bad_query" and error["details"][name] == ["应在1至2147483647之间"]


def test_json_nested_past_the_parsers_depth_is_400(api):
    response = api("wang.clerk").post("/clues", data="[" * 100_000 + "]" * 100_000,
                                      headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {**response.get_json()["error"], "code": "malformed_json",
                                            "message": "请求体的JSON嵌套层数过多"}


def test_registering_in_a_unit_where_one_holds_no_warning_office_is_refused_第十三条(app, api, ids):
    clerk = api("wang.clerk")  # a county clerk, not the town's
    for unit_id in (ids.unit_id("town-zhengyang"), 2**31 - 1):
        response = clerk.post("/clues", json={**clue_payload(ids.cadre_id()), "receiving_unit_id": unit_id})
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"]["message"] == "您在该单位没有预警办岗位,不能以该单位名义登记线索"
    # Nothing registered; the two denials are on record.
    assert _count(app, HumanTask) == 0
    assert _count(app, AuditEvent, AuditEvent.action.like("%registered")) == 0
    assert _count(app, AuditEvent, AuditEvent.action.like("%denied")) == 2


class _GaveWay(Exception):
    """What psycopg raises when PostgreSQL picks this transaction as a deadlock's victim."""

    sqlstate = "40P01"


def test_a_transaction_the_database_made_give_way_is_409_not_500_SECURITY_3(app, api, registered_case, ids,
                                                                             monkeypatch):
    from sqlalchemy.exc import OperationalError

    import engine

    task_id = ids.open_task(registered_case()["case"]["id"], "screen_clue")

    def deadlocked(*args, **kwargs):
        raise OperationalError("UPDATE human_task …", {}, _GaveWay("deadlock detected"))

    monkeypatch.setattr(engine, "complete_task", deadlocked)
    response = api("wang.clerk").post(f"/tasks/{task_id}/complete",
                                      json={"data": {"routing": "handle_here", "reason": "本级"}})
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "该案件正由他人同时办理,请刷新后重试"
