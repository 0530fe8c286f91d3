"""系统管理 → 定时发起 (issue 11): the administrator sees every timer start, resumes the held shipped ones and
holds them again; everyone else is refused. Rules: engine/start_schedules.py (种子001 三、1 monthly report on
the 20th, 种子004 六 yearly re-identification on 4 January)."""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.models import AuditEvent
from engine.models import StartSchedule
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions

MONTHLY = "info_monthly_report"


def _schedule_id(app, key: str = MONTHLY) -> int:
    return one(app, select(StartSchedule.id).where(StartSchedule.key == key))


def _card(page: str, schedule_id: int) -> str:
    match = re.search(rf'<section class="card h-100" id="schedule-{schedule_id}".*?</section>', page, re.S)
    assert match, f"no card for schedule {schedule_id}"
    return match.group(0)


def test_the_administrator_sees_the_shipped_schedules_held_with_their_calendar(page_app, browser):
    page = browser("admin").get("/admin/schedules")
    assert page.status_code == 200
    monthly = _card(page.text, _schedule_id(page_app))
    assert 'data-paused="true"' in monthly and "已暂停" in monthly
    assert "每月20日 09:00" in text_of_html(monthly)
    assert "恢复后首次发起" in monthly and "2026-11-20 09:00" in monthly  # the clock shows 2 November 2026
    yearly = _card(page.text, _schedule_id(page_app, "risk_reidentification"))
    assert "每年1月4日 09:00" in text_of_html(yearly)


def test_resuming_then_holding_again_is_audited_and_shown(page_app, browser):
    admin = browser("admin")
    schedule_id = _schedule_id(page_app)
    resumed = admin.post(f"/admin/schedules/{schedule_id}/resume", follow_redirects=True)
    assert "已恢复定时发起,下次发起:2026-11-20 09:00" in text_of(resumed)
    card = _card(resumed.text, schedule_id)
    assert 'data-paused="false"' in card and "运行中" in card and "下次发起" in card
    again = admin.post(f"/admin/schedules/{schedule_id}/resume", follow_redirects=True)
    assert "该定时发起正在运行,无需恢复" in text_of(again)  # a second click is told, nothing changes
    held = admin.post(f"/admin/schedules/{schedule_id}/pause", follow_redirects=True)
    assert "已暂停定时发起" in text_of(held)
    with page_app.app_context(), extensions.session_factory()() as session:
        actions = list(session.execute(select(AuditEvent.action).where(AuditEvent.object_type == "start_schedule")
                                       .order_by(AuditEvent.seq)).scalars())
    assert actions == ["start_schedule.resumed", "start_schedule.paused"]


def test_only_the_administrator_may_see_or_change_the_schedules(page_app, browser):
    clerk = browser("wang.clerk")
    assert clerk.get("/admin/schedules").status_code == 403
    assert clerk.post(f"/admin/schedules/{_schedule_id(page_app)}/resume").status_code == 403
    assert one(page_app, select(StartSchedule.paused).where(StartSchedule.key == MONTHLY)) is True
    assert browser("admin").post("/admin/schedules/999999/resume").status_code == 404


def text_of_html(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))
