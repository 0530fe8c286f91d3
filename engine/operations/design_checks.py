"""The designer's 检查 button without a transaction held while it runs (issue 11 §5; SECURITY.md 13, 19).

On SQLite every transaction takes the write lock at its start (engine/db.py), so a check of a large diagram
run inside the request's transaction kept every clerk waiting ("database is locked"). The button's request
therefore works in three steps: read what the check needs (the draft's XML and what is deployed), end the
transaction; check, touching no database; then store the result in a short transaction of its own — only if
the draft still holds the XML that was checked. Submitting and publishing then reuse that result
(engine/operations/designs.py ``check_draft``) as long as nothing was edited or deployed since.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.clock import Clock
from engine.design_rules import DesignContext
from engine.design_rules import Problem
from engine.design_rules import design_context
from engine.errors import ConcurrencyConflict
from engine.operations.designs import _filename
from engine.operations.designs import check_key
from engine.operations.designs import get_draft
from engine.operations.designs import library_mark
from engine.operations.designs import problems_of_xml
from engine.operations.designs import store_check


@dataclass(frozen=True)
class PreparedCheck:
    """Everything a check of one draft reads, taken from the database before it runs."""

    draft_id: int
    key: str
    filename: str
    xml: str
    sha256: str
    #: the newest deployed version's id when the context was read (designs.library_mark)
    library: int
    context: DesignContext
    #: the draft's forms defined as data (issue 11 §4), checked with the XML
    data_forms: list | None = None


def prepare_check(session: Session, actor: Actor, draft_id: int) -> PreparedCheck:
    """Read the draft and what is deployed (a designer's draft only); the caller may then end its transaction."""
    draft = get_draft(session, actor, draft_id)
    return PreparedCheck(draft.id, draft.key, _filename(session, draft), draft.xml, check_key(draft),
                         library_mark(session), design_context(session), draft.forms)


def run_check(prepared: PreparedCheck) -> list[Problem]:
    """Check the prepared XML: deploy validation and the regulations' rules, no database access."""
    return problems_of_xml(prepared.context, prepared.filename, prepared.key, prepared.xml, prepared.data_forms)


def record_check(session: Session, clock: Clock, actor: Actor, prepared: PreparedCheck,
                 problems: list[Problem]) -> None:
    """Keep the result with the draft, unless it was edited while the check ran (then it is stale: 409)."""
    draft = get_draft(session, actor, prepared.draft_id)
    if check_key(draft) != prepared.sha256:
        raise ConcurrencyConflict("检查期间草稿已被修改,请重新检查", code="draft_changed")
    store_check(session, clock, actor, draft, prepared.sha256, prepared.library, problems)
