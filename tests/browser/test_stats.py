"""Statistics in Chromium: real page views by distinct readers reach the admin's figures; robots,
staff and quick reloads do not; readers get no cookie and the pages ask nothing of other hosts."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from stats.flush import stats_flush
from tests.browser.test_accessibility import AXE, axe_violations
from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
STATS_URL = "/admin/stats/dailycount/"
READERS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
]
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
STAFF_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


def new_page(browser, live_server, agent, requested, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", user_agent=agent, **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("request", lambda request: requested.append(request.url))
    return context, page


def read(page, url):
    """Open `url`, wait until its beacon has been answered; the beacon sets no cookie."""
    with page.expect_response(
        lambda r: "/stats/hit/" in r.url and r.request.method == "POST"
    ) as beacon:
        page.goto(url)
    assert beacon.value.status == 204
    assert "set-cookie" not in beacon.value.all_headers()


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_login", username)  # /admin/login/ leads to the site's login page
    page.fill("#id_password", "mot-de-passe-de-test")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/admin/")


def test_real_views_reach_the_statistics_and_the_rest_does_not(browser, live_server):
    post = PostFactory(title="Le col du matin")
    StaffFactory(username="redaction")
    requested, contexts = [], []
    try:
        for number, agent in enumerate(READERS):
            context, page = new_page(browser, live_server, agent, requested)
            contexts.append(context)
            read(page, post.get_absolute_url())
            if number == 0:
                read(page, post.get_absolute_url())  # a quick reload
            # Nothing at all: guests' forms carry no CSRF token (pagecache.placeholders).
            names = [cookie["name"] for cookie in context.cookies()]
            assert names == [], f"reader {number} got {names}"
        context, page = new_page(browser, live_server, CRAWLER, requested)
        contexts.append(context)
        read(page, post.get_absolute_url())
        context, staff = new_page(browser, live_server, STAFF_AGENT, requested)
        contexts.append(context)
        log_in(staff, "redaction")
        read(staff, post.get_absolute_url())

        stats_flush()
        staff.goto(STATS_URL)
        today = timezone.localdate().strftime("%d/%m/%Y")
        row = staff.locator("table.stats-table tbody tr", has_text=today)
        assert row.locator("td").all_inner_texts() == [str(len(READERS))] * 2
        most_read = staff.locator(".stats-list li").first
        assert most_read.inner_text() == f"Le col du matin {len(READERS)} vues"
    finally:
        for context in contexts:
            context.close()
    origin = urlsplit(live_server.url).netloc
    assert [url for url in requested if urlsplit(url).netloc != origin] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_statistics_page_is_accessible_and_fits(browser, live_server, width, scheme):
    post = PostFactory(title="Le col du matin")
    StaffFactory(username="redaction")
    requested = []
    context, page = new_page(browser, live_server, READERS[0], requested)
    read(page, post.get_absolute_url())
    context.close()
    stats_flush()
    context, page = new_page(
        browser,
        live_server,
        STAFF_AGENT,
        requested,
        bypass_csp=True,  # axe-core is an injected script
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    try:
        log_in(page, "redaction")
        page.goto(STATS_URL)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"stats-{width}-{scheme}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the statistics page is {overflow}px too wide at {width}px"
        assert AXE.exists()
        assert axe_violations(page) == []
    finally:
        context.close()
