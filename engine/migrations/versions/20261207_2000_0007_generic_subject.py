"""Generic tables point at a generic subject (issue 11 §1).

``process_instance.case_id``, ``human_task.case_id``, ``document.case_id`` and ``attachment.case_id`` (both
NOT NULL) tied the engine's tables to the Measures' warning case; they become the pair
``subject_type``/``subject_id`` (NOT NULL on a document or an attachment, which always belong to a subject)
that a regulation's subject adapter names
(engine/subjects.py), and ``human_task.warning_type`` becomes the adapter's generic ``category``. Today's
rows all serve warning cases: they are moved to ('warning_case', case_id), so the cases in flight continue
(tests/engine/test_release_upgrade.py). The downgrade moves them back, and refuses, before changing
anything, a database holding instances of another subject type, which the older schema cannot name.

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-07 20:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the Measures' subject type as their adapter names it (processes/measures/subject.py); written here as a
#: literal because a migration is frozen history, never importing today's code
CASE_SUBJECT = 'warning_case'

_instance = sa.table('process_instance', sa.column('case_id', sa.Integer()),
                     sa.column('subject_type', sa.String()), sa.column('subject_id', sa.Integer()))
_task = sa.table('human_task', sa.column('case_id', sa.Integer()), sa.column('warning_type', sa.String()),
                 sa.column('subject_type', sa.String()), sa.column('subject_id', sa.Integer()),
                 sa.column('category', sa.String()))
#: the tables whose every row belongs to a subject: a NOT NULL pair
FILED = ('document', 'attachment')


def _filed(name: str) -> sa.TableClause:
    return sa.table(name, sa.column('case_id', sa.Integer()),
                    sa.column('subject_type', sa.String()), sa.column('subject_id', sa.Integer()))


def _subject_columns(batch_op) -> None:
    batch_op.add_column(sa.Column('subject_type', sa.String(length=40), nullable=True))
    batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))


def _filed_upgrade(name: str) -> None:
    with op.batch_alter_table(name, schema=None) as batch_op:
        _subject_columns(batch_op)
    table = _filed(name)
    op.execute(table.update().values(subject_type=CASE_SUBJECT, subject_id=table.c.case_id))
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.alter_column('subject_type', existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column('subject_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f(f'fk_{name}_case_id_warning_case'), type_='foreignkey')
        batch_op.drop_index(batch_op.f(f'ix_{name}_case_id'))
        batch_op.drop_column('case_id')
        batch_op.create_index(f'ix_{name}_subject', ['subject_type', 'subject_id'], unique=False)


def _filed_downgrade(name: str) -> None:
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
    table = _filed(name)
    op.execute(table.update().values(case_id=table.c.subject_id))
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.drop_index(f'ix_{name}_subject')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_type')
        batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f(f'ix_{name}_case_id'), ['case_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f(f'fk_{name}_case_id_warning_case'), 'warning_case',
                                    ['case_id'], ['id'])


def upgrade() -> None:
    """Add the subject pair and the category, move every row's case onto them, drop the case columns."""
    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        _subject_columns(batch_op)
    with op.batch_alter_table('human_task', schema=None) as batch_op:
        _subject_columns(batch_op)
        batch_op.add_column(sa.Column('category', sa.String(length=40), nullable=True))

    op.execute(_instance.update().where(_instance.c.case_id.is_not(None))
               .values(subject_type=CASE_SUBJECT, subject_id=_instance.c.case_id))
    op.execute(_task.update().where(_task.c.case_id.is_not(None))
               .values(subject_type=CASE_SUBJECT, subject_id=_task.c.case_id))
    op.execute(_task.update().values(category=_task.c.warning_type))

    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_process_instance_case_id_warning_case'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_process_instance_case_id'), type_='unique')
        batch_op.drop_column('case_id')
        batch_op.create_unique_constraint(batch_op.f('uq_process_instance_subject_type_subject_id'),
                                          ['subject_type', 'subject_id'])
    with op.batch_alter_table('human_task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_human_task_case_id_warning_case'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_human_task_case_id'))
        batch_op.drop_column('case_id')
        batch_op.drop_column('warning_type')
        batch_op.create_index('ix_human_task_subject', ['subject_type', 'subject_id'], unique=False)
    for name in FILED:
        _filed_upgrade(name)


def downgrade() -> None:
    """Move the warning cases back onto ``case_id`` and ``warning_type``; drop the subject pair."""
    connection = op.get_bind()
    for table in (_instance, _task, *map(_filed, FILED)):
        others = connection.execute(sa.select(sa.func.count()).select_from(table).where(
            table.c.subject_type.is_not(None), table.c.subject_type != CASE_SUBJECT)).scalar_one()
        if others:
            raise RuntimeError(f"{table.name} holds {others} rows of subjects other than warning cases: "
                               "revision 0008 cannot name them; remove their regulation's data first")

    for name in FILED:
        _filed_downgrade(name)
    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('human_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('warning_type', sa.String(length=16), nullable=True))

    op.execute(_instance.update().where(_instance.c.subject_type == CASE_SUBJECT)
               .values(case_id=_instance.c.subject_id))
    op.execute(_task.update().where(_task.c.subject_type == CASE_SUBJECT)
               .values(case_id=_task.c.subject_id, warning_type=_task.c.category))

    with op.batch_alter_table('human_task', schema=None) as batch_op:
        batch_op.drop_index('ix_human_task_subject')
        batch_op.drop_column('category')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_type')
        batch_op.create_index(batch_op.f('ix_human_task_case_id'), ['case_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_human_task_case_id_warning_case'), 'warning_case',
                                    ['case_id'], ['id'])
    with op.batch_alter_table('process_instance', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_process_instance_subject_type_subject_id'), type_='unique')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_type')
        batch_op.create_unique_constraint(batch_op.f('uq_process_instance_case_id'), ['case_id'])
        batch_op.create_foreign_key(batch_op.f('fk_process_instance_case_id_warning_case'), 'warning_case',
                                    ['case_id'], ['id'])
