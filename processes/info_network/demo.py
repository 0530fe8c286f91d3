"""The demo county's warning-information network (issue 13 "Demo and proof"), first slice.

The county centre and its deciders (「002 三 2」), an officer and an information office in the finance bureau
and 正阳关镇 (「002 一(三)」 1—2名信息员), two invited officers (「002 一(三)」2 人大代表、政协委员), items across
the three levels, and the finance bureau on yellow after two 二级 warnings (「001 第一篇(四)四是」, default
deductions and thresholds), which also opens its accountability (「001 第一篇(五)6」). Idempotent: a database
that already holds items is left alone. The network's two tables are deployed first (same bytes: a no-op).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.actors import SYSTEM
from engine.actors import Actor
from engine.clock import Clock
from engine.models import Unit
from engine.models import User
from engine.operations.definitions import deploy_files
from engine.seed import add_people
from processes.info_network.items import create_item
from processes.info_network.items import grade_item
from processes.info_network.items import verify_item
from processes.info_network.models import InfoItem
from processes.info_network.network_demo import seed_network_demo

#: (username, display name, unit code, roles there)
DEMO_USERS = (
    ("yj.centre", "县预警中心主任", "county", ("info_centre", "info_office")),
    ("yj.deputy", "县纪委分管副书记", "county", ("info_deputy_secretary",)),
    ("yj.secretary", "县纪委书记(常委会)", "county", ("info_party_secretary",)),
    ("cz.officer", "县财政局预警信息员", "dept-finance", ("info_officer",)),
    ("cz.infooffice", "县财政局预警信息办公室", "dept-finance", ("info_office",)),
    ("zy.officer", "正阳关镇预警信息员", "town-zhengyang", ("info_officer",)),
    ("zy.infooffice", "正阳关镇预警信息专报点", "town-zhengyang", ("info_office",)),
    ("yj.invited1", "特邀信息员(县人大代表)", "county", ("info_invited_officer",)),
    ("yj.invited2", "特邀信息员(县政协委员)", "county", ("info_invited_officer",)),
)

#: (reporter, unit code, category, source, facts, (decider, situation, harm))
DEMO_ITEMS = (
    ("yj.invited1", "dept-finance", "administration", "invited_officer", "县财政局违规向职工发放年终补贴。",
     ("yj.deputy", "allowances_abused", "heavy")),
    ("cz.officer", "dept-finance", "conduct", "reported_from_below", "县财政局窗口办事拖沓,群众多次反映推诿扯皮。",
     ("yj.deputy", "inefficiency_complaints", "heavy")),
    ("zy.officer", "town-zhengyang", "harm_to_public", "public", "正阳关镇财政所账目管理混乱。",
     ("yj.centre", "accounts_disorder", "light")),
    ("yj.invited2", "town-zhengyang", "projects_funds", "media", "媒体披露正阳关镇挪用专项扶贫资金。",
     ("yj.secretary", "fiscal_funds_misused", "severe")),
    ("zy.officer", "town-zhengyang", "early_signs", "commission_work", "正阳关镇个别干部频繁出入娱乐场所。", None),
)


def _deploy_tables(session: Session, clock: Clock) -> None:
    folder = Path(__file__).resolve().parent
    deploy_files(session, clock, SYSTEM, {name: (folder / name).read_bytes()
                                          for name in ("info_grading.dmn", "info_deduction.dmn")})


def seed_info_demo(session: Session, clock: Clock, *, password_hash: str) -> dict[str, int]:
    """Create the network's demo people and items; return counts of what was created."""
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    created = {"info_users": 0, "info_items": 0}
    created["info_users"] = add_people(session, DEMO_USERS, password_hash=password_hash)
    seed_network_demo(session, clock)  # the layout and the invited officers' terms (network_demo.py)
    if session.execute(select(func.count()).select_from(InfoItem)).scalar_one():
        return created
    _deploy_tables(session, clock)
    users = {u.username: u for u in session.execute(select(User).where(
        User.username.in_([row[0] for row in DEMO_USERS]))).scalars()}
    for reporter, unit_code, category, source, facts, grading in DEMO_ITEMS:
        if unit_code not in units or reporter not in users:
            continue
        item = create_item(session, clock, Actor(users[reporter]), {
            "category": category, "source": source, "unit_id": units[unit_code].id, "facts": facts})
        created["info_items"] += 1
        if grading is None:
            continue  # reported, awaiting verification
        decider, situation, harm = grading
        verify_item(session, clock, Actor(users["yj.centre"]), item.id)
        grade_item(session, clock, Actor(users[decider]), item.id, situation=situation, harm=harm)
    return created
