"""One small settings object per app. Each app's conf.py lists its settings with their defaults
and a one-line reason each, and reads them as attributes:

    settings = AppSettings(DEFAULTS)      # in comments/conf.py
    conf.settings.COMMENTS_MAX_LINKS      # anywhere in the app

A project setting of the same name (config/settings, or `override_settings` in a test) wins over
the default, unless it is None: config/settings/base.py sets None for what the environment leaves
unset. A name the app does not declare raises at once instead of reading as nothing.
"""

from django.conf import settings as project_settings


class AppSettings:
    """The settings named in `defaults`, each read from the project settings when set there."""

    def __init__(self, defaults):
        self._defaults = dict(defaults)

    def __getattr__(self, name):
        try:
            default = self._defaults[name]
        except KeyError:
            known = ", ".join(sorted(self._defaults))
            raise AttributeError(
                f"{name} is not one of this app's settings ({known}): check its spelling, or "
                f"declare it with its default and reason in the app's conf.py."
            ) from None
        value = getattr(project_settings, name, None)
        return default if value is None else value

    def __dir__(self):
        return sorted(self._defaults)
