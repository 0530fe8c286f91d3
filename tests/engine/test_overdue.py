"""One deadline truth (issue 15 §3, §9): engine.overdue computes, for a case and for each open step, the
deadline it is held to — which step, under which article, due when, running since when, overdue since
when — and the supervisor's board and compliance list read the same computation as the case summary, the
ledger, its Excel export, the inbox and the task page.

- 第十七条: an approved warning is carried out within 7 days; the missed start is the case's deadline.
- 第二十七、三十条: an ordered correction reports within one month of receiving the notice.
- 第十四、三十三条: a clue has no statutory screening deadline; the supervisor lists one waiting 7 days or
  more (deliberately delaying screening is an offence), counting from the day it was received.
- 第三十一条: a report handed in after the month is decided on; the lateness is marked on that step only,
  never on the steps after it (the follow-up visit, the leader's approval to lift).
"""
from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.models.tasks import HumanTask
from engine.overdue import CLUE_WAIT_DAYS
from engine.overdue import STEP
from engine.overdue import WAITING
from engine.overdue import current_deadlines
from engine.overdue import days_late
from engine.overdue import missed_deadlines
from engine.overdue import task_deadlines
from engine.supervision_queries import compliance_report
from engine.supervision_queries import due_board
from tests.engine.test_correction_case import approve_correction_up_to_receipt
from tests.engine.test_reminders import approve_inquiry
from tests.engine.test_supervision_queries import ask
from tests.engine.test_supervision_queries import on


def _deadlines(world, *case_ids: int):
    today = world.clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    with world.factory() as session:
        return current_deadlines(session, today, case_ids), missed_deadlines(session, today, case_ids)


def test_a_missed_start_is_the_case_deadline_named_with_its_article_and_since_when_第十七条(world, walker_for):
    inquiry = walker_for("town-wabu", "镇长")
    plan = approve_inquiry(inquiry)  # approved 2 November: start within 7 days
    on(world, "2026-11-20")
    deadlines, missed = _deadlines(world, inquiry.case_id)
    deadline = deadlines[inquiry.case_id]
    assert (deadline.kind, deadline.bpmn_id, deadline.task_id) == (STEP, "plan_implementation", plan.id)
    # the rule the date comes from, as the diagram's dueRule names it: not every article the step cites
    assert deadline.rule == "批准之日起7日内组织实施(第十七条)" and deadline.due_date == plan.due_date
    assert deadline.runs_from == dt.date(2026, 11, 2)
    assert deadline.overdue and deadline.days_overdue == (dt.date(2026, 11, 20) - plan.due_date).days
    assert deadline.overdue_since == plan.due_date + dt.timedelta(days=1)
    assert missed[inquiry.case_id].due_date == deadline.due_date  # the case is overdue by this very deadline
    assert deadline.describe_zh().endswith(
        f"逾期{deadline.days_overdue}天(自{deadline.overdue_since:%Y-%m-%d}起)")

    # the supervisor's board and compliance list count the same days from the same date
    [row] = ask(world, due_board).rows.items
    assert row.deadline == deadline and row.days_overdue == deadline.days_overdue
    [late_start] = ask(world, compliance_report).late_starts
    assert (late_start.start_due_date, late_start.days_late) == (deadline.due_date, deadline.days_overdue)


def test_a_running_period_counts_down_from_the_receipt_第三十条(world, walker_for):
    correction = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(correction, world, received_on="2026-11-03")
    on(world, "2026-11-20")
    deadline = _deadlines(world, correction.case_id)[0][correction.case_id]
    assert (deadline.bpmn_id, deadline.due_date, deadline.runs_from) == (
        "await_rectification", dt.date(2026, 12, 3), dt.date(2026, 11, 3))
    assert not deadline.overdue and deadline.days_left == 13 and deadline.days_overdue == 0
    assert deadline.rule == "说明/整改期限(第二十八、二十九、三十条)"
    [period] = ask(world, compliance_report).periods_running
    assert period.days_left == deadline.days_left


def test_a_waiting_clue_has_no_statutory_deadline_but_the_supervisors_waiting_time_第三十三条(world, walker_for):
    waiting = walker_for("town-anfeng", "镇长", received_on="2026-10-03")
    on(world, "2026-12-03")
    fresh = walker_for("town-wabu", "镇长", received_on="2026-12-03")
    on(world, "2026-12-07")
    deadlines, missed = _deadlines(world, waiting.case_id, fresh.case_id)
    deadline = deadlines[waiting.case_id]
    assert (deadline.kind, deadline.bpmn_id, deadline.article) == (WAITING, "screen_clue", "第十四、三十三条")
    assert deadline.rule == f"线索接到后及时筛选分流,超过{CLUE_WAIT_DAYS}日列入督办(第十四、三十三条)"
    assert deadline.runs_from == dt.date(2026, 10, 3) and deadline.days_waiting == 65
    assert deadline.tracked and not deadline.overdue and not missed  # tracked, never "overdue"
    assert deadline.due_date == dt.date(2026, 10, 3) + dt.timedelta(days=CLUE_WAIT_DAYS)
    assert deadlines[fresh.case_id].days_waiting == 4 and not deadlines[fresh.case_id].tracked
    # the supervisor lists the same clue with the same days; the inbox row of its step says the same
    listed = {c.case.id: c for c in ask(world, compliance_report).waiting_clues}
    row = listed[waiting.case_id]
    assert row.days_waiting == deadline.days_waiting and row.deadline == deadline
    task = waiting.open_task("screen_clue")
    with world.factory() as session:
        assert task_deadlines(session, dt.date(2026, 12, 7), [task])[task.id] == deadline


def test_a_late_report_marks_only_the_step_that_was_late_第三十一条(world, walker_for):
    correction = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(correction, world, received_on="2026-11-03")  # the month ends 3 December
    on(world, "2026-12-05")
    assert len(engine.run_due_jobs(world.factory, world.clock).fired) == 1  # 第三十一条: the period is over
    deadline = _deadlines(world, correction.case_id)[0][correction.case_id]
    assert (deadline.bpmn_id, deadline.days_overdue, deadline.overdue_since) == (
        "decide_correction_overdue", 2, dt.date(2026, 12, 4))

    correction.do("wang.clerk", "decide_correction_overdue", supervision_outcome="late_submission",
                  submitted_on="2026-12-05", summary="已退还礼金并作书面检查")
    correction.do("wang.clerk", "follow_up_visit", visited_on="2026-12-05", methods=["hearing_report"],
                  findings="整改到位", requirements_met=True)
    correction.do("xu.clerk", "fill_follow_up_form", opinion="已达到整改要求,建议解除预警")
    on(world, "2026-12-07")
    # the leader's approval to lift runs under no deadline: the passed month is not carried on to it
    assert _deadlines(world, correction.case_id) == ({}, {})
    lifting = correction.open_task("approve_lifting")
    with world.factory() as session:
        assert task_deadlines(session, dt.date(2026, 12, 7), [lifting]) == {}
        steps = {t.bpmn_id: t for t in engine.case_detail(session, world.user(session, "wang.clerk"),
                                                            correction.case_id).tasks}
    # the month ran out on await_rectification (ended by the timer two days on): the mark is there, and only there
    assert [(b, days_late(t)) for b, t in steps.items() if days_late(t)] == [("await_rectification", 2)]


@pytest.mark.parametrize("opened, completed, late", [
    ("2026-11-03T10:00:00+08:00", "2026-12-03T23:00:00+08:00", None),  # the last day counts whole (民法典第二百零三条)
    ("2026-11-03T10:00:00+08:00", "2026-12-04T08:00:00+08:00", 1),
    ("2026-12-04T00:00:00+08:00", "2026-12-09T08:00:00+08:00", None),  # opened after the date: inherited, not late
])
def test_the_late_mark_counts_local_days_after_the_last_day(opened, completed, late):
    task = HumanTask(status="completed", due_date=dt.date(2026, 12, 3), created_at=dt.datetime.fromisoformat(opened),
                     completed_at=dt.datetime.fromisoformat(completed))
    assert days_late(task) == late
