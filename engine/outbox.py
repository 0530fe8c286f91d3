"""Notifications, written in the transaction of the action; e-mail copies sent after commit, at most once each.

SECURITY.md 1 and 5: what the action tells people commits or rolls back with it, and nothing leaves the
system (a mail) before the transaction that decided it has committed.
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

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


_NOTIFICATIONS = Notification.__table__
_OUTBOX = OutboxMessage.__table__
_KEYS_INFO = "lianjing.outbox_keys"


@dataclass(frozen=True)
class Message:
    """What to tell one user; on the "email" channel an e-mail copy is sent as well."""

    recipient_id: int
    kind: str
    subject: str
    body: str
    dedup_key: str
    payload: dict = field(default_factory=dict)
    channel: str = "inapp"


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
) -> bool:
    """Notify one user in this transaction, unless a message with the same key was written in it; tell which."""
    return enqueue_many(session, clock, [Message(recipient_id, kind, subject, body, dedup_key, payload or {},
                                                 channel)]) == 1


def enqueue_many(session: Session, clock: Clock, messages: Iterable[Message]) -> int:
    """Write the in-app notifications and the outbox rows of ``messages``; return how many were new.

    Written with one Core statement per table (an ORM flush per message cost more than the rest of a task
    completion's notifications). Keys name objects created in this transaction (task, document, comment),
    so a repeat can only come from this same transaction; the unique constraints guard the rest.
    """
    written = _keys_written_in_transaction(session)
    fresh = []
    for message in messages:
        if message.dedup_key not in written:
            written.add(message.dedup_key)
            fresh.append(message)
    if not fresh:
        return 0
    session.flush()  # a recipient may be a user added in this transaction
    now = clock.now()
    connection = session.connection()
    connection.execute(insert(_NOTIFICATIONS), [
        {"dedup_key": m.dedup_key, "user_id": m.recipient_id, "kind": m.kind, "subject": m.subject, "body": m.body,
         "payload": m.payload, "read": False, "created_at": now} for m in fresh])
    # Every message is an outbox row (SECURITY.md 5), the record of what went to whom by which channel; an
    # in-app one is delivered by the insert above, so only an e-mail copy is left to send after commit.
    connection.execute(insert(_OUTBOX), [
        {"dedup_key": m.dedup_key, "channel": m.channel, "recipient_id": m.recipient_id, "kind": m.kind,
         "subject": m.subject, "body": m.body, "payload": m.payload, "created_at": now,
         "dispatched_at": None if m.channel == "email" else now}
        for m in fresh])
    return len(fresh)


def _keys_written_in_transaction(session: Session) -> set[str]:
    transaction = session.connection().get_transaction()  # begins one if none is under way
    owner, keys = session.info.get(_KEYS_INFO, (None, None))
    if owner is not transaction:
        keys = set()
        session.info[_KEYS_INFO] = (transaction, keys)
    return keys


def dispatch_pending(factory: sessionmaker[Session], clock: Clock, *, mailer: Mailer | None = None,
                     limit: int = 500) -> int:
    """Send the e-mail copies whose transactions have committed; return how many were mailed.

    Safe to run twice or in two processes: a copy is claimed before it is sent, and sent at most once. The
    in-app notifications need nothing here: they were written with their actions. Without a mail server
    the waiting copies are closed unsent, so configuring one later does not mail a backlog of old news.
    """
    if mailer is None:
        _close_unmailed(factory, clock)
        return 0
    return _deliver_mailed(factory, clock, mailer, limit)


def _close_unmailed(factory: sessionmaker[Session], clock: Clock) -> None:
    pending = _OUTBOX.c.dispatched_at.is_(None)
    with factory() as session:
        # Read first: the worker asks every few seconds, and on SQLite an UPDATE takes the write lock.
        if session.execute(select(_OUTBOX.c.id).where(pending).limit(1)).first() is None:
            return
    with factory() as session, session.begin():
        session.execute(update(_OUTBOX).where(pending).values(dispatched_at=clock.now()))


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
            mailer(session.get(User, message.recipient_id), message.subject, message.body)
            delivered += 1
    return delivered
