"""How processes start: who may start them by hand, their timer schedules, and messages between instances.

Read from a definition's XML at deploy (``engine.starts.register_starts``) so that "what may I start" and
the worker's sweep never parse a diagram. Messages thrown by one instance and caught by another are rows
here too: the record of who told whom what, and a message nobody waits for yet is kept until someone does.
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class StartKind(StrEnum):
    """What a start event waits for."""

    NONE = "none"        # started by a person (发起事项) or the API, if the process is startable
    TIMER = "timer"      # started by the worker's sweep on its schedule
    MESSAGE = "message"  # started by a message another instance throws
    SIGNAL = "signal"    # started by a signal another instance throws (every process catching it starts)


class ProcessStart(Base):
    """One start event of one deployed definition, with who may start it by hand."""

    __tablename__ = "process_start"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False, index=True)
    #: the process key (denormalised from the definition: "what may I start" filters by it)
    key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: BPMN id of the start event
    start_event_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: StartKind
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    #: roles that may start it by hand (process property ``startableBy``); empty: nobody by hand
    roles: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: the start form (the start event's ``formKey`` property), validated through ``forms``
    form_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: the message a message start event catches, or the signal a signal start event catches
    message_name: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    #: "timeDate" or "timeCycle", and the literal the designer wrote, for a timer start event
    timer_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    timer_expression: Mapped[str | None] = mapped_column(String(500), nullable=True)


class StartSchedule(Base):
    """The next occurrence of a timer start event of the newest version of a process.

    An occurrence is taken by moving ``next_due_at`` on under a condition on its old value (SQLite) or with
    the row locked (PostgreSQL, SKIP LOCKED): whoever moves it starts the one instance of that occurrence.
    """

    __tablename__ = "start_schedule"
    __table_args__ = (Index("ix_start_schedule_due", "next_due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the process key; publishing a new version replaces the key's schedules
    key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False)
    #: BPMN id of the timer start event
    start_event_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: "timeDate" or "timeCycle"
    timer_kind: Mapped[str] = mapped_column(String(16), nullable=False)
    #: the evaluated literal, e.g. R/2027-01-28T09:00:00+08:00/P1M (seed 001: monthly reporting on the 28th)
    expression: Mapped[str] = mapped_column(String(500), nullable=False)
    #: when the next occurrence is due (UTC); None once every occurrence has started an instance
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: occurrences already started (the next one is occurrence number ``fired``, counted from 0)
    fired: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    last_started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: held by an administrator: the sweep starts nothing from it until it is resumed. The shipped
    #: catalogue's schedules are deployed held, so a county decides when its monthly reporting begins.
    paused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())


class MessageStatus(StrEnum):
    """Lifecycle of a thrown message."""

    WAITING = "waiting"      # nobody waited for it when thrown: kept until a catch with its correlation arms
    DELIVERED = "delivered"  # caught by an instance (a waiting one, or one it started)


MESSAGE_TRANSITIONS: dict[MessageStatus, frozenset[MessageStatus]] = {
    MessageStatus.WAITING: frozenset({MessageStatus.DELIVERED}),
    MessageStatus.DELIVERED: frozenset(),
}


class ProcessMessage(Base):
    """A message one instance threw to another (BPMN message, correlated by key)."""

    __tablename__ = "process_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the BPMN message name both sides refer to
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    #: what the thrower sent (its messagePayload, evaluated)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: correlation key → {property: value}, computed from the payload by the thrower's diagram
    correlations: Mapped[dict] = mapped_column(JSON, nullable=False)
    sender_instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), nullable=True)
    #: MessageStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    receiver_instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), nullable=True)
    thrown_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MessageSubscription(Base):
    """A message catch an instance is waiting at, with the instance's correlations (re-projected on save)."""

    __tablename__ = "message_subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: the WAITING SpiffWorkflow task of the catch event or receive task
    task_uuid: Mapped[str] = mapped_column(String(36), nullable=False)
    #: BPMN message name it catches
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    #: the instance's correlations when it armed ({} : the first message sets them)
    correlations: Mapped[dict] = mapped_column(JSON, nullable=False)


class SignalSubscription(Base):
    """A signal catch an instance is waiting at (re-projected on save): who hears a signal thrown elsewhere."""

    __tablename__ = "signal_subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: the WAITING SpiffWorkflow task of the intermediate catch or boundary event
    task_uuid: Mapped[str] = mapped_column(String(36), nullable=False)
    #: BPMN signal name it catches
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
