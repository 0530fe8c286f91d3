"""What the information network files in a cadre's integrity file and shows on a unit's timeline.

Issue 13 §3: items "form a database: searchable, with a timeline per unit and per cadre, entered in the
integrity file". A cadre's file takes the graded items about them (「002 三 3」 核实后的预警信息, graded by
「002 四」) and the blue, yellow or red warnings and the accountability they caused (「001 第一篇(四)四是」,
「001 第一篇(五)6」). A unit's timeline takes every item about the unit or one of its cadres and its warnings.
Who reads what is the network's own rule (:func:`processes.info_network.access.read_scope`): an item the
viewer may not read, and a warning caused by one, is left out — never shown with its facts hidden.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import LOCAL_TZ
from engine.clock import UTC
from engine.clock import Clock
from engine.models import Cadre
from engine.models import User
from engine.registry import FileEntry
from processes.info_network.access import may_read
from processes.info_network.access import read_scope
from processes.info_network.models import InfoItem
from processes.info_network.models import InfoWarning
from processes.info_network.vocabulary import CATEGORY_LABELS
from processes.info_network.vocabulary import COLOUR_LABELS
from processes.info_network.vocabulary import LEVEL_LABELS
from processes.info_network.vocabulary import RESPONSE_BY_LEVEL

SOURCE_LABEL = "廉情预警信息网络"
ITEM_KIND, ITEM_LABEL = "info_item", "预警信息"
GRADED_KIND, GRADED_LABEL = "info_item_graded", "预警信息定级"
WARNING_KIND, WARNING_LABEL = "info_warning", "扣分预警"
ACCOUNTABILITY_KIND, ACCOUNTABILITY_LABEL = "info_accountability", "分层追责"
#: the facts are cut to this many characters in a file line; the item page holds them whole
SUMMARY_CHARS = 120


def _local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ).date()


def _facts(item: InfoItem) -> str:
    facts = " ".join(item.facts.split())
    return facts if len(facts) <= SUMMARY_CHARS else facts[:SUMMARY_CHARS] + "……"


def _item_entry(item: InfoItem, *, graded_only: bool) -> FileEntry | None:
    category = CATEGORY_LABELS.get(item.category, item.category)
    if item.level is not None:
        on = _local_date(item.level_decided_at) if item.level_decided_at else item.reported_on
        return FileEntry(on=on, kind=GRADED_KIND, kind_label=GRADED_LABEL,
                         summary=f"{category}:{_facts(item)}(响应:{RESPONSE_BY_LEVEL.get(item.level, '')})",
                         source_label=SOURCE_LABEL, source=("info_item", item.id), openable=True,
                         grade=LEVEL_LABELS.get(item.level))
    if graded_only:
        return None
    return FileEntry(on=item.reported_on, kind=ITEM_KIND, kind_label=ITEM_LABEL,
                     summary=f"{category}:{_facts(item)}", source_label=SOURCE_LABEL,
                     source=("info_item", item.id), openable=True)


def _warning_entry(warning: InfoWarning) -> FileEntry:
    if warning.kind == "accountability":
        summary = f"{warning.year}年度两次以上预警,启动分层追责:{warning.leaders or ''}"
        kind, label, grade = ACCOUNTABILITY_KIND, ACCOUNTABILITY_LABEL, None
    else:
        grade = COLOUR_LABELS.get(warning.colour or "", warning.colour)
        summary = f"{warning.year}年度12分扣至{warning.score}分,给予{grade}"
        kind, label = WARNING_KIND, WARNING_LABEL
    return FileEntry(on=_local_date(warning.created_at), kind=kind, kind_label=label, summary=summary,
                     source_label=SOURCE_LABEL, source=("info_item", warning.item_id), openable=True, grade=grade)


def _entries(session: Session, user: User, item_filter, warning_filter, *, graded_only: bool) -> list[FileEntry]:
    scope = read_scope(session, user)
    items = {i.id: i for i in session.execute(select(InfoItem).where(item_filter)).scalars() if may_read(scope, i)}
    entries = [e for i in items.values() if (e := _item_entry(i, graded_only=graded_only)) is not None]
    for warning in session.execute(select(InfoWarning).where(warning_filter)).scalars():
        # a warning is read with the item that caused it: no more, no less
        cause = items.get(warning.item_id) or session.get(InfoItem, warning.item_id)
        if cause is not None and may_read(scope, cause):
            entries.append(_warning_entry(warning))
    return entries


def cadre_file_entries(session: Session, clock: Clock, user: User, cadre_id: int) -> list[FileEntry]:
    """Return the graded items about the cadre and their warnings that ``user`` reads (issue 13 §3)."""
    return _entries(session, user, InfoItem.cadre_id == cadre_id, InfoWarning.cadre_id == cadre_id,
                    graded_only=True)


def unit_timeline_entries(session: Session, clock: Clock, user: User, unit_id: int) -> list[FileEntry] | None:
    """Return the items about the unit or its cadres and their warnings that ``user`` reads (issue 13 §3);
    None when the network gives the user nothing of this unit (neither its items nor any they reported)."""
    cadres = select(Cadre.id).where(Cadre.unit_id == unit_id)
    scope = read_scope(session, user)
    entries = _entries(session, user, or_(InfoItem.unit_id == unit_id, InfoItem.cadre_id.in_(cadres)),
                    or_(InfoWarning.unit_id == unit_id, InfoWarning.cadre_id.in_(cadres)), graded_only=False)
    if scope.everything or unit_id in scope.unit_ids or entries:
        return entries
    return None
