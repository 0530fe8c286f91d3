"""Deploy DMN decision tables beside the diagrams: a definition says whether it is a process or a decision.

Decision tables are versioned, hashed and pinned exactly as processes are (issue 11 §2), so they live in
``process_definition`` with a ``kind``; every row deployed so far is a process.

Revision ID: 0010
Revises: 0012 (re-chained after integrate-2's 0012; the brief's branch point was 0006)
Create Date: 2026-12-07 17:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the kind column; existing definitions are processes."""
    # A plain ADD COLUMN (SQLite accepts it with a constant default): a batch copy of process_definition would
    # drop the table that instances, drafts and migrations reference.
    op.add_column('process_definition',
                  sa.Column('kind', sa.String(length=16), nullable=False, server_default='process'))


def downgrade() -> None:
    """Drop the kind column; refused while a decision table is deployed, since no older release can run it."""
    bind = op.get_bind()
    pinned = bind.execute(sa.text(
        "SELECT count(*) FROM process_definition WHERE kind = 'decision'")).scalar()
    if pinned:
        raise RuntimeError("decision tables are deployed: delete them (and their instances) before downgrading")
    if bind.dialect.name == 'sqlite':
        op.execute('ALTER TABLE process_definition DROP COLUMN kind')  # SQLite ≥ 3.35, in place (see upgrade)
    else:
        op.drop_column('process_definition', 'kind')
