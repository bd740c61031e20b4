"""WordPress's discussion rules: policies, links, word lists, pings, closing by age."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import CommentKind, CommentStatus, ModerationWord, WordAction
from comments.moderation import comments_open, decide_status
from tests.factories import CommentFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def status(body="Bonjour.", user=None, kind=CommentKind.COMMENT, **fields):
    from blog.markup import render_comment

    values = {
        "author_name": "Bastien",
        "author_email": "bastien@example.org",
        "author_url": "",
        "body": body,
        "ip_address": "192.0.2.10",
        "user_agent": "Mozilla/5.0",
        **fields,
    }
    return decide_status(user=user, kind=kind, fields=values, body_html=render_comment(body))


@pytest.mark.parametrize(
    "policy, expected",
    [("first_time", "pending"), ("all", "pending"), ("none", "approved")],
)
def test_policies_for_a_new_guest(settings, policy, expected):
    settings.COMMENTS_MODERATION = policy
    assert status() == expected


def test_first_time_approves_a_known_name_and_email_but_all_holds_it(settings):
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status(author_email="Bastien@Example.org") == CommentStatus.APPROVED
    settings.COMMENTS_MODERATION = "all"
    assert status() == CommentStatus.PENDING


@pytest.mark.parametrize(
    "name, email",
    [
        ("Mallory", "bastien@example.org"),  # someone else's approved e-mail, another name
        ("bastien", "bastien@example.org"),  # the name is compared exactly
        ("Bastien", "mallory@example.org"),
        ("", "bastien@example.org"),
    ],
)
def test_first_time_needs_the_same_name_and_email(name, email):
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    CommentFactory(author_name="Mallory", author_email="m@example.org", status="pending")
    assert status(author_name=name, author_email=email) == CommentStatus.PENDING


def test_member_known_by_account():
    member = UserFactory()
    assert status(user=member) == CommentStatus.PENDING
    CommentFactory(user=member)
    assert status(user=member) == CommentStatus.APPROVED


def test_staff_always_approved(settings):
    settings.COMMENTS_MODERATION = "all"
    assert (
        status(user=StaffFactory(), body="http://a.example.org http://b.example.org") == "approved"
    )


def test_two_links_hold_even_a_known_author(settings):
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status("Voir http://a.example.org") == CommentStatus.APPROVED
    assert status("Voir http://a.example.org et [b](http://b.example.org)") == CommentStatus.PENDING
    settings.COMMENTS_MAX_LINKS = 0
    assert status("Voir http://a.example.org et http://b.example.org") == CommentStatus.APPROVED


@pytest.mark.parametrize(
    "field, value",
    [
        ("body", "Achetez du VIAGRA ici"),
        ("author_name", "Casino royal"),
        ("author_email", "bot@spam-casino.example"),
        ("author_url", "https://viagra.example"),
        ("ip_address", "203.0.113.66"),
        ("user_agent", "EvilBot/1.0"),
    ],
)
def test_disallowed_words_in_any_field_make_spam(field, value):
    for word in ("viagra", "casino", "203.0.113.66", "evilbot"):
        ModerationWord.objects.create(word=word, action=WordAction.SPAM)
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status(**{field: value}) == CommentStatus.SPAM


def test_moderation_words_hold():
    ModerationWord.objects.create(word="press", action=WordAction.HOLD)
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status("J’utilise WordPress.") == CommentStatus.PENDING
    assert status("Rien à signaler.") == CommentStatus.APPROVED


def test_pings_held_unless_setting_off_and_spam_words_still_apply(settings):
    assert status(kind=CommentKind.PINGBACK) == CommentStatus.PENDING
    settings.COMMENTS_MODERATE_PINGS = False
    assert status(kind=CommentKind.WEBMENTION) == CommentStatus.APPROVED
    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)
    assert status(kind=CommentKind.PINGBACK, author_name="Casino") == CommentStatus.SPAM


def test_a_fediverse_reply_follows_the_comment_rules_not_the_ping_rules(settings):
    settings.COMMENTS_MODERATE_PINGS = False
    assert status(kind=CommentKind.ACTIVITYPUB) == CommentStatus.PENDING  # first time: held
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status(kind=CommentKind.ACTIVITYPUB) == CommentStatus.APPROVED
    settings.COMMENTS_MODERATE_PINGS = True
    assert status(kind=CommentKind.ACTIVITYPUB, body="http://a.example http://b.example") == (
        CommentStatus.PENDING
    )


def test_comments_close_by_switch_or_after_days(settings):
    post = PostFactory(published_at=timezone.now() - timedelta(days=20))
    assert comments_open(post)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    assert not comments_open(post)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    post.comments_open = False
    assert not comments_open(post)


def test_a_mistyped_policy_fails_the_system_check(settings):
    from comments.checks import check_discussion_settings

    assert check_discussion_settings() == []
    settings.COMMENTS_MODERATION = "first-time"
    assert [error.id for error in check_discussion_settings()] == ["comments.E001"]


@pytest.mark.parametrize(
    "body",
    [
        "Voir pills.xyz et cheap.shop",
        "Voir https://pills.xyz/promo et www.cheap.shop",
        "Voir PILLS.XYZ, puis gadgets.io.",
        "[ici](https://a.example.org) ou montres.top",
    ],
)
def test_links_are_counted_as_spammers_write_them(body):
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status(body) == CommentStatus.PENDING


@pytest.mark.parametrize(
    "body",
    [
        "Voir pills.xyz, c’est tout.",  # one link is conversation
        "J’utilise Node.js avec settings.py et index.html.",  # file names
        "C’est fini.Merci, à bientôt.",  # a missing space
    ],
)
def test_what_is_not_two_links_is_not_held(body):
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    assert status(body) == CommentStatus.APPROVED


@pytest.mark.parametrize(
    "field, value",
    [
        ("body", "Le meilleur ca\u200bsino en ligne"),
        ("body", "Le meilleur \uff43\uff41\uff53\uff49\uff4e\uff4f"),  # full-width letters
        ("body", "Le meilleur cas\u202eino"),
        ("body", "Le meilleur c\u00adasi\u2060no"),
        ("author_name", "Ca\u200dsino\u200e Royal"),
    ],
)
def test_words_match_through_invisible_and_styled_characters(field, value):
    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)
    assert status(**{field: value}) == CommentStatus.SPAM
