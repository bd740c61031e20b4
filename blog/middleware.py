"""Old addresses of posts whose slug changed answer with a 301 to where the post is now."""

from django.http import HttpResponsePermanentRedirect

from .redirects import new_address


class OldAddressMiddleware:
    """On a 404 for GET or HEAD only, look the address up among posts' old addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = new_address(request.path_info)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
