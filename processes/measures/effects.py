"""Domain effects: what completing a step means for the case ledger, deadlines, documents and restrictions.

A user task names its effect in the BPMN (`effect` property); the effect runs in the same transaction
as the completion, before the workflow moves on. It may refuse with a RuleViolation citing its article,
and it may return variables for the workflow (e.g. ``current_due_at`` for the deadline timer). Each
effect declares what it writes (``writes``), which the registry shows to readers and designers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from engine.document_numbers import issue_document
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.issued_documents import Document
from engine.models.people import Cadre
from engine.registry import EffectContext as BaseEffectContext
from engine.registry import EffectSpec


@dataclass
class EffectContext(BaseEffectContext):
    """Everything an effect of the Measures may read or change: the case, its cadre and its clue."""

    cadre: Cadre | None = None
    clue: Clue | None = None

    @property
    def case(self) -> Case:
        return self.subject

    def issue(self, kind: str, *, recipient: str, issued_on: dt.date, fields: dict | None = None) -> Document:
        """Number and store a document of this case, issued by the completing step."""
        document = issue_document(
            self.session, self.clock, self.actor, self.case, kind, recipient=recipient, issued_on=issued_on,
            fields={**self.data, **(fields or {})}, task_id=self.task.id,
        )
        self.documents.append(document)
        return document


Effect = Callable[[EffectContext], dict | None]
EFFECTS: dict[str, EffectSpec] = {}


def effect(name: str, *, label: str, writes: tuple[str, ...]) -> Callable[[Effect], Effect]:
    """Register an effect of the Measures under the name diagrams use, with its Chinese label (what designers
    and readers see) and what it writes."""

    def register(fn: Effect) -> Effect:
        summary = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        EFFECTS[name] = EffectSpec(name=name, run=fn, writes=writes, summary=summary, label_zh=label)
        return fn

    return register
