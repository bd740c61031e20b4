from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Discussion")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts import roles
        from accounts.signals import member_leaving
        from blog import demo as blog_demo
        from core import periodic
        from pagecache import bypass, members, placeholders, receivers

        from . import (
            checks,  # noqa: F401 (registers the system checks)
            cookies,
            forms,
        )
        from .demo import create_demo_comments
        from .discussion import forget_own_parts, has_own_parts
        from .models import Comment, comment_shows
        from .queue import forget_pending_count
        from .roles import MODERATORS, ensure_moderators_group
        from .services import comment_trash_empty, member_comments_anonymise
        from .signals import comment_status_changed
        from .spam import learn

        periodic.register(comment_trash_empty, every=3600)
        blog_demo.register(create_demo_comments)
        roles.register_role(MODERATORS, ensure_moderators_group)
        member_leaving.connect(member_comments_anonymise, dispatch_uid="comments.member_leaving")
        receivers.watch(Comment, shows=comment_shows)
        comment_status_changed.connect(
            receivers.on_public_change, dispatch_uid="pagecache.comment_status"
        )
        members.register_bypass(has_own_parts)
        for signal in (post_save, post_delete):
            signal.connect(forget_own_parts, sender=Comment, dispatch_uid="comments.own_parts")
        comment_status_changed.connect(learn, sender=Comment, dispatch_uid="comments.learn_spam")
        for signal in (post_save, post_delete, comment_status_changed):
            signal.connect(
                forget_pending_count, sender=Comment, dispatch_uid="comments.pending_count"
            )
        bypass.register_cookie(cookies.PENDING_COOKIE, "shows this guest their pending comments")
        bypass.register_cookie(cookies.OWN_COOKIE, "shows Edit links on this guest's comments")
        bypass.register_cookie(cookies.COMMENTER_COOKIE, "fills in the guest's name and e-mail")
        placeholders.register(
            forms.TIMESTAMP_PLACEHOLDER,
            for_reader=lambda _request, pk: forms.form_timestamp(int(pk)),
            shared=lambda pk: forms.shared_form_timestamp(int(pk)),
        )
