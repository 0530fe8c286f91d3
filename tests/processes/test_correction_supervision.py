"""责令纠错整改、延期与回访 (correction_supervision): extension, follow-up, lifting, overdue (第三十、三十一条)."""
from __future__ import annotations

from tests.processes.conftest import FUTURE
from tests.processes.conftest import PAST

EXTENDED_ONCE = "2999-12-31T16:00:01+00:00"
EXTENDED_TWICE = "2999-12-31T16:00:02+00:00"


def start_correction(start, due=FUTURE):
    walk = start("correction_supervision", warning_type="correction", current_due_at=due)
    if due == FUTURE:
        assert walk.ready() == ["await_rectification"]
    return walk


def extend(walk, new_due: str) -> None:
    """Request, fill, approve and notify one extension (第三十条); ``new_due`` is what the notice effect sets."""
    walk.complete("await_rectification", progress="extension_requested", reason="退赔款项需分期筹措")
    assert walk.ready() == ["fill_extension_form"]
    walk.complete("fill_extension_form", reason="特殊情况", requested_due_date="2026-12-20")
    assert walk.ready() == ["approve_extension"]
    walk.complete("approve_extension", extension_decision="approved", approved_due_date="2026-12-20")
    assert walk.ready() == ["issue_extension_notice"]
    walk.complete("issue_extension_notice", delivery_method="in_person", current_due_at=new_due)


def lift(walk) -> None:
    """Report, visit, register the follow-up and approve the lifting (第三十条)."""
    walk.complete("await_rectification", progress="report_submitted", summary="已整改到位")
    walk.complete("follow_up_visit", requirements_met=True, methods=["hearing_report"])
    walk.complete("fill_follow_up_form", opinion="已达到整改要求,建议解除预警")
    # supervision_outcome is what the lift_warning effect writes when the lifting is approved.
    walk.complete("approve_lifting", approval_decision="approved", supervision_outcome="lifted")


def test_correction_with_two_extension_loops_第三十条(start):
    walk = start_correction(start)
    assert walk.armed_timers() == {"rectification_overdue": FUTURE}
    # 第三十条: 特殊情况需延期的……由预警办填写延期整改审批表,报相关领导批准后,发出延期整改通知书.
    extend(walk, EXTENDED_ONCE)
    assert walk.ready() == ["await_rectification"]
    assert walk.armed_timers() == {"rectification_overdue": EXTENDED_ONCE}
    extend(walk, EXTENDED_TWICE)
    assert walk.armed_timers() == {"rectification_overdue": EXTENDED_TWICE}
    lift(walk)
    assert walk.completed.count("issue_extension_notice") == 2
    assert walk.ended_at() == {"end_lifted"}


def test_rejected_extension_keeps_the_deadline_第三十条(start):
    walk = start_correction(start)
    walk.complete("await_rectification", progress="extension_requested")
    walk.complete("fill_extension_form", requested_due_date="2026-12-20")
    walk.complete("approve_extension", extension_decision="rejected", opinion="理由不充分")
    assert walk.ready() == ["await_rectification"]
    assert walk.armed_timers() == {"rectification_overdue": FUTURE}
    assert "issue_extension_notice" not in walk.completed
    assert walk.took("f_extension_rejected")


def test_extension_approver_is_not_the_form_filler_第三十条(start):
    walk = start_correction(start)
    walk.complete("await_rectification", progress="extension_requested")
    walk.complete("fill_extension_form", requested_due_date="2026-12-20")
    props = walk.properties("approve_extension")
    assert (props["role"], props["notSameAs"], props["effect"]) == (
        "deputy_secretary|secretary", "fill_extension_form", "decide_extension")


def test_report_follow_up_and_lifting_approved_第三十条(start):
    walk = start_correction(start)
    walk.complete("await_rectification", progress="report_submitted")
    # 第三十条: 预警办……通过听取汇报、查阅资料、召开座谈会等形式进行回访.
    assert walk.ready() == ["follow_up_visit"]
    walk.complete("follow_up_visit", requirements_met=True)
    assert walk.ready() == ["fill_follow_up_form"]
    walk.complete("fill_follow_up_form", opinion="建议解除预警")
    assert walk.ready() == ["approve_lifting"]
    props = walk.properties("approve_lifting")
    # 分权制衡 (issue 14 §3.3): who visited or filled the follow-up form may not approve the lifting.
    assert (props["role"], props["notSameAs"], props["effect"]) == (
        "deputy_secretary|secretary", "follow_up_visit,fill_follow_up_form", "lift_warning")
    walk.complete("approve_lifting", approval_decision="approved", supervision_outcome="lifted")
    # 第三十条: 报纪检监察机关领导批准后解除预警.
    assert walk.finished
    assert walk.ended_at() == {"end_lifted"}
    assert walk.data["supervision_outcome"] == "lifted"


def test_lifting_rejected_visits_again_第三十条(start):
    walk = start_correction(start)
    walk.complete("await_rectification", progress="report_submitted")
    walk.complete("follow_up_visit", requirements_met=True)
    walk.complete("fill_follow_up_form", opinion="建议解除预警")
    walk.complete("approve_lifting", approval_decision="rejected", opinion="需再次回访核实")
    assert walk.ready() == ["follow_up_visit"]
    assert walk.took("f_lifting_rejected")
    walk.complete("follow_up_visit", requirements_met=True)
    walk.complete("fill_follow_up_form")
    walk.complete("approve_lifting", approval_decision="approved", supervision_outcome="lifted")
    assert walk.ended_at() == {"end_lifted"}


def test_follow_up_not_met_goes_to_overdue_decision_第三十一条(start):
    walk = start_correction(start)
    walk.complete("await_rectification", progress="report_submitted")
    walk.complete("follow_up_visit", requirements_met=False, findings="未整改到位")
    assert walk.ready() == ["decide_correction_overdue"]
    # 第三十一条: 整改期限满,错误没有得到纠正的,按有关规定,转组织处理或立案查处.
    walk.complete("decide_correction_overdue", supervision_outcome="case_filed")
    assert walk.finished
    assert walk.ended_at() == {"end_handed_over"}
    assert walk.data["supervision_outcome"] == "case_filed"


def test_overdue_correction_may_continue_rectification_第三十一条(start):
    walk = start_correction(start, due=PAST)
    walk.tick()
    assert walk.ready() == ["decide_correction_overdue"]
    assert walk.took("f_rectification_overdue")
    # A decision to keep rectifying needs a new deadline, else the re-armed timer fires again at once.
    walk.complete("decide_correction_overdue", supervision_outcome="continue_rectification",
                  current_due_at=FUTURE)
    assert walk.ready() == ["await_rectification"]
    assert walk.armed_timers() == {"rectification_overdue": FUTURE}
    lift(walk)
    assert walk.ended_at() == {"end_lifted"}


def test_continue_rectification_needs_a_new_deadline_第三十一条(start):
    walk = start_correction(start, due=PAST)
    walk.tick()
    # Contract with the engine: the timer re-arms with current_due_at when the wait is re-entered. A decision
    # to continue that leaves a passed deadline in place brings the decision straight back.
    walk.complete("decide_correction_overdue", supervision_outcome="continue_rectification")
    assert walk.ready() == ["decide_correction_overdue"]
    assert walk.completed.count("decide_correction_overdue") == 1


def test_overdue_correction_with_late_report_is_visited_第三十条_第三十一条(start):
    walk = start_correction(start, due=PAST)
    walk.tick()
    walk.complete("decide_correction_overdue", supervision_outcome="late_submission", submitted_on="2026-12-10")
    assert walk.ready() == ["follow_up_visit"]
    walk.complete("follow_up_visit", requirements_met=False)
    walk.complete("decide_correction_overdue", supervision_outcome="organisational_handling")
    assert walk.ended_at() == {"end_handed_over"}
    assert walk.data["supervision_outcome"] == "organisational_handling"


def test_overdue_correction_is_handed_over_第三十一条(start):
    walk = start_correction(start, due=PAST)
    walk.tick()
    walk.complete("decide_correction_overdue", supervision_outcome="case_filed")
    assert walk.ended_at() == {"end_handed_over"}
    assert "follow_up_visit" not in walk.completed
