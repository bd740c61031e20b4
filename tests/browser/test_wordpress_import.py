"""The admin's WordPress import in Chromium: the real export uploaded, its progress, its summary."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from blog.models import Post
from tests.factories import StaffFactory
from tests.wordpress.conftest import THEME_UNIT_TEST
from wordpress import runs
from wordpress.models import ImportRun

from .test_accessibility import AXE, axe_violations
from .test_theme import RECORD_VIOLATIONS, SCREENSHOTS, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _import_dir(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = str(tmp_path / "imports")
    cache.clear()


def admin_page(browser, live_server, *, width=1280, javascript=True, bypass_csp=False):
    StaffFactory(username="redaction")
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
        bypass_csp=bypass_csp,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/admin/login/?next=/admin/wordpress/importrun/import/")
    page.fill("#id_login", "redaction")  # /admin/login/ leads to the site's login page
    page.fill("#id_password", "mot-de-passe-de-test")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/import/")
    return context, page


def test_the_theme_export_imported_from_the_admin_reaches_its_summary(browser, live_server):
    context, page = admin_page(browser, live_server)
    try:
        page.get_by_label("Export WordPress").set_input_files(str(THEME_UNIT_TEST))
        page.get_by_label("Télécharger aussi les images de la médiathèque").uncheck()
        page.get_by_role("button", name="Importer").click()
        page.wait_for_url("**/progress/")
        summary = page.locator(".import-summary")
        summary.wait_for()
        text = summary.inner_text()
        assert "billets : 58 en plus, 0 déjà là" in text
        assert "État : terminé." in page.locator("#import-status").inner_text()
        assert page.locator("dd[data-count=posts]").inner_text() != "0"
        page.get_by_role("link", name="Voir les billets importés").click()
        page.wait_for_url("**/admin/blog/post/")
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert Post.objects.count() == 58
    assert ImportRun.objects.get().status == ImportRun.Status.DONE


def running_import():
    run = ImportRun.objects.create(file_name="gros-blog.xml", size=4000, status="running")
    progress = runs.Progress(run)
    progress.state.update(records=120, posts=40, comments=75, bytes=1000)
    progress._save()
    return run


def finish(run):
    run.status, run.active = ImportRun.Status.DONE, None
    run.summary = ["Importé :", "  billets : 40 en plus, 0 déjà là"]
    run.counts = {"records": 480, "posts": 40, "comments": 75, "bytes": 4000}
    run.save()


def test_the_progress_bar_follows_the_import_then_shows_the_summary(browser, live_server):
    run = running_import()
    context, page = admin_page(browser, live_server)
    try:
        page.goto(f"/admin/wordpress/importrun/{run.pk}/progress/")
        assert page.locator("#import-progress").get_attribute("value") == "1000"
        assert page.locator("#import-percent").inner_text() == "25 %"
        progress = runs.Progress(run)
        progress.state.update(records=300, posts=90, bytes=3000)
        progress._save()
        expect(page.locator("#import-percent")).to_have_text("75 %")
        expect(page.locator("dd[data-count=posts]")).to_have_text("90")
        finish(run)
        page.locator(".import-summary").wait_for()  # the script reloaded the page
        assert "billets : 40 en plus" in page.locator(".import-summary").inner_text()
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()


def test_without_javascript_the_page_refreshes_itself(browser, live_server):
    run = running_import()
    context, page = admin_page(browser, live_server, javascript=False)
    try:
        page.goto(f"/admin/wordpress/importrun/{run.pk}/progress/")
        assert "25 %" in page.locator("#import-percent").inner_text()
        finish(run)
        page.locator(".import-summary").wait_for(timeout=10_000)
    finally:
        context.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_import_pages_screenshots_and_axe(browser, live_server, size):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci installs axe-core).")
    SCREENSHOTS.mkdir(exist_ok=True)
    run = running_import()
    # axe is injected as a script: the page's CSP would refuse it.
    context, page = admin_page(browser, live_server, width=WIDTHS[size], bypass_csp=True)
    found = {}
    try:
        pages = {
            "import": "/admin/wordpress/importrun/import/",
            "import-progress": f"/admin/wordpress/importrun/{run.pk}/progress/",
            "export": "/admin/wordpress/importrun/export/",
        }
        for name, url in pages.items():
            page.goto(url, wait_until="networkidle")
            page.screenshot(path=SCREENSHOTS / f"admin-{name}-{size}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} is {overflow}px too wide at {WIDTHS[size]}px"
            violations = axe_violations(page)
            if violations:
                found[name] = violations
        finish(run)
        page.goto(pages["import-progress"], wait_until="networkidle")
        page.screenshot(path=SCREENSHOTS / f"admin-import-summary-{size}.png", full_page=True)
        if violations := axe_violations(page):
            found["import-summary"] = violations
    finally:
        context.close()
    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)
