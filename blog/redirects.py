"""The addresses a published post had before its slug (or date) changed, redirected for good.

`post_save_from_admin` records the old address when a public post's permalink changes;
`blog.middleware.OldAddressMiddleware` answers a 404 at such an address with a 301 to the post.
"""

from django.db import models
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _


class OldAddress(models.Model):
    path = models.CharField(_("address"), max_length=500, unique=True)
    post = models.ForeignKey(
        "blog.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        app_label = "blog"
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path


def remember_old_address(*, post, old_path):
    """Keep `old_path` pointing at `post`; the post's current address is never kept as old."""
    if old_path and old_path != post.get_absolute_url():
        OldAddress.objects.update_or_create(path=old_path, defaults={"post": post})
    OldAddress.objects.filter(path=post.get_absolute_url()).delete()


def new_address(path):
    """Where an old address of a public post now lives, or None."""
    # Stored as reverse() gives them (percent-encoded); the request's path is decoded.
    old = OldAddress.objects.filter(path=iri_to_uri(path)).select_related("post").first()
    if old is None or not old.post.is_public:
        return None
    return old.post.get_absolute_url()
