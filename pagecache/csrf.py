"""The CSRF token of a form on a page the cache may share, as a placeholder.

Through Django, each reader gets their own token (Django's `get_token`). A page file nginx serves
to everyone has none: guests' forms on such pages post to views that need no token from a reader
without a session (core.csrf.csrf_for_members), and static/js/comment-token.js fetches a fresh
one for the others (the login buttons) when the form is used.
"""

from django.middleware.csrf import get_token

PLACEHOLDER = "csrf_token"


def reader_token(request, _arg):
    # No request (a template rendered on its own): no token, as Django's {% csrf_token %}.
    return "" if request is None else get_token(request)


def shared_token(_arg):
    return ""
