"""A change of power or post opens a re-identification of the risk points it touches (issue 12 §2).

Rule: 「004 六」 廉政风险点及与其相对应的廉政风险是动态的、变化的,随着权力运行的变化或岗位职能职权的调整,而相应发生变化.
A power item changed by the power list import flags the points on it and only those; a cadre's post changed by
the roster import flags the unit's post points naming the cadre or the post; nothing relevant changed, nothing
flagged. The unit's editors resolve a request by revising its points or by confirming, with a reason.
"""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import Cadre
from processes.risk_points import create_risk_point
from processes.risk_points import revise_risk_point
from processes.risk_points.models import PowerItem
from processes.risk_points.models import ReidentificationRequest
from processes.risk_points.power_list import EXAMPLE
from processes.risk_points.power_list import FIELDS
from processes.risk_points.power_list import HEADERS
from processes.risk_points.power_list import import_power_list
from processes.risk_points.reidentification import confirm_unchanged

ITEMS = (
    {**EXAMPLE, "code": "CZ-CG-002", "name": "政府采购信息公告审核", "major": "一般事项"},
    {**EXAMPLE, "code": "CZ-YS-001", "name": "预算指标调整审批", "major": "重大事项(集体决策)"},
)


def _sheet(*rows: dict) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    for row in rows:
        book.active.append([row[name] for name in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import_powers(world, *rows: dict) -> None:
    unit_id = world.unit_id("dept-finance")  # read before the unit of work: SQLite has one writer
    with unit_of_work(world.factory) as session:
        import_power_list(session, world.clock, world.actor(session, "cz.head"), unit_id, _sheet(*rows), "清权确权")


def _point(title: str, **fields) -> dict:
    return {"scope": "post", "post": "预算股股长", "office": "预算股", "risk_type": "post_duty", "title": title,
            "manifestations": "在履职中优亲厚友、收受好处。", "level": 2,
            "measures": [{"text": "集体研究", "owner": "局长", "check_method": "查阅会议纪要"}], **fields}


def _requests(world) -> list[ReidentificationRequest]:
    with world.factory() as session:
        return list(session.execute(select(ReidentificationRequest).order_by(ReidentificationRequest.id)).scalars())


@pytest.fixture()
def register(risk_world):
    """Two power items of the finance bureau, a point on each, the director's post point and another post's."""
    world = risk_world
    _import_powers(world, *ITEMS)
    unit_id = world.unit_id("dept-finance")
    director = world.cadre_id("dept-finance", "局长")
    ids = {}
    with unit_of_work(world.factory) as session:
        items = {i.code: i.id for i in session.execute(select(PowerItem)).scalars()}
        actor = world.actor(session, "cz.head")
        for key, data in (
            ("procurement", _point("采购公告审核", scope="office", post=None, power_item_id=items["CZ-CG-002"])),
            ("budget", _point("预算指标调整", scope="office", post=None, power_item_id=items["CZ-YS-001"])),
            ("director", _point("资金拨付审批", post="局长", cadre_id=director)),
            ("head", _point("预算编制", post="预算股股长")),
        ):
            ids[key] = create_risk_point(session, world.clock, actor, unit_id, data).id
    world.points = ids
    world.director = director
    return world


def _cadre_row(world, cadre_id: int, title: str, kind: str) -> bytes:
    with world.factory() as session:
        name = session.get(Cadre, cadre_id).name
    book = openpyxl.Workbook()
    book.active.append(["姓名", "单位编码", "职务", "职务类别"])
    book.active.append([name, "dept-finance", title, kind])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import_cadres(world, data: bytes) -> None:
    with unit_of_work(world.factory) as session:
        engine.import_cadres(session, world.clock, world.actor(session, "admin"), data)


def test_004_六_a_changed_power_item_flags_its_points_and_only_those(register):
    """「004 六」 随着权力运行的变化 … 而相应发生变化: the procurement item's basis changes, its point is flagged."""
    _import_powers(register, {**ITEMS[0], "legal_basis": "《政府采购法实施条例》第十条"}, ITEMS[1])
    [request] = _requests(register)
    assert request.trigger == "power_item"
    assert [p["id"] for p in request.points] == [register.points["procurement"]]
    assert request.change == {"legal_basis": [EXAMPLE["legal_basis"], "《政府采购法实施条例》第十条"]}
    assert request.resolved_at is None and request.opened_by_id is not None
    with register.factory() as session:
        actions = [e.action for e in session.execute(select(AuditEvent)).scalars()]
    assert "risk_reidentification.opened" in actions


def test_004_六_nothing_is_flagged_when_nothing_relevant_changed(register):
    """Re-importing the same list, or a new managing unit for a cadre, is no change of power or post."""
    _import_powers(register, *ITEMS)
    with register.factory() as session:
        cadre = session.get(Cadre, register.director)
        title, kind = cadre.position_title, cadre.position_kind
    labels = {"principal_leader": "主要负责人", "group_member": "班子其他成员", "other": "其他干部"}
    _import_cadres(register, _cadre_row(register, register.director, title, labels[kind]))
    assert _requests(register) == []


def test_004_六_a_cadres_post_change_flags_their_post_points(register):
    """「004 六」 岗位职能职权的调整: the director becomes 党组书记、局长; the post points naming him are flagged,
    not another post's, nor points of power items."""
    _import_cadres(register, _cadre_row(register, register.director, "党组书记、局长", "主要负责人"))
    [request] = _requests(register)
    assert request.trigger == "cadre_post" and request.cadre_id == register.director
    assert [p["id"] for p in request.points] == [register.points["director"]]
    assert request.change == {"position_title": ["局长", "党组书记、局长"]}


def test_revising_every_touched_point_resolves_the_request_with_the_revisions_reason(register):
    """「004 六」: the unit answers the change by revising the point (a new version with its reason)."""
    _import_powers(register, {**ITEMS[0], "time_limit": "3个工作日"}, ITEMS[1])
    point_id = register.points["procurement"]
    with unit_of_work(register.factory) as session:
        revise_risk_point(session, register.clock, register.actor(session, "cz.head"), point_id,
                          _point("采购公告审核(时限缩短)", scope="office", post=None,
                                 power_item_id=session.get(ReidentificationRequest, 1).power_item_id),
                          "办理时限缩短,重新查找")
    [request] = _requests(register)
    assert request.outcome == "revised" and request.resolution == "办理时限缩短,重新查找"
    assert request.resolved_by_id is not None


def test_confirming_no_change_needs_a_reason_and_an_editor(register):
    """The editors may find the points still hold: they say why; a reader may not; a closed request stays closed."""
    _import_cadres(register, _cadre_row(register, register.director, "党组书记、局长", "主要负责人"))
    [request] = _requests(register)
    with unit_of_work(register.factory) as session, pytest.raises(FormInvalid):
        confirm_unchanged(session, register.clock, register.actor(session, "cz.head"), request.id, "  ")
    with unit_of_work(register.factory) as session, pytest.raises(NotPermitted):
        confirm_unchanged(session, register.clock, register.actor(session, "cz.staff1"), request.id, "无需调整")
    with unit_of_work(register.factory) as session:
        confirm_unchanged(session, register.clock, register.actor(session, "cz.head"), request.id,
                          "职务名称规范化,职责未变")
    [request] = _requests(register)
    assert request.outcome == "unchanged" and request.resolution == "职务名称规范化,职责未变"
    with unit_of_work(register.factory) as session, pytest.raises(ConcurrencyConflict):
        confirm_unchanged(session, register.clock, register.actor(session, "cz.head"), request.id, "再次确认")
