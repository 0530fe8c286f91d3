"""A timer start's schedule may be held by an administrator (paused) and resumed (issue 11).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:30:00+00:00

Existing schedules stay running (paused = false): an installation upgraded from an earlier release keeps
starting what it started before.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('start_schedule') as batch:
        batch.add_column(sa.Column('paused', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('start_schedule') as batch:
        batch.drop_column('paused')
