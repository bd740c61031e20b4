"""The statistics app's settings, with their defaults. Read as `conf.settings.NAME`."""

from datetime import timedelta

from core.appsettings import AppSettings

DEFAULTS = {
    # Off switch: no script on pages, the beacon answers without counting.
    "STATS_ENABLED": True,
    # Aggregated rows older than this are deleted (the CNIL's audience-measurement exemption asks
    # for a bounded retention; 13 months is what it recommends).
    "STATS_RETENTION": timedelta(days=395),
    # The same reader on the same page within this delay is one view (reloads, back and forth).
    "STATS_RELOAD_WINDOW": timedelta(minutes=30),
    # Counted views and outbound clicks per address (an IPv6 /64 as one) and window: above
    # what a household or an office behind one address reads, far below what a script sends.
    "STATS_ADDRESS_LIMIT": 100,
    "STATS_ADDRESS_WINDOW": timedelta(minutes=10),
    # User agents containing one of these words (case-insensitive) are robots and never counted.
    "STATS_CRAWLER_WORDS": (
        "bot",
        "crawl",
        "spider",
        "slurp",
        "curl",
        "wget",
        "python-",
        "httpx",
        "go-http-client",
        "java/",
        "facebookexternalhit",
        "embedly",
        "preview",
        "headless",
        "lighthouse",
        "pingdom",
        "feed",
        "validator",
    ),
    # Search engines whose referrer may carry the reader's words, and the parameter holding them.
    "STATS_SEARCH_ENGINES": {
        "google.": "q",
        "bing.com": "q",
        "duckduckgo.com": "q",
        "qwant.com": "q",
        "ecosia.org": "q",
        "search.yahoo.com": "p",
        "yandex.": "text",
        "baidu.com": "wd",
        "startpage.com": "query",
    },
    # Longest page path, host or search accepted; longer ones are cut (cache keys stay small).
    "STATS_MAX_LABEL_LENGTH": 200,
    # Posts listed in the "most read" table of the statistics page.
    "STATS_TOP_ITEMS": 20,
}


settings = AppSettings(DEFAULTS)
