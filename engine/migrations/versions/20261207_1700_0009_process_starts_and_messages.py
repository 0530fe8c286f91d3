"""Add how processes start (startable roles, start forms, timer schedules) and messages between instances.

Definitions deployed before this revision had only none start events and no process property naming who may
start them, so they get no rows: none of them is startable by hand, none is scheduled (issue 11 §3).

Revision ID: 0009
Revises: 0010 (the branches' migrations run in one line: 0012, 0010, 0009)
Create Date: 2026-12-07 17:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    op.create_table('process_start',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('start_event_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('form_key', sa.String(length=64), nullable=True),
    sa.Column('message_name', sa.String(length=120), nullable=True),
    sa.Column('timer_kind', sa.String(length=16), nullable=True),
    sa.Column('timer_expression', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['definition_id'], ['process_definition.id'],
                            name=op.f('fk_process_start_definition_id_process_definition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_start'))
    )
    with op.batch_alter_table('process_start', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_start_definition_id'), ['definition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_start_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_start_message_name'), ['message_name'], unique=False)

    op.create_table('start_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('start_event_id', sa.String(length=64), nullable=False),
    sa.Column('timer_kind', sa.String(length=16), nullable=False),
    sa.Column('expression', sa.String(length=500), nullable=False),
    sa.Column('next_due_at', sa.DateTime(), nullable=True),
    sa.Column('fired', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_started_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['definition_id'], ['process_definition.id'],
                            name=op.f('fk_start_schedule_definition_id_process_definition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_start_schedule'))
    )
    with op.batch_alter_table('start_schedule', schema=None) as batch_op:
        batch_op.create_index('ix_start_schedule_due', ['next_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_start_schedule_key'), ['key'], unique=False)

    op.create_table('message_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('task_uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('correlations', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['instance_id'], ['process_instance.id'],
                            name=op.f('fk_message_subscription_instance_id_process_instance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_subscription'))
    )
    with op.batch_alter_table('message_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_subscription_instance_id'), ['instance_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_subscription_name'), ['name'], unique=False)

    op.create_table('process_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('correlations', sa.JSON(), nullable=False),
    sa.Column('sender_instance_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('receiver_instance_id', sa.Integer(), nullable=True),
    sa.Column('thrown_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['receiver_instance_id'], ['process_instance.id'],
                            name=op.f('fk_process_message_receiver_instance_id_process_instance')),
    sa.ForeignKeyConstraint(['sender_instance_id'], ['process_instance.id'],
                            name=op.f('fk_process_message_sender_instance_id_process_instance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_message'))
    )
    with op.batch_alter_table('process_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_message_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_process_message_status'), ['status'], unique=False)



def downgrade() -> None:
    """Undo the change."""
    with op.batch_alter_table('process_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_message_status'))
        batch_op.drop_index(batch_op.f('ix_process_message_name'))

    op.drop_table('process_message')
    with op.batch_alter_table('message_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_subscription_name'))
        batch_op.drop_index(batch_op.f('ix_message_subscription_instance_id'))

    op.drop_table('message_subscription')
    with op.batch_alter_table('start_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_start_schedule_key'))
        batch_op.drop_index('ix_start_schedule_due')

    op.drop_table('start_schedule')
    with op.batch_alter_table('process_start', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_start_message_name'))
        batch_op.drop_index(batch_op.f('ix_process_start_key'))
        batch_op.drop_index(batch_op.f('ix_process_start_definition_id'))

    op.drop_table('process_start')
