"""Every failure as the JSON error envelope ``{"error": {"code", "message", "details"}}``.

Engine errors keep their own ``.status``/``.code``/``.message_zh``/``.details``; HTTP errors raised by
Flask or Werkzeug (malformed JSON, unknown route, wrong method, body too large) get a Chinese message;
anything unexpected is logged and answered with a bare 500 that reveals nothing.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask import current_app
from flask import jsonify
from flask import request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from engine.errors import EngineError

log = logging.getLogger(__name__)

#: Chinese messages for the HTTP errors the API answers itself
HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "请先登录或提供有效令牌"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "操作冲突,请刷新后重试"),
    413: ("payload_too_large", "请求内容过大"),
    415: ("unsupported_media_type", "请以 application/json 格式提交"),
    422: ("unprocessable", "提交的内容有误"),
    500: ("internal_error", "服务器内部错误,请稍后再试"),
}


class ApiError(EngineError):
    """An error the web layer itself raises (bad query parameter, missing token, wrong clock mode)."""

    def __init__(self, status: int, message_zh: str | None = None, *, code: str | None = None,
                 details: dict | list | None = None):
        default_code, default_message = HTTP_MESSAGES.get(status, ("error", "请求失败"))
        super().__init__(message_zh or default_message, details=details, code=code or default_code)
        self.status = status


def error_response(status: int, code: str, message: str, details: Any = None, headers: dict | None = None):
    """Return the JSON error envelope."""
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="lianjing"'
    return response


def _engine_error(exc: EngineError):
    details = exc.details
    article = getattr(exc, "article", None)
    if article and details is None:
        details = {"article": article}
    return error_response(exc.status, exc.code, exc.message_zh, details)


def _http_error(exc: HTTPException):
    status = exc.code or 500
    code, message = HTTP_MESSAGES.get(status, ("http_error", "请求失败"))
    if status == 400 and _is_json_problem(exc):
        code, message = "malformed_json", "请求体不是有效的JSON"
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = f"请求内容过大,上限为{limit // 1024}KB" if limit else message
    headers = {}
    if status == 405:
        allow = [v for k, v in exc.get_headers() if k.lower() == "allow"]
        if allow:
            headers["Allow"] = allow[0]
    return error_response(status, code, message, None, headers)


def _is_json_problem(exc: HTTPException) -> bool:
    return "json" in (exc.description or "").lower() or request.is_json


def _stale(exc: StaleDataError):
    return error_response(409, "conflict", "数据已被他人修改,请刷新后重试")


def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    code, message = HTTP_MESSAGES[500]
    return error_response(500, code, message)


def _page_error(exc: Exception):
    from webui.pages.errors import render_error

    if isinstance(exc, EngineError):
        return render_error(exc.status, exc.message_zh, article=getattr(exc, "article", None))
    if isinstance(exc, StaleDataError):
        return render_error(409, "数据已被他人修改,请刷新后重试")
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        # our own aborts carry a Chinese description (the CSRF refusal); Werkzeug's defaults are English
        ours = exc.description and not exc.description.isascii()
        message = exc.description if ours else HTTP_MESSAGES.get(status, ("", "请求失败"))[1]
        if status == 413:
            message = "上传内容过大,请压缩或拆分后再上传"
        return render_error(status, message)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500, HTTP_MESSAGES[500][1])


def _by_audience(api_handler):
    """Answer with the JSON envelope under /api/, with an error page everywhere else."""

    def handle(exc):
        if request.path.startswith("/api/"):
            return api_handler(exc)
        return _page_error(exc)

    return handle


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on the app: routing errors (404, 405) never reach a blueprint's handlers."""
    app.register_error_handler(EngineError, _by_audience(_engine_error))
    app.register_error_handler(HTTPException, _by_audience(_http_error))
    app.register_error_handler(StaleDataError, _by_audience(_stale))
    app.register_error_handler(Exception, _by_audience(_unexpected))
