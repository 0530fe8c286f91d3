"""The living risk register: power items (权力清单), risk points, their measures and every version of them.

DOMAIN.md §5 and seed 004 (六–十). A risk point's current content is on ``risk_point`` and ``risk_measure``
(the register pages list them without reading history); every change writes a ``risk_point_version`` row
holding the whole point as it became, with who, when and why (issue 12 §2: the register is living).
The tables are the package's own: they register on the engine's ``Base`` when the package is imported, which
is what ``load_regulations`` does for the app, the tests and Alembic (engine/migrations/env.py).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from engine.db import Base
from engine.db import UTCDateTime


class PowerItem(Base):
    """One item of a unit's power list (权力清单), with the fields DOMAIN.md §5 names."""

    __tablename__ = "power_item"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    #: the unit's own numbering of the item (编码)
    code: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: 集体决策 (True) or ordinary
    major: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    service_object: Mapped[str | None] = mapped_column(String(200))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    charging_basis: Mapped[str | None] = mapped_column(Text)
    handling_body: Mapped[str | None] = mapped_column(String(200))
    responsible_office: Mapped[str | None] = mapped_column(String(100))
    responsible_person: Mapped[str | None] = mapped_column(String(64))
    time_limit: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    supervision_phone: Mapped[str | None] = mapped_column(String(32))
    procedure: Mapped[str | None] = mapped_column(Text)
    remarks: Mapped[str | None] = mapped_column(Text)
    #: the process key of its power-operation flow chart (权力运行流程图), drawn in the modeler
    flow_chart_key: Mapped[str | None] = mapped_column(String(64))
    #: 1 at creation, +1 on every change; each change is a PowerItemVersion with who, when and why
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    versions: Mapped[list[PowerItemVersion]] = relationship(
        back_populates="power_item", order_by="PowerItemVersion.version", cascade="all, delete-orphan")


class PowerItemVersion(Base):
    """One version of a power item: its fields as a change left them, with who, when and why (the power list is
    living like the register: 「000 第二篇 二」 清权确权 when powers change; issue 12 §2 "a change of power")."""

    __tablename__ = "power_item_version"
    __table_args__ = (UniqueConstraint("power_item_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    power_item_id: Mapped[int] = mapped_column(ForeignKey("power_item.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the item's fields as this version left them (power_list.snapshot)
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: who made the change; NULL for the system (demo seeding)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    power_item: Mapped[PowerItem] = relationship(back_populates="versions")


class PowerFlowChart(Base):
    """A power item's power-operation flow chart (权力运行流程图, 「004 十」第三步; 「000 第二篇」 权力运行流程) as
    a documentation-only BPMN diagram, drawn in the same bpmn-js modeler as the processes.

    It is a record of the unit's register, kept and changed by the register's editors (access.py), never run
    and never deployed: it needs none of the task properties an executable process needs, but it is parsed
    hardened and size-limited like every diagram (flow_chart.py). Its ``key`` is the item's ``flow_chart_key``;
    a unit that wants the approvals run here has a designer deploy a process under that key, and the chart page
    then shows the deployed version (flow_chart.py ``load_chart``).
    """

    __tablename__ = "power_flow_chart"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    power_item_id: Mapped[int] = mapped_column(ForeignKey("power_item.id"), nullable=False, unique=True)
    #: the BPMN process id, equal to the item's flow_chart_key
    key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    #: the BPMN XML as last saved
    xml: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    #: 1 at creation, +1 on every save (each save is audited with who and when)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class RiskPoint(Base):
    """A link or post in the running of power where corruption may occur (「004 六」), as it now stands."""

    __tablename__ = "risk_point"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
        Index("ix_risk_point_unit_level_type", "unit_id", "level", "risk_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    power_item_id: Mapped[int | None] = mapped_column(ForeignKey("power_item.id"), index=True)
    #: vocabulary.SCOPE_LABELS (「004 六」)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)
    #: the office (科室) or post (岗位) it belongs to, by name
    office: Mapped[str | None] = mapped_column(String(100))
    post: Mapped[str | None] = mapped_column(String(100))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"), index=True)
    #: vocabulary.RISK_TYPE_LABELS (「004 七」)
    risk_type: Mapped[str] = mapped_column(String(32), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: 风险表现
    manifestations: Mapped[str] = mapped_column(Text, nullable=False)
    #: 1–3 (「004 九」)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    #: vocabulary.OWNER_ROLE_BY_LEVEL[level] (DOMAIN.md §5)
    owner_role: Mapped[str] = mapped_column(String(32), nullable=False)
    #: the BPMN element of its power item's flow chart the point is marked on (★)
    flow_element_id: Mapped[str | None] = mapped_column(String(64))
    #: the identification round that found it, and the day its sign-off filed it (「004 十」第八步)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("risk_round.id"), index=True)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    measures: Mapped[list[RiskMeasure]] = relationship(
        back_populates="risk_point", order_by="RiskMeasure.position", cascade="all, delete-orphan")
    versions: Mapped[list[RiskPointVersion]] = relationship(
        back_populates="risk_point", order_by="RiskPointVersion.version", cascade="all, delete-orphan")


class RiskMeasure(Base):
    """A prevention measure (防控措施) of a risk point: its owner and how it is checked (「004 十」第二、三步)."""

    __tablename__ = "risk_measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_point_id: Mapped[int] = mapped_column(ForeignKey("risk_point.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: 责任人 (a person or post, by name)
    owner: Mapped[str] = mapped_column(String(64), nullable=False)
    #: 考核方式: 「004 十」第二步 "防控措施的执行能够进行考核"
    check_method: Mapped[str] = mapped_column(String(200), nullable=False)
    check_due: Mapped[dt.date | None] = mapped_column(Date)

    risk_point: Mapped[RiskPoint] = relationship(back_populates="measures")


class RiskPointVersion(Base):
    """One version of a risk point: the whole point as a change left it, with who, when and why."""

    __tablename__ = "risk_point_version"
    __table_args__ = (UniqueConstraint("risk_point_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_point_id: Mapped[int] = mapped_column(ForeignKey("risk_point.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the point's fields and measures as this version left them (the register's snapshot)
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: who made the change; NULL for the system (demo seeding, imports)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)

    risk_point: Mapped[RiskPoint] = relationship(back_populates="versions")


class IdentificationRound(Base):
    """One run of the eight-step identification for a unit and a year (「004 十」): the subject its instance
    serves, showing the round's most pressing open stage, and closed when the announcement ends."""

    __tablename__ = "risk_round"
    __table_args__ = (Index("ix_risk_round_unit_year", "unit_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the identification's stage (vocabulary.STAGE_LABELS), or "risk_filed" once announced without objection
    stage: Mapped[str] = mapped_column(String(32), nullable=False)
    closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    started_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ReidentificationRequest(Base):
    """A change of power or post that asks the unit to look again at the risk points it touches.

    「004 六」: 廉政风险点及与其相对应的廉政风险是动态的、变化的,随着权力运行的变化或岗位职能职权的调整,而相应发生变化
    — so a changed power item (power_list.py) or a cadre's changed post (the roster import, through the engine's
    ``cadre_post_changed`` hook) opens one request naming the points it touches, each with the version it had
    then; the unit's register editors close it by revising those points or by confirming, with a reason, that
    nothing needs to change (reidentification.py).
    """

    __tablename__ = "risk_reidentification_request"
    __table_args__ = (Index("ix_risk_reidentification_request_unit_open", "unit_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: reidentification.TRIGGER_LABELS: "power_item" or "cadre_post"
    trigger: Mapped[str] = mapped_column(String(16), nullable=False)
    power_item_id: Mapped[int | None] = mapped_column(ForeignKey("power_item.id"))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"))
    #: what changed: field → [before, after]
    change: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: the touched points as [{"id": …, "version": …}] at the time the request opened
    points: Mapped[list] = mapped_column(JSON, nullable=False)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: NULL for the system (demo seeding, a system import)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: reidentification.OUTCOME_LABELS: "revised" or "unchanged"; NULL while open
    outcome: Mapped[str | None] = mapped_column(String(16))
    resolution: Mapped[str | None] = mapped_column(Text)
