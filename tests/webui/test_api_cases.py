"""The ledger, case detail, events and the 第三十一条 restriction answer through the API."""
from __future__ import annotations

from sqlalchemy import select

from engine.models import AuditEvent
from webui import extensions


def test_ledger_lists_and_filters_cases(registered_case, api):
    case = registered_case()["case"]
    clerk = api("wang.clerk")
    page = clerk.get("/cases").get_json()
    assert page["total"] == 1
    assert page["items"][0]["number"] == case["number"]
    assert clerk.get("/cases?status=closed").get_json()["total"] == 0
    assert clerk.get("/cases?q=" + case["cadre"]["name"]).get_json()["total"] == 1
    assert clerk.get(f"/cases?cadre_id={case['cadre']['id']}&stage=screening").get_json()["total"] == 1
    assert clerk.get("/cases?overdue=true").get_json()["total"] == 0
    assert clerk.get("/cases?status=maybe").status_code == 400


def test_case_of_another_unit_is_404(registered_case, api):
    case_id = registered_case()["case"]["id"]
    town = api("zy.office")
    assert town.get("/cases").get_json()["total"] == 0
    for path in (f"/cases/{case_id}", f"/cases/{case_id}/events", "/cases/999999"):
        response = town.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"] == {**response.get_json()["error"], "code": "not_found",
                                                "message": "案件不存在或无权查看"}


def test_looking_at_a_case_outside_ones_scope_is_a_recorded_denial_SECURITY_26(app, registered_case, api):
    case_id = registered_case()["case"]["id"]
    town = api("zy.office")
    town.get(f"/cases/{case_id}")
    town.get("/cases/999999")  # nothing there to be denied
    with app.app_context(), extensions.session_factory()() as session:
        denials = session.execute(select(AuditEvent).where(AuditEvent.action == "access.denied")).scalars().all()
    assert [(e.actor_name, e.object_type, e.object_id, e.case_id) for e in denials] == [
        ("正阳关镇纪委干事", "case", str(case_id), case_id)]
    assert denials[0].after["path"] == f"/api/v1/cases/{case_id}"


def test_case_detail_after_a_correction_notice(correction_case, api):
    detail = api("wang.clerk").get(f"/cases/{correction_case.case_id}").get_json()
    assert detail["warning_type"] == "correction"
    assert detail["warning_type_label"] == "责令纠错"
    assert detail["stage"] == "rectification"
    assert detail["stage_label"] == "说明整改"
    dates = detail["dates"]
    assert dates["approved_on"] == "2026-11-02"
    assert dates["received_on"] == "2026-11-02"
    assert dates["original_due_date"] == "2026-12-02"
    deadline = detail["due"].pop("deadline")
    assert detail["due"] == {"current_due_date": "2026-12-02", "days_left": 30, "overdue": False,
                             "missed_deadline": None, "provisional": detail["due"]["provisional"]}
    # issue 15 §3: the deadline in force names its step and article (第二十七、三十条) and runs from the receipt
    assert (deadline["bpmn_id"], deadline["due_date"], deadline["days_left"]) == ("await_rectification",
                                                                               "2026-12-02", 30)
    assert deadline["article"].startswith("第二十七") and deadline["runs_from"] == "2026-11-02"
    assert detail["extension"]["used_days"] == 0
    assert detail["extension"]["cap_date"] is not None
    assert detail["extension"]["remaining_days"] > 0
    numbers = {d["kind"]: d["number"] for d in detail["documents"]}
    assert "correction_notice" in numbers
    assert numbers["correction_notice"].endswith("号")
    assert {r["kind"] for r in detail["restrictions"]} == {"promotion", "award"}
    assert all(r["in_force"] for r in detail["restrictions"])
    approval = next(s for s in detail["steps"] if s["bpmn_id"] == "approve_correction")
    assert approval["completed_by"]["display_name"] == "张正清(纪委书记)"
    assert approval["completed_at"]
    assert approval["status_label"] == "已办结"
    assert detail["steps"][-1]["bpmn_id"] == "await_rectification"
    assert detail["steps"][-1]["days_left"] == 30
    assert detail["escalations"] == []
    assert detail["clue"]["number"]


def test_restriction_answer_for_the_organisation_department(correction_case, api):
    cadre_id = correction_case.ids.cadre_id()
    answer = api("zheng.org").get(f"/cadres/{cadre_id}/restrictions").get_json()
    assert answer["may_be_promoted"] is False
    assert answer["may_receive_awards"] is False
    assert answer["reasons"][0]["case_number"]
    assert answer["answer"].startswith("该干部目前不得提拔使用、不得参加评选评优:")
    assert answer["answer"].endswith("(第三十一条)。")
    other = correction_case.ids.cadre_id("town-wabu", "镇长")
    free = api("zheng.org").get(f"/cadres/{other}/restrictions").get_json()
    assert free["may_be_promoted"] is True
    assert "不受" in free["answer"]


def test_restriction_query_needs_a_reader_role(api, ids):
    assert api("sun.designer").get(f"/cadres/{ids.cadre_id()}/restrictions").status_code == 403
    assert api("zheng.org").get("/cadres/999999/restrictions").status_code == 404


def test_rule_refusal_is_422_and_audited(app, correction_case):
    correction_case.do("wang.clerk", "await_rectification", progress="extension_requested",
                       requested_on="2026-11-02", reason="需延期")
    refused = correction_case.do("xu.clerk", "fill_extension_form", expect=422, reason="需延期",
                                 requested_due_date="2027-02-01")
    assert refused["error"]["code"] == "extension_cap_exceeded"
    assert "第三十条" in refused["error"]["message"]
    with app.app_context(), extensions.session_factory()() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "rule.refused")).scalar_one()
    assert event.object_type == "task"
    assert event.case_id == correction_case.case_id
    assert event.after["code"] == "extension_cap_exceeded"
    assert event.source_ip == "127.0.0.1"


def test_case_events_per_audience(correction_case, api):
    clerk_view = api("wang.clerk").get(f"/cases/{correction_case.case_id}/events").get_json()["items"]
    assert clerk_view[0]["action"] == "clue.registered"
    assert "source_ip" not in clerk_view[0]
    assert "hash" not in clerk_view[0]
    auditor_view = api("liu.auditor").get(f"/cases/{correction_case.case_id}/events").get_json()["items"]
    assert auditor_view[0]["source_ip"] == "127.0.0.1"
    assert len(auditor_view[0]["hash"]) == 64
    assert [e["seq"] for e in auditor_view] == sorted(e["seq"] for e in auditor_view)


def test_case_events_come_a_page_at_a_time(correction_case, api):
    auditor = api("liu.auditor")
    whole = auditor.get(f"/cases/{correction_case.case_id}/events").get_json()
    assert whole["page"] == 1 and whole["per_page"] == 100 and whole["total"] == len(whole["items"]) > 10
    pages = [auditor.get(f"/cases/{correction_case.case_id}/events?per_page=10&page={n}").get_json()
             for n in range(1, whole["total"] // 10 + 2)]
    assert [e["seq"] for p in pages for e in p["items"]] == [e["seq"] for e in whole["items"]]
    for query, name in [("page=abc", "page"), ("foo=1", "foo"), ("per_page=0", "per_page")]:
        response = auditor.get(f"/cases/{correction_case.case_id}/events?{query}")
        assert response.status_code == 400 and name in response.get_json()["error"]["details"], query


def test_audit_verify(app, api, registered_case):
    registered_case()
    report = api("chen.supervisor").get("/audit/verify").get_json()
    assert report["ok"] is True
    assert report["checked"] > 0
    assert report["first_bad_event"] is None
    assert api("wang.clerk").get("/audit/verify").status_code == 403
    with app.app_context(), extensions.session_factory()() as session, session.begin():
        session.connection().exec_driver_sql("UPDATE audit_event SET reason = 'altered' WHERE seq = 2")
    broken = api("admin").get("/audit/verify").get_json()
    assert broken["ok"] is False
    assert broken["first_bad_seq"] == 2
    assert broken["first_bad_event"]["seq"] == 2
    assert "被改动" in broken["problem"]
