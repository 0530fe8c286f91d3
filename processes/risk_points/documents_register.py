"""A unit's risk register as documents: the register (廉政风险点登记表) and its public notice (公示).

* 「004 六」: the identification ends "组织审定并公示结果"; 「001 第三篇(二)1(3)」 公示确认, "公示时间不少于一周"
  (the identification's timer, risk_identification.bpmn ``publicity``, waits the same seven days);
* 「001 第三篇(二)2(3)」 建立岗位腐败风险点目录: points are entered "按风险等级、科室、职级、岗位顺序", the order
  of both tables here;
* 「004 十」第八步 签字备案: the register is signed by the unit's principal leader and sealed, room for both.
Both are laid out in the GB/T 9704-2012 page the Measures' documents use (processes/measures/rendering.py);
only the layout is shared, the words are the register's own. Who may download them is who reads the unit's
register (:func:`processes.risk_points.access.check_readable`).
"""
from __future__ import annotations

import datetime as dt

from docx.shared import Mm
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from engine.clock import Clock
from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import RuleViolation
from engine.models import Unit
from engine.models import User
from processes.measures.rendering import TEXT_WIDTH
from processes.measures.rendering import add_body_paragraph
from processes.measures.rendering import add_grid_table
from processes.measures.rendering import add_masthead
from processes.measures.rendering import add_record_title
from processes.measures.rendering import add_signature
from processes.measures.rendering import finish_document
from processes.measures.rendering import new_document
from processes.measures.rendering import zh_date
from processes.risk_points.access import check_readable
from processes.risk_points.models import RiskPoint
from processes.risk_points.vocabulary import LEVEL_LABELS
from processes.risk_points.vocabulary import RISK_TYPE_LABELS
from processes.risk_points.vocabulary import ROLE_LABELS
from processes.risk_points.vocabulary import SCOPE_LABELS

#: 「001 第三篇(二)1(3)」 公示时间不少于一周
PUBLICITY_DAYS = 7
REGISTER_HEADERS = ["岗位(科室)", "风险类型", "风险表现", "等级", "防控措施", "责任人"]
#: the six columns across the 156 mm text block (GB/T 9704 5.2.2)
_WIDTHS_MM = (24, 18, 38, 14, 42)
NOTHING_FILED = "本单位尚无签字备案的风险点,不能生成公示(「004 十」第八步:签字备案后公示)"
SIGNATURE_NOTE = "(主要领导签字、盖章)"


def _widths() -> list:
    widths = [Mm(w) for w in _WIDTHS_MM]
    return [*widths, TEXT_WIDTH - sum(widths, Mm(0))]


def _points(session: Session, unit_id: int, *, filed_only: bool) -> list[RiskPoint]:
    stmt = select(RiskPoint).options(selectinload(RiskPoint.measures)).where(RiskPoint.unit_id == unit_id)
    if filed_only:
        stmt = stmt.where(RiskPoint.filed_on.is_not(None))
    points = list(session.execute(stmt).scalars())
    # 「001 第三篇(二)2(3)」: by level, office, rank, post (rank is not recorded: the post stands for it)
    return sorted(points, key=lambda p: (p.level, p.office or "", p.post or "", p.id))


def has_filed_points(session: Session, unit_id: int) -> bool:
    """Tell whether the unit has a signed and filed point, the content of a public notice."""
    return session.execute(select(RiskPoint.id).where(RiskPoint.unit_id == unit_id,
                                                      RiskPoint.filed_on.is_not(None)).limit(1)).first() is not None


def _where(point: RiskPoint) -> str:
    place = "/".join(part for part in (point.post, point.office) if part)
    return place or SCOPE_LABELS.get(point.scope, point.scope)


def register_rows(points: list[RiskPoint]) -> list[list[str]]:
    """Return the table rows: post (office), type, the point and its manifestations, level, measures, owner."""
    rows = []
    for p in points:
        measures = ";".join(f"{i}. {m.text}(责任人:{m.owner};考核:{m.check_method})"
                            for i, m in enumerate(p.measures, start=1))
        # the point's name heads its manifestations: the table keeps the six columns the register is known by
        rows.append([_where(p), RISK_TYPE_LABELS.get(p.risk_type, p.risk_type), f"{p.title}:{p.manifestations}",
                     LEVEL_LABELS.get(p.level, str(p.level)), measures, ROLE_LABELS.get(p.owner_role, p.owner_role)])
    return rows


def _unit(session: Session, user: User, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("风险点不存在或无权查看")
    check_readable(session, user, unit_id)
    return unit


def _created(clock: Clock) -> dt.datetime:
    return clock.now().astimezone(dt.UTC)


def register_docx(session: Session, clock: Clock, user: User, unit_id: int) -> tuple[str, bytes]:
    """Return the unit's register as (title, DOCX bytes): a record filed with the organisation and discipline
    departments (「004 十」第八步), so no red masthead; signed by the principal leader and sealed."""
    unit = _unit(session, user, unit_id)
    today = local_today(clock)
    points = _points(session, unit_id, filed_only=False)
    filed = sum(1 for p in points if p.filed_on is not None)
    title = f"{unit.name}廉政风险点登记表"
    doc = new_document(author=unit.name, title=title, subject=f"{today.year}年度", created=_created(clock))
    add_record_title(doc, title, f"{today.year}年度")
    add_body_paragraph(doc, f"本表登记本单位查找的廉政风险点共{len(points)}个,其中已签字备案{filed}个;"
                            f"按风险等级、科室、岗位顺序排列。")
    add_grid_table(doc, REGISTER_HEADERS, register_rows(points), _widths())
    add_signature(doc, unit.name, zh_date(today), sealed=True, seal_note=SIGNATURE_NOTE)
    return title, finish_document(doc)


def notice_docx(session: Session, clock: Clock, user: User, unit_id: int) -> tuple[str, bytes]:
    """Return the public notice (公示) of the unit's filed risk points as (title, DOCX bytes): issued outward,
    so under the unit's red masthead, for at least seven days from today (「001 第三篇(二)1(3)」)."""
    unit = _unit(session, user, unit_id)
    points = _points(session, unit_id, filed_only=True)
    if not points:
        raise RuleViolation(NOTHING_FILED, article="「004 十」第八步", status=409)
    today = local_today(clock)
    ends = today + dt.timedelta(days=PUBLICITY_DAYS)
    title = f"关于{unit.name}廉政风险点及防控措施的公示"
    doc = new_document(author=unit.name, title=title, subject=f"{today.year}年度", created=_created(clock))
    add_masthead(doc, unit.name, f"{today.year}年度廉政风险防范管理", title)
    add_body_paragraph(doc, f"根据廉政风险防范管理工作安排,本单位按照“自己找、群众帮、领导提、组织审”的方法查找了"
                            f"廉政风险点,经领导小组集体审定、主要领导签字,已报组织、纪检部门备案。现将{len(points)}个"
                            f"廉政风险点及其防控措施予以公示。")
    add_body_paragraph(doc, f"公示时间:{zh_date(today)}至{zh_date(ends)},共{PUBLICITY_DAYS}天。公示期间,"
                            f"对所列风险点、风险等级或防控措施有意见的,可通过书面、电话或当面等方式向本单位"
                            f"廉政风险防控领导小组或县纪委反映。")
    add_grid_table(doc, REGISTER_HEADERS, register_rows(points), _widths())
    add_signature(doc, unit.name, zh_date(today), sealed=True)
    return title, finish_document(doc)
