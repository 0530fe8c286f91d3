"""What the identification's steps write into the register (「004 十」第八步 签字备案).

An effect runs in the completing step's transaction and declares what it writes (engine/registry.py).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from engine.registry import Effect
from engine.registry import EffectContext
from engine.registry import EffectSpec
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import record_change

EFFECTS: dict[str, EffectSpec] = {}


def effect(name: str, *, label: str, writes: tuple[str, ...]) -> Callable[[Effect], Effect]:
    """Register an effect of the identification under the name its diagram uses, with its Chinese label (what
    the designer's dropdown shows, issue 15 §10) and what it writes."""

    def register(fn: Effect) -> Effect:
        summary = (fn.__doc__ or "").strip().splitlines()[0]
        EFFECTS[name] = EffectSpec(name=name, run=fn, writes=writes, summary=summary, label_zh=label)
        return fn

    return register


@effect("file_round_points", label="风险点签字备案(「004 十」第八步)",
        writes=("risk_point.filed_on", "risk_point_version"))
def file_round_points(ctx: EffectContext) -> dict:
    """第八步 签字备案 (「004 十」): the round's risk points are filed on the day the principal leader signs.

    Each point found in the round gets a new version recording the filing (who, when, why); a point filed
    again after an objection (issue 12 §3) gets another.
    """
    round_ = ctx.subject
    points = ctx.session.execute(select(RiskPoint).where(RiskPoint.round_id == round_.id)
                                 .order_by(RiskPoint.id)).scalars().all()
    for point in points:
        point.filed_on = ctx.today
        record_change(ctx.session, ctx.clock, ctx.actor, point, f"{round_.year}年度风险点查找第八步:签字备案")
    return {"filed_points": len(points)}
