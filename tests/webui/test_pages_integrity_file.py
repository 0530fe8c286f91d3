"""The integrity file gathered from every regulation, a unit's timeline, the risk register's DOCX downloads and
the post risks on a warning case — each reader seeing only what the package's own rule lets them read.

Rules: 第三十一条 (存入个人廉政档案), 「004 十」第八步 (签字备案……记入干部廉政档案), issue 13 §3 (items entered in
the integrity file; a timeline per unit), issue 12 §4 (a warning case concerning a post), 「001 第三篇(二)1(3)」
(公示), SECURITY.md 24 (out of scope reads as not found).
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as read_docx
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Unit
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.risk_points.register import create_risk_point
from processes.risk_points.register import record_change
from tests.webui.conftest import correction_case  # noqa: F401  (fixture)
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions
from webui.pages import unit_records

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture()
def app(page_app):
    return page_app


@pytest.fixture()
def three_sources(page_app, correction_case):  # noqa: F811
    """The mayor of 正阳关镇 under an ordered correction (the Measures), with a filed level-1 risk point of his
    post (「004 十」第八步) and a graded information item about him that brought a yellow warning (issue 13)."""
    cadre_id = correction_case.ids.cadre_id()
    unit_id = correction_case.ids.unit_id("town-zhengyang")
    with page_app.app_context():
        # the app's clock reads its own connection: take the instant first, then write in one transaction
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            point = create_risk_point(session, clock, SYSTEM, unit_id, {
                "scope": "post", "post": "镇长", "office": "镇政府", "cadre_id": cadre_id, "risk_type": "post_duty",
                "title": "惠农补贴资金审批", "manifestations": "虚报冒领、优亲厚友。", "level": 1,
                "measures": [{"text": "补贴名单村、镇两级公示七日", "owner": "镇党委书记",
                              "check_method": "检查公示记录"}]}, "演示:第二步自查")
            point.filed_on = dt.date(2026, 11, 2)
            record_change(session, clock, SYSTEM, point, "2026年度风险点查找第八步:签字备案")
            now = clock.now()
            item = InfoItem(category="conduct", source="public", cadre_id=cadre_id, facts="群众反映其违规接受宴请。",
                            reported_on=dt.date(2026, 10, 20), year=2026, verified=True, level=2,
                            suggested_level=2, level_decided_at=now, created_at=now)
            session.add(item)
            session.flush()
            session.add(InfoWarning(kind="colour", cadre_id=cadre_id, year=2026, colour="yellow", score=8,
                                    item_id=item.id, created_at=now))
            ids = {"point": point.id, "item": item.id}
    return correction_case, cadre_id, unit_id, ids


def _kinds(page: str) -> set[str]:
    if 'id="integrity-entries"' not in page:
        return set()
    entries = page.split('id="integrity-entries"')[1].split("</ol>")[0]
    return {part.split('"')[0] for part in entries.split('data-kind="')[1:]}


def test_the_cadre_file_gathers_all_three_regulations_for_a_county_reader(browser, three_sources):
    """第三十一条, 「004 十」第八步 and issue 13 §3 in one file, in date order, each line linked to its record."""
    walk, cadre_id, unit_id, ids = three_sources
    page = text_of(browser("chen.supervisor").get(f"/cadres/{cadre_id}"))
    assert {"correction_notice", "risk_point_filed", "info_item_graded", "info_warning"} <= _kinds(page)
    assert f'href="/info/items/{ids["item"]}"' in page and f'href="/risks/points/{ids["point"]}"' in page
    assert "黄色预警" in page and "一级风险" in page
    assert 'id="post-risks"' in page and "惠农补贴资金审批" in page.split('id="post-risks"')[1]


def test_the_organisation_department_reads_the_file_it_keeps_but_no_item_of_the_network(browser, three_sources):
    """The organisation department keeps the file (第三十一条; 「004 十」第八步 filed with it) and reads every
    register, but it is no reader of the item database (processes/info_network/access.py): no item, no warning."""
    walk, cadre_id, _, ids = three_sources
    page = text_of(browser("zheng.org").get(f"/cadres/{cadre_id}"))
    assert _kinds(page) == {"correction_notice", "risk_point_filed"}
    assert "违规接受宴请" not in page and "黄色预警" not in page and f"/info/items/{ids['item']}" not in page
    assert f'href="/cases/{walk.case_id}"' not in page  # the case's entry without the case


def test_the_towns_office_reads_its_own_register_and_nothing_else(browser, three_sources):
    walk, cadre_id, _, _ = three_sources
    page = text_of(browser("zy.office").get(f"/cadres/{cadre_id}"))
    assert _kinds(page) == {"risk_point_filed"}
    assert browser("wb.office").get(f"/cadres/{cadre_id}").status_code == 404


def test_issue_12_4_the_warning_case_shows_the_filed_risks_of_the_cadres_post(browser, three_sources):
    walk, _, _, _ = three_sources
    page = text_of(browser("wang.clerk").get(f"/cases/{walk.case_id}"))
    risks = page.split('id="post-risks"')[1].split("</ul>")[0]
    assert "惠农补贴资金审批" in risks and "一级风险" in risks


def test_a_case_about_a_cadre_with_no_filed_point_shows_no_post_risks(browser, correction_case):  # noqa: F811
    assert 'id="post-risks"' not in text_of(browser("wang.clerk").get(f"/cases/{correction_case.case_id}"))


def test_the_unit_timeline_lists_items_warnings_and_register_changes_newest_first(browser, three_sources):
    walk, _, unit_id, _ = three_sources
    page = text_of(browser("chen.supervisor").get(f"/units/{unit_id}/timeline"))
    timeline = page.split('id="unit-timeline"')[1].split("</ol>")[0]
    assert timeline.index("第八步:签字备案") < timeline.index("演示:第二步自查")
    assert "info_item_graded" in timeline and "info_warning" in timeline
    assert browser("wb.office").get(f"/units/{unit_id}/timeline").status_code == 404
    assert browser("chen.supervisor").get("/units/999999/timeline").status_code == 404


def test_the_register_and_its_notice_download_as_docx_for_the_units_readers(browser, three_sources, page_app):
    """issue 12 §2 Outputs; 「001 第三篇(二)1(3)」 公示; only those who read the unit's register."""
    _, _, unit_id, _ = three_sources
    supervisor = browser("chen.supervisor")
    listing = text_of(supervisor.get(f"/risks?unit_id={unit_id}"))
    assert f"/risks/units/{unit_id}/register.docx" in listing and 'id="notice-docx"' in listing
    for kind, words in (("register", "正阳关镇廉政风险点登记表"), ("notice", "公示时间")):
        response = supervisor.get(f"/risks/units/{unit_id}/{kind}.docx")
        assert response.status_code == 200 and response.mimetype == DOCX
        doc = read_docx(io.BytesIO(response.get_data()))
        assert words in "\n".join(p.text for p in doc.paragraphs)
        assert "惠农补贴资金审批" in doc.tables[0].rows[1].cells[2].text
        assert browser("wb.office").get(f"/risks/units/{unit_id}/{kind}.docx").status_code == 404
    wabu = one(page_app, select(Unit.id).where(Unit.code == "town-wabu"))
    refused = supervisor.get(f"/risks/units/{wabu}/notice.docx")
    assert refused.status_code == 409 and "签字备案" in text_of(refused)
    assert 'id="notice-docx"' not in text_of(supervisor.get(f"/risks?unit_id={wabu}"))


def test_issue_12_4_the_quick_lookup_shows_the_post_risks_beside_the_restrictions(browser, three_sources, page_app):
    """issue 12 §4: "The organisation department's quick lookup shows the cadre's post risks beside their
    restrictions" — the organisation department reads every register (processes/risk_points/access.py)."""
    _, cadre_id, _, _ = three_sources
    name = one(page_app, select(Cadre.name).where(Cadre.id == cadre_id))
    page = text_of(browser("zheng.org").get(f"/cadres/check?name={name}"))
    risks = page.split(f'id="post-risks-{cadre_id}"')[1].split("</div>")[0]
    assert "惠农补贴资金审批" in risks and "一级风险" in risks and "不得提拔使用" in page


def test_a_long_timeline_shows_its_latest_lines_and_says_so(browser, three_sources, monkeypatch):
    _, _, unit_id, _ = three_sources
    monkeypatch.setattr(unit_records, "TIMELINE_LIMIT", 2)
    page = text_of(browser("chen.supervisor").get(f"/units/{unit_id}/timeline"))
    assert page.split('id="unit-timeline"')[1].split("</ol>")[0].count("<li") == 2
    assert 'id="timeline-limit"' in page and "演示:第二步自查" not in page  # the oldest line is left out
