"""`{% reader_csrf_token %}`: Django's `{% csrf_token %}` for forms on pages the cache may share."""

from django import template
from django.utils.html import format_html

from pagecache import csrf, placeholders

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_csrf_token(context):
    """The hidden CSRF field, its value a placeholder the page cache fills for each reader."""
    value = placeholders.placeholder(context.get("request"), csrf.PLACEHOLDER)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', value)
