"""Append to and verify the hash-chained audit log (SECURITY.md 26).

Since issue 14 §3.8 the chain is keyed: each event's hash is an HMAC-SHA256 under a secret kept outside the
database (``configure_keys``; the web app and the CLI pass it from their settings), and the event names the
key by its id. Someone who can write the database can no longer rewrite an event and recompute the chain.
Events written before a key was configured keep their plain SHA-256 (``key_id`` NULL): they are trusted as
far as a signed checkpoint (``engine.audit_checkpoints``) seals them, and a plain event after a keyed one
is itself a sign of rewriting. Cutting the tail and moving the head is caught against the checkpoints.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.clock import Clock
from engine.models.audit import AuditEvent
from engine.models.audit import AuditHead

GENESIS_HASH = "0" * 64
_HEAD_ID = 1


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


#: the fields an event's hash covers, in the order they are hashed (changing it breaks every stored chain)
_HASHED = ("seq", "occurred_at", "actor_id", "actor_name", "actor_role", "actor_unit_id", "action", "object_type",
           "object_id", "case_id", "source_ip", "before", "after", "reason", "prev_hash")


#: key id → key: every key this process was given (the current one and older ones, to verify old events)
_KEYRING: dict[str, bytes] = {}
_CURRENT_KEY: list[str] = []


def key_id_of(key: bytes) -> str:
    """Return the public id of a chain key (a digest: it tells keys apart and reveals nothing of them)."""
    return hashlib.sha256(b"lianjing-audit-key-id:" + key).hexdigest()[:16]


def configure_keys(current: bytes, older: tuple[bytes, ...] = ()) -> str:
    """Key every event appended from now on with ``current``; keep ``older`` keys to verify earlier events.

    Called at start-up by the web app, the worker and the CLI with the secret from their settings; the engine
    keeps no secret of its own. Returns the current key's id.
    """
    for key in (*older, current):
        _KEYRING[key_id_of(key)] = key
    _CURRENT_KEY[:] = [key_id_of(current)]
    return _CURRENT_KEY[0]


def chain_key(key_id: str) -> bytes | None:
    """Return the key of ``key_id`` if this process holds it."""
    return _KEYRING.get(key_id)


def current_key_id() -> str | None:
    """Return the id of the key new events are sealed with, or None when the chain is not keyed."""
    return _CURRENT_KEY[0] if _CURRENT_KEY else None


def event_hash(ev: AuditEvent) -> str | None:
    """Return the hash the event should carry: HMAC under its key, or plain SHA-256 for an unkeyed event.

    None when the event names a key this process does not hold.
    """
    return _digest({key: getattr(ev, key) for key in _HASHED}, ev.key_id)


def _digest(fields: dict[str, Any], key_id: str | None = None) -> str | None:
    body = [fields[key].astimezone(dt.UTC).isoformat() if key == "occurred_at" else fields[key] for key in _HASHED]
    if key_id is None:
        return hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()
    key = _KEYRING.get(key_id)
    if key is None:
        return None
    return hmac.new(key, _canonical([*body, key_id]).encode("utf-8"), hashlib.sha256).hexdigest()


# Prepared once: these statements run in every audited transaction (issue 2: per-statement overhead).
_HEAD_FOR_UPDATE = (select(AuditHead.__table__.c.last_seq, AuditHead.__table__.c.last_hash)
                    .where(AuditHead.__table__.c.id == _HEAD_ID).with_for_update())
_ADVANCE_HEAD = (update(AuditHead.__table__).where(AuditHead.__table__.c.id == _HEAD_ID)
                 .values(last_seq=bindparam("seq"), last_hash=bindparam("event_hash")))
_APPEND_EVENT = insert(AuditEvent.__table__)


def record(
    session: Session,
    clock: Clock,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = None,
    *,
    case_id: int | None = None,
    role: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
) -> None:
    """Append one event to the chain inside the caller's transaction.

    The event and the new head are written at once with Core statements on the session's connection: the
    row lock on the head is held from here to the end of the transaction, and an ORM flush per event would
    cost more than the rest of the append.
    """
    # Rows the event names (its actor) must be written before it; usually there is nothing pending.
    session.flush()
    connection = session.connection()
    # Locking the head row serialises appends on PostgreSQL; SQLite's write lock already does.
    head = connection.execute(_HEAD_FOR_UPDATE).one_or_none()
    if head is None:
        connection.execute(insert(AuditHead.__table__).values(id=_HEAD_ID, last_seq=0, last_hash=GENESIS_HASH))
        last_seq, last_hash = 0, GENESIS_HASH
    else:
        last_seq, last_hash = head
    event = {
        "seq": last_seq + 1, "occurred_at": clock.now(), "actor_id": actor.user_id, "actor_name": actor.name,
        "actor_role": role, "actor_unit_id": actor.unit_id, "action": action, "object_type": object_type,
        "object_id": None if object_id is None else str(object_id), "case_id": case_id,
        "source_ip": actor.source_ip, "before": _jsonable(before), "after": _jsonable(after), "reason": reason,
        "prev_hash": last_hash, "key_id": current_key_id(),
    }
    event["hash"] = _digest(event, event["key_id"])
    connection.execute(_APPEND_EVENT, event)
    connection.execute(_ADVANCE_HEAD, {"seq": event["seq"], "event_hash": event["hash"]})


def _jsonable(value: dict | None) -> dict | None:
    # Round-trip through JSON so the hash is computed over exactly what the database will hold.
    return None if value is None else json.loads(_canonical(value))


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying the chain (and, when given, the signed checkpoints of its head)."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem_zh: str | None = None
    #: how many signed checkpoints the chain was compared with
    checkpoints: int = 0


def verify_chain(session: Session, *, batch: int = 2000, checkpoints: list | None = None) -> ChainReport:
    """Re-hash every event in order; report the first one altered, removed or re-ordered.

    ``checkpoints`` (``engine.audit_checkpoints.Checkpoint``, read from outside the database) are compared
    with the chain: a checkpoint past the chain's end names the events cut, one whose hash differs names
    the events rewritten (issue 14 §3.8).
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    keyed_seen: int | None = None
    wanted = {cp.seq: cp for cp in checkpoints or []}
    # A streamed result is a server-side cursor on PostgreSQL: close it even when returning early.
    with session.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)) as rows:
        for ev in rows.scalars():
            if ev.seq != expected_seq:
                return ChainReport(False, checked, expected_seq, f"第{expected_seq}号事件缺失或被删除")
            if ev.prev_hash != expected_prev:
                return ChainReport(False, checked, ev.seq, f"第{ev.seq}号事件的前序哈希不符,链条被改动")
            if ev.key_id is None and keyed_seen is not None:
                return ChainReport(False, checked, ev.seq,
                                   f"第{ev.seq}号事件未用密钥封存,而第{keyed_seen}号起已用密钥:链条被改写")
            recomputed = event_hash(ev)
            if recomputed is None:
                return ChainReport(False, checked, ev.seq, f"第{ev.seq}号事件所用的密钥({ev.key_id})未配置,无法校验")
            if recomputed != ev.hash:
                return ChainReport(False, checked, ev.seq, f"第{ev.seq}号事件内容被改动")
            if ev.key_id is not None and keyed_seen is None:
                keyed_seen = ev.seq
            checkpoint = wanted.get(ev.seq)
            if checkpoint is not None and checkpoint.hash != ev.hash:
                return ChainReport(False, checked, ev.seq,
                                   f"第{ev.seq}号及之前的事件被改写:与{checkpoint.written_label}的签名检查点不符")
            expected_prev = ev.hash
            expected_seq += 1
            checked += 1
    head = session.get(AuditHead, _HEAD_ID)
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(False, checked, checked + 1, "链尾记录与事件不符,末尾事件可能被删除")
    beyond = [cp for cp in checkpoints or [] if cp.seq > checked]
    if beyond:
        last = max(beyond, key=lambda cp: cp.seq)
        return ChainReport(False, checked, checked + 1,
                           f"第{checked + 1}至第{last.seq}号事件被截去:{last.written_label}的签名检查点记录链尾为"
                           f"第{last.seq}号,现在链尾为第{checked}号", len(wanted))
    return ChainReport(True, checked, checkpoints=len(wanted))


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _flush_context, _instances) -> None:
    # The log is append-only: no code path may update or delete an event (SECURITY.md 26).
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("audit events are append-only")
