"""``lianjing audit-checkpoint`` and ``lianjing verify-audit`` against signed checkpoints (issue 14 §3.8)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from engine.db import make_engine
from tests.webui.test_cli import PROCESSES
from tests.webui.test_cli import run  # noqa: F401  (fixture)


def test_verify_audit_names_a_cut_tail_from_the_checkpoint_file_or_the_auditors_copy(run, capsys, tmp_path):  # noqa: F811
    checkpoints, copy = tmp_path / "checkpoints.jsonl", tmp_path / "auditor.jsonl"
    settings = {"AUDIT_CHECKPOINT_FILE": str(checkpoints)}
    assert run(capsys, "init-db", **settings)[0] == 0
    assert run(capsys, "seed-demo", **settings)[0] == 0
    assert run(capsys, "deploy", *[str(p) for p in sorted(PROCESSES.glob("*.bpmn"))], **settings)[0] == 0
    status, out, _ = run(capsys, "audit-checkpoint", "--export", str(copy), **settings)
    assert status == 0 and "已写入签名检查点" in out and copy.is_file()
    status, out, _ = run(capsys, "verify-audit", **settings)
    assert status == 0 and "与 1 个签名检查点一致" in out

    # someone with database access cuts the last three events and moves the head back
    sql_engine = make_engine(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with sql_engine.begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_event")).scalar_one()
        kept = conn.execute(text("SELECT hash FROM audit_event WHERE seq = :s"), {"s": last - 3}).scalar_one()
        conn.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": last - 3})
        conn.execute(text("UPDATE audit_head SET last_seq = :s, last_hash = :h"), {"s": last - 3, "h": kept})
    sql_engine.dispose()

    status, _, err = run(capsys, "verify-audit", **settings)
    assert status == 1 and f"第{last - 2}至第{last}号事件被截去" in err
    checkpoints.unlink()  # even with the server's file gone, the auditor's copy tells
    status, _, err = run(capsys, "verify-audit", "--checkpoints", str(copy), **settings)
    assert status == 1 and f"第{last - 2}至第{last}号事件被截去" in err
    assert Path(copy).read_text(encoding="utf-8").count("\n") == 1
