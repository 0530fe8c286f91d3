"""The network's decision tables: info_grading.dmn row by row against 「002 四(一)(二)(三)」 and 「002 三 2」, the
shipped deduction defaults (「001 第一篇(四)四是」, numbers ours), and a deduction table with an undecided case
refused at the designer's check and before use, in Chinese."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.design_rules import design_context
from engine.errors import DefinitionRejected
from engine.operations.designs import problems_of_xml
from processes.info_network.tables import DEDUCTION
from processes.info_network.tables import DeployedTable
from processes.info_network.tables import deduction_gaps
from processes.info_network.tables import read_table
from processes.info_network.tables import refuse_gaps
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL
from processes.info_network.vocabulary import SITUATIONS

PACKAGE = Path(__file__).resolve().parents[2] / "processes" / "info_network"
GRADING_XML = (PACKAGE / "info_grading.dmn").read_bytes()
DEDUCTION_XML = (PACKAGE / "info_deduction.dmn").read_bytes()


def _grading(situation: str, harm: str) -> dict:
    return DeployedTable("info_grading", 1, read_table(GRADING_XML, "info_grading.dmn")).evaluate(
        {"situation": situation, "harm": harm})


def _points(level: int, category: str, xml: bytes = DEDUCTION_XML) -> int:
    return DeployedTable(DEDUCTION, 1, read_table(xml, "info_deduction.dmn")).evaluate(
        {"level": level, "category": category})["points"]


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_each_triggering_situation_of_002_4_starts_its_level_whatever_the_harm(situation):
    """「002 四(一)(二)(三)」: 有下列情形之一的,启动一/二/三级预警 — the listed situation decides, not the harm."""
    level = SITUATIONS[situation][0]
    for harm in ("light", "heavy", "severe"):
        assert _grading(situation, harm) == {"suggested_level": level, "response": RESPONSE_BY_LEVEL[level]}


@pytest.mark.parametrize(("harm", "level", "response"), [
    ("light", 3, "廉情预警告知"), ("heavy", 2, "廉情预警质询"), ("severe", 1, "廉情监察建议")])
def test_an_unlisted_situation_is_graded_by_its_harm_002_3_2(harm, level, response):
    """「002 三 2」: 危害程度较轻 → 三级, 较重 → 二级, 严重 → 一级; 「002 四」 the responses of each level."""
    assert _grading("", harm) == {"suggested_level": level, "response": response}


def test_the_seed_lists_fourteen_situations_over_the_three_levels_002_4():
    """「002 四」: 一级 five (with 其他), 二级 five (with 其他), 三级 the four the seed's text keeps."""
    by_level = [sum(1 for level, _ in SITUATIONS.values() if level == n) for n in (1, 2, 3)]
    assert by_level == [5, 5, 4]


@pytest.mark.parametrize("category", sorted(CATEGORY_LABELS))
def test_shipped_deductions_are_6_3_1_for_every_category_001_1_4(category):
    """「001 第一篇(四)四是」 12分扣分制; the seed gives no numbers — ours: 一级6, 二级3, 三级1 (the county's
    to set)."""
    assert [_points(level, category) for level in (1, 2, 3)] == [6, 3, 1]


def test_the_shipped_deduction_table_decides_every_case():
    assert deduction_gaps(read_table(DEDUCTION_XML, "info_deduction.dmn")) == []


#: the shipped table with 三级 restricted to two categories: 三级 of the seven others is undecided
GAPPED = DEDUCTION_XML.replace(
    b'<inputEntry id="rule_level_3_category"><text>-</text></inputEntry>',
    b'<inputEntry id="rule_level_3_category"><text>"conduct","other"</text></inputEntry>')


def test_a_deduction_table_with_an_undecided_case_is_refused_in_chinese():
    """Issue 13: a deduction table that leaves a case undecided gets a clear Chinese error."""
    table = read_table(GAPPED, "info_deduction.dmn")
    gaps = deduction_gaps(table)
    assert len(gaps) == 7
    assert gaps[0].startswith("三级预警、遵纪守法、依法办事方面问题:决策表“廉情预警扣分标准”没有规则命中")
    with pytest.raises(DefinitionRejected) as refused:
        refuse_gaps(table, 2)
    assert refused.value.code == "deduction_table_incomplete"
    assert refused.value.message_zh.startswith("扣分决策表第2版有7种情形未能确定扣分")


def test_overlapping_deductions_are_refused_too():
    """UNIQUE: two rules for one case leave it undecided as much as none."""
    overlapping = DEDUCTION_XML.replace(b'<inputEntry id="rule_level_2_level"><text>2</text></inputEntry>',
                                        b'<inputEntry id="rule_level_2_level"><text>2,3</text></inputEntry>')
    gaps = deduction_gaps(read_table(overlapping, "info_deduction.dmn"))
    assert len(gaps) == 9 and all("同时命中" in gap for gap in gaps)


def test_the_designers_check_refuses_a_gapped_deduction_draft(info_world):
    """The check a decision draft must pass before publication (engine/operations/designs.py) carries the
    package's rule: a gapped table cannot be published."""
    with info_world.factory() as session:
        context = design_context(session)
    problems = problems_of_xml(context, "info_deduction.dmn", DEDUCTION, GAPPED.decode())
    assert {p.code for p in problems} == {"deduction_table_incomplete"}
    assert len(problems) == 7 and all(p.article == "001 第一篇(四)四是" for p in problems)
    assert problems_of_xml(context, "info_deduction.dmn", DEDUCTION, DEDUCTION_XML.decode()) == []
    assert problems_of_xml(context, "info_grading.dmn", "info_grading", GRADING_XML.decode()) == []
