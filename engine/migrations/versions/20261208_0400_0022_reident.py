"""Re-identification requests (issue 12 §2: a change of post or power opens a re-identification of what it
touches; 「004 六」 risk points change with the running of power and the posts' powers).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 04:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table('risk_reidentification_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('power_item_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('change', sa.JSON(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'],
                            name=op.f('fk_risk_reidentification_request_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'],
                            name=op.f('fk_risk_reidentification_request_opened_by_id_user_account')),
    sa.ForeignKeyConstraint(['power_item_id'], ['power_item.id'],
                            name=op.f('fk_risk_reidentification_request_power_item_id_power_item')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'],
                            name=op.f('fk_risk_reidentification_request_resolved_by_id_user_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                            name=op.f('fk_risk_reidentification_request_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_reidentification_request'))
    )
    with op.batch_alter_table('risk_reidentification_request', schema=None) as batch_op:
        batch_op.create_index('ix_risk_reidentification_request_unit_open', ['unit_id', 'resolved_at'],
                              unique=False)


def downgrade() -> None:
    """Revert the change."""
    with op.batch_alter_table('risk_reidentification_request', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_reidentification_request_unit_open')
    op.drop_table('risk_reidentification_request')
