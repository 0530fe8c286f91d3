"""The strict schema of a form defined as data (issue 11 §4): what a designer may write, checked field by field.

A data form is JSON a process designer builds in the designer's form editor, never Python::

    {"key": "publicity_result", "title": "公示结果登记",
     "fields": [
       {"name": "result", "type": "choice", "label": "公示结果", "required": true,
        "choices": [{"value": "no_objection", "label": "无异议"}, {"value": "objection", "label": "有异议"}]},
       {"name": "objection", "type": "long_text", "label": "异议情况", "required": true, "max_length": 500,
        "show_when": {"field": "result", "equals": ["objection"]}}]}

:func:`definition_problems` reports *every* problem at once, each with where it is and a Chinese sentence, so
that the editor can show them all beside the fields. Anything the schema does not name is refused, like a
form submission (SECURITY.md 16): a definition is data, and a key nobody reads is a mistake.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.base import RESERVED_NAMES

#: field type -> its Chinese name (the editor's type menu shows the same words)
FIELD_TYPES: dict[str, str] = {
    "text": "单行文字",
    "long_text": "多行文字",
    "number": "数字",
    "date": "日期",
    "choice": "单项选择",
    "multi_choice": "多项选择",
    "person": "人员(系统用户)",
    "people": "多名人员(系统用户)",
    "unit": "单位",
    "cadre": "干部",
    "file": "附件",
}
#: keys every field may carry
COMMON_KEYS = frozenset({"name", "type", "label", "help", "required", "show_when"})
#: keys each type adds
TYPE_KEYS: dict[str, frozenset[str]] = {
    "text": frozenset({"min_length", "max_length"}),
    "long_text": frozenset({"min_length", "max_length"}),
    "number": frozenset({"min", "max", "integer"}),
    "date": frozenset({"min", "max"}),
    "choice": frozenset({"choices"}),
    "multi_choice": frozenset({"choices", "min_items", "max_items"}),
    "person": frozenset(),
    "people": frozenset(),
    "unit": frozenset(),
    "cadre": frozenset(),
    "file": frozenset(),
}
#: the longest text each text type may allow (the Python forms' own caps: forms.fields.Text / LongText)
TEXT_CAPS = {"text": 200, "long_text": 5000}
#: numbers beyond this are not what a form asks for, and lose precision in JSON
NUMBER_CAP = 10**12
MAX_FIELDS = 50
MAX_CHOICES = 50
MAX_LABEL = 60
MAX_HELP = 200
MAX_TITLE = 60
MAX_NAME = 64
#: a date limit is an ISO date or the word "today" (the day of submission, China time)
TODAY = "today"
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_VALUE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{0,63}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a form definition: the form, the field (when it is a field's), and why."""

    form_key: str | None
    field: str | None
    message_zh: str

    def to_dict(self) -> dict:
        """Return the problem as JSON-ready data (the editor marks the field it names)."""
        return {"form_key": self.form_key, "field": self.field, "message": self.message_zh}


class _Collector:
    def __init__(self, form_key: str | None):
        self.form_key = form_key
        self.problems: list[DefinitionProblem] = []

    def add(self, field: str | None, message: str) -> None:
        self.problems.append(DefinitionProblem(self.form_key, field, message))


def is_name(value: Any) -> bool:
    """Whether a form key or field name is a plain identifier the expressions may read (SECURITY.md 16)."""
    return isinstance(value, str) and bool(_NAME_RE.fullmatch(value)) and value not in RESERVED_NAMES


def _text(value: Any, *, required: bool, cap: int) -> str | None:
    """The problem with a label-like text, or None when it is fine."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "不能为空" if required else None
    if not isinstance(value, str):
        return "应为文字"
    if len(value) > cap:
        return f"不得超过{cap}个字"
    if any(ord(ch) < 32 for ch in value):
        return "不得含控制字符"
    return None


def _count(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            and abs(value) <= NUMBER_CAP)


def parse_date_limit(value: Any) -> dt.date | str | None:
    """Return a date limit as a date, ``"today"``, or None when it is not one."""
    if value == TODAY:
        return TODAY
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def definition_problems(definition: Any, *, taken_keys: Collection[str] = ()) -> list[DefinitionProblem]:
    """Check one form definition against the schema; return every problem (empty: it may be compiled).

    :param taken_keys: form keys already in use (the Python forms, the other forms of the same draft)
    """
    if not isinstance(definition, Mapping):
        return [DefinitionProblem(None, None, "表单定义应为对象(键值)")]
    key = definition.get("key")
    out = _Collector(key if isinstance(key, str) else None)
    for extra in sorted(set(map(str, definition)) - {"key", "title", "fields"}):
        out.add(None, f"表单定义中不允许的项:{extra}")
    if not is_name(key):
        out.add(None, "表单标识须以英文字母开头,只含英文字母、数字和下划线,不超过64个字符,且不能是保留字")
    elif key in taken_keys:
        out.add(None, f"表单标识“{key}”已被使用(系统表单或本草稿的其他表单),请换一个")
    problem = _text(definition.get("title"), required=True, cap=MAX_TITLE)
    if problem:
        out.add(None, f"表单名称{problem}")
    fields = definition.get("fields")
    if not isinstance(fields, list) or not fields:
        out.add(None, "表单至少要有一个字段")
        return out.problems
    if len(fields) > MAX_FIELDS:
        out.add(None, f"一个表单最多{MAX_FIELDS}个字段")
    seen: dict[str, Mapping] = {}
    for index, field in enumerate(fields, start=1):
        _check_field(out, index, field, seen)
    return out.problems


def _check_field(out: _Collector, index: int, field: Any, seen: dict[str, Mapping]) -> None:
    if not isinstance(field, Mapping):
        out.add(None, f"第{index}个字段应为对象(键值)")
        return
    name = field.get("name")
    where = f"第{index}个字段"
    if not is_name(name):
        out.add(None, f"{where}的字段标识须以英文字母开头,只含英文字母、数字和下划线,不超过64个字符,且不能是保留字")
        name = None
    elif name in seen:
        out.add(name, f"{where}的字段标识“{name}”重复")
    else:
        where = f"字段“{name}”"
    kind = field.get("type")
    if kind not in FIELD_TYPES:
        out.add(name, f"{where}的类型应为以下之一:{'、'.join(FIELD_TYPES.values())}")
        return
    for extra in sorted(set(map(str, field)) - COMMON_KEYS - TYPE_KEYS[kind]):
        out.add(name, f"{where}({FIELD_TYPES[kind]})不允许设置“{extra}”")
    problem = _text(field.get("label"), required=True, cap=MAX_LABEL)
    if problem:
        out.add(name, f"{where}的标签{problem}")
    problem = _text(field.get("help"), required=False, cap=MAX_HELP)
    if problem:
        out.add(name, f"{where}的说明{problem}")
    if "required" in field and not isinstance(field["required"], bool):
        out.add(name, f"{where}的“必填”应为是或否")
    {"text": _check_text, "long_text": _check_text, "number": _check_number, "date": _check_date,
     "choice": _check_choices, "multi_choice": _check_choices}.get(kind, _no_limits)(out, name, where, kind, field)
    if "show_when" in field:
        _check_condition(out, name, where, field["show_when"], seen)
    if name is not None and name not in seen:
        seen[name] = field


def _no_limits(out: _Collector, name: str | None, where: str, kind: str, field: Mapping) -> None:
    """Person(s), unit, cadre and file fields take ids; what they may name is checked when a form is filled."""


def _check_text(out: _Collector, name: str | None, where: str, kind: str, field: Mapping) -> None:
    cap = TEXT_CAPS[kind]
    low, high = field.get("min_length", 0), field.get("max_length", cap)
    if not _count(low, 0, cap):
        out.add(name, f"{where}的最少字数应为0到{cap}之间的整数")
    if not _count(high, 1, cap):
        out.add(name, f"{where}的最多字数应为1到{cap}之间的整数")
    if _count(low, 0, cap) and _count(high, 1, cap) and low > high:
        out.add(name, f"{where}的最少字数({low})大于最多字数({high})")


def _check_number(out: _Collector, name: str | None, where: str, kind: str, field: Mapping) -> None:
    low, high = field.get("min"), field.get("max")
    for label, value in (("最小值", low), ("最大值", high)):
        if value is not None and not _number(value):
            out.add(name, f"{where}的{label}应为不超过{NUMBER_CAP:,}的数字")
    if "integer" in field and not isinstance(field["integer"], bool):
        out.add(name, f"{where}的“只能填整数”应为是或否")
    if _number(low) and _number(high) and low > high:
        out.add(name, f"{where}的最小值({low})大于最大值({high})")


def _check_date(out: _Collector, name: str | None, where: str, kind: str, field: Mapping) -> None:
    limits = {}
    for label, key in (("最早日期", "min"), ("最晚日期", "max")):
        if field.get(key) is not None:
            limits[key] = parse_date_limit(field[key])
            if limits[key] is None:
                out.add(name, f"{where}的{label}应为YYYY-MM-DD格式的日期或“today”(填写当天)")
    low, high = limits.get("min"), limits.get("max")
    if isinstance(low, dt.date) and isinstance(high, dt.date) and low > high:
        out.add(name, f"{where}的最早日期({low.isoformat()})晚于最晚日期({high.isoformat()})")


def _check_choices(out: _Collector, name: str | None, where: str, kind: str, field: Mapping) -> None:
    choices = field.get("choices")
    if not isinstance(choices, list) or not choices:
        out.add(name, f"{where}至少要有一个选项")
        return
    if len(choices) > MAX_CHOICES:
        out.add(name, f"{where}最多{MAX_CHOICES}个选项")
    values: list[str] = []
    for index, choice in enumerate(choices, start=1):
        if not isinstance(choice, Mapping) or set(map(str, choice)) - {"value", "label"}:
            out.add(name, f"{where}的第{index}个选项只能有取值(value)和名称(label)")
            continue
        value = choice.get("value")
        if not isinstance(value, str) or not _VALUE_RE.fullmatch(value):
            out.add(name, f"{where}的第{index}个选项的取值须由英文字母、数字和下划线组成(不超过64个字符)")
        elif value in values:
            out.add(name, f"{where}的选项取值“{value}”重复")
        else:
            values.append(value)
        problem = _text(choice.get("label"), required=True, cap=MAX_LABEL)
        if problem:
            out.add(name, f"{where}的第{index}个选项的名称{problem}")
    if kind == "multi_choice":
        size = len(choices)
        low, high = field.get("min_items", 0), field.get("max_items", size)
        if not _count(low, 0, size):
            out.add(name, f"{where}的最少选择项数应为0到{size}之间的整数")
        if not _count(high, 1, size):
            out.add(name, f"{where}的最多选择项数应为1到{size}之间的整数")
        if _count(low, 0, size) and _count(high, 1, size) and low > high:
            out.add(name, f"{where}的最少选择项数({low})大于最多选择项数({high})")


def _check_condition(out: _Collector, name: str | None, where: str, condition: Any,
                     seen: Mapping[str, Mapping]) -> None:
    if not isinstance(condition, Mapping) or set(map(str, condition)) != {"field", "equals"}:
        out.add(name, f"{where}的显示条件须写明依据的字段(field)和取值(equals)")
        return
    source, equals = condition["field"], condition["equals"]
    # Only an earlier choice field: the page shows fields top to bottom and a condition can never loop.
    if source not in seen:
        out.add(name, f"{where}的显示条件须依据排在它前面的单项或多项选择字段")
        return
    if seen[source].get("type") not in ("choice", "multi_choice"):
        out.add(name, f"{where}的显示条件所依据的字段“{source}”不是选择字段")
        return
    offered = {c.get("value") for c in seen[source].get("choices") or [] if isinstance(c, Mapping)}
    if not isinstance(equals, list) or not equals or not all(isinstance(v, str) for v in equals):
        out.add(name, f"{where}的显示条件至少要选一个取值")
    elif set(equals) - offered:
        out.add(name, f"{where}的显示条件取值“{'、'.join(sorted(set(equals) - offered))}”不是“{source}”的选项")
