"""The forms of the warning-information network: its monthly report (issue 13 §2) and the response to a graded
item (issue 13 §4, 「002 四」; info_response.bpmn).

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
from forms.fields import Date
from forms.fields import Int
from forms.fields import LongText
from forms.fields import Text

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


@register("info_response_issue")
class InfoResponseIssue(FormSchema):
    """发出预警响应文书 (「002 四」): 一级 廉情监察建议书, 二级 廉情预警质询函, 三级 廉情预警告知书 — its number,
    date, recipient and content. The seeds give no period for the reply, so none is asked for here."""

    title_zh = "发出预警响应文书"
    article = "002 四"

    document_number = Text("文号", required=True, max_length=64)
    issued_on = Date("发出日期", required=True)
    recipient = Text("送达对象(单位或干部)", required=True, max_length=120)
    content = LongText("主要内容与要求", required=True, max_length=5000)


@register("info_response_reply")
class InfoResponseReply(FormSchema):
    """记录对象的答复 (「002 四」 质询、告知; 「001 第一篇(四)三是」 反馈): when and what the recipient replied."""

    title_zh = "记录对象的答复"
    article = "002 四"

    replied_on = Date("答复日期", required=True)
    reply = LongText("答复内容", required=True, max_length=5000)


@register("info_response_close")
class InfoResponseClose(FormSchema):
    """跟踪落实并办结 (「002 四」 the response's end; 「001 第一篇(四)四是」 相关责任单位和责任人积极整改): the
    follow-up and the close."""

    title_zh = "跟踪落实并办结"
    article = "002 四、001 第一篇(四)四是"

    follow_up = LongText("跟踪落实情况", required=True, max_length=5000)
    closed_on = Date("办结日期", required=True)
