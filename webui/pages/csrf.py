"""CSRF protection of the cookie-authenticated pages (SECURITY.md 20).

One random token per session, sent back in a hidden ``csrf_token`` field (or the ``X-CSRFToken`` header
for scripts). Every non-GET request outside ``/api/`` must carry it; the JSON API is exempt because it
reads no cookies (bearer tokens only), so a forged cross-site request carries no credentials there.
"""
from __future__ import annotations

import hmac
import secrets

from flask import abort
from flask import request
from flask import session

from engine.operations.attachments import MAX_ATTACHMENT_BYTES
from engine.spreadsheets import MAX_SHEET_BYTES
from webui.refusals import refuse_and_record

SESSION_KEY = "_csrf_token"
FIELD_NAME = "csrf_token"
HEADER_NAME = "X-CSRFToken"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: the Chinese explanation shown when the check fails (an expired page is the usual cause)
FAILURE_MESSAGE = "页面已过期或请求来源无法验证,请刷新页面后重新提交"


def csrf_token() -> str:
    """Return the session's token, creating it on first use (templates call this)."""
    token = session.get(SESSION_KEY)
    if not token:
        token = session[SESSION_KEY] = secrets.token_urlsafe(32)
    return token


#: endpoints that accept files, and their request size limit (everything else keeps MAX_CONTENT_LENGTH)
UPLOAD_LIMITS: dict[str, int] = {"pages.upload_attachment": MAX_ATTACHMENT_BYTES + 64 * 1024,
                                 "pages.import_cadres_page": MAX_SHEET_BYTES + 64 * 1024}


def check_csrf() -> None:
    """Refuse a state-changing page request without the session's token (a ``before_request`` hook)."""
    if request.method in _SAFE_METHODS or request.path.startswith("/api/"):
        return
    if request.endpoint in UPLOAD_LIMITS:
        # set before the form is parsed below: the body limit applies while reading it (SECURITY.md 28)
        request.max_content_length = UPLOAD_LIMITS[request.endpoint]
    expected = session.get(SESSION_KEY)
    sent = request.form.get(FIELD_NAME) or request.headers.get(HEADER_NAME) or ""
    if not expected or not hmac.compare_digest(str(expected), str(sent)):
        refuse_and_record("csrf.refused", "request")  # issue 14 §3.10: audited within a budget
        abort(400, description=FAILURE_MESSAGE)
