"""Demo content for a new site, in our own words: a few months of a small French blog."""

from datetime import timedelta

from django.utils import timezone

CATEGORIES = [
    # (name, slug, parent slug)
    ("Voyages", "voyages", None),
    ("Bretagne", "bretagne", "voyages"),
    ("Cuisine", "cuisine", None),
    ("Lectures", "lectures", None),
]

TAGS = ["marche", "mer", "pain", "saisons", "romans", "carnets"]

POSTS = [
    # (days ago, title, slug, categories, tags, body)
    (
        150,
        "Ouvrir un carnet",
        "ouvrir-un-carnet",
        ["lectures"],
        ["carnets"],
        "Tenir un carnet, c’est accepter d’écrire des choses inachevées. Celui-ci servira à "
        "garder la trace de ce qui passe : des routes, des recettes, des livres.\n\n<!--more-->\n\n"
        "Il n’y aura pas de rythme imposé. Un billet quand l’envie vient, un autre quand une "
        "idée insiste.\n\n## Ce que vous trouverez ici\n\n- des récits de marche ;\n"
        "- des recettes éprouvées (et parfois ratées) ;\n- des notes de lecture.",
    ),
    (
        132,
        "Le pain du dimanche",
        "le-pain-du-dimanche",
        ["cuisine"],
        ["pain", "saisons"],
        "Le levain a passé la nuit sur le rebord de la fenêtre. Au matin, il avait doublé.\n\n"
        "| Ingrédient | Quantité |\n|---|---|\n| Farine T80 | 500 g |\n| Eau | 350 g |\n"
        "| Levain | 100 g |\n| Sel | 10 g |\n\nLa cuisson demande un four très chaud[^four].\n\n"
        "[^four]: 250 °C au départ, puis 220 °C après dix minutes.",
    ),
    (
        118,
        "Sentier des douaniers",
        "sentier-des-douaniers",
        ["bretagne"],
        ["marche", "mer"],
        "Trois jours à suivre la côte, de crique en pointe. Le vent changeait d’avis toutes les "
        "heures.\n\n<!--more-->\n\nLe deuxième soir, une averse nous a poussés dans un abri de "
        "pêcheurs où quelqu’un avait laissé un livre de poche gonflé d’humidité.",
    ),
    (
        97,
        "Ce que j’ai lu cet hiver",
        "ce-que-j-ai-lu-cet-hiver",
        ["lectures"],
        ["romans", "saisons"],
        "Une liste courte, parce que l’hiver l’a été aussi.\n\n1. un roman d’aventures relu "
        "avec plaisir ;\n2. un essai sur les jardins ;\n3. un recueil de nouvelles lu dans le train.",
    ),
    (
        80,
        "Soupe de marché",
        "soupe-de-marche",
        ["cuisine"],
        ["saisons"],
        "Ce qui restait sur l’étal à midi : des poireaux, deux pommes de terre, un céleri "
        "fatigué. Il n’en faut pas plus.\n\n```text\nfaire revenir, mouiller, attendre, mixer\n```",
    ),
    (
        61,
        "Marées d’équinoxe",
        "marees-d-equinoxe",
        ["bretagne", "voyages"],
        ["mer"],
        "À marée basse, l’estran découvre des kilomètres de sable et de roches. On marche là où, "
        "six heures plus tard, il y aura trois mètres d’eau.",
    ),
    (
        44,
        "Relire lentement",
        "relire-lentement",
        ["lectures"],
        ["romans", "carnets"],
        "Relire un livre aimé, c’est découvrir qu’on ne l’avait pas lu tout à fait. *Les détails "
        "reviennent*, les phrases aussi.",
    ),
    (
        25,
        "Un week-end à pied",
        "un-week-end-a-pied",
        ["voyages"],
        ["marche"],
        "Partir le samedi matin sans autre plan qu’une carte et un thermos. Revenir le dimanche "
        "soir, les jambes lourdes et la tête vide.\n\n> La meilleure étape est celle qu’on n’avait "
        "pas prévue.",
    ),
    (
        6,
        "Confiture de coings",
        "confiture-de-coings",
        ["cuisine"],
        ["saisons"],
        "Les coings sont durs comme des pierres et parfument toute la cuisine. La patience est "
        "l’ingrédient principal : deux heures de cuisson douce.",
    ),
]

DRAFT = ("Brouillon : idées de randonnées", "idees-de-randonnees", "Liste à compléter.")
SCHEDULED = (
    "Bientôt : le carnet fête ses six mois",
    "le-carnet-fete-ses-six-mois",
    "Un petit bilan, à paraître la semaine prochaine.",
)
ABOUT = (
    "À propos",
    "a-propos",
    "Ce carnet est tenu par une personne qui aime marcher, cuisiner et lire, souvent dans cet "
    "ordre. Les commentaires sont les bienvenus.",
)


_extras = []  # functions(posts) adding what other apps show under the demo posts


def register(extra):
    """Let `extra(posts)` add to the demo (the comments app: a discussion under a post); apps
    call it in their AppConfig.ready, so the blog needs none of them."""
    _extras.append(extra)


def create_demo_content(author):
    """Create the demo categories, tags, posts and page. Call it on an empty database only."""
    from .models import Category, Page, Post, Status, Tag

    now = timezone.now()
    categories = {}
    for name, slug, parent in CATEGORIES:
        categories[slug] = Category.objects.create(
            name=name, slug=slug, parent=categories.get(parent)
        )
    tags = {slug: Tag.objects.create(name=slug.capitalize(), slug=slug) for slug in TAGS}
    posts = {}
    for days, title, slug, category_slugs, tag_slugs, body in POSTS:
        post = posts[slug] = Post.objects.create(
            title=title,
            slug=slug,
            author=author,
            body=body,
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=days, hours=3),
            announced_at=now,
        )
        post.categories.set(categories[s] for s in category_slugs)
        post.tags.set(tags[s] for s in tag_slugs)
    Post.objects.create(title=DRAFT[0], slug=DRAFT[1], body=DRAFT[2], author=author)
    Post.objects.create(
        title=SCHEDULED[0],
        slug=SCHEDULED[1],
        body=SCHEDULED[2],
        author=author,
        status=Status.PUBLISHED,
        published_at=now + timedelta(days=7),
    )
    for extra in _extras:
        extra([posts["le-pain-du-dimanche"]])
    Page.objects.create(
        title=ABOUT[0], slug=ABOUT[1], body=ABOUT[2], author=author, status=Status.PUBLISHED
    )
