"""DMN decision tables: read, checked per element, and evaluated only in the allowlisted expression grammar.

SPIFFWORKFLOW-2.md §1: SpiffWorkflow's own ``DMNEngine`` builds Python source by string concatenation,
takes the first match under ``UNIQUE`` without checking uniqueness, writes nothing when no rule matches and
treats ``"a","b"`` as a tuple. Here a table is read from the hardened loader's tree into
:class:`DecisionTable`, every entry is translated once into an expression of :mod:`engine.bpmn.expressions`
and checked there, and :class:`GuardedDecisionEngine` evaluates those expressions through the same
:class:`~engine.bpmn.expressions.GuardedEnvironment` that gateways use.

Input entries (unary tests on the column's input value):

* ``-`` or empty: any value;
* a literal or a comma list of literals: ``"high"``, ``3``, ``true``, ``"a","b"`` (equal to one of them);
* a comparison with a literal: ``< 5``, ``>= 3``, ``!= "x"``;
* a range of two literals: ``[1..3]`` (closed), ``(1..3]`` or ``]1..3]`` (left end open), ``[1..3)``;
* ``not(...)`` of a literal list: none of them;
* an expression over ``?`` (the input value) and literals: ``1 < ? < 5``.

Output entries and input expressions are expressions of the condition grammar (literals, task-data names,
comparisons, ``and``/``or``/``not``). Literals are str, int, bool (``true``/``false``) and ``null``.

Hit policies: ``UNIQUE`` (exactly one rule must match), ``FIRST`` (the first matching rule in table order)
and ``COLLECT`` without aggregation (each output becomes the list of the matching rules' values). Every
other policy, and ``COLLECT`` with an aggregation SpiffWorkflow would silently ignore, is refused at deploy.
Under ``UNIQUE`` and ``FIRST`` a table in which no rule matches is an error, never a silent no-output.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from lxml import etree

from engine.bpmn.expressions import FORBIDDEN_NAMES
from engine.bpmn.expressions import MAX_EXPRESSION_CHARS
from engine.bpmn.expressions import ExpressionRejected
from engine.bpmn.expressions import GuardedEnvironment
from engine.bpmn.expressions import check_condition
from engine.bpmn.loader import parse_xml
from engine.errors import DecisionFailed
from engine.errors import DefinitionRejected

#: DMN 1.1, 1.2 and 1.3 (what dmn-js writes), the versions SpiffWorkflow's parser validates against
DMN_NAMESPACES = frozenset({
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "https://www.omg.org/spec/DMN/20191111/MODEL/",
})

#: the policies a table may use, with what they mean for a designer
HIT_POLICY_LABELS = {
    "UNIQUE": "唯一命中(须恰好一条规则命中)",
    "FIRST": "首条命中(按表中顺序取第一条命中的规则)",
    "COLLECT": "收集(每个输出为所有命中规则的值的列表)",
}

#: the name an input entry's translated expression uses for the column's value
INPUT_NAME = "dmn_input"

MAX_RULES = 500
MAX_COLUMNS = 30

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
#: what a decision id (the key it deploys under) may be
DECISION_ID = _IDENTIFIER
_COMPARISON = re.compile(r"^(<=|>=|!=|==|<|>|=)\s*(.+)$", re.DOTALL)
_RANGE = re.compile(r"^([\[\](])\s*(.+?)\s*\.\.\s*(.+?)\s*([\[\])])$", re.DOTALL)
_NEGATION = re.compile(r"^not\s*\((.*)\)$", re.DOTALL)
#: a "?" outside string literals (Spiff's double-ended test ``1 < ? < 5``)
_QUESTION_MARK = re.compile(r"\?(?=(?:[^\"']|[\"'][^\"']*[\"'])*$)")
_UNSUPPORTED_DECISION_PARTS = frozenset({"literalExpression", "informationRequirement", "knowledgeRequirement",
                                         "invocation", "context", "relation", "list"})
_FEEL_LITERALS = {"true": "True", "false": "False", "null": "None"}
_FEEL_WORD = re.compile(r"\b(true|false|null)\b(?=(?:[^\"']|[\"'][^\"']*[\"'])*$)")


def is_decision_document(root: etree._Element) -> bool:
    """Tell whether a parsed document is a DMN ``definitions`` root (rather than BPMN)."""
    name = etree.QName(root)
    return name.localname == "definitions" and name.namespace in DMN_NAMESPACES


def is_decision_xml(xml: str) -> bool:
    """Tell whether stored XML text (a draft, a deployed version) is a DMN document; False if unparsable."""
    try:
        return is_decision_document(parse_xml(xml.encode("utf-8"), filename="stored.dmn"))
    except DefinitionRejected:
        return False


def table_in(xml: str) -> DecisionTable | None:
    """Return the decision table of stored DMN text (for reading pages and diffs), None for anything else."""
    try:
        root = parse_xml(xml.encode("utf-8"), filename="stored.dmn")
    except DefinitionRejected:
        return None
    return read_decision(root)[0] if is_decision_document(root) else None


def starter_table_xml(decision_id: str, name: str) -> str:
    """A DMN 1.3 table with one input, one output and one catch-all rule, for a designer to start from.

    ``decision_id`` must already match :data:`DECISION_ID` (it is used in element ids).
    """
    if not DECISION_ID.match(decision_id):
        raise DefinitionRejected("决策标识须以字母开头,只含字母、数字和下划线,不超过64个字符", code="bad_decision_id")
    key = decision_id
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="{key}_definitions"
             name={quoteattr(name)} namespace="http://lianjing.local/dmn">
  <decision id="{key}" name={quoteattr(name)}>
    <decisionTable id="{key}_table" hitPolicy="UNIQUE">
      <input id="{key}_input_1" label="输入">
        <inputExpression id="{key}_input_1_expression" typeRef="string"><text>input_value</text></inputExpression>
      </input>
      <output id="{key}_output_1" label="结果" name="result" typeRef="string"/>
      <rule id="{key}_rule_1">
        <inputEntry id="{key}_rule_1_input"><text>-</text></inputEntry>
        <outputEntry id="{key}_rule_1_output"><text>"待定"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""


# --- the table as read from the XML -------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    """One input column: its id, its Chinese label and the expression whose value the rules test."""

    element_id: str
    label: str
    expression: str


@dataclass(frozen=True)
class DecisionOutput:
    """One output column: the task-data variable it writes."""

    element_id: str
    label: str
    name: str


@dataclass(frozen=True)
class DecisionRule:
    """One row: its input entries (unary tests, '' for any) and output entries, in column order."""

    element_id: str
    number: int
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class DecisionTable:
    """The one decision of a DMN file with its one table (SPIFFWORKFLOW-2.md §1.1: Spiff reads no more)."""

    decision_id: str
    name: str
    hit_policy: str
    aggregation: str | None
    inputs: tuple[DecisionInput, ...]
    outputs: tuple[DecisionOutput, ...]
    rules: tuple[DecisionRule, ...]


@dataclass(frozen=True)
class DecisionProblem:
    """One reason a table may not be deployed, tied to the element (decision, column, rule or entry)."""

    element_id: str | None
    code: str
    message_zh: str


def _children(element: etree._Element, local: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == local]


def _text(element: etree._Element | None, child: str = "text") -> str:
    if element is None:
        return ""
    found = _children(element, child)
    return (found[0].text or "").strip() if found else ""


def read_decision(root: etree._Element) -> tuple[DecisionTable | None, list[DecisionProblem]]:
    """Read the decision table of a DMN tree; return it (None if unreadable) and every structural problem."""
    problems: list[DecisionProblem] = []
    decisions = _children(root, "decision")
    if len(decisions) != 1:
        problems.append(DecisionProblem(None, "one_decision_per_file",
                                        f"每个决策文件须且只能包含一个决策(decision),找到{len(decisions)}个"))
        return None, problems
    decision = decisions[0]
    decision_id = decision.get("id") or ""
    if not _IDENTIFIER.match(decision_id):
        problems.append(DecisionProblem(decision_id or None, "bad_decision_id",
                                        "决策标识须以字母开头,只含字母、数字和下划线,不超过64个字符"))
    tables = _children(decision, "decisionTable")
    unsupported = [etree.QName(child).localname for child in decision if isinstance(child.tag, str)
                   and etree.QName(child).localname in _UNSUPPORTED_DECISION_PARTS]
    if len(tables) != 1 or unsupported:
        # SPIFFWORKFLOW-2.md §1.1: only the first table is used and required decisions are not evaluated.
        problems.append(DecisionProblem(decision_id or None, "one_table_per_decision",
                                        "决策须且只能由一张决策表构成(不支持文字表达式、决策依赖等)"))
        if len(tables) != 1:
            return None, problems
    table = tables[0]
    inputs = tuple(DecisionInput(column.get("id") or "", column.get("label") or "",
                                 _text(_first(column, "inputExpression")))
                   for column in _children(table, "input"))
    outputs = tuple(DecisionOutput(column.get("id") or "", column.get("label") or "", column.get("name") or "")
                    for column in _children(table, "output"))
    rules = []
    for number, row in enumerate(_children(table, "rule"), start=1):
        rules.append(DecisionRule(row.get("id") or "", number,
                                  tuple(_text(entry) for entry in _children(row, "inputEntry")),
                                  tuple(_text(entry) for entry in _children(row, "outputEntry")),
                                  _text(row, "description") if _children(row, "description") else ""))
    read = DecisionTable(decision_id, decision.get("name") or decision_id,
                         (table.get("hitPolicy") or "UNIQUE").strip().upper(), table.get("aggregation"),
                         inputs, outputs, tuple(rules))
    return read, problems


def _first(element: etree._Element, local: str) -> etree._Element | None:
    found = _children(element, local)
    return found[0] if found else None


# --- entries translated into the condition grammar --------------------------------------------------------


def _literal(text: str) -> str:
    """Return the Python source of one DMN literal (str, int, negative int, true/false/null) or raise."""
    text = text.strip()
    if text in _FEEL_LITERALS:
        return _FEEL_LITERALS[text]
    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        raise ExpressionRejected("不是有效的常量", details={"expression": text[:200]}) from None
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    value = node.value if isinstance(node, ast.Constant) else None
    if type(value) is int:
        return repr(sign * value)
    if sign == 1 and isinstance(node, ast.Constant) and (value is None or isinstance(value, (str, bool))):
        return repr(value)
    raise ExpressionRejected("只能是字符串、整数、true、false或null常量", details={"expression": text[:200]})


def _literal_list(text: str) -> list[str]:
    """Split ``"a", "b", 3`` into literal sources, honouring quotes."""
    items, current, quote = [], [], None
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    if any(not item.strip() for item in items):
        raise ExpressionRejected("列表中有空项", details={"expression": text[:200]})
    return [_literal(item) for item in items]


def unary_test(entry: str) -> str | None:
    """Translate an input entry into a condition over :data:`INPUT_NAME`; None means "any value".

    :raise ExpressionRejected: the entry is not one of the shapes in the module docstring, or its
        translation is outside the condition grammar.
    """
    text = (entry or "").strip()
    if text in ("", "-"):
        return None
    if len(text) > MAX_EXPRESSION_CHARS:
        raise ExpressionRejected(f"过长(超过{MAX_EXPRESSION_CHARS}个字符)", details={"expression": text[:200]})
    if _QUESTION_MARK.search(text):
        source = _FEEL_WORD.sub(lambda m: _FEEL_LITERALS[m.group(1)], _QUESTION_MARK.sub(INPUT_NAME, text))
    elif (negation := _NEGATION.match(text)) is not None:
        source = f"{INPUT_NAME} not in ({', '.join(_literal_list(negation.group(1)))},)"
    elif (span := _RANGE.match(text)) is not None:
        opening, low, high, closing = span.groups()
        low_op = "<=" if opening == "[" else "<"
        high_op = "<=" if closing == "]" else "<"
        source = f"{_literal(low)} {low_op} {INPUT_NAME} {high_op} {_literal(high)}"
    elif (comparison := _COMPARISON.match(text)) is not None:
        operator = "==" if comparison.group(1) == "=" else comparison.group(1)
        source = f"{INPUT_NAME} {operator} {_literal(comparison.group(2))}"
    else:
        items = _literal_list(text)
        source = f"{INPUT_NAME} == {items[0]}" if len(items) == 1 else f"{INPUT_NAME} in ({', '.join(items)})"
    _check_names(source, allowed={INPUT_NAME})
    return source


def output_expression(entry: str) -> str | None:
    """Translate an output entry (or an input expression) into the condition grammar; None for empty."""
    text = (entry or "").strip()
    if not text:
        return None
    source = _FEEL_WORD.sub(lambda m: _FEEL_LITERALS[m.group(1)], text)
    _check_names(source, allowed=None)
    return source


def _check_names(source: str, allowed: set[str] | None) -> None:
    check_condition(source)
    if allowed is None:
        return
    names = {node.id for node in ast.walk(ast.parse(source, mode="eval")) if isinstance(node, ast.Name)}
    strangers = names - allowed
    if strangers:
        raise ExpressionRejected(f"只能用“?”代表本列的输入值,不能引用其他变量:{', '.join(sorted(strangers))}",
                                 details={"expression": source[:200]})


# --- deploy-time checks ------------------------------------------------------------------------------------


def decision_problems(root: etree._Element) -> list[DecisionProblem]:
    """Return every problem of one DMN document (empty: it may be deployed)."""
    table, problems = read_decision(root)
    if table is None:
        return problems
    where = table.decision_id or None
    if table.hit_policy not in HIT_POLICY_LABELS:
        problems.append(DecisionProblem(where, "unsupported_hit_policy",
                                        f"不支持命中策略{table.hit_policy};可用:UNIQUE(唯一)、FIRST(首条)、"
                                        "COLLECT(收集)"))
    if table.aggregation:
        problems.append(DecisionProblem(where, "unsupported_aggregation",
                                        f"COLLECT不支持汇总({table.aggregation}),每个输出都是命中值的列表"))
    if not table.inputs or not table.outputs:
        problems.append(DecisionProblem(where, "empty_table", "决策表须至少有一个输入列和一个输出列"))
    if len(table.inputs) + len(table.outputs) > MAX_COLUMNS:
        problems.append(DecisionProblem(where, "too_many_columns", f"决策表的列不得超过{MAX_COLUMNS}个"))
    if not table.rules:
        problems.append(DecisionProblem(where, "no_rules", "决策表须至少有一条规则"))
    if len(table.rules) > MAX_RULES:
        problems.append(DecisionProblem(where, "too_many_rules", f"决策表的规则不得超过{MAX_RULES}条"))
    for column in table.inputs:
        label = column.label or column.element_id
        if not column.expression:
            problems.append(DecisionProblem(column.element_id, "missing_input_expression",
                                            f"输入列“{label}”缺少输入表达式"))
            continue
        try:
            output_expression(column.expression)
        except ExpressionRejected as exc:
            problems.append(DecisionProblem(column.element_id, "bad_input_expression",
                                            f"输入列“{label}”的输入表达式{exc.message_zh.removeprefix('条件表达式')}"))
    seen_names: set[str] = set()
    for column in table.outputs:
        label = column.label or column.element_id
        if not _IDENTIFIER.match(column.name) or column.name in FORBIDDEN_NAMES:
            problems.append(DecisionProblem(column.element_id, "bad_output_name",
                                            f"输出列“{label}”须有输出变量名:以字母开头,只含字母、数字和下划线"))
        elif column.name in seen_names:
            problems.append(DecisionProblem(column.element_id, "duplicate_output_name",
                                            f"输出变量名重复:{column.name}"))
        seen_names.add(column.name)
    for rule in table.rules:
        problems.extend(_rule_problems(table, rule))
    return problems


def _rule_problems(table: DecisionTable, rule: DecisionRule) -> list[DecisionProblem]:
    problems = []
    if len(rule.inputs) != len(table.inputs) or len(rule.outputs) != len(table.outputs):
        return [DecisionProblem(rule.element_id, "rule_shape",
                                f"第{rule.number}条规则的条目数与表头的列数不一致")]
    for column, entry in zip(table.inputs, rule.inputs, strict=True):
        try:
            unary_test(entry)
        except ExpressionRejected as exc:
            problems.append(DecisionProblem(rule.element_id, "bad_input_entry",
                                            f"第{rule.number}条规则“{column.label or column.element_id}”列的条件"
                                            f"“{entry[:80]}”{exc.message_zh.removeprefix('条件表达式')}"))
    for column, entry in zip(table.outputs, rule.outputs, strict=True):
        try:
            output_expression(entry)
        except ExpressionRejected as exc:
            problems.append(DecisionProblem(rule.element_id, "bad_output_entry",
                                            f"第{rule.number}条规则“{column.label or column.name}”列的输出"
                                            f"“{entry[:80]}”{exc.message_zh.removeprefix('条件表达式')}"))
    return problems


# --- run time ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CompiledRule:
    number: int
    tests: tuple[str | None, ...]
    outputs: tuple[str | None, ...]


class GuardedDecisionEngine:
    """Evaluate one checked table with the guarded environment; raise :class:`DecisionFailed` in Chinese.

    Built once per parsed spec (never serialised: instances store no spec, engine/persistence.py), so a
    table forced into the database is checked again when its spec is parsed, and every expression is
    checked once more by the environment before it runs.
    """

    _ENVIRONMENT = GuardedEnvironment()

    def __init__(self, table: DecisionTable):
        self.table = table
        self.inputs = tuple(output_expression(column.expression) for column in table.inputs)
        self.rules = tuple(_CompiledRule(rule.number, tuple(unary_test(entry) for entry in rule.inputs),
                                         tuple(output_expression(entry) for entry in rule.outputs))
                           for rule in table.rules)

    def _fail(self, problem: str, code: str = "decision_failed", **details) -> DecisionFailed:
        return DecisionFailed(f"决策表“{self.table.name}”{problem}", code=code,
                              details={"decision": self.table.decision_id, **details})

    def _evaluate(self, source: str, context: Mapping, what: str):
        try:
            return self._ENVIRONMENT.evaluate(source, context)
        except ExpressionRejected as exc:
            raise self._fail(f"的{what}被拒绝:{exc.message_zh}", expression=source[:200]) from None
        except NameError as exc:
            missing = getattr(exc, "name", None) or str(exc)
            raise self._fail(f"的{what}无法求值:缺少变量{missing}", expression=source[:200]) from None
        except Exception as exc:  # noqa: BLE001 - any failure of a designer's table is a Chinese error
            raise self._fail(f"的{what}无法求值({type(exc).__name__})", expression=source[:200]) from None

    def _matches(self, rule: _CompiledRule, values: tuple) -> bool:
        for column, test, value in zip(self.table.inputs, rule.tests, values, strict=True):
            if test is None:
                continue
            label = column.label or column.element_id
            if not self._evaluate(test, {INPUT_NAME: value}, f"第{rule.number}条规则“{label}”列的条件"):
                return False
        return True

    def result(self, task) -> dict:
        """Return the outputs for the task's data under the table's hit policy."""
        data = task.data
        values = tuple(self._evaluate(source, data, f"输入“{column.label or column.expression}”")
                       for column, source in zip(self.table.inputs, self.inputs, strict=True))
        matched = [rule for rule in self.rules if self._matches(rule, values)]
        if self.table.hit_policy == "COLLECT":
            return {column.name: [self._output(rule, index, data) for rule in matched]
                    for index, column in enumerate(self.table.outputs)}
        if not matched:
            shown = ", ".join(f"{c.label or c.expression}={v!r}" for c, v in zip(self.table.inputs, values,
                                                                               strict=True))
            raise self._fail(f"没有规则命中({shown})", code="no_rule_matched")
        if self.table.hit_policy == "UNIQUE" and len(matched) > 1:
            numbers = "、".join(str(rule.number) for rule in matched)
            raise self._fail(f"第{numbers}条规则同时命中,而命中策略UNIQUE要求恰好一条", code="rule_not_unique")
        return {column.name: self._output(matched[0], index, data) for index, column in enumerate(self.table.outputs)}

    def _output(self, rule: _CompiledRule, index: int, data: Mapping):
        source = rule.outputs[index]
        if source is None:
            return None
        column = self.table.outputs[index]
        return self._evaluate(source, data, f"第{rule.number}条规则“{column.label or column.name}”列的输出")


# --- what changed between two versions ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableChange:
    """One rule, column or table setting that a newer version adds, removes or changes.

    ``fields`` holds (what, before, after) for a changed rule or column: a column's label for an entry,
    ``hitPolicy``, ``label``, ``expression`` or ``name``.
    """

    element_id: str
    kind: str  # "added" | "removed" | "changed"
    label: str
    element_type: str  # "rule" | "input" | "output" | "decisionTable"
    fields: tuple[tuple[str, str | None, str | None], ...] = ()


def _rule_facts(table: DecisionTable, rule: DecisionRule) -> dict[str, str]:
    facts = {f"条件·{c.label or c.expression}": e for c, e in zip(table.inputs, rule.inputs, strict=False)}
    facts |= {f"输出·{c.label or c.name}": e for c, e in zip(table.outputs, rule.outputs, strict=False)}
    facts["说明"] = rule.description
    return facts


def _compare(old: dict[str, str], new: dict[str, str]) -> tuple[tuple[str, str | None, str | None], ...]:
    return tuple((key, old.get(key), new.get(key)) for key in dict.fromkeys([*old, *new])
                 if old.get(key) != new.get(key))


def diff_decision_tables(old: DecisionTable, new: DecisionTable) -> list[TableChange]:
    """List the rules and columns the newer table adds, removes or changes; rules are matched by their id."""
    changes: list[TableChange] = []
    if (old.hit_policy, old.name) != (new.hit_policy, new.name):
        changes.append(TableChange(new.decision_id, "changed", new.name, "decisionTable",
                                   _compare({"命中策略": old.hit_policy, "名称": old.name},
                                            {"命中策略": new.hit_policy, "名称": new.name})))
    for kind, old_columns, new_columns in (("input", old.inputs, new.inputs), ("output", old.outputs, new.outputs)):
        before = {c.element_id: c for c in old_columns}
        after = {c.element_id: c for c in new_columns}
        for element_id, column in after.items():
            facts = {"标签": column.label, **({"输入表达式": column.expression} if kind == "input"
                                             else {"输出变量": column.name})}
            if element_id not in before:
                changes.append(TableChange(element_id, "added", column.label or element_id, kind))
                continue
            was = before[element_id]
            old_facts = {"标签": was.label, **({"输入表达式": was.expression} if kind == "input"
                                              else {"输出变量": was.name})}
            if old_facts != facts:
                changes.append(TableChange(element_id, "changed", column.label or element_id, kind,
                                           _compare(old_facts, facts)))
        changes.extend(TableChange(element_id, "removed", column.label or element_id, kind)
                       for element_id, column in before.items() if element_id not in after)
    old_rules = {r.element_id: r for r in old.rules}
    new_rules = {r.element_id: r for r in new.rules}
    for element_id, rule in new_rules.items():
        if element_id not in old_rules:
            changes.append(TableChange(element_id, "added", f"第{rule.number}条规则", "rule",
                                       _compare({}, _rule_facts(new, rule))))
            continue
        differing = _compare(_rule_facts(old, old_rules[element_id]), _rule_facts(new, rule))
        if differing:
            changes.append(TableChange(element_id, "changed", f"第{rule.number}条规则", "rule", differing))
    changes.extend(TableChange(element_id, "removed", f"原第{rule.number}条规则", "rule",
                               _compare(_rule_facts(old, rule), {}))
                   for element_id, rule in old_rules.items() if element_id not in new_rules)
    return changes
