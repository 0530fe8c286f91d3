"""Add the record of running instances moved between process versions (and moved back).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 04:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table('instance_migration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('from_definition_id', sa.Integer(), nullable=False),
    sa.Column('to_definition_id', sa.Integer(), nullable=False),
    sa.Column('from_definition_ids', sa.JSON(), nullable=False),
    sa.Column('to_definition_ids', sa.JSON(), nullable=False),
    sa.Column('migrated_by_id', sa.Integer(), nullable=False),
    sa.Column('migrated_at', sa.DateTime(), nullable=False),
    sa.Column('reverted_by_id', sa.Integer(), nullable=True),
    sa.Column('reverted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['from_definition_id'], ['process_definition.id'], name=op.f('fk_instance_migration_from_definition_id_process_definition')),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'], name=op.f('fk_instance_migration_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['migrated_by_id'], ['user_account.id'], name=op.f('fk_instance_migration_migrated_by_id_user_account')),
    sa.ForeignKeyConstraint(['reverted_by_id'], ['user_account.id'], name=op.f('fk_instance_migration_reverted_by_id_user_account')),
    sa.ForeignKeyConstraint(['to_definition_id'], ['process_definition.id'], name=op.f('fk_instance_migration_to_definition_id_process_definition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instance_migration'))
    )
    with op.batch_alter_table('instance_migration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instance_migration_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instance_migration_key'), ['key'], unique=False)


def downgrade() -> None:
    """Undo the change."""
    with op.batch_alter_table('instance_migration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instance_migration_key'))
        batch_op.drop_index(batch_op.f('ix_instance_migration_instance_id'))

    op.drop_table('instance_migration')
