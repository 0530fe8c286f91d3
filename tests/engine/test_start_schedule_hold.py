"""Holding and resuming timer start schedules (issue 11): the shipped catalogue is installed held.

The monthly report (种子001 三、1, every 20th) and the yearly re-identification (种子004 六, every 4 January)
would otherwise start for every unit on the first date after installation, before the county has named its
information officers. The administrator resumes each on 系统管理 → 定时发起; resuming goes on from the next
occurrence, never from the ones that passed while held.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

import engine
from engine.actors import SYSTEM
from engine.clock import UTC
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import DefinitionRejected
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import StartSchedule
from engine.operations.definitions import deploy_definition
from engine.operations.instances import units_holding
from engine.seed import add_people
from engine.start_schedules import list_schedules
from engine.start_schedules import pause_schedule
from engine.start_schedules import resume_schedule
from engine.starts import Recurrence
from tests.engine.starts_support import instances_of

INFO_DIAGRAMS = Path(__file__).resolve().parents[2] / "processes" / "info_network"
MONTHLY = "info_monthly_report"
CHINA = dt.timezone(dt.timedelta(hours=8))


def _schedule(world, key: str = MONTHLY) -> StartSchedule:
    with world.factory() as session:
        return session.execute(select(StartSchedule).where(StartSchedule.key == key)).scalar_one()


def _as(world, username: str, action, schedule_id: int) -> StartSchedule:
    with unit_of_work(world.factory) as session:
        return action(session, world.clock, world.actor(session, username), schedule_id)


def _offices_in(world, *unit_codes: str) -> None:
    with unit_of_work(world.factory) as session:
        add_people(session, [(f"office.{code}", "预警信息办公室", code, ("info_office",)) for code in unit_codes],
                   password_hash="x")


def _sweep_at(world, instant: dt.datetime) -> list[int]:
    world.clock.set(instant)
    return engine.run_due_jobs(world.factory, world.clock).started


@pytest.mark.parametrize("first", ["2020-01-31T09:00:00+08:00", "2026-01-20T09:00:00+08:00",
                                   "2023-02-28T23:30:00+08:00"])
def test_the_next_occurrence_is_found_from_a_first_date_years_back(first):
    """The rough jump over old occurrences never overshoots (it skipped two months from four years back)."""
    rule = Recurrence(dt.datetime.fromisoformat(first), months=1, count=None)
    for day in range(0, 6 * 366, 17):
        instant = dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(days=day, hours=day % 24)
        walked = next((n, rule.occurrence(n)) for n in range(1000) if rule.occurrence(n) >= instant)
        assert rule.first_after(instant) == walked


def test_the_shipped_schedules_are_installed_held_and_start_nothing(world):
    with world.factory() as session:
        held = {s.key: s.paused for s in list_schedules(session)}
    # the quarterly analysis and half-year summary (「001 三、1」, processes/info_network/periodic.py) ship held too
    assert held == {MONTHLY: True, "risk_reidentification": True, "info_quarterly_analysis": True,
                    "info_half_year_summary": True}
    assert _sweep_at(world, dt.datetime(2027, 2, 1, tzinfo=UTC)) == []
    assert instances_of(world, MONTHLY) == []


def test_resuming_goes_on_from_the_next_20th_and_skips_what_passed_while_held_001_3_1(world):
    """「001 三、1」 monthly reporting: resumed on 3 February 2027, the first report starts on 20 February; the
    December and January occurrences that passed while held are not started late."""
    schedule = _schedule(world)
    world.clock.set(dt.datetime(2027, 2, 3, 9, 0, tzinfo=CHINA))
    resumed = _as(world, "admin", resume_schedule, schedule.id)
    assert resumed.next_due_at == dt.datetime(2027, 2, 20, 9, 0, tzinfo=CHINA)
    assert _sweep_at(world, dt.datetime(2027, 2, 20, 8, 59, tzinfo=CHINA)) == []
    _offices_in(world, "county", "dept-finance")
    started = _sweep_at(world, dt.datetime(2027, 2, 20, 9, 0, 1, tzinfo=CHINA))
    offices = {world.unit_id("county"), world.unit_id("dept-finance")}
    with world.factory() as session:  # one report per unit with an information office (startPerUnit)
        assert len(started) == 2
        assert {t.unit_id for t in session.execute(select(HumanTask).where(HumanTask.instance_id.in_(started)))
                .scalars()} == offices
    with world.factory() as session:
        [event] = session.execute(select(AuditEvent).where(AuditEvent.action == "start_schedule.resumed")).scalars()
        assert (event.after["key"], event.after["next_due_at"]) == (MONTHLY, "2027-02-20T01:00:00+00:00")


def test_a_paused_schedule_starts_nothing_until_resumed(world):
    schedule = _schedule(world)
    _as(world, "admin", resume_schedule, schedule.id)
    _as(world, "admin", pause_schedule, schedule.id)
    assert _sweep_at(world, dt.datetime(2026, 12, 21, tzinfo=UTC)) == []
    with pytest.raises(ConcurrencyConflict):
        _as(world, "admin", pause_schedule, schedule.id)  # already held: said so, nothing written


def test_only_an_administrator_holds_or_resumes_a_schedule(world):
    schedule = _schedule(world)
    with pytest.raises(NotPermitted):
        _as(world, "wang.clerk", resume_schedule, schedule.id)
    assert _schedule(world).paused


def test_publishing_a_new_version_keeps_a_held_start_held_and_a_running_one_running(world):
    schedule = _schedule(world)
    xml = (INFO_DIAGRAMS / "monthly_report.bpmn").read_text(encoding="utf-8")
    edited = xml.replace('name="每月廉情预警信息报送"', 'name="每月廉情预警信息报送(修订)"')
    with unit_of_work(world.factory) as session:
        deploy_definition(session, world.clock, SYSTEM, "monthly_report.bpmn", edited.encode())
    assert _schedule(world).paused
    _as(world, "admin", resume_schedule, _schedule(world).id)
    with unit_of_work(world.factory) as session:
        deploy_definition(session, world.clock, SYSTEM, "monthly_report.bpmn",
                          edited.replace("(修订)", "(再修订)").encode(), schedules_paused=True)
    assert not _schedule(world).paused
    assert _schedule(world).id != schedule.id  # a new version's row, carrying the state over


def test_an_occurrence_with_no_unit_holding_the_role_starts_nothing_and_says_so(world):
    """startPerUnit: before any unit has an information office, the 20th passes with no report started, on the
    record (instance.start_skipped), and the next month starts one per office once they exist."""
    _as(world, "admin", resume_schedule, _schedule(world).id)
    assert _sweep_at(world, dt.datetime(2026, 11, 20, 9, 0, 1, tzinfo=CHINA)) == []
    with world.factory() as session:
        [skipped] = session.execute(select(AuditEvent).where(AuditEvent.action == "instance.start_skipped")).scalars()
        assert (skipped.after["process"], skipped.after["per_unit_role"]) == (MONTHLY, "info_office")
    _offices_in(world, "town-zhengyang")
    assert len(_sweep_at(world, dt.datetime(2026, 12, 20, 9, 0, 1, tzinfo=CHINA))) == 1
    town = world.unit_id("town-zhengyang")
    with world.factory() as session:
        assert units_holding(session, "info_office") == [town]


def test_start_per_unit_names_a_known_role(world):
    """startPerUnit must name a role some regulation registers (a typo would start nothing, ever)."""
    xml = (INFO_DIAGRAMS / "monthly_report.bpmn").read_text(encoding="utf-8").replace(
        '"startPerUnit" value="info_office"', '"startPerUnit" value="village_head"', 1)
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, SYSTEM, "monthly_report.bpmn", xml.encode())
    assert "unknown_role" in [d["code"] for d in refused.value.details]


def test_start_per_unit_belongs_on_a_timer_start_only(world):
    xml = (INFO_DIAGRAMS / "monthly_report.bpmn").read_text(encoding="utf-8")
    start = xml.index('<bpmn:timerEventDefinition id="every_20th_timer">')
    end = xml.index("</bpmn:timerEventDefinition>", start) + len("</bpmn:timerEventDefinition>")
    with unit_of_work(world.factory) as session, pytest.raises(DefinitionRejected) as refused:
        deploy_definition(session, world.clock, SYSTEM, "monthly_report.bpmn", (xml[:start] + xml[end:]).encode())
    assert "per_unit_not_timer" in [d["code"] for d in refused.value.details]
