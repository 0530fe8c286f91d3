"""A run-time fault seen in the browser (issue 11 §5): the clerk is told their step is recorded and the case is
held; the supervisor finds it on 流程故障. Desktop and a 390 px phone."""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.actors import SYSTEM
from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import HumanTask
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.operations.definitions import deploy_definition
from engine.seed import DEMO_PASSWORD
from processes import measures
from tests.engine import faulty_diagrams
from webui import extensions

PHONE = {"width": 390, "height": 844}


def _held_case(live_app) -> int:
    """Deploy a warning_case whose proposal timer reads a variable nobody sets; register a clue (第十、十四条)."""
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            deploy_definition(session, clock, SYSTEM, "warning_case.bpmn", faulty_diagrams.unset_timer().encode())
            cadre = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
                Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
            clerk = session.execute(select(User).where(User.username == "wang.clerk")).scalar_one()
            registered = measures.register_clue(session, clock, Actor(clerk), {
                "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": cadre})
            case_id = registered.case.id
        with extensions.session_factory()() as session:
            return session.execute(select(HumanTask.id).where(of_case(HumanTask, case_id),
                                                              HumanTask.bpmn_id == "screen_clue")).scalar_one()


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home (issue 15 §8)


def test_the_clerk_and_the_supervisor_see_a_held_case(page, live_app, shot):
    task_id = _held_case(live_app)
    _sign_in(page, "wang.clerk")
    page.goto(f"/tasks/{task_id}")
    page.wait_for_selector("#task-form")
    page.select_option('#task-form select[name="routing"]', "handle_here")
    page.fill('#task-form [name="reason"]', "属县管干部,本级处理")
    page.click("#task-form button[value=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    notice = page.inner_text(".lj-flashes")
    assert "您的办理已记录" in notice and "提出建议期满" in notice
    assert "流程暂停" in page.inner_text("main")
    shot(page, "incidents-01-clerk-told")
    page.set_viewport_size(PHONE)
    shot(page, "incidents-02-clerk-told-phone")

    page.context.clear_cookies()
    _sign_in(page, "chen.supervisor")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/supervise/incidents")
    row = page.inner_text("#incident-table")
    assert "定时器无法计算" in row and "never_set_due_at" in row
    shot(page, "incidents-03-supervisor-list")
    page.set_viewport_size(PHONE)
    shot(page, "incidents-04-supervisor-list-phone")
