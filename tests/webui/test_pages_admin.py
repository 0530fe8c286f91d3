"""The administration pages: unit tree and prefixes, accounts and roles, roster import, holiday calendar."""
from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.authentication import PASSWORD_METHOD
from engine.clockstore import DatabaseManualClock
from engine.models import AuditEvent
from engine.models import Cadre
from engine.models import CalendarDay
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from engine.seed import DEMO_PASSWORD
from engine.spreadsheets import CADRE_TEMPLATE_HEADERS
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def app(page_app):
    """Every fixture of this module works on the app whose users sign in with the demo password."""
    return page_app


def _all(app, stmt):
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(stmt).all()


def _user_id(app, username: str) -> int:
    return one(app, select(User.id).where(User.username == username))


def _unit_id(app, code: str) -> int:
    return one(app, select(Unit.id).where(Unit.code == code))


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context(), extensions.session_factory()() as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)).scalars())


def _roles(app, username: str) -> set[tuple[str, int]]:
    rows = _all(app, select(RoleAssignment.role, RoleAssignment.unit_id).join(User, User.id == RoleAssignment.user_id)
                .where(User.username == username))
    return {(role, unit_id) for role, unit_id in rows}


def _move_clock(app, minutes: int) -> None:
    with app.app_context():
        clock = extensions.clock()
        assert isinstance(clock, DatabaseManualClock)
        clock.set(clock.now() + dt.timedelta(minutes=minutes))


def _admin_urls(app) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin/"):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", "1")
        urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def test_the_admin_sees_the_unit_tree_with_prefixes_and_people(browser, page_app):
    page = text_of(browser("admin").get("/admin/units"))
    assert "组织机构" in page and 'id="unit-tree"' in page
    county, town = _unit_id(page_app, "county"), _unit_id(page_app, "town-zhengyang")
    # the root comes first, its children after it, indented
    assert page.index(f'id="unit-{county}"') < page.index(f'id="unit-{town}"')
    row = page.split(f'id="unit-{town}"')[1].split("</tr>")[0]
    # the town is a unit of the county, not of the commission (issue 15: the tree as it is)
    assert "正阳关镇" in row and "正纪预" in row and "寿县" in row and "寿县纪委" not in row and "ps-4" in row
    assert 'value="寿纪预"' in page


def test_the_admin_changes_a_document_prefix_and_it_is_audited(browser, page_app):
    admin = browser("admin")
    admin.get("/admin/units")
    town = _unit_id(page_app, "town-zhengyang")
    response = admin.post(f"/admin/units/{town}", {"doc_prefix": "正阳纪预"})
    assert response.status_code == 302
    assert one(page_app, select(Unit.doc_prefix).where(Unit.id == town)) == "正阳纪预"
    event = _events(page_app, "unit.updated")[-1]
    assert event.before == {"doc_prefix": "正纪预"} and event.after == {"doc_prefix": "正阳纪预"}
    assert admin.post(f"/admin/units/{town}", {"doc_prefix": "  "}).status_code == 422


@pytest.mark.parametrize("username", ["zheng.org", "wang.clerk", "zhang.secretary", "liu.auditor"])
def test_every_admin_route_refuses_everyone_but_administrators(browser, page_app, username):
    client = browser(username)
    urls = _admin_urls(page_app)
    assert len(urls) >= 11
    for method, url in urls:
        response = client.get(url) if method == "GET" else client.post(url, {"role": "admin", "unit_id": "1"})
        assert response.status_code == 403, (username, method, url)
    assert not any(r.startswith("admin") for r, _ in _roles(page_app, username))


def test_the_auditor_reads_but_cannot_change_anything_here_either(browser, page_app):
    """SECURITY.md 25: auditors are strictly read-only, even when they also administer."""
    auditor = browser("liu.auditor")
    assert auditor.get(f"/cadres/{one(page_app, select(Cadre.id).limit(1))}").status_code == 200
    response = auditor.post(f"/admin/users/{_user_id(page_app, 'wang.clerk')}/active", {"active": "false"})
    assert response.status_code == 403
    assert "只读" in text_of(response)
    assert one(page_app, select(User.active).where(User.username == "wang.clerk")) is True


def test_the_users_page_lists_people_with_their_roles(browser, page_app):
    page = text_of(browser("admin").get(f"/admin/users?unit_id={_unit_id(page_app, 'town-zhengyang')}"))
    assert "正阳关镇纪委书记" in page and "纪委书记" in page and "分管副书记" in page
    assert "王文书" not in page  # another unit
    assert ">system<" not in page


def test_granting_and_revoking_a_role_works_and_is_audited(browser, page_app):
    """SECURITY.md 26: permission changes are recorded with what was there before and after."""
    admin = browser("admin")
    admin.get("/admin/users")
    xu, county = _user_id(page_app, "xu.clerk"), _unit_id(page_app, "county")
    granted = admin.post(f"/admin/users/{xu}/roles", {"role": "supervisor", "unit_id": str(county),
                                                       "back": "/admin/users?q=xu"})
    assert granted.status_code == 302 and granted.headers["Location"] == "/admin/users?q=xu"
    assert ("supervisor", county) in _roles(page_app, "xu.clerk")
    event = _events(page_app, "role.granted")[-1]
    assert event.object_id == str(xu) and event.actor_role == "admin"
    assert event.before == {"roles": [{"role": "warning_office", "unit_id": county}]}
    assert {"role": "supervisor", "unit_id": county} in event.after["roles"]
    assert "督办人员" in text_of(admin.get("/admin/users?q=xu"))

    again = admin.post(f"/admin/users/{xu}/roles", {"role": "supervisor", "unit_id": str(county)})
    assert again.status_code == 302 and "已在" in text_of(admin.get("/admin/users"))

    assignment = one(page_app, select(RoleAssignment.id).where(RoleAssignment.user_id == xu,
                                                                RoleAssignment.role == "supervisor"))
    revoked = admin.post(f"/admin/roles/{assignment}/revoke", {"back": "https://evil.example/"})
    assert revoked.status_code == 302 and revoked.headers["Location"] == "/admin/users"
    assert _roles(page_app, "xu.clerk") == {("warning_office", county)}
    event = _events(page_app, "role.revoked")[-1]
    assert event.after == {"roles": [{"role": "warning_office", "unit_id": county}],
                           "revoked": {"id": assignment, "role": "supervisor", "unit_id": county}}


def test_a_role_change_asks_for_the_password_again_after_fifteen_minutes(browser, page_app):
    """SECURITY.md 21: role changes need a fresh password check, like leaders' decisions."""
    admin = browser("admin")
    admin.get("/admin/users")
    _move_clock(page_app, 20)
    xu, county = _user_id(page_app, "xu.clerk"), _unit_id(page_app, "county")
    # (a supervisor's role: an auditor's would wait for a second administrator, tests/webui/test_four_eyes_roles.py)
    form = {"role": "supervisor", "unit_id": str(county)}
    response = admin.post(f"/admin/users/{xu}/roles", form)
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth")
    assert ("supervisor", county) not in _roles(page_app, "xu.clerk")
    assignment = one(page_app, select(RoleAssignment.id).where(RoleAssignment.user_id == xu))
    assert admin.post(f"/admin/roles/{assignment}/revoke").headers["Location"].startswith("/reauth")
    assert admin.post(f"/admin/users/{xu}/active", {"active": "false"}).headers["Location"].startswith("/reauth")
    assert _roles(page_app, "xu.clerk") == {("warning_office", county)}

    admin.get(response.headers["Location"])
    assert admin.post("/reauth", {"password": DEMO_PASSWORD, "next": "/admin/users"}).status_code == 302
    admin.get("/admin/users")
    assert admin.post(f"/admin/users/{xu}/roles", form).headers["Location"] == "/admin/users"
    assert ("supervisor", county) in _roles(page_app, "xu.clerk")


def test_an_admin_may_not_revoke_their_own_last_admin_role(browser, page_app):
    admin = browser("admin")
    admin.get("/admin/users")
    own = one(page_app, select(RoleAssignment.id).where(RoleAssignment.user_id == _user_id(page_app, "admin")))
    response = admin.post(f"/admin/roles/{own}/revoke")
    assert response.status_code == 403
    assert "唯一的系统管理员角色" in text_of(response)
    assert ("admin", _unit_id(page_app, "county")) in _roles(page_app, "admin")
    assert _events(page_app, "access.denied")[-1].after["code"] == "own_last_admin_role"
    assert admin.post(f"/admin/users/{_user_id(page_app, 'admin')}/active", {"active": "false"}).status_code == 403


def test_the_admin_opens_an_account_that_then_signs_in_and_can_be_deactivated(browser, page_app):
    admin = browser("admin")
    admin.get("/admin/users")
    wabu = _unit_id(page_app, "town-wabu")
    short = admin.post("/admin/users", {"username": "Li.Xin", "display_name": "李欣", "unit_id": str(wabu),
                                        "password": "short"})
    assert short.status_code == 422
    page = text_of(short)
    assert (
        "初始密码至少10位" in page
        and 'value="李欣"' in page
        and "short" not in page.split('id="create-user"')[1][:4000]
    )
    assert one(page_app, select(User.id).where(User.username == "li.xin")) is None

    created = admin.post("/admin/users", {"username": "Li.Xin", "display_name": "李欣", "unit_id": str(wabu),
                                          "password": "a-good-password-1"})
    assert created.status_code == 302
    user = one(page_app, select(User).where(User.username == "li.xin"))
    assert user.password_hash.startswith(PASSWORD_METHOD + "$") and user.unit_id == wabu and user.active
    event = _events(page_app, "user.created")[-1]
    assert event.after["username"] == "li.xin" and "password" not in str(event.after)
    taken = admin.post("/admin/users", {"username": "li.xin", "display_name": "另一个", "unit_id": str(wabu),
                                        "password": "a-good-password-2"})
    assert taken.status_code == 422 and "已被使用" in text_of(taken)

    newcomer = browser()
    newcomer.get("/login")
    assert newcomer.post("/login", {"username": "li.xin", "password": "a-good-password-1"}).status_code == 302

    admin.get("/admin/users")
    assert admin.post(f"/admin/users/{user.id}/active", {"active": "false"}).status_code == 302
    assert [e.after for e in _events(page_app, "user.deactivated")] == [{"active": False}]
    assert newcomer.get("/").status_code == 302  # the open session ends with the account
    late = browser()
    late.get("/login")
    assert late.post("/login", {"username": "li.xin", "password": "a-good-password-1"}).status_code == 401


def _sheet(*rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(CADRE_TEMPLATE_HEADERS))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, content: bytes, name: str = "名册.xlsx"):
    client.get("/admin/cadres")
    return client.client.post(
        "/admin/cadres/import",
        data={"csrf_token": client.token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_the_roster_import_shows_every_row_error_and_imports_nothing(browser, page_app):
    admin = browser("admin")
    before = one(page_app, select(func.count()).select_from(Cadre))
    content = _sheet(("韩新一", "town-wabu", "副镇长", "班子其他成员", ""),
                     ("韩新二", "town-wabu", "财政所所长", "领导", ""),
                     ("", "nowhere", "所长", "其他干部", ""))
    response = _upload(admin, content)
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="import-error-table"' in page and "未导入任何干部" in page
    assert "第3行 D列(职务类别)" in page and "「领导」不是可选的职务类别" in page
    assert "第4行 A列(姓名)" in page and "第4行 B列(单位编码)" in page and "「nowhere」不是已有的单位编码" in page
    assert one(page_app, select(func.count()).select_from(Cadre)) == before
    assert not _events(page_app, "cadres.imported")

    good = _upload(admin, _sheet(("韩新一", "town-wabu", "副镇长", "班子其他成员", "county")))
    assert good.status_code == 302
    assert "新增1名" in text_of(admin.get("/admin/cadres"))
    assert one(page_app, select(Cadre.managed_by_unit_id).where(Cadre.name == "韩新一")) == _unit_id(page_app, "county")


def test_the_roster_import_refuses_a_file_that_is_not_a_workbook_and_offers_the_template(browser):
    admin = browser("admin")
    response = _upload(admin, b"name,unit\n", "roster.csv")
    assert response.status_code == 422 and "不是有效的 Excel" in text_of(response)
    template = admin.get("/admin/cadres/template.xlsx")
    assert template.status_code == 200 and template.mimetype.endswith("spreadsheetml.sheet")
    header = next(openpyxl.load_workbook(io.BytesIO(template.data)).active.iter_rows(values_only=True))
    assert tuple(header) == CADRE_TEMPLATE_HEADERS


def test_an_upload_over_the_roster_limit_is_refused_with_413(browser):
    admin = browser("admin")
    admin.get("/admin/cadres")
    boundary = "lianjing-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{admin.token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + b"0" * (6 * 1024 * 1024) + \
        f"\r\n--{boundary}--\r\n".encode()
    response = admin.client.post("/admin/cadres/import", data=body,
                                 content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413


def _year_row(text: str, year: int) -> str:
    return text.split(f'id="year-{year}"')[1].split("</tr>")[0]


def test_the_calendar_page_says_which_years_are_official_and_enters_a_year(browser, page_app):
    """DOMAIN.md §2: a year without a known schedule makes deadlines provisional until it is entered."""
    admin = browser("admin")
    page = text_of(admin.get("/admin/settings"))
    assert "自然日" in page and "顺延" in page
    assert "系统内置(正式)" in _year_row(page, 2026) and "未公布(暂定)" in _year_row(page, 2027)

    bad = admin.post("/admin/settings", {"year": "2027", "source": "国办发明电〔2026〕1号",
                                         "holidays": "2027-01-01 元旦\n2028-01-01 元旦\n明天", "workdays": ""})
    assert bad.status_code == 422
    text = text_of(bad)
    assert "不在2027年" in text and "第3行" in text and "明天" in text

    entered = admin.post("/admin/settings", {
        "year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "holidays": "2027-01-01 元旦\n2027-02-06~2027-02-12 春节", "workdays": "2027-02-14 春节调休"})
    assert entered.status_code == 302
    page = text_of(admin.get("/admin/settings"))
    assert "已录入(正式)" in _year_row(page, 2027) and "8 / 1" in _year_row(page, 2027)
    days = _all(page_app, select(CalendarDay.day, CalendarDay.kind).where(CalendarDay.year == 2027))
    assert (dt.date(2027, 2, 14), "workday") in days and len(days) == 9
    event = _events(page_app, "calendar.year_entered")[-1]
    assert event.before is None and event.after["workdays"] == ["2027-02-14"]


def test_a_saved_holiday_schedule_can_be_viewed_and_is_offered_for_correction(browser):
    """Issue 15: a saved year's schedule can be read back, in the lines it was entered in, and corrected."""
    admin = browser("admin")
    admin.get("/admin/settings")
    lines = "2027-01-01 元旦\n2027-02-06~2027-02-12 春节\n2027-10-01~2027-10-07 国庆节"
    admin.post("/admin/settings", {"year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知",
                                   "holidays": lines, "workdays": "2027-02-14 春节调休"})
    listing = text_of(admin.get("/admin/settings"))
    assert 'id="view-year-2027"' in listing and 'id="view-year-2026"' not in listing  # built in: nothing saved
    viewed = text_of(admin.get("/admin/settings?year=2027"))
    assert "2027年节假日安排(已保存)" in viewed
    holidays = re.search(r'<pre class="mb-0" id="viewed-holidays">(.*?)</pre>', viewed, re.S).group(1)
    assert holidays == lines  # the seven days of the Spring Festival stay one line, as entered
    assert re.search(r'<textarea[^>]*id="cal-holidays"[^>]*>' + re.escape(lines) + "</textarea>", viewed)
    assert 'value="国务院办公厅关于2027年部分节假日安排的通知"' in viewed
    assert "已保存" not in text_of(admin.get("/admin/settings?year=2031"))  # never entered: nothing to show


def test_the_admin_menu_leads_to_every_section(browser):
    page = text_of(browser("admin").get("/admin/units"))
    for url in ("/admin/units", "/admin/users", "/admin/cadres", "/admin/settings"):
        assert f'href="{url}"' in page
    assert re.search(r'class="nav-link[^"]*active[^"]*"[^>]*href="/admin/units"', page)


def test_the_administrator_grants_the_roles_of_every_registered_regulation_001_3_1(browser, page_app):
    """「001 三、1」 each unit names its warning-information officer: the county's administrator assigns the
    network's roles (and the risk register's) from the same page as the Measures' roles, and sees their names."""
    admin = browser("admin")
    page = admin.get("/admin/users").text
    assert '<option value="info_officer">预警信息员</option>' in page
    assert '<option value="unit_principal">单位主要领导</option>' in page
    xu, county = _user_id(page_app, "xu.clerk"), _unit_id(page_app, "county")
    granted = admin.post(f"/admin/users/{xu}/roles", {"role": "info_officer", "unit_id": str(county)},
                         follow_redirects=True)
    assert "预警信息员" in text_of(granted)
    assert ("info_officer", county) in _roles(page_app, "xu.clerk")
    unknown = admin.post(f"/admin/users/{xu}/roles", {"role": "no_such_role", "unit_id": str(county)},
                         follow_redirects=True)
    assert "请选择角色" in text_of(unknown)
    assert ("no_such_role", county) not in _roles(page_app, "xu.clerk")
