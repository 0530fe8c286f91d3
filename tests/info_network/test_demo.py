"""The demo network (issue 13 "Demo and proof", first slice): people, items across the levels, one unit on yellow."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.seed import seed_demo
from processes.info_network.demo import seed_info_demo
from processes.info_network.items import unit_scores
from processes.info_network.models import InfoItem


def test_the_demo_puts_the_finance_bureau_on_yellow_with_accountability(session_factory):
    """「001 第一篇(四)四是」 two 二级 warnings (3 + 3 points by default) leave 6 of 12: yellow (≤ 8, ours);
    「001 第一篇(五)6」 the second warning opens accountability."""
    clock = FixedClock(dt.datetime(2030, 3, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="x")
        assert seed_info_demo(session, clock, password_hash="x") == {"info_users": 9, "info_items": 5}
    with unit_of_work(session_factory) as session:
        assert seed_info_demo(session, clock, password_hash="x") == {"info_users": 0, "info_items": 0}
        levels = sorted(level for level in session.execute(select(InfoItem.level)).scalars() if level)
        assert levels == [1, 2, 2, 3]
        rows = {row["unit_name"]: row for row in unit_scores(session, 2030)}
    assert (rows["县财政局"]["score"], rows["县财政局"]["colour"], rows["县财政局"]["accountability"]) == (
        6, "yellow", True)
    assert (rows["正阳关镇"]["score"], rows["正阳关镇"]["colour"], rows["正阳关镇"]["items"]) == (5, "red", 3)
