"""WordPress's query-string links (`/?p=12`, `/?cat=3`, `/?feed=rss2`…) redirected for good."""

from django.http import HttpResponsePermanentRedirect

from . import legacy


class LegacyLinkMiddleware:
    """Answer WordPress's old links with a 301 before the home page sees them.

    Only `/` with a WordPress query parameter is looked at on the way in; on the way out, a 404 for
    a post address with another date, or for a comment's WordPress number, gets a second chance.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.GET:
            target = legacy.query_target(request.GET)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = legacy.missing_path_target(request.path_info)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
