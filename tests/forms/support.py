"""Helpers for the forms tests: a valid payload per form key, load-or-refuse shortcuts."""
from __future__ import annotations

import datetime as dt

import pytest

import forms
from engine.errors import FormInvalid

#: the frozen "today" of these tests (China time)
TODAY = dt.date(2026, 11, 2)

#: every form key the procedure tables of docs/ARCHITECTURE.md name
FORM_KEYS = frozenset({
    "clue_registration", "clue_screening", "subject_proposal", "preliminary_check", "approval_form",
    "approval_decision", "approval_referral", "committee_decision", "party_chief_acknowledgement",
    "implementation_plan", "talk_plan", "talk_notice", "talk_record", "registration_form", "notice_issue",
    "receipt_record", "reply_record", "reply_review", "overdue_decision", "rectification_progress",
    "extension_request", "extension_decision", "follow_up_visit", "follow_up_registration",
    "correction_overdue_decision", "handover", "source_feedback",
    # the eight-step identification of risk points (seed 004 十, forms/risk_points.py)
    "risk_subjects", "risk_self_finding", "risk_measures_draft", "risk_opinions", "risk_revision",
    "risk_review_scores", "risk_signoff", "risk_publicity_result", "risk_reidentification_notice",
    # the warning-information network's monthly report (seed 001 三、1, forms/info_network.py)
    "info_officer_report", "info_unit_report", "info_report_reminder",
    # the response to a graded item (seed 002 四, info_response.bpmn)
    "info_response_issue", "info_response_reply", "info_response_close",
    # the centre's quarterly analysis and half-year summary (seed 001 三、1, forms/info_periodic.py)
    "info_period_analysis",
})

#: a payload each form accepts under context(), i.e. today = TODAY and nothing else known
VALID: dict[str, dict] = {
    "risk_subjects": {"round_year": 2026, "persons": [3, 4], "focus": "审批、审核、组织人事及财务人员"},
    "risk_self_finding": {"post": "预算股科员", "risk_types": ["post_duty"], "risks": "审核中可能接受请托",
                          "proposed_measures": "双人复核"},
    "risk_measures_draft": {"measures": "双人复核、结果公开", "flow_reviewed": True},
    "risk_opinions": {"sources": ["meeting"], "solicited_on": "2026-11-02", "participants": "局领导",
                      "opinions": "建议留痕"},
    "risk_revision": {"revision": "已修改"},
    "risk_review_scores": {"likelihood": "low", "harm": "medium", "discretion": "high", "money": "low",
                           "review_opinion": "同意"},
    "risk_signoff": {"decided_level": "1", "meeting_on": "2026-11-02", "signed": True,
                     "filed_with": ["organisation", "discipline"], "integrity_file": True},
    "risk_publicity_result": {"objection": False},
    "risk_reidentification_notice": {"notice": "请各单位按八步法重新查找风险点", "units_due_on": "2026-12-31"},
    "info_officer_report": {"zero_report": True},
    "info_unit_report": {"zero_report": False, "item_count": 3, "summary": "财政局政府采购未公开招标等3条。"},
    "info_report_reminder": {"reminded": True, "note": "已电话催报"},
    "info_response_issue": {"document_number": "寿纪预质〔2026〕1号", "issued_on": "2026-11-02",
                            "recipient": "县财政局", "content": "请就滥发津贴问题作出说明。"},
    "info_response_reply": {"replied_on": "2026-11-02", "reply": "已停止发放并收回。"},
    "info_response_close": {"follow_up": "回访核实已整改。", "closed_on": "2026-11-02"},
    "info_period_analysis": {"overview": "本季度共收到预警信息5条。", "problems": "专项资金管理问题突出。",
                             "suggestions": "加强对专项资金的监督。"},
    "clue_registration": {"source_channel": "letters_visits", "received_on": "2026-11-01",
                          "source_unit_name": "县信访局", "summary": "群众反映该干部违规收受礼金。",
                          "subject_cadre_id": 7},
    "clue_screening": {"routing": "handle_here", "reason": "属本级管辖"},
    "subject_proposal": {"warning_type": "inquiry", "facts": "反映其违规操办婚宴", "grounds": "第七条"},
    "preliminary_check": {"method": "preliminary_check", "finished_on": "2026-11-02", "findings": "基本属实",
                          "check_conclusion": "confirmed"},
    "approval_form": {"proposal": "建议予以责令纠错", "basis": "第九条、第十七条"},
    "approval_decision": {"approval_decision": "approved", "decided_on": "2026-11-02"},
    "approval_referral": {"approval_decision": "refer_committee", "decided_on": "2026-11-02"},
    "committee_decision": {"approval_decision": "approved", "meeting_on": "2026-11-02",
                           "meeting_number": "第5次常委会"},
    "party_chief_acknowledgement": {"acknowledged_on": "2026-11-02"},
    "implementation_plan": {"method": "written", "started_on": "2026-11-02", "implementer": "县纪委书记"},
    "talk_plan": {"outline": "指出错误事实,提出整改要求", "lead_talker_id": 1, "co_talker_ids": [2]},
    "talk_notice": {"talk_at": "2026-11-03T09:00:00+08:00", "place": "县纪委谈话室", "notified_on": "2026-11-02"},
    "talk_record": {"talked_on": "2026-11-02", "talker_ids": [1, 2], "recorder": "王晓",
                    "record_summary": "本人承认错误", "subject_signed": True},
    "registration_form": {"commitment": "本人承诺如实说明"},
    "notice_issue": {"issued_on": "2026-11-02", "delivery_method": "in_person"},
    "receipt_record": {"received_on": "2026-11-02"},
    "reply_record": {"submitted_on": "2026-11-02", "summary": "已作书面说明"},
    "reply_review": {"supervision_outcome": "concluded"},
    "overdue_decision": {"supervision_outcome": "late_submission", "submitted_on": "2026-11-02",
                         "summary": "逾期补交书面说明"},
    "rectification_progress": {"progress": "report_submitted", "submitted_on": "2026-11-02",
                               "summary": "已退还礼金"},
    "extension_request": {"reason": "退赔款项需分期筹措", "requested_due_date": "2026-12-20"},
    "extension_decision": {"extension_decision": "approved", "approved_due_date": "2026-12-20",
                           "decided_on": "2026-11-02"},
    "follow_up_visit": {"visited_on": "2026-11-02", "methods": ["hearing_report"], "findings": "整改到位",
                        "requirements_met": True},
    "follow_up_registration": {"opinion": "已达到整改要求,建议解除预警"},
    "correction_overdue_decision": {"supervision_outcome": "case_filed", "opinion": "逾期未纠正"},
    "handover": {"handover_kind": "case_clue", "receiving_body": "县纪委案件检查室", "handed_over_on": "2026-11-02"},
    "source_feedback": {"notified_on": "2026-11-02", "feedback": "已谈话函询,预警结束"},
}


def context(**known) -> forms.FormContext:
    """A FormContext with today = TODAY and the given case facts."""
    return forms.FormContext(**{"today": TODAY, **known})


def load(form_key: str, payload: dict | None = None, ctx: forms.FormContext | None = None, **changes) -> dict:
    """Load VALID[form_key] changed by ``changes`` (a value of DROP removes the key)."""
    return forms.load(form_key, build(form_key, payload, **changes), ctx or context())


def refused(form_key: str, payload: dict | None = None, ctx: forms.FormContext | None = None,
            **changes) -> dict[str, list[str]]:
    """Expect FormInvalid and return its details."""
    with pytest.raises(FormInvalid) as caught:
        load(form_key, payload, ctx, **changes)
    assert caught.value.code == "form_invalid"
    return caught.value.details


DROP = object()


def build(form_key: str, payload: dict | None = None, **changes) -> dict:
    data = dict(VALID[form_key] if payload is None else payload)
    for name, value in changes.items():
        if value is DROP:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
