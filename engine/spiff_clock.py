"""Make SpiffWorkflow's timers read our clock instead of the wall clock (SPIFFWORKFLOW.md §3.6).

SpiffWorkflow 3.2.0 calls ``datetime.now(timezone.utc)`` inside its timer module and offers no hook, so
the module's ``datetime`` name is replaced once by a subclass whose ``now()`` reads the clock bound for
the current engine run. This depends on a module-internal name: SpiffWorkflow is pinned exactly.
"""
from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import SpiffWorkflow.bpmn.specs.event_definitions.timer as _spiff_timer

from engine.clock import Clock
from engine.clock import SystemClock

_SYSTEM_CLOCK = SystemClock()
_current: contextvars.ContextVar[Clock] = contextvars.ContextVar("lianjing_clock", default=_SYSTEM_CLOCK)


class _ClockedDatetime(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        instant = _current.get().now()
        return instant.astimezone(tz) if tz else instant.astimezone().replace(tzinfo=None)


_spiff_timer.datetime = _ClockedDatetime


@contextmanager
def engine_clock(clock: Clock) -> Iterator[None]:
    """Bind ``clock`` as SpiffWorkflow's notion of now for the duration of the block."""
    token = _current.set(clock)
    try:
        yield
    finally:
        _current.reset(token)
