"""Errors raised by services; the web layers turn them into 404s and 422s."""

from __future__ import annotations


class NotFound(Exception):
    """The object does not exist or belongs to another account (the two look alike)."""


class RuleError(Exception):
    """Input that breaks a rule checked by a service; names the field and a message code."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message


class Forbidden(Exception):
    """The caller may see the object but not do this. The API answers 403 with the message;
    a page answers as for NotFound, since no page offers the action to this caller."""

    message = "This is not allowed"


class Conflict(Exception):
    """The request clashes with the object's state (a release already made this period). The
    API answers 409 with the message; a page that can say why re-renders itself instead."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message or reason
