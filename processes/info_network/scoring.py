"""The 12-point score (12分扣分制) and what it decides, as pure functions.

「001 第一篇(四)四是 信息处置系统」: warning information graded by level deducts points out of 12; the deductions
decide a blue, yellow or red warning with its prepared response. 「001 第一篇(五)6」: a unit or person warned
twice or more (给予2次以上预警) opens the accountability procedure for the direct responsible person, the
principal and the important leaders. The seeds give no thresholds: :data:`DEFAULT_THRESHOLDS` are ours and
the county's to set (settings.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping

from processes.info_network.vocabulary import ACCOUNTABILITY_AFTER_WARNINGS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import YEARLY_POINTS

#: most serious first: a score at or under several thresholds takes the most serious colour
COLOUR_ORDER: tuple[str, ...] = ("red", "yellow", "blue")


def score(deducted: Iterable[int]) -> int:
    """Return the points left of the year's 12 (never below 0) after ``deducted`` (「001 第一篇(四)四是」)."""
    return max(0, YEARLY_POINTS - sum(deducted))


def colour(remaining: int, thresholds: Mapping[str, int]) -> str | None:
    """Return the colour a remaining score decides (``None``: no colour), the most serious that applies."""
    for name in COLOUR_ORDER:
        if remaining <= thresholds[name]:
            return name
    return None


def is_worse(new: str | None, old: str | None) -> bool:
    """Whether colour ``new`` is more serious than ``old`` (a new colour warning is given only then)."""
    rank = {name: index for index, name in enumerate(COLOUR_ORDER)}
    return new is not None and (old is None or rank[new] < rank[old])


def opens_accountability(warnings_this_year: int) -> bool:
    """「001 第一篇(五)6」: 对给予2次以上预警的单位或个人 … 追究责任 — the second warning of a year opens it."""
    return warnings_this_year >= ACCOUNTABILITY_AFTER_WARNINGS


def threshold_problems(thresholds: object) -> list[str]:
    """Return, in Chinese, why a county's thresholds cannot be used (empty: they can)."""
    if not isinstance(thresholds, Mapping) or set(thresholds) != set(COLOUR_LABELS):
        return ["阈值须且只能包含蓝色、黄色、红色三项(blue、yellow、red)"]
    problems = []
    for name, label in COLOUR_LABELS.items():
        value = thresholds[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < YEARLY_POINTS:
            problems.append(f"{label}的阈值应为0至{YEARLY_POINTS - 1}的整数(剩余分数不高于该值即预警)")
    if not problems and not thresholds["red"] < thresholds["yellow"] < thresholds["blue"]:
        problems.append("阈值须红色 < 黄色 < 蓝色:分数越低,预警越严重")
    return problems
