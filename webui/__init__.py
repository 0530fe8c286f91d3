"""The Flask application: the ``/api/v1`` JSON API (pages come later) and the ``lianjing`` command."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from engine.clock import SystemClock
from engine.clockstore import DatabaseManualClock
from engine.db import make_session_factory
from webui import config as config_module
from webui.extensions import CLOCK_KEY
from webui.extensions import FACTORY_KEY
from webui.extensions import db

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, then extensions in a fixed order, then blueprints (STYLE rule 1).

    :raise engine.errors.ConfigurationError: when the settings must not be run with (SECURITY.md 29).
    """
    settings = config_module.load(config)
    app = Flask(__name__)
    app.config.update(settings)
    app.json.ensure_ascii = False  # Chinese stays readable in responses
    app.json.sort_keys = False

    # 1. The source IP recorded in the audit log must be the client's, not the proxy's.
    if settings["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["PROXY_COUNT"], x_proto=settings["PROXY_COUNT"])
    # 2. The database: everything below needs the engine.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(settings["SQLALCHEMY_ENGINE_OPTIONS"])
    db.init_app(app)
    with app.app_context():
        factory = make_session_factory(db.engine)
    app.extensions[FACTORY_KEY] = factory
    # 3. The clock: the manual clock is shared through the database so web and worker see one time.
    app.extensions[CLOCK_KEY] = _make_clock(settings, factory)
    # 4. Blueprints, then the error handlers that turn every failure into the JSON error envelope.
    from webui.api import bp as api_bp
    from webui.api.errors import register_error_handlers

    app.register_blueprint(api_bp)
    register_error_handlers(app)
    app.after_request(_security_headers)
    return app


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
        headers.setdefault("Content-Security-Policy", "default-src 'self'")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
