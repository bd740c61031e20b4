"""`{% discussion post %}`: the discussion of a post or a page, as the reader of the page sees it.

The post and page templates call it; the blog app knows nothing more of comments. It reads from
the page's context the comment page asked for (`comment_page`, default 1) and the form to show
again with its errors (`comment_form`, set by the comment views); `is_preview` (the admin's
preview) leaves the form out.
"""

from django import template

from comments.discussion import discussion_context

register = template.Library()


@register.inclusion_tag("comments/discussion.html", takes_context=True)
def discussion(context, subject):
    return discussion_context(
        context["request"],
        subject,
        page_number=context.get("comment_page") or 1,
        form=context.get("comment_form"),
        preview=bool(context.get("is_preview")),
    )
