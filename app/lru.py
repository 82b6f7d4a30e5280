"""A small thread-safe LRU map for views cached per ledger version (rollup.cache_key)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Lru(Generic[V]):
    """`versioned`: keys start with (account id, account made, version) (rollup.cache_key,
    rollup.owing_key); putting a key drops the same account's entries of older versions,
    which are never read again (they would otherwise stay until evicted: after a burst of
    writes, a full cache of dead versions)."""

    def __init__(self, size: int, *, versioned: bool = False) -> None:
        self.size = size
        self.versioned = versioned
        # Insertion order is recency: the first item is the least recently used.
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        # The server's worker threads share one map.
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            if self.versioned and isinstance(key, tuple):
                account, version = key[:2], key[2]
                for old in [
                    k
                    for k in self._items
                    if isinstance(k, tuple) and k[:2] == account and k[2] < version
                ]:
                    del self._items[old]
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                # Evict the least recently used.
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
