"""Members: their name and picture, whether an address is taken, fetching their picture."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.files.storage import default_storage
from PIL import Image

from accounts import services
from images import avatars
from tests.core.peers import PEER_PORTS
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wordpress_com_app")]


@pytest.fixture
def wordpress_com_app(settings):
    from accounts.provider_settings import social_providers

    providers = social_providers({})
    providers["wordpress_com"]["APPS"] = [{"client_id": "id", "secret": "secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers


def test_display_name_falls_back_to_the_user_name():
    assert services.member_display_name(UserFactory(first_name="Ada", last_name="")) == "Ada"
    nameless = UserFactory(username="lectrice", first_name="", last_name="")
    assert services.member_display_name(nameless) == "lectrice"


def test_email_is_taken_by_a_user_or_an_address_whatever_the_case():
    UserFactory(email="Owner@Example.org")
    other = UserFactory(email="")
    EmailAddress.objects.create(user=other, email="second@example.org")
    assert services.email_is_taken("owner@example.org")
    assert services.email_is_taken("SECOND@example.org")
    assert not services.email_is_taken("free@example.org")
    assert not services.email_is_taken("")


class _Picture(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        buffer = io.BytesIO()
        Image.new("RGB", (200, 120), "teal").save(buffer, "PNG")
        data = buffer.getvalue()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def picture_url(settings, tmp_path):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    settings.MEDIA_ROOT = tmp_path
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Picture)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/me.png"
    server.shutdown()
    server.server_close()


def test_login_stores_the_providers_picture_after_commit(
    picture_url, django_capture_on_commit_callbacks
):
    member = UserFactory(email="alice@example.net")
    account = SocialAccount.objects.create(
        user=member, provider="wordpress_com", uid="7", extra_data={"avatar_URL": picture_url}
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.member_logged_in(user=member, account=account)

    stored = avatars.storage_name(avatars.avatar_token("alice@example.net"))
    assert default_storage.exists(stored)


def test_a_member_without_email_gets_their_picture_once(
    picture_url, django_capture_on_commit_callbacks
):
    from images.services import member_avatar_name

    member = UserFactory(email="")
    account = SocialAccount.objects.create(
        user=member, provider="wordpress_com", uid="8", extra_data={"avatar_URL": picture_url}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.member_logged_in(user=member, account=account)
    assert default_storage.exists(member_avatar_name(member))
    with django_capture_on_commit_callbacks() as callbacks:
        services.member_logged_in(user=member, account=account)
    assert callbacks == []  # fetched once, not at every login


def test_deleting_a_member_forgets_their_stored_picture(
    picture_url, django_capture_on_commit_callbacks
):
    member = UserFactory(email="alice@example.net")
    account = SocialAccount.objects.create(
        user=member, provider="wordpress_com", uid="9", extra_data={"avatar_URL": picture_url}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.member_logged_in(user=member, account=account)
    stored = avatars.storage_name(avatars.avatar_token("alice@example.net"))

    with django_capture_on_commit_callbacks(execute=True):
        services.member_delete(user=member)

    assert not default_storage.exists(stored)
