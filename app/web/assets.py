"""Static files: fingerprinted URLs (a content hash in the query) served with a year-long
immutable cache; anything else under /static/ is revalidated each time."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
# A year, never revalidated: the hash in the URL changes whenever the file does.
IMMUTABLE = "public, max-age=31536000, immutable"
# What the service worker keeps for offline use; every page links only these.
PRECACHE = (
    "vendor/modern-normalize-3.0.1.css",
    "app.css",
    "vendor/htmx-2.0.11.min.js",
    "app.js",
    "icon.svg",
    "icons/icon-192.png",
)


@cache
def fingerprint(path: str) -> str:
    """The first 12 hex digits of the file's SHA-256 (read once per process). Only files inside
    static/ (a missing one raises, so nothing is cached for it)."""
    file = (STATIC / path).resolve()
    # The path comes from templates, but a file outside static/ must never be read through it.
    if ".." in path or not file.is_relative_to(STATIC) or not file.is_file():
        raise FileNotFoundError(path)
    # Twelve hex digits (48 bits) tell versions of one file apart; the URL stays short.
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    return f"/static/{path}?v={fingerprint(path)}"


def precache_urls() -> list[str]:
    return [static_url(path) for path in PRECACHE]


def version() -> str:
    """Changes whenever any precached file does: the service worker's cache name."""
    return hashlib.sha256("".join(precache_urls()).encode()).hexdigest()[:12]


class CachedStatic:
    """StaticFiles (gzip comes from the app's middleware); a request whose ?v= is the file's
    current hash may be kept a year."""

    def __init__(self) -> None:
        self.app: ASGIApp = StaticFiles(directory=str(STATIC))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # (lifespan and other scopes pass through untouched)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        path = scope.get("path", "").removeprefix("/static/").lstrip("/")
        wanted = query[2:] if query.startswith("v=") else ""
        # A missing or stale hash is revalidated each time: the file may have changed since the page
        # that names it was made.
        policy = "no-cache"
        if wanted:
            try:
                if fingerprint(path) == wanted:
                    policy = IMMUTABLE
            # No such file: StaticFiles answers 404 below, with no caching promised.
            except OSError:
                pass

        async def send_with_policy(message: Message) -> None:
            # Only a file actually served may be kept; a 304 or 404 keeps StaticFiles' own headers.
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"cache-control"]
                headers.append((b"cache-control", policy.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_policy)
