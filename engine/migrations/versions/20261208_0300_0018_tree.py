"""The unit tree as it is (issue 15, "Also"): the county at the root, the commission one of its units.

A database made before has the county discipline commission as its root and every other unit under it, so the
unit list placed the county party committee under the commission. This puts a county unit (kind ``county``)
above the commission and moves the commission's children (all but other commissions) to the county. No other
row changes: tasks, cases, roles and cadres keep naming the commission, whose roles reach the root's whole
subtree (engine/county.py), so every scope answer is the same before and after and cases in flight go on.

The county is named after the commission ("寿县纪委" → "寿县"); its code is ``county-root`` (another suffix if
taken) and its document prefix the commission's, which an administrator may change on the unit page.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 03:00:00+00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNIT = sa.table('unit', sa.column('id', sa.Integer), sa.column('code', sa.String), sa.column('name', sa.String),
                 sa.column('kind', sa.String), sa.column('parent_id', sa.Integer), sa.column('path', sa.String),
                 sa.column('doc_prefix', sa.String))


def county_name(commission_name: str) -> str:
    """The county's name from its commission's: "寿县纪委" and "中共寿县纪律检查委员会" give "寿县"."""
    name = commission_name.strip()
    for suffix in ("纪律检查委员会", "纪委"):
        if name.endswith(suffix):
            name = name[:-len(suffix)]
            break
    name = name.removeprefix("中共").strip()
    return name if name and name != commission_name.strip() else "本县"


def _move_subtree(conn, old_prefix: str, new_prefix: str, *, skip_id: int | None = None) -> None:
    """Rewrite the paths starting with ``old_prefix`` to start with ``new_prefix`` (portable SQL: || and substr)."""
    rows = conn.execute(sa.select(_UNIT.c.id, _UNIT.c.path).where(_UNIT.c.path.startswith(old_prefix))).all()
    for unit_id, path in rows:
        if unit_id != skip_id:
            conn.execute(_UNIT.update().where(_UNIT.c.id == unit_id)
                         .values(path=new_prefix + path[len(old_prefix):]))


def upgrade() -> None:
    """Apply the change."""
    conn = op.get_bind()
    roots = conn.execute(sa.select(_UNIT.c.id, _UNIT.c.code, _UNIT.c.name, _UNIT.c.kind, _UNIT.c.doc_prefix)
                         .where(_UNIT.c.parent_id.is_(None))).all()
    if len(roots) != 1 or roots[0].kind != 'commission':
        return  # an empty database, or one of the new shape already
    commission = roots[0]
    codes = set(conn.execute(sa.select(_UNIT.c.code)).scalars())
    code, n = 'county-root', 1
    while code in codes:
        n += 1
        code = f'county-root-{n}'
    conn.execute(_UNIT.insert().values(code=code, name=county_name(commission.name), kind='county', parent_id=None,
                                       path='/', doc_prefix=commission.doc_prefix))
    county = conn.execute(sa.select(_UNIT.c.id).where(_UNIT.c.code == code)).scalar_one()
    # Every unit under the commission: "/R/..." becomes "/C/R/...", then the commission's children move up.
    _move_subtree(conn, f'/{commission.id}/', f'/{county}/{commission.id}/')
    conn.execute(_UNIT.update().where(_UNIT.c.id == county).values(path=f'/{county}/'))
    conn.execute(_UNIT.update().where(_UNIT.c.id == commission.id).values(parent_id=county))
    children = conn.execute(sa.select(_UNIT.c.id).where(_UNIT.c.parent_id == commission.id,
                                                        _UNIT.c.kind != 'commission')).scalars().all()
    for child in children:
        conn.execute(_UNIT.update().where(_UNIT.c.id == child).values(parent_id=county))
        _move_subtree(conn, f'/{county}/{commission.id}/{child}/', f'/{county}/{child}/')


def downgrade() -> None:
    """Put the commission back at the root, its former children under it; refuse if the county is in use."""
    conn = op.get_bind()
    roots = conn.execute(sa.select(_UNIT.c.id, _UNIT.c.kind).where(_UNIT.c.parent_id.is_(None))).all()
    if len(roots) != 1 or roots[0].kind != 'county':
        return
    county = roots[0].id
    commissions = conn.execute(sa.select(_UNIT.c.id).where(_UNIT.c.parent_id == county,
                                                           _UNIT.c.kind == 'commission')).scalars().all()
    if len(commissions) != 1:
        raise RuntimeError("the county has no single commission to put back at the root")
    commission = commissions[0]
    inspector = sa.inspect(conn)
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            if key['referred_table'] == 'unit' and table != 'unit':
                column = sa.column(key['constrained_columns'][0])
                used = conn.execute(sa.select(sa.literal(1)).select_from(sa.table(table))
                                    .where(column == county).limit(1)).first()
                if used is not None:
                    raise RuntimeError(f"the county unit is named in {table}; the older tree cannot hold it")
    children = conn.execute(sa.select(_UNIT.c.id).where(_UNIT.c.parent_id == county,
                                                        _UNIT.c.id != commission)).scalars().all()
    for child in children:
        conn.execute(_UNIT.update().where(_UNIT.c.id == child).values(parent_id=commission))
        _move_subtree(conn, f'/{county}/{child}/', f'/{county}/{commission}/{child}/')
    _move_subtree(conn, f'/{county}/', '/')
    conn.execute(_UNIT.update().where(_UNIT.c.id == commission).values(parent_id=None))
    conn.execute(_UNIT.delete().where(_UNIT.c.id == county))
