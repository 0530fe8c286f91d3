"""Sign in, sign out, confirm the password before a decision, change one's password (SECURITY.md 21–23)."""
from __future__ import annotations

from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.actors import Actor
from engine.authentication import LoginRefused
from engine.authentication import LoginThrottled
from engine.authentication import authenticate
from engine.authentication import change_password
from engine.authentication import confirm_password
from engine.errors import EngineError
from webui.extensions import db
from webui.extensions import wall_clock
from webui.pages.auth import end_session
from webui.pages.auth import mark_fresh
from webui.pages.auth import page
from webui.pages.auth import safe_next
from webui.pages.auth import start_session
from webui.pages.landing import home_url
from webui.pages.navigation import frame_counts
from webui.uow import request_clock


def login():
    """Show the sign-in form; check the password, throttled per account and address."""
    target = safe_next(request.values.get("next"), url_for("pages.inbox"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target)
    if request.method == "GET":
        return render_template("pages/login.html", next=target, username="")
    username = request.form.get("username", "")
    try:
        user = authenticate(db.session, request_clock(), username, request.form.get("password", ""),
                            request.remote_addr, wall_clock())
    except (LoginRefused, LoginThrottled) as refused:
        db.session.commit()  # the failed attempt is what the throttle counts: keep it
        return render_template("pages/login.html", next=target, username=username[:64],
                               error=refused.message_zh), refused.status
    except BaseException:
        db.session.rollback()
        raise
    start_session(user)
    db.session.commit()
    if target == url_for("pages.inbox"):
        # issue 15 §8: each role lands on its workspace, not on an inbox it never uses
        target = home_url(user, frame_counts(user).open)
    return redirect(target)


def logout():
    """Sign out (a POST with the CSRF token, so no other site can sign a user out).

    The user's session version is raised and committed: a copy of the cookie is dead on the server.
    """
    try:
        end_session()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    flash(_("您已安全退出"), "info")
    return redirect(url_for("pages.login"))


@page(changes=False)
def reauth():
    """Ask for the password again before a leader's decision (SECURITY.md 21: fresh login)."""
    target = safe_next(request.values.get("next"), url_for("pages.inbox"))
    if request.method == "POST":
        try:
            confirm_password(db.session, request_clock(), wall_clock(), g.user, request.form.get("password", ""),
                             request.remote_addr)
        except (LoginRefused, LoginThrottled) as refused:
            db.session.commit()  # issue 14 §3.5: the failure is audited and counted by the throttle
            return render_template("pages/reauth.html", next=target, error=refused.message_zh), refused.status
        mark_fresh()
        return redirect(target)
    return render_template("pages/reauth.html", next=target)


@page(changes=False)
def password():
    """Change one's own password; every other signed-in browser is signed out by it."""
    if request.method == "GET":
        return render_template("pages/password.html")
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        return render_template("pages/password.html", error=_("两次输入的新密码不一致")), 422
    try:
        change_password(db.session, request_clock(), Actor(g.user, source_ip=request.remote_addr), g.user,
                        request.form.get("current_password", ""), new, wall_clock())
    except (LoginRefused, LoginThrottled) as refused:
        db.session.commit()  # issue 14 §3.5: the failure is audited and counted by the throttle
        return render_template("pages/password.html", error=refused.message_zh), refused.status
    except EngineError as problem:
        db.session.rollback()
        return render_template("pages/password.html", error=problem.message_zh), 422
    db.session.flush()
    start_session(g.user)
    flash(_("密码已修改,其他设备上的登录已失效"), "success")
    return redirect(url_for("pages.inbox"))
