"""Forms defined as data: a draft carries its forms, a deployed version publishes them (issue 11 §4).

Revision ID: 0008
Revises: 0013 (the branches' migrations run in one line: 0012, 0010, 0009, 0013, 0008)
Create Date: 2026-12-07 16:40:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table(
        'form_definition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('process_definition_id', sa.Integer(), nullable=False),
        sa.Column('form_key', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('definition', sa.JSON(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['process_definition_id'], ['process_definition.id'],
                                name=op.f('fk_form_definition_process_definition_id_process_definition')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_definition')),
        sa.UniqueConstraint('process_definition_id', 'form_key',
                            name=op.f('uq_form_definition_process_definition_id_form_key')),
    )
    with op.batch_alter_table('form_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_definition_process_definition_id'), ['process_definition_id'],
                              unique=False)
    with op.batch_alter_table('design_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forms', sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert the change."""
    with op.batch_alter_table('design_draft', schema=None) as batch_op:
        batch_op.drop_column('forms')
    with op.batch_alter_table('form_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_definition_process_definition_id'))
    op.drop_table('form_definition')
