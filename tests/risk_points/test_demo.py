"""The demo registers (issue 12 "Demo and proof"): the county finance bureau and one town, drawn from the kinds
of risk the seeds name (approval, enforcement, personnel and money powers, 「004 九」), valid by the register's
own rules, idempotent."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Unit
from engine.seed import seed_demo
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.models import RiskPoint
from processes.risk_points.vocabulary import RISK_TYPE_LABELS


def test_two_units_get_registers_of_every_level_and_type_and_seeding_twice_adds_nothing(session_factory):
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="x")
        first = seed_risk_demo(session, clock, password_hash="x")
    with unit_of_work(session_factory) as session:
        again = seed_risk_demo(session, clock, password_hash="x")
    assert first == {"risk_users": 8, "risk_points": 8} and again == {"risk_users": 0, "risk_points": 0}
    with session_factory() as session:
        points = session.execute(select(RiskPoint, Unit.code).join(Unit, Unit.id == RiskPoint.unit_id)).all()
        assert {code for _, code in points} == {"dept-finance", "town-zhengyang"}
        assert {p.level for p, _ in points} == {1, 2, 3}
        assert {p.risk_type for p, _ in points} == set(RISK_TYPE_LABELS)
        titles = "".join(p.title for p, _ in points)
        for power in ("资金", "采购", "执法", "人事"):  # 「004 九」: money, procurement, enforcement, personnel
            assert power in titles
        assert all(p.measures and p.versions for p, _ in points)
