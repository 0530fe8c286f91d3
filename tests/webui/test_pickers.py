"""The pickers of people and cadres (issue 15 §7): searchable, and the cadre picker scoped on the server.

A clue is handled by management authority, 谁主管、谁负责 (第三条, 第十四条): a warning office registers clues
about the cadres of its unit and the units below it, and of the cadres those units manage. The clue form
lists exactly those cadres, and a cadre outside them submitted anyway is refused — 422 with a Chinese message
from the API and the page, nothing written, and the same words as for a cadre that does not exist, so the
refusal does not tell a town's clerk whether another unit's cadre is on file (SECURITY.md 24).
"""
from __future__ import annotations

import re

from sqlalchemy import func
from sqlalchemy import select

from engine.models import Clue
from processes.measures.clues import CADRE_OUT_OF_SCOPE
from tests.webui.conftest import clue_payload
from tests.webui.pages import text_of
from webui import extensions

_OPTION = re.compile(r'<option value="(\d+)"[^>]*>([^<]*)</option>')


def _clues(app) -> int:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(func.count(Clue.id))).scalar_one()


def _subject_options(html: str) -> dict[int, str]:
    """The options of the clue form's subject picker, id → label."""
    picker = html.split('name="subject_cadre_id"', 1)[1].split("</select>", 1)[0]
    return {int(value): label for value, label in _OPTION.findall(picker)}


def test_a_town_clerk_is_offered_only_the_cadres_of_their_own_town(browser, page_app):
    """第三、十四条: 正阳关镇's office names 正阳关镇's six cadres, none of another town's or department's."""
    options = _subject_options(text_of(browser("zy.office").get("/clues/new")))
    assert len(options) == 6
    assert all("正阳关镇" in label for label in options.values()), options


def test_the_county_clerk_is_offered_every_cadre_of_the_county(browser):
    """The county commission's office covers every unit below it: all thirty cadres (第十四条)."""
    options = _subject_options(text_of(browser("wang.clerk").get("/clues/new")))
    assert len(options) == 30
    assert any("瓦埠镇" in label for label in options.values())
    assert any("县财政局" in label for label in options.values())


def test_the_subject_picker_and_the_talker_pickers_are_marked_for_the_search_box(browser):
    """Without the script the select works as it is; with it, js/pickers.js makes it searchable."""
    html = text_of(browser("wang.clerk").get("/clues/new"))
    picker = html.split('name="subject_cadre_id"', 1)[1].split(">", 1)[0]
    assert "data-picker" in picker
    assert 'data-picker-placeholder="输入姓名、单位或职务搜索"' in picker
    assert "js/pickers.js" in html


def test_the_api_refuses_a_cadre_outside_the_clerks_units_with_422_and_writes_nothing(api, app, ids):
    before = _clues(app)
    response = api("zy.office").post("/clues", json=clue_payload(ids.cadre_id("town-wabu", "镇长")))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "form_invalid"
    assert error["message"] == "预警对象不在可登记的范围内"
    assert error["details"] == {"subject_cadre_id": [CADRE_OUT_OF_SCOPE]}
    assert "第三条、第十四条" in CADRE_OUT_OF_SCOPE
    assert _clues(app) == before


def test_an_unknown_cadre_gets_the_same_answer_as_another_units_cadre(api, app):
    """The refusal does not tell whether the number names a cadre of another unit (SECURITY.md 24)."""
    response = api("zy.office").post("/clues", json=clue_payload(99999))
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"subject_cadre_id": [CADRE_OUT_OF_SCOPE]}


def test_a_town_clerk_registers_a_clue_about_a_cadre_of_their_town(api, ids):
    """A county-managed principal leader of the town is still named here; screening reports it up (第十四条)."""
    response = api("zy.office").post("/clues", json=clue_payload(ids.cadre_id("town-zhengyang", "党委书记")))
    assert response.status_code == 201, response.get_json()


def test_the_page_refuses_a_cadre_outside_the_scope_in_chinese_and_keeps_what_was_typed(browser, page_app, ids):
    clerk = browser("zy.office")
    clerk.get("/clues/new")
    before = _clues(page_app)
    response = clerk.post("/clues/new", {**clue_payload(ids.cadre_id("dept-finance", "局长")),
                                         "summary": "群众来信反映该干部违规操办婚宴。"})
    html = text_of(response)
    assert response.status_code == 422
    assert "预警对象不在可登记的范围内" in html
    assert CADRE_OUT_OF_SCOPE in html
    assert "群众来信反映该干部违规操办婚宴。" in html
    assert _clues(page_app) == before
