"""gunicorn's settings for Carnet, shared by bin/serve, deploy/systemd/carnet-web.service and the
load test (tests/comments/test_ping_load.py): `gunicorn -c python:config.gunicorn ...`.

Threaded workers: a request waiting on another site (a pingback's source, at most
PINGS_VERIFY_INLINE_SECONDS, and only PINGS_VERIFY_IN_FLIGHT of them at once) holds one thread,
never a whole worker, so readers keep being served. Workers: $WEB_CONCURRENCY (gunicorn's own
variable); threads per worker: $WEB_THREADS (default 4).
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
