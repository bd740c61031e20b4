"""A comment's HTML, made in one place, once, when the comment is stored (or its text edited):
the services, the admin, the demo content and the WordPress import all call `comment_html`."""

import re

from blog.markup import clean_comment_html, clean_source, render_comment

BLOCK_TAG_RE = re.compile(r"<(p|div|ul|ol|blockquote|pre|table|h[1-6])\b", re.IGNORECASE)


def comment_html(body, *, imported=False):
    """Sanitised HTML for a comment's `body`, links `nofollow ugc`.

    Typed here (a comment, a ping's excerpt): a small Markdown subset (blog.markup). `imported`
    from WordPress, which stores HTML with bare newlines and adds the paragraphs when it displays
    a comment (`wpautop`): they are added here once, through the same allowlist.
    """
    if not imported:
        return render_comment(body)
    body = clean_source(body).strip()
    if not BLOCK_TAG_RE.search(body):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        body = "".join(f"<p>{p}</p>" for p in paragraphs).replace("\n", "<br>")
    return clean_comment_html(body)
