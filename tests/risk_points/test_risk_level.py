"""The grading table risk_level.dmn: one test per rule of 「004 九」 (廉政风险等级划分的原则), evaluated by the
engine's guarded DMN support (engine/bpmn/decisions.py), and the owner each level suggests (DOMAIN.md §5)."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.bpmn.decisions import GuardedDecisionEngine
from engine.bpmn.decisions import read_decision
from engine.bpmn.loader import parse_xml
from processes.risk_points.vocabulary import OWNER_ROLE_BY_LEVEL

TABLE_FILE = Path(__file__).resolve().parents[2] / "processes" / "risk_points" / "risk_level.dmn"


@pytest.fixture(scope="module")
def table():
    table, problems = read_decision(parse_xml(TABLE_FILE.read_bytes(), filename="risk_level.dmn"))
    assert problems == []
    return table


def _grade(table, likelihood="low", harm="low", discretion="low", money="low") -> tuple[int, str]:
    class Task:  # the engine reads only the task's data
        data = {"likelihood": likelihood, "harm": harm, "discretion": discretion, "money": money}

    result = GuardedDecisionEngine(table).result(Task())
    return result["suggested_level"], result["suggested_owner"]


def test_much_important_power_is_level_1_004_9_1(table):
    """「004 九㈠」: 掌握较多执纪执法、许可、处罚、审批及人事、资金、物资等重要权力 — high discretion."""
    assert _grade(table, discretion="high") == (1, "unit_principal")


def test_close_to_money_is_level_1_004_9_1(table):
    """「004 九㈠」: 资金管理、物资采购供应 — closeness to money high."""
    assert _grade(table, money="high", discretion="medium") == (1, "unit_principal")


def test_likely_and_harmful_is_level_1_004_9_1(table):
    """「004 九㈠」: 在思想道德方面突出的问题 — likely and harmful."""
    assert _grade(table, likelihood="high", harm="high") == (1, "unit_principal")


def test_less_important_power_is_level_2_004_9_2(table):
    """「004 九㈡」: 掌握较少……重要权力 — medium discretion."""
    assert _grade(table, discretion="medium") == (2, "unit_leader_in_charge")


def test_some_closeness_to_money_is_level_2_004_9_2(table):
    """「004 九㈡」: some closeness to money."""
    assert _grade(table, money="medium") == (2, "unit_leader_in_charge")


def test_likely_alone_is_level_2_004_9_2(table):
    """「004 九㈡」: 思想道德方面比较突出的问题 — likely, not harmful."""
    assert _grade(table, likelihood="high", harm="medium") == (2, "unit_leader_in_charge")


def test_harmful_alone_is_level_2_004_9_2(table):
    """「004 九㈡」: harmful, not likely."""
    assert _grade(table, harm="high") == (2, "unit_leader_in_charge")


@pytest.mark.parametrize("scores", [{}, {"likelihood": "medium", "harm": "medium"}])
def test_internal_management_is_level_3_004_9_3(table, scores):
    """「004 九㈢」: 以内部管理为主,较少或基本不掌握人、财、物管理权."""
    assert _grade(table, **scores) == (3, "office_head")


def test_every_combination_is_graded_and_the_owner_follows_the_level(table):
    """No combination of the four factors is left without a level (the last rule catches the rest), and the
    suggested owner is the one DOMAIN.md §5 names for that level."""
    values = ("low", "medium", "high")
    seen = set()
    for likelihood in values:
        for harm in values:
            for discretion in values:
                for money in values:
                    level, owner = _grade(table, likelihood, harm, discretion, money)
                    assert owner == OWNER_ROLE_BY_LEVEL[level]
                    seen.add(level)
    assert seen == {1, 2, 3}

