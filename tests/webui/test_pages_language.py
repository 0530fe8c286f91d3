"""The pages speak simplified Chinese by default and English on request; the catalogue stays complete."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.webui.pages import text_of

WEBUI = Path(__file__).resolve().parents[2] / "webui"
CATALOGUE = WEBUI / "translations" / "en" / "LC_MESSAGES"


@pytest.fixture()
def app(page_app):
    return page_app


def test_the_pages_are_chinese_whatever_the_browser_asks(browser):
    client = browser("wang.clerk")
    page = text_of(client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert "我的待办" in page and 'lang="zh-CN"' in page


def test_a_person_may_switch_to_english_for_the_session(browser):
    client = browser("wang.clerk")
    response = client.post("/language", {"lang": "en", "next": "/cases"})
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    page = text_of(client.get("/"))
    assert "My tasks" in page and "Team queue" in page and 'lang="en"' in page
    client.post("/language", {"lang": "zh", "next": "/"})
    assert "我的待办" in text_of(client.get("/"))


def test_every_string_of_the_pages_has_an_english_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(WEBUI / "babel.cfg"),
                    "-k", "_l", "--no-location", "-o", str(template), str(WEBUI)], check=True, capture_output=True)
    with template.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (CATALOGUE / "messages.po").open("rb") as handle:
        translated = {m.id: m.string for m in read_po(handle) if m.id}
    assert not sorted(wanted - {k for k, v in translated.items() if v}), "run `make translations` and translate"


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        source = {m.id: m.string for m in read_po(handle) if m.id}
    compiled = {m.id: m.string for m in read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes())) if m.id}
    assert compiled == source, "run `make translations` (pybabel compile) after editing messages.po"
