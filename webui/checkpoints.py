"""Where the app keeps the audit chain's signed checkpoints, and the chain check that reads them (§3.8)."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from engine.audit import ChainReport
from engine.audit import verify_chain
from engine.audit_checkpoints import read_checkpoints
from engine.errors import CheckpointError


def checkpoint_path() -> Path:
    """Return the configured append-only checkpoint file."""
    return Path(current_app.config["AUDIT_CHECKPOINT_FILE"])


def verify_with_checkpoints(session: Session, path: Path | None = None) -> ChainReport:
    """Verify the chain against the signed checkpoints of ``path`` (default: the configured file)."""
    try:
        checkpoints = read_checkpoints(path or checkpoint_path())
    except CheckpointError as problem:
        return ChainReport(False, 0, None, problem.message_zh)
    return verify_chain(session, checkpoints=checkpoints)
