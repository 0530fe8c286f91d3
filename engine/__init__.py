"""Lianjing's workflow engine: regulated procedures on SpiffWorkflow, durable, timed and audited.

A regulation (processes/measures/ first) registers its words, subject and effects (engine/registry.py).

This package never imports Flask. Every verb takes a SQLAlchemy session, a clock and an actor and never
commits: the caller's unit of work (a web request, a CLI command, a worker sweep) commits once.
"""
from engine.actors import SYSTEM
from engine.actors import Actor
from engine.audit import verify_chain as verify_audit_chain
from engine.clock import Clock
from engine.clock import FixedClock
from engine.clock import SystemClock
from engine.jobs import retry_incident
from engine.jobs import run_due_jobs
from engine.operations.cadres import import_cadres
from engine.operations.definitions import check_definition
from engine.operations.definitions import check_files
from engine.operations.definitions import deploy_definition
from engine.operations.definitions import deploy_files
from engine.operations.instances import start_process
from engine.operations.tasks import claim_task
from engine.operations.tasks import complete_task
from engine.operations.tasks import unclaim_task
from engine.outbox import dispatch_pending
from engine.queries import cadre_restrictions
from engine.queries import case_detail
from engine.queries import case_events
from engine.queries import list_cases
from engine.queries import list_tasks

__all__ = [
    "SYSTEM",
    "Actor",
    "Clock",
    "FixedClock",
    "SystemClock",
    "cadre_restrictions",
    "case_detail",
    "case_events",
    "check_definition",
    "check_files",
    "claim_task",
    "complete_task",
    "deploy_definition",
    "deploy_files",
    "dispatch_pending",
    "import_cadres",
    "list_cases",
    "list_tasks",
    "retry_incident",
    "run_due_jobs",
    "start_process",
    "unclaim_task",
    "verify_audit_chain",
]
