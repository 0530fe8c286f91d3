"""The warning-information network's layout and its invited officers (issue 13 §1).

``info_network_node``: a unit's place in the network (centre, office, reporting point, collection point;
「001 第一篇(四)一是」). ``info_invited_appointment``: one term of an invited officer with the unit that
appointed them (「002 一(三)2」 谁选聘、谁负责). ``info_invited_record``: its trainings and assessments.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 03:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table(
        'info_network_node',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('named_by_id', sa.Integer(), nullable=True),
        sa.Column('named_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('centre', 'office', 'reporting_point', 'collection_point')",
                           name=op.f('ck_info_network_node_kind_known')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_info_network_node_unit_id_unit')),
        sa.ForeignKeyConstraint(['named_by_id'], ['user_account.id'],
                                name=op.f('fk_info_network_node_named_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_network_node')),
        sa.UniqueConstraint('unit_id', name=op.f('uq_info_network_node_unit_id')),
    )
    op.create_table(
        'info_invited_appointment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('appointing_unit_id', sa.Integer(), nullable=False),
        sa.Column('constituency', sa.String(length=24), nullable=False),
        sa.Column('term_start', sa.Date(), nullable=False),
        sa.Column('term_end', sa.Date(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('end_reason', sa.Text(), nullable=True),
        sa.Column('appointed_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('term_end >= term_start', name=op.f('ck_info_invited_appointment_term_ordered')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_info_invited_appointment_user_id_user_account')),
        sa.ForeignKeyConstraint(['appointing_unit_id'], ['unit.id'],
                                name=op.f('fk_info_invited_appointment_appointing_unit_id_unit')),
        sa.ForeignKeyConstraint(['appointed_by_id'], ['user_account.id'],
                                name=op.f('fk_info_invited_appointment_appointed_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_invited_appointment')),
    )
    op.create_index(op.f('ix_info_invited_appointment_user_id'), 'info_invited_appointment', ['user_id'])
    op.create_index(op.f('ix_info_invited_appointment_appointing_unit_id'), 'info_invited_appointment',
                    ['appointing_unit_id'])
    op.create_table(
        'info_invited_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('appointment_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('result', sa.String(length=16), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('training', 'assessment')", name=op.f('ck_info_invited_record_kind_known')),
        sa.ForeignKeyConstraint(['appointment_id'], ['info_invited_appointment.id'],
                                name=op.f('fk_info_invited_record_appointment_id_info_invited_appointment')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_info_invited_record_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_info_invited_record')),
    )
    op.create_index(op.f('ix_info_invited_record_appointment_id'), 'info_invited_record', ['appointment_id'])


def downgrade() -> None:
    """Revert the change: the layout and the invited officers' terms are dropped (their role grants stay)."""
    op.drop_index(op.f('ix_info_invited_record_appointment_id'), table_name='info_invited_record')
    op.drop_table('info_invited_record')
    op.drop_index(op.f('ix_info_invited_appointment_appointing_unit_id'), table_name='info_invited_appointment')
    op.drop_index(op.f('ix_info_invited_appointment_user_id'), table_name='info_invited_appointment')
    op.drop_table('info_invited_appointment')
    op.drop_table('info_network_node')
