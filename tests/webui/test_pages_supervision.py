"""The supervisor's pages (督办): who may look and act, the board, reminders, reassignment, the Measures'
deadlines, step durations, quarterly statistics with their export, and incidents."""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl
import pytest
from sqlalchemy import select

from engine.clock import LOCAL_TZ
from engine.clockstore import DatabaseManualClock
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import Case
from engine.models import HumanTask
from engine.models import Incident
from engine.models import IncidentStatus
from engine.models import Notification
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import TaskComment
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from tests.webui.conftest import ApiWalker
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import text_of
from webui import extensions

GET_PAGES = ("/supervise", "/supervise/compliance", "/supervise/steps", "/supervise/statistics",
             "/supervise/statistics.xlsx", "/supervise/incidents", "/supervise/processes/warning_case/diagram.bpmn")


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def move_clock(app, day: str) -> None:
    with app.app_context():
        clock = extensions.clock()
        assert isinstance(clock, DatabaseManualClock)
        clock.set(dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=LOCAL_TZ))


def db_session(app):
    return extensions.session_factory()()


def user_ids(app) -> dict[str, int]:
    with app.app_context(), db_session(app) as session:
        return {u.username: u.id for u in session.execute(select(User)).scalars()}


def give_role(app, username: str, role: str, unit_code: str = "county") -> None:
    with app.app_context():
        with db_session(app) as session:
            unit_id = session.execute(select(Unit.id).where(Unit.code == unit_code)).scalar_one()
        with unit_of_work(extensions.session_factory()) as session:
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            session.add(RoleAssignment(user_id=user.id, role=role, unit_id=unit_id))


def number_of(app, case_id: int) -> str:
    with app.app_context(), db_session(app) as session:
        return session.get(Case, case_id).number


@pytest.fixture()
def overdue_rectification(app, correction_case):  # noqa: F811
    """The ordered correction received 2 November: its month ended 2 December; today is 10 December."""
    move_clock(app, "2026-12-10")
    return correction_case


def test_every_page_opens_for_the_supervisor_and_the_menu_shows_督办(browser):
    supervisor = browser("chen.supervisor")
    for path in GET_PAGES:
        assert supervisor.get(path).status_code == 200, path
    assert 'href="/supervise"' in text_of(supervisor.get("/"))
    assert 'href="/supervise"' not in text_of(browser("wang.clerk").get("/"))
    admin_menu = text_of(browser("admin").get("/"))
    assert 'href="/supervise"' not in admin_menu and 'href="/supervise/incidents"' in admin_menu


@pytest.mark.parametrize("path", GET_PAGES)
def test_a_clerk_may_not_open_the_supervisors_pages(browser, path):
    assert browser("wang.clerk").get(path).status_code == 403


def test_a_clerk_may_not_remind_reassign_comment_or_retry(browser, correction_case):  # noqa: F811
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    clerk = browser("wang.clerk")
    clerk.get("/")
    for path in (f"/supervise/tasks/{task_id}/remind", f"/supervise/tasks/{task_id}/reassign",
                 f"/supervise/tasks/{task_id}/comment", "/supervise/incidents/1/retry"):
        assert clerk.post(path, {"body": "x", "assignee_id": "1"}).status_code == 403, path


def test_the_auditor_may_look_but_not_act(browser, overdue_rectification):
    auditor = browser("liu.auditor")
    for path in GET_PAGES:
        assert auditor.get(path).status_code == 200, path
    page = text_of(auditor.get("/supervise"))
    assert "跟踪整改" in page and "发送提醒" not in page
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    for path in (f"/supervise/tasks/{task_id}/remind", f"/supervise/tasks/{task_id}/comment"):
        assert auditor.post(path, {"body": "看看"}).status_code == 403


def test_the_board_shows_the_overdue_rectification_with_its_ageing_and_chart_data_第三十条(
        browser, app, overdue_rectification):
    response = browser("chen.supervisor").get("/supervise")
    page = text_of(response)
    assert number_of(app, overdue_rectification.case_id) in page
    assert "跟踪整改" in page and "已逾期 8 天" in page and "逾期8–15天" in page
    charts = json.loads(re.search(r'<script type="application/json" id="supervise-charts">(.*?)</script>', page,
                                  re.DOTALL).group(1))
    assert charts["byStep"]["labels"] == ["跟踪整改"] and charts["byStep"]["overdue"] == [1]
    assert charts["byUnit"]["labels"] == ["寿县纪委"]
    assert "script-src" not in response.headers["Content-Security-Policy"]  # the JSON block is data, not code
    supervisor = browser("chen.supervisor")
    row = f'id="task-row-{overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")}"'
    assert row not in text_of(supervisor.get("/supervise?when=due_soon"))
    grouped = text_of(supervisor.get("/supervise?bucket=8-15&group=unit"))
    assert row in grouped and "lj-group-row" in grouped
    assert row not in text_of(supervisor.get("/supervise?bucket=1-3"))
    assert "已忽略" in text_of(supervisor.get("/supervise?bucket=forever"))


def test_a_reminder_reaches_every_holder_of_the_steps_role_and_nobody_else(browser, app, overdue_rectification):
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    response = supervisor.post(f"/supervise/tasks/{task_id}/remind", {"message": "请本周内上报整改情况",
                                                                        "next": "/supervise?when=overdue"})
    assert response.status_code == 302 and response.headers["Location"] == "/supervise?when=overdue"
    assert "已向" in text_of(supervisor.get(response.headers["Location"]))
    ids = user_ids(app)
    with app.app_context(), db_session(app) as session:
        notes = session.execute(select(Notification).where(Notification.kind == "reminder")).scalars().all()
        assert sorted(n.user_id for n in notes) == sorted([ids["wang.clerk"], ids["xu.clerk"]])
        assert all(n.payload["task_id"] == task_id and "请本周内上报整改情况" in n.body for n in notes)
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "task.reminded")).scalar_one()
    clerk_page = text_of(browser("wang.clerk").get("/notifications"))
    assert "督办提醒" in clerk_page and "跟踪整改" in clerk_page
    assert "督办提醒:" not in text_of(browser("li.deputy").get("/notifications"))
    assert "已提醒 1 次" in text_of(supervisor.get("/supervise"))


def test_a_reminder_of_a_claimed_step_goes_to_its_assignee_only(browser, app, overdue_rectification):
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    clerk = browser("xu.clerk")
    clerk.get(f"/tasks/{task_id}")
    assert clerk.post(f"/tasks/{task_id}/claim").status_code == 302
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    supervisor.post(f"/supervise/tasks/{task_id}/remind", {})
    xu = user_ids(app)["xu.clerk"]
    with app.app_context(), db_session(app) as session:
        notes = session.execute(select(Notification).where(Notification.kind == "reminder")).scalars().all()
        assert [n.user_id for n in notes] == [xu]


def test_reassignment_to_someone_without_the_steps_role_is_refused(browser, app, overdue_rectification):
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    refused = supervisor.post(f"/supervise/tasks/{task_id}/reassign",
                              {"assignee_id": str(user_ids(app)["li.deputy"]), "next": "/supervise"})
    assert refused.status_code == 302
    assert "不具有「跟踪整改」的办理岗位" in text_of(supervisor.get("/supervise"))
    done = supervisor.post(f"/supervise/tasks/{task_id}/reassign",
                           {"assignee_id": str(user_ids(app)["xu.clerk"]), "reason": "王文书休假"})
    assert done.status_code == 302
    xu = user_ids(app)["xu.clerk"]
    with app.app_context(), db_session(app) as session:
        assert session.get(HumanTask, task_id).assignee_id == xu
    assert "督办改派" in text_of(browser("xu.clerk").get("/notifications"))


def test_reassignment_to_the_proposer_is_refused_citing_第十七条(browser, app, api, ids):
    walk = ApiWalker(api, ids, 0)
    response = api("wang.clerk").post("/clues", json={
        "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
        "summary": "群众反映该干部违规操办婚宴。", "subject_cadre_id": ids.cadre_id(title="副镇长")})
    walk.case_id = response.get_json()["case"]["id"]
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    give_role(app, "zhang.secretary", "warning_office")
    walk.do("zhang.secretary", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    task_id = ids.open_task(walk.case_id, "approve_inquiry")
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    refused = supervisor.post(f"/supervise/tasks/{task_id}/reassign",
                              {"assignee_id": str(user_ids(app)["zhang.secretary"]), "next": "/supervise"})
    assert refused.status_code == 302
    assert "第十七条" in text_of(supervisor.get("/supervise"))
    with app.app_context(), db_session(app) as session:
        assert session.get(HumanTask, task_id).assignee_id is None
        refusal = session.execute(select(AuditEvent).where(AuditEvent.action == "rule.refused")).scalar_one()
        assert refusal.after["article"] == "第十七条"


def test_a_comment_is_recorded_and_shown_on_the_board(browser, app, overdue_rectification):
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    assert supervisor.post(f"/supervise/tasks/{task_id}/comment", {"body": "  "}).status_code == 302
    assert "请填写督办意见" in text_of(supervisor.get("/supervise"))
    assert supervisor.post(f"/supervise/tasks/{task_id}/comment", {"body": "已电话督促承办人"}).status_code == 302
    assert "已电话督促承办人" in text_of(supervisor.get("/supervise"))
    with app.app_context(), db_session(app) as session:
        (comment,) = session.execute(select(TaskComment)).scalars().all()
        assert comment.extra == {"kind": "comment"}


def test_a_post_without_the_csrf_token_is_refused(browser, overdue_rectification):
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    supervisor = browser("chen.supervisor")
    assert supervisor.post(f"/supervise/tasks/{task_id}/remind", {}, csrf=False).status_code == 400


def test_compliance_shows_the_running_and_then_the_missed_rectification_period_第三十条(
        browser, app, correction_case):  # noqa: F811
    number = number_of(app, correction_case.case_id)
    supervisor = browser("chen.supervisor")
    move_clock(app, "2026-11-20")
    page = text_of(supervisor.get("/supervise/compliance"))
    running = page.split('id="periods-running"')[1]
    assert number in running and "剩 12 天" in running
    move_clock(app, "2026-12-10")
    page = text_of(supervisor.get("/supervise/compliance?clue_days=3"))
    assert number in page.split('id="periods-overdue"')[1].split('id="periods-running"')[0]
    assert "超过 3 日未筛选分流的线索" in page


def test_steps_page_carries_the_heatmap_counts_and_serves_the_latest_diagram(browser, correction_case):  # noqa: F811
    supervisor = browser("chen.supervisor")
    page = text_of(supervisor.get("/supervise/steps?process=correction_supervision"))
    heat = json.loads(re.search(r'id="supervise-heat">(.*?)</script>', page, re.DOTALL).group(1))
    assert heat["counts"] == {"await_rectification": 1}
    assert 'data-src="/supervise/processes/correction_supervision/diagram.bpmn"' in page
    assert "diagram.js" not in page  # the heatmap draws the diagram itself
    xml = supervisor.get("/supervise/processes/correction_supervision/diagram.bpmn")
    assert xml.status_code == 200 and b"await_rectification" in xml.data
    assert supervisor.get("/supervise/processes/nothing_here/diagram.bpmn").status_code == 404
    assert "确定实施方式" in text_of(supervisor.get("/supervise/steps?process=warning_execution&since=2026-11-01"))


def test_statistics_and_their_export_count_the_quarter_第四条(browser, app, correction_case):  # noqa: F811
    supervisor = browser("chen.supervisor")
    page = text_of(supervisor.get("/supervise/statistics?year=2026"))
    assert "第4季度" in page and "责令纠错" in page
    export = supervisor.get("/supervise/statistics.xlsx?year=2026")
    assert export.status_code == 200 and "attachment;" in export.headers["Content-Disposition"]
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(export.data)).active.iter_rows()]
    assert ["第4季度", "寿县纪委", "责令纠错", 1, 0, 0, 0] in rows
    assert "没有登记" in text_of(supervisor.get("/supervise/statistics?year=2025"))


def test_an_incident_is_listed_and_retried_with_an_audit_row(browser, app, correction_case):  # noqa: F811
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        instance = session.execute(select(ProcessInstance).where(
            of_case(ProcessInstance, correction_case.case_id))).scalar_one()
        incident = Incident(instance_id=instance.id, kind="failed_job", message="RuntimeError: 模拟故障",
                            status=IncidentStatus.OPEN, opened_at=dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC))
        session.add(incident)
        session.flush()
        incident_id = incident.id
    supervisor = browser("chen.supervisor")
    page = text_of(supervisor.get("/supervise/incidents"))
    assert "模拟故障" in page and number_of(app, correction_case.case_id) in page
    assert browser("liu.auditor").post(f"/supervise/incidents/{incident_id}/retry").status_code == 403
    assert supervisor.post(f"/supervise/incidents/{incident_id}/retry").status_code == 302
    assert "没有未处理的流程故障" in text_of(supervisor.get("/supervise/incidents"))
    with app.app_context(), db_session(app) as session:
        assert session.get(Incident, incident_id).status == IncidentStatus.RESOLVED
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "incident.retried")).scalar_one()


def test_the_performer_sees_the_supervisors_reminder_and_comment_on_the_step_itself_第三十三条(
        browser, app, overdue_rectification):
    """第三十三条: a delay after a reminder is on record, so the performer must see the reminder where they work."""
    task_id = overdue_rectification.ids.open_task(overdue_rectification.case_id, "await_rectification")
    supervisor = browser("chen.supervisor")
    supervisor.get("/supervise")
    supervisor.post(f"/supervise/tasks/{task_id}/remind", {"message": "请本周内上报整改情况"})
    supervisor.post(f"/supervise/tasks/{task_id}/comment", {"body": "已电话督促承办人"})
    page = text_of(browser("wang.clerk").get(f"/tasks/{task_id}"))
    assert "督办意见" in page and "请本周内上报整改情况" in page and "已电话督促承办人" in page
    assert "陈督办" in page
