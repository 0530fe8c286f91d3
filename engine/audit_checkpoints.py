"""Signed checkpoints of the audit chain's head, written outside the database (issue 14 §3.8).

A checkpoint records the chain's last sequence number and hash at a wall-clock instant, signed with an
HMAC under the chain key. It is appended, one JSON line each, to a file outside the database (``path``,
opened for appending only and synced to disk). Whoever can write the database cannot write this file (on a
sound installation it lives on another mount or is shipped off the machine), so a cut tail or a rewritten
prefix no longer agrees with it. ``export_checkpoints`` copies the lines for an auditor to keep: their copy
is evidence nobody on the server can change.

Written at least daily by the worker (``checkpoint_due``) and on demand (``lianjing audit-checkpoint``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.clock import LOCAL_TZ
from engine.clock import Clock
from engine.errors import CheckpointError
from engine.errors import ConfigurationError
from engine.models.audit import AuditHead


@dataclass(frozen=True)
class Checkpoint:
    """One signed record of the chain's head."""

    seq: int
    hash: str
    written_at: dt.datetime
    key_id: str
    signature: str

    @property
    def written_label(self) -> str:
        """The instant it was written, as a reader in the county reads it."""
        return f"{self.written_at.astimezone(LOCAL_TZ):%Y年%m月%d日%H:%M}"

    def signed_fields(self) -> str:
        return json.dumps([self.seq, self.hash, self.written_at.astimezone(dt.UTC).isoformat(), self.key_id],
                          separators=(",", ":"))


def _sign(key: bytes, checkpoint_fields: str) -> str:
    return hmac.new(key, b"lianjing-audit-checkpoint:" + checkpoint_fields.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def write_checkpoint(session: Session, wall: Clock, path: Path) -> Checkpoint:
    """Sign the chain's head now and append it to ``path``; return it.

    :raise ConfigurationError: the chain has no key (nothing could be signed).
    """
    key_id = audit.current_key_id()
    key = audit.chain_key(key_id) if key_id else None
    if key is None:
        raise ConfigurationError("审计链未配置密钥,不能写入签名检查点", code="audit_key_missing")
    head = session.execute(select(AuditHead.last_seq, AuditHead.last_hash)).one_or_none()
    seq, last_hash = head if head is not None else (0, audit.GENESIS_HASH)
    unsigned = Checkpoint(seq, last_hash, wall.now(), key_id, "")
    checkpoint = Checkpoint(seq, last_hash, unsigned.written_at, key_id, _sign(key, unsigned.signed_fields()))
    line = json.dumps({"seq": seq, "hash": last_hash, "written_at": checkpoint.written_at.astimezone(dt.UTC)
                       .isoformat(), "key_id": key_id, "signature": checkpoint.signature}, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Append-only: never truncate or rewrite what an earlier checkpoint said; synced before returning.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return checkpoint


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Read and check every checkpoint of ``path`` (none when the file does not exist yet).

    :raise CheckpointError: a line is not a checkpoint, or its signature does not hold under its key.
    """
    if not path.is_file():
        return []
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
            checkpoint = Checkpoint(int(raw["seq"]), str(raw["hash"]), dt.datetime.fromisoformat(raw["written_at"]),
                                    str(raw["key_id"]), str(raw["signature"]))
        except (ValueError, KeyError, TypeError):
            raise CheckpointError(f"签名检查点文件第{number}行无法读取,文件可能被改动") from None
        key = audit.chain_key(checkpoint.key_id)
        if key is None:
            raise CheckpointError(f"签名检查点文件第{number}行所用的密钥({checkpoint.key_id})未配置,无法校验")
        if not hmac.compare_digest(_sign(key, checkpoint.signed_fields()), checkpoint.signature):
            raise CheckpointError(f"签名检查点文件第{number}行的签名不符,检查点被改动")
        found.append(checkpoint)
    return found


def checkpoint_due(path: Path, wall: Clock, every: dt.timedelta) -> bool:
    """Tell whether the newest checkpoint in ``path`` is older than ``every`` (or there is none)."""
    if not path.is_file():
        return True
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return True
    try:
        last = dt.datetime.fromisoformat(json.loads(lines[-1])["written_at"])
    except (ValueError, KeyError, TypeError):
        return True
    return wall.now() - last >= every


def export_checkpoints(path: Path, target: Path) -> int:
    """Copy every checkpoint line of ``path`` to ``target`` for an auditor to keep; return how many."""
    checkpoints = read_checkpoints(path)  # refuse to hand over a file whose signatures do not hold
    target.write_text(path.read_text(encoding="utf-8") if checkpoints else "", encoding="utf-8")
    return len(checkpoints)
