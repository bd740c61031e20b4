"""Second factors in Chromium: a passkey made and used through Chromium's virtual authenticator
(Chrome DevTools Protocol, WebAuthn domain), under the site's CSP; axe-core and screenshots of
the sign-in and set-up pages."""

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_theme import SCREENSHOTS, WIDTHS
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mot-de-passe-de-test"
VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",  # a passkey in the device, unlocked by fingerprint or PIN
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture
def tab(browser, live_server):
    """A tab whose CSP violations and console errors are kept in `tab.problems`."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and page.problems.append(f"{page.url}: {m.text}"),
    )
    yield page
    context.close()


def at(path):
    """A wait_for_url predicate: the page's path is `path` (whatever its query)."""
    return lambda url: urlsplit(url).path == path


def with_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
    return cdp, found["authenticatorId"]


def sign_in_with_password(page, username="redaction", next_url="/compte/"):
    page.goto(f"/compte/login/?next={next_url}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion", exact=True).click()


def confirm_password(page):
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()


def log_out(page):
    page.goto("/compte/logout/")
    page.get_by_role("button", name="Déconnexion").click()
    page.wait_for_url(at("/"))


def test_a_passkey_is_added_then_signs_in_without_a_password(tab, settings):
    settings.STAFF_REQUIRE_MFA = True
    staff = StaffFactory(username="redaction")
    cdp, authenticator_id = with_virtual_authenticator(tab)

    sign_in_with_password(tab)
    tab.goto("/compte/2fa/")
    tab.get_by_role("link", name="Ajouter une clé d’accès ou une clé de sécurité").click()
    confirm_password(tab)
    tab.locator("#id_passwordless").check()
    tab.locator("#mfa_webauthn_add").click()
    tab.wait_for_url(lambda url: "/webauthn/add/" not in url)

    key = Authenticator.objects.get(user=staff, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless is True
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1  # the key really lives in the authenticator

    log_out(tab)
    tab.goto("/compte/login/?next=/admin/")
    tab.get_by_role("button", name="Utiliser une clé d’accès").click()
    tab.wait_for_url(at("/admin/"))

    assert "administration" in tab.title()  # no password, and STAFF_REQUIRE_MFA is satisfied
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert not tab.problems, "\n".join(tab.problems)


def test_a_security_key_is_the_second_step_after_the_password(tab, settings):
    settings.STAFF_REQUIRE_MFA = True
    StaffFactory(username="redaction")
    with_virtual_authenticator(tab)
    sign_in_with_password(tab)
    tab.goto("/compte/2fa/webauthn/add/")
    confirm_password(tab)
    tab.locator("#mfa_webauthn_add").click()  # not passwordless: a key for the second step
    tab.wait_for_url(lambda url: "/webauthn/add/" not in url)
    log_out(tab)

    sign_in_with_password(tab, next_url="/admin/")
    tab.wait_for_url(at("/compte/2fa/authenticate/"))
    assert tab.locator("h1").inner_text() == "Deuxième étape de la connexion"
    tab.get_by_role("button", name="Utiliser une clé d’accès ou une clé de sécurité").click()
    tab.wait_for_url(at("/admin/"))

    assert "administration" in tab.title()
    assert not tab.problems, "\n".join(tab.problems)


def test_the_passkey_button_waits_for_a_browser_that_can(browser, live_server):
    """Without WebAuthn (no PublicKeyCredential), the login page offers no passkey button."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_init_script("delete window.PublicKeyCredential;")
    page = context.new_page()
    try:
        page.goto("/compte/login/")
        assert page.get_by_role("button", name="Utiliser une clé d’accès").count() == 0
        page.get_by_label("Identifiant").wait_for()  # the password form is there
    finally:
        context.close()


@pytest.fixture
def axe_tab(browser, live_server):
    # The page's CSP refuses injected scripts, axe's included: bypass it in this context only.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_sign_in_and_set_up_pages_pass_axe_and_are_pictured(axe_tab, size, scheme):
    staff = StaffFactory(username="redaction")
    page = axe_tab
    page.set_viewport_size({"width": WIDTHS[size], "height": 900})
    page.emulate_media(color_scheme=scheme)
    SCREENSHOTS.mkdir(exist_ok=True)
    found = {}

    def check(name):
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / f"security-{name}-{size}-{scheme}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px too wide at {WIDTHS[size]}px"
        if violations := axe_violations(page):
            found[name] = violations

    page.goto("/compte/login/")
    check("login")
    sign_in_with_password(page)
    page.goto("/compte/2fa/")
    check("page")
    page.goto("/compte/2fa/totp/activate/")
    confirm_password(page)
    page.wait_for_url(at("/compte/2fa/totp/activate/"))
    check("totp")
    page.goto("/compte/2fa/webauthn/add/")
    check("key")

    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(staff)
    page.goto("/compte/2fa/")
    check("page-active")
    log_out(page)
    sign_in_with_password(page)
    page.wait_for_url(at("/compte/2fa/authenticate/"))
    check("second-step")

    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)
