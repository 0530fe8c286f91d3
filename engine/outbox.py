"""Notifications: written in the transaction, delivered after commit, at most once each (SECURITY.md 5)."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import insert
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


_APPEND = insert(OutboxMessage.__table__)
_KEYS_INFO = "lianjing.outbox_keys"


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
    """Write a message to the outbox unless one with the same key was written in this transaction.

    The row is inserted at once with a Core statement on the session's connection (an ORM flush per message
    cost more than the rest of a task completion's notifications); the returned message is not in the session.
    """
    # Keys name objects created in this transaction (task, document), so a repeat can only come from
    # this same transaction; the unique constraint guards the rest.
    written = _keys_written_in_transaction(session)
    if dedup_key in written:
        return None
    message = OutboxMessage(
        dedup_key=dedup_key, channel=channel, recipient_id=recipient_id, kind=kind, subject=subject,
        body=body, payload=payload or {}, created_at=clock.now(), dispatched_at=None,
    )
    session.flush()  # the recipient may be a user added in this transaction
    values = {column: getattr(message, column) for column in _MESSAGE_COLUMNS}
    message.id = session.connection().execute(_APPEND, values).inserted_primary_key[0]
    written.add(dedup_key)
    return message


_MESSAGE_COLUMNS = [c.key for c in OutboxMessage.__table__.columns if c.key != "id"]


def _keys_written_in_transaction(session: Session) -> set[str]:
    transaction = session.connection().get_transaction()  # begins one if none is under way
    owner, keys = session.info.get(_KEYS_INFO, (None, None))
    if owner is not transaction:
        keys = set()
        session.info[_KEYS_INFO] = (transaction, keys)
    return keys


def dispatch_pending(factory: sessionmaker[Session], clock: Clock, *, mailer: Mailer | None = None,
                     limit: int = 500) -> int:
    """Deliver committed messages; safe to run twice or in two processes (one delivery per message).

    Messages that only become in-app notifications are claimed and delivered together, in one transaction.
    A message that is also mailed gets a transaction of its own: a failing mail server then leaves just that
    message pending for the next run, and no mail already sent is sent again.
    """
    delivered = _deliver_in_app(factory, clock, limit, mailed_channel_excluded=mailer is not None)
    if mailer is not None:
        delivered += _deliver_mailed(factory, clock, mailer, limit)
    return delivered


_OUTBOX = OutboxMessage.__table__


def _deliver_in_app(factory: sessionmaker[Session], clock: Clock, limit: int, *,
                    mailed_channel_excluded: bool) -> int:
    pending = select(_OUTBOX.c.id).where(_OUTBOX.c.dispatched_at.is_(None))
    if mailed_channel_excluded:
        pending = pending.where(_OUTBOX.c.channel != "email")
    pending = pending.order_by(_OUTBOX.c.id).limit(limit)
    with factory() as session, session.begin():
        # Claim first: whoever flips dispatched_at delivers the message; a concurrent dispatcher's UPDATE
        # re-checks dispatched_at on PostgreSQL (and waits for our write lock on SQLite) and skips it.
        claimed = session.execute(
            update(_OUTBOX).where(_OUTBOX.c.id.in_(pending.scalar_subquery()), _OUTBOX.c.dispatched_at.is_(None))
            .values(dispatched_at=clock.now())
            .returning(_OUTBOX.c.id, _OUTBOX.c.recipient_id, _OUTBOX.c.kind, _OUTBOX.c.subject, _OUTBOX.c.body,
                       _OUTBOX.c.payload, _OUTBOX.c.created_at)
        ).all()
        if claimed:
            session.execute(insert(Notification.__table__), [
                {"outbox_id": m.id, "user_id": m.recipient_id, "kind": m.kind, "subject": m.subject, "body": m.body,
                 "payload": m.payload, "read": False, "created_at": m.created_at} for m in claimed])
    return len(claimed)


def _deliver_mailed(factory: sessionmaker[Session], clock: Clock, mailer: Mailer, limit: int) -> int:
    with factory() as session:
        ids = session.execute(
            select(OutboxMessage.id).where(OutboxMessage.dispatched_at.is_(None), OutboxMessage.channel == "email")
            .order_by(OutboxMessage.id).limit(limit)
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
            mailer(session.get(User, message.recipient_id), message.subject, message.body)
            delivered += 1
    return delivered
