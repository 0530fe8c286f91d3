"""The demo clock page: an administrator moves the shared clock and fires due timers (training only)."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _

from engine.clock import LOCAL_TZ
from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.vocabulary import Role
from webui.pages.auth import holds
from webui.pages.auth import page
from webui.training import fire_due_jobs
from webui.training import move_clock
from webui.uow import request_clock


def _require_admin() -> None:
    if not holds(g.user, Role.ADMIN):
        raise NotPermitted("只有系统管理员可以调整演示时钟")


@page
def demo_clock():
    """Show the shared clock; move it to a date (09:00 China time) or by some days; fire due timers."""
    _require_admin()
    manual = current_app.config["CLOCK"] == "manual"
    if request.method == "GET":
        return render_template("pages/demo_clock.html", manual=manual, now=request_clock().now())
    if request.form.get("action") == "run_jobs":
        report = fire_due_jobs()
        flash(_("已执行到期任务 %(n)s 项", n=len(report["fired"])), "success")
        return redirect(url_for("pages.demo_clock"))
    text = request.form.get("date", "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FormInvalid("请填写日期,格式为YYYY-MM-DD", details={"date": ["日期格式不正确"]}) from None
    if day < local_today(request_clock()):
        raise FormInvalid("演示时钟只能向后调整", details={"date": ["不得早于当前日期"]})
    after = move_clock(dt.datetime.combine(day, dt.time(9, 0), tzinfo=LOCAL_TZ))
    when = after.astimezone(LOCAL_TZ).strftime(_("%Y年%m月%d日 %H:%M"))
    flash(_("演示时钟已调整为 %(when)s", when=when), "success")
    return redirect(url_for("pages.demo_clock"))
