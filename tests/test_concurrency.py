"""Concurrent writes against a real server: `kocledger serve --workers 2` on 127.0.0.1.

Runs in both passes of the suite (.ci/run): on SQLite the two workers share one file, on
PostgreSQL (KOCLEDGER_TEST_DATABASE=postgresql) they race for real under READ COMMITTED.
After every burst the stored figures and the monthly rollups must equal the entries.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import clock
from app.accounts import service as accounts
from app.db import make_engine
from app.economics.models import DealFiguresRow
from app.settings import Settings
from bench.consistency import mismatches
from bench.live import LiveServer, at_once, status_of, tls
from tests.conftest import PASSWORD, Databases, using_postgres
from tests.figures import record

pytestmark = pytest.mark.concurrency
CLASS = f"concurrency on {'PostgreSQL' if using_postgres() else 'SQLite'} with two workers"


def note(what: str, tried: int, failed: int) -> None:
    """For bench/scorecard.py: one class per kind of race."""
    record(f"{CLASS}: {what}", tried, failed)


@dataclass
class Live:
    server: LiveServer
    env: dict[str, str]
    engine: Engine
    token: str
    log: Path

    def user_id(self, username: str) -> int:
        with Session(self.engine) as db:
            user_id = accounts.find_user(db, username=username).id
            assert user_id is not None
            return user_id

    def token_for(self, username: str) -> str:
        with Session(self.engine) as db:
            secret, _ = accounts.create_token(
                db, user_id=self.user_id(username), label="race", now=clock.utcnow()
            )
            return secret

    def deal(self, api: httpx.Client, title: str, **extra: Any) -> int:
        brand = api.post("/brands", json={"name": f"Brand {title}"}).json()
        body = {"title": title, "brand_id": brand["id"], "agreed_fee": "400.00", **extra}
        response = api.post("/deals", json=body)
        assert response.status_code == 201, response.text
        deal_id: int = response.json()["id"]
        return deal_id


@pytest.fixture(scope="module")
def live(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data: Path = tmp_path_factory.mktemp("live")
    url, env = databases.live_env(data)
    # The accounts are made here, not by four runs of the CLI (tests/test_cli.py covers it):
    # each run started a Python of its own, seconds of the suite for nothing under test.
    engine = make_engine(Settings(database_url=url, data_dir=data))
    with Session(engine) as db:
        for name in ("alice", "bob", "carol", "dora"):
            accounts.create_user(
                db, username=name, password=PASSWORD, now=clock.utcnow(), is_owner=name == "alice"
            )
        alice = accounts.find_user(db, username="alice").id
        assert alice is not None
        token, _ = accounts.create_token(db, user_id=alice, label="race", now=clock.utcnow())
    server = LiveServer(env, workers=2, log=data / "server.log").start()
    try:
        yield Live(server, env, engine, token, data / "server.log")
    finally:
        server.stop()
        engine.dispose()


def test_parallel_payments_keep_figures_and_rollups(live: Live) -> None:
    with live.server.api(live.token) as api:
        month = {"delivered_on": "2026-03-10", "status": "delivered"}
        first, second = live.deal(api, "Spring", **month), live.deal(api, "Spring 2", **month)

        def pay(deal_id: int, n: int) -> Any:
            return lambda: api.post(
                f"/deals/{deal_id}/payments",
                json={"gross": "10.00", "received_on": "2026-03-20", "note": f"p{n}"},
            )

        calls = [pay(first, n) for n in range(40)]
        for n in range(16):  # the second deal's payments interleaved: same month, same rollups
            calls.insert(2 * n + 1, pay(second, n))
        statuses = Counter(status_of(r) for r in at_once(calls, parallel=8))
    with Session(live.engine) as db:
        stored = db.get(DealFiguresRow, first)
    wrong = mismatches(live.engine, live.user_id("alice"))
    note(
        "payments (posts; failed = not 201 + figure/rollup mismatches)",
        56,
        56 - statuses[201] + len(wrong),
    )
    assert statuses == {201: 56}, statuses
    assert stored is not None and stored.gross_received == 40000, stored
    assert wrong == []


def test_parallel_timer_stops_make_one_entry(live: Live) -> None:
    with live.server.api(live.token) as api:
        deal_id = live.deal(api, "Timer")
        browser, csrf = live.server.browser("alice", PASSWORD)
        try:
            started = browser.post(
                f"/deals/{deal_id}/timer/start", data={"activity": "editing", "csrf_token": csrf}
            )
            assert started.status_code == 303
            stop = lambda: browser.post(  # noqa: E731
                f"/deals/{deal_id}/timer/stop", data={"csrf_token": csrf}
            )
            statuses = Counter(status_of(r) for r in at_once([stop] * 8, parallel=8))
        finally:
            browser.close()
        assert statuses == {303: 8}, statuses
        work = api.get(f"/deals/{deal_id}/work").json()
    note("timer stops (8 at once → 1 entry)", 8, 8 - statuses[303] + abs(work["total"] - 1))
    assert work["total"] == 1, work
    assert mismatches(live.engine, live.user_id("alice")) == []


def test_same_form_posted_at_once_makes_one_row(live: Live) -> None:
    with live.server.api(live.token) as api:
        deal_id = live.deal(api, "Double")
        browser, csrf = live.server.browser("alice", PASSWORD)
        form = {
            "deal_id": str(deal_id),
            "gross": "25.00",
            "received_on": "2026-04-01",
            "method": "bank",
            "submit_token": "same-token-posted-eight-times",
            "csrf_token": csrf,
        }
        post = lambda: browser.post("/payments", data=form)  # noqa: E731
        results = at_once([post] * 8, parallel=8)
        browser.close()
        statuses = Counter(status_of(r) for r in results)
        payments = api.get(f"/deals/{deal_id}/payments").json()
        note(
            "double submit (8 posts of one form → 1 row, 8 × 303)",
            8,
            8 - statuses[303] + abs(payments["total"] - 1),
        )
        assert statuses == {303: 8}, statuses
        assert {r.headers["location"] for r in results} == {f"/deals/{deal_id}#section-payments"}
    assert payments["total"] == 1, payments
    assert mismatches(live.engine, live.user_id("alice")) == []


def test_save_as_deal_posted_at_once_makes_one_deal_and_one_brand(live: Live) -> None:
    # Review 13: "save as a deal" (a pasted message) carries the one-time token too; eight
    # posts of one form make one deal and one brand added by name.
    with live.server.api(live.token) as api:
        brands_before = api.get("/brands").json()["total"]
        deals_before = api.get("/deals").json()["total"]
        browser, csrf = live.server.browser("alice", PASSWORD)
        form = {
            "kind_1": "video_note",
            "quantity_1": "1",
            "fee": "800",
            "compensation": "cash",
            "title": "Saved once",
            "brand_name": "Brand Saved Once",
            "brief_text": "我们是「Brand Saved Once」，视频1条，800元",
            "submit_token": "same-save-posted-eight-times",
            "csrf_token": csrf,
        }
        post = lambda: browser.post("/offers/save", data=form)  # noqa: E731
        results = at_once([post] * 8, parallel=8)
        browser.close()
        statuses = Counter(status_of(r) for r in results)
        deals = api.get("/deals").json()["total"] - deals_before
        brands = api.get("/brands").json()["total"] - brands_before
        note(
            "save as a deal posted at once (8 posts → 1 deal, 1 brand, 8 × 303)",
            8,
            8 - statuses[303] + abs(deals - 1) + abs(brands - 1),
        )
        assert statuses == {303: 8}, statuses
    assert (deals, brands) == (1, 1)
    assert mismatches(live.engine, live.user_id("alice")) == []


def test_deleting_a_deal_while_payments_post_never_answers_500(live: Live) -> None:
    seen: Counter[int | str] = Counter()
    with live.server.api(live.token) as api:
        for round_no in range(4):
            deal_id = live.deal(api, f"Doomed {round_no}")
            pay = functools.partial(
                api.post,
                f"/deals/{deal_id}/payments",
                json={"gross": "5.00", "received_on": "2026-05-01"},
            )
            delete = functools.partial(api.delete, f"/deals/{deal_id}")
            calls = [pay] * 6 + [delete] + [pay] * 8
            seen.update(status_of(r) for r in at_once(calls, parallel=8))
            assert api.get(f"/deals/{deal_id}").status_code == 404
    wrong = mismatches(live.engine, live.user_id("alice"))
    bad = sum(n for status, n in seen.items() if status not in {201, 204, 404})
    note("delete during writes (requests → 500 or mismatch)", sum(seen.values()), bad + len(wrong))
    assert set(seen) <= {201, 204, 404}, seen
    assert seen[204] == 4
    assert wrong == []


def _wrong(server: LiveServer, username: str) -> Any:
    def attempt() -> httpx.Response:
        with httpx.Client(base_url=server.base, timeout=120, verify=tls()) as client:
            html = client.get("/login").text
            from bench.live import csrf_from

            return client.post(
                "/login",
                data={
                    "username": username,
                    "password": "wrong-guess",
                    "csrf_token": csrf_from(html),
                },
            )

    return attempt


def test_sign_in_burst_checks_at_most_the_limit(live: Live) -> None:
    from app.accounts import throttle

    results = at_once([_wrong(live.server, "bob")] * 60, parallel=60)
    statuses = Counter(status_of(r) for r in results)
    over = max(0, statuses[422] - throttle.PER_ACCOUNT)
    note(
        "sign-in burst of 60 (checks past the limit of 10, or 5xx)",
        60,
        over + 60 - statuses[422] - statuses[429],
    )
    assert set(statuses) <= {422, 429}, statuses
    assert statuses[422] <= throttle.PER_ACCOUNT, statuses


def test_a_large_sign_in_burst_never_answers_500_and_others_still_write(live: Live) -> None:
    slowest = 0.0

    def other_write() -> None:
        nonlocal slowest
        with live.server.api(live.token) as api:
            deal_id = live.deal(api, "Meanwhile")
            for _ in range(5):
                began = time.monotonic()
                response = api.post(
                    f"/deals/{deal_id}/payments",
                    json={"gross": "1.00", "received_on": "2026-06-01"},
                )
                slowest = max(slowest, time.monotonic() - began)
                assert response.status_code == 201

    calls = [_wrong(live.server, "carol")] * 150
    calls.insert(20, other_write)
    results = at_once(calls, parallel=150)
    statuses = Counter(status_of(r) for r in results if r is not None)
    note(
        "sign-in burst of 150 while another user writes (5xx, or a write over 10 s)",
        151,
        150 - statuses[422] - statuses[429] + int(slowest >= 10),
    )
    assert set(statuses) <= {422, 429}, statuses
    assert slowest < 10, slowest


def test_a_single_use_invite_used_at_once_admits_one(live: Live) -> None:
    tokens = {name: live.token_for(name) for name in ("bob", "carol", "dora")}
    with live.server.api(live.token) as organizer:
        made = organizer.post("/collectives", json={"name": "Race", "slug": "race", "k": 3})
        assert made.status_code == 201, made.text
        tried, failed, rounds = 0, 0, []
        for _round in range(3):
            code = organizer.post("/collectives/race/invites").json()["code"]
            clients = [live.server.api(token) for token in tokens.values()]
            try:
                calls = [
                    functools.partial(c.post, "/collectives/join", json={"code": code})
                    for c in clients * 3
                ]
                statuses = Counter(status_of(r) for r in at_once(calls, parallel=9))
            finally:
                for c in clients:
                    c.close()
            tried += 9
            failed += abs(statuses[200] - 1) + 9 - statuses[200] - statuses[422]
            rounds.append(statuses)
        members = organizer.get("/collectives/race/members").json()
    note("single-use invite used 9 times at once, 3 rounds (admitted ≠ 1, or 5xx)", tried, failed)
    for statuses in rounds:
        assert statuses[200] == 1 and set(statuses) <= {200, 422}, rounds
    assert 2 <= members["total"] <= 4, members  # the organizer and at most one per invite


def test_tokens_stay_out_of_the_access_log(live: Live) -> None:
    browser, csrf = live.server.browser("dora", PASSWORD)
    try:
        page = browser.post("/settings/calendar", data={"csrf_token": csrf, "action": "renew"})
        url = page.text.split('id="calendar-url">')[1].split("<")[0]
        secret = url.rsplit("/", 1)[1].removesuffix(".ics")
        assert browser.get(f"/calendar/{secret}.ics").status_code == 200
        assert browser.get("/card/AnotherSecretShareToken123?lang=en").status_code == 404
    finally:
        browser.close()
    time.sleep(0.5)  # the workers' log lines reach the file
    log = live.log.read_text(encoding="utf-8", errors="replace")
    leaks = int(secret in log) + int("AnotherSecretShareToken123" in log)
    record("tokens in logs: calendar and share tokens in the access log", 2, leaks)
    assert "/calendar/[redacted]" in log
    assert secret not in log and "AnotherSecretShareToken123" not in log


def _summary_recounted(engine: Engine, user_id: int, start: Any, end: Any) -> Any:
    """The summary document recounted from the deals (summarize: no rollups, no caches)."""
    import json

    from app.economics import service as economics
    from app.economics.serialize import summary_json
    from app.ledger import service as ledger

    with Session(engine) as db:
        profile = ledger.get_profile(db, user_id=user_id)
        s = economics.summarize(
            db,
            user_id=user_id,
            start=start,
            end=end,
            today=clock.today_in(profile.timezone),
            target_hourly=profile.target_hourly,
        )
        return json.loads(json.dumps(summary_json(s), ensure_ascii=False))


def test_a_mixed_burst_on_one_account_keeps_the_year_tax_sums(live: Live) -> None:
    """Payments posted, edited across the year boundary and deleted, deals deleted, their
    currency, withholding method and payment date changed: 8 at a time on one account. The
    year tax sums (tax_year, tax_deal_year) and the overdue counts must equal a recount."""
    user = live.user_id("bob")
    token = live.token_for("bob")
    seen: Counter[int | str] = Counter()
    with live.server.api(token) as api:
        common = {
            "delivered_on": "2025-12-20",
            "status": "delivered",
            "payment_due_on": "2026-01-05",
        }
        deals = [live.deal(api, f"Burst {n}", **common) for n in range(6)]
        for deal_id in deals:
            api.post(f"/deals/{deal_id}/deliverables", json={"kind": "video_note", "quantity": 1})
        payments: list[tuple[int, int]] = []
        for n, deal_id in enumerate(deals):
            for day in ("2025-12-31", "2026-01-01"):
                r = api.post(
                    f"/deals/{deal_id}/payments",
                    json={"gross": f"{30 + n}.00", "received_on": day, "tax_withheld": "1.00"},
                )
                assert r.status_code == 201, r.text
                payments.append((deal_id, r.json()["id"]))

        def call(method: str, url: str, body: Any = None) -> Any:
            return lambda: api.request(method, url, json=body)

        calls = []
        for round_no in range(3):
            for n, (deal_id, pid) in enumerate(payments):
                day = ("2026-01-01", "2025-12-31")[(n + round_no) % 2]
                calls.append(
                    call("PATCH", f"/deals/{deal_id}/payments/{pid}", {"received_on": day})
                )
                calls.append(
                    call(
                        "POST",
                        f"/deals/{deal_id}/payments",
                        {"gross": "7.00", "received_on": day, "tax_withheld": "0.50"},
                    )
                )
            for n, deal_id in enumerate(deals):
                calls.append(
                    call(
                        "PATCH",
                        f"/deals/{deal_id}",
                        {
                            "currency": ("USD", "CNY")[(n + round_no) % 2],
                            "withholding": ("per_payment", "none", "platform_cumulative")[n % 3],
                            "payment_due_on": ("2025-12-01", "2026-02-01")[(n + round_no) % 2],
                            "delivered_on": ("2025-12-20", "2026-01-10")[round_no % 2],
                        },
                    )
                )
        deal_id, pid = payments[0]
        calls.insert(len(calls) // 3, call("DELETE", f"/deals/{deal_id}/payments/{pid}"))
        calls.insert(len(calls) // 2, call("DELETE", f"/deals/{deals[-1]}"))
        # Reads in between: both workers keep summaries of versions the burst leaves behind.
        for at in range(0, len(calls), 7):
            calls.insert(at, call("GET", "/summary"))
            calls.insert(at, call("GET", "/summary?from=2025-12-01&to=2026-01-31"))
        seen.update(status_of(r) for r in at_once(calls, parallel=8))
        # Then each worker keeps the counts, and one deal's payment date alone moves.
        for _ in range(6):
            api.get("/summary")
            api.get("/summary?from=2025-12-01&to=2026-01-31")
        moved = api.patch(f"/deals/{deals[1]}", json={"payment_due_on": "2099-01-01"})
        seen[moved.status_code] += 1
    wrong = mismatches(live.engine, user)
    drift = []
    with live.server.api(token) as api:
        for start, end in ((None, None), (date(2025, 12, 1), date(2026, 1, 31))):
            query = {} if start is None else {"from": str(start), "to": str(end)}
            expected = _summary_recounted(live.engine, user, start, end)
            for _ in range(6):  # both workers answer, each from what it keeps
                served = api.get("/summary", params=query).json()
                if served != expected:
                    drift.append((query, served, expected))
    bad = sum(n for status, n in seen.items() if status not in {200, 201, 204, 404})
    note(
        "mixed burst on one account (requests → 500, tax-sum or overdue drift)",
        sum(seen.values()),
        bad + len(wrong) + len(drift),
    )
    assert set(seen) <= {200, 201, 204, 404}, seen
    assert wrong == []
    assert drift == []


def test_deleting_an_agency_while_its_deals_take_payments_never_answers_500(live: Live) -> None:
    """Deleting an agency files each of its deals again; payments posted to those deals at the
    same time must not deadlock with it (each waits its turn on the same locks)."""
    user = live.user_id("carol")
    token = live.token_for("carol")
    seen: Counter[int | str] = Counter()
    with live.server.api(token) as api:
        for round_no in range(3):
            agency = api.post("/agencies", json={"name": f"Agency {round_no}"}).json()["id"]
            deals = [
                live.deal(api, f"Agency deal {round_no}.{n}", agency_id=agency) for n in range(6)
            ]

            def pay(deal_id: int) -> Any:
                return functools.partial(
                    api.post,
                    f"/deals/{deal_id}/payments",
                    json={"gross": "5.00", "received_on": "2026-05-01"},
                )

            calls = [pay(d) for d in reversed(deals)] * 2
            calls.insert(3, functools.partial(api.delete, f"/agencies/{agency}"))
            seen.update(status_of(r) for r in at_once(calls, parallel=8))
    wrong = mismatches(live.engine, user)
    bad = sum(n for status, n in seen.items() if status not in {201, 204})
    note("agency deleted during payments (requests → 500 or mismatch)", sum(seen.values()), bad)
    assert set(seen) <= {201, 204}, seen
    assert wrong == []


def test_concurrent_payments_to_one_platform_year_keep_the_expected_withholding(
    live: Live,
) -> None:
    """Cumulative withholding: every payment of a platform-year moves what the platform
    should withhold on each later one, on every deal of that platform. Payments posted,
    redated and deleted on four deals of one platform, and a deal moved to another platform
    and back, 8 at a time: each payment's stored expected withholding (tax_payment) and the
    year's set-aside and under-withheld count must equal a recount from scratch."""
    user = live.user_id("carol")
    token = live.token_for("carol")
    seen: Counter[int | str] = Counter()
    with live.server.api(token) as api:
        cumulative = {"withholding": "platform_cumulative", "platform": "douyin"}
        deals = [live.deal(api, f"Platform {n}", **cumulative) for n in range(4)]
        payments: list[tuple[int, int]] = []
        for n, deal_id in enumerate(deals):
            r = api.post(
                f"/deals/{deal_id}/payments",
                json={"gross": "20000.00", "received_on": f"2026-0{n + 2}-10"},
            )
            assert r.status_code == 201, r.text
            payments.append((deal_id, r.json()["id"]))

        def call(method: str, url: str, body: Any = None) -> Any:
            return lambda: api.request(method, url, json=body)

        calls = []
        for round_no in range(4):
            for n, deal_id in enumerate(deals):
                calls.append(
                    call(
                        "POST",
                        f"/deals/{deal_id}/payments",
                        {
                            "gross": f"{9000 + 700 * n}.00",
                            "received_on": f"2026-0{(n + round_no) % 6 + 1}-1{n}",
                            "tax_withheld": ("0", "800.00")[(n + round_no) % 2],
                        },
                    )
                )
            for n, (deal_id, pid) in enumerate(payments):
                calls.append(
                    call(
                        "PATCH",
                        f"/deals/{deal_id}/payments/{pid}",
                        {"received_on": f"2026-0{(n + 3 * round_no) % 6 + 1}-05"},
                    )
                )
            calls.append(
                call(
                    "PATCH",
                    f"/deals/{deals[round_no % 4]}",
                    {"platform": ("bilibili", "douyin")[round_no % 2]},
                )
            )
        deal_id, pid = payments[1]
        calls.insert(len(calls) // 2, call("DELETE", f"/deals/{deal_id}/payments/{pid}"))
        for at in range(0, len(calls), 6):
            calls.insert(at, call("GET", "/tax/estimate?year=2026"))
        seen.update(status_of(r) for r in at_once(calls, parallel=8))
    wrong = mismatches(live.engine, user)
    bad = sum(n for status, n in seen.items() if status not in {200, 201, 204, 404})
    note(
        "payments to one platform-year (requests → 500, expected-withholding drift)",
        sum(seen.values()),
        bad + len(wrong),
    )
    assert set(seen) <= {200, 201, 204, 404}, seen
    assert wrong == []


def test_concurrent_deal_deletions_method_vat_and_currency_changes_on_one_platform_year(
    live: Live,
) -> None:
    """attack-15: what else moves a platform-year, 8 at a time: deals deleted, their
    withholding method, currency and invoicing changed, the profile's VAT rate changed,
    payments posted and their amounts and withheld tax changed. The stored expected
    withholding and the year's sums must equal a recount, and the page's figures the full
    computation."""
    from tests.economics.test_tax_payment_store import agree

    user = live.user_id("dora")
    token = live.token_for("dora")
    seen: Counter[int | str] = Counter()
    with live.server.api(token) as api:
        cumulative = {"withholding": "platform_cumulative", "platform": "douyin"}
        deals = [live.deal(api, f"Cumulative {n}", **cumulative) for n in range(6)]
        payments: list[tuple[int, int]] = []
        for n, deal_id in enumerate(deals):
            for month in (2, 5):
                r = api.post(
                    f"/deals/{deal_id}/payments",
                    json={"gross": f"{15000 + 500 * n}.00", "received_on": f"2026-0{month}-1{n}"},
                )
                assert r.status_code == 201, r.text
                payments.append((deal_id, r.json()["id"]))

        def call(method: str, url: str, body: Any = None) -> Any:
            return lambda: api.request(method, url, json=body)

        calls = []
        for round_no in range(3):
            for n, deal_id in enumerate(deals):
                calls.append(
                    call(
                        "POST",
                        f"/deals/{deal_id}/payments",
                        {"gross": f"{8000 + 300 * n}.00", "received_on": f"2026-0{n % 4 + 1}-2{n}"},
                    )
                )
            for n, (deal_id, pid) in enumerate(payments[round_no::3]):
                calls.append(
                    call(
                        "PATCH",
                        f"/deals/{deal_id}/payments/{pid}",
                        {"gross": f"{12000 + 1000 * round_no + n}.00", "tax_withheld": "100.00"},
                    )
                )
            calls.append(
                call(
                    "PATCH",
                    f"/deals/{deals[1 + round_no]}",
                    {"withholding": ("per_payment", "platform_cumulative")[round_no % 2]},
                )
            )
            calls.append(
                call(
                    "PATCH",
                    f"/deals/{deals[2 + round_no]}",
                    {"currency": ("USD", "CNY")[round_no % 2], "vat_invoiced": True},
                )
            )
            calls.append(call("PATCH", "/profile", {"invoice_vat_pct": f"{round_no + 2}"}))
        calls.insert(len(calls) // 3, call("DELETE", f"/deals/{deals[0]}"))
        calls.insert(2 * len(calls) // 3, call("DELETE", f"/deals/{deals[5]}"))
        for at in range(0, len(calls), 7):
            calls.insert(at, call("GET", "/tax/estimate?year=2026"))
        seen.update(status_of(r) for r in at_once(calls, parallel=8))
    wrong = mismatches(live.engine, user)
    with Session(live.engine) as db:
        agree(db, user, 2026)
    bad = sum(n for status, n in seen.items() if status not in {200, 201, 204, 404})
    note(
        "deal deletions, method/currency/VAT changes on one platform-year (500s, drift)",
        sum(seen.values()),
        bad + len(wrong),
    )
    assert (sorted(set(seen) - {200, 201, 204, 404}, key=str), wrong) == ([], [])
