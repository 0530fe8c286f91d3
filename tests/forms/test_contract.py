"""The forms contract: registry, unknown keys, task data shape, Chinese messages and descriptions (SECURITY.md 16)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from marshmallow import RAISE

import forms
from engine.errors import FormInvalid
from forms.base import FormSchema
from forms.base import is_citation
from forms.base import schema_problems
from forms.fields import LongText
from forms.fields import Text
from tests.forms.support import FORM_KEYS
from tests.forms.support import TODAY
from tests.forms.support import VALID
from tests.forms.support import build
from tests.forms.support import context
from tests.forms.support import has_chinese
from tests.forms.support import load
from tests.forms.support import refused

KINDS = {"text", "textarea", "date", "datetime", "choice", "multichoice", "bool", "int", "int_list"}
ALL_KEYS = sorted(FORM_KEYS)


def test_every_form_key_of_the_procedure_is_registered_第十至三十一条():
    assert set(forms.REGISTRY) == FORM_KEYS
    assert set(VALID) == FORM_KEYS


@pytest.mark.parametrize("form_key", ALL_KEYS)
def test_valid_submission_becomes_json_task_data_with_only_declared_keys(form_key):
    data = load(form_key)
    assert set(data) == set(forms.REGISTRY[form_key].form_fields())
    assert json.loads(json.dumps(data)) == data
    assert not any(isinstance(v, (dt.date, dt.datetime)) for v in data.values())


def test_dates_come_back_as_iso_strings_and_blank_optionals_as_none():
    data = load("approval_decision")
    assert data == {"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": None}
    assert load("approval_decision", opinion="  ")["opinion"] is None


@pytest.mark.parametrize("form_key", ALL_KEYS)
def test_unknown_field_is_refused_SECURITY16(form_key):
    details = refused(form_key, approved_by=3)
    assert details == {"approved_by": ["不允许的字段"]}


@pytest.mark.parametrize("key", ["__builtins__", "_x", "__class__", "_schema"])
def test_dunder_and_underscore_keys_are_refused_SECURITY16(key):
    details = refused("approval_decision", **{key: {"eval": "1"}})
    assert details[key] == ["不允许的字段"]


def test_unknown_form_key_is_refused():
    with pytest.raises(FormInvalid) as caught:
        forms.load("no_such_form", {}, context())
    assert caught.value.details == {"form_key": ["未登记的表单"]}
    with pytest.raises(FormInvalid):
        forms.describe("__init__")


@pytest.mark.parametrize("payload", [None, [], "approved", 3])
def test_payload_must_be_an_object(payload):
    with pytest.raises(FormInvalid) as caught:
        forms.load("approval_decision", payload, context())
    assert caught.value.details == {"_schema": ["表单数据应为键值对象"]}


@pytest.mark.parametrize("form_key", ALL_KEYS)
def test_every_schema_raises_on_unknown_and_names_its_article(form_key):
    cls = forms.REGISTRY[form_key]
    assert issubclass(cls, FormSchema)
    assert cls.opts.unknown == RAISE
    # an article of the Measures (第N条) or a seed's section for a regulation without articles (004 十)
    assert is_citation(cls.article) and is_citation(cls.__doc__)
    assert schema_problems("fresh_key", cls) == []
    assert not any(name.startswith("_") for name in cls.form_fields())


def test_registration_refuses_underscore_and_builtin_field_names_SECURITY16():
    class Sneaky(FormSchema):
        """Test form (第一条)."""

        title_zh = "测试"
        article = "第一条"
        _secret = Text("秘密")
        type = Text("类型")

    problems = schema_problems("sneaky", Sneaky)
    assert any("'_secret'" in p for p in problems)
    assert any("'type'" in p for p in problems)


@pytest.mark.parametrize("form_key", ALL_KEYS)
def test_describe_gives_chinese_labels_for_every_field(form_key):
    description = forms.describe(form_key)
    assert description.form_key == form_key
    assert has_chinese(description.title_zh) and is_citation(description.article)
    names = [f.name for f in description.fields]
    assert names == list(forms.REGISTRY[form_key].form_fields())
    for described in description.fields:
        assert has_chinese(described.label_zh), described.name
        assert described.kind in KINDS
        assert isinstance(described.required, bool)
        if described.kind in ("choice", "multichoice"):
            assert described.choices and all(has_chinese(label) for _, label in described.choices)
        else:
            assert described.choices == []
        assert described.help_zh == "" or has_chinese(described.help_zh)


def test_describe_marks_required_fields_and_kinds():
    fields = {f.name: f for f in forms.describe("talk_record").fields}
    assert fields["talked_on"].kind == "date" and fields["talked_on"].required
    assert fields["talker_ids"].kind == "int_list"
    assert fields["record_summary"].kind == "textarea"
    assert fields["subject_signed"].kind == "bool"
    notice = {f.name: f for f in forms.describe("talk_notice").fields}
    assert notice["talk_at"].kind == "datetime" and notice["place"].kind == "text"
    visit = {f.name: f for f in forms.describe("follow_up_visit").fields}
    assert visit["methods"].kind == "multichoice"
    assert ("symposium", "召开座谈会") in visit["methods"].choices
    extension = {f.name: f for f in forms.describe("extension_decision").fields}
    assert extension["approved_due_date"].required is False and "同意" in extension["approved_due_date"].help_zh


def test_labels_live_in_field_metadata():
    field = forms.REGISTRY["clue_registration"].form_fields()["received_on"]
    assert field.metadata["label"] == "接到线索日期"


@pytest.mark.parametrize("form_key", ALL_KEYS)
def test_every_error_message_is_chinese(form_key):
    garbage = {name: {"nested": 1} for name in forms.REGISTRY[form_key].form_fields()}
    details = refused(form_key, garbage)
    assert set(details) == set(garbage)
    for messages in details.values():
        assert messages and all(has_chinese(m) for m in messages), messages
    assert all(has_chinese(m) for ms in refused(form_key, {}).values() for m in ms)


def test_missing_required_field_says_此项必填():
    assert refused("approval_form", proposal=None, basis="   ") == {"proposal": ["此项必填"], "basis": ["此项必填"]}


def test_bad_dates_are_refused_in_chinese():
    assert refused("notice_issue", issued_on="2026/11/02") == {"issued_on": ["日期格式应为YYYY-MM-DD"]}
    assert refused("notice_issue", issued_on="20261102") == {"issued_on": ["日期格式应为YYYY-MM-DD"]}
    assert refused("notice_issue", issued_on="2026-11-02T08:00") == {"issued_on": ["日期格式应为YYYY-MM-DD"]}
    assert refused("notice_issue", issued_on="2026-02-30") == {"issued_on": ["日期不存在"]}


def test_dates_may_not_be_after_today():
    assert refused("notice_issue", issued_on="2026-11-03") == {"issued_on": ["日期不得晚于今天(2026-11-02)"]}
    assert load("notice_issue", issued_on=TODAY.isoformat())["issued_on"] == "2026-11-02"


def test_text_is_stripped_and_bounded():
    assert load("clue_screening", reason="  属本级管辖 \n")["reason"] == "属本级管辖"
    assert load("clue_screening", reason="甲" * 2000)["reason"] == "甲" * 2000
    assert refused("clue_screening", reason="甲" * 2001) == {"reason": ["不得超过2000个字"]}
    assert load("reply_record", summary="乙" * 5000)["summary"] == "乙" * 5000
    assert refused("reply_record", summary="乙" * 5001) == {"summary": ["不得超过5000个字"]}
    # The receiving body is printed as the handover letter's recipient: no longer than that column (120).
    assert refused("handover", receiving_body="丙" * 121) == {"receiving_body": ["不得超过120个字"]}


def test_text_refuses_control_characters_and_single_lines_refuse_newlines():
    assert refused("clue_screening", reason="属本级\x00管辖") == {"reason": ["含有不允许的控制字符"]}
    assert load("clue_screening", reason="第一行\r\n第二行")["reason"] == "第一行\n第二行"
    assert refused("handover", receiving_body="县纪委\n案件室") == {"receiving_body": ["含有不允许的控制字符"]}
    assert refused("clue_screening", reason=123) == {"reason": ["应填写文字"]}


@pytest.mark.parametrize("value", [True, 1.0, "1.5", "-3", 0, -1, "abc", [1]])
def test_ids_are_positive_integers(value):
    assert refused("clue_registration", subject_cadre_id=value) == {"subject_cadre_id": ["应填写正整数"]}


def test_id_strings_of_digits_are_accepted_and_huge_ids_refused():
    assert load("clue_registration", subject_cadre_id="42")["subject_cadre_id"] == 42
    assert refused("clue_registration", subject_cadre_id=2**40) == {"subject_cadre_id": ["编号超出范围"]}


def test_bools_are_strict():
    assert load("follow_up_visit", requirements_met="false")["requirements_met"] is False
    assert refused("follow_up_visit", requirements_met="maybe") == {"requirements_met": ["应选择是或否"]}
    assert refused("follow_up_visit", requirements_met=None) == {"requirements_met": ["此项必填"]}


def test_choices_are_checked_with_chinese_list():
    details = refused("clue_screening", routing="delete_case")
    assert details == {"routing": ["应为以下选项之一:本级处理、报告上级、属案件线索、了结"]}


def test_form_context_is_frozen_with_empty_defaults():
    ctx = forms.FormContext()
    # Nothing known: in particular no list of talkers, so talkers are not checked against one (第二十二条).
    assert all(getattr(ctx, f.name) is None for f in dataclasses.fields(ctx))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.today = TODAY  # type: ignore[misc]


def test_without_today_dates_are_not_bounded():
    data = forms.load("notice_issue", build("notice_issue", issued_on="2030-01-01"), forms.FormContext())
    assert data["issued_on"] == "2030-01-01"


def test_one_schema_instance_per_load_keeps_contexts_apart():
    assert refused("receipt_record", ctx=context(notice_issued_on=TODAY), received_on="2026-11-01")["received_on"]
    assert load("receipt_record", received_on="2026-11-01")["received_on"] == "2026-11-01"


def test_long_text_and_text_kinds():
    assert LongText("意见").kind == "textarea" and Text("名称").kind == "text"
