"""The dashboard's rendered body is kept per account, ledger version, period, day, language,
profile and imported benchmark: a repeated view reuses it, and nothing else ever does."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import clock
from app.demo import fill_demo
from app.economics import pages
from app.ledger import service as ledger
from tests import factories
from tests.collective.test_benchmark_file import RELEASE
from tests.conftest import api_token, make_user, sign_in


def _body_renders(monkeypatch: Any) -> list[str]:
    made: list[str] = []
    real = pages.fragment

    def counting(page: Any, template: str, **context: Any) -> Any:
        made.append(template)
        return real(page, template, **context)

    monkeypatch.setattr(pages, "fragment", counting)
    return made


def test_a_repeated_view_reuses_the_body_and_a_write_renews_it(
    signed_in: TestClient, db: Session, user: Any, monkeypatch: Any
) -> None:
    deal = factories.deal(db, user, title="Spring serum", agreed_fee="3000")
    made = _body_renders(monkeypatch)
    first = signed_in.get("/dashboard?period=all").text
    assert signed_in.get("/dashboard?period=all").text.count("Spring") == first.count("Spring")
    assert len(made) == 1  # the second view rendered no body
    factories.part(db, deal, "payments", gross="1234.56", received_on="2026-03-01")
    assert "1,234.56" in signed_in.get("/dashboard?period=all").text
    assert len(made) == 2
    signed_in.get("/dashboard?period=month")
    assert len(made) == 3  # another period, another body
    ledger.update_profile(db, user_id=user.id, changes={"locale": "zh-CN"})
    assert "你真正赚了多少" in signed_in.get("/dashboard?period=all").text
    ledger.update_profile(db, user_id=user.id, changes={"target_hourly": 150_00})
    assert "¥150" in signed_in.get("/dashboard?period=all").text  # the target, shown in zh-CN
    assert len(made) == 5


def test_another_account_never_gets_the_body(
    client: TestClient, db: Session, user: Any, monkeypatch: Any
) -> None:
    factories.deal(db, user, title="Mei's secret deal", agreed_fee="3000")
    other = make_user(db, "lan", owner=False)
    factories.deal(db, other, title="Lan's own deal", agreed_fee="100")
    sign_in(client)
    assert "Effective hourly" in client.get("/dashboard?period=all").text
    client.cookies.clear()
    sign_in(client, "lan")
    page = client.get("/dashboard?period=all").text
    assert "3,000" not in page and "Mei" not in page
    assert "100.00" in page


def test_an_imported_benchmark_shows_at_once(signed_in: TestClient, db: Session, user: Any) -> None:
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    assert 'id="benchmark"' not in signed_in.get("/dashboard?period=all").text
    response = signed_in.post(
        "/api/v1/benchmarks/import", json=RELEASE, headers=api_token(db, user)
    )
    assert response.status_code == 201, response.text
    assert 'id="benchmark"' in signed_in.get("/dashboard?period=all").text


def test_the_cached_body_holds_no_request_bound_token(
    signed_in: TestClient, db: Session, user: Any, monkeypatch: Any
) -> None:
    fill_demo(db, username=user.username, deals=20, seed=3, now=clock.utcnow())
    bodies: list[str] = []
    real = pages.fragment
    monkeypatch.setattr(
        pages,
        "fragment",
        lambda *a, **k: bodies.append(str(real(*a, **k))) or real(*a, **k),
    )
    signed_in.get("/dashboard?period=all")
    assert bodies
    for body in bodies:
        assert "csrf" not in body.lower() and "submit_token" not in body
        assert 'method="post"' not in body.lower()
