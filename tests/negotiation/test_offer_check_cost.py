"""The offer check's cost (issue 15, "near the floor"): between two writes a check reads only
the browser session; what it keeps per ledger version (the brand list, the rate card's terms,
the imported release's cells, the history's quartiles) follows every write it is made from."""

from __future__ import annotations

import copy
import random
import re
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import clock
from app.demo import DEMO_PASSWORD, fill_demo
from app.economics.percentiles import position, quartiles
from app.negotiation.offer import History, position_in
from tests.collective.test_benchmark_file import RELEASE
from tests.conftest import api_token, csrf_of, sign_in
from tests.test_query_counts import (  # two_ledgers: the fixture of 10 and 1,000 demo deals
    _queries,
    _reading,
    _user_id,
    counting,
    two_ledgers,  # noqa: F401
)

OFFER = {"fee": "3000", "compensation": "cash", "kind_1": "image_note", "quantity_1": "1"}
TOKENS = re.compile(r'(name="(?:csrf|submit)_token" value=|"X-CSRF-Token": )"[^"]+"')


def _same_page(html: str) -> str:
    """A page without its per-response tokens (each response masks the CSRF secret afresh)."""
    return TOKENS.sub(r'\1"…"', html)


def _check(client: TestClient, token: str, **extra: str) -> Any:
    answer = client.post("/offers/check", data={"csrf_token": token, **OFFER, **extra})
    assert answer.status_code == 200, answer.text[:500]
    return answer


def _write(client: TestClient, token: str, deal_id: int) -> None:
    wrote = client.post(
        f"/deals/{deal_id}/parts/work",
        headers={"HX-Request": "true"},
        data={
            "csrf_token": token,
            "activity": "editing",
            "minutes": "15",
            "worked_on": clock.today_in("Asia/Shanghai").isoformat(),
        },
    )
    assert wrote.status_code == 200, wrote.text[:300]


def _newest_deal(client: TestClient) -> int:
    found = re.search(r'href="/deals/(\d+)"', client.get("/deals").text)
    assert found
    return int(found.group(1))


def test_a_repeated_offer_check_reads_only_the_browser_session(
    signed_in: TestClient, engine: Engine, db: Session, user: Any
) -> None:
    """Between two writes a check reads nothing but the browser session with its account and
    profile (one statement): the history, the imported release, the rate card and the brand
    list are kept per ledger version. (At f16bc27: five — the session, the version, the
    release, the rate card and the brands; eight after a write.)
    The page is the same as the first one's."""
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    imported = signed_in.post(
        "/api/v1/benchmarks/import", json=RELEASE, headers=api_token(db, user)
    )
    assert imported.status_code == 201, imported.text
    token = csrf_of(signed_in, "/offers/new")
    first = _check(signed_in, token)
    with counting(engine) as statements:
        again = _check(signed_in, token)
    assert len(_queries(statements)) == 1, statements
    assert "this offer" in again.text  # the benchmark's box, from the kept release
    assert _same_page(again.text) == _same_page(first.text)


def _offer_check_counts(client: TestClient, engine: Engine, db: Session, username: str) -> Any:
    sign_in(client, username, DEMO_PASSWORD)
    token = csrf_of(client, "/offers/new")
    deal_id = _newest_deal(client)
    counts = []
    for _ in range(2):
        _write(client, token, deal_id)  # so nothing kept hides the work
        with counting(engine) as after_write:
            _check(client, token)
        with counting(engine) as repeated:
            _check(client, token)
        counts.append((len(_queries(after_write)), len(_queries(repeated))))
    client.cookies.clear()
    assert _user_id(db, username)
    return max(a for a, _ in counts), max(r for _, r in counts)


@pytest.mark.usefixtures("two_ledgers")
def test_offer_check_statements_do_not_grow_with_the_ledger(
    client: TestClient, engine: Engine, db: Session
) -> None:
    """The first check after a write and a repeated one issue as many statements at 1,000 deals
    as at 10 (QUALITY.md: no query per row), and a repeated one only reads the session."""
    small = _offer_check_counts(client, engine, db, "small")
    large = _offer_check_counts(client, engine, db, "large")
    print("\noffer check statements (after a write, repeated), 10 → 1,000 deals:", small, large)
    assert large[0] <= small[0] and large[1] <= small[1], (small, large)
    assert large[1] == 1, large
    assert large[0] <= 12, large


# --- what is kept follows the writes it is made from ------------------------------------------
def _brand_names(html: str) -> list[str]:
    select = re.search(r'<select id="brand_id" name="brand_id">(.*?)</select>', html, re.S)
    assert select
    return re.findall(r"<option value=\"\d+\" [^>]*>([^<]*)</option>", select.group(1))


def test_the_kept_brand_list_follows_new_renamed_and_deleted_brands(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    bearer = api_token(db, user)
    made = signed_in.post("/api/v1/brands", json={"name": "Acorn"}, headers=bearer)
    assert made.status_code == 201, made.text
    token = csrf_of(signed_in, "/offers/new")
    assert _brand_names(_check(signed_in, token).text) == ["Acorn"]
    assert _brand_names(_check(signed_in, token).text) == ["Acorn"]  # kept
    other = signed_in.post("/api/v1/brands", json={"name": "Birch"}, headers=bearer)
    assert other.status_code == 201
    assert _brand_names(_check(signed_in, token).text) == ["Acorn", "Birch"]
    renamed = signed_in.patch(
        f"/api/v1/brands/{made.json()['id']}", json={"name": "Zelkova"}, headers=bearer
    )
    assert renamed.status_code == 200, renamed.text
    assert _brand_names(_check(signed_in, token).text) == ["Birch", "Zelkova"]
    gone = signed_in.delete(f"/api/v1/brands/{other.json()['id']}", headers=bearer)
    assert gone.status_code == 204
    assert _brand_names(_check(signed_in, token).text) == ["Zelkova"]
    # A brand chosen on the form comes back chosen (drawn afresh, not kept).
    chosen = _check(signed_in, token, brand_id=str(made.json()["id"])).text
    assert f'<option value="{made.json()["id"]}" selected>Zelkova</option>' in chosen
    assert "selected>Zelkova" not in _check(signed_in, token).text


def test_the_kept_draft_terms_follow_a_saved_rate_card(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/new")
    exclusive = {"exclusivity_days": "30", "included_revision_rounds": "1"}
    assert "Exclusivity for 30 days adds 20%." in _check(signed_in, token, **exclusive).text
    card = csrf_of(signed_in, "/rate-card")
    saved = signed_in.post(
        "/rate-card",
        data={"csrf_token": card, "exclusivity_pct": "45", "withholding": "per_payment"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:300]
    assert "Exclusivity for 30 days adds 45%." in _check(signed_in, token, **exclusive).text


def test_the_kept_release_follows_an_import(
    signed_in: TestClient, engine: Engine, db: Session, user: Any
) -> None:
    fill_demo(db, username=user.username, deals=5, seed=3, now=clock.utcnow())
    bearer = api_token(db, user)
    token = csrf_of(signed_in, "/offers/new")
    assert "this offer" not in _check(signed_in, token).text  # no release yet (kept: none)
    imported = signed_in.post("/api/v1/benchmarks/import", json=RELEASE, headers=bearer)
    assert imported.status_code == 201, imported.text
    first = _check(signed_in, token, fee="300").text
    assert "this offer" in first and "互助组 #3" in first
    # A newer release with another median: the check uses it, not the kept cells.
    newer = copy.deepcopy(RELEASE)
    newer["number"] = 4
    newer["cells"][0]["figures"]["fee_per_unit"].update(p25=150, median=250, p75=350)
    again = signed_in.post("/api/v1/benchmarks/import", json=newer, headers=bearer)
    assert again.status_code == 201, again.text
    with counting(engine) as statements:
        second = _check(signed_in, token, fee="300").text
    assert len(_reading(statements, "imported_benchmark")) == 1
    assert "互助组 #4" in second and "互助组 #3" not in second
    # 300 is below the first release's median (650), above the newer one's (250).
    assert "below the median of your collective" in first
    assert "below the median of your collective" not in second


# --- the history's quartiles, worked out once -------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=20), max_size=40),
    st.integers(min_value=-1, max_value=21),
)
def test_position_in_sorted_values_is_position(values: list[int], value: int) -> None:
    """The bisection gives percentiles.position()'s share, ties included (small integers: many
    values equal the one placed)."""
    as_rates = [v / 4 for v in values]
    assert position_in(value, sorted(float(v) for v in values)) == position(value, values)
    assert position_in(value / 4, sorted(as_rates)) == position(value / 4, as_rates)
    assert position_in(Decimal(value) / 4, sorted(as_rates)) == position(
        Decimal(value) / 4, as_rates
    )


def test_history_quartiles_are_those_of_its_values() -> None:
    rng = random.Random(11)
    hours = {"image_note": [Decimal(rng.randint(1, 80)) / 8 for _ in range(50)]}
    fees = {"image_note": [rng.randint(100, 9000) * 100 for _ in range(30)], "live": [5]}
    rounds = [Decimal(rng.randint(1, 12)) / 4 for _ in range(9)]
    history = History(hours, fees, [rng.random() * 300 for _ in range(25)], rounds)
    assert history.hours_quartiles["image_note"] == quartiles(hours["image_note"])
    assert history.fee_quartiles == {k: quartiles(v) for k, v in fees.items()}
    assert history.revision_quartiles == quartiles(rounds)
    assert history.rates_sorted == sorted(history.effective_hourly)
    assert History().revision_quartiles is None and History().rates_sorted == []


# --- the form's untouched fields, kept per language -------------------------------------------
FORMS: list[tuple[dict[str, Any], dict[str, str], dict[str, str] | None]] = [
    ({}, {}, None),
    ({"fee": "3000", "compensation": "cash", "paid_boost_allowed": False}, {}, None),
    ({"fee": "<b>1</b>", "source": "pugongying", "withholding": "nope"}, {}, None),
    ({"paid_boost_allowed": True, "payment_days": "x"}, {"payment_days": "Enter a number."}, None),
    ({"paid_boost_allowed": "on", "currency": "USD"}, {}, {"currency": "“USD 300”"}),
    ({"compensation": "in_kind", "expenses": ""}, {"compensation": "Choose."}, {}),
]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(("values", "errors", "found"), FORMS)
def test_kept_fields_are_the_macros_fields(
    locale: str, values: dict[str, Any], errors: dict[str, str], found: dict[str, str] | None
) -> None:
    """offer_form_fields() draws what _macros.html's fields() draws (whitespace aside), whichever
    fields are kept, typed, refused or read from a message."""
    from app.i18n import Translator
    from app.negotiation.pages import offer_fields, offer_form_fields
    from app.web.core import templates

    t = Translator(locale)
    macros: Any = templates.env.get_template("_macros.html").module
    for _ in range(2):  # drawn, then kept
        ours = offer_form_fields(t, values, errors, found)
        theirs = macros.fields(offer_fields(t), values, errors, t, "", found)
        assert re.sub(r"\s+", "", f'<div class="fields">{ours}</div>') == re.sub(
            r"\s+", "", str(theirs)
        )
