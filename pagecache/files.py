"""Page files: anonymous pages written where nginx serves them without reaching Python.

With `PAGE_CACHE_FILES_DIR` set (the nginx deployment, deploy/nginx/), every HTML page the cache
stores is also written, filled for everyone (placeholders.fill without a reader), as
`DIR/pages/LANG/PATH/index.html`; nginx answers a GET or HEAD without query string, credentials
or a bypass cookie from that file when it exists (deploy/nginx/carnet-pagecache.conf), and from
Django otherwise.

Freshness follows the cache's generation (generation.py): a bump removes every file at once (the
`pages` folder renamed aside, then deleted), and a file written by a rendering that started under
an older generation is removed again by its writer (`write` checks after the rename), so no stale
page survives a change, whichever worker or server wrote it. `sweep` (a periodic job) removes
files older than a page's lifetime, for what time alone changes. Files appear by rename, so nginx
never serves half a page.
"""

import os
import secrets
import shutil
import time
from pathlib import Path

from django.core.cache import cache

from . import conf

PAGES = "pages"


def root():
    """The folder nginx's `root` names, or None when page files are off."""
    value = conf.settings.PAGE_CACHE_FILES_DIR
    return Path(value) if value else None


def path_for(path, language):
    """The file of the page at URL `path` in `language`; None for a path no file can stand for."""
    base = root()
    if base is None or not path.endswith("/") or not path.startswith("/"):
        return None
    parts = path[1:-1].split("/") if path != "/" else []
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts) or "\x00" in path:
        return None
    return base.joinpath(PAGES, language, *parts, "index.html")


def write(target, content, rendered_under, generation_key):
    """Put `content` at `target` (by rename), unless the generation moved on since the page was
    rendered under `rendered_under`: then the file is removed again, as a bump would have."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{secrets.token_hex(8)}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
    except OSError:
        return False  # The folder was cleared meanwhile: the next reader writes it again.
    if cache.get(generation_key) != rendered_under:
        target.unlink(missing_ok=True)
        return False
    return True


def clear():
    """Remove every page file at once: nginx sends the next readers to Django."""
    base = root()
    if base is None:
        return
    aside = base / f".old-{secrets.token_hex(8)}"
    try:
        os.rename(base / PAGES, aside)
    except FileNotFoundError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def sweep():
    """Remove page files older than a page's lifetime (comments closing after N days, and the
    like): the periodic job `manage.py periodic` runs it."""
    from .generation import lifetime

    base = root()
    if base is None or not (base / PAGES).exists():
        return
    oldest = time.time() - lifetime()
    for folder, _dirs, names in os.walk(base / PAGES):
        for name in names:
            path = Path(folder, name)
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except FileNotFoundError:
                pass
