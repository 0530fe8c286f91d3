"""The subject approval chain (第十七条)."""
from __future__ import annotations

from engine.calendars import deadline_settings
from engine.calendars import load_calendar
from engine.deadlines import START_PERIOD
from engine.deadlines import compute_deadline
from engine.vocabulary import Outcome
from processes.measures.effects import EffectContext
from processes.measures.effects import effect


@effect("issue_approval_form", label="填制预警对象审批表并编号(第十七条)",
        writes=("document:approval_form",))
def issue_approval_form(ctx: EffectContext) -> dict:
    """Fill and number the subject approval form with the proposal (预警对象审批表, 第十七条)."""
    ctx.issue("approval_form", recipient="县纪委领导", issued_on=ctx.today)
    return {}


@effect("record_approval", label="记录审批意见;批准之日起7日内开始实施(第十七条)",
        writes=("warning_case.approved_on", "warning_case.start_due_date", "warning_case.outcome"))
def record_approval(ctx: EffectContext) -> dict:
    """Record an approval decision; approval starts the 7-day period to begin the work (第十七条)."""
    decision = ctx.data["approval_decision"]
    if decision == "approved":
        approved_on = ctx.date("meeting_on" if "meeting_on" in ctx.data else "decided_on")
        ctx.case.approved_on = approved_on
        deadline = compute_deadline(
            approved_on, START_PERIOD, load_calendar(ctx.session), deadline_settings(ctx.session)
        )
        ctx.case.start_due_date = deadline.due_date
        ctx.case.outcome = None
    elif decision == "rejected":
        ctx.case.outcome = Outcome.NOT_APPROVED
    return {}


@effect("record_party_chief_report", label="记录责令纠错已报县委主要领导(第十七条)",
        writes=("warning_case.reported_to_party_chief_on",))
def record_party_chief_report(ctx: EffectContext) -> dict:
    """Record that an ordered correction was reported to the county party chief (第十七条)."""
    ctx.case.reported_to_party_chief_on = ctx.date("acknowledged_on")
    return {}
