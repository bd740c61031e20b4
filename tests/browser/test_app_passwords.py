"""Application passwords on the account page in Chromium: create, read once, revoke; axe-core."""

from pathlib import Path

import pytest

from publishing.models import ApplicationPassword
from tests.browser.test_accessibility import axe_violations
from tests.publishing.conftest import member_of

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("width", [375, 1280])
def test_create_copy_and_revoke_from_the_account_page(browser, live_server, width):
    member_of("Auteurs", "camille")
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": width, "height": 900},
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.fill("#id_login", "camille")  # /admin/login/ leads to the site's login page
    page.fill("#id_password", "mot-de-passe-de-test")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto("/compte/")
    page.get_by_label("Nom de l’application").fill("MarsEdit")
    page.get_by_role("button", name="Créer un mot de passe").click()
    shown = page.locator("code.app-password").inner_text()
    assert len(shown.replace(" ", "")) == 24
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"app-password-created-{width}.png", full_page=True)

    page.get_by_role("link", name="Retour à mon compte").click()
    row = page.locator("ul.app-passwords li", has_text="MarsEdit")
    assert "Jamais utilisé" in row.inner_text()
    assert f"{live_server.url}/xmlrpc.php" in page.content()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=SCREENSHOTS / f"app-passwords-{width}.png", full_page=True)
    row.get_by_role("button", name="Révoquer MarsEdit").click()
    page.wait_for_url("**/compte/#app-passwords-title")
    assert "Le mot de passe d’application est révoqué." in page.content()
    assert not ApplicationPassword.objects.exists()
    context.close()
