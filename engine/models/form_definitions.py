"""Forms defined as data, published with their diagram version (issue 11 §4): never changed once published."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy import event
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class FormDefinition(Base):
    """One data form of one deployed process version; an instance pinned to that version fills this form."""

    __tablename__ = "form_definition"
    __table_args__ = (UniqueConstraint("process_definition_id", "form_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the diagram version that publishes the form (its user tasks name it by ``formKey``)
    process_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False,
                                                       index=True)
    #: the key the diagram's ``formKey`` property names; never a Python form's key
    form_key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: Chinese title (the definition's ``title``), for lists
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the definition as published (forms.data.definition schema)
    definition: Mapped[dict] = mapped_column(JSON, nullable=False)
    #: hex SHA-256 of the definition's canonical JSON (sorted keys): part of the version's fingerprint
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)


@event.listens_for(Session, "before_flush")
def _refuse_form_changes(session: Session, _flush_context, _instances) -> None:
    # A published version never changes: a running instance keeps the form its diagram version was published
    # with (issue 11 §4). A new form is a new version, through the designer's four-eyes loop.
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, FormDefinition) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("published form definitions are immutable")
