"""Importing the cadre roster from an Excel sheet: every row checked, all or nothing, audited.

A cadre already on the roster (same name in the same unit) is updated rather than duplicated: the sheet
an organisation department keeps is the whole roster, re-imported when positions change.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.spreadsheets import CADRE_COLUMNS
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import Role

MAX_IMPORT_ROWS = 5_000
_KIND_BY_LABEL = {label: str(kind) for kind, label in POSITION_KIND_LABELS.items()}
_HEADERS = [title for title, _ in CADRE_COLUMNS]
_REQUIRED = ("姓名", "单位编码", "职务", "职务类别")


@dataclass(frozen=True)
class CadreImport:
    """What an import did."""

    created: int
    updated: int


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(data: bytes) -> list[tuple]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FormInvalid("文件不是有效的 Excel(.xlsx)文件") from None
    sheet = book.worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def import_cadres(session: Session, clock: Clock, actor: Actor, data: bytes) -> CadreImport:
    """Create or update cadres from the first sheet of an .xlsx; any bad row refuses the whole file.

    :raise NotPermitted: the actor is not a system administrator.
    :raise FormInvalid: not an .xlsx, wrong headers, too many rows, or bad rows (details name each cell).
    """
    if not any(r.role == Role.ADMIN for r in actor.user.roles):
        raise NotPermitted("只有系统管理员可以导入干部名册")
    rows = _read_rows(data)
    if not rows:
        raise FormInvalid("表格为空")
    header = [_cell_text(v) for v in rows[0]]
    missing = [h for h in _HEADERS if h not in header]
    if missing:
        raise FormInvalid("表头缺少:" + "、".join(missing) + "(请使用导入模板)")
    position = {h: header.index(h) for h in _HEADERS}
    body = [r for r in rows[1:] if any(_cell_text(v) for v in r)]
    if len(body) > MAX_IMPORT_ROWS:
        raise FormInvalid(f"一次最多导入{MAX_IMPORT_ROWS}行")
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    errors: dict[str, list[str]] = {}
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple[str, int], int] = {}

    def problem(row_number: int, title: str, message: str) -> None:
        letter = chr(ord("A") + position[title]) if position[title] < 26 else str(position[title] + 1)
        errors.setdefault(f"第{row_number}行 {letter}列({title})", []).append(message)

    for offset, raw in enumerate(rows[1:], start=2):
        values = {h: _cell_text(raw[position[h]]) if position[h] < len(raw) else "" for h in _HEADERS}
        if not any(values.values()):
            continue
        for title in _REQUIRED:
            if not values[title]:
                problem(offset, title, "不能为空")
        unit = units.get(values["单位编码"])
        if values["单位编码"] and unit is None:
            problem(offset, "单位编码", f"「{values['单位编码']}」不是已有的单位编码")
        managing = units.get(values["管理单位编码"]) if values["管理单位编码"] else unit
        if values["管理单位编码"] and managing is None:
            problem(offset, "管理单位编码", f"「{values['管理单位编码']}」不是已有的单位编码")
        kind = _KIND_BY_LABEL.get(values["职务类别"])
        if values["职务类别"] and kind is None:
            problem(offset, "职务类别", f"「{values['职务类别']}」不是可选的职务类别:" + "、".join(_KIND_BY_LABEL))
        for title, limit in (("姓名", 64), ("职务", 64)):
            if len(values[title]) > limit:
                problem(offset, title, f"不得超过{limit}个字")
        if unit is not None and values["姓名"]:
            key = (values["姓名"], unit.id)
            if key in seen:
                problem(offset, "姓名", f"与第{seen[key]}行重复(同一单位同名)")
            seen[key] = offset
        if unit is not None and managing is not None and kind is not None:
            parsed.append((offset, {"name": values["姓名"], "unit_id": unit.id, "position_title": values["职务"],
                                    "position_kind": kind, "managed_by_unit_id": managing.id}))
    if errors:
        raise FormInvalid(f"有{len({k.split(' ')[0] for k in errors})}行数据有误,未导入任何数据,请修改后重新上传",
                          details=errors)
    existing = {(c.name, c.unit_id): c for c in session.execute(select(Cadre)).scalars()}
    created = updated = 0
    for _, values in parsed:
        cadre = existing.get((values["name"], values["unit_id"]))
        if cadre is None:
            session.add(Cadre(**values))
            created += 1
        else:
            for name, value in values.items():
                setattr(cadre, name, value)
            updated += 1
    audit.record(session, clock, actor, "cadres.imported", "cadre", None,
                 after={"created": created, "updated": updated, "rows": len(parsed)})
    return CadreImport(created, updated)
