"""The statistics page in the admin: a chart with its table, the most read posts, where readers
came from, what they searched, where they went; CSV export. For every staff member: an author
sees their own posts, the others the whole site."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import reports
from .chart import chart
from .forms import PeriodForm
from .models import DailyCount, Kind
from .summary import summary_preference_set, wants_summary

LISTS = [
    (Kind.REFERRER, gettext_lazy("Referrers")),
    (Kind.SEARCH_ENGINE, gettext_lazy("Search engine terms")),
    (Kind.SEARCH_SITE, gettext_lazy("Searches on the site")),
    (Kind.OUTBOUND, gettext_lazy("Outbound clicks")),
]


@admin.register(DailyCount)
class StatisticsAdmin(admin.ModelAdmin):
    """No list of rows: the changelist is the statistics page."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        summary = self.admin_site.admin_view(require_POST(self.summary_view))
        return [path("summary/", summary, name="stats_summary"), *super().get_urls()]

    def summary_view(self, request):
        """Opt in or out of the weekly summary (a checkbox on the statistics page)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        weekly = request.POST.get("weekly") == "on"
        summary_preference_set(user=request.user, weekly=weekly)
        if weekly and not request.user.email:
            messages.warning(request, _("Add an e-mail address to your account to receive it."))
        elif weekly:
            messages.success(request, _("You will receive a summary by e-mail each week."))
        else:
            messages.success(request, _("You will no longer receive the weekly summary."))
        return HttpResponseRedirect(reverse("admin:stats_dailycount_changelist"))

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PeriodForm(request.GET or None)
        start, end, grain = form.period()
        post = reports.post_shown(request.user, request.GET.get("post"))
        rows = reports.rows_for(request.user, post=post)
        site = reports.whole_site(request.user, post)
        points = reports.series(rows, start=start, end=end, grain=grain, site=site)
        if request.GET.get("export") == "csv":
            return csv_export(rows, start=start, end=end)
        lists = [
            (kind, title, reports.top_labels(rows, start=start, end=end, kind=kind))
            for kind, title in LISTS
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Statistics"),
            "post": post,
            "opts": self.opts,
            "form": form,
            "start": start,
            "end": end,
            "grain": grain,
            "grain_label": reports.GRAINS[grain],
            "site": site,
            "points": points,
            "chart": chart(points),
            "totals": (sum(p[1] for p in points), sum(p[2] for p in points)),
            "top_posts": reports.top_posts(rows, start=start, end=end),
            "lists": lists,
            "export_query": _export_query(request),
            "wants_summary": wants_summary(request.user),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/stats/statistics.html", context)


def csv_export(rows, *, start, end):
    """Every daily row of the period the reader may see, as CSV (Excel-friendly UTF-8)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{start}-{end}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("day"), _("kind"), _("label"), _("post"), _("count")])
    selected = (
        rows.filter(day__range=(start, end))
        .values_list("day", "kind", "label", "post__title", "count")
        .order_by("day", "kind", "label")
    )
    labels = dict(Kind.choices)
    for day, kind, label, title, count in selected:
        writer.writerow([day.isoformat(), labels[kind], _safe(label), _safe(title or ""), count])
    return response


def _safe(text):
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _export_query(request):
    query = request.GET.copy()
    query["export"] = "csv"
    return query.urlencode()
