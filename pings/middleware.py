"""The ping endpoints announced on each post page (X-Pingback and the webmention Link header).

Placed inside the page cache, so a cached post page carries them too. It reads the post from the
page's template context: the blog's post view knows nothing of pings.
"""

from django.utils.deprecation import MiddlewareMixin

from blog.models import Post

from .pingback import advertise


class PingDiscoveryMiddleware(MiddlewareMixin):
    def process_template_response(self, request, response):
        post = (response.context_data or {}).get("object")
        if isinstance(post, Post):
            advertise(response, request=request, post=post)
        return response
