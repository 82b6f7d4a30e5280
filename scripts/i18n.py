"""Refresh the message catalogs: extract strings, merge into zh_CN and en, fill en as-is.

Run after changing user-facing strings: `python scripts/i18n.py`. Then translate the new
empty entries of app/locale/zh_CN/LC_MESSAGES/messages.po (tests fail until you do).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "app" / "locale"
POT = LOCALE / "messages.pot"


def extract(pot: Path) -> None:
    """Every translatable string of the code and templates into a template catalog (the
    markers: N_ for strings translated later, gettext, ngettext and markup)."""
    subprocess.run(
        [
            *(sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"),
            *("-k", "N_", "-k", "gettext", "-k", "ngettext:1,2", "-k", "markup"),
            *("--no-location", "--sort-output", "--omit-header", "-o", str(pot), "."),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def main() -> int:
    LOCALE.mkdir(parents=True, exist_ok=True)
    extract(POT)
    with POT.open("rb") as handle:
        template = read_po(handle)
    for locale in ("zh_CN", "en"):
        po_path = LOCALE / locale / "LC_MESSAGES" / "messages.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=locale)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project, catalog.version = "KOC Ledger", "1"
        for message in catalog:
            if not message.id:
                continue
            message.flags.discard("fuzzy")
            if locale == "en":
                message.string = message.id  # English source strings are the English text
        with po_path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                omit_header=False,
                sort_output=True,
                no_location=True,
                ignore_obsolete=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
