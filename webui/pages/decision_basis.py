"""What a leader's decision rests on, shown on the decision's own page (issue 15 §2).

A leader approves on the strength of the steps before: the proposal and its reasons, the preliminary check's
findings (第十七条), the registration form (第十八条), the follow-up visit before lifting (第三十条). The steps
done since the case's last decision are the ones this decision rests on and are shown open; the earlier ones
are listed folded. The documents those steps produced are set out inline, as they print (the newest open).
Every value is rendered by the auditor's presenter (``submitted_values``), so both read a step alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import Document
from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import User
from engine.models.cases import of_case
from processes.measures.inspection import SubmittedValue
from processes.measures.inspection import submitted_values
from processes.measures.rendering import ComposedDocument
from processes.measures.rendering import compose_document
from webui.pages.auth import needs_fresh_login


@dataclass(frozen=True)
class BasisDocument:
    """A document of the case with its text as it prints."""

    document: Document
    composed: ComposedDocument


@dataclass(frozen=True)
class BasisStep:
    """A completed step of the case: who did it, when, what they filled in and said, what it issued."""

    task: HumanTask
    performer: str
    values: list[SubmittedValue]
    documents: list[BasisDocument]
    #: the newest documents are set out open; older ones (copies of a notice, say) are one click away
    documents_open: bool = False


@dataclass(frozen=True)
class DecisionBasis:
    """The steps since the last decision (open on the page) and the earlier ones (folded)."""

    recent: list[BasisStep]
    earlier: list[BasisStep]


def decision_basis(session: Session, task: HumanTask) -> DecisionBasis | None:
    """Return what the decision ``task`` rests on, or None when it is no leader's decision of a case."""
    if not task.case_id or not needs_fresh_login(task):
        return None
    done = list(session.execute(select(HumanTask).where(
        of_case(HumanTask, task.case_id), HumanTask.status == TaskStatus.COMPLETED, HumanTask.id != task.id)
        .order_by(HumanTask.completed_at, HumanTask.id)).scalars())
    documents = list(session.execute(select(Document).where(of_case(Document, task.case_id))
                                     .order_by(Document.id)).scalars())
    names = dict(session.execute(select(User.id, User.display_name).where(
        User.id.in_({t.completed_by_id for t in done if t.completed_by_id}))).all())
    # The last leader's decision before this one closes what this decision has to weigh afresh.
    last_decision = max((i for i, t in enumerate(done) if needs_fresh_login(t)), default=-1)
    steps = [BasisStep(task=t, performer=names.get(t.completed_by_id, ""),
                       values=[v for v in submitted_values(session, t) if v.filled],
                       documents=[BasisDocument(d, compose_document(session, d)) for d in documents
                                  if d.task_id == t.id])
             for t in done]
    recent = steps[last_decision + 1:]
    newest = next((i for i in range(len(recent) - 1, -1, -1) if recent[i].documents), None)
    if newest is not None:
        recent[newest] = replace(recent[newest], documents_open=True)
    return DecisionBasis(recent=recent, earlier=steps[:last_decision + 1])
