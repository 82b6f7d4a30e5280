"""Secrets in addresses stay out of the access log.

The calendar feed (/calendar/<token>.ics) and the shared rate card (/card/<token>) carry their
only credential in the path; uvicorn's access log would write it to disk (and to whatever
collects the logs). This filter rewrites those path segments, and token-like query values,
before a record is formatted.
"""

from __future__ import annotations

import logging
import re

_PATHS = re.compile(r"(/(?:calendar|card)/)[^/?#\s\"]+")
_QUERY = re.compile(r"([?&](?:token|code|key|secret|access_token)=)[^&#\s\"]+", re.IGNORECASE)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _QUERY.sub(r"\1" + REDACTED, _PATHS.sub(r"\1" + REDACTED, text))


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    """Idempotent: one filter on uvicorn's access and error loggers."""
    for name in ("uvicorn.access", "uvicorn.error", "kocledger"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
