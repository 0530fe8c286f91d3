"""The README's promise, kept: a new user's `make run` and `bash docs/walkthrough.sh` run a clue to a lifted
correction through the API — an extension, a second one refused past the cap (第三十条), the deadline passing
(第三十一条), the follow-up visit and lifting — and the audit chain verifies.

Runs the real command (`lianjing run`: migrate, seed, deploy, serve with the worker) in an empty directory,
as `make run` does, and the script exactly as shipped.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from webui.config import REPO_ROOT

LIANJING = Path(sys.executable).parent / "lianjing"

# `make run` is the embedded-SQLite demo whatever database the suite is pointed at: one run is enough.
pytestmark = pytest.mark.skipif(bool(os.environ.get("LIANJING_TEST_DATABASE_URL")),
                                reason="the demo runs on embedded SQLite; the SQLite run of the suite covers it")
SCRIPT = REPO_ROOT / "docs" / "walkthrough.sh"


def _demo_env(**extra: str) -> dict[str, str]:
    """The user's environment: none of the test suite's own LIANJING_ settings."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("LIANJING_")}, **extra}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def demo_server(tmp_path):
    """`lianjing run` in an empty directory on a free port; yields (its directory, the API's base URL)."""
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([str(LIANJING), "run", "--port", str(port)], cwd=tmp_path, env=_demo_env(),
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("lianjing run did not start:\n" + (tmp_path / "server.log").read_text())
                time.sleep(0.3)
        yield tmp_path, f"http://127.0.0.1:{port}/api/v1"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_the_readme_walk_takes_a_clue_to_a_lifted_correction_第三十条_第三十一条(demo_server):
    workdir, base = demo_server
    done = subprocess.run(["bash", str(SCRIPT)], cwd=workdir, capture_output=True, text=True, timeout=300,
                          env=_demo_env(BASE=base, LJ=str(LIANJING)))
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "registered case 寿纪预案〔2026〕1号 (id 1" in out
    # 第三十条: the total extension may not pass the original due date plus one month.
    assert "HTTP 422: extension_cap_exceeded 延长整改期限累计不得超过1个月(第三十条)" in out
    # 第三十一条: at the deadline without a report the case is overdue, and barred from promotion meanwhile.
    assert "逾期处理, overdue: True" in out
    assert "不得提拔使用" in out
    assert "('寿纪预案〔2026〕1号', 'closed', '已解除预警')" in out
    assert "不受第三十一条所列限制" in out
    assert "events of the case, from clue.registered to task.completed" in out
    assert "{'ok': True," in out
    audit = subprocess.run([str(LIANJING), "verify-audit"], cwd=workdir, capture_output=True, text=True,
                           env=_demo_env(LIANJING_ENV="demo"))
    assert audit.returncode == 0 and "审计链完好" in audit.stdout, audit.stdout + audit.stderr
