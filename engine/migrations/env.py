"""Alembic environment: the engine's metadata, the engine's connection settings (SQLite pragmas)."""
from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.pool import NullPool

import engine.models  # noqa: F401  (registers every table)
from engine.db import Base
from engine.db import UTCDateTime
from engine.db import make_engine
from engine.registry import load_regulations

config = context.config
# A regulation's own tables (the risk register of processes/risk_points) join the metadata when its package
# is imported. In the app and the CLI the app factory has registered them already; a bare `alembic` run names
# them with the same setting the app reads, so autogenerate compares every table the app has.
load_regulations(name.strip() for name in (config.attributes.get("regulations")
                                           or os.environ.get("LIANJING_REGULATIONS", "")).split(",") if name.strip())
target_metadata = Base.metadata
DEFAULT_URL = "sqlite:///instance/lianjing.sqlite3"

if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    return (config.attributes.get("database_url") or os.environ.get("LIANJING_DATABASE_URL")
            or os.environ.get("DATABASE_URL") or DEFAULT_URL)


def _render_item(type_, obj, autogen_context):
    # Migrations describe the stored type, so they never import application code that may change later.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _configure(**kwargs) -> None:
    context.configure(target_metadata=target_metadata, render_item=_render_item, compare_type=True, **kwargs)


def run_migrations_offline() -> None:
    """Emit the SQL of the migrations without a database connection."""
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    # SQLite alters tables by copying them (batch mode); an attribute can turn it off for a first revision.
    sqlite = connection.dialect.name == "sqlite"
    as_batch = config.attributes.get("render_as_batch", sqlite)
    if sqlite:
        # A batch copy drops the original table, which SQLite refuses while rows of other tables refer to it
        # and foreign keys are enforced: enforcement is off for the migration (the pragma is ignored inside a
        # transaction, so before it begins) and every reference is checked once it is done.
        _raw_pragma(connection, "foreign_keys=OFF")
    try:
        _configure(connection=connection, render_as_batch=as_batch)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"迁移后存在无效的外键引用:{broken[:5]}")
    finally:
        if sqlite:
            _raw_pragma(connection, "foreign_keys=ON")


def _raw_pragma(connection, pragma: str) -> None:
    # On the driver's connection: through SQLAlchemy the statement would first open our BEGIN IMMEDIATE.
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    sql_engine = make_engine(_url(), poolclass=NullPool)
    try:
        with sql_engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        sql_engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
