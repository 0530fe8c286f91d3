"""A county's database made by the release before the cut, with cases in flight, upgrades and runs to the end.

Issue 11 §1: "Test it on a database made by the current release with cases in flight: they continue to the
end." ``tests/data/release_0006_cases_in_flight.sql`` was written by the release's own code at revision 0006
(``tests/data/make_release_0006_fixture.py``): an inquiry waiting for approval (第十七条), an ordered
correction in rectification with its one-month timer armed (第三十条), and a clue waiting to be screened
(第十四条). Loaded into an empty database, upgraded to head, each case is finished with today's code — the
correction by its deadline timer (第三十一条) — the audit chain still verifies, and the downgrade keeps them.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy import text

import engine
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import Base
from engine.db import make_engine
from engine.db import make_session_factory
from engine.models import Case
from processes.measures.subject import SUBJECT_TYPE
from tests.engine.conftest import CaseWalker
from tests.engine.conftest import World
from webui.cli import alembic_config

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "release_0006_cases_in_flight.sql"
#: the morning after the fixture was made (it was made on 2026-11-02/03 China time)
NEXT_MORNING = dt.datetime(2026, 11, 4, 2, 0, tzinfo=UTC)


def _statements(sql: str) -> Iterator[str]:
    """Yield each statement of a dump: a line ending in ';' outside any quoted literal ends one."""
    pending: list[str] = []
    for line in sql.splitlines():
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending.append(line)
        statement = "\n".join(pending)
        if statement.rstrip().endswith(";") and statement.count("'") % 2 == 0:
            yield statement
            pending = []
    assert not pending, "the dump ends inside a statement"


def _load_release(connection) -> None:
    filled = set()
    for statement in _statements(FIXTURE.read_text(encoding="utf-8")):
        connection.exec_driver_sql(statement)
        filled.add(statement.split()[2])  # INSERT INTO <table> ...
    if connection.dialect.name == "postgresql":
        # The dump wrote every id itself: move each sequence past them, as the release's own inserts had.
        for table in Base.metadata.sorted_tables:
            if table.name in filled and "id" in table.c and table.c.id.primary_key:
                name = table.name
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                        f"(SELECT MAX(id) FROM {name})) WHERE EXISTS (SELECT 1 FROM {name})"))


@pytest.fixture()
def release_database(database_url, tmp_path):
    """An empty database brought to 0006, the release's rows loaded; yields (sql engine, alembic config)."""
    if database_url.startswith("postgresql"):
        schema = f"u_{uuid.uuid4().hex[:10]}"
        admin = make_engine(database_url)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        sql_engine = make_engine(database_url, connect_args={"options": f"-csearch_path={schema}"})
    else:
        admin, schema = None, None
        sql_engine = make_engine(f"sqlite:///{tmp_path / 'release.sqlite3'}")
    try:
        with sql_engine.connect() as conn:
            config = alembic_config(str(sql_engine.url.render_as_string(hide_password=False)))
            config.attributes["connection"] = conn
            command.upgrade(config, "0006")
            _load_release(conn)
            conn.commit()
        yield sql_engine, config
    finally:
        sql_engine.dispose()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            admin.dispose()


def _migrate(sql_engine, config, revision: str, *, down: bool = False) -> None:
    with sql_engine.connect() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
        conn.commit()


def _rows(sql_engine, query: str) -> list[tuple]:
    with sql_engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(query))]


#: the release's references to its cases, and where revision 0007 puts them (issue 11 §1)
RELEASE_INSTANCES = "SELECT id, case_id FROM process_instance ORDER BY id"
RELEASE_TASKS = "SELECT id, case_id, warning_type FROM human_task ORDER BY id"
GENERIC_INSTANCES = "SELECT id, subject_type, subject_id FROM process_instance ORDER BY id"
GENERIC_TASKS = "SELECT id, subject_type, subject_id, category FROM human_task ORDER BY id"
RELEASE_DOCUMENTS = "SELECT id, case_id FROM document ORDER BY id"
GENERIC_DOCUMENTS = "SELECT id, subject_type, subject_id FROM document ORDER BY id"
RELEASE_ATTACHMENTS = "SELECT id, case_id FROM attachment ORDER BY id"
GENERIC_ATTACHMENTS = "SELECT id, subject_type, subject_id FROM attachment ORDER BY id"


def test_revision_0007_moves_the_cases_onto_the_generic_subject_and_back(release_database):
    sql_engine, config = release_database
    instances, tasks = _rows(sql_engine, RELEASE_INSTANCES), _rows(sql_engine, RELEASE_TASKS)
    documents = _rows(sql_engine, RELEASE_DOCUMENTS)
    assert len(documents) == 10  # the forms and notices the release issued
    with sql_engine.begin() as conn:  # the release filed no file with its cases: file one as it would have
        conn.execute(text("INSERT INTO attachment (id, case_id, task_id, filename, content_type, size, sha256, "
                          "content, uploaded_by_id, uploaded_at, extra) VALUES (1, 2, 8, '回复.pdf', "
                          "'application/pdf', 10, :sha, :content, 4, '2026-11-03 01:00:00', '{}')"),
                     {"sha": "0" * 64, "content": b"%PDF-1.4 x"})
    attachments = _rows(sql_engine, RELEASE_ATTACHMENTS)
    assert len(instances) == 3 and len(tasks) == 20 and all(case_id for _, case_id in instances)
    assert {t[2] for t in tasks} >= {"inquiry", "correction"}  # the release stored the type on its tasks

    _migrate(sql_engine, config, "0007")
    assert _rows(sql_engine, GENERIC_INSTANCES) == [(i, SUBJECT_TYPE, case_id) for i, case_id in instances]
    assert _rows(sql_engine, GENERIC_TASKS) == [(i, SUBJECT_TYPE, case_id, kind) for i, case_id, kind in tasks]
    assert _rows(sql_engine, GENERIC_DOCUMENTS) == [(i, SUBJECT_TYPE, case_id) for i, case_id in documents]
    assert _rows(sql_engine, GENERIC_ATTACHMENTS) == [(1, SUBJECT_TYPE, 2)]

    _migrate(sql_engine, config, "0008", down=True)
    assert _rows(sql_engine, RELEASE_INSTANCES) == instances
    assert _rows(sql_engine, RELEASE_TASKS) == tasks
    assert _rows(sql_engine, RELEASE_DOCUMENTS) == documents
    assert _rows(sql_engine, RELEASE_ATTACHMENTS) == attachments == [(1, 2)]


def test_the_downgrade_refuses_subjects_the_older_schema_cannot_name(release_database):
    sql_engine, config = release_database
    _migrate(sql_engine, config, "0007")
    with sql_engine.begin() as conn:
        conn.execute(text("UPDATE process_instance SET subject_type = 'risk_point', subject_id = 7 WHERE id = 3"))
    with pytest.raises(RuntimeError, match="other than warning cases"):
        _migrate(sql_engine, config, "0008", down=True)
    assert _rows(sql_engine, "SELECT subject_type, subject_id FROM process_instance WHERE id = 3") == [
        ("risk_point", 7)]  # nothing half-undone


def _walkers(world: World) -> dict[str, CaseWalker]:
    with world.factory() as session:
        cases = session.execute(select(Case).order_by(Case.id)).scalars().all()
    return {case.number: CaseWalker(world, case.id) for case in cases}


def test_cases_in_flight_at_the_release_run_to_the_end_after_the_upgrade(release_database):
    sql_engine, config = release_database
    _migrate(sql_engine, config, "head")
    world = World(make_session_factory(sql_engine), FixedClock(NEXT_MORNING))
    inquiry, correction, fresh = _walkers(world).values()
    # The runtime finds each case through the generic pair the upgrade wrote (issue 11 §1).
    assert _rows(sql_engine, GENERIC_INSTANCES) == [(1, SUBJECT_TYPE, inquiry.case_id),
                                                    (2, SUBJECT_TYPE, correction.case_id),
                                                    (3, SUBJECT_TYPE, fresh.case_id)]
    assert inquiry.open_steps() == ["approve_inquiry"]
    assert correction.open_steps() == ["await_rectification"]
    assert fresh.open_steps() == ["screen_clue"]

    # 第十七条: the deputy secretary approves; the inquiry is carried out in writing and answered (第二十八条).
    inquiry.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-04")
    inquiry.do("wang.clerk", "plan_implementation", method="written", started_on="2026-11-04", implementer="县纪委")
    inquiry.do("xu.clerk", "fill_registration_form", commitment="如实说明情况")
    inquiry.do("wang.clerk", "issue_notice", issued_on="2026-11-04", delivery_method="in_person")
    inquiry.do("wang.clerk", "record_receipt", received_on="2026-11-04")
    assert inquiry.case().current_due_date == dt.date(2026, 11, 16)  # 10 days, the 14th/15th a weekend
    inquiry.do("wang.clerk", "await_reply", submitted_on="2026-11-04", summary="书面说明了有关情况")
    inquiry.do("wang.clerk", "review_reply", supervision_outcome="concluded", opinion="说明清楚")
    inquiry.do("wang.clerk", "feedback_to_source", notified_on="2026-11-04", feedback="已谈话函询,说明清楚")

    # 第十四条: the fresh clue is screened and dismissed, and its source told.
    fresh.do("wang.clerk", "screen_clue", routing="dismiss", reason="反映问题已查清,无需预警")
    fresh.do("wang.clerk", "feedback_to_source", notified_on="2026-11-04", feedback="经核查,不予预警")

    # 第三十、三十一条: the correction's timer, armed by the release, fires at the end of 3 December.
    world.clock.set(dt.datetime(2026, 12, 3, 15, 59, tzinfo=UTC))
    assert engine.run_due_jobs(world.factory, world.clock).fired == []
    world.clock.set(dt.datetime(2026, 12, 3, 16, 0, 1, tzinfo=UTC))
    assert len(engine.run_due_jobs(world.factory, world.clock).fired) == 1
    assert correction.open_steps() == ["decide_correction_overdue"] and correction.case().overdue
    correction.do("wang.clerk", "decide_correction_overdue", supervision_outcome="case_filed", opinion="逾期未纠正")
    correction.do("wang.clerk", "hand_over", handover_kind="case_filed", receiving_body="县纪委案件审理室",
                  handed_over_on="2026-12-04")
    correction.do("wang.clerk", "feedback_to_source", notified_on="2026-12-04", feedback="已转立案查处")

    outcomes = {walk.case().number: (walk.case().status, walk.case().outcome) for walk in (inquiry, correction, fresh)}
    assert outcomes == {inquiry.case().number: ("closed", "concluded"),
                        correction.case().number: ("closed", "case_filed"),
                        fresh.case().number: ("closed", "dismissed")}
    with world.factory() as session:
        assert engine.verify_audit_chain(session).ok  # the release's events and ours form one chain

    # Back to the release's schema: the finished cases and their instances are still there.
    _migrate(sql_engine, config, "0006", down=True)
    with sql_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM warning_case WHERE status = 'closed'")).scalar() == 3
        assert conn.execute(text("SELECT count(*) FROM process_instance WHERE case_id IS NOT NULL "
                                 "AND status = 'completed'")).scalar() == 3
        # every task our code opened after the upgrade went back to its case
        assert conn.execute(text("SELECT count(*) FROM human_task WHERE case_id IS NULL")).scalar() == 0


UNIT_TREE = "SELECT code, name, kind, parent_id, path FROM unit ORDER BY id"


def test_revision_0018_puts_the_county_above_the_commission_and_the_cases_stay_in_reach(release_database):
    """Issue 15, "Also": the release's tree has the commission at the root and the county committee under it.
    The upgrade puts the county (寿县) at the root with the commission and the county committee beside each
    other; the county's 预警办 still reads every case in flight (第三、十四条) and works on it; the downgrade
    gives the release's tree back exactly."""
    sql_engine, config = release_database
    _migrate(sql_engine, config, "0017")
    before = _rows(sql_engine, UNIT_TREE)
    assert before[1][:4] == ("county-committee", "中共寿县县委", "county_committee", 1)

    _migrate(sql_engine, config, "0018")
    units = {code: (name, kind, parent, path) for code, name, kind, parent, path in _rows(sql_engine, UNIT_TREE)}
    ids = dict(_rows(sql_engine, "SELECT code, id FROM unit"))
    county = ids["county-root"]
    assert units["county-root"] == ("寿县", "county", None, f"/{county}/")
    assert units["county"][2:] == (county, f"/{county}/1/")
    assert units["county-committee"][2:] == (county, f"/{county}/2/")
    assert units["town-zhengyang"][2:] == (county, f"/{county}/5/")

    world = World(make_session_factory(sql_engine), FixedClock(NEXT_MORNING))
    with world.factory() as session:
        from engine.county import county_commission_id
        from engine.permissions import case_scope_filter
        assert county_commission_id(session) == 1  # county-scoped steps stay in the commission
        clerk = world.actor(session, "wang.clerk").user
        readable = set(session.execute(select(Case.id).where(case_scope_filter(session, clerk))).scalars())
    walkers = _walkers(world)
    assert readable == {walker.case_id for walker in walkers.values()} and len(readable) == 3
    fresh = list(walkers.values())[2]
    fresh.do("wang.clerk", "screen_clue", routing="dismiss", reason="反映问题已查清,无需预警")
    assert fresh.open_steps() == ["feedback_to_source"]

    _migrate(sql_engine, config, "0017", down=True)
    assert _rows(sql_engine, UNIT_TREE) == before
