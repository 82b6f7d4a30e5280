"""Attack review of the dashboard render change (merge c7367ed, issue 15).

Hostile names and numbers, two accounts in one process, and the kept state (the body, the
period sums, the parsed release) after a change: the first dashboard after each must be what a
fresh process renders. KOCLEDGER_ATTACK_DUMP=<file> writes the hostile bodies as JSON, to
compare with the same module run at c7367ed^1 (the template macro and include).
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import clock
from app.economics import pages
from app.economics import service as economics
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.collective.test_benchmark_file import RELEASE
from tests.conftest import api_token, make_user, sign_in

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
QUERIES = [
    "period=month",
    "period=year",
    "period=all",
    "from=2026-02-03&to=2026-10-17",
    "from=9999-12-01&to=9999-12-31",
    "from=2026-11-20&to=2026-11-20",
]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "&amp; &lt;b&gt; &#39;",
    "</title><img src=x onerror=alert(1)>",
    'it\'s "q" `b` \u202eRTL\u200f mark',
    "名" * 100,
]


def _freeze(monkeypatch: Any) -> None:
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    monkeypatch.setattr(clock, "today_in", lambda timezone: NOW.date())


def _fresh() -> None:
    """What a new process holds: nothing kept."""
    from app.collective import service as collective

    pages._BODIES.clear()
    for kept in ("_PERIOD_SUMS", "_SUMMARIES", "_OVERDUE"):
        getattr(economics, kept).clear()
    economics._FIGURED.clear()
    releases = getattr(collective, "_RELEASES", None)
    if releases is not None:
        releases.clear()


def _body(html: str, first_deal: int) -> str:
    body = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"/deals/(\d+)", lambda m: f"/deals/#{int(m[1]) - first_deal}", body)


def _hostile_ledger(db: Session, user: Any) -> None:
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 150_00})
    for index, name in enumerate(HOSTILE):
        brand = factories.brand(db, user, name=name)
        agency = ledger.create_agency(db, user_id=user.id, data=s.AgencyCreate(name=name[:50]))
        deal = factories.deal(
            db,
            user,
            title=name[:100],
            brand_id=brand.id,
            agency_id=agency.id,
            agreed_fee=["100000000.00", "0.01", "1", "123456.78", "5", "0"][index],
            payment_due_on=date(2026, 1 + index, 1),
        )
        factories.work(db, deal, minutes=[1, 1440, 7, 90, 600, 1][index])
        if index % 2:  # negative nets: costs above the fee
            factories.part(
                db, deal, "expenses", amount="9999999.99", spent_on="2026-03-02", category="other"
            )
    far = factories.deal(db, user, title="<b>far</b>", agreed_fee="1")
    factories.work(db, far, minutes=5, worked_on=date(2099, 12, 31))
    usd = factories.deal(db, user, title="US <deal>", currency="USD", agreed_fee="0")
    factories.work(db, usd, minutes=90, worked_on=date(2026, 11, 2))


def _hostile_release() -> dict[str, Any]:
    release = copy.deepcopy(RELEASE)
    release["collective"] = '<script>x</script>"><svg onload=1>&amp;'
    return release


def test_hostile_text_and_numbers_render_as_text(
    client: TestClient, db: Session, monkeypatch: Any
) -> None:
    _freeze(monkeypatch)
    _fresh()
    user = make_user(db, "att_hostile", owner=False)
    _hostile_ledger(db, user)
    first = db.exec(select(func.min(Deal.id)).where(Deal.user_id == user.id)).one() or 0
    sign_in(client, user.username)
    out: dict[str, str] = {}
    for bench in ("none", "imported"):
        if bench == "imported":
            imported = client.post(
                "/api/v1/benchmarks/import", json=_hostile_release(), headers=api_token(db, user)
            )
            assert imported.status_code == 201, imported.text
        for locale in ("en", "zh-CN"):
            ledger.update_profile(db, user_id=user.id, changes={"locale": locale})
            for query in QUERIES:
                response = client.get(f"/dashboard?{query}")
                assert response.status_code == 200, (query, response.text[-2000:])
                body = _body(response.text, first)
                out[f"{bench}|{locale}|{query}"] = body
                for tag in ("<script", "<svg onload", "<img", "<b>", "<deal>"):
                    assert tag not in body, (query, tag)
                assert "&amp;amp;amp;" not in body  # escaped once, not twice
                _fresh()
                again = client.get(f"/dashboard?{query}")
                assert _body(again.text, first) == body, query
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in b for b in out.values())
    assert any("&amp;amp; &amp;lt;b&amp;gt;" in b for b in out.values())
    dump = os.environ.get("KOCLEDGER_ATTACK_DUMP")
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=0)


def _names_in(body: str, names: list[str]) -> list[str]:
    return [n for n in names if n in body]


def test_two_accounts_alternating_see_only_their_own(
    client: TestClient, db: Session, monkeypatch: Any
) -> None:
    _freeze(monkeypatch)
    _fresh()
    users = [make_user(db, f"att_alt{i}", owner=False) for i in range(2)]
    own = {0: ["BrandOfZero", "AgencyZero"], 1: ["BrandOfOne", "AgencyOne"]}
    for i, user in enumerate(users):
        brand = factories.brand(db, user, name=own[i][0])
        agency = ledger.create_agency(db, user_id=user.id, data=s.AgencyCreate(name=own[i][1]))
        deal = factories.deal(
            db,
            user,
            title=f"Title{i}",
            brand_id=brand.id,
            agency_id=agency.id,
            agreed_fee=str(1000 * (i + 1)),
            payment_due_on=date(2026, 9, 1),
        )
        factories.work(db, deal, minutes=60, worked_on=date(2026, 10, 1))
    release = copy.deepcopy(RELEASE)
    release["collective"] = "only-zero"
    imported = client.post(
        "/api/v1/benchmarks/import", json=release, headers=api_token(db, users[0])
    )
    assert imported.status_code == 201
    # user 1 gets a profile the release would match too
    for user in users:
        ledger.update_profile(
            db, user_id=user.id, changes={"follower_count": 30_000, "niche": "beauty"}
        )
    jars = []
    for user in users:
        client.cookies.clear()
        sign_in(client, user.username)
        jars.append(dict(client.cookies.items()))

    def get(i: int, query: str) -> str:
        client.cookies.clear()
        for name, value in jars[i].items():
            client.cookies.set(name, value)
        response = client.get(f"/dashboard?{query}")
        assert response.status_code == 200
        return response.text

    seen: dict[tuple[int, str], str] = {}
    for _round in range(3):
        for query in QUERIES[:4]:
            for i in (0, 1, 0, 1):
                body = get(i, query)
                other = own[1 - i] + ([] if i == 0 else ["only-zero"]) + [f"Title{1 - i}"]
                assert _names_in(body, other) == [], (i, query)
                if query == "period=all":
                    assert _names_in(body, own[i]) == own[i], (i, query)
                seen.setdefault((i, query), body)
                assert _body(seen[(i, query)], 0) == _body(body, 0)
    for (i, query), body in seen.items():
        _fresh()
        assert _body(get(i, query), 0) == _body(body, 0), (i, query)


def test_first_view_after_each_change_is_a_fresh_process_s(
    client: TestClient, db: Session, monkeypatch: Any
) -> None:
    _freeze(monkeypatch)
    _fresh()
    user = make_user(db, "att_change", owner=False)
    brand = factories.brand(db, user, name="OldName")
    deal = factories.deal(
        db,
        user,
        title="Changing",
        brand_id=brand.id,
        agreed_fee="3000",
        payment_due_on=date(2026, 9, 1),
    )
    factories.work(db, deal, minutes=120, worked_on=date(2026, 10, 1))
    headers = api_token(db, user)
    sign_in(client, user.username)
    ledger.update_profile(
        db, user_id=user.id, changes={"follower_count": 30_000, "niche": "beauty"}
    )

    def check(label: str) -> str:
        bodies = []
        for query in ("period=all", "period=month", "from=2026-02-03&to=2026-10-17"):
            first = _body(client.get(f"/dashboard?{query}").text, 0)
            _fresh()
            assert _body(client.get(f"/dashboard?{query}").text, 0) == first, (label, query)
            bodies.append(first)
        return "".join(bodies)

    check("start")
    r = client.patch(f"/api/v1/brands/{brand.id}", json={"name": "NewName"}, headers=headers)
    assert r.status_code == 200, r.text
    got = check("rename")
    assert "NewName" in got and "OldName" not in got
    first_release = copy.deepcopy(RELEASE)
    first_release["collective"] = "release-one"
    assert client.post("/api/v1/benchmarks/import", json=first_release, headers=headers).is_success
    check("import one")
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 20, 9, 31, tzinfo=UTC))
    second = copy.deepcopy(RELEASE)
    second["collective"] = "release-two"
    second["number"] = 4
    assert client.post("/api/v1/benchmarks/import", json=second, headers=headers).is_success
    got = check("import two")
    assert "release-one" not in got
    for changes in (
        {"currency": "USD"},
        {"currency": "CNY"},
        {"timezone": "America/Los_Angeles"},
        {"niche": "food"},
        {"follower_count": 2_000_000},
        {"locale": "zh-CN"},
    ):
        ledger.update_profile(db, user_id=user.id, changes=changes)
        check(str(changes))
