"""Add users' e-mail addresses, for the e-mail copies of notifications.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:30:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the nullable column."""
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("email")
