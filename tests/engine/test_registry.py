"""What a regulation registers opens the engine's vocabulary; an instance without a subject still runs.

Issue 11 §1: the engine knows BPMN, the regulations know themselves. Deploy validation takes roles, stages,
due rules and effects from the registered regulations (plus the engine's own roles); the runtime asks a
subject's adapter, and a subjectless instance resolves every scope to the root unit, has no due dates, and
refuses a step that names an effect with a Chinese 409 that leaves nothing written.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.bpmn.loader import parse_xml
from engine.bpmn.validation import validate_tree
from engine.clock import UTC
from engine.clock import FixedClock
from engine.county import county_commission_id
from engine.db import unit_of_work
from engine.errors import EffectWithoutSubject
from engine.errors import FormInvalid
from engine.models import Attachment
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.operations.attachments import add_attachment
from engine.operations.definitions import deploy_definition
from engine.registry import ENGINE_ROLES
from engine.registry import REGISTRY
from engine.registry import EffectSpec
from engine.registry import Registry
from engine.registry import RegistryError
from engine.registry import Regulation
from engine.registry import Vocabulary
from engine.seed import seed_demo
from tests.engine.conftest import World

START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _step(bpmn_id: str, incoming: str, outgoing: str, **properties: str) -> str:
    props = {"role": "warning_office", "scope": "handling", "formKey": "follow_up_registration",
             "stage": "follow_up", "article": "第三十条", **properties}
    lines = "".join(f'<spiffworkflow:property name="{k}" value="{v}"/>' for k, v in props.items())
    return f"""
    <bpmn:userTask id="{bpmn_id}" name="{bpmn_id}环节">
      <bpmn:extensionElements><spiffworkflow:properties>{lines}</spiffworkflow:properties></bpmn:extensionElements>
      <bpmn:incoming>{incoming}</bpmn:incoming><bpmn:outgoing>{outgoing}</bpmn:outgoing>
    </bpmn:userTask>"""


def _diagram(process_id: str, first: dict, second: dict) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="{process_id}_definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{process_id}" name="{process_id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    {_step("first", "f1", "f2", **first)}
    {_step("second", "f2", "f3", **second)}
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first"/>
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second"/>
    <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>"""


#: a risk-point announcement step (seeds 000/004: 公示不少于一周) in words the Measures do not have
ANNOUNCEMENT = _diagram("announcement", {"role": "risk_officer", "stage": "announcement", "dueRule": "announce_week"},
                        {"role": "risk_officer|auditor", "stage": "announcement", "effect": "publish_risk_points"})

RISK_POINTS = Regulation(
    name="risk_points_test",
    label_zh="廉政风险点防控(测试)",
    vocabulary=Vocabulary(roles={"risk_officer": "风险点管理员"}, stages={"announcement": "公示"},
                          due_rules={"announce_week": "公示不少于一周(种子000、004)"}),
    effects={"publish_risk_points": EffectSpec("publish_risk_points", lambda ctx: {}, writes=("risk_point.status",))},
)


@pytest.fixture()
def risk_points():
    REGISTRY.register(RISK_POINTS)
    yield RISK_POINTS
    REGISTRY.unregister(RISK_POINTS.name)


def _problems(xml: str) -> set[tuple[str, str | None, str]]:
    problems = validate_tree(parse_xml(xml.encode()), form_keys=REGISTRY.form_keys(),
                             effects=REGISTRY.effects().keys(), known_process_ids=())
    return {(p.code, p.element_id, p.message_zh) for p in problems}


def test_the_engine_alone_knows_only_its_own_roles_and_no_stage():
    empty = Registry()
    assert dict(empty.roles()) == ENGINE_ROLES == {
        "supervisor": "督办人员", "auditor": "审计人员", "designer": "流程设计人员", "admin": "系统管理员"}
    assert dict(empty.stages()) == {} and dict(empty.due_rules()) == {} and dict(empty.effects()) == {}


def test_words_no_registered_regulation_has_are_refused_per_element_in_chinese():
    assert _problems(ANNOUNCEMENT) == {
        ("unknown_role", "first", "用户任务的角色未知:risk_officer"),
        ("unknown_stage", "first", "用户任务的阶段未知:announcement"),
        ("unknown_due_rule", "first", "用户任务的期限规则未知:announce_week"),
        ("unknown_role", "second", "用户任务的角色未知:risk_officer"),
        ("unknown_stage", "second", "用户任务的阶段未知:announcement"),
        ("unknown_effect", "second", "用户任务的业务效果未注册:publish_risk_points"),
    }


def test_a_registered_regulation_opens_the_vocabulary_beside_the_engines_roles(risk_points):
    assert _problems(ANNOUNCEMENT) == set()
    assert REGISTRY.roles()["risk_officer"] == "风险点管理员" and REGISTRY.roles()["auditor"] == "审计人员"
    # The Measures' words are still there: registering a second regulation adds, never replaces.
    assert "warning_office" in REGISTRY.roles() and "reply_deadline" in REGISTRY.due_rules()


def test_a_regulation_is_registered_once_and_its_effect_names_are_its_own(risk_points):
    REGISTRY.register(RISK_POINTS)  # the same object again: nothing changes
    with pytest.raises(RegistryError):
        REGISTRY.register(Regulation(name=RISK_POINTS.name, label_zh="另一个", vocabulary=Vocabulary()))
    with pytest.raises(RegistryError):
        REGISTRY.register(Regulation(name="clash", label_zh="重名效果", vocabulary=Vocabulary(),
                                     effects={"publish_risk_points": RISK_POINTS.effects["publish_risk_points"]}))


def test_the_measures_rank_their_stages_and_declare_what_each_effect_writes():
    # Among the Measures' own stages (another regulation's rank after them, in registration order):
    # 逾期 (第三十一条) is the most pressing a case can show; 结果通报 (第十四条) the least.
    measures = next(r for r in REGISTRY.regulations() if r.name == "measures").vocabulary.stages
    rank = {stage: place for stage, place in REGISTRY.stage_rank().items() if stage in measures}
    assert min(rank, key=rank.get) == "overdue" and max(rank, key=rank.get) == "feedback"
    effects = REGISTRY.effects()
    assert "warning_case.current_due_date" in effects["issue_extension_notice"].writes  # 第三十条
    assert "workflow:current_due_at" in effects["start_reply_period"].writes  # 第二十八–三十条
    assert all(spec.summary for spec in effects.values())
    # what people see: each of the Measures' effects has a Chinese label citing its article (issue 15 item 10)
    measures = [spec for spec in effects.values() if spec.run.__module__.startswith("processes.measures")]
    assert measures and all("第" in spec.label_zh and "条" in spec.label_zh for spec in measures)


def _world(factory) -> World:
    clock = FixedClock(START)
    with unit_of_work(factory) as session:
        seed_demo(session, clock, password_hash="x")
        xml = _diagram("generic_steps", {"dueRule": "reply_deadline"}, {"effect": "record_follow_up"})
        deploy_definition(session, clock, SYSTEM, "generic_steps.bpmn", xml.encode())
    return World(factory, clock)


def _start(world: World) -> int:
    with unit_of_work(world.factory) as session:
        return engine.start_process(session, world.clock, SYSTEM, "generic_steps", {}).instance.id


def _open(world: World, instance_id: int) -> HumanTask:
    with world.factory() as session:
        return session.execute(select(HumanTask).where(HumanTask.instance_id == instance_id,
                                                       HumanTask.status == TaskStatus.OPEN)).scalar_one()


def test_an_instance_without_a_subject_runs_at_the_root_unit_without_due_dates(session_factory):
    world = _world(session_factory)
    instance_id = _start(world)
    first = _open(world, instance_id)
    with world.factory() as session:
        root = county_commission_id(session)
    # scope "handling" names the subject's unit; with no subject it is the county commission
    # (engine.county). No rule gives a due date.
    assert (first.bpmn_id, first.unit_id, first.due_date, first.category) == ("first", root, None, None)
    with unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, "wang.clerk"), first.id, {"opinion": "已办"})
    assert _open(world, instance_id).bpmn_id == "second"


def test_an_instance_without_a_subject_names_none_and_files_no_attachment(session_factory):
    """Issue 11 §1: generic rows name their subject generically, and an instance serving none names none."""
    world = _world(session_factory)
    instance_id = _start(world)
    first = _open(world, instance_id)
    with world.factory() as session:
        instance = session.get(ProcessInstance, instance_id)
        assert (instance.subject_type, instance.subject_id, instance.case_id) == (None, None, None)
    assert (first.subject_type, first.subject_id, first.case_id) == (None, None, None)
    with pytest.raises(FormInvalid) as refused, unit_of_work(world.factory) as session:
        add_attachment(session, world.clock, world.actor(session, "wang.clerk"), first.id, "回复.pdf", b"%PDF-1.4 x")
    assert (refused.value.status, refused.value.code) == (422, "attachment_without_subject")
    assert refused.value.message_zh == "本环节未关联任何事项,附件无处归档"
    with world.factory() as session:
        assert session.execute(select(func.count()).select_from(Attachment)).scalar() == 0


def test_a_step_naming_an_effect_in_an_instance_without_a_subject_is_refused_leaving_nothing_written(
        session_factory):
    world = _world(session_factory)
    instance_id = _start(world)
    first = _open(world, instance_id)
    with unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, "wang.clerk"), first.id, {"opinion": "已办"})
    second = _open(world, instance_id)
    with world.factory() as session:
        state_before = session.get(ProcessInstance, instance_id).state
        events_before = session.execute(select(func.count()).select_from(AuditEvent)).scalar()
    with pytest.raises(EffectWithoutSubject) as refused, unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, "wang.clerk"), second.id, {"opinion": "已办"})
    assert refused.value.status == 409
    assert refused.value.message_zh == "环节“second环节”须作用于具体事项,本流程实例未关联任何事项,无法办理"
    assert refused.value.details == {"step": "second"}
    with world.factory() as session:
        assert session.get(HumanTask, second.id).status == TaskStatus.OPEN
        assert session.get(ProcessInstance, instance_id).state == state_before
        assert session.execute(select(func.count()).select_from(AuditEvent)).scalar() == events_before
