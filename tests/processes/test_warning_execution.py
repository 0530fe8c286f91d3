"""组织实施 (warning_execution): method, talk procedure, registration form, notice, receipt (第十七–二十六条)."""
from __future__ import annotations

import pytest

from tests.processes.conftest import FUTURE
from tests.processes.conftest import carry_out


def plan(start, warning_type: str, method: str):
    walk = start("warning_execution", warning_type=warning_type)
    assert walk.ready() == ["plan_implementation"]
    walk.complete("plan_implementation", method=method, implementer="县纪委书记")
    return walk


def finish_receipt(walk) -> None:
    assert walk.ready() == ["record_receipt"]
    walk.complete("record_receipt", received_on="2026-11-03", current_due_at=FUTURE)
    assert walk.finished
    assert walk.ended_at() == {"end_execution"}


def test_implementation_starts_within_7_days_of_approval_第十七条(start):
    walk = start("warning_execution", warning_type="admonition")
    # 第十七条: 应在批准之日起,7日内组织实施.
    props = walk.properties("plan_implementation")
    assert (props["dueRule"], props["effect"], props["stage"]) == (
        "start_within_7_days", "start_implementation", "implementation")


@pytest.mark.parametrize("method", ["talk", "written_and_talk"])
def test_talk_is_planned_notified_and_recorded_第二十二条(start, method):
    walk = plan(start, "admonition", method)
    # 第二十二条(二): 制定谈话方案 → 书面通知预警对象 → 实施预警谈话并记录, signed by the subject.
    assert walk.ready() == ["draft_talk_plan"]
    assert walk.properties("draft_talk_plan")["dueRule"] == "start_within_7_days"
    walk.complete("draft_talk_plan", outline="指出问题,提出整改要求")
    assert walk.ready() == ["notify_talk"]
    walk.complete("notify_talk", place="县纪委谈话室")
    assert walk.ready() == ["record_talk"]
    walk.complete("record_talk", record_summary="本人承认问题", subject_signed=True)
    assert walk.ready() == ["fill_registration_form"]
    assert walk.took("f_talk") and walk.took("f_talked")


def test_written_warning_skips_the_talk_第二十二条(start):
    walk = plan(start, "correction", "written")
    # 第二十二条(一): 书面预警 — the notice alone; no talk plan.
    assert walk.ready() == ["fill_registration_form"]
    assert walk.took("f_written_only")


@pytest.mark.parametrize(("warning_type", "needs_approval"), [
    ("inquiry", False),
    ("admonition", True),
    ("correction", True),
])
def test_registration_approval_for_admonition_and_correction_only_第二十五条(start, warning_type, needs_approval):
    walk = plan(start, warning_type, "written")
    walk.complete("fill_registration_form", rectification_requirements="10日内书面说明")
    # 第二十五条: 对于警示诫勉或责令纠错对象,提出整改要求,报纪检监察机关领导批准,发出通知书;
    # 对于谈话函询对象,在表中反映其承诺情况 (no approval).
    if needs_approval:
        assert walk.ready() == ["approve_registration"]
        assert walk.properties("approve_registration")["role"] == "deputy_secretary|secretary"
        walk.complete("approve_registration", approval_decision="approved")
    assert walk.ready() == ["issue_notice"]
    walk.complete("issue_notice", delivery_method="in_person")
    finish_receipt(walk)
    assert ("approve_registration" in walk.completed) is needs_approval


def test_rejected_registration_is_filled_in_again_第二十五条(start):
    walk = plan(start, "correction", "written")
    walk.complete("fill_registration_form", rectification_requirements="整改要求不具体")
    walk.complete("approve_registration", approval_decision="rejected")
    assert walk.ready() == ["fill_registration_form"]
    walk.complete("fill_registration_form", rectification_requirements="一个月内退还礼金并作出书面检查")
    walk.complete("approve_registration", approval_decision="approved")
    assert walk.ready() == ["issue_notice"]


def test_written_inquiry_gets_an_inquiry_letter_第二十二条(start):
    walk = plan(start, "inquiry", "written_and_talk")
    walk.complete("draft_talk_plan")
    walk.complete("notify_talk")
    walk.complete("record_talk", subject_signed=True)
    walk.complete("fill_registration_form", commitment="本人承诺如实说明")
    # 第二十二条(一): 预警办通过发询问函……告知预警对象.
    assert walk.ready() == ["issue_notice"]
    assert walk.took("f_written_notice")
    walk.complete("issue_notice", delivery_method="post")
    finish_receipt(walk)


def test_inquiry_by_talk_alone_counts_from_the_talk_第二十二条_第二十八条(start):
    walk = plan(start, "inquiry", "talk")
    walk.complete("draft_talk_plan")
    walk.complete("notify_talk")
    walk.complete("record_talk", subject_signed=True)
    walk.complete("fill_registration_form", commitment="本人承诺如实说明")
    # 第二十八条: 在接到预警询问函或接受预警谈话后 — with no letter, the talk date starts the period.
    assert walk.took("f_talk_only")
    finish_receipt(walk)
    assert "issue_notice" not in walk.completed


@pytest.mark.parametrize("warning_type", ["inquiry", "admonition", "correction"])
def test_receipt_starts_the_reply_period_第二十八条_第二十九条_第三十条(start, warning_type):
    walk = start("warning_execution", warning_type=warning_type)
    carry_out(walk, warning_type, method="written")
    assert walk.finished
    assert walk.data["current_due_at"] == FUTURE
