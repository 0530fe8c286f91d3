"""The pages' languages: simplified Chinese, the language of the Measures and of the office, and English.

Chinese is the default whatever the browser says (office PCs often carry English browsers); a person
switches with the language menu, kept in their session. Source strings are the Chinese texts themselves;
``webui/translations/en`` holds the English catalogue (``make translations`` recompiles it).
Terms of the Measures that come from the data (stages, warning types, form labels) stay in Chinese; other
texts the engine writes (refusals, form problems, audit actions) pass through ``engine_text`` (webui/engine_text.py).
"""
from __future__ import annotations

from flask import Flask
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_babel import Babel

from webui.engine_text import engine_text

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
SESSION_KEY = "lang"

babel = Babel()


def select_language() -> str:
    """The session's chosen language, else Chinese."""
    chosen = session.get(SESSION_KEY)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def set_language():
    """Remember the chosen language for this session and go back where the person was (a POST with CSRF)."""
    from webui.pages.auth import safe_next

    chosen = request.form.get("lang", DEFAULT_LANGUAGE)
    if chosen in LANGUAGES:
        session[SESSION_KEY] = chosen
    return redirect(safe_next(request.form.get("next"), url_for("pages.inbox")))


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the catalogue folder of this package."""
    babel.init_app(app, locale_selector=select_language, default_domain="messages",
                   default_translation_directories="translations")
    app.jinja_env.globals["languages"] = LANGUAGES
    app.jinja_env.globals["current_language"] = select_language
    app.add_template_filter(engine_text, "engine_text")
