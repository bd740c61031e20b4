"""A search's results read one page at a time, with work bounded whatever the number of matches.

A common word matches thousands of posts; sorting them all to show ten, or counting them exactly,
reads every match. Here counts stop past `BLOG_SEARCH_MAX_RESULTS` (the page then says "more than
1,000 posts found" and offers that many), and results come in two tiers, title matches first, then
the others, each newest first. A tier with more matches than the cap is read by walking the date
index until the page is full (a word in one post of twenty fills a page after about 200 rows); a
smaller tier is read whole through the search index and sorted (never more rows than the cap).
"""

from django.db import connections
from django.utils.functional import cached_property

from . import conf


def capped_count(queryset, cap):
    """How many rows `queryset` holds, counting no further than `cap + 1`."""
    return queryset.order_by()[: cap + 1].count()


class RankedMatches:
    """The posts of `posts` matching `query`, in the order shown, sliced by Django's Paginator."""

    def __init__(self, posts, query):
        self.posts = posts
        self.query = query
        self.cap = conf.settings.BLOG_SEARCH_MAX_RESULTS

    @cached_property
    def title_count(self):
        """Title matches, counted up to the cap and one more."""
        return capped_count(self.posts.search_tier(self.query, in_title=True), self.cap)

    @cached_property
    def total(self):
        """All matches, counted up to the cap and one more (no count when titles pass the cap)."""
        if self.title_count > self.cap:
            return self.title_count
        return capped_count(self.posts.search(self.query), self.cap)

    @property
    def more(self):
        """Whether more posts match than the cap lets the reader page through."""
        return self.total > self.cap

    def count(self):
        return min(self.total, self.cap)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedMatches is read by slices, one page at a time")
        start, stop = index.start or 0, min(index.stop, self.count())
        titles = self.title_count
        ids = self._tier_ids(True, titles > self.cap, start, min(stop, titles))
        if stop > titles:
            ids += self._tier_ids(False, self.more, max(start - titles, 0), stop - titles)
        if not ids:
            return []
        found = {post.pk: post for post in self.posts.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def _tier_ids(self, in_title, common, start, stop):
        """Ids of the tier's posts from `start` to `stop`, newest first."""
        if start >= stop:
            return []
        tier = self.posts.search_tier(self.query, in_title=in_title)
        if common or connections[tier.db].vendor != "postgresql":
            return list(tier.values_list("id", flat=True)[start:stop])
        return _read_whole(tier, start, stop)


def _read_whole(tier, start, stop):
    """Ids from `start` to `stop` of a tier of at most the cap, read through the search index.

    Left to itself PostgreSQL may walk the date index for a rare word it guesses common, reading
    every post; a materialized CTE makes it fetch the matches first, then sort them.
    """
    sql, params = tier.order_by().values_list("id", "published_at").query.sql_with_params()
    statement = (
        f"WITH hits AS MATERIALIZED ({sql}) "  # noqa: S608 (SQL compiled by Django, values apart)
        "SELECT id FROM hits ORDER BY published_at DESC, id DESC LIMIT %s OFFSET %s"
    )
    with connections[tier.db].cursor() as cursor:
        cursor.execute(statement, [*params, stop - start, start])
        return [row[0] for row in cursor.fetchall()]
