"""The modeler offers the structural elements the engine runs, and its panel edits what they need (issue 11 §2):
a co-sign's collection, assignee and completion condition; a timer's kind and expression. The edits are saved
into the draft's XML as the engine reads it.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.actors import SYSTEM
from engine.actors import Actor
from engine.bpmn.loader import parse_xml
from engine.bpmn.validation import validate_tree
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import DesignDraft
from engine.models import User
from engine.operations.definitions import deploy_definition
from engine.operations.designs import create_draft
from engine.operations.designs import save_draft
from engine.registry import REGISTRY
from tests.browser.test_designer import _element
from tests.browser.test_designer import _open_modeler
from tests.engine.element_runs import ELEMENTS
from webui import extensions

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
NEW_ENTRIES = ("create.inclusive-gateway", "create.subprocess-expanded", "create.event-subprocess",
               "create.timer-event", "create.signal-catch", "create.signal-throw", "create.error-boundary",
               "create.escalation-boundary", "create.escalation-throw", "create.terminate-end", "create.error-end",
               "create.escalation-end", "create.data-object")


def _draft_of(live_app, diagram: str) -> int:
    """Deploy an element diagram and open a draft of it for sun.designer, as the designer's home page would."""
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            xml = (ELEMENTS / f"{diagram}.bpmn").read_bytes()
            definition, _ = deploy_definition(session, clock, SYSTEM, f"{diagram}.bpmn", xml)
            actor = Actor(session.execute(select(User).where(User.username == "sun.designer")).scalar_one())
            draft = create_draft(session, clock, actor, definition.id)
            save_draft(session, clock, actor, draft.id, xml.decode("utf-8"))
            return draft.id


def _saved_xml(live_app, draft_id: int):
    with live_app.app_context(), extensions.session_factory()() as session:
        return parse_xml(session.get(DesignDraft, draft_id).xml.encode("utf-8"))


def _save(page) -> None:
    page.click("#designer-save")
    page.wait_for_selector("#designer-status:text-is('已保存')", timeout=20_000)


def test_palette_offers_the_structural_elements_and_the_panel_edits_a_cosign(sign_in, live_app, shot):  # noqa: F811
    draft_id = _draft_of(live_app, "element_cosign_parallel")
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    palette = sun.locator(".djs-palette")
    for action in NEW_ENTRIES:
        assert palette.locator(f'.entry[data-action="{action}"]').count() == 1, action
    for action in ("create.task", "create.data-store", "create.group", "create.intermediate-event"):
        assert palette.locator(f'.entry[data-action="{action}"]').count() == 0, action

    # the co-sign as deployed: each member of committee_members gets their own task (第十七条)
    _element(sun, "cosign").click()
    sun.wait_for_selector("#prop-loopKind")
    assert sun.locator("#prop-loopKind").input_value() == "parallel"
    assert sun.locator("#prop-loopDataInputRef").input_value() == "committee_members"
    assert sun.locator("#prop-inputDataItem").input_value() == "member"
    assert sun.locator("#prop-assignee").input_value() == "member"
    assert sun.locator("#prop-completionCondition").input_value() == "approval_decision == 'rejected'"
    sun.locator("#prop-completionCondition").scroll_into_view_if_needed()
    shot(sun, "designer-elements-01-cosign")

    sun.select_option("#prop-loopKind", "sequential")
    sun.wait_for_selector("#prop-completionCondition")
    sun.fill("#prop-completionCondition", "approval_decision != 'approved'")
    sun.press("#prop-completionCondition", "Tab")
    _save(sun)
    loop = _saved_xml(live_app, draft_id).find(f".//{BPMN}multiInstanceLoopCharacteristics")
    assert loop.get("isSequential") == "true"
    assert loop.findtext(f"{BPMN}loopDataInputRef") == "committee_members"  # kept though no element has that id
    assert loop.findtext(f"{BPMN}loopDataOutputRef") == "decisions"
    assert loop.findtext(f"{BPMN}completionCondition") == "approval_decision != 'approved'"

    # an inclusive gateway from the palette, dropped below the co-sign
    sun.click('.djs-palette .entry[data-action="create.inclusive-gateway"]')
    task = _element(sun, "cosign").bounding_box()
    spot = (task["x"] + task["width"] / 2, task["y"] + task["height"] + 120)
    sun.mouse.move(spot[0] - 30, spot[1] - 20, steps=5)
    sun.mouse.move(*spot, steps=5)
    sun.mouse.click(*spot)
    sun.wait_for_selector("#designer-properties .lj-prop-kind:has-text('包容网关')")
    assert sun.evaluate("window.ljDesigner.selected.type") == "bpmn:InclusiveGateway"

    sun.set_viewport_size({"width": 390, "height": 844})
    # on a phone the palette scrolls: its last entry can still be reached
    last = sun.locator('.djs-palette .entry[data-action="create.data-object"]')
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    canvas = sun.locator("#designer-canvas").bounding_box()
    entry = last.bounding_box()
    assert entry["y"] + entry["height"] <= canvas["y"] + canvas["height"]
    shot(sun, "designer-elements-02-narrow")


def test_the_panel_switches_a_reminder_timer_between_cycle_and_duration(sign_in, live_app, shot):  # noqa: F811
    draft_id = _draft_of(live_app, "element_boundary_timer_cycle")
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    _element(sun, "remind").click()
    sun.wait_for_selector("#prop-timerKind")
    assert sun.locator("#prop-timerKind").input_value() == "timeCycle"
    assert sun.locator("#prop-timer").input_value() == '"R3/PT1H"'
    assert not sun.locator("#prop-cancel").is_checked()  # a reminder leaves the step open
    shot(sun, "designer-elements-03-cycle-timer")

    sun.select_option("#prop-timerKind", "timeDuration")
    sun.fill("#prop-timer", '"P2D"')
    sun.press("#prop-timer", "Tab")
    _save(sun)
    timer = _saved_xml(live_app, draft_id).find(f".//{BPMN}boundaryEvent[@id='remind']/{BPMN}timerEventDefinition")
    assert [re.sub(r"^\{.*\}", "", child.tag) for child in timer] == ["timeDuration"]
    assert timer.findtext(f"{BPMN}timeDuration") == '"P2D"'


def test_a_designer_draws_an_event_subprocess_reminder_in_the_browser(sign_in, live_app, shot):  # noqa: F811
    """An event subprocess from the palette, a start event dropped into it, made a daily timer in the panel:
    the saved draft is a non-interrupting timer-started event subprocess, which deploy validation accepts."""
    draft_id = _draft_of(live_app, "element_timer_duration")
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)

    def drop(action: str, x: float, y: float) -> None:
        sun.click(f'.djs-palette .entry[data-action="{action}"]')
        sun.mouse.move(x - 30, y - 20, steps=5)
        sun.mouse.move(x, y, steps=5)
        sun.mouse.click(x, y)
        sun.keyboard.press("Escape")

    publish = _element(sun, "publish_announcement").bounding_box()
    drop("create.event-subprocess", publish["x"] + 120, publish["y"] + publish["height"] + 170)
    sun.wait_for_selector("#designer-properties .lj-prop-kind:has-text('事件子流程')")
    sub_id = sun.evaluate("window.ljDesigner.selected.id")
    sub = _element(sun, sub_id).bounding_box()
    drop("create.start-event", sub["x"] + 50, sub["y"] + sub["height"] / 2)
    sun.wait_for_selector("#prop-trigger")
    sun.select_option("#prop-trigger", "bpmn:TimerEventDefinition")
    sun.wait_for_selector("#prop-timerKind")
    sun.select_option("#prop-timerKind", "timeDuration")
    sun.fill("#prop-timer", '"PT24H"')
    sun.press("#prop-timer", "Tab")
    shot(sun, "designer-elements-04-event-subprocess")
    _save(sun)

    root = _saved_xml(live_app, draft_id)
    (sub_process,) = root.iter(f"{BPMN}subProcess")
    assert sub_process.get("triggeredByEvent") == "true"
    (start,) = sub_process.iter(f"{BPMN}startEvent")
    assert start.get("isInterrupting") == "false"
    assert start.findtext(f"{BPMN}timerEventDefinition/{BPMN}timeDuration") == '"PT24H"'
    problems = [p for p in validate_tree(root, form_keys=REGISTRY.form_keys(), effects=REGISTRY.effects().keys(),
                                         known_process_ids=()) if p.element_id in (sub_id, start.get("id"))]
    assert problems == []


def test_the_panel_sets_a_message_catchs_correlation_key_and_it_survives_a_reload(sign_in, live_app, shot):  # noqa: F811
    """The catch of 等待上级交办 takes only the instruction for its own matter (第十条: 上级交办的线索): the designer
    sets the correlation key and the expression reading its value from the message in the panel, not the XML."""
    draft_id = _draft_of(live_app, "await_instruction")
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    _element(sun, "instruction_arrives").click()
    sun.wait_for_selector("#prop-correlationKey")
    assert sun.locator("#prop-correlationKey").input_value() == ""
    sun.fill("#prop-correlationKey", "matter_key")
    sun.press("#prop-correlationKey", "Tab")
    sun.fill("#prop-correlationExpression", "matter_no")
    sun.press("#prop-correlationExpression", "Tab")
    _save(sun)
    root = _saved_xml(live_app, draft_id)
    [key] = root.findall(f"./{BPMN}collaboration/{BPMN}correlationKey")
    assert key.get("name") == "matter_key"
    [prop] = root.findall(f"./{BPMN}correlationProperty")
    assert key.findtext(f"{BPMN}correlationPropertyRef") == prop.get("id")
    [retrieval] = prop.findall(f"{BPMN}correlationPropertyRetrievalExpression")
    assert retrieval.get("messageRef") == "instruction_given"
    # bpmn-js writes the retrieval's messagePath as a bpmn:formalExpression (SpiffWorkflow reads either)
    [path] = list(retrieval)
    assert path.text == "matter_no"
    # The saved draft is one the engine deploys: no problem found in it.
    with live_app.app_context():
        assert validate_tree(root, form_keys=REGISTRY.form_keys(), effects=REGISTRY.effects().keys(),
                             known_process_ids=()) == []

    sun.reload()
    _open_modeler(sun)
    _element(sun, "instruction_arrives").click()
    sun.wait_for_selector("#prop-correlationKey")
    assert sun.locator("#prop-correlationKey").input_value() == "matter_key"
    assert sun.locator("#prop-correlationExpression").input_value() == "matter_no"
    sun.locator("#prop-correlationExpression").scroll_into_view_if_needed()
    shot(sun, "designer-elements-05-correlation-key")
    sun.set_viewport_size({"width": 390, "height": 844})
    sun.locator("#prop-correlationExpression").scroll_into_view_if_needed()
    shot(sun, "designer-elements-06-correlation-key-narrow")


def test_the_panel_takes_a_cosigns_people_from_a_role_and_it_survives_a_reload(sign_in, live_app, shot):  # noqa: F811
    """The standing committee's members each give an opinion (第十七条): the designer picks the role whose active
    holders co-sign (cosignersFromRole, engine/cosigners.py) in the panel, not the XML, and the choice fills what
    deploy requires of a role co-sign: a collection, an input item and that item as the assignee."""
    draft_id = _draft_of(live_app, "element_cosign_parallel")
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    _open_modeler(sun)
    _element(sun, "cosign").click()
    sun.wait_for_selector("#prop-cosignersFromRole")
    assert sun.locator("#prop-cosignersFromRole").input_value() == ""
    # a co-sign whose collection and item were never named: the role's choice names them
    sun.fill("#prop-loopDataInputRef", "")
    sun.press("#prop-loopDataInputRef", "Tab")
    sun.fill("#prop-inputDataItem", "")
    sun.press("#prop-inputDataItem", "Tab")
    sun.select_option("#prop-cosignersFromRole", "standing_committee")
    sun.wait_for_function("document.querySelector('#prop-assignee').value === 'cosigner'")
    assert sun.locator("#prop-loopDataInputRef").input_value() == "cosigners"
    assert sun.locator("#prop-inputDataItem").input_value() == "cosigner"
    _save(sun)
    root = _saved_xml(live_app, draft_id)
    task = root.find(f".//{BPMN}userTask[@id='cosign']")
    props = {p.get("name"): p.get("value") for p in task.iter("{http://spiffworkflow.org/bpmn/schema/1.0/core}property")}
    assert props["cosignersFromRole"] == "standing_committee"
    assert props["assignee"] == "cosigner"
    loop = task.find(f"{BPMN}multiInstanceLoopCharacteristics")
    assert loop.findtext(f"{BPMN}loopDataInputRef") == "cosigners"
    assert loop.find(f"{BPMN}inputDataItem").get("name") == "cosigner"
    # The saved draft is one the engine deploys: no problem found in it (the role co-sign's checks included).
    with live_app.app_context():
        assert validate_tree(root, form_keys=REGISTRY.form_keys(), effects=REGISTRY.effects().keys(),
                             known_process_ids=()) == []

    sun.reload()
    _open_modeler(sun)
    _element(sun, "cosign").click()
    sun.wait_for_selector("#prop-cosignersFromRole")
    assert sun.locator("#prop-cosignersFromRole").input_value() == "standing_committee"
    sun.set_viewport_size({"width": 1366, "height": 900})
    sun.locator("#prop-cosignersFromRole").scroll_into_view_if_needed()
    shot(sun, "designer-elements-07-cosigners-from-role")
    sun.set_viewport_size({"width": 390, "height": 844})
    sun.locator("#prop-cosignersFromRole").scroll_into_view_if_needed()
    shot(sun, "designer-elements-08-cosigners-from-role-narrow")

    # clearing the role leaves the co-sign to its collection variable
    sun.select_option("#prop-cosignersFromRole", "")
    _save(sun)
    task = _saved_xml(live_app, draft_id).find(f".//{BPMN}userTask[@id='cosign']")
    names = [p.get("name") for p in task.iter("{http://spiffworkflow.org/bpmn/schema/1.0/core}property")]
    assert "cosignersFromRole" not in names and "assignee" in names
