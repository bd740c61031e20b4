"""The cookies that make a page personal: whoever carries one gets a page rendered for them.

Each app registers the cookies it sets (`register_cookie`, from its AppConfig.ready): accounts the
session, comments its pending-comment and commenter cookies. The page cache then never answers
such a request from a stored page, and the nginx map of deploy/nginx/carnet-pagecache-maps.conf
(printed by `manage.py pagecache_nginx`) sends it past the page files to Django.
"""

import re

COOKIE_NAME_RE = re.compile(r"[A-Za-z0-9_.-]+\Z")

_cookies = {}


def register_cookie(name, reason):
    """Bypass the page cache for readers who carry the cookie `name` (`reason`: why, for people)."""
    if not COOKIE_NAME_RE.match(name):
        raise ValueError(f"Cookie name {name!r}: use letters, digits, '.', '_' or '-'.")
    _cookies[name] = reason


def cookie_names():
    """The registered cookie names, sorted."""
    return sorted(_cookies)


def reasons():
    """{cookie name: why it bypasses the cache}."""
    return dict(_cookies)
