"""The offer check only reads: it must not queue on SQLite's write lock (issue 15, p95)."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.negotiation import service as negotiation
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


@pytest.mark.commits
@pytest.mark.skipif(using_postgres(), reason="SQLite's deferred transaction")
def test_a_first_offer_check_answers_while_another_connection_commits(
    client: TestClient, user: Any, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Found by the attack review of the read-only offer check.) @reads_only runs the check in
    a deferred (BEGIN) transaction, and the check wrote: the account's rate card was inserted on
    first use. On SQLite (WAL) a read transaction whose snapshot is older than the last commit
    cannot become a write transaction (SQLITE_BUSY_SNAPSHOT, at once, without the busy handler),
    so any commit by anyone (another account, another tab) between the check's first read and
    that insert made the account's first offer check a 503. Reading the rate card no longer
    writes it: its defaults until the creator saves it."""
    sign_in(client)
    token = csrf_of(client, "/offers/new")  # GET: does not make the rate card
    database = engine.url.database
    assert database
    real = negotiation.benchmark_for
    outcome: list[str] = []

    def benchmark_with_a_commit_elsewhere(session: Any, **kwargs: Any) -> Any:
        # Any other request's write, committing while this check reads (another account's).
        other = sqlite3.connect(database, isolation_level=None, timeout=0.3)
        try:
            other.execute("UPDATE user_account SET username = username WHERE id = ?", (user.id,))
            outcome.append("committed")
        except sqlite3.OperationalError:
            outcome.append("waited")  # main: the check holds the write lock (BEGIN IMMEDIATE)
        finally:
            other.close()
        return real(session, **kwargs)

    monkeypatch.setattr(negotiation, "benchmark_for", benchmark_with_a_commit_elsewhere)
    form = {"csrf_token": token, "kind_1": "image_note", "quantity_1": "1", "fee": "3000"}
    client_no_raise = TestClient(
        client.app, base_url="http://testserver", raise_server_exceptions=False
    )
    client_no_raise.cookies = client.cookies
    client_no_raise.portal = client.portal
    response = client_no_raise.post("/offers/check", data=form)
    client_no_raise.portal = None
    assert response.status_code == 200, (outcome, response.status_code, response.text[:300])
