"""Signals between instances (issue 11 §2): who waits for which signal, and what a delivery carries.

``signal_subscription`` projects the signal catches each instance waits at (like ``message_subscription``);
a signal thrown in one instance becomes one ``job`` of kind ``signal`` per listening instance, whose
``payload`` is what the thrower sent.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 03:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table('signal_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('task_uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'],
                            name=op.f('fk_signal_subscription_instance_id_process_instance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_subscription'))
    )
    with op.batch_alter_table('signal_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_subscription_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_subscription_name'), ['name'], unique=False)
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert the change: pending signal deliveries are dropped with their payloads."""
    op.execute("DELETE FROM incident WHERE job_id IN (SELECT id FROM job WHERE kind = 'signal')")
    op.execute("DELETE FROM job WHERE kind = 'signal'")
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('payload')
    with op.batch_alter_table('signal_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_subscription_name'))
        batch_op.drop_index(batch_op.f('ix_signal_subscription_instance_id'))
    op.drop_table('signal_subscription')
