"""Whole pages of a signed-in account, cached per ledger version: a repeated view renders nothing.

A page is kept under everything it is made from: the account (its id, when it was made) and
its ledger version, which every committed write of the account's rows moves (see
app.economics.rollup: the figures' own bumps, and any other row of the account at commit), the
address with its query string, the host and scheme (a shared card's link is absolute), the
htmx headers (a list answers its rows alone to "More"), the language, the time zone, the
creator's today in it (due-soon lists, "overdue", the tax year), her name, and whatever else the
route adds. The version is read with the session at the start of the request (the page's data
after it), so a page is never kept under a newer version than its data.

What belongs to one response only is never kept: the body is rendered with markers where the
session's CSRF token and the one-time form tokens go, and each response gets its own — the CSRF
secret of the browser session asking, masked afresh (BREACH), and new one-time tokens bound to
the account. So two browsers of one account each get their own token; two accounts never share
an entry (the account is in the key). Only GET requests by a signed-in account are cached, and
only answers of status 200.

Per app (one per worker process) and bounded: a few dozen pages of at most some tens of
kilobytes; a newer version of an account drops that account's older pages (Lru versioned).
Several workers (PostgreSQL) each keep their own, all keyed by the version read from the
database, so none is stale for another's write.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.responses import Response

from app.lru import Lru

if TYPE_CHECKING:
    from app.web.core import Page

# Random per process: no text typed into the ledger can contain them (and they are letters and
# digits, so escaping never changes them).
CSRF_MARK = "koccsrf" + secrets.token_hex(12)
SUBMIT_MARK = "kocsubmit" + secrets.token_hex(12)
_MARKS = re.compile(f"({CSRF_MARK}|{SUBMIT_MARK})".encode())
PAGES = 64  # entries per app (per worker process)
# A page larger than this (a deal with hundreds of entries) is rendered each time, so the cache
# holds at most PAGES x MAX_PAGE bytes whatever a ledger holds.
MAX_PAGE = 128 * 1024


@dataclass(frozen=True)
class Cached:
    """A rendered page cut at its markers: pieces[0] mark[0] pieces[1] mark[1] ... pieces[-1]."""

    pieces: tuple[bytes, ...]
    marks: tuple[bytes, ...]
    status: int
    headers: tuple[tuple[bytes, bytes], ...]

    def size(self) -> int:
        return sum(len(p) for p in self.pieces)


def _cut(response: Response) -> Cached:
    parts = _MARKS.split(bytes(response.body))
    return Cached(
        pieces=tuple(parts[0::2]),
        marks=tuple(parts[1::2]),
        status=response.status_code,
        headers=tuple((n, v) for n, v in response.raw_headers if n != b"content-length"),
    )


def _answer(page: Page, cached: Cached) -> Response:
    from app.web.core import mask_token, submit_token

    csrf = mask_token(page.csrf_token()).encode() if CSRF_MARK.encode() in cached.marks else b""
    out = [cached.pieces[0]]
    for mark, piece in zip(cached.marks, cached.pieces[1:], strict=True):
        out.append(csrf if mark == CSRF_MARK.encode() else submit_token(page).encode())
        out.append(piece)
    body = b"".join(out)
    response = Response(status_code=cached.status)
    response.body = body
    response.raw_headers = [*cached.headers, (b"content-length", str(len(body)).encode())]
    return response


def page_key(page: Page, name: str, extra: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
    request = page.request
    assert page.user is not None
    return (
        *page.ledger_key(),  # (account id, account made, ledger version): Lru versioned
        name,
        request.url.path,
        request.url.query,
        request.url.scheme,
        request.headers.get("host", ""),
        tuple(sorted((k, v) for k, v in request.headers.items() if k.startswith("hx-"))),
        page.t.locale,
        page.t.timezone,
        page.today,
        page.user.username,
        *extra,
    )


def cached_page(page: Page, name: str, build: Callable[[], Response], *extra: Hashable) -> Response:
    """The page `build` renders, from the cache when this account's same page at the same
    version was rendered before. `extra`: what else the page depends on beyond page_key's."""
    if page.request.method != "GET" or page.user is None:
        return build()
    key = page_key(page, name, extra)
    cache = _cache(page)
    cached = cache.get(key)
    if cached is None:
        page.caching = True
        try:
            response = build()
        finally:
            page.caching = False
        cached = _cut(response)
        if response.status_code == 200 and cached.size() <= MAX_PAGE:
            cache.put(key, cached)
    return _answer(page, cached)


def new_cache() -> Lru[Cached]:
    """The cache of one app (create_app keeps it on app.state.page_cache)."""
    return Lru(PAGES, versioned=True)


def _cache(page: Page) -> Lru[Cached]:
    cache: Lru[Cached] = page.request.app.state.page_cache
    return cache
