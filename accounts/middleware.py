"""Leaving for a login provider after a POST, in a way the Content-Security-Policy allows.

The site's policy says `form-action 'self'`, and browsers apply it to the redirects that follow
a form submission: the provider login button (a POST) answered by a redirect to
accounts.google.com is blocked. So that one answer becomes a small page which goes on to the
provider by itself (meta refresh, no script) and also offers a link.
"""

from urllib.parse import urlsplit

from django.template.response import TemplateResponse

REDIRECTS = (301, 302, 303, 307, 308)


class ProviderRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self._leaves_for_provider(request, response):
            return response
        page = TemplateResponse(
            request, "socialaccount/redirect_to_provider.html", {"url": response["Location"]}
        )
        page["Cache-Control"] = "no-store"
        page["Referrer-Policy"] = "no-referrer"
        return page.render()

    @staticmethod
    def _leaves_for_provider(request, response):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or response.status_code not in REDIRECTS or match is None:
            return False
        if not (match.url_name or "").endswith("_login") or match.url_name == "account_login":
            return False
        target = urlsplit(response.get("Location", ""))
        return bool(target.netloc) and target.netloc != request.get_host()
