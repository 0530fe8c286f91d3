"""Power-operation flow charts (权力运行流程图, issue 12 §1; 「004 十」第三步): one documentation-only BPMN diagram
per power item, keyed by the item's flow_chart_key, kept by the register's editors; and the power items' versions
(each change with who, when and why, like the risk points'). Existing items start at version 1.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 03:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table(
        'power_flow_chart',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('power_item_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('xml', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['power_item_id'], ['power_item.id'],
                                name=op.f('fk_power_flow_chart_power_item_id_power_item')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_power_flow_chart_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_power_flow_chart')),
        sa.UniqueConstraint('key', name=op.f('uq_power_flow_chart_key')),
        sa.UniqueConstraint('power_item_id', name=op.f('uq_power_flow_chart_power_item_id')),
    )
    with op.batch_alter_table('power_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'power_item_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('power_item_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'],
                                name=op.f('fk_power_item_version_changed_by_id_user_account')),
        sa.ForeignKeyConstraint(['power_item_id'], ['power_item.id'],
                                name=op.f('fk_power_item_version_power_item_id_power_item')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_power_item_version')),
        sa.UniqueConstraint('power_item_id', 'version', name=op.f('uq_power_item_version_power_item_id_version')),
    )
    with op.batch_alter_table('power_item_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_power_item_version_power_item_id'), ['power_item_id'], unique=False)


def downgrade() -> None:
    """Revert the change: the charts and the items' versions are dropped (the items keep their flow_chart_key)."""
    with op.batch_alter_table('power_item_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_power_item_version_power_item_id'))
    op.drop_table('power_item_version')
    with op.batch_alter_table('power_item', schema=None) as batch_op:
        batch_op.drop_column('version')
    op.drop_table('power_flow_chart')
