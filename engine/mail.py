"""E-mail copies of notifications over SMTP (smtplib; UTF-8 subject and body).

How copies are produced: every message becomes an in-app notification in the transaction of the action it
announces (``engine.outbox.enqueue``); a message written on the "email" channel waits in the outbox and is
handed to the mailer after commit (``engine.outbox.dispatch_pending``) when one is configured. So the
producers of task messages (new task, due soon, overdue) write them on the "email" channel: one message,
one dedup key, one in-app notification, one e-mail copy. Without SMTP (``SMTP_HOST`` empty) no mailer is
built and the copies are closed unsent.

The mailer never raises: dispatch calls it inside the transaction that claims the message, so an error
would stop the batch, and one unreachable server or bad address would then hold back every copy behind
it. A failed copy is logged and not retried; the in-app notification is the record. Users without an
address get no mail.
"""
from __future__ import annotations

import email.utils
import logging
import smtplib
import ssl
from email.message import EmailMessage

from engine.clock import Clock
from engine.models.people import User
from engine.outbox import Mailer

log = logging.getLogger(__name__)

#: seconds to wait for the SMTP server at each step; dispatch may run in a request
SMTP_TIMEOUT = 10.0


def smtp_mailer(host: str, port: int, sender: str, *, username: str | None = None,
                password: str | None = None, starttls: bool = True, timeout: float = SMTP_TIMEOUT,
                clock: Clock | None = None) -> Mailer:
    """Return a mailer sending each copy through the SMTP server at ``host``:``port`` from ``sender``.

    :param starttls: upgrade the connection with STARTTLS (verified certificate) before logging in
    :param clock: dates the ``Date`` header; without it the server adds one
    """

    def send(user: User | None, subject: str, body: str) -> None:
        address = getattr(user, "email", None)
        if not address:
            return
        try:
            message = build_message(sender, address, subject, body, clock)
            with smtplib.SMTP(host, port, timeout=timeout) as smtp:
                if starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if username:
                    smtp.login(username, password or "")
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError, ValueError):
            log.exception("e-mail copy to user %s not sent", getattr(user, "id", None))

    return send


def build_message(sender: str, to: str, subject: str, body: str, clock: Clock | None = None) -> EmailMessage:
    """Return a plain-text UTF-8 message; line breaks in the subject become spaces (no header injection)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = " ".join(subject.splitlines())
    if clock is not None:
        message["Date"] = email.utils.format_datetime(clock.now())
    sender_address = email.utils.parseaddr(sender)[1]
    # An explicit domain: without one make_msgid asks DNS for this host's name.
    domain = sender_address.rpartition("@")[2] if "@" in sender_address else "localhost"
    message["Message-ID"] = email.utils.make_msgid(domain=domain)
    message.set_content(body, charset="utf-8", cte="base64")
    return message
