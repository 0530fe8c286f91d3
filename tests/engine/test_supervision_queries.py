"""The supervisor's aggregate queries and actions (督办): due board, the Measures' deadlines, step durations,
quarterly statistics, feedback owed, incidents; remind, reassign, comment, retry."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Incident
from engine.models import IncidentStatus
from engine.models import Notification
from engine.models import ProcessInstance
from engine.models import RoleAssignment
from engine.models import TaskComment
from engine.models import User
from engine.models.cases import of_case
from engine.operations.oversight import comment_on_task
from engine.operations.oversight import reassign_task
from engine.operations.oversight import remind_task
from engine.operations.oversight import retry_incident_as_overseer
from engine.supervision_queries import AGEING_BUCKETS
from engine.supervision_queries import ageing_bucket
from engine.supervision_queries import assignee_choices
from engine.supervision_queries import compliance_report
from engine.supervision_queries import due_board
from engine.supervision_queries import feedback_owed
from engine.supervision_queries import latest_definition
from engine.supervision_queries import open_incidents
from engine.supervision_queries import percentile
from engine.supervision_queries import quarterly_statistics
from engine.supervision_queries import statistics_workbook
from engine.supervision_queries import step_statistics
from tests.engine.test_correction_case import approve_correction_up_to_receipt
from tests.engine.test_reminders import approve_inquiry

CHINA = dt.timezone(dt.timedelta(hours=8))


def on(world, day: str) -> None:
    world.clock.set(dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"))


def ask(world, query, username: str = "chen.supervisor", **kwargs):
    with world.factory() as session:
        return query(session, world.clock, world.user(session, username), **kwargs)


def act(world, verb, username: str = "chen.supervisor", *args, **kwargs):
    with unit_of_work(world.factory) as session:
        return verb(session, world.clock, world.actor(session, username), *args, **kwargs)


def give_role(world, username: str, role: str, unit_code: str) -> None:
    unit_id = world.unit_id(unit_code)  # its own session: look it up before the writing one opens
    with unit_of_work(world.factory) as session:
        session.add(RoleAssignment(user_id=world.user(session, username).id, role=role, unit_id=unit_id))


@pytest.fixture()
def two_late_cases(world, walker_for):
    """An ordered correction in its rectification month (due 3 December, 第三十条) and an approved inquiry
    whose implementation should start by 9 November (第十七条)."""
    correction = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(correction, world, received_on="2026-11-03")
    on(world, "2026-11-03")
    inquiry = walker_for("town-wabu", "镇长")
    approve_inquiry(inquiry)
    return correction, inquiry


def test_ageing_buckets_cover_every_overdue_day():
    assert ageing_bucket(0) is None and ageing_bucket(-2) is None
    assert [ageing_bucket(d).key for d in (1, 3, 4, 7, 8, 15, 16, 200)] == \
        ["1-3", "1-3", "4-7", "4-7", "8-15", "8-15", "15+", "15+"]
    assert [b.label for b in AGEING_BUCKETS] == ["逾期1–3天", "逾期4–7天", "逾期8–15天", "逾期15天以上"]


def test_the_board_counts_overdue_and_due_soon_steps_by_unit_step_and_type(world, two_late_cases):
    _, inquiry = two_late_cases
    start_due = inquiry.open_task("plan_implementation").due_date
    on(world, "2026-11-30")  # rectification due in 3 days; implementation of the inquiry 21 days late
    board = ask(world, due_board)
    assert (board.overdue, board.due_soon) == (1, 1)
    assert {b.key: n for b, n in board.ageing} == {"1-3": 0, "4-7": 0, "8-15": 0, "15+": 1}
    steps = {t.key: (t.label, t.overdue, t.due_soon) for t in board.by_step}
    assert steps == {"plan_implementation": ("确定实施方式", 1, 0), "await_rectification": ("跟踪整改", 0, 1)}
    assert [(t.label, t.overdue, t.due_soon) for t in board.by_warning_type] == [("谈话函询", 1, 0), ("责令纠错", 0, 1)]
    assert [(t.label, t.total) for t in board.by_unit] == [("寿县纪委", 2)]
    first, second = board.rows.items
    assert (
        first.task.bpmn_id == "plan_implementation" and first.days_overdue == (dt.date(2026, 11, 30) - start_due).days
    )
    assert first.bucket.key == "15+" and first.cadre_name and first.unit_name == "寿县纪委"
    assert first.candidate_labels == ["预警办"] and first.assignee_name is None
    assert second.task.bpmn_id == "await_rectification" and second.days_left == 3 and second.bucket is None

    only_overdue = ask(world, due_board, when="overdue")
    assert [r.task.bpmn_id for r in only_overdue.rows.items] == ["plan_implementation"]
    assert (only_overdue.overdue, only_overdue.due_soon) == (1, 0)
    by_type = ask(world, due_board, warning_type="correction")
    assert [r.task.bpmn_id for r in by_type.rows.items] == ["await_rectification"]
    assert len(by_type.step_choices) == 2  # the choices do not narrow with the filters
    assert ask(world, due_board, step="await_rectification", bucket="15+").rows.items == []
    assert ask(world, due_board, unit_id=world.unit_id("town-wabu")).rows.items == []


def test_rectification_late_by_a_week_falls_in_the_4_to_7_band_第三十条(world, two_late_cases):
    correction, _ = two_late_cases
    on(world, "2026-12-10")
    engine.run_due_jobs(world.factory, world.clock)  # the boundary timer opens the overdue decision
    board = ask(world, due_board, step="decide_correction_overdue")
    (row,) = board.rows.items
    assert row.task.case_id == correction.case_id and row.days_overdue == 7 and row.bucket.key == "4-7"


def test_the_board_is_for_supervisors_and_auditors_of_their_own_scope(world, two_late_cases):
    on(world, "2026-11-30")
    assert ask(world, due_board, "liu.auditor").overdue == 1
    with pytest.raises(NotPermitted):
        ask(world, due_board, "wang.clerk")
    give_role(world, "wb.office", "supervisor", "town-wabu")
    town = ask(world, due_board, "wb.office")  # both cases are handled by the county commission
    assert (town.overdue, town.due_soon, town.rows.items) == (0, 0, [])


def test_compliance_lists_late_starts_running_and_overdue_periods_and_waiting_clues(world, walker_for, two_late_cases):
    correction, inquiry = two_late_cases
    waiting = walker_for("town-anfeng", "镇长", received_on="2026-10-20")
    on(world, "2026-11-20")
    report = ask(world, compliance_report)
    # 第十七条: approved 2 November, not started by the 7-day date
    assert [r.case.id for r in report.late_starts] == [inquiry.case_id]
    assert report.late_starts[0].days_late == (dt.date(2026, 11, 20) - inquiry.case().start_due_date).days
    # 第三十条: the correction's month runs until 3 December
    assert [(r.case.id, r.days_left, r.extended) for r in report.periods_running] == [(correction.case_id, 13, False)]
    assert report.periods_overdue == []
    # 第三十三条: received 20 October, still unscreened a month later (the clue registered today is not)
    assert [c.case.id for c in report.waiting_clues] == [waiting.case_id]
    assert report.waiting_clues[0].days_waiting == 31
    assert ask(world, compliance_report, clue_days=40).waiting_clues == []

    on(world, "2026-12-05")
    later = ask(world, compliance_report)
    assert [(r.case.id, r.days_overdue) for r in later.periods_overdue] == [(correction.case_id, 2)]
    assert later.periods_running == []


def test_step_statistics_give_open_counts_and_median_and_p90_durations(world, walker_for):
    for day in ("2026-11-03", "2026-11-05", "2026-11-11"):
        walk = walker_for("town-zhengyang", "镇长")
        on(world, day)
        walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
        world.clock.set(dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC))
    walker_for("town-wabu", "镇长")  # one more clue waiting at screening
    on(world, "2026-11-12")
    processes = ask(world, step_statistics)
    main = next(p for p in processes if p.key == "warning_case")
    assert main.name
    screen = next(s for s in main.steps if s.bpmn_id == "screen_clue")
    assert (screen.open_count, screen.completed_count) == (1, 3)
    # durations 1, 3 and 9 days (registered 2 November at 09:00, screened at 10:00)
    assert screen.median == dt.timedelta(days=3, hours=1)
    assert screen.p90 == dt.timedelta(days=7, hours=20, minutes=12)
    propose = next(s for s in main.steps if s.bpmn_id == "propose_subject")
    assert (propose.open_count, propose.completed_count, propose.median) == (3, 0, None)
    assert main.counts() == {"screen_clue": 1, "propose_subject": 3}
    assert [s.bpmn_id for s in main.steps][:2] == ["screen_clue", "propose_subject"]
    recent = next(p for p in ask(world, step_statistics, since=dt.date(2026, 11, 10)) if p.key == "warning_case")
    assert next(s for s in recent.steps if s.bpmn_id == "screen_clue").completed_count == 1
    with world.factory() as session:
        assert latest_definition(session, "warning_case").key == "warning_case"
        with pytest.raises(NotFound):
            latest_definition(session, "no_such_process")


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0, 0.0, 5.0], 0.9) == pytest.approx(9.0)


def test_quarterly_statistics_count_opened_closed_outcomes_and_overdue_第四条(world, walker_for, two_late_cases):
    dismissed = walker_for("dept-finance", "局长")
    dismissed.do("wang.clerk", "screen_clue", routing="dismiss", reason="反映问题不实")
    dismissed.do("wang.clerk", "feedback_to_source", notified_on="2026-11-02", feedback="经核查,反映问题不实")
    on(world, "2026-12-10")
    engine.run_due_jobs(world.factory, world.clock)
    stats = ask(world, quarterly_statistics, year=2026)
    assert {q for q in stats.quarter_totals} == {4}
    rows = {(r.unit_name, r.warning_type): r for r in stats.rows}
    assert rows[("寿县纪委", "correction")].overdue == 1
    assert rows[("寿县纪委", "inquiry")].late_start == 1
    assert rows[("寿县纪委", None)].outcomes == {"dismissed": 1} and rows[("寿县纪委", None)].closed == 1
    assert (stats.total.opened, stats.total.closed, stats.total.overdue, stats.total.late_start) == (3, 1, 1, 1)
    assert stats.outcome_keys == ["dismissed"]
    assert ask(world, quarterly_statistics, year=2025).rows == []

    sheet = load_workbook(io.BytesIO(statistics_workbook(stats))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "2026年领导干部廉洁自律预警工作季度统计(第四条(四))"
    assert values[2] == ["季度", "承办单位", "预警类型", "登记", "办结", "线索了结", "逾期(说明整改)",
                         "超期未启动实施(第十七条)"]
    assert values[-1] == ["全年", "合计", None, 3, 1, 1, 1, 1]
    assert ["第4季度", "寿县纪委", "责令纠错", 1, 0, 0, 1, 0] in values


def test_feedback_owed_to_the_source_is_listed_until_given_第十四条(world, walker_for):
    walk = walker_for("dept-finance", "局长")
    walk.do("wang.clerk", "screen_clue", routing="dismiss", reason="反映问题不实")
    (owed,) = ask(world, feedback_owed)
    assert owed.case.id == walk.case_id and owed.open_task is not None and owed.outcome_label == "线索了结"
    assert owed.clue.source_unit_name == "县信访局"
    walk.do("wang.clerk", "feedback_to_source", notified_on="2026-11-02", feedback="经核查,反映问题不实")
    assert ask(world, feedback_owed) == []


def _open_incident(world, case_id: int) -> int:
    with unit_of_work(world.factory) as session:
        instance = session.execute(select(ProcessInstance).where(of_case(ProcessInstance, case_id))).scalar_one()
        incident = Incident(instance_id=instance.id, kind="failed_job", message="RuntimeError: boom",
                            status=IncidentStatus.OPEN, opened_at=world.clock.now())
        session.add(incident)
        instance.status = "incident"
        session.flush()
        return incident.id


def test_open_incidents_are_shown_in_scope_and_retried_with_an_audit_row(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    incident_id = _open_incident(world, walk.case_id)
    with world.factory() as session:
        (row,) = open_incidents(session, world.user(session, "chen.supervisor"))
        assert row.incident.id == incident_id and row.case.id == walk.case_id
        assert len(open_incidents(session, world.user(session, "admin"))) == 1
    give_role(world, "wb.office", "supervisor", "town-wabu")
    with pytest.raises(NotFound):
        act(world, retry_incident_as_overseer, "wb.office", incident_id)
    with pytest.raises(NotPermitted):
        act(world, retry_incident_as_overseer, "liu.auditor", incident_id)
    act(world, retry_incident_as_overseer, "chen.supervisor", incident_id)
    with world.factory() as session:
        assert session.get(Incident, incident_id).status == IncidentStatus.RESOLVED
        assert open_incidents(session, world.user(session, "chen.supervisor")) == []
        actions = session.execute(select(AuditEvent.action).where(AuditEvent.object_type == "incident")).scalars().all()
        assert actions == ["incident.retried"]


def test_a_reminder_reaches_every_performer_and_is_audited(world, two_late_cases):
    _, inquiry = two_late_cases
    task = inquiry.open_task("plan_implementation")
    on(world, "2026-11-12")
    reminded = act(world, remind_task, "chen.supervisor", task.id, "请于本周内启动实施")
    assert sorted(u.username for u in reminded) == ["wang.clerk", "xu.clerk"]
    with world.factory() as session:
        messages = session.execute(select(Notification).where(Notification.kind == "reminder")).scalars().all()
        assert len(messages) == 2
        assert messages[0].subject == "督办提醒:确定实施方式"
        assert "已逾期3天" in messages[0].body and "请于本周内启动实施" in messages[0].body
        assert messages[0].payload == {"task_id": task.id, "case_id": inquiry.case_id}
        (note,) = session.execute(select(TaskComment)).scalars().all()
        assert note.extra["kind"] == "reminder"
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "task.reminded")).scalar_one()
        assert event.case_id == inquiry.case_id and event.actor_role == "supervisor"
    # a second reminder is a new message, not swallowed by the first one's key
    act(world, remind_task, "chen.supervisor", task.id)
    with world.factory() as session:
        assert len(session.execute(select(Notification).where(Notification.kind == "reminder")).all()) == 4
    with pytest.raises(NotPermitted):
        act(world, remind_task, "wang.clerk", task.id)
    give_role(world, "wb.office", "supervisor", "town-wabu")
    with pytest.raises(NotFound):
        act(world, remind_task, "wb.office", task.id)


def test_reassignment_only_to_a_candidate_who_is_not_excluded_第十七条(world, walker_for):
    walk = walker_for("town-zhengyang", "副镇长")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    give_role(world, "zhang.secretary", "warning_office", "county")
    walk.do("zhang.secretary", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    task = walk.open_task("approve_inquiry")
    with world.factory() as session:
        users = {u.username: u.id for u in session.execute(select(User)).scalars()}
        choices = assignee_choices(session, [session.get(HumanTask, task.id)])[task.id]
    assert {(c.name, c.excluded) for c in choices} == {("李建国(分管副书记)", False), ("张正清(纪委书记)", True)}

    with pytest.raises(FormInvalid) as not_candidate:
        act(world, reassign_task, "chen.supervisor", task.id, users["wang.clerk"])
    assert "不具有" in not_candidate.value.message_zh
    with pytest.raises(RuleViolation) as excluded:
        act(world, reassign_task, "chen.supervisor", task.id, users["zhang.secretary"])
    assert excluded.value.article == "第十七条" and "第十七条" in excluded.value.message_zh
    act(world, reassign_task, "chen.supervisor", task.id, users["li.deputy"], "原承办人出差")
    with world.factory() as session:
        assert session.get(HumanTask, task.id).assignee_id == users["li.deputy"]
        told = (
            session.execute(select(Notification).where(Notification.dedup_key.startswith("reassigned:")))
            .scalars()
            .all()
        )
        assert [m.user_id for m in told] == [users["li.deputy"]]
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "task.reassigned")).scalar_one()
        assert event.before == {"assignee_id": None} and event.after["assignee_id"] == users["li.deputy"]
        assert event.reason == "原承办人出差"
    with pytest.raises(FormInvalid):
        act(world, reassign_task, "chen.supervisor", task.id, users["li.deputy"])


def test_a_comment_is_kept_with_the_task_and_must_say_something(world, two_late_cases):
    _, inquiry = two_late_cases
    task = inquiry.open_task("plan_implementation")
    with pytest.raises(FormInvalid):
        act(world, comment_on_task, "chen.supervisor", task.id, "   ")
    act(world, comment_on_task, "chen.supervisor", task.id, "已电话督促承办人")
    on(world, "2026-11-12")
    board = ask(world, due_board)
    (row,) = [r for r in board.rows.items if r.task.id == task.id]
    assert row.last_note.body == "已电话督促承办人" and row.last_note_author == "陈督办" and row.reminders == 0
