"""The quarterly analysis and half-year summary page, its Excel and its DOCX (issue 13 §2; 「001 三、1」
每季度进行预警分析,每半年进行工作总结).

The demo network (processes/info_network/demo.py) reports its five items on 2 November 2026 — 一级 1, 二级 2,
三级 1, one not graded; 3 + 3 + 1 + 6 = 13 points with the shipped deductions (「001 第一篇(四)四是」) — and
runs November and December (tests/info_network/month_run.py): November reported by the county alone, December
by nobody, October never started. So the fourth quarter counts 5 items and 13 points, and 3 + 2 + 3 = 8 late
or missing monthly reports of the network's three units (「001 三、1」). Only the centre and supervisors read
it (issue 13 §2).
"""
from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from docx import Document

from processes.info_network.periodic_reports import SHEETS
from tests.webui.conftest import TEST_HASH
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from tests.webui.test_pages_info_reports import _seed_network

Q4 = "/info/periodic?period=2026-Q4"


@pytest.fixture()
def periodic_pages(page_app):
    return _seed_network(page_app, demo_password_hash())


def test_the_centre_sees_the_quarters_figures_and_the_page_cites_its_rule_001_3_1(periodic_pages, browser):
    centre = browser("yj.centre")
    assert 'id="periodic-link"' in centre.get("/info").text  # linked from the /info page
    response = centre.get(Q4)
    assert response.status_code == 200
    page = text_of(response)
    assert "2026年第四季度预警分析" in page
    assert "县预警中心每季度进行预警分析,每半年进行工作总结(种子001 三、1)" in page
    figures = response.text.split('id="period-figures"', 1)[1].split("</ul>", 1)[0]
    items = figures.split('data-figure="items">', 1)[1].split("</li>", 1)[0]
    points = figures.split('data-figure="points">', 1)[1].split("</li>", 1)[0]
    late = figures.split('data-figure="late">', 1)[1].split("</li>", 1)[0]
    assert '<span class="fs-5 fw-semibold">5</span>' in items
    assert '<span class="fs-5 fw-semibold">13</span>' in points
    assert '<span class="fs-5 fw-semibold">8</span>' in late
    assert 'id="chart-category"' in response.text and "vendor/chart.js/chart.umd.js" in response.text
    assert "本期分析尚未发起" in page  # the quarterly schedule ships held: nothing started it


def test_a_supervisor_reads_it_and_the_networks_officers_are_refused_issue_13_2(periodic_pages, browser):
    assert browser("chen.supervisor").get(Q4).status_code == 200
    for username in ("cz.officer", "cz.infooffice", "yj.invited1", "wang.clerk"):
        client = browser(username)
        for path in (Q4, "/info/periodic/export.xlsx?period=2026-Q4", "/info/periodic/report.docx?period=2026-Q4"):
            assert client.get(path).status_code == 403, (username, path)
    assert 'id="periodic-link"' not in browser("cz.officer").get("/info").text


def test_a_bad_period_is_told_in_chinese(periodic_pages, browser):
    centre = browser("yj.centre")
    refused = centre.get("/info/periodic?period=2026-Q5")
    assert refused.status_code == 422
    assert "统计期间应为“年-Q季度”或“年-H半年”,例如2030-Q1、2030-H1" in text_of(refused)
    assert centre.get("/info/periodic/export.xlsx?period=2026-13").status_code == 422


def test_the_excel_has_a_sheet_per_breakdown_with_its_columns_002_2_and_001_3_1(periodic_pages, browser):
    response = browser("yj.centre").get("/info/periodic/export.xlsx?period=2026-Q4")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == list(SHEETS)
    for name, columns in SHEETS.items():
        assert [c.value for c in book[name][2]] == [title for title, _ in columns], name
    categories = book["按类别"]
    assert categories.max_row == 2 + 9  # 「002 二(一)」 all nine, zeros included
    assert sum(row[1].value for row in categories.iter_rows(min_row=3)) == 5
    units = {row[0].value: row for row in book["按单位"].iter_rows(min_row=3)}
    assert units["县财政局"][1].value == 2 and units["县财政局"][2].value == 6  # two 二级 items: 3 + 3 points
    late = [(r[0].value, r[1].value, r[2].value) for r in book["逾期与未报"].iter_rows(min_row=3)]
    assert len(late) == 8 and ("2026年11月", "县财政局", "逾期未报") in late
    assert ("2026年10月", "寿县纪委", "未发起") in late


def test_the_docx_reads_back_in_the_gbt_9704_layout(periodic_pages, browser):
    response = browser("yj.centre").get("/info/periodic/report.docx?period=2026-Q4")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    # GB/T 9704-2012 5.2: A4, top 37 mm, left 28 mm (the Measures' layout, processes/measures/rendering.py)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2026年第四季度廉情预警分析报告"
    body = "\n".join(texts)
    assert "共收到预警信息5条" in body and "扣减13分" in body
    assert "按预警等级分:一级预警1条、二级预警2条、三级预警1条;尚未定级1条。" in body
    assert "县预警中心尚未撰写本期分析。" in body
    assert texts[-2:] == ["寿县纪委预警中心", "2026年12月30日"]
    table = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert table["预警信息"] == "5条" and table["月度报送逾期或未报"] == "8单位次"
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("— ") and footer.endswith(" —")  # GB/T 9704-2012 7.5


@pytest.fixture()
def periodic_api(app):
    return _seed_network(app, TEST_HASH)


def test_the_api_gives_the_same_figures_to_the_centre_002_2_and_001_3_1(periodic_api, api):
    """GET /api/v1/info-periodic: the fourth quarter's 5 items in the nine categories, 13 points, 8 late or
    missing reports; 「002 四」 levels with the ungraded apart; no analysis started (the schedule is held)."""
    body = api("yj.centre").get("/info-periodic?period=2026-Q4").get_json()
    assert (body["period"], body["label"], body["first_day"], body["last_day"]) == (
        "2026-Q4", "2026年第四季度", "2026-10-01", "2026-12-31")
    assert (body["total_items"], body["points"], body["late_reports"]) == (5, 13, 8)
    assert len(body["by_category"]) == 9 and sum(body["by_category"].values()) == 5
    assert body["by_level"] == {"一级预警": 1, "二级预警": 2, "三级预警": 1, "未定级": 1}
    assert [m["month"] for m in body["months"]] == ["2026-10-01", "2026-11-01", "2026-12-01"]
    assert {row["state"] for row in body["months"][1]["late"]} == {"overdue"}
    assert body["analysis"] is None


def test_the_api_refuses_others_and_a_bad_period(periodic_api, api):
    assert api("cz.officer").get("/info-periodic?period=2026-Q4").status_code == 403
    assert api("chen.supervisor").get("/info-periodic?period=2026-Q4").status_code == 200
    refused = api("yj.centre").get("/info-periodic?period=2026-Q9")
    assert refused.status_code == 422


def test_in_english_the_networks_categories_sources_levels_and_periods_read_in_english_issue_13(
        periodic_pages, browser):
    """Issue 13 in English mode: the nine categories 「002 二(一)」, the sources 「002 二(二)」, the three levels and
    their responses 「002 四」 and the periodic report's periods 「001 三、1」 come from the catalogue, not Chinese."""
    from processes.info_network.periodic import KIND_LABELS
    from processes.info_network.periodic import UNGRADED
    from processes.info_network.vocabulary import CATEGORY_LABELS
    from processes.info_network.vocabulary import LEVEL_LABELS
    from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
    from processes.info_network.vocabulary import SOURCE_LABELS
    from tests.webui.test_pages_language import english
    from tests.webui.test_pages_language import json_block

    chinese = [*CATEGORY_LABELS.values(), *SOURCE_LABELS.values(), *LEVEL_LABELS.values(),
               *RESPONSE_BY_LEVEL.values(), *KIND_LABELS.values(), UNGRADED, "季度", "半年"]
    centre = english(browser, "yj.centre")
    home = centre.get("/info").text
    item = centre.get(re.search(r'href="(/info/items/\d+)"', home).group(1)).text
    report = centre.get(Q4).text
    for page in (home, item, report):
        assert 'lang="en"' in page
        assert [label for label in chinese if label in page] == []
    assert "Early signs and tendencies of breaching the integrity rules" in home + item
    assert "Found in the commission's own work" in html.unescape(home + item)
    assert "<h1" in report and "Q4 2026 warning analysis" in report and "first half of 2026" in report
    charts = json_block(report, "periodic-charts")
    assert charts["level"]["labels"] == ["Level 1 warning", "Level 2 warning", "Level 3 warning", "Not graded"]
    assert charts["category"]["labels"][0] == "Problems of conduct in thinking, work and private life"
    assert "Referred from above" in charts["source"]["labels"]

    refused = english(browser, "cz.officer").get(Q4)
    assert refused.status_code == 403
    assert "Only the county warning centre and supervisors may read the quarterly analyses" in refused.text
