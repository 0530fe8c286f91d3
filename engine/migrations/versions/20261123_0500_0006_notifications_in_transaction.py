"""Write in-app notifications in the action's transaction; only e-mail copies wait in the outbox.

Notifications get their own idempotency key and no longer need an outbox row. Existing rows take the key
of the message they were delivered from; messages still waiting are delivered now, as the old dispatcher
would have done, so no notification is lost in the upgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 05:00:00+08:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the change."""
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedup_key', sa.String(length=160), nullable=True))
    op.execute(
        "UPDATE notification SET dedup_key = "
        "(SELECT outbox_message.dedup_key FROM outbox_message WHERE outbox_message.id = notification.outbox_id)"
    )
    op.execute(
        "INSERT INTO notification (dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) "
        "SELECT m.dedup_key, m.id, m.recipient_id, m.kind, m.subject, m.body, m.payload, false, m.created_at "
        "FROM outbox_message m WHERE m.dispatched_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.outbox_id = m.id)"
    )
    # Only e-mail copies wait in the outbox from now on; an in-app message is delivered by the insert above.
    op.execute("UPDATE outbox_message SET dispatched_at = created_at "
               "WHERE dispatched_at IS NULL AND channel <> 'email'")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('dedup_key', existing_type=sa.String(length=160), nullable=False)
        batch_op.alter_column('outbox_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_notification_dedup_key'), ['dedup_key'])


_LINK_TO_OUTBOX = (
    "UPDATE notification SET outbox_id = "
    "(SELECT m.id FROM outbox_message m WHERE m.dedup_key = notification.dedup_key) WHERE outbox_id IS NULL"
)


def downgrade() -> None:
    """Undo the change: every notification gets back the (delivered) outbox message it used to need."""
    op.execute(_LINK_TO_OUTBOX)
    op.execute(
        "INSERT INTO outbox_message (dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, "
        "dispatched_at) SELECT dedup_key, 'inapp', user_id, kind, subject, body, payload, created_at, created_at "
        "FROM notification WHERE outbox_id IS NULL"
    )
    op.execute(_LINK_TO_OUTBOX)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notification_dedup_key'), type_='unique')
        batch_op.alter_column('outbox_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('dedup_key')
