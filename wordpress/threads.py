"""Imported comment threads as django-mptt nested sets, computed here and inserted in bulk.

Each thread's root is a new tree (numbered after the highest tree in use, as the comments app does
for a new comment); replies are ordered by date, as WordPress shows them. A comment keeps its
WordPress number as primary key when that number is free, so the post page's `#comment-<id>`
anchors and `/comment/<id>/` work for old links unchanged.
"""

from django.db import connection
from django.db.models import Max

from comments.models import Comment, subject_field
from comments.rendering import comment_html

from . import content
from .report import Kind, Note


class ThreadWriter:
    """Writes the comments of a batch of posts; keeps the tree and key counters between batches."""

    def __init__(self, report, users_by_wp_id):
        self.report = report
        self.users_by_wp_id = users_by_wp_id
        self.next_tree_id = (Comment.objects.aggregate(m=Max("tree_id"))["m"] or 0) + 1
        self.next_pk = (Comment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.renumbered = False

    def write(self, threads):
        """Insert the new comments of `threads`: [(post or page, [wxr.Comment, …]), …]."""
        threads = _without_repeats(threads)
        wp_ids = [c.wp_id for _post, records in threads for c in records]
        known = _known(wp_ids)
        fresh = [(post, [c for c in records if c.wp_id not in known]) for post, records in threads]
        self.report.already(Kind.COMMENT, sum(1 for w in wp_ids if w in known))
        parents = {c.parent_wp_id for _post, records in fresh for c in records if c.parent_wp_id}
        in_db = _known(parents)
        rows, grafts = [], []
        for post, records in fresh:
            self._plan_post(post, records, in_db, rows, grafts)
        self._assign_keys(rows + grafts)
        Comment.objects.bulk_create(rows, batch_size=500)
        for comment in grafts:
            _insert_by_date(comment)
        for comment in rows + grafts:
            self.report.add(comment.kind)

    def finish(self):
        """After explicit keys, PostgreSQL's sequence must move past them (SQLite's follows)."""
        if self.renumbered or connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                    cursor.execute(sql)

    def _plan_post(self, post, records, in_db, rows, grafts):
        nodes = {c.wp_id: self._comment(post, c) for c in records}
        children, roots, replies_to_earlier = {}, [], []
        for record in records:
            node = nodes[record.wp_id]
            parent = record.parent_wp_id
            if parent in nodes and parent != record.wp_id:
                children.setdefault(parent, []).append(node)
            elif parent in in_db:
                node.parent_id = in_db[parent]
                replies_to_earlier.append(node)
            else:
                if parent:
                    self.report.note(Note.ORPHAN, f"{post.title} #{record.wp_id}")
                roots.append(node)
        placed = self._place_trees(roots, children, rows)
        for graft in sorted(replies_to_earlier, key=_by_date):
            grafts.append(graft)
            self._append_subtree(graft, children, grafts)
        placed |= {n.wp_id for n in grafts if n.subject == post}
        self._break_cycles(nodes, children, placed, rows)

    def _place_trees(self, roots, children, rows):
        """Number each root's tree depth first, replies by date; return the wp_ids placed."""
        placed = set()
        for root in sorted(roots, key=_by_date):
            tree_id, self.next_tree_id = self.next_tree_id, self.next_tree_id + 1
            counter = 1
            stack = [(root, 0, False)]
            while stack:
                node, level, done = stack.pop()
                if done:
                    node.rght, counter = counter, counter + 1
                    continue
                node.tree_id, node.level, node.lft, counter = tree_id, level, counter, counter + 1
                rows.append(node)
                placed.add(node.wp_id)
                stack.append((node, level, True))
                for child in sorted(children.get(node.wp_id, []), key=_by_date, reverse=True):
                    child.parent_node = node
                    stack.append((child, level + 1, False))
        return placed

    def _append_subtree(self, graft, children, grafts):
        """Replies to a reply imported earlier are saved one by one, by django-mptt itself."""
        for child in sorted(children.get(graft.wp_id, []), key=_by_date):
            child.parent_node = graft
            grafts.append(child)
            self._append_subtree(child, children, grafts)

    def _break_cycles(self, nodes, children, placed, rows):
        """Comments in a parent loop (a damaged file) reach no root: attach one at the top."""
        while len(placed) < len(nodes):
            loose = min(set(nodes) - placed)
            self.report.note(Note.ORPHAN, f"#{loose}")
            for group in children.values():
                if nodes[loose] in group:
                    group.remove(nodes[loose])
            placed |= self._place_trees([nodes[loose]], children, rows)

    def _assign_keys(self, comments):
        """WordPress's number as key when free, else a new one after every key in use."""
        wanted = [c.wp_id for c in comments]
        taken = set(Comment.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        self.next_pk = max([self.next_pk, *[w + 1 for w in wanted]])
        for comment in comments:
            if comment.wp_id in taken or not comment.wp_id:
                comment.pk, self.next_pk = self.next_pk, self.next_pk + 1
                self.renumbered = True
                self.report.note(Note.RENUMBERED, f"#{comment.wp_id} → {comment.pk}")
            else:
                comment.pk = comment.wp_id
        for comment in comments:
            parent = getattr(comment, "parent_node", None)
            if parent is not None:
                comment.parent_id = parent.pk

    def _comment(self, post, record):
        created = content.wp_datetime(record.date_gmt, record.date) or post.published_at
        return Comment(
            **{subject_field(post): post},
            wp_id=record.wp_id,
            user=self.users_by_wp_id.get(record.user_id),
            author_name=content.text(record.author, 100),
            author_email=record.email[:254],
            author_url=content.url_or_blank(record.url),
            ip_address=content.ip_or_none(record.ip),
            body=record.content,
            body_html=comment_html(record.content, imported=True),
            status=content.comment_status(record.approved),
            kind=content.comment_kind(record.type),
            created_at=created,
        )


def _insert_by_date(comment):
    """Save a reply to a comment already here among its siblings by date, as a thread reads.

    A reply that is the latest is the last child (django-mptt's default); an older one goes
    before the first sibling written after it.
    """
    parent = Comment.objects.get(pk=comment.parent_id)
    later = parent.get_children().filter(created_at__gt=comment.created_at).order_by("lft")
    sibling = later.first()
    if sibling is None:
        comment.parent = parent
        comment.save()
    else:
        # Its key (its WordPress number) is set but not in use yet: insert_node takes it as new.
        Comment.objects.insert_node(comment, sibling, position="left", save=True)


def _without_repeats(threads):
    """A comment listed twice in the file is imported once."""
    seen, result = set(), []
    for post, records in threads:
        unique = [c for c in records if c.wp_id not in seen and not seen.add(c.wp_id)]
        result.append((post, unique))
    return result


def _by_date(comment):
    return (comment.created_at, comment.wp_id)


def _known(wp_ids):
    """{wp_id: pk} of the comments already here."""
    ids = [w for w in wp_ids if w]
    if not ids:
        return {}
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(Comment.objects.filter(wp_id__in=chunk).values_list("wp_id", "pk"))
    return found
