"""What the Measures file in a cadre's integrity file (个人廉政档案): the entries their steps recorded.

第三十一条: the result of an ordered correction is "存入个人廉政档案"; the steps that lift a warning or hand a case
over record theirs too (:class:`~engine.models.cases.IntegrityFileEntry`). The organisation and personnel
departments keep the file (第三十一条, issue 15): they read every entry, also of cases they may not open. Others
read the entries of the cases they may read (第三十三条, ``case_scope_filter``).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.models import Case
from engine.models import IntegrityFileEntry
from engine.models import User
from engine.permissions import COUNTY_RESTRICTION_ROLES
from engine.permissions import case_scope_filter
from engine.registry import FileEntry

SOURCE_LABEL = "预警案件"
#: what each recorded entry is, as the file names it (第三十、三十一、三十二条)
ENTRY_KIND_LABELS = {"correction_notice": "责令纠错", "lifted": "解除预警", "handed_over": "移交处理"}


def cadre_file_entries(session: Session, clock: Clock, user: User, cadre_id: int) -> list[FileEntry]:
    """Return the Measures' entries of the cadre's file that ``user`` reads; a case link only if they read it."""
    readable = set(session.execute(select(Case.id).where(
        Case.cadre_id == cadre_id, case_scope_filter(session, user))).scalars())
    keeper = any(r.role in COUNTY_RESTRICTION_ROLES for r in user.roles)
    if not keeper and not readable:
        return []
    stmt = select(IntegrityFileEntry).where(IntegrityFileEntry.cadre_id == cadre_id)
    if not keeper:
        stmt = stmt.where(IntegrityFileEntry.case_id.in_(readable))
    rows = session.execute(stmt.order_by(IntegrityFileEntry.recorded_on, IntegrityFileEntry.id)).scalars()
    return [FileEntry(on=row.recorded_on, kind=row.kind, kind_label=ENTRY_KIND_LABELS.get(row.kind, row.kind),
                      summary=row.summary, source_label=SOURCE_LABEL, source=("case", row.case_id),
                      openable=row.case_id in readable)
            for row in rows]
