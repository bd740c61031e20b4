"""System checks: a mistyped discussion setting fails at start-up, not silently at the first comment."""

from django.core import checks

from . import conf
from .conf import Moderation

POLICIES = {Moderation.FIRST_TIME, Moderation.ALL, Moderation.NONE}


@checks.register()
def check_discussion_settings(app_configs=None, **kwargs):
    errors = []
    if conf.settings.COMMENTS_MODERATION not in POLICIES:
        errors.append(
            checks.Error(
                f"COMMENTS_MODERATION={conf.settings.COMMENTS_MODERATION!r} is not a policy.",
                hint="Use first_time, all or none.",
                id="comments.E001",
            )
        )
    if conf.settings.COMMENTS_MAX_DEPTH < 1:
        errors.append(
            checks.Error(
                "COMMENTS_MAX_DEPTH must be 1 or more.",
                hint="5 is WordPress's default.",
                id="comments.E002",
            )
        )
    return errors
