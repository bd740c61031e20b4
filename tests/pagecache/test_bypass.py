"""The cookies apps register as bypassing the cache, and nginx's copy of that list."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from comments.cookies import COMMENTER_COOKIE, OWN_COOKIE, PENDING_COOKIE
from pagecache import bypass

MAPS = Path(settings.BASE_DIR) / "deploy" / "nginx" / "carnet-pagecache-maps.conf"


def test_apps_register_the_cookies_that_make_a_page_personal():
    assert set(bypass.cookie_names()) == {
        settings.SESSION_COOKIE_NAME,  # accounts
        "messages",  # accounts
        PENDING_COOKIE,  # comments
        OWN_COOKIE,
        COMMENTER_COOKIE,
    }
    assert all(bypass.reasons().values())


def test_a_cookie_name_nginx_could_not_match_is_refused():
    with pytest.raises(ValueError, match="letters"):
        bypass.register_cookie("a|b", "no")


def test_the_nginx_maps_in_deploy_are_the_ones_the_site_prints(capsys):
    call_command("pagecache_nginx")
    printed = capsys.readouterr().out
    assert MAPS.read_text() == printed, "run: manage.py pagecache_nginx > " + str(MAPS)
    for name in bypass.cookie_names():
        assert name in printed
