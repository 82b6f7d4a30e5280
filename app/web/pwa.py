"""The installable app's plumbing: the service worker, the offline page in each language, and a
fresh CSRF token for sending what the phone kept while offline."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.web import assets
from app.web.core import Page, mask_token, page_context, templates
from app.web.i18n import SUPPORTED, Translator
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)
NO_CACHE = {"Cache-Control": "no-cache"}


@router.get("/sw.js")
def service_worker() -> Response:
    """Served from the root so it may look after every page; the browser checks it each visit."""
    settings = {
        "version": assets.version(),
        "assets": assets.precache_urls(),
        "offline": [f"/offline/{lang}" for lang in SUPPORTED],
    }
    body = f"var KOC = {json.dumps(settings)};\n" + (assets.STATIC / "sw.js").read_text()
    return Response(body, media_type="text/javascript", headers=NO_CACHE)


@router.get("/offline/{lang}")
def offline_page(request: Request, lang: str) -> HTMLResponse:
    """What a page opened without a connection shows when no copy of it was saved (no token,
    no account data: it is cached on the phone)."""
    if lang not in SUPPORTED:
        lang = "en"
    t = Translator(lang)
    html = templates.get_template("offline.html").render(
        t=t, _=t.gettext, user=None, csrf_token="", page=None, request=request
    )
    return HTMLResponse(html, headers=NO_CACHE)


@router.get("/csrf-token")
def csrf_token(page: Annotated[Page, Depends(page_context)]) -> JSONResponse:
    """A masked token for the outbox; 403 when no one is signed in (the phone asks to sign in)."""
    if page.user is None:
        return JSONResponse({"detail": "sign in"}, status_code=403)
    return JSONResponse(
        {"token": mask_token(page.csrf_token()), "account": str(page.user_id)},
        headers={"Cache-Control": "no-store"},
    )
