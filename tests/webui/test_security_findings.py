"""Issue 14 §3: the security findings confirmed by reproduction, each attack replayed and now refused.

The findings about sessions, tokens, lockout, duties and the audit chain have modules of their own; these are
the smaller ones (§3.2, §3.9, §3.11, §3.13, §3.14).
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.errors import ConfigurationError
from engine.models import Document
from tests.webui.conftest import clue_payload
from tests.webui.pages import one
from tests.webui.pages import text_of
from tests.webui.test_pages_designer import _new_draft
from tests.webui.test_pages_designer import _save
from webui import cli
from webui import config


@pytest.fixture()
def app(page_app):
    return page_app


# --- §3.2: registering a clue says only what the clerk may read ------------------------------------------


def test_a_department_clerk_is_not_told_the_numbers_of_cases_they_cannot_read(app, browser, api, ids):
    # a cadre of the finance bureau: both the county's office and the bureau's own may name them (第三、十四条)
    cadre_id = ids.cadre_id("dept-finance", "副局长")
    county = api("wang.clerk").post("/clues", json=clue_payload(cadre_id))
    assert county.status_code == 201
    county_number = county.get_json()["case"]["number"]

    clerk = api("cz.office")  # the finance bureau's discipline group: no reading of the county's cases
    assert clerk.get(f"/cases/{county.get_json()['case']['id']}").status_code == 404
    first = clerk.post("/clues", json=clue_payload(cadre_id))
    assert first.status_code == 201
    assert first.get_json()["warnings"] == []
    assert county_number not in str(first.get_json())

    # what the clerk may read is still said: their own unit's open case about the same cadre
    second = clerk.post("/clues", json=clue_payload(cadre_id)).get_json()
    own_number = first.get_json()["case"]["number"]
    assert any(own_number in w for w in second["warnings"]) and county_number not in str(second)


# --- §3.9: nothing about a case is kept by a cache -----------------------------------------------------------


def test_case_pages_documents_exports_and_case_answers_are_not_stored(app, browser, api, registered_case):
    case_id = registered_case()["case"]["id"]
    clerk = browser("wang.clerk")
    for path in (f"/cases/{case_id}", "/cases", "/cases/export.xlsx", "/"):
        response = clerk.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert api("wang.clerk").get(f"/cases/{case_id}").headers["Cache-Control"] == "no-store"
    document_id = one(app, select(Document.id).limit(1))
    if document_id is not None:
        assert clerk.get(f"/documents/{document_id}").headers["Cache-Control"] == "no-store"
    static = clerk.get("/static/css/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


# --- §3.11: serving the test settings, and keys anyone could guess ------------------------------------------


@pytest.mark.parametrize("weak", ["abcdefgh" * 4, "0123456789abcdef" * 2, "Zx9!" * 12, "ab" * 40,
                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabcdefghij"])
def test_a_repeated_short_string_is_not_a_secret_key(weak):
    with pytest.raises(ConfigurationError) as refused:
        config.load({"ENV": "production", "SECRET_KEY": weak}, environ={})
    assert refused.value.code == "weak_secret_key"


def test_a_random_key_is_accepted():
    import secrets

    for _ in range(200):
        assert not config.is_low_entropy(secrets.token_urlsafe(48))
        assert not config.is_low_entropy(secrets.token_hex(16))


def test_serve_refuses_the_testing_environment(app, capsys):
    assert app.config["ENV"] == "testing"
    assert cli.serve(app, "127.0.0.1", 0, worker=False, threads=1) == 2
    assert "LIANJING_ENV=testing" in capsys.readouterr().err


# --- §3.13 and §3.14: the designer's save, and how draft XML leaves the site ------------------------------


def test_deeply_nested_json_in_the_designers_save_is_a_400(app, browser):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    response = sun.client.post(f"/designer/drafts/{draft_id}", data="[" * 100_000 + "]" * 100_000,
                               headers={"X-CSRFToken": sun.token, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "message": "请求体不是有效的JSON", "problems": []}
    xml = sun.get(f"/designer/drafts/{draft_id}/diagram.bpmn").get_data(as_text=True)
    assert _save(sun, draft_id, xml).status_code == 200  # the draft is unharmed and still saves


def test_draft_xml_is_a_download_never_rendered_inline(app, browser):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app)
    response = sun.get(f"/designer/drafts/{draft_id}/diagram.bpmn")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<bpmn:definitions" in text_of(response) or "<definitions" in text_of(response)
