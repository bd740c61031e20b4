"""For parts of a page every reader shares, kept while the content generation lasts:

    {% cache fragment_seconds sidebar fragment_version LANGUAGE_CODE %}...{% endcache %}

`fragment_version` is the current generation (pagecache.generation), so a kept part changes
exactly when a cached page would; `fragment_seconds` its lifetime, cut at the next scheduled
publication. Both are functions, called only by the pages that use them. With the page cache off
(tests, debugging) every version is new: parts are rendered every time.
"""

from . import conf, generation


def fragments(request):
    if not conf.settings.PAGE_CACHE_ENABLED:
        return {"fragment_version": generation.new_value, "fragment_seconds": lambda: 1}
    return {"fragment_version": generation.current, "fragment_seconds": generation.lifetime}
