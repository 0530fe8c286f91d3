"""预警案件 (warning_case): every path of the main process, from clue to feedback (第十四–十七、二十八–三十一条)."""
from __future__ import annotations

import pytest

from tests.processes.conftest import FUTURE
from tests.processes.conftest import PAST
from tests.processes.conftest import approve
from tests.processes.conftest import determine
from tests.processes.conftest import to_supervision


def finish_with_feedback(walk) -> None:
    """Tell the source department and check that the case has ended (第十四条)."""
    assert walk.ready() == ["feedback_to_source"]
    walk.complete("feedback_to_source", feedback="已将预警情况通报线索来源部门")
    assert walk.finished
    assert walk.ended_at() >= {"end"}


# --- screening (第十四条) -----------------------------------------------------------------------------

def test_case_clue_leaves_warning_process_第十四条(start):
    walk = start()
    assert walk.ready() == ["screen_clue"]
    walk.complete("screen_clue", routing="case_clue", reason="反映问题涉嫌违纪,属案件线索")
    # 第十四条: 属于案件线索的不能实施预警 — no subject is proposed, it is handed over.
    assert walk.ready() == ["hand_over"]
    walk.complete("hand_over", handover_kind="case_clue", receiving_body="县纪委案件检查室")
    finish_with_feedback(walk)
    assert "propose_subject" not in walk.completed
    assert walk.took("f_routing_case_clue") and walk.took("f_handed_over")


def test_report_up_returns_to_screening_第十四条(start):
    walk = start()
    walk.complete("screen_clue", routing="report_up", reason="属上级管辖,及时报告")
    # 第十四条: 属上级管辖的,及时报告 — the managing unit screens the clue again.
    assert walk.ready() == ["screen_clue"]
    assert walk.took("f_report_up")
    walk.complete("screen_clue", routing="handle_here", reason="属本级管辖,直接处理")
    assert walk.ready() == ["propose_subject"]


def test_dismissed_clue_is_closed_with_feedback_to_source_第十四条(start):
    walk = start()
    walk.complete("screen_clue", routing="dismiss", reason="反映问题已查清,无需预警")
    finish_with_feedback(walk)
    assert walk.completed == ["screen_clue", "feedback_to_source"]


def test_clue_managed_here_is_handled_directly_第十四条(start):
    walk = start()
    walk.complete("screen_clue", routing="handle_here", reason="属本级管辖")
    assert walk.ready() == ["propose_subject"]
    assert walk.took("f_handle_here")


# --- determination (第十五、十六条) ---------------------------------------------------------------------

def test_inquiry_needs_no_preliminary_check_第十六条(start):
    walk = start()
    walk.complete("screen_clue", routing="handle_here")
    walk.complete("propose_subject", warning_type="inquiry")
    # 第十六条: 谈话函询对象可以直接确定.
    assert walk.ready() == ["fill_approval_form"]
    assert "preliminary_check" not in walk.completed


@pytest.mark.parametrize("warning_type", ["admonition", "correction"])
def test_admonition_requires_preliminary_check_第十六条(start, warning_type):
    walk = start()
    walk.complete("screen_clue", routing="handle_here")
    walk.complete("propose_subject", warning_type=warning_type)
    # 第十六条: 警示诫勉和责令纠错对象应当在了解、初核或调查后予以审定.
    assert walk.ready() == ["preliminary_check"]
    walk.complete("preliminary_check", check_conclusion="confirmed")
    assert walk.ready() == ["fill_approval_form"]


def test_case_clue_found_by_the_check_is_handed_over_第十四条_第十六条(start):
    walk = start()
    walk.complete("screen_clue", routing="handle_here")
    walk.complete("propose_subject", warning_type="admonition")
    walk.complete("preliminary_check", check_conclusion="case_clue", findings="初核发现涉嫌违纪")
    assert walk.ready() == ["hand_over"]
    walk.complete("hand_over", handover_kind="case_clue")
    finish_with_feedback(walk)
    assert "fill_approval_form" not in walk.completed


def test_unfounded_check_ends_with_feedback_第十四条_第十六条(start):
    walk = start()
    walk.complete("screen_clue", routing="handle_here")
    walk.complete("propose_subject", warning_type="correction")
    walk.complete("preliminary_check", check_conclusion="unfounded", findings="反映问题不实")
    finish_with_feedback(walk)
    assert "fill_approval_form" not in walk.completed


# --- approval (第十七条) -------------------------------------------------------------------------------

@pytest.mark.parametrize(("warning_type", "decisions"), [
    ("inquiry", [("approve_inquiry", "rejected")]),
    ("admonition", [("approve_admonition", "rejected")]),
    ("correction", [("approve_correction", "refer_committee"), ("committee_decision", "rejected")]),
])
def test_rejected_approval_gives_feedback_and_ends_第十七条(start, warning_type, decisions):
    walk = start()
    determine(walk, warning_type)
    for step, decision in decisions:
        walk.complete(step, approval_decision=decision)
    # 第十七条: only an approved warning is carried out; the source still hears how it ended (第十四条).
    finish_with_feedback(walk)
    assert "plan_implementation" not in walk.completed
    assert "report_to_party_chief" not in walk.completed
    assert walk.took("f_not_approved")


@pytest.mark.parametrize("warning_type", ["inquiry", "admonition"])
def test_approved_warning_is_carried_out_第十七条(start, warning_type):
    walk = start()
    determine(walk, warning_type)
    walk.complete(f"approve_{warning_type}", approval_decision="approved")
    assert walk.ready() == ["plan_implementation"]
    assert walk.process_of("plan_implementation") == "warning_execution"


def test_correction_reported_to_party_chief_before_execution_第十七条(start):
    walk = start()
    determine(walk, "correction")
    walk.complete("approve_correction", approval_decision="approved")
    # 第十七条: 责令纠错……并报县委主要领导同志后组织实施 — implementation waits for the report.
    assert walk.ready() == ["report_to_party_chief"]
    assert walk.properties("report_to_party_chief")["role"] == "party_chief"
    walk.complete("report_to_party_chief", opinion="阅")
    assert walk.ready() == ["plan_implementation"]


# --- supervision and its outcome (第二十七–三十一条) --------------------------------------------------------

@pytest.mark.parametrize("warning_type", ["inquiry", "admonition"])
def test_inquiry_and_admonition_replies_are_supervised_第二十八条_第二十九条(start, warning_type):
    walk = start()
    to_supervision(walk, warning_type)
    assert walk.ready() == ["await_reply"]
    assert walk.process_of("await_reply") == "reply_supervision"
    assert walk.armed_timers() == {"reply_overdue": FUTURE}


def test_correction_is_supervised_with_extension_and_follow_up_第三十条(start):
    walk = start()
    to_supervision(walk, "correction")
    assert walk.ready() == ["await_rectification"]
    assert walk.process_of("await_rectification") == "correction_supervision"
    assert walk.armed_timers() == {"rectification_overdue": FUTURE}


def test_concluded_reply_is_fed_back_to_source_第十四条_第二十八条(start):
    walk = start()
    to_supervision(walk, "inquiry", method="talk")
    walk.complete("await_reply", submitted_on="2026-11-10")
    walk.complete("review_reply", supervision_outcome="concluded", opinion="说明清楚")
    finish_with_feedback(walk)
    assert walk.data["supervision_outcome"] == "concluded"
    assert walk.took("f_concluded")


@pytest.mark.parametrize(("outcome", "new_type"), [
    ("escalate_admonition", "admonition"),
    ("escalate_correction", "correction"),
])
def test_escalation_goes_back_to_preliminary_check_第二十八条_第二十九条(start, outcome, new_type):
    walk = start()
    to_supervision(walk, "inquiry")
    walk.complete("await_reply", submitted_on="2026-11-10")
    # warning_type is what the conclude_review effect writes for an escalation.
    walk.complete("review_reply", supervision_outcome=outcome, warning_type=new_type)
    # 第二十八条: 经调查问题属实的,可转警示诫勉、责令纠错 — so the graver warning is checked (第十六条)
    # and approved (第十七条) again before it is carried out.
    assert walk.ready() == ["preliminary_check"]
    assert walk.took("f_escalate")
    walk.complete("preliminary_check", check_conclusion="confirmed")
    walk.complete("fill_approval_form")
    assert walk.ready() == [f"approve_{new_type}"]
    approve(walk, new_type)
    assert walk.ready() == ["plan_implementation"]


def test_overdue_escalation_also_goes_back_to_preliminary_check_第二十九条(start):
    walk = start()
    to_supervision(walk, "admonition", due=PAST)
    walk.tick()
    assert walk.ready() == ["decide_overdue"]
    walk.complete("decide_overdue", supervision_outcome="escalate_correction", warning_type="correction")
    assert walk.ready() == ["preliminary_check"]


@pytest.mark.parametrize("outcome", ["organisational_handling", "case_filed"])
def test_weak_rectification_is_handed_over_第二十九条(start, outcome):
    walk = start()
    to_supervision(walk, "admonition")
    walk.complete("await_reply", submitted_on="2026-11-10")
    # 第二十九条: 整改不力、错误蔓延的,转责令纠错或组织处理;构成立案条件,按有关规定立案查处.
    walk.complete("review_reply", supervision_outcome=outcome)
    assert walk.ready() == ["hand_over"]
    assert walk.took("f_outcome_hand_over")
    walk.complete("hand_over", handover_kind=outcome)
    finish_with_feedback(walk)


def test_lifted_correction_is_fed_back_to_source_第三十条(start):
    walk = start()
    to_supervision(walk, "correction", method="written_and_talk")
    walk.complete("await_rectification", progress="report_submitted")
    walk.complete("follow_up_visit", requirements_met=True)
    walk.complete("fill_follow_up_form", opinion="建议解除预警")
    # supervision_outcome is what the lift_warning effect writes when the lifting is approved.
    walk.complete("approve_lifting", approval_decision="approved", supervision_outcome="lifted")
    finish_with_feedback(walk)
    assert walk.data["supervision_outcome"] == "lifted"


def test_uncorrected_correction_is_handed_over_第三十一条(start):
    walk = start()
    to_supervision(walk, "correction")
    walk.complete("await_rectification", progress="report_submitted")
    walk.complete("follow_up_visit", requirements_met=False)
    # 第三十一条: 整改期限满,错误没有得到纠正的,转组织处理或立案查处.
    walk.complete("decide_correction_overdue", supervision_outcome="case_filed")
    assert walk.ready() == ["hand_over"]
    walk.complete("hand_over", handover_kind="case_filed")
    finish_with_feedback(walk)
    assert walk.data["supervision_outcome"] == "case_filed"
