"""The allowlisted expression grammar and the guarded script engine (SECURITY.md 14, 15)."""
from __future__ import annotations

import re
import time

import pytest
from RestrictedPython import safe_builtins
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

from engine.bpmn.expressions import MAX_EXPRESSION_CHARS
from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import GuardedEnvironment
from engine.bpmn.expressions import check_condition
from engine.bpmn.expressions import check_timer
from engine.bpmn.expressions import make_script_engine
from engine.errors import DefinitionRejected

HOSTILE = [
    "__import__('os').system('x')",
    "().__class__.__base__.__subclasses__()",
    "'{0.__class__}'.format(1)",
    "(lambda: 1)()",
    "[x for x in y]",
    "9**9**9",
    "a.b",
    "a[0]",
    "_secret == 1",
    "len(x) > 1",
    "getattr(a, 'b')",
    "(x for x in ()).gi_frame",
]

ALSO_REJECTED = [
    "__builtins__",
    "x == __builtins__",
    "print",
    "x if y else z",
    "(x := 1)",
    "{1: x}",            # a message payload's keys are text ...
    "{'_a': x}",         # ... not starting with an underscore ...
    "{**x}",             # ... and it is never a copy of something else
    "{'a': x.y}",
    "{1, 2}",
    "f'{x}'",
    "'a' * 10**9",
    "x + 1 > 2",
    "x == 10000000000",
    "x == 1.5",
    "x == b'a'",
    "x == ...",
    "x == 1j",
    "x is 'a'",
    "x is y",
    "x == [y]",
    "-'a' == x",
    "~x",
    "not (x == y.z)",
    "x == '" + "a" * 201 + "'",
    "x in (" + ", ".join(["1"] * 101) + ")",
    "",
    "   ",
    "x ==",
    "x = 1",
    "import os",
    "x == 1; y",
    "x\n== 1",
    "n >= " + "1" * (MAX_EXPRESSION_CHARS),
]

VALID = [
    ("warning_type == 'inquiry'", {"warning_type": "inquiry"}, True),
    ("warning_type == 'inquiry'", {"warning_type": "correction"}, False),
    ("warning_type in ('admonition', 'correction')", {"warning_type": "correction"}, True),
    ("warning_type in ('admonition', 'correction')", {"warning_type": "inquiry"}, False),
    ("requirements_met == True", {"requirements_met": True}, True),
    ("warning_type == 'correction' and approval_decision == 'approved'",
     {"warning_type": "correction", "approval_decision": "approved"}, True),
    ("warning_type == 'correction' and approval_decision == 'approved'",
     {"warning_type": "inquiry", "approval_decision": "approved"}, False),
    ("not flag", {"flag": False}, True),
    ("n >= 3", {"n": 3}, True),
    ("n >= 3", {"n": 2}, False),
    ("method not in ['written']", {"method": "talk"}, True),
    ("x is None or x != 'a'", {"x": None}, True),
    ("x is not None", {"x": None}, False),
    ("-3 < n <= 10", {"n": 0}, True),
    ("-n < 0", {"n": 5}, True),
    ("n > -1000000000", {"n": 0}, True),
    ("\n  supervision_outcome == 'late_submission'\n", {"supervision_outcome": "late_submission"}, True),
]


def test_a_message_payload_is_a_dict_of_text_keys_and_allowed_values():
    # What an information item sends when it raises a clue (issue 11 §2): names of its data, literals.
    src = '{"item_no": business_key, "summary": feedback, "kind": "letter"}'
    check_condition(src)
    assert GuardedEnvironment().evaluate(src, {"business_key": "K-1", "feedback": "f", "other": 1}) == \
        {"item_no": "K-1", "summary": "f", "kind": "letter"}


@pytest.mark.parametrize("src", HOSTILE + ALSO_REJECTED)
def test_check_condition_rejects(src):
    with pytest.raises(ExpressionRejected) as info:
        check_condition(src)
    assert isinstance(info.value, DefinitionRejected)
    assert info.value.code == "expression_rejected"
    assert re.search(r"[\u4e00-\u9fff]", info.value.message_zh)


@pytest.mark.parametrize("src", HOSTILE + ALSO_REJECTED)
def test_evaluate_rejects_at_run_time(src):
    environment = GuardedEnvironment()
    data = {"x": 1, "y": [1], "a": {"b": 1}, "_secret": 1, "z": 0, "n": 1}
    for _ in range(2):  # the refusal is cached and still raised the second time
        with pytest.raises(ExpressionRejected):
            environment.evaluate(src, dict(data))


@pytest.mark.parametrize("src", HOSTILE)
def test_hostile_messages_name_the_problem(src):
    with pytest.raises(ExpressionRejected) as info:
        check_condition(src)
    message = info.value.message_zh
    words = ("函数调用", "属性访问", "下标访问", "推导式", "运算", "下划线", "lambda")
    assert any(word in message for word in words)


def test_huge_power_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ExpressionRejected):
        GuardedEnvironment().evaluate("9**9**9 > 0", {})
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("src, data, expected", VALID)
def test_valid_conditions_are_accepted_and_evaluate(src, data, expected):
    check_condition(src)
    assert GuardedEnvironment().evaluate(src, data) is expected


def test_evaluation_sees_only_named_non_underscore_variables():
    environment = GuardedEnvironment()
    data = {"flag": True, "_secret": "s", "__builtins__": {"__import__": __import__}, "len": len}
    assert environment.evaluate("flag == True", data) is True
    with pytest.raises(NameError):
        environment.evaluate("missing == 1", data)


def test_external_context_is_a_fallback_for_names():
    assert GuardedEnvironment().evaluate("x == 2", {}, {"x": 2}) is True
    assert GuardedEnvironment().evaluate("x == 2", {"x": 1}, {"x": 2}) is False


def test_scripts_and_services_never_run():
    environment = GuardedEnvironment()
    data = {"x": 1}
    with pytest.raises(ExpressionRejected):
        environment.execute("x = 2", data)
    with pytest.raises(ExpressionRejected):
        environment.call_service(data, operation_name="anything")
    assert data == {"x": 1}


def test_restricted_python_builtins_are_not_mutated():
    before = dict(safe_builtins)
    environment = GuardedEnvironment()
    environment.evaluate("n >= 3", {"n": 4})
    assert dict(safe_builtins) == before


def test_make_script_engine_is_shared_and_guarded():
    engine = make_script_engine()
    assert isinstance(engine, PythonScriptEngine)
    assert isinstance(engine.environment, GuardedEnvironment)
    assert make_script_engine() is engine


@pytest.mark.parametrize("src, kind", [
    ("current_due_at", None),
    ("current_due_at", "timeDate"),
    ('"2026-11-03T00:00:00+08:00"', "timeDate"),
    ("'2026-11-03T00:00:00Z'", None),
    ('"P10D"', "timeDuration"),
    ('"PT5M"', None),
    ('"R3/PT1H"', "timeCycle"),
    ("  due_at  ", None),
])
def test_valid_timers(src, kind):
    check_timer(src, kind=kind)


@pytest.mark.parametrize("src, kind", [
    ("P10D", None),                              # unquoted duration: a variable at run time (§3.1)
    ("PT5M", "timeDuration"),
    ('"2026-11-03"', "timeDate"),                # no offset: server-local (§9.3)
    ('"2026-11-03T00:00:00"', None),
    ('"P10D"', "timeDate"),
    ('"2026-11-03T00:00:00+08:00"', "timeDuration"),
    ('"P99999Y"', None),                         # SpiffWorkflow loops per month
    ('"R/P9999999M"', "timeCycle"),
    ('"R99999999/PT1H"', "timeCycle"),
    ('"P"', None),
    ('"tomorrow"', None),
    ("len", None),
    ("_due", None),
    ("due.at", None),
    ("due_at()", None),
    ("1", None),
    ("due_at == 1", None),
    ("", None),
    ('"P1D"', "timeSomething"),
])
def test_invalid_timers(src, kind):
    with pytest.raises(ExpressionRejected) as info:
        check_timer(src, kind=kind)
    assert info.value.message_zh.startswith("定时器表达式")


@pytest.mark.parametrize("src, kind", [
    ('"9999-12-31T23:59:59-12:00"', "timeDate"),    # 10000-01-01T11:59:59Z: past the last instant there is
    ('"0001-01-01T00:00:00+08:00"', "timeDate"),    # year 0 in UTC: before the first
    ('"R/9999-12-31T23:59:59-12:00/P1D"', "timeCycle"),
    ('"R1000/9990-01-01T00:00:00+00:00/P1Y"', "timeCycle"),   # the last repetition overflows
    ('"R1000/P100Y"', "timeCycle"),                   # from today, 100,000 years on
    ('"R1000/P100Y/0100-01-01T00:00:00+00:00"', "timeCycle"),  # ending then, it started before year 1
])
def test_timer_literals_whose_instants_cannot_be_computed_are_refused_at_deploy(src, kind):
    """Issue 11 §5: a date or cycle that overflows in UTC would fail only when a case reaches the timer."""
    with pytest.raises(ExpressionRejected, match="超出可计算的"):
        check_timer(src, kind=kind)


@pytest.mark.parametrize("src, kind", [
    ('"9999-12-31T00:00:00+00:00"', "timeDate"),
    ('"0001-01-02T00:00:00+08:00"', "timeDate"),
    ('"R3/2026-11-03T09:00:00+08:00/P1D"', "timeCycle"),
    ('"R3/PT1H"', "timeCycle"),
])
def test_timer_literals_at_the_edges_of_the_range_are_accepted(src, kind):
    check_timer(src, kind=kind)
