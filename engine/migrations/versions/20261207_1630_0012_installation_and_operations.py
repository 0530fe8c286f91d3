"""A county's own installation and safe retries: the system actor needs no unit; idempotent requests.

``init-db`` creates the engine's system actor before any unit exists, so its unit may be empty. A request
sent with an ``Idempotency-Key`` keeps its answer, so a retry whose first answer was lost gets it again
(issue 14 §1–2).

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-07 16:30:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)
    op.create_table(
        'idempotent_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=128), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('response', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_idempotent_request_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_request')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotent_request_user_id_key')),
    )


def downgrade() -> None:
    """Undo the change; a system actor without a unit is put in the root unit, which must exist by then."""
    op.drop_table('idempotent_request')
    op.execute("UPDATE user_account SET unit_id = (SELECT MIN(id) FROM unit WHERE parent_id IS NULL) "
               "WHERE unit_id IS NULL")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
