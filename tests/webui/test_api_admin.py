"""The manual clock and running due jobs from the API."""
from __future__ import annotations

import pytest

from tests.webui.conftest import Api
from tests.webui.conftest import issue
from tests.webui.conftest import seed


def test_admin_moves_the_manual_clock(api):
    admin = api("admin")
    moved = admin.post("/admin/clock", json={"advance_days": 3})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["today"] == "2026-11-05"
    assert moved.get_json()["mode"] == "manual"
    assert api("wang.clerk").get("/me").get_json()["today"] == "2026-11-05"
    back = admin.post("/admin/clock", json={"now": "2026-11-02T09:00:00+08:00"}).get_json()
    assert back["now"] == "2026-11-02T01:00:00+00:00"


@pytest.mark.parametrize("body", [{}, {"now": "2026-11-02T09:00:00+08:00", "advance_days": 1},
                                  {"now": "2026-11-02T09:00:00"}, {"now": "yesterday"}, {"advance_days": "x"},
                                  {"advance_days": 1, "speed": 2}, {"advance_days": 1.5}])
def test_bad_clock_bodies_are_422(api, body):
    response = api("admin").post("/admin/clock", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_body"


@pytest.mark.parametrize("body", [{"now": "0001-01-01T00:00:00+08:00"}, {"now": "9999-12-31T23:59:59+08:00"},
                                  {"now": "1999-12-31T23:59:59+00:00"}, {"now": "2100-01-01T00:00:00+00:00"}])
def test_the_manual_clock_stays_within_the_calendar_it_can_compute_deadlines_in(api, body):
    admin = api("admin")
    response = admin.post("/admin/clock", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"] == {**response.get_json()["error"], "code": "clock_out_of_range",
                                            "message": "手动时钟只能设在2000年至2099年之间"}
    assert admin.get("/me").status_code == 200
    assert admin.post("/admin/clock", json={"advance_days": 0}).get_json()["today"] == "2026-11-02"


def test_advancing_the_clock_past_the_calendar_is_422(api):
    admin = api("admin")
    admin.post("/admin/clock", json={"now": "2099-12-30T09:00:00+08:00"})
    response = admin.post("/admin/clock", json={"advance_days": 3650})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "clock_out_of_range"


def test_only_admins_move_the_clock(api):
    response = api("chen.supervisor").post("/admin/clock", json={"advance_days": 1})
    assert response.status_code == 403


def test_system_clock_cannot_be_moved(make_app):
    app = make_app(CLOCK="system")
    seed(app)
    response = Api(app.test_client(), issue(app, "admin")).post("/admin/clock", json={"advance_days": 1})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "clock_not_manual"


def test_due_timer_fires_when_jobs_run(correction_case, api):
    supervisor = api("chen.supervisor")
    nothing = supervisor.post("/admin/jobs/run").get_json()
    assert nothing["fired"] == []
    assert nothing["acquired"] == 0
    api("admin").post("/admin/clock", json={"now": "2026-12-03T00:00:01+08:00"})
    report = supervisor.post("/admin/jobs/run").get_json()
    assert len(report["fired"]) == 1
    assert report["incidents"] == []
    detail = api("wang.clerk").get(f"/cases/{correction_case.case_id}").get_json()
    steps = [s["bpmn_id"] for s in detail["steps"] if s["status"] == "open"]
    assert steps == ["decide_correction_overdue"]
    overdue = api("wang.clerk").get("/tasks?overdue=true").get_json()
    assert overdue["total"] >= 0
    assert api("wang.clerk").post("/admin/jobs/run").status_code == 403
