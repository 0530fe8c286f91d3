"""Driving the pages with Flask's test client as a person would: sign in, follow links, post forms.

``PageClient`` reads the CSRF token from the page it last loaded and sends it with every form, as a
browser submitting the form would.
"""
from __future__ import annotations

import functools
import html
import re

from engine.authentication import hash_password
from engine.seed import DEMO_PASSWORD
from webui import extensions

_TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once per test run (scrypt at full cost takes a while)."""
    return hash_password(DEMO_PASSWORD)


class PageClient:
    """A signed-in (or not) browser session on the app."""

    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def get(self, path: str, **kwargs):
        response = self.client.get(path, **kwargs)
        if response.mimetype != "text/html":
            return response
        found = _TOKEN_RE.search(response.get_data(as_text=True))
        if found:
            self.token = html.unescape(found.group(1))
        return response

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        body = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/login")
            body.setdefault("csrf_token", self.token)
        return self.client.post(path, data=body, **kwargs)

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        self.get("/")
        return response


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def one(app, stmt):
    """Run ``stmt`` on the app's database in a session of its own; return its single value, or None."""
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(stmt).scalar_one_or_none()
