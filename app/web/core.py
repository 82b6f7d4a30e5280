"""Request plumbing for HTML pages: the database session, who is signed in, CSRF, rendering."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup
from sqlmodel import Session
from starlette.datastructures import FormData

from app import clock
from app.db import Sessions, read_next
from app.money import meets
from app.settings import Settings
from app.web.assets import static_url
from app.web.i18n import SUPPORTED, Translator, negotiate
from app.web.once import new_token as once_new_token
from app.web.visible import has_controls, visible_controls

ROOT = Path(__file__).resolve().parent.parent.parent
SESSION_COOKIE = "koc_session"
LANG_COOKIE = "koc_lang"
CSRF_COOKIE = "koc_csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Page context keys that carry a secret address or token shown again on every visit.
LONG_LIVED_SECRETS = ("calendar_url", "share_url", "new_token")


@pass_context
def _submit_token(ctx: Any) -> str:
    """A one-time form token, bound to the signed-in account the page is rendered for (a
    marker in a page rendered for the cache: each response gets its own, app.web.pagecache)."""
    page = ctx.get("page")
    if page is not None and page.caching:
        from app.web.pagecache import SUBMIT_MARK

        return SUBMIT_MARK
    return submit_token(page)


def submit_token(page: Any) -> str:
    user = getattr(page, "user", None)
    if page is None or user is None or user.id is None:
        return once_new_token()
    return once_new_token(page.request.app.state.secret_key, user.id)


templates = Jinja2Templates(directory=str(ROOT / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.globals["new_submit_token"] = _submit_token
templates.env.globals["static_url"] = static_url
templates.env.globals["meets"] = meets  # a rate against a target, so templates compare nothing
# A brand's message displayed with its direction controls made visible (app.web.visible).
templates.env.filters["visible"] = visible_controls
templates.env.tests["with_controls"] = has_controls
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


# (session, user id) -> (locale, time zone) of a signed-in account.
Preferences = Callable[[Session, int], tuple[str, str]]
# (session, user id) -> (account id, when it was made, ledger version): what views cached per
# ledger version are keyed on (create_app gives the economics area's).
LedgerKey = Callable[[Session, int], tuple[int, str, int]]


# What the plumbing knows of accounts, so it imports no area: create_app gives it the accounts
# service (app.state.accounts), which meets these protocols with its User and UserSession.
class Account(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def username(self) -> str: ...
    @property
    def is_owner(self) -> bool: ...


class BrowserSession(Protocol):
    @property
    def user_id(self) -> int | None: ...
    @property
    def csrf_token(self) -> str: ...


class Accounts(Protocol):
    def signed_in(
        self, session: Session, *, token: str, now: datetime, idle: timedelta, absolute: timedelta
    ) -> tuple[BrowserSession, Account | None] | None: ...

    def count_users(self, session: Session) -> int: ...

    def user_for_token(self, session: Session, *, token: str) -> Account | None: ...


def get_accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


class LoginRequired(Exception):
    """No one is signed in; the handler redirects to the sign-in page."""


class SetupRequired(Exception):
    """No account exists yet; the handler redirects to first-run setup."""


class CsrfFailed(Exception):
    """A state-changing request without a valid token or from another site."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


READS_ONLY = "koc_reads_only"
F = TypeVar("F", bound=Callable[..., Any])


def reads_only(endpoint: F) -> F:
    """Mark a POST route that only reads (a form too big for a query string, e.g. the offer
    check): its transaction is deferred like a GET's, so it does not take SQLite's write lock
    at BEGIN. Four offer checks at once each held the lock for the whole request and queued on
    it, with SQLite's busy handler sleeping 1, 2, 5, 10 … 100 ms between tries: tails of
    24–85 ms behind a p50 of 4 ms (PERFORMANCE.md). A write inside such a request (the
    session's once-a-minute stamp, a first rate card) still works, upgraded when it comes."""
    setattr(endpoint, READS_ONLY, True)
    return endpoint


WRITES_LATE = "koc_writes_late"


def writes_late(endpoint: F) -> F:
    """Mark a POST route that reads first and writes after calling db.write_next(page.db): the
    request's reads before it (the browser session, the CSRF check's, the deal it names) run
    in a deferred transaction, like a GET's, so SQLite's write lock is taken only for the
    write, not from the request's first statement through the form's parsing and checks while
    other writers queue for it. The once-a-minute stamp of the browser session still writes
    (upgraded when it comes, or skipped as when the database is locked: touch_session)."""
    setattr(endpoint, WRITES_LATE, True)
    return endpoint


def get_db(request: Request) -> Iterator[Session]:
    sessions: Sessions = request.app.state.sessions
    endpoint = request.scope.get("endpoint")
    reads = request.method in SAFE_METHODS or getattr(endpoint, READS_ONLY, False)
    with sessions(reads_only=reads) as session:
        if not reads and getattr(endpoint, WRITES_LATE, False):
            read_next(session)
        yield session


DbDep = Annotated[Session, Depends(get_db)]


@dataclass
class Page:
    """What every HTML route knows about the request it answers."""

    request: Request
    db: Session
    settings: Settings
    t: Translator
    now: datetime
    user: Account | None = None
    session_row: BrowserSession | None = None
    form: FormData | None = None
    # Rendering for the page cache: per-response tokens become markers (app.web.pagecache).
    caching: bool = False

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    @property
    def user_id(self) -> int:
        assert self.user is not None and self.user.id is not None
        return self.user.id

    @property
    def today(self) -> date:
        return clock.today_in(self.t.timezone)

    def ledger_key(self) -> tuple[int, str, int]:
        """The signed-in account's (id, made, ledger version), as read at the request's start."""
        key: LedgerKey = self.request.app.state.ledger_key
        return key(self.db, self.user_id)

    def text(self, name: str, *, strip: bool = True) -> str:
        """A posted text field ("" when missing or a file); trimmed unless told not to."""
        value = self.form.get(name, "") if self.form is not None else ""
        if not isinstance(value, str):
            return ""
        return value.strip() if strip else value

    def csrf_token(self) -> str:
        """The session's CSRF token. A visitor without a session (the sign-in and setup forms)
        gets a signed double-submit token instead: a random cookie, and the form carries its
        HMAC under the server's secret. Nothing is written to the database for them."""
        if self.session_row is not None:
            return self.session_row.csrf_token
        nonce = self.request.cookies.get(CSRF_COOKIE, "")
        if not _NONCE.fullmatch(nonce):
            nonce = getattr(self.request.state, "csrf_cookie", None) or secrets.token_urlsafe(24)
            self.request.state.csrf_cookie = nonce
            self.request.state.cookie_secure = self.settings.https
        return anonymous_csrf(self.request, nonce)


_NONCE = re.compile(r"[A-Za-z0-9_-]{32}")
_MASKED = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?")


def anonymous_csrf(request: Request, nonce: str) -> str:
    secret: str = request.app.state.secret_key
    return hmac.new(secret.encode(), b"koc-csrf|" + nonce.encode(), hashlib.sha256).hexdigest()


def mask_token(secret: str) -> str:
    """The CSRF secret under a fresh one-time pad (BREACH): pad + (secret XOR pad), base64url.
    Every response carries different bytes, so compression leaks nothing about the secret."""
    raw = secret.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(
        pad + bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    ).decode()


def unmask_token(sent: str) -> str | None:
    """The secret inside a masked token; None for anything that is not one."""
    if not sent or len(sent) > 256:
        return None
    if not _MASKED.fullmatch(sent):
        return None  # only the canonical form mask_token makes: no junk after the padding
    try:
        raw = base64.urlsafe_b64decode(sent.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    if base64.urlsafe_b64encode(raw).decode("ascii") != sent:
        return None
    half = len(raw) // 2
    if half == 0 or len(raw) % 2:
        return None
    pad, masked = raw[:half], raw[half:]
    try:
        return bytes(a ^ b for a, b in zip(masked, pad, strict=True)).decode("ascii")
    except UnicodeDecodeError:
        return None


def _queue_cookie(request: Request, settings: Settings, value: str | None) -> None:
    request.state.session_cookie = value
    request.state.cookie_secure = settings.https


def _load(request: Request, db: Session) -> Page:
    settings = get_settings(request)
    now = clock.utcnow()
    page = Page(request=request, db=db, settings=settings, t=Translator("zh-CN"), now=now)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        found = get_accounts(request).signed_in(
            db,
            token=token,
            now=now,
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(minutes=settings.session_absolute_minutes),
        )
        if found is not None:
            page.session_row, page.user = found
    locale = request.cookies.get(LANG_COOKIE)
    if locale not in SUPPORTED:
        locale = negotiate(request.headers.get("accept-language"))
    timezone = "Asia/Shanghai"
    if page.user is not None:
        # The account's own choice; create_app says where it is kept (the ledger's profile),
        # so this plumbing imports no area.
        preferences: Preferences = request.app.state.preferences
        locale, timezone = preferences(db, page.user_id)
    page.t = Translator(locale or "zh-CN", timezone)
    request.state.page = page  # for the error handlers: a 404 keeps the user's language
    return page


def page_context(request: Request, db: DbDep) -> Page:
    return _load(request, db)


def user_page(request: Request, db: DbDep) -> Page:
    page = _load(request, db)
    if page.user is None:
        if get_accounts(request).count_users(db) == 0:
            raise SetupRequired
        raise LoginRequired
    return page


async def posted_form(request: Request) -> FormData:
    # Cached by Starlette on the request, so the route can read it again.
    from app.web.strict import check_form

    form = await request.form()
    check_form(form)  # no posted field may hold NUL (PostgreSQL refuses it): 422 naming it
    return form


def check_csrf(page: Page, form: FormData) -> None:
    request = page.request
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        if origin.rstrip("/") not in _own_origins(request, page.settings):
            raise CsrfFailed
    elif origin == "null":
        raise CsrfFailed
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfFailed
    sent = request.headers.get("x-csrf-token") or form.get("csrf_token")
    # The form carries the secret under a one-time pad (mask_token); a signed-in visitor's
    # secret is her session's, a visitor without a session has the signed double-submit one.
    secret = unmask_token(sent) if isinstance(sent, str) else None
    expected = []
    if page.session_row is not None:
        expected.append(page.session_row.csrf_token)
    nonce = request.cookies.get(CSRF_COOKIE, "")
    if page.user is None and _NONCE.fullmatch(nonce):
        expected.append(anonymous_csrf(request, nonce))
    if not secret or not any(
        hmac.compare_digest(secret.encode(), token.encode()) for token in expected
    ):
        raise CsrfFailed


def _own_origins(request: Request, settings: Settings) -> set[str]:
    """This site's origins. Behind an HTTPS proxy (KOCLEDGER_HTTPS=1) the browser's Origin is
    https:// while the proxy may speak plain HTTP to us, with or without forwarded headers."""
    host = request.headers.get("host", "")
    own = {f"{request.url.scheme}://{host}"}
    if settings.https:
        own.add(f"https://{host}")
    if settings.base_url:
        parts = urlsplit(settings.base_url.strip())
        own.add(f"{parts.scheme}://{parts.netloc}")
    return own


# user_post and anon_post stay plain functions (run in the threadpool): after a rollback in
# touch_session the session row is expired, and check_csrf's read of its token is then a query,
# which must not run on the event loop (attack-post).
def user_post(
    page: Annotated[Page, Depends(user_page)], form: Annotated[FormData, Depends(posted_form)]
) -> Page:
    check_csrf(page, form)
    page.form = form
    return page


def anon_post(
    page: Annotated[Page, Depends(page_context)], form: Annotated[FormData, Depends(posted_form)]
) -> Page:
    check_csrf(page, form)
    page.form = form
    return page


UserPage = Annotated[Page, Depends(user_page)]
UserPost = Annotated[Page, Depends(user_post)]
AnyPage = Annotated[Page, Depends(page_context)]
AnyPost = Annotated[Page, Depends(anon_post)]


def _template_names(page: Page) -> dict[str, Any]:
    """What every template may use: the page, its language and the signed-in user."""
    t = page.t
    return {
        "page": page,
        "t": t,
        "_": t.gettext,
        "gettext": t.gettext,
        "ngettext": t.ngettext,
        "user": page.user,
        "today": page.today,
    }


def render(page: Page, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    base = _template_names(page)
    with_csrf = page.user or context.pop("with_csrf", False)
    if with_csrf and page.caching:
        from app.web.pagecache import CSRF_MARK

        base["csrf_token"] = CSRF_MARK  # each response gets its own (app.web.pagecache)
    else:
        base["csrf_token"] = mask_token(page.csrf_token()) if with_csrf else ""
    response = templates.TemplateResponse(
        page.request, template, {**base, **context}, status_code=status_code
    )
    if page.user is not None:
        # Which account a page belongs to: the service worker files what is posted offline
        # under it, and sends it only to that account.
        response.headers["X-Koc-Account"] = str(page.user_id)
    if any(context.get(key) for key in LONG_LIVED_SECRETS):
        # A secret that is the same in every response, beside text from the query string:
        # sent uncompressed, so its length tells nothing (BREACH). The gzip middleware leaves
        # a response alone that already names its encoding.
        response.headers["Content-Encoding"] = "identity"
    return response


def fragment(page: Page, template: str, **context: Any) -> Markup:
    """A part of a page rendered on its own, for a cache: the same names as render() gives a
    template, except the per-response CSRF token (a cached part must not hold one)."""
    base = _template_names(page)
    return Markup(templates.get_template(template).render({**base, **context}))  # noqa: S704 - rendered by the autoescaping environment


def not_found_page(page: Page) -> HTMLResponse:
    """The 404 page for a missing object, or another account's (the two look alike)."""
    return render(
        page,
        "errors/error.html",
        404,
        status=404,
        message=page.t.gettext(
            "Nothing here. It may have been deleted, or it belongs to another account."
        ),
    )


def public_base_url(request: Request, settings: Settings) -> str:
    """Where links that leave the page (calendar feed, shared card) point: the configured
    KOCLEDGER_BASE_URL, else this request's address if its Host is allowed, else "" (a path
    only). A Host header chosen by whoever sent the request is never echoed into a link."""
    if settings.base_url:
        return settings.base_url.strip().rstrip("/")
    host = request.headers.get("host", "").strip().lower()
    name = host.split("]")[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
    port = host[len(name) + 1 :]
    if name in settings.allowed_host_set and (port == "" or port.isdigit()):
        return f"{request.url.scheme}://{host}"
    return ""


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(value: Any, default: str = "/") -> str:
    """Only same-site paths are followed after a sign-in or a language switch."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or "\\" in value:
        return default
    return value


def set_session_cookie(page: Page, token: str | None) -> None:
    _queue_cookie(page.request, page.settings, token)


def session_cookie_headers(scope: Any) -> list[tuple[bytes, bytes]]:
    """The Set-Cookie headers a route queued on the request's state (for the ASGI layer)."""
    state = scope.get("state") or {}
    if "session_cookie" not in state and "csrf_cookie" not in state:
        return []
    response = Response()
    apply_session_cookie(Request(scope), response)
    return [(name, value) for name, value in response.raw_headers if name == b"set-cookie"]


def apply_session_cookie(request: Request, response: Response) -> None:
    nonce = getattr(request.state, "csrf_cookie", None)
    if nonce is not None:
        response.set_cookie(
            CSRF_COOKIE,
            nonce,
            path="/",
            httponly=True,
            samesite="lax",
            secure=bool(getattr(request.state, "cookie_secure", False)),
        )
    if not hasattr(request.state, "session_cookie"):
        return
    value = request.state.session_cookie
    secure = bool(getattr(request.state, "cookie_secure", False))
    if value is None:
        response.delete_cookie(
            SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure
        )
    else:
        response.set_cookie(
            SESSION_COOKIE,
            value,
            path="/",
            httponly=True,
            samesite="lax",
            secure=secure,
            max_age=60 * _absolute_minutes(request),
        )


def _absolute_minutes(request: Request) -> int:
    settings = getattr(request.app.state, "settings", None) if "app" in request.scope else None
    return settings.session_absolute_minutes if settings is not None else 60 * 24 * 30
