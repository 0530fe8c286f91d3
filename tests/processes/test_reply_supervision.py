"""谈话函询、警示诫勉的说明与整改 (reply_supervision): reply in time, overdue, review (第二十七–二十九条)."""
from __future__ import annotations

import pytest

from tests.processes.conftest import FUTURE
from tests.processes.conftest import PAST


def start_reply(start, warning_type="inquiry", due=FUTURE):
    walk = start("reply_supervision", warning_type=warning_type, current_due_at=due)
    if due == FUTURE:
        assert walk.ready() == ["await_reply"]
    return walk


def test_reply_timer_is_armed_at_current_due_at_第二十八条(start):
    walk = start_reply(start)
    # The deadline is the absolute instant the engine computed from the receipt date (DOMAIN.md §2),
    # never an ISO duration counted from a click.
    assert walk.armed_timers() == {"reply_overdue": FUTURE}
    walk.tick()
    assert walk.ready() == ["await_reply"]
    props = walk.properties("await_reply")
    assert (props["dueRule"], props["stage"], props["effect"]) == ("reply_deadline", "rectification", "record_reply")


def test_reply_in_time_is_reviewed_and_concluded_第二十八条(start):
    walk = start_reply(start)
    # 第二十八条: 应在10日内将需要向组织说明的情况以书面形式交预警办.
    walk.complete("await_reply", submitted_on="2026-11-10", summary="已书面说明有关情况")
    assert walk.ready() == ["review_reply"]
    assert walk.armed_timers() == {}
    walk.complete("review_reply", supervision_outcome="concluded", opinion="说明清楚,预警结束")
    assert walk.finished
    assert walk.ended_at() == {"end_reviewed"}
    assert walk.data["supervision_outcome"] == "concluded"


@pytest.mark.parametrize("outcome", ["escalate_admonition", "escalate_correction", "organisational_handling",
                                     "case_filed"])
def test_review_may_escalate_or_hand_over_第二十八条_第二十九条(start, outcome):
    walk = start_reply(start, warning_type="admonition")
    walk.complete("await_reply", submitted_on="2026-11-10")
    # 第二十八条: 经调查问题属实的,可转警示诫勉、责令纠错; 第二十九条: 整改不力……转责令纠错或组织处理,立案查处.
    walk.complete("review_reply", supervision_outcome=outcome)
    assert walk.ended_at() == {"end_reviewed"}
    assert walk.data["supervision_outcome"] == outcome


def test_overdue_reply_is_decided_then_late_submission_reviewed_第二十八条(start):
    walk = start_reply(start, due=PAST)
    walk.tick()
    # The interrupting timer cancels the wait and opens the overdue decision.
    assert walk.ready() == ["decide_overdue"]
    assert walk.took("f_reply_overdue")
    props = walk.properties("decide_overdue")
    assert (props["stage"], props["effect"], props["dueRule"]) == ("overdue", "decide_overdue", "reply_deadline")
    walk.complete("decide_overdue", supervision_outcome="late_submission", submitted_on="2026-11-20")
    assert walk.ready() == ["review_reply"]
    walk.complete("review_reply", supervision_outcome="concluded")
    assert walk.ended_at() == {"end_reviewed"}
    assert "await_reply" not in walk.completed


def test_moved_deadline_fires_when_passed_第二十九条(start):
    walk = start_reply(start, warning_type="admonition")
    walk.tick()
    assert walk.ready() == ["await_reply"]
    walk.move_timer("reply_overdue", PAST)
    walk.tick()
    assert walk.ready() == ["decide_overdue"]


@pytest.mark.parametrize("outcome", ["escalate_admonition", "escalate_correction", "organisational_handling",
                                     "case_filed"])
def test_overdue_decision_may_escalate_or_hand_over_第二十八条_第二十九条(start, outcome):
    walk = start_reply(start, warning_type="admonition", due=PAST)
    walk.tick()
    walk.complete("decide_overdue", supervision_outcome=outcome)
    assert walk.finished
    assert walk.ended_at() == {"end_overdue"}
    assert walk.data["supervision_outcome"] == outcome
    assert "review_reply" not in walk.completed
