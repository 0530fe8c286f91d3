"""Starting processes in a real browser (issue 11 §3): a designer marks a process startable in the properties
panel, and an official starts it from 发起事项 with its start form, on a desktop and on a 390 px phone.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.bpmn.loader import parse_xml
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import DesignDraft
from engine.models import ProcessInstance
from engine.operations.definitions import deploy_definition
from tests.engine.starts_support import diagram
from webui import extensions

SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
STARTABLE = '<spiffworkflow:property name="startableBy" value="warning_office"/>'


@pytest.fixture(scope="module")
def configure_live_app():
    """Deploy the element diagrams: info_item (startable, start form) and await_instruction made not startable."""

    def deploy(app) -> None:
        with app.app_context():
            clock = FixedClock(extensions.clock().now())
            with unit_of_work(extensions.session_factory()) as session:
                deploy_definition(session, clock, SYSTEM, "info_item.bpmn", diagram("info_item"))
                deploy_definition(session, clock, SYSTEM, "clue_intake.bpmn", diagram("clue_intake"))
                deploy_definition(session, clock, SYSTEM, "monthly_report.bpmn", diagram("monthly_report"))
                plain = diagram("await_instruction").decode().replace(STARTABLE, "")
                plain = re.sub(r"<bpmn:extensionElements>\s*<spiffworkflow:properties>\s*</spiffworkflow:properties>"
                               r"\s*</bpmn:extensionElements>", "", plain)
                deploy_definition(session, clock, SYSTEM, "await_instruction.bpmn", plain.encode())

    return deploy




def test_a_designer_marks_a_process_startable_and_gives_its_start_event_a_form(sign_in, live_app, shot):
    sun = sign_in("sun.designer")
    sun.goto("/designer/processes/await_instruction")
    sun.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=20_000)
    sun.click("button:has-text('基于最新版本新建草稿')")
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    sun.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    draft_id = int(sun.url.rsplit("/", 1)[1])

    # Nothing selected: the panel shows the process, with the roles that may start it.
    sun.wait_for_selector("#prop-startableBy")
    assert not sun.locator('#prop-startableBy input[value="warning_office"]').is_checked()
    sun.check('#prop-startableBy input[value="warning_office"]')
    sun.locator('#designer-canvas .djs-element[data-element-id="opened"]').click()
    sun.wait_for_selector("#prop-formKey")
    sun.select_option("#prop-formKey", "source_feedback")
    shot(sun, "starts-01-designer-start-form")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)

    with live_app.app_context(), extensions.session_factory()() as session:
        root = parse_xml(session.get(DesignDraft, draft_id).xml.encode("utf-8"))
    process = root.find(f"{BPMN}process")
    assert {p.get("name"): p.get("value") for p in process.find(f"{BPMN}extensionElements").iter(f"{SPIFF}property")} \
        == {"startableBy": "warning_office"}
    start = process.find(f"{BPMN}startEvent")
    assert {p.get("name"): p.get("value") for p in start.iter(f"{SPIFF}property")} == {"formKey": "source_feedback"}


def _new_draft(page, key: str) -> int:
    page.goto(f"/designer/processes/{key}")
    page.wait_for_selector(".bpmn-diagram.lj-diagram-ready", timeout=20_000)
    page.click("button:has-text('基于最新版本新建草稿')")
    page.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    page.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    return int(page.url.rsplit("/", 1)[1])


def test_the_designer_shows_and_keeps_message_events_and_timer_starts(sign_in, live_app, shot):
    sun = sign_in("sun.designer")
    draft_id = _new_draft(sun, "clue_intake")
    palette = sun.locator(".djs-palette")
    for action in ("create.timer-start", "create.message-start", "create.message-catch", "create.message-throw",
                   "create.message-end", "create.receive-task"):
        assert palette.locator(f'.entry[data-action="{action}"]').count() == 1, action
    sun.locator('#designer-canvas .djs-element[data-element-id="clue_arrives"]').click()
    sun.wait_for_selector("#prop-messageVariable")
    assert sun.locator("#prop-message").input_value() == "clue_raised"
    assert sun.locator("#prop-messageVariable").input_value() == "raised"
    sun.locator('#designer-canvas .djs-element[data-element-id="accepted"]').click()
    sun.wait_for_selector("#prop-messagePayload")
    assert sun.locator("#prop-messagePayload").input_value() == "raised"
    # A new message name on the boundary event creates its bpmn:message (uncorrelated: any waiting item).
    sun.locator('#designer-canvas .djs-element[data-element-id="withdrawn"]').click()
    sun.wait_for_selector("#prop-message")
    sun.fill("#prop-message", "item_recalled")
    sun.press("#prop-message", "Tab")
    shot(sun, "starts-04-designer-message")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    with live_app.app_context(), extensions.session_factory()() as session:
        xml = session.get(DesignDraft, draft_id).xml
    root = parse_xml(xml.encode("utf-8"))
    assert "item_recalled" in {m.get("name") for m in root.iter(f"{BPMN}message")}
    # Everything else of the diagram came back through bpmn-js as it was: payload, variable, correlation.
    assert [e.text for e in root.iter(f"{SPIFF}messagePayload")] == ["raised"]
    assert [e.text for e in root.iter(f"{SPIFF}messageVariable")] == ["raised"]
    assert len(list(root.iter(f"{BPMN}correlationPropertyRetrievalExpression"))) == 3

    _new_draft(sun, "monthly_report")
    sun.locator('#designer-canvas .djs-element[data-element-id="every_28th"]').click()
    sun.wait_for_selector("#prop-timerStart")
    assert sun.locator("#prop-timerKind").input_value() == "timeCycle"
    assert sun.locator("#prop-timerStart").input_value() == '"R/2027-01-28T09:00:00+08:00/P1M"'
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    shot(sun, "starts-05-designer-timer-start")


@pytest.mark.parametrize(("width", "height", "name"), [(1366, 900, "desktop"), (390, 844, "phone")])
def test_an_official_starts_a_process_from_the_menu_with_its_start_form(sign_in, live_app, shot, width, height, name):
    clerk = sign_in("zy.office", {"width": width, "height": height})
    if width < 992:
        clerk.click("button.navbar-toggler")
    clerk.click("nav a:has-text('发起事项')")
    clerk.wait_for_url(re.compile(r"/start$"))
    assert "报送预警信息" in clerk.inner_text("#startable-processes")
    assert "等待上级交办" not in clerk.inner_text("#startable-processes")
    clerk.click('#startable-processes a[data-process="info_item"]')
    clerk.wait_for_selector("#start-form")
    clerk.fill("#f-notified_on", "2026-11-01")
    clerk.fill("#f-feedback", "群众来信反映某站所收取费用不开票据。")
    shot(clerk, f"starts-02-form-{name}")
    with live_app.app_context(), extensions.session_factory()() as session:
        before = len(session.execute(select(ProcessInstance.id)).all())
    clerk.click("#start-form button[type=submit]")
    clerk.wait_for_url(re.compile(r"/$"))
    assert "已发起“报送预警信息”" in clerk.inner_text("body")
    assert "受理信息线索" in clerk.inner_text("body")
    shot(clerk, f"starts-03-inbox-{name}")
    with live_app.app_context(), extensions.session_factory()() as session:
        assert len(session.execute(select(ProcessInstance.id)).all()) == before + 2  # the item and its clue
