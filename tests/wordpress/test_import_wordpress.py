"""`manage.py import_wordpress`: a summary at the end, a clear French error for a bad file."""

import io
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command

from blog.models import Post
from comments.models import Comment

pytestmark = pytest.mark.django_db

WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
    "<channel><wp:wxr_version>1.1</wp:wxr_version>\n"
)
WXR_FOOT = "</channel></rss>\n"


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, data):
    path = tmp_path / "export.xml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(CommandError) as error:
        run(path)
    assert not Post.objects.exists()
    return str(error.value)


def test_summary_in_french(theme_export):
    out, err = run(theme_export)
    assert "Importé :" in out
    assert "billets : 58 en plus, 0 déjà là" in out
    assert "commentaires : 29 en plus" in out
    assert "pingbacks : 2 en plus" in out
    assert "commentaires sur des pages" not in out  # pages keep their discussions
    assert "protégés par un mot de passe" in out
    assert "[caption]" in out
    assert err == ""


def test_second_run_reports_everything_already_here(theme_export):
    run(theme_export)
    out, _err = run(theme_export)
    assert "billets : 0 en plus, 58 déjà là" in out


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Aucun fichier"):
        run(tmp_path / "absent.xml")


def test_not_xml(tmp_path):
    assert "n’est pas du XML" in refused(tmp_path, "Bonjour, ceci est du texte.")


def test_not_wxr(tmp_path):
    message = refused(
        tmp_path, '<?xml version="1.0"?><rss><channel><title>Flux</title></channel></rss>'
    )
    assert "n’est pas un export WordPress" in message


def test_truncated(tmp_path, theme_export):
    message = refused(tmp_path, theme_export.read_bytes()[:300_000])
    assert "tronqué" in message
    assert "Rien n’a été importé" in message


def test_xml_bomb(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        "<rss><channel><title>&lol3;</title></channel></rss>"
    )
    assert "bombe XML" in refused(tmp_path, bomb)


def test_external_entity(tmp_path):
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><title>&xxe;</title></channel></rss>"
    )
    assert "entité externe" in refused(tmp_path, xxe)


def test_a_lone_orphan_comment_is_a_warning_and_goes_to_the_top(tmp_path):
    path = tmp_path / "orphan.xml"
    path.write_text(
        WXR_HEAD + "<item><title>Un billet</title><dc:creator>camille</dc:creator>"
        "<content:encoded><![CDATA[<p>Texte.</p>]]></content:encoded>"
        "<wp:post_id>7</wp:post_id><wp:post_date>2010-05-01 10:00:00</wp:post_date>"
        "<wp:post_name>un-billet</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        "<wp:comment><wp:comment_id>70</wp:comment_id><wp:comment_parent>69</wp:comment_parent>"
        "<wp:comment_author>Orpheline &amp; seule</wp:comment_author>"
        "<wp:comment_date>2010-05-02 10:00:00</wp:comment_date>"
        "<wp:comment_content>Ma mère a disparu.</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment></item>" + WXR_FOOT
    )
    out, err = run(path)
    assert "Attention : le parent du commentaire" in err
    comment = Comment.objects.get(wp_id=70)
    assert comment.parent is None and comment.level == 0
    assert comment.author_name == "Orpheline & seule"
    assert comment.body_html == "<p>Ma mère a disparu.</p>"
    # No GMT date in a WXR 1.1 file: the local date, in the site's time zone (Paris, UTC+2).
    assert comment.created_at.isoformat() == "2010-05-02T08:00:00+00:00"
    assert Post.objects.get().get_absolute_url() == "/2010/05/01/un-billet/"


def item(wp_id, comments=""):
    return (
        f"<item><title>Billet {wp_id}</title><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date_gmt>2011-03-04 05:06:07</wp:post_date_gmt><wp:post_name>b-{wp_id}"
        f"</wp:post_name><wp:post_type>post</wp:post_type>{comments}</item>"
    )


def comment(wp_id, parent=0):
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id><wp:comment_author>A</wp:comment_author>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_content>Texte</wp:comment_content></wp:comment>"
    )


def test_an_item_or_comment_listed_twice_is_imported_once(tmp_path):
    path = tmp_path / "twice.xml"
    twice = comment(5) + comment(6, parent=5) + comment(5)
    path.write_text(WXR_HEAD + item(1, twice) + item(1, twice) + WXR_FOOT)
    run(path)
    assert Post.objects.count() == 1
    assert sorted(Comment.objects.values_list("wp_id", "level")) == [(5, 0), (6, 1)]


def test_items_and_comments_without_a_number_are_skipped_and_listed(tmp_path):
    path = tmp_path / "odd.xml"
    anonymous = comment("").replace("<wp:comment_author>A<", "<wp:comment_author>Sans numéro<")
    path.write_text(WXR_HEAD + item(1, comment(5) + anonymous) + item("") + item(2) + WXR_FOOT)
    out, _err = run(path)
    assert sorted(Post.objects.values_list("wp_id", flat=True)) == [1, 2]
    assert list(Comment.objects.values_list("wp_id", flat=True)) == [5]
    assert "1 × billets — sans numéro WordPress (wp:post_id)" in out
    assert "    - Billet\n" in out + "\n"
    assert "1 × commentaires — sans numéro WordPress (wp:comment_id)" in out
    assert "    - Billet 1 — Sans numéro" in out


def test_progress_bar_on_a_terminal_only(theme_export):
    main, terminal = os.openpty()
    with os.fdopen(terminal, "w") as stderr:
        call_command("import_wordpress", str(theme_export), stdout=io.StringIO(), stderr=stderr)
    drawn = os.read(main, 65536).decode()
    os.close(main)
    assert "[" in drawn and "%" in drawn


def test_a_wordpress_com_zip_with_several_files_is_one_import(tmp_path, theme_export):
    path = tmp_path / "wordpress.com-export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(theme_export, "blog-2015-01-27-00_00_00/part-1.xml")
        archive.writestr(
            "blog-2015-01-27-00_00_00/part-2.xml", WXR_HEAD + item(9001, comment(9002)) + WXR_FOOT
        )
    out, _err = run(path)
    assert "billets : 59 en plus" in out
    assert Comment.objects.get(wp_id=9002).post.wp_id == 9001


def test_a_zip_without_an_export(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"not xml")
    with pytest.raises(CommandError, match="aucun export .xml"):
        run(path)


def test_a_zip_whose_second_file_is_truncated_imports_nothing(tmp_path, theme_export):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(theme_export, "a.xml")
        archive.writestr("b.xml", (WXR_HEAD + item(9001))[:-20])
    with pytest.raises(CommandError, match="tronqué"):
        run(path)
    assert not Post.objects.exists()


def test_a_damaged_zip(tmp_path, theme_export):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(theme_export, "a.xml")
    data = bytearray(path.read_bytes())
    data[2000:2100] = bytes(100)
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="fichier zip est abîmé"):
        run(path)
    assert not Post.objects.exists()


def test_author_ids_are_kept_and_old_author_links_redirect(tmp_path, client):
    path = tmp_path / "authors.xml"
    path.write_text(
        WXR_HEAD + "<wp:author><wp:author_id>42</wp:author_id>"
        "<wp:author_login>camille</wp:author_login><wp:author_email>c@example.org"
        "</wp:author_email><wp:author_display_name>Camille</wp:author_display_name></wp:author>"
        + item(1).replace("<wp:post_id>", "<dc:creator>camille</dc:creator><wp:post_id>")
        + WXR_FOOT
    )
    run(path)
    run(path)  # a second run keeps the one number
    response = client.get("/?author=42")
    assert response.status_code == 301
    assert response["Location"] == "/author/camille/"
    assert client.get("/?author=43").status_code == 404
    assert client.get("/?author=x").status_code == 404
