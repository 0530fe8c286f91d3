"""A failed timer's incident retried through the API, not only the supervisor's page (issue 14 §2; SECURITY.md 10)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine import jobs
from engine.clock import UTC
from engine.clock import FixedClock
from engine.models import AuditEvent
from engine.models import Incident
from engine.models import Job
from engine.models import JobStatus
from engine.models import ProcessInstance
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from webui import extensions


@pytest.fixture()
def incident(app, correction_case, monkeypatch):  # noqa: F811
    """The rectification deadline's timer failed every retry (第二十八条's period ran out on 4 December)."""

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "advance", broken)
    clock = FixedClock(dt.datetime(2026, 12, 4, tzinfo=UTC))
    with app.app_context():
        factory = extensions.session_factory()
        for _ in range(3):
            engine.run_due_jobs(factory, clock)
            clock.advance(minutes=20)
        with factory() as session:
            found = session.execute(select(Incident)).scalar_one()
    monkeypatch.undo()
    return found


def _one(app, stmt):
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(stmt).scalar_one()


def test_a_supervisor_lists_and_retries_an_incident(app, api, incident, correction_case):  # noqa: F811
    supervisor = api("chen.supervisor")
    listed = supervisor.get("/incidents")
    assert listed.status_code == 200
    [item] = listed.get_json()["items"]
    assert (item["id"], item["kind"], item["status"]) == (incident.id, "failed_job", "open")
    assert item["case"]["id"] == correction_case.case_id
    assert "boom" in item["message"]
    retried = supervisor.post(f"/incidents/{incident.id}/retry")
    assert retried.status_code == 200, retried.get_json()
    assert retried.get_json()["resolved"] is True
    assert retried.get_json()["incident"]["status"] == "resolved"
    assert _one(app, select(Job.status).where(Job.id == incident.job_id)) == JobStatus.SCHEDULED
    assert _one(app, select(Job.retries_left).where(Job.id == incident.job_id)) == 3
    assert _one(app, select(ProcessInstance.status).where(ProcessInstance.id == incident.instance_id)) == "running"
    assert _one(app, select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "incident.retried", AuditEvent.object_id == str(incident.id))) == 1
    assert supervisor.get("/incidents").get_json()["items"] == []
    again = supervisor.post(f"/incidents/{incident.id}/retry")
    assert again.status_code == 409


def test_the_administrator_may_retry_and_sees_no_subject(api, incident):
    admin = api("admin")
    [item] = admin.get("/incidents").get_json()["items"]
    assert set(item["case"]) == {"id", "number"}
    assert admin.post(f"/incidents/{incident.id}/retry").status_code == 200


@pytest.mark.parametrize("username", ["wang.clerk", "liu.auditor"])
def test_others_may_not_retry(app, api, incident, username):
    assert api(username).post(f"/incidents/{incident.id}/retry").status_code == 403
    assert _one(app, select(Incident.status).where(Incident.id == incident.id)) == "open"


def test_an_unknown_incident_is_404(api, incident):
    assert api("chen.supervisor").post(f"/incidents/{incident.id + 1000}/retry").status_code == 404
