"""An attacker's property test of the brief parser: whatever is pasted, on any allowed `today`,
the parse finishes, fits its own API schema (no 500 from response validation), points its spans
at the text it came from, and, when it found a fee and a deliverable, gives an offer that
`POST /offers/evaluate` takes as it is (the issue: "accepts a parse result as it is").

Messages are built from the cue words the rules look for (amounts, counts, units, dates,
revision and term words, brand markers), glued with arbitrary text: NUL, lone surrogates,
full-width digits, emoji, huge numbers and the years 1 and 9999."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.negotiation.brief import parse_brief
from app.negotiation.schemas import OfferIn, ParsePublic
from tests.conftest import examples

CUES = [
    "稿费",
    "报价",
    "一口价",
    "每篇",
    "每条",
    "共",
    "篇",
    "条",
    "视频",
    "图文",
    "笔记",
    "直播",
    "探店",
    "合集",
    "素材授权",
    "万",
    "w",
    "k",
    "千",
    "¥",
    "￥",
    "$",
    "RMB",
    "元",
    "块",
    "+",
    "起",
    "价值",
    "寄样",
    "置换",
    "送",
    "gifted",
    "worth",
    "each",
    "per post",
    "total",
    "budget",
    # a marketplace's words after a name (round 23's PLATFORM_USE; "RMB dashboard" is one)
    "dashboard",
    "platform fee",
    "service fee",
    "服务费",
    "预算",
    "名额",
    "位达人",
    "改稿",
    "可修改",
    "次",
    "unlimited revisions",
    "不限次数",
    "天",
    "个月",
    "年",
    "月结",
    "net ",
    "发布后",
    "结款",
    "授权",
    "二次使用",
    "投流",
    "paid ads for",
    "days",
    "竞品排他",
    "no competing",
    "平台服务费",
    "%",
    "our commission is",
    "机构",
    "MCN",
    "Agency",
    "Talent",
    "我们是",
    "「",
    "」",
    "【",
    "】",
    "@",
    "from ",
    "的商务",
    "蒲公英",
    "报备",
    "招募",
    "DM",
    "我：",
    "回复：",
    "前",
    "号",
    "月底前",
    "下周六",
    "两周内",
    "by Dec ",
    "12月10日",
    "12.20",
    "9999年12月31日",
    "0001-01-01",
    "2月30日",
    "13月",
    "一千二",
    "三千五百",
    "1.5w",
    "3k",
    "800+",
    "１５００",
    "99999999999999999999999",
    "0.000001",
    "1e309",
    "NaN",
    "-500",
    "\n",
    " ",
    "，",
    "。",
    "：",
    "、",
    "（",
    "）",
    "/",
]
JUNK = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=6
)  # any code point: NUL, lone surrogates, emoji
NUMBER = st.one_of(
    st.integers(min_value=0, max_value=120),  # counts, rounds, days, percentages
    st.integers(min_value=0, max_value=100_000),  # fees as brands write them
    st.integers(min_value=0, max_value=10**12),  # and past the largest amount the app keeps
).map(str)
PIECE = st.one_of(st.sampled_from(CUES), NUMBER, JUNK)
MESSAGE = st.lists(PIECE, min_size=1, max_size=60).map("".join)
TODAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


def _offer_fields(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k not in {"spans", "conflicts"}}


@settings(max_examples=examples(1000))  # a quarter in the suite, all in bench.properties
@given(text=MESSAGE, today=TODAY)
@example(text="视频1条，稿费100000001", today=date(2026, 11, 29))  # found: past money's 10^8
@example(text="视频1条，每条5000万，共3条", today=date(2026, 11, 29))  # a product past it
@example(text="Kora dashboard 视频1条 ¥500", today=date(2026, 11, 29))  # found: an empty span
def test_any_paste_parses_into_its_schema_with_honest_spans(text: str, today: date) -> None:
    result = parse_brief(text, today)
    ParsePublic.model_validate(result)  # what the route's response_model would check
    for field, span in result["spans"].items():
        assert 0 <= span["start"] < span["end"] <= len(text), (field, span)
        assert text[span["start"] : span["end"]] == span["text"], (field, span)
    if result["fee"] is not None and result["deliverables"]:
        try:
            OfferIn.model_validate(_offer_fields(result))
        except ValidationError as exc:  # the parse gave a value the offer check refuses
            raise AssertionError((result, exc.errors())) from exc
