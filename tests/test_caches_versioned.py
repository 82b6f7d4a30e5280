"""The caches kept per ledger version forget an account's older versions as soon as a newer
one is kept (they are never read again), and only that account's; malloc_trim runs only in a
server started by `kocledger serve`."""

from __future__ import annotations

from typing import Any

from app.lru import Lru
from app.web import trim


def test_a_newer_version_drops_the_same_accounts_older_entries() -> None:
    cache: Lru[str] = Lru(16, versioned=True)
    cache.put((1, "made", 3, "month"), "a")
    cache.put((1, "made", 3, "year"), "b")
    cache.put((2, "made", 3, "month"), "other account")
    cache.put((1, "other day", 2, "month"), "same id, another account")
    cache.put((1, "made", 4, "month"), "c")
    assert cache.get((1, "made", 3, "month")) is None
    assert cache.get((1, "made", 3, "year")) is None
    assert cache.get((1, "made", 4, "month")) == "c"
    assert cache.get((2, "made", 3, "month")) == "other account"
    assert cache.get((1, "other day", 2, "month")) == "same id, another account"
    # An answer of an older version finishing late does not drop the newer one.
    cache.put((1, "made", 3, "month"), "late")
    assert cache.get((1, "made", 4, "month")) == "c"


def test_an_unversioned_cache_keeps_every_version() -> None:
    cache: Lru[str] = Lru(16)
    cache.put((1, "made", 3), "a")
    cache.put((1, "made", 4), "b")
    assert cache.get((1, "made", 3)) == "a"


def test_trim_only_when_the_server_asks_for_it(monkeypatch: Any) -> None:
    monkeypatch.setattr(trim, "_state", {"libc": None, "loaded": False, "last": 0.0})
    monkeypatch.delenv("KOCLEDGER_MALLOC_TRIM", raising=False)
    assert trim.after_request() is False
    calls: list[int] = []

    class Libc:
        def malloc_trim(self, pad: int) -> int:
            calls.append(pad)
            return 1

    monkeypatch.setattr(trim, "_state", {"libc": Libc(), "loaded": True, "last": 0.0})
    assert trim.after_request() is True
    assert trim.after_request() is False  # at most every TRIM_EVERY seconds
    assert calls == [0]
