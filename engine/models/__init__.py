"""Every table of the application, importable from one place (Alembic and the tests need them all)."""
from engine.models.audit import AuditEvent
from engine.models.audit import AuditHead
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.cases import IntegrityFileEntry
from engine.models.cases import Restriction
from engine.models.definitions import ProcessDefinition
from engine.models.designs import DesignDraft
from engine.models.designs import DesignStatus
from engine.models.form_definitions import FormDefinition
from engine.models.instances import InstanceStatus
from engine.models.instances import ProcessInstance
from engine.models.issued_documents import Document
from engine.models.issued_documents import NumberCounter
from engine.models.jobs import Incident
from engine.models.jobs import IncidentStatus
from engine.models.jobs import Job
from engine.models.jobs import JobStatus
from engine.models.migrations import InstanceMigration
from engine.models.outbox import Notification
from engine.models.outbox import OutboxMessage
from engine.models.people import ApiToken
from engine.models.people import Cadre
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.models.requests import IdempotentRequest
from engine.models.role_grants import RoleGrantRequest
from engine.models.settings import CalendarDay
from engine.models.settings import CalendarYear
from engine.models.settings import ManualClock
from engine.models.settings import Setting
from engine.models.starts import MessageSubscription
from engine.models.starts import ProcessMessage
from engine.models.starts import ProcessStart
from engine.models.starts import SignalSubscription
from engine.models.starts import StartSchedule
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskCandidate
from engine.models.tasks import TaskComment
from engine.models.tasks import TaskStatus
from engine.models.workspace import Attachment
from engine.models.workspace import LoginAttempt
from engine.models.workspace import TaskDraft

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "AuditHead",
    "Cadre",
    "CalendarDay",
    "CalendarYear",
    "Case",
    "CaseStatus",
    "Clue",
    "DesignDraft",
    "DesignStatus",
    "Document",
    "FormDefinition",
    "Incident",
    "IncidentStatus",
    "InstanceMigration",
    "InstanceStatus",
    "IntegrityFileEntry",
    "Job",
    "JobStatus",
    "LoginAttempt",
    "ManualClock",
    "MessageSubscription",
    "SignalSubscription",
    "Notification",
    "NumberCounter",
    "OutboxMessage",
    "ProcessDefinition",
    "ProcessInstance",
    "ProcessMessage",
    "ProcessStart",
    "Restriction",
    "RoleGrantRequest",
    "RoleAssignment",
    "Setting",
    "StartSchedule",
    "TaskCandidate",
    "TaskComment",
    "HumanTask",
    "TaskDraft",
    "TaskStatus",
    "Unit",
    "User",
    "IdempotentRequest",
]
