"""French typography as a reader sees it at 375 px: a title never wraps before its colon."""

import pytest

from tests.browser.test_theme import SCREENSHOTS, open_page
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)

# For each width from 120 to 360 px, the rectangles of the colon and of the letter before it.
COLON_LINES = """h1 => {
  const text = h1.firstChild;
  const colon = text.data.indexOf(':');
  const rect = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                      return r.getClientRects()[0]; };
  const wrapped = [];
  for (let width = 120; width <= 360; width += 2) {
    h1.style.width = width + 'px';
    if (Math.abs(rect(colon).top - rect(colon - 2).top) > 2) wrapped.push(width);
  }
  h1.style.width = '';
  return wrapped;
}"""


def test_a_french_title_never_wraps_before_its_colon(browser, live_server):
    post = PostFactory(
        title="Pain au levain naturel : la méthode lente, pas à pas !",
        body="Le levain demande du temps : trois jours au moins. Prêt ? Alors, « au travail » !",
    )
    context, page = open_page(browser, live_server, width=375)
    try:
        page.goto(post.get_absolute_url())
        h1 = page.locator("h1.entry-title")
        assert "levain naturel\u00a0: la méthode" in h1.inner_text()
        assert h1.evaluate(COLON_LINES) == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "post-colon-title-375.png")
    finally:
        context.close()
