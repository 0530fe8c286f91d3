"""The reference workload on bare SpiffWorkflow, in memory: the floor our engine is compared with."""
from __future__ import annotations

import time
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from bench.stats import Timings


def run_bare(bpmn_path: Path, instances: int = 100, steps: int = 8) -> dict:
    """Start ``instances`` workflows, then complete task k of every instance, round robin."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(bpmn_path)])
    spec = parser.get_spec("bench_8_user_tasks")
    workflows = []
    began = time.perf_counter()
    for _ in range(instances):
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        workflows.append(wf)
    start_seconds = time.perf_counter() - began
    completions = Timings()
    for _ in range(steps):
        for wf in workflows:
            t0 = time.perf_counter()
            task = wf.get_next_task(state=TaskState.READY, manual=True)
            task.set_data(approved=True, note="ok")
            task.run()
            wf.do_engine_steps()
            completions.add(time.perf_counter() - t0)
    assert all(wf.is_completed() for wf in workflows)
    return {"starts_per_s": instances / start_seconds, "completion": completions}
