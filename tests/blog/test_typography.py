"""French typography as an editor sets it, on real sentences; English rules for English."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.typography import typeset, typeset_plain

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "<p>Attention : la pâte doit reposer ; au moins une heure !</p>",
            f"<p>Attention{NB}: la pâte doit reposer{NNB}; au moins une heure{NNB}!</p>",
        ),
        (
            '<p>Vous l\'avez goûtée? Elle était "parfaite"...</p>',
            f"<p>Vous l’avez goûtée{NNB}? Elle était «{NB}parfaite{NB}»…</p>",
        ),
        (
            "<p>Il m'a dit « oui »; 50 % du levain, 3 km à pied -- puis 250 g de farine.</p>",
            f"<p>Il m’a dit «{NB}oui{NB}»{NNB}; 50{NB}% du levain, 3{NB}km à pied — puis "
            f"250{NB}g de farine.</p>",
        ),
        ("<p>Quoi ?! Déjà…</p>", f"<p>Quoi{NNB}?! Déjà…</p>"),
        ("<p>Les pages 10--12, à 12:30.</p>", "<p>Les pages 10–12, à 12:30.</p>"),
        (  # across inline tags
            "<p>Le <em>pain</em>? Le <strong>vrai</strong>!</p>",
            f"<p>Le <em>pain</em>{NNB}? Le <strong>vrai</strong>{NNB}!</p>",
        ),
        ("<p>Tom &amp; Jerry ; R&amp;D</p>", f"<p>Tom &amp; Jerry{NNB}; R&amp;D</p>"),
        ("<li>du <code>code</code> ;</li>", f"<li>du <code>code</code>{NNB};</li>"),
    ],
)
def test_french_rules_on_real_sentences(source, expected):
    assert typeset(source, "fr") == expected


def test_code_pre_urls_and_attributes_are_left_alone():
    source = (
        '<p>Voir <a href="https://exemple.fr/?q=a:b&amp;c=1" title="Note : ici">'
        'https://exemple.fr/page?x=1</a> ! Le code <code>a ? b : c -- "d"</code>.</p>'
        '<pre>print("Bonjour : le monde !") ...</pre><p><img alt="Oui : non" src="/a.png"></p>'
    )
    result = typeset(source, "fr")
    assert f"</a>{NNB}!" in result
    assert 'href="https://exemple.fr/?q=a:b&amp;c=1" title="Note : ici"' in result
    assert ">https://exemple.fr/page?x=1<" in result
    assert '<code>a ? b : c -- "d"</code>' in result
    assert '<pre>print("Bonjour : le monde !") ...</pre>' in result
    assert 'alt="Oui : non"' in result


def test_english_rules_for_english_text():
    assert typeset('<p>It\'s "fine": really? Yes -- quite...</p>', "en") == (
        "<p>It’s “fine”: really? Yes — quite…</p>"
    )
    source = '<p>En français : oui !</p><blockquote lang="en"><p>She said: "no!"</p></blockquote>'
    assert typeset(source, "fr") == (
        f'<p>En français{NB}: oui{NNB}!</p><blockquote lang="en"><p>She said: “no!”</p></blockquote>'
    )


def test_running_twice_changes_nothing():
    once = typeset('<p>« Oui » : l\'"accord" ; 3 km... -- non !</p>', "fr")
    assert typeset(once, "fr") == once


def test_titles_never_start_a_line_with_a_colon():
    assert typeset_plain("Pain au levain : la méthode") == f"Pain au levain{NB}: la méthode"


@pytest.mark.django_db
def test_posts_pages_excerpts_and_comments_are_stored_typeset():
    from blog.markup import render_comment
    from tests.factories import PageFactory, PostFactory

    post = PostFactory(body="Premier paragraphe : voilà !\n\nSuite ?", excerpt="")
    assert post.body_html == f"<p>Premier paragraphe{NB}: voilà{NNB}!</p>\n<p>Suite{NNB}?</p>"
    assert post.excerpt_html == f"<p>Premier paragraphe{NB}: voilà{NNB}!</p>"
    assert PageFactory(body="À propos : moi.").body_html == f"<p>À propos{NB}: moi.</p>"
    assert render_comment("Merci ! Voir https://exemple.fr/?a=1") == (
        f'<p>Merci{NNB}! Voir <a href="https://exemple.fr/?a=1" rel="nofollow ugc">'
        "https://exemple.fr/?a=1</a></p>"
    )


@pytest.mark.django_db
def test_stored_html_from_before_is_typeset_by_the_command():
    from blog.models import Post
    from comments.models import Comment
    from tests.factories import CommentFactory, PostFactory

    post = PostFactory()
    comment = CommentFactory(post=post)
    Post.objects.filter(pk=post.pk).update(body_html="<p>Ancien : texte !</p>")
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Bravo !</p>")
    out = StringIO()
    call_command("typeset_stored_html", stdout=out)
    assert "Typographie appliquée à 2 textes." in out.getvalue()
    post.refresh_from_db()
    comment.refresh_from_db()
    assert post.body_html == f"<p>Ancien{NB}: texte{NNB}!</p>"
    assert comment.body_html == f"<p>Bravo{NNB}!</p>"


@pytest.mark.django_db
def test_titles_in_pages_and_feeds_are_typeset(client):
    from defusedxml import ElementTree

    from tests.factories import CommentFactory, PostFactory

    post = PostFactory(title="Levain : le guide !")
    CommentFactory(post=post, author_name="Léa")
    title = f"Levain{NB}: le guide{NNB}!"
    assert f'<h1 class="entry-title">{title}</h1>' in client.get(post.get_absolute_url()).text
    assert f">{title}</a></h2>" in client.get("/").text
    rss = ElementTree.fromstring(client.get("/feed/").content)
    assert rss.findtext("channel/item/title") == title
    comments = ElementTree.fromstring(client.get("/comments/feed/").content)
    assert title in comments.findtext("channel/item/title")
