"""Static assets: small enough to send on every page, hashed and cached for good once collected."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from tests.theme.sample import build_blog

pytestmark = pytest.mark.django_db

ASSET_RE = re.compile(r'<(?:link rel="stylesheet"|script)[^>]* (?:href|src)="/static/([^"?]+)"')
BUDGET = {".css": 30 * 1024, ".js": 10 * 1024}


def compressed_sizes(html):
    """Gzipped bytes per kind (.css, .js) of every stylesheet and script `html` references."""
    sizes = dict.fromkeys(BUDGET, 0)
    for name in set(ASSET_RE.findall(html)):
        path = finders.find(name)
        assert path, f"{name} is referenced but not found"
        kind = "." + name.rsplit(".", 1)[-1]
        with open(path, "rb") as asset:
            sizes[kind] += len(gzip.compress(asset.read(), compresslevel=9))
    return sizes


def test_css_and_js_stay_within_budget_on_every_kind_of_page(client):
    post, _ = build_blog()
    for url in ["/", post.get_absolute_url(), "/?s=carnet"]:
        html = client.get(url).content.decode()
        sizes = compressed_sizes(html)
        assert sizes[".css"] > 0, f"{url} links no stylesheet"
        for kind, size in sizes.items():
            assert size <= BUDGET[kind], f"{url}: {size} bytes of {kind}, budget {BUDGET[kind]}"


def test_collected_assets_have_hashed_names_and_far_future_cache_headers(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    post, _ = build_blog()

    html = Client().get(post.get_absolute_url()).content.decode()
    css = re.search(r'href="(/static/css/carnet\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet is not linked by its hashed name"
    response = Client().get(css.group(1), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
