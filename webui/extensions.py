"""Extension objects, created unbound; ``create_app`` binds them in a fixed order (STYLE rule 1)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

import engine.models  # noqa: F401  (registers every table on Base.metadata)
from engine.clock import Clock
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory

CLOCK_KEY = "lianjing.clock"
WALL_CLOCK_KEY = "lianjing.wall_clock"
FACTORY_KEY = "lianjing.session_factory"


class _EngineSQLAlchemy(SQLAlchemy):
    """Flask-SQLAlchemy whose engines come from ``engine.db.make_engine``.

    The engine factory owns the SQLite settings every writer relies on (WAL, foreign keys, busy timeout and
    ``BEGIN IMMEDIATE``), so the web app builds its engine the same way as the worker and the CLI.
    """

    def _make_engine(self, bind_key: str | None, options: dict[str, Any], app: Flask) -> sa.engine.Engine:
        options = dict(options)
        url = options.pop("url")
        text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
        return make_engine(text, **options)


class _FlaskModel(Base):
    """The engine's declarative base as Flask-SQLAlchemy's model class (same registry, same metadata).

    Flask-SQLAlchemy 3.1 copies the given class's namespace into a new base; given ``Base`` itself it would
    copy its registry and type map, which SQLAlchemy refuses, so it gets this abstract subclass instead.
    """

    __abstract__ = True


#: the request-scoped session (``db.session``) and the app's engine (``db.engine``)
db = _EngineSQLAlchemy(model_class=_FlaskModel, session_options={"expire_on_commit": False})


def clock() -> Clock:
    """Return the application's clock (SystemClock, or the shared manual clock)."""
    return current_app.extensions[CLOCK_KEY]


def wall_clock() -> Clock:
    """Return the real time, which security limits run on even when the demo clock is frozen (issue 14 §3.7).

    Sign-in throttling, token expiry and session freshness must not stop or jump with the shared manual
    clock an administrator moves through a demo; tests replace this clock to step through them.
    """
    return current_app.extensions[WALL_CLOCK_KEY]


def session_factory() -> sessionmaker[Session]:
    """Return a session factory on the app's engine, for work outside the request session (jobs, outbox)."""
    factory = current_app.extensions.get(FACTORY_KEY)
    if factory is None:
        factory = current_app.extensions[FACTORY_KEY] = make_session_factory(db.engine)
    return factory
