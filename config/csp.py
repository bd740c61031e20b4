"""The Content-Security-Policy middleware, with one relaxation scoped to the admin.

The admin's category tree (django-mptt's DraggableMPTTAdmin) indents rows with `style` attributes,
which `style-src 'self'` refuses; inline styles cannot run code, and the admin shows no reader
content, so its pages alone allow them. Readers' pages keep the strict policy.
"""

from functools import lru_cache

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


@lru_cache(maxsize=8)
def _admin_prefix(urlconf):
    # Reversed once per URLconf rather than on every response (static files included).
    return reverse("admin:index", urlconf=urlconf)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        if not report_only and request.path_info.startswith(_admin_prefix(urlconf)):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
