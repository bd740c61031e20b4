"""A small demo discussion, in our own words, about the demo blog's bread post."""

from datetime import timedelta

from .models import Comment, CommentKind, CommentStatus
from .rendering import comment_html

PING_EXCERPT = "[…] une recette simple, comme celle de ce billet […]"

THREAD = [
    # (key, reply to, author, text)
    (
        "lea",
        None,
        "Léa",
        "J’ai suivi la recette samedi : la croûte était parfaite, mais la mie un peu dense. "
        "Faut-il *plus d’eau* ?",
    ),
    (
        "auteur",
        "lea",
        "Camille",
        "Merci Léa ! Plutôt un levain plus actif : rafraîchissez-le la veille au soir.",
    ),
    ("lea2", "auteur", "Léa", "Je tente la semaine prochaine et je vous dis."),
    (
        "marc",
        None,
        "Marc",
        "Pour ceux qui n’ont pas de cocotte, une plaque et un bol d’eau chaude dans le four "
        "font très bien l’affaire.",
    ),
    ("sam", "marc", "Sam", "Testé hier avec une plaque : ça marche, merci du conseil."),
]


def create_demo_comments(posts):
    """Add the demo thread and a pingback to the first of `posts` that has no comment yet.

    Comments are created through the model (not `comment_create`): demo content skips the
    moderation rules and the signals. Returns the comments created.
    """
    post = next((p for p in posts if not p.comments.exists()), None)
    if post is None:
        return []
    made = {}
    for hours, (key, parent, author, text) in enumerate(THREAD, start=2):
        made[key] = Comment.objects.create(
            post=post,
            created_at=post.published_at + timedelta(hours=hours * 5),
            parent=made.get(parent),
            author_name=author,
            author_email=f"{author.lower()}@example.org",
            body=text,
            body_html=comment_html(text),
            status=CommentStatus.APPROVED,
        )
    made["ping"] = Comment.objects.create(
        post=post,
        created_at=post.published_at + timedelta(days=3),
        author_name="Le fournil du coin : nos essais de levain",
        author_url="https://example.org/fournil/levain/",
        body=PING_EXCERPT,
        body_html=comment_html(PING_EXCERPT),
        status=CommentStatus.APPROVED,
        kind=CommentKind.PINGBACK,
    )
    return list(made.values())
