"""Files filed with a step's subject: scanned replies, photos of rectification, PDFs. Who may read a file is
who may read its subject, as the subject's regulation says (``SubjectAdapter.readable_by``).

Only PDF, JPEG and PNG are accepted, recognised by their first bytes rather than the name the browser
sends; the content's SHA-256 goes into the audit log so the file can later be shown unaltered.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import OutOfScope
from engine.models.people import User
from engine.models.workspace import Attachment
from engine.permissions import check_can_work_on
from engine.permissions import load_task_for
from engine.runtime import subject_of

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_CASE = 200
#: leading bytes → (MIME type, extension)
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
ACCEPTED_LABEL = "PDF、JPG、PNG"


def sniff_type(content: bytes) -> tuple[str, str] | None:
    """Return (MIME type, extension) recognised from the content, or None."""
    for signature, mime, extension in _SIGNATURES:
        if content.startswith(signature):
            return mime, extension
    return None


def safe_filename(name: str, extension: str) -> str:
    """Keep a readable file name (Chinese included) without paths, control characters or a lying extension."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", base).strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:120] or "附件") + extension


def add_attachment(session: Session, clock: Clock, actor: Actor, task_id: int, filename: str, content: bytes,
                   remark: str = "") -> Attachment:
    """File an attachment on an open task the actor may work on.

    :raise FormInvalid: empty, too large, of a type not accepted, or the case has too many files.
    """
    task = load_task_for(session, actor.user, task_id)
    check_can_work_on(actor.user, task)
    if not content:
        raise FormInvalid("请选择要上传的文件", details={"file": ["文件为空"]})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise FormInvalid(f"文件超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB上限",
                          details={"file": ["文件过大"]})
    kind = sniff_type(content)
    if kind is None:
        raise FormInvalid(f"只能上传{ACCEPTED_LABEL}文件", details={"file": ["文件类型不支持"]})
    if task.subject_type is None:
        # a file is filed with the step's subject; a process serving none has nowhere to keep it
        raise FormInvalid("本环节未关联任何事项,附件无处归档", details={"file": ["本环节不能上传附件"]},
                          code="attachment_without_subject")
    count = len(session.execute(select(Attachment.id).where(
        Attachment.subject_type == task.subject_type, Attachment.subject_id == task.subject_id)).all())
    if count >= MAX_ATTACHMENTS_PER_CASE:
        raise FormInvalid(f"每个案件最多上传{MAX_ATTACHMENTS_PER_CASE}个附件")
    mime, extension = kind
    row = Attachment(
        subject_type=task.subject_type, subject_id=task.subject_id, task_id=task.id,
        filename=safe_filename(filename, extension), content_type=mime,
        size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content,
        uploaded_by_id=actor.user_id, uploaded_at=clock.now(), extra={"remark": (remark or "").strip()[:200]},
    )
    session.add(row)
    session.flush()
    audit.record(session, clock, actor, "attachment.added", "attachment", row.id, case_id=task.case_id,
                 after={"task_id": task.id, "filename": row.filename, "size": row.size, "sha256": row.sha256})
    return row


def attachments_of(session: Session, subject_type: str, subject_id: int) -> list[Attachment]:
    """Return a subject's attachments in upload order (without their bytes)."""
    stmt = (select(Attachment).where(Attachment.subject_type == subject_type, Attachment.subject_id == subject_id)
            .order_by(Attachment.id))
    return list(session.execute(stmt).scalars())


def load_attachment_for(session: Session, user: User, attachment_id: int) -> Attachment:
    """Load an attachment of a subject the user may read, or raise NotFound (SECURITY.md 24)."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound("附件不存在或无权查看")
    adapter, subject = subject_of(session, row)
    if subject is None:
        raise NotFound("附件不存在或无权查看")
    if not adapter.readable_by(session, user, subject):
        raise OutOfScope("附件不存在或无权查看")  # answered as NotFound, audited as a denial (SECURITY.md 26)
    return row
