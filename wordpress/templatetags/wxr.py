"""Filters for writing WXR: CDATA sections and WordPress's date formats."""

from django import template
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from wordpress.content import wp_format

register = template.Library()


@register.filter
def cdata(value):
    """`value` in a CDATA section; a `]]>` inside is split as WordPress's own exporter does."""
    text = str(value or "").replace("]]>", "]]]]><![CDATA[>")
    return mark_safe(f"<![CDATA[{text}]]>")  # noqa: S308 (CDATA: nothing in it is markup)


@register.filter
def wp_date(moment):
    """`2012-01-07 08:07:21`, in the site's time zone (WordPress's post_date)."""
    return wp_format(moment, gmt=False)


@register.filter
def wp_date_gmt(moment):
    return wp_format(moment, gmt=True)


@register.filter
def rfc822(moment):
    return http_date(moment.timestamp()).replace("GMT", "+0000")
