"""The ``lianjing`` command: set up the database, seed the demo county, deploy, serve, run the worker.

Every command builds the application with ``create_app()`` (settings from the environment, validated)
and works in units of work: one transaction per command step, committed once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import logging
import os
import secrets
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

import engine
from engine import audit
from engine.actors import SYSTEM
from engine.audit_checkpoints import checkpoint_due
from engine.audit_checkpoints import export_checkpoints
from engine.audit_checkpoints import write_checkpoint
from engine.clock import FixedClock
from engine.clock import local_today
from engine.clockstore import DatabaseManualClock
from engine.clockstore import advanced_by_days
from engine.db import unit_of_work
from engine.errors import EngineError
from engine.models import AuditEvent
from engine.models import User
from engine.models.starts import StartSchedule
from engine.seed import DEMO_PASSWORD
from processes.measures.reminders import sweep_deadline_reminders
from webui import create_app
from webui import extensions
from webui import install_commands
from webui.checkpoints import checkpoint_path
from webui.checkpoints import verify_with_checkpoints
from webui.uow import app_mailer

log = logging.getLogger("lianjing")
MIGRATIONS_DIR = Path(engine.__file__).resolve().parent / "migrations"


def now_clock() -> FixedClock:
    """Return the app clock frozen at this instant (inside an app context).

    Engine work gets a snapshot, never the shared manual clock itself: that clock reads the database in a
    session of its own, which on SQLite would wait for the write lock of the transaction asking the time.
    """
    return FixedClock(extensions.clock().now())


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- database ---------------------------------------------------------------------------------------


def alembic_config(database_url: str):
    """Return the Alembic config of ``engine/migrations`` pointed at ``database_url``."""
    from alembic.config import Config

    cfg = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["skip_logging"] = True
    return cfg


def init_db(app: Flask) -> None:
    """Bring the schema to the newest migration (Alembic ``upgrade head``)."""
    from alembic import command

    from engine.installation import ensure_system_actor

    command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        ensure_system_actor(session)  # deployments and timers act as it (issue 14 §1)


def _database_is_empty(app: Flask) -> bool:
    with app.app_context(), extensions.session_factory()() as session:
        people = select(func.count()).select_from(User).where(User.username != "system")  # init-db made it
        return session.execute(people).scalar_one() == 0


def cmd_init_db(app: Flask, args: argparse.Namespace) -> int:
    """Upgrade the database schema to the newest migration."""
    init_db(app)
    _out(f"数据库已升级到最新版本:{_safe_url(app)}")
    return 0


def _safe_url(app: Flask) -> str:
    from sqlalchemy.engine import make_url

    return make_url(app.config["DATABASE_URL"]).render_as_string(hide_password=True)


def cmd_seed_demo(app: Flask, args: argparse.Namespace) -> int:
    """Seed the demo county (idempotent); refused in production, where its passwords are public."""
    from werkzeug.security import generate_password_hash

    from engine.registry import REGISTRY
    from engine.seed import DEMO_PASSWORD
    from engine.seed import PASSWORD_METHOD
    from engine.seed import seed_demo

    if app.config["ENV"] == "production":
        _err("生产环境不得写入演示数据(演示账号的密码公开在说明文档中);请用 create-admin 创建管理员,"
             "用 import-org 导入本县的单位和用户")
        return 1

    with app.app_context():
        clock = now_clock()
        with unit_of_work(extensions.session_factory()) as session:
            created = seed_demo(session, clock)
            hashed = generate_password_hash(DEMO_PASSWORD, method=PASSWORD_METHOD)
            for regulation in REGISTRY.regulations():  # each regulation's own demo data (e.g. risk registers)
                if regulation.demo is not None:
                    created.update(regulation.demo(session, clock, password_hash=hashed))
    _out("演示数据:" + ",".join(f"{k} 新增 {v}" for k, v in created.items()))
    return 0


# --- deploy -----------------------------------------------------------------------------------------


def deploy_paths(app: Flask, paths: Sequence[Path]) -> int:
    """Check every file, report each file's problems, and deploy all of them only if all pass."""
    files: dict[str, bytes] = {}
    for path in paths:
        try:
            files[path.name] = path.read_bytes()
        except OSError as exc:
            _err(f"无法读取 {path}:{exc.strerror or exc}")
            return 2
    with app.app_context():
        clock = now_clock()
        factory = extensions.session_factory()
        with factory() as session:
            rejected = engine.check_files(session, files)
        for name, exc in rejected.items():
            _report_rejection(name, exc)
        if rejected:
            _record_refused_deployment(factory, clock, files, rejected)
            _err("部署已拒绝,未部署任何文件。")
            return 1
        try:
            with unit_of_work(factory) as session:
                # Reviewed files an installer deploys: their timer starts wait for an administrator (系统管理 →
                # 定时发起), so nothing starts before the people its steps go to are in place.
                results = engine.deploy_files(session, clock, SYSTEM, files, schedules_paused=True)
                held = set(session.execute(select(StartSchedule.key).where(
                    StartSchedule.definition_id.in_([d.id for d, new in results if new]),
                    StartSchedule.paused.is_(True))).scalars())
        except EngineError as exc:
            _report_rejection("、".join(files), exc)
            return 1
    for definition, new in results:
        state = "已部署" if new else "未改变(内容相同,不重复部署)"
        _out(f"{definition.key} 第{definition.version}版 {definition.filename}:{state}")
        if definition.key in held:
            _out(f"  {definition.key} 的定时发起已暂停:配齐相关岗位人员后,由系统管理员在“系统管理 → 定时发起”恢复")
    return 0


def _record_refused_deployment(factory, clock, files: dict[str, bytes], rejected: dict[str, EngineError]) -> None:
    """Put a refused deployment on record: a diagram with a script task or an entity is an attempt worth
    seeing, not only the deployer's typo (SECURITY.md 18, 19, 26). Each file by its hash, as a deployment is."""
    refused = {name: {"sha256": hashlib.sha256(files[name]).hexdigest(), "code": exc.code,
                      "message": exc.message_zh, "problems": exc.details} for name, exc in rejected.items()}
    with unit_of_work(factory) as session:
        audit.record(session, clock, SYSTEM, "definition.refused", "definition", None,
                     after={"files": refused, "deployed": []})


def _report_rejection(name: str, exc: EngineError) -> None:
    _err(f"拒绝部署 {name}:{exc.message_zh}")
    details = exc.details if isinstance(exc.details, list) else ([exc.details] if exc.details else [])
    for problem in details:
        if isinstance(problem, dict):
            element = problem.get("element_id") or "(整个文件)"
            _err(f"  - [{element}] {problem.get('message', '')}({problem.get('code', '')})")
        else:
            _err(f"  - {problem}")


def cmd_deploy(app: Flask, args: argparse.Namespace) -> int:
    """Deploy BPMN files as the system actor."""
    return deploy_paths(app, [Path(p) for p in args.files])


# --- tokens, audit, clock ---------------------------------------------------------------------------


def cmd_token(app: Flask, args: argparse.Namespace) -> int:
    """Print a new API token for a user."""
    from webui.api.auth import issue_token

    with app.app_context():
        clock = now_clock()
        with unit_of_work(extensions.session_factory()) as session:
            user = session.execute(select(User).where(User.username == args.username)).scalar_one_or_none()
            if user is None or not user.active:
                _err(f"用户 {args.username} 不存在或已停用")
                return 1
            token = issue_token(session, clock, user, SYSTEM)
    _out(token)
    return 0


def cmd_verify_audit(app: Flask, args: argparse.Namespace) -> int:
    """Verify the audit chain; exit 1 at the first altered event."""
    with app.app_context(), extensions.session_factory()() as session:
        # issue 14 §3.8: against the signed checkpoints too (the configured file, or an auditor's copy)
        report = verify_with_checkpoints(session, Path(args.checkpoints) if args.checkpoints else None)
        if report.ok:
            _out(f"审计链完好:共校验 {report.checked} 条记录,与 {report.checkpoints} 个签名检查点一致")
            return 0
        _err(f"审计链已被破坏:{report.problem_zh}(已校验 {report.checked} 条)")
        bad = session.execute(
            select(AuditEvent).where(AuditEvent.seq == report.first_bad_seq)
        ).scalar_one_or_none()
        if bad is not None:
            _err(f"  第一条问题记录:第{bad.seq}号 {bad.action} {bad.object_type}#{bad.object_id} "
                 f"{bad.occurred_at.isoformat()} 操作人 {bad.actor_name}")
        return 1


def cmd_audit_checkpoint(app: Flask, args: argparse.Namespace) -> int:
    """Sign the audit chain's head now into the checkpoint file; optionally export the file for an auditor."""
    with app.app_context(), extensions.session_factory()() as session:
        checkpoint = write_checkpoint(session, extensions.wall_clock(), checkpoint_path())
        _out(f"已写入签名检查点:链尾第 {checkpoint.seq} 号事件({checkpoint_path()})")
        if args.export:
            count = export_checkpoints(checkpoint_path(), Path(args.export))
            _out(f"已导出 {count} 个签名检查点到 {args.export},请交审计人员另行保存")
    return 0


def cmd_clock(app: Flask, args: argparse.Namespace) -> int:
    """Show, set or advance the manual clock."""
    from webui.config import parse_instant

    with app.app_context():
        clock = extensions.clock()
        manual = isinstance(clock, DatabaseManualClock)
        if args.action == "show":
            now = clock.now()
            kind = "手动" if manual else "系统"
            _out(f"{kind}时钟:{now.isoformat()}(北京时间 {local_today(clock).isoformat()})")
            return 0
        if not manual:
            _err("当前为系统时钟,不能调整时间;请以 LIANJING_CLOCK=manual 在演示或测试环境运行")
            return 1
        before = clock.now()
        if args.action == "set":
            try:
                target = parse_instant(args.value, "时间")
            except EngineError as exc:
                _err(exc.message_zh)
                return 2
        else:
            try:
                target = advanced_by_days(before, float(args.value))
            except ValueError:
                _err("天数应为数字")
                return 2
            except EngineError as exc:
                _err(exc.message_zh)
                return 2
        try:
            after = clock.set(target, note={"by": "cli"})
        except EngineError as exc:
            _err(exc.message_zh)
            return 2
        with unit_of_work(extensions.session_factory()) as session:
            audit.record(session, FixedClock(after), SYSTEM, "clock.set", "clock", None,
                         before={"now": before.isoformat()}, after={"now": after.isoformat()})
    _out(f"手动时钟已设为 {after.isoformat()}")
    return 0


# --- worker and server ------------------------------------------------------------------------------


def sweep_once(app: Flask) -> tuple[engine.jobs.SweepReport, int]:
    """Fire due timers and deliver notifications once."""
    with app.app_context():
        factory = extensions.session_factory()
        clock = now_clock()
        lease = dt.timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
        report = engine.run_due_jobs(factory, clock, lease=lease)
        sweep_deadline_reminders(factory, clock)  # after the timers: a fired timer cancels its task
        sent = engine.dispatch_pending(factory, clock, mailer=app_mailer(clock))
        every = dt.timedelta(hours=app.config["AUDIT_CHECKPOINT_HOURS"])
        if checkpoint_due(checkpoint_path(), extensions.wall_clock(), every):
            with factory() as session:  # issue 14 §3.8: at least daily
                write_checkpoint(session, extensions.wall_clock(), checkpoint_path())
    return report, sent


def worker_loop(app: Flask, interval: float, stop: threading.Event, *, quiet: bool = False) -> None:
    """Sweep every ``interval`` seconds until ``stop`` is set; a failing sweep is logged, never fatal."""
    while not stop.is_set():
        try:
            report, sent = sweep_once(app)
            if not quiet and (report.acquired or report.started or sent):
                _out(_sweep_line(report, sent))
        except Exception:
            log.exception("worker sweep failed")
        stop.wait(interval)


def _sweep_line(report, sent: int) -> str:
    return (f"到期任务:取得 {report.acquired},触发 {len(report.fired)},未到点 {len(report.not_yet)},"
            f"冲突 {len(report.conflicts)},失败 {len(report.failed)},"
            f"新故障 {len(report.incidents)};定时发起 {len(report.started)};通知 {sent}")


def cmd_worker(app: Flask, args: argparse.Namespace) -> int:
    """Run the timer and outbox worker (once, or in a loop)."""
    if args.once:
        report, sent = sweep_once(app)
        _out(_sweep_line(report, sent))
        return 1 if report.incidents else 0
    stop = threading.Event()
    _on_terminate(stop)
    _out(f"定时任务进程已启动,每 {args.interval} 秒执行一次(Ctrl+C 停止)")
    worker_loop(app, args.interval, stop)
    return 0


def _on_terminate(stop: threading.Event) -> None:
    def handle(signum, frame):
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)


def settle_heap() -> None:
    """Move everything loaded at start-up out of the garbage collector's sight (``gc.freeze``).

    Measured (bench, inbox page): without it one request in twenty paid a 70–90 ms full collection that
    walked the start-up objects; after it the slow tail is gone. Objects created later are collected as usual.
    """
    gc.collect()
    gc.freeze()


def serve(app: Flask, host: str, port: int, *, worker: bool, threads: int) -> int:
    """Serve the app (waitress when installed, else Flask's server) with the worker in a background thread."""
    if app.config["ENV"] == "testing":
        # issue 14 §3.11: the test settings make up a throw-away secret and relax the cookies; never serve them.
        _err("拒绝以测试环境(LIANJING_ENV=testing)提供服务,请使用 production 或 demo")
        return 2
    stop = threading.Event()
    if worker:
        thread = threading.Thread(target=worker_loop, args=(app, app.config["WORKER_INTERVAL_SECONDS"], stop),
                                  name="lianjing-worker", daemon=True)
        thread.start()
    _out(f"廉警已启动:http://{host}:{port}/ (接口文档 /api/v1/openapi.json,数据库 {_safe_url(app)})")
    settle_heap()
    try:
        try:
            import waitress
        except ImportError:
            app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)
        else:
            waitress.serve(app, host=host, port=port, threads=threads, ident="lianjing")
    except KeyboardInterrupt:
        _out("已停止")
    finally:
        stop.set()
    return 0


def cmd_serve(app: Flask, args: argparse.Namespace) -> int:
    """Serve the API (and the worker unless --no-worker)."""
    return serve(app, args.host or app.config["SERVE_HOST"], args.port or app.config["SERVE_PORT"],
                 worker=not args.no_worker, threads=app.config["SERVE_THREADS"])


def _command_name() -> str:
    """How to call this command again from the same shell: bare when on the PATH, else as it was called."""
    called = Path(sys.argv[0])
    on_path = shutil.which("lianjing")
    if on_path and Path(on_path).resolve() == called.resolve():
        return "lianjing"
    try:
        return str(called.resolve().relative_to(Path.cwd()))  # `make run` calls .venv/bin/lianjing
    except ValueError:
        return str(called)


def cmd_run(app: Flask, args: argparse.Namespace) -> int:
    """Migrate, seed an empty database, deploy processes/ and serve."""
    init_db(app)
    _out("数据库已就绪")
    if app.config["ENV"] == "demo" and _database_is_empty(app):
        cmd_seed_demo(app, args)
    processes = sorted(Path(app.config["PROCESSES_DIR"]).glob("*.bpmn"))
    if processes:
        code = deploy_paths(app, processes)
        if code:
            return code
    if app.config["ENV"] == "demo":
        _out(f"在浏览器中打开下面的地址,以演示用户登录(如 wang.clerk、zhang.secretary、admin),密码 {DEMO_PASSWORD}")
    _out(f"API 令牌:{_command_name()} token wang.clerk(演示用户见 engine/seed.py)")
    return cmd_serve(app, args)


# --- entry point ------------------------------------------------------------------------------------


def _demo_defaults() -> None:
    """Let ``lianjing run`` start a demo without any setting: demo mode and a generated, kept secret."""
    os.environ.setdefault("LIANJING_ENV", "demo")
    if os.environ["LIANJING_ENV"] != "demo" or os.environ.get("LIANJING_SECRET_KEY"):
        return
    path = Path(os.environ.get("LIANJING_SECRET_KEY_FILE", "instance/secret_key"))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``lianjing``."""
    parser = argparse.ArgumentParser(prog="lianjing", description="廉警:县纪委廉政风险预警工作流程平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    init = sub.add_parser("init-db", help="创建或升级数据库表结构(Alembic upgrade head)")
    init.set_defaults(func=cmd_init_db)
    seed = sub.add_parser("seed-demo", help="写入演示县的单位、用户和干部(可重复执行)")
    seed.set_defaults(func=cmd_seed_demo)
    deploy = sub.add_parser("deploy", help="校验并部署 BPMN 流程文件和 DMN 决策表文件(以系统身份)")
    deploy.add_argument("files", nargs="+", metavar="FILE", help="BPMN 或 DMN 文件")
    deploy.set_defaults(func=cmd_deploy)
    servers = (("serve", "启动 API 服务(默认同时运行定时任务)", cmd_serve),
               ("run", "一键运行:升级数据库、空库时写入演示数据、部署 processes/、启动服务", cmd_run))
    for name, helptext, handler in servers:
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--host", default=None, help="监听地址(默认 LIANJING_SERVE_HOST 或 127.0.0.1)")
        p.add_argument("--port", type=int, default=None, help="端口(默认 LIANJING_SERVE_PORT 或 5000)")
        p.add_argument("--no-worker", action="store_true", help="不在后台运行定时任务")
        p.set_defaults(func=handler)
    worker = sub.add_parser("worker", help="定时任务进程:定期执行到期定时器并投递通知")
    worker.add_argument("--interval", type=float, default=None,
                        help="间隔秒数(默认 LIANJING_WORKER_INTERVAL_SECONDS)")
    worker.add_argument("--once", action="store_true", help="只执行一次")
    worker.set_defaults(func=cmd_worker)
    token = sub.add_parser("token", help="为用户生成新的 API 令牌并打印")
    token.add_argument("username", metavar="USERNAME")
    token.set_defaults(func=cmd_token)
    verify = sub.add_parser("verify-audit", help="校验审计链及签名检查点;被改动时退出码为 1 并指出问题记录")
    verify.add_argument("--checkpoints", default=None, metavar="FILE",
                        help="按此签名检查点文件校验(如审计人员保存的导出件;默认 LIANJING_AUDIT_CHECKPOINT_FILE)")
    verify.set_defaults(func=cmd_verify_audit)
    checkpoint = sub.add_parser("audit-checkpoint", help="立即为审计链写入签名检查点(追加到检查点文件)")
    checkpoint.add_argument("--export", default=None, metavar="FILE", help="另将全部检查点导出到此文件,交审计人员保存")
    checkpoint.set_defaults(func=cmd_audit_checkpoint)
    clock = sub.add_parser("clock", help="查看或调整手动时钟(仅手动时钟模式可调整)")
    clock_sub = clock.add_subparsers(dest="action", metavar="ACTION", required=True)
    clock_set = clock_sub.add_parser("set", help="设为某一时刻,如 2026-11-02T09:00:00+08:00")
    clock_set.add_argument("value", metavar="ISO")
    clock_advance = clock_sub.add_parser("advance", help="前进若干天")
    clock_advance.add_argument("value", metavar="DAYS")
    clock_sub.add_parser("show", help="显示当前时间")
    clock.set_defaults(func=cmd_clock)
    install_commands.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, config: dict | None = None) -> int:
    """Run the ``lianjing`` command; return its exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # SpiffWorkflow logs every task state change at INFO: it buried the server's own lines and cost each
    # completion its formatting. The audit log is the record of what happened to a case.
    logging.getLogger("spiff").setLevel(logging.WARNING)
    if args.command == "run" and config is None:
        _demo_defaults()
    try:
        app = create_app(config)
    except EngineError as exc:
        _err(f"配置错误:{exc.message_zh}")
        return 2
    if args.command == "worker" and args.interval is None:
        args.interval = app.config["WORKER_INTERVAL_SECONDS"]
    try:
        return args.func(app, args)
    except EngineError as exc:
        _err(f"{exc.message_zh}({exc.code})")
        return 1
    finally:
        with app.app_context():
            extensions.db.engine.dispose()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
