"""Settings are validated at boot (SECURITY.md 29)."""
from __future__ import annotations

import pytest

from engine.errors import ConfigurationError
from webui import config
from webui import create_app

STRONG = "q3V9rT2xLmN8pK4sW7yZ1bC6dF0gH5jA"


def test_outside_testing_a_secret_is_required(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no instance/secret_key here
    with pytest.raises(ConfigurationError) as refused:
        config.load({"TESTING": False, "SECRET_KEY": ""}, environ={})
    assert refused.value.code == "weak_secret_key"
    with pytest.raises(ConfigurationError):
        create_app({"TESTING": False, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    for weak in ("short", "a" * 40):
        with pytest.raises(ConfigurationError):
            config.load({"ENV": "demo", "SECRET_KEY": weak}, environ={})
    assert config.load({"ENV": "demo", "SECRET_KEY": STRONG}, environ={})["ENV"] == "demo"


def test_secret_may_come_from_a_file(tmp_path):
    path = tmp_path / "secret"
    path.write_text(STRONG + "\n", encoding="utf-8")
    assert config.load({"ENV": "demo", "SECRET_KEY_FILE": str(path)}, environ={})["SECRET_KEY"] == STRONG


def test_debug_is_refused_outside_testing():
    with pytest.raises(ConfigurationError) as refused:
        config.load({"ENV": "production", "SECRET_KEY": STRONG, "DEBUG": True}, environ={})
    assert refused.value.code == "debug_outside_testing"


def test_manual_clock_is_refused_in_production():
    with pytest.raises(ConfigurationError) as refused:
        config.load({"SECRET_KEY": STRONG, "CLOCK": "manual"}, environ={})
    assert refused.value.code == "manual_clock_in_production"
    demo = config.load({"ENV": "demo", "SECRET_KEY": STRONG, "CLOCK": "manual"}, environ={})
    assert demo["CLOCK"] == "manual"


def test_environment_with_prefix_and_plain_database_url(tmp_path):
    environ = {"LIANJING_ENV": "demo", "LIANJING_SECRET_KEY": STRONG, "LIANJING_PROXY_COUNT": "1",
               "LIANJING_DISPATCH_OUTBOX_IN_REQUEST": "false", "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3"}
    settings = config.load(None, environ=environ)
    assert settings["PROXY_COUNT"] == 1
    assert settings["DISPATCH_OUTBOX_IN_REQUEST"] is False
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path}/a.sqlite3"
    environ["LIANJING_DATABASE_URL"] = f"sqlite:///{tmp_path}/b.sqlite3"
    assert config.load(None, environ=environ)["DATABASE_URL"].endswith("b.sqlite3")
    with pytest.raises(ConfigurationError):
        config.load(None, environ={**environ, "LIANJING_PROXY_COUNT": "many"})


def test_defaults_are_documented_and_sane(tmp_path, monkeypatch):
    assert all(key.doc and key.name == key.name.upper() for key in config.KEYS)
    monkeypatch.chdir(tmp_path)
    settings = config.load({"TESTING": True}, environ={})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path}/instance/lianjing.sqlite3"
    assert settings["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert settings["CLOCK"] == "system"
    assert settings["TESTING"] is True


def test_bad_choices_are_refused():
    for bad in ({"ENV": "staging"}, {"CLOCK": "sundial"}, {"MAX_CONTENT_LENGTH": "big"},
                {"DATABASE_URL": "sqlite://"}, {"DATABASE_URL": "sqlite:///:memory:"}):
        with pytest.raises(ConfigurationError):
            config.load({"SECRET_KEY": STRONG, **bad}, environ={})
