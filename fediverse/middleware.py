"""Content negotiation: a post's address asked for as ActivityPub answers with its Article, so
Mastodon finds a post pasted in its search box and resolves replies to it."""

from . import conf

ACTIVITY_TYPES = ("application/activity+json", "application/ld+json")


class ActivityPubPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        accept = request.headers.get("Accept", "")
        if request.method in ("GET", "HEAD") and conf.settings.FEDIVERSE_ENABLED:
            if any(kind in accept for kind in ACTIVITY_TYPES):
                answer = self._article(request)
                if answer is not None:
                    return answer
        return self.get_response(request)

    def _article(self, request):
        from .documents import absolute, article
        from .targets import post_for_url
        from .views import activity_response

        post = post_for_url(absolute(request.path))
        if post is None:
            return None
        response = activity_response(
            {"@context": "https://www.w3.org/ns/activitystreams", **article(post)}
        )
        response["Vary"] = "Accept"
        return response
