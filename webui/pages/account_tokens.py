"""One's own API tokens in the browser (issue 14 §3.6): see them, create one with the password, revoke one.

The API (``/api/v1/tokens``) already lists and revokes them; a person who wants to script their inbox should
not need the county IT office's command line to get a token. Creating one asks for the password again (a
credential is issued: throttled and audited like signing in), and the token is shown once, on the answer
itself, never in a redirect or a flash that could be replayed from history.
"""
from __future__ import annotations

from flask import flash
from flask import g
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from engine.authentication import LoginRefused
from engine.authentication import LoginThrottled
from engine.authentication import confirm_password
from engine.errors import NotFound
from engine.tokens import MAX_LABEL
from engine.tokens import TOKEN_LIFETIME
from engine.tokens import TokenPurpose
from engine.tokens import expiry_of
from engine.tokens import issue_token
from engine.tokens import revoke_token
from engine.tokens import tokens_of
from webui.extensions import db
from webui.extensions import wall_clock
from webui.pages.auth import page
from webui.uow import request_clock


def _state(row, now) -> str:
    if row.revoked:
        return "revoked"
    return "expired" if expiry_of(row) <= now else "live"


def _render(status: int = 200, *, token: str | None = None, error: str | None = None, label: str = ""):
    now = wall_clock().now()
    rows = [{"row": row, "state": _state(row, now), "expires_at": expiry_of(row)}
            for row in tokens_of(db.session, g.user)]
    response = make_response(render_template(
        "pages/account_tokens.html", tokens=rows, new_token=token, error=error, label=label,
        max_label=MAX_LABEL, lifetime_days=TOKEN_LIFETIME.days), status)
    # A page that may show a credential is never kept by a browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    return response


@page(changes=False)
def account_tokens():
    """List the user's tokens; on POST, check the password again and issue a long-lived API token."""
    if request.method == "GET":
        return _render()
    label = request.form.get("label", "").strip()
    if len(label) > MAX_LABEL:
        return _render(422, error=_("令牌用途不超过%(n)s个字", n=MAX_LABEL), label=label[:MAX_LABEL])
    try:
        confirm_password(db.session, request_clock(), wall_clock(), g.user, request.form.get("password", ""),
                         request.remote_addr)
    except (LoginRefused, LoginThrottled) as refused:
        db.session.commit()  # the failure is audited and counted by the throttle (issue 14 §3.5)
        return _render(refused.status, error=refused.message_zh, label=label)
    token, _row = issue_token(db.session, request_clock(), wall_clock(), g.user, g.actor,
                              purpose=TokenPurpose.API, label=label or None)
    db.session.flush()
    return _render(201, token=token)


@page(changes=False)
def revoke_account_token(token_id: int):
    """Revoke one of the user's own tokens (audited); someone else's answers 404 as if it did not exist."""
    row = next((t for t in tokens_of(db.session, g.user) if t.id == token_id), None)
    if row is None:
        raise NotFound("未找到该令牌")
    revoke_token(db.session, request_clock(), wall_clock(), g.actor, token_id)
    flash(_("令牌已撤销,使用它的程序将无法再访问"), "success")
    return redirect(url_for("pages.account_tokens"))
