"""Register a clue and open its case (第十、十三、十四、二十六条)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.document_numbers import format_number
from engine.document_numbers import next_number
from engine.errors import DefinitionRejected
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.notifications import notify_new_tasks
from engine.permissions import cadres_covered_filter
from engine.permissions import case_scope_filter
from engine.registry import REGISTRY
from engine.runtime import advance
from engine.runtime import latest_definition
from engine.runtime import save
from engine.runtime import start_instance
from engine.vocabulary import Role
from engine.vocabulary import Stage
from processes.measures.subject import SUBJECT_TYPE

MAIN_PROCESS = "warning_case"
#: how far back a clue about the same cadre counts as "recent" for the duplicate warning
RECENT_CLUE_DAYS = 90
#: a cadre the clerk may not name: unknown, or outside the units their warning office covers (第三、十四条).
#: One answer for both, so the form does not tell whether another unit's cadre exists (SECURITY.md 24).
CADRE_OUT_OF_SCOPE = "未找到该干部,或该干部不在您所在预警办的管辖范围内(第三条、第十四条)"


@dataclass
class RegisteredClue:
    """A new clue, its case, and what the clerk should know about the same cadre."""

    clue: Clue
    case: Case
    warnings_zh: list[str]


def register_clue(session: Session, clock: Clock, actor: Actor, payload: dict,
                  receiving_unit_id: int | None = None) -> RegisteredClue:
    """Register a clue from any source channel and start its warning case (第十、十三条).

    ``receiving_unit_id`` is one of the units where the actor holds the warning office; by default the first.
    :raise NotPermitted: the actor holds no warning office there.
    """
    office_units = [r.unit_id for r in actor.user.roles if r.role == Role.WARNING_OFFICE]
    if not office_units:
        raise NotPermitted("只有预警办(纪委、纪检组)人员可以登记预警线索")
    if receiving_unit_id is not None and receiving_unit_id not in office_units:
        # Registering in another unit's name would put the clue, its numbers and its case in that unit.
        raise NotPermitted("您在该单位没有预警办岗位,不能以该单位名义登记线索")
    unit_id = office_units[0] if receiving_unit_id is None else receiving_unit_id
    today = local_today(clock)
    data = forms.load("clue_registration", payload, forms.FormContext(today=today))
    if actor.user.cadre_id == data["subject_cadre_id"]:
        raise NotPermitted("不得登记涉及本人的线索")
    cadre = session.execute(select(Cadre).where(Cadre.id == data["subject_cadre_id"],
                                                nameable_cadre_filter(session, actor.user))).scalar_one_or_none()
    if cadre is None:
        raise FormInvalid("预警对象不在可登记的范围内", details={"subject_cadre_id": [CADRE_OUT_OF_SCOPE]})
    definition = latest_definition(session, MAIN_PROCESS)
    if definition is None:
        raise DefinitionRejected("尚未部署预警案件流程(warning_case),请先部署流程定义", code="not_deployed")
    warnings = _same_cadre_warnings(session, actor, cadre, today)
    unit = session.get(Unit, unit_id)
    prefix = unit.doc_prefix or unit.name
    clue = Clue(
        number=format_number(prefix, today.year, next_number(session, unit.id, "clue", today.year), "线"),
        source_channel=data["source_channel"], source_unit_name=data["source_unit_name"],
        received_on=dt.date.fromisoformat(data["received_on"]), summary=data["summary"], subject_cadre_id=cadre.id,
        receiving_unit_id=unit.id, transfer_form_number=data.get("transfer_form_number"),
        transferring_body=data.get("transferring_body"),
        transferred_on=dt.date.fromisoformat(data["transferred_on"]) if data.get("transferred_on") else None,
        registered_by_id=actor.user_id, registered_at=clock.now(),
    )
    session.add(clue)
    session.flush()
    case = Case(
        number=format_number(prefix, today.year, next_number(session, unit.id, "case", today.year), "案"),
        clue_id=clue.id, cadre_id=cadre.id, handling_unit_id=unit.id, status=CaseStatus.OPEN,
        stage=Stage.SCREENING, opened_on=today, escalations=[],
    )
    session.add(case)
    session.flush()
    adapter = REGISTRY.adapter(SUBJECT_TYPE)
    loaded = start_instance(session, clock, definition, adapter.initial_data(session, case), case, adapter)
    advance(loaded, clock)
    result = save(session, loaded, clock)
    audit.record(session, clock, actor, "clue.registered", "clue", clue.id, case_id=case.id, role=Role.WARNING_OFFICE,
                 after={"clue_number": clue.number, "case_number": case.number, **data, "warnings": warnings})
    notify_new_tasks(session, clock, adapter, case, result.new_tasks)
    return RegisteredClue(clue, case, warnings)


def nameable_cadre_filter(session: Session, user: User) -> ColumnElement[bool]:
    """Return a SQL condition on Cadre selecting the cadres ``user`` may name as the subject of a clue.

    A clue is handled by management authority, 谁主管、谁负责 (第三条, 第十四条): a warning office (预警办, the
    county commission's or a town's or department's discipline body, 第十条) registers clues about the cadres
    of its unit and the units below it, and about the cadres those units manage; a clue about a cadre managed
    above is then reported up at screening (第十四条). So a town's office names its own town's cadres, the
    county's office every cadre of the county. Never the clerk's own record.
    """
    return cadres_covered_filter(session, user, frozenset({Role.WARNING_OFFICE}))


def _same_cadre_warnings(session: Session, actor: Actor, cadre: Cadre, today: dt.date) -> list[str]:
    """Say whether the cadre already has an open case or a recent clue that the clerk may read.

    Only cases within the clerk's reading scope are named, and clues only through such a case: a case in
    another unit answers 404 to the clerk, so registering a clue must not reveal it either (issue 14 §3.2).
    """
    notes = []
    readable = case_scope_filter(session, actor.user)
    open_cases = session.execute(
        select(Case.number).where(Case.cadre_id == cadre.id, Case.status == CaseStatus.OPEN, readable)
    ).scalars().all()
    if open_cases:
        notes.append(f"{cadre.name}已有未办结的预警案件:{'、'.join(open_cases)}")
    recent = session.execute(
        select(Clue.number).join(Case, Case.clue_id == Clue.id)
        .where(Clue.subject_cadre_id == cadre.id, Clue.received_on >= today - dt.timedelta(days=RECENT_CLUE_DAYS),
               readable)
    ).scalars().all()
    if recent:
        notes.append(f"{cadre.name}近{RECENT_CLUE_DAYS}日内已有线索:{'、'.join(recent)}")
    return notes
