"""Whole French titles for the admin's pages, where Django glues a model's name into a sentence.

Django titles an add page `"Ajout de %s" % verbose_name` ("Ajout de image"), a change page
"Modification de image" and a list "Sélectionnez l’objet image à changer": French needs the article
and its gender, which only a whole sentence per model can give (the delete action of a list too). The middleware swaps Django's own
titles (never a title a model admin chose) before the page is rendered; the add button of the lists
and the add page's breadcrumb read the same sentence (templates/admin/).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# model label: (add, change, view) titles.
TITLES = {
    "blog.post": (_("Add a post"), _("Edit the post"), _("The post")),
    "blog.page": (_("Add a page"), _("Edit the page"), _("The page")),
    "blog.category": (_("Add a category"), _("Edit the category"), _("The category")),
    "blog.tag": (_("Add a tag"), _("Edit the tag"), _("The tag")),
    "blog.siteidentity": (
        _("Add the site identity"),
        _("Edit the site identity"),
        _("The site identity"),
    ),
    "images.image": (_("Add an image"), _("Edit the image"), _("The image")),
    "comments.comment": (_("Add a comment"), _("Edit the comment"), _("The comment")),
    "comments.moderationword": (
        _("Add a moderation word"),
        _("Edit the moderation word"),
        _("The moderation word"),
    ),
    "comments.moderationrules": (
        _("Add moderation rules"),
        _("Edit the moderation rules"),
        _("The moderation rules"),
    ),
    "auth.user": (_("Add a user"), _("Edit the user"), _("The user")),
    "auth.group": (_("Add a group"), _("Edit the group"), _("The group")),
    "subscriptions.subscription": (
        _("Add a subscription"),
        _("Edit the subscription"),
        _("The subscription"),
    ),
    "subscriptions.delivery": (_("Add an e-mail"), _("Edit the e-mail"), _("The e-mail")),
    "subscriptions.mailpreference": (
        _("Add a mail preference"),
        _("Edit the mail preference"),
        _("The mail preference"),
    ),
    "wordpress.importrun": (
        _("Add a WordPress import"),
        _("Edit the WordPress import"),
        _("The WordPress import"),
    ),
    "wordpress.attachment": (
        _("Add a WordPress attachment"),
        _("Edit the WordPress attachment"),
        _("The WordPress attachment"),
    ),
    "accounts.securityevent": (
        _("Add a sign-in event"),
        _("Edit the sign-in event"),
        _("The sign-in event"),
    ),
    "fediverse.domainblock": (
        _("Add a blocked instance"),
        _("Edit the blocked instance"),
        _("The blocked instance"),
    ),
    "fediverse.follower": (_("Add a follower"), _("Edit the follower"), _("The follower")),
}
ADD, CHANGE, VIEW = range(3)

# The list's delete action, for the models whose name is feminine (Django's French says
# "sélectionnés" whatever the gender).
DELETE_SELECTED = {
    "blog.page": _("Delete the selected pages"),
    "blog.category": _("Delete the selected categories"),
    "blog.tag": _("Delete the selected tags"),
    "blog.siteidentity": _("Delete the selected site identities"),
    "images.image": _("Delete the selected images"),
    "comments.moderationrules": _("Delete the selected moderation rules"),
    "subscriptions.mailpreference": _("Delete the selected mail preferences"),
    "fediverse.domainblock": _("Delete the selected blocked instances"),
}


class AdminTitlesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = response.context_data
        opts = context.get("opts") if isinstance(context, dict) else None
        if opts is None or not request.path.startswith(_admin_prefix()):
            return response
        titles = TITLES.get(opts.label_lower)
        title = str(context.get("title", ""))
        name = opts.verbose_name
        if "cl" in context:
            if title in (
                gettext("Select %s to change") % name,
                gettext("Select %s to view") % name,
            ):
                context["title"] = capfirst(opts.verbose_name_plural)
            if titles:
                context["carnet_add_title"] = titles[ADD]
            _name_the_delete_action(context, opts)
        elif "adminform" in context and titles:
            chosen = {
                gettext("Add %s") % name: ADD,
                gettext("Change %s") % name: CHANGE,
                gettext("View %s") % name: VIEW,
            }.get(title)
            if chosen is not None:
                context["title"] = titles[chosen]
        return response


def _name_the_delete_action(context, opts):
    label = DELETE_SELECTED.get(opts.label_lower)
    form = context.get("action_form")
    if label is None or form is None:
        return
    field = form.fields["action"]
    field.choices = [
        (name, label if name == "delete_selected" else text) for name, text in field.choices
    ]


def _admin_prefix():
    from django.urls import reverse

    return reverse("admin:index")
