"""Replies of inquiry and admonition subjects, their review and overdue decisions (第二十七–二十九条)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.forms.support import DROP
from tests.forms.support import context
from tests.forms.support import load
from tests.forms.support import refused

INQUIRY = context(warning_type="inquiry", received_on=dt.date(2026, 10, 25))
ADMONITION = context(warning_type="admonition", received_on=dt.date(2026, 10, 25))


def test_reply_needs_date_and_content_第二十七条():
    assert refused("reply_record", summary=DROP) == {"summary": ["此项必填"]}


def test_reply_not_before_receipt_第二十八条():
    assert refused("reply_record", ctx=INQUIRY, submitted_on="2026-10-24") == {
        "submitted_on": ["提交日期不得早于接到通知(谈话)日期"]}
    assert load("reply_record", ctx=INQUIRY, submitted_on="2026-10-25")["submitted_on"] == "2026-10-25"


@pytest.mark.parametrize("outcome", ["concluded", "escalate_admonition", "escalate_correction"])
def test_inquiry_review_outcomes_第二十八条(outcome):
    assert (
        load("reply_review", ctx=INQUIRY, supervision_outcome=outcome, opinion="经调查属实")["supervision_outcome"]
        == outcome
    )


@pytest.mark.parametrize("outcome", ["organisational_handling", "case_filed"])
def test_inquiry_review_may_not_skip_to_handling_第二十八条(outcome):
    details = refused("reply_review", ctx=INQUIRY, supervision_outcome=outcome, opinion="x")
    assert details == {
        "supervision_outcome": ["谈话函询对象只能作以下处理:说明清楚,预警结束、转警示诫勉、转责令纠错(第二十八条)"]
    }


@pytest.mark.parametrize("outcome", ["concluded", "escalate_correction", "organisational_handling", "case_filed"])
def test_admonition_review_outcomes_第二十九条(outcome):
    assert (
        load("reply_review", ctx=ADMONITION, supervision_outcome=outcome, opinion="整改不力")["supervision_outcome"]
        == outcome
    )


def test_admonition_review_cannot_fall_back_to_admonition_第二十九条():
    details = refused("reply_review", ctx=ADMONITION, supervision_outcome="escalate_admonition", opinion="x")
    assert details["supervision_outcome"][0].endswith("(第二十九条)")


def test_review_opinion_required_unless_concluded_第二十八条():
    assert refused("reply_review", ctx=INQUIRY, supervision_outcome="escalate_admonition") == {
        "opinion": ["转其他处理的须填写审查意见"]}
    assert load("reply_review", ctx=INQUIRY)["opinion"] is None


def test_overdue_decision_cannot_conclude_第二十八条():
    assert refused("overdue_decision", ctx=INQUIRY, supervision_outcome="concluded")["supervision_outcome"]


def test_overdue_late_submission_needs_date_and_summary_第二十八条():
    details = refused("overdue_decision", ctx=INQUIRY, submitted_on=DROP, summary=" ")
    assert details == {"submitted_on": ["补交的须填写提交日期"], "summary": ["补交的须填写说明/报告内容"]}
    assert refused("overdue_decision", ctx=INQUIRY, submitted_on="2026-10-20") == {
        "submitted_on": ["提交日期不得早于接到通知(谈话)日期"]}
    assert refused("overdue_decision", ctx=INQUIRY, submitted_on="2026-11-05")["submitted_on"]


def test_overdue_escalation_forbids_submission_fields_第二十九条():
    details = refused("overdue_decision", ctx=ADMONITION, supervision_outcome="case_filed")
    assert details == {"submitted_on": ["仅补交说明/报告时填写"], "summary": ["仅补交说明/报告时填写"]}
    data = load("overdue_decision", {"supervision_outcome": "case_filed", "opinion": "逾期不交"}, ctx=ADMONITION)
    assert data == {"supervision_outcome": "case_filed", "submitted_on": None, "summary": None, "opinion": "逾期不交"}


def test_overdue_inquiry_cannot_be_case_filed_第二十八条():
    details = refused("overdue_decision", {"supervision_outcome": "case_filed"}, ctx=INQUIRY)
    assert details == {
        "supervision_outcome": ["谈话函询对象只能作以下处理:补交说明/报告、转警示诫勉、转责令纠错(第二十八条)"]
    }
    assert load("overdue_decision", {"supervision_outcome": "escalate_correction"}, ctx=INQUIRY)
