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


ODD_ITEM = (
    "<item><title>{title}</title><{wp}:post_id>{wp_id}</{wp}:post_id>"
    "<{wp}:post_type>post</{wp}:post_type><{wp}:post_name>b-{wp_id}</{wp}:post_name>"
    "<{wp}:comment><{wp}:comment_id>{wp_id}0</{wp}:comment_id>"
    "<{wp}:comment_content>Bravo</{wp}:comment_content></{wp}:comment></item>"
)


def odd_export(declarations, wp="wp", root_attributes=""):
    return io.BytesIO(
        (
            f'<?xml version="1.0" encoding="UTF-8"?><rss {declarations} {root_attributes}><channel>'
            f"<title>Mon blog</title><link>https://exemple.fr</link>"
            f'<atom:link xmlns:atom="http://www.w3.org/2005/Atom" '
            f'href="https://exemple.fr/feed/" rel="self">pas le lien</atom:link>'
            f"<{wp}:wxr_version>1.2</{wp}:wxr_version>"
            + ODD_ITEM.format(title="Bizarre", wp_id=4, wp=wp)
            + "</channel></rss>"
        ).encode()
    )


@pytest.mark.parametrize(
    ("declarations", "wp"),
    [
        # The usual prefix bound to another URI, WordPress's URI under another prefix.
        (
            'xmlns:wp="http://exemple.fr/autre/" xmlns:wordpress="http://wordpress.org/export/1.2/"',
            "wordpress",
        ),
        # Two prefixes for WordPress's URI, both used.
        (
            'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:wxr="http://wordpress.org/export/1.2/"',
            "wp",
        ),
        # Unicode namespace URIs and prefixes beside WordPress's.
        (
            'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:été="http://exemple.fr/été/ñ"',
            "wp",
        ),
        # An empty default namespace.
        ('xmlns="" xmlns:wp="http://wordpress.org/export/1.2/"', "wp"),
    ],
    ids=["wp-prefix-elsewhere", "two-prefixes", "unicode-uri", "empty-default"],
)
def test_namespaces_are_read_by_uri(declarations, wp):
    site, item = wxr.read(odd_export(declarations, wp))
    assert (site.wxr_version, site.link) == ("1.2", "https://exemple.fr")
    assert (item.wp_id, item.slug, item.post_type) == (4, "b-4", "post")
    assert [c.wp_id for c in item.comments] == [40]


def test_an_element_of_the_prefix_bound_elsewhere_is_not_wordpress_s():
    data = (
        odd_export(
            'xmlns:wp="http://exemple.fr/autre/" xmlns:wordpress="http://wordpress.org/export/1.2/"',
            "wordpress",
        )
        .getvalue()
        .replace(b"<title>Bizarre</title>", b"<wp:post_id>77</wp:post_id>")
    )
    _site, item = wxr.read(io.BytesIO(data))
    assert item.wp_id == 4


def test_a_second_prefix_for_wordpress_is_read_too():
    data = (
        odd_export(
            'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:wxr="http://wordpress.org/export/1.2/"'
        )
        .getvalue()
        .replace(b"<wp:post_name>b-4</wp:post_name>", b"<wxr:post_name>autre</wxr:post_name>")
    )
    _site, item = wxr.read(io.BytesIO(data))
    assert item.slug == "autre"


def test_an_item_or_comment_without_a_number_is_read_not_refused():
    body = (
        "<item><title>Sans numéro</title><wp:post_type>post</wp:post_type></item>"
        "<item><title>Un</title><wp:post_id>3</wp:post_id>"
        "<wp:comment><wp:comment_author>Anonyme</wp:comment_author></wp:comment></item>"
    )
    _site, without, with_id = wxr.read(export("http://wordpress.org/export/1.2/", body))
    assert (without.wp_id, without.title) == (0, "Sans numéro")
    assert with_id.wp_id == 3 and with_id.comments[0].wp_id == 0
