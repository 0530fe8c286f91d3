"""Reading filter forms and posted forms of the pages.

Filter forms send every field, empty ones as ``""``: those are dropped before the API's query schemas
read the rest, and a filter the schema refuses becomes a message above the list instead of an
error page (a bookmarked URL with an outdated value must still open).
"""
from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import ValidationError

from forms.base import FieldDescription
from forms.fields import parse_id

#: the page's own opinion box (审批意见), kept apart from a form field that may be called "opinion"
OPINION_FIELD = "step_opinion"
#: the password a leader types with a decision (SECURITY.md 21): checked, never kept in a draft or the record
REAUTH_FIELD = "reauth_password"
#: form fields of the pages that are not form data of the step
CONTROL_FIELDS = frozenset({"csrf_token", "action", "remark", REAUTH_FIELD})


def row_id(text: str | None) -> int | None:
    """Return the id a field or parameter names, or None when it is not a number a row can have.

    A hand-typed or stale number past PostgreSQL's integer keys would otherwise overflow in the database.
    """
    try:
        return parse_id(text or "")
    except ValueError:
        return None


def query_id(name: str) -> int | None:
    """Return the id in query parameter ``name``, or None (absent, not a number, or none a row can have)."""
    return row_id(request.args.get(name))


def query_page(name: str = "page") -> int:
    """Return the page number asked for; the first page when it is missing or not a usable number."""
    return query_id(name) or 1


def read_filters(schema_class: type[Schema], *, extra: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[str]]:
    """Return (filters, problems): the valid filters of the query string and a message per bad one."""
    raw = {k: v for k, v in request.args.items() if v.strip() and k not in extra}
    schema = schema_class(unknown=EXCLUDE)
    problems: list[str] = []
    try:
        values = schema.load(raw)
    except ValidationError as exc:
        bad = set(exc.messages)
        problems = [_("筛选条件「%(name)s」无效,已忽略", name=k) for k in sorted(bad)]
        values = schema.load({k: v for k, v in raw.items() if k not in bad})
    return values, problems


def form_payload(fields: list[FieldDescription]) -> dict[str, Any]:
    """Return the posted values of a step's form fields, in the shapes its schema reads."""
    payload: dict[str, Any] = {}
    for field in fields:
        if field.kind == "multichoice":
            values = request.form.getlist(field.name)
            if values:
                payload[field.name] = values
        elif field.kind == "bool":
            value = request.form.get(field.name)
            if value is not None:
                payload[field.name] = value == "true"
        elif field.kind == "int_list":
            # a multi-select sends one value per person; a text box, a comma-separated list
            parts = [p for v in request.form.getlist(field.name) for p in v.replace(",", ",").split(",")]
            values = [p.strip() for p in parts if p.strip()]
            if values:
                payload[field.name] = values
        else:
            value = request.form.get(field.name, "")
            if value.strip():
                payload[field.name] = value.strip()
    return payload


def typed_values(fields: list[FieldDescription]) -> dict[str, Any]:
    """Return what the user typed, to put back into the form after an error or from a draft."""
    typed: dict[str, Any] = {}
    for field in fields:
        if field.kind in ("multichoice", "int_list"):
            typed[field.name] = request.form.getlist(field.name)
        else:
            typed[field.name] = request.form.get(field.name, "")
    return typed
