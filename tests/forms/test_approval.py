"""Approval forms (第十七、二十五、三十条)."""
from __future__ import annotations

from tests.forms.support import DROP
from tests.forms.support import load
from tests.forms.support import refused


def test_approval_form_needs_proposal_and_basis_第十七条():
    assert refused("approval_form", proposal=DROP) == {"proposal": ["此项必填"]}
    assert refused("approval_form", basis="") == {"basis": ["此项必填"]}


def test_rejection_needs_opinion_第十七条():
    for form_key in ("approval_decision", "approval_referral"):
        assert refused(form_key, approval_decision="rejected") == {"opinion": ["不同意时须填写审批意见"]}
        assert load(form_key, approval_decision="rejected", opinion="事实不清")["opinion"] == "事实不清"


def test_approval_without_opinion_is_fine_第十七条():
    assert load("approval_decision")["opinion"] is None


def test_plain_approval_cannot_refer_to_committee_第十七条():
    assert refused("approval_decision", approval_decision="refer_committee")["approval_decision"]


def test_secretary_may_refer_to_standing_committee_第十七条():
    assert load("approval_referral")["approval_decision"] == "refer_committee"
    assert load("approval_referral", approval_decision="approved")["approval_decision"] == "approved"


def test_approval_date_not_in_future_第十七条():
    assert refused("approval_decision", decided_on="2026-11-03") == {"decided_on": ["日期不得晚于今天(2026-11-02)"]}


def test_committee_decision_needs_meeting_number_第十七条():
    assert refused("committee_decision", meeting_number=DROP) == {"meeting_number": ["此项必填"]}
    assert refused("committee_decision", approval_decision="refer_committee")["approval_decision"]
    assert load("committee_decision", approval_decision="rejected")["approval_decision"] == "rejected"


def test_report_to_party_chief_records_a_date_第十七条():
    assert refused("party_chief_acknowledgement", acknowledged_on=DROP) == {"acknowledged_on": ["此项必填"]}
    assert load("party_chief_acknowledgement", opinion="阅")["opinion"] == "阅"
