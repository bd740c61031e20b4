"""Writing a WordPress export's records into Carnet, batch by batch, matching on WordPress ids.

`Importer.feed()` takes the records of `wxr.read()` in file order; `finish()` writes what is left.
Everything already imported (same WordPress id) is left as it is, so a second run adds nothing.
Posts and comments go in with `bulk_create` (no signals: an import announces nothing, mails
nobody); categories and pages, few and nested, with ordinary saves.
"""

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from blog.markup import Markup
from blog.models import Category, Page, Post, Status, Tag

from . import conf, content, wxr
from .models import Attachment, ImportedAuthor
from .report import Kind, Note, Skip
from .threads import ThreadWriter

SKIPPED_STATUSES = {"trash": Skip.TRASH, "auto-draft": Skip.TRASH}


class Importer:
    def __init__(self, *, report):
        self.report = report
        self.batch = conf.settings.WORDPRESS_IMPORT_BATCH
        self.users, self.users_by_wp_id = {}, {}
        self.terms, self.terms_done = [], False
        self.categories, self.tags = {}, {}
        self.posts, self.pages, self.attachments = [], [], []
        self.threads = ThreadWriter(report, self.users_by_wp_id)
        self.seen = set()  # (post type, WordPress id): an item listed twice is imported once

    def feed(self, record):
        if isinstance(record, wxr.Site):
            # Each file of a multi-file export has its own header of authors and terms.
            self._flush_terms()
            self.terms_done = False
        elif isinstance(record, wxr.Author):
            self._author(record)
        elif isinstance(record, wxr.Term):
            self.terms.append(record)
        elif isinstance(record, wxr.Item):
            self._item(record)

    def finish(self):
        self._flush_terms()
        self._flush_posts()
        self._write_pages()
        self._flush_attachments()
        Attachment.objects.filter(post=None, parent_wp_id__isnull=False).update(
            post=Subquery(Post.objects.filter(wp_id=OuterRef("parent_wp_id")).values("pk")[:1])
        )
        self.threads.finish()

    # Authors

    def _author(self, record):
        user = self._user(record.login, record)
        if record.wp_id:
            self.users_by_wp_id[record.wp_id] = user
            ImportedAuthor.objects.update_or_create(wp_id=record.wp_id, defaults={"user": user})

    def _user(self, login, record=None):
        """The user whose username is `login`, created (without a usable password) if new."""
        # Real exports have stray brackets around a login (`<dc:creator>>name</dc:creator>`).
        login = ((login or "").strip().strip("<>").strip() or "wordpress")[:150]
        if login in self.users:
            return self.users[login]
        user_model = get_user_model()
        user = user_model.objects.filter(username=login).first()
        if user:
            self.report.already(Kind.AUTHOR)
        else:
            user = user_model(username=login)
            if record:
                user.email = record.email[:254]
                user.first_name = content.text(record.first_name, 150)
                user.last_name = content.text(record.last_name, 150)
                if not (user.first_name or user.last_name):
                    user.first_name = content.text(record.display_name, 150)
            user.set_unusable_password()
            user.save()
            self.report.add(Kind.AUTHOR)
        self.users[login] = user
        return user

    # Categories and tags

    def _flush_terms(self):
        if self.terms_done:
            return
        self.terms_done = True
        categories = {}
        for term in self.terms:
            if term.taxonomy == "category":
                categories.setdefault(content.slug_from(term.slug, term.name), term)
            elif term.taxonomy != "post_tag":
                self.report.skip(term.taxonomy, Skip.TAXONOMY)
        for slug in categories:
            self._category_in_order(slug, categories, set())
        self._tags([t for t in self.terms if t.taxonomy == "post_tag"])
        self.terms = []

    def _category_in_order(self, slug, terms, visiting):
        """Create the category `slug` after its parent (WordPress names parents by slug)."""
        if slug in self.categories or slug in visiting:
            return self.categories.get(slug)
        visiting.add(slug)
        term = terms[slug]
        parent_slug = content.slug_from(term.parent_slug, "")
        parent = None
        if parent_slug in terms:
            parent = self._category_in_order(parent_slug, terms, visiting)
        elif parent_slug:
            parent = (
                self.categories.get(parent_slug)
                or Category.objects.filter(slug=parent_slug).first()
            )
        return self._category(slug, term.name, parent, term.description, term.wp_id)

    def _category(self, slug, name, parent=None, description="", wp_id=None):
        match = Q(slug=slug) | Q(wp_id=wp_id) if wp_id else Q(slug=slug)
        category = Category.objects.filter(match).first()
        if category:
            self.report.already(Kind.CATEGORY)
        else:
            category = Category(
                name=content.text(name, 200) or slug,
                slug=slug,
                parent=parent,
                description=content.text(description),
                wp_id=wp_id,
            )
            category.save()
            self.report.add(Kind.CATEGORY)
        self.categories[slug] = category
        return category

    def _tags(self, terms):
        wanted = {content.slug_from(t.slug, t.name): t for t in terms}
        ids = [t.wp_id for t in terms if t.wp_id]
        for tag in Tag.objects.filter(Q(slug__in=list(wanted)) | Q(wp_id__in=ids)):
            same_id = [s for s, t in wanted.items() if tag.wp_id and t.wp_id == tag.wp_id]
            self.tags[same_id[0] if same_id else tag.slug] = tag
        new = [
            Tag(name=content.text(t.name, 200) or slug, slug=slug, wp_id=t.wp_id)
            for slug, t in wanted.items()
            if slug not in self.tags
        ]
        for tag in Tag.objects.bulk_create(new, batch_size=self.batch):
            self.tags[tag.slug] = tag
        self.report.add(Kind.TAG, len(new))
        self.report.already(Kind.TAG, len(wanted) - len(new))

    def _term_objects(self, item):
        """The categories and tags an item is filed under, created if the header missed them."""
        categories, tags = [], []
        for domain, nicename, name in item.terms:
            slug = content.slug_from(nicename, name)
            if not slug:
                continue
            if domain == "category":
                categories.append(self.categories.get(slug) or self._category(slug, name))
            elif domain in ("post_tag", "tag"):
                if slug not in self.tags:
                    self.tags[slug] = Tag.objects.get_or_create(
                        slug=slug, defaults={"name": content.text(name, 200) or slug}
                    )[0]
                tags.append(self.tags[slug])
        return categories, tags

    # Items

    def _item(self, item):
        self._flush_terms()
        if not item.wp_id:
            label = _item_label(item)
            self.report.skip(item.post_type, Skip.NO_POST_ID, label=label)
            return
        self._drop_comments_without_id(item)
        key = (item.post_type, item.wp_id)
        if key in self.seen:
            return
        if item.post_type in ("post", "page", "attachment"):
            self.seen.add(key)
        if item.status in SKIPPED_STATUSES and item.post_type in ("post", "page"):
            self.report.skip(item.post_type, SKIPPED_STATUSES[item.status])
        elif item.post_type == "post":
            self.posts.append(item)
            if len(self.posts) >= self.batch:
                self._flush_posts()
        elif item.post_type == "page":
            self.pages.append(item)
        elif item.post_type == "attachment":
            self.attachments.append(item)
            if len(self.attachments) >= self.batch:
                self._flush_attachments()
        else:
            self.report.skip(item.post_type, Skip.POST_TYPE)

    def _drop_comments_without_id(self, item):
        kept = []
        for comment in item.comments:
            if comment.wp_id:
                kept.append(comment)
            else:
                label = f"{_item_label(item)} — {comment.author.strip() or '?'}, {comment.date}"
                self.report.skip(Kind.COMMENT, Skip.NO_COMMENT_ID, label=label)
        item.comments = kept

    def _flush_posts(self):
        items, self.posts = self.posts, []
        if not items:
            return
        existing = {
            p.wp_id: p
            for p in Post.objects.filter(wp_id__in=[i.wp_id for i in items]).only(
                "pk", "wp_id", "title", "published_at"
            )
        }
        self.report.already(Kind.POST, len(existing))
        fresh = [i for i in items if i.wp_id not in existing]
        slugs = _SlugBook(Post.objects, [content.slug_from(i.slug, i.title) for i in fresh])
        new = [(item, self._post(item, slugs)) for item in fresh]
        Post.objects.bulk_create([post for _item, post in new], batch_size=self.batch)
        self._file_posts(new)
        posts = {**existing, **{post.wp_id: post for _item, post in new}}
        self.threads.write([(posts[i.wp_id], i.comments) for i in items if i.comments])

    def _post(self, item, slugs):
        status, reason = content.post_status(item)
        title = content.text(item.title, 300)
        published_at = content.wp_datetime(item.date_gmt, item.date) or timezone.now()
        post = Post(
            wp_id=item.wp_id,
            title=title,
            slug=slugs.unique(content.slug_from(item.slug, item.title) or f"post-{item.wp_id}"),
            author=self._user(item.creator),
            markup=Markup.HTML,
            body=item.content,
            excerpt=item.excerpt,
            status=status,
            published_at=published_at,
            sticky=item.sticky,
            comments_open=item.comment_status == "open",
            pings_open=item.ping_status == "open",
        )
        post.render_html()  # bulk_create does not call save()
        # Already public on WordPress: announcing (pinging every link) again would be spam.
        if post.is_public:
            post.announced_at = published_at
        self._note_changes(item, post, reason)
        self.report.add(Kind.POST)
        self.report.post_statuses[_status_key(post)] += 1
        return post

    def _note_changes(self, item, obj, reason):
        if reason:
            self.report.note(reason, obj.title)
        wanted = content.slug_from(item.slug, item.title)
        if wanted and wanted != obj.slug:
            self.report.note(Note.RENAMED, f"{wanted} → {obj.slug}")
        for name in content.shortcodes(item.content):
            self.report.note(Note.SHORTCODE, f"[{name}] {obj.title}")

    def _file_posts(self, new):
        category_rows, tag_rows = [], []
        for item, post in new:
            categories, tags = self._term_objects(item)
            category_rows += [
                Post.categories.through(post_id=post.pk, category_id=c.pk) for c in set(categories)
            ]
            tag_rows += [Post.tags.through(post_id=post.pk, tag_id=t.pk) for t in set(tags)]
        Post.categories.through.objects.bulk_create(category_rows, batch_size=self.batch)
        Post.tags.through.objects.bulk_create(tag_rows, batch_size=self.batch)

    # Pages: few and nested, written at the end once every parent is known.

    def _write_pages(self):
        items = {item.wp_id: item for item in self.pages}
        self.pages = []
        done = {p.wp_id: p for p in Page.objects.filter(wp_id__in=list(items))}
        self.report.already(Kind.PAGE, len(done))
        # A page imported before may have new comments (a later export): the writer adds those.
        self.threads.write([(done[w], items[w].comments) for w in done if items[w].comments])
        for wp_id in items:
            self._page_in_order(wp_id, items, done)

    def _page_in_order(self, wp_id, items, done):
        if wp_id in done:
            return done[wp_id]
        done[wp_id] = None  # a parent loop in a damaged file ends here, at the top level
        item = items[wp_id]
        parent = None
        if item.parent_wp_id in items:
            parent = self._page_in_order(item.parent_wp_id, items, done)
        elif item.parent_wp_id:
            parent = Page.objects.filter(wp_id=item.parent_wp_id).first()
        done[wp_id] = self._page(item, parent)
        return done[wp_id]

    def _page(self, item, parent):
        status, reason = content.post_status(item)
        siblings = Page.objects.filter(parent=parent)
        slugs = _SlugBook(siblings, [content.slug_from(item.slug, item.title)])
        page = Page(
            wp_id=item.wp_id,
            title=content.text(item.title, 300),
            slug=slugs.unique(content.slug_from(item.slug, item.title) or f"page-{item.wp_id}"),
            parent=parent,
            menu_order=item.menu_order,
            author=self._user(item.creator),
            markup=Markup.HTML,
            body=item.content,
            status=status,
            published_at=content.wp_datetime(item.date_gmt, item.date) or timezone.now(),
            comments_open=item.comment_status == "open",
        )
        page.save()
        self._note_changes(item, page, reason)
        self.report.add(Kind.PAGE)
        if item.comments:
            self.threads.write([(page, item.comments)])
        return page

    # Attachments

    def _flush_attachments(self):
        items, self.attachments = self.attachments, []
        known = set(
            Attachment.objects.filter(wp_id__in=[i.wp_id for i in items]).values_list(
                "wp_id", flat=True
            )
        )
        new = [_attachment(i) for i in items if i.wp_id not in known]
        Attachment.objects.bulk_create(new, batch_size=self.batch)
        self.report.add(Kind.ATTACHMENT, len(new))
        self.report.already(Kind.ATTACHMENT, len(known))
        for item in items:
            if item.comments:
                self.report.skip(Kind.COMMENT, Skip.ATTACHMENT_COMMENT, len(item.comments))


def _attachment(item):
    return Attachment(
        wp_id=item.wp_id,
        slug=content.slug_from(item.slug, item.title),
        title=content.text(item.title, 300),
        url=(item.attachment_url or item.guid)[:1000],
        guid=item.guid[:1000],
        parent_wp_id=item.parent_wp_id,
    )


def _item_label(item):
    """How the author finds an item in WordPress: its title, else its address, else its date."""
    return content.text(item.title, 300) or item.link or item.guid or item.date or "?"


def _status_key(post):
    if post.status == Status.DRAFT:
        return "draft"
    return "scheduled" if post.is_scheduled else "published"


class _SlugBook:
    """Slugs already taken among `queryset` or in this batch; `unique()` adds -2, -3… if needed."""

    def __init__(self, queryset, wanted):
        self.queryset = queryset
        self.taken = set(queryset.filter(slug__in=wanted).values_list("slug", flat=True))

    def unique(self, slug):
        candidate, n = slug, 2
        while candidate in self.taken or (
            candidate != slug and self.queryset.filter(slug=candidate).exists()
        ):
            candidate, n = f"{slug[:190]}-{n}", n + 1
        self.taken.add(candidate)
        return candidate
