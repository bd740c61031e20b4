from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa import signals as mfa
        from allauth.socialaccount.models import SocialApp
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.utils.html import escape

        from pagecache import bypass, members, placeholders

        from . import security_log as log
        from .login_buttons import current_provider_name, forget_providers
        from .second_factor import factor_added
        from .services import member_display_name
        from .templatetags.accounts_tags import MEMBER_NAME

        placeholders.register(
            MEMBER_NAME,
            for_reader=lambda request, _arg: escape(member_display_name(request.user)),
            shared=lambda _arg: "",  # a page file is a guest's: no one is commenting as anyone
        )
        members.register_variant(current_provider_name)
        mfa.authenticator_added.connect(factor_added, dispatch_uid="accounts-factor-added")
        user_logged_in.connect(log.on_signed_in, dispatch_uid="accounts-log-in")
        mfa.authentication_failed.connect(log.on_factor_failed, dispatch_uid="accounts-log-fail")
        mfa.authenticator_added.connect(log.on_factor_added, dispatch_uid="accounts-log-add")
        mfa.authenticator_removed.connect(log.on_factor_removed, dispatch_uid="accounts-log-rm")
        mfa.authenticator_reset.connect(log.on_factor_reset, dispatch_uid="accounts-log-reset")
        post_save.connect(forget_providers, sender=SocialApp, dispatch_uid="accounts-providers")
        post_delete.connect(forget_providers, sender=SocialApp, dispatch_uid="accounts-providers-d")
        m2m_changed.connect(
            forget_providers, sender=SocialApp.sites.through, dispatch_uid="accounts-providers-s"
        )
        bypass.register_cookie(settings.SESSION_COOKIE_NAME, "members get pages of their own")
        bypass.register_cookie("messages", "a message shown once, after logging in or out")
