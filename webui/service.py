"""Running the service: liveness and readiness for the load balancer, one access-log line per request, and
503 instead of 500 while the database is unreachable (issue 14 §2).

A database restart or failover kills every pooled connection. ``pool_pre_ping`` (webui/config.py) replaces
a dead connection before a request uses it; a connection that dies during a request makes SQLAlchemy
invalidate the pool, so that request answers 503 with a Chinese message and the next one gets a fresh
connection.
"""
from __future__ import annotations

import contextlib
import html
import logging
import time
from pathlib import Path

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import g
from flask import jsonify
from flask import request
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError

import engine
from webui.extensions import db

log = logging.getLogger(__name__)
#: one line per request: who, which route, what status, how long (issue 14 §2)
access_log = logging.getLogger("lianjing.access")
bp = Blueprint("service", __name__)
#: paths that must answer without reading the clock, the session or the database
LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
UNAVAILABLE_MESSAGE = "数据库暂时不可用,请稍后重试"
_RETRY_AFTER_SECONDS = "5"
_MIGRATIONS = Path(engine.__file__).resolve().parent / "migrations"


@bp.get(LIVENESS_PATH)
def liveness():
    """Answer 200 while the process can serve requests at all (it touches nothing else)."""
    return jsonify({"status": "ok"})


@bp.get(READINESS_PATH)
def readiness():
    """Answer 200 when the database answers and its schema is at the newest migration, else 503 with why."""
    checks: dict[str, str] = {}
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError:
        log.warning("readiness: database unreachable", exc_info=True)
        return _not_ready({"database": "数据库无法连接"})
    try:
        with db.engine.connect() as conn:
            current = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError:
        current = set()  # never migrated: the table is not there
    checks["database"] = "ok"
    expected = migration_heads()
    if current != expected:
        checks["migrations"] = (f"数据库结构版本为 {'、'.join(sorted(current)) or '(空)'},"
                                f"应为 {'、'.join(sorted(expected))}:请运行 lianjing init-db")
        return _not_ready(checks)
    checks["migrations"] = "ok"
    return jsonify({"status": "ready", "checks": checks})


def _not_ready(checks: dict[str, str]):
    response = jsonify({"status": "not_ready", "checks": checks})
    response.status_code = 503
    response.headers["Retry-After"] = _RETRY_AFTER_SECONDS
    return response


def migration_heads() -> set[str]:
    """Return the newest migration revisions this code expects (read once per process)."""
    cached = current_app.extensions.get("lianjing.migration_heads")
    if cached is None:
        from alembic.script import ScriptDirectory

        cached = set(ScriptDirectory(str(_MIGRATIONS)).get_heads())
        current_app.extensions["lianjing.migration_heads"] = cached
    return cached


def is_service_path(path: str) -> bool:
    """Tell whether a path is a health check (no clock, no session, no database before the view)."""
    return path in (LIVENESS_PATH, READINESS_PATH)


def database_unavailable(exc: DBAPIError):
    """Answer a lost or refused database connection with 503 and a Chinese message, never a 500."""
    log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.orig)
    with contextlib.suppress(DBAPIError):  # the connection is gone; the pool replaces it
        db.session.rollback()
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"code": "database_unavailable", "message": UNAVAILABLE_MESSAGE,
                                      "details": None}})
    else:
        # No template: the page frame reads the signed-in user and the menu counts from the database.
        message = html.escape(_("数据库暂时不可用,请稍后重试"))
        response = current_app.response_class(
            f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>503</title><p>{message}</p></html>',
            mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = _RETRY_AFTER_SECONDS
    return response


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_access(response):
    started = g.get("request_started")
    elapsed = (time.perf_counter() - started) * 1000 if started is not None else -1.0
    user = g.get("user") or g.get("_login_user")  # only a user already loaded: never a query here
    name = getattr(user, "username", None) or "-"
    route = request.url_rule.rule if request.url_rule is not None else "-"
    access_log.info("user=%s method=%s route=%s path=%s status=%d ms=%.1f ip=%s", name, request.method, route,
                    request.path, response.status_code, elapsed, request.remote_addr or "-")
    return response


def init_app(app: Flask) -> None:
    """Register the health checks, the access log and the 503 answer on the app."""
    app.register_blueprint(bp)
    app.before_request(_start_timer)
    app.after_request(_log_access)

    # Lock waits (SQLite "database is locked", PostgreSQL deadlocks) never get here: the unit of work answers
    # them 409. What remains of these kinds means the database cannot be reached or has dropped us.
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
