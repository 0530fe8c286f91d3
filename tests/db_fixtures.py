"""Database fixtures shared by every test package: SQLite by default, PostgreSQL when asked.

Set LIANJING_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the whole
suite on PostgreSQL; the README's test command does both. Tests that need PostgreSQL itself (row locks,
SKIP LOCKED) use ``pg_session_factory`` and are skipped when no server answers.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

import engine.models  # noqa: F401  (registers every table)
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory
from engine.persistence import forget_specs

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_reachable(url: str) -> bool:
    try:
        probe = make_engine(url, pool_pre_ping=True)
        with probe.connect() as conn:
            conn.execute(text("select 1"))
        probe.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable here"
        return False


def _schema_engine(url: str):
    """Create an engine on a fresh PostgreSQL schema, or a temp SQLite file, with all tables."""
    if url.startswith("postgresql"):
        schema = f"t_{uuid.uuid4().hex[:10]}"
        admin = make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
        sql_engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_size=10)
        Base.metadata.create_all(sql_engine)
        return sql_engine, lambda: _drop_schema(url, schema)
    Base.metadata.create_all(make_engine(url))
    sql_engine = make_engine(url)
    return sql_engine, lambda: None


def _drop_schema(url: str, schema: str) -> None:
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("LIANJING_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def sql_engine(database_url):
    sql_engine, cleanup = _schema_engine(database_url)
    yield sql_engine
    sql_engine.dispose()
    cleanup()


def _empty_tables(sql_engine) -> None:
    with sql_engine.begin() as conn:
        if sql_engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture()
def session_factory(sql_engine) -> sessionmaker[Session]:
    """A session factory on an empty database (every table emptied before the test)."""
    _empty_tables(sql_engine)
    forget_specs()
    return make_session_factory(sql_engine)


@pytest.fixture(scope="session")
def pg_engine():
    url = os.environ.get("LIANJING_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    if not _pg_reachable(url):
        pytest.skip("PostgreSQL is not reachable")
    sql_engine, cleanup = _schema_engine(url)
    yield sql_engine
    sql_engine.dispose()
    cleanup()


@pytest.fixture()
def pg_session_factory(pg_engine) -> sessionmaker[Session]:
    """A session factory on an empty PostgreSQL schema (for row-lock and SKIP LOCKED tests)."""
    _empty_tables(pg_engine)
    forget_specs()
    return make_session_factory(pg_engine)
