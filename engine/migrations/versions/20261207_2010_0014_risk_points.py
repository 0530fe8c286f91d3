"""The living risk register: power items, risk points, their measures and versions, identification rounds
(issue 12 §1–3).

Revision ID: 0014
Revises: 0007 (0008 before the subject branch's generic subject was merged)
Create Date: 2026-12-07 20:10:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table(
        'power_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('major', sa.Boolean(), nullable=False),
        sa.Column('service_object', sa.String(length=200), nullable=True),
        sa.Column('legal_basis', sa.Text(), nullable=True),
        sa.Column('charging_basis', sa.Text(), nullable=True),
        sa.Column('handling_body', sa.String(length=200), nullable=True),
        sa.Column('responsible_office', sa.String(length=100), nullable=True),
        sa.Column('responsible_person', sa.String(length=64), nullable=True),
        sa.Column('time_limit', sa.String(length=100), nullable=True),
        sa.Column('contact_phone', sa.String(length=32), nullable=True),
        sa.Column('supervision_phone', sa.String(length=32), nullable=True),
        sa.Column('procedure', sa.Text(), nullable=True),
        sa.Column('remarks', sa.Text(), nullable=True),
        sa.Column('flow_chart_key', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_power_item_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_power_item')),
        sa.UniqueConstraint('unit_id', 'code', name=op.f('uq_power_item_unit_id_code')),
    )
    with op.batch_alter_table('power_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_power_item_unit_id'), ['unit_id'], unique=False)

    op.create_table(
        'risk_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=32), nullable=False),
        sa.Column('closed', sa.Boolean(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'],
                                name=op.f('fk_risk_round_started_by_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_risk_round_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_round')),
    )
    with op.batch_alter_table('risk_round', schema=None) as batch_op:
        batch_op.create_index('ix_risk_round_unit_year', ['unit_id', 'year'], unique=False)

    op.create_table(
        'risk_point',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('power_item_id', sa.Integer(), nullable=True),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('office', sa.String(length=100), nullable=True),
        sa.Column('post', sa.String(length=100), nullable=True),
        sa.Column('cadre_id', sa.Integer(), nullable=True),
        sa.Column('risk_type', sa.String(length=32), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('manifestations', sa.Text(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('owner_role', sa.String(length=32), nullable=False),
        sa.Column('flow_element_id', sa.String(length=64), nullable=True),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.Column('filed_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('level BETWEEN 1 AND 3', name=op.f('ck_risk_point_level_range')),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_risk_point_cadre_id_cadre')),
        sa.ForeignKeyConstraint(['power_item_id'], ['power_item.id'],
                                name=op.f('fk_risk_point_power_item_id_power_item')),
        sa.ForeignKeyConstraint(['round_id'], ['risk_round.id'], name=op.f('fk_risk_point_round_id_risk_round')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_risk_point_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_point')),
    )
    with op.batch_alter_table('risk_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_point_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_point_power_item_id'), ['power_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_point_round_id'), ['round_id'], unique=False)
        batch_op.create_index('ix_risk_point_unit_level_type', ['unit_id', 'level', 'risk_type'], unique=False)

    op.create_table(
        'risk_measure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('risk_point_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=64), nullable=False),
        sa.Column('check_method', sa.String(length=200), nullable=False),
        sa.Column('check_due', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['risk_point_id'], ['risk_point.id'],
                                name=op.f('fk_risk_measure_risk_point_id_risk_point')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_measure')),
    )
    with op.batch_alter_table('risk_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_measure_risk_point_id'), ['risk_point_id'], unique=False)

    op.create_table(
        'risk_point_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('risk_point_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'],
                                name=op.f('fk_risk_point_version_changed_by_id_user_account')),
        sa.ForeignKeyConstraint(['risk_point_id'], ['risk_point.id'],
                                name=op.f('fk_risk_point_version_risk_point_id_risk_point')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_point_version')),
        sa.UniqueConstraint('risk_point_id', 'version', name=op.f('uq_risk_point_version_risk_point_id_version')),
    )
    with op.batch_alter_table('risk_point_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_point_version_risk_point_id'), ['risk_point_id'], unique=False)


def downgrade() -> None:
    """Revert the change."""
    for table, indexes in (
        ('risk_point_version', ('ix_risk_point_version_risk_point_id',)),
        ('risk_measure', ('ix_risk_measure_risk_point_id',)),
        ('risk_point', ('ix_risk_point_unit_level_type', 'ix_risk_point_power_item_id', 'ix_risk_point_cadre_id',
                        'ix_risk_point_round_id')),
        ('risk_round', ('ix_risk_round_unit_year',)),
        ('power_item', ('ix_power_item_unit_id',)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
