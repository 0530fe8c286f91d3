"""New decision tables and new processes in the designer's workspace (issue 11 §2, "Done when": a designer
models a new procedure with no Python): a draft that starts from a one-rule table, or from a diagram holding
only its process and a start event.

Everything after creation (saving, checking, four-eyes publication, versions, diff) is the drafts' own
workflow in :mod:`engine.operations.designs`, which recognises a DMN draft by its content.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.bpmn.decisions import DECISION_ID
from engine.bpmn.decisions import starter_table_xml
from engine.bpmn.starter_process import starter_process_xml
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.models.definitions import ProcessDefinition
from engine.models.designs import DesignDraft
from engine.models.designs import DesignStatus
from engine.operations.designs import _require_designer  # the drafts' own rules, shared on purpose
from engine.operations.designs import _summary


def create_decision_draft(session: Session, clock: Clock, actor: Actor, key: str, name: str) -> DesignDraft:
    """Start a new decision table (no deployed version yet) from a one-rule starter the author then edits."""
    return _new_draft(session, clock, actor, key, name, starter_table_xml, "新建决策表的信息有误")


def create_process_draft(session: Session, clock: Clock, actor: Actor, key: str, name: str) -> DesignDraft:
    """Start a new process (no deployed version yet) from a diagram with only its start event."""
    return _new_draft(session, clock, actor, key, name, starter_process_xml, "新建流程的信息有误")


def _new_draft(session: Session, clock: Clock, actor: Actor, key: str, name: str,
               starter: Callable[[str, str], str], refused: str) -> DesignDraft:
    _require_designer(actor)
    key, name = (key or "").strip(), (name or "").strip()
    problems = {}
    if not DECISION_ID.match(key):
        problems["key"] = ["以字母开头,只含字母、数字和下划线,不超过64个字符"]
    elif session.execute(select(ProcessDefinition.id).where(ProcessDefinition.key == key)).first() is not None \
            or session.execute(select(DesignDraft.id).where(DesignDraft.key == key)).first() is not None:
        problems["key"] = ["该标识已被已部署的流程、决策表或其他草稿使用"]
    if not name or len(name) > 120:
        problems["name"] = ["请填写名称(不超过120个字)"]
    if problems:
        raise FormInvalid(refused, details=problems)
    now = clock.now()
    draft = DesignDraft(key=key, name=name, xml=starter(key, name), status=DesignStatus.DRAFT,
                        base_definition_id=None, author_id=actor.user_id, created_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    audit.record(session, clock, actor, "design.draft_created", "design_draft", draft.id, after=_summary(draft))
    return draft
