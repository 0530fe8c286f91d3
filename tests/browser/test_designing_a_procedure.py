"""issue 11 "Done when": a designer models a new three-step procedure in the browser, with no Python. It has a
timer start, a multi-instance co-sign, a DMN decision and a form of their own. A second designer publishes it,
and the roles run it to the end from their inboxes.

The procedure is a monthly review of the risk points of seed 004 §九 (廉政风险等级评定):
- on the first of every month at 09:00 (timer start, cycle ``P1M``) the office (预警办) records how many risk
  points it found and names the leaders who co-sign, on the designer's own data form;
- the named leaders co-sign (第十七条's collective decision: a parallel multi-instance, each member's task in
  their own inbox; each must hold the step's roles, engine.assignment);
- a business rule task grades the count with the designer's DMN table (three or more risk points: level 1);
- level 1 goes to the secretary's final step (重点风险处置); anything else ends.
Everything is done by clicks in the pages: the decision table in dmn-js, the diagram through the palette, the
context pad and the properties panel, the form in 表单设计, the start by the admin's 演示时钟 and its 执行到期任务.
"""
from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import select

from engine.bpmn.decisions import table_in
from engine.bpmn.loader import parse_xml
from engine.models import HumanTask
from engine.models import ProcessDefinition
from engine.models import ProcessInstance
from engine.models import User
from engine.models.definitions import DefinitionKind
from engine.persistence import load_workflow
from engine.persistence import spec_set
from tests.browser.test_decision_designer import _edit_cell
from tests.browser.test_decision_designer import forgive_dmn_js_inferno_warning
from webui import extensions

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 960}
KEY = "monthly_risk_review"
#: monthly, from 1 December 2026 09:00 China time (the live app's clock starts on 2 November 2026)
CYCLE = '"R/2026-12-01T09:00:00+08:00/P1M"'


def _both_widths(page, shot, name: str) -> None:
    shot(page, f"procedure-{name}")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name
    shot(page, f"procedure-{name}-390px")
    page.set_viewport_size(DESKTOP)


def _users(live_app, *usernames: str) -> dict[str, int]:
    with live_app.app_context(), extensions.session_factory()() as session:
        return {u.username: u.id for u in session.execute(select(User).where(User.username.in_(usernames))).scalars()}


# --- the decision table (dmn-js) ---------------------------------------------------------------------------


def _design_the_decision(sun, zhou, shot) -> None:
    sun.goto("/designer")
    sun.fill("#decision-key", "risk_point_grade")
    sun.fill("#decision-name", "风险点等级评定")
    sun.click("#new-decision")
    sun.wait_for_selector("#decision-designer.lj-designer-ready", timeout=20_000)
    sun.wait_for_selector("#decision-canvas .tjs-table", timeout=20_000)
    # the input column reads the form's count: its expression is edited in dmn-js's own column editor
    sun.locator("#decision-canvas th.input-cell").first.dblclick()
    expression = sun.locator(".dms-input.ref-text").first
    expression.wait_for(timeout=10_000)
    expression.click()
    sun.wait_for_function("document.activeElement && document.activeElement.isContentEditable")
    sun.keyboard.press("Control+A")
    sun.keyboard.press("Backspace")
    sun.keyboard.type("risk_count")
    sun.keyboard.press("Escape")
    sun.click("#designer-status")
    # seed 004 §九: three or more risk points is level 1; fewer is level 2
    _edit_cell(sun, "#decision-canvas td.input-cell", ">= 3")
    _edit_cell(sun, "#decision-canvas td.output-cell", "1")
    sun.locator("#decision-canvas td.add-rule-add").first.click()
    sun.click("#designer-status")
    _edit_cell(sun, "#decision-canvas tbody tr:nth-child(2) td.input-cell", "< 3")
    _edit_cell(sun, "#decision-canvas tbody tr:nth-child(2) td.output-cell", "2")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=20_000)
    _both_widths(sun, shot, "01-decision-table")
    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=20_000)

    zhou.goto("/designer")
    zhou.locator("#waiting a:has-text('复核')").first.click()
    zhou.wait_for_selector("#review")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(r"/designer/processes/risk_point_grade\?version=1$"), timeout=20_000)


# --- the diagram (bpmn-js) -----------------------------------------------------------------------------------


def _element(page, element_id: str):
    return page.locator(f'#designer-canvas .djs-element[data-element-id="{element_id}"]')


def _selected_is(page, element_id: str) -> bool:
    """Wait briefly until ``element_id`` is the selected element; say whether it became so."""
    try:
        page.wait_for_function("(id) => window.ljDesigner.selected && window.ljDesigner.selected.id === id",
                               arg=element_id, timeout=5_000)
    except PlaywrightTimeoutError:
        return False
    return True


def _select(page, element_id: str) -> None:
    """Click an empty spot of the canvas first (the last context pad and any label editing go away), then the
    element's centre; under load the first click may only end the label editing bpmn-js opened on the new
    shape, so the clicks are repeated until the element is selected."""
    canvas = page.locator("#designer-canvas").bounding_box()
    for _ in range(3):
        page.mouse.click(canvas["x"] + canvas["width"] - 40, canvas["y"] + 20)
        _element(page, element_id).click()
        if _selected_is(page, element_id):
            return
    raise AssertionError(f"{element_id} could not be selected by a click")


def _select_flow(page, flow_id: str) -> None:
    """Click a sequence flow on its middle segment (an SVG line has no box Playwright can click).

    The midpoint may lie under a label or a shape the auto-layout put there, so the click is tried at the middle,
    then a third and two thirds of the way along, until the flow is selected.
    """
    canvas = page.locator("#designer-canvas").bounding_box()
    for share in (0.5, 0.3, 0.7):
        x, y = page.evaluate("""([id, t]) => {
            const designer = window.ljDesigner, canvas = designer.get('canvas'), box = canvas.viewbox();
            const points = designer.get('elementRegistry').get(id).waypoints, i = Math.floor((points.length - 1) / 2);
            const rect = document.querySelector('#designer-canvas').getBoundingClientRect();
            return [rect.left + (points[i].x + (points[i + 1].x - points[i].x) * t - box.x) * box.scale,
                    rect.top + (points[i].y + (points[i + 1].y - points[i].y) * t - box.y) * box.scale];
        }""", [flow_id, share])
        page.mouse.click(canvas["x"] + canvas["width"] - 40, canvas["y"] + 20)
        page.mouse.click(x, y)
        if _selected_is(page, flow_id):
            return
    raise AssertionError(f"the sequence flow {flow_id} could not be selected by a click")


def _selected(page) -> str:
    return page.evaluate("window.ljDesigner.selected.id")


def _pad(page, action: str) -> None:
    """Click an entry of the context pad of the selected element (bpmn-js appends and connects the new shape)."""
    page.locator(f'.djs-context-pad .entry[data-action="{action}"]').click()


def _drop(page, action: str, x: float, y: float) -> None:
    page.click(f'.djs-palette .entry[data-action="{action}"]')
    page.mouse.move(x - 30, y - 20, steps=5)
    page.mouse.move(x, y, steps=5)
    page.mouse.click(x, y)


def _connect(page, source: str, target: str) -> None:
    """Drag the context pad's connect tool from the source to the target, as a designer does."""
    _select(page, source)
    entry = page.locator('.djs-context-pad .entry[data-action="connect"]').bounding_box()
    box = _element(page, target).bounding_box()
    page.mouse.move(entry["x"] + entry["width"] / 2, entry["y"] + entry["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()


def _text(page, prop: str, value: str) -> None:
    page.fill(f"#prop-{prop}", value)
    page.press(f"#prop-{prop}", "Tab")


def _step(page, name: str, roles: tuple[str, ...], form_key: str, stage: str, article: str) -> None:
    """Fill the properties a user task needs (the check refuses a step without them)."""
    page.wait_for_selector("#prop-formKey")
    _text(page, "name", name)
    for role in roles:
        page.check(f'#prop-role input[value="{role}"]')
    page.select_option("#prop-scope", "county")
    page.select_option("#prop-formKey", form_key)
    page.select_option("#prop-stage", stage)
    _text(page, "article", article)


def _form_field(sun, index: int, label: str, name: str, kind: str, **settings: str) -> None:
    """Fill field ``index`` of the form editor: label, name and type, then (re-rendered for its type) the rest."""
    field = sun.locator("#form-fields > li").nth(index)
    field.locator('[data-prop="label"]').first.fill(label)
    field.locator('[data-prop="name"]').first.fill(name)
    field.locator('[data-prop="type"]').select_option(kind)
    field = sun.locator("#form-fields > li").nth(index)
    field.locator('[data-prop="required"]').check()
    for prop, value in settings.items():
        field.locator(f'[data-prop="{prop}"]').first.fill(value)


def _build_the_form(sun) -> None:
    """The office's monthly record, a form of the designer's own (issue 11 §4): a count and the co-signers."""
    sun.click("#form-add")
    sun.fill("#form-title-input", "月度风险点研判")
    sun.fill("#form-key-input", "risk_review")
    _form_field(sun, 0, "本月发现的风险点数", "risk_count", "number", min="0")
    sun.click("#form-add-field")
    _form_field(sun, 1, "会签领导", "signers", "people", help="每位会签领导各收到一个待办")
    sun.click("#form-save")
    sun.wait_for_selector("#form-editor-status:has-text('表单已保存')")


def _design_the_process(sun, shot) -> dict[str, str]:
    """Draw the procedure and return the ids bpmn-js gave its timer start, steps and business rule task."""
    sun.goto("/designer")
    sun.fill("#process-key", KEY)
    sun.fill("#process-name", "每月廉政风险研判")
    sun.click("#new-process")
    sun.wait_for_url(re.compile(r"/designer/drafts/\d+$"))
    sun.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    _build_the_form(sun)
    sun.locator("#designer-canvas").scroll_into_view_if_needed()

    # The starter's plain start event gives way to a timer start (monthly, seed 001's reporting calendar).
    start = _element(sun, f"{KEY}_start").bounding_box()
    _select(sun, f"{KEY}_start")
    _pad(sun, "delete")
    _drop(sun, "create.timer-start", start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    sun.wait_for_selector("#prop-timerStart")
    sun.select_option("#prop-timerKind", "timeCycle")
    _text(sun, "timerStart", CYCLE)
    _text(sun, "name", "每月1日")
    timer = _selected(sun)

    _pad(sun, "append.append-task")
    _step(sun, "填报月度风险研判", ("warning_office",), "risk_review", "feedback", "第十条")
    record = _selected(sun)

    _pad(sun, "append.append-task")
    _step(sun, "领导会签", ("secretary", "deputy_secretary"), "committee_decision", "approval", "第十七条")
    sun.select_option("#prop-loopKind", "parallel")
    sun.wait_for_selector("#prop-loopDataInputRef")
    _text(sun, "loopDataInputRef", "signers")
    _text(sun, "inputDataItem", "member")
    _text(sun, "assignee", "member")
    cosign = _selected(sun)
    sun.locator("#prop-assignee").scroll_into_view_if_needed()
    _both_widths(sun, shot, "03-cosign")

    # a second row below the first, so that what the context pad appends stays on the canvas
    box = _element(sun, record).bounding_box()
    sun.keyboard.press("Escape")
    _drop(sun, "create.business-rule-task", box["x"] + box["width"] / 2, box["y"] + box["height"] + 150)
    sun.wait_for_selector("#prop-calledDecisionId")
    grade = _selected(sun)
    _text(sun, "name", "评定风险等级")
    sun.select_option("#prop-calledDecisionId", "risk_point_grade")
    _connect(sun, cosign, grade)

    _select(sun, grade)
    _pad(sun, "append.gateway")
    gateway = _selected(sun)
    _text(sun, "name", "风险等级")
    _pad(sun, "append.append-task")
    _step(sun, "重点风险处置", ("secretary",), "follow_up_registration", "follow_up", "第三十条")
    final = _selected(sun)
    _pad(sun, "append.end-event")
    _select(sun, gateway)
    _pad(sun, "append.end-event")
    routine_end = _selected(sun)
    _text(sun, "name", "一般风险,结束")

    flows = sun.evaluate("""(ids) => window.ljDesigner.get('elementRegistry')
        .filter(e => e.type === 'bpmn:SequenceFlow' && e.source.id === ids[0]).map(e => [e.target.id, e.id])""",
                         [gateway])
    to = dict(flows)
    _select_flow(sun, to[final])
    sun.wait_for_selector("#prop-condition")
    _text(sun, "condition", "result == 1")
    _select_flow(sun, to[routine_end])
    sun.wait_for_selector("#prop-default")
    sun.check("#prop-default")

    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=30_000)
    # the condition reads the table's output, which the business rule task writes: no warning about it
    assert "result" not in sun.inner_text("#designer-problems")
    _both_widths(sun, shot, "04-diagram-checked")
    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=30_000)
    return {"timer": timer, "record": record, "cosign": cosign, "grade": grade, "final": final}


def _assert_published_as_drawn(live_app, ids: dict[str, str]) -> None:
    """What the clicks wrote is in the published diagram, as the engine reads it."""
    with live_app.app_context(), extensions.session_factory()() as session:
        xml = session.execute(select(ProcessDefinition.xml).where(ProcessDefinition.key == KEY)).scalar_one()
        table = table_in(session.execute(select(ProcessDefinition.xml).where(
            ProcessDefinition.key == "risk_point_grade")).scalar_one())
    assert [i.expression for i in table.inputs] == ["risk_count"]
    assert [(r.inputs, r.outputs) for r in table.rules] == [((">= 3",), ("1",)), (("< 3",), ("2",))]
    root = parse_xml(xml.encode("utf-8"))
    process = root.find(f"{BPMN}process")

    def element(kind: str, element_id: str):
        return process.find(f"{BPMN}{kind}[@id='{element_id}']")

    def properties(node) -> dict[str, str]:
        return {p.get("name"): p.get("value") for p in node.iter(f"{SPIFF}property")}

    assert element("startEvent", ids["timer"]).findtext(f"{BPMN}timerEventDefinition/{BPMN}timeCycle") == CYCLE
    assert properties(element("userTask", ids["record"]))["formKey"] == "risk_review"
    cosign = element("userTask", ids["cosign"])
    loop = cosign.find(f"{BPMN}multiInstanceLoopCharacteristics")
    assert loop.get("isSequential") in (None, "false") and loop.findtext(f"{BPMN}loopDataInputRef") == "signers"
    assert properties(cosign)["assignee"] == "member"
    assert set(properties(cosign)["role"].split("|")) == {"secretary", "deputy_secretary"}
    assert element("businessRuleTask", ids["grade"]).findtext(f".//{SPIFF}calledDecisionId").strip() \
        == "risk_point_grade"


def test_a_designer_models_a_new_procedure_a_second_publishes_it_and_the_roles_run_it(
        sign_in, live_app, shot, console_errors):  # noqa: F811
    sun = sign_in("sun.designer")
    zhou = sign_in("zhou.designer")
    _design_the_decision(sun, zhou, shot)
    ids = _design_the_process(sun, shot)

    zhou.goto("/designer")
    zhou.locator("#waiting a:has-text('复核')").first.click()
    zhou.wait_for_selector("#review")
    assert "月度风险点研判" in zhou.inner_text("#data-forms")
    _both_widths(zhou, shot, "05-review")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(rf"/designer/processes/{KEY}\?version=1$"), timeout=30_000)
    with live_app.app_context(), extensions.session_factory()() as session:
        kinds = {d.key: d.kind for d in session.execute(select(ProcessDefinition).where(
            ProcessDefinition.key.in_((KEY, "risk_point_grade")))).scalars()}
    assert kinds == {KEY: DefinitionKind.PROCESS, "risk_point_grade": DefinitionKind.DECISION}
    _assert_published_as_drawn(live_app, ids)

    # The admin moves the demo clock past the first cycle and runs the due jobs, twice: one instance.
    admin = sign_in("admin")
    admin.goto("/training/clock")
    admin.fill("#date", "2026-12-01")
    admin.locator("#date").press("Enter")
    admin.wait_for_selector("text=演示时钟已调整为")
    for _ in range(2):
        admin.click("#run-jobs")
        admin.wait_for_selector("text=已执行到期任务")
    _both_widths(admin, shot, "06-demo-clock")
    with live_app.app_context(), extensions.session_factory()() as session:
        [instance_id] = session.execute(select(ProcessInstance.id).join(
            ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
            .where(ProcessDefinition.key == KEY)).scalars()

    people = _users(live_app, "zhang.secretary", "li.deputy")
    clerk = sign_in("wang.clerk")
    clerk.goto("/?tab=groups")
    clerk.click("a:text-is('填报月度风险研判')")
    clerk.wait_for_selector("#task-form")
    clerk.fill("#f-risk_count", "4")
    clerk.select_option("#f-signers", [str(people["zhang.secretary"]), str(people["li.deputy"])])
    _both_widths(clerk, shot, "07-own-form")
    clerk.click("#task-form button[value=submit]")
    clerk.wait_for_load_state()
    assert clerk.locator("#form-error").count() == 0

    for username in ("zhang.secretary", "li.deputy"):
        leader = sign_in(username)
        leader.goto("/?tab=mine")
        leader.click("a:text-is('领导会签')")
        leader.wait_for_selector("#task-form")
        leader.select_option('#task-form select[name="approval_decision"]', index=1)
        leader.fill("#f-meeting_on", "2026-12-01")
        leader.fill("#f-meeting_number", "2026年第12次")
        if username == "li.deputy":
            _both_widths(leader, shot, "08-cosign-task")
        leader.click("#task-form button[value=submit]")
        leader.wait_for_load_state()
        assert leader.locator("#form-error").count() == 0, username

    secretary = sign_in("zhang.secretary")
    secretary.goto("/")
    secretary.click("a:text-is('重点风险处置')")
    secretary.wait_for_selector("#task-form")
    secretary.fill("#f-opinion", "四个风险点均已落实防控措施。")
    secretary.click("#task-form button[value=submit]")
    secretary.wait_for_load_state()
    assert secretary.locator("#form-error").count() == 0
    _both_widths(secretary, shot, "09-done")

    with live_app.app_context(), extensions.session_factory()() as session:
        instance = session.get(ProcessInstance, instance_id)
        tasks = session.execute(select(HumanTask).where(HumanTask.instance_id == instance_id)
                                .order_by(HumanTask.id)).scalars().all()
        assert instance.status == "completed", instance.status
        # each co-sign child in its own member's inbox, completed by that member: two different people
        cosigned = [(t.assignee_id, t.completed_by_id) for t in tasks if t.name == "领导会签"]
        assert sorted(cosigned) == sorted((i, i) for i in people.values())
        assert [t.name for t in tasks if t.name != "领导会签"] == ["填报月度风险研判", "重点风险处置"]
        workflow = load_workflow(instance.state, spec_set(session, instance.definition_ids, instance.definition_id),
                                 instance.serializer_version)
        assert workflow.is_completed()
        # the DMN table's output (seed 004 §九: four risk points is level 1), which chose the final step
        assert workflow.data["result"] == 1 and workflow.data["risk_count"] == 4
    forgive_dmn_js_inferno_warning(console_errors)
