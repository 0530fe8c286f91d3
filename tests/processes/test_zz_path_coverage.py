"""Every sequence flow of every diagram is taken by some walk of this suite (runs after the path modules)."""
from __future__ import annotations

import pytest

from tests.processes.conftest import COVERAGE
from tests.processes.conftest import SHIPPED

PATH_MODULES = {"test_warning_case", "test_warning_approval", "test_warning_execution", "test_reply_supervision",
                "test_correction_supervision"}


def test_every_sequence_flow_is_walked():
    if not COVERAGE.modules >= PATH_MODULES:
        pytest.skip("only meaningful when every path module ran in this session")
    every_flow = {(pid, flow) for (pid, _, _), flow in SHIPPED.flow_ids.items()}
    assert sorted(every_flow - COVERAGE.flows) == []
