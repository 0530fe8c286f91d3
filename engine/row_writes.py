"""Write some columns of a loaded row with one prepared UPDATE under its optimistic version check.

The two writes of every task completion (the completed task, the instance's new state) were, with the
inserts, most of the ORM unit of work's cost in a completion (issue 2). The object stays in the session
with the written values recorded as its loaded state, so no later flush writes them again, and its version
follows the row's: a later ORM flush of other columns still checks the version this write left.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import inspect
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from engine import lifecycle
from engine.errors import ConcurrencyConflict

_NEW = "new_"  # bound names may not repeat the columns' own in an UPDATE's SET clause


def write_columns(session: Session, obj: Any, values: dict[str, Any]) -> None:
    """UPDATE ``obj``'s row with ``values`` (attribute names = column names) if its version is unchanged.

    :raise ConcurrencyConflict: someone else changed the row since it was read.
    """
    lifecycle.check_write(obj, values)
    state = inspect(obj)
    version_key = state.mapper.version_id_col.key
    version = getattr(obj, version_key)
    statement = _update_statement(state.mapper.local_table, tuple(sorted(values)), version_key)
    params = {f"{_NEW}{key}": value for key, value in values.items()}
    params.update(row_id=state.identity[0], old_version=version, new_version=version + 1)
    if session.connection().execute(statement, params).rowcount != 1:
        raise ConcurrencyConflict("数据已被他人同时修改,请刷新后重试")
    for key, value in values.items():
        set_committed_value(obj, key, value)
    set_committed_value(obj, version_key, version + 1)


@lru_cache(maxsize=64)
def _update_statement(table: Table, keys: tuple[str, ...], version_key: str):
    (primary_key,) = table.primary_key.columns
    version = table.c[version_key]
    return (update(table)
            .where(primary_key == bindparam("row_id"), version == bindparam("old_version"))
            .values({table.c[key]: bindparam(f"{_NEW}{key}", type_=table.c[key].type) for key in keys}
                    | {version: bindparam("new_version", type_=version.type)}))
