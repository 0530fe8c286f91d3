"""Carrying out the warning: method, talk, registration, notice and receipt (第十七–三十条)."""
from __future__ import annotations

import datetime as dt

from tests.forms.support import DROP
from tests.forms.support import context
from tests.forms.support import load
from tests.forms.support import refused

TWO_TALKERS = "谈话必须有两人以上参加(第二十二条)"


def test_implementation_method_and_implementer_第十八至二十条():
    for method in ("written", "talk", "written_and_talk"):
        assert load("implementation_plan", method=method)["method"] == method
    assert refused("implementation_plan", implementer=" ") == {"implementer": ["此项必填"]}


def test_implementation_not_before_approval_第十七条():
    ctx = context(approved_on=dt.date(2026, 11, 2))
    assert refused("implementation_plan", ctx=ctx, started_on="2026-11-01") == {
        "started_on": ["开始实施日期不得早于批准日期(第十七条)"]}
    assert load("implementation_plan", ctx=ctx)["started_on"] == "2026-11-02"


def test_talk_needs_two_distinct_talkers_第二十二条():
    assert refused("talk_plan", co_talker_ids=[]) == {"co_talker_ids": [TWO_TALKERS]}
    assert refused("talk_plan", co_talker_ids=DROP) == {"co_talker_ids": [TWO_TALKERS]}
    assert refused("talk_plan", co_talker_ids=[1]) == {
        "co_talker_ids": ["主谈人不得重复列为其他谈话人员;" + TWO_TALKERS]
    }
    assert refused("talk_plan", co_talker_ids=[2, 2]) == {"co_talker_ids": ["谈话人员不得重复;" + TWO_TALKERS]}
    assert load("talk_plan", co_talker_ids=[2, 3])["co_talker_ids"] == [2, 3]


def test_talk_plan_needs_outline_and_lead_talker_第二十二条():
    assert refused("talk_plan", outline="", lead_talker_id=DROP) == {"outline": ["此项必填"],
                                                                    "lead_talker_id": ["此项必填"]}
    assert refused("talk_plan", co_talker_ids=[2, "x"]) == {"co_talker_ids": ["第2项应为正整数"]}


def test_talkers_must_be_candidates_第二十二条():
    ctx = context(candidate_talker_ids=frozenset({1, 2}))
    assert load("talk_plan", ctx=ctx)["lead_talker_id"] == 1
    assert refused("talk_plan", ctx=ctx, lead_talker_id=9, co_talker_ids=[2, 8]) == {
        "lead_talker_id": ["不是本案可参加谈话的人员:9(第二十条、第二十二条)"],
        "co_talker_ids": ["不是本案可参加谈话的人员:8(第二十条、第二十二条)"]}
    assert refused("talk_record", ctx=ctx, talker_ids=[1, 5, 6]) == {
        "talker_ids": ["不是本案可参加谈话的人员:5、6(第二十条、第二十二条)"]}


def test_when_no_one_may_talk_every_talker_is_refused_第二十条_第二十二条():
    # An empty list is a list: the engine found no one, so no one passes (None would mean "not known").
    ctx = context(candidate_talker_ids=frozenset())
    assert refused("talk_record", ctx=ctx) == {"talker_ids": ["不是本案可参加谈话的人员:1、2(第二十条、第二十二条)"]}
    assert load("talk_record", ctx=context())["talker_ids"] == [1, 2]


def test_the_subject_may_not_be_a_talker_第二十二条():
    subject_talks = "预警对象本人不得担任谈话人员(第二十二条)"
    ctx = context(candidate_talker_ids=frozenset({1, 2}), subject_user_id=3)
    assert refused("talk_plan", ctx=ctx, lead_talker_id=3) == {"lead_talker_id": [subject_talks]}
    assert refused("talk_plan", ctx=ctx, co_talker_ids=[3]) == {"co_talker_ids": [subject_talks]}
    assert refused("talk_record", ctx=ctx, talker_ids=[1, 3]) == {"talker_ids": [subject_talks]}
    # Known even without a candidate list.
    assert refused("talk_record", ctx=context(subject_user_id=2)) == {"talker_ids": [subject_talks]}


def test_talk_notice_naive_time_is_china_time_第二十二条():
    assert load("talk_notice", talk_at="2026-11-03T09:00")["talk_at"] == "2026-11-03T09:00:00+08:00"
    assert load("talk_notice", talk_at="2026-11-03 09:30:15")["talk_at"] == "2026-11-03T09:30:15+08:00"
    assert load("talk_notice", talk_at="2026-11-03T01:00:00Z")["talk_at"] == "2026-11-03T09:00:00+08:00"
    assert refused("talk_notice", talk_at="明天上午") == {
        "talk_at": ["时间格式应为YYYY-MM-DDTHH:MM,可带时区(如+08:00)"]
    }
    assert refused("talk_notice", talk_at="2026-11-03T25:00") == {"talk_at": ["时间不存在"]}


def test_talk_notice_precedes_the_talk_第二十二条():
    assert refused("talk_notice", talk_at="2026-11-01T09:00+08:00") == {"talk_at": ["谈话时间不得早于通知日期"]}
    assert refused("talk_notice", place=DROP) == {"place": ["此项必填"]}


def test_talk_record_needs_two_talkers_第二十二条():
    assert refused("talk_record", talker_ids=[1]) == {"talker_ids": [TWO_TALKERS]}
    assert refused("talk_record", talker_ids=[1, 1]) == {"talker_ids": ["谈话人员不得重复;" + TWO_TALKERS]}
    assert load("talk_record", talker_ids=[3, 1, 2])["talker_ids"] == [3, 1, 2]


def test_talk_record_must_be_signed_by_subject_第二十二条():
    assert refused("talk_record", subject_signed=False) == {
        "subject_signed": ["谈话记录须经预警对象本人核实签字(第二十二条)"]
    }
    assert refused("talk_record", subject_signed=DROP) == {"subject_signed": ["此项必填"]}


def test_talk_not_before_approval_第十七条():
    ctx = context(approved_on=dt.date(2026, 11, 2))
    assert refused("talk_record", ctx=ctx, talked_on="2026-10-31") == {
        "talked_on": ["谈话日期不得早于批准日期(第十七条)"]
    }


def test_inquiry_registration_needs_commitment_第二十五条():
    ctx = context(warning_type="inquiry")
    assert refused("registration_form", {"rectification_requirements": "整改"}, ctx=ctx) == {
        "commitment": ["谈话函询对象须反映其承诺情况(第二十五条)"]}
    assert load("registration_form", ctx=ctx)["rectification_requirements"] is None


def test_admonition_registration_needs_rectification_requirements_第二十五条():
    for warning_type in ("admonition", "correction"):
        ctx = context(warning_type=warning_type)
        assert refused("registration_form", ctx=ctx) == {
            "rectification_requirements": ["警示诫勉、责令纠错对象须提出整改要求(第二十五条)"]}
        data = load("registration_form", {"rectification_requirements": "一个月内退还礼金"}, ctx=ctx)
        assert data == {"commitment": None, "rectification_requirements": "一个月内退还礼金"}


def test_registration_without_known_type_needs_one_of_the_two_第二十五条():
    assert refused("registration_form", {}) == {"commitment": ["须填写承诺情况或整改要求(第二十五条)"]}


def test_notice_delivery_method_第二十二条():
    for method in ("in_person", "post", "other"):
        assert load("notice_issue", delivery_method=method)["delivery_method"] == method
    assert refused("notice_issue", delivery_method="email")["delivery_method"]


def test_receipt_not_before_notice_第二十八条():
    ctx = context(notice_issued_on=dt.date(2026, 11, 2))
    assert refused("receipt_record", ctx=ctx, received_on="2026-11-01") == {
        "received_on": ["接到日期不得早于通知书发出日期"]}
    assert load("receipt_record", ctx=ctx)["received_on"] == "2026-11-02"


def test_receipt_not_before_talk_第二十八条():
    ctx = context(talked_on=dt.date(2026, 11, 2))
    assert refused("receipt_record", ctx=ctx, received_on="2026-11-01") == {"received_on": ["接到日期不得早于谈话日期"]}


def test_receipt_not_in_future_第二十八条():
    assert refused("receipt_record", received_on="2026-11-03") == {"received_on": ["日期不得晚于今天(2026-11-02)"]}
