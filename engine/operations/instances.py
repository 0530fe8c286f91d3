"""Start a process that is not a warning case (a process designer's own diagram, a benchmark)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import NotFound
from engine.models.instances import ProcessInstance
from engine.notifications import notify_new_tasks
from engine.runtime import advance
from engine.runtime import latest_definition
from engine.runtime import save
from engine.runtime import start_instance
from engine.subjects import NO_SUBJECT


def start_process(session: Session, clock: Clock, actor: Actor, key: str, data: dict) -> ProcessInstance:
    """Start the newest version of process ``key`` with initial data and run it to its first wait states."""
    definition = latest_definition(session, key)
    if definition is None:
        raise NotFound(f"流程{key}尚未部署")
    loaded = start_instance(session, clock, definition, data, None)
    advance(loaded, clock)
    result = save(session, loaded, clock)
    audit.record(session, clock, actor, "instance.started", "instance", loaded.row.id,
                 after={"process": key, "version": definition.version})
    notify_new_tasks(session, clock, NO_SUBJECT, None, result.new_tasks)
    return loaded.row
