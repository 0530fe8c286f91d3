"""The cadres' integrity files and the organisation department's question (第三十一条)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.models import Cadre
from engine.models import Case
from engine.models import User
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import one
from tests.webui.pages import text_of


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _cadre(app, cadre_id: int) -> Cadre:
    return one(app, select(Cadre).where(Cadre.id == cadre_id))


def test_the_roster_is_searched_by_name_or_unit(browser, page_app, ids):
    mayor = _cadre(page_app, ids.cadre_id())
    org = browser("zheng.org")
    page = text_of(org.get(f"/cadres?q={mayor.name}"))
    assert f'href="/cadres/{mayor.id}"' in page and "正阳关镇" in page and "可以" in page
    by_unit = text_of(org.get(f"/cadres?unit_id={ids.unit_id('town-wabu')}"))
    assert "瓦埠镇" in by_unit and f'href="/cadres/{mayor.id}"' not in by_unit
    assert "共 6 条" in by_unit
    assert "干部廉政档案" in text_of(org.get("/"))  # the menu entry


def test_a_cadre_without_restrictions_may_be_promoted(browser, ids):
    page = text_of(browser("zheng.org").get(f"/cadres/{ids.cadre_id('town-wabu', '镇长')}"))
    assert 'data-may-be-promoted="yes"' in page and "可以提拔使用" in page and "可以评优评先" in page
    assert "不受第三十一条所列限制" in page


def test_第三十一条_a_cadre_under_an_ordered_correction_may_not_be_promoted(browser, page_app, correction_case):  # noqa: F811
    """第三十一条: from the correction notice on, no awards and promotion deferred — the organisation
    department sees the answer, its reasons and the integrity file it keeps; the handlers also the case."""
    cadre_id = correction_case.ids.cadre_id()
    number = one(page_app, select(Case.number).where(Case.id == correction_case.case_id))

    org = text_of(browser("zheng.org").get(f"/cadres/{cadre_id}"))
    assert 'data-may-be-promoted="no"' in org and "不得提拔使用" in org and "不得参加评选评优" in org
    assert number in org and "第三十一条" in org and "2026年11月2日" in org
    assert f'href="/cadres/{cadre_id}"' not in org
    assert f'href="/cases/{correction_case.case_id}"' not in org  # no case-reading role: no case details
    assert 'id="cadre-cases"' not in org and 'id="scope-note"' in org
    # ...but it keeps the integrity file (第三十一条; issue 15): it reads every entry the clerk reads
    org_entries = org.split('id="integrity-entries"')[1].split("</ol>")[0]
    assert number in org_entries and "暂缓提拔使用" in org_entries

    clerk = text_of(browser("wang.clerk").get(f"/cadres/{cadre_id}"))
    assert "不得提拔使用" in clerk and f'href="/cases/{correction_case.case_id}"' in clerk
    assert 'id="cadre-cases"' in clerk and "责令纠错" in clerk and "生效中" in clerk
    entries = clerk.split('id="integrity-entries"')[1].split("</ol>")[0]
    assert number in entries and "暂缓提拔使用" in entries

    # the cadre's own town office reads the answer but not the case the county handles...
    town = text_of(browser("zy.office").get(f"/cadres/{cadre_id}"))
    assert "不得提拔使用" in town and f'href="/cases/{correction_case.case_id}"' not in town
    assert 'id="integrity-entries"' not in town  # nor the file's entries of a case it may not read
    assert "该干部没有预警案件" in town
    # ...and another town's office does not learn of it at all
    assert browser("wb.office").get(f"/cadres/{cadre_id}").status_code == 404
    assert f'id="cadre-{cadre_id}"' not in text_of(browser("wb.office").get("/cadres?q=镇长"))
    assert f'id="cadre-{cadre_id}"' in text_of(browser("zy.office").get("/cadres?q=镇长"))

    listing = text_of(browser("zheng.org").get(f"/cadres?unit_id={correction_case.ids.unit_id('town-zhengyang')}"))
    assert "不得提拔" in listing.split(f'id="cadre-{cadre_id}"')[1].split("</tr>")[0]


def test_the_quick_check_answers_by_name(browser, page_app, correction_case):  # noqa: F811
    """第三十一条: the organisation department types a name before a promotion and reads yes or no."""
    mayor = _cadre(page_app, correction_case.ids.cadre_id())
    org = browser("zheng.org")
    form = text_of(org.get("/cadres/check"))
    assert "输入干部姓名" in form and 'name="name"' in form
    page = text_of(org.get(f"/cadres/check?name={mayor.name}"))
    assert "共 1 名" in page and 'data-may-be-promoted="no"' in page and "不得提拔使用" in page
    assert f'href="/cases/{correction_case.case_id}"' not in page
    other = _cadre(page_app, correction_case.ids.cadre_id("town-wabu", "镇长"))
    assert 'data-may-be-promoted="yes"' in text_of(org.get(f"/cadres/check?name={other.name}"))
    assert 'id="no-match"' in text_of(org.get("/cadres/check?name=不存在的人"))


def test_a_cadre_never_sees_their_own_file(browser, page_app):
    """SECURITY.md 24: the 正阳关镇 party chief is himself a cadre; his own file does not exist for him."""
    own = one(page_app, select(User.cadre_id).where(User.username == "zy.partychief"))
    assert own is not None
    chief = browser("zy.partychief")
    assert chief.get(f"/cadres/{own}").status_code == 404
    name = _cadre(page_app, own).name
    assert f'href="/cadres/{own}"' not in text_of(chief.get(f"/cadres?q={name}"))
    assert f'href="/cadres/{own}"' not in text_of(chief.get(f"/cadres/check?name={name}"))
    assert browser("zheng.org").get(f"/cadres/{own}").status_code == 200


def test_only_those_who_may_ask_see_the_files(browser, ids):
    designer = browser("sun.designer")
    for url in ("/cadres", "/cadres/check", f"/cadres/{ids.cadre_id()}"):
        assert designer.get(url).status_code == 403, url
    assert browser("zheng.org").get("/cadres/999999").status_code == 404
    auditor = browser("liu.auditor")
    assert auditor.get(f"/cadres/{ids.cadre_id()}").status_code == 200
    assert auditor.post("/admin/units/1", {"doc_prefix": "改"}).status_code == 403
