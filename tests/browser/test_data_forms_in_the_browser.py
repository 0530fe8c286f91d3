"""A form defined as data, built in the browser without Python (issue 11 §4): sun.designer builds it in the
form editor (types, labels, help, required, limits, choices, a conditional field, reordering), previews and
tries it, names it on a step of the diagram; zhou.designer reviews and publishes it (four eyes); the clerk fills
it in from the inbox, with the conditional field appearing for its choice and the server's inline errors.
Screenshots at desktop width and at 390 px."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import FormDefinition
from engine.models import HumanTask
from engine.models import ProcessDefinition
from engine.models import Unit
from engine.models import User
from engine.operations.designs import create_draft
from engine.operations.designs import save_draft
from processes import measures
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import shipped
from webui import extensions

#: the step the designer puts before screening; it starts on a Python form and gets the new form in the browser
STEP = {"role": "warning_office", "scope": "handling", "formKey": "source_feedback", "stage": "screening",
        "article": "第十四条"}
PHONE = {"width": 390, "height": 844}




def _draft_with_step(live_app) -> int:
    xml = insert_task(shipped("warning_case"), "f_start", "first_look", "线索初看", STEP, x=300, y=400)
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            actor = Actor(session.execute(select(User).where(User.username == "sun.designer")).scalar_one())
            base = session.execute(select(ProcessDefinition).where(ProcessDefinition.key == "warning_case")
                                   .order_by(ProcessDefinition.version.desc())).scalars().first()
            draft = create_draft(session, clock, actor, base.id)
            save_draft(session, clock, actor, draft.id, xml)
            return draft.id


def _register_clue(live_app) -> None:
    with live_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            clerk = Actor(session.execute(select(User).where(User.username == "wang.clerk")).scalar_one())
            cadre_id = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
                Unit.code == "town-zhengyang", Cadre.position_title == "镇长")).scalar_one()
            measures.register_clue(session, clock, clerk, {
                "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
                "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": cadre_id})


def _field(page, index: int):
    return page.locator("#form-fields > li").nth(index)


def _set(card, prop: str, value: str) -> None:
    card.locator(f'[data-prop="{prop}"]').first.fill(value)


def _build_the_form(sun) -> None:
    sun.click("#form-add")
    sun.fill("#form-title-input", "线索初看记录")
    sun.fill("#form-key-input", "clue_first_look")
    result = _field(sun, 0)
    _set(result, "label", "初看结果")
    _set(result, "name", "look_result")
    result.locator('[data-prop="type"]').select_option("choice")
    result = _field(sun, 0)  # re-rendered for its new type
    result.locator('[data-prop="required"]').check()
    result.locator('[data-prop="choice-label"]').nth(0).fill("线索清楚")
    result.locator('[data-prop="choice-value"]').nth(0).fill("clear")
    result.locator('[data-action="add-choice"]').click()
    result = _field(sun, 0)
    result.locator('[data-prop="choice-label"]').nth(1).fill("需补充")
    result.locator('[data-prop="choice-value"]').nth(1).fill("unclear")

    sun.click("#form-add-field")
    looked = _field(sun, 1)
    _set(looked, "label", "初看日期")
    _set(looked, "name", "looked_on")
    looked.locator('[data-prop="type"]').select_option("date")
    _set(_field(sun, 1), "max", "today")

    sun.click("#form-add-field")
    missing = _field(sun, 2)
    _set(missing, "label", "需补充的内容")
    _set(missing, "name", "missing")
    missing.locator('[data-prop="type"]').select_option("long_text")
    missing = _field(sun, 2)
    missing.locator('[data-prop="required"]').check()
    _set(missing, "help", "写明缺少哪些材料")
    _set(missing, "min_length", "4")
    missing.locator('[data-prop="show-field"]').select_option("look_result")
    _field(sun, 2).locator('[data-prop="show-value"][value="unclear"]').check()

    # reorder: the date goes last; a field added by mistake is removed
    _field(sun, 1).locator('[data-action="arrow-down"]').click()
    sun.click("#form-add-field")
    _field(sun, 3).locator('[data-action="remove"]').click()
    assert sun.locator("#form-fields > li").evaluate_all("items => items.map(i => i.dataset.fieldName)") == [
        "look_result", "missing", "looked_on"]


def test_a_designer_builds_a_form_a_second_publishes_it_and_a_clerk_fills_it_in(sign_in, live_app, shot,
                                                                               console_errors):
    draft_id = _draft_with_step(live_app)
    sun = sign_in("sun.designer")
    sun.goto(f"/designer/drafts/{draft_id}")
    sun.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    _build_the_form(sun)

    # the preview is the task page's own rendering: the conditional field shows for its choice only
    preview = sun.locator("#form-preview")
    sun.wait_for_function("""() => Array.from(document.querySelectorAll('#form-preview .lj-field'))
        .map(f => f.dataset.field + (f.dataset.showField ? '?' + f.dataset.showField : '')).join(',')
        === 'look_result,missing?look_result,looked_on'""", timeout=10_000)
    expect(preview.locator('[data-field="missing"]')).to_be_hidden()  # waits for the page's own script
    preview.locator('select[name="look_result"]').select_option("unclear")
    assert preview.locator('[data-field="missing"]').is_visible()
    preview.locator("#f-missing").fill("缺")
    sun.click("#form-preview-try")
    sun.wait_for_selector("#form-preview-message")
    assert "不得少于4个字" in preview.inner_text()
    assert preview.locator("#f-missing").input_value() == "缺"
    sun.locator("#form-editor").scroll_into_view_if_needed()
    shot(sun, "data-forms-01-editor")

    sun.click("#form-save")
    sun.wait_for_selector("#form-editor-status:has-text('表单已保存')")
    # the step gets the new form in the properties panel
    sun.locator('#designer-canvas .djs-element[data-element-id="first_look"]').click()
    sun.wait_for_selector("#prop-formKey")
    sun.select_option("#prop-formKey", "clue_first_look")
    sun.click("#designer-check")
    sun.wait_for_selector("#designer-problem-count:text-is('通过')", timeout=30_000)
    sun.click("#designer-submit")
    sun.wait_for_selector("text=等待另一名流程设计人员复核", timeout=30_000)

    phone = sign_in("sun.designer", PHONE)
    with live_app.app_context(), extensions.session_factory()() as session:
        editable = create_draft(session, FixedClock(extensions.clock().now()), Actor(session.execute(
            select(User).where(User.username == "sun.designer")).scalar_one()),
            session.execute(select(ProcessDefinition.id).where(ProcessDefinition.key == "reply_supervision"))
            .scalar_one())
        session.commit()
        phone_draft = editable.id
    phone.goto(f"/designer/drafts/{phone_draft}")
    phone.wait_for_selector("#designer.lj-designer-ready", timeout=20_000)
    _build_the_form(phone)
    phone.locator("#form-editor").scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "data-forms-02-editor-390")

    zhou = sign_in("zhou.designer")
    zhou.goto(f"/designer/drafts/{draft_id}")
    zhou.wait_for_selector("#review")
    forms_section = zhou.inner_text("#data-forms")
    assert "线索初看记录" in forms_section and "新增" in forms_section and "需补充的内容" in forms_section
    shot(zhou, "data-forms-03-review")
    zhou.click("#approve-publication")
    zhou.wait_for_url(re.compile(r"/designer/processes/warning_case\?version=2$"), timeout=30_000)
    with live_app.app_context(), extensions.session_factory()() as session:
        published = session.execute(select(FormDefinition)).scalar_one()
        assert [f["name"] for f in published.definition["fields"]] == ["look_result", "missing", "looked_on"]

    _register_clue(live_app)
    clerk = sign_in("wang.clerk")
    clerk.goto("/")
    clerk.click("a:text-is('线索初看')")
    clerk.wait_for_selector("#task-form")
    clerk.wait_for_load_state("load")  # the conditions are applied on DOMContentLoaded
    assert "线索初看记录" in clerk.inner_text("#form-title")
    expect(clerk.locator('[data-field="missing"]')).to_be_hidden()
    clerk.select_option('#task-form select[name="look_result"]', "unclear")
    assert clerk.locator('[data-field="missing"]').is_visible()
    clerk.click("#task-form button[value=submit]")
    clerk.wait_for_selector("#form-error")
    # the refusal is answered 422 (as for any form), which the browser logs; it is what this step expects
    console_errors.remove("wang.clerk: Failed to load resource: the server responded with a status of 422 "
                          "(UNPROCESSABLE ENTITY)")
    assert "「线索初看记录」填写有误" in clerk.inner_text("#form-error")
    assert clerk.locator('[data-field="missing"] .invalid-feedback').inner_text() == "此项必填。"
    assert clerk.locator('[data-field="missing"]').is_visible()  # the choice was kept, so the field still shows
    shot(clerk, "data-forms-04-task-errors")
    clerk.fill("#f-missing", "缺少举报人联系方式")
    clerk.set_viewport_size(PHONE)
    assert clerk.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(clerk, "data-forms-05-task-390")
    clerk.click("#task-form button[value=submit]")
    clerk.wait_for_load_state()
    assert clerk.locator("#form-error").count() == 0
    with live_app.app_context(), extensions.session_factory()() as session:
        done = session.execute(select(HumanTask).where(HumanTask.bpmn_id == "first_look")).scalar_one()
        assert done.submitted == {"look_result": "unclear", "missing": "缺少举报人联系方式", "looked_on": None}
