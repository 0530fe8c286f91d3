"""Documents and the modeler in the browser (issue 15, "Also"):

- the document preview places the issuer and the date as GB/T 9704-2012 7.3.5 does, measured on the page: a
  sealed notice's date four characters from the right with the issuer centred on it (7.3.5.1), the talk record's
  issuer two characters from the right and its date starting two characters further right (7.3.5.2); the red
  masthead (7.2) only on the notice; the talk record names its recorder (第二十二条(二)4); desktop and 390 px;
- the modeler's article field explains a malformed article in the page's language (Chinese, English in English
  mode), where chromium's own tooltip said "Please match the requested format.";
- printing the preview numbers its pages "— 1 —" at the outer side, odd pages right, even left (7.5), as the DOCX.
Screenshots: tests/browser/screenshots/gbt9704-*.png, designer-article-tooltip.png.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.document_numbers import issue_document
from engine.models import Cadre
from engine.models import Case
from engine.models import Unit
from engine.models import User
from processes import measures
from tests.browser.pdf_text import pdf_pages
from webui import extensions

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
#: how far two measured positions may differ, in CSS pixels (sub-pixel rounding of the fonts)
SLACK = 1.5


@pytest.fixture(scope="module")
def documents(live_app) -> dict[str, int]:
    """A registered case with an issued correction notice and the office's talk record."""
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            clerk = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
            actor = Actor(clerk, source_ip="10.8.3.21")
            cadre = session.execute(select(Cadre).join(Unit, Unit.id == Cadre.unit_id).where(
                Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
            registered = measures.register_clue(session, clock, actor, {
                "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                "summary": "群众来信反映该干部违规收受礼金。", "subject_cadre_id": cadre.id})
            case = session.get(Case, registered.case.id)
            issued = dt.date(2026, 12, 7)
            notice = issue_document(session, clock, actor, case, "correction_notice", recipient="", issued_on=issued,
                                    fields={"issued_on": "2026-12-07", "delivery_method": "in_person"})
            record = issue_document(session, clock, actor, case, "talk_record", recipient="", issued_on=issued,
                                    fields={"talked_on": "2026-12-07", "recorder": "王晓",
                                            "record_summary": "本人承认错误,表示整改", "subject_signed": True})
            # a record long enough for two A4 pages, for the page numbers (7.5)
            long = issue_document(session, clock, actor, case, "talk_record", recipient="", issued_on=issued,
                                  fields={"talked_on": "2026-12-07", "recorder": "王晓", "subject_signed": True,
                                          "record_summary": "本人逐项说明了群众来信反映的问题,承认违规收受礼金,"
                                                            "表示退还全部礼金并作出书面检查。" * 6})
            session.flush()
            return {"correction_notice": notice.id, "talk_record": record.id, "long_record": long.id}


_MEASURE = """() => {
  const box = (s) => { const n = document.querySelector(s); if (!n) return null; const r = n.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, width: r.width}; };
  const article = document.querySelector('.lj-doc-preview');
  const style = getComputedStyle(article);
  const r = article.getBoundingClientRect();
  return {em: parseFloat(style.fontSize), contentRight: r.right - parseFloat(style.paddingRight),
          issuer: box('.lj-doc-sign-issuer'), date: box('.lj-doc-sign-date'),
          masthead: box('.lj-doc-issuer'), sealNote: box('.lj-doc-seal-note'),
          scrollWidth: document.documentElement.scrollWidth};
}"""


def _open(page, document_id: int) -> dict:
    page.goto(f"/documents/{document_id}")
    page.wait_for_selector(".lj-doc-sign-date")
    return page.evaluate(_MEASURE)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_preview_places_issuer_and_date_by_gbt9704_7_3_5(sign_in, documents, shot, viewport):
    clerk = sign_in("wang.clerk", viewport)
    name = "desktop" if viewport is DESKTOP else "390"

    sealed = _open(clerk, documents["correction_notice"])
    em, issuer, date = sealed["em"], sealed["issuer"], sealed["date"]
    assert sealed["masthead"] is not None  # 7.2: an issued notice keeps its red masthead
    # 7.3.5.1: the date ends four characters from the right edge of the text; the issuer, above it, is centred on it.
    assert abs((sealed["contentRight"] - date["right"]) - 4 * em) <= SLACK
    assert abs((issuer["left"] + issuer["width"] / 2) - (date["left"] + date["width"] / 2)) <= SLACK
    assert issuer["top"] < date["top"] and sealed["sealNote"] is not None
    assert re.fullmatch(r"2026年12月7日", clerk.inner_text(".lj-doc-sign-date"))  # 7.3.5.4: Arabic numerals
    assert sealed["scrollWidth"] <= viewport["width"]
    shot(clerk, f"gbt9704-notice-{name}")

    unsealed = _open(clerk, documents["talk_record"])
    em, issuer, date = unsealed["em"], unsealed["issuer"], unsealed["date"]
    assert unsealed["masthead"] is None  # 7.2: the office's own record carries no red masthead
    # 7.3.5.2: the issuer two characters from the right, the date starting two characters right of its first one.
    assert abs((unsealed["contentRight"] - issuer["right"]) - 2 * em) <= SLACK
    assert abs((date["left"] - issuer["left"]) - 2 * em) <= SLACK
    assert issuer["top"] < date["top"] and unsealed["sealNote"] is None
    # 第二十二条(二)4: the record names its recorder.
    assert clerk.locator("tr:has(th:text-is('记录人')) td").inner_text() == "王晓"
    assert unsealed["scrollWidth"] <= viewport["width"]
    shot(clerk, f"gbt9704-talk-record-{name}")


_ARTICLE = "() => { const i = document.querySelector('#prop-article'); return [i.validationMessage, i.title]; }"


def test_the_modelers_article_tooltip_speaks_the_pages_language(sign_in, shot):
    sun = sign_in("sun.designer", DESKTOP)
    sun.goto("/designer")
    sun.locator('tr[data-key="warning_approval"] button:has-text("新建草稿")').click()
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    draft_url = sun.url
    sun.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    sun.locator('#designer-canvas .djs-element[data-element-id="committee_decision"]').click()
    sun.wait_for_selector("#prop-article")
    assert sun.evaluate(_ARTICLE)[0] == ""  # the shipped article reads "第N条"
    sun.fill("#prop-article", "十七")
    message, title = sun.evaluate(_ARTICLE)
    assert message == title == "条款应写作“第N条”,如 第十七条;多条用顿号分隔"
    assert "Please" not in message and sun.locator("#prop-article:invalid").count() == 1
    # Said on the page too, under the field, not only in the hover tooltip.
    assert sun.locator("#prop-article-feedback").is_visible()
    assert sun.inner_text("#prop-article-feedback") == message
    sun.locator("#prop-article-feedback").scroll_into_view_if_needed()
    shot(sun, "designer-article-tooltip")
    sun.fill("#prop-article", "第十七条")
    assert sun.evaluate(_ARTICLE)[0] == "" and not sun.locator("#prop-article-feedback").is_visible()

    sun.locator("form.lj-language").get_by_role("button", name="English").click()
    sun.wait_for_load_state()
    sun.goto(draft_url)
    sun.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    sun.locator('#designer-canvas .djs-element[data-element-id="committee_decision"]').click()
    sun.wait_for_selector("#prop-article")
    sun.fill("#prop-article", "十七")
    message, title = sun.evaluate(_ARTICLE)
    assert message == title == "Write the article as “第N条”, e.g. 第十七条; separate several with “、”"
    assert sun.inner_text("#prop-article-feedback") == message
    sun.locator("#prop-article-feedback").scroll_into_view_if_needed()
    shot(sun, "designer-article-tooltip-en")


def test_printing_the_preview_numbers_its_pages_at_the_outer_side_by_gbt9704_7_5(sign_in, documents):
    """GB/T 9704-2012 7.5, as the DOCX: "— 1 —" under the text block, odd pages at the right, even at the left.
    Printed by chromium to PDF (what 打印 gives) and read back page by page (tests/browser/pdf_text.py)."""
    clerk = sign_in("wang.clerk", DESKTOP)
    clerk.goto(f"/documents/{documents['long_record']}")
    clerk.wait_for_selector(".lj-doc-sign-date")
    pages = pdf_pages(clerk.pdf(prefer_css_page_size=True))
    assert len(pages) == 2, [page.text[:40] for page in pages]
    for number, page in enumerate(pages, start=1):
        [(x, _)] = [run for run in page.runs if run[1] == "—"][:1]
        assert page.text.count(f"— {number} —") == 1, page.text[:60]
        # odd (right-hand) pages: the number in the right half; even pages: in the left half
        assert (x > page.width / 2) if number % 2 else (x < page.width / 2), (number, x, page.width)
    assert "谈话记录" in pages[0].text and "2026年12" in pages[1].text  # the document itself, not a blank page
    # the document page only: other pages (here the inbox) print without page numbers, as before
    clerk.goto("/")
    inbox = pdf_pages(clerk.pdf())
    assert inbox and all("— 1 —" not in page.text for page in inbox)
