"""Add the process designers' drafts (draft, check, four-eyes publication).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table('design_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('xml', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('base_definition_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=True),
    sa.Column('check_result', sa.JSON(), nullable=True),
    sa.Column('published_definition_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_design_draft_author_id_user_account')),
    sa.ForeignKeyConstraint(['base_definition_id'], ['process_definition.id'], name=op.f('fk_design_draft_base_definition_id_process_definition')),
    sa.ForeignKeyConstraint(['published_definition_id'], ['process_definition.id'], name=op.f('fk_design_draft_published_definition_id_process_definition')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_design_draft_reviewer_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_design_draft'))
    )
    with op.batch_alter_table('design_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_design_draft_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_design_draft_status_key', ['status', 'key'], unique=False)


def downgrade() -> None:
    """Undo the change."""
    with op.batch_alter_table('design_draft', schema=None) as batch_op:
        batch_op.drop_index('ix_design_draft_status_key')
        batch_op.drop_index(batch_op.f('ix_design_draft_author_id'))

    op.drop_table('design_draft')
