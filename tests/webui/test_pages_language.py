"""The pages speak simplified Chinese by default and English on request; the catalogue stays complete."""
from __future__ import annotations

import ast
import datetime as dt
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import session
from flask_babel import refresh
from sqlalchemy import select

from engine.clock import LOCAL_TZ
from engine.models import Cadre
from engine.models import Case
from engine.models import User
from engine.spreadsheets import CADRE_TEMPLATE_HEADERS
from engine.supervision_queries import AGEING_BUCKETS
from engine.supervision_queries import UNTYPED_LABEL
from engine.vocabulary import OUTCOME_LABELS
from processes.measures.inspection import ACTION_LABELS
from processes.measures.inspection import NOT_FILLED
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import text_of
from webui import extensions
from webui.engine_text import TEMPLATES
from webui.engine_text import engine_text

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
    assert "星期" not in page
    assert re.search(r"\d{4}-\d{2}-\d{2} (<span[^>]*>)?(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", page)
    client.post("/language", {"lang": "zh", "next": "/"})
    assert "我的待办" in text_of(client.get("/"))
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 (<span[^>]*>)?星期[一二三四五六日]", text_of(client.get("/")))


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


# --- the administration, cadre, supervisor and auditor pages in English (issue 3) ----------------------------

CJK = re.compile(r"[\u3400-\u9fff]")
#: what the checks below read as a page's headings: h1–h3, table column headers, tab links
_HEADINGS = re.compile(
    r'<(h[1-3])\b[^>]*>(.*?)</\1>|<th scope="col"[^>]*>(.*?)</th>|<a class="nav-link[^"]*"[^>]*>(.*?)</a>', re.DOTALL
)


def english(browser, username: str):
    client = browser(username)
    assert client.post("/language", {"lang": "en", "next": "/"}).status_code == 302
    return client


def headings(page: str) -> list[str]:
    """The visible text of the page's headings, column headers and tabs (not the menu of the frame)."""
    main = page.split('<main id="main"', 1)[1]
    texts = []
    for found in _HEADINGS.finditer(main):
        inner = next(g for g in found.groups()[1:] if g is not None)
        texts.append(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split()))
    return texts


def chinese_headings(page: str, *data: str) -> list[str]:
    """The headings still holding Chinese once the data shown in them (names, case numbers) is taken out."""
    found = []
    for text in headings(page):
        for value in sorted(data, key=len, reverse=True):  # a step name may hold a process name
            text = text.replace(value, "")
        if CJK.search(text):
            found.append(text)
    return found


def json_block(page: str, block_id: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.DOTALL)
    return json.loads(found.group(1))


def _case_number(app, case_id: int) -> str:
    with app.app_context(), extensions.session_factory()() as session:
        return session.get(Case, case_id).number


def test_the_menu_names_supervision_design_and_audit_in_both_languages(browser):
    chinese = text_of(browser("chen.supervisor").get("/"))
    assert "督办</a>" in re.sub(r"\s+", "", chinese) and "审计" in chinese
    assert "流程故障</a>" in re.sub(r"\s+", "", text_of(browser("admin").get("/")))
    page = text_of(english(browser, "chen.supervisor").get("/"))
    assert "Supervision" in page and "Audit" in page
    page = text_of(english(browser, "admin").get("/"))
    assert "Process incidents" in page and "Administration" in page
    assert "Process design" in text_of(english(browser, "sun.designer").get("/"))


@pytest.mark.parametrize("path, words", [
    ("/admin/units", ("Organisation units", "Document number prefix", "Users (active / all)")),
    ("/admin/users", ("Users and roles", "New user", "Grant role", "Deactivate")),
    ("/admin/cadres", ("Import the cadre roster (Arts. 3, 14 and 34)", "Download the import template", "Roster today")),
    ("/admin/settings", ("How deadlines are computed", "Holiday schedules by year", "Built in (official)")),
])
def test_the_administration_pages_speak_english(browser, path, words):
    page = text_of(english(browser, "admin").get(path))
    assert 'lang="en"' in page and "Administration" in page
    for word in words:
        assert word in page, word
    assert not chinese_headings(page)


def test_the_engines_refusals_on_the_administration_pages_read_in_english(browser):
    admin = english(browser, "admin")
    bad = admin.post("/admin/settings", {"year": "1900", "source": "", "holidays": "tomorrow", "workdays": ""})
    assert bad.status_code == 422
    page = text_of(bad)
    assert "The holiday schedule has errors and was not saved" in page
    assert "Enter a year from 2000 to 2100" in page and "Line 1 “tomorrow”: write “YYYY-MM-DD name”" in page
    problems = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', page)
    assert len(problems) == 3 and not CJK.search("".join(problems))

    book = openpyxl.Workbook()
    book.active.append(list(CADRE_TEMPLATE_HEADERS))
    book.active.append(["韩新一", "nowhere", "副镇长", "领导", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    admin.get("/admin/cadres")
    refused = admin.client.post("/admin/cadres/import", content_type="multipart/form-data", data={
        "csrf_token": admin.token, "file": (io.BytesIO(buffer.getvalue()), "roster.xlsx")})
    assert refused.status_code == 422
    page = text_of(refused)
    assert "Rows with errors: 1. No cadre was imported" in page
    assert "Row 2, column B (单位编码)" in page and "“nowhere” is not a known unit code" in page
    assert "Row 2, column D (职务类别)" in page and "“领导” is not a position category; choose one of:" in page

    chinese = browser("admin")
    chinese.get("/admin/settings")
    assert "请填写2000–2100之间的年份" in text_of(chinese.post("/admin/settings", {"year": "1900", "source": "x",
                                                                                 "holidays": "2027-01-01 元旦"}))


def test_the_cadre_pages_speak_english_and_say_what_the_api_says_in_chinese(browser, api, page_app, correction_case):  # noqa: F811
    """第三十一条: the answer reads in English, and in Chinese it is the API's own sentence."""
    cadre_id = correction_case.ids.cadre_id()
    number = _case_number(page_app, correction_case.case_id)
    with page_app.app_context(), extensions.session_factory()() as session:
        name = session.get(Cadre, cadre_id).name
    org = english(browser, "zheng.org")
    listing = text_of(org.get("/cadres"))
    assert "Cadre integrity files" in listing and "Promotion" in listing and not chinese_headings(listing)
    check = text_of(org.get(f"/cadres/{cadre_id}"))
    assert "May not be promoted" in check and "(promotion deferred)" in check
    assert "This cadre may currently neither be promoted nor take part in awards: ordered to correct in case" in check
    assert f"ordered to correct in case {number}, no promotion from 2026-11-02" in check
    assert not chinese_headings(check, name)
    free = text_of(org.get(f"/cadres/{correction_case.ids.cadre_id('town-wabu', '镇长')}"))
    assert "is under none of the restrictions of Art. 31" in free and "May be promoted" in free
    clerk = text_of(english(browser, "wang.clerk").get(f"/cadres/{cadre_id}"))
    assert "Warning cases (1)" in clerk and "Integrity file entries" in clerk and "Ordered correction" in clerk
    assert "In force" in clerk

    sentence = re.compile(r'<p class="mb-1 lj-answer-text">(.*?)</p>', re.DOTALL)
    for cadre in (cadre_id, correction_case.ids.cadre_id("town-wabu", "镇长")):
        said = api("zheng.org").get(f"/cadres/{cadre}/restrictions").get_json()["answer"]
        shown = html.unescape(sentence.search(text_of(browser("zheng.org").get(f"/cadres/{cadre}"))).group(1))
        assert shown == said


def test_the_quick_check_speaks_english(browser, page_app, correction_case):  # noqa: F811
    cadre_id = correction_case.ids.cadre_id()
    with page_app.app_context(), extensions.session_factory()() as session:
        name = session.get(Cadre, cadre_id).name
    page = text_of(english(browser, "zheng.org").get(f"/cadres/check?name={name}"))
    assert "Cadres whose name contains" in page and "Open the integrity file" in page and "Quick check" in page
    assert not chinese_headings(page, name, "正阳关镇", "镇长") and 'placeholder="e.g. 吴海燕"' in page


def test_the_supervisor_pages_speak_english(browser, page_app, correction_case):  # noqa: F811
    with page_app.app_context():
        extensions.clock().set(dt.datetime(2026, 12, 10, 9, tzinfo=LOCAL_TZ))  # the month ran out on 2 December
    supervisor = english(browser, "chen.supervisor")
    board = text_of(supervisor.get("/supervise"))
    assert "Due board" in board and "8–15 days overdue" in board and "8 d overdue" in board
    assert json_block(board, "supervise-words") == {"overdue": "Overdue", "dueSoon": "Due within 3 days"}
    assert "Overdue and due-soon steps by unit: 寿县纪委: 1 overdue, 0 due soon; " in board
    assert not chinese_headings(board)
    task_id = correction_case.ids.open_task(correction_case.case_id, "await_rectification")
    with page_app.app_context(), extensions.session_factory()() as session:
        deputy = session.execute(select(User.id).where(User.username == "li.deputy")).scalar_one()
    supervisor.post(f"/supervise/tasks/{task_id}/reassign", {"assignee_id": str(deputy), "next": "/supervise"})
    assert "holds none of the roles of “跟踪整改”" in text_of(supervisor.get("/supervise"))

    compliance = text_of(supervisor.get("/supervise/compliance"))
    assert "Explanation or rectification period over, nothing submitted (Arts. 27–31)" in compliance
    assert not chinese_headings(compliance)
    steps = text_of(supervisor.get("/supervise/steps"))
    assert json_block(steps, "supervise-words")["openCount"] == "{n} open" and "Median duration" in steps
    names = re.findall(r'<h2 class="h6 mb-0" id="(?:steps-[^"]+|heat-title)">(.*?)</h2>', steps)
    assert not chinese_headings(steps, *[re.sub(r"^Where open cases stand: ", "", n) for n in names])
    statistics = text_of(supervisor.get("/supervise/statistics"))
    assert "Quarterly warning statistics for 2026 (Art. 4(4))" in statistics and "Q4" in statistics
    assert not chinese_headings(statistics, *OUTCOME_LABELS.values())
    incidents = text_of(supervisor.get("/supervise/incidents"))
    assert "No open process incidents" in incidents and not chinese_headings(incidents)


def test_the_auditor_pages_speak_english(browser, page_app, correction_case):  # noqa: F811
    auditor = english(browser, "liu.auditor")
    home = text_of(auditor.get("/audit"))
    assert "Audit inspection" in home and "Check the audit chain now" in home and "Complete step" in home
    assert not chinese_headings(home)
    verify = text_of(auditor.get("/audit/verify"))
    assert "The audit chain is intact" in verify and "Beijing time" in verify and not chinese_headings(verify)
    number = _case_number(page_app, correction_case.case_id)
    case = text_of(auditor.get(f"/audit/cases/{correction_case.case_id}"))
    assert 'data-label-collapse="Collapse all"' in case and "Raw audit records" in case
    assert "<dt class=\"col-4\">Case number</dt>" in case and "Register clue" in case
    diagrams = re.findall(r'id="dg-[^"]+">Process diagram: (.*?)</h2>', case)
    steps = re.findall(
        r'<span class="lj-step-no">\d+</span> (.*?) <span class="small text-muted fw-normal">(.*?)</span>', case
    )
    assert not chinese_headings(case, number, *diagrams, *(text for step in steps for text in step))


def test_every_engine_text_of_the_pages_is_still_what_the_engine_writes_and_reads_in_english(page_app):
    """webui/engine_text.py repeats the engine's and the regulations' wording: each listed text must still occur."""
    written: list[str] = []
    for path in [*(WEBUI.parent / "engine").rglob("*.py"), *(WEBUI.parent / "processes").rglob("*.py"),
                 WEBUI / "uow.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                written.append(node.value)
    shown = {*ACTION_LABELS.values(), *(b.label for b in AGEING_BUCKETS), UNTYPED_LABEL, NOT_FILLED}
    assert shown <= set(TEMPLATES)
    with page_app.test_request_context():
        session["lang"] = "en"
        refresh()
        for template in TEMPLATES:
            pieces = [p for p in re.split(r"%\(\w+\)s", template) if p]
            assert all(any(piece in text for text in written) for piece in pieces), template
            names = re.findall(r"%\((\w+)\)s", template)
            sample = template % {n: f"x{i}" for i, n in enumerate(names)}
            assert not CJK.search(engine_text(sample)), template
        session["lang"] = "zh"
        refresh()
        assert engine_text("用户名「li.xin」已被使用") == "用户名「li.xin」已被使用"
        assert engine_text("用户名「li.xin」已被使用", patterns=False) == "用户名「li.xin」已被使用"


def test_the_designers_effect_choices_are_english_in_english_mode(browser, page_app):
    """Issue 15 §10: the designer's effect dropdown named each effect in Chinese even in English mode. Every
    registered effect (of every regulation package) has its English label; in Chinese mode the label stays the
    regulation's own wording with its article."""
    from engine.registry import REGISTRY
    from tests.webui.test_pages_designer import _new_draft

    def effects(client) -> dict[str, str]:
        draft_id = _new_draft(client, page_app, "warning_case")
        page = text_of(client.get(f"/designer/drafts/{draft_id}"))
        data = json.loads(html.unescape(re.search(r'id="designer-data">(.*?)</script>', page, re.DOTALL).group(1)))
        return dict(data["vocabulary"]["effects"])

    shown = effects(english(browser, "sun.designer"))
    assert set(shown) == set(REGISTRY.effects()) and len(shown) >= 26
    han = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # CJK characters and punctuation
    chinese = {name: label for name, label in shown.items() if han.search(label)}
    assert chinese == {}, chinese
    assert shown["route_clue"] == "Route a clue by management authority: report up or handle here (Art. 14)"
    assert effects(browser("zhou.designer"))["route_clue"] == "按干部管理权限分流线索:上报或本级办理(第十四条)"
