"""Compile a data form (forms.data.definition) into a FormSchema: the same marshmallow schemas, unknown=RAISE,
the same ``FormInvalid`` messages as the Python forms (issue 11 §4).

Conditional fields (``show_when``): a field is shown when the choice field it names is shown and holds one of
the listed values. A hidden field is **refused** when it carries a value, never silently dropped: what reaches
task data is exactly what the person saw, and an auditor never finds a value nobody was shown (the page
disables hidden inputs, so only a hand-made request or a page without script meets the refusal). A hidden
field comes back as ``None``; it is required only when shown.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any
from typing import ClassVar

from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.data.definition import TEXT_CAPS
from forms.data.definition import definition_problems
from forms.data.definition import parse_date_limit
from forms.data.fields import BoundedDate
from forms.data.fields import BoundedLongText
from forms.data.fields import BoundedText
from forms.data.fields import CadreRef
from forms.data.fields import FileRef
from forms.data.fields import LimitedMultiChoice
from forms.data.fields import Number
from forms.data.fields import PeopleRef
from forms.data.fields import PersonRef
from forms.data.fields import UnitRef
from forms.fields import Choice
from forms.fields import FormField


class DataFormSchema(FormSchema):
    """Base of every compiled data form: the Python forms' contract, plus conditional fields."""

    #: field name -> (the choice field it depends on, the values that show it)
    conditions: ClassVar[dict[str, tuple[str, frozenset[str]]]] = {}
    #: the definition it was compiled from (JSON-ready)
    definition: ClassVar[dict] = {}

    def check(self, data: Mapping[str, Any], ctx: FormContext, errors: Errors) -> None:
        """Refuse a value in a hidden field; require a conditionally required field only when it is shown."""
        shown = shown_fields(self.conditions, data, list(self.fields))
        for name, declared in self.fields.items():
            if name in shown:
                if declared.metadata.get("required_when_shown"):
                    errors.require(name)
                continue
            if data.get(name) is not None:
                source, values = self.conditions[name]
                labels = self.fields[source].labels
                wanted = "或".join(f"“{labels.get(v, v)}”" for v in sorted(values))
                errors.add(name, f"此项仅在“{self.fields[source].label}”为{wanted}时填写,请清空")


def shown_fields(conditions: Mapping[str, tuple[str, frozenset[str]]], data: Mapping[str, Any],
                 order: list[str]) -> set[str]:
    """Return the fields shown for these values, in form order (a condition names an earlier field only)."""
    shown: set[str] = set()
    for name in order:
        condition = conditions.get(name)
        if condition is None:
            shown.add(name)
            continue
        source, values = condition
        value = data.get(source)
        chosen = set(value) if isinstance(value, list) else {value}
        if source in shown and chosen & values:
            shown.add(name)
    return shown


def _field(spec: Mapping[str, Any]) -> FormField:
    kind = spec["type"]
    conditional = "show_when" in spec
    required = bool(spec.get("required")) and not conditional
    common = {"required": required, "help": spec.get("help") or ""}
    if kind in ("text", "long_text"):
        cls = BoundedText if kind == "text" else BoundedLongText
        made = cls(spec["label"], min_length=spec.get("min_length", 0),
                   max_length=spec.get("max_length", TEXT_CAPS[kind]), **common)
    elif kind == "number":
        made = Number(spec["label"], low=spec.get("min"), high=spec.get("max"), integer=bool(spec.get("integer")),
                      **common)
    elif kind == "date":
        made = BoundedDate(spec["label"], earliest=parse_date_limit(spec.get("min")),
                           latest=parse_date_limit(spec.get("max")), **common)
    elif kind == "choice":
        made = Choice(spec["label"], [(c["value"], c["label"]) for c in spec["choices"]], **common)
    elif kind == "multi_choice":
        made = LimitedMultiChoice(spec["label"], [(c["value"], c["label"]) for c in spec["choices"]],
                                  min_items=spec.get("min_items", 0) or 1, max_items=spec.get("max_items"),
                                  **common)
    else:
        made = {"person": PersonRef, "people": PeopleRef, "unit": UnitRef, "cadre": CadreRef, "file": FileRef}[kind](
            spec["label"], **common)
    if conditional:
        condition = spec["show_when"]
        made.metadata["show_when"] = (condition["field"], tuple(condition["equals"]))
        made.metadata["required_when_shown"] = bool(spec.get("required"))
    return made


def compile_definition(definition: Mapping[str, Any]) -> type[DataFormSchema]:
    """Compile a valid form definition into a schema class (ValueError listing the problems if it is not)."""
    problems = definition_problems(definition)
    if problems:
        raise ValueError("; ".join(p.message_zh for p in problems))
    return _compiled(json.dumps(definition, ensure_ascii=False, sort_keys=True))


@functools.lru_cache(maxsize=256)
def _compiled(canonical: str) -> type[DataFormSchema]:
    # Keyed by the definition's text: a published version never changes, so its class is compiled once.
    definition = json.loads(canonical)
    attrs: dict[str, Any] = {}
    conditions: dict[str, tuple[str, frozenset[str]]] = {}
    for spec in definition["fields"]:
        attrs[spec["name"]] = _field(spec)
        if "show_when" in spec:
            conditions[spec["name"]] = (spec["show_when"]["field"], frozenset(spec["show_when"]["equals"]))
    attrs.update(title_zh=definition["title"], article="", conditions=conditions, definition=definition,
                 __doc__=f"{definition['title']}: a form a process designer defined as data (issue 11 §4).")
    return type(f"DataForm_{definition['key']}", (DataFormSchema,), attrs)
