"""The identification round as the subject of its instance (「004 十」), and starting one for a unit and year.

The adapter answers the runtime: ``handling`` steps go to the round's unit (the unit finds its own risks,
「004 六」), ``county`` steps to the root; each due rule is a number of days from the round's start
(vocabulary.DUE_DAYS, this system's defaults: the seeds set none); after each step the round shows its most
pressing open stage, and it is closed (已备案公示) when the announcement ends without objection.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models import Unit
from engine.models import User
from engine.notifications import notify_new_tasks
from engine.registry import REGISTRY
from engine.registry import EffectContext
from engine.runtime import advance
from engine.runtime import latest_definition
from engine.runtime import save
from engine.runtime import start_instance
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.access import startable_unit_ids
from processes.risk_points.models import IdentificationRound
from processes.risk_points.vocabulary import DUE_DAYS
from processes.risk_points.vocabulary import FILED_STAGE

SUBJECT_TYPE = "risk_round"
PROCESS_KEY = "risk_identification"


class RoundAdapter:
    """Tell the runtime about an identification round: its unit, its dates, its stage."""

    subject_type = SUBJECT_TYPE
    start_variables = frozenset({"round_id", "round_unit_id", "round_year_planned"})

    def load(self, session: Session, subject_id: int) -> IdentificationRound | None:
        return session.get(IdentificationRound, subject_id)

    def unit_for_scope(self, subject: IdentificationRound, scope: str) -> int | None:
        # 「004 六」: each unit finds the risks of its own posts, offices and powers
        return subject.unit_id if scope == "handling" else None

    def due_date(self, subject: IdentificationRound, due_rule: str) -> dt.date | None:
        days = DUE_DAYS.get(due_rule)
        return None if days is None else subject.started_on + dt.timedelta(days=days)

    def project(self, subject: IdentificationRound, *, stage: str | None, completed: bool, today: dt.date) -> None:
        if completed:
            subject.stage, subject.closed, subject.closed_on = FILED_STAGE, True, subject.closed_on or today
        elif stage is not None:
            subject.stage = stage

    def initial_data(self, session: Session, subject: IdentificationRound) -> dict:
        return {"round_id": subject.id, "round_unit_id": subject.unit_id, "round_year_planned": subject.year}

    def category(self, subject: IdentificationRound) -> str | None:
        return None

    def form_context(self, session: Session, clock: Clock, subject: IdentificationRound,
                     form_key: str) -> forms.FormContext:
        return forms.FormContext(today=local_today(clock))

    def effect_context(self, base: EffectContext) -> EffectContext:
        return base

    def audit_before(self, subject: IdentificationRound) -> dict:
        return {"stage": subject.stage}

    def audit_after(self, subject: IdentificationRound) -> dict:
        return {"stage": subject.stage, "closed": subject.closed}

    def number(self, subject: IdentificationRound) -> str:
        return round_number(subject)

    def reference(self, subject: IdentificationRound) -> str:
        return f"廉政风险点查找({self.number(subject)})"

    def excluded_cadre_id(self, subject: IdentificationRound) -> int | None:
        return None  # a round is about a unit's posts, not about one person

    def readable_by(self, session: Session, user: User, subject: IdentificationRound) -> bool:
        """Who reads the unit's register reads its rounds (「004 十」: the round files into that register)."""
        readable = readable_unit_ids(session, user)
        return readable is None or subject.unit_id in readable


#: the refusal of 「004 十」第一步 to anyone else (the API answers it 403, the page inline)
NOT_A_STARTER = "只有本单位主要领导或风险防控领导小组可以启动风险点查找(004 十 第一步)"


def round_number(round_: IdentificationRound) -> str:
    """The round's number as people read it (the adapter's ``number``)."""
    return f"{round_.year}年度第{round_.id}轮"


def open_round(session: Session, unit_id: int, year: int) -> IdentificationRound | None:
    """Return the unit's round of ``year`` that is still running, if any."""
    return session.execute(select(IdentificationRound).where(
        IdentificationRound.unit_id == unit_id, IdentificationRound.year == year,
        IdentificationRound.closed.is_(False)).order_by(IdentificationRound.id)).scalars().first()


def start_identification(session: Session, clock: Clock, actor: Actor, unit_id: int,
                         year: int) -> IdentificationRound:
    """Open a unit's identification round for ``year`` and start its eight steps (「004 十」)."""
    if session.get(Unit, unit_id) is None:
        raise NotFound("单位不存在")
    if actor.user is not None and unit_id not in startable_unit_ids(actor.user):
        raise NotPermitted(NOT_A_STARTER)
    today = local_today(clock)
    if not isinstance(year, int) or isinstance(year, bool) or not today.year - 1 <= year <= today.year + 1:
        raise FormInvalid("年度不正确,未启动", details={"year": [f"年度应在{today.year - 1}至{today.year + 1}之间"]})
    running = open_round(session, unit_id, year)
    if running is not None:
        # One unit, one year, one round at a time: a second would split the unit's findings between two
        # registers of steps (「004 十」 is one procedure per unit).
        raise FormInvalid("本单位该年度的风险点查找正在进行,未重复启动",
                          details={"year": [f"{year}年度已有一轮查找正在进行(始于{running.started_on}),"
                                            "请在待办中继续办理"]})
    definition = latest_definition(session, PROCESS_KEY)
    if definition is None:
        raise DefinitionRejected("尚未部署风险点查找流程(risk_identification)", code="not_deployed")
    adapter = REGISTRY.adapter(SUBJECT_TYPE)
    round_ = IdentificationRound(unit_id=unit_id, year=year, stage="risk_finding", closed=False, started_on=today,
                                 started_by_id=actor.user_id)
    session.add(round_)
    session.flush()
    loaded = start_instance(session, clock, definition, adapter.initial_data(session, round_), round_, adapter)
    advance(loaded, clock)
    result = save(session, loaded, clock)
    audit.record(session, clock, actor, "risk_round.started", "risk_round", round_.id,
                 after={"unit_id": unit_id, "year": year})
    notify_new_tasks(session, clock, adapter, round_, result.new_tasks)
    return round_
