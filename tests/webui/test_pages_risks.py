"""风险台账 /risks (issue 12 §2 views: by unit, level and type): the county sees every unit, a unit its own,
in Chinese; a bad filter is dropped with a note, never a 500."""
from __future__ import annotations

import pytest

from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.risk_points.demo import seed_risk_demo
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def risk_pages(page_app, browser):
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
    return browser


def test_the_county_sees_every_units_register_with_its_level_counts(risk_pages):
    page = risk_pages("wang.clerk").get("/risks")
    assert page.status_code == 200
    text = text_of(page)
    assert "廉政风险台账" in text and "县财政局" in text and "正阳关镇" in text
    assert "预算资金分配(资金管理)" in text and "违法建设查处(行政执法)" in text
    assert 'id="unit-levels"' in page.get_data(as_text=True)
    assert "风险台账" in text  # the menu names it


def test_filters_by_level_and_type_follow_the_seed(risk_pages):
    clerk = risk_pages("wang.clerk")
    level_1 = text_of(clerk.get("/risks?level=1"))
    assert "预算资金分配(资金管理)" in level_1 and "低保对象审核" not in level_1  # 「004 九」
    moral = text_of(clerk.get("/risks?risk_type=moral"))
    assert "低保对象审核" in moral and "政府采购审批" not in moral  # 「004 七」
    bad = clerk.get("/risks?level=9&risk_type=greed")
    assert bad.status_code == 200
    assert "风险等级应为一级、二级或三级,已忽略" in text_of(bad) and "风险类型不在五类之内,已忽略" in text_of(bad)


def test_a_town_sees_only_its_own_register(risk_pages):
    text = text_of(risk_pages("zy.staff").get("/risks"))
    assert "低保对象审核" in text and "预算资金分配" not in text
