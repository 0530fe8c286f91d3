"""Server-side session versions, expiring and revocable API tokens, administrator unlock, keyed audit events.

Issue 14 §3.4, §3.6, §3.7 and §3.8. Existing tokens get no expiry date; they expire TOKEN_LIFETIME after they
were issued (the code reads a NULL that way), so an upgrade kills the oldest at once. Existing audit events
keep their plain SHA-256 hashes (``key_id`` NULL): rewriting them under the new key would erase the very
evidence that they are original; the first signed checkpoint seals them.

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-07 17:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0006'
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


def downgrade() -> None:
    """Undo the change (keyed events keep their hashes; without the key column they no longer verify)."""
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
