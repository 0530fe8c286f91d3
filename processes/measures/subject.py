"""The Measures' subject: the warning case (一案一例, 第二十六条) and the adapter the runtime calls."""
from __future__ import annotations

import datetime as dt
from dataclasses import fields

from sqlalchemy.orm import Session

import forms
from engine.clock import Clock
from engine.clock import local_today
from engine.models.cases import CASE_SUBJECT
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.people import Cadre
from engine.models.people import User
from engine.permissions import can_read_case
from engine.registry import EffectContext as BaseEffectContext
from engine.vocabulary import DueRule
from engine.vocabulary import Scope
from engine.vocabulary import Stage
from processes.measures.effects import EffectContext

#: the Measures' subject type, stored on generic rows (process_instance, human_task) beside the case's id;
#: defined beside the Case model, which the engine's modules not yet cut still join (tests/engine/test_layering.py)
SUBJECT_TYPE = CASE_SUBJECT


class CaseAdapter:
    """Tell the runtime about a warning case: its handling unit, its dates, its stage (第十四–三十一条)."""

    subject_type = SUBJECT_TYPE
    #: a started case's identity (initial_data) and the deadline its supervision timers watch
    #: (processes/measures/provisional_deadlines.py DEADLINE_VARIABLE)
    start_variables = frozenset({"case_id", "case_number", "clue_number", "source_channel", "subject_position",
                                 "warning_type", "current_due_at"})

    def load(self, session: Session, subject_id: int) -> Case | None:
        return session.get(Case, subject_id)

    def unit_for_scope(self, subject: Case, scope: str) -> int | None:
        # 第三、十四条: the handling unit (the managing unit once reported up); 第十七条 steps are the county's.
        return subject.handling_unit_id if scope == Scope.HANDLING else None

    def due_date(self, subject: Case, due_rule: str) -> dt.date | None:
        if due_rule == DueRule.START_WITHIN_7_DAYS:
            started = subject.implementation_started_on
            if started is not None and subject.start_due_date is not None and started > subject.start_due_date:
                # issue 14 §4: the late start was accepted; the mark stays on that step, not carried to the next
                return None
            return subject.start_due_date  # 第十七条: work begins within 7 days of approval
        if due_rule == DueRule.REPLY_DEADLINE:
            return subject.current_due_date  # 第二十八–三十条, moved by approved extensions
        return None

    def project(self, subject: Case, *, stage: str | None, completed: bool, today: dt.date) -> None:
        if completed:
            subject.status = CaseStatus.CLOSED
            subject.stage = Stage.CLOSED
            subject.overdue = False
            subject.closed_on = subject.closed_on or today
            return
        if stage is not None:
            subject.stage = stage
        subject.overdue = subject.stage == Stage.OVERDUE

    def initial_data(self, session: Session, subject: Case) -> dict:
        """Return the variables a case's workflow starts with: what its gateways read (docs/ARCHITECTURE.md)."""
        clue = session.get(Clue, subject.clue_id)
        cadre = session.get(Cadre, subject.cadre_id)
        return {"case_id": subject.id, "case_number": subject.number, "clue_number": clue.number,
                "source_channel": clue.source_channel, "subject_position": cadre.position_kind, "warning_type": None}

    def category(self, subject: Case) -> str | None:
        return subject.warning_type

    def form_context(self, session: Session, clock: Clock, subject: Case, form_key: str) -> forms.FormContext:
        """Return the case's recorded dates, type and the subject's position for validation.

        For the talk forms only (forms.execution.TALKER_FORM_KEYS) it also lists who may talk in the case and the
        subject's own account (第二十条, 第二十二条); every other completion skips those queries.
        """
        from processes.measures.execution import talker_candidates

        cadre = session.get(Cadre, subject.cadre_id)
        talkers: dict = {}
        if form_key in forms.execution.TALKER_FORM_KEYS:
            candidates, subject_user_id = talker_candidates(session, subject)
            talkers = {"candidate_talker_ids": candidates, "subject_user_id": subject_user_id}
        return forms.FormContext(
            today=local_today(clock), warning_type=subject.warning_type, subject_position=cadre.position_kind,
            approved_on=subject.approved_on, notice_issued_on=subject.notice_issued_on, talked_on=subject.talked_on,
            received_on=subject.received_on, original_due_date=subject.original_due_date,
            current_due_date=subject.current_due_date, extension_cap_date=subject.extension_cap_date, **talkers,
        )

    def effect_context(self, base: BaseEffectContext) -> EffectContext:
        case: Case = base.subject
        return EffectContext(**{f.name: getattr(base, f.name) for f in fields(base)},
                             cadre=base.session.get(Cadre, case.cadre_id), clue=base.session.get(Clue, case.clue_id))

    def audit_before(self, subject: Case) -> dict:
        return {"stage": subject.stage, "warning_type": subject.warning_type,
                "current_due_date": subject.current_due_date}

    def audit_after(self, subject: Case) -> dict:
        return {"stage": subject.stage, "current_due_date": subject.current_due_date}

    def number(self, subject: Case) -> str:
        return subject.number

    def reference(self, subject: Case) -> str:
        return f"案件{subject.number}"

    def excluded_cadre_id(self, subject: Case) -> int | None:
        return subject.cadre_id  # nobody hears about a case on themself

    def readable_by(self, session: Session, user: User, subject: Case) -> bool:
        """Who reads a case reads its file (第二十六条 一案一例: the attachments filed at its steps)."""
        return can_read_case(session, user, subject)
