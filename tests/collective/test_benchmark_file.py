"""A benchmark (release) file is checked against one strict schema on import: a bad one is a
422 with a message naming the place, and never reaches the dashboard or the offer check."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import clock
from app.collective.models import ImportedBenchmark
from app.demo import fill_demo
from tests.conftest import api_token, csrf_of
from tests.html import one, parse

CELL = {
    "platform": "xiaohongshu",
    "kind": "image_note",
    "tier": "T2",
    "niche": "beauty",
    "year": 2026,
    "contributors": 10,
    "figures": {
        "fee_per_unit": {"p25": 400, "median": 650, "p75": 900},
        "effective_hourly": {"p25": 60, "median": 95.5, "p75": 150},
        "hours": None,
        "days_to_payment": {"p25": "0-7", "median": "8-30", "p75": "31-60"},
        "extra_revision_rounds": None,
        "hidden_labor_share": None,
    },
}
RELEASE = {
    "schema": "kocledger.release/1",
    "collective": "互助组",
    "number": 3,
    "made_on": "2026-11-01",
    "k": 3,
    "cells": [CELL],
    "report_cards": [],
}


def _bad(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(RELEASE)
    change(document)
    return document


BAD = {
    "cell is a string": lambda d: d.update(cells=["oops"]),
    "missing p25": lambda d: d["cells"][0]["figures"]["fee_per_unit"].pop("p25"),
    "string quartiles": lambda d: d["cells"][0]["figures"]["fee_per_unit"].update(
        p25="a", median="b", p75="c"
    ),
    "numeric string quartile": lambda d: d["cells"][0]["figures"]["fee_per_unit"].update(p25="400"),
    "quartiles out of order": lambda d: d["cells"][0]["figures"]["fee_per_unit"].update(p25=1000),
    "figures not an object": lambda d: d["cells"][0].update(figures=[1, 2]),
    "figure a list": lambda d: d["cells"][0]["figures"].update(fee_per_unit=[1, 2, 3]),
    "unknown bucket": lambda d: d["cells"][0]["figures"]["days_to_payment"].update(p25="soon"),
    "unknown kind": lambda d: d["cells"][0].update(kind="poster"),
    "year as text": lambda d: d["cells"][0].update(year="2026"),
    "year 99999": lambda d: d["cells"][0].update(year=99999),
    "negative fee": lambda d: d["cells"][0]["figures"]["fee_per_unit"].update(p25=-5),
    "cells not a list": lambda d: d.update(cells={"a": 1}),
    "report card junk": lambda d: d.update(report_cards=[{"name": 5}]),
    "made_on year 1": lambda d: d.update(made_on="0001-01-01"),
    "number too large": lambda d: d.update(number=2**40),
    "collective too long": lambda d: d.update(collective="x" * 500),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_release_files_are_refused(
    signed_in: TestClient, db: Session, user: Any, name: str
) -> None:
    fill_demo(db, username=user.username, deals=5, seed=3, now=clock.utcnow())
    document = _bad(BAD[name])
    headers = api_token(db, user)
    response = signed_in.post("/api/v1/benchmarks/import", json=document, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["msg"]
    token = csrf_of(signed_in, "/benchmarks")
    page = signed_in.post(
        "/benchmarks",
        data={"csrf_token": token},
        files={"file": ("r.json", io.BytesIO(json.dumps(document).encode()), "application/json")},
    )
    assert page.status_code == 422
    # The page names the same first problem, at the same place in the file, as the API.
    loc = response.json()["detail"][0]["loc"][1:]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    error = one(parse(page), "#file + p.error").text()
    assert error.startswith("That is not a KOC Ledger release file. ")
    assert f" {where or 'file'}: " in error, (where, error)
    assert db.exec(select(func.count()).select_from(ImportedBenchmark)).one() == 0
    assert signed_in.get("/dashboard?period=all").status_code == 200
    check = signed_in.post(
        "/offers/check",
        data={"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "300"},
    )
    assert check.status_code == 200


def test_a_good_release_still_imports(signed_in: TestClient, db: Session, user: Any) -> None:
    response = signed_in.post(
        "/api/v1/benchmarks/import", json=RELEASE, headers=api_token(db, user)
    )
    assert response.status_code == 201, response.text
    stored = json.loads(db.exec(select(ImportedBenchmark)).one().body)
    assert stored["cells"][0]["figures"]["fee_per_unit"] == {"p25": 400, "median": 650, "p75": 900}


def test_a_bad_row_stored_before_the_check_is_skipped(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    """Rows imported by an older version were not checked: readers skip what does not fit."""
    fill_demo(db, username=user.username, deals=5, seed=3, now=clock.utcnow())
    db.add(
        ImportedBenchmark(
            user_id=user.id,
            collective="old",
            number=1,
            made_on=clock.utcnow().date(),
            imported_at=clock.utcnow(),
            body=json.dumps({"cells": ["oops", {**CELL, "figures": {"fee_per_unit": {}}}]}),
        )
    )
    db.commit()
    assert signed_in.get("/dashboard?period=all").status_code == 200
    token = csrf_of(signed_in, "/offers/new")
    check = signed_in.post(
        "/offers/check",
        data={"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "300"},
    )
    assert check.status_code == 200
