"""The contract between the runtime and a regulation's subject (the record an instance serves).

The runtime never reads a subject's columns: it asks the subject's adapter which unit a scope names, which
date a due rule names, what to project after a step, and what forms and effects get to read. An instance
with no subject (a process started on its own) uses :data:`NO_SUBJECT`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from typing import Protocol

from sqlalchemy.orm import Session

import forms
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import EffectWithoutSubject
from engine.models.people import User
from engine.registry import EffectContext


class SubjectAdapter(Protocol):
    """What a regulation tells the runtime about its subject. No method may run a query per completion
    beyond what :meth:`load` and :meth:`form_context` need: the completion path is measured (bench/)."""

    #: the stable name of the subject type, stored beside the subject's id on generic rows
    #: (``subject_type``/``subject_id`` of process_instance and human_task); at most 40 characters
    subject_type: str
    #: the workflow variables the engine sets for this subject (what :meth:`initial_data` returns and what its
    #: timers watch): no designer's form may define a field of that name (SECURITY.md 16)
    start_variables: frozenset[str]

    def load(self, session: Session, subject_id: int) -> Any | None:
        """Return the subject record (from the session's identity map when already loaded)."""

    def unit_for_scope(self, subject: Any, scope: str) -> int | None:
        """Return the unit a step's role is resolved in for ``scope``, or None for the county commission
        (engine.county)."""

    def due_date(self, subject: Any, due_rule: str) -> dt.date | None:
        """Return the date a step's due rule names for this subject, or None."""

    def project(self, subject: Any, *, stage: str | None, completed: bool, today: dt.date) -> None:
        """Write what the subject shows after a step: the most pressing open stage, or that it is closed."""

    def initial_data(self, session: Session, subject: Any) -> dict:
        """Return the workflow variables an instance serving ``subject`` starts with."""

    def category(self, subject: Any) -> str | None:
        """Return the category an inbox filters this subject's tasks by (stored on each new task)."""

    def form_context(self, session: Session, clock: Clock, subject: Any, form_key: str) -> forms.FormContext:
        """Return what validating ``form_key`` needs to know about the subject."""

    def effect_context(self, base: EffectContext) -> EffectContext:
        """Return the context the regulation's effects read (``base`` with the subject's parts)."""

    def audit_before(self, subject: Any) -> dict:
        """Return the subject's facts a completion's audit event records as they were before the step."""

    def audit_after(self, subject: Any) -> dict:
        """Return the subject's facts a completion's audit event records as the step left them."""

    def number(self, subject: Any) -> str:
        """Return the subject's number as people know it."""

    def reference(self, subject: Any) -> str:
        """Return how a sentence names the subject (its kind and number)."""

    def excluded_cadre_id(self, subject: Any) -> int | None:
        """Return the person the subject is about, who is never told of its steps, or None."""

    def readable_by(self, session: Session, user: User, subject: Any) -> bool:
        """Tell whether ``user`` may read the subject and what is filed with it (attachments, documents)."""


class _NoSubject:
    """The adapter of an instance that serves no subject: the county commission, no due dates, nothing
    projected."""

    subject_type = ""
    start_variables: frozenset[str] = frozenset()

    def load(self, session: Session, subject_id: int) -> None:
        return None

    def unit_for_scope(self, subject: Any, scope: str) -> int | None:
        # No subject names a unit: every scope resolves to the county commission.
        return None

    def due_date(self, subject: Any, due_rule: str) -> dt.date | None:
        return None

    def project(self, subject: Any, *, stage: str | None, completed: bool, today: dt.date) -> None:
        return None

    def initial_data(self, session: Session, subject: Any) -> dict:
        return {}

    def category(self, subject: Any) -> str | None:
        return None

    def form_context(self, session: Session, clock: Clock, subject: Any, form_key: str) -> forms.FormContext:
        return forms.FormContext(today=local_today(clock))

    def effect_context(self, base: EffectContext) -> EffectContext:
        step = base.task.name
        raise EffectWithoutSubject(f"环节“{step}”须作用于具体事项,本流程实例未关联任何事项,无法办理",
                                details={"step": base.task.bpmn_id})

    def audit_before(self, subject: Any) -> dict:
        return {}

    def audit_after(self, subject: Any) -> dict:
        return {"stage": None}

    def number(self, subject: Any) -> str:
        return ""

    def reference(self, subject: Any) -> str:
        return ""

    def excluded_cadre_id(self, subject: Any) -> int | None:
        return None

    def readable_by(self, session: Session, user: User, subject: Any) -> bool:
        return False  # nothing is filed without a subject


#: The adapter of instances without a subject.
NO_SUBJECT: SubjectAdapter = _NoSubject()
