"""A small in-process cache whose entries expire (per Lambda container; never shared)."""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


_CACHES: weakref.WeakSet[TtlCache[Any, Any]] = weakref.WeakSet()


def clear_all() -> None:
    """Empty every cache of this process (a new local host: what they hold names the old one)."""
    for cache in list(_CACHES):
        cache.clear()


class TtlCache(Generic[K, V]):
    """Keeps up to `size` values for `ttl_s` seconds each; the oldest go first."""

    def __init__(self, ttl_s: float, size: int = 1024) -> None:
        self.ttl_s, self.size = ttl_s, size
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        _CACHES.add(self)

    def get_or_set(self, key: K, compute: Callable[[], V]) -> V:
        """The cached value, or `compute()` stored for `ttl_s` (exceptions are not cached)."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]
        value = compute()
        self.put(key, value)
        return value

    def peek(self, key: K) -> V | None:
        """The cached value, or None (nothing is computed)."""
        with self._lock:
            hit = self._items.get(key)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + self.ttl_s, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, key: K) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
