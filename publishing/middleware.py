"""The HTTP Link header Micropub clients look for on the home page (beside the <link> tag).

Placed before the page cache, so the cached home page carries it too.
"""

from django.urls import reverse


class DiscoveryLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and request.path == reverse("blog:home"):
            links = [response.get("Link"), f'<{reverse("micropub:micropub")}>; rel="micropub"']
            response["Link"] = ", ".join(link for link in links if link)
        return response
