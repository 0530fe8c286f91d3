"""Clue intake, screening, determination, hand-over and feedback forms (第十–十六条)."""
from __future__ import annotations

import forms
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from tests.forms.support import DROP
from tests.forms.support import load
from tests.forms.support import refused

TRANSFER = {"source_channel": "transfer", "transfer_form_number": "寿公移〔2026〕3号", "transferring_body": "县公安局",
            "transferred_on": "2026-10-30"}


def test_source_channels_are_the_eight_of_第十条():
    field = next(f for f in forms.describe("clue_registration").fields if f.name == "source_channel")
    assert dict(field.choices) == {str(k): v for k, v in SOURCE_CHANNEL_LABELS.items()}
    assert refused("clue_registration", source_channel="rumour")["source_channel"]


def test_transferred_clue_loads_with_its_transfer_form_第十三条():
    data = load("clue_registration", **TRANSFER)
    assert data["transferred_on"] == "2026-10-30" and data["transferring_body"] == "县公安局"


def test_transfer_clue_needs_transfer_form_第十三条():
    details = refused("clue_registration", source_channel="transfer")
    message = "执纪执法机关移送的线索须填写预警线索移送表(第十三条)"
    assert details == {"transfer_form_number": [message], "transferring_body": [message], "transferred_on": [message]}
    assert set(refused("clue_registration", **{**TRANSFER, "transferring_body": " "})) == {"transferring_body"}


def test_transfer_fields_forbidden_for_other_channels_第十三条():
    details = refused("clue_registration", transfer_form_number="寿公移〔2026〕3号")
    assert details == {"transfer_form_number": ["仅执纪执法机关移送的线索填写移送表信息(第十三条)"]}


def test_transfer_date_not_after_receipt_第十三条():
    details = refused("clue_registration", **{**TRANSFER, "transferred_on": "2026-11-02"})
    assert details == {"transferred_on": ["移送日期不得晚于接到线索日期"]}
    assert load("clue_registration", **{**TRANSFER, "transferred_on": "2026-11-01"})["transferred_on"] == "2026-11-01"


def test_clue_received_date_not_in_future_第十条():
    assert refused("clue_registration", received_on="2026-11-03") == {"received_on": ["日期不得晚于今天(2026-11-02)"]}


def test_source_unit_required_for_feedback_第十四条():
    assert refused("clue_registration", source_unit_name=DROP) == {"source_unit_name": ["此项必填"]}


def test_clue_needs_summary_and_subject_第十条():
    assert refused("clue_registration", summary="", subject_cadre_id=DROP) == {
        "summary": ["此项必填"], "subject_cadre_id": ["此项必填"]}


def test_screening_routes_and_requires_reason_第十四条():
    for routing in ("handle_here", "report_up", "case_clue", "dismiss"):
        assert load("clue_screening", routing=routing)["routing"] == routing
    assert refused("clue_screening", reason="  ") == {"reason": ["此项必填"]}
    labels = dict(next(f for f in forms.describe("clue_screening").fields if f.name == "routing").choices)
    assert labels == {"handle_here": "本级处理", "report_up": "报告上级", "case_clue": "属案件线索", "dismiss": "了结"}


def test_subject_proposal_names_one_of_three_types_第十五条():
    for warning_type in ("inquiry", "admonition", "correction"):
        assert load("subject_proposal", warning_type=warning_type)["warning_type"] == warning_type
    assert refused("subject_proposal", warning_type="dismissal")["warning_type"]
    assert refused("subject_proposal", facts=DROP, grounds="") == {"facts": ["此项必填"], "grounds": ["此项必填"]}


def test_preliminary_check_methods_and_conclusions_第十六条():
    for method in ("understanding", "preliminary_check", "investigation"):
        assert load("preliminary_check", method=method)["method"] == method
    for conclusion in ("confirmed", "case_clue", "unfounded"):
        assert load("preliminary_check", check_conclusion=conclusion)["check_conclusion"] == conclusion
    assert refused("preliminary_check", finished_on="2026-11-09")["finished_on"]
    assert refused("preliminary_check", findings=None) == {"findings": ["此项必填"]}


def test_handover_kinds_and_receiver_第十四条():
    for kind in ("case_clue", "organisational_handling", "case_filed"):
        assert load("handover", handover_kind=kind)["handover_kind"] == kind
    assert refused("handover", receiving_body=DROP) == {"receiving_body": ["此项必填"]}
    assert refused("handover", handover_kind="concluded")["handover_kind"]


def test_source_feedback_requires_content_第十四条():
    assert refused("source_feedback", feedback=" ") == {"feedback": ["此项必填"]}
    assert refused("source_feedback", notified_on="2026-12-01")["notified_on"]
