"""The SQLAlchemy base, engine factory and session helpers shared by the engine and the web app."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import DateTime
from sqlalchemy import MetaData
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names so Alembic migrations are reproducible on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table; Flask-SQLAlchemy binds to it as its model class."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


#: SQLite's synchronous levels an engine may be made with
SQLITE_SYNCHRONOUS = ("FULL", "EXTRA", "NORMAL")


def make_engine(url: str, *, sqlite_synchronous: str = "FULL", **kwargs: Any) -> Engine:
    """Create a database engine with the settings this application relies on.

    On SQLite, ``synchronous=FULL`` (the default) syncs the WAL on every commit: a system of record keeps every
    step it acknowledged through a power cut, where NORMAL could lose the last ones (issue 14 §2).
    """
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"unknown SQLite synchronous level {sqlite_synchronous!r}")
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    engine = create_engine(url, json_serializer=_compact_json, future=True, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", partial(_sqlite_on_connect, synchronous=sqlite_synchronous))
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection, _record, *, synchronous: str) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; we issue BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    if not _is_memory(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")  # one of SQLITE_SYNCHRONOUS, checked above
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _is_memory(dbapi_connection) -> bool:
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute("PRAGMA database_list").fetchall()
    finally:
        cursor.close()
    return any(row[1] == "main" and not row[2] for row in rows)


def _sqlite_on_begin(conn) -> None:
    # IMMEDIATE takes the write lock at the start, so two writers queue instead of failing mid-transaction.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


#: PostgreSQL's deadlock_detected and serialization_failure: the database chose this transaction to give way
_GIVE_WAY_SQLSTATES = frozenset({"40P01", "40001"})


def lost_a_lock_race(exc: BaseException) -> bool:
    """Tell whether a database error means "another transaction held what this one needed": a conflict to
    report or retry like any other (409, no retry used), not a failure of the work itself."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.orig, "sqlstate", None) in _GIVE_WAY_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)  # SQLite: the busy timeout ran out


def is_postgres(session: Session) -> bool:
    """Tell whether the session talks to PostgreSQL (row locks, SKIP LOCKED) or SQLite."""
    return session.get_bind().dialect.name == "postgresql"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory whose sessions keep objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Run a block in one transaction: commit on success, roll back on any exception (STYLE rule 5)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class UTCDateTime(TypeDecorator):
    """An instant stored as UTC and always returned timezone-aware (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)
