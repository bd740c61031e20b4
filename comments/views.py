"""Posting comments and finding them again."""

from django.shortcuts import get_object_or_404, redirect

from .models import Comment


def comment_permalink(request, pk):
    """Redirect to the post page (and comment page) where this comment is shown."""
    comment = get_object_or_404(Comment.objects.public().select_related("post"), pk=pk)
    return redirect(f"{comment.post.get_absolute_url()}#comment-{comment.pk}")
