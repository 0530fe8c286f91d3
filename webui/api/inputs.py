"""Query-string and request-body schemas of the API (the form fields themselves live in ``forms/``).

A bad query parameter is a 400 with ``details = {parameter: [message]}``; a well-formed JSON body of the
wrong shape is a 422 with the same kind of details; a body that is not JSON at all is a 400.
``per_page`` above the cap is clamped, not refused (SECURITY.md 28).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from marshmallow import RAISE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validate
from marshmallow import validates_schema
from werkzeug.exceptions import BadRequest

from engine.models import CaseStatus
from engine.queries import MAX_PER_PAGE
from engine.vocabulary import Stage
from engine.vocabulary import WarningType
from forms.fields import MAX_ID
from webui.api.errors import ApiError

_REQUIRED = {"required": "此项必填", "null": "此项不能为空"}


def _int(*, minimum: int | None = 1, maximum: int | None = None, strict: bool = False,
         **kwargs: Any) -> fields.Integer:
    checks = [validate.Range(min=minimum, max=maximum, error="应在{min}至{max}之间" if maximum is not None
                             else "应不小于{min}")] if minimum is not None else []
    return fields.Integer(strict=strict, validate=checks, error_messages={
        "invalid": "应为整数", "too_large": "数值过大", **_REQUIRED}, **kwargs)


def _row_id(**kwargs: Any) -> fields.Integer:
    """An id in a query or body: beyond what a row can have is refused here, not overflowed in the database."""
    return _int(maximum=MAX_ID, **kwargs)


def _choice(values, **kwargs: Any) -> fields.String:
    allowed = [str(v) for v in values]
    return fields.String(validate=validate.OneOf(allowed, error="应为以下之一:" + "、".join(allowed)),
                         error_messages={"invalid": "应为文字", **_REQUIRED}, **kwargs)


def _bool(**kwargs: Any) -> fields.Boolean:
    return fields.Boolean(truthy={"true", "1"}, falsy={"false", "0"},
                          error_messages={"invalid": "应为 true 或 false", **_REQUIRED}, **kwargs)


def _date(**kwargs: Any) -> fields.Date:
    messages = {"invalid": "日期格式应为YYYY-MM-DD", **_REQUIRED}
    return fields.Date(format="%Y-%m-%d", error_messages=messages, **kwargs)


def _text(max_length: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length, error="不得超过{max}个字"),
                         error_messages={"invalid": "应为文字", **_REQUIRED}, **kwargs)


class _Strict(Schema):
    """Unknown keys are refused, with a Chinese message."""

    error_messages = {"unknown": "不允许的参数", "type": "应为JSON对象"}

    class Meta:
        unknown = RAISE


class PageQuery(_Strict):
    """Paging: ``page`` from 1; ``per_page`` from 1, clamped to 100."""

    page = _int(load_default=1, maximum=1_000_000, metadata={"description": "页码,从1开始"})
    per_page = _int(load_default=20, maximum=None,
                    metadata={"description": f"每页条数,超过{MAX_PER_PAGE}按{MAX_PER_PAGE}计"})


class EventQuery(PageQuery):
    """Paging through a case's audit events: a whole short case fits on the first page."""

    per_page = _int(load_default=MAX_PER_PAGE, maximum=None,
                    metadata={"description": f"每页条数,缺省与上限均为{MAX_PER_PAGE}"})


class TaskQuery(PageQuery):
    """Filters of the inbox."""

    view = _choice(("mine", "groups", "all", "done"), load_default="all",
                   metadata={"description": "mine 本人签收;groups 所在岗位待签收;all 两者;done 本人已办"})
    overdue = _bool(load_default=None, metadata={"description": "true:只看已逾期"})
    due_before = _date(load_default=None, metadata={"description": "期限不晚于该日"})
    warning_type = _choice(list(WarningType), load_default=None)
    unit_id = _row_id(load_default=None)
    stage = _choice(list(Stage), load_default=None)
    case_number = _text(64, load_default=None, metadata={"description": "案件编号(部分匹配)"})


class CaseQuery(PageQuery):
    """Filters of the ledger."""

    status = _choice(list(CaseStatus), load_default=None)
    warning_type = _choice(list(WarningType), load_default=None)
    unit_id = _row_id(load_default=None, metadata={"description": "承办单位(不含下级)"})
    overdue = _bool(load_default=None)
    cadre_id = _row_id(load_default=None)
    stage = _choice(list(Stage), load_default=None)
    q = _text(64, load_default=None, metadata={"description": "案件编号或干部姓名(部分匹配)"})


class CompleteBody(_Strict):
    """Completing a task: the fields of its form and an optional written opinion (审批意见)."""

    data = fields.Dict(required=True, error_messages={"invalid": "应为JSON对象(表单字段)", **_REQUIRED},
                       metadata={"description": "任务表单字段,见 GET /tasks/{task_id} 的 form"})
    opinion = _text(2000, load_default=None, allow_none=True, metadata={"description": "办理意见"})


class StartBody(_Strict):
    """Starting a process: the fields of its start form (if any) and the unit to start it in (issue 11 §3)."""

    data = fields.Dict(load_default=dict, error_messages={"invalid": "应为JSON对象(表单字段)"},
                       metadata={"description": "发起表单字段,见 GET /processes 的 form;无表单时省略或为 {}"})
    unit_id = _row_id(load_default=None, allow_none=True,
                      metadata={"description": "发起单位(须为本人可发起岗位所在单位),缺省为第一个"})


class ClueBody(Schema):
    """Registering a clue: the fields of the ``clue_registration`` form plus the registering unit."""

    receiving_unit_id = _row_id(load_default=None, allow_none=True,
                             metadata={"description": "登记单位(须为本人预警办岗位所在单位),缺省为第一个"})


class ClockBody(_Strict):
    """Setting the manual clock: exactly one of ``now`` or ``advance_days``."""

    now = fields.AwareDateTime(load_default=None, error_messages={
        "invalid": "时间格式应为ISO 8601,如 2026-11-02T09:00:00+08:00",
        "invalid_awareness": "时间须带时区,如 +08:00",
        **_REQUIRED}, metadata={"description": "新的当前时间(带时区)"})
    # strict: 1.5 days is refused rather than read as 1
    advance_days = _int(load_default=None, minimum=-3650, maximum=3650, strict=True,
                        metadata={"description": "前进的天数"})

    @validates_schema
    def _one_of(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        if (data.get("now") is None) == (data.get("advance_days") is None):
            raise ValidationError("now 与 advance_days 须且只能提供一个", field_name="_schema")


def parse_query(schema_cls: type[Schema]) -> dict[str, Any]:
    """Load the query string with ``schema_cls``; 400 with per-parameter messages when it does not fit."""
    raw = {}
    for key in request.args:
        values = request.args.getlist(key)
        if len(values) > 1:
            raise ApiError(400, "查询参数不正确", code="bad_query", details={key: ["参数重复"]})
        raw[key] = values[0]
    try:
        data = schema_cls().load(raw)
    except ValidationError as err:
        raise ApiError(400, "查询参数不正确", code="bad_query", details=_messages(err)) from None
    if "per_page" in data:
        data["per_page"] = min(data["per_page"], MAX_PER_PAGE)
    return data


def json_object(*, required: bool = True) -> dict[str, Any]:
    """Return the request body as a JSON object: 400 when it is not JSON, 422 when it is not an object."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise ApiError(400, "请求体不能为空,应为JSON对象", code="malformed_json")
        return {}
    try:
        body = request.get_json(force=True, silent=False)
    except BadRequest:
        if getattr(request, "json_too_deep", False):
            # Thousands of nested brackets exhaust the parser's stack before it sees anything wrong.
            raise ApiError(400, "请求体的JSON嵌套层数过多", code="malformed_json") from None
        raise ApiError(400, "请求体不是有效的JSON", code="malformed_json") from None
    if not isinstance(body, dict):
        raise ApiError(422, "请求体应为JSON对象", code="invalid_body", details={"_schema": ["应为JSON对象"]})
    return body


def load_body(schema_cls: type[Schema], body: Mapping[str, Any]) -> dict[str, Any]:
    """Load a JSON body with ``schema_cls``; 422 with per-field messages when it does not fit."""
    try:
        return schema_cls().load(body)
    except ValidationError as err:
        raise ApiError(422, "提交的内容有误", code="invalid_body", details=_messages(err)) from None


def _messages(err: ValidationError) -> dict[str, list[str]]:
    raw = err.messages if isinstance(err.messages, Mapping) else {"_schema": err.messages}
    out: dict[str, list[str]] = {}
    for key, value in raw.items():
        out[str(key)] = _flatten(value)
    return out


def _flatten(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [m for v in value.values() for m in _flatten(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _flatten(v)]
    return [str(value)]
