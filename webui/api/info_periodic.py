"""GET /api/v1/info-periodic: a quarter's or half-year's figures and the centre's analysis (issue 13 §2;
「001 三、1」 每季度进行预警分析,每半年进行工作总结). The same figures as the page; the package decides who reads
(the county centre and supervisors) and counts (processes/info_network/periodic.py)."""
from __future__ import annotations

from flask import g
from marshmallow import Schema
from marshmallow import fields

from processes.info_network.periodic import default_period
from processes.info_network.periodic import parse_period
from processes.info_network.periodic import period_analysis
from processes.info_network.periodic import period_statistics
from webui.api.auth import authenticated
from webui.api.inputs import _Strict
from webui.api.inputs import _text
from webui.api.inputs import parse_query
from webui.extensions import db
from webui.info_presenters import ReportRowSchema
from webui.openapi import operation
from webui.uow import request_clock
from webui.uow import transactional

_COUNTS = {"keys": fields.String(), "values": fields.Integer()}


class PeriodQuery(_Strict):
    """The period: ``2030-Q1`` … ``2030-Q4`` or ``2030-H1``/``2030-H2`` (default: the last finished quarter)."""

    period = _text(16, load_default=None, metadata={"description": "年-Q季度或年-H半年,例如2030-Q1、2030-H1;"
                                                                   "缺省为上一个已结束的季度"})


class PeriodUnitSchema(Schema):
    """One unit's figures in the period (an item about a cadre counts under the cadre's unit)."""

    unit_id = fields.Integer()
    unit_name = fields.String()
    items = fields.Integer(metadata={"description": "本期报送的预警信息条数"})
    points = fields.Integer(metadata={"description": "本期扣减分数(种子001 第一篇(四)四是)"})
    colours = fields.Dict(**_COUNTS, metadata={"description": "blue/yellow/red 本期颜色预警次数"})
    accountability = fields.Integer(metadata={"description": "本期启动分层追责次数(种子001 第一篇(五)6)"})


class PeriodMonthSchema(Schema):
    """One month's reporting (「001 三、1」): units per board state, and the late or missing ones."""

    month = fields.Date(metadata={"description": "月份首日"})
    counts = fields.Dict(**_COUNTS)
    late = fields.List(fields.Nested(ReportRowSchema), metadata={"description": "逾期未报或未发起的单位"})


class PeriodAnalysisSchema(Schema):
    """The centre's writing step for the period: open (completed_at null) or written."""

    task_id = fields.Integer()
    completed_at = fields.DateTime(allow_none=True)
    text = fields.Dict(keys=fields.String(), values=fields.String(),
                       metadata={"description": "overview 总体情况分析、problems 突出问题、suggestions 对策建议"})


class PeriodStatisticsSchema(Schema):
    """A period's figures: items by category, source, level and unit; deductions and warnings; reporting."""

    period = fields.Function(lambda s: s["stats"].period.code, metadata={"description": "例如2030-Q1"})
    label = fields.Function(lambda s: s["stats"].period.label, metadata={"description": "例如2030年第一季度"})
    first_day = fields.Function(lambda s: s["stats"].period.first_day.isoformat())
    last_day = fields.Function(lambda s: s["stats"].period.last_day.isoformat())
    total_items = fields.Function(lambda s: s["stats"].total_items)
    by_category = fields.Function(lambda s: s["stats"].by_category,
                                  metadata={"description": "九类(种子002 二(一)),标签→条数"})
    by_source = fields.Function(lambda s: s["stats"].by_source, metadata={"description": "来源(种子002 二(二))"})
    by_level = fields.Function(lambda s: s["stats"].by_level, metadata={"description": "等级(种子002 四)及未定级"})
    units = fields.Function(lambda s: PeriodUnitSchema(many=True).dump(s["stats"].units))
    deductions = fields.Function(lambda s: s["stats"].deductions)
    points = fields.Function(lambda s: s["stats"].points)
    colours = fields.Function(lambda s: s["stats"].colours, metadata={"description": "蓝黄红预警次数"})
    accountability = fields.Function(lambda s: s["stats"].accountability)
    late_reports = fields.Function(lambda s: s["stats"].late_reports,
                                   metadata={"description": "月度报送逾期或未报的单位次"})
    months = fields.Function(lambda s: PeriodMonthSchema(many=True).dump(s["stats"].months))
    analysis = fields.Function(lambda s: PeriodAnalysisSchema().dump(s["analysis"]) if s["analysis"] else None)


@operation("季度分析与半年总结", tag="info-network", query=PeriodQuery, response=PeriodStatisticsSchema,
           errors=(403, 422),
           description="县预警中心每季度进行预警分析、每半年进行工作总结(种子001 三、1)所依据的统计:本期报送的"
                       "预警信息按九类(002 二(一))、来源(002 二(二))、等级(002 四)和单位统计,本期扣分与蓝黄红"
                       "预警、分层追责(001 第一篇(四)四是、(五)6),各月报送的逾期与未报(001 三、1),以及县预警"
                       "中心撰写的分析。只有县预警中心和督办人员可以查看,其他人 403;期间格式不对的返回 422。")
@transactional
@authenticated
def info_periodic():
    """Return the period's figures and the centre's analysis."""
    query = parse_query(PeriodQuery)
    clock = request_clock()
    period = default_period(clock) if query["period"] in (None, "") else parse_period(query["period"])
    stats = period_statistics(db.session, clock, g.user, period)
    return PeriodStatisticsSchema().dump({"stats": stats, "analysis": period_analysis(db.session, period)})
