"""Form fields: strict input parsing, Chinese labels and Chinese error messages.

Every field takes its Chinese label first; it is stored in ``metadata={"label": ..., "help": ...}`` and
``forms.describe`` reads it from there. Each class names the ``kind`` the pages render it as.
Blank input (``None``, ``""``, whitespace, ``[]``) counts as "not filled": an error for a required field,
``None`` for an optional one. Fields parse strictly and never guess (no ``"2026/11/02"``, no ``1.0`` ids).

Dates and instants come out as ``datetime.date`` / aware ``datetime.datetime`` so that schema rules can
compare them; ``FormSchema`` turns them into ISO strings before they reach task data (JSON).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import ClassVar

from marshmallow import fields

#: the message for a required value that is missing or blank
REQUIRED = "此项必填"
#: China Standard Time; a naive instant is read as China time
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
#: ids are PostgreSQL ``integer`` keys
MAX_ID = 2**31 - 1

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<tz>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_INT_RE = re.compile(r"[0-9]{1,10}")


def is_blank(value: Any) -> bool:
    """Whether a raw input value counts as "not filled"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def normalise_choices(choices: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Return choices as ``((value, label_zh), ...)``, values as plain strings (StrEnum members allowed)."""
    pairs = choices.items() if isinstance(choices, Mapping) else choices
    return tuple((str(value), label) for value, label in pairs)


class FormField(fields.Field):
    """Base of every form field: a Chinese label, optional help, Chinese messages, blank = not filled."""

    #: how the pages render the field (FieldDescription.kind)
    kind: ClassVar[str] = "text"

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "validator_failed": "填写的内容无效",
    }

    def __init__(self, label: str, *, required: bool = False, help: str = "",
                 show_when: tuple[str, tuple[str, ...]] | None = None, required_when_shown: bool = False,
                 **kwargs: Any) -> None:
        """``show_when=("choice_field", ("value", ...))``: the pages show the field only for those choices;
        ``required_when_shown`` marks it required there (the schema's ``check`` enforces it)."""
        if not label:
            raise ValueError("a form field needs its Chinese label")
        if not required:
            kwargs.setdefault("load_default", None)
        metadata: dict[str, Any] = {"label": label, "help": help}
        if show_when is not None:
            metadata["show_when"] = show_when
            metadata["required_when_shown"] = required_when_shown
        super().__init__(required=required, metadata=metadata, **kwargs)

    @property
    def label(self) -> str:
        return self.metadata["label"]

    @property
    def help(self) -> str:
        return self.metadata.get("help") or ""

    @property
    def form_context(self):
        """The FormContext of the schema this field is bound to (None when unbound)."""
        return getattr(self.parent, "form_context", None)

    def _not_filled(self) -> None:
        """Blank input: an error when required, else None."""
        if self.required:
            raise self.make_error("required")

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> Any:
        if is_blank(value):
            return self._not_filled()
        return self._parse(value)

    def _parse(self, value: Any) -> Any:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class Text(FormField):
    """One line of text, stripped; no control characters; at most ``max_length`` characters."""

    kind = "text"
    default_error_messages = {
        "invalid": "应填写文字",
        "too_long": "不得超过{max_length}个字",
        "control": "含有不允许的控制字符",
    }
    multiline: ClassVar[bool] = False
    default_max_length: ClassVar[int] = 200

    def __init__(self, label: str, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.max_length = max_length or self.default_max_length

    def _parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        allowed = {"\n", "\t"} if self.multiline else set()
        if any(ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
            raise self.make_error("control")
        if len(text) > self.max_length:
            raise self.make_error("too_long", max_length=self.max_length)
        return text


class LongText(Text):
    """Several lines of text (opinions, reasons, summaries), stripped, bounded."""

    kind = "textarea"
    multiline = True
    default_max_length = 2000


class Int(FormField):
    """A positive integer id: a JSON integer or a string of digits; never a bool or a float."""

    kind = "int"
    default_error_messages = {
        "invalid": "应填写正整数",
        "range": "编号超出范围",
    }

    def _parse(self, value: Any) -> int:
        try:
            return parse_id(value)
        except ValueError as problem:
            raise self.make_error(str(problem)) from None


def parse_id(value: Any) -> int:
    """Parse a positive integer id (an int or a string of digits); ValueError("invalid" | "range") if not."""
    if isinstance(value, bool):
        raise ValueError("invalid")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValueError("invalid")
    if number < 1:
        raise ValueError("invalid")
    if number > MAX_ID:
        raise ValueError("range")
    return number


class IntList(FormField):
    """A list of distinct positive integer ids, ``min_items`` to ``max_items`` long."""

    kind = "int_list"
    default_error_messages = {
        "invalid": "应为编号列表",
        "item": "第{index}项应为正整数",
        "range": "编号超出范围",
        "duplicate": "编号不得重复",
        "too_few": "至少填写{min_items}项",
        "too_many": "最多填写{max_items}项",
    }

    def __init__(self, label: str, *, min_items: int = 1, max_items: int = 20, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.min_items = min_items
        self.max_items = max_items

    def _parse(self, value: Any) -> list[int]:
        if not isinstance(value, (list, tuple)):
            raise self.make_error("invalid")
        if len(value) > self.max_items:
            raise self.make_error("too_many", max_items=self.max_items)
        numbers = []
        for index, item in enumerate(value, start=1):
            try:
                numbers.append(parse_id(item))
            except ValueError as problem:
                raise self.make_error("range" if str(problem) == "range" else "item", index=index) from None
        if len(set(numbers)) != len(numbers):
            raise self.make_error("duplicate")
        if len(numbers) < self.min_items:
            raise self.make_error("too_few", min_items=self.min_items)
        return numbers


class Bool(FormField):
    """Yes or no: a JSON bool, or the strings "true"/"false" (also "1"/"0")."""

    kind = "bool"
    default_error_messages = {"invalid": "应选择是或否"}
    _TRUE = frozenset({"true", "1"})
    _FALSE = frozenset({"false", "0"})

    def _parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().lower()
            if word in self._TRUE:
                return True
            if word in self._FALSE:
                return False
        raise self.make_error("invalid")


class Date(FormField):
    """A calendar date written ``YYYY-MM-DD``; by default not after today (``FormContext.today``)."""

    kind = "date"
    default_error_messages = {
        "invalid": "日期格式应为YYYY-MM-DD",
        "impossible": "日期不存在",
        "future": "日期不得晚于今天({today})",
    }

    def __init__(self, label: str, *, not_after_today: bool = True, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.not_after_today = not_after_today

    def _parse(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.make_error("invalid")
        if isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise self.make_error("impossible") from None
        else:
            raise self.make_error("invalid")
        today = getattr(self.form_context, "today", None)
        if self.not_after_today and today is not None and day > today:
            raise self.make_error("future", today=today.isoformat())
        return day


class DateTime(FormField):
    """An instant written ``YYYY-MM-DDTHH:MM[:SS][+08:00]``; naive means China time; kept in China time."""

    kind = "datetime"
    default_error_messages = {
        "invalid": "时间格式应为YYYY-MM-DDTHH:MM,可带时区(如+08:00)",
        "impossible": "时间不存在",
    }

    def _parse(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, str) and _DATETIME_RE.fullmatch(value.strip()):
            text = value.strip()
            if text.endswith("Z"):
                text = text[:-1] + "+00:00"
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                raise self.make_error("impossible") from None
        else:
            raise self.make_error("invalid")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=CHINA_TZ)
        return moment.astimezone(CHINA_TZ).replace(microsecond=0)


class Choice(FormField):
    """One of a fixed list of values, each with its Chinese label."""

    kind = "choice"
    default_error_messages = {"invalid": "应为以下选项之一:{allowed}"}

    def __init__(self, label: str, choices: Mapping[str, str] | Iterable[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices = normalise_choices(choices)
        self.labels = dict(self.choices)

    def allowed_text(self, values: Iterable[str] | None = None) -> str:
        """The Chinese labels of the given (or all) values, for a message."""
        values = list(self.labels) if values is None else list(values)
        return "、".join(self.labels.get(v, v) for v in values)

    def _parse(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.labels:
            raise self.make_error("invalid", allowed=self.allowed_text())
        return str(value)


class MultiChoice(Choice):
    """Several distinct values out of a fixed list; at least ``min_items``."""

    kind = "multichoice"
    default_error_messages = {
        "not_list": "应为选项列表",
        "invalid": "应为以下选项:{allowed}",
        "duplicate": "选项不得重复",
        "too_few": "至少选择{min_items}项",
    }

    def __init__(self, label: str, choices: Mapping[str, str] | Iterable[tuple[str, str]], *,
                 min_items: int = 1, **kwargs: Any) -> None:
        super().__init__(label, choices, **kwargs)
        self.min_items = min_items

    def _parse(self, value: Any) -> list[str]:
        if not isinstance(value, (list, tuple)):
            raise self.make_error("not_list")
        if any(not isinstance(item, str) or item not in self.labels for item in value):
            raise self.make_error("invalid", allowed=self.allowed_text())
        if len(set(value)) != len(value):
            raise self.make_error("duplicate")
        if len(value) < self.min_items:
            raise self.make_error("too_few", min_items=self.min_items)
        return [str(item) for item in value]
