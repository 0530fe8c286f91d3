"""Fixtures of the risk-point package: the seeded demo county, its diagrams and a unit's people by role."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.seed import add_people
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World

#: the county finance bureau's people taking part in an identification, by username: (name, roles)
FINANCE_PEOPLE = {
    "cz.principal": ("县财政局局长", ("unit_principal",)),
    "cz.leader": ("县财政局分管副局长", ("unit_leader_in_charge", "unit_staff")),
    "cz.head": ("预算股股长", ("office_head", "unit_staff")),
    "cz.staff1": ("预算股干部甲", ("unit_staff",)),
    "cz.staff2": ("预算股干部乙", ("unit_staff",)),
}


@pytest.fixture()
def risk_world(session_factory) -> World:
    """The demo county on Monday 2 November 2026, 09:00 China time, with the finance bureau's people."""
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="scrypt:131072:8:1$test$not-a-real-hash")
        deploy_shipped_processes(session, clock)
        people = [(name, display, "dept-finance", roles) for name, (display, roles) in FINANCE_PEOPLE.items()]
        add_people(session, people, password_hash="x")
    return World(session_factory, clock)
