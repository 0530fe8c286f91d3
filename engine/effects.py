"""Domain effects: what completing a step means for the case ledger, deadlines, documents and restrictions.

A user task names its effect in the BPMN (`effect` property); the effect runs in the same transaction
as the completion, before the workflow moves on. It may refuse with a RuleViolation citing its article,
and it may return variables for the workflow (e.g. ``current_due_at`` for the deadline timer).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.documents import issue_document
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.documents import Document
from engine.models.people import Cadre
from engine.models.tasks import HumanTask


@dataclass
class EffectContext:
    """Everything an effect may read or change."""

    session: Session
    clock: Clock
    actor: Actor
    case: Case
    cadre: Cadre
    clue: Clue
    task: HumanTask
    #: the validated form data being submitted
    data: dict
    #: the workflow data as it stands at this task (earlier steps' outputs), read-only
    workflow_data: dict
    documents: list[Document] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return local_today(self.clock)

    def date(self, name: str) -> dt.date:
        """Return a date field of the submitted form."""
        return dt.date.fromisoformat(self.data[name])

    def issue(self, kind: str, *, recipient: str, issued_on: dt.date, fields: dict | None = None) -> Document:
        """Number and store a document of this case, issued by the completing step."""
        document = issue_document(
            self.session, self.clock, self.actor, self.case, kind, recipient=recipient, issued_on=issued_on,
            fields={**self.data, **(fields or {})}, task_id=self.task.id,
        )
        self.documents.append(document)
        return document


Effect = Callable[[EffectContext], dict | None]
EFFECTS: dict[str, Effect] = {}


def effect(name: str) -> Callable[[Effect], Effect]:
    """Register a domain effect under the name diagrams use."""

    def register(fn: Effect) -> Effect:
        EFFECTS[name] = fn
        return fn

    return register


def known_effects() -> frozenset[str]:
    """Return the names of every registered effect (deploy validation checks diagrams against them)."""
    import engine.operations  # noqa: F401  (registers the effects)

    return frozenset(EFFECTS)
