"""Server-side session versions, expiring and revocable API tokens, administrator unlock, keyed audit events,
the steps each user must keep apart from as rows an inbox query can use, and role grants awaiting a second
administrator (issue 14 §3.3, §3.12).

Issue 14 §3.4, §3.6, §3.7 and §3.8. Existing tokens get no expiry date; they expire TOKEN_LIFETIME after they
were issued (the code reads a NULL that way), so an upgrade kills the oldest at once. Existing audit events
keep their plain SHA-256 hashes (``key_id`` NULL): rewriting them under the new key would erase the very
evidence that they are original; the first signed checkpoint seals them.

Revision ID: 0013
Revises: 0009 (the branches' migrations run in one line: 0012, 0010, 0009, 0013)
Create Date: 2026-12-07 17:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('lockout_cleared_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('purpose', sa.String(length=16), server_default='api', nullable=False))
        batch_op.add_column(sa.Column('label', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_api_token_revoked_by_id_user_account'), 'user_account',
                                    ['revoked_by_id'], ['id'])
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))
    op.create_table(
        'task_exclusion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['task_id'], ['human_task.id'], name=op.f('fk_task_exclusion_task_id_human_task'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_task_exclusion_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_exclusion')),
        sa.UniqueConstraint('task_id', 'user_id', name=op.f('uq_task_exclusion_task_id_user_id')),
    )
    with op.batch_alter_table('task_exclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_exclusion_user_id'), ['user_id'], unique=False)
    _copy_exclusions()
    op.create_table(
        'role_grant_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_role_grant_request_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                                name=op.f('fk_role_grant_request_requested_by_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_role_grant_request_unit_id_unit')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_role_grant_request_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant_request')),
    )
    with op.batch_alter_table('role_grant_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_request_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_request_user_id'), ['user_id'], unique=False)


def _copy_exclusions() -> None:
    """Give every open task its exclusion rows from the ids it already holds."""
    connection = op.get_bind()
    human_task = sa.table('human_task', sa.column('id', sa.Integer()), sa.column('status', sa.String()),
                          sa.column('excluded_user_ids', sa.JSON()))
    exclusion = sa.table('task_exclusion', sa.column('task_id', sa.Integer()), sa.column('user_id', sa.Integer()))
    rows = connection.execute(sa.select(human_task.c.id, human_task.c.excluded_user_ids)
                              .where(human_task.c.status == 'open')).all()
    values = [{"task_id": task_id, "user_id": int(user_id)} for task_id, ids in rows for user_id in set(ids or [])]
    if values:
        connection.execute(sa.insert(exclusion), values)


def downgrade() -> None:
    """Undo the change (keyed events keep their hashes; without the key column they no longer verify)."""
    with op.batch_alter_table('role_grant_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_request_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_request_status'))
    op.drop_table('role_grant_request')
    with op.batch_alter_table('task_exclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_exclusion_user_id'))
    op.drop_table('task_exclusion')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('key_id')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_api_token_revoked_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('revoked_by_id')
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('label')
        batch_op.drop_column('purpose')
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('lockout_cleared_at')
        batch_op.drop_column('session_version')
