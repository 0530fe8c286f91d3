"""Numbered documents (文书): one number series per issuing body and year (DOMAIN.md §7)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import NotFound
from engine.models.cases import CASE_SUBJECT
from engine.models.cases import Case
from engine.models.cases import of_case
from engine.models.issued_documents import Document
from engine.models.issued_documents import NumberCounter
from engine.models.people import Unit
from engine.models.people import User
from engine.permissions import load_case_for

#: kind → Chinese title (DOMAIN.md §7)
DOCUMENT_TITLES: dict[str, str] = {
    "clue_transfer_form": "预警线索移送表",
    "approval_form": "预警对象审批表",
    "inquiry_letter": "询问函",
    "admonition_notice": "警示诫勉通知书",
    "correction_notice": "责令纠错通知书",
    "talk_plan": "谈话方案",
    "talk_notice": "谈话通知书",
    "talk_record": "谈话记录",
    "registration_form": "预警工作登记表",
    "extension_approval_form": "延期整改审批表",
    "extension_notice": "延期整改通知书",
    "follow_up_form": "预警工作回访登记表",
    "lifting_approval": "解除预警审批意见",
    "notification_organisation": "责令纠错情况通报(组织部门)",
    "notification_personnel": "责令纠错情况通报(人事部门)",
    "notification_unit": "责令纠错情况通报(所在单位党组织)",
    "source_feedback": "预警情况通报(线索来源部门)",
    "handover_letter": "线索移交函",
}


def next_number(session: Session, unit_id: int, series: str, year: int) -> int:
    """Take the next number of a series; concurrent takers get distinct numbers or a conflict."""
    stmt = (
        update(NumberCounter)
        .where(NumberCounter.unit_id == unit_id, NumberCounter.series == series, NumberCounter.year == year)
        .values(last_value=NumberCounter.last_value + 1)
        .returning(NumberCounter.last_value)
    )
    value = session.execute(stmt).scalar_one_or_none()
    if value is not None:
        return value
    try:
        with session.begin_nested():
            session.add(NumberCounter(unit_id=unit_id, series=series, year=year, last_value=1))
        return 1
    except IntegrityError:
        value = session.execute(stmt).scalar_one_or_none()
        if value is None:
            raise ConcurrencyConflict("文号分配冲突,请重试") from None
        return value


def format_number(prefix: str, year: int, sequence: int, infix: str = "") -> str:
    """Format a number as printed: 寿纪预〔2026〕7号."""
    return f"{prefix}{infix}〔{year}〕{sequence}号"


def issue_document(
    session: Session,
    clock: Clock,
    actor: Actor,
    case: Case,
    kind: str,
    *,
    recipient: str,
    issued_on: dt.date,
    fields: dict,
    task_id: int | None = None,
) -> Document:
    """Number and store a document of a case, issued by the case's handling unit."""
    unit = session.get(Unit, case.handling_unit_id)
    sequence = next_number(session, unit.id, "document", issued_on.year)
    document = Document(
        subject_type=CASE_SUBJECT, subject_id=case.id, kind=kind, title=DOCUMENT_TITLES[kind],
        issuing_unit_id=unit.id, year=issued_on.year,
        sequence=sequence, number=format_number(unit.doc_prefix or unit.name, issued_on.year, sequence),
        recipient=recipient, issued_on=issued_on, issued_by_id=actor.user_id, task_id=task_id,
        fields=fields, created_at=clock.now(),
    )
    session.add(document)
    return document


def documents_of(session: Session, case_id: int) -> list[Document]:
    """Return a case's documents in issue order."""
    return list(session.execute(select(Document).where(of_case(Document, case_id)).order_by(Document.id)).scalars())


def load_document_for(session: Session, user: User, document_id: int) -> Document:
    """Load a document of a case the user may read, or raise NotFound (SECURITY.md 24)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound("文书不存在或无权查看")
    load_case_for(session, user, document.case_id)
    return document
