"""The warning-information network: items, point deductions, colour warnings and accountability (issue 13).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 20:30:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_SUBJECT = '(unit_id IS NULL) <> (cadre_id IS NULL)'


def _subject_columns(table: str) -> list:
    return [
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('cadre_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(ONE_SUBJECT, name=op.f(f'ck_{table}_one_subject')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f(f'fk_{table}_unit_id_unit')),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f(f'fk_{table}_cadre_id_cadre')),
    ]


def upgrade() -> None:
    """Apply the change."""
    op.create_table(
        'info_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('source', sa.String(length=32), nullable=False),
        *_subject_columns('info_item'),
        sa.Column('facts', sa.Text(), nullable=False),
        sa.Column('reported_by_id', sa.Integer(), nullable=True),
        sa.Column('reported_on', sa.Date(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('verified', sa.Boolean(), nullable=False),
        sa.Column('verified_by_id', sa.Integer(), nullable=True),
        sa.Column('verified_at', sa.DateTime(), nullable=True),
        sa.Column('situation', sa.String(length=40), nullable=True),
        sa.Column('harm', sa.String(length=16), nullable=True),
        sa.Column('suggested_level', sa.Integer(), nullable=True),
        sa.Column('level', sa.Integer(), nullable=True),
        sa.Column('level_decided_by_id', sa.Integer(), nullable=True),
        sa.Column('level_decided_at', sa.DateTime(), nullable=True),
        sa.Column('level_reason', sa.Text(), nullable=True),
        sa.Column('feedback_kind', sa.String(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('level IS NULL OR level BETWEEN 1 AND 3', name=op.f('ck_info_item_level_range')),
        sa.ForeignKeyConstraint(['reported_by_id'], ['user_account.id'],
                                name=op.f('fk_info_item_reported_by_id_user_account')),
        sa.ForeignKeyConstraint(['verified_by_id'], ['user_account.id'],
                                name=op.f('fk_info_item_verified_by_id_user_account')),
        sa.ForeignKeyConstraint(['level_decided_by_id'], ['user_account.id'],
                                name=op.f('fk_info_item_level_decided_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_item')),
    )
    with op.batch_alter_table('info_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_info_item_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_info_item_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index('ix_info_item_year_level', ['year', 'level'], unique=False)

    op.create_table(
        'info_deduction',
        sa.Column('id', sa.Integer(), nullable=False),
        *_subject_columns('info_deduction'),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('points >= 0', name=op.f('ck_info_deduction_points_not_negative')),
        sa.ForeignKeyConstraint(['item_id'], ['info_item.id'], name=op.f('fk_info_deduction_item_id_info_item')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_deduction')),
        sa.UniqueConstraint('item_id', name=op.f('uq_info_deduction_item_id')),
    )
    with op.batch_alter_table('info_deduction', schema=None) as batch_op:
        batch_op.create_index('ix_info_deduction_unit_year', ['unit_id', 'year'], unique=False)
        batch_op.create_index('ix_info_deduction_cadre_year', ['cadre_id', 'year'], unique=False)

    op.create_table(
        'info_warning',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        *_subject_columns('info_warning'),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('colour', sa.String(length=8), nullable=True),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('leaders', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('colour', 'accountability')", name=op.f('ck_info_warning_kind_known')),
        sa.ForeignKeyConstraint(['item_id'], ['info_item.id'], name=op.f('fk_info_warning_item_id_info_item')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_warning')),
    )
    with op.batch_alter_table('info_warning', schema=None) as batch_op:
        batch_op.create_index('ix_info_warning_unit_year', ['unit_id', 'year'], unique=False)
        batch_op.create_index('ix_info_warning_cadre_year', ['cadre_id', 'year'], unique=False)


def downgrade() -> None:
    """Revert the change."""
    for table, indexes in (
        ('info_warning', ('ix_info_warning_cadre_year', 'ix_info_warning_unit_year')),
        ('info_deduction', ('ix_info_deduction_cadre_year', 'ix_info_deduction_unit_year')),
        ('info_item', ('ix_info_item_year_level', 'ix_info_item_cadre_id', 'ix_info_item_unit_id')),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
