"""Enforce each lifecycle's transition table on every status change (STYLE.md rule 9).

A model declares its table next to its status enum and calls :func:`guard`. Any later assignment of the
status attribute, and any prepared write of it through :mod:`engine.row_writes`, is checked against the
table: a move the table does not allow is a bug or a lost race, never something to store silently.
Setting the status of an object that was never loaded (a new row) is its birth, not a move.
"""
from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.attributes import NO_VALUE

from engine.errors import EngineError

_TABLES: dict[tuple[type, str], Mapping[Any, frozenset]] = {}


class InvalidTransition(EngineError):
    """A status change that the object's lifecycle does not allow."""

    code = "invalid_transition"
    status = 409


def guard(attribute: InstrumentedAttribute, table: Mapping[StrEnum, frozenset[StrEnum]]) -> None:
    """Check every assignment of ``attribute`` against ``table`` (from-state -> allowed to-states)."""
    owner, key = attribute.class_, attribute.key
    enum = type(next(iter(table)))
    missing = set(enum) - set(table)
    if missing:
        raise ValueError(f"{owner.__name__}.{key}: the transition table lacks {sorted(missing)}")
    _TABLES[(owner, key)] = table

    @event.listens_for(attribute, "set", active_history=True)
    def _on_set(target, value, old, initiator):  # noqa: ARG001 - SQLAlchemy's listener signature
        check(owner, key, old, value)
        return value


def check(owner: type, key: str, old: Any, new: Any) -> None:
    """Raise InvalidTransition unless ``old -> new`` is allowed (or ``old`` is unknown: a new row)."""
    table = _TABLES.get((owner, key))
    if table is None or old in (None, NO_VALUE) or old == new:
        return
    allowed = table.get(old)
    if allowed is None or new not in allowed:
        raise InvalidTransition(f"状态不能由“{old}”变为“{new}”", details={"model": owner.__name__, "from": old,
                                                                          "to": new})


def check_write(obj: Any, values: Mapping[str, Any]) -> None:
    """Check the status columns among a prepared write's ``values`` against ``obj``'s loaded state."""
    for (owner, key) in _TABLES:
        if key in values and isinstance(obj, owner):
            check(owner, key, obj.__dict__.get(key), values[key])
