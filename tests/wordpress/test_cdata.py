"""Unescaped nested CDATA, as old WordPress versions wrote it: mended while streaming."""

import io

import pytest

from blog.models import Post
from wordpress import wxr
from wordpress.cdata import CHUNK, MendedStream
from wordpress.services import wordpress_import

NESTED = (
    "<item><title>Imbriqué</title><wp:post_id>{wp_id}</wp:post_id>"
    "<wp:post_type>post</wp:post_type><wp:post_name>imbrique-{wp_id}</wp:post_name>"
    "<content:encoded><![CDATA[<p>Avant <![CDATA[ dedans ]]> après</p>]]></content:encoded>"
    "<wp:postmeta><wp:meta_key>code</wp:meta_key>"
    "<wp:meta_value><![CDATA[a <![CDATA[b]]> c]]></wp:meta_value></wp:postmeta></item>"
)
PLAIN = (
    "<item><title>Sain {wp_id}</title><wp:post_id>{wp_id}</wp:post_id>"
    "<wp:post_type>post</wp:post_type><wp:post_name>sain-{wp_id}</wp:post_name>"
    "<content:encoded><![CDATA[<p>Tout va bien ]]]]><![CDATA[> ici.</p>]]></content:encoded>"
    "</item>"
)


def export(*items, head_padding=""):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"<channel><title>Ancien blog{head_padding}</title>"
        "<wp:wxr_version>1.0</wp:wxr_version>\n" + "\n".join(items) + "\n</channel></rss>\n"
    ).encode()


def test_the_pattern_is_not_well_formed_xml():
    """Without the tolerant pass this file would be refused: the test covers a real gap."""
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring

    with pytest.raises(ParseError):
        fromstring(export(NESTED.format(wp_id=2)))


def test_nested_cdata_is_read_as_wordpress_reads_it():
    records = list(wxr.read(io.BytesIO(export(PLAIN.format(wp_id=1), NESTED.format(wp_id=2)))))
    site, plain, nested = records
    assert site.title == "Ancien blog"
    assert plain.content == "<p>Tout va bien ]]> ici.</p>"
    assert nested.content == "<p>Avant <![CDATA[ dedans ]]> après</p>"
    assert nested.meta == {"code": "a <![CDATA[b]]> c"}


def test_records_before_the_damage_are_not_yielded_twice():
    items = [PLAIN.format(wp_id=n) for n in range(1, 40)] + [NESTED.format(wp_id=99)]
    records = list(wxr.read(io.BytesIO(export(*items))))
    assert [r.wp_id for r in records[1:]] == [*range(1, 40), 99]


def test_a_field_split_between_two_reads_is_mended():
    """The damaged field straddles the mender's read boundary, as it would in a large file."""
    padding = "x" * (CHUNK - 300)
    data = export(NESTED.format(wp_id=2), head_padding=padding)
    site, nested = wxr.read(io.BytesIO(data))
    assert nested.content == "<p>Avant <![CDATA[ dedans ]]> après</p>"


def test_well_formed_bytes_go_through_unchanged(theme_export):
    data = theme_export.read_bytes()
    stream = MendedStream(io.BytesIO(data))
    out = b"".join(iter(lambda: stream.read(16384), b""))
    assert out == data


def test_a_file_with_nested_cdata_is_imported(db):
    data = export(PLAIN.format(wp_id=1), NESTED.format(wp_id=2))
    report = wordpress_import(source=io.BytesIO(data))
    assert report.created["post"] == 2
    assert Post.objects.get(wp_id=2).body == "<p>Avant <![CDATA[ dedans ]]> après</p>"


def test_a_truncated_file_with_nested_cdata_is_still_refused(db):
    data = export(PLAIN.format(wp_id=1), NESTED.format(wp_id=2), PLAIN.format(wp_id=3))
    with pytest.raises(wxr.WXRError, match="tronqué"):
        wordpress_import(source=io.BytesIO(data[:-120]))
    assert not Post.objects.exists()


def test_a_file_damaged_otherwise_is_still_refused(db):
    data = export(PLAIN.format(wp_id=1), NESTED.format(wp_id=2)).replace(b"</title>", b"</titre>")
    with pytest.raises(wxr.WXRError, match="abîmé"):
        wordpress_import(source=io.BytesIO(data))
    assert not Post.objects.exists()


def test_a_path_is_read_again_from_the_disk(tmp_path, db):
    path = tmp_path / "ancien.xml"
    path.write_bytes(export(NESTED.format(wp_id=2)))
    wordpress_import(source=path)
    assert Post.objects.get().wp_id == 2
