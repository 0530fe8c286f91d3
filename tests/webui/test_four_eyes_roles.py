"""Issue 14 §3.12: an administrator granting a leader's, designer's or auditor's role, to anyone or to
themself, needs a second administrator's approval (four eyes, as publishing a process does)."""
from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import RoleAssignment
from engine.models import RoleGrantRequest
from engine.models import Unit
from engine.models import User
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    return page_app


@pytest.fixture()
def second_admin(app) -> str:
    """Make the supervisor an administrator as well: the county's second administrator."""
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        user = session.execute(select(User).where(User.username == "chen.supervisor")).scalar_one()
        county = session.execute(select(Unit.id).where(Unit.code == "county")).scalar_one()
        session.add(RoleAssignment(user_id=user.id, role="admin", unit_id=county))
    return "chen.supervisor"


def _id(app, model, *where) -> int:
    return one(app, select(model.id).where(*where))


def _holds(app, username: str, role: str) -> bool:
    return one(app, select(func.count()).select_from(RoleAssignment).join(User, User.id == RoleAssignment.user_id)
               .where(User.username == username, RoleAssignment.role == role)) > 0


@pytest.mark.parametrize(("grantee", "role"), [("xu.clerk", "secretary"), ("xu.clerk", "designer"),
                                               ("xu.clerk", "auditor"), ("admin", "designer")])
def test_a_powerful_role_waits_for_a_second_administrator(app, browser, second_admin, grantee, role):
    county = str(_id(app, Unit, Unit.code == "county"))
    admin = browser("admin")
    admin.get("/admin/users")
    response = admin.post(f"/admin/users/{_id(app, User, User.username == grantee)}/roles",
                          {"role": role, "unit_id": county, "back": "/admin/users"})
    assert response.status_code == 302
    assert not _holds(app, grantee, role)  # asked for, not given
    request_id = _id(app, RoleGrantRequest, RoleGrantRequest.role == role)
    page = text_of(admin.get("/admin/users"))
    assert f'id="grant-request-{request_id}"' in page and "须由另一名系统管理员批准" in page
    # the administrator who asked cannot approve it themself
    refused = admin.post(f"/admin/role-requests/{request_id}", {"decision": "approve", "back": "/admin/users"})
    assert refused.status_code == 403 and not _holds(app, grantee, role)

    other = browser(second_admin)
    other.get("/admin/users")
    approved = other.post(f"/admin/role-requests/{request_id}", {"decision": "approve", "back": "/admin/users"})
    assert approved.status_code == 302
    assert _holds(app, grantee, role)
    actions = [a for a in _actions(app) if a.startswith("role.")]
    assert actions == ["role.grant_requested", "role.granted"]


def test_the_grantee_cannot_approve_their_own_grant(app, browser, second_admin):
    county = str(_id(app, Unit, Unit.code == "county"))
    admin = browser("admin")
    admin.get("/admin/users")
    admin.post(f"/admin/users/{_id(app, User, User.username == second_admin)}/roles",
               {"role": "designer", "unit_id": county, "back": "/admin/users"})
    request_id = _id(app, RoleGrantRequest, RoleGrantRequest.role == "designer")
    other = browser(second_admin)
    other.get("/admin/users")
    assert other.post(f"/admin/role-requests/{request_id}", {"decision": "approve"}).status_code == 403
    # a rejection by the grantee is refused alike
    assert other.post(f"/admin/role-requests/{request_id}", {"decision": "reject"}).status_code == 403
    assert not _holds(app, second_admin, "designer")


def test_an_ordinary_role_is_still_granted_at_once(app, browser):
    admin = browser("admin")
    admin.get("/admin/users")
    admin.post(f"/admin/users/{_id(app, User, User.username == 'xu.clerk')}/roles",
               {"role": "supervisor", "unit_id": str(_id(app, Unit, Unit.code == "county")), "back": "/admin/users"})
    assert _holds(app, "xu.clerk", "supervisor")


def _actions(app) -> list[str]:
    with app.app_context(), extensions.session_factory()() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def _organisation_workbook(rows: list[list[str]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("角色")
    for row in [["用户名", "角色", "单位编码"], *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_administrators_organisation_workbook_cannot_give_a_powerful_role_directly(app):
    """Issue 14 §3.12: what the users page may not do, an imported workbook may not either: a leader's role in
    an administrator's import waits for a second administrator; an ordinary role is given."""
    from engine.actors import Actor
    from engine.clock import SystemClock
    from engine.operations.organisation import import_organisation

    workbook = _organisation_workbook([["xu.clerk", "secretary", "county"], ["xu.clerk", "supervisor", "county"]])
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        admin = session.execute(select(User).where(User.username == "admin")).scalar_one()
        result = import_organisation(session, SystemClock(), Actor(admin), workbook)
    assert (result.roles_granted, result.roles_requested, result.four_eyes_granted) == (1, 1, [])
    assert _holds(app, "xu.clerk", "supervisor") and not _holds(app, "xu.clerk", "secretary")
    assert one(app, select(RoleGrantRequest.status).where(RoleGrantRequest.role == "secretary")) == "pending"


def test_the_installations_import_names_each_powerful_role_it_gave_in_the_audit(app):
    """At installation there is one administrator and no second to approve: the command line (the system) gives
    the roles, and the audit event names each leader's, designer's or auditor's role it gave (issue 14 §3.12)."""
    from engine.actors import SYSTEM
    from engine.clock import SystemClock
    from engine.operations.organisation import import_organisation

    workbook = _organisation_workbook([["xu.clerk", "designer", "county"]])
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        result = import_organisation(session, SystemClock(), SYSTEM, workbook)
    assert result.four_eyes_granted == [("xu.clerk", "designer", "county")] and _holds(app, "xu.clerk", "designer")
    after = one(app, select(AuditEvent.after).where(AuditEvent.action == "organisation.imported"))
    assert after["four_eyes_roles_granted_by_installation"] == [["xu.clerk", "designer", "county"]]
