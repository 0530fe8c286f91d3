"""Forms defined as data travel with their diagram (issue 11 §4): saved with a draft, checked, published by a
second designer (four eyes), immutable once published; a running case fills the form of the version it pinned."""
from __future__ import annotations

import pytest
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import FormDefinition
from engine.models import HumanTask
from engine.models import ProcessDefinition
from engine.models import TaskStatus
from engine.models.cases import of_case
from engine.models.workspace import Attachment
from engine.operations import design_forms
from engine.operations import designs
from engine.operations.attachments import add_attachment
from engine.runtime import latest_definition
from tests.bpmn_edits import insert_task
from tests.bpmn_edits import replaced
from tests.bpmn_edits import shipped
from tests.engine.conftest import register

#: a step the designer puts before screening: the office records its first look at the clue on a form of its own
VISIT_STEP = {"role": "warning_office", "scope": "handling", "formKey": "clue_first_look", "stage": "screening",
              "article": "第十四条"}
RESULT_CHOICES = [{"value": "clear", "label": "线索清楚"}, {"value": "unclear", "label": "需补充"}]


def first_look(*, title: str = "线索初看记录", extra: tuple = ()) -> dict:
    return {"key": "clue_first_look", "title": title, "fields": [
        {"name": "look_result", "type": "choice", "label": "初看结果", "required": True, "choices": RESULT_CHOICES},
        {"name": "missing", "type": "long_text", "label": "需补充的内容", "required": True,
         "show_when": {"field": "look_result", "equals": ["unclear"]}},
        {"name": "reviewer_id", "type": "person", "label": "复核人"},
        {"name": "evidence_id", "type": "file", "label": "佐证材料"},
        *extra,
    ]}


def diagram() -> str:
    return insert_task(shipped("warning_case"), "f_start", "first_look", "线索初看", VISIT_STEP, x=300, y=400)


def draft_with_forms(world, xml: str, data_forms: list) -> int:
    with unit_of_work(world.factory) as session:
        base = latest_definition(session, "warning_case")
        draft = designs.create_draft(session, world.clock, world.actor(session, "sun.designer"), base.id)
        designs.save_draft(session, world.clock, world.actor(session, "sun.designer"), draft.id, xml)
        design_forms.save_draft_forms(session, world.clock, world.actor(session, "sun.designer"), draft.id,
                                      data_forms)
        return draft.id


def submit(world, draft_id: int) -> None:
    with unit_of_work(world.factory) as session:
        designs.submit_for_publication(session, world.clock, world.actor(session, "sun.designer"), draft_id)


def publish(world, draft_id: int, *, submitted: bool = False) -> ProcessDefinition:
    if not submitted:
        submit(world, draft_id)
    with unit_of_work(world.factory) as session:
        definition = designs.approve_publication(session, world.clock, world.actor(session, "zhou.designer"),
                                                 draft_id)
        session.expunge(definition)
        return definition


def open_task(world, case_id: int, bpmn_id: str) -> HumanTask:
    with world.factory() as session:
        return session.execute(select(HumanTask).where(
            of_case(HumanTask, case_id), HumanTask.bpmn_id == bpmn_id, HumanTask.status == TaskStatus.OPEN)
        ).scalar_one()


def complete(world, task_id: int, username: str = "wang.clerk", **payload):
    with unit_of_work(world.factory) as session:
        return engine.complete_task(session, world.clock, world.actor(session, username), task_id, payload)


def test_a_data_form_is_published_with_its_diagram_by_a_second_designer(world):
    draft_id = draft_with_forms(world, diagram(), [first_look()])
    submit(world, draft_id)
    with pytest.raises(NotPermitted), unit_of_work(world.factory) as session:  # four eyes: not the author
        designs.approve_publication(session, world.clock, world.actor(session, "sun.designer"), draft_id)
    definition = publish(world, draft_id, submitted=True)
    assert definition.version == 2
    with world.factory() as session:
        rows = session.execute(select(FormDefinition).where(
            FormDefinition.process_definition_id == definition.id)).scalars().all()
        assert [(r.form_key, r.title, r.definition) for r in rows] == [
            ("clue_first_look", "线索初看记录", first_look())]
        deployed = session.execute(select(AuditEvent).where(AuditEvent.action == "definition.deployed")
                                   .order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
        assert deployed.after["forms"] == {"clue_first_look": rows[0].sha256}
        saved = session.execute(select(AuditEvent).where(AuditEvent.action == "design.forms_saved")).scalar_one()
        assert list(saved.after["forms"]) == ["clue_first_look"]


def test_a_published_form_never_changes(world):
    definition = publish(world, draft_with_forms(world, diagram(), [first_look()]))
    with world.factory() as session:
        row = session.execute(select(FormDefinition).where(
            FormDefinition.process_definition_id == definition.id)).scalar_one()
        row.title = "改过的标题"
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
        session.delete(session.get(FormDefinition, row.id))
        with pytest.raises(PermissionError):
            session.flush()


def test_a_draft_whose_forms_have_problems_cannot_be_submitted(world):
    broken = {**first_look(), "fields": [{"name": "look_result", "type": "choice", "label": "初看结果",
                                          "choices": []}]}
    draft_id = draft_with_forms(world, diagram(), [broken])
    with unit_of_work(world.factory) as session:
        problems = designs.check_draft(session, world.clock, world.actor(session, "sun.designer"), draft_id)
    assert [(p.code, p.message_zh) for p in problems] == [
        ("form_invalid", "表单“线索初看记录”:字段“look_result”至少要有一个选项")]
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected):
        designs.submit_for_publication(session, world.clock, world.actor(session, "sun.designer"), draft_id)


def test_a_step_naming_a_form_nobody_defined_is_refused(world):
    draft_id = draft_with_forms(world, diagram(), [])
    with unit_of_work(world.factory) as session:
        problems = designs.check_draft(session, world.clock, world.actor(session, "sun.designer"), draft_id)
    assert ("unknown_form_key", "用户任务的表单未注册:clue_first_look") in [(p.code, p.message_zh) for p in problems]


def test_deploy_refuses_an_unknown_form_key_outside_the_designer_too(world):
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as caught:
        engine.deploy_definition(session, world.clock, world.actor(session, "sun.designer"), "warning_case.bpmn",
                                 diagram().encode("utf-8"))
    assert {"element_id": "first_look", "code": "unknown_form_key",
            "message": "用户任务的表单未注册:clue_first_look"} in caught.value.details


def test_changing_only_a_form_is_a_new_version(world):
    first = publish(world, draft_with_forms(world, diagram(), [first_look()]))
    with unit_of_work(world.factory) as session:
        draft = designs.create_draft(session, world.clock, world.actor(session, "sun.designer"), first.id)
        assert draft.forms == [first_look()]  # a draft starts from its base's forms
        draft_id = draft.id
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected, match="完全相同"):
        designs.submit_for_publication(session, world.clock, world.actor(session, "sun.designer"), draft_id)
    with unit_of_work(world.factory) as session:
        design_forms.save_draft_forms(session, world.clock, world.actor(session, "sun.designer"), draft_id,
                                      [first_look(title="线索初看记录(修订)")])
    second = publish(world, draft_id)
    assert (second.version, second.xml) == (3, first.xml)
    assert second.sha256 != first.sha256


def test_a_running_case_fills_the_form_of_the_version_it_started_on(world, walker_for):
    publish(world, draft_with_forms(world, diagram(), [first_look()]))
    cadre_id = world.cadre_id("town-zhengyang", "镇长")
    early = register(world, "wang.clerk", cadre_id)
    with unit_of_work(world.factory) as session:
        base = latest_definition(session, "warning_case")
        draft = designs.create_draft(session, world.clock, world.actor(session, "sun.designer"), base.id)
        draft_id = draft.id
    extra = ({"name": "source_quality", "type": "choice", "label": "来源可靠性", "required": True,
              "choices": [{"value": "high", "label": "高"}, {"value": "low", "label": "低"}]},)
    with unit_of_work(world.factory) as session:
        design_forms.save_draft_forms(session, world.clock, world.actor(session, "sun.designer"), draft_id,
                                      [first_look(extra=extra)])
    publish(world, draft_id)
    late = register(world, "wang.clerk", cadre_id)

    early_task = open_task(world, early.case_id, "first_look")
    complete(world, early_task.id, look_result="clear")  # version 2's form: no source_quality
    assert early.open_steps() == ["screen_clue"]
    late_task = open_task(world, late.case_id, "first_look")
    with pytest.raises(FormInvalid) as caught:
        complete(world, late_task.id, look_result="clear")
    assert caught.value.details == {"source_quality": ["此项必填"]}
    complete(world, late_task.id, look_result="clear", source_quality="high")
    with world.factory() as session:
        done = session.get(HumanTask, late_task.id)
        assert done.submitted == {"look_result": "clear", "missing": None, "reviewer_id": None,
                                  "evidence_id": None, "source_quality": "high"}


def test_person_and_file_fields_must_name_what_exists_at_this_step(world, walker_for):
    publish(world, draft_with_forms(world, diagram(), [first_look()]))
    walker = walker_for()
    task = open_task(world, walker.case_id, "first_look")
    with pytest.raises(FormInvalid) as caught:
        complete(world, task.id, look_result="unclear", missing="缺少举报人联系方式", reviewer_id=999999,
                 evidence_id=424242)
    assert caught.value.details == {"reviewer_id": ["所选人员不存在"],
                                    "evidence_id": ["所选附件不是本环节上传的文件,请先在本页上传"]}
    with unit_of_work(world.factory) as session:
        attachment = add_attachment(
            session, world.clock, world.actor(session, "wang.clerk"), task.id, "说明.pdf", b"%PDF-1.4 test")
        attachment_id = attachment.id
        reviewer_id = world.user(session, "zhou.designer").id
    complete(world, task.id, look_result="unclear", missing="缺少举报人联系方式", reviewer_id=reviewer_id,
             evidence_id=attachment_id)
    with world.factory() as session:
        assert session.get(Attachment, attachment_id).task_id == task.id
        assert session.get(HumanTask, task.id).submitted["evidence_id"] == attachment_id


def test_a_people_field_must_name_active_users(world, walker_for):
    signers = {"name": "signer_ids", "type": "people", "label": "会签人员"}
    publish(world, draft_with_forms(world, diagram(), [first_look(extra=(signers,))]))
    task = open_task(world, walker_for().case_id, "first_look")
    with unit_of_work(world.factory) as session:
        known = [world.user(session, "zhou.designer").id, world.user(session, "sun.designer").id]
    with pytest.raises(FormInvalid) as caught:
        complete(world, task.id, look_result="clear", signer_ids=[known[0], 999999])
    assert caught.value.details == {"signer_ids": ["所选人员中有不存在或已停用的用户"]}
    complete(world, task.id, look_result="clear", signer_ids=known)
    with world.factory() as session:
        assert session.get(HumanTask, task.id).submitted["signer_ids"] == known


def test_the_check_warns_of_a_condition_reading_a_variable_nothing_writes(world):
    xml = replaced(diagram(), ("routing == 'dismiss'", "routing == 'dismiss' or look_outcome == 'drop'"))
    draft_id = draft_with_forms(world, xml, [first_look()])
    with unit_of_work(world.factory) as session:
        problems = designs.check_draft(session, world.clock, world.actor(session, "sun.designer"), draft_id)
        draft = session.get(engine.models.DesignDraft, draft_id)
        warnings = draft.check_result["warnings"]
    assert problems == []  # a warning, not a problem: the draft may still be submitted
    assert warnings == [{"element_id": "f_dismiss", "code": "unwritten_variable", "article": None, "path": [],
                         "message": "条件读取的变量“look_outcome”没有任何表单或引擎步骤写入,该条件可能永远不成立"}]


def test_a_variable_written_by_a_data_form_is_no_warning(world):
    xml = replaced(diagram(), ("routing == 'dismiss'", "routing == 'dismiss' or look_result == 'unclear'"))
    draft_id = draft_with_forms(world, xml, [first_look()])
    with unit_of_work(world.factory) as session:
        designs.check_draft(session, world.clock, world.actor(session, "sun.designer"), draft_id)
        assert session.get(engine.models.DesignDraft, draft_id).check_result["warnings"] == []


def test_a_data_form_may_not_overwrite_what_the_engine_sets(world):
    # SECURITY.md 16: a case's identity and its deadline variable are the engine's, not a form's to write
    sneaky = first_look(extra=({"name": "current_due_at", "type": "text", "label": "期限"},))
    draft_id = draft_with_forms(world, diagram(), [sneaky])
    with unit_of_work(world.factory) as session:
        problems = designs.check_draft(session, world.clock, world.actor(session, "sun.designer"), draft_id)
    assert [(p.code, p.message_zh) for p in problems] == [
        ("form_invalid", "表单“线索初看记录”:字段标识“current_due_at”是引擎设置的变量,表单不能改写它")]
