"""The fields a data form adds to forms.fields: numbers, bounded texts and dates, limited multiple choice, and
references to a person, a unit, a cadre or an attachment (issue 11 §4).

Same contract as forms.fields: Chinese label first, blank means "not filled", strict parsing, Chinese messages.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from forms.data.definition import TODAY
from forms.fields import Date
from forms.fields import FormField
from forms.fields import Int
from forms.fields import IntList
from forms.fields import LongText
from forms.fields import MultiChoice
from forms.fields import Text

_NUMBER_RE = re.compile(r"[+-]?[0-9]{1,13}(\.[0-9]{1,6})?")


class Number(FormField):
    """A number written in digits (a JSON number or a string such as ``"12.5"``), within ``low``..``high``."""

    kind = "number"
    default_error_messages = {
        "invalid": "应填写数字",
        "not_integer": "应填写整数",
        "too_small": "不得小于{low}",
        "too_large": "不得大于{high}",
    }

    def __init__(self, label: str, *, low: float | None = None, high: float | None = None,
                 integer: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.low, self.high, self.integer = low, high, integer

    def _parse(self, value: Any) -> int | float:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        text = str(value).strip() if isinstance(value, (int, float, str)) else ""
        if not _NUMBER_RE.fullmatch(text):
            raise self.make_error("invalid")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise self.make_error("invalid") from None
        if self.integer and number != number.to_integral_value():
            raise self.make_error("not_integer")
        if self.low is not None and number < Decimal(str(self.low)):
            raise self.make_error("too_small", low=_plain(self.low))
        if self.high is not None and number > Decimal(str(self.high)):
            raise self.make_error("too_large", high=_plain(self.high))
        return int(number) if number == number.to_integral_value() else float(number)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Lengths:
    """Mixin: a minimum number of characters on top of Text's maximum."""

    def _check_min(self, text: str) -> str:
        if len(text) < self.min_length:
            raise self.make_error("too_short", min_length=self.min_length)
        return text


class BoundedText(_Lengths, Text):
    """One line of text of ``min_length``..``max_length`` characters."""

    default_error_messages = {"too_short": "不得少于{min_length}个字"}

    def __init__(self, label: str, *, min_length: int = 0, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.min_length = min_length

    def _parse(self, value: Any) -> str:
        return self._check_min(super()._parse(value))


class BoundedLongText(_Lengths, LongText):
    """Several lines of text of ``min_length``..``max_length`` characters."""

    default_error_messages = {"too_short": "不得少于{min_length}个字"}

    def __init__(self, label: str, *, min_length: int = 0, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.min_length = min_length

    def _parse(self, value: Any) -> str:
        return self._check_min(super()._parse(value))


class BoundedDate(Date):
    """A date between two limits, each an ISO date or ``"today"`` (the submission's day, China time)."""

    default_error_messages = {
        "too_early": "日期不得早于{limit}",
        "too_late": "日期不得晚于{limit}",
    }

    def __init__(self, label: str, *, earliest: dt.date | str | None = None, latest: dt.date | str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(label, not_after_today=False, **kwargs)
        self.earliest, self.latest = earliest, latest

    def _limit(self, limit: dt.date | str | None) -> tuple[dt.date | None, str]:
        if limit == TODAY:
            today = getattr(self.form_context, "today", None)
            return today, f"今天({today.isoformat()})" if today else ""
        return limit, limit.isoformat() if isinstance(limit, dt.date) else ""

    def _parse(self, value: Any) -> dt.date:
        day = super()._parse(value)
        earliest, said = self._limit(self.earliest)
        if earliest is not None and day < earliest:
            raise self.make_error("too_early", limit=said)
        latest, said = self._limit(self.latest)
        if latest is not None and day > latest:
            raise self.make_error("too_late", limit=said)
        return day


class LimitedMultiChoice(MultiChoice):
    """Several distinct values out of a fixed list: at least ``min_items``, at most ``max_items``."""

    default_error_messages = {"too_many": "最多选择{max_items}项"}

    def __init__(self, label: str, choices, *, max_items: int | None = None, **kwargs: Any) -> None:
        super().__init__(label, choices, **kwargs)
        self.max_items = max_items

    def _parse(self, value: Any) -> list[str]:
        chosen = super()._parse(value)
        if self.max_items is not None and len(chosen) > self.max_items:
            raise self.make_error("too_many", max_items=self.max_items)
        return chosen


class PersonRef(Int):
    """The id of a user account; the engine checks that it exists when the form is filled."""

    kind = "person"


class PeopleRef(IntList):
    """Distinct user account ids (1 to 20), e.g. the members who co-sign the next step, each one a person's own
    task (a multi-instance step's collection, engine.assignment); the engine checks each one exists."""

    #: the pages render and read it as any list of ids (a multi-select); what each id names is ``refers_to``
    refers_to = "person"


class UnitRef(Int):
    """The id of a unit; the engine checks that it exists."""

    kind = "unit"


class CadreRef(Int):
    """The id of a cadre; the engine checks that it exists."""

    kind = "cadre"


class FileRef(Int):
    """The id of an attachment uploaded at this step; the engine checks that it belongs to the step."""

    kind = "file"


#: the kinds whose value names a row of the database, and what it names
REFERENCE_KINDS = ("person", "people", "unit", "cadre", "file")
