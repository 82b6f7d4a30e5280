"""The web layer's name for app.i18n (translations live outside app/web/, see there)."""

from __future__ import annotations

from app.i18n import DEFAULT_LOCALE, SUPPORTED, Translator, negotiate, translations

__all__ = ["DEFAULT_LOCALE", "SUPPORTED", "Translator", "negotiate", "translations"]
