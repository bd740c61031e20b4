"""A small per-process copy of recently served pages, checked against the shared generation.

The shared cache (Redis, or files under var/) stays the truth; this only spares each hit the
transfer and unpickling of a large page. An entry is used only while its generation is the
current one and before its expiry, so it is exactly as fresh as the shared entry it copies.
Bounded in bytes, least recently used first out.
"""

import threading
import time
from collections import OrderedDict


class LocalPages:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry["generation"] != generation or entry["expires"] <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if entry["size"] > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = entry
            self.size += entry["size"]
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key):
        self.size -= self.entries.pop(key)["size"]
