"""Ids that arrive inside JSON bodies, form fields and uploaded files resolve only within the
signed-in account: another account's id (or an unknown one) is a clear 422, never a write into
someone else's ledger and never a database error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.ledger.models import Agency, Deal, Payment, WorkEntry
from app.transfer import TransferError, import_account
from tests import factories
from tests.conftest import api_token, csrf_of, make_user, sign_in
from tests.figures import record
from tests.test_spreadsheet import wait_for_import

FOREIGN_OR_UNKNOWN = ("victim", 0, -1, 2**31 - 1, 2**31, 2**63)


def _world(db: Session) -> dict[str, Any]:
    me = make_user(db, "mei")
    victim = make_user(db, "victim", owner=False)
    their_deal = factories.deal(db, victim, title="Their deal", agreed_fee="100")
    their_agency = db.merge(Agency(user_id=victim.id, name="Their MCN", kind="mcn", notes=""))
    db.commit()
    my_deal = factories.deal(db, me, title="Mine")
    return {
        "me": me,
        "victim": victim,
        "deal": their_deal.id,
        "brand": their_deal.brand_id,
        "agency": their_agency.id,
        "my_deal": my_deal.id,
        "my_brand": my_deal.brand_id,
    }


def _victim_state(db: Session, w: dict[str, Any]) -> tuple[Any, ...]:
    db.expire_all()
    counts = tuple(
        db.exec(select(func.count()).select_from(t).where(t.user_id == w["victim"].id)).one()
        for t in (Deal, Payment, WorkEntry, Agency)
    )
    mine = db.get(Deal, w["my_deal"])
    assert mine is not None
    return (*counts, mine.brand_id, mine.agency_id)


def _api_cases(w: dict[str, Any], value: Any) -> list[tuple[str, str, dict[str, Any], str]]:
    offer = {"deliverables": [{"kind": "image_note"}], "fee": "100"}
    return [
        ("POST", "/api/v1/deals", {"title": "x", "brand_id": value}, "brand_id"),
        (
            "POST",
            "/api/v1/deals",
            {"title": "x", "brand_id": w["my_brand"], "agency_id": value},
            "agency_id",
        ),
        ("PATCH", f"/api/v1/deals/{w['my_deal']}", {"brand_id": value}, "brand_id"),
        ("PATCH", f"/api/v1/deals/{w['my_deal']}", {"agency_id": value}, "agency_id"),
        (
            "POST",
            "/api/v1/offers/save",
            {"offer": offer, "brand_id": value, "title": "x"},
            "brand_id",
        ),
        (
            "POST",
            "/api/v1/offers/save",
            {"offer": offer, "brand_id": w["my_brand"], "agency_id": value, "title": "x"},
            "agency_id",
        ),
    ]


def _ids_in_bodies(schema: dict[str, Any]) -> set[tuple[str, str]]:
    """(method path) of every API operation whose JSON body carries a field named *_id."""
    components = schema.get("components", {}).get("schemas", {})

    def fields(node: Any, depth: int = 0) -> set[str]:
        if depth > 6 or not isinstance(node, dict):
            return set()
        if "$ref" in node:
            return fields(components[node["$ref"].rsplit("/", 1)[1]], depth + 1)
        found = {name for name in node.get("properties", {}) if name.endswith("_id")}
        for child in [*node.get("properties", {}).values(), *node.get("anyOf", [])]:
            found |= fields(child, depth + 1)
        return found

    out = set()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if fields(body.get("schema", {})):
                out.add((method.upper(), path))
    return out


def test_every_api_body_id_is_checked_against_the_account(client: TestClient, db: Session) -> None:
    w = _world(db)
    client.headers.update(api_token(db, w["me"]))
    covered = {(m, p.replace(str(w["my_deal"]), "{deal_id}")) for m, p, _, _ in _api_cases(w, 1)}
    listed = _ids_in_bodies(client.get("/api/v1/openapi.json").json())
    assert listed <= covered, f"API bodies with ids this test does not try: {listed - covered}"
    before = _victim_state(db, w)
    tried = failed = 0
    for raw in FOREIGN_OR_UNKNOWN:
        value = w["brand"] if raw == "victim" else raw
        for method, path, body, field in _api_cases(w, value):
            if raw == "victim" and field == "agency_id":
                body = {**body, "agency_id": w["agency"]}
            response = client.request(method, path, json=body)
            tried += 1
            text = response.text
            ok = (
                response.status_code == 422
                and field in text
                and "sql" not in text.lower()
                and _victim_state(db, w) == before
            )
            if not ok:
                failed += 1
                print("FAILED", method, path, body, response.status_code, text[:200])
    record("ids in JSON bodies × other accounts and unknown ids → 422", tried, failed)
    assert failed == 0


def test_form_fields_with_other_accounts_ids(client: TestClient, db: Session) -> None:
    w = _world(db)
    sign_in(client)
    token = csrf_of(client, "/deals/new")
    before = _victim_state(db, w)
    posts = [
        ("/deals", {"title": "x", "brand_id": w["brand"], "status": "lead"}),
        ("/deals", {"title": "x", "brand_id": w["my_brand"], "agency_id": w["agency"]}),
        (f"/deals/{w['my_deal']}", {"title": "Mine", "brand_id": w["brand"], "status": "lead"}),
        (
            f"/deals/{w['my_deal']}",
            {"title": "Mine", "brand_id": w["my_brand"], "agency_id": w["agency"]},
        ),
        ("/work", {"deal_id": w["deal"], "activity": "editing", "minutes": "30"}),
        ("/payments", {"deal_id": w["deal"], "gross": "10", "received_on": "2026-01-01"}),
        (
            "/offers/save",
            {"title": "x", "brand_id": w["brand"], "kind_1": "image_note", "fee": "100"},
        ),
    ]
    failed = 0
    for path, data in posts:
        response = client.post(path, data={"csrf_token": token, **data})
        if response.status_code != 422 or _victim_state(db, w) != before:
            failed += 1
            print("FAILED", path, data, response.status_code)
    record("ids in form fields × other accounts → 422", len(posts), failed)
    assert failed == 0


@pytest.mark.commits  # the spreadsheet import runs in a background thread
def test_ids_inside_uploaded_files(client: TestClient, db: Session) -> None:
    """Spreadsheets (payments, work) and account imports; benchmark files carry no ids."""
    w = _world(db)
    sign_in(client)
    token = csrf_of(client, "/import")
    before = _victim_state(db, w)
    tried = failed = 0
    sheets = {
        "payments": "deal,gross,date\n{},50,2026-04-20\n",
        "work": "deal,activity,minutes,date\n{},editing,30,2026-04-01\n",
    }
    for kind, template in sheets.items():
        for ref in (w["deal"], 2**31 - 1, 10**40):
            response = client.post(
                "/import",
                data={"csrf_token": token, "kind": kind},
                files={"file": ("s.csv", template.format(ref).encode(), "text/csv")},
            )
            path = response.headers["location"]
            mapping = {"map_deal": "0", "map_gross": "1", "map_received_on": "2"}
            if kind == "work":
                mapping = {
                    "map_deal": "0",
                    "map_activity": "1",
                    "map_minutes": "2",
                    "map_worked_on": "3",
                }
            client.post(path, data={"csrf_token": token, **mapping})
            page = wait_for_import(client, path)
            tried += 1
            if "No deal called" not in page or _victim_state(db, w) != before:
                print("FAILED", kind, ref, page[-3000:])
                failed += 1
    # An account import names brands by the refs of its own records, never by database id.
    document = {
        "schema": "kocledger.account/1",
        "profile": {},
        "brands": [{"ref": w["brand"] + 1, "name": "B"}],
        "deals": [
            {"ref": 1, "title": "t", "brand_id": w["brand"], "created_at": "2026-01-01T00:00:00"}
        ],
    }
    tried += 1
    try:
        import_account(db, user_id=w["me"].id, document=document)
        failed += 1
    except TransferError as exc:
        failed += int(not any("brand_id" in e for e in exc.errors))
    failed += int(_victim_state(db, w) != before)
    response = client.post(
        "/settings/import",
        data={"csrf_token": token},
        files={"file": ("a.json", json.dumps(document).encode(), "application/json")},
    )
    tried += 1
    failed += int(response.status_code != 422 or _victim_state(db, w) != before)
    record("ids inside uploaded files × other accounts → per-row error", tried, failed)
    assert failed == 0
