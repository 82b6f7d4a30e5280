"""Review of issue 13 as an attacker: hostile pastes must be fast, and never a 500."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.negotiation.brief import MAX_CHARS, parse_brief
from tests.conftest import csrf_of

API = "/api/v1"
TODAY = date(2026, 11, 29)


def _fill(unit: str) -> str:
    return (unit * (MAX_CHARS // len(unit) + 1))[:MAX_CHARS]


# Each was found by fuzzing; "一" x 20,000 took 13 s of CPU (DURATION's unbounded
# [一二…]+ backtracked from every position), the others 0.3-0.5 s.
HOSTILE = [
    "一" * MAX_CHARS,
    "两" * MAX_CHARS,
    "半" * MAX_CHARS,
    _fill("共一"),
    _fill("每月连续一"),
    _fill("一二三四五六七八九十"),
    _fill("各2篇"),
    _fill("1 "),
    _fill("¥1"),
    _fill("元1"),
    _fill("×2"),
    _fill("800起"),
    _fill("价值1"),
    _fill("１２３，"),
    _fill("万千百"),
    _fill("12月10日前"),
    _fill("😀1"),
    "9" * MAX_CHARS,
    _fill("1,"),
    _fill("We are A "),
]


def test_adversarial_pastes_are_bounded() -> None:
    times = []
    for text in HOSTILE:
        started = time.process_time()
        parse_brief(text, TODAY)
        times.append((time.process_time() - started, text[:12]))
    worst = max(times)
    print(f"worst of {len(HOSTILE)} hostile 20,000-character pastes: {worst[0]:.3f} s {worst[1]!r}")
    assert worst[0] < 2, times


@pytest.mark.parametrize(
    "text",
    [
        "视频1条 9999999999999999999999999999元",
        "视频1条，每条" + "9" * 40 + "元，共99条",
        "图文2篇 ¥" + "1" * 200 + "w",
        "视频1条 " + "九" * 50 + "万元",
    ],
)
def test_absurd_amounts_are_not_a_crash(text: str, api: TestClient) -> None:
    # a 30-digit "fee" made the final quantize raise decimal.InvalidOperation (a 500)
    parsed = parse_brief(text, TODAY)
    assert parsed["fee"] is None or len(parsed["fee"]) < 20
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
    assert response.status_code == 200, response.text


def test_absurd_amount_on_the_paste_page(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    response = signed_in.post(
        "/offers/paste",
        data={"csrf_token": token, "brief_text": "视频1条 " + "9" * 30 + "元"},
    )
    assert response.status_code == 200, response.text[:500]


def test_lone_surrogate_is_a_422_not_a_500(api: TestClient) -> None:
    # valid JSON ("\ud800"); pydantic refuses it and the 422 echoed it, which could not be
    # encoded as UTF-8: a 500
    body = json.dumps({"text": "视频1条 800元 \ud800 「\ud800A」"})
    response = api.post(
        f"{API}/offers/parse", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "text"]


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "garbage", "2026-02-30", 12345])
def test_today_out_of_range_is_a_422(api: TestClient, today: object) -> None:
    # 9999-12-31 with a relative date ("两周内", "下周六") overflowed date arithmetic: a 500
    text = "视频1条 800元 下周六 月底前 两周内发布 明年 12月10日前"
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": today})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "today"]
    fine = api.post(f"{API}/offers/parse", json={"text": text, "today": "2999-12-31"})
    assert fine.status_code == 200, fine.text
