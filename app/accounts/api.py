"""JSON routes of the accounts area: who am I."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.web.api import ApiUser
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, tags=["accounts"])


class Me(BaseModel):
    id: int
    username: str
    is_owner: bool


@router.get("/me", response_model=Me)
def read_me(user: ApiUser) -> Me:
    assert user.id is not None
    return Me(id=user.id, username=user.username, is_owner=user.is_owner)
