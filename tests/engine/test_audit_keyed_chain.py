"""Issue 14 §3.8: the audit chain holds against someone with database access.

The attacks replayed: rewrite an event and recompute the chain; strip the key marks and recompute it as a
plain SHA-256 chain; cut the tail and move the head. Each used to leave ``verify-audit`` saying "intact";
now the keyed hashes and the signed checkpoints kept outside the database name what was rewritten or cut.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select
from sqlalchemy import text

from engine import audit
from engine.actors import SYSTEM
from engine.audit import verify_chain
from engine.audit_checkpoints import checkpoint_due
from engine.audit_checkpoints import export_checkpoints
from engine.audit_checkpoints import read_checkpoints
from engine.audit_checkpoints import write_checkpoint
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.errors import CheckpointError
from engine.models import AuditEvent

KEY = b"a key kept outside the database, 32+ chars"


@pytest.fixture()
def keyed(monkeypatch):
    """The chain keyed with KEY for this test (the keyring is the process's; restore it afterwards)."""
    monkeypatch.setattr(audit, "_KEYRING", dict(audit._KEYRING))
    monkeypatch.setattr(audit, "_CURRENT_KEY", list(audit._CURRENT_KEY))
    return audit.configure_keys(KEY)


@pytest.fixture()
def wall() -> FixedClock:
    return FixedClock(dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC))


def _append(factory, clock, count: int, start: int = 1) -> None:
    with unit_of_work(factory) as session:
        for n in range(start, start + count):
            audit.record(session, clock, SYSTEM, "thing.done", "thing", n, reason=f"第{n}件事")


def _plain_rehash(session, from_seq: int) -> None:
    """What an attacker with database access does: recompute every hash from ``from_seq`` on, unkeyed."""
    rows = session.execute(select(AuditEvent).where(AuditEvent.seq >= from_seq - 1).order_by(AuditEvent.seq))
    previous = None
    for ev in rows.scalars():
        if ev.seq < from_seq:
            previous = ev.hash
            continue
        ev_fields = {k: getattr(ev, k) for k in audit._HASHED} | {"prev_hash": previous or audit.GENESIS_HASH}
        body = [ev_fields[k].astimezone(dt.UTC).isoformat() if k == "occurred_at" else ev_fields[k]
                for k in audit._HASHED]
        digest = hashlib.sha256(audit._canonical(body).encode("utf-8")).hexdigest()
        session.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h, key_id = NULL WHERE seq = :s"),
                        {"p": ev_fields["prev_hash"], "h": digest, "s": ev.seq})
        previous = digest
    session.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": previous})


def test_events_are_sealed_with_the_key_outside_the_database(session_factory, clock, keyed):
    _append(session_factory, clock, 3)
    with session_factory() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
        assert {e.key_id for e in events} == {keyed}
        assert verify_chain(session).ok


def test_a_rewritten_event_with_the_chain_recomputed_without_the_key_is_named(session_factory, clock, keyed):
    _append(session_factory, clock, 5)
    with unit_of_work(session_factory) as session:
        session.execute(text("UPDATE audit_event SET reason = '无事' WHERE seq = 3"))
        _plain_rehash(session, 3)
    with session_factory() as session:
        report = verify_chain(session)
    assert not report.ok and report.first_bad_seq == 3
    assert "未用密钥封存" in report.problem_zh


def test_a_chain_rewritten_whole_without_the_key_disagrees_with_the_signed_checkpoint(
        session_factory, clock, keyed, wall, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    _append(session_factory, clock, 4)
    with session_factory() as session:
        write_checkpoint(session, wall, path)
    with unit_of_work(session_factory) as session:
        session.execute(text("UPDATE audit_event SET reason = '无事' WHERE seq = 2"))
        _plain_rehash(session, 1)
    with session_factory() as session:
        assert verify_chain(session).ok  # internally consistent: what the old check saw
        report = verify_chain(session, checkpoints=read_checkpoints(path))
    assert not report.ok and report.first_bad_seq == 4
    assert "第4号及之前的事件被改写" in report.problem_zh


def test_a_cut_tail_with_the_head_moved_is_named_by_the_checkpoint(session_factory, clock, keyed, wall, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    _append(session_factory, clock, 6)
    with session_factory() as session:
        write_checkpoint(session, wall, path)
    with unit_of_work(session_factory) as session:
        head_hash = session.execute(select(AuditEvent.hash).where(AuditEvent.seq == 4)).scalar_one()
        session.execute(text("DELETE FROM audit_event WHERE seq > 4"))
        session.execute(text("UPDATE audit_head SET last_seq = 4, last_hash = :h"), {"h": head_hash})
    with session_factory() as session:
        assert verify_chain(session).ok
        report = verify_chain(session, checkpoints=read_checkpoints(path))
    assert not report.ok
    assert "第5至第6号事件被截去" in report.problem_zh and "现在链尾为第4号" in report.problem_zh


def test_a_tampered_checkpoint_file_is_refused(session_factory, clock, keyed, wall, tmp_path):
    path = tmp_path / "checkpoints.jsonl"
    _append(session_factory, clock, 2)
    with session_factory() as session:
        write_checkpoint(session, wall, path)
    line = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**line, "seq": 1}) + "\n", encoding="utf-8")
    with pytest.raises(CheckpointError) as refused:
        read_checkpoints(path)
    assert "签名不符" in refused.value.message_zh


def test_checkpoints_are_appended_daily_and_exported_for_the_auditor(session_factory, clock, keyed, wall,
                                                                       tmp_path):
    path, copy = tmp_path / "checkpoints.jsonl", tmp_path / "auditor-copy.jsonl"
    every = dt.timedelta(hours=24)
    assert checkpoint_due(path, wall, every)
    _append(session_factory, clock, 2)
    with session_factory() as session:
        write_checkpoint(session, wall, path)
        wall.advance(hours=23)
        assert not checkpoint_due(path, wall, every)
        wall.advance(hours=1)
        assert checkpoint_due(path, wall, every)
        write_checkpoint(session, wall, path)
    assert [c.seq for c in read_checkpoints(path)] == [2, 2]  # appended, never rewritten
    assert export_checkpoints(path, copy) == 2
    assert read_checkpoints(copy) == read_checkpoints(path)


def test_events_from_before_the_key_still_verify_and_are_sealed_by_the_first_checkpoint(
        session_factory, clock, wall, tmp_path, monkeypatch):
    # Decision (docs/SECURITY.md): existing chains are not re-hashed; the plain prefix stays as written.
    monkeypatch.setattr(audit, "_KEYRING", dict(audit._KEYRING))
    monkeypatch.setattr(audit, "_CURRENT_KEY", [])
    _append(session_factory, clock, 3)
    key_id = audit.configure_keys(KEY)
    _append(session_factory, clock, 2, start=4)
    path = tmp_path / "checkpoints.jsonl"
    with session_factory() as session:
        assert [e.key_id for e in session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()] == [
            None, None, None, key_id, key_id]
        write_checkpoint(session, wall, path)
        assert verify_chain(session, checkpoints=read_checkpoints(path)).ok
