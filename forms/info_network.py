"""The forms of the warning-information network's monthly report (issue 13 §2).

「001 三、1 采集信息」: a unit's information officers report to the unit's office before the 25th of
each month, and the unit reports to the county warning centre on the 28th. A month with nothing to report is
a report (零报告), never a silence: each form says either how many items it carries, with their summary, or
that there is nothing to report — not both, not neither.
"""
from __future__ import annotations

from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool
from forms.fields import Int
from forms.fields import LongText

MAX_ITEMS_A_MONTH = 500


def _zero_report_or_items(errors: Errors) -> None:
    """零报告 means no items; otherwise at least one item with its summary (issue 13 §2)."""
    zero, count, summary = errors.value("zero_report"), errors.value("item_count"), errors.value("summary")
    if zero is True and count:
        errors.add("item_count", "零报告不能同时报送预警信息;有信息请取消“零报告”")
    if zero is False:
        if not count:
            errors.add("item_count", "本月无预警信息请选择“零报告”;有信息请填写条数(001 三、1)")
        if not summary:
            errors.add("summary", "请概述本月报送的预警信息")
    if isinstance(count, int) and count > MAX_ITEMS_A_MONTH:
        errors.add("item_count", f"每月报送信息条数不超过{MAX_ITEMS_A_MONTH}条")


@register("info_officer_report")
class InfoOfficerReport(FormSchema):
    """信息员每月25日前向单位预警信息办公室报送 (「001 三、1」); 零报告 is a report."""

    title_zh = "信息员报送本月预警信息"
    article = "001 三、1"

    zero_report = Bool("零报告(本月无预警信息)", required=True)
    item_count = Int("报送信息条数", help="零报告时不填")
    summary = LongText("信息概要")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        _zero_report_or_items(errors)


@register("info_unit_report")
class InfoUnitReport(InfoOfficerReport):
    """单位每月28日向县预警中心报送 (「001 三、1」), its officers' reports gathered; 零报告 is a report."""

    title_zh = "单位向县预警中心报送本月预警信息"
    article = "001 三、1"

    zero_report = Bool("零报告(本单位本月无预警信息)", required=True)
    summary = LongText("信息汇总")


@register("info_report_reminder")
class InfoReportReminder(FormSchema):
    """催报 (「001 三、1」 reports fall due before the 25th and on the 28th): the unit's office chases the officers
    who have not yet reported before the day (issue 13 §2)."""

    title_zh = "催报本月预警信息"
    article = "001 三、1"

    reminded = Bool("已催报", required=True)
    note = LongText("催报情况")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if errors.value("reminded") is False:
            errors.add("reminded", "请在报送日前完成催报")
