"""A cadre's integrity file in a real browser, gathered from the three regulations (第三十一条; 「004 十」第八步
记入干部廉政档案; issue 13 §3), the unit's timeline and the post risks on the warning case (issue 12 §4): the
county supervisor reads all of it, on a desktop and on a 390 px phone; screenshots for looking at, axe-core on
the pages."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import processes.measures as measures
from engine.actors import SYSTEM
from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import IntegrityFileEntry
from engine.models import Unit
from engine.models import User
from engine.seed import DEMO_PASSWORD
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.risk_points.register import create_risk_point
from processes.risk_points.register import record_change
from tests.browser.test_accessibility import axe_violations
from webui import extensions

IDS: dict[str, int] = {}


@pytest.fixture(scope="module")
def configure_live_app():
    """The mayor of 正阳关镇: a warning case with its file entry, a filed level-1 risk point of his post and a
    graded information item with the yellow warning it brought."""

    def seed(app) -> None:
        with app.app_context():
            clock = FixedClock(extensions.clock().now())
            with unit_of_work(extensions.session_factory()) as session:
                town = session.execute(select(Unit).where(Unit.code == "town-zhengyang")).scalar_one()
                mayor = session.execute(select(Cadre).where(Cadre.unit_id == town.id,
                                                            Cadre.position_title == "镇长")).scalar_one()
                clerk = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
                case = measures.register_clue(session, clock, Actor(clerk, source_ip="127.0.0.1"), {
                    "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                    "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": mayor.id}).case
                # what the correction notice's step files (processes/measures/routing.py, 第三十一条)
                session.add(IntegrityFileEntry(cadre_id=mayor.id, case_id=case.id, kind="correction_notice",
                                               recorded_on=dt.date(2026, 11, 2),
                                               summary=f"{case.number}:责令纠错,暂缓提拔使用(第三十一条)"))
                point = create_risk_point(session, clock, SYSTEM, town.id, {
                    "scope": "post", "post": "镇长", "office": "镇政府", "cadre_id": mayor.id,
                    "risk_type": "post_duty", "title": "惠农补贴资金审批", "manifestations": "虚报冒领、优亲厚友。",
                    "level": 1, "measures": [{"text": "补贴名单村、镇两级公示七日", "owner": "镇党委书记",
                                              "check_method": "检查公示记录"}]}, "第二步:自查自找")
                point.filed_on = dt.date(2026, 10, 30)
                record_change(session, clock, SYSTEM, point, "2026年度风险点查找第八步:签字备案")
                now = clock.now()
                item = InfoItem(category="conduct", source="public", cadre_id=mayor.id,
                                facts="群众反映其在惠农补贴发放中优亲厚友,经核实基本属实。",
                                reported_on=dt.date(2026, 10, 20), year=2026, verified=True, level=2,
                                suggested_level=2, level_decided_at=now, created_at=now)
                session.add(item)
                session.flush()
                session.add(InfoWarning(kind="colour", cadre_id=mayor.id, year=2026, colour="yellow", score=8,
                                        item_id=item.id, created_at=now))
                IDS.update(cadre=mayor.id, case=case.id, unit=town.id)

    return seed


@pytest.mark.parametrize(("width", "name"), [(1366, "integrity_file_desktop"), (390, "integrity_file_phone")])
def test_the_supervisor_reads_the_file_from_all_three_regulations(browser, live_server, console_errors, shot,
                                                                   width, name):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, base_url=live_server)
    page = context.new_page()
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.goto("/login")
    page.fill("#username", "chen.supervisor")
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # the supervisor lands on their board
    page.goto(f"/cadres/{IDS['cadre']}")
    entries = page.locator("#integrity-entries li")
    kinds = [entries.nth(i).get_attribute("data-kind") for i in range(entries.count())]
    assert {"correction_notice", "risk_point_filed", "info_item_graded", "info_warning"} <= set(kinds)
    assert page.locator("#post-risks li").count() == 1
    assert axe_violations(page) == []
    shot(page, name)
    page.goto(f"/units/{IDS['unit']}/timeline")
    assert page.locator("#unit-timeline li").count() >= 4
    assert axe_violations(page) == []
    shot(page, f"unit_timeline_{name.split('_')[-1]}")
    page.goto(f"/cases/{IDS['case']}")
    assert "一级风险" in page.locator("#post-risks").inner_text()
    context.close()
    assert not console_errors
