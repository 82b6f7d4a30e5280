"""Catalogs are complete in zh-CN and en, up to date with the code, and pages speak both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app.i18n import Translator, negotiate
from scripts.i18n import extract

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "app" / "locale"


def _catalog(locale: str) -> Any:
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[Any]:
    """The strings the code and templates mark today, by the command that refreshes the
    catalogs (scripts/i18n.py)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    extract(pot)
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_catalog_has_every_string_translated(locale: str, extracted: set[Any]) -> None:
    catalog = _catalog(locale)
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert untranslated == []
    missing = extracted - {m.id for m in catalog if m.id}
    assert missing == set(), "run `python scripts/i18n.py` and translate the new strings"


def test_zh_catalog_is_really_chinese() -> None:
    catalog = _catalog("zh_CN")
    translated = [m for m in catalog if m.id and isinstance(m.string, str)]
    same = [
        m.id
        for m in translated
        if m.string == m.id and any(c.isalpha() for c in m.id) and m.id not in {"MCN"}
    ]
    assert same == []


def test_placeholders_survive_translation() -> None:
    import re

    holder = re.compile(r"%\(\w+\)s")
    for message in _catalog("zh_CN"):
        if message.id and isinstance(message.id, str):
            assert sorted(holder.findall(message.id)) == sorted(holder.findall(message.string))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh-CN"),
        ("en-US,en;q=0.9", "en"),
        ("zh-TW,zh;q=0.9", "zh-CN"),
        ("fr-FR, en;q=0.5", "en"),
        ("de", "zh-CN"),
        ("en;q=0.2, zh;q=0.8", "zh-CN"),
    ],
)
def test_accept_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_formatting_per_locale() -> None:
    zh, en = Translator("zh-CN"), Translator("en")
    assert zh.money(123450, "CNY") == "¥1,234.50"
    assert en.money(123450, "CNY") == "CN¥1,234.50"
    from datetime import date

    assert zh.date(date(2026, 3, 5)) == "2026年3月5日"
    assert en.date(date(2026, 3, 5)) == "Mar 5, 2026"
    assert zh.minutes(90) == "1 小时 30 分钟" and en.minutes(90) == "1 h 30 min"


def test_pages_follow_accept_language(client: TestClient) -> None:
    page = client.get("/setup", headers={"Accept-Language": "zh-CN"})
    assert "欢迎使用合作账本" in page.text and 'lang="zh-Hans"' in page.text
    page = client.get("/setup", headers={"Accept-Language": "en"})
    assert "Welcome to KOC Ledger" in page.text
    client.get("/lang/en?next=/setup")
    assert (
        "Welcome to KOC Ledger" in client.get("/setup", headers={"Accept-Language": "zh-CN"}).text
    )


def test_error_pages_speak_the_signed_in_accounts_language(client: TestClient, db: Any) -> None:
    """A refusal (CSRF 403, a form minted for another account 409, input a page cannot read
    422) is written in the account's own language, as the 404 page and every other page are,
    not in the browser's: here an English account on a phone set to Chinese. Each keeps the
    security headers."""
    from tests.conftest import csrf_of, make_user, sign_in

    make_user(db, "eng", locale="en")
    client.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
    sign_in(client, "eng")
    assert "koc_lang" not in client.cookies  # no language chosen in this browser
    assert "Deals" in client.get("/deals").text  # the account's language, not the phone's
    token = csrf_of(client, "/deals/new")
    answers = {
        403: client.post("/settings", data={"display_name": "x"}),
        409: client.post(
            "/deals",
            data={"csrf_token": token, "title": "t", "brand_name": "b", "submit_token": "a.b"},
        ),
        422: client.get("/deals/not-a-number"),
    }
    for status, answer in answers.items():
        assert answer.status_code == status, (status, answer.status_code)
        assert '<html lang="en">' in answer.text, status
        assert "请" not in answer.text and "返回首页" not in answer.text, status
        assert "Back to home" in answer.text, status
        assert "script-src 'self'" in answer.headers["content-security-policy"]
