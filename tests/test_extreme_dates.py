"""Extreme dates and offsets: year 9999 and year 1 in any date field are refused (422), and every
route that reads a date or an offset (query strings, stored rows from before the check, the
calendar feed) answers without a 500."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.ledger.models import Deal, Deliverable, Expense, Payment, WorkEntry
from tests.conftest import csrf_of, sign_in
from tests.figures import record
from tests.test_security import _fill, _routes, _victim

EXTREME = ("9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01")


def _date_fields(schema: dict[str, Any], components: dict[str, Any]) -> list[str]:
    node = schema
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[1]]
    out = []
    for name, prop in node.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        if any(o.get("format") == "date" for o in options):
            out.append(name)
    return out


def test_every_date_field_refuses_extreme_years(client: TestClient, db: Session) -> None:
    mine = _victim(db)
    secret, _ = accounts.create_token(db, user_id=mine["user"].id, label="t", now=clock.utcnow())
    bearer = {"Authorization": f"Bearer {secret}"}
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    tried = 0
    failures = []
    for template, item in schema["paths"].items():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content is None:
                continue
            for field in _date_fields(content["schema"], components):
                for value in EXTREME:
                    if field == "today" and value[:4] in {"1999", "2100"}:
                        # the brief parser's reference day is not stored: its own bounds are
                        # 1900-2999 (review 13); only the ends of the calendar must be refused
                        continue
                    url = _fill(template, mine)[0]
                    response = client.request(
                        method.upper(), url, json={field: value}, headers=bearer
                    )
                    tried += 1
                    locs = [e["loc"][-1] for e in response.json().get("detail", [])]
                    if response.status_code != 422 or field not in locs:
                        failures.append((method, template, field, value, response.status_code))
    # and the forms, through the same input models
    sign_in(client, "victim")
    token = csrf_of(client, "/deals/new")
    deal = mine["deal"]
    forms = [
        (f"/deals/{deal.id}", {"title": "x", "brand_id": mine["brand_id"], "due_on": "{}"}),
        (
            f"/deals/{deal.id}/parts/work",
            {"activity": "editing", "minutes": "5", "worked_on": "{}"},
        ),
        (f"/deals/{deal.id}/parts/payments", {"gross": "1", "received_on": "{}"}),
        ("/payments", {"deal_id": str(deal.id), "gross": "1", "received_on": "{}"}),
    ]
    for path, data in forms:
        for value in EXTREME:
            filled = {k: (value if v == "{}" else v) for k, v in data.items()}
            response = client.post(path, data={"csrf_token": token, **filled})
            tried += 1
            if response.status_code != 422 or "2000-01-01" not in response.text:
                failures.append(("POST", path, "", value, response.status_code))
    record("year 9999 / year 1 in every date field → 422", tried, len(failures))
    assert tried > 40
    assert failures == []


QUERIES = (
    "?from=9999-12-31&to=9999-12-31",
    "?from=0001-01-01&to=9999-12-31",
    "?to=9999-12-31",
    "?from=0001-01-01",
    "?offset=99999999999999999999&limit=99999999999",
    "?offset=2147483648&limit=500",
    "?offset=-5&limit=-1",
    "?year=9999",
    "?year=-1",
    "?period=all",
    "?period=year&from=9999-12-31",
)


@pytest.fixture
def lenient(app_instance: Any, sessions: Any) -> Iterator[TestClient]:
    """A client that gets a server error as a 500 rather than raising it. Entered once, as the
    `client` fixture is: outside `with`, each request started an event loop thread of its own."""
    with TestClient(
        app_instance,
        base_url="http://testserver",
        follow_redirects=False,
        raise_server_exceptions=False,
    ) as client:
        yield client


def test_every_route_with_extreme_dates_and_offsets(
    app_instance: Any, db: Session, lenient: TestClient
) -> None:
    """Stored rows at the edges of the calendar (imported before dates were checked), and
    extreme query strings on every GET route, the calendar feed included: never a 500."""
    client = lenient
    mine = _victim(db)
    deal = mine["deal"]
    edge = date(9999, 12, 31)
    row = db.get(Deal, deal.id)
    assert row is not None
    row.due_on = row.payment_due_on = row.delivered_on = edge
    row.brief_received_on = date(1, 1, 1)
    db.add(row)
    for table, name in (
        (Payment, "received_on"),
        (WorkEntry, "worked_on"),
        (Expense, "spent_on"),
        (Deliverable, "due_on"),
    ):
        for item in db.query(table).all():  # type: ignore[attr-defined]
            setattr(item, name, edge)
            db.add(item)
    db.commit()
    sign_in(client, "victim")
    token = csrf_of(client, "/settings")
    # the private address is shown once, on the answer to the renewal (its hash is stored)
    page = client.post("/settings/calendar", data={"csrf_token": token, "action": "renew"}).text
    feed = page.split('id="calendar-url">')[1].split("<")[0].replace("http://testserver", "")
    secret, _ = accounts.create_token(db, user_id=mine["user"].id, label="t", now=clock.utcnow())
    bearer = {"Authorization": f"Bearer {secret}"}
    tried = 0
    failures = []
    # An API operation reads only the query parameters it declares (FastAPI ignores others),
    # so it gets the extreme values of those; a page may read any, so it gets them all.
    declared = {
        path: {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"}
        for path, item in app_instance.openapi()["paths"].items()
        if "get" in item
    }
    urls: list[tuple[str, set[str] | None]] = [(feed, None)]
    for method, path in _routes(app_instance):
        if method == "GET" and "{token}" not in path:
            urls.extend((url, declared.get(path)) for url in _fill(path, mine))
    for url, reads in urls:
        for query in ("", *QUERIES):
            if query and reads is not None and not reads & set(parse_qs(query[1:])):
                continue
            response = client.get(url + query, headers=bearer)
            tried += 1
            if response.status_code >= 500:
                failures.append((url + query, response.status_code))
    record("extreme dates and offsets × every GET route → 5xx", tried, len(failures))
    assert failures == []
