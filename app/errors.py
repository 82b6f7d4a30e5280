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
