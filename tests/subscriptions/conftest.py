"""A real SMTP server (aiosmtpd) on a free loopback port, and what the mail tests share."""

import email
import email.policy
import itertools
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Permission


def free_port():
    """A loopback port nobody listens on (Controller(port=0) does not report the one it gets)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Received:
    """One mail as the SMTP server got it: envelope, parsed message and the session it came in."""

    def __init__(self, envelope, session):
        self.mail_from = envelope.mail_from
        self.recipients = list(envelope.rcpt_tos)
        self.message = email.message_from_bytes(
            envelope.original_content, policy=email.policy.default
        )
        self.session = session

    def __getitem__(self, header):
        return self.message[header]

    @property
    def subject(self):
        return self.message["Subject"].strip()  # folded headers parse with a leading space

    @property
    def text(self):
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self):
        return self.message.get_body(preferencelist=("html",)).get_content()

    def link(self, pattern):
        """The first address in the plain text body matching `pattern` (a regex)."""
        found = re.search(rf"https?://\S*{pattern}\S*", self.text)
        assert found, f"no link matching {pattern!r} in:\n{self.text}"
        return found.group(0)


CONNECTIONS = itertools.count(1)


def session_number(session):
    """A number per SMTP connection (ids of dead sessions are reused, so not id())."""
    if not hasattr(session, "carnet_number"):
        session.carnet_number = next(CONNECTIONS)
    return session.carnet_number


class Handler:
    def __init__(self):
        self.received = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("inconnu"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        with self.lock:
            self.received.append(Received(envelope, session_number(session)))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.handler = Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def received(self):
        return self.handler.received

    def to(self, address):
        return [m for m in self.received if address in m.recipients]

    def only_to(self, address):
        mails = self.to(address)
        assert len(mails) == 1, f"{len(mails)} mails to {address}"
        return mails[0]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_settings(settings, smtp_port):
    """Django sends through SMTP to 127.0.0.1:`smtp_port`, whether a server listens or not."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Carnet <carnet@example.org>"
    settings.SITE_URL = "https://carnet.example"
    settings.BLOG_TITLE = "Le Carnet"
    return settings


@pytest.fixture
def smtp(smtp_settings, smtp_port):
    server = SmtpServer(smtp_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def moderator(db):
    from tests.factories import UserFactory

    user = UserFactory(username="moderatrice", email="moderatrice@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_comment"))
    return user
