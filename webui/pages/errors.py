"""Errors on the pages: a Chinese page with what happened and where to go next, never a stack trace."""
from __future__ import annotations

from flask import render_template
from flask import request
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webui.engine_text import engine_text

TITLES = {
    400: _l("请求无法处理"),
    401: _l("需要登录"),
    403: _l("无权操作"),
    404: _l("未找到"),
    405: _l("不支持的操作"),
    409: _l("操作冲突"),
    413: _l("上传内容过大"),
    422: _l("提交的内容有误"),
    429: _l("操作过于频繁"),
    500: _l("系统出错"),
}


def render_error(status: int, message: str, *, article: str | None = None):
    """Return the error page for ``status`` with a Chinese ``message``."""
    back = request.referrer if request.referrer and request.referrer.startswith(request.host_url) else None
    home = url_for("pages.inbox") if current_user.is_authenticated else url_for("pages.login")
    body = render_template("pages/error.html", status=status, title=TITLES.get(status, _l("请求失败")),
                           message=engine_text(message), article=article, back=back, home=home)
    return body, status
