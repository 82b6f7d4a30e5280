"""Tables of the accounts area."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String, Text
from sqlmodel import Field, SQLModel

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    is_owner: bool = Field(default=False)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class UserSession(SQLModel, table=True):
    """A browser session; the cookie carries a random id, the table keeps its sha256."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    user_id: int | None = Field(
        default=None, foreign_key="user_account.id", index=True, ondelete="CASCADE"
    )
    csrf_token: str = Field(sa_column=Column(String(64), nullable=False))
    locale: str | None = Field(default=None, sa_column=Column(String(8), nullable=True))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    label: str = Field(sa_column=Column(String(100), nullable=False))
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class LoginFailure(SQLModel, table=True):
    """A failed sign-in, kept a while so throttling holds across workers and restarts."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    client: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class SheetUpload(SQLModel, table=True):
    """A spreadsheet waiting for its column mapping, then applied all or nothing."""

    __tablename__ = "sheet_upload"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    filename: str = Field(sa_column=Column(String(200), nullable=False))
    content: str = Field(sa_column=Column(Text, nullable=False))  # header and rows, as JSON
    status: str = Field(default="new", sa_column=Column(String(16), nullable=False))
    result: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # Progress lives here, not in one worker's memory: every worker shows it, and a run whose
    # heartbeat stopped (a restart) is seen as interrupted. `attempt` names the run allowed to
    # finish, so an interrupted run that wakes up can never write after a newer one started.
    done: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    total: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    attempt: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    heartbeat_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
