"""The offer check only reads: it must not queue on SQLite's write lock (issue 15, p95)."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.conftest import csrf_of, sign_in, using_postgres


@pytest.mark.commits
@pytest.mark.skipif(using_postgres(), reason="SQLite's write lock (BEGIN IMMEDIATE)")
def test_an_offer_check_answers_while_another_writer_holds_the_lock(
    client: TestClient, user: Any, engine: Engine
) -> None:
    """Four offer checks at once each took the write lock at BEGIN and waited for the others,
    SQLite's busy handler sleeping up to 100 ms between tries (p95 85 ms, p50 4 ms). Now its
    transaction is deferred like a GET's: it answers while another connection holds the lock."""
    sign_in(client)
    token = csrf_of(client, "/offers/new")
    form = {"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "3000"}
    assert client.post("/offers/check", data=form).status_code == 200  # warm, session stamped
    database = engine.url.database
    assert database
    writer = sqlite3.connect(database, isolation_level=None, timeout=1)
    answers: list[int] = []
    try:
        writer.execute("BEGIN IMMEDIATE")  # another request's write, in progress
        thread = threading.Thread(
            target=lambda: answers.append(client.post("/offers/check", data=form).status_code)
        )
        thread.start()
        thread.join(timeout=5)
        answered_while_locked = not thread.is_alive()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    thread.join(timeout=60)
    assert answered_while_locked, "the offer check waited for the write lock"
    assert answers == [200]
