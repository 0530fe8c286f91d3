"""Every code a person sees has its label (issue 15 §10), in Chinese and in English mode.

The audit view named events and objects by their codes (``risk_point.created``, ``task``) and left step ids
bare in its records; Python flash messages were Chinese f-strings that English mode could not translate.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from processes.measures.inspection import ACTION_LABELS
from processes.measures.inspection import ARCHIVE_EXPORTED
from processes.measures.inspection import OBJECT_LABELS
from processes.measures.inspection import STEP_KEYS
from tests.webui.conftest import ApiWalker
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import text_of
from tests.webui.test_pages_language import english
from webui.engine_text import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "webui" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
#: the occasions engine.authentication names its password checks by (f"{kind}.succeeded" …)
PASSWORD_CHECKS = ("login", "reauth", "password_change")


@pytest.fixture()
def app(page_app):
    return page_app


def _calls(name: str):
    """Every call of ``name`` (a function, or ``audit.record``) in engine/, processes/ and webui/."""
    for folder in ("engine", "processes", "webui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                called = (f"{func.value.id}.{func.attr}" if isinstance(func, ast.Attribute)
                          and isinstance(func.value, ast.Name) else getattr(func, "id", None))
                if called == name:
                    yield path, node


def _recorded_actions() -> set[str]:
    """The audit actions the code records: literal ones (or either side of a conditional), the password checks'
    f"{kind}.…" ones, and those passed by name (the archive export, webui/uow.py's refusals)."""
    actions = {f"{kind}.{outcome}" for kind in PASSWORD_CHECKS for outcome in ("succeeded", "failed", "throttled")}
    actions |= {ARCHIVE_EXPORTED, "rule.refused", "access.denied"}
    for name, position in (("audit.record", 3), ("refuse_and_record", 0)):
        for _path, call in _calls(name):
            if len(call.args) <= position:
                continue
            argument = call.args[position]
            for node in [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]:
                if isinstance(node, ast.Constant):
                    actions.add(node.value)
    return actions


def _recorded_object_types() -> set[str]:
    types = set()
    for name, position in (("audit.record", 4), ("refuse_and_record", 1)):
        for _path, call in _calls(name):
            if len(call.args) > position and isinstance(call.args[position], ast.Constant):
                types.add(call.args[position].value)
    return types | {"endpoint"}  # webui/uow.py names a refused page without an id "endpoint"


def _english() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}


def test_every_audit_action_the_code_records_has_a_chinese_label_and_an_english_one():
    actions = _recorded_actions()
    assert {"task.completed", "risk_point.created", "reauth.failed", "csrf.refused"} <= actions
    assert sorted(actions - ACTION_LABELS.keys()) == []
    english = _english()
    for action in actions:
        label = ACTION_LABELS[action]
        assert label in TEMPLATES, f"{action}: webui/engine_text.py does not list {label}"
        assert english.get(label), f"{action}: {label} has no English translation"


def test_every_kind_of_object_and_step_reference_in_the_audit_has_a_label_in_both_languages():
    assert sorted(_recorded_object_types() - OBJECT_LABELS.keys()) == []
    english = _english()
    for label in [*OBJECT_LABELS.values(), *STEP_KEYS.values()]:
        assert label in TEMPLATES and english.get(label), label


def test_no_flash_message_is_a_bare_chinese_string():
    """A flash message goes through ``_()`` (or engine_text for the engine's words) so English mode translates it."""
    bare = []
    for path, call in _calls("flash"):
        if call.args and isinstance(call.args[0], (ast.Constant, ast.JoinedStr)):
            bare.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert bare == []


def _completed_event_row(page: str, step_name: str) -> str:
    """The summary row of the audit record of completing ``step_name`` on the case's audit page."""
    rows = re.findall(r'<summary class="lj-event-row">(.*?)</summary>', page, re.DOTALL)
    return next(row for row in rows if f'<span class="lj-event-step">{step_name}</span>' in row)


def test_the_case_audit_names_each_event_and_its_step_in_chinese(browser, correction_case: ApiWalker):  # noqa: F811
    page = text_of(browser("liu.auditor").get(f"/audit/cases/{correction_case.case_id}"))
    row = _completed_event_row(page, "筛选分流线索")
    assert "办结环节" in row and "task.completed" in row and "环节 #" in row
    # the record's details name the step done and the steps it opened, by name beside the id
    assert "办理环节:筛选分流线索 <code>screen_clue</code>" in page
    assert re.search(r"后续环节:[^<]+ <code>propose_subject</code>", page)


def test_the_case_audit_names_each_event_in_english_mode(browser, correction_case: ApiWalker):  # noqa: F811
    page = text_of(english(browser, "liu.auditor").get(f"/audit/cases/{correction_case.case_id}"))
    row = _completed_event_row(page, "筛选分流线索")
    assert "Complete step" in row and "Step #" in row and "办结环节" not in row
    assert "Step done:筛选分流线索 <code>screen_clue</code>" in page


def test_the_recent_activity_labels_what_each_event_is_about(browser, correction_case: ApiWalker):  # noqa: F811
    home = text_of(english(browser, "liu.auditor").get("/audit"))
    table = home.split('id="recent-events"', 1)[1]
    assert "Complete step" in table and "Step #" in table
    assert not re.search(r'<td class="small">task #', table)


def test_flash_messages_read_in_english_in_english_mode(browser, page_app, correction_case: ApiWalker):  # noqa: F811
    clerk = english(browser, "wang.clerk")
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    clerk.get(f"/tasks/{task_id}")
    response = clerk.post(f"/tasks/{task_id}/submit", {"action": "draft", "summary": "草稿"},
                          follow_redirects=True)
    assert "Draft saved, not submitted yet" in text_of(response)
