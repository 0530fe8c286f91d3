"""The county's colour thresholds: shipped defaults, the county's to set, every change audited.

The seeds (「001 第一篇(四)四是」) say the deductions decide blue, yellow and red warnings but give no numbers;
vocabulary.DEFAULT_THRESHOLDS are ours. The county's own live in the engine's ``setting`` table under
:data:`THRESHOLDS_KEY`; a change is validated (scoring.threshold_problems) and audited with before and after.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import event
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import Setting
from processes.info_network.scoring import threshold_problems
from processes.info_network.vocabulary import DEFAULT_THRESHOLDS

THRESHOLDS_KEY = "info_network.thresholds"
#: who may set the county's thresholds: the county centre and the administrator
SETTERS = frozenset({"info_centre", "admin"})


#: the thresholds one transaction has read (Session.info): a batch of gradings asks once; set_thresholds forgets
_SESSION_KEY = "info_network.thresholds"


@event.listens_for(Session, "after_transaction_end")
def _forget_thresholds(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_SESSION_KEY, None)


def thresholds(session: Session) -> dict[str, int]:
    """Return the county's thresholds, or the shipped defaults when the county set none."""
    read = session.info.get(_SESSION_KEY)
    if read is None:
        row = session.get(Setting, THRESHOLDS_KEY)
        read = session.info[_SESSION_KEY] = (dict(row.value) if row is not None and isinstance(row.value, dict)
                                             else dict(DEFAULT_THRESHOLDS))
    return dict(read)


def is_default(session: Session) -> bool:
    """Whether the shipped defaults are in force (the page says so)."""
    return session.get(Setting, THRESHOLDS_KEY) is None


def set_thresholds(session: Session, clock: Clock, actor: Actor, value: Mapping[str, int], reason: str) -> dict:
    """Set the county's thresholds with a reason; refuse bad ones in Chinese; audit before and after."""
    if actor.user is None or not {r.role for r in actor.user.roles} & SETTERS:
        raise NotPermitted("只有县预警中心或系统管理员可以设置预警阈值")
    problems = threshold_problems(value)
    if not (reason or "").strip():
        problems.append("请填写修改理由")
    if problems:
        raise FormInvalid("预警阈值不正确", details={"thresholds": problems})
    before = thresholds(session)
    session.info.pop(_SESSION_KEY, None)
    row = session.get(Setting, THRESHOLDS_KEY)
    if row is None:
        row = Setting(key=THRESHOLDS_KEY, value=dict(value), updated_at=clock.now())
        session.add(row)
    else:
        row.value, row.updated_at = dict(value), clock.now()
    session.flush()
    audit.record(session, clock, actor, "info_network.thresholds_set", "setting", THRESHOLDS_KEY,
                 before=before, after=dict(value), reason=reason.strip())
    return dict(value)
