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


def test_a_member_who_is_not_staff_follows_the_rules(settings):
    assert status(user=UserFactory()) == CommentStatus.PENDING
    settings.COMMENTS_MODERATION = "none"
    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)
    assert status("Casino !", user=UserFactory()) == CommentStatus.SPAM


def test_a_member_is_known_by_their_account_not_by_a_name_they_share():
    member, other = UserFactory(), UserFactory()
    CommentFactory(user=other, author_name="Bastien", author_email="bastien@example.org")
    assert status(user=member) == CommentStatus.PENDING
    CommentFactory(user=member, status=CommentStatus.PENDING)
    assert status(user=member) == CommentStatus.PENDING
    CommentFactory(user=member)
    assert status(user=member, author_name="", author_email="") == CommentStatus.APPROVED


def test_a_guest_without_a_name_or_an_email_is_held():
    CommentFactory(author_name="", author_email="")
    assert status(author_name="", author_email="") == CommentStatus.PENDING
    CommentFactory(author_name="Bastien", author_email="")
    assert status(author_email="") == CommentStatus.PENDING


def test_a_guest_known_only_by_a_pending_comment_is_held():
    CommentFactory(author_name="Bastien", author_email="bastien@example.org", status="pending")
    assert status() == CommentStatus.PENDING


def test_a_blank_moderation_word_matches_nothing():
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    ModerationWord.objects.create(word="   ", action=WordAction.SPAM)
    ModerationWord.objects.create(word="", action=WordAction.HOLD)
    assert status() == CommentStatus.APPROVED


def test_words_are_matched_whatever_their_case_and_spaces():
    CommentFactory(author_name="Bastien", author_email="bastien@example.org")
    ModerationWord.objects.create(word=" CASINO ", action=WordAction.SPAM)
    ModerationWord.objects.create(word="Promo", action=WordAction.HOLD)
    assert status("Le casino du coin.") == CommentStatus.SPAM
    assert status("Une PROMO !") == CommentStatus.PENDING
    assert status("Bonjour.", user_agent="PromoBot") == CommentStatus.PENDING


def test_a_spam_word_wins_over_a_hold_word_and_over_staff_only_for_guests():
    ModerationWord.objects.create(word="casino", action=WordAction.HOLD)
    ModerationWord.objects.create(word="poker", action=WordAction.SPAM)
    assert status("casino et poker") == CommentStatus.SPAM
    assert status("casino et poker", user=StaffFactory()) == CommentStatus.APPROVED


def learned_spam_from(email="spammeur@example.org"):
    from comments.services import comment_moderate

    spam = CommentFactory(author_email=email, ip_address="203.0.113.9")
    comment_moderate(comment=spam, status=CommentStatus.SPAM, moderator=StaffFactory())


def test_what_moderators_marked_as_spam_decides_unless_learning_is_off(
    settings, django_capture_on_commit_callbacks
):
    from comments.spam_models import ModerationRules

    settings.COMMENTS_MODERATION = "none"
    with django_capture_on_commit_callbacks(execute=True):
        learned_spam_from()
    assert status(author_email="spammeur@example.org") == CommentStatus.SPAM
    assert status(kind=CommentKind.PINGBACK, ip_address="203.0.113.9") == CommentStatus.SPAM
    ModerationRules.objects.create(learn_from_spam=False)
    assert status(author_email="spammeur@example.org") == CommentStatus.APPROVED


def test_the_admins_link_limit_replaces_the_setting(settings):
    from comments.spam_models import ModerationRules

    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_MAX_LINKS = 2
    two = "Voir pills.xyz et cheap.shop"
    three = "Voir pills.xyz, cheap.shop et gadgets.io"
    assert status("Voir pills.xyz") == CommentStatus.APPROVED
    assert status(two) == CommentStatus.PENDING
    rules = ModerationRules.objects.create(max_links=3)
    assert status(two) == CommentStatus.APPROVED
    assert status(three) == CommentStatus.PENDING
    rules.max_links = 0
    rules.save()
    assert status(three) == CommentStatus.APPROVED
    rules.max_links = None
    rules.save()
    assert status(two) == CommentStatus.PENDING
    settings.COMMENTS_MAX_LINKS = 0
    assert status(three) == CommentStatus.APPROVED


def test_pings_are_not_held_for_their_links_or_hold_words(settings):
    settings.COMMENTS_MODERATE_PINGS = False
    ModerationWord.objects.create(word="promo", action=WordAction.HOLD)
    body = "promo sur pills.xyz et cheap.shop"
    assert status(body, kind=CommentKind.PINGBACK) == CommentStatus.APPROVED


@pytest.mark.parametrize(
    ("body_html", "links"),
    [
        ('<p><a href="https://a.example">a</a> et <a href="https://b.example">b</a></p>', 2),
        ('<p><a href="https://a.example">pills.xyz</a></p>', 1),  # the link's own text: once
        ("<p>Voir pills.xyz</p>", 1),
        ("<p>Voir &lt;b&gt;pills.xyz&lt;/b&gt;</p>", 1),
        ("<p>pills.xyz/cheap.shop</p>", 1),
        ("<p>écrire à jean@pills.xyz</p>", 0),
        ("<p>Un fichier notes.PDF et data.json</p>", 0),
        ("<p>Un domaine xn--caf-dma.xn--p1ai</p>", 1),
        ('<p>voir<a href="https://a.example">ici</a>.xyz</p>', 1),  # text glued to a link
        ("<p>sous.domaine.exemple.org</p>", 1),
        ("<p>Voir PILLS.XYZ</p>", 1),
        ("<p>Voir Pills.Xyz</p>", 0),
        ("", 0),
    ],
)
def test_links_counted(body_html, links):
    from comments.moderation import count_links

    assert count_links(body_html) == links


def test_names_are_normalised_for_filters():
    from comments.moderation import normalise_text

    assert normalise_text("\uff23a\u200bsi\u00adno\ufeff") == "Casino"
    assert normalise_text(None) == ""
    assert normalise_text(12) == "12"


def test_comments_close_exactly_after_their_days(settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    post = PostFactory(published_at=timezone.now() - timedelta(days=14, seconds=-1))
    assert comments_open(post)
    post.published_at = timezone.now() - timedelta(days=14)
    assert not comments_open(post)


def test_a_word_is_matched_within_one_field_not_across_fields_or_empty_ones():
    CommentFactory(author_name="Félix", author_email="felix@example.org")
    ModerationWord.objects.create(word="xxx", action=WordAction.SPAM)
    assert status(author_name="Félix", author_email="felix@example.org", user_agent="") == (
        CommentStatus.APPROVED
    )
    assert status("Du xxx ici", author_name="Félix", author_email="felix@example.org") == (
        CommentStatus.SPAM
    )
