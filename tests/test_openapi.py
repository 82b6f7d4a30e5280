"""/api/v1/openapi.json describes every response: no operation answers a bare object."""

from __future__ import annotations

from typing import Any


def _bare(schema: dict[str, Any]) -> bool:
    return (
        "$ref" not in schema
        and schema.get("type", "object") == "object"
        and not any(key in schema for key in ("properties", "anyOf", "allOf", "oneOf", "items"))
    )


def test_every_response_has_a_schema(app_instance: Any) -> None:
    doc = app_instance.openapi()
    untyped = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if not code.startswith("2") or code == "204":
                    continue
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema is None or _bare(schema):
                    untyped.append(f"{method.upper()} {path}")
    assert untyped == []
