"""The risk register through the API (issue 12 §2): list by unit, level and type; create; change with a reason.

Logic and rules live in ``processes/risk_points`` (validation, versions, who may read and change); these
views load, call and present. A risk point's fields are validated there and refused with 422 and
``details = {field: [中文]}`` (measures as ``measures.N.field``); nothing is written on any error.
"""
from __future__ import annotations

from flask import Response
from flask import g
from flask import request
from marshmallow import fields

from engine.clock import local_today
from engine.errors import NotFound
from engine.queries import MAX_PER_PAGE
from engine.spreadsheets import MAX_SHEET_BYTES
from processes.risk_points import create_risk_point
from processes.risk_points import list_risk_points
from processes.risk_points import revise_risk_point
from processes.risk_points import start_identification
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.models import RiskPoint
from processes.risk_points.power_list import MAX_POWER_ROWS
from processes.risk_points.power_list import export_power_list
from processes.risk_points.power_list import import_power_list
from processes.risk_points.register import count_risk_points
from processes.risk_points.register import overdue_measures
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from webui.api.auth import authenticated
from webui.api.errors import ApiError
from webui.api.inputs import PageQuery
from webui.api.inputs import _choice
from webui.api.inputs import _int
from webui.api.inputs import _row_id
from webui.api.inputs import _Strict
from webui.api.inputs import _text
from webui.api.inputs import json_object
from webui.api.inputs import load_body
from webui.api.inputs import parse_query
from webui.extensions import db
from webui.openapi import operation
from webui.risk_presenters import OverdueMeasurePage
from webui.risk_presenters import PowerListImportSchema
from webui.risk_presenters import RiskPointPage
from webui.risk_presenters import RiskPointSchema
from webui.risk_presenters import RiskRoundSchema
from webui.risk_presenters import overdue_fields
from webui.risk_presenters import present_risk_page
from webui.risk_presenters import present_risk_point
from webui.risk_presenters import unit_names
from webui.uow import request_clock
from webui.uow import transactional

_POINT_HELP = ("风险点字段:scope(post/office/unit/industry)、risk_type(moral/post_duty/business_process/"
               "institutional/external)、title、manifestations、level(1–3)、office、post、cadre_id、power_item_id、"
               "flow_element_id、measures[{text, owner, check_method, check_due}]")


class RiskPointQuery(PageQuery):
    """Filters of the register (issue 12 §2: by unit, level and type)."""

    unit_id = _row_id(load_default=None, metadata={"description": "单位"})
    level = _int(load_default=None, maximum=3, metadata={"description": "风险等级 1–3(种子004 九)"})
    risk_type = _choice(list(RISK_TYPE_LABELS), load_default=None, metadata={"description": "风险类型(种子004 七)"})


class RiskPointCreateBody(_Strict):
    """Registering a risk point of a unit (version 1)."""

    unit_id = _row_id(required=True, metadata={"description": "风险点所属单位"})
    point = fields.Dict(required=True, error_messages={"invalid": "应为JSON对象", "required": "此项必填"},
                        metadata={"description": _POINT_HELP})
    reason = _text(500, load_default="首次登记", metadata={"description": "登记说明,缺省为“首次登记”"})
    round_id = _row_id(load_default=None, allow_none=True,
                       metadata={"description": "查出该风险点的本单位本轮查找(第八步签字时随之备案)"})


class RiskPointUpdateBody(_Strict):
    """Changing a risk point: its whole new content and why (a new version)."""

    point = fields.Dict(required=True, error_messages={"invalid": "应为JSON对象", "required": "此项必填"},
                        metadata={"description": _POINT_HELP})
    reason = _text(500, required=True, metadata={"description": "变更原因(必填,记入版本)"})


@operation("廉政风险点台账", tag="risk-points", query=RiskPointQuery, response=RiskPointPage,
           description="按单位、等级、类型列出本人可查看的风险点:县纪委、督办、审计和组织部门看全县,其他人看本单位。")
@transactional
@authenticated
def list_points():
    """Return a page of the register the user may read."""
    query = parse_query(RiskPointQuery)
    unit_ids = _scoped(readable_unit_ids(db.session, g.user), query["unit_id"])
    per_page = min(query["per_page"], MAX_PER_PAGE)
    filters = {"unit_ids": unit_ids, "level": query["level"], "risk_type": query["risk_type"]}
    points = list_risk_points(db.session, page=query["page"], per_page=per_page, **filters)
    return present_risk_page(db.session, points, count_risk_points(db.session, **filters), query["page"], per_page)


class OverdueQuery(PageQuery):
    """Filter of the overdue measures: one unit among those the user reads."""

    unit_id = _row_id(load_default=None, metadata={"description": "单位"})


def _scoped(readable: frozenset[int] | None, unit_id: int | None) -> frozenset[int] | None:
    # a unit outside what the user reads gives an empty list, as the register does (SECURITY.md 24)
    if unit_id is None:
        return readable
    return frozenset({unit_id}) & (readable if readable is not None else {unit_id})


@operation("逾期未考核的防控措施", tag="risk-points", query=OverdueQuery, response=OverdueMeasurePage,
           description="考核期限已过、尚未考核的防控措施(种子004 十 第二步:防控措施的执行能够进行考核),"
                       "含责任人、逾期天数和所属风险点,逾期最久者在前;范围同风险台账(县纪委看全县,其他人看本单位)。"
                       "考核后以新的考核期限修改风险点(新版本),该措施即不再逾期。")
@transactional
@authenticated
def list_overdue_measures():
    """Return the measures overdue for their check in the units the user reads, worst first."""
    query = parse_query(OverdueQuery)
    today = local_today(request_clock())
    rows = overdue_measures(db.session, today, unit_ids=_scoped(readable_unit_ids(db.session, g.user),
                                                                query["unit_id"]))
    per_page = min(query["per_page"], MAX_PER_PAGE)
    start = (query["page"] - 1) * per_page
    return OverdueMeasurePage().dump({"today": today, "total": len(rows), "page": query["page"],
                                      "per_page": per_page,
                                      "items": overdue_fields(db.session, rows[start:start + per_page])})


@operation("登记廉政风险点", tag="risk-points", body=RiskPointCreateBody, response=RiskPointSchema, status=201,
           errors=(403,),
           description="登记本单位的风险点(第1版)。只有本单位主要领导、分管领导、科室负责人或风险防控领导小组"
                       "可登记(403);等级超出1–3、类型不在五类之内、措施缺少责任人等返回 422,"
                       "details 为 {字段: [中文说明]},不写入任何内容。")
@transactional
@authenticated
def create_point():
    """Register a risk point."""
    body = load_body(RiskPointCreateBody, json_object())
    point = create_risk_point(db.session, request_clock(), g.actor, body["unit_id"], body["point"], body["reason"],
                              round_id=body["round_id"])
    return present_risk_point(point, unit_names(db.session, [point])), 201


@operation("修改廉政风险点(新版本)", tag="risk-points", body=RiskPointUpdateBody, response=RiskPointSchema,
           errors=(403,),
           description="以新内容替换风险点并记录新版本(修改人、时间、原因)。须写明原因;校验规则同登记。")
@transactional
@authenticated
def update_point(risk_point_id: int):
    """Change a risk point; the register keeps the old version."""
    body = load_body(RiskPointUpdateBody, json_object())
    if db.session.get(RiskPoint, risk_point_id) is None:
        raise NotFound("风险点不存在")
    point = revise_risk_point(db.session, request_clock(), g.actor, risk_point_id, body["point"], body["reason"])
    return present_risk_point(point, unit_names(db.session, [point]))


class RiskRoundBody(_Strict):
    """Opening a unit's identification round for a year (004 十)."""

    unit_id = _row_id(required=True, metadata={"description": "查找风险点的单位"})
    year = _int(required=True, maximum=9999, metadata={"description": "年度(上一年至下一年)"})


@operation("启动廉政风险点查找(八步法)", tag="risk-points", body=RiskRoundBody, response=RiskRoundSchema, status=201,
           errors=(403,),
           description="为本单位开启一轮八步法查找(种子004 十),第一步“确定对象”进入本单位主要领导或领导小组的待办;"
                       "各步期限自启动之日起算。只有本单位主要领导或风险防控领导小组可启动(403);"
                       "本单位该年度已有进行中的一轮时返回 422,不重复启动。")
@transactional
@authenticated
def start_round():
    """Open a unit's identification round and start its eight steps."""
    body = load_body(RiskRoundBody, json_object())
    round_ = start_identification(db.session, request_clock(), g.actor, body["unit_id"], body["year"])
    return RiskRoundSchema().dump(round_), 201


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@operation("导出单位权力清单(Excel)", tag="risk-points", produces=XLSX_MIMETYPE,
           description="单位的权力清单(种子000 第二篇 二:制定职权目录;DOMAIN §5 的字段),每项一行、中文表头,"
                       "列与导入模板相同:原样再导入不作任何改动。范围同风险台账:看不到的单位返回 404。")
@transactional
@authenticated
def export_power_list_xlsx(unit_id: int):
    """Return a unit's power list as an .xlsx."""
    # Imported here: the pages package imports the API's modules while it registers its own.
    from webui.pages.document_downloads import attachment_disposition

    filename, content = export_power_list(db.session, g.user, unit_id)
    return Response(content, mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": attachment_disposition(filename), "Cache-Control": "no-store"})


class PowerListImportForm(_Strict):
    """Importing a unit's power list: the .xlsx in ``file`` (multipart/form-data) and why."""

    reason = _text(500, load_default=None,
                   metadata={"description": "变更原因(记入每项的审计记录),缺省为“导入权力清单”"})


@operation("导入单位权力清单(Excel)", tag="risk-points", upload=PowerListImportForm, response=PowerListImportSchema,
           errors=(403,),
           description="以 multipart/form-data 上传 .xlsx(file),按“编码”匹配本单位已有事项:有则更新、无则新增,"
                       "文件中没有的事项保留不动;每项新增或修改记入审计日志(修改人、时间、原因)。"
                       f"只有本单位主要领导、分管领导、科室负责人或风险防控领导小组可导入(403);最多{MAX_POWER_ROWS}行、"
                       f"{MAX_SHEET_BYTES // (1024 * 1024)} MB。任何一行有误返回 422,details 为 "
                       "{\"第N行 X列(表头)\": [中文说明]},不写入任何内容。")
@transactional
@authenticated
def import_power_list_xlsx(unit_id: int):
    """Create or update a unit's power items from an uploaded .xlsx, all or nothing."""
    body = load_body(PowerListImportForm, {key: request.form.get(key) for key in request.form})
    unknown_files = sorted(set(request.files) - {"file"})
    if unknown_files:
        raise ApiError(422, "提交的内容有误", code="invalid_body", details={k: ["不允许的参数"] for k in unknown_files})
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(422, "请上传 Excel(.xlsx)文件", code="invalid_body", details={"file": ["此项必填"]})
    data = upload.stream.read(MAX_SHEET_BYTES + 1)
    result = import_power_list(db.session, request_clock(), g.actor, unit_id, data, body["reason"])
    return PowerListImportSchema().dump(result)
