"""Business rule tasks with DMN decision tables (issue 11 §2): deployed and versioned beside the diagrams,
run only through the guarded expression grammar, compared with bare SpiffWorkflow in memory.

The risk-grading table follows seed 004 §九 (廉政风险等级划分的原则: likelihood, harm, discretion and closeness
to money; DOMAIN.md §5): three levels, each with its owner (一级 the principal leader, 二级 the leader in charge,
三级 the office head).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import undefer

import engine
from engine.actors import SYSTEM
from engine.actors import Actor
from engine.bpmn.decisions import GuardedDecisionEngine
from engine.bpmn.decisions import read_decision
from engine.bpmn.decisions import unary_test
from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.loader import parse_xml
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.errors import DecisionFailed
from engine.errors import DefinitionRejected
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Incident
from engine.models import ProcessDefinition
from engine.models import ProcessInstance
from engine.models import TaskStatus
from engine.models import User
from engine.models.definitions import DefinitionKind
from engine.models.instances import InstanceStatus
from engine.operations.definitions import deploy_definition
from engine.operations.definitions import deploy_files
from engine.operations.designs import diff_decisions
from engine.persistence import forget_specs
from engine.seed import seed_demo
from tests.engine.test_worker_concurrency import START
from tests.engine.test_worker_concurrency import _diagram
from tests.engine.test_worker_concurrency import _step

DATA = Path(__file__).resolve().parents[1] / "data"
RISK_DMN = (DATA / "dmn" / "risk_grade.dmn").read_bytes()
RISK_BPMN = (DATA / "bpmn" / "good" / "risk_grading.bpmn").read_bytes()

SER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def _table(rules: str, *, hit_policy: str = "UNIQUE", inputs: str | None = None, extra: str = "",
           decision_id: str = "fee") -> bytes:
    """A one-input (``days``), one-output (``fee``) DMN 1.3 table with the given rules."""
    inputs = inputs or """<input id="in_days" label="逾期天数">
        <inputExpression id="in_days_expr"><text>days</text></inputExpression></input>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d_{decision_id}" name="费用" namespace="x">
  <decision id="{decision_id}" name="逾期分档">
    <decisionTable id="t_{decision_id}" hitPolicy="{hit_policy}" {extra}>
      {inputs}
      <output id="out_fee" label="分档" name="fee"/>
      {rules}
    </decisionTable>
  </decision>
</definitions>""".encode()


def _rule(rule_id: str, test: str, output: str) -> str:
    test = test.replace("<", "&lt;").replace(">", "&gt;")
    return (f'<rule id="{rule_id}"><inputEntry id="{rule_id}_i"><text>{test}</text></inputEntry>'
            f'<outputEntry id="{rule_id}_o"><text>{output}</text></outputEntry></rule>')


def _decide(dmn: bytes, **data):
    table, problems = read_decision(parse_xml(dmn, filename="t.dmn"))
    assert problems == []

    class Task:  # the engine reads only the task's data
        pass

    task = Task()
    task.data = data
    return GuardedDecisionEngine(table).result(task)


@pytest.fixture()
def county(session_factory):
    clock = FixedClock(START)
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="x")
    return session_factory, clock


def _deploy(county, *files: tuple[str, bytes]):
    factory, clock = county
    with unit_of_work(factory) as session:
        return [(d.key, d.version, d.kind) for d, _ in deploy_files(session, clock, SYSTEM, dict(files))]


def _start(county, key: str, **data) -> int:
    factory, clock = county
    with unit_of_work(factory) as session:
        return engine.start_process(session, clock, SYSTEM, key, data).instance.id


def _open_steps(county, instance_id: int) -> list[str]:
    factory, _ = county
    with factory() as session:
        return sorted(session.execute(select(HumanTask.bpmn_id).where(
            HumanTask.instance_id == instance_id, HumanTask.status == TaskStatus.OPEN)).scalars())


def _complete(county, instance_id: int, bpmn_id: str) -> None:
    factory, clock = county
    forget_specs()  # restore from the stored state and re-parse the pinned rows: save/reload per step
    with unit_of_work(factory) as session:
        task_id = session.execute(select(HumanTask.id).where(
            HumanTask.instance_id == instance_id, HumanTask.bpmn_id == bpmn_id,
            HumanTask.status == TaskStatus.OPEN)).scalar_one()
        engine.complete_task(session, clock, engine_actor(session), task_id, {"opinion": "已确认"})
    forget_specs()


def engine_actor(session, username: str = "wang.clerk") -> Actor:
    return Actor(session.execute(select(User).where(User.username == username)).scalar_one(), source_ip="127.0.0.1")


def _instance(county, instance_id: int) -> ProcessInstance:
    factory, _ = county
    with factory() as session:
        return session.get(ProcessInstance, instance_id, options=[undefer(ProcessInstance.state)])


def _bare_spiff(scores: dict) -> tuple[dict, list[str]]:
    """Run the same diagram and table in bare SpiffWorkflow, saving and restoring between every step."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(RISK_BPMN, "risk_grading.bpmn")
    parser.add_dmn_str(RISK_DMN, "risk_grade.dmn")
    workflow = BpmnWorkflow(parser.get_spec("risk_grading"))
    workflow.get_next_task(state=TaskState.READY).data.update(scores)
    workflow = SER.deserialize_json(SER.serialize_json(workflow))
    workflow.do_engine_steps()
    workflow = SER.deserialize_json(SER.serialize_json(workflow))
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    steps = [task.task_spec.name for task in ready]
    ready[0].data["opinion"] = "已确认"
    ready[0].run()
    workflow = SER.deserialize_json(SER.serialize_json(workflow))
    workflow.do_engine_steps()
    assert workflow.is_completed()
    return workflow.data, steps


# One case per rule of the table: discretion, money, likelihood, harm → level, owner (seed 004 §九).
GRADES = [
    ({"discretion": 3, "money": 1, "likelihood": 1, "harm": 1}, 1, "principal_leader"),  # 较多重要权力
    ({"discretion": 1, "money": 3, "likelihood": 1, "harm": 1}, 1, "principal_leader"),  # 与资金关联程度高
    ({"discretion": 2, "money": 2, "likelihood": 3, "harm": 3}, 1, "principal_leader"),  # 可能性大且危害大
    ({"discretion": 2, "money": 1, "likelihood": 2, "harm": 3}, 2, "leader_in_charge"),  # 较少重要权力
    ({"discretion": 2, "money": 2, "likelihood": 3, "harm": 1}, 2, "leader_in_charge"),
    ({"discretion": 1, "money": 2, "likelihood": 1, "harm": 2}, 2, "leader_in_charge"),
    ({"discretion": 1, "money": 2, "likelihood": 3, "harm": 2}, 2, "leader_in_charge"),
    ({"discretion": 1, "money": 1, "likelihood": 2, "harm": 3}, 3, "office_head"),  # 以内部管理为主
    ({"discretion": 1, "money": 1, "likelihood": 3, "harm": 1}, 3, "office_head"),
]


@pytest.mark.parametrize(("scores", "level", "owner"), GRADES)
def test_risk_grade_runs_to_completion_as_bare_spiffworkflow_does(county, scores, level, owner):
    assert _deploy(county, ("risk_grade.dmn", RISK_DMN), ("risk_grading.bpmn", RISK_BPMN)) == [
        ("risk_grade", 1, DefinitionKind.DECISION), ("risk_grading", 1, DefinitionKind.PROCESS)]
    instance_id = _start(county, "risk_grading", **scores)
    step = "confirm_by_principal" if level == 1 else "confirm_by_office"
    assert _open_steps(county, instance_id) == [step]
    _complete(county, instance_id, step)
    finished = _instance(county, instance_id)
    assert finished.status == InstanceStatus.COMPLETED

    bare_data, bare_steps = _bare_spiff(scores)
    assert bare_steps == [step]
    assert (bare_data["risk_level"], bare_data["risk_owner"]) == (level, owner)
    factory, _ = county
    with factory() as session:
        stored = session.get(ProcessInstance, instance_id).state
    assert f'"risk_level": {level}' in stored and f'"risk_owner": "{owner}"' in stored


def _rule_task(task_id: str, name: str, decision: str | None = "fee") -> tuple[str, Callable[[str, str], str]]:
    """A business rule task calling ``decision`` (none: the property is left out), for :func:`_line`."""
    called = (f"<bpmn:extensionElements><spiffworkflow:calledDecisionId>{decision}</spiffworkflow:calledDecisionId>"
              "</bpmn:extensionElements>") if decision else ""
    return task_id, lambda incoming, outgoing: (
        f'<bpmn:businessRuleTask id="{task_id}" name="{name}">{called}<bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing></bpmn:businessRuleTask>")


def _person(task_id: str, name: str) -> tuple[str, Callable[[str, str], str]]:
    """A clerk's user task, for :func:`_line`."""
    return task_id, lambda incoming, outgoing: _step(task_id, name, incoming, outgoing)


def _line(*elements: tuple[str, Callable[[str, str], str]]) -> str:
    """A process body: start → each element in turn → end, joined by sequence flows f1, f2, …"""
    ids = ["start", *(element_id for element_id, _ in elements), "end"]
    body = ['<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>']
    body += [build(f"f{n}", f"f{n + 1}") for n, (_, build) in enumerate(elements, start=1)]
    body.append(f'<bpmn:endEvent id="end"><bpmn:incoming>f{len(ids) - 1}</bpmn:incoming></bpmn:endEvent>')
    body += [f'<bpmn:sequenceFlow id="f{n}" sourceRef="{ids[n - 1]}" targetRef="{ids[n]}"/>'
             for n in range(1, len(ids))]
    return "\n    ".join(body)


# start → review (a clerk's step) → grade (business rule task on "fee") → end
REVIEW_THEN_GRADE = _line(_person("review", "复核评分"), _rule_task("grade", "评定"))
# start → grade (business rule task on "fee") → end
GRADE_AT_ONCE = _line(_rule_task("grade", "评定"))


def test_an_instance_pins_the_table_it_started_with(county):
    """A new version of the table changes instances started later, never one already running."""
    _deploy(county, ("fee.dmn", _table(_rule("r1", ">= 10", '"v1"'))),
            ("graded.bpmn", _diagram("graded", REVIEW_THEN_GRADE).encode()))
    early = _start(county, "graded", days=12)
    _deploy(county, ("fee.dmn", _table(_rule("r1", ">= 10", '"v2"'))))
    late = _start(county, "graded", days=12)
    for instance_id in (early, late):
        _complete(county, instance_id, "review")
    factory, _ = county
    with factory() as session:
        versions = {d.id: d.version for d in session.execute(
            select(ProcessDefinition).where(ProcessDefinition.key == "fee")).scalars()}
        states = {i: session.get(ProcessInstance, i) for i in (early, late)}
        assert [versions[d] for d in states[early].definition_ids if d in versions] == [1]
        assert [versions[d] for d in states[late].definition_ids if d in versions] == [2]
        assert '"fee": "v1"' in states[early].state and '"fee": "v2"' in states[late].state
        assert all(s.status == InstanceStatus.COMPLETED for s in states.values())


def test_moving_an_instance_to_a_new_diagram_version_keeps_its_table(county):
    """Instance migration pins what the new version calls: the table the instance had, not a newer one."""
    from engine.operations.instance_migration import migrate_instances
    from engine.operations.instance_migration import migration_plan

    _deploy(county, ("fee.dmn", _table(_rule("r1", ">= 10", '"v1"'))),
            ("graded.bpmn", _diagram("graded", REVIEW_THEN_GRADE).encode()))
    instance_id = _start(county, "graded", days=12)
    _deploy(county, ("fee.dmn", _table(_rule("r1", ">= 10", '"v2"'))),
            ("graded.bpmn", _diagram("graded", REVIEW_THEN_GRADE.replace('name="评定"', 'name="评定分档"')).encode()))
    factory, clock = county
    with factory() as session:
        target = session.execute(select(ProcessDefinition.id).where(
            ProcessDefinition.key == "graded", ProcessDefinition.version == 2)).scalar_one()
        designer = engine_actor(session, "sun.designer")
        [planned] = migration_plan(session, clock, designer, target).instances
        assert planned.reasons == ()
    with unit_of_work(factory) as session:
        migrate_instances(session, clock, engine_actor(session, "sun.designer"), target, [instance_id])
    _complete(county, instance_id, "review")
    moved = _instance(county, instance_id)
    assert moved.status == InstanceStatus.COMPLETED and '"fee": "v1"' in moved.state


@pytest.mark.parametrize(("data", "message"), [({"days": 3}, "没有规则命中(逾期天数=3)"), ({}, "缺少变量days")])
def test_a_table_that_cannot_decide_at_the_start_holds_the_new_instance_with_a_chinese_incident(county, data, message):
    """Issue 11 §5: the start is recorded and the instance waits at the table with an incident naming why; never
    an error that loses the start (a 500 from 发起事项, a failing timer-start job)."""
    _deploy(county, ("fee.dmn", _table(_rule("r1", "> 10", '"warn"'))),
            ("graded.bpmn", _diagram("graded", GRADE_AT_ONCE).encode()))
    instance_id = _start(county, "graded", **data)
    factory, _ = county
    with factory() as session:
        incident = session.execute(select(Incident)).scalar_one()
        assert session.get(ProcessInstance, instance_id).status == InstanceStatus.INCIDENT
        assert (incident.kind, incident.status) == ("decision_error", "open")
        opened = session.execute(select(AuditEvent).where(AuditEvent.action == "incident.opened")).scalar_one()
        assert message in opened.after["error"]


def test_a_table_that_cannot_decide_after_a_persons_step_holds_the_instance_with_an_incident(county):
    """Issue 11 §5: the person's step is kept, the instance waits at the table with a Chinese incident."""
    _deploy(county, ("fee.dmn", _table(_rule("r1", "> 10", '"warn"'))),
            ("reviewed.bpmn", _diagram("reviewed", REVIEW_THEN_GRADE).encode()))
    instance_id = _start(county, "reviewed", days=3)
    _complete(county, instance_id, "review")
    factory, _ = county
    with factory() as session:
        review = session.execute(select(HumanTask).where(HumanTask.bpmn_id == "review")).scalar_one()
        incident = session.execute(select(Incident)).scalar_one()
        assert review.status == TaskStatus.COMPLETED
        assert session.get(ProcessInstance, instance_id).status == InstanceStatus.INCIDENT
        assert (incident.kind, incident.status) == ("decision_error", "open")
        assert incident.message == "业务规则任务“评定”(grade)无法决策:决策表没有适用于当前流程数据的结果。"


# --- hit policies --------------------------------------------------------------------------------------------

THREE_RULES = _rule("r1", "> 10", '"warn"') + _rule("r2", "> 5", '"notice"') + _rule("r3", "-", '"none"')


def test_unique_refuses_several_matching_rules_in_chinese():
    with pytest.raises(DecisionFailed, match="第1、2、3条规则同时命中") as caught:
        _decide(_table(THREE_RULES), days=20)
    assert caught.value.code == "rule_not_unique"


def test_unique_with_exactly_one_match_gives_its_outputs():
    assert _decide(_table(_rule("r1", "> 10", '"warn"') + _rule("r2", "<= 10", '"none"')), days=3) == {
        "fee": "none"}


@pytest.mark.parametrize("policy", ["UNIQUE", "FIRST"])
def test_no_matching_rule_is_an_error_not_a_silent_no_output(policy):
    with pytest.raises(DecisionFailed, match="没有规则命中") as caught:
        _decide(_table(_rule("r1", "> 10", '"warn"'), hit_policy=policy), days=3)
    assert caught.value.code == "no_rule_matched"


def test_first_takes_the_first_matching_rule_in_table_order():
    assert _decide(_table(THREE_RULES, hit_policy="FIRST"), days=7) == {"fee": "notice"}


def test_collect_lists_every_matching_rule_in_order():
    assert _decide(_table(THREE_RULES, hit_policy="COLLECT"), days=20) == {"fee": ["warn", "notice", "none"]}
    assert _decide(_table(_rule("r1", "> 10", '"warn"'), hit_policy="COLLECT"), days=1) == {"fee": []}


@pytest.mark.parametrize(("policy", "extra"), [("ANY", ""), ("PRIORITY", ""), ("RULE ORDER", ""),
                                                ("OUTPUT ORDER", ""), ("COLLECT", 'aggregation="SUM"')])
def test_policies_spiffworkflow_would_run_as_first_match_are_refused_at_deploy(county, policy, extra):
    with pytest.raises(DefinitionRejected) as caught:
        _deploy(county, ("fee.dmn", _table(_rule("r1", "> 10", "1"), hit_policy=policy, extra=extra)))
    codes = {d["code"] for d in caught.value.details}
    assert codes & {"unsupported_hit_policy", "unsupported_aggregation"}
    assert all("不支持" in d["message"] for d in caught.value.details)


def test_an_input_that_cannot_be_evaluated_is_a_chinese_error():
    with pytest.raises(DecisionFailed, match="缺少变量days"):
        _decide(_table(_rule("r1", "> 10", '"warn"')))
    with pytest.raises(DecisionFailed, match="无法求值"):
        _decide(_table(_rule("r1", "> 10", '"warn"')), days="十天")  # a text compared with a number


# --- input entries in the grammar ----------------------------------------------------------------------------

@pytest.mark.parametrize(("entry", "matches", "misses"), [
    ("-", [1, "x", None], []),
    ("< 5", [4, -3], [5, 6]),
    (">= 3", [3, 9], [2]),
    ("[1..3]", [1, 2, 3], [0, 4]),
    ("(1..3]", [2, 3], [1, 4]),
    ("]1..3[", [2], [1, 3]),
    ('"a","b"', ["a", "b"], ["c"]),
    ('"a"', ["a"], ["b"]),
    ('not("a","b")', ["c"], ["a", "b"]),
    ("1 < ? < 5", [2, 4], [1, 5]),
    ("true", [True], [False]),
    ("-2", [-2], [2]),
])
def test_input_entries_are_unary_tests_in_the_guarded_grammar(entry, matches, misses):
    for value in matches:
        assert _decide(_table(_rule("r1", entry, "1"), hit_policy="COLLECT"), days=value) == {"fee": [1]}, value
    for value in misses:
        assert _decide(_table(_rule("r1", entry, "1"), hit_policy="COLLECT"), days=value) == {"fee": []}, value


@pytest.mark.parametrize("entry", [
    "__import__('os').system('id')", "days.__class__", "? .__class__", "__builtins__", "[x for x in y]",
    "other_variable", "1 < ? < limit", "len(?)", "1.5",
])
def test_entries_outside_the_grammar_are_refused(entry):
    with pytest.raises(ExpressionRejected):
        unary_test(entry)


# --- hostile tables --------------------------------------------------------------------------------------------

HOSTILE = _table(
    _rule("r_call", "-", "__import__('os').system('touch /tmp/lianjing-pwned')")
    + _rule("r_attr", "days.__class__", "1")
    + _rule("r_dunder", "__builtins__", "1"),
    inputs="""<input id="in_days" label="逾期天数">
        <inputExpression id="in_days_expr"><text>().__class__.__bases__</text></inputExpression></input>""",
    hit_policy="FIRST")


def test_a_hostile_table_is_refused_at_deploy_with_every_problem_per_element(county):
    with pytest.raises(DefinitionRejected) as caught:
        _deploy(county, ("fee.dmn", HOSTILE))
    by_element = {(d["element_id"], d["code"]) for d in caught.value.details}
    assert by_element == {("in_days", "bad_input_expression"), ("r_call", "bad_output_entry"),
                          ("r_attr", "bad_input_entry"), ("r_dunder", "bad_input_entry")}
    messages = " ".join(d["message"] for d in caught.value.details)
    assert "不允许函数调用" in messages and "不允许属性访问" in messages and "只能是字符串、整数" in messages


def test_a_hostile_table_forced_into_the_database_cannot_run(county, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command))
    good = _table(_rule("r1", "-", '"ok"'))
    _deploy(county, ("fee.dmn", good), ("graded.bpmn", _diagram("graded", GRADE_AT_ONCE).encode()))
    factory, _ = county
    with unit_of_work(factory) as session:  # someone with database access swaps the table's XML
        row = session.execute(select(ProcessDefinition).where(ProcessDefinition.key == "fee")).scalar_one()
        row.xml = HOSTILE.decode()
    forget_specs()
    with pytest.raises(DefinitionRejected, match="决策表未通过校验"):
        _start(county, "graded", days=3)
    # and even a table built around the check meets the environment's own check when it runs
    table, _ = read_decision(parse_xml(good, filename="fee.dmn"))
    guarded = GuardedDecisionEngine(table)
    object.__setattr__(guarded.rules[0], "outputs", ("__import__('os').system('id')",))
    task = type("Task", (), {"data": {"days": 3}})()
    with pytest.raises(DecisionFailed, match="被拒绝"):
        guarded.result(task)
    assert calls == []


def test_a_business_rule_task_naming_an_unknown_decision_is_refused_at_deploy(county):
    body = _line(_rule_task("grade", "评定", "nowhere"), _rule_task("unnamed", "未指定", None))
    with pytest.raises(DefinitionRejected) as caught:
        _deploy(county, ("graded.bpmn", _diagram("graded", body).encode()))
    assert {(d["element_id"], d["code"]) for d in caught.value.details} == {
        ("grade", "unknown_decision"), ("unnamed", "decision_missing")}


def test_a_decision_may_not_take_a_process_key(county):
    factory, clock = county
    with unit_of_work(factory) as session:
        deploy_definition(session, clock, SYSTEM, "risk_grading.bpmn", RISK_BPMN.replace(
            b"risk_grade</spiffworkflow", b"fee</spiffworkflow"), also_known=["fee"])
    with pytest.raises(DefinitionRejected, match="与已部署的流程标识相同"):
        _deploy(county, ("risk.dmn", _table(_rule("r1", "-", "1"), decision_id="risk_grading")))


# --- what changed between two versions -------------------------------------------------------------------------

def test_the_diff_lists_rules_added_removed_and_changed():
    old = _table(_rule("r1", "> 10", '"warn"') + _rule("r2", "> 5", '"notice"'))
    new = _table(_rule("r1", "> 12", '"warn"') + _rule("r3", "-", '"none"'), hit_policy="FIRST")
    changes = {(c.element_id, c.kind): c for c in diff_decisions(old.decode(), new.decode())}
    assert set(changes) == {("fee", "changed"), ("r1", "changed"), ("r3", "added"), ("r2", "removed")}
    assert [(f.field, f.before, f.after) for f in changes[("r1", "changed")].details] == [
        ("条件·逾期天数", "> 10", "> 12")]
    assert [(f.field, f.before, f.after) for f in changes[("fee", "changed")].details] == [
        ("命中策略", "UNIQUE", "FIRST")]
    assert changes[("r3", "added")].label == "第2条规则"


# --- `lianjing deploy` --------------------------------------------------------------------------------------------

def test_the_command_deploys_a_table_beside_its_diagram_and_refuses_a_hostile_one(tmp_path, capsys):
    from webui import cli

    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "CLOCK": "manual",
              "MANUAL_CLOCK_START": "2026-11-02T09:00:00+08:00"}
    assert cli.main(["init-db"], config=config) == 0
    assert cli.main(["seed-demo"], config=config) == 0
    hostile = tmp_path / "fee.dmn"
    hostile.write_bytes(HOSTILE)
    capsys.readouterr()
    assert cli.main(["deploy", str(hostile)], config=config) == 1
    refused = capsys.readouterr().err
    assert "r_call" in refused and "不允许函数调用" in refused
    paths = [str(DATA / "dmn" / "risk_grade.dmn"), str(DATA / "bpmn" / "good" / "risk_grading.bpmn")]
    assert cli.main(["deploy", *paths], config=config) == 0
    out = capsys.readouterr().out
    assert "risk_grade 第1版 risk_grade.dmn" in out and "risk_grading 第1版 risk_grading.bpmn" in out


@pytest.mark.parametrize("entry", ['-"a"', "-true", "1.5", "b'x'", "x"])
def test_only_str_int_bool_and_null_literals_are_entries(entry):
    with pytest.raises(ExpressionRejected, match="只能是字符串、整数、true、false或null常量"):
        unary_test(entry)
