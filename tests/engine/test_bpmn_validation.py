"""Bundle parsing, task metadata and deploy validation of BPMN diagrams (SECURITY.md 13, 19)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import make_script_engine
from engine.bpmn.loader import parse_xml
from engine.bpmn.specs import ParsedBundle
from engine.bpmn.specs import TaskMeta
from engine.bpmn.specs import parse_bundle
from engine.bpmn.specs import task_meta
from engine.bpmn.validation import Problem
from engine.bpmn.validation import validate_bundle
from engine.bpmn.validation import validate_tree
from engine.errors import DefinitionRejected

DATA = Path(__file__).resolve().parents[1] / "data" / "bpmn"
HOSTILE = DATA / "hostile"
MINIMAL = (DATA / "good" / "minimal.bpmn").read_bytes()
CALLER = (DATA / "good" / "caller.bpmn").read_bytes()

FORM_KEYS = frozenset({"approval_form", "approval_decision"})
EFFECTS = frozenset({"record_approval"})

FUTURE = "2999-01-01T00:00:00+08:00"
PAST = "2020-01-01T00:00:00+08:00"


def problems_of(data: bytes, *, known=()) -> list[Problem]:
    bundle = parse_bundle({"test.bpmn": data})
    return validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS, known_process_ids=known)


def variant(old: str, new: str, data: bytes = MINIMAL) -> bytes:
    text = data.decode("utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


def codes(problems: list[Problem]) -> set[tuple[str | None, str]]:
    return {(p.element_id, p.code) for p in problems}


# --- the good diagram -------------------------------------------------------------------------------

def test_minimal_diagram_is_accepted():
    bundle = parse_bundle({"minimal.bpmn": MINIMAL})
    assert isinstance(bundle, ParsedBundle)
    assert bundle.process_ids == ("minimal_approval",)
    assert bundle.files_by_process == {"minimal_approval": "minimal.bpmn"}
    assert set(bundle.trees) == {"minimal.bpmn"}
    assert validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS) == []
    assert validate_tree(bundle.trees["minimal.bpmn"], form_keys=FORM_KEYS, effects=EFFECTS,
                         known_process_ids=()) == []


def test_task_meta_reads_the_properties():
    spec = parse_bundle({"minimal.bpmn": MINIMAL}).get_spec("minimal_approval")
    metas = {ts.bpmn_id: task_meta(ts) for ts in spec.task_specs.values()}
    assert metas["approve"] == TaskMeta(
        roles=("deputy_secretary", "secretary"), scope="handling", form_key="approval_decision",
        stage="approval", article="第十七条", due_rule="reply_deadline", not_same_as=("fill_form",),
        effect="record_approval")
    assert metas["fill_form"] == TaskMeta(
        roles=("warning_office",), scope="handling", form_key="approval_form", stage="approval",
        article="第十七条", due_rule=None, not_same_as=(), effect=None)
    assert metas["decision_gateway"] is None
    assert metas["start"] is None
    with pytest.raises(AttributeError):
        metas["approve"].scope = "county"  # frozen


def test_task_meta_is_none_for_a_user_task_without_properties():
    data = variant('<spiffworkflow:property name="role" value="warning_office"/>', "")
    spec = parse_bundle({"x.bpmn": data}).get_spec("minimal_approval")
    assert task_meta(spec.task_specs["fill_form"]) is None


def _run(decision: str | None, due_at: str):
    bundle = parse_bundle({"minimal.bpmn": MINIMAL})
    pid = "minimal_approval"
    workflow = BpmnWorkflow(bundle.get_spec(pid), bundle.get_subprocess_specs(pid),
                            script_engine=make_script_engine())
    workflow.do_engine_steps()
    (fill,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert fill.task_spec.bpmn_id == "fill_form"
    fill.set_data(current_due_at=due_at, warning_type="inquiry")
    fill.run()
    workflow.do_engine_steps()
    workflow.refresh_timers()
    workflow.do_engine_steps()
    if decision is not None:
        (approve,) = workflow.get_tasks(state=TaskState.READY, manual=True)
        assert approve.task_spec.bpmn_id == "approve"
        approve.set_data(approval_decision=decision)
        approve.run()
        workflow.do_engine_steps()
    ends = {t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)
            if (t.task_spec.bpmn_id or "").startswith("end_")}
    return workflow, ends


@pytest.mark.parametrize("decision, expected_end", [
    ("approved", "end_approved"),
    ("rejected", "end_rejected"),
])
def test_minimal_diagram_runs_and_the_gateway_chooses(decision, expected_end):
    workflow, ends = _run(decision, FUTURE)
    assert workflow.is_completed()
    assert ends == {expected_end}
    assert workflow.data["approval_decision"] == decision


def test_armed_timedate_timer_is_the_variable_value():
    bundle = parse_bundle({"minimal.bpmn": MINIMAL})
    workflow = BpmnWorkflow(bundle.get_spec("minimal_approval"), {}, script_engine=make_script_engine())
    workflow.do_engine_steps()
    (fill,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    fill.set_data(current_due_at=FUTURE)
    fill.run()
    workflow.do_engine_steps()
    timers = [t for t in workflow.get_tasks(state=TaskState.WAITING)
              if t.task_spec.bpmn_id == "approve_overdue"]
    assert len(timers) == 1
    value = timers[0].task_spec.event_definition.details(timers[0]).value
    assert dt.datetime.fromisoformat(value) == dt.datetime.fromisoformat(FUTURE)


def test_past_due_timer_fires_and_interrupts():
    workflow, ends = _run(None, PAST)
    assert workflow.is_completed()
    assert ends == {"end_overdue"}


def test_call_activity_across_files():
    bundle = parse_bundle({"minimal.bpmn": MINIMAL, "caller.bpmn": CALLER})
    assert set(bundle.process_ids) == {"minimal_approval", "minimal_caller"}
    assert bundle.files_by_process["minimal_caller"] == "caller.bpmn"
    assert set(bundle.get_subprocess_specs("minimal_caller")) == {"minimal_approval"}
    assert validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS) == []


def test_missing_called_process_is_a_problem_and_a_rejection():
    bundle = parse_bundle({"caller.bpmn": CALLER})
    assert codes(validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS)) == {
        ("call_approval", "call_unknown_process")}
    assert validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS,
                           known_process_ids={"minimal_approval"}) == []
    with pytest.raises(DefinitionRejected) as info:
        bundle.get_subprocess_specs("minimal_caller")
    assert info.value.code == "called_process_missing"


def test_unknown_process_id_is_rejected():
    with pytest.raises(DefinitionRejected):
        parse_bundle({"minimal.bpmn": MINIMAL}).get_spec("nope")


def test_duplicate_process_ids_across_files_are_rejected():
    with pytest.raises(DefinitionRejected) as info:
        parse_bundle({"a.bpmn": MINIMAL, "b.bpmn": MINIMAL})
    assert "Duplicate process ID" in info.value.details[0]["message"]


def test_xsd_invalid_diagram_is_rejected():
    data = variant('<bpmn:endEvent id="end_overdue" name="逾期">',
                   '<bpmn:endEvent id="end_overdue" bogus="1">')
    data = variant("<bpmn:incoming>flow_overdue</bpmn:incoming>", "<bpmn:nonsense/>", data)
    with pytest.raises(DefinitionRejected):
        parse_bundle({"x.bpmn": data})


def test_spiffworkflow_structure_errors_surface_at_parse_time():
    # a non-default exclusive outgoing flow without a condition: SpiffWorkflow refuses it when parsing
    data = variant(' default="flow_rejected"', "")
    data = variant("approval_decision == 'approved'", "", data)
    empty_condition = ('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                       "</bpmn:conditionExpression>")
    data = variant(empty_condition, "", data)
    with pytest.raises(DefinitionRejected):
        parse_bundle({"x.bpmn": data})


def test_root_must_be_bpmn_definitions():
    with pytest.raises(DefinitionRejected) as info:
        parse_bundle({"x.bpmn": b"<root/>"})
    assert info.value.code == "not_bpmn"


def test_empty_bundle_is_rejected():
    with pytest.raises(DefinitionRejected):
        parse_bundle({})


# --- hostile fixtures ------------------------------------------------------------------------------

HOSTILE_CASES = [
    ("billion_laughs.bpmn", "xml_doctype", None),
    ("xxe_file_entity.bpmn", "xml_doctype", None),
    ("xxe_http_entity.bpmn", "xml_doctype", None),
    ("internal_entity.bpmn", "xml_doctype", None),
    ("parameter_entity.bpmn", "xml_doctype", None),
    ("bare_doctype.bpmn", "xml_doctype", None),
    ("script_task.bpmn", "script_task", "run_script"),
    ("dunder_condition.bpmn", "bad_condition", "flow_hostile"),
    ("lambda_condition.bpmn", "bad_condition", "flow_hostile"),
    ("huge_power_condition.bpmn", "bad_condition", "flow_hostile"),
    ("expression_in_name.bpmn", "placeholder_expression", "fill_form"),
    ("camunda_listener.bpmn", "listener", "fill_form"),
    ("unknown_form_key.bpmn", "unknown_form_key", "fill_form"),
    ("user_task_without_role.bpmn", "missing_role", "fill_form"),
    ("spiff_prescript.bpmn", "script_extension", "fill_form"),
    ("unquoted_duration_timer.bpmn", "bad_timer", "fill_form_overdue"),
    ("extension_id_clash.bpmn", "bpmn_invalid", "fill_form"),
]


def test_every_hostile_fixture_has_a_case():
    assert {name for name, _, _ in HOSTILE_CASES} == {p.name for p in HOSTILE.glob("*.bpmn")}


@pytest.mark.parametrize("name, code, element_id", HOSTILE_CASES)
def test_hostile_fixture_is_rejected(name, code, element_id):
    data = (HOSTILE / name).read_bytes()
    try:
        bundle = parse_bundle({name: data})
    except DefinitionRejected as exc:
        found = {exc.code} | {d.get("code") for d in (exc.details if isinstance(exc.details, list) else [])}
        assert code in found
        if element_id is not None:
            assert element_id in {d.get("element_id") for d in exc.details}
        return
    problems = validate_bundle(bundle, form_keys=FORM_KEYS, effects=EFFECTS)
    assert (element_id, code) in codes(problems), problems
    assert all(p.message_zh and not p.message_zh.isascii() for p in problems)


def test_extension_id_clash_is_also_caught_by_validation():
    root = parse_xml((HOSTILE / "extension_id_clash.bpmn").read_bytes())
    found = codes(validate_tree(root, form_keys=FORM_KEYS, effects=EFFECTS, known_process_ids=()))
    assert ("fill_form", "duplicate_id") in found
    assert ("fill_form", "unknown_extension") in found


def _bypass_validation(name: str) -> BpmnWorkflow:
    bundle = parse_bundle({name: (HOSTILE / name).read_bytes()})
    pid = bundle.process_ids[0]
    return BpmnWorkflow(bundle.get_spec(pid), bundle.get_subprocess_specs(pid),
                        script_engine=make_script_engine())


def test_script_task_never_runs_even_if_deployed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workflow = _bypass_validation("script_task.bpmn")
    with pytest.raises(WorkflowTaskException):
        workflow.do_engine_steps()
    assert not (tmp_path / "lianjing_script_marker").exists()


@pytest.mark.parametrize("name", [
    "dunder_condition.bpmn",
    "lambda_condition.bpmn",
    "huge_power_condition.bpmn",
])
def test_hostile_condition_is_refused_at_run_time_even_if_deployed(name):
    workflow = _bypass_validation(name)
    workflow.do_engine_steps()
    (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    task.run()
    with pytest.raises(WorkflowTaskException) as info:
        workflow.do_engine_steps()
    assert isinstance(info.value.__cause__ or info.value.__context__, ExpressionRejected) \
        or info.value.error_type == "ExpressionRejected"
    (gateway,) = [t for t in workflow.get_tasks() if t.task_spec.bpmn_id == "gateway"]
    assert gateway.state == TaskState.ERROR


# --- one rule at a time, on variants of the good diagram -----------------------------------------------

ROLE = '<spiffworkflow:property name="role" value="deputy_secretary|secretary"/>'
SCOPE = '<spiffworkflow:property name="scope" value="handling"/>\n          '
FORM = '<spiffworkflow:property name="formKey" value="approval_decision"/>'
STAGE = FORM + '\n          <spiffworkflow:property name="stage" value="approval"/>'
ARTICLE = ('<spiffworkflow:property name="article" value="第十七条"/>\n'
           '          <spiffworkflow:property name="dueRule"')
DUE = '<spiffworkflow:property name="dueRule" value="reply_deadline"/>'
NOT_SAME = '<spiffworkflow:property name="notSameAs" value="fill_form"/>'
EFFECT = '<spiffworkflow:property name="effect" value="record_approval"/>'
END_OF_PROPS = EFFECT + "\n        </spiffworkflow:properties>"
TIME_DATE = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">current_due_at</bpmn:timeDate>'
START = '<bpmn:startEvent id="start" name="开始">'
END = '<bpmn:endEvent id="end_rejected" name="未批准">'
NOTE = '<bpmn:textAnnotation id="note">'
APPROVE = '<bpmn:userTask id="approve" name="审批(谈话函询)">'
APPROVE_DOC = "<bpmn:documentation>分管副书记或纪委书记审批,依据第十七条。</bpmn:documentation>"
CAMUNDA = 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'


def prop(name: str, value: str) -> str:
    return f'<spiffworkflow:property name="{name}" value="{value}"/>'


RULES = [
    # gateways
    pytest.param('default="flow_rejected"', "", ("decision_gateway", "gateway_without_default"),
                 id="no-default"),
    pytest.param('default="flow_rejected"', 'default="flow_to_gateway"', ("decision_gateway", "bad_default"),
                 id="default-not-outgoing"),
    # user-task properties
    pytest.param(ROLE, prop("role", "deputy_secretary|king"), ("approve", "unknown_role"), id="unknown-role"),
    pytest.param(ROLE, prop("role", ""), ("approve", "missing_role"), id="empty-role"),
    pytest.param(SCOPE + FORM, FORM, ("approve", "missing_scope"), id="missing-scope"),
    pytest.param(STAGE, FORM + prop("stage", "limbo"), ("approve", "unknown_stage"), id="unknown-stage"),
    pytest.param(FORM, "", ("approve", "missing_form_key"), id="missing-form-key"),
    pytest.param(ARTICLE, prop("article", "Art. 17") + '<spiffworkflow:property name="dueRule"',
                 ("approve", "bad_article"), id="bad-article"),
    pytest.param(DUE, prop("dueRule", "whenever"), ("approve", "unknown_due_rule"), id="unknown-due-rule"),
    pytest.param(EFFECT, prop("effect", "drop_tables"), ("approve", "unknown_effect"), id="unknown-effect"),
    pytest.param(NOT_SAME, prop("notSameAs", "fill_form,ghost"), ("approve", "bad_not_same_as"),
                 id="not-same-as-unknown"),
    pytest.param(NOT_SAME, prop("notSameAs", "approve"), ("approve", "bad_not_same_as"),
                 id="not-same-as-self"),
    pytest.param(EFFECT, EFFECT + prop("formJsonSchemaFilename", "x.json"), ("approve", "unknown_property"),
                 id="unknown-property"),
    pytest.param(EFFECT, EFFECT + prop("role", "secretary"), ("approve", "duplicate_property"),
                 id="duplicate-property"),
    # timers
    pytest.param(TIME_DATE, TIME_DATE.replace("current_due_at", '"2026-11-03T00:00:00"'),
                 ("approve_overdue", "bad_timer"), id="naive-time-date"),
    pytest.param(TIME_DATE, TIME_DATE.replace("current_due_at", '__import__("os")'),
                 ("approve_overdue", "bad_timer"), id="call-in-timer"),
    # events and elements outside the allowlist
    pytest.param(START, START + '<bpmn:timerEventDefinition id="start_timer">'
                 '<bpmn:timeDuration>"PT1M"</bpmn:timeDuration></bpmn:timerEventDefinition>',
                 ("start", "bad_timer"), id="timer-start-event-with-a-duration"),
    pytest.param(START, START + '<bpmn:terminateEventDefinition id="kill"/>', ("kill", "unsupported_event"),
                 id="terminate-start-event"),
    pytest.param(END, END + '<bpmn:messageEventDefinition id="msg"/>', ("end_rejected", "unknown_message"),
                 id="message-end-event-without-its-message"),
    pytest.param(NOTE, '<bpmn:serviceTask id="svc"/>' + NOTE, ("svc", "service_task"), id="service-task"),
    pytest.param(NOTE, '<bpmn:manualTask id="manual"/>' + NOTE, ("manual", "unsupported_element"),
                 id="manual-task"),
    pytest.param(NOTE, '<bpmn:intermediateCatchEvent id="wait"><bpmn:conditionalEventDefinition id="cond">'
                 "<bpmn:condition>ready == True</bpmn:condition></bpmn:conditionalEventDefinition>"
                 "</bpmn:intermediateCatchEvent>" + NOTE, ("cond", "unsupported_event"),
                 id="intermediate-conditional-event"),
    pytest.param(NOTE, '<bpmn:subProcess id="sub"/>' + NOTE, ("sub", "bad_subprocess"),
                 id="sub-process-without-start"),
    pytest.param(END_OF_PROPS, END_OF_PROPS + "<spiffworkflow:instructionsForEndUser>{{ case }}"
                 "</spiffworkflow:instructionsForEndUser>", ("approve", "unknown_extension"),
                 id="instructions-for-end-user"),
    pytest.param(END_OF_PROPS, END_OF_PROPS + "<spiffworkflow:postScript>x = 1</spiffworkflow:postScript>",
                 ("approve", "script_extension"), id="post-script"),
    pytest.param(APPROVE, APPROVE[:-1] + f' {CAMUNDA} camunda:assignee="boss">',
                 ("approve", "foreign_attribute"), id="camunda-attribute"),
    # placeholders, conditions, ids
    pytest.param(APPROVE_DOC, "<bpmn:documentation>#{bean.run()}</bpmn:documentation>",
                 ("approve", "placeholder_expression"), id="placeholder-in-documentation"),
    pytest.param("approval_decision == 'approved'", "approval_decision.lower() == 'approved'",
                 ("flow_approved", "bad_condition"), id="attribute-in-condition"),
    pytest.param(NOTE, '<bpmn:textAnnotation id="approve_di">', ("approve_di", "duplicate_id"),
                 id="duplicate-id"),
]


@pytest.mark.parametrize("old, new, expected", RULES)
def test_rule(old, new, expected):
    root = parse_xml(variant(old, new))
    found = codes(validate_tree(root, form_keys=FORM_KEYS, effects=EFFECTS, known_process_ids=()))
    assert expected in found, found


def test_call_activity_without_target_is_a_problem():
    data = variant('calledElement="minimal_approval"', "", CALLER)
    found = codes(validate_tree(parse_xml(data), form_keys=FORM_KEYS, effects=EFFECTS, known_process_ids=()))
    assert ("call_approval", "call_missing_target") in found


def test_call_to_a_process_in_the_same_file_is_known():
    text = CALLER.decode().replace("</bpmn:definitions>", "")
    process = '<bpmn:process id="minimal_approval"'
    inner = MINIMAL.decode().split(process, 1)[1].split("</bpmn:process>", 1)[0]
    data = (text + process + inner + "</bpmn:process></bpmn:definitions>").encode()
    found = validate_tree(parse_xml(data), form_keys=FORM_KEYS, effects=EFFECTS, known_process_ids=())
    assert not [p for p in found if p.code.startswith("call_")]


def test_problem_shape():
    problem = Problem("approve", "missing_role", "用户任务缺少角色(role)")
    assert problem.element_id == "approve"
    assert problem.code == "missing_role"
    assert problem.message_zh == "用户任务缺少角色(role)"


def test_expression_rejected_is_a_definition_rejected():
    assert issubclass(ExpressionRejected, DefinitionRejected)


@pytest.mark.parametrize("literal", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+08:00"])
def test_a_timer_date_outside_the_computable_range_is_refused_naming_the_timer(literal):
    """Issue 11 §5: refused at deploy, in Chinese, with the timer's name, rather than failing when a case arrives."""
    problems = problems_of(variant(TIME_DATE, TIME_DATE.replace("current_due_at", f'"{literal}"')))
    assert [(p.element_id, p.code) for p in problems] == [("approve_overdue", "bad_timer")]
    assert problems[0].message_zh == (f"定时器“审批逾期”(approve_overdue):定时器表达式的时间{literal}"
                                      "换算为协调世界时后超出可计算的范围(须在1年至9999年之间)")
