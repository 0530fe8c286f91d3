"""The county centre's quarterly analysis and half-year summary (issue 13 §2; quarterly_analysis.bpmn and
half_year_summary.bpmn).

「001 三、1」 每季度进行预警分析,每半年进行工作总结; 「001 第一篇(四)二是」 the analysis sorts, screens and
dissects the information and 研究解决办法. The figures come from the system (processes/info_network/periodic.py,
shown beside the step on 廉情预警信息 → 季度分析与半年总结); the centre writes what they mean.
"""
from __future__ import annotations

from forms.base import FormSchema
from forms.base import register
from forms.fields import LongText

MAX_TEXT = 5000


@register("info_period_analysis")
class InfoPeriodAnalysis(FormSchema):
    """撰写季度预警分析或半年工作总结 (「001 三、1」「001 第一篇(四)二是」): the overall picture, the problems and
    tendencies the period shows, and what to do next."""

    title_zh = "撰写预警分析报告"
    article = "001 三、1"

    overview = LongText("总体情况分析", required=True, max_length=MAX_TEXT,
                        help="结合统计摘要(按类别、来源、等级、单位,扣分与预警,月度报送)分析本期总体情况")
    problems = LongText("突出问题和苗头性、倾向性问题", required=True, max_length=MAX_TEXT)
    suggestions = LongText("对策建议和下一阶段工作安排", required=True, max_length=MAX_TEXT)
