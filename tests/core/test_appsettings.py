"""The app settings helper: declared names only, project settings first, None as "unset"."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.test import override_settings

from core.appsettings import AppSettings

APPS = [
    "accounts", "blog", "comments", "core", "images", "pagecache", "pings", "publishing", "stats",
    "subscriptions", "wordpress",
]  # fmt: skip
READ = re.compile(r"\b\w*conf\.settings\.([A-Z]+_[A-Z_0-9]+)")
ROOT = Path(__file__).resolve().parents[2]


def test_a_mistyped_name_raises_and_names_the_known_ones():
    app = AppSettings({"DEMO_LIMIT": 3, "DEMO_NAME": "x"})
    with pytest.raises(AttributeError, match=r"DEMO_LIMT is not one of .*DEMO_LIMIT, DEMO_NAME"):
        app.DEMO_LIMT  # noqa: B018


def test_the_default_until_the_project_sets_it():
    app = AppSettings({"DEMO_LIMIT": 3})
    assert app.DEMO_LIMIT == 3
    with override_settings(DEMO_LIMIT=7):
        assert app.DEMO_LIMIT == 7
    with override_settings(DEMO_LIMIT=0):
        assert app.DEMO_LIMIT == 0  # a falsy value is a value
    with override_settings(DEMO_LIMIT=None):
        assert app.DEMO_LIMIT == 3  # what the environment left unset


def test_the_test_settings_fixture_overrides_an_app_setting(settings):
    from comments import conf

    settings.COMMENTS_MAX_LINKS = 9
    assert conf.settings.COMMENTS_MAX_LINKS == 9


def test_every_setting_read_in_the_code_is_declared_by_an_app():
    declared = set()
    for app in APPS:
        declared.update(dir(import_module(f"{app}.conf").settings))
    read = set()
    for folder in APPS:
        for path in (ROOT / folder).rglob("*.py"):
            read.update(READ.findall(path.read_text()))
    assert read and read <= declared, sorted(read - declared)
