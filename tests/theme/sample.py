"""A small blog to look at: posts with code, categories, tags and a thread five replies deep."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import CategoryFactory, CommentFactory, PostFactory, TagFactory

BODY = """Le carnet s’ouvre sur une question simple : qu’est-ce qu’un texte agréable à lire sur un \
téléphone comme sur un grand écran ? Une mesure confortable, un interligne généreux et des titres \
qui se distinguent sans crier.

## Un peu de code

```python
def bonjour(nom: str) -> str:
    # Une salutation polie.
    return f"Bonjour, {nom} !"
```

> La typographie est au service du texte, jamais l’inverse.

Une liste pour finir :

- des [liens soulignés](https://example.org/) ;
- du `code en ligne` ;
- et une fin de paragraphe[^1].

[^1]: Une note de bas de page, avec son lien de retour.
"""

REPLIES = [
    "Recette suivie à la lettre ce matin : la croûte chante en refroidissant, "
    "mais ma mie reste un peu serrée.",
    "Essayez une hydratation un peu plus haute, et un levain rafraîchi la veille.",
    "Bonne idée ; chez moi le four met aussi vingt minutes à chauffer.",
    "La patience reste le meilleur des levains, le reste suit.",
    "Une recette se transmet mieux quand on raconte aussi ses ratés.",
]


def build_blog():
    """Return (post, other posts): a post with code and a five-deep thread, and a few others."""
    category = CategoryFactory(name="Carnets de route", slug="carnets")
    tag = TagFactory(name="typographie", slug="typographie")
    now = timezone.now()
    others = [
        PostFactory(
            title=f"Notes de lecture numéro {n}",
            published_at=now - timedelta(days=10 + n),
            categories=[category],
            tags=[tag],
        )
        for n in range(3)
    ]
    post = PostFactory(
        title="Le pain du dimanche, pas à pas !",
        body=BODY,
        published_at=now - timedelta(days=2),
        categories=[category],
        tags=[tag],
    )
    parent = None
    for depth, text in enumerate(REPLIES):
        parent = CommentFactory(
            post=post,
            parent=parent,
            author_name=f"Lectrice {depth + 1}",
            body=text,
            body_html=f"<p>{text}</p>",
            created_at=now - timedelta(hours=20 - depth),
        )
    CommentFactory(
        post=post, author_name="Jules", body=REPLIES[3], body_html=f"<p>{REPLIES[3]}</p>"
    )
    return post, others
