"""The dashboard's body is byte for byte what it was before the render was made faster.

Expected bodies live in tests/economics/data/dashboard_golden.json.gz, produced by this module
at main before the change (commit b61cb1a). For each ledger (empty, a few hand-made deals with
markup-bearing names and two currencies, a 12-deal demo, a 300-deal demo), language (en,
zh-CN), benchmark (none, imported) and period (month, quarter, year, 12m, all, a custom range)
the body between <main> and </main> is compared. Deal ids (the only database-assigned numbers
in the body; PostgreSQL sequences do not roll back) are written relative to the ledger's first
deal.

Regenerate (only when the dashboard's output is MEANT to change, and review the diff):

    KOCLEDGER_DASHBOARD_GOLDEN=write .venv/bin/pytest -n 0 \
        tests/economics/test_dashboard_render_same.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app import clock
from app.demo import fill_demo
from app.economics import pages
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Deal
from tests import factories
from tests.collective.test_benchmark_file import RELEASE
from tests.conftest import api_token, make_user, sign_in

GOLDEN = Path(__file__).parent / "data" / "dashboard_golden.json.gz"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
QUERIES = [
    "period=month",
    "period=quarter",
    "period=year",
    "period=12m",
    "period=all",
    "from=2026-02-03&to=2026-10-17",
]


def _freeze(monkeypatch: Any) -> None:
    monkeypatch.setattr(clock, "utcnow", lambda: NOW)
    monkeypatch.setattr(clock, "today_in", lambda timezone: NOW.date())


def _hand_made(db: Session, user: Any) -> None:
    """Names that need escaping in the charts and tables, two currencies, an agency, a target,
    an overdue payment and more brands than the breakdowns list."""
    odd = ledger.create_brand(db, user_id=user.id, data=s.BrandCreate(name="A&B <\"Lab\"> 'x'"))
    agency = ledger.create_agency(db, user_id=user.id, data=s.AgencyCreate(name="<i>M&C</i>"))
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 150_00})
    first = factories.deal(
        db,
        user,
        title='Serum <script>"1"</script>',
        brand_id=odd.id,
        agency_id=agency.id,
        agreed_fee="3000",
        payment_due_on=date(2026, 9, 1),
    )
    factories.work(db, first, minutes=300, worked_on=date(2026, 10, 1))
    factories.part(db, first, "payments", gross="1200.50", received_on="2026-10-05")
    for index in range(13):
        brand = ledger.create_brand(db, user_id=user.id, data=s.BrandCreate(name=f"品牌{index}"))
        deal = factories.deal(
            db, user, title=f"Deal {index}", brand_id=brand.id, agreed_fee=str(500 + 37 * index)
        )
        factories.work(db, deal, minutes=60 + 25 * index, worked_on=date(2026, 1 + index % 11, 3))
        factories.part(
            db,
            deal,
            "payments",
            gross=str(400 + 41 * index),
            received_on=f"2026-{1 + index % 11:02d}-09",
        )
    usd = factories.deal(db, user, title="US deal", currency="USD", agreed_fee="700.25")
    factories.work(db, usd, minutes=90, worked_on=date(2026, 11, 2))


def _ledgers(db: Session) -> list[tuple[str, Any]]:
    made = []
    made.append(("empty", make_user(db, "g_empty", owner=False)))
    hand = make_user(db, "g_hand", owner=False)
    _hand_made(db, hand)
    made.append(("hand", hand))
    for name, deals, seed in (("demo12", 12, 5), ("demo300", 300, 7)):
        user = make_user(db, f"g_{name}", owner=False)
        fill_demo(db, username=user.username, deals=deals, seed=seed, now=NOW)
        made.append((name, user))
    return made


def _body(html: str, first_deal: int) -> str:
    body = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"/deals/(\d+)", lambda m: f"/deals/#{int(m[1]) - first_deal}", body)


def _render_all(client: TestClient, db: Session) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, user in _ledgers(db):
        first_deal = db.exec(select(func.min(Deal.id)).where(Deal.user_id == user.id)).one() or 0
        client.cookies.clear()
        sign_in(client, user.username)
        for bench in ("none", "imported"):
            if bench == "imported":
                response = client.post(
                    "/api/v1/benchmarks/import", json=RELEASE, headers=api_token(db, user)
                )
                assert response.status_code == 201, response.text
            for locale in ("en", "zh-CN"):
                ledger.update_profile(db, user_id=user.id, changes={"locale": locale})
                for query in QUERIES:
                    response = client.get(f"/dashboard?{query}")
                    assert response.status_code == 200, response.text
                    out[f"{name}|{bench}|{locale}|{query}"] = _body(response.text, first_deal)
    return out


def test_the_dashboard_body_is_unchanged(client: TestClient, db: Session, monkeypatch: Any) -> None:
    _freeze(monkeypatch)
    pages._BODIES.clear()
    rendered = _render_all(client, db)
    if os.environ.get("KOCLEDGER_DASHBOARD_GOLDEN") == "write":
        GOLDEN.write_bytes(
            gzip.compress(json.dumps(rendered, ensure_ascii=False, indent=0).encode(), mtime=0)
        )
    expected = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    assert sorted(rendered) == sorted(expected)
    # The cases really differ: charts, benchmark, overdue list, escaped names.
    assert 'id="benchmark"' in expected["demo300|imported|zh-CN|period=all"]
    assert "A&amp;B &lt;" in expected["hand|none|en|period=all"]
    assert 'id="benchmark"' not in expected["demo300|none|en|period=all"]
    for key, html in expected.items():
        got = rendered[key]
        if html != got:
            at = next(
                (i for i, (a, b) in enumerate(zip(html, got, strict=False)) if a != b),
                min(len(html), len(got)),
            )
            raise AssertionError(
                f"{key}: differs at {at}:\nexpected {html[max(0, at - 120) : at + 120]!r}\n"
                f"rendered {got[max(0, at - 120) : at + 120]!r}"
            )


def test_the_python_svg_is_the_macro_s() -> None:
    """charts.svg (the dashboard) and the _chart.html macro (the offer check) write the same."""
    from app.economics import charts
    from app.web.core import templates

    macro = templates.env.get_template("economics/_chart.html").module.svg  # type: ignore[attr-defined]
    made = [
        charts.column_chart(
            [("1月", 120.5), ("<b>", None), ("x&y", -3.25)],
            target=90.0,
            target_label='"target" <90>',
        ),
        charts.stacked_chart(
            [("a", 3.0, 1.5), ("b", 0.0, 0.0)], paid_label="p&", unpaid_label="<u>"
        ),
        charts.ranking_chart([('A&B <"Lab">', 240.0), ("z", -1.0)], target=100.0),
        charts.box_plot(400, 650, 900, 720, you_label="you's"),
        charts.box_plot(None, 650, None, None, you_label="you"),
    ]
    for index, chart in enumerate(made):
        title = f"t<{index}>&'\""
        assert str(charts.svg(chart, f"c-{index}", title)) == str(macro(chart, f"c-{index}", title))
