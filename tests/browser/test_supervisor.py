"""The supervisor's workspace in a real browser under the pages' CSP, as ``chen.supervisor`` (issue 4 proof).

The live app is seeded with an approved inquiry whose implementation should have started within 7 days
(第十七条), an ordered correction whose month has run out (第三十条: the timer opened the overdue decision)
and a clue left unscreened for six weeks (第三十三条). The manual clock is moved to 4 December 2026 and the
due timers are fired (``DatabaseManualClock.set`` + ``engine.run_due_jobs``). The supervisor sees both late
steps on the board with its charts, reminds the inquiry's performers and hands the step to a colleague,
then opens the deadline, step-duration (heatmap), statistics and incident pages. Screenshots are kept in
tests/browser/screenshots/supervise-*.png.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

import engine
from engine.actors import Actor
from engine.clock import LOCAL_TZ
from engine.clock import FixedClock
from engine.clockstore import DatabaseManualClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import HumanTask
from engine.models import Incident
from engine.models import IncidentStatus
from engine.models import Notification
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.seed import DEMO_PASSWORD
from processes import measures
from tests.browser.conftest import SCREENSHOTS
from webui import extensions

pytestmark = pytest.mark.browser

TODAY = dt.datetime(2026, 12, 4, 9, 0, tzinfo=LOCAL_TZ)
#: hours between two seeded steps, in turn
PACE = (2, 7, 3, 26, 5)


class Seeder:
    """Drives cases through the engine on the live app's database, one transaction per step."""

    def __init__(self, app):
        self.app = app
        self.factory = extensions.session_factory()
        self.steps = 0

    def clock(self) -> FixedClock:
        return FixedClock(extensions.clock().now())

    def user_id(self, username: str) -> int:
        with self.factory() as session:
            return session.execute(select(User.id).where(User.username == username)).scalar_one()

    def cadre_id(self, unit_code: str, title: str) -> int:
        with self.factory() as session:
            return session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
                Unit.code == unit_code, Cadre.position_title == title)).scalar_one()

    def register(self, cadre_id: int, received_on: str = "2026-11-01") -> int:
        clock = self.clock()
        with unit_of_work(self.factory) as session:
            actor = Actor(session.execute(select(User).where(User.username == "wang.clerk")).scalar_one())
            return measures.register_clue(session, clock, actor, {
                "source_channel": "letters_visits", "received_on": received_on, "source_unit_name": "县信访局",
                "summary": "群众来信反映该干部违规收受礼金。", "subject_cadre_id": cadre_id}).case.id

    def do(self, case_id: int, username: str, bpmn_id: str, **data) -> None:
        # Each step some hours after the last, so the step durations are not all zero.
        self.steps += 1
        shared = extensions.clock()
        shared.set(shared.now() + dt.timedelta(hours=PACE[self.steps % len(PACE)]))
        clock = self.clock()
        with self.factory() as session:
            task_id = session.execute(select(HumanTask.id).where(
                of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id,
                HumanTask.status == TaskStatus.OPEN)).scalar_one()
        with unit_of_work(self.factory) as session:
            actor = Actor(session.execute(select(User).where(User.username == username)).scalar_one())
            engine.complete_task(session, clock, actor, task_id, data)


#: an ordered correction from screening to the receipt of the notice (第十四–三十条)
CORRECTION_TO_RECEIPT = [
    ("wang.clerk", "screen_clue", {"routing": "handle_here", "reason": "属县管干部,本级处理"}),
    ("wang.clerk", "propose_subject", {"warning_type": "correction", "facts": "违规收受礼金2000元",
                                       "grounds": "第九条"}),
    ("wang.clerk", "preliminary_check", {"method": "preliminary_check", "finished_on": "2026-11-02",
                                         "findings": "反映问题基本属实", "check_conclusion": "confirmed"}),
    ("xu.clerk", "fill_approval_form", {"proposal": "建议予以责令纠错", "basis": "第九条、第十七条"}),
    ("zhang.secretary", "approve_correction", {"approval_decision": "approved", "decided_on": "2026-11-02",
                                               "opinion": "同意"}),
    ("wu.partychief", "report_to_party_chief", {"acknowledged_on": "2026-11-02", "opinion": "阅"}),
    ("wang.clerk", "plan_implementation", {"method": "written", "started_on": "2026-11-02",
                                           "implementer": "县纪委书记"}),
    ("xu.clerk", "fill_registration_form", {"rectification_requirements": "一个月内退还礼金并作出书面检查"}),
    ("li.deputy", "approve_registration", {"approval_decision": "approved", "decided_on": "2026-11-02"}),
    ("wang.clerk", "issue_notice", {"issued_on": "2026-11-02", "delivery_method": "in_person"}),
    ("wang.clerk", "record_receipt", {"received_on": "2026-11-02"}),
]


def seed_late_cases(app) -> dict[str, int]:
    """An approved inquiry not started, a correction past its month, a clue waiting since 20 October."""
    with app.app_context():
        s = Seeder(app)
        inquiry = s.register(s.cadre_id("town-wabu", "镇长"))
        s.do(inquiry, "wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
        s.do(inquiry, "wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴",
             grounds="第七条")
        s.do(inquiry, "xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
        s.do(inquiry, "li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")

        correction = s.register(s.cadre_id("town-zhengyang", "镇长"))
        for username, step, data in CORRECTION_TO_RECEIPT:
            s.do(correction, username, step, **data)
        s.register(s.cadre_id("dept-finance", "局长"), received_on="2026-10-20")
        # A timer of the correction that failed every retry (SECURITY.md 10), for the incident page.
        opened_at = s.clock().now()  # the manual clock has its own session: read it before writing
        with unit_of_work(s.factory) as session:
            instance = session.execute(select(ProcessInstance).where(
                of_case(ProcessInstance, correction))).scalar_one()
            session.add(Incident(instance_id=instance.id, kind="failed_job", status=IncidentStatus.OPEN,
                                 message="OperationalError: 数据库连接中断(演示)", opened_at=opened_at))

        # 第三十条: the month from 2 November ended with 2 December; the timer opens the overdue decision.
        clock = extensions.clock()
        assert isinstance(clock, DatabaseManualClock)
        clock.set(TODAY)
        report = engine.run_due_jobs(s.factory, FixedClock(clock.now()))
        assert len(report.fired) == 1
        return {"inquiry": inquiry, "correction": correction, "xu": s.user_id("xu.clerk"),
                "wang": s.user_id("wang.clerk")}


@pytest.fixture(scope="module")
def late(live_app):
    return seed_late_cases(live_app)


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home (issue 15 §8)


def test_the_supervisor_sees_late_steps_charts_them_reminds_and_reassigns(page, live_app, late, shot):
    sign_in(page, "chen.supervisor")
    page.click("nav a.nav-link:has-text('督办')")
    page.wait_for_url(re.compile(r"/supervise$"))
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-by-unit') && Chart.getChart('chart-by-step')")
    assert page.inner_text("#count-overdue") == "2"
    bars = page.evaluate("() => Chart.getChart('chart-by-step').data.labels")
    assert sorted(bars) == ["整改逾期/未达要求处理", "确定实施方式"]
    assert page.evaluate("() => document.getElementById('chart-by-unit').getBoundingClientRect().height") > 100
    shot(page, "supervise-01-board")

    with live_app.app_context(), extensions.session_factory()() as session:
        task_id = session.execute(select(HumanTask.id).where(
            of_case(HumanTask, late["inquiry"]), HumanTask.status == TaskStatus.OPEN)).scalar_one()
    row = page.locator(f"#task-row-{task_id}")
    assert "确定实施方式" in row.inner_text() and "已逾期" in row.inner_text()

    # A reminder with a message to everyone who may do the step (the step is not claimed yet).
    row.locator("button:has-text('督办')").click()
    panel = page.locator(f"#act-{task_id}")
    panel.wait_for(state="visible")
    panel.locator("textarea[name=message]").fill("批准已逾一周,请即组织实施(第十七条)")
    shot(page, "supervise-02-action-panel")
    panel.locator("button:has-text('发送提醒')").click()
    page.wait_for_selector(".alert-success")
    assert "已向" in page.inner_text(".alert-success")
    assert "已提醒 1 次" in page.locator(f"#task-row-{task_id}").inner_text()

    # Reassign to 徐敏: the step then waits in her own inbox.
    page.locator(f"#task-row-{task_id} button:has-text('督办')").click()
    panel = page.locator(f"#act-{task_id}")
    panel.wait_for(state="visible")
    panel.locator("select[name=assignee_id]").select_option(str(late["xu"]))
    panel.locator("input[name=reason]").fill("王文书外出培训")
    panel.locator("button:has-text('改派')").click()
    page.wait_for_selector(".alert-success")
    assert "已改派" in page.inner_text(".alert-success")
    assert "徐敏(预警办)" in page.locator(f"#task-row-{task_id}").inner_text()
    shot(page, "supervise-03-after-reassign")
    with live_app.app_context(), extensions.session_factory()() as session:
        assert session.get(HumanTask, task_id).assignee_id == late["xu"]
        told = session.execute(select(Notification.user_id).where(Notification.kind == "reminder")).scalars().all()
        assert late["wang"] in told and late["xu"] in told

    # A click on a bar of the step chart filters the board by that step.
    page.goto("/supervise?group=step")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-by-step')")
    shot(page, "supervise-04-grouped")
    bar = page.evaluate("""() => {
        const chart = Chart.getChart('chart-by-step');
        const index = chart.data.labels.indexOf('确定实施方式');
        const element = chart.getDatasetMeta(0).data[index];
        return {x: (element.x + element.base) / 2, y: element.y};
    }""")
    page.locator("#chart-by-step").click(position={"x": bar["x"], "y": bar["y"]})
    page.wait_for_url(re.compile(r"step=plan_implementation"))
    assert page.locator("#board-table tbody tr[data-task-id]").count() == 1


def test_the_deadline_steps_statistics_and_incident_pages(page, live_app, late, shot):
    sign_in(page, "chen.supervisor")
    page.goto("/supervise/compliance")
    assert "第十七条" in page.inner_text("#late-starts") and page.locator("#late-starts tbody tr").count() == 1
    assert page.locator("#periods-overdue tbody tr").count() == 1
    assert page.locator("#waiting-clues tbody tr").count() == 1
    shot(page, "supervise-05-compliance")

    page.goto("/supervise/steps?process=warning_execution")
    page.wait_for_selector(".lj-heatmap .bpmn-diagram.lj-diagram-ready svg")
    page.wait_for_selector(".lj-heat-badge")
    marked = page.evaluate("() => document.querySelectorAll('.lj-heatmap .djs-shape[class*=lj-heat-]').length")
    assert marked == 1
    fill = page.evaluate("""() => getComputedStyle(document.querySelector(
        '.lj-heatmap [data-element-id=plan_implementation] .djs-visual > :first-child')).fill""")
    assert fill == "rgb(240, 62, 62)"  # the busiest step: supervise.css lj-heat-4
    shot(page, "supervise-06-steps-heatmap")
    page.locator("#heatmap").screenshot(path=str(SCREENSHOTS / "supervise-06b-heatmap-detail.png"))

    page.goto("/supervise/statistics")
    assert "第4季度" in page.inner_text("#stats-table")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "supervise-07-statistics")

    page.goto("/supervise/incidents")
    assert "数据库连接中断" in page.inner_text("#incident-table")
    shot(page, "supervise-08-incidents")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#incident-table button:has-text('重新执行')")
    page.wait_for_selector(".alert-success")
    assert "没有未处理的流程故障" in page.inner_text("main")


def test_the_supervisor_reads_the_board_and_the_heatmap_in_english(page, live_app, late, shot):
    """Issue 3: after switching to English the board, its charts and the heatmap speak English."""
    sign_in(page, "chen.supervisor")
    page.click("footer button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.goto("/supervise")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-by-unit') && Chart.getChart('chart-by-step')")
    legends = page.evaluate("() => Chart.getChart('chart-by-unit').data.datasets.map(d => d.label)")
    assert legends == ["Overdue", "Due within 3 days"]
    assert page.inner_text("main h1").strip() == "Supervision"
    assert "Due board" in page.inner_text("main .nav-tabs") and "days overdue" in page.inner_text("#board-counts")
    assert not re.search(r"[\u3400-\u9fff]", page.inner_text("#board-table thead"))
    shot(page, "supervise-09-board-english")

    page.goto("/supervise/steps?process=warning_execution")
    page.wait_for_selector(".lj-heat-badge")
    assert page.get_attribute(".lj-heat-badge", "title").endswith(" open")
    shot(page, "supervise-10-steps-english")
