"""Background tasks of the blog (django-tasks): thin calls into the module that does the work."""

from django_tasks import task


@task()
def tell_author_published(*, post_id, editor_id):
    """Tell the author that the post they submitted for review is published (blog/review.py)."""
    from .review import tell_author_published as tell

    return tell(post_id=post_id, editor_id=editor_id)
