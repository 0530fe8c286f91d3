"""The SMTP mailer: UTF-8 copies over a real socket, STARTTLS and login, and failures that never raise."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import smtplib
import socket
import threading
from types import SimpleNamespace

import pytest

from engine.clock import UTC
from engine.clock import FixedClock
from engine.mail import smtp_mailer

SUBJECT = "即将到期:确定实施方式"
BODY = "案件寿纪预案〔2026〕1号的“确定实施方式”将于2026年11月9日到期,还剩2天,请及时办理。\n第二行。"


class FakeSmtpServer:
    """A one-connection SMTP server on 127.0.0.1 that keeps what it was sent (no TLS, no AUTH)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.envelope: list[str] = []
        self.data = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection, connection.makefile("rb") as incoming:
            connection.sendall(b"220 fake ESMTP\r\n")
            for line in incoming:
                command = line.decode("ascii").strip()
                verb = command.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    connection.sendall(b"250-fake\r\n250 8BITMIME\r\n")
                elif verb in ("MAIL", "RCPT"):
                    self.envelope.append(verb + command[len(verb):])
                    connection.sendall(b"250 ok\r\n")
                elif verb == "DATA":
                    connection.sendall(b"354 go on\r\n")
                    chunks = []
                    for data_line in incoming:
                        if data_line == b".\r\n":
                            break
                        chunks.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                    self.data = b"".join(chunks)
                    connection.sendall(b"250 queued\r\n")
                elif verb == "QUIT":
                    connection.sendall(b"221 bye\r\n")
                    break
                else:
                    connection.sendall(b"502 not here\r\n")

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture()
def server():
    fake = FakeSmtpServer()
    yield fake
    fake.close()


def recipient(address: str | None = "zhang@example.gov.cn"):
    return SimpleNamespace(id=7, username="zhang", email=address)


def test_utf8_subject_and_body_arrive_intact(server):
    clock = FixedClock(dt.datetime(2026, 11, 7, 2, 0, tzinfo=UTC))
    mailer = smtp_mailer("127.0.0.1", server.port, "廉警 <lianjing@example.gov.cn>", starttls=False,
                         clock=clock)
    mailer(recipient(), SUBJECT, BODY)
    server.close()
    assert server.envelope == ["MAIL FROM:<lianjing@example.gov.cn>", "RCPT TO:<zhang@example.gov.cn>"]
    server.data.decode("ascii")  # 7-bit on the wire: passes any relay
    message = email.message_from_bytes(server.data, policy=email.policy.default)
    assert message["Subject"] == SUBJECT
    assert message["To"] == "zhang@example.gov.cn"
    assert message["From"].addresses[0].display_name == "廉警"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().rstrip("\n") == BODY
    assert message["Date"].datetime == clock.now()
    assert message["Message-ID"].endswith("@example.gov.cn>")


class RecordingSMTP:
    """Stands in for smtplib.SMTP and records the calls made on it."""

    calls: list[tuple] = []

    def __init__(self, host, port, timeout):
        self.calls.append(("connect", host, port, timeout))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("quit",))

    def starttls(self, context):
        self.calls.append(("starttls", context.verify_mode))

    def login(self, username, password):
        self.calls.append(("login", username, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"]))


@pytest.fixture()
def recording(monkeypatch):
    RecordingSMTP.calls = []
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    return RecordingSMTP.calls


def test_starttls_with_verified_certificate_before_login(recording):
    import ssl

    mailer = smtp_mailer("smtp.example.gov.cn", 587, "lianjing@example.gov.cn", username="lianjing",
                         password="pw")
    mailer(recipient(), SUBJECT, BODY)
    assert recording == [("connect", "smtp.example.gov.cn", 587, 10.0), ("starttls", ssl.CERT_REQUIRED),
                         ("login", "lianjing", "pw"), ("send", "zhang@example.gov.cn", SUBJECT), ("quit",)]


def test_no_login_without_username_and_no_tls_when_turned_off(recording):
    mailer = smtp_mailer("smtp.example.gov.cn", 25, "lianjing@example.gov.cn", starttls=False)
    mailer(recipient(), SUBJECT, BODY)
    assert [call[0] for call in recording] == ["connect", "send", "quit"]


@pytest.mark.parametrize("user", [recipient(None), recipient(""), SimpleNamespace(id=3, username="wang"),
                                  None])
def test_a_user_without_an_address_gets_no_mail(recording, user):
    smtp_mailer("smtp.example.gov.cn", 587, "lianjing@example.gov.cn")(user, SUBJECT, BODY)
    assert recording == []


def test_a_line_break_in_the_subject_cannot_add_a_header(recording):
    mailer = smtp_mailer("smtp.example.gov.cn", 587, "lianjing@example.gov.cn")
    mailer(recipient(), "提醒\r\nBcc: x@evil.example", BODY)
    assert recording[-2] == ("send", "zhang@example.gov.cn", "提醒 Bcc: x@evil.example")


def test_an_unreachable_server_is_logged_not_raised(caplog):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed_port = probe.getsockname()[1]
    mailer = smtp_mailer("127.0.0.1", closed_port, "lianjing@example.gov.cn", starttls=False, timeout=2)
    with caplog.at_level(logging.ERROR, logger="engine.mail"):
        mailer(recipient(), SUBJECT, BODY)
    assert "e-mail copy to user 7 not sent" in caplog.text
