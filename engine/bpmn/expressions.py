"""The allowlisted expression grammar of gateway conditions and timers, and the guarded script engine.

SECURITY.md 14/15, SPIFFWORKFLOW.md §5. SpiffWorkflow hands every condition and every timer text to its
script engine, whose default environment is plain ``eval``. Here an expression is accepted only if its
AST uses:

* ``Name`` — a task-data variable: not starting with ``_``, not a builtin name;
* ``Constant`` — ``str`` (≤ 200 chars), ``int`` (|n| ≤ 10**9), ``bool``, ``None``;
* ``Tuple``/``List`` of such constants (negative int literals allowed);
* ``Dict`` with text keys and allowed values (a message payload, ``{"item_no": business_key}``);
* ``Compare`` (``== != < <= > >= in not in is is not``; ``is`` only against ``None``/``True``/``False``),
  ``BoolOp`` (``and or``), ``UnaryOp`` (``not``, and ``-`` on an int literal or a name).

Nothing else: no calls, attributes, subscripts, lambdas, comprehensions, f-strings, arithmetic, sets. At most
500 characters. A timer is a single name, or a quoted ISO 8601 literal.

The same check runs at deploy (``check_condition``/``check_timer``) *and* at run time
(:class:`GuardedEnvironment.evaluate`), which then evaluates code compiled by RestrictedPython with no
builtins and only the task-data variables the expression names.
"""
from __future__ import annotations

import ast
import builtins
import datetime as dt
import re
import threading
from dataclasses import dataclass

from RestrictedPython import compile_restricted_eval
from RestrictedPython import safe_builtins
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.errors import DefinitionRejected

MAX_EXPRESSION_CHARS = 500
MAX_STRING_CHARS = 200
MAX_INT = 10**9
MAX_SEQUENCE_ITEMS = 100
#: longest duration a timer literal may spell (≈ 100 years): SpiffWorkflow loops once per month
MAX_DURATION_DAYS = 36_600
MAX_TIMER_CYCLES = 1_000

#: names an expression may not use: Python's and RestrictedPython's builtins, and RestrictedPython's
#: own reserved names
FORBIDDEN_NAMES = frozenset(dir(builtins)) | frozenset(safe_builtins) | {"printed", "print"}

_ALLOWED_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
                        ast.In, ast.NotIn, ast.Is, ast.IsNot)

_FORBIDDEN_NODE_MESSAGES: dict[type, str] = {
    ast.Call: "不允许函数调用",
    ast.Attribute: "不允许属性访问",
    ast.Subscript: "不允许下标访问",
    ast.Slice: "不允许下标访问",
    ast.Lambda: "不允许lambda表达式",
    ast.ListComp: "不允许推导式或生成器",
    ast.SetComp: "不允许推导式或生成器",
    ast.DictComp: "不允许推导式或生成器",
    ast.GeneratorExp: "不允许推导式或生成器",
    ast.JoinedStr: "不允许f字符串",
    ast.FormattedValue: "不允许f字符串",
    ast.BinOp: "不允许算术或位运算",
    ast.IfExp: "不允许条件表达式(x if y else z)",
    ast.NamedExpr: "不允许赋值表达式(:=)",
    ast.Set: "不允许集合",
    ast.Starred: "不允许星号展开",
    ast.Await: "不允许await",
    ast.Yield: "不允许yield",
    ast.YieldFrom: "不允许yield",
}


class ExpressionRejected(DefinitionRejected):
    """A condition or timer expression is outside the allowlisted grammar (SECURITY.md 14)."""

    code = "expression_rejected"


def _reject(label: str, problem: str, src: str) -> ExpressionRejected:
    return ExpressionRejected(f"{label}{problem}", details={"expression": src[:MAX_STRING_CHARS]})


def _parse(src: object, label: str) -> tuple[ast.expr, str]:
    """Parse ``src`` in eval mode after the cheap length checks; return (body, stripped source)."""
    if not isinstance(src, str):
        raise ExpressionRejected(f"{label}必须是文本", details={"expression": repr(src)[:MAX_STRING_CHARS]})
    text = src.strip()
    if not text:
        raise _reject(label, "为空", src)
    if len(text) > MAX_EXPRESSION_CHARS:
        raise _reject(label, f"过长(超过{MAX_EXPRESSION_CHARS}个字符)", src)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise _reject(label, "语法错误", src) from None
    return tree.body, text


def _check_name(node: ast.Name, label: str, src: str, names: set[str]) -> None:
    if not isinstance(node.ctx, ast.Load):
        raise _reject(label, "不允许赋值", src)
    if node.id.startswith("_"):
        raise _reject(label, f"的变量名不得以下划线开头:{node.id}", src)
    if node.id in FORBIDDEN_NAMES:
        raise _reject(label, f"不得使用内置名称:{node.id}", src)
    names.add(node.id)


def _check_constant(node: ast.Constant, label: str, src: str) -> None:
    value = node.value
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise _reject(label, f"中的字符串常量过长(超过{MAX_STRING_CHARS}个字符)", src)
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise _reject(label, "中的整数超出允许范围(±10亿)", src)
        return
    raise _reject(label, f"中不允许此类常量:{type(value).__name__}", src)


def _is_negative_int(node: ast.AST) -> bool:
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int)


def _is_singleton(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool))


def _check_node(node: ast.AST, label: str, src: str, names: set[str]) -> None:
    """Walk one node of a condition, raising ExpressionRejected at the first disallowed part."""
    if isinstance(node, ast.Name):
        _check_name(node, label, src, names)
    elif isinstance(node, ast.Constant):
        _check_constant(node, label, src)
    elif isinstance(node, (ast.Tuple, ast.List)):
        if len(node.elts) > MAX_SEQUENCE_ITEMS:
            raise _reject(label, f"中的元组/列表过长(超过{MAX_SEQUENCE_ITEMS}项)", src)
        for element in node.elts:
            if isinstance(element, ast.Constant):
                _check_constant(element, label, src)
            elif _is_negative_int(element):
                _check_constant(element.operand, label, src)
            else:
                raise _reject(label, "中的元组/列表只能包含常量", src)
    elif isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        for index, op in enumerate(node.ops):
            if not isinstance(op, _ALLOWED_COMPARE_OPS):
                raise _reject(label, "中不允许此比较运算", src)
            if isinstance(op, (ast.Is, ast.IsNot)):
                left, right = operands[index], operands[index + 1]
                if not (_is_singleton(left) or _is_singleton(right)) or not all(
                        isinstance(side, ast.Name) or _is_singleton(side) for side in (left, right)):
                    raise _reject(label, "中is/is not只能用于与None、True、False比较", src)
        for operand in operands:
            _check_node(operand, label, src, names)
    elif isinstance(node, ast.Dict):
        # A message payload names what it sends: {"item_no": business_key} (text keys, allowed values).
        if len(node.keys) > MAX_SEQUENCE_ITEMS:
            raise _reject(label, f"中的字典过长(超过{MAX_SEQUENCE_ITEMS}项)", src)
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or key.value.startswith("_"):
                raise _reject(label, "中字典的键只能是不以下划线开头的文本常量", src)
            _check_node(value, label, src, names)
    elif isinstance(node, ast.BoolOp):
        if not isinstance(node.op, (ast.And, ast.Or)):
            raise _reject(label, "中不允许此逻辑运算", src)
        for value in node.values:
            _check_node(value, label, src, names)
    elif isinstance(node, ast.UnaryOp):
        negation_of_number = isinstance(node.op, ast.USub) and (
            isinstance(node.operand, ast.Name)
            or (isinstance(node.operand, ast.Constant) and type(node.operand.value) is int))
        if not (isinstance(node.op, ast.Not) or negation_of_number):
            raise _reject(label, "中只允许not和负号(用于整数或变量)", src)
        _check_node(node.operand, label, src, names)
    else:
        message = _FORBIDDEN_NODE_MESSAGES.get(type(node))
        if message is None:
            message = f"中不允许的成分:{type(node).__name__}"
        raise _reject(label, message, src)


def _condition_names(src: str) -> tuple[str, frozenset[str]]:
    """Check ``src`` against the condition grammar; return (stripped source, variable names used)."""
    label = "条件表达式"
    body, text = _parse(src, label)
    names: set[str] = set()
    _check_node(body, label, src, names)
    return text, frozenset(names)


def check_condition(src: str) -> None:
    """Raise :class:`ExpressionRejected` unless ``src`` is in the allowlisted condition grammar."""
    _condition_names(src)


def condition_variables(src: str) -> frozenset[str]:
    """Return the variables an allowed condition reads (raises :class:`ExpressionRejected` like check_condition)."""
    return _condition_names(src)[1]


# --- timers -------------------------------------------------------------------------------------------

_DURATION_DAYS_PER = {"years": 366, "months": 31, "weeks": 7, "days": 1,
                      "hours": 1 / 24, "minutes": 1 / 1440, "seconds": 1 / 86400}


def _duration_problem(value: str) -> str | None:
    if not value.upper().startswith("P"):
        return "不是有效的ISO 8601时长(应以P开头,如P10D)"
    try:
        parsed = TimerEventDefinition.parse_iso_duration(value)
    except Exception:  # noqa: BLE001 - SpiffWorkflow raises a bare Exception on a bad duration
        return "不是有效的ISO 8601时长"
    if not parsed:
        return "不是有效的ISO 8601时长"
    total = sum(_DURATION_DAYS_PER[key] * amount for key, amount in parsed.items())
    if total > MAX_DURATION_DAYS:
        return "的时长过长(不得超过100年)"
    return None


def _date_time_problem(value: str) -> str | None:
    if "W" in value.upper() or value.upper().startswith("P"):
        return "不是有效的ISO 8601时间"
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        return "不是有效的ISO 8601时间"
    if instant.tzinfo is None:
        return "须带时区偏移(如2026-11-03T00:00:00+08:00)"
    if _utc_or_none(instant) is None:
        # SpiffWorkflow compares every due instant in UTC: 9999-12-31T23:59:59-12:00 and 0001-01-01T00:00:00+08:00
        # are valid ISO text whose UTC instant does not exist, so the timer would fail at run time (issue 11 §5).
        return f"的时间{value}换算为协调世界时后超出可计算的范围(须在1年至9999年之间)"
    return None


def _utc_or_none(instant: dt.datetime) -> dt.datetime | None:
    try:
        return instant.astimezone(dt.UTC)
    except OverflowError:
        return None


_CYCLE = re.compile(r"^R(\d{0,6})/([^/]+)(?:/([^/]+))?$")


def _cycle_problem(value: str) -> str | None:
    match = _CYCLE.match(value.upper())
    if match is None:
        return "不是有效的ISO 8601重复周期(如R3/PT1H)"
    count, first, second = match.groups()
    if count and int(count) > MAX_TIMER_CYCLES:
        return f"的重复次数过多(不得超过{MAX_TIMER_CYCLES}次)"
    parts = [first] + ([second] if second else [])
    durations = [part for part in parts if part.startswith("P")]
    if len(durations) != 1:
        return "不是有效的ISO 8601重复周期(须恰好包含一个时长)"
    for part in parts:
        problem = _duration_problem(part) if part.startswith("P") else _date_time_problem(part)
        if problem:
            return problem
    return _cycle_range_problem(int(count) if count else 1, parts)


def _cycle_range_problem(count: int, parts: list[str]) -> str | None:
    """The last repetition of a cycle that starts or ends at a given instant must still be a computable instant."""
    instants = [part for part in parts if not part.startswith("P")]
    days = count * sum(_DURATION_DAYS_PER[key] * amount for key, amount in
                       TimerEventDefinition.parse_iso_duration(next(p for p in parts if p.startswith("P"))).items())
    # Without an instant the cycle starts when the token arrives: today is the earliest that can be.
    anchor = _utc_or_none(dt.datetime.fromisoformat(instants[0])) if instants else dt.datetime.now(dt.UTC)
    try:
        if parts[0].startswith("P"):
            anchor - dt.timedelta(days=days)   # an end instant: the cycle runs up to it
        else:
            anchor + dt.timedelta(days=days)   # a start instant: the cycle runs from it
    except OverflowError:
        return "的最后一次重复超出可计算的时间范围(须在1年至9999年之间)"
    return None


_BARE_DURATION = re.compile(r"^[Pp](?=[Tt]?\d)(\d+[YMWDymwd])*([Tt](\d+[HMShms])+)?$")

_TIMER_CHECKS = {
    "timeDate": _date_time_problem,
    "timeDuration": _duration_problem,
    "timeCycle": _cycle_problem,
}


def check_timer(src: str, *, kind: str | None = None) -> None:
    """Raise :class:`ExpressionRejected` unless ``src`` is a variable name or a quoted ISO 8601 literal.

    ``kind`` (``timeDate``, ``timeDuration`` or ``timeCycle``) says which literal is acceptable; with
    ``None`` the literal's shape decides (``P…`` duration, ``R…`` cycle, else date-time). Date-time
    literals must carry a UTC offset (SPIFFWORKFLOW.md §9.3). A bare name shaped like a duration
    (``P10D``) is refused: it would be read as a variable.
    """
    label = "定时器表达式"
    if kind is not None and kind not in _TIMER_CHECKS:
        raise _reject(label, f"的类型未知:{kind}", str(src))
    body, _ = _parse(src, label)
    if isinstance(body, ast.Name):
        _check_name(body, label, src, set())
        if _BARE_DURATION.match(body.id):
            # SPIFFWORKFLOW.md §3.1: an unquoted P10D parses as a variable and fails only at run time.
            raise _reject(label, f"中的ISO时长须加引号(写作\"{body.id}\")", src)
        return
    if not (isinstance(body, ast.Constant) and isinstance(body.value, str)):
        raise _reject(label, "只能是一个变量名或带引号的ISO 8601时间/时长", src)
    _check_constant(body, label, src)
    value = body.value.strip()
    if kind is None:
        kind = "timeDuration" if value.upper().startswith("P") else \
            "timeCycle" if value.upper().startswith("R") else "timeDate"
    problem = _TIMER_CHECKS[kind](value)
    if problem:
        raise _reject(label, problem, src)


# --- run time -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Compiled:
    code: object
    names: frozenset[str]


@dataclass(frozen=True)
class _Refused:
    message_zh: str
    details: dict | list | None


class GuardedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates allowlisted expressions only; runs no scripts and calls no services.

    Each distinct source is checked against the grammar and compiled with RestrictedPython once (the
    outcome, accepted or refused, is cached). Evaluation sees no builtins and only the task-data (or
    external-context) variables the expression names; ``_``-names never reach it.
    """

    MAX_CACHE = 4096

    def __init__(self) -> None:
        super().__init__({})
        self._cache: dict[str, _Compiled | _Refused] = {}
        self._lock = threading.Lock()

    def _compile(self, expression: str) -> _Compiled:
        entry = self._cache.get(expression) if isinstance(expression, str) else None
        if entry is None:
            try:
                text, names = _condition_names(expression)
                result = compile_restricted_eval(text, "<bpmn-expression>")
                if result.errors or result.code is None:
                    raise ExpressionRejected("条件表达式未通过受限编译",
                                             details={"expression": text[:MAX_STRING_CHARS],
                                                      "errors": list(result.errors)})
                entry = _Compiled(result.code, names)
            except ExpressionRejected as exc:
                entry = _Refused(exc.message_zh, exc.details)
            if isinstance(expression, str):
                with self._lock:
                    if len(self._cache) >= self.MAX_CACHE:
                        self._cache.clear()
                    self._cache[expression] = entry
        if isinstance(entry, _Refused):
            raise ExpressionRejected(entry.message_zh, details=entry.details)
        return entry

    def evaluate(self, expression, context, external_context=None):
        compiled = self._compile(expression)
        scope: dict[str, object] = {"__builtins__": {}}
        for name in compiled.names:
            if name in context:
                scope[name] = context[name]
            elif external_context and name in external_context:
                scope[name] = external_context[name]
        # allowlisted AST, compiled by RestrictedPython, no builtins, only the named variables
        return eval(compiled.code, scope)

    def execute(self, script, context, external_context=None):
        raise ExpressionRejected("流程中不允许执行脚本", code="script_refused")

    def call_service(self, context, **kwargs):
        raise ExpressionRejected("流程中不允许调用外部服务", code="service_refused")


_ENGINE = PythonScriptEngine(environment=GuardedEnvironment())


def make_script_engine() -> PythonScriptEngine:
    """Return the one shared script engine every workflow (new or restored) must carry."""
    return _ENGINE
