"""Spam, learned: a moderator's "spam" routes the next comments from the same source to spam,
and "not spam" forgets it. Through the real services, on a stream of realistic comments."""

import pytest

from comments.models import CommentStatus, LearnedSpam, ModerationRules
from comments.services import comment_create, comment_moderate
from comments.spam import link_hosts
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SPAMMER_IP = "198.51.100.23"


@pytest.fixture
def stream(settings, django_capture_on_commit_callbacks):
    """Post one comment as a reader would, after the flood delay; returns it."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_MODERATION = "first_time"
    post = PostFactory(title="Le pain du dimanche")

    def send(name, email, body, ip, url=""):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_create(
                post=post,
                author_name=name,
                author_email=email,
                author_url=url,
                body=body,
                ip_address=ip,
            )

    return send


@pytest.fixture
def mark(staff, django_capture_on_commit_callbacks):
    def moderate(comment, status):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_moderate(comment=comment, status=status, moderator=staff)

    return moderate


def test_marking_a_few_as_spam_routes_the_next_ones_from_the_same_source_to_spam(stream, mark):
    # The first wave waits, as any first-time comment: nothing is known of them yet.
    first_wave = [
        stream(
            "Cheap Pills",
            "pills@spam.example",
            "Great post! [buy](https://pills.example/)",
            SPAMMER_IP,
        ),
        stream(
            "Casino Royal",
            "win@casino.example",
            "Nice. Visit https://casino.example/bonus",
            "203.0.113.50",
        ),
        stream(
            "SEO Expert",
            "seo@rank.example",
            "I can rank your blog #1 on Google.",
            "192.0.2.77",
            url="https://rank.example/",
        ),
        stream(
            "Pharma",
            "deals@pharma.example",
            "Discount at https://www.pills.example/sale",
            "192.0.2.90",
        ),
    ]
    assert [c.status for c in first_wave] == [CommentStatus.PENDING] * 4
    honest = stream("Zoé Martin", "zoe@example.org", "Quelle farine utilisez-vous ?", "10.1.1.1")
    mark(honest, CommentStatus.APPROVED)

    for comment in first_wave:
        mark(comment, CommentStatus.SPAM)

    later = {
        "same IP": stream("Pills Again", "other@new.example", "Hello friend", SPAMMER_IP),
        "same e-mail": stream("Casino", "WIN@casino.example", "Bonus!", "203.0.113.99"),
        "linked host, seen twice": stream(
            "Fresh", "fresh@new.example", "See [this](https://pills.example/x)", "203.0.113.100"
        ),
        "linked host, seen once": stream(
            "Lucky", "lucky@new.example", "Play https://casino.example/", "203.0.113.101"
        ),
        "website's host": stream(
            "Rank", "r@other.example", "Good read.", "192.0.2.200", url="https://rank.example/p"
        ),
        "honest, known": stream(
            "Zoé Martin", "zoe@example.org", "Merci pour la recette !", "10.1.1.1"
        ),
        "honest, new": stream("Léa", "lea@example.org", "Et avec du seigle ?", "10.2.2.2"),
    }

    assert {reason: c.status for reason, c in later.items()} == {
        "same IP": CommentStatus.SPAM,
        "same e-mail": CommentStatus.SPAM,
        "linked host, seen twice": CommentStatus.SPAM,
        "linked host, seen once": CommentStatus.PENDING,
        "website's host": CommentStatus.PENDING,
        "honest, known": CommentStatus.APPROVED,
        "honest, new": CommentStatus.PENDING,
    }


def test_a_host_seen_in_one_spam_holds_and_in_two_sends_to_spam(stream, mark, settings):
    settings.COMMENTS_MODERATION = "none"  # else every new author waits anyway
    one = stream("A", "a@a.example", "Buy at https://shop.example/", "203.0.113.1")
    mark(one, CommentStatus.SPAM)
    held = stream("B", "b@b.example", "Also https://www.shop.example/", "203.0.113.2")
    assert held.status == CommentStatus.PENDING
    mark(held, CommentStatus.SPAM)

    third = stream("C", "c@c.example", "Deals: https://shop.example/deals", "203.0.113.3")

    assert third.status == CommentStatus.SPAM


def test_not_spam_forgets_what_was_learned(stream, mark):
    mistaken = stream("Jules", "jules@example.org", "Premier message", "10.3.3.3")
    mark(mistaken, CommentStatus.SPAM)
    assert stream("Jules", "jules@example.org", "Deuxième", "10.3.3.3").status == "spam"

    mark(mistaken, CommentStatus.PENDING)  # "Undo" / "Not spam"

    assert not LearnedSpam.objects.exists()
    assert stream("Jules", "jules@example.org", "Troisième", "10.3.3.3").status == "pending"


def test_trashing_a_spam_keeps_the_lesson(stream, mark):
    spam = stream("X", "x@spam.example", "Spam", "203.0.113.9")
    mark(spam, CommentStatus.SPAM)
    mark(spam, CommentStatus.TRASH)

    assert stream("Y", "x@spam.example", "Spam again", "203.0.113.10").status == "spam"


def test_rules_decided_by_a_rule_teach_nothing(stream):
    """Only moderators teach: a comment a rule sent to spam does not spread the lesson."""
    from comments.models import ModerationWord

    ModerationWord.objects.create(word="casino", action="spam")
    stream("X", "x@spam.example", "casino", "203.0.113.9")

    assert not LearnedSpam.objects.exists()


def test_learning_can_be_switched_off_in_the_admin(stream, mark):
    spam = stream("X", "x@spam.example", "Spam", "203.0.113.9")
    mark(spam, CommentStatus.SPAM)
    ModerationRules.objects.create(learn_from_spam=False)

    assert stream("X", "x@spam.example", "Spam again", "203.0.113.9").status == "pending"


def test_the_link_threshold_set_in_the_admin_wins_over_the_setting(stream, settings):
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_MAX_LINKS = 0
    ModerationRules.objects.create(max_links=1)

    linked = stream("Léa", "lea@example.org", "Voir [ici](https://farine.example/)", "10.2.2.2")

    assert linked.status == CommentStatus.PENDING


def test_link_hosts_lists_the_website_then_each_linked_host_once():
    html = (
        '<p><a href="https://www.Shop.example/a">a</a> <a href="http://shop.example/b">b</a> '
        '<a href="mailto:x@y.example">m</a> <a href="https://[bad">c</a> '
        "written out: https://bare.example/page.</p>"
    )

    assert link_hosts(html, "https://me.example/") == [
        "me.example",
        "shop.example",
        "bare.example",
    ]
