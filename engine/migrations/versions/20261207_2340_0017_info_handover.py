"""A warning-information item handed over to the Measures as a clue (issue 13 §6, 第十条), and its response.

``info_item.clue_id`` names the clue the item became (one clue per item: unique), with who handed it over and
when. The case shows its source item through the same column (the clue's case). ``response_instance_id``
names the instance of info_response.bpmn that carries the level's response (「002 四」; one per item).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:40:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    with op.batch_alter_table('info_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handed_over_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('handed_over_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_info_item_clue_id_clue'), 'clue', ['clue_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_info_item_handed_over_by_id_user_account'), 'user_account',
                                    ['handed_over_by_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_info_item_clue_id'), ['clue_id'])
        batch_op.add_column(sa.Column('response_instance_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_info_item_response_instance_id_process_instance'),
                                    'process_instance', ['response_instance_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_info_item_response_instance_id'), ['response_instance_id'])


def downgrade() -> None:
    """Revert the change: the items forget which clue they became and which response instance is theirs (the
    clues, cases and instances stay)."""
    with op.batch_alter_table('info_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_info_item_response_instance_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_info_item_response_instance_id_process_instance'),
                                 type_='foreignkey')
        batch_op.drop_column('response_instance_id')
        batch_op.drop_constraint(batch_op.f('uq_info_item_clue_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_info_item_handed_over_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_info_item_clue_id_clue'), type_='foreignkey')
        batch_op.drop_column('handed_over_at')
        batch_op.drop_column('handed_over_by_id')
        batch_op.drop_column('clue_id')
