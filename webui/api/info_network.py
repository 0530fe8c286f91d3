"""The warning-information network through the API (issue 13): list, report, verify and grade items; scores.

Logic and rules live in ``processes/info_network`` (validation, who decides each level, the deduction in the
same transaction); these views load, call and present. Bad input is 422 with ``details = {field: [中文]}``
and nothing is written.
"""
from __future__ import annotations

from flask import g

from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.queries import MAX_PER_PAGE
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.access import may_read
from processes.info_network.access import read_scope
from processes.info_network.handover import hand_over_item
from processes.info_network.handover import links_of_items
from processes.info_network.items import list_items
from processes.info_network.items import unit_scores
from processes.info_network.models import InfoItem
from processes.info_network.reporting import parse_month
from processes.info_network.reporting import reporting_board
from processes.info_network.responses import start_response
from processes.info_network.settings import is_default
from processes.info_network.settings import thresholds
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import HARM_LABELS
from processes.info_network.vocabulary import SITUATIONS
from processes.info_network.vocabulary import SOURCE_LABELS
from webui.api.auth import authenticated
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
from webui.info_presenters import GradingSchema
from webui.info_presenters import HandOverSchema
from webui.info_presenters import InfoItemPage
from webui.info_presenters import InfoItemSchema
from webui.info_presenters import ReportBoardSchema
from webui.info_presenters import UnitScoresSchema
from webui.info_presenters import present_item
from webui.info_presenters import subject_names
from webui.openapi import operation
from webui.uow import request_clock
from webui.uow import transactional


class InfoItemQuery(PageQuery):
    """Filters of the item database (issue 13 §3: by unit, by cadre, by year and level)."""

    year = _int(load_default=None, minimum=2000, maximum=2100, metadata={"description": "年度"})
    unit_id = _row_id(load_default=None, metadata={"description": "预警对象单位"})
    cadre_id = _row_id(load_default=None, metadata={"description": "预警对象干部"})
    level = _int(load_default=None, maximum=3, metadata={"description": "预警等级 1–3(种子002 四)"})


class InfoItemBody(_Strict):
    """Reporting an item. Its fields are checked by the package (one subject, known category and source)."""

    category = _choice(list(CATEGORY_LABELS), required=True, metadata={"description": "信息类别(种子002 二(一))"})
    source = _choice(list(SOURCE_LABELS), required=True, metadata={"description": "信息来源(种子002 二(二))"})
    unit_id = _row_id(load_default=None, metadata={"description": "预警对象单位(与 cadre_id 二选一)"})
    cadre_id = _row_id(load_default=None, metadata={"description": "预警对象干部(与 unit_id 二选一)"})
    facts = _text(5000, required=True, metadata={"description": "反映的事实"})
    reported_on = _text(10, load_default=None, metadata={"description": "报送日期(年-月-日),缺省为今天"})


class GradeBody(_Strict):
    """Grading: the table's inputs, and the decided level with a reason when it differs from the suggestion."""

    situation = _choice(list(SITUATIONS), load_default=None,
                        metadata={"description": "预警情形(种子002 四所列;不属所列情形时不填)"})
    harm = _choice(list(HARM_LABELS), required=True, metadata={"description": "危害程度(种子002 三 2)"})
    level = _int(load_default=None, minimum=None, strict=True,
                 metadata={"description": "确定的等级 1–3;不填即采用决策表的建议"})
    reason = _text(1000, load_default=None, metadata={"description": "与建议等级不同的理由"})


class ScoreQuery(_Strict):
    """The year of the scores (default this year)."""

    year = _int(load_default=None, minimum=2000, maximum=2100, metadata={"description": "年度,缺省为今年"})


def _present(items: list[InfoItem]) -> list[dict]:
    names = subject_names(db.session, items)
    links = links_of_items(db.session, [item.id for item in items])
    return [present_item(item, names, links) for item in items]


@operation("预警信息库", tag="info-network", query=InfoItemQuery, response=InfoItemPage,
           description="按年度、单位、干部、等级列出本人可查看的预警信息:县预警中心及其决策人、督办、审计看全县;"
                       "单位信息员和信息办公室看本单位;特邀信息员只看本人报送的。")
@transactional
@authenticated
def list_info_items():
    """Return a page of the item database the user may read."""
    query = parse_query(InfoItemQuery)
    per_page = min(query["per_page"], MAX_PER_PAGE)
    items, total = list_items(db.session, read_scope(db.session, g.user), year=query["year"],
                              unit_id=query["unit_id"], cadre_id=query["cadre_id"], level=query["level"],
                              page=query["page"], per_page=per_page)
    return {"total": total, "page": query["page"], "per_page": per_page, "items": _present(items)}


@operation("报送预警信息", tag="info-network", body=InfoItemBody, response=InfoItemSchema, status=201,
           errors=(403,),
           description="报送一条预警信息(待核实)。只有信息员、特邀信息员、信息办公室或县预警中心可报送(403);"
                       "未指明对象或同时指明单位和干部、类别或来源不在种子所列之内,返回 422 与中文说明,"
                       "不写入任何内容。")
@transactional
@authenticated
def create_info_item():
    """Report an item."""
    body = load_body(InfoItemBody, json_object())
    item = create_item(db.session, request_clock(), g.actor, {k: v for k, v in body.items() if v is not None})
    return _present([item])[0], 201


@operation("核实预警信息", tag="info-network", response=InfoItemSchema, errors=(403, 404, 409),
           description="核实后的预警信息才可定级(种子002 三 3);只有信息办公室或县预警中心可核实。")
@transactional
@authenticated
def verify_info_item(item_id: int):
    """Mark an item verified."""
    return _present([verify_item(db.session, request_clock(), g.actor, item_id)])[0]


@operation("预警信息定级并扣分", tag="info-network", body=GradeBody, response=GradingSchema,
           errors=(403, 404, 409),
           description="决策表 info_grading 给出建议等级,确定人确认或改变(改变须写理由):三级由县预警中心,二级由纪委"
                       "分管副书记召集研究,一级由党委书记或纪委常委会确定(种子002 三 2);同一事务内按决策表"
                       " info_deduction 扣分,按县定阈值给出蓝、黄、红预警,一年内第二次预警启动分层追责(种子001)。")
@transactional
@authenticated
def grade_info_item(item_id: int):
    """Grade an item and deduct its points."""
    body = load_body(GradeBody, json_object())
    if db.session.get(InfoItem, item_id) is None:
        raise NotFound("预警信息不存在")
    result = grade_item(db.session, request_clock(), g.actor, item_id, situation=body["situation"],
                        harm=body["harm"], level=body["level"], reason=body["reason"])
    dumped = GradingSchema(exclude=("item",)).dump({
        "points": result.points, "score": result.score, "colour": result.colour,
        "new_colour_warning": result.new_warning is not None,
        "accountability_opened": result.accountability is not None})
    return {"item": _present([result.item])[0], **dumped}


@operation("移交预警线索", tag="info-network", response=HandOverSchema, status=201, errors=(403, 404, 409),
           description="预警办工作人员把已定级、反映领导干部的预警信息移交为预警线索(种子003 第十条):以线索登记的同一"
                       "途径登记线索并启动预警案件,线索来源渠道由信息来源对应,来源部门为报送人及其单位(第十四条通报);"
                       "信息记为已移交并关联线索和案件。未定级或反映单位的,返回 422;已移交的再次移交,返回 409;"
                       "非预警办人员 403。均不写入任何内容。")
@transactional
@authenticated
def hand_over_info_item(item_id: int):
    """Hand a graded item over to the Measures as a clue."""
    _readable_item(item_id)
    done = hand_over_item(db.session, request_clock(), g.actor, item_id)
    dumped = HandOverSchema(exclude=("item",)).dump({
        "clue_id": done.clue.id, "clue_number": done.clue.number, "case_id": done.case.id,
        "case_number": done.case.number, "warnings": done.warnings_zh})
    return {"item": _present([done.item])[0], **dumped}, 201


@operation("启动预警响应", tag="info-network", response=InfoItemSchema, status=201, errors=(403, 404, 409),
           description="县预警中心为已定级的预警信息启动分级响应流程 info_response(种子002 四:一级廉情监察建议、二级"
                       "廉情预警质询、三级廉情预警告知):发出文书、记录答复、跟踪办结。种子001、002未规定答复期限,"
                       "各环节不设期限。未定级 422,已启动 409,非县预警中心 403。")
@transactional
@authenticated
def start_info_response(item_id: int):
    """Start the level's response of a graded item."""
    item = _readable_item(item_id)
    start_response(db.session, request_clock(), g.actor, item_id)
    return _present([item])[0], 201


@operation("单位预警积分", tag="info-network", query=ScoreQuery, response=UnitScoresSchema, errors=(403,),
           description="各单位当年的12分积分、蓝黄红预警和分层追责(种子001);阈值为本县设定,未设定时为系统默认值。")
@transactional
@authenticated
def info_scores():
    """Return the units' scores of a year (the county's readers only)."""
    query = parse_query(ScoreQuery)
    if not read_scope(db.session, g.user).everything:
        raise NotPermitted("只有县预警中心及其决策人、督办和审计人员可以查看全县积分")
    year = query["year"] or local_today(request_clock()).year
    return UnitScoresSchema().dump({"year": year, "thresholds": thresholds(db.session),
                                    "thresholds_are_default": is_default(db.session),
                                    "units": unit_scores(db.session, year)})


class ReportBoardQuery(_Strict):
    """The month of the board (default this month, China time); checked by the package (422 in Chinese)."""

    month = _text(16, load_default=None, metadata={"description": "年-月,例如2030-01;缺省为本月"})


@operation("月度报送情况", tag="info-network", query=ReportBoardQuery, response=ReportBoardSchema, errors=(403, 422),
           description="所选月份网络内各单位的月度报送情况(种子001 三、1:信息员每月25日前向单位报送,单位每月28日"
                       "向县预警中心报送;零报告也是报送):已报送(日期、条数或零报告)、逾期未报(逾期天数)、未到期、"
                       "未发起(当月没有报送流程),最严重的在前,并给出各状态的单位数。县预警中心、督办等看全县,"
                       "单位预警信息办公室只看本单位,其他人 403。月份不是“年-月”的返回 422。")
@transactional
@authenticated
def info_reports():
    """Return the month's reporting board the user may see."""
    query = parse_query(ReportBoardQuery)
    month = parse_month(query["month"], request_clock())
    board = reporting_board(db.session, request_clock(), g.user, month)
    return ReportBoardSchema().dump({"month": month.strftime("%Y-%m"), "officers_due": board.officers_due,
                                     "unit_due": board.unit_due, "counts": board.counts, "units": board.rows})


def _readable_item(item_id: int) -> InfoItem:
    """The item if the user may read it; 404 otherwise (an item outside one's scope looks absent)."""
    item = db.session.get(InfoItem, item_id)
    if item is None or not may_read(read_scope(db.session, g.user), item):
        raise NotFound("预警信息不存在")
    return item
