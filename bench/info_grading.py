"""Grading warning information (issue 13 "Benchmarked": ≤ 1 ms per item graded on SQLite).

``grade_item`` (processes/info_network/items.py) suggests a level with info_grading.dmn, deducts with
info_deduction.dmn, decides the colour and accountability and audits — per item. Measured two ways on the
demo county: each item in its own transaction (as the API grades one), and 1,000 items a transaction (a batch);
beside bare SpiffWorkflow evaluating the same two shipped tables in memory (the floor: no database at all).
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser
from sqlalchemy import select

from bench.stats import Timings
from engine.db import unit_of_work
from engine.models import Unit
from engine.models import User
from engine.seed import add_people
from processes.info_network.items import grade_item
from processes.info_network.models import InfoItem

INFO = Path(__file__).resolve().parent.parent / "processes" / "info_network"
#: (situation, harm, decider): every level, cycled — 三级 by the centre, 二级 the deputy, 一级 the secretary
GRADINGS = (("accounts_disorder", "light", "b.centre"), ("allowances_abused", "heavy", "b.deputy"),
            ("", "light", "b.centre"), ("fiscal_funds_misused", "severe", "b.secretary"))
CATEGORIES = ("conduct", "law_abiding", "administration", "projects_funds", "unhealthy_trends", "harm_to_public",
              "policy_execution", "early_signs", "other")


class _Workflow:
    script_engine = PythonScriptEngine()


class _Task:
    """What SpiffWorkflow's DMN engine reads of a task: its data and its workflow's script engine."""

    workflow = _Workflow()

    def __init__(self, data: dict):
        self.data = data


def bare_dmn_evaluations(count: int) -> Timings:
    """Both shipped tables evaluated by bare SpiffWorkflow's DMNEngine, ``count`` times: per item."""
    parser = BpmnDmnParser()
    parser.add_dmn_files([str(INFO / "info_grading.dmn"), str(INFO / "info_deduction.dmn")])
    grading, deduction = (parser.get_engine(key, None) for key in ("info_grading", "info_deduction"))
    timings = Timings()
    for n in range(count):
        situation, harm, _ = GRADINGS[n % len(GRADINGS)]
        began = time.perf_counter()
        level = grading.result(_Task({"situation": situation, "harm": harm}))["suggested_level"]
        deduction.result(_Task({"level": level, "category": CATEGORIES[n % len(CATEGORIES)]}))
        timings.add(time.perf_counter() - began)
    return timings


def _verified_items(db, count: int, year: int) -> list[int]:
    """``count`` verified items over the demo's units, a few per unit and year (scores stay in range)."""
    with unit_of_work(db.factory) as session:
        county = session.execute(select(Unit).where(Unit.parent_id.is_(None))).scalar_one()
        add_people(session, [("b.reporter", "基准信息员", county.code, ("info_officer",)),
                             ("b.centre", "基准预警中心", county.code, ("info_centre",)),
                             ("b.deputy", "基准分管副书记", county.code, ("info_deputy_secretary",)),
                             ("b.secretary", "基准书记", county.code, ("info_party_secretary",))],
                   password_hash="scrypt:131072:8:1$bench$unused")
        units = list(session.execute(select(Unit.id).order_by(Unit.id)).scalars())
        reporter = session.execute(select(User.id).where(User.username == "b.reporter")).scalar_one()
        now = db.clock.now()
        rows = [InfoItem(category=CATEGORIES[n % len(CATEGORIES)], source="public", unit_id=units[n % len(units)],
                         facts="基准测试信息。", reported_by_id=reporter, reported_on=dt.date(year, 1, 1), year=year,
                         verified=True, verified_by_id=reporter, verified_at=now, created_at=now)
                for n in range(count)]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def grading_workload(db, items: int, batch: int = 1000) -> dict:
    """Grade ``items`` items one transaction each, then ``items`` more ``batch`` to a transaction."""
    single_ids = _verified_items(db, items, 2026)
    batch_ids = _verified_items(db, items, 2025)
    single = Timings()
    for n, item_id in enumerate(single_ids):
        situation, harm, username = GRADINGS[n % len(GRADINGS)]
        with unit_of_work(db.factory) as session:
            actor = db.actor(session, username)  # as the API reads the token's user, before the timing
            began = time.perf_counter()
            grade_item(session, db.clock, actor, item_id, situation=situation, harm=harm)
        single.add(time.perf_counter() - began)  # the commit included
    began = time.perf_counter()
    for start in range(0, len(batch_ids), batch):
        with unit_of_work(db.factory) as session:
            actors = {username: db.actor(session, username) for _, _, username in GRADINGS}
            for n, item_id in enumerate(batch_ids[start:start + batch], start=start):
                situation, harm, username = GRADINGS[n % len(GRADINGS)]
                grade_item(session, db.clock, actors[username], item_id, situation=situation, harm=harm)
    per_item_batched = (time.perf_counter() - began) / len(batch_ids)
    return {"single": single, "batched_ms": per_item_batched * 1000}
