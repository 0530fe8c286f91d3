"""Fixtures of the warning-information network: the demo county with its shipped tables and the network's people."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.clock import UTC
from engine.clock import FixedClock
from engine.county import county_commission_id
from engine.db import unit_of_work
from engine.models import Unit
from engine.seed import add_people
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World

#: the network's people in the county warning centre, by username: (name, roles) — 「002 一」「001 第一篇(四)一是」
NETWORK_PEOPLE = {
    "yj.officer": ("预警信息员甲", ("info_officer",)),
    "yj.invited": ("特邀预警信息员(县人大代表)", ("info_invited_officer",)),
    "yj.office": ("预警信息办公室干事", ("info_office",)),
    "yj.centre": ("县预警中心主任", ("info_centre",)),
    "yj.deputy": ("纪委分管副书记", ("info_deputy_secretary",)),
    "yj.secretary": ("党委书记", ("info_party_secretary",)),
}


@pytest.fixture()
def info_world(session_factory) -> World:
    """The demo county on Sunday 20 January 2030, 08:00 China time, with the network's people."""
    clock = FixedClock(dt.datetime(2030, 1, 20, 0, 0, tzinfo=UTC))
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="scrypt:131072:8:1$test$not-a-real-hash")
        deploy_shipped_processes(session, clock)
        county = session.get(Unit, county_commission_id(session))  # engine.county
        add_people(session, [(name, display, county.code, roles) for name, (display, roles) in NETWORK_PEOPLE.items()],
                   password_hash="x")
    return World(session_factory, clock)
