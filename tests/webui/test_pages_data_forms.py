"""Forms defined as data on the pages (issue 11 §4): the designer's form editor saves and previews a form, a
second designer reviews and publishes it with the diagram, and a clerk fills it in on the task page with the
same inline errors as the Python forms."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from engine.models import DesignDraft
from engine.models import FormDefinition
from engine.models import HumanTask
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import shipped
from tests.webui.pages import one
from tests.webui.pages import text_of
from tests.webui.test_pages_designer import _check
from tests.webui.test_pages_designer import _new_draft
from tests.webui.test_pages_designer import _save
from webui import extensions

STEP = {"role": "warning_office", "scope": "handling", "formKey": "clue_first_look", "stage": "screening",
        "article": "第十四条"}
FIRST_LOOK = {"key": "clue_first_look", "title": "线索初看记录", "fields": [
    {"name": "look_result", "type": "choice", "label": "初看结果", "required": True,
     "choices": [{"value": "clear", "label": "线索清楚"}, {"value": "unclear", "label": "需补充"}]},
    {"name": "missing", "type": "long_text", "label": "需补充的内容", "required": True, "min_length": 4,
     "help": "写明缺少哪些材料", "show_when": {"field": "look_result", "equals": ["unclear"]}},
    {"name": "looked_on", "type": "date", "label": "初看日期", "max": "today"},
]}


@pytest.fixture()
def app(page_app):
    return page_app


def _save_forms(client, draft_id: int, data_forms):
    return client.client.post(f"/designer/drafts/{draft_id}/forms", json={"forms": data_forms},
                              headers={"X-CSRFToken": client.token})


def _preview(client, draft_id: int, definition, **values):
    body = {"__definition": json.dumps(definition), "csrf_token": client.token, **values}
    return client.client.post(f"/designer/drafts/{draft_id}/forms/preview", data=body)


def _published_first_look(browser, app) -> None:
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app, "warning_case")
    xml = insert_task(shipped("warning_case"), "f_start", "first_look", "线索初看", STEP, x=300, y=400)
    assert _save(sun, draft_id, xml).get_json()["ok"]
    assert _save_forms(sun, draft_id, [FIRST_LOOK]).get_json()["ok"]
    assert _check(sun, draft_id).get_json()["ok"]
    assert sun.post(f"/designer/drafts/{draft_id}/submit").status_code == 302
    zhou = browser("zhou.designer")
    review = text_of(zhou.get(f"/designer/drafts/{draft_id}"))
    assert "数据表单(随流程图发布)" in review and "需补充的内容" in review and "新增" in review
    assert zhou.post(f"/designer/drafts/{draft_id}/approve").status_code == 302


def test_the_form_editor_is_on_the_modeler_page_with_the_field_types(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app, "warning_case")
    page = text_of(sun.get(f"/designer/drafts/{draft_id}"))
    assert 'id="form-editor"' in page and "form_editor.js" in page
    data = json.loads(re.search(r'id="form-editor-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert [k for k, _ in data["types"]] == ["text", "long_text", "number", "date", "choice", "multi_choice",
                                             "person", "people", "unit", "cadre", "file"]
    assert "approval_decision" in data["taken"]


def test_saving_forms_reports_every_bad_field_in_chinese_and_keeps_the_work(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app, "warning_case")
    bad = {**FIRST_LOOK, "fields": [{"name": "look_result", "type": "choice", "label": "", "choices": []},
                                    {"name": "n", "type": "number", "label": "数", "min": 9, "max": 1}]}
    answer = _save_forms(sun, draft_id, [bad]).get_json()
    assert answer["ok"] is False and answer["message"] == "表单已保存,但有3处问题"
    assert [(p["field"], p["message"]) for p in answer["problems"]] == [
        ("look_result", "字段“look_result”的标签不能为空"),
        ("look_result", "字段“look_result”至少要有一个选项"),
        ("n", "字段“n”的最小值(9)大于最大值(1)"),
    ]
    with app.app_context(), extensions.session_factory()() as session:
        assert session.get(DesignDraft, draft_id).forms == [bad]
    refused = _save_forms(sun, draft_id, {"not": "a list"})
    assert refused.status_code == 422 and refused.get_json()["message"] == "表单数据应为表单定义的列表"
    other = browser("zhou.designer")
    assert _save_forms(other, draft_id, [FIRST_LOOK]).status_code == 403  # only the author edits a draft


def test_the_preview_renders_with_the_task_pages_field_macro_and_tries_values(browser, app):
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app, "warning_case")
    answer = _preview(sun, draft_id, FIRST_LOOK).get_json()
    assert answer["ok"]
    html = answer["html"]
    assert 'data-field="missing" data-show-field="look_result" data-show-values="unclear"' in html
    assert "写明缺少哪些材料" in html and 'type="date"' in html
    tried = _preview(sun, draft_id, FIRST_LOOK, action="try", look_result="unclear", missing="缺",
                     looked_on="2099-01-01").get_json()["html"]
    assert "「线索初看记录」填写有误,请按提示修改" in tried
    assert "不得少于4个字" in tried and "日期不得晚于今天" in tried
    broken = _preview(sun, draft_id, {**FIRST_LOOK, "key": "approval_form"})
    assert broken.status_code == 422
    assert broken.get_json()["problems"][0]["message"].startswith("表单标识“approval_form”已被使用")


def test_a_published_data_form_is_filled_in_on_the_task_page_with_inline_errors(browser, app, registered_case, ids):
    _published_first_look(browser, app)
    with app.app_context(), extensions.session_factory()() as session:
        assert session.execute(select(FormDefinition.form_key)).scalars().all() == ["clue_first_look"]
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "first_look")
    clerk = browser("wang.clerk")
    page = text_of(clerk.get(f"/tasks/{task_id}"))
    assert "线索初看记录" in page and "form_conditions.js" in page
    assert 'data-show-field="look_result" data-show-values="unclear"' in page

    refused = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "look_result": "unclear"})
    assert refused.status_code == 422
    body = text_of(refused)
    assert "「线索初看记录」填写有误,请按提示修改" in body
    # issue 15 §7: a Chinese message under a field ends as a sentence
    assert re.search(r'id="f-missing"[^>]*>\s*</textarea>\s*<div class="invalid-feedback d-block">此项必填。</div>',
                     body)

    hidden = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "look_result": "clear",
                                                      "missing": "多写的内容"})
    assert hidden.status_code == 422
    assert "此项仅在“初看结果”为“需补充”时填写,请清空" in text_of(hidden)

    done = clerk.post(f"/tasks/{task_id}/submit", {"action": "submit", "look_result": "unclear",
                                                    "missing": "缺少举报人联系方式"})
    assert done.status_code == 302
    submitted = one(app, select(HumanTask.submitted).where(HumanTask.id == task_id))
    assert submitted == {"look_result": "unclear", "missing": "缺少举报人联系方式", "looked_on": None}
    assert ids.open_task(case["case"]["id"], "screen_clue")


def test_the_api_describes_a_data_form_like_a_python_form(browser, app, registered_case, ids, api):
    _published_first_look(browser, app)
    case = registered_case()
    task_id = ids.open_task(case["case"]["id"], "first_look")
    described = api("wang.clerk").get(f"/tasks/{task_id}").get_json()["form"]
    assert described["title"] == "线索初看记录"
    assert [(f["name"], f["kind"], f["required"]) for f in described["fields"]] == [
        ("look_result", "choice", True), ("missing", "textarea", True), ("looked_on", "date", False)]
    completed = api("wang.clerk").post(f"/tasks/{task_id}/complete", json={"data": {"look_result": "maybe"}})
    assert completed.status_code == 422
    assert completed.get_json()["error"]["details"] == {"look_result": ["应为以下选项之一:线索清楚、需补充"]}


NAMED_CADRE = {"key": "clue_first_look", "title": "线索初看记录", "fields": [
    {"name": "related_cadre", "type": "cadre", "label": "涉及的其他干部", "required": True},
]}


def test_a_data_forms_cadre_field_takes_only_the_cadres_the_office_covers_第三_十四条(browser, app, api, ids):
    """A town's office names only its own town's cadres (management authority, 谁主管、谁负责: 第三、十四条), as the
    clue's subject picker: another town's cadre sent to a designer-made cadre field is refused with a Chinese
    field error and 422, and nothing is written."""
    sun = browser("sun.designer")
    draft_id = _new_draft(sun, app, "warning_case")
    xml = insert_task(shipped("warning_case"), "f_start", "first_look", "线索初看", STEP, x=300, y=400)
    assert _save(sun, draft_id, xml).get_json()["ok"]
    assert _save_forms(sun, draft_id, [NAMED_CADRE]).get_json()["ok"]
    assert _check(sun, draft_id).get_json()["ok"]
    assert sun.post(f"/designer/drafts/{draft_id}/submit").status_code == 302
    assert browser("zhou.designer").post(f"/designer/drafts/{draft_id}/approve").status_code == 302
    registered = api("zy.office").post("/clues", json={
        "source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
        "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": ids.cadre_id("town-zhengyang", "镇长")})
    assert registered.status_code == 201, registered.get_json()
    task_id = ids.open_task(registered.get_json()["case"]["id"], "first_look")

    other_town = ids.cadre_id("town-wabu", "镇长")
    refused = api("zy.office").post(f"/tasks/{task_id}/complete", json={"data": {"related_cadre": other_town}})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"] == {
        "related_cadre": ["所选干部不在您办理本环节所在单位的管理范围内,请从列表中选择"]}
    assert one(app, select(HumanTask.status).where(HumanTask.id == task_id)) == "open"
    assert one(app, select(HumanTask.submitted).where(HumanTask.id == task_id)) is None

    own_town = ids.cadre_id("town-zhengyang", "财政所所长")
    done = api("zy.office").post(f"/tasks/{task_id}/complete", json={"data": {"related_cadre": own_town}})
    assert done.status_code == 200, done.get_json()
