"""Schemathesis against /api/v1/openapi.json: every operation, bounded and seeded → no 5xx."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from sqlmodel import Session

from tests import factories
from tests.conftest import api_token, examples
from tests.figures import record

# Per operation: 6 in the everyday suite, 24 in bench/properties.py.
EXAMPLES = examples(24, least=6)


def test_no_server_errors(app_instance: Any, db: Session, user: Any) -> None:
    # Something to find: small path ids mostly point at real records.
    deal = factories.deal(db, user, agreed_fee="100")
    factories.work(db, deal)
    factories.part(db, deal, "payments", gross="10", received_on="2026-01-01")
    bearer = api_token(db, user)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app_instance)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    calls = 0
    for operation in operations:

        @seed(20261128)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            nonlocal calls
            response = case.call(headers=bearer)
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        check()
    record(f"schemathesis: {len(operations)} operations, requests → 5xx", calls, len(failures))
    assert failures == []
