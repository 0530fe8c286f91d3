"""Ordered correction: progress, extension, follow-up visit, lifting and overdue handling (第三十、三十一条)."""
from __future__ import annotations

import datetime as dt

from tests.forms.support import DROP
from tests.forms.support import TODAY
from tests.forms.support import context
from tests.forms.support import load
from tests.forms.support import refused

CORRECTION = context(warning_type="correction", received_on=dt.date(2026, 10, 20),
                     original_due_date=dt.date(2026, 11, 20), current_due_date=dt.date(2026, 11, 20),
                     extension_cap_date=dt.date(2026, 12, 20))
EXTENSION = {"progress": "extension_requested", "requested_on": "2026-11-02", "reason": "退赔款项需分期筹措"}


def test_report_submitted_needs_date_and_summary_第三十条():
    details = refused("rectification_progress", {"progress": "report_submitted"}, ctx=CORRECTION)
    assert details == {
        "submitted_on": ["已提交整改报告的须填写提交日期"],
        "summary": ["已提交整改报告的须填写报告内容"],
    }


def test_report_not_before_receipt_第三十条():
    assert refused("rectification_progress", ctx=CORRECTION, submitted_on="2026-10-19") == {
        "submitted_on": ["提交日期不得早于接到通知书日期"]}


def test_extension_request_needs_special_reason_第三十条():
    assert refused("rectification_progress", {**EXTENSION, "reason": ""}, ctx=CORRECTION) == {
        "reason": ["特殊情况需延期的,须说明情况(第三十条)"]}
    assert load("rectification_progress", EXTENSION, ctx=CORRECTION)["reason"] == "退赔款项需分期筹措"


def test_progress_fields_of_the_other_branch_are_refused_第三十条():
    details = refused("rectification_progress", {**EXTENSION, "summary": "已整改"}, ctx=CORRECTION)
    assert details == {"summary": ["申请延期的,不填写整改报告内容摘要。"]}
    details = refused("rectification_progress", ctx=CORRECTION, reason="需延期")
    assert details == {"reason": ["已提交整改报告的,不填写特殊情况说明。"]}


def test_extension_request_must_extend_current_due_date_第三十条():
    assert refused("extension_request", ctx=CORRECTION, requested_due_date="2026-11-20") == {
        "requested_due_date": ["申请延长至的日期应晚于当前整改期限(2026-11-20)"]}
    assert refused("extension_request", ctx=CORRECTION, reason=DROP) == {"reason": ["此项必填"]}


def test_extension_request_leaves_the_one_month_cap_to_the_engine_第三十条():
    assert (
        load("extension_request", ctx=CORRECTION, requested_due_date="2027-03-01")["requested_due_date"] == "2027-03-01"
    )


def test_extension_approval_needs_due_date_after_current_第三十条():
    assert refused("extension_decision", ctx=CORRECTION, approved_due_date=DROP) == {
        "approved_due_date": ["同意延期的须填写批准延长至的日期"]}
    assert refused("extension_decision", ctx=CORRECTION, approved_due_date="2026-11-19") == {
        "approved_due_date": ["批准延长至的日期应晚于当前整改期限(2026-11-20)"]}
    assert load("extension_decision", ctx=CORRECTION)["approved_due_date"] == "2026-12-20"


def test_extension_rejection_needs_opinion_and_no_date_第三十条():
    details = refused("extension_decision", ctx=CORRECTION, extension_decision="rejected")
    assert details == {"approved_due_date": ["不同意延期的不填写此项"], "opinion": ["不同意时须填写审批意见"]}
    data = load("extension_decision", {"extension_decision": "rejected", "decided_on": "2026-11-02",
                                       "opinion": "理由不充分"}, ctx=CORRECTION)
    assert data["approved_due_date"] is None


def test_follow_up_methods_of_第三十条():
    data = load("follow_up_visit", methods=["hearing_report", "reviewing_materials", "symposium"])
    assert data["methods"] == ["hearing_report", "reviewing_materials", "symposium"]
    assert refused("follow_up_visit", methods=[]) == {"methods": ["此项必填"]}
    assert refused("follow_up_visit", methods=["phone_call"])["methods"]
    assert refused("follow_up_visit", methods=["symposium", "symposium"]) == {"methods": ["选项不得重复"]}
    assert refused("follow_up_visit", methods="symposium") == {"methods": ["应为选项列表"]}


def test_follow_up_visit_records_whether_requirements_are_met_第三十条():
    assert load("follow_up_visit", requirements_met=False)["requirements_met"] is False
    assert refused("follow_up_visit", findings=DROP) == {"findings": ["此项必填"]}


def test_follow_up_registration_needs_opinion_第三十条():
    assert refused("follow_up_registration", opinion=" ") == {"opinion": ["此项必填"]}


def test_continue_rectification_only_within_period_第三十一条():
    within = context(warning_type="correction", current_due_date=TODAY)
    assert load("correction_overdue_decision", {"supervision_outcome": "continue_rectification"}, ctx=within)
    over = context(warning_type="correction", current_due_date=TODAY - dt.timedelta(days=1))
    assert refused("correction_overdue_decision", {"supervision_outcome": "continue_rectification"}, ctx=over) == {
        "supervision_outcome": ["整改期限已满,应转组织处理或立案查处(第三十一条)"]}
    for outcome in ("organisational_handling", "case_filed"):
        assert load("correction_overdue_decision", {"supervision_outcome": outcome}, ctx=over)


def test_correction_late_submission_needs_report_第三十一条():
    details = refused("correction_overdue_decision", {"supervision_outcome": "late_submission"}, ctx=CORRECTION)
    assert details == {"submitted_on": ["补交的须填写提交日期"], "summary": ["补交的须填写说明/报告内容"]}
    data = load("correction_overdue_decision", {"supervision_outcome": "late_submission", "submitted_on": "2026-11-01",
                                                "summary": "已整改"}, ctx=CORRECTION)
    assert data["submitted_on"] == "2026-11-01"


def test_correction_overdue_cannot_conclude_or_escalate_to_admonition_第三十一条():
    for outcome in ("concluded", "escalate_admonition", "escalate_correction"):
        assert refused("correction_overdue_decision", {"supervision_outcome": outcome}, ctx=CORRECTION)[
            "supervision_outcome"
        ]
