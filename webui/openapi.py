"""The OpenAPI 3.1 document of ``/api/v1``, generated from the route table and the marshmallow schemas.

Each view carries an ``Operation`` (set with ``@operation(...)``): summary, query schema, body, response
schema, status and the errors it may answer beyond the ones implied by its shape (a token → 401, an id in
the path → 404, a query → 400, a body → 400/413/422, a write → 403 for read-only roles). The generator
walks ``app.url_map``, so a route without an ``Operation`` is an error, not a gap in the document.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from flask import Flask
from marshmallow import Schema
from marshmallow import fields
from marshmallow import validate

import forms
from webui.presenters import ErrorSchema
from webui.presenters import Label

API_PREFIX = "/api/v1"
_PATH_ARG = re.compile(r"<(?:(?P<conv>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
#: a function that adds what it needs to the components and returns the body's JSON schema
BodyBuilder = Callable[["_Components"], dict]


@dataclass
class Operation:
    """What the document says about one view."""

    summary: str
    description: str = ""
    tag: str = ""
    query: type[Schema] | None = None
    body: type[Schema] | BodyBuilder | None = None
    response: type[Schema] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    auth: bool = True
    roles: tuple[str, ...] = field(default_factory=tuple)
    #: the success response's media type when it is a file, not JSON (e.g. an .xlsx)
    produces: str | None = None
    #: a ``multipart/form-data`` body: these fields plus the uploaded ``file``
    upload: type[Schema] | None = None


def operation(summary: str, **kwargs: Any) -> Callable:
    """Attach an ``Operation`` to a view function."""

    def attach(view: Callable) -> Callable:
        view.openapi = Operation(summary=summary, **kwargs)
        return view

    return attach


class _Components:
    """The ``components.schemas`` being built; each marshmallow schema once, by class name."""

    def __init__(self):
        self.schemas: dict[str, dict] = {}

    def ref(self, schema_cls: type[Schema]) -> dict:
        name = schema_cls.__name__
        if name not in self.schemas:
            self.schemas[name] = {}  # placeholder first: schemas may nest themselves
            self.schemas[name] = self.object_schema(schema_cls)
        return {"$ref": f"#/components/schemas/{name}"}

    def object_schema(self, schema_cls: type[Schema]) -> dict:
        instance = schema_cls()
        properties: dict[str, dict] = {}
        required: list[str] = []
        for name, declared in instance.fields.items():
            key = declared.data_key or name
            properties[key] = self.field_schema(declared)
            if declared.required:
                required.append(key)
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        doc = (schema_cls.__doc__ or "").strip().splitlines()
        if doc:
            out["description"] = doc[0]
        if getattr(getattr(schema_cls, "Meta", None), "unknown", None) == "raise":
            out["additionalProperties"] = False
        return out

    def field_schema(self, declared: fields.Field) -> dict:
        out = self._type_of(declared)
        for check in _validators(declared):
            if isinstance(check, validate.OneOf):
                out["enum"] = list(check.choices)
            elif isinstance(check, validate.Range):
                if check.min is not None:
                    out["minimum"] = check.min
                if check.max is not None:
                    out["maximum"] = check.max
            elif isinstance(check, validate.Length) and check.max is not None:
                out["maxLength"] = check.max
        description = declared.metadata.get("description")
        if description:
            out["description"] = description
        if declared.allow_none and "$ref" not in out:
            kind = out.get("type")
            if isinstance(kind, str):
                out["type"] = [kind, "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        elif declared.allow_none:
            out = {"anyOf": [out, {"type": "null"}]}
        return out

    def _type_of(self, declared: fields.Field) -> dict:
        if isinstance(declared, Label):
            return {"type": "string", "description": "中文名称"}
        if isinstance(declared, fields.Nested):
            ref = self.ref(declared.nested if isinstance(declared.nested, type) else type(declared.schema))
            return {"type": "array", "items": ref} if declared.many else dict(ref)
        if isinstance(declared, fields.List):
            return {"type": "array", "items": self.field_schema(declared.inner)}
        if isinstance(declared, fields.Dict):
            return {"type": "object"}
        if isinstance(declared, fields.Boolean):
            return {"type": "boolean"}
        if isinstance(declared, fields.Integer):
            return {"type": "integer"}
        if isinstance(declared, fields.Number):
            return {"type": "number"}
        if isinstance(declared, fields.DateTime):
            return {"type": "string", "format": "date-time"}
        if isinstance(declared, fields.Date):
            return {"type": "string", "format": "date"}
        if isinstance(declared, fields.String):
            return {"type": "string"}
        return {}

    def form(self, form_key: str) -> dict:
        """Return a reference to the JSON schema of a registered form (``forms.describe``)."""
        name = f"Form_{form_key}"
        if name not in self.schemas:
            self.schemas[name] = form_json_schema(form_key)
        return {"$ref": f"#/components/schemas/{name}"}


def _validators(declared: fields.Field) -> list:
    checks = declared.validators if isinstance(declared.validators, list) else list(declared.validators or [])
    return [c for c in checks if isinstance(c, (validate.OneOf, validate.Range, validate.Length))]


_FORM_KINDS: dict[str, dict] = {
    "text": {"type": "string"},
    "textarea": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "bool": {"type": "boolean"},
    "int": {"type": "integer", "minimum": 1},
    "int_list": {"type": "array", "items": {"type": "integer", "minimum": 1}},
}


def form_json_schema(form_key: str) -> dict:
    """Return the JSON schema of a form from its description (labels and rules in Chinese)."""
    description = forms.describe(form_key)
    properties: dict[str, dict] = {}
    for f in description.fields:
        if f.kind == "choice":
            prop: dict[str, Any] = {"type": "string", "enum": [v for v, _ in f.choices]}
        elif f.kind == "multichoice":
            prop = {"type": "array", "items": {"type": "string", "enum": [v for v, _ in f.choices]}}
        else:
            prop = dict(_FORM_KINDS.get(f.kind, {}))
        if not f.required:
            prop = {"anyOf": [prop, {"type": "null"}]}
        prop["title"] = f.label_zh
        if f.help_zh:
            prop["description"] = f.help_zh
        properties[f.name] = prop
    out = {"type": "object", "title": description.title_zh,
           "description": f"{description.title_zh}({description.article})",
           "properties": properties, "additionalProperties": False}
    required = [f.name for f in description.fields if f.required]
    if required:
        out["required"] = required
    return out


def form_body(form_key: str, extra: type[Schema] | None = None, name: str | None = None) -> BodyBuilder:
    """Describe a body made of a form's fields plus the fields of ``extra``, as one closed object."""

    def build(components: _Components) -> dict:
        if extra is None:
            return components.form(form_key)
        merged = form_json_schema(form_key)
        added = components.object_schema(extra)
        merged["properties"] = {**merged["properties"], **added["properties"]}
        merged["required"] = merged.get("required", []) + added.get("required", [])
        merged["description"] += ";" + added.get("description", "")
        component = name or f"{extra.__name__}_{form_key}"
        components.schemas[component] = merged
        return {"$ref": f"#/components/schemas/{component}"}

    return build


def any_form_body(envelope: type[Schema], field_name: str = "data") -> BodyBuilder:
    """Describe an envelope whose ``field_name`` holds the fields of whichever form the task asks for."""

    def build(components: _Components) -> dict:
        schema = components.object_schema(envelope)
        forms_refs = [components.form(key) for key in sorted(forms.REGISTRY)]
        described = schema["properties"][field_name].get("description", "")
        schema["properties"][field_name] = {"anyOf": forms_refs, "description": described}
        components.schemas[envelope.__name__] = schema
        return {"$ref": f"#/components/schemas/{envelope.__name__}"}

    return build


def _error_response(components: _Components, status: int, note: str = "") -> dict:
    # Imported here: the API package imports this module for its decorators while it registers its routes.
    from webui.api.errors import HTTP_MESSAGES

    code, message = HTTP_MESSAGES.get(status, ("error", "请求失败"))
    text = f"{message}(code: {code})" + (f";{note}" if note else "")
    return {"description": text, "content": {"application/json": {"schema": components.ref(ErrorSchema)}}}


_ERROR_NOTES = {
    400: "请求体不是有效的JSON,或查询参数不正确(details 按参数列出)",
    401: "缺少令牌、令牌无效或已撤销、用户已停用",
    403: "角色不允许此操作;只读角色(审计)不能提交任何修改",
    404: "对象不存在或不在本人管辖范围内(两者不作区分)",
    409: "已被他人办理或修改,或当前状态不允许",
    413: "请求体超过上限",
    422: "内容有误:details 为 {字段: [中文说明]}",
}


def _query_parameters(components: _Components, schema_cls: type[Schema]) -> list[dict]:
    params = []
    for name, declared in schema_cls().fields.items():
        schema = components.field_schema(declared)
        params.append({"name": declared.data_key or name, "in": "query", "required": bool(declared.required),
                       "description": declared.metadata.get("description", name), "schema": schema})
    return params


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []

    def replace(match: re.Match) -> str:
        name = match.group("name")
        kind = {"int": "integer", "float": "number"}.get(match.group("conv") or "", "string")
        params.append({"name": name, "in": "path", "required": True, "description": f"{name}(编号)",
                       "schema": {"type": kind, "minimum": 1} if kind == "integer" else {"type": kind}})
        return "{" + name + "}"

    return _PATH_ARG.sub(replace, rule), params


def build_document(app: Flask) -> dict:
    """Return the OpenAPI 3.1 document of every ``/api/v1`` route of ``app``."""
    components = _Components()
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(API_PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        op: Operation | None = getattr(view, "openapi", None)
        if op is None:
            raise LookupError(f"route {rule.rule} ({rule.endpoint}) has no Operation")
        path, path_params = _path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            described = _operation(components, rule.endpoint, method, op, path_params)
            paths.setdefault(path, {})[method.lower()] = described
    return {
        "openapi": "3.1.0",
        "info": {"title": "廉警 Lianjing API", "version": "1.0.0",
                 "description": "县纪委廉政风险预警工作流程的 JSON 接口。除本文档外,所有接口均需 "
                                "`Authorization: Bearer <令牌>`(由 `lianjing token 用户名` 生成)。"
                                "日期为 YYYY-MM-DD(北京时间),时刻为 ISO 8601。"},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.schemas.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "API 令牌"}},
        },
    }


def _operation(components: _Components, endpoint: str, method: str, op: Operation,
               path_params: list[dict]) -> dict:
    out: dict[str, Any] = {"operationId": endpoint.split(".", 1)[-1], "summary": op.summary}
    if op.description or op.roles:
        roles = f"(角色:{'、'.join(op.roles)})" if op.roles else ""
        out["description"] = op.description + roles
    if op.tag:
        out["tags"] = [op.tag]
    parameters = list(path_params)
    if op.query is not None:
        parameters += _query_parameters(components, op.query)
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        schema = components.ref(op.body) if isinstance(op.body, type) else op.body(components)
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if op.upload is not None:
        form = components.object_schema(op.upload)
        form["properties"]["file"] = {"type": "string", "format": "binary", "description": "上传的文件"}
        form["required"] = [*form.get("required", []), "file"]
        out["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": form}}}
    success: dict[str, Any] = {"description": "成功"}
    if op.response is not None:
        success["content"] = {"application/json": {"schema": components.ref(op.response)}}
    if op.produces is not None:
        success["content"] = {op.produces: {"schema": {"type": "string", "format": "binary"}}}
    responses: dict[str, Any] = {str(op.status): success}
    errors = set(op.errors)
    if op.auth:
        errors.add(401)
        out["security"] = [{"bearer": []}]
    else:
        out["security"] = []
    if path_params:
        errors.add(404)
    if op.query is not None:
        errors.add(400)
    if op.body is not None or op.upload is not None:
        errors.update({400, 413, 422})
    if op.auth and method not in ("GET", "HEAD"):
        errors.add(403)
    for status in sorted(errors):
        responses[str(status)] = _error_response(components, status, _ERROR_NOTES.get(status, ""))
    out["responses"] = responses
    return out
