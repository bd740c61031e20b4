"""French error pages rendered through the site's templates, and /xmlrpc.php's two doors."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt

from pings import pingback
from publishing import views as publishing_views


@csrf_exempt
def xmlrpc(request):
    """GET ?rsd: the RSD document naming the APIs (publishing); anything else: the XML-RPC
    endpoint (pings), which serves the methods apps registered in core/xmlrpc.py too."""
    if request.method in ("GET", "HEAD") and "rsd" in request.GET:
        return publishing_views.rsd(request)
    return pingback.xmlrpc_view(request)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: the error may come from the database they read.
    return HttpResponseServerError(loader.get_template("500.html").render())
