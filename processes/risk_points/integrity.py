"""What the risk register files in a cadre's integrity file and shows on a unit's timeline.

* 「004 十」第八步 签字备案: the leading group's reviewed points, signed by the principal leader, are filed with
  the organisation and discipline departments and "记入干部廉政档案": a cadre's file lists the filed points of
  their post (a point naming the cadre, ``filed_on`` set), each with its level (「004 九」).
* issue 12 §4: a warning case concerning a cadre shows the filed risks of their post, read-only.
* a unit's timeline lists every change of its register, each a version with who, when and why (issue 12 §2:
  "Every change is a new version").
Who reads what is the register's own rule (:mod:`processes.risk_points.access`): a reader who may not read the
unit's register gets nothing from it here.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import LOCAL_TZ
from engine.clock import UTC
from engine.clock import Clock
from engine.models import User
from engine.registry import FileEntry
from engine.registry import PostRisk
from processes.risk_points.access import readable_unit_ids
from processes.risk_points.models import RiskPoint
from processes.risk_points.models import RiskPointVersion
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS

SOURCE_LABEL = "廉政风险防范管理"
FILED_KIND = "risk_point_filed"
FILED_LABEL = "风险点备案"
CHANGED_KIND = "risk_point_changed"
CHANGED_LABEL = "风险台账变更"


def _local_date(moment: dt.datetime) -> dt.date:
    # a change's day is its China date (the register counts in local days); a naive instant is UTC
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).date()


def _filed_points(session: Session, user: User, cadre_id: int) -> list[RiskPoint]:
    stmt = select(RiskPoint).where(RiskPoint.cadre_id == cadre_id, RiskPoint.filed_on.is_not(None))
    readable = readable_unit_ids(session, user)
    if readable is not None:
        stmt = stmt.where(RiskPoint.unit_id.in_(readable))
    return list(session.execute(stmt.order_by(RiskPoint.filed_on, RiskPoint.id)).scalars())


def cadre_file_entries(session: Session, clock: Clock, user: User, cadre_id: int) -> list[FileEntry]:
    """Return the filed risk points of the cadre's post the user reads (「004 十」第八步 记入干部廉政档案)."""
    return [FileEntry(on=p.filed_on, kind=FILED_KIND, kind_label=FILED_LABEL,
                      summary=f"{p.post or p.office or ''}:{p.title}({RISK_TYPE_LABELS.get(p.risk_type, p.risk_type)})"
                              f"。风险表现:{p.manifestations}",
                      source_label=SOURCE_LABEL, source=("risk_point", p.id), openable=True,
                      grade=LEVEL_LABELS.get(p.level))
            for p in _filed_points(session, user, cadre_id)]


def post_risks(session: Session, user: User, cadre_id: int) -> list[PostRisk]:
    """Return the filed risks of the cadre's post the user reads, for a warning case about them (issue 12 §4)."""
    return [PostRisk(title=p.title, level=p.level, level_label=LEVEL_LABELS.get(p.level, str(p.level)),
                     kind_label=RISK_TYPE_LABELS.get(p.risk_type, p.risk_type), unit_id=p.unit_id,
                     source=("risk_point", p.id))
            for p in _filed_points(session, user, cadre_id)]


def unit_timeline_entries(session: Session, clock: Clock, user: User, unit_id: int) -> list[FileEntry] | None:
    """Return every version of the unit's risk points, or None if the user may not read the unit's register."""
    readable = readable_unit_ids(session, user)
    if readable is not None and unit_id not in readable:
        return None
    rows = session.execute(
        select(RiskPointVersion, RiskPoint).join(RiskPoint, RiskPoint.id == RiskPointVersion.risk_point_id)
        .where(RiskPoint.unit_id == unit_id).order_by(RiskPointVersion.changed_at, RiskPointVersion.id)).all()
    entries = []
    for version, point in rows:
        level = version.content.get("level")
        entries.append(FileEntry(
            on=_local_date(version.changed_at), kind=CHANGED_KIND, kind_label=CHANGED_LABEL,
            summary=f"{version.content.get('title', point.title)}(第{version.version}版):{version.reason}",
            source_label=SOURCE_LABEL, source=("risk_point", point.id), openable=True,
            grade=LEVEL_LABELS.get(level) if isinstance(level, int) else None))
    return entries
