"""The Flask application: the officials' pages, the ``/api/v1`` JSON API and the ``lianjing`` command."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from engine import audit
from engine.clock import SystemClock
from engine.clockstore import DatabaseManualClock
from engine.db import make_session_factory
from engine.registry import load_regulations
from forms.fields import MAX_ID
from webui import config as config_module
from webui import i18n
from webui.extensions import CLOCK_KEY
from webui.extensions import FACTORY_KEY
from webui.extensions import WALL_CLOCK_KEY
from webui.extensions import db
from webui.requests import LianjingRequest
from webui.service import is_service_path as service_path
from webui.uow import begin_request

log = logging.getLogger(__name__)
#: SECURITY.md 27: nothing but this site's own files; no inline scripts; frames and form posts to others refused.
#: Images may also be data: URIs, which Bootstrap uses for its select arrows and close buttons (an image
#: cannot run script).
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            "base-uri 'none'; object-src 'none'")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, then extensions in a fixed order, then blueprints (STYLE rule 1).

    :raise engine.errors.ConfigurationError: when the settings must not be run with (SECURITY.md 29).
    """
    settings = config_module.load(config)
    app = Flask(__name__)
    app.request_class = LianjingRequest
    app.url_map.converters["int"] = RowIdConverter
    app.config.update(settings)
    app.json.ensure_ascii = False  # Chinese stays readable in responses
    app.json.sort_keys = False

    # 1. The source IP recorded in the audit log must be the client's, not the proxy's.
    if settings["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["PROXY_COUNT"], x_proto=settings["PROXY_COUNT"])
    # 2. The database: everything below needs the engine.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module.engine_options(settings)
    db.init_app(app)
    with app.app_context():
        factory = make_session_factory(db.engine)
    app.extensions[FACTORY_KEY] = factory
    # 2a. The regulations: the engine knows the words, subjects and effects of those registered here only.
    load_regulations(name.strip() for name in settings["REGULATIONS"].split(",") if name.strip())
    # 2b. Health checks, the access log and 503 on a lost database: first, so they see every request.
    from webui import service

    service.init_app(app)
    # 3. The clock: the manual clock is shared through the database so web and worker see one time.
    app.extensions[CLOCK_KEY] = _make_clock(settings, factory)
    app.extensions[WALL_CLOCK_KEY] = SystemClock()
    # 3b. The audit chain's key, from outside the database (issue 14 §3.8).
    audit.configure_keys(*config_module.audit_keys(settings))
    # 4. Sign-in and CSRF for the pages (the API authenticates by bearer token and reads no cookies).
    from webui.pages.auth import login_manager
    from webui.pages.csrf import check_csrf
    from webui.pages.navigation import inject_frame
    from webui.pages.navigation import local_time
    from webui.pages.navigation import zh_date

    login_manager.init_app(app)
    i18n.init_app(app)
    app.before_request(_fix_request_clock)
    app.before_request(check_csrf)
    app.context_processor(inject_frame)
    app.add_template_filter(zh_date, "zh_date")
    app.add_template_filter(local_time, "local_time")
    # 5. Blueprints, then the error handlers: JSON envelopes under /api/, error pages elsewhere.
    from webui.api import bp as api_bp
    from webui.api.errors import register_error_handlers
    from webui.pages import bp as pages_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
    register_error_handlers(app)
    app.after_request(_security_headers)
    return app


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number no row can have is a 404, not a database overflow (a 500)."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)  # PostgreSQL integer keys end there
        super().__init__(map, *args, **kwargs)


def _fix_request_clock() -> None:
    """Read the request's instant first, before anything opens the request's database session.

    On SQLite the shared manual clock is read on its own connection; once the request's session holds the
    write lock (even an error page loads the signed-in user), that read would wait on ourselves.
    """
    if not request.path.startswith("/static/") and not service_path(request.path):
        begin_request()


def _make_clock(settings: dict[str, Any], factory):
    if settings["CLOCK"] == "system":
        return SystemClock()
    start = None
    if settings["MANUAL_CLOCK_START"]:
        start = config_module.parse_instant(settings["MANUAL_CLOCK_START"])
    return DatabaseManualClock(factory, start)


def _security_headers(response):
    """Add the headers of SECURITY.md 27 to every response."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith("/api/"):
        headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        headers.setdefault("Cache-Control", "no-store")
    else:
        headers.setdefault("Content-Security-Policy", PAGE_CSP)
        if not request.path.startswith("/static/"):
            # issue 14 §3.9: case pages, documents and exports name people; no browser or proxy may keep them.
            headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
