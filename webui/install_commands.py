"""The ``lianjing`` commands a county's own installation needs beyond the demo (issue 14 §1).

``create-admin`` makes the first administrator; ``import-org`` loads the organisation from Excel;
``backup`` and ``restore`` copy the database and the attachments. A password is asked for, or read from a
file or standard input, and never taken from an argument (an argument is visible in ``ps`` and the shell's
history).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from flask import Flask

from engine.db import unit_of_work
from engine.errors import EngineError
from engine.installation import create_first_admin
from webui import extensions


def _now():
    from webui.cli import now_clock

    return now_clock()


def _out(text: str) -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def read_password(args: argparse.Namespace) -> str | None:
    """Return the new password from the file, standard input or two prompts; None (reported) when unusable."""
    if args.password_file:
        try:
            text = Path(args.password_file).read_text(encoding="utf-8")
        except OSError as exc:
            _err(f"无法读取密码文件 {args.password_file}:{exc.strerror or exc}")
            return None
        return text.rstrip("\r\n")
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        _err("标准输入不是终端:请用 --password-file 文件 或 --password-stdin 提供密码")
        return None
    first = getpass.getpass("新管理员的密码:")
    if getpass.getpass("再输入一次:") != first:
        _err("两次输入的密码不一致")
        return None
    return first


def cmd_create_admin(app: Flask, args: argparse.Namespace) -> int:
    """Create the first administrator (and the root unit when there is no unit yet)."""
    password = read_password(args)
    if password is None:
        return 2
    with app.app_context():
        clock = _now()
        try:
            with unit_of_work(extensions.session_factory()) as session:
                admin = create_first_admin(session, clock, username=args.username, display_name=args.display_name,
                                           password=password, unit_name=args.unit_name, unit_code=args.unit_code,
                                           doc_prefix=args.doc_prefix, county_name=args.county_name,
                                           county_code=args.county_code)
                unit_name = admin.unit.name
        except EngineError as exc:
            _err(exc.message_zh)
            for field, problems in (exc.details or {}).items():
                _err(f"  - {field}:{';'.join(problems)}")
            return 1
    _out(f"已创建系统管理员 {admin.username}({admin.display_name}),单位:{unit_name}")
    return 0


def cmd_import_org(app: Flask, args: argparse.Namespace) -> int:
    """Import units, accounts, roles and cadre links from a workbook; initial passwords go to a private file."""
    from engine.actors import SYSTEM
    from engine.operations.organisation import import_organisation

    out = Path(args.passwords_out)
    if out.exists():
        _err(f"{out} 已存在:初始密码只写入新文件,请换一个文件名")
        return 2
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        _err(f"无法读取 {args.file}:{exc.strerror or exc}")
        return 2
    with app.app_context():
        clock = _now()
        try:
            with unit_of_work(extensions.session_factory()) as session:
                result = import_organisation(session, clock, SYSTEM, data)
                # Written before the commit: a password file that could not be written leaves nothing imported.
                descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    handle.write("用户名,初始密码\n")
                    handle.writelines(f"{name},{password}\n" for name, password in result.passwords.items())
        except EngineError as exc:
            _err(exc.message_zh)
            for cell, problems in (exc.details or {}).items():
                _err(f"  - {cell}:{';'.join(problems)}")
            return 1
    _out(f"已导入:单位新增 {result.units_created}、更新 {result.units_updated},用户新增 {result.users_created},"
         f"角色授予 {result.roles_granted},关联干部 {result.cadres_linked}")
    if result.four_eyes_granted:
        _out(f"其中领导、流程设计或审计角色 {len(result.four_eyes_granted)} 项由安装命令直接授予"
             "(安装时没有第二名管理员可复核),已逐项记入审计事件 organisation.imported;"
             "此后授予此类角色须经另一名系统管理员批准")
    _out(f"新用户的初始密码已写入 {out}(仅本人可读):请当面交给本人,登录后立即修改,然后删除该文件")
    return 0


def cmd_backup(app: Flask, args: argparse.Namespace) -> int:
    """Back up the database (with the attachments it holds) into an empty folder."""
    from webui.backup import BackupError
    from webui.backup import backup

    try:
        manifest = backup(app, Path(args.directory))
    except BackupError as exc:
        _err(f"备份失败:{exc}")
        return 1
    head = manifest["audit_head"] or {}
    _out(f"已备份到 {args.directory}:{manifest['file']}(SHA-256 {manifest['sha256'][:16]}…),"
         f"审计记录至第 {head.get('seq', 0)} 号,附件 {manifest['attachments']} 个")
    return 0


def cmd_restore(app: Flask, args: argparse.Namespace) -> int:
    """Restore a backup into an empty database and check it against its manifest."""
    from webui.backup import BackupError
    from webui.backup import restore

    try:
        report = restore(app, Path(args.directory))
    except BackupError as exc:
        _err(f"恢复失败:{exc}")
        return 1
    _out(f"已恢复并核对:审计链完好(共 {report.audit_checked} 条,至第 {(report.audit_head or {}).get('seq', 0)} 号),"
         f"附件 {report.attachments} 个均与其 SHA-256 相符")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the installation commands on the ``lianjing`` parser."""
    admin = sub.add_parser("create-admin", help="创建第一位系统管理员(密码从提示、文件或标准输入读取)")
    admin.add_argument("username", metavar="USERNAME", help="登录名")
    admin.add_argument("--display-name", required=True, help="姓名")
    admin.add_argument("--unit-name", help="尚无单位时:县纪委的名称,如 寿县纪委")
    admin.add_argument("--unit-code", help="尚无单位时:县纪委的代码,如 county")
    admin.add_argument("--doc-prefix", help="尚无单位时:县纪委的文号前缀,如 寿纪预")
    admin.add_argument("--county-name", help="尚无单位时:县的名称,如 寿县(组织机构的根单位,县纪委、县委等在其下)")
    admin.add_argument("--county-code", help="尚无单位时:县的代码,如 shouxian")
    source = admin.add_mutually_exclusive_group()
    source.add_argument("--password-file", metavar="FILE", help="从文件的第一行读取密码")
    source.add_argument("--password-stdin", action="store_true", help="从标准输入的第一行读取密码")
    admin.set_defaults(func=cmd_create_admin)
    org = sub.add_parser("import-org", help="从 Excel 导入单位(含上下级与文号前缀)、用户、角色和用户与干部的关联")
    org.add_argument("file", metavar="FILE", help=".xlsx 工作簿,含「单位」「用户」「角色」工作表")
    org.add_argument("--passwords-out", required=True, metavar="FILE",
                     help="新用户初始密码写入的新文件(仅本人可读)")
    org.set_defaults(func=cmd_import_org)
    saved = sub.add_parser("backup", help="备份数据库(含附件)到一个空目录,附 SHA-256 清单")
    saved.add_argument("directory", metavar="DIR")
    saved.set_defaults(func=cmd_backup)
    restored = sub.add_parser("restore", help="将备份恢复到新建的空数据库,并核对审计链与附件")
    restored.add_argument("directory", metavar="DIR")
    restored.set_defaults(func=cmd_restore)
