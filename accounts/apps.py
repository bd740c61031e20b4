from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from allauth.socialaccount.models import SocialApp

        from .login_buttons import forget_providers
        from .second_factor import factor_added

        authenticator_added.connect(factor_added, dispatch_uid="accounts-factor-added")
        post_save.connect(forget_providers, sender=SocialApp, dispatch_uid="accounts-providers")
        post_delete.connect(forget_providers, sender=SocialApp, dispatch_uid="accounts-providers-d")
        m2m_changed.connect(
            forget_providers, sender=SocialApp.sites.through, dispatch_uid="accounts-providers-s"
        )
