"""create_app(settings): middleware, routers, error pages."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from sqlalchemy import text
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from app.accounts import service as accounts_service
from app.db import Sessions, autocommit, make_engine
from app.economics import rollup
from app.errors import Conflict, Forbidden, NotFound, RuleError
from app.ledger import enums
from app.ledger.service import get_profile
from app.settings import Settings
from app.web import core, logs, pagecache, pwa
from app.web.asgi import SecurityMiddleware
from app.web.assets import CachedStatic
from app.web.once import ForeignToken


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="KOC Ledger",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs" if settings.debug else None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.sessions = Sessions(app.state.engine)
    app.state.preferences = _preferences
    app.state.ledger_key = rollup.request_key  # what pages cached per version are keyed on
    app.state.page_cache = pagecache.new_cache()
    app.state.accounts = accounts_service  # who is signed in, for the web plumbing
    core.templates.env.globals["enums"] = enums  # labels and choices, for every template
    app.state.secret_key = settings.resolved_secret_key()
    logs.install()  # calendar and share tokens never reach the access log

    # Pages are gzip-compressed too: their CSRF token is masked afresh for every response
    # (core.mask_token), so compression cannot leak it (BREACH). Static files are fingerprinted
    # (?v=hash) and kept a year (app/web/assets.py).
    # Level 6 (zlib's default): pages 1-2 % larger than at 9, compressed in about half the time.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.mount("/static", CachedStatic(), name="static")

    from app.accounts import api as accounts_api
    from app.accounts import pages as accounts_pages
    from app.collective import api as collective_api
    from app.collective import pages as collective_pages
    from app.economics import api as economics_api
    from app.economics import pages as economics_pages
    from app.ledger import api as ledger_api
    from app.ledger import org_pages, sheet_pages
    from app.ledger import pages as ledger_pages
    from app.negotiation import api as negotiation_api
    from app.negotiation import pages as negotiation_pages

    app.include_router(pwa.router)
    app.include_router(accounts_pages.router)
    app.include_router(ledger_pages.router)
    app.include_router(org_pages.router)
    app.include_router(sheet_pages.router)
    app.include_router(economics_pages.router)
    app.include_router(negotiation_pages.router)
    app.include_router(collective_pages.router)
    app.include_router(accounts_api.router, prefix="/api/v1")
    app.include_router(ledger_api.router, prefix="/api/v1")
    app.include_router(economics_api.router, prefix="/api/v1")
    app.include_router(negotiation_api.router, prefix="/api/v1")
    app.include_router(collective_api.router, prefix="/api/v1")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> HTMLResponse:
        """Liveness, and the benchmarks' floor: no database, no template."""
        return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        """Readiness: the database answers a query (503 when it cannot)."""
        try:
            with autocommit(app.state.engine).connect() as conn:  # no lock, no transaction
                conn.execute(text("SELECT 1"))
        except Exception:
            return PlainTextResponse(
                "database unavailable", status_code=503, headers={"Retry-After": "30"}
            )
        return PlainTextResponse("ready")

    # Outermost: security headers on every response, body limit, retries, 500/503 pages.
    app.add_middleware(SecurityMiddleware, settings=settings)
    _install_error_handlers(app)
    return app


def _preferences(db: Session, user_id: int) -> tuple[str, str]:
    profile = get_profile(db, user_id=user_id)
    return profile.locale, profile.timezone


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(core.LoginRequired)
    async def _login(request: Request, _exc: core.LoginRequired) -> Response:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        if request.headers.get("HX-Request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": "/login"})
        return core.redirect("/login?next=" + core.safe_next(target).replace("&", "%26"))

    @app.exception_handler(core.SetupRequired)
    async def _setup(_request: Request, _exc: core.SetupRequired) -> Response:
        return core.redirect("/setup")

    @app.exception_handler(ForeignToken)
    async def _foreign(request: Request, _exc: ForeignToken) -> Response:
        return error_page(request, 409)

    @app.exception_handler(core.CsrfFailed)
    async def _csrf(request: Request, _exc: core.CsrfFailed) -> Response:
        return error_page(request, 403)

    # A service raises NotFound for a missing object and for another account's alike; routes
    # and their dependencies (DealDep and kin) let it rise to here, so the 404 is written once.
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _exc: NotFound) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Not found"}, status_code=404)
        page = getattr(request.state, "page", None)
        if page is not None:  # signed in: the 404 keeps the navigation and the language
            return core.not_found_page(page)
        return error_page(request, 404)

    # The API says why (403); a page hides the action the same way it hides the object.
    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=403)
        return await _not_found(request, NotFound())

    # A page that can explain a conflict catches it and re-renders; elsewhere it ends here.
    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=409)
        return error_page(request, 409)

    # A rule broken where no form is re-rendered (a form catches its own, to keep what was
    # typed). The session was rolled back on the way out of the route.
    @app.exception_handler(RuleError)
    async def _rule(request: Request, exc: RuleError) -> Response:
        if _is_api(request):
            detail = [
                {"type": exc.code, "loc": ["body", exc.field], "msg": exc.message, "input": None}
            ]
            return JSONResponse({"detail": detail}, status_code=422)
        return error_page(request, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": exc.detail},
                status_code=exc.status_code,
                headers=getattr(exc, "headers", None),
            )
        return error_page(request, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [_safe_error(error) for error in exc.errors()]
        if _is_api(request):
            return _AsciiSafeJSON({"detail": errors}, status_code=422)
        return error_page(request, 422, errors)


class _AsciiSafeJSON(JSONResponse):
    """A 422 echoes the input; a lone surrogate in it (valid JSON "\\ud800", refused by the
    validation) cannot be encoded as UTF-8, which made the 422 a 500. Such a body is written
    with ASCII escapes instead."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _safe(value: Any, depth: int = 0) -> Any:
    """A value of a validation error made JSON- and UTF-8-safe: the input that failed may be
    NaN, a lone surrogate or hold NUL, and the answer must still go out (as a 422)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth > 20:
        return None
    if isinstance(value, dict):
        return {str(_safe(k)): _safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v, depth + 1) for v in value]
    return _safe(str(value))


def _safe_error(error: Any) -> dict[str, Any]:
    keep = {k: error[k] for k in ("type", "loc", "msg", "input", "ctx") if k in error}
    if len(repr(keep.get("input"))) > 1000:  # an echo of a huge body helps nobody
        keep["input"] = None
    safe: dict[str, Any] = _safe(keep)
    return safe


def error_page(
    request: Request, status: int, errors: list[dict[str, Any]] | None = None
) -> HTMLResponse:
    from app.i18n import Translator, negotiate

    page = getattr(request.state, "page", None)
    if page is not None:  # the page was loaded: its language is the account's own choice
        t = page.t
    else:
        t = Translator(
            request.cookies.get(core.LANG_COOKIE)
            or negotiate(request.headers.get("accept-language"))
        )
    titles = {
        403: t.gettext("This request was refused. Reload the page and try again."),
        404: t.gettext("Nothing here. It may have been deleted, or it belongs to another account."),
        405: t.gettext("This request was refused. Reload the page and try again."),
        409: t.gettext("This request was refused. Reload the page and try again."),
        413: t.gettext("That upload is too large."),
        422: t.gettext("Some input could not be read. Go back and check the form."),
        503: t.gettext("The database cannot be reached right now. Try again in a minute."),
    }
    message = titles.get(status, t.gettext("Something went wrong."))
    refused = [e for e in errors or [] if e.get("type") == "text_unstorable"]
    if refused:
        field = str(refused[0]["loc"][-1]) if refused[0].get("loc") else ""
        message = t.gettext(
            "The field “%(field)s” holds a character that cannot be stored (NUL or a broken "
            "character). Go back, remove it and try again.",
            field=field[:60],
        )
    html = core.templates.get_template("errors/error.html").render(
        t=t, _=t.gettext, message=message, status=status, user=None
    )
    return HTMLResponse(html, status_code=status)
