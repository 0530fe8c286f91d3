"""The designer's check holds no transaction while it runs, and reading a draft does not run it (issue 11 §5).

On SQLite every transaction holds the write lock (engine/db.py): a clerk waited on a designer's check and got
"database is locked". The check now reads, commits, checks, then stores its result briefly.
"""
from __future__ import annotations

import pytest

import engine.design_rules
from engine.operations import design_checks
from tests.webui.pages import text_of
from tests.webui.test_pages_designer import SKIP_SECRETARY
from tests.webui.test_pages_designer import _check
from tests.webui.test_pages_designer import _draft
from tests.webui.test_pages_designer import _edited
from tests.webui.test_pages_designer import _new_draft
from tests.webui.test_pages_designer import _save
from webui.extensions import db


@pytest.fixture()
def app(page_app):
    return page_app


def test_the_check_runs_with_no_transaction_open_and_its_result_is_kept(browser, app, monkeypatch):
    seen = []
    run = design_checks.run_check

    def watched(prepared):
        seen.append(db.session().in_transaction())
        return run(prepared)

    monkeypatch.setattr(design_checks, "run_check", watched)
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    checked = _check(sun, draft_id, _edited("warning_approval", SKIP_SECRETARY)).get_json()

    assert seen == [False]
    assert any(p["code"] == "approval_skipped" for p in checked["problems"])
    assert _draft(app, draft_id).check_result["problems"] == checked["problems"]


def _refuse_to_check(*args, **kwargs):
    raise AssertionError("the check ran")


def test_reading_a_draft_shows_the_kept_result_without_checking_again(browser, app, monkeypatch):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    _check(sun, draft_id, _edited("warning_approval", SKIP_SECRETARY))
    monkeypatch.setattr(engine.design_rules, "check_with_context", _refuse_to_check)
    monkeypatch.setattr("engine.operations.designs.check_with_context", _refuse_to_check)

    review = text_of(browser("zhou.designer").get(f"/designer/drafts/{draft_id}"))

    assert "不能发布" in review and "第十七条" in review


def test_submitting_reuses_the_check_of_the_same_xml_against_the_same_versions(browser, app, monkeypatch):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    xml = _edited("warning_approval", ('name="审批(谈话函询)"', 'name="审批(谈话函询事项)"'))
    assert _check(sun, draft_id, xml).get_json()["ok"]
    monkeypatch.setattr("engine.operations.designs.check_with_context", _refuse_to_check)

    response = sun.post(f"/designer/drafts/{draft_id}/submit")

    assert response.status_code == 302
    assert _draft(app, draft_id).status == "submitted"


def test_an_edit_after_the_check_is_checked_again_on_submission(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    assert _check(sun, draft_id, _edited("warning_approval", ('name="审批(谈话函询)"', 'name="审批(谈话函询事项)"'))
                  ).get_json()["ok"]
    _save(sun, draft_id, _edited("warning_approval", SKIP_SECRETARY))

    response = sun.post(f"/designer/drafts/{draft_id}/submit")

    assert "未通过检查" in text_of(sun.get(response.headers["Location"]))
    assert _draft(app, draft_id).status == "draft"
