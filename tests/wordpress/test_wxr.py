"""The streaming WXR reader: versions 1.0 to 1.2, plain records, refusals."""

import io

import pytest

from wordpress import wxr


def export(namespace, body):
    return io.BytesIO(
        f'<?xml version="1.0"?><rss xmlns:wp="{namespace}" '
        f'xmlns:excerpt="{namespace}excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Mon blog</title><wp:wxr_version>{namespace[-4:-1]}</wp:wxr_version>"
        f"{body}</channel></rss>".encode()
    )


@pytest.mark.parametrize(
    "namespace",
    [
        "http://wordpress.org/export/1.0/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",
    ],
)
def test_reads_every_version(namespace):
    body = (
        "<wp:category><wp:category_nicename>voyages</wp:category_nicename>"
        "<wp:cat_name><![CDATA[Voyages]]></wp:cat_name></wp:category>"
        "<item><title>Un</title><wp:post_id>3</wp:post_id><wp:post_type>page</wp:post_type>"
        "<excerpt:encoded><![CDATA[Court]]></excerpt:encoded>"
        '<category domain="category" nicename="voyages">Voyages</category>'
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value>"
        "</wp:postmeta></item>"
    )
    site, category, item = list(wxr.read(export(namespace, body)))
    assert site.title == "Mon blog" and site.wxr_version.startswith("1.")
    assert (category.taxonomy, category.slug, category.name) == ("category", "voyages", "Voyages")
    assert (item.wp_id, item.post_type, item.excerpt) == (3, "page", "Court")
    assert item.terms == [("category", "voyages", "Voyages")]
    assert item.meta == {"_thumbnail_id": "9"}


def test_an_unknown_major_version_is_refused():
    future = export("http://wordpress.org/export/1.2/", "").getvalue().replace(b">1.2<", b">2.0<")
    with pytest.raises(wxr.WXRError, match="2.0"):
        list(wxr.read(io.BytesIO(future)))


def test_records_are_yielded_while_reading(theme_export):
    """Streaming: the first records come before the end of the file has been parsed."""
    with open(theme_export, "rb") as file:
        records = wxr.read(file)
        next(records), next(records)
        assert file.tell() < theme_export.stat().st_size / 4
