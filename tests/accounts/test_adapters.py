"""Security rules of accounts/adapters.py: no takeover by e-mail, safe redirects, bounded calls."""

import re
import threading
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from core.outbound_session import OutboundSession, ResponseTooLarge
from tests.factories import StaffFactory, UserFactory

from .conftest import allow_loopback, authorise, oidc_login_url, start_login

pytestmark = pytest.mark.django_db


def social_login(client, next_url="/"):
    return client.get(authorise(start_login(client, oidc_login_url(), next_url)))


@pytest.mark.parametrize("verified_address", [False, True])
def test_matching_email_never_logs_into_the_existing_account(client, login_apps, verified_address):
    staff = StaffFactory(username="redaction", email="alice@example.net")
    if verified_address:
        EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)

    social_login(client)

    member_id = int(client.session["_auth_user_id"])
    assert member_id != staff.pk
    assert not SocialAccount.objects.filter(user=staff).exists()
    member = SocialAccount.objects.get(uid="alice-0001").user
    assert member.pk == member_id
    assert member.email == ""  # the address stays with its owner
    assert not member.is_staff


def test_matching_email_in_another_case_is_also_kept_apart(client, login_apps):
    owner = UserFactory(email="ALICE@Example.net")
    social_login(client)
    assert int(client.session["_auth_user_id"]) != owner.pk
    assert not SocialAccount.objects.filter(user=owner).exists()


def test_a_free_email_is_kept(client, login_apps):
    social_login(client)
    member = SocialAccount.objects.get(uid="alice-0001").user
    assert member.email == "alice@example.net"


def test_logged_in_staff_is_logged_out_not_connected(client, login_apps):
    staff = StaffFactory(username="redaction", email="alice@example.net")
    client.force_login(staff)
    social_login(client)
    assert not SocialAccount.objects.filter(user=staff).exists()
    assert int(client.session["_auth_user_id"]) != staff.pk


def test_staff_cannot_connect_an_outside_account(client, login_apps):
    staff = StaffFactory(username="redaction")
    client.force_login(staff)
    response = client.post(oidc_login_url(), {"process": "connect", "next": "/"})
    location = re.search(r'url=([^"]+)"', response.content.decode()).group(1)

    answer = client.get(authorise(unescape(location)))

    assert answer.status_code == 401
    assert not SocialAccount.objects.exists()


def test_a_member_may_connect_another_account(client, login_apps):
    member = UserFactory(username="lectrice")
    client.force_login(member)
    response = client.post(oidc_login_url(), {"process": "connect", "next": "/"})
    location = re.search(r'url=([^"]+)"', response.content.decode()).group(1)

    client.get(authorise(unescape(location)))

    assert SocialAccount.objects.get().user == member


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "https://evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "  javascript:alert(1)",
        "data:text/html,hi",
    ],
)
def test_login_never_redirects_off_site(client, login_apps, target):
    response = social_login(client, next_url=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("blog:home")


@pytest.mark.parametrize("target", ["/2024/01/02/billet/#respond", "http://testserver/compte/"])
def test_login_returns_to_a_page_of_this_site(client, login_apps, target):
    assert social_login(client, next_url=target)["Location"] == target


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example"])
def test_logout_never_redirects_off_site(client, target):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] in ("/", reverse("blog:home"))


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("account_logout"))

    assert page.status_code == 200
    assert "Voulez-vous vous déconnecter ?" in page.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


class _Drip(BaseHTTPRequestHandler):
    """Answers a body bigger than announced caps, or slowly, depending on the path."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        import time

        self.send_response(200)
        self.end_headers()
        if self.path == "/big":
            self.wfile.write(b"x" * 50_000)
        else:
            for _ in range(40):
                self.wfile.write(b"x" * 1024)
                self.wfile.flush()
                time.sleep(0.05)


@pytest.fixture
def drip_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    allow_loopback(settings, server)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_provider_answers_are_size_capped(drip_server):
    with OutboundSession(deadline=5, max_bytes=10_000) as session:
        with pytest.raises(ResponseTooLarge):
            session.get(f"{drip_server}/big")


def test_provider_answers_have_a_total_deadline(drip_server):
    with OutboundSession(deadline=0.5, max_bytes=1_000_000) as session:
        with pytest.raises(requests.Timeout):
            session.get(f"{drip_server}/slow")


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https:evil.example"])
def test_password_login_never_redirects_off_site(client, target):
    StaffFactory(username="redaction")
    response = client.post(
        reverse("account_login"),
        {"login": "redaction", "password": "mot-de-passe-de-test", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("blog:home")


def test_a_trickling_provider_meets_the_deadline(trickle_server):
    import time

    started = time.monotonic()
    with OutboundSession(deadline=0.5, max_bytes=1_000_000) as session:
        with pytest.raises(requests.Timeout):
            session.get(trickle_server)
    assert time.monotonic() - started < 1.5


class _Trickle(BaseHTTPRequestHandler):
    """One byte every 0.1 s: each receive is quick, the whole answer never ends in time."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        import time

        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)


@pytest.fixture
def trickle_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    allow_loopback(settings, server)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
