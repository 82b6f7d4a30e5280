"""Request plumbing for HTML pages: the database session, who is signed in, CSRF, rendering."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.datastructures import FormData

from app import clock
from app.accounts import service as accounts
from app.accounts.models import User, UserSession
from app.db import Sessions
from app.money import meets
from app.settings import Settings
from app.web.i18n import SUPPORTED, Translator, negotiate
from app.web.once import new_token as once_new_token

ROOT = Path(__file__).resolve().parent.parent.parent
SESSION_COOKIE = "koc_session"
LANG_COOKIE = "koc_lang"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

templates = Jinja2Templates(directory=str(ROOT / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.globals["new_submit_token"] = once_new_token
templates.env.globals["meets"] = meets  # a rate against a target, so templates compare nothing
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


# (session, user id) -> (locale, time zone) of a signed-in account.
Preferences = Callable[[Session, int], tuple[str, str]]


class LoginRequired(Exception):
    """No one is signed in; the handler redirects to the sign-in page."""


class SetupRequired(Exception):
    """No account exists yet; the handler redirects to first-run setup."""


class CsrfFailed(Exception):
    """A state-changing request without a valid token or from another site."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    sessions: Sessions = request.app.state.sessions
    with sessions(reads_only=request.method in SAFE_METHODS) as session:
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
    user: User | None = None
    session_row: UserSession | None = None
    form: FormData | None = None

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

    def text(self, name: str, *, strip: bool = True) -> str:
        """A posted text field ("" when missing or a file); trimmed unless told not to."""
        value = self.form.get(name, "") if self.form is not None else ""
        if not isinstance(value, str):
            return ""
        return value.strip() if strip else value

    def csrf_token(self) -> str:
        """The session's CSRF token; an anonymous visitor gets a session on first need."""
        if self.session_row is None:
            token, row = accounts.open_session(
                self.db, user_id=None, now=self.now, locale=self.t.locale
            )
            self.session_row = row
            _queue_cookie(self.request, self.settings, token)
        return self.session_row.csrf_token


def _queue_cookie(request: Request, settings: Settings, value: str | None) -> None:
    request.state.session_cookie = value
    request.state.cookie_secure = settings.https


def _load(request: Request, db: Session) -> Page:
    settings = get_settings(request)
    now = clock.utcnow()
    page = Page(request=request, db=db, settings=settings, t=Translator("zh-CN"), now=now)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        row = accounts.load_session(
            db,
            token=token,
            now=now,
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(minutes=settings.session_absolute_minutes),
        )
        if row is not None:
            page.session_row = row
            accounts.touch_session(db, row, now=now)
            if row.user_id is not None:
                page.user = db.get(User, row.user_id)
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
        if accounts.count_users(db) == 0:
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
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.rstrip("/") != own:
            raise CsrfFailed
    elif origin == "null":
        raise CsrfFailed
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfFailed
    sent = request.headers.get("x-csrf-token") or form.get("csrf_token")
    expected = page.session_row.csrf_token if page.session_row else None
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise CsrfFailed


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


def render(page: Page, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    t = page.t
    base = {
        "page": page,
        "t": t,
        "_": t.gettext,
        "gettext": t.gettext,
        "ngettext": t.ngettext,
        "user": page.user,
        "csrf_token": page.csrf_token() if (page.user or context.pop("with_csrf", False)) else "",
        "today": page.today,
    }
    response = templates.TemplateResponse(
        page.request, template, {**base, **context}, status_code=status_code
    )
    return response


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


def apply_session_cookie(request: Request, response: Response) -> None:
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
            max_age=60 * 60 * 24 * 60,
        )
