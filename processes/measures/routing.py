"""Clue screening and routing, hand-over and feedback to the source (第十四、十五、十六条)."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from engine.errors import RuleViolation
from engine.models.cases import IntegrityFileEntry
from engine.models.cases import Restriction
from engine.models.people import Unit
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import Outcome
from engine.vocabulary import WarningType
from processes.measures.effects import EffectContext
from processes.measures.effects import effect

#: Who else hears what the Measures decided on a clue (第十四条 筛选 and 向线索来源部门通报): a regulation the
#: clue came from (the warning-information network tells the officer who reported it). Each listener gets
#: (effect context, event) with event "screened" or "source_feedback", inside the step's transaction.
CLUE_LISTENERS: list[Callable[[EffectContext, str], None]] = []


def _tell_listeners(ctx: EffectContext, event: str) -> None:
    for listener in CLUE_LISTENERS:
        listener(ctx, event)


@effect("route_clue", label="按干部管理权限分流线索:上报或本级办理(第十四条)",
        writes=("warning_case.handling_unit_id", "warning_case.outcome"))
def route_clue(ctx: EffectContext) -> dict:
    """Route a clue by management authority: report up what is managed above, handle here the rest (第十四条)."""
    routing = ctx.data["routing"]
    managing_id = ctx.cadre.managed_by_unit_id
    here = ctx.case.handling_unit_id
    if routing == "handle_here" and managing_id != here:
        managing = ctx.session.get(Unit, managing_id)
        raise RuleViolation(
            f"该干部由{managing.name}管理,属上级管辖的线索应及时报告,不得本级处理(第十四条)",
            article="第十四条", code="managed_above",
        )
    if routing == "report_up":
        if managing_id == here:
            raise RuleViolation("该干部属本级管辖,应直接处理,无需报告上级(第十四条)",
                                article="第十四条", code="managed_here")
        ctx.case.handling_unit_id = managing_id
    if routing == "dismiss":
        ctx.case.outcome = Outcome.DISMISSED
    if routing == "case_clue":
        ctx.case.outcome = Outcome.CASE_CLUE_TRANSFERRED
    _tell_listeners(ctx, "screened")
    return {}


@effect("determine_subject", label="登记拟预警类型(第十五、十六条)",
        writes=("warning_case.warning_type",))
def determine_subject(ctx: EffectContext) -> dict:
    """Record the proposed warning type on the ledger (第十五、十六条)."""
    ctx.case.warning_type = ctx.data["warning_type"]
    return {}


@effect("record_check", label="记录了解、初核或调查结论(第十六条)",
        writes=("warning_case.outcome",))
def record_check(ctx: EffectContext) -> dict:
    """Record the outcome of understanding, preliminary check or investigation (第十六条)."""
    conclusion = ctx.data["check_conclusion"]
    if conclusion == "unfounded":
        ctx.case.outcome = Outcome.DISMISSED
    elif conclusion == "case_clue":
        # 第十四条: a case clue can never be handled as a warning.
        ctx.case.outcome = Outcome.CASE_CLUE_TRANSFERRED
    return {}


_HANDOVER_OUTCOMES = {
    "case_clue": Outcome.CASE_CLUE_TRANSFERRED,
    "organisational_handling": Outcome.ORGANISATIONAL_HANDLING,
    "case_filed": Outcome.CASE_FILED,
}


@effect("hand_over_case", label="移交案件线索或转组织处理(第十四、三十一条)",
        writes=(
            "warning_case.outcome", "document:handover_letter", "restriction.ends_on", "integrity_file_entry",
        ))
def hand_over_case(ctx: EffectContext) -> dict:
    """Hand a case clue to case handling, or a failed warning to organisational handling (第十四、三十一条)."""
    kind = ctx.data["handover_kind"]
    on = ctx.date("handed_over_on")
    ctx.case.outcome = _HANDOVER_OUTCOMES[kind]
    ctx.issue("handover_letter", recipient=ctx.data["receiving_body"], issued_on=on)
    for restriction in ctx.session.execute(
        select(Restriction).where(Restriction.case_id == ctx.case.id, Restriction.ends_on.is_(None))
    ).scalars():
        restriction.ends_on = on
    if ctx.case.warning_type == WarningType.CORRECTION:
        ctx.session.add(IntegrityFileEntry(
            cadre_id=ctx.cadre.id, case_id=ctx.case.id, kind="handed_over", recorded_on=on,
            summary=f"{ctx.case.number}:整改期满未纠正,{OUTCOME_LABELS[ctx.case.outcome]}(第三十一条)",
        ))
    return {}


@effect("feedback_to_source", label="向线索来源单位反馈办理结果(第十四条)",
        writes=("document:source_feedback",))
def feedback_to_source(ctx: EffectContext) -> dict:
    """Tell the body the clue came from how the warning ended (第十四条)."""
    ctx.issue("source_feedback", recipient=ctx.clue.source_unit_name, issued_on=ctx.date("notified_on"),
              fields={"outcome": ctx.case.outcome, "outcome_label": OUTCOME_LABELS.get(ctx.case.outcome, "")})
    _tell_listeners(ctx, "source_feedback")
    return {}
