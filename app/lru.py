"""A small thread-safe LRU map for views cached per ledger version (rollup.cache_key)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Lru(Generic[V]):
    def __init__(self, size: int) -> None:
        self.size = size
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
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                # Evict the least recently used.
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
