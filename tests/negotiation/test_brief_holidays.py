"""Holidays as deadlines: read the same in every process, and "X前" is the holiday's eve.

The holiday pattern once put its look-ahead on the last alternative only, and that alternative
was whichever two-character name Python's string hashing put last (the names came from a set):
"12月15日前发完（要赶圣诞档）" gave 12-15 in some processes and 12-25 in others."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from app.negotiation.brief import HOLIDAY, HOLIDAY_LOOSE, HOLIDAYS, parse_brief

TODAY = date(2026, 11, 16)


@pytest.mark.parametrize(
    "name", sorted(k for k in set(HOLIDAYS) - set(HOLIDAY_LOOSE) if " " not in k)
)
def test_a_holiday_glued_to_another_word_is_no_date(name: str) -> None:
    # 圣诞档 (the Christmas season), 双11档期: not the day itself
    assert HOLIDAY.search(name + "档") is None, name


@pytest.mark.parametrize("name", sorted(set(HOLIDAYS) - set(HOLIDAY_LOOSE)))
def test_a_holiday_said_as_a_limit_is_found(name: str) -> None:
    for tail in ("前", "之前", "之后", "，", " ", "！"):
        assert HOLIDAY.search(name + tail) is not None, (name, tail)


SEASON = "图文1篇 + 视频1条，一共4000\n· 全部12月15日前发完（她们要赶圣诞档）\n· 结款：发布后30天内"


def test_the_season_named_after_a_date_is_no_second_deadline() -> None:
    assert parse_brief(SEASON, TODAY)["deadline"] == "2026-12-15"


def test_the_same_answer_under_every_hash_seed() -> None:
    code = (
        "import json, sys; from datetime import date; from app.negotiation.brief import "
        "parse_brief; texts = json.loads(sys.stdin.read()); print(json.dumps("
        "[parse_brief(t, date(2026, 11, 16))['deadline'] for t in texts]))"
    )
    texts = [
        SEASON,
        "双12有个 live 专场想约你，直播1场，坑位费3000",
        "视频1条，1000元，元旦前发，双十一之后就不要发了",
        "1 reel $300, maybe before christmas? or by New Year's Day",
    ]
    answers = set()
    for seed in ("1", "2", "3", "4"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        answers.add(out.stdout)
    assert len(answers) == 1, answers


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("图文1篇800元，国庆前发就行", "2027-09-30"),
        ("视频1条1200，双11之前发布", "2027-11-10"),
        ("1 reel $300, before Christmas please", "2026-12-24"),
        # the day itself where it is not said as "before"
        ("1 reel $300, post by Christmas", "2026-12-25"),
        ("双12有个 live 专场想约你：直播1场，坑位费3000", "2026-12-12"),
        # a date said plainly stays the day named, with 前 too
        ("图文1篇800元，12月10日前发", "2026-12-10"),
        # the holiday as the reason for an earlier date: the date
        ("DDL 是 May 1 前，五一前想要流量。图文1篇，500", "2027-05-01"),
    ],
)
def test_holiday_deadlines(text: str, deadline: str) -> None:
    today = date(2026, 12, 1) if "国庆" in text or "双11" in text else TODAY
    assert parse_brief(text, today)["deadline"] == deadline
