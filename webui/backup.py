"""``lianjing backup DIR`` and ``lianjing restore DIR``: the database, and with it the attachments (they are
stored in the database, each with its SHA-256), copied so that a restore can be checked (issue 14 §1).

A backup is a folder: the database dump (``pg_dump --format=custom`` on PostgreSQL, SQLite's online backup
otherwise) and ``manifest.json`` with the dump's SHA-256, the schema revision, the audit chain's head and the
number of attachments. ``restore`` loads it into an *empty* database only, then proves the copy: the dump's
hash, the audit chain verified end to end and ending at the recorded head, every attachment hashing to its
recorded SHA-256. Keys kept outside the database (the session secret, and any audit key) are not in it:
back them up with the server's configuration.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

import engine
from engine.models import Attachment
from engine.models import AuditEvent
from webui import extensions
from webui.extensions import db

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that must not go on; the message is for the operator (Chinese)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """Return a libpq URL without the password, and the environment carrying it (never on the command line)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database)


def _state(session: Session) -> dict[str, Any]:
    """What a restored copy must show again: the schema revision, the audit head, the attachments."""
    head = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
    return {
        "alembic_revision": sorted(session.execute(text("SELECT version_num FROM alembic_version")).scalars()),
        "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
        "attachments": session.execute(select(func.count()).select_from(Attachment)).scalar_one(),
    }


def backup(app: Flask, directory: Path) -> dict[str, Any]:
    """Write the database dump and its manifest into ``directory`` (created; must be empty)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 不是空目录")
    url = app.config["DATABASE_URL"]
    with app.app_context():
        with extensions.session_factory()() as session:
            state = _state(session)
        if url.startswith("postgresql"):
            dump = directory / "database.dump"
            target, env = _libpq(url)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", target], env)
        else:
            dump = directory / "database.sqlite3"
            source = sqlite3.connect(_sqlite_path(url))
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)  # a consistent copy while the server keeps writing
            finally:
                copy.close()
                source.close()
    manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "backend": "postgresql" if url.startswith("postgresql") else "sqlite", "file": dump.name,
                "sha256": _sha256(dump), **state}
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"找不到 {command[0]}:请安装与数据库服务器同版本的 PostgreSQL 客户端")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败:{done.stderr.strip()}")


@dataclass(frozen=True)
class RestoreReport:
    """What the restored copy showed when checked against its manifest."""

    audit_checked: int
    audit_head: dict | None
    attachments: int


def restore(app: Flask, directory: Path) -> RestoreReport:
    """Load a backup into the (empty) database of ``app`` and check the copy against its manifest."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {directory / MANIFEST}:{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份清单的格式无法识别")
    dump = directory / manifest["file"]
    if not dump.is_file() or _sha256(dump) != manifest["sha256"]:
        raise BackupError(f"备份文件 {dump} 缺失或已被改动(SHA-256 不符)")
    url = app.config["DATABASE_URL"]
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    if backend != manifest["backend"]:
        raise BackupError(f"该备份来自 {manifest['backend']},不能恢复到 {backend} 数据库")
    with app.app_context():
        if inspect(db.engine).get_table_names():
            raise BackupError("目标数据库不是空库:只能恢复到新建的空数据库")
        db.engine.dispose()
        if backend == "postgresql":
            target, env = _libpq(url)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={target}",
                  str(dump)], env)
        else:
            source = sqlite3.connect(dump)
            copy = sqlite3.connect(_sqlite_path(url))
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        with extensions.session_factory()() as session:
            return _check(session, manifest)


def _check(session: Session, manifest: dict[str, Any]) -> RestoreReport:
    state = _state(session)
    for key in ("alembic_revision", "audit_head", "attachments"):
        if state[key] != manifest[key]:
            raise BackupError(f"恢复后的数据与备份清单不符:{key} 为 {state[key]},清单记载 {manifest[key]}")
    report = engine.verify_audit_chain(session)
    if not report.ok:
        raise BackupError(f"恢复后的审计链校验未通过:{report.problem_zh}")
    altered = [attachment_id for attachment_id, content, sha in session.execute(
        select(Attachment.id, Attachment.content, Attachment.sha256)) if hashlib.sha256(content).hexdigest() != sha]
    if altered:
        raise BackupError(f"恢复后有附件内容与其记录的 SHA-256 不符:{altered}")
    return RestoreReport(report.checked, state["audit_head"], state["attachments"])
