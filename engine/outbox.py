"""Notifications: written in the transaction, delivered after commit, at most once each (SECURITY.md 5)."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine.clock import Clock
from engine.models.outbox import Notification
from engine.models.outbox import OutboxMessage
from engine.models.people import User

#: A mail sender: (recipient user, subject, body) -> None. None when SMTP is not configured.
Mailer = Callable[[User, str, str], None]


def enqueue(
    session: Session,
    clock: Clock,
    *,
    recipient_id: int,
    kind: str,
    subject: str,
    body: str,
    dedup_key: str,
    payload: dict | None = None,
    channel: str = "inapp",
) -> OutboxMessage | None:
    """Write a message to the outbox unless one with the same key is already there."""
    # Keys name objects created in this transaction (task, document), so a repeat can only come from
    # this same transaction; the unique constraint guards the rest.
    if any(isinstance(m, OutboxMessage) and m.dedup_key == dedup_key for m in session.new):
        return None
    message = OutboxMessage(
        dedup_key=dedup_key, channel=channel, recipient_id=recipient_id, kind=kind, subject=subject,
        body=body, payload=payload or {}, created_at=clock.now(),
    )
    session.add(message)
    return message


def dispatch_pending(factory: sessionmaker[Session], clock: Clock, *, mailer: Mailer | None = None,
                     limit: int = 500) -> int:
    """Deliver committed messages; safe to run twice or in two processes (one delivery per message)."""
    with factory() as session:
        ids = session.execute(
            select(OutboxMessage.id).where(OutboxMessage.dispatched_at.is_(None)).order_by(OutboxMessage.id).limit(limit)
        ).scalars().all()
    delivered = 0
    for message_id in ids:
        with factory() as session, session.begin():
            # Claim the message first: whoever flips dispatched_at delivers it, the other skips.
            claimed = session.execute(
                update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.dispatched_at.is_(None))
                .values(dispatched_at=clock.now())
            ).rowcount
            if not claimed:
                continue
            message = session.get(OutboxMessage, message_id)
            session.add(Notification(
                outbox_id=message.id, user_id=message.recipient_id, kind=message.kind, subject=message.subject,
                body=message.body, payload=message.payload, read=False, created_at=message.created_at,
            ))
            if message.channel == "email" and mailer is not None:
                mailer(session.get(User, message.recipient_id), message.subject, message.body)
            delivered += 1
    return delivered
