"""Grading several items in one transaction (the batch the benchmark measures) decides as grading them one by one.

grade_item looks the decision tables and the county's thresholds up once per transaction (tables.py,
settings.py) and reads before it writes: these tests prove that what one grading writes is seen by the next in
the same transaction — 「001 第一篇(四)四是」 the running score and its colours, 「001 第一篇(五)6」 the second
warning opening accountability once — and that thresholds set earlier in the transaction are the ones used.
"""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select

from engine.db import unit_of_work
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.models import InfoWarning
from processes.info_network.settings import set_thresholds

ITEM = {"category": "administration", "source": "public", "facts": "违规发放津贴。"}


def _verified(session, world, unit_id: int) -> int:
    item = create_item(session, world.clock, world.actor(session, "yj.officer"), {**ITEM, "unit_id": unit_id})
    verify_item(session, world.clock, world.actor(session, "yj.centre"), item.id)
    return item.id


def test_three_gradings_in_one_transaction_run_the_score_down_and_open_accountability_once(info_world):
    """二级 items deduct 3 each (shipped table): 12 → 9 blue → 6 yellow → 3 red; the second warning opens
    accountability (「001 第一篇(五)6」) and the third does not open it again."""
    finance = info_world.unit_id("dept-finance")
    with unit_of_work(info_world.factory) as session:
        ids = [_verified(session, info_world, finance) for _ in range(3)]
        deputy = info_world.actor(session, "yj.deputy")
        results = [grade_item(session, info_world.clock, deputy, item_id, situation="allowances_abused",
                              harm="heavy") for item_id in ids]
    assert [(r.points, r.score, r.colour) for r in results] == [(3, 9, "blue"), (3, 6, "yellow"), (3, 3, "red")]
    assert [r.accountability is not None for r in results] == [False, True, False]
    with info_world.factory() as session:
        assert session.execute(select(func.count()).select_from(InfoWarning).where(
            InfoWarning.unit_id == finance, InfoWarning.kind == "accountability")).scalar_one() == 1


def test_thresholds_set_earlier_in_the_transaction_are_the_ones_a_grading_uses(info_world):
    """The county's thresholds (ours to default, 「001 第一篇(四)四是」 gives none) read once per transaction are
    read again after set_thresholds: 9 points left is blue by default, nothing under blue ≤ 8."""
    finance = info_world.unit_id("dept-finance")
    with unit_of_work(info_world.factory) as session:
        item_id = _verified(session, info_world, finance)
        set_thresholds(session, info_world.clock, info_world.actor(session, "yj.centre"),
                       {"blue": 8, "yellow": 6, "red": 3}, "依本县预警分级管理办法")
        result = grade_item(session, info_world.clock, info_world.actor(session, "yj.deputy"), item_id,
                            situation="allowances_abused", harm="heavy")
    assert (result.score, result.colour) == (9, None)
