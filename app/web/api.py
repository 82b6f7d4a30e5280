"""Plumbing for the JSON API: bearer-token auth (service errors are answered by the app's
exception handlers, app/main.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from app.web.core import Account, DbDep, get_accounts


def api_user(request: Request, db: DbDep) -> Account:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    user = get_accounts(request).user_for_token(db, token=token.strip())
    if user is None:
        raise HTTPException(401, "Invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})
    return user


ApiUser = Annotated[Account, Depends(api_user)]


def user_id_of(user: Account) -> int:
    assert user.id is not None
    return user.id


__all__ = ["ApiUser", "DbDep", "Session", "api_user", "user_id_of"]
