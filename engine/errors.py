"""Engine exceptions: each carries a stable code and a Chinese message for people.

The web layer maps them to HTTP statuses (webui/api/errors.py); the engine never imports Flask.
"""
from __future__ import annotations


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""

    code = "engine_error"
    status = 400

    def __init__(self, message_zh: str, *, details: dict | list | None = None, code: str | None = None):
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.details = details
        if code is not None:
            self.code = code


class DefinitionRejected(EngineError):
    """A BPMN definition failed the hardened loader or deploy validation (SECURITY.md 18, 19)."""

    code = "definition_rejected"
    status = 422


class FormInvalid(EngineError):
    """Submitted form data failed its forms/ schema; details maps field -> messages."""

    code = "form_invalid"
    status = 422


class AssigneeInvalid(EngineError):
    """The variable a step's ``assignee`` property names does not hold the id of an active user."""

    code = "assignee_invalid"
    status = 409


class RuleViolation(EngineError):
    """A rule of the Measures refuses the action; the message names the article (第N条)."""

    code = "rule_violation"
    status = 422

    def __init__(self, message_zh: str, *, article: str, code: str = "rule_violation", details=None,
                 status: int | None = None):
        super().__init__(message_zh, details=details, code=code)
        self.article = article
        if status is not None:
            self.status = status


class NotFound(EngineError):
    """The object does not exist or is outside the actor's scope (both look the same, SECURITY.md 24)."""

    code = "not_found"
    status = 404


class OutOfScope(NotFound):
    """The object exists but is outside the actor's scope: answered exactly as NotFound, yet an authorization
    denial the audit log records (SECURITY.md 24, 26)."""


class NotPermitted(EngineError):
    """The object is visible to the actor but the action is not theirs to take."""

    code = "forbidden"
    status = 403


class ConcurrencyConflict(EngineError):
    """Someone else changed the same instance or task first (SECURITY.md 2)."""

    code = "conflict"
    status = 409


class TaskAlreadyCompleted(ConcurrencyConflict):
    """The task was completed by someone else first (SECURITY.md 3)."""

    code = "task_already_completed"


class TaskNotClaimable(ConcurrencyConflict):
    """The task is claimed by another user."""

    code = "task_claimed_by_other"


class IncidentOpen(EngineError):
    """The instance has an open incident and cannot advance until it is retried."""

    code = "incident_open"
    status = 409


class ConfigurationError(EngineError):
    """Settings refuse to run (manual clock in production, missing secret...)."""

    code = "configuration_error"
    status = 500


class DecisionFailed(EngineError):
    """A DMN decision table could not decide at run time: no rule matched, several did under UNIQUE, or an
    input could not be evaluated (a designer's table meeting data it does not cover)."""

    code = "decision_failed"
    status = 422


class CheckpointError(ConfigurationError):
    """The audit checkpoint file cannot be read as written, or a line's signature does not hold (issue 14 §3.8)."""

    code = "audit_checkpoint_invalid"


class EffectWithoutSubject(EngineError):
    """A step names an effect, but its instance serves no subject the effect could act on."""

    code = "effect_without_subject"
    status = 409
