"""The outermost layer of the app, as plain ASGI (no BaseHTTPMiddleware).

Every response leaves through here, so every response gets the security headers: pages,
redirects, error pages, the 413 for an oversized upload, the 503 when the database cannot be
reached and the 500 page for an unhandled exception (a bilingual page, or JSON under /api/).
Request bodies are counted as they stream in, so a chunked upload without Content-Length is
refused at the limit too. A write that loses a PostgreSQL deadlock or serialization check is
run again (its body is replayed) before anything was sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy import exc as sa_exc
from starlette.requests import Request
from starlette.responses import Response

from app.settings import Settings
from app.web import trim

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("kocledger")

MAX_BODY = 25 * 1024 * 1024  # the largest upload (an account import) is 20 MB
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
RETRIES = 4  # attempts in all for a request that lost a deadlock or a serialization check
RETRY_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


class BodyTooLarge(Exception):
    """The request body passed MAX_BODY while streaming in."""


def retryable(exc: BaseException) -> bool:
    """A PostgreSQL deadlock or serialization failure: the same request may simply run again."""
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in RETRY_STATES


def database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached or is busy (pool exhausted, SQLite locked, server down)."""
    if isinstance(exc, (sa_exc.TimeoutError, sa_exc.InterfaceError, sa_exc.DisconnectionError)):
        return True
    if isinstance(exc, sa_exc.OperationalError):
        return not retryable(exc)
    return isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated


class _Body:
    """Receives the request body once, counting it; can replay what it read for a retry."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.chunks: list[Message] = []
        self.size = 0
        self.done = False

    async def _next(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > MAX_BODY:
                raise BodyTooLarge
            self.chunks.append(message)
            if not message.get("more_body", False):
                self.done = True
        return message

    def reader(self) -> Receive:
        replay = list(self.chunks)

        async def receive() -> Message:
            if replay:
                return replay.pop(0)
            if self.done:
                # Nothing left: wait for the disconnect, as a server would.
                return await self.receive()
            return await self._next()

        return receive


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _headers(self, scope: Scope, raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        from app.web.core import session_cookie_headers

        names = {name.lower() for name, _ in raw}
        out = list(raw)
        if b"content-security-policy" not in names:
            out.append((b"content-security-policy", CSP.encode()))
        out = [(n, v) for n, v in out if n.lower() not in _FIXED]
        out += _FIXED_HEADERS
        path: str = scope.get("path", "")
        if not path.startswith("/static/") and b"cache-control" not in names:
            out.append((b"cache-control", b"no-store"))
        if self.settings.https:
            out.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        out += session_cookie_headers(scope)
        return out

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": self._headers(scope, list(message["headers"]))}
            await send(message)

        if scope["path"] == "/healthz" and scope["method"] in ("GET", "HEAD"):
            # Liveness: constant, no database, no routing (the same page as the route).
            await send_with_headers(
                {"type": "http.response.start", "status": 200, "headers": _HEALTHZ_HEADERS}
            )
            body = b"" if scope["method"] == "HEAD" else HEALTHZ
            await send_with_headers({"type": "http.response.body", "body": body})
            return
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > MAX_BODY:
            await self._error(scope, send_with_headers, 413)
            return
        reader = _Body(receive)
        initial = dict(scope.get("state") or {})
        for attempt in range(1, RETRIES + 1):
            scope["state"] = dict(initial)
            try:
                await self.app(scope, reader.reader(), send_with_headers)
                trim.after_request()  # answered: freed heap memory back to the system
                return
            except BodyTooLarge:
                if not started:
                    await self._error(scope, send_with_headers, 413)
                return
            except Exception as exc:
                if started:
                    log.exception("error after the response started: %s", scope.get("path"))
                    return
                if retryable(exc) and attempt < RETRIES:
                    cause = type(getattr(exc, "orig", exc)).__name__  # the driver's error class
                    log.warning("retrying %s after %s", scope.get("path"), cause)
                    await asyncio.sleep(random.uniform(0.01, 0.05) * 2**attempt)  # noqa: S311
                    continue
                if database_unavailable(exc):
                    log.error("database unavailable: %s", exc)
                    await self._error(scope, send_with_headers, 503)
                    return
                log.exception("unhandled error: %s %s", scope.get("method"), scope.get("path"))
                await self._error(scope, send_with_headers, 500)
                return

    async def _error(self, scope: Scope, send: Send, status: int) -> None:
        scope["state"] = {}  # no half-made session cookie leaves with an error
        response = error_response(Request(scope), status)
        await response({**scope}, _nothing, send)


_FIXED_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
_FIXED = {name for name, _ in _FIXED_HEADERS}
HEALTHZ = b"<!doctype html><title>ok</title><p>ok</p>"
_HEALTHZ_HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"content-length", str(len(HEALTHZ)).encode()),
]


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def error_response(request: Request, status: int) -> Response:
    """The error page in the visitor's language (JSON under /api/); never touches the DB."""
    headers = {"Retry-After": "30"} if status == 503 else None
    if request.url.path.startswith("/api/"):
        detail = {
            413: "Request too large",
            500: "Internal server error",
            503: "Service unavailable: the database cannot be reached",
        }.get(status, "Error")
        return Response(
            json.dumps({"detail": detail}),
            status_code=status,
            media_type="application/json",
            headers=headers,
        )
    try:
        from app.main import error_page

        response: Response = error_page(request, status)
        if headers:
            response.headers.update(headers)
        return response
    except Exception:  # the page itself failed: a plain one, in both languages
        log.exception("the error page failed")
        text = "出了点问题，请稍后再试。 / Something went wrong. Try again later."
        return Response(text, status_code=status, media_type="text/plain", headers=headers)
