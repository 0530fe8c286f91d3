"""The demo county's network layout and its two invited officers' terms (issue 13 "Demo and proof").

「001 第一篇(四)一是」: the centre in the county commission; 预警信息报送点 in each town and department; 信息采集点
in the villages and in 教育、卫生、城建、民政 departments close to people's livelihood — so the education and
housing bureaus are collection points here. The two invited officers of the demo (a people's congress deputy
and a CPPCC member, 「002 一(三)2」) are appointed by the county, which therefore manages them. Idempotent: a
county whose network is already laid out is left alone.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.clock import local_today
from engine.models import Unit
from engine.models import User
from processes.info_network.network_models import InfoNetworkNode
from processes.info_network.network_models import InvitedAppointment

#: unit code → node kind (「001 第一篇(四)一是」)
DEMO_NODES = {
    "county": "centre",
    "town-zhengyang": "reporting_point", "town-wabu": "reporting_point", "town-anfeng": "reporting_point",
    "dept-finance": "reporting_point",
    "dept-housing": "collection_point", "dept-education": "collection_point",
}
#: username → constituency (「002 一(三)2」 人大代表、政协委员)
DEMO_INVITED = {"yj.invited1": "npc_deputy", "yj.invited2": "cppcc_member"}


def seed_network_demo(session: Session, clock: Clock) -> int:
    """Lay the demo network out and file the invited officers' terms; return how many nodes were created."""
    if session.execute(select(InfoNetworkNode.id)).first() is not None:
        return 0
    units = {u.code: u for u in session.execute(select(Unit)).scalars()}
    now, today = clock.now(), local_today(clock)
    created = 0
    for code, kind in DEMO_NODES.items():
        if code in units:
            session.add(InfoNetworkNode(unit_id=units[code].id, kind=kind, named_at=now))
            created += 1
    if "county" in units:
        for username, constituency in DEMO_INVITED.items():
            user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
            if user is not None:
                session.add(InvitedAppointment(
                    user_id=user.id, appointing_unit_id=units["county"].id, constituency=constituency,
                    term_start=dt.date(today.year, 1, 1), term_end=dt.date(today.year + 2, 12, 31),
                    created_at=now))
    session.flush()
    return created
