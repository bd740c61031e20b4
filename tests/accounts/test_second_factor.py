"""Second factors: authenticator app codes computed here, recovery codes, the staff rule, the
admin's door, provider sign-ins, and the resets (admin action and manage.py command)."""

import base64
import hashlib
import hmac
import re
import struct
import time
from html import unescape

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from tests.factories import StaffFactory, UserFactory

from .conftest import authorise, oidc_login_url, start_login

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
BROWSER = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "Firefox/140 (Linux)"}


def totp_code(secret, *, at=None, step=30, digits=6):
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits): what an authenticator app shows at `at`."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


def sign_in(client, username="redaction", password=PASSWORD, next_url="/"):
    return client.post(
        reverse("account_login"), {"login": username, "password": password, "next": next_url}
    )


def confirm_password(client, password=PASSWORD):
    """allauth asks for the password again (recently) before any factor is added or removed."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()


def totp_secret_shown(client):
    """The key printed under the QR code on the set-up page."""
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    return unescape(re.search(r'<code class="totp-secret">([^<]+)</code>', page).group(1))


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def with_totp(user, secret=SECRET):
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user)


# The authenticator app --------------------------------------------------------------------


def test_totp_set_up_then_sign_in_with_codes_computed_here(
    client, staff, django_capture_on_commit_callbacks
):
    assert sign_in(client).status_code == 302
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    confirm_password(client)
    set_up = client.get(reverse("mfa_activate_totp"))
    assert "issuer=Carnet" in set_up.context["totp_url"]  # the blog's title names the account
    page = set_up.content.decode()
    assert "<svg" in page and 'class="totp-qr"' in page  # drawn here, inline
    assert "data:image" not in page and "<?xml" not in page
    secret = unescape(re.search(r'<code class="totp-secret">([^<]+)</code>', page).group(1))

    refused = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Code incorrect" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrolled = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert enrolled.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    codes = RecoveryCodes(Authenticator.objects.get(user=staff, type="recovery_codes"))
    assert len(codes.get_unused_codes()) == 10
    assert any("redaction@example.org" in m.to for m in mail.outbox)  # told by mail
    assert SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.FACTOR_ADDED).exists()

    client.post(reverse("account_logout"))
    second_step = sign_in(client, next_url="/compte/")
    assert second_step["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None  # the password alone is not enough
    page = client.get(second_step["Location"]).content.decode()
    assert "Deuxième étape de la connexion" in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert signed_in_user_id(client) is None
    assert "Code incorrect" in wrong.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert done["Location"] == "/compte/"
    assert signed_in_user_id(client) == str(staff.pk)


def test_a_totp_code_is_not_taken_twice(client, staff):
    with_totp(staff)
    code = totp_code(SECRET)
    sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_user_id(client) == str(staff.pk)
    client.post(reverse("account_logout"))

    sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert signed_in_user_id(client) is None


@pytest.mark.django_db(transaction=True)  # allauth mails on commit, inside the request
def test_turning_the_app_off_is_mailed_and_logged(client, staff):
    with_totp(staff)
    client.force_login(staff)
    confirm_password(client)
    mail.outbox.clear()

    response = client.post(reverse("mfa_deactivate_totp"), **BROWSER)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff).exists()  # codes go with the last one
    assert [m.to for m in mail.outbox] == [["redaction@example.org"]]
    removed = staff.security_events.filter(kind=SecurityEventKind.FACTOR_REMOVED)
    assert sorted(removed.values_list("detail", flat=True)) == ["recovery_codes", "totp"]
    assert removed.first().ip_address == "203.0.113.9"


# Recovery codes ---------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, staff):
    codes = with_totp(staff).get_unused_codes()

    sign_in(client)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert signed_in_user_id(client) == str(staff.pk)
    client.post(reverse("account_logout"))

    sign_in(client)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert signed_in_user_id(client) is None
    assert "Code incorrect" in again.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})  # the others still work
    assert signed_in_user_id(client) == str(staff.pk)


# Staff and the admin ----------------------------------------------------------------------


ADMIN_PAGES = ["/admin/", "/admin/blog/post/", "/admin/comments/comment/", "/admin/auth/user/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_without_a_factor_are_sent_to_set_one_up(client, staff, settings, path):
    settings.STAFF_REQUIRE_MFA = True
    sign_in(client)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    page = client.get(response["Location"]).content.decode()
    assert "Ajoutez un second facteur à votre compte avant d’aller dans l’administration." in page


def test_without_the_setting_staff_reach_the_admin_with_a_password(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_staff_who_signed_in_with_their_factor_reach_the_admin(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    with_totp(staff)
    sign_in(client, next_url="/admin/")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth's on_commit runs inside the request
def test_a_factor_added_in_this_session_opens_the_admin(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    sign_in(client)
    confirm_password(client)
    secret = totp_secret_shown(client)
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_staff_with_a_factor_unused_in_this_session_sign_in_again(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    with_totp(staff)
    client.force_login(staff)  # a session from before, or from elsewhere: no factor in it

    response = client.get("/admin/blog/post/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/blog/post/"
    assert signed_in_user_id(client) is None


def test_admin_login_is_the_sites_login_page(client):
    response = client.get("/admin/login/?next=/admin/blog/post/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/blog/post/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_nothing_posted_to_the_admin_login_signs_in(client, staff):
    response = client.post(
        "/admin/login/", {"username": "redaction", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert signed_in_user_id(client) is None


def test_a_signed_in_reader_at_the_admin_login_is_told_not_looped(client):
    client.force_login(UserFactory(username="lectrice"))
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "Pas un compte d’administration" in response.content.decode()


def test_the_admin_login_counts_failures_with_the_sites_limits(client, staff):
    for _ in range(5):
        sign_in(client, password="faux", next_url="/admin/")
    response = sign_in(client, next_url="/admin/")
    assert signed_in_user_id(client) is None
    assert "Trop de tentatives" in response.content.decode()


# Members ----------------------------------------------------------------------------------


def test_provider_sign_in_is_not_asked_for_a_second_factor(client, login_apps):
    client.get(authorise(start_login(client, oidc_login_url(), "/")))
    member_id = signed_in_user_id(client)
    with_totp(get_user_model().objects.get(pk=member_id))
    client.post(reverse("account_logout"))

    response = client.get(authorise(start_login(client, oidc_login_url(), "/")))

    assert response["Location"] == "/"
    assert signed_in_user_id(client) == member_id
    sign_ins = SecurityEvent.objects.filter(user_id=member_id, kind=SecurityEventKind.SIGNED_IN)
    assert list(sign_ins.values_list("detail", flat=True)) == ["loopback", "loopback"]


def test_members_with_a_password_are_offered_second_factors(client):
    member = UserFactory(username="lectrice")
    client.force_login(member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Gérer mes seconds facteurs" in page
    assert reverse("mfa_index") in page

    member.set_unusable_password()
    member.save()
    client.force_login(member)
    assert reverse("mfa_index") not in client.get(reverse("accounts:profile")).content.decode()


def test_a_member_with_a_password_may_opt_in(client):
    member = UserFactory(username="lectrice")
    sign_in(client, username="lectrice")
    confirm_password(client)
    secret = totp_secret_shown(client)
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    client.post(reverse("account_logout"))

    assert sign_in(client, username="lectrice")["Location"] == reverse("mfa_authenticate")
    assert Authenticator.objects.filter(user=member, type="totp").exists()


def test_the_security_page(client, staff, django_assert_num_queries):
    with_totp(staff)
    client.force_login(staff)
    with django_assert_num_queries(7):  # the pages menu is read once, then memoized
        page = client.get(reverse("mfa_index")).content.decode()
    assert "<h1>Sécurité de la connexion</h1>" in page
    assert "10 codes sur 10 restent" in page
    assert reverse("mfa_deactivate_totp") in page
    assert reverse("mfa_add_webauthn") in page


# The sign-in log ------------------------------------------------------------------------


def test_sign_ins_and_wrong_codes_are_logged_for_the_member_and_administrators(client, staff):
    author = StaffFactory(username="autrice", is_superuser=False)
    with_totp(author)
    client.post(reverse("account_login"), {"login": "autrice", "password": PASSWORD}, **BROWSER)
    client.post(reverse("mfa_authenticate"), {"code": "000000"}, **BROWSER)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)}, **BROWSER)

    events = [(e.kind, e.detail, e.ip_address, e.user_agent) for e in author.security_events.all()]
    assert events == [
        (SecurityEventKind.SIGNED_IN, "totp", "203.0.113.9", "Firefox/140 (Linux)"),
        (SecurityEventKind.SECOND_FACTOR_FAILED, "totp", "203.0.113.9", "Firefox/140 (Linux)"),
    ]
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Connexion (application d’authentification)" in page
    assert "Mauvais second facteur" in page and "203.0.113.9 · Firefox/140 (Linux)" in page
    assert client.get(reverse("admin:accounts_securityevent_changelist")).status_code == 403

    client.force_login(staff)  # an administrator
    listing = client.get(reverse("admin:accounts_securityevent_changelist")).content.decode()
    assert "autrice" in listing and "203.0.113.9" in listing


# Resets -----------------------------------------------------------------------------------


def reset_action(client, user):
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factors", "_selected_action": [user.pk]},
    )


@pytest.mark.django_db(transaction=True)  # the mail leaves on commit, inside the request
def test_an_administrator_resets_a_staff_members_factors(client):
    admin = StaffFactory(username="admin")
    author = StaffFactory(username="autrice", is_superuser=False)
    with_totp(author)
    client.force_login(admin)
    mail.outbox.clear()

    response = reset_action(client, author)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=author).exists()
    entry = LogEntry.objects.get(object_id=str(author.pk))
    assert (entry.user, entry.action_flag) == (admin, CHANGE)
    assert entry.get_change_message() == "Seconds facteurs réinitialisés par admin."
    assert [m.to for m in mail.outbox] == [["autrice@example.org"]]
    reset = SecurityEvent.objects.get(user=author, kind=SecurityEventKind.FACTORS_RESET)
    assert reset.detail == "admin"
    assert "seconds facteurs" in mail.outbox[0].subject
    assert Authenticator.objects.count() == 0


def test_only_administrators_may_reset_factors(client):
    author = StaffFactory(username="autrice", is_superuser=False)
    author.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    other = StaffFactory(username="autre", is_superuser=False)
    with_totp(other)
    client.force_login(author)

    reset_action(client, other)

    assert Authenticator.objects.filter(user=other).exists()
    assert not LogEntry.objects.exists()


def test_the_command_unlocks_the_last_administrator(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    with_totp(staff)

    call_command("reset_second_factor", "redaction")

    assert not Authenticator.objects.filter(user=staff).exists()
    entry = LogEntry.objects.get(object_id=str(staff.pk))
    assert "reset_second_factor" in entry.get_change_message()
    sign_in(client, next_url="/admin/")
    assert signed_in_user_id(client) == str(staff.pk)  # the password alone, once
    assert client.get("/admin/")["Location"] == reverse("mfa_index")  # then a new factor


def test_the_command_names_what_is_wrong(staff):
    with pytest.raises(CommandError, match="Aucun compte ne s’appelle « inconnu »"):
        call_command("reset_second_factor", "inconnu")


# The pages themselves -----------------------------------------------------------------------


def test_the_second_factor_pages_are_ours_french_and_valid_html(client, staff, tmp_path):
    from tests.theme.test_html_validity import vnu_errors

    sign_in(client)
    confirm_password(client)
    pages = {"security-empty": reverse("mfa_index"), "totp": reverse("mfa_activate_totp")}
    pages["key-add"] = reverse("mfa_add_webauthn")
    responses = {name: client.get(url) for name, url in pages.items()}
    with_totp(staff)
    key = Authenticator.objects.create(
        user=staff, type=Authenticator.Type.WEBAUTHN, data={"name": "Clé bleue", "credential": {}}
    )
    more = {
        "security": reverse("mfa_index"),
        "keys": reverse("mfa_list_webauthn"),
        "key-edit": reverse("mfa_edit_webauthn", kwargs={"pk": key.pk}),
        "codes": reverse("mfa_view_recovery_codes"),
        "codes-new": reverse("mfa_generate_recovery_codes"),
    }
    responses.update({name: client.get(url) for name, url in more.items()})
    key.delete()  # a stand-in without a real credential: the second step would offer it
    client.post(reverse("account_logout"))
    sign_in(client)
    responses["second-step"] = client.get(reverse("mfa_authenticate"))
    client.force_login(UserFactory(username="lectrice"))
    responses["not-staff"] = client.get("/admin/login/")

    statuses = {name: r.status_code for name, r in responses.items()}
    assert statuses == {**dict.fromkeys(responses, 200), "not-staff": 403}
    for name, response in responses.items():
        page = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
        assert 'class="site-header' in page and '<html lang="fr">' in page, name
        for english in ("Name", "Recovery Codes", "Security Key", "Sign In", "Not used"):
            assert english not in page, (name, english)
    assert "Clé bleue" in responses["keys"].content.decode()
    paths = []
    for name, response in responses.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    errors = vnu_errors(paths)
    assert not errors, "\n".join(errors)


def test_the_login_and_second_step_pages_cost_few_queries(client, staff, django_assert_num_queries):
    with django_assert_num_queries(4):  # the pages menu is read once, then memoized
        client.get(reverse("account_login"))
    with_totp(staff)
    sign_in(client)
    with django_assert_num_queries(8):  # the pages menu again: signing in changed the generation
        client.get(reverse("mfa_authenticate"))
