"""The request-parsing layer refuses what no field may hold, before any route sees it:
JSON bodies with NaN, Infinity, 1e309, overlong integers, NUL or lone surrogates; query
strings, path segments and posted form fields with NUL. Each answers 422 naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.datastructures import FormData

from app.validation import TEXT_MESSAGES, JsonRejected, loads_strict, text_unstorable


def _error(where: str, loc: tuple[str | int, ...], code: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": code, "loc": (where, *loc), "msg": TEXT_MESSAGES[code], "input": None}]
    )


def check_query(request: Request) -> None:
    for name, value in request.path_params.items():
        if isinstance(value, str) and text_unstorable(value):
            raise _error("path", (name,), "text_unstorable")
    for name, value in request.query_params.multi_items():
        if text_unstorable(name) or text_unstorable(value):
            raise _error("query", (name.replace("\x00", ""),), "text_unstorable")


# Fields whose input type strips NUL itself: a pasted message (BriefText) is kept as the
# brand wrote it, less the NUL a chat app may carry (review 13); lone surrogates are still
# refused there by the type.
NUL_STRIPPED = frozenset({"brief_text"})


def check_form(form: FormData) -> None:
    for name, value in form.multi_items():
        if name in NUL_STRIPPED:
            continue
        if text_unstorable(name) or (isinstance(value, str) and text_unstorable(value)):
            raise _error("body", (name.replace("\x00", ""),), "text_unstorable")


def _wants_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return not kind or kind == "application/json" or kind.endswith("+json")


class StrictRoute(APIRoute):
    """Every route of the app: query strings, and JSON bodies parsed strictly (see above)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            check_query(request)
            if request.method not in {"GET", "HEAD", "OPTIONS"} and _wants_json(request):
                body = await request.body()
                if body:
                    try:
                        request._json = loads_strict(body)  # read again by FastAPI
                    except JsonRejected as exc:
                        raise _error("body", exc.loc, exc.code) from exc
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        pass  # FastAPI answers it as it always did (422 json_invalid)
            return await handler(request)

        return strict
