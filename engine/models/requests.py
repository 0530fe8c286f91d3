"""Requests a client may safely repeat: the answer kept under the client's ``Idempotency-Key`` (issue 14 §2)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class IdempotentRequest(Base):
    """One request made under an idempotency key, written in the same transaction as what it did.

    A retry whose first answer was lost finds this row and gets the same answer again instead of registering
    a second clue or completing a step twice. A key is the client's own: it is unique per user.
    """

    __tablename__ = "idempotent_request"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: who sent it; keys of different users never meet
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    #: the ``Idempotency-Key`` header as sent (printable ASCII, at most 128 characters)
    key: Mapped[str] = mapped_column(String(128), nullable=False)
    #: hex SHA-256 of method, path and body: the same key with another request is refused, not replayed
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    #: HTTP status of the first answer
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    #: JSON body of the first answer
    response: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    #: when the first request was made (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
