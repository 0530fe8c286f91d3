"""Quarterly analysis (季度分析) and the half-year summary (半年总结) of the county warning centre (issue 13 §2).

「001 三、1」(第一篇's 财政局 section, 采集信息): the information officer 负责每月28日向县纪委预警中心报送信息,
每季度进行预警分析,每半年进行工作总结. 「001 第一篇(四)二是 信息分析系统」: the collected information is sorted
by kind, screened and analysed (分门别类进行整理、甄别、鉴定和剖析). The seed puts the quarterly analysis and the
half-year summary on the reporting side; issue 13 §2 makes them tasks of the county centre, which receives
every unit's report: quarterly_analysis.bpmn and half_year_summary.bpmn start one task for the centre after
each period, and the centre writes its analysis over :func:`period_statistics`.

What the statistics count, and where each rule comes from:

* items reported in the period (``reported_on`` in it) by the nine categories 「002 二(一)」, by source
  「002 二(二)」, by level 「002 四」 (一级/二级/三级, or not yet graded: 「002 三 3」 only verified items are
  graded) and by unit — an item about a cadre counts under the cadre's unit;
* the points deducted in the period, and the blue, yellow and red warnings and accountability records given
  in it (「001 第一篇(四)四是」 12分扣分制、蓝黄红预警; 「001 第一篇(五)6」 two warnings open accountability),
  by the day they were written in China time;
* the monthly reports of the period's months (「001 三、1」 25日/28日): each month's board
  (:func:`processes.info_network.reporting.reporting_board`) and its late or missing units.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import LOCAL_TZ
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import Cadre
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import Unit
from engine.models import User
from processes.info_network.models import InfoDeduction
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.info_network.reporting import BoardRow
from processes.info_network.reporting import reporting_board
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import SOURCE_LABELS

__all__ = ["ANALYSIS_STEPS", "KIND_LABELS", "PERIODIC_STAGE_LABELS", "PROCESS_KEYS", "READER_ROLES", "Period",
           "PeriodStatistics", "check_periodic_reader", "default_period", "parse_period", "period_analysis",
           "period_statistics", "recent_periods"]

#: the two kinds of period: 「001 三、1」 每季度进行预警分析, 每半年进行工作总结
KIND_LABELS: dict[str, str] = {"quarter": "预警分析", "half": "工作总结"}
#: the processes (quarterly_analysis.bpmn, half_year_summary.bpmn) and their writing steps, by kind
PROCESS_KEYS: dict[str, str] = {"quarter": "info_quarterly_analysis", "half": "info_half_year_summary"}
ANALYSIS_STEPS: dict[str, str] = {"quarter": "write_quarterly_analysis", "half": "write_half_year_summary"}
#: the stage of both writing steps (merged into the regulation's vocabulary)
PERIODIC_STAGE_LABELS: dict[str, str] = {"info_period_analysis": "季度分析与半年总结"}
#: issue 13 §2: the analysis is the county centre's; supervisors read it. Anyone else is refused.
READER_ROLES = frozenset({"info_centre", "supervisor"})
#: the label of items not yet graded (「002 三 3」: graded only after verification)
UNGRADED = "未定级"

_QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALF_NAMES = ("上半年", "下半年")
_PERIOD = re.compile(r"(\d{4})-([QH])(\d)")


@dataclass(frozen=True)
class Period:
    """A quarter (``2030-Q1``) or a half-year (``2030-H1``), its first and last day inclusive."""

    kind: str
    year: int
    index: int

    @property
    def months(self) -> int:
        return 3 if self.kind == "quarter" else 6

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def last_day(self) -> dt.date:
        month = self.index * self.months
        following = dt.date(self.year + 1, 1, 1) if month == 12 else dt.date(self.year, month + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def month_starts(self) -> list[dt.date]:
        """The first day of each month of the period, in order."""
        return [self.first_day.replace(month=self.first_day.month + n) for n in range(self.months)]

    @property
    def code(self) -> str:
        return f"{self.year}-{'Q' if self.kind == 'quarter' else 'H'}{self.index}"

    @property
    def label(self) -> str:
        """How documents name it: 2030年第一季度, 2030年上半年."""
        names = _QUARTER_NAMES if self.kind == "quarter" else _HALF_NAMES
        return f"{self.year}年{names[self.index - 1]}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def period_of(kind: str, day: dt.date) -> Period:
    """The quarter or half-year ``day`` falls in."""
    months = 3 if kind == "quarter" else 6
    return Period(kind, day.year, (day.month - 1) // months + 1)


def parse_period(text: str | None) -> Period:
    """Read ``2030-Q1`` … ``2030-Q4`` or ``2030-H1``/``2030-H2``; refuse anything else in Chinese."""
    found = _PERIOD.fullmatch((text or "").strip())
    if found is not None and 2000 <= int(found[1]) <= 2100:
        kind = "quarter" if found[2] == "Q" else "half"
        if 1 <= int(found[3]) <= (4 if kind == "quarter" else 2):
            return Period(kind, int(found[1]), int(found[3]))
    raise FormInvalid("统计期间格式不正确",
                      details={"period": ["统计期间应为“年-Q季度”或“年-H半年”,例如2030-Q1、2030-H1"]})


def default_period(clock: Clock, kind: str = "quarter") -> Period:
    """The last finished quarter (or half-year) in China time: the one the latest analysis is about."""
    current = period_of(kind, local_today(clock))
    return period_of(kind, current.first_day - dt.timedelta(days=1))


def recent_periods(clock: Clock, count: int = 8) -> list[Period]:
    """The current and the last ``count`` quarters, and the half-years they fall in, newest first."""
    today = local_today(clock)
    quarters = [period_of("quarter", today)]
    while len(quarters) <= count:
        quarters.append(period_of("quarter", quarters[-1].first_day - dt.timedelta(days=1)))
    halves = list(dict.fromkeys(period_of("half", q.first_day) for q in quarters))
    return sorted(quarters + halves, key=lambda p: (p.last_day, p.kind == "quarter"), reverse=True)


def check_periodic_reader(user: User | None) -> None:
    """Refuse anyone but the county centre and supervisors (issue 13 §2)."""
    if user is None or not {r.role for r in user.roles} & READER_ROLES:
        raise NotPermitted("只有县预警中心和督办人员可以查看季度分析和半年总结")


@dataclass(frozen=True)
class UnitLine:
    """One unit's figures in the period: items about it or its cadres, points deducted, warnings given."""

    unit_id: int
    unit_name: str
    items: int = 0
    points: int = 0
    colours: dict[str, int] = field(default_factory=dict)
    accountability: int = 0


@dataclass(frozen=True)
class MonthLine:
    """One month's reporting: how many units in each board state, and the late or missing ones."""

    month: dt.date
    counts: dict[str, int]
    late: list[BoardRow]


@dataclass(frozen=True)
class Analysis:
    """The centre's written analysis of a period: the step's form as submitted, or the step still open."""

    task_id: int
    completed_at: dt.datetime | None
    text: dict[str, str]


@dataclass(frozen=True)
class PeriodStatistics:
    """The figures of one period (labels → counts, every label present, zeros included)."""

    period: Period
    total_items: int
    by_category: dict[str, int]
    by_source: dict[str, int]
    by_level: dict[str, int]
    units: list[UnitLine]
    deductions: int
    points: int
    colours: dict[str, int]
    accountability: int
    months: list[MonthLine]

    @property
    def late_reports(self) -> int:
        return sum(len(m.late) for m in self.months)


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def _window(period: Period) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.first_day, dt.time(), LOCAL_TZ)
    return start, dt.datetime.combine(period.last_day + dt.timedelta(days=1), dt.time(), LOCAL_TZ)


def period_statistics(session: Session, clock: Clock, user: User, period: Period) -> PeriodStatistics:
    """Count the period's items, deductions, warnings and monthly reports (the module's rules)."""
    check_periodic_reader(user)
    start, end = _window(period)
    items = list(session.execute(select(InfoItem).where(
        InfoItem.reported_on >= period.first_day, InfoItem.reported_on <= period.last_day)).scalars())
    deductions = list(session.execute(select(InfoDeduction).where(
        InfoDeduction.created_at >= start, InfoDeduction.created_at < end)).scalars())
    warnings = list(session.execute(select(InfoWarning).where(
        InfoWarning.created_at >= start, InfoWarning.created_at < end)).scalars())
    cadre_ids = {row.cadre_id for row in (*items, *deductions, *warnings) if row.cadre_id is not None}
    cadre_units = dict(session.execute(select(Cadre.id, Cadre.unit_id).where(Cadre.id.in_(cadre_ids))).all()) \
        if cadre_ids else {}

    def unit_of(row) -> int:
        return row.unit_id if row.unit_id is not None else cadre_units[row.cadre_id]

    by_level = dict.fromkeys([*LEVEL_LABELS.values(), UNGRADED], 0)
    for item in items:
        by_level[LEVEL_LABELS[item.level] if item.level is not None else UNGRADED] += 1
    category = Counter(item.category for item in items)
    source = Counter(item.source for item in items)
    unit_items = Counter(unit_of(item) for item in items)
    unit_points: Counter[int] = Counter()
    for deduction in deductions:
        unit_points[unit_of(deduction)] += deduction.points
    unit_colours: dict[int, Counter[str]] = {}
    unit_accountability: Counter[int] = Counter()
    for warning in warnings:
        if warning.kind == "colour":
            unit_colours.setdefault(unit_of(warning), Counter())[warning.colour] += 1
        else:
            unit_accountability[unit_of(warning)] += 1
    unit_ids = set(unit_items) | set(unit_points) | set(unit_colours) | set(unit_accountability)
    names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all()) if unit_ids else {}
    units = [UnitLine(unit_id, names[unit_id], unit_items[unit_id], unit_points[unit_id],
                      {c: unit_colours.get(unit_id, Counter())[c] for c in COLOUR_LABELS},
                      unit_accountability[unit_id]) for unit_id in unit_ids]
    units.sort(key=lambda u: (-u.items, -u.points, u.unit_name))
    colours = Counter(w.colour for w in warnings if w.kind == "colour")
    months = []
    for month in period.month_starts:
        board = reporting_board(session, clock, user, month)
        months.append(MonthLine(month, board.counts,
                                [row for row in board.rows if row.state in ("overdue", "not_started")]))
    return PeriodStatistics(
        period=period, total_items=len(items),
        by_category={label: category[key] for key, label in CATEGORY_LABELS.items()},
        by_source={label: source[key] for key, label in SOURCE_LABELS.items()},
        by_level=by_level, units=units, deductions=len(deductions), points=sum(d.points for d in deductions),
        colours={label: colours[key] for key, label in COLOUR_LABELS.items()},
        accountability=sum(1 for w in warnings if w.kind == "accountability"), months=months)


def _occurrence_day(session: Session, instance: ProcessInstance) -> dt.date:
    """The day (China time) the timer occurrence that started ``instance`` fell due, else the day it started."""
    after = session.execute(select(AuditEvent.after).where(
        AuditEvent.action == "instance.started", AuditEvent.object_type == "instance",
        AuditEvent.object_id == str(instance.id))).scalars().first()
    if after and after.get("due_at"):
        return _local_day(dt.datetime.fromisoformat(after["due_at"]))
    return _local_day(instance.created_at)


def period_analysis(session: Session, period: Period) -> Analysis | None:
    """The centre's analysis step for ``period`` (the newest if a period was started twice), or None.

    An instance is about the period that ended before its occurrence: the quarterly timer fires on the first
    of April for the first quarter (quarterly_analysis.bpmn), the half-year one on the first of July.
    """
    tasks = session.execute(select(HumanTask).where(
        HumanTask.process_key == PROCESS_KEYS[period.kind], HumanTask.bpmn_id == ANALYSIS_STEPS[period.kind])
        .order_by(HumanTask.id.desc())).scalars()
    for task in tasks:
        instance = session.get(ProcessInstance, task.instance_id)
        day = _occurrence_day(session, instance)
        if period_of(period.kind, day - dt.timedelta(days=1)) == period:
            text = {k: str(v) for k, v in (task.submitted or {}).items() if isinstance(v, str)}
            return Analysis(task.id, task.completed_at, text)
    return None

