"""The admin's Tools › Import and Tools › Export pages for WordPress exports.

The import page refuses cheaply (an import already running, a body over the size limit) before
Django reads the upload, which it then streams to a temporary file on disk, never to memory.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from . import conf, exporter, runs
from .forms import ExportForm, ImportForm, too_large_message
from .models import ImportRun

IMPORT_PERMISSION = "wordpress.import_wordpress"
EXPORT_PERMISSION = "wordpress.export_wordpress"
# Room for the multipart envelope and the form's other fields around the file itself.
MULTIPART_SLACK = 64 * 1024


def _context(request, admin_site, title, **extra):
    return {
        **admin_site.each_context(request),
        "title": title,
        "opts": ImportRun._meta,
        **extra,
    }


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@csrf_exempt  # checked by `_import_upload`, once the cheap refusals have passed
def import_page(request, admin_site):
    _require(request, IMPORT_PERMISSION)
    if request.method == "POST":
        refusal = _cheap_refusal(request, admin_site)
        if refusal is not None:
            return refusal
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
        return _import_upload(request, admin_site)
    return _import_form(request, admin_site, ImportForm())


def _cheap_refusal(request, admin_site):
    active = runs.import_run_active()
    if active is not None:
        return _import_form(
            request, admin_site, ImportForm(), active=active, status=HTTPStatus.CONFLICT
        )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = conf.settings.WORDPRESS_IMPORT_MAX_BYTES
    if length > limit + MULTIPART_SLACK:
        return _import_form(
            request,
            admin_site,
            ImportForm(),
            refusal=too_large_message(limit),
            status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        )
    return None


@csrf_protect
def _import_upload(request, admin_site):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_form(request, admin_site, form, status=HTTPStatus.BAD_REQUEST)
    try:
        run = runs.import_run_start(
            upload=form.cleaned_data["file"],
            fetch_media=form.cleaned_data["fetch_media"],
            user=request.user,
        )
    except runs.ImportBusyError:
        active = runs.import_run_active()
        return _import_form(request, admin_site, form, active=active, status=HTTPStatus.CONFLICT)
    return redirect("admin:wordpress_importrun_progress", run.pk)


def _import_form(request, admin_site, form, *, status=HTTPStatus.OK, active=None, refusal=""):
    context = _context(
        request,
        admin_site,
        _("Import a WordPress export"),
        form=form,
        active=active if active is not None else runs.import_run_active(),
        refusal=refusal,
        max_bytes=conf.settings.WORDPRESS_IMPORT_MAX_BYTES,
        can_export=request.user.has_perm(EXPORT_PERMISSION),
    )
    return render(request, "admin/wordpress/import.html", context, status=status)


def progress_page(request, admin_site, pk):
    _require(request, IMPORT_PERMISSION)
    run = get_object_or_404(ImportRun, pk=pk)
    context = _context(
        request,
        admin_site,
        _("Importing “%(file)s”") % {"file": run.file_name},
        run=run,
        progress=_progress(run),
        posts_url=reverse("admin:blog_post_changelist"),
    )
    return render(request, "admin/wordpress/progress.html", context)


def progress_data(request, admin_site, pk):
    """The progress page's figures, for its script to update the page without reloading it."""
    _require(request, IMPORT_PERMISSION)
    run = get_object_or_404(ImportRun, pk=pk)
    return JsonResponse(_progress(run))


def _progress(run):
    runs.import_run_close_if_abandoned(run)
    progress = runs.import_run_progress(run)
    reading = progress["phase"] == "reading"
    done, total = (
        (progress["bytes"], progress["size"])
        if reading
        else (progress["media"], progress["media_total"])
    )
    return {
        **progress,
        "finished": run.finished,
        "status": run.get_status_display(),
        "done": done,
        "total": max(total, 1),
        "percent": 100 if run.finished else min(100, done * 100 // max(total, 1)),
    }


def export_page(request, admin_site):
    _require(request, EXPORT_PERMISSION)
    form = ExportForm(request.GET if "content" in request.GET else None)
    if form.is_bound and form.is_valid():
        filters = form.filters()
        posts = exporter.export_posts(**filters) if filters is not None else None
        response = StreamingHttpResponse(
            exporter.wordpress_export_chunks(posts=posts),
            content_type="application/rss+xml; charset=utf-8",
        )
        name = f"carnet-wordpress-{timezone.localdate():%Y-%m-%d}.xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    context = _context(request, admin_site, _("Export for WordPress"), form=form)
    return render(request, "admin/wordpress/export.html", context, status=status)
