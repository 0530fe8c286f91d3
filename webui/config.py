"""Every setting of the web app and the CLI: typed, defaulted, commented, validated at boot (STYLE rule 10).

Values come, in this order (later wins), from the defaults below, the environment (``LIANJING_<KEY>``,
and plain ``DATABASE_URL`` as the usual platform variable), then the explicit dict given to
``create_app`` (tests). ``load()`` returns the merged mapping after ``validate()`` accepted it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import os
import secrets
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import ConfigurationError

ENV_PREFIX = "LIANJING_"
ENVIRONMENTS = ("production", "demo", "testing")
CLOCKS = ("system", "manual")
SQLITE_SYNCHRONOUS_MODES = ("FULL", "EXTRA", "NORMAL")
#: the shortest job lease accepted: a timer fires in well under a second, so a few seconds still outlast it
MIN_JOB_LEASE_SECONDS = 3
#: SECURITY.md 29: a session secret shorter than this is refused outside testing
MIN_SECRET_LENGTH = 32
#: issue 14 §3.11: estimated bits of a secret below which it is refused (a repeated short string scores less)
MIN_SECRET_BITS = 80
#: secrets people paste from tutorials; refused even when long enough
_KNOWN_WEAK_SECRETS = frozenset({"dev", "secret", "changeme", "change-me", "please-change-me"})
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Key:
    """One setting: its type, default and what it means."""

    name: str
    type: type
    default: Any
    doc: str


KEYS: tuple[Key, ...] = (
    Key("ENV", str, "production",
        "Deployment kind: 'production', 'demo' (training, sample data) or 'testing' (the test suite)."),
    Key("SECRET_KEY", str, "",
        "Flask session secret, at least 32 characters; required outside testing (SECURITY.md 29)."),
    Key("SECRET_KEY_FILE", str, "instance/secret_key",
        "File holding SECRET_KEY when SECRET_KEY itself is empty, relative to the current directory "
        "(`lianjing run` creates it in demo mode, readable by its owner only)."),
    Key("DEBUG", bool, False, "Flask debug mode; refused outside testing (SECURITY.md 29)."),
    Key("TESTING", bool, False, "Flask testing flag; set automatically when ENV is 'testing'."),
    Key("DATABASE_URL", str, "sqlite:///instance/lianjing.sqlite3",
        "SQLAlchemy URL; a relative SQLite path is taken from the current directory. "
        "PostgreSQL: postgresql+psycopg://user@host/db."),
    Key("SQLALCHEMY_ENGINE_OPTIONS", dict, {},
        "Extra create_engine() options (e.g. connect_args); SQLite pragmas are always applied."),
    Key("DB_POOL_SIZE", int, 10, "Database connections each process keeps open (create_engine pool_size)."),
    Key("DB_MAX_OVERFLOW", int, 10, "Connections a process may open beyond DB_POOL_SIZE at a peak."),
    Key("DB_POOL_TIMEOUT", float, 30.0, "Seconds a request waits for a free connection before it fails."),
    Key("DB_POOL_RECYCLE", int, 1800,
        "Seconds after which a pooled connection is replaced (before firewalls or the server drop it idle)."),
    Key("SQLITE_SYNCHRONOUS", str, "FULL",
        "SQLite's synchronous pragma: FULL (default) keeps every acknowledged step through a power cut; NORMAL "
        "may lose the last commits then (a cost measured by `python -m bench`)."),
    Key("CLOCK", str, "system",
        "'system' (wall clock) or 'manual' (a shared clock an administrator sets; refused in production)."),
    Key("MANUAL_CLOCK_START", str, "",
        "ISO instant the manual clock shows before anyone set it; empty means the time of boot."),
    Key("MAX_CONTENT_LENGTH", int, 2 * 1024 * 1024, "Largest request body in bytes (SECURITY.md 28)."),
    Key("PROXY_COUNT", int, 0,
        "Reverse proxies in front of the app whose X-Forwarded-For is trusted for the audited source IP."),
    Key("DISPATCH_OUTBOX_IN_REQUEST", bool, True,
        "Mail the e-mail copies of notifications right after a request commits (the worker mails the rest)."),
    Key("WORKER_INTERVAL_SECONDS", float, 30.0, "Pause between two sweeps of the timer/outbox worker."),
    Key("JOB_LEASE_SECONDS", int, 300,
        "Seconds a worker owns the timers it took (wall time): a killed worker's timers fire this long after it "
        "took them, at the latest one sweep later. Keep it longer than the slowest timer takes to fire."),
    Key("SMTP_HOST", str, "",
        "SMTP server for e-mail copies of task notifications; empty means no e-mail is sent (in-app only)."),
    Key("SMTP_PORT", int, 587, "Port of the SMTP server (587: submission with STARTTLS)."),
    Key("SMTP_SENDER", str, "", "From address of the e-mails, e.g. '廉警 <lianjing@example.gov.cn>'; "
        "required when SMTP_HOST is set."),
    Key("SMTP_USERNAME", str, "", "SMTP login name; empty means no login."),
    Key("SMTP_PASSWORD", str, "", "SMTP password (set it through the environment, never in a file in git)."),
    Key("SMTP_STARTTLS", bool, True, "Upgrade the SMTP connection with STARTTLS before logging in."),
    Key("SERVE_HOST", str, "127.0.0.1", "Address `lianjing serve` listens on."),
    Key("SERVE_PORT", int, 5000, "Port `lianjing serve` listens on."),
    Key("SERVE_THREADS", int, 8, "Request threads of `lianjing serve` (waitress)."),
    Key("REGULATIONS", str, "processes.measures,processes.risk_points,processes.info_network",
        "Comma-separated regulation packages the app registers at start (engine/registry.py); the engine "
        "runs only the diagrams, roles, stages and effects of those registered."),
    Key("PROCESSES_DIR", str, str(REPO_ROOT / "processes" / "measures"),
        "Folder of the reviewed BPMN files `lianjing run` deploys."),
    Key("SESSION_COOKIE_SECURE", bool, True, "Session cookie only over HTTPS (pages, SECURITY.md 21)."),
    Key("SESSION_COOKIE_HTTPONLY", bool, True, "Session cookie hidden from scripts (SECURITY.md 21)."),
    Key("SESSION_COOKIE_SAMESITE", str, "Lax", "Session cookie SameSite policy (SECURITY.md 21)."),
    Key("PERMANENT_SESSION_LIFETIME", int, 8 * 3600, "Session lifetime in seconds (SECURITY.md 21)."),
    Key("FRESH_LOGIN_MINUTES", int, 15,
        "Minutes a password check stays fresh: leaders' decisions after that ask for the password again."),
    Key("AUDIT_KEY", str, "",
        "Secret the audit chain is keyed with (HMAC, issue 14 §3.8), kept outside the database; empty means "
        "AUDIT_KEY_FILE, else one derived from SECRET_KEY (set it explicitly so SECRET_KEY can be rotated)."),
    Key("AUDIT_KEY_FILE", str, "instance/audit_key", "File holding AUDIT_KEY when AUDIT_KEY itself is empty."),
    Key("AUDIT_OLD_KEYS", str, "",
        "Earlier audit keys, comma-separated, kept to verify events sealed before the key was changed."),
    Key("AUDIT_CHECKPOINT_FILE", str, "instance/audit-checkpoints.jsonl",
        "Append-only file of signed checkpoints of the audit chain's head; put it where database writers "
        "cannot write (another mount, or shipped off the machine)."),
    Key("AUDIT_CHECKPOINT_HOURS", float, 24.0, "The worker writes a checkpoint when the last one is this old."),
)
DEFAULTS: dict[str, Any] = {key.name: key.default for key in KEYS}
_TYPES: dict[str, type] = {key.name: key.type for key in KEYS}

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _parse(name: str, raw: str) -> Any:
    kind = _TYPES[name]
    text = raw.strip()
    try:
        if kind is bool:
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError(raw)
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
        if kind is dict:
            raise ValueError("dict settings cannot come from the environment")
    except ValueError:
        message = f"环境变量 {ENV_PREFIX}{name} 的值无效:{raw!r}"
        raise ConfigurationError(message, code="bad_setting") from None
    return raw


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the settings the environment sets (``LIANJING_<KEY>``, plus plain ``DATABASE_URL``)."""
    found: dict[str, Any] = {}
    if environ.get("DATABASE_URL"):
        found["DATABASE_URL"] = environ["DATABASE_URL"]
    for key in KEYS:
        value = environ.get(ENV_PREFIX + key.name)
        if value is not None and key.type is not dict:
            found[key.name] = _parse(key.name, value)
    return found


def load(overrides: Mapping[str, Any] | None = None,
         environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Merge defaults, environment and ``overrides``; resolve derived values; validate; return them."""
    settings = dict(DEFAULTS)
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    settings.update(from_environment(os.environ if environ is None else environ))
    explicit = dict(overrides or {})
    settings.update(explicit)
    if explicit.get("TESTING") is True and "ENV" not in explicit:
        settings["ENV"] = "testing"
    if explicit.get("TESTING") is False and settings["ENV"] == "testing":
        settings["ENV"] = "production"
    settings["TESTING"] = settings["ENV"] == "testing"
    if settings["ENV"] == "demo" and "CLOCK" not in explicit and "LIANJING_CLOCK" not in (
            os.environ if environ is None else environ):
        # A demo walks cases through deadlines months long: administrators move the shared clock.
        settings["CLOCK"] = "manual"
    if settings["ENV"] in ("demo", "testing") and "SESSION_COOKIE_SECURE" not in explicit and (
            ENV_PREFIX + "SESSION_COOKIE_SECURE") not in (os.environ if environ is None else environ):
        # The demo is served over plain HTTP on a training PC; production keeps Secure cookies behind TLS.
        settings["SESSION_COOKIE_SECURE"] = False
    if not settings["SECRET_KEY"] and settings["SECRET_KEY_FILE"]:
        path = Path(settings["SECRET_KEY_FILE"])
        if path.is_file():
            settings["SECRET_KEY"] = path.read_text(encoding="utf-8").strip()
    if not settings["SECRET_KEY"] and settings["TESTING"]:
        settings["SECRET_KEY"] = secrets.token_urlsafe(48)
    if settings["TESTING"] and "AUDIT_CHECKPOINT_FILE" not in explicit:
        # Each test app signs its own chain: checkpoints of another test's database would name events cut.
        settings["AUDIT_CHECKPOINT_FILE"] = str(Path(tempfile.mkdtemp(prefix="lianjing-audit-")) / "checkpoints.jsonl")
    if not settings["AUDIT_KEY"] and settings["AUDIT_KEY_FILE"] and Path(settings["AUDIT_KEY_FILE"]).is_file():
        settings["AUDIT_KEY"] = Path(settings["AUDIT_KEY_FILE"]).read_text(encoding="utf-8").strip()
    settings["DATABASE_URL"] = resolve_database_url(settings["DATABASE_URL"])
    settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    validate(settings)
    return settings


def engine_options(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Return the create_engine() options: the pool from the settings, then SQLALCHEMY_ENGINE_OPTIONS.

    ``pool_pre_ping`` tests a pooled connection before a request uses it, so after a database restart or a
    failover the request gets a new connection instead of a dead one (issue 14 §2).
    """
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": settings["DB_POOL_SIZE"],
                               "max_overflow": settings["DB_MAX_OVERFLOW"],
                               "pool_timeout": settings["DB_POOL_TIMEOUT"],
                               "pool_recycle": settings["DB_POOL_RECYCLE"]}
    if settings["DATABASE_URL"].startswith("sqlite"):
        options["sqlite_synchronous"] = settings["SQLITE_SYNCHRONOUS"]
    options.update(settings["SQLALCHEMY_ENGINE_OPTIONS"])
    return options


def resolve_database_url(url: str) -> str:
    """Make a relative SQLite path absolute against the current directory and create its folder."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite://" or url[len(prefix):] in ("", ":memory:"):
        return url
    path = url[len(prefix):]
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
        query = "?" + query
    resolved = Path(path)
    if not resolved.is_absolute():
        resolved = Path.cwd() / resolved
    resolved.parent.mkdir(parents=True, exist_ok=True)
    return f"{prefix}{resolved}{query}"


def validate(settings: Mapping[str, Any]) -> None:
    """Refuse settings the application must not run with (SECURITY.md 29)."""
    for key in KEYS:
        value = settings.get(key.name)
        wrong_type = not isinstance(value, key.type) or (key.type is int and isinstance(value, bool))
        int_for_float = key.type is float and isinstance(value, int) and not isinstance(value, bool)
        if wrong_type and not int_for_float:
            message = f"配置项 {key.name} 应为 {key.type.__name__} 类型"
            raise ConfigurationError(message, code="bad_setting")
    env = settings["ENV"]
    if env not in ENVIRONMENTS:
        message = f"ENV 应为 {'、'.join(ENVIRONMENTS)} 之一,而不是 {env!r}"
        raise ConfigurationError(message, code="bad_setting")
    if settings["CLOCK"] not in CLOCKS:
        message = f"CLOCK 应为 system 或 manual,而不是 {settings['CLOCK']!r}"
        raise ConfigurationError(message, code="bad_setting")
    if settings["CLOCK"] == "manual" and env == "production":
        raise ConfigurationError("生产环境不得使用手动时钟(CLOCK=manual)", code="manual_clock_in_production")
    if settings["MANUAL_CLOCK_START"]:
        parse_instant(settings["MANUAL_CLOCK_START"], "MANUAL_CLOCK_START")
    if _is_memory_sqlite(settings["DATABASE_URL"]):
        # The worker, the outbox and the manual clock open connections of their own: they need a real file.
        raise ConfigurationError("不支持内存中的SQLite数据库,请使用数据库文件", code="bad_setting")
    if settings["MAX_CONTENT_LENGTH"] <= 0 or settings["WORKER_INTERVAL_SECONDS"] <= 0:
        raise ConfigurationError("MAX_CONTENT_LENGTH 与 WORKER_INTERVAL_SECONDS 须为正数", code="bad_setting")
    if settings["JOB_LEASE_SECONDS"] < MIN_JOB_LEASE_SECONDS:
        # Shorter than a timer's run, a lease would hand a job that is still firing to a second worker: the
        # version check keeps the record right, but the work is done twice and reported as a conflict.
        raise ConfigurationError(f"JOB_LEASE_SECONDS 须至少为 {MIN_JOB_LEASE_SECONDS} 秒", code="bad_setting")
    if settings["SQLITE_SYNCHRONOUS"] not in SQLITE_SYNCHRONOUS_MODES:
        message = f"SQLITE_SYNCHRONOUS 应为 {'、'.join(SQLITE_SYNCHRONOUS_MODES)} 之一"
        raise ConfigurationError(message, code="bad_setting")
    if settings["DB_POOL_SIZE"] < 1 or settings["DB_MAX_OVERFLOW"] < 0 or settings["DB_POOL_TIMEOUT"] <= 0:
        raise ConfigurationError("DB_POOL_SIZE 须至少为1,DB_MAX_OVERFLOW 不得为负,DB_POOL_TIMEOUT 须为正数",
                                 code="bad_setting")
    if settings["PROXY_COUNT"] < 0:
        raise ConfigurationError("PROXY_COUNT 不得为负数", code="bad_setting")
    if settings["SMTP_HOST"] and (not settings["SMTP_SENDER"] or not 0 < settings["SMTP_PORT"] < 65536):
        raise ConfigurationError("设置了 SMTP_HOST 时须设置 SMTP_SENDER,且 SMTP_PORT 须在 1–65535 之间",
                                 code="bad_setting")
    if settings["TESTING"]:
        return
    secret = settings["SECRET_KEY"]
    if (len(secret) < MIN_SECRET_LENGTH or secret.lower() in _KNOWN_WEAK_SECRETS or len(set(secret)) < 8
            or is_low_entropy(secret)):
        raise ConfigurationError(
            f"缺少足够强的 SECRET_KEY(至少{MIN_SECRET_LENGTH}个字符的随机串),请设置 {ENV_PREFIX}SECRET_KEY",
            code="weak_secret_key",
        )
    if settings["DEBUG"]:
        raise ConfigurationError("非测试环境不得开启 DEBUG", code="debug_outside_testing")
    _check_werkzeug()


def is_low_entropy(secret: str) -> bool:
    """Tell whether a secret is a repeated short string or has too little character entropy (issue 14 §3.11).

    A key that is a short string repeated is refused whatever its length. Otherwise the estimate is the
    empirical Shannon entropy per character times the length: 32 random hex digits score about 110 bits,
    ``token_urlsafe(48)`` about 340, and a long key of few, unevenly used characters less than 80.
    """
    length = len(secret)
    period = next(p for p in range(1, length + 1) if secret == (secret[:p] * (length // p + 1))[:length])
    if period <= length // 2:
        return True
    counts = Counter(secret)
    bits = -sum(n * math.log2(n / length) for n in counts.values())
    return bits < MIN_SECRET_BITS


def audit_keys(settings: Mapping[str, Any]) -> tuple[bytes, tuple[bytes, ...]]:
    """Return the audit chain's current key and the older ones to verify with (issue 14 §3.8).

    An explicit AUDIT_KEY wins; otherwise the key is derived from SECRET_KEY (also kept outside the database),
    and the test suite uses one fixed key so that every app it builds verifies every chain it wrote.
    """
    older = tuple(k.strip().encode("utf-8") for k in settings["AUDIT_OLD_KEYS"].split(",") if k.strip())
    if settings["AUDIT_KEY"]:
        return settings["AUDIT_KEY"].encode("utf-8"), older
    if settings["TESTING"]:
        return b"lianjing-test-suite-audit-key", older
    derived = hmac.new(settings["SECRET_KEY"].encode("utf-8"), b"lianjing-audit-chain", hashlib.sha256).digest()
    return derived, older


def _is_memory_sqlite(url: str) -> bool:
    if not url.startswith("sqlite"):
        return False
    return url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:") or ":memory:" in url or "mode=memory" in url


def _check_werkzeug() -> None:
    from importlib.metadata import version

    parts = tuple(int(p) for p in version("werkzeug").split(".")[:3] if p.isdigit())
    if parts < (3, 0, 3):
        raise ConfigurationError("Werkzeug 版本须不低于 3.0.3(CVE-2024-34069)", code="old_werkzeug")


def parse_instant(text: str, what: str = "时间") -> dt.datetime:
    """Parse an ISO 8601 instant with an offset (``2026-11-02T09:00:00+08:00`` or ``...Z``)."""
    try:
        instant = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        message = f"{what} 应为带时区的ISO时间,如 2026-11-02T09:00:00+08:00"
        raise ConfigurationError(message, code="bad_setting") from None
    if instant.tzinfo is None:
        raise ConfigurationError(f"{what} 须带时区,如 +08:00", code="bad_setting")
    return instant
