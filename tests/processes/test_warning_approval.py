"""预警对象审批 (warning_approval): who approves which warning type, referral, report to the party chief (第十七条)."""
from __future__ import annotations

import pytest

LEADERS = "deputy_secretary|secretary"


def test_inquiry_approved_by_deputy_secretary_or_secretary_第十七条(start):
    walk = start("warning_approval", warning_type="inquiry")
    # 第十七条: 属于函询谈话的,送县纪委分管副书记或书记审批.
    assert walk.ready() == ["approve_inquiry"]
    assert walk.properties("approve_inquiry")["role"] == LEADERS
    walk.complete("approve_inquiry", approval_decision="approved")
    assert walk.finished
    assert walk.ended_at() == {"end_decided"}
    assert walk.data["approval_decision"] == "approved"


def test_admonition_approved_by_secretary_第十七条(start):
    walk = start("warning_approval", warning_type="admonition")
    # 第十七条: 属于警示诫勉的,送县纪委书记审批.
    assert walk.ready() == ["approve_admonition"]
    assert walk.properties("approve_admonition")["role"] == "secretary"
    assert walk.properties("approve_admonition")["formKey"] == "approval_referral"
    walk.complete("approve_admonition", approval_decision="approved")
    assert walk.ended_at() == {"end_decided"}
    assert "report_to_party_chief" not in walk.completed


def test_admonition_can_be_referred_to_standing_committee_第十七条(start):
    walk = start("warning_approval", warning_type="admonition")
    # 第十七条: 必要时提交县纪委常委会研究确定.
    walk.complete("approve_admonition", approval_decision="refer_committee")
    assert walk.ready() == ["committee_decision"]
    assert walk.properties("committee_decision")["role"] == "standing_committee"
    walk.complete("committee_decision", approval_decision="approved")
    assert walk.ended_at() == {"end_decided"}
    assert walk.data["approval_decision"] == "approved"


def test_correction_approved_by_secretary_is_reported_to_party_chief_第十七条(start):
    walk = start("warning_approval", warning_type="correction")
    assert walk.ready() == ["approve_correction"]
    assert walk.properties("approve_correction")["role"] == "secretary"
    walk.complete("approve_correction", approval_decision="approved")
    # 第十七条: 责令纠错……并报县委主要领导同志后组织实施.
    assert walk.ready() == ["report_to_party_chief"]
    props = walk.properties("report_to_party_chief")
    assert (props["role"], props["formKey"], props["effect"]) == (
        "party_chief", "party_chief_acknowledgement", "record_party_chief_report")
    walk.complete("report_to_party_chief", opinion="阅")
    assert walk.ended_at() == {"end_reported"}


def test_correction_decided_by_standing_committee_is_reported_to_party_chief_第十七条(start):
    walk = start("warning_approval", warning_type="correction")
    # 第十七条: 送县纪委书记审批或县纪委常委会研究确定.
    walk.complete("approve_correction", approval_decision="refer_committee")
    walk.complete("committee_decision", approval_decision="approved")
    assert walk.ready() == ["report_to_party_chief"]
    walk.complete("report_to_party_chief", opinion="阅")
    assert walk.ended_at() == {"end_reported"}


@pytest.mark.parametrize("decisions", [
    [("approve_correction", "rejected")],
    [("approve_correction", "refer_committee"), ("committee_decision", "rejected")],
])
def test_rejected_correction_is_not_reported_第十七条(start, decisions):
    walk = start("warning_approval", warning_type="correction")
    for step, decision in decisions:
        walk.complete(step, approval_decision=decision)
    assert walk.finished
    assert walk.ended_at() == {"end_decided"}
    assert "report_to_party_chief" not in walk.completed
    assert walk.data["approval_decision"] == "rejected"


@pytest.mark.parametrize(("warning_type", "decisions"), [
    ("inquiry", [("approve_inquiry", "rejected")]),
    ("admonition", [("approve_admonition", "rejected")]),
    ("admonition", [("approve_admonition", "refer_committee"), ("committee_decision", "rejected")]),
])
def test_rejection_ends_the_approval_第十七条(start, warning_type, decisions):
    walk = start("warning_approval", warning_type=warning_type)
    for step, decision in decisions:
        walk.complete(step, approval_decision=decision)
    assert walk.ended_at() == {"end_decided"}
    assert walk.data["approval_decision"] == "rejected"


@pytest.mark.parametrize(("warning_type", "steps"), [
    ("inquiry", ["approve_inquiry"]),
    ("admonition", ["approve_admonition", "committee_decision"]),
    ("correction", ["approve_correction", "committee_decision"]),
])
def test_approver_may_not_be_the_proposer_第十七条(start, warning_type, steps):
    walk = start("warning_approval", warning_type=warning_type)
    for index, step in enumerate(steps):
        # SECURITY.md 25, 第十五–十七条 (issue 14 §3.3): whoever proposed the subject, checked the facts or
        # filled the approval form may not decide on it.
        props = walk.properties(step)
        assert props["notSameAs"] == "propose_subject,preliminary_check,fill_approval_form"
        assert (props["stage"], props["article"], props["effect"]) == ("approval", "第十七条", "record_approval")
        walk.complete(step, approval_decision="refer_committee" if index < len(steps) - 1 else "approved")
