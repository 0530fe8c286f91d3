"""One deadline truth in the browser (issue 15 §3 and §9), desktop and 390 px phone.

The live app is seeded through the engine, then the manual clock is set to 7 December 2026:

- an approved inquiry whose carrying out should have started within 7 days of its approval (第十七条) and
  has not: the case summary, the ledger, the clerk's inbox, the task page and the supervisor's board all
  show the same due date, the same days overdue and the same day it became overdue, naming the step and
  the rule (批准之日起7日内组织实施, 第十七条);
- a clue received on 3 October and registered by a town clerk, still waiting to be screened: the town clerk's
  inbox shows the 65 days the supervisor lists it with (第十四、三十三条), not "no statutory deadline";
- an ordered correction whose month ran out on 2 December (第三十条); the timer opened the overdue decision
  (第三十一条), the late report was accepted, the follow-up visit found the correction done, and the
  leader's approval to lift waits: the late mark sits on the rectification step alone, and the approval
  page carries no overdue badge.
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
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import Case
from engine.models.cases import of_case
from processes import measures
from tests.browser.test_supervisor import CORRECTION_TO_RECEIPT
from tests.browser.test_supervisor import Seeder
from webui import extensions

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TODAY = dt.datetime(2026, 12, 7, 9, 0, tzinfo=LOCAL_TZ)
#: the month of 第三十条 from the receipt on 2 November ended with 2 December; on the 4th the timer has fired
PERIOD_OVER = dt.datetime(2026, 12, 4, 9, 0, tzinfo=LOCAL_TZ)


def _set_clock(moment: dt.datetime) -> FixedClock:
    clock = extensions.clock()
    assert isinstance(clock, DatabaseManualClock)
    clock.set(moment)
    return FixedClock(clock.now())


def _register_as(s: Seeder, username: str, cadre_id: int, received_on: str) -> int:
    clock = s.clock()  # the manual clock has its own session: read it before writing
    with unit_of_work(s.factory) as session:
        actor = Actor(session.execute(select(User).where(User.username == username)).scalar_one())
        return measures.register_clue(session, clock, actor, {
            "source_channel": "letters_visits", "received_on": received_on, "source_unit_name": "镇信访办",
            "summary": "群众来信反映该干部违规收受礼金。", "subject_cadre_id": cadre_id}).case.id


@pytest.fixture(scope="module")
def seeded(live_app) -> dict:
    with live_app.app_context():
        s = Seeder(live_app)
        late_start = s.register(s.cadre_id("town-wabu", "镇长"))
        for username, step, data in CORRECTION_TO_RECEIPT[:6]:  # approved and reported, not yet carried out
            s.do(late_start, username, step, **data)
        waiting = _register_as(s, "zy.office", s.cadre_id("town-zhengyang", "镇长"), "2026-10-03")
        late_report = s.register(s.cadre_id("dept-finance", "局长"))
        for username, step, data in CORRECTION_TO_RECEIPT:
            s.do(late_report, username, step, **data)
        engine.run_due_jobs(s.factory, _set_clock(PERIOD_OVER))  # 第三十一条: the month is over
        s.do(late_report, "wang.clerk", "decide_correction_overdue", supervision_outcome="late_submission",
             submitted_on="2026-12-04", summary="已退还礼金2000元并提交书面检查")
        s.do(late_report, "wang.clerk", "follow_up_visit", visited_on="2026-12-04", methods=["hearing_report"],
             findings="回访确认礼金已退还,整改到位", requirements_met=True)
        s.do(late_report, "xu.clerk", "fill_follow_up_form", opinion="已达到整改要求,建议解除预警")
        _set_clock(TODAY)
        with s.factory() as session:
            def open_step(case_id: int, bpmn_id: str) -> HumanTask:
                return session.execute(select(HumanTask).where(
                    of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id,
                    HumanTask.status == TaskStatus.OPEN)).scalar_one()
            plan = open_step(late_start, "plan_implementation")
            return {
                "late_start": late_start, "number": session.get(Case, late_start).number, "plan": plan.id,
                "due": plan.due_date, "waiting": waiting, "waiting_number": session.get(Case, waiting).number,
                "late_report": late_report, "lifting": open_step(late_report, "approve_lifting").id,
            }


def _mark(scope) -> dict:
    """The deadline mark (webui/templates/macros.html ``deadline``) inside ``scope``: state, due, days, words."""
    mark = scope.locator(".lj-deadline-mark").first
    return {"state": mark.get_attribute("data-deadline"), "due": mark.get_attribute("data-due"),
            "days": mark.get_attribute("data-days"), "words": " ".join(mark.inner_text().split())}


def _row(page, text: str):
    row = page.locator("tr", has_text=text)
    row.first.wait_for()
    return row.first


def test_one_overdue_case_shows_the_same_deadline_on_every_screen_第十七条(sign_in, seeded, shot):
    due: dt.date = seeded["due"]
    days = (TODAY.date() - due).days
    expected = {"state": "overdue", "due": due.isoformat(), "days": str(days)}
    since = f"已逾期 {days} 天(自 {(due + dt.timedelta(days=1)).isoformat()} 起)"
    rule = "依据:批准之日起7日内组织实施(第十七条)"
    number = seeded["number"]

    clerk = sign_in("wang.clerk", DESKTOP)
    clerk.goto(f"/cases/{seeded['late_start']}")
    summary = _mark(clerk.locator("#current-deadline"))
    assert {k: summary[k] for k in expected} == expected
    # which deadline, under which rule, since when — where the summary used to say "当前期限 —"
    assert since in summary["words"] and f"确定实施方式 · {rule}" in summary["words"]
    shot(clerk, "deadline-01-case-summary")

    clerk.goto("/cases")
    ledger = _mark(_row(clerk, number))
    assert ledger == summary
    shot(clerk, "deadline-02-ledger")

    clerk.goto("/?tab=overdue")
    inbox = _mark(_row(clerk, number))
    assert {k: inbox[k] for k in expected} == expected and since in inbox["words"] and rule in inbox["words"]
    shot(clerk, "deadline-03-inbox")

    clerk.goto(f"/tasks/{seeded['plan']}")
    task = _mark(clerk.locator("#task-deadline"))
    assert task == inbox

    supervisor = sign_in("chen.supervisor", DESKTOP)
    supervisor.goto("/supervise")
    board = _mark(supervisor.locator(f"#task-row-{seeded['plan']}"))
    assert board == inbox  # the supervisor's board reads the same deadline, word for word
    shot(supervisor, "deadline-04-supervisor-board")

    phone = sign_in("wang.clerk", PHONE)
    phone.goto(f"/cases/{seeded['late_start']}")
    assert _mark(phone.locator("#current-deadline")) == summary
    assert phone.locator("#current-deadline .badge").is_visible()
    shot(phone, "deadline-05-case-summary-390")
    phone.goto("/?tab=overdue")
    assert _mark(_row(phone, number)) == inbox
    shot(phone, "deadline-06-inbox-390")


def test_a_clue_the_supervisor_lists_as_waiting_shows_its_waiting_in_the_town_inbox_第三十三条(sign_in, seeded,
                                                                                        shot):
    number = seeded["waiting_number"]
    supervisor = sign_in("chen.supervisor", DESKTOP)
    supervisor.goto("/supervise/compliance")
    listed = _row(supervisor, number).locator("[data-deadline=waiting]")
    assert listed.get_attribute("data-days") == "65" and "65 天" in listed.inner_text()

    town = sign_in("zy.office", DESKTOP)
    town.goto("/?tab=groups")
    waiting = _mark(_row(town, number))
    assert waiting["state"] == "waiting" and waiting["days"] == "65"
    assert "已等待 65 天" in waiting["words"] and "自 2026-10-03 接到线索" in waiting["words"]
    assert "无法定期限,等待超过 7 日列入督办(第十四、三十三条)" in waiting["words"]
    shot(town, "deadline-07-town-inbox-waiting-clue")

    phone = sign_in("zy.office", PHONE)
    phone.goto("/?tab=groups")
    assert _mark(_row(phone, number)) == waiting
    shot(phone, "deadline-08-town-inbox-waiting-clue-390")


def test_the_late_mark_stays_on_the_step_that_was_late_第三十一条(sign_in, seeded, shot):
    for viewport, suffix in ((DESKTOP, ""), (PHONE, "-390")):
        leader = sign_in("zhang.secretary", viewport)
        leader.goto(f"/tasks/{seeded['lifting']}")
        leader.locator("h1", has_text="审批解除预警").wait_for()
        # the approval to lift runs under no deadline: no "overdue" anywhere on its page
        assert _mark(leader.locator("#current-deadline"))["state"] == "none"
        assert leader.locator(".badge", has_text=re.compile("逾期")).count() == 0
        shot(leader, f"deadline-09-approve-lifting{suffix}")

    clerk = sign_in("wang.clerk", DESKTOP)
    clerk.goto(f"/cases/{seeded['late_report']}")
    marks = clerk.locator("#timeline .lj-late-mark")
    assert marks.count() == 1  # one late step, one mark
    late_step = clerk.locator("#timeline li", has=clerk.locator(".lj-late-mark"))
    assert late_step.get_attribute("data-step") == "await_rectification"
    assert marks.inner_text() == "逾期 2 天未办结"  # the month ended 2 December; the timer ended the step on the 4th
    for later in ("decide_correction_overdue", "follow_up_visit", "fill_follow_up_form", "approve_lifting"):
        assert clerk.locator(f"#timeline li[data-step={later}] .badge", has_text=re.compile("逾期")).count() == 0
    shot(clerk, "deadline-10-case-late-mark")
