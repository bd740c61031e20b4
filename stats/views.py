"""The beacon: one request per page view from static/js/stats.js, or from the <noscript> image."""

import base64

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .counting import clean_path, record_outbound, record_view

# A transparent 1×1 GIF, for the <noscript> image.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


# Exempt from CSRF: sendBeacon cannot send a token, the view changes nothing but anonymous sums,
# and a forged beacon can do no more than a reader's own visit.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def hit(request):
    """Count a view (or, with `o`, an outbound click); answers the same whether counted or not."""
    data = request.POST if request.method == "POST" else request.GET
    path = clean_path(data.get("p", ""))
    if path is not None:
        if data.get("o"):
            record_outbound(request, path=path, url=data["o"])
        else:
            record_view(request, path=path, referrer=data.get("r", ""), search=data.get("s", ""))
    if request.method == "GET":
        response = HttpResponse(PIXEL, content_type="image/gif")
    else:
        response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
