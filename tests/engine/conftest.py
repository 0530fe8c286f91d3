"""Engine fixtures: a seeded demo county on SQLite (or PostgreSQL), a frozen clock and a case walker."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

import engine
from engine.actors import Actor
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Case
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from processes import measures


@pytest.fixture()
def clock() -> FixedClock:
    """Monday 2 November 2026, 09:00 China time."""
    return FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))


@dataclass
class World:
    """The seeded demo county, looked up by code and username."""

    factory: sessionmaker[Session]
    clock: FixedClock

    def user(self, session: Session, username: str) -> User:
        return session.execute(select(User).where(User.username == username)).scalar_one()

    def actor(self, session: Session, username: str) -> Actor:
        return Actor(self.user(session, username), source_ip="127.0.0.1")

    def unit_id(self, code: str) -> int:
        with self.factory() as session:
            return session.execute(select(Unit.id).where(Unit.code == code)).scalar_one()

    def cadre_id(self, unit_code: str, title: str) -> int:
        with self.factory() as session:
            return session.execute(
                select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id)
                .where(Unit.code == unit_code, Cadre.position_title == title)
            ).scalar_one()


@pytest.fixture()
def world(session_factory, clock) -> World:
    with unit_of_work(session_factory) as session:
        seed_demo(session, clock, password_hash="scrypt:131072:8:1$test$not-a-real-hash")
        deploy_shipped_processes(session, clock)
    return World(session_factory, clock)


class CaseWalker:
    """Drives one case through its steps as the demo users, one transaction per step (like requests)."""

    def __init__(self, world: World, case_id: int):
        self.world = world
        self.case_id = case_id

    @property
    def clock(self) -> FixedClock:
        return self.world.clock

    def open_task(self, bpmn_id: str) -> HumanTask:
        with self.world.factory() as session:
            task = session.execute(
                select(HumanTask).where(of_case(HumanTask, self.case_id), HumanTask.bpmn_id == bpmn_id,
                                        HumanTask.status == TaskStatus.OPEN)
            ).scalar_one_or_none()
            assert task is not None, f"no open step {bpmn_id}; open: {self.open_steps()}"
            return task

    def open_steps(self) -> list[str]:
        with self.world.factory() as session:
            return list(session.execute(
                select(HumanTask.bpmn_id).where(of_case(HumanTask, self.case_id), HumanTask.status == TaskStatus.OPEN)
            ).scalars())

    def do(self, username: str, bpmn_id: str, **data):
        """Complete the open step ``bpmn_id`` as ``username`` with form ``data``; the written remark is ``remark_``."""
        remark = data.pop("remark_", None)
        task = self.open_task(bpmn_id)
        with unit_of_work(self.world.factory) as session:
            return engine.complete_task(session, self.clock, self.world.actor(session, username), task.id, data, remark)

    def case(self) -> Case:
        with self.world.factory() as session:
            return session.get(Case, self.case_id)

    def on(self, day: str) -> None:
        """Move the clock to 10:00 China time on ``day`` (the clerk records things as they happen)."""
        self.clock.set(dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"))

    def today(self) -> str:
        return self.clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date().isoformat()


def register(world: World, username: str, cadre_id: int, **overrides) -> CaseWalker:
    """Register a clue as ``username`` and return a walker for its case."""
    payload = {"source_channel": "letters_visits", "received_on": "2026-11-01", "source_unit_name": "县信访局",
               "summary": "群众反映该干部违规收受礼金。", "subject_cadre_id": cadre_id, **overrides}
    with unit_of_work(world.factory) as session:
        registered = measures.register_clue(session, world.clock, world.actor(session, username), payload)
        case_id = registered.case.id
    return CaseWalker(world, case_id)


@pytest.fixture()
def walker_for(world):
    """Return a function registering a clue about a cadre and giving its walker."""

    def make(unit_code: str = "town-zhengyang", title: str = "镇长", username: str = "wang.clerk", **overrides):
        return register(world, username, world.cadre_id(unit_code, title), **overrides)

    return make
