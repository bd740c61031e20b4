"""The ping endpoints announced on each post page (X-Pingback and the webmention Link header).

Placed inside the page cache, so a cached post page carries them too. It reads the post from the
page's template context: the blog's post view knows nothing of pings.
"""

from blog.models import Post

from .pingback import advertise


class PingDiscoveryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        post = (response.context_data or {}).get("object")
        if isinstance(post, Post):
            advertise(response, request=request, post=post)
        return response
