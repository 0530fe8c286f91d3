"""Build a database at revision 0006 with warning cases in flight, using the release's own code, and dump it.

It runs the *release* code, never today's: export the release (git archive 588caa5 | tar -x -C /tmp/release) and
run it from there with the output path and the commit, e.g.
PYTHONPATH=/tmp/release python tests/data/make_release_0006_fixture.py release_0006_cases_in_flight.sql 588caa5
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import select

import engine.models  # noqa: F401
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory
from engine.db import unit_of_work
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World
from tests.engine.conftest import register
from tests.engine.test_correction_case import approve_correction_up_to_receipt
from webui.cli import alembic_config

out, commit = Path(sys.argv[1]), sys.argv[2]
path = Path(tempfile.mkdtemp()) / "release.sqlite3"
url = f"sqlite:///{path}"
command.upgrade(alembic_config(url), "head")
sql_engine = make_engine(url)
factory = make_session_factory(sql_engine)
clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
with unit_of_work(factory) as session:
    seed_demo(session, clock, password_hash="scrypt:131072:8:1$test$not-a-real-hash")
    deploy_shipped_processes(session, clock)
world = World(factory, clock)

# Case 1: an inquiry proposed and put on the approval form, waiting for the deputy secretary (第十七条).
inquiry = register(world, "wang.clerk", world.cadre_id("town-zhengyang", "副镇长"))
inquiry.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
inquiry.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
inquiry.do("xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
assert inquiry.open_steps() == ["approve_inquiry"], inquiry.open_steps()

# Case 2: an ordered correction in rectification, its one-month timer armed (第三十条).
correction = register(world, "wang.clerk", world.cadre_id("town-zhengyang", "镇长"))
approve_correction_up_to_receipt(correction, world)
assert correction.open_steps() == ["await_rectification"], correction.open_steps()

# Case 3: a clue just registered, waiting to be screened (第十四条).
register(world, "wang.clerk", world.cadre_id("town-zhengyang", "副镇长"))


def literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    elif isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "'" + str(value).replace("'", "''") + "'"


lines = [f"-- A Lianjing database at Alembic revision 0006, made by the release's own code (commit {commit}):",
         "-- the demo county seeded, the five diagrams deployed, and three warning cases in flight on 2026-11-03:",
         "-- an inquiry waiting for approval (第十七条), an ordered correction in rectification with its one-month",
         "-- timer armed (第三十条), and a clue waiting to be screened (第十四条). Standard SQL literals, one row",
         "-- per statement, parents before children: it loads into SQLite and PostgreSQL after `upgrade 0006`.",
         "-- Made by tests/data/make_release_0006_fixture.py; never edit it by hand."]
with sql_engine.connect() as conn:
    for table in Base.metadata.sorted_tables:
        rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
        for row in rows:
            columns = ", ".join(row._fields)
            values = ", ".join(literal(v) for v in row)
            lines.append(f"INSERT INTO {table.name} ({columns}) VALUES ({values});")
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(out, len(lines))
