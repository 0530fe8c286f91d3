"""All extensions of one ordered correction together stop at the original due date + 1 month (第三十条).

第三十条: "延长整改期限累计不得超过1个月". The cap is itself a period running from the original due date,
counted like every deadline by the Civil Code (DOMAIN.md §2; engine.deadlines.extension_cap): the
corresponding day of the next month (《民法典》第二百零二条), moved past a rest day (第二百零三条, the default
deployment setting). Received 3 November 2026 → due 3 December 2026 → cap: 3 January 2027, a Sunday; 2027's
official schedule is not known yet (DOMAIN.md §2: weekends only, provisional), so the cap is Monday 4 January.

The cap is checked on the extension approval form (request_extension), on the leader's decision
(decide_extension: also never past what was asked) and on the notice. Every refusal is a RuleViolation that
leaves the case as it was. Each case runs through the engine, one transaction per step.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.calendars import deadline_settings
from engine.calendars import load_calendar
from engine.deadlines import EXTENSION_CAP
from engine.deadlines import DeadlineSettings
from engine.deadlines import compute_deadline
from engine.deadlines import extension_cap
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import Document
from engine.models.cases import of_case
from tests.engine.conftest import CaseWalker
from tests.engine.conftest import World
from tests.engine.conftest import register
from tests.engine.test_correction_case import approve_correction_up_to_receipt

ORIGINAL_DUE = dt.date(2026, 12, 3)
ONE_DAY = dt.timedelta(days=1)


@pytest.fixture()
def walk(county) -> CaseWalker:
    """A correction about the town head, notice received 3 November: due at the end of 3 December."""
    walk = register(county, "wang.clerk", county.cadre_id("town-zhengyang", "镇长"))
    approve_correction_up_to_receipt(walk, county)
    assert walk.case().original_due_date == ORIGINAL_DUE
    return walk


@pytest.fixture()
def cap(county) -> dt.date:
    """The cap as engine.deadlines computes it with the deployment's calendar and settings (第三十条)."""
    with county.factory() as session:
        return extension_cap(ORIGINAL_DUE, load_calendar(session), deadline_settings(session)).due_date


def _ask(walk: CaseWalker, day: str = "2026-11-21") -> None:
    walk.on(day)
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on=day,
            reason="退赔款项需分期筹措")


def _fill(walk: CaseWalker, requested: dt.date):
    return walk.do("xu.clerk", "fill_extension_form", reason="特殊情况", requested_due_date=requested.isoformat())


def _decide(walk: CaseWalker, approved: dt.date):
    return walk.do("li.deputy", "approve_extension", extension_decision="approved",
                   approved_due_date=approved.isoformat(), decided_on=walk.today())


def _notify(walk: CaseWalker):
    return walk.do("wang.clerk", "issue_extension_notice", issued_on=walk.today(), delivery_method="in_person")


def _state(county: World, walk: CaseWalker) -> tuple:
    """The case's deadlines and stage, its documents, the audit log's length and the open steps."""
    case = walk.case()
    with county.factory() as session:
        documents = session.execute(select(func.count()).select_from(Document)
                                    .where(of_case(Document, walk.case_id))).scalar()
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar()
    return (case.original_due_date, case.current_due_date, case.extension_cap_date, case.extension_days_used,
            case.stage, case.overdue, documents, events, walk.open_steps())


def _refused(county: World, walk: CaseWalker, step, code: str) -> RuleViolation:
    before = _state(county, walk)
    with pytest.raises(RuleViolation) as refused:
        step()
    assert refused.value.code == code
    assert "第三十条" in refused.value.message_zh
    assert _state(county, walk) == before
    return refused.value


def test_the_cap_is_the_original_due_date_plus_one_month_rolled_past_a_rest_day_第三十条(county, walk, cap):
    # 《民法典》第二百零二条: 3 December + 1 month = 3 January 2027, a Sunday; 第二百零三条 (default setting):
    # a last day that is a rest day moves to the next working day. 2027 is not known to the calendar yet, so
    # only weekends are rest days and the date is provisional until the schedule is entered (DOMAIN.md §2).
    with county.factory() as session:
        unrolled = DeadlineSettings(roll_over_rest_days=False)
        corresponding_day = compute_deadline(ORIGINAL_DUE, EXTENSION_CAP, load_calendar(session), unrolled).due_date
    assert corresponding_day == dt.date(2027, 1, 3) and corresponding_day.weekday() == 6
    assert cap == dt.date(2027, 1, 4)
    case = walk.case()
    assert case.extension_cap_date == cap
    assert case.due_provisional


def test_requesting_exactly_the_cap_day_is_accepted_第三十条(county, walk, cap):
    _ask(walk)
    _fill(walk, cap)
    assert walk.open_steps() == ["approve_extension"]
    _decide(walk, cap)
    _notify(walk)
    case = walk.case()
    assert case.current_due_date == cap
    assert case.extension_days_used == (cap - ORIGINAL_DUE).days
    assert walk.open_steps() == ["await_rectification"]


def test_requesting_one_day_past_the_cap_is_refused_第三十条(county, walk, cap):
    _ask(walk)
    refusal = _refused(county, walk, lambda: _fill(walk, cap + ONE_DAY), "extension_cap_exceeded")
    assert refusal.details == {"original_due_date": ORIGINAL_DUE.isoformat(),
                               "extension_cap_date": cap.isoformat(),
                               "requested_due_date": (cap + ONE_DAY).isoformat()}
    assert walk.open_steps() == ["fill_extension_form"]


def test_a_second_extension_may_not_pass_the_cap_left_by_the_first_第三十条(county, walk, cap):
    # 累计: the first extension (to 20 December) used 17 days; a second may only reach the same cap.
    _ask(walk)
    _fill(walk, dt.date(2026, 12, 20))
    _decide(walk, dt.date(2026, 12, 20))
    _notify(walk)
    assert walk.case().current_due_date == dt.date(2026, 12, 20)
    assert walk.case().extension_cap_date == cap
    _ask(walk, "2026-12-15")
    _refused(county, walk, lambda: _fill(walk, cap + ONE_DAY), "extension_cap_exceeded")
    _refused(county, walk, lambda: _fill(walk, dt.date(2027, 1, 20)), "extension_cap_exceeded")
    # Up to the cap itself the second extension is still possible.
    _fill(walk, cap)
    _decide(walk, cap)
    _notify(walk)
    assert walk.case().current_due_date == cap


def test_the_leader_may_not_approve_past_the_cap_第三十条(county, walk, cap):
    _ask(walk)
    _fill(walk, cap)
    refusal = _refused(county, walk, lambda: _decide(walk, cap + ONE_DAY), "extension_cap_exceeded")
    assert refusal.details["extension_cap_date"] == cap.isoformat()
    assert walk.open_steps() == ["approve_extension"]
    assert walk.case().current_due_date == ORIGINAL_DUE


def test_the_leader_may_not_approve_more_than_was_asked_第三十条(county, walk, cap):
    _ask(walk)
    _fill(walk, dt.date(2026, 12, 20))
    _refused(county, walk, lambda: _decide(walk, dt.date(2026, 12, 21)), "extension_beyond_request")
    assert walk.open_steps() == ["approve_extension"]
    # Less than was asked is the leader's to grant.
    _decide(walk, dt.date(2026, 12, 15))
    _notify(walk)
    assert walk.case().current_due_date == dt.date(2026, 12, 15)
