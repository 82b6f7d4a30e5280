"""Hostile values in every JSON field of every API operation and in every form: NaN, Infinity,
1e309, overlong integers, lone surrogates and NUL answer 422 with a message (never 500, never a
row PostgreSQL or UTF-8 cannot hold)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import csrf_of, sign_in
from tests.figures import record
from tests.test_security import _fill, _routes, _victim

NUMBERS = ("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "9" * 5000)
TEXTS = ('"\\ud800"', '"a\\udfffb"', '"a\\u0000b"', '"\\u0000"')
HOSTILE = NUMBERS + TEXTS
MARK = "__HOSTILE__"


def test_strict_loads_names_the_place() -> None:
    from app.validation import JsonRejected, loads_strict

    for token in HOSTILE:
        with pytest.raises(JsonRejected) as caught:
            loads_strict('{"a": [1, {"b": ' + token + "}]}")
        assert caught.value.loc == ("a", 1, "b")
    assert loads_strict('{"a": 1.5, "b": "ok", "c": -2}') == {"a": 1.5, "b": "ok", "c": -2}


def _schema_paths(schema: dict[str, Any], components: dict[str, Any]) -> list[list[Any]]:
    """Where a value can go in a body: each property, one level into objects and lists."""

    def resolve(node: Any) -> dict[str, Any]:
        while isinstance(node, dict) and "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[1]]
        if isinstance(node, dict) and "anyOf" in node:
            for option in node["anyOf"]:
                option = resolve(option)
                if option.get("type") in {"object", "array"} or "properties" in option:
                    return option
        return node if isinstance(node, dict) else {}

    def walk(node: Any, prefix: list[Any], depth: int) -> list[list[Any]]:
        node = resolve(node)
        if "properties" in node and depth < 3:
            out: list[list[Any]] = []
            for name, child in node["properties"].items():
                out.append([*prefix, name])
                out.extend(walk(child, [*prefix, name], depth + 1))
            return out
        if node.get("type") == "array" and depth < 3:
            return [[*prefix, 0], *walk(node.get("items", {}), [*prefix, 0], depth + 1)]
        return []

    return walk(schema, [], 0) or [["anything"]]


def _body_with(path: list[Any], token: str) -> str:
    document: Any = MARK
    for step in reversed(path):
        document = [document] if isinstance(step, int) else {step: document}
    return json.dumps(document).replace(json.dumps(MARK), token)


def test_every_json_field_of_every_operation(client: TestClient, db: Session) -> None:
    mine = _victim(db)  # an account with one of everything; here it is the signed-in user
    from app import clock
    from app.accounts import service as accounts

    secret, _ = accounts.create_token(db, user_id=mine["user"].id, label="t", now=clock.utcnow())
    bearer = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    schema = client.get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    tried = 0
    failures: list[str] = []
    operations = 0
    for template, item in schema["paths"].items():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content is None:
                continue
            operations += 1
            url = _fill(template, mine)[0]
            for path in _schema_paths(content.get("schema", {}), components):
                for token in HOSTILE:
                    response = client.request(
                        method.upper(), url, content=_body_with(path, token), headers=bearer
                    )
                    tried += 1
                    ok = response.status_code == 422
                    if ok:
                        detail = response.json()["detail"]
                        ok = bool(detail) and all(e.get("msg") for e in detail)
                    if not ok:
                        failures.append(
                            f"{method.upper()} {template} {path} {token[:12]}: "
                            f"{response.status_code}"
                        )
    record(
        f"non-finite numbers, surrogates, NUL × every JSON field ({operations} operations) → 422",
        tried,
        len(failures),
    )
    assert operations > 10
    assert failures == [], failures[:20]


def test_query_strings_with_nul(client: TestClient, db: Session) -> None:
    mine = _victim(db)
    sign_in(client, "victim")
    from app import clock
    from app.accounts import service as accounts

    secret, _ = accounts.create_token(db, user_id=mine["user"].id, label="t", now=clock.utcnow())
    failures = []
    urls = [
        "/deals?q=%00",
        "/api/v1/deals?q=a%00b",
        "/brands?q=%00",
        "/dashboard?from=%00",
        "/collectives/a%00b",
        "/api/v1/collectives/a%00b/members",
        "/calendar/a%00b.ics",
        "/card/a%00b",
    ]
    for url in urls:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        if response.status_code != 422:
            failures.append((url, response.status_code))
    record("NUL in query strings → 422", len(urls), len(failures))
    assert failures == []


FORM_NAMES = (
    "title",
    "name",
    "notes",
    "note",
    "brand_id",
    "agreed_fee",
    "quoted_fee",
    "gross",
    "amount",
    "minutes",
    "activity",
    "worked_on",
    "received_on",
    "item",
    "value",
    "fee",
    "display_name",
    "follower_count",
    "username",
    "password",
    "label",
    "code",
    "slug",
    "k",
    "platform_fee_pct",
    "due_on",
    "q",
)


@pytest.mark.commits  # forms include the spreadsheet import, which runs in a thread
def test_every_form_with_hostile_text(client: TestClient, db: Session, app_instance: Any) -> None:
    """NUL in any posted field is refused (422 naming it); number words are never a 500."""
    mine = _victim(db)
    sign_in(client, "victim")
    token = csrf_of(client, "/settings")
    tried = 0
    failures: list[str] = []
    values = ["a\x00b", "NaN", "Infinity", "-Infinity", "1e309", "9" * 5000]
    routes = sorted(
        _routes(app_instance), key=lambda r: any(w in r[1] for w in ("delete", "leave", "revoke"))
    )  # what deletes goes last, so the other routes still find their objects
    for method, path in routes:
        if (
            method != "POST"
            or path.startswith("/api/")
            or path in {"/logout", "/setup", "/settings/signout-all"}
        ):
            continue
        for url in _fill(path, mine):
            for value in values:
                # Every field name at once: one of them is the route's own, and none may pass.
                response = client.post(
                    url, data={"csrf_token": token, **dict.fromkeys(FORM_NAMES, value)}
                )
                tried += 1
                if value == "a\x00b":
                    ok = response.status_code == 422 and "NUL" in response.text
                else:
                    ok = response.status_code < 500
                if not ok:
                    failures.append(f"POST {url} {value[:8]!r}: {response.status_code}")
    for name in FORM_NAMES:  # and each field alone is named beside the refusal
        response = client.post("/deals", data={"csrf_token": token, name: "a\x00b"})
        tried += 1
        if response.status_code != 422 or f"“{name}”" not in response.text:
            failures.append(f"POST /deals {name}: {response.status_code}")
    record("non-finite numbers and NUL × every form → 422, never 500", tried, len(failures))
    assert failures == [], failures[:20]


def test_deeply_nested_json_is_refused_not_a_500(client: TestClient, db: Session) -> None:
    """JSON nested a thousand deep exhausted Python's stack inside the strict parser: every
    route reading JSON (API bodies, account and benchmark imports) answered 500."""
    from app import clock
    from app.accounts import service as accounts
    from app.validation import JsonRejected, loads_strict

    with pytest.raises(JsonRejected):
        loads_strict("[" * 100_000 + "]" * 100_000)
    mine = _victim(db)
    secret, _ = accounts.create_token(db, user_id=mine["user"].id, label="t", now=clock.utcnow())
    bearer = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    deep = '{"title": "x", "brand_name": "b", "notes": ' + "[" * 3000 + "]" * 3000 + "}"
    for url in ("/api/v1/deals", "/api/v1/benchmarks/import"):
        answer = client.post(url, content=deep, headers=bearer)
        assert answer.status_code == 422, (url, answer.status_code, answer.text[:200])
