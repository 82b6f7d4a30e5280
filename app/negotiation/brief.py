"""Read a brand's message (Chinese, English or both) into the terms of an offer.

Pure rules, no clock: `today` is passed in. Each field found keeps the span of the original text
it came from; a field not found is None, never a guess. When a thread holds several offers the
latest value of each field wins and the field is listed in `conflicts`.

The text is normalised first (NFKC, per character, so full-width digits and punctuation become
ASCII while every normalised character still maps back to its place in the original).
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from app.money import MAX_MINOR
from app.negotiation import brands as gazetteer

MAX_CHARS = 20_000
IA = re.IGNORECASE | re.ASCII

FIELDS = (
    "deliverables",
    "fee",
    "fee_is_floor",
    "currency",
    "in_kind_value",
    "included_revision_rounds",
    "unlimited_revisions",
    "platform_fee_pct",
    "agency_cut_pct",
    "payment_days",
    "usage_rights_days",
    "paid_boost_allowed",
    "exclusivity_days",
    "deadline",
    "brand",
    "agency",
    "source",
)


# --- numbers ---------------------------------------------------------------------------------
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUM = "[零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万]"
CN_DIGIT = "[零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖]"
# an amount in Chinese numerals: digit-unit groups and one trailing digit (一千五, 三千五百,
# 两万五), so that a count after it stays a count ("一千五一篇" is 1500 for one post)
CN_AMOUNT = f"(?:{CN_DIGIT}?[十拾百佰千仟万]零?)+{CN_DIGIT}?"


def cn_to_int(text: str) -> int | None:
    """Chinese numerals to an int, colloquial forms included (一千二 = 1200, 两万五 = 25000)."""
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS and c != "万" for c in text):
        return None
    total, section, digit, last_unit = 0, 0, None, 0
    for c in text:
        if c in CN_DIGITS:
            # 一二 (a digit string) reads positionally
            digit = CN_DIGITS[c] if digit is None else digit * 10 + CN_DIGITS[c]
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10_000
            section, digit, last_unit = 0, None, 10_000
    if digit is not None:
        # a trailing digit after a unit is one unit lower: 一千二 = 1200, 两万五 = 25000
        section += digit * (last_unit // 10) if last_unit >= 100 else digit
    return total + section


WORD_NUMS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "single": 1,
    "once": 1,
    "twice": 2,
}


def small_int(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    if text in WORD_NUMS:
        return WORD_NUMS[text]
    return cn_to_int(text)


# No fee is this large (money itself stops at 10^8); a longer run of digits is not an amount.
# Bounding it keeps sums and products of amounts far inside Decimal's 28 digits (a 30-digit
# "fee" made the final quantize raise InvalidOperation: a 500 on the parse API and the page).
MAX_AMOUNT = Decimal(10) ** 12
# The largest amount the ledger keeps: a fee or a value read above it (a phone number after 稿费,
# a per-post price times a count) is not presented as found.
MONEY_MAX = Decimal(MAX_MINOR) / 100


def amount_of(number: str, mult: str | None) -> Decimal | None:
    """'1,500' → 1500, '1.5' + 'w' → 15000, '一千二' → 1200."""
    if re.fullmatch(CN_NUM + "+", number):
        if len(number) > 40:
            return None
        value = cn_to_int(number)
        return None if value is None or value > MAX_AMOUNT else Decimal(value)
    if re.fullmatch(EURO_NUM, number):
        number = number.replace(".", "").replace(",", ".")
    digits = number.replace(",", "")
    if len(digits) > 30:
        return None
    try:
        value_d = Decimal(digits)
    except InvalidOperation:
        return None
    factor = {"k": 1000, "w": 10_000, "万": 10_000, "千": 1000, "百": 100}.get(
        (mult or "").lower(), 1
    )
    value_d *= factor
    return None if value_d > MAX_AMOUNT else value_d


# --- normalisation -----------------------------------------------------------------------------
KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")
# Traditional characters of the words briefs are made of, to simplified (one character to one,
# so every position still maps back); brands from Hong Kong and Taiwan write 價值, 條, 發佈.
TRAD = str.maketrans(
    "們這邊個兩萬價錢塊圓條發髮佈後週內時間開關說請約給會產樣贈費結帳賬匯據數標準讓還對為與從將於"
    "無須預報獎勵傭勞單張圖視頻筆記號貼導購買賣廣權獨競爭傳機構經紀紹薦團隊銷營運務負責聯絡確認謝麼"
    "嗎點幾歲達網頁碼寫輪場帶貨轉載續長紅書體驗試樂歡愛親寶貝幫備檔訂簽則規範質類別際專業戶區雙額總"
    "計稅實應該當級處禮護膚妝飾錶燈廳館飲門鋪線電腦麗顏潔濕淨鬆緊輕壓擔證參選擇優獲頭臉貓糧鮮雞麵熱"
    "題話語評測論讚觀覽閱讀錄攝輯圍齊齡憑滿鐘現進過啟啓績裡裏剛黃綠藍靈夢闆獻億賺蘭檢階節舊隻覆復",
    "们这边个两万价钱块圆条发发布后周内时间开关说请约给会产样赠费结账账汇据数标准让还对为与从将于"
    "无须预报奖励佣劳单张图视频笔记号贴导购买卖广权独竞争传机构经纪绍荐团队销营运务负责联络确认谢么"
    "吗点几岁达网页码写轮场带货转载续长红书体验试乐欢爱亲宝贝帮备档订签则规范质类别际专业户区双额总"
    "计税实应该当级处礼护肤妆饰表灯厅馆饮门铺线电脑丽颜洁湿净松紧轻压担证参选择优获头脸猫粮鲜鸡面热"
    "题话语评测论赞观览阅读录摄辑围齐龄凭满钟现进过启启绩里里刚黄绿蓝灵梦板献亿赚兰检阶节旧只复复",
)
# Cantonese function words, phrase by phrase and of the same length ("我哋係 Sasa 嘅 team")
SAME_LENGTH = re.compile("我哋係|我哋|我係|係咪|嘅|咗|佢哋|畀")
SAME_LENGTH_TO = {
    "我哋係": "我们是",
    "我哋": "我们",
    "我係": "我是",
    "係咪": "是否",
    "嘅": "的",
    "咗": "了",
    "佢哋": "他们",
    "畀": "给",
}


@dataclass
class Text:
    """The normalised text and, for each of its characters, the index in the original."""

    original: str
    norm: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


DIGITS = "0123456789"
# A month and day written as one figure (618, 520, 1111: a sales day), then a word of time
# after it: 618以后, 520前, 618大促期间. Not 1，500当天 or 3，800节前 (a thousands comma: 500 and
# 800 are no day).
DATE_AFTER_COMMA = re.compile(
    r"(?:[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)\s*(?:以后|以前|之后|之前|前|后|大促|活动|期间|当天|节)"
)
# a sales day's figure (618, 520, 1111) with a word of time after it is a date, not money:
# 稿费800，618以后发
SALES_DAY = re.compile(r"(?:[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
SALES_DAY_AFTER = re.compile(r" ?(?:以后|之后|大促)")


def normalise(original: str) -> Text:
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        if (
            ch == "\uff0c"
            and i
            and original[i - 1] in DIGITS
            and DATE_AFTER_COMMA.match(original, i + 1)
        ):
            # A full-width comma before a figure said as a time (稿费800，618以后发: 800, then
            # the 618 sales festival) ends a clause: read as 800,618 it made a fee of 800618.
            # 1，500元 (a Chinese keyboard's comma) still groups thousands. A space after it
            # keeps the digits apart.
            chars += [",", " "]
            origin += [i, i]
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if c in "\ufe0f\u200b\u200d":
                c = " "
            chars.append(c)
            origin.append(i)
    norm = "".join(chars).translate(TRAD)
    norm = SAME_LENGTH.sub(lambda m: SAME_LENGTH_TO[m.group(0)], norm)
    norm = KEYCAP.sub(lambda m: " " * len(m.group(0)), norm)
    norm = norm.replace("\u20e3", " ").replace("\r", "\n")
    origin.append(len(original))
    return Text(original, norm, origin)


# --- the result being built ----------------------------------------------------------------------
@dataclass
class Hit:
    value: Any
    start: int
    end: int


@dataclass
class Found:
    hits: dict[str, list[Hit]] = field(default_factory=dict)

    def add(self, name: str, value: Any, start: int, end: int) -> None:
        self.hits.setdefault(name, []).append(Hit(value, start, end))

    def latest(self, name: str) -> Hit | None:
        hits = self.hits.get(name)
        if not hits:
            return None
        return max(hits, key=lambda h: (h.start, h.end))


# Only the last matches of each rule count: a real thread has a handful, and "latest wins".
MAX_MATCHES = 200


def last_matches(matches: Iterable[re.Match[str]]) -> deque[re.Match[str]]:
    return deque(matches, maxlen=MAX_MATCHES)


# --- clauses ---------------------------------------------------------------------------------
CLAUSE_END = "。!?！？;；\n"
COMMA = ",，、"


CLAUSE_REACH = 240  # a clause never reaches further than this either side


@lru_cache(maxsize=8)
def _stops(s: str, commas: bool) -> list[int]:
    marks = CLAUSE_END + (COMMA if commas else "")
    return [
        i
        for i, c in enumerate(s)
        if c in marks
        or (c > "\u2600" and unicodedata.category(c) == "So")
        # Chinese puts no space inside a sentence: one between two Chinese characters ends a
        # clause ("今晚12点前报名 明天定人 15天内发布" in a group post)
        or (c in " \t\u3000" and 0 < i < len(s) - 1 and is_cjk(s[i - 1]) and is_cjk(s[i + 1]))
    ]


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def clause_bounds(s: str, pos: int, commas: bool = True) -> tuple[int, int]:
    """The clause around pos: between stops (。！？; new lines, emoji and, with commas, ，、)."""
    stops = _stops(s, commas)
    i = bisect_right(stops, pos - 1)
    start = stops[i - 1] + 1 if i > 0 else 0
    j = bisect_left(stops, pos)
    end = stops[j] if j < len(stops) else len(s)
    return max(start, pos - CLAUSE_REACH), min(end, pos + CLAUSE_REACH)


def clause_of(s: str, pos: int, commas: bool = True) -> str:
    a, b = clause_bounds(s, pos, commas)
    return s[a:b]


def sentence_bounds(s: str, pos: int) -> tuple[int, int]:
    """Clause bounds that also stop at an English full stop followed by a space."""
    a, b = clause_bounds(s, pos)
    left = s.rfind(". ", a, pos)
    if left != -1:
        a = left + 2
    right = s.find(". ", pos, b)
    if right != -1:
        b = right
    if b > a and s[b - 1] == ".":
        b -= 1
    return a, b


# --- money -----------------------------------------------------------------------------------
# "1.200,00": a European amount (dots between thousands, a decimal comma)
EURO_NUM = r"\d{1,3}(?:\.\d{3}){1,4},\d{2}(?!\d)"
NUM = "(?:" + EURO_NUM + r"|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
MULT = r"(?:[kKwW](?![a-zA-Z])|万|千|百)"
CUR_PRE = (
    r"(?:HK\$|US\$|S\$|AU\$|A\$|NZ\$|CA\$|C\$|NT\$|HKD|USD|SGD|AUD|NZD|CAD|TWD|RMB|CNY|EUR|GBP|"
    r"JPY|¥|\$|€|£)"
)
CUR_POST = (
    r"(?:元|块钱|块|人民币|RMB|CNY|yuan|USD|dollars?|bucks|美元|美金|刀|EUR|euros?|欧元|HKD|港币|"
    r"港元|SGD|新币|AUD|澳元|NZD|纽币|CAD|加币|TWD|台币|GBP|pounds?|英镑|JPY|日元)"
)
TAIL_COUNTED = r"篇|条|个|场|支|次|期|位|人|天|日|号|月|周|年|粉|w|k|万|千|[a-z]"
MONEY = re.compile(
    rf"(?P<pre>{CUR_PRE})?\s?(?P<num>{NUM}|{CN_AMOUNT})(?P<mult>{MULT})?"
    # "1千2", "1万5", "3k5": one digit after the multiplier is the next place down, unless it
    # counts something ("1万2条视频" is 10,000 for two videos)
    rf"(?:(?<=[千万wWkK])(?P<tail>\d)(?![\d.,:%/])(?!\s?(?:{TAIL_COUNTED})))?"
    rf"(?P<plus>\s?\+|起)?(?:\s?(?P<post>{CUR_POST}))?",
    IA,
)
CURRENCY_OF = [
    (r"HK\$|HKD|港币|港元", "HKD"),
    (r"S\$|SGD|新币", "SGD"),
    (r"AU\$|A\$|AUD|澳元", "AUD"),
    (r"NZ\$|NZD|纽币", "NZD"),
    (r"CA\$|C\$|CAD|加币", "CAD"),
    (r"NT\$|TWD|台币", "TWD"),
    (r"US\$|USD|dollars?|bucks|美元|美金|刀|\$", "USD"),
    (r"€|EUR|euros?|欧元", "EUR"),
    (r"£|GBP|pounds?|英镑", "GBP"),
    (r"JPY|日元", "JPY"),
    (r"¥|RMB|CNY|yuan|元|块钱|块|人民币", "CNY"),
]
MONTH_PART_AFTER = re.compile(r"[ \t]?(?:月底|月初|月中|月末|年底|年初)")
NOT_MONEY_AFTER = re.compile(
    r" ?-?(?:%|天|日|号|月|年|前|之前|以前|粉|篇|条|次|个|场|支|轮|周|小时|分钟|岁|件|套|瓶|箱|位|"
    r"人|名|家|w粉|只|餐|份|盒|罐|袋|双|台|颗|张|字|words?\b|characters?\b|"
    r"h\b|hours?|days?|months?|weeks?|years?|followers|fans|rounds?|revi|posts?|videos?|reels?|"
    r"images?|photos?|stories|lives?\b|streams?|k\s?followers|am\b|pm\b|:\d|/\d|-\d|\.\d|"
    r"(?:st|nd|rd|th)\b|s\b|秒|sec\b|secs?\b|seconds?|min\b|mins\b|minutes?|"
    # "40k units this quarter", "2,000+ live viewers": a sales or reach target
    r"units?\b|orders?\b|pcs\b|pieces\b|sold\b|sales\b|views?\b|viewers?\b|likes\b|saves\b|"
    r"downloads?\b|installs?\b|sign-?ups?\b|subscribers?\b|customers?\b|"
    # "for 40 spots", "20个名额": places in a call for creators
    r"spots?\b|slots?\b|places\b|seats?\b|名额|"
    r"单(?![价篇条个次品]))",  # the 20th, 60s
    IA,
)
# the budget of a whole campaign, shared among the creators it recruits
CAMPAIGN_BUDGET_BEFORE = re.compile(
    r"(?:本次|本期|此次|这次|整体|活动|项目|品牌)[^\n，,。]{0,4}?总(?:预算|盘子)"
    r"[ \t]?[:：是为]?[ \t]?(?:约|大概|大约)?[ \t]?$"
)
# the same in mixed words ("本次 campaign 总 budget：¥20,000", "这波 … 总 budget 1.5w"): the
# campaign's only where creators are counted, not "这次 collab 总 budget 3000" to one creator
CAMPAIGN_BUDGET_MIXED_BEFORE = re.compile(
    r"(?:本次|本期|此次|这次|这波|整体|活动|项目|品牌)"
    r"(?:[^\n，,。]{0,4}?|[ \t]?[A-Za-z][A-Za-z ]{0,11}?[ \t]?)总[ \t]?(?:预算|盘子|budget)"
    r"[ \t]?[:：是为]?[ \t]?(?:约|大概|大约)?[ \t]?$"
)
# a count of the creators a campaign takes on: "15位博主", "about 25 creators", "12 位达人"
CREATOR_COUNT = re.compile(
    r"(?<![\d.,])(?:"
    # "25 位左右的 beauty creators", "30名左右的母婴博主": 位 or 名, an about-word and 的, then at
    # most two Latin words or four Chinese characters of a field before the creator word; not a
    # rank ("点赞前3名的博主额外奖励500元": the top three of them, no count); the about-word said
    # ("点赞前 3 名的博主", "每月评选3名的优秀博主", "TOP10名的达人" are winners, no count)
    r"(?<![前第])(?:\d{1,4}|[一二两三四五六七八九十]{1,3})[ \t]?[位名][ \t]?(?:左右|上下)的[ \t]?"
    r"(?:(?:[A-Za-z&/\-]{1,16}[ \t]){1,2}|[\u4e00-\u9fff]{1,4}?)?|"
    r"(?:\d{1,4}|[一二两三四五六七八九十]{1,3})[ \t]?(?:位|名|个)?[ \t]?)"
    r"(?:博主|达人|KOC|KOL|up主|宝妈|creators?\b|influencers?\b|bloggers?\b|KOCs\b|KOLs\b)",
    IA,
)
# a budget or campaign word near an amount: on a line that counts the creators taken on, the
# amount is the whole campaign's, shared by them ("本次共招募15位博主，总预算3万", "We're
# casting 8 creators (total budget RMB 20,000)", "part of a RMB 200,000 campaign with about 25
# creators")
SHARED_BUDGET_BEFORE = re.compile(
    r"(?:预算|盘子|budget|campaign|program(?:me)?|launch)[^\n\d¥$€£]{0,10}$", IA
)
# (not past the end of the amount's sentence: "稿费2000，月底前发布。这次总预算6万，招30位博主"
# keeps the 2000, the budget is the next sentence's)
SHARED_BUDGET_AFTER = re.compile(
    r"(?:(?![。！？!?；;]|\.\s)[^\n\d]){0,16}?(?:预算|campaign|budget|program)|"
    # …unless the next sentence points back at it: "总共5万！这是整个活动的预算，会找20位博主",
    # "$15,000 set aside! That's the whole campaign budget for 20 creators"
    r"[^\n\d。！？!?；;]{0,12}?(?:[。！？!?；;]|\.\s)[ \t]*"
    r"(?:这是|这个是|那是|这些是|that's|that is|this is|it's|which is)"
    r"[^\n\d。！？!?；;]{0,16}?(?:预算|campaign|budget|program)",
    IA,
)
PER_CREATOR = re.compile(
    r"(?:每位|每人|每个人|单人|单个博主|每个博主|per (?:creator|person|influencer)|each)"
    r"[^\n\d]{0,6}$",
    IA,
)
PER_CREATOR_AFTER = re.compile(
    r"[ \t]?(?:/[ \t]?(?:人|位|creator)|per (?:creator|person|influencer)|each|每位|每人|一位)", IA
)
# ad money the brand spends on the post, not paid to the creator: "每篇预计投放5000元左右",
# "加热投入2万元", "ad spend of $2,000"
AD_SPEND_BEFORE = re.compile(
    r"(?:投放|投流|加热|ad spend|media spend|ads? budget|boost(?:ing)? budget)"
    r"(?:投入|预算|金额|budget)?[ \t]?(?:约|大概|大约|预计|估计|around|about|of|is)?"
    r"[ \t]?[:：]?[ \t]?$",
    IA,
)


# a charge waived, so a thing given: "两晚房费¥1,560，全免", "room rate $220 — comped"
WAIVED_AFTER = re.compile(
    r"[ \t]?[，,（(—–-]?[ \t]?(?:全免|免单|全额免|免费|waived|comped|on us|free of charge)", IA
)
# the worth of a thing given, in brackets right after it is said to be free: "the cabin is on us
# (2 nights, around $360 total)", "the room is on us (private double, ~€280 for the 2 nights)",
# "房费全免（两晚约¥1,560）" — the bracket opens at most 40 characters before the amount and
# closes at most 24 after it, with no other bracket between
WAIVED_BRACKET_OPEN = re.compile(
    r"(?:(?<![a-z])on us|comped|free of charge|全免|免单)[ \t]?[（(]"
    # "(and your fee of $500 is paid on arrival)": a fee said inside is the fee; so is money
    # said to come on top ("on us (plus $250 for 1 reel)", "全免（另外再给¥1500现金）")
    r"(?:(?!fee|rate|pay|稿费|报酬|费用|plus|on top|extra|additional|另|再给|还给|额外|现金|cash|"
    # …and so is a price said for a deliverable ("comped (for the shoot, 1 reel at $500)",
    # "全免（视频1条¥1500）", "食宿全免（每条视频2000元）")
    r"(?<![a-z])(?:reels?|posts?|videos?|tiktoks?|stories|story)(?![a-z])|视频|图文|笔记|每条|每篇)"
    r"[^()（）\n]){0,40}$",
    IA,
)
WAIVED_BRACKET_SHUT = re.compile(
    # ("and $800 for the 2 reels)")
    r"(?:(?!fee|稿费|报酬|现金|cash|for[ \t](?:the[ \t]|a[ \t]|one[ \t])?(?:\d+[ \t]?)?"
    r"(?:reels?|posts?|videos?|tiktoks?|stories|photos?)(?![a-z]))[^()（）\n]){0,24}[)）]",
    IA,
)
# a label of a whole campaign's budget: "Total campaign budget:", "活动总预算：", "Total budget:"
TOTAL_BUDGET_LABEL = re.compile(
    r"(?:(?<![a-z])total[ \t](?:campaign[ \t]|program(?:me)?[ \t])?budget|"
    r"(?<![a-z])(?:campaign|overall)[ \t]budget|总[ \t]?(?:预算|budget))"
    r"[ \t]?(?:is|of|[:：])?[ \t]?(?:约|大概|about|around|approx\.?)?[ \t]?[¥$€£]?[ \t]?$",
    IA,
)


@lru_cache(maxsize=4)  # asked once per amount of the same message
def creators_counted(s: str) -> bool:
    """The message recruits two creators or more ("recruiting 30 creators", "招募人数：25位")."""
    for m in CREATOR_COUNT.finditer(s, 0, 4000):
        lead = re.match(r"\d{1,4}|[一二两三四五六七八九十]{1,3}", m.group(0))
        n = small_int(lead.group(0)) if lead else None
        if n is not None and n >= 2:
            return True
    return RECRUITS_MANY.search(s, 0, 4000) is not None


# "recruiting 30 home & lifestyle creators", "招募人数：25位", "名额：30 creators"
RECRUITS_MANY = re.compile(
    r"(?:招募人数|名额)[ \t]?[:：]?[ \t]?(?:[2-9]|\d{2,3})|"
    r"(?<![\d.,])(?:[2-9]|\d{2,3})[ \t](?:[A-Za-z&/\-]{1,16}[ \t]){1,3}"
    r"(?:creators|influencers|bloggers|KOCs|KOLs)\b",
    IA,
)


# a count of places in a call for creators, each place one creator
PLACES_COUNT = re.compile(
    # ("招 4-5 位": a range of places)
    r"(?:共招|招募|招)[ \t]?"
    r"(?:\d{1,4}(?:[ \t]?[-~～至到][ \t]?\d{1,4})?|[一二两三四五六七八九十]{1,3})"
    r"[ \t]?(?:位|名|个|人)|"
    r"(?<![\d.,])\d{1,4}[ \t]?(?:个[ \t]?)?名额|"
    r"(?<![\d.,])\d{1,4}[ \t](?:spots|places|slots|seats)\b",
    IA,
)


def shared_budget(s: str, a: int, b: int) -> bool:
    """The amount at s[a:b] is a campaign's budget shared by the creators counted on its line."""
    la = max(s.rfind("\n", max(0, a - 120), a) + 1, a - 120, 0)
    lb = s.find("\n", b, b + 120)
    lb = min(len(s), b + 120) if lb < 0 else lb
    if PER_CREATOR.search(s, max(la, a - 12), a) or PER_CREATOR_AFTER.match(s, b):
        return False
    if not (
        SHARED_BUDGET_BEFORE.search(s, max(la, a - 24), a) or SHARED_BUDGET_AFTER.match(s, b, lb)
    ):
        return False
    # "本期品牌预算6w，共招12位", "预算 3w，招 20 个名额", "$6,000 for 40 spots": places to fill;
    # not one creator ("这次预算3000，就找你一位博主": the budget is hers)
    return (
        any(many(c.group(0)) for c in CREATOR_COUNT.finditer(s, la, lb))
        or PLACES_COUNT.search(s, la, lb) is not None
    )


def many(counted: str) -> bool:
    """A count of creators (CREATOR_COUNT's match) that is not one, or not read."""
    lead = re.match(r"\d{1,4}|[一二两三四五六七八九十]{1,3}", counted)
    n = small_int(lead.group(0)) if lead else None
    return n is None or n >= 2


FOLLOWERS_BEFORE_RANGE = re.compile(
    r"(?:粉丝(?:数|量)?|(?<![蜜散气底腮彩眉香奶])粉|followers?|fans)"
    r"[ \t]?[:：]?[ \t]?(?:在|要求)?[ \t]?$",
    re.I,
)
NOT_MONEY_BEFORE = re.compile(
    r"(?:粉丝|粉|followers?|fans|T\s?\+|net\s?|第|\d[./:-]|[/-]|"
    # "Jan 5, 2027", "5 January 2027": the year of a date
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s?\d{1,2}(?:st|nd|rd|th)?,\s?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s?)$",
    IA,
)
# a word that makes the amount after it a fee. Anywhere in the 14 characters before the amount:
# a fee word of two or more characters, or an English word that starts there ("budget's around");
# right before it only (nothing but a colon, 是/为, a space between): a one-character word and a
# short English one (就 in 就寄出, 定 in 一定, 'is' in 'Barista', 'at' in 'featuring' are no cue)
FEE_BEFORE = re.compile(
    r"(?:预算|稿费|报价|费用|价格|坑位费|金额|总价|一口价|打包价|合计|共计|一共|总共|稿酬|酬劳|报酬|酬金|最多|最低|"
    r"加到|提到|降到|折中|改成|调到|涨到|至少|最高|出价|接受|能做|可以做|现金|"
    r"(?<![a-z])(?:budget|fee|rate|offer|pay|can do|could do|cash|price|total|cost|meet at|deal at|"
    r"settle|counter|comp|compensation))"
    r"|(?:定|给(?:到|你|您|的)?|就|那|共|费|按|(?<![a-z])(?:at|for|is|of))"
    r"[ \t]?(?:[:：][ \t]?)?(?:是|为)?[ \t]?$",
    IA,
)
VALUE_BEFORE = re.compile(
    r"(?:价值|市价|原价|售价|零售价|价格|吊牌价|吊牌|专柜价|官网价|官方价|市场价|标价|面值|约值|市值|"
    # "差不多值一百五", "大概值 300": what the goods sent would cost
    r"(?:大概|大约|差不多|起码|至少|少说也|能)值|"
    r"worth|valued at|value|sells? for|sold (?:for|at)|priced at|"
    r"(?:normally|usually|regularly|typically)(?: costs?| sells? for| retails? (?:for|at))?|"
    r"活动价|券后价|到手价|现价|优惠价|促销价|会员价|日常价|"
    r"retail(?:s)?(?:[ \t]?价| price| value)?(?: at| for| of)?|list price|RRP|MSRP)\s?(?:[:：]\s?)?"
    r"(?:共计|合计|总共|一共|共|约|约为|大约|大概|约合|在|不低于|超过|高达|近|about|around|approx\.?|"
    r"approximately|roughly|like|"
    r"over|more than|up to|nearly|almost|~|:)?\s?$",
    IA,
)
# the shop price of a product: what it is worth when it is sent, otherwise no term at all
SHOP_PRICE = (
    "售价",
    "零售价",
    "吊牌",
    "专柜价",
    "官网价",
    "官方价",
    "市场价",
    "标价",
    "retail",
    "rrp",
    "msrp",
    "list",
    "normally",
    "usually",
    "regularly",
    "typically",
    "活动价",
    "券后价",
    "到手价",
    "现价",
    "优惠价",
    "促销价",
    "会员价",
    "日常价",
    "sell",
    "sold",
    "priced",
)
SENT = re.compile(
    r"寄|送|置换|赠|归你|不用寄回|无需寄回|不用退|不用还|留着用|自己留着|免费体验|试用|"
    # (a gift guide is her roundup post, not goods: "$150 for the gift guide spot", r31)
    r"gift(?![ \t\-]?guides?\b)|send|sending|ship|sample|seeding|PR package|throw in|throwing in|"
    r"附送|加送|"
    r"\bkeep\b|yours to keep|is yours|are yours|"
    r"you(?:'ll| will)? (?:get|receive)\s?[:：]?\s?(?:the|a|an|our)\b|"
    # a line listing the product as part of the offer: "产品：羽绒服一件（吊牌 1,299）"
    r"(?:^|\n)\s?(?:产品|赠品|福利|礼品|伴手礼|礼物|product|products|gifted|gifting|perks?|"
    r"what you(?:'ll| will)? (?:get|receive))\s?[:：]|"
    # "$250 + the new headphones (retail $149)": a product added to the fee is given
    r"(?:[\d¥$€£]\s?\+|\bplus)\s?(?:the\s|a\s|an\s|one\s|our\s|一)?[A-Za-z\u4e00-\u9fff]",
    IA,
)
# a sample the creator may ask for, not goods sent: "可申请免费寄样", "free sample on request"
SAMPLE_ON_REQUEST = re.compile(
    r"(?:可|可以)?申请(?:免费)?(?:寄样|样品|试用装?)|"
    r"(?:request|apply for|ask for) (?:a )?(?:free )?samples?|free samples? (?:on|upon) request",
    IA,
)
# the creator's take after a platform's cut ("到手¥441.6", "实得¥315", "you'll receive $270"):
# no fee
NET_PAYOUT_BEFORE = re.compile(
    r"(?:到手|实得|实收|实际到账|实到|实际拿到|拿到手|实拿|净得|扣除[^\n，,。]{0,8}后|"
    r"after (?:the |all )?(?:fees?|commission)|"
    r"you(?:'ll| will) (?:receive|get|take home|net)|take-home|net payout)"
    r"\s?(?:约|为|是|大概|大约|差不多)?\s?[:：]?\s?$",
    IA,
)
# a net word earlier in the clause, nothing but arithmetic between it and the amount: the
# creator's take worked out from the fee ("到手 = 2000 × 0.8 = 1600", "到手相应是 1750")
NET_WORD = re.compile(
    r"到手|实得|实收|实际到账|实到|实拿|净得|take-home|"
    r"you(?:'ll|'d| will| would) (?:net|receive|take home|pocket|get)|"
    # a marketplace's order form, after its share: "• You receive: $264.00" (attack review r32)
    r"\b(?:you receive|your payout)(?=[ \t]?[:：])",
    IA,
)
NET_GAP = re.compile(
    # "到手一篇是 420": the take for each piece
    r"(?:[\s=＝:：×xX*%.,\d()（）¥$€£/]|是|为|约|相应|大概|大约|就|only|about|around|approx\.?|"
    r"[一每单][篇条个支]|per (?:post|video|piece)|each)*",
    IA,
)
# her take said to be what is left after the cut, with no percentage (r31):
# "到手１６００（已经是扣完服务费给你的价）", "到手1200（已经扣过服务费了）"
TAKE_IS_THE_PRICE = re.compile(
    # (the bare 扣 after 已, the cut named first, 元 before the bracket: "实收1600（已扣平台服务
    # 费）", "到手1,600元（平台抽成已扣除）"; attack review r31)
    r"[ \t]?元?[ \t]?[（(]?[ \t]?(?:"
    r"(?:这)?(?:已经|已)?(?:是|都是)?(?:扣完|扣过|扣除|扣掉|扣好|(?<=已)扣)了?"
    r"(?:机构|平台)?(?:的)?(?:服务费|佣金|抽成|手续费|平台费|点)|"
    r"(?:机构|平台)?(?:的)?(?:服务费|佣金|抽成|手续费|平台费)(?:已经|已)"
    r"(?:扣完|扣过|扣除|扣掉|扣好|扣)了?)"
)
# the creator's take said after the amount: "$1,600 net", "1600到手"
NET_AFTER = re.compile(
    r"[ \t]?(?:net\b(?![ \t]?\d)|到手(?!价)|实收|实得|"
    r"(?:should |will |would |then )?lands?[ \t]in[ \t]your\b|(?:会|将)?到账)",
    IA,
)
# a cut named right after the creator's take: "到手400/篇（已扣机构20%服务费）" — the take is what
# is left of the fee after it, so the fee is the take grossed up
CUT_AFTER_NET = re.compile(
    r"[^\n%]{0,12}?(?:已扣除?|扣除|已扣掉|扣掉|after|net of)[^\n%\d]{0,12}?"
    r"(?P<n>\d{1,2}(?:\.\d)?)[ \t]?%",
    IA,
)
KEPT_AFTER = re.compile(
    r"[ \t]?[,，]?[ \t]?"
    r"(?:keep it|yours to keep|it'?s yours|不用寄回|无需寄回|不用还|留着用|送你|归你)",
    IA,
)
# a bonus tied to a result, on top of the fee: "再加 bonus ¥300", "额外奖励300元", "a $100 bonus"
BONUS_BEFORE = re.compile(
    r"(?:bonus|奖励|奖金|加奖|reward|"
    # an added fee is no bonus: "另加合作码授权费 ¥150" (ADDON_BEFORE adds it to the fee); a
    # bare add word is one only after a result ("如果 7 天内点赞过 5k，再加 300")
    r"(?P<add>再加|额外加|额外给|另加|追加)(?![^\n，,。:：\d]{0,6}?(?:费|fee|licen)))"
    r"[^\n，,。:：\d]{0,6}?"
    r"[ \t]?(?:of[ \t])?$",
    IA,
)
BONUS_CONDITION = re.compile(
    r"如果|若|达到|超过|满|过|的话|破|爆|卖出|卖了|出单|销量|"
    r"(?<![a-z])(?:if|reach|hit|over|when|once)\b",
    IA,
)
BONUS_CONDITION_REACH = 40  # a bare add word's result is this far before it, at most
BONUS_AFTER = re.compile(r"[ \t]?(?:[a-z]+[ \t])?(?:bonus|奖励|奖金)", IA)
# a line labelled as a bonus: "Performance bonus: an extra $100 if …", "📌 bonus：破 500 额外
# +¥150", "额外奖励：收藏过1000再给200元" — every amount on it is the bonus, not the fee. Read
# from the line's start (at most BONUS_LABEL_REACH characters before the amount); a label that
# also names the fee ("Fee + bonus:", "稿费/奖金：") is not one, nor a bare 奖励 (合作奖励 can be
# the fee itself)
BONUS_LABEL = re.compile(
    r"[ \t]?[^\n:：\d]{0,16}?(?:(?<![a-z])(?:bonus|incentive)|奖金|加奖|额外奖励|激励)"
    r"[^\n:：\d]{0,8}?[:：]",
    IA,
)
BONUS_LABEL_REACH = 80
LABEL_NAMES_FEE = re.compile(
    # "Creator incentive:", "达人激励：": the creator's pay named as her incentive
    r"fee|rate|pay|稿费|报酬|费用|酬|价|"
    r"(?:creator|influencer|达人|博主|创作者?)[ \t]?(?:incentive|激励)",
    IA,
)
# what ends a bonus label's reach on its line: the end of its sentence, or another label ("奖金：
# 无，稿费：800元/条", "Bonus: you keep the set. Fee is $500", "加奖：…；基础稿费1000元")
LABEL_REACH_ENDS = re.compile(r"[:：。！？!?；;]|\.\s")
# an incentive said bare, or of the campaign or collab ("Incentive: $400 cash", "Campaign
# incentive: $500 per creator", "合作激励：800元/条"): the pay itself, unless it is said to hang
# on results or come on top ("Performance incentive:", "销售激励：", "额外激励：")
INCENTIVE_ONLY = re.compile(r"(?<![a-z])incentives?(?![a-z])|激励", IA)
INCENTIVE_ON_TOP = re.compile(
    r"performance|sales|results?|extra|additional|top|viral|bonus|业绩|销售|额外|爆款|冲量|达标|"
    r"排名|加奖|奖金",
    IA,
)
# a label that says there is none: "No bonus, sorry: $500 flat for 1 reel" (the fee follows)
NO_BONUS = re.compile(
    r"(?<![a-z])no[ \t](?:[a-z]+[ \t])?(?:bonus|incentive)|(?:没有|无)(?:奖金|加奖|额外奖励|激励)",
    IA,
)
# …or the label says so right after its colon: "Bonus: no bonus this round, $400 for 1 reel",
# "Bonus: none, $400 for 1 reel", "奖金：暂无，800元/条"
NONE_SAID = re.compile(
    # (not "Bonus: no cap, $1 per sale": a bonus with no cap)
    r"[ \t]?(?:(?<![a-z])(?:none|nil|n/a|no(?=[ \t]?[,，.;；。]|[ \t](?:bonus|incentive)))"
    r"(?![a-z])|"
    r"(?:无|没有|暂无|暂时没有)(?=[ \t]?[,，.;；。 ]|[ \t]?(?:奖金|加奖|奖励|激励)))",
    IA,
)
# what a further round of revisions costs, said with the amount for each round: "further rounds
# are charged at $60 each", "additional rounds are billed at $50 each", "超出的修改每次另收100元"
# — the creator's charge for work beyond the deal, never the fee. The revision noun is at most
# EXTRA_ROUND_REACH characters before the amount in its sentence, and the amount is said per
# round (each, per round, 每次, /次)
EXTRA_ROUND = re.compile(
    r"(?:(?<![a-z])(?:additional|extra|further)[ \t](?:revision[ \t]|editing[ \t])?"
    r"(?:rounds?|revisions?|edits?)(?![a-z])|"
    r"超出[^\n，,。；;!！?？\d]{0,8}?(?:修改|改稿|次数)|额外的?(?:修改|改稿)|多改一次|再改一次)",
    IA,
)
EXTRA_ROUND_REACH = 40
PER_ROUND_BEFORE = re.compile(r"每次|每轮|每改一次|单次|per (?:round|revision|edit)", IA)
# the extra rounds said to be free, or the amount said for each deliverable: "Extra revisions
# are free so $300 each for 3 reels", "额外修改免费，…": the amount is no round's price
# ("extra edits not charged) – $450 each reel": not charged, and each reel's)
FREE_ROUND = re.compile(
    r"free|no (?:extra )?charge|not (?:be )?charged|不收费|不另收费|免费|不另收", IA
)
PER_PIECE_AFTER = re.compile(
    r"[ \t]?(?:each|apiece)[ \t](?:(?:for|per)[ \t])?(?:the[ \t]|all[ \t])?"
    r"(?:\d+|one|two|three|four|five)?[ \t]?"
    r"(?:reels?|posts?|videos?|tiktoks?|stories|photos?|images?|shorts?|notes?)(?![a-z])",
    IA,
)
PER_ROUND_AFTER = re.compile(
    r"[ \t]?(?:each|apiece|per (?:round|revision|edit)|a round|/[ \t]?(?:次|轮|round))", IA
)
# a barter said of one part of the deal only: "图文那边没有达人稿费预算", "no paid influencer
# budget for stories"
BARTER_PART_BEFORE = re.compile(
    # (or of one platform: "抖音那边没有达人稿费预算", "no paid influencer budget for TikTok")
    r"(?:图文|视频|笔记|直播|探店|抖音|小红书|快手|视频号|微博|B站|stories|story|posts?|reels?|"
    r"tiktok|instagram|IG|youtube)"
    r"(?:那边|这边|的话|部分|这块|方面)[ \t]?(?:我们|这边)?(?:暂时|目前|这次)?[ \t]?$",
    IA,
)
BARTER_PART_AFTER = re.compile(
    r"[ \t]?(?:for|on)[ \t](?:the[ \t])?"
    r"(?:stories|story|posts?|photos?|images?|reels?|videos?|tiktok|instagram|IG|youtube)"
    r"(?![a-z])",
    IA,
)
# the creator's own quote in her own words ("报价600/篇", "my rate is $250"): said by "我"
OWN_QUOTE_BEFORE = re.compile(
    # "my rate for one video note is $380": a kind and a count between the word and the amount
    r"(?:报价|(?<![a-z])(?:rate|quote)(?:[ \t]?(?:is|是))?)[^\n。.!?！？]{0,24}$",
    IA,
)
OWN_QUOTE_REACH = 34  # "my rate for one video note is ": the word this far before the amount
FIRST_PERSON = re.compile(r"我是|我的|(?<![a-z])(?:I'm|I am|my)(?![a-z])", IA)
# a figure said to be the wrong one: "每条是 2.5k 不是 3k", "the fee is $450, not $540"
REJECTED_BEFORE = re.compile(
    r"(?:不是|而不是|并非|而非|(?<![a-z])not|instead of|rather than|"
    # the figure a new one replaces: "$350 for the video (up from $250)" (r32)
    r"(?<![a-z])(?:up|down|raised|increased|increasing|lowered|reduced) from)[ \t]?$",
    IA,
)
# a change from one figure to another, no range: "Rate went up from $300 to $400", "we're
# increasing from $300 to $400" (attack review r32b)
CHANGED_FROM_BEFORE = re.compile(
    r"(?<![a-z])(?:up|down|raised|increased|increasing|lowered|reduced) from[ \t]?$", IA
)
# a measure of the product sent: "正装 100ml", "12 × 15g", "120 x 60 cm", "14 kg"
MEASURE_AFTER = re.compile(
    r"[ \t]?(?:[×xX*][ \t]?\d{1,4}(?:\.\d{1,2})?[ \t]?)?"
    r"(?:ml|l|g|kg|mg|oz|cm|mm|inch(?:es)?|毫升|升|克|千克|公斤|斤|厘米|毫米|寸|英寸|片|粒|色)(?![a-z])",
    IA,
)
# a shop's price per item of a product ("retail 价 ¥199/件", "$38 a bottle", "59 元/盒"): what a
# product is worth (times the count sent), never the fee
GOODS_ZH = "件|瓶|盒|罐|袋|包|双|只|台|箱|支(?![ \t]?(?:视频|video|vlog|广告|片))"
GOODS_EN = r"bottle|box|jar|pack|piece|pair|set|tube|bag|can|unit|item"
PER_ITEM_AFTER = re.compile(
    rf"[ \t]?(?:/[ \t]?|每|一|per[ \t]|an?[ \t]|each[ \t]?/?[ \t]?)"
    rf"(?P<u>{GOODS_ZH}|(?:{GOODS_EN})(?:e?s)?(?![a-z]))",
    IA,
)
# the creator's own quote ("你报的价格是图文800/篇", "your rate of $500"), turned down by a
# barter-only answer after it ("暂时只能做纯置换", "we can only offer a gifted collaboration")
CREATOR_QUOTE_BEFORE = re.compile(
    r"(?:你|您)[ \t]?(?:报的|的报价|提的|quote[ \t]?的|报价)|your (?:rate|quote|ask)|you quoted", IA
)
BARTER_ONLY = re.compile(
    r"纯置换|(?:只|仅)(?:能|可以|会)?(?:做|先做|接受|提供|走)?(?:纯)?置换|"
    r"product[ -]only|gift(?:ed)?[ -]only|"
    # "we don't have a paid budget right now", "这次没有 paid budget", "暂时没有稿费预算"
    # "we don't have a paid influencer budget", "暂时没有达人稿费预算": whose budget it would be
    r"(?:don't|do not|doesn't|no)[ \t](?:have[ \t])?(?:a[ \t]|any[ \t])?(?:paid|cash)[ \t]"
    r"(?:(?:creator|influencer|collab|collaboration|partnership|KOL|KOC)[ \t])?budget|"
    r"没有[ \t]?(?:达人|博主|KOC|KOL|合作)?(?:paid[ \t]budget|稿费预算|现金预算|付费预算)|"
    r"(?:can|could) only (?:offer|do) (?:you )?(?:a |an )?(?:gifted|product|free|gift|barter)",
    IA,
)
PER_UNIT_BEFORE = re.compile(
    # "Fee per creator: ¥900" is one creator's whole fee, not a price per piece
    r"(?:每篇|单篇|每条|单条|每个|每场|一篇|一条|每支|单支|each|"
    r"per\s(?!(?:creator|person|influencer|head|participant|blogger|koc|kol)s?\b)\w+)"
    # "每篇图文 ¥300", "每条视频1000": the kind between the unit and the amount
    r"(?:\s?(?:图文笔记|视频笔记|图文|视频|笔记|image post|video|post))?"
    # "每篇稿费九百元": the fee word between the unit and the amount; "每条调到 ¥1,000"
    r"\s?(?:稿费|费用|报价|价格|fee|rate)?\s?(?:是|为|is)?\s?[:：]?\s?"
    r"(?:调到|涨到|加到|改到|提到|改成|降到|给到)?\s?$",
    IA,
)
PER_UNIT_AFTER = re.compile(
    r"^\s?(?:/\s?(?:篇|条|个|场|post|video|reel)|一篇|一条|每篇|每条|each|apiece|"
    # "那就450×2篇": the price of one, times the count
    r"[×xX*]\s?(?:\d{1,2}|[一二两三四五六七八九十])\s?(?:篇|条|场|支|posts?\b|videos?\b)|"
    r"per\s(?:post|video|reel|note|piece|image post|photo post|image note|video note|live|stream)|"
    r"a post|a video|for (?:each|every) (?:post|video|reel|note|piece|one))",
    IA,
)
TOTAL_BEFORE = re.compile(
    r"(?:共|合计|共计|一共|总共|总价|总计|总预算|总费用|打包价|打包|package price|total|in total|=|"
    r"altogether)"
    r"\s?(?:fee|budget)?\s?[:：是为]?\s?$",
    IA,
)
PRICE_OVER_UNITS = re.compile(
    r"\s?/\s?(?:\d{1,3}|[一二两三四五六七八九十])\s?(?:条|篇|个|支|场|posts?|videos?|reels?)", IA
)
PLUS_ADDS = re.compile(
    r"\s?(?:\d|[¥$€£]|product|free|gift|commission|bonus|affiliate|perks?|travel|佣金|提成|产品|"
    r"寄样|样品|赠品|分成|奖励|返点|销售|车费|车马费|报销|礼盒|包邮|新品|饮品|券|代金券|礼品|礼包|"
    r"周边|小样|正装|套装|voucher|coupon|gift card|merch|samples?)",
    IA,
)
WORD_AFTER_PLUS = re.compile(r"[ \t]?(?:[A-Za-z]|[\u4e00-\u9fff])")
FLOOR_AFTER_PLUS = re.compile(
    r"[ \t]?(?:per\b|each\b|a (?:post|video|reel)|for\b|depend|based|negotiable|neg\b|dep\b|"
    r"or\b|and up|if\b|起|看|可谈|可议|可商量|可聊|根据|视|按|每|单|一篇|一条|元|块|左右|以上)",
    IA,
)
PRICE_FOR = re.compile(
    r"\s?(?:/\s?|per\s|each\s|for\s(?:the\s|each\s|one\s|a\s|your\s)?|一|每)?\s?", IA
)
# (not a change: "$350 for the video (up from $250)", r32)
FROM_BEFORE = re.compile(
    r"\b(?:(?<!up )(?<!down )(?<!raised )(?<!increased )(?<!lowered )from|starting (?:at|from)|"
    r"starts at|rates? start at)\s?$",
    IA,
)
# a count times a price written out before the amount: "4 × $150", "3×350", "2 x ¥600"
COUNT_TIMES_BEFORE = re.compile(
    r"(?<![\d.,])(?P<n>\d{1,2}|[两二三四五六七八九十])[ \t]?"
    # the count's unit or kind between it and the sign: "2篇×300", "3条 × 400", "2 posts x ¥500"
    r"(?:(?:篇|条|个|场|支|期|(?:image |video )?(?:posts?|videos?|notes?|reels?))[ \t]?)?"
    r"[×xX*][ \t]?$",
    IA,
)
# a part added to the fee named just before it on the same line: "+ 合作码授权费", "另加", "图文
# 另外", "plus"; a label of at most 12 characters between the cue and the amount, never a
# bonus, a commission, goods or travel (those are not the fee)
ADDON_BEFORE = re.compile(
    r"(?:[+＋]|(?<![a-z])plus|另加|另外加|另外再加|另外|额外加|额外|再加|加上)[ \t]?"
    r"(?:(?![^\n]{0,12}?(?:奖|bonus|佣金|提成|返点|worth|价值|车|travel|报销|押金|deposit|产品|product|扣|寄|送))"
    r"[^\n\d+＋¥$€£，,。;；!！?？()（）]{0,12}?)?"
    r"[ \t]?[:：]?[ \t]?(?:给|是|为)?[ \t]?\Z",
    IA,
)
ADDON_REACH = 30  # the cue and the fee before it are this close
# what a sum after an amount says it is: sales made, or a cost the brand pays itself
NOT_HER_MONEY_AFTER = re.compile(
    r"[ \t]?(?:(?:in|of) (?:sales|revenue)\b|的?(?:销售额|销量|GMV)|"
    r"[，,]?[ \t]?由我们(?:来)?(?:出|承担|付))",
    IA,
)
# the rest of an add-on's line asks: "+¥200 行吗？", "+$100 for usage rights?"
ASKED_AFTER = re.compile(r"[^\n?？。！!]{0,24}(?:[?？]|吗)")
# the marketplace's share worked out after its rate: "GigHub service fee (10%): -$40"
PLATFORM_SHARE_BEFORE = re.compile(
    r"(?:service|platform) fee[ \t]?[(（]\d{1,2}(?:\.\d{1,2})?[ \t]?%[)）][ \t]?[:：=]?[ \t]?"
    r"[-−–]?[ \t]?(?:[$¥€£]|US\$|USD|RMB)?[ \t]?$",
    IA,
)
STRONG_ADD = re.compile(r"[+＋]|另加|另外加|另外再加|额外加|再加")
# …but not a plus on a line about something else: a phone's country code, what the brand pays
# for shipping, sales or views (attack review r32: "有问题联系我 +86 138 0013 8000", "运费另加¥20由
# 我们出", "your last post got +$2,000 in sales")
FAR_ADD_NOT = re.compile(
    r"运费|邮费|快递|shipping|postage|parking|travel|车费|路费|报销|reimburs|\bsales\b|销售|GMV|"
    r"\bviews\b|播放|粉丝|followers|由我们|我们(?:出|承担|来付)|on us\b|"
    r"we(?:'ll)? (?:cover|pay for)",
    IA,
)
# a licence asked for on top, between the fee and the added amount: "另外想加一个素材授权 30 天，
# +¥300", "plus usage rights for 90 days, +$200"
LICENCE_ADDED = re.compile(
    r"(?:另外|额外|再|还)(?:想|要|需要)?加[^\n。！？!?；;]{0,8}?(?:授权|版权|使用权)|"
    r"\b(?:add|plus|also)\b[^\n.!?;]{0,16}?\b(?:licen[cs]e|licensing|usage|whitelisting)\b",
    IA,
)
LICENCE_ADDON_REACH = 60
# an add-on left to her after its amount: "+¥300，不加也行", "+$200, but no need if you'd rather
# not" — optional, not summed into the fee
OPTIONAL_AFTER = re.compile(
    r"[^\n。.!?！？]{0,24}?(?:可选|选配|不加也行|不加也可以|不加也没关系|不要也行|不需要也行|"
    r"看你需不需要|看你要不要|optional|no need|if you(?:'d)? (?:rather|prefer)|up to you)",
    IA,
)
ADDON_CUE_CHARS = "+＋另额再加"  # every ADDON_BEFORE cue but "plus" holds one
# what an added amount is for, said after it: a result ("plus $200 if it hits 100k views"), a
# deposit, travel, shipping, goods or a gift ("另外 ¥200 车马费", "另外 500 元押金") — never the fee
ADDON_NOT_FEE_AFTER = re.compile(
    r"[^\n。.!?！？;；，,]{0,24}?(?:(?<![a-z])(?:if|when|once|after|as soon as)\b|的话|"
    r"押金|deposit|车马|路费|travel|shipping|postage|邮费|运费|报销|reimburs|产品|product|样品|"
    r"奖|bonus|红包|gift|(?P<alt>二选一|任选|either\b))",
    IA,
)
# a figure said again later in a thread, in place of the one before it: "确认下来是 1.2k",
# "单价 900 → 1100", "actually, 850", "updated to 2k" (the clause before the amount)
# a kind named alone right before its price in a list of prices: "fee：image ¥1.5k，video ¥2.5k"
PRICE_KIND_WORDS = {
    "image": "image_note",
    "photo": "image_note",
    "图文": "image_note",
    "video": "video_note",
    "reel": "video_note",
    "视频": "video_note",
    "live": "live",
    "直播": "live",
}
KIND_WORD_BEFORE = re.compile(
    r"(?P<w>(?<![A-Za-z])(?:image|photo|video|reel|live)|图文|视频|直播)"
    r"[ \t]?[:：]?[ \t]?(?:[¥$€£]|RMB|CNY|USD)?[ \t]?$",
    IA,
)
# a correction, then the right figure: "更正：稿费写错了！是", "报酬打错了！应该是", "报价填错了🙈
# 应该是", "I typed the fee wrong above, it should be"
CORRECTED_TO = re.compile(
    r"(?:更正|纠正|勘误|写错|打错|填错|输错|correction|typo|"
    r"(?<![a-z])(?:typed|put|wrote|entered)[ \t](?P<what>[^\n]{0,12}?)[ \t]wrong)[^\n]{0,20}?"
    r"(?:是|为|应为|应该是|is|should be)[ \t]?$",
    IA,
)
CORRECTED_REACH = 44  # "I typed the fee wrong above, it should be ": this far before the figure
# the end of the last sentence before a correction ("…5月30日前发布。抱歉房间号填错了")
SENTENCE_STOP = re.compile(r"[。！？!?；;]|\.\s")
# words around a correction that name nothing corrected: "不好意思填错了", "Oops, I typed it
# wrong above" (what is left, "房间号", "邀请码", "the PO", names a thing other than the fee)
CORRECTION_FILLER = re.compile(
    r"(?:不好意思|抱歉|对不起|刚才|刚刚|上面|前面|之前|这里|这边|那个|我们|我|了|的|"
    r"(?<![a-z])(?:sorry|oops|i|it|that|this|the|my|above|earlier|number|amount|figure)(?![a-z])|"
    r"[\s,，、:：~～!！.…()（）\[\]【】\-—]|[^\w\s])+",
    re.I,  # (not ASCII: 房间号 is a word)
)
PAID_IS_BEFORE = re.compile(r"(?:给的是|给到|定的是|确认(?:下来)?(?:的)?是)[ \t]?$")
REVISED_BEFORE = re.compile(
    r"(?:给的是|定的是|确认(?:下来)?(?:的)?是|其实是|改成|改为|调整为|调整到|调到|涨到|降到|变成|变为|"
    r"→|->|(?<![a-z])(?:updated|changed|revised|bumped|raised|lowered) to|(?<![a-z])actually|"
    r"(?<![a-z])approved)[ \t]?$",
    IA,
)
TOTAL_AFTER = re.compile(r"^\s?(?:\(?total\)?|一共|in total|totally|totaly|总共|合计)", IA)


@dataclass
class Money:
    amount: Decimal
    start: int
    end: int
    currency: str | None
    per_unit: bool
    total: bool
    floor: bool
    unit_hint: str | None
    kind: str | None = None  # the deliverable this price sits right after ("图文1篇1500")
    monthly: bool = False  # a price per month ("月费¥4,000/月", "$800/month")
    counted: bool = False  # said for a counted deliverable ("A$400 for two image posts")
    by_kind: bool = False  # named by its kind alone ("image ¥1.5k，video ¥2.5k"): a price per piece
    # a part added once to a price per piece ("每条 ¥1200 共 2 条，另加授权费 ¥300"): on the total
    extra: Decimal = Decimal(0)
    # the kinds of a package the price is said for, when it names two or more joined ("$450 for
    # the reel and one photo post", "1 reel + 2 image posts for $450"); else empty
    package: tuple[str, ...] = ()


# what joins the deliverables of one package: a plus or an and, never a comma (a list of prices,
# "1篇图文+1条视频，图文800，视频1500", names each kind's own)
PACKAGE_JOINER = re.compile(r"\s*(?:[+＋]|and|和|加|&|plus|以及|及|跟)\s*", IA)
PACKAGE_READ = 6  # deliverables read on either side of the one a price is said for, at most


def joined_kinds(s: str, by_start: list[Mention], k: int) -> tuple[str, ...]:
    """The kinds of the deliverables joined to by_start[k] ("1 reel + 2 image posts", "the reel
    and one photo post"), when there are two kinds or more; else ()."""

    def joined(a: int, b: int) -> bool:
        return 0 <= b - a <= 12 and PACKAGE_JOINER.fullmatch(s[a:b]) is not None

    lo = hi = k
    while lo > 0 and k - lo < PACKAGE_READ and joined(by_start[lo - 1].end, by_start[lo].start):
        lo -= 1
    while (
        hi + 1 < len(by_start)
        and hi - k < PACKAGE_READ
        and joined(by_start[hi].end, by_start[hi + 1].start)
    ):
        hi += 1
    kinds = tuple(dict.fromkeys(x.kind for x in by_start[lo : hi + 1]))
    return kinds if len(kinds) >= 2 else ()


@lru_cache(maxsize=256)  # a flood of "¥1¥1…" asked 10,000 times for the same marker
def currency_code(marker: str | None) -> str | None:
    if not marker:
        return None
    for pattern, code in CURRENCY_OF:
        if re.fullmatch(pattern, marker, IA):
            return code
    return None


PER_MONTH_AFTER = re.compile(r"\s?(?:/\s?月|/\s?month|/\s?mo\b|per month|a month|每月|每个月)", IA)
PER_MONTH_BEFORE = re.compile(
    r"(?:月费|每月|每个月|monthly(?:\sfee|\srate|\sretainer)?|per month)\s?"
    r"(?:的)?(?:费用|稿费|预算|报酬)?\s?(?:是|为)?\s?[:：]?\s?"
    r"(?:加到|涨到|调到|改到|提到)?\s?$",
    IA,
)
# how many months a monthly fee runs ("连续3个月", "for 3 months")
MONTHS_RUN = re.compile(
    r"(?:连续|持续|为期|合作期|共|for|over)\s?[:：]?\s?(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3}|two|three|four|"
    r"five|six|twelve)\s?(?:个)?\s?(?:consecutive\s|straight\s)?(?:月|months)",
    IA,
)


BARE_ANSWER = re.compile(
    r"\s?(?:[^\s:：|]{1,16}\s?[:：])?\s?(?:那就|那|就|行|好|好的|可以|ok|okay|deal|agreed|fine)?\s?"
    r"(?:at\s)?\|\s?"
    r"(?:吧|呢|啊|呀|哈|嘛|可以吗|行吗|好吗|ok吗|可以|行|成交|就这么定|定了|then|it is|deal|ok)?"
    r"\s?[?？!！~～。.]*\s?",
    IA,
)
APPROX_BEFORE = re.compile(
    r"(?:\b(?:around|about|approximately|approx\.?|roughly|circa)|大概|大约|差不多|约)\s?$", IA
)
# expenses paid back are no fee: "报销来回高铁票（大概400）", "travel costs covered (~$80)"
EXPENSES = re.compile(
    r"报销|reimburs\w{0,12}|expenses? (?:covered|paid)|cover (?:your )?(?:travel|expenses)|"
    r"travel (?:costs?|expenses?) (?:covered|paid|reimbursed)",
    IA,
)
# the journey, at most 30 characters before the amount: "Flights (about $1,200)", "往返机票（约
# 2000 元）" (a stay hosted is in kind); a sales figure or target 16 characters before it
JOURNEY_BEFORE = re.compile(
    # a tasting flight is wine or beer poured, no journey
    r"(?<![a-z])(?<!tasting )(?<!wine )(?<!beer )(?:flights?|airfare|train tickets?)\b|"
    r"机票|高铁票|火车票|差旅|路费",
    IA,
)
TARGET_BEFORE = re.compile(r"GMV|销售额|销量|KPI|(?<![a-z])sales\b", IA)
# paid by the brand, said after the amount: "(about $1,200) is on us", "（约 2000 元）我们承担"
EXPENSES_AFTER = re.compile(
    r"[^\n。!！?？.]{0,12}?(?:(?:is|are) on us|on the house|(?:we|we'll|we will) cover|"
    r"covered by us|我们承担|由我们承担|品牌承担|我们报销|我们负责|全包)",
    IA,
)
# a discount for the followers, not for the creator: "a $20 discount code", "满300减50", "8折"
FOLLOWER_DISCOUNT_AFTER = re.compile(
    r"[ \t]?(?:discount|off\b|promo(?:tion)? code|coupon code|优惠码|折扣码|立减)|[ \t]?减[ \t]?\d",
    IA,
)
# …or said before it: "下单立减15元", "满200减30", "下单再减20", "save $10"
FOLLOWER_DISCOUNT_BEFORE = re.compile(
    r"(?:立减|立省|直减|再减|满[ \t]?\d{1,5}[ \t]?元?[ \t]?减|优惠|便宜|\bsave)"
    r"[ \t]?[¥￥$]?[ \t]?$",
    IA,
)
# a price range: "1200-1500", "$300–$500", "3千到5千", "between $300 and $500"
RANGE = re.compile(
    # (no line break before the dash: "+£150\n- £500 in total" is a list, not a range, r32)
    rf"(?P<btw>\b(?i:between)\s)?(?P<pa>{CUR_PRE})?\s?(?P<a>{NUM})(?P<ma>{MULT})?"
    rf"[ \t]?(?P<qa>{CUR_POST})?"
    rf"[ \t]?(?:-|–|—|~|～|到|至|\b(?i:to)\b|(?(btw)\b(?i:and)\b|(?!)))"
    rf"\s?(?P<pb>{CUR_PRE})?\s?(?P<b>{NUM})(?P<mb>{MULT})?"
    rf"(?:\s?(?P<qb>{CUR_POST}))?",
)
RANGE_NOT_MONEY_AFTER = re.compile(
    r"\s?(?:s\b|秒|天|日|号|月|年|周|小时|分钟|粉|篇|条|个|场|次|轮|%|w粉|k粉|"
    r"days?|weeks?|months?|years?|rounds?|followers|fans|posts?|videos?|sec|min|am\b|pm\b|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    IA,
)


def find_range(s: str, m: re.Match[str]) -> tuple[Decimal, int, str | None] | None:
    """A price range starting where the money match m starts: (the low end, where the range
    ends, its currency). The low end is what the brand will pay at least: a floor."""
    between = re.search(r"\bbetween\s$", s[max(0, m.start() - 8) : m.start()], IA)
    r = RANGE.match(s, m.start() - (len(between.group(0)) if between else 0))
    if r is None or r.start("a") != m.start("num"):
        return None
    if CHANGED_FROM_BEFORE.search(s, max(0, r.start() - 16), r.start()):
        return None  # "went up from $300 to $400": the old figure and the new
    low = amount_of(r.group("a"), r.group("ma") or r.group("mb"))
    high = amount_of(r.group("b"), r.group("mb"))
    if low is None or high is None or not (50 <= low < high <= low * 10):
        return None
    if RANGE_NOT_MONEY_AFTER.match(s, r.end()):
        return None
    marker = r.group("pa") or r.group("qa") or r.group("pb") or r.group("qb")
    clause_start, _ = clause_bounds(s, m.start(), commas=False)
    near = s[max(clause_start, r.start() - 14) : r.start()]
    if not marker and not (r.group("ma") or r.group("mb")) and not FEE_BEFORE.search(near):
        return None
    return low, r.end(), currency_code(marker)


# a question about what the product sent is worth ("套装大概价值多少呀？", "外套 retail 多少呀？",
# "how much is the jacket worth?"): the first amount of the next line answers it
VALUE_QUESTION = re.compile(
    r"(?:价值|值|多少钱|零售价|售价|官网价|市场价|retail|worth|value|RRP)[^\n\d¥$€£]{0,10}?"
    r"(?:多少|几|[?？])|how much[^\n\d¥$€£]{0,30}?(?:worth|retail|cost)",
    IA,
)


def value_answers(s: str) -> list[tuple[int, int]]:
    """The lines answering a question about the worth of a product said to be sent before it."""
    out: list[tuple[int, int]] = []
    first_sent = SENT.search(s)
    if first_sent is None:
        return out
    for q in last_matches(VALUE_QUESTION.finditer(s, first_sent.end())):
        line_end = s.find("\n", q.end())
        if line_end < 0:
            continue
        next_end = s.find("\n", line_end + 1)
        out.append((line_end + 1, next_end if next_end >= 0 else len(s)))
    return out


# "（约 ¥160）", "(roughly AUD 260 retail)": an amount alone in brackets on a line that sends a
# product is its worth
BRACKET_OPEN = re.compile(
    r"[（(]\s?(?:共计|合计|总计|一共|总共|共|total|in total)?\s?"
    r"(?:约|大约|大概|约合|approx\.?|around|about|roughly|~)?\s?$",
    IA,
)
BRACKET_CLOSE = re.compile(r"\s?(?:retail|RRP|左右|in total|total|合计)?\s?[)）]", IA)
RETAIL_AFTER = re.compile(r"\s?(?:at\s)?(?:retail|RRP|MSRP)\b", IA)
# a price per item in brackets after a count of items sent: "送你 2 个 custom case（每个 ¥398）"
EACH_IN_BRACKET = re.compile(
    r"[（(]\s?(?:每个|每支|每件|每瓶|每盒|每套|每双|每只|每条|单价|each)\s?[:：]?\s?(?:约|价值)?\s?$",
    IA,
)
ITEM_COUNT = re.compile(
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十])\s?(?:个|支|件|瓶|盒|套|双|只|条|罐|袋)"
)
# an amount inside a bracket after goods sent, for one item or all of them: "寄2袋正装（一袋
# ¥99，共¥198）", "3罐试吃装（一罐¥45，合计¥135）"
GOODS_BRACKET = re.compile(
    rf"[（(][ \t]?(?:(?:一|每|单)[ \t]?(?:{GOODS_ZH}|个|份|套)|each|per (?:item|piece|bag|box|jar))"
    r"[^()（）\n]{0,20}$",
    IA,
)
GOODS_BRACKET_TOTAL = re.compile(
    r"(?:共计|合计|总共|一共|共|总价|总计|total|in total|altogether)"
    r"[ \t]?[:：]?[ \t]?(?:约|价值)?[ \t]?$",
    IA,
)
# a sample lent for the shoot: "样机价值 2999，拍完需寄回", "样机拍完需要寄回哦（价值1299）"
RETURNED = re.compile(
    r"(?<![不无免])(?:需要?|要|得|须|必须)(?:[^\n，,。]{0,4})?(?:寄回|退回|归还)|"
    r"(?:must|to) be returned|return (?:it|them|the \w+) after",
    IA,
)


# --- the role of an amount next to goods kept ---------------------------------------------------
# One check, consulted before an amount is read as a fee: an amount priced on goods that are
# sent or kept ("3 candles (USD 32 each), yours to keep", "×2（¥79/支），不用寄回", "（一个 ¥199）",
# "(about SGD 180 together)", "会寄一箱（官网 ¥88）") is what the goods are worth, never the fee;
# priced per item, it is multiplied by the count of items sent on its line, once.
GOODS_KEPT = re.compile(
    r"寄|送|置换|赠|归你|不用寄回|无需寄回|不用退|不用还|留着|自己喝|自己用|自用|"
    r"(?<![a-z])(?:gift(?:ed)?(?![ \t\-]?guides?\b)|send|sending|ship|sample|keep|yours)(?![a-z])|"
    r"(?:^|\n)[ \t]?(?:产品|赠品|寄样|样品|product|sample)[ \t]?[:：]",
    IA,
)
# the amount is one item's price: "(USD 32 each)", "¥45/瓶", "$60 a lamp"; or "一盒 ¥158", "每个"
GOODS_EACH_AFTER = re.compile(
    rf"[ \t]?(?:each|apiece|(?:/|一|每)[ \t]?(?:{GOODS_ZH}|个|套|份)|(?:/|per[ \t]|an?[ \t])"
    rf"[ \t]?(?:{GOODS_EN})\b)",
    IA,
)
GOODS_EACH_BEFORE = re.compile(
    rf"(?:(?<![\d两二三四五六七八九十])[一每单][ \t]?(?:{GOODS_ZH}|个|套|份)|(?<![a-z])each)"
    r"[ \t]?(?:约|价值|worth|valued at|retails? (?:at|for)|about|around|~|[:：])?"
    r"[ \t]?[¥￥$€£]?[ \t]?$",
    IA,
)
# the amount is the lot: "两盒二百四", "(about SGD 180 together)", "共¥198"
GOODS_LOT_BEFORE = re.compile(
    rf"(?:(?:\d{{1,2}}|[两二三四五六七八九十])[ \t]?(?:{GOODS_ZH}|个|套|份)|共|合计|一共|总共|"
    r"(?<![a-z])(?:total|in total))[ \t]?(?:约|价值|[:：])?[ \t]?[¥￥$€£]?[ \t]?$",
    IA,
)
GOODS_LOT_AFTER = re.compile(r"[ \t]?(?:together|in total|total|altogether|合计|总共)", IA)
GOODS_BRACKET_OPEN = re.compile(r"[（(][^()（）\n\d]{0,30}$")
GOODS_BRACKET_SHUT = re.compile(r"[^()（）\n\d]{0,16}[)）]")
# how many items are sent: "×2", "x 3", "3 candles", "Two bottles", "send 2", "两瓶"
GOODS_COUNT = re.compile(
    r"(?:[×xX*][ \t]?(?P<x>\d{1,2})(?![\d.])|"
    r"(?:send|ship|get|receive)[ \t](?:you[ \t])?(?P<v>\d{1,2}|two|three|four|five|six)(?![\w.])|"
    rf"(?P<z>\d{{1,2}}|[一两二三四五六七八九十])[ \t]?(?:个[ \t]?)?(?:{GOODS_ZH}|套|份|罐|个)|"
    r"(?<![\w.,$¥€£])(?P<e>\d{1,2}|two|three|four|five|six)[ \t]"
    r"(?!(?:new[ \t])?(?:image|video|photo|posts?|notes?|reels?|days?|weeks?|months?|rounds?|"
    r"looks?|years?|hours?|min)\b)(?:[a-z]+[ \t]){0,2}?(?:[a-z]+s)\b)",
    IA,
)


def goods_worth(s: str, start: int, end: int, num_start: int, ends: list[int]) -> int | None:
    """The count to multiply by when the amount s[start:end] is the worth of goods sent or kept
    (1 for a lot or a single item), None when it plays another role. The amount must be priced
    on goods (per item, as a lot, or alone in a bracket) and have a goods cue on its line: before
    it with no deliverable named in between, or right after it ("…each) are yours to keep")."""
    la, lb = clause_bounds(s, start, commas=False)
    lead = s[max(la, num_start - 40) : num_start]
    each = GOODS_EACH_BEFORE.search(lead) or GOODS_EACH_AFTER.match(s, end)
    lot = GOODS_LOT_BEFORE.search(lead) or GOODS_LOT_AFTER.match(s, end)
    opened = GOODS_BRACKET_OPEN.search(s, max(la, start - 30), start)
    bracket = opened is not None and GOODS_BRACKET_SHUT.match(s, end, lb) is not None
    if not (each or lot or bracket):
        return None
    # the latest thing named before the amount on its line: goods sent, or a deliverable (then
    # the amount is that deliverable's price: "two image posts, ¥650 each, I'll send…")
    cues = list(GOODS_KEPT.finditer(s, max(0, la - 1), start))
    cue_at = cues[-1].end() if cues else -1
    k = bisect_right(ends, start) - 1  # the deliverable named last before the amount
    if k >= 0 and ends[k] >= la and ends[k] > cue_at:
        return None
    if cue_at < 0 and GOODS_KEPT.search(s, end, min(lb, end + 28)) is None:
        return None
    if each is None or (lot is not None and GOODS_LOT_BEFORE.search(lead)):
        return 1
    mark = each.start() + max(la, num_start - 40) if each.re is GOODS_EACH_BEFORE else start
    # a count of one ("1.8kg一包", "每月寄 1 箱") restates the unit: the nearest larger count wins
    for c in reversed(list(GOODS_COUNT.finditer(s, max(la, mark - 120), mark))):
        n = small_int(c.group("x") or c.group("v") or c.group("z") or c.group("e"))
        if n is not None and 2 <= n <= 50:
            return n
    return 1


# compiled once: find_money looks at every number of a 20,000-character paste
# 粉 alone is a follower count ("1w粉", "万粉"), not a powder ("蜜粉", "散粉")
METRIC_BEFORE = re.compile(
    r"粉丝|(?<![蜜散气底腮彩眉香奶])粉(?![底饼扑刷])|followers|fans|订阅|赞藏|点赞|收藏|评论|"
    r"互动|播放|阅读|曝光|数据|views|likes|"
    r"impressions|engagement|CPM|CPE",
    IA,
)
VALUE_AFTER = re.compile(
    r"\s?(?:in\s)?(?:value|worth)\b|\s?(?:retail\s)?value\b|"
    # "a $60 gift card", "¥100代金券": a voucher given is worth its face value
    # "200元京东卡", "¥300 咖啡储值卡", "100元优惠券" (打卡 is a check-in)
    r"\s?的?\s?(?:gift card|gift voucher|voucher|store credit|"
    r"[\u4e00-\u9fff]{0,4}(?<![打刷])卡(?![\u4e00-\u9fff])|[\u4e00-\u9fff]{0,3}(?:代金|优惠|礼)券)",
    IA,
)
CN_NUM_RUN = re.compile(CN_NUM + "+")
CN_UNIT_CHAR = re.compile("[十拾百佰千仟万]")
FOLLOWER_MULT_AFTER = re.compile(r"\s?(?:w|万|k)\s?\+?\s?粉", IA)


def extra_round_price(s: str, a: int, b: int) -> bool:
    """The amount at s[a:b] is the price of each revision round beyond those included."""
    sa, _ = sentence_bounds(s, a)
    lo = max(sa, a - EXTRA_ROUND_REACH)
    extra = last_matches(EXTRA_ROUND.finditer(s, lo, a))
    if not extra:
        return False
    if FREE_ROUND.search(s, extra[-1].start(), a) or PER_PIECE_AFTER.match(s, b):
        return False
    return (
        PER_ROUND_BEFORE.search(s, extra[-1].end(), a) is not None
        or PER_ROUND_AFTER.match(s, b) is not None
    )


def far_add_refused(s: str, a: int, b: int) -> bool:
    """Whether the words around a plus and its amount (a..b), on their line and at most 60
    characters either side, say it adds nothing to the fee (FAR_ADD_NOT)."""
    start = max(s.rfind("\n", max(0, a - 60), a) + 1, a - 60, 0)
    stop = s.find("\n", b, b + 60)
    return FAR_ADD_NOT.search(s, start, b + 60 if stop < 0 else stop) is not None


def find_money(s: str, mentions: list[Mention] | None = None) -> tuple[list[Money], list[Money]]:
    many_read: list[bool] = []

    def many_places() -> bool:
        """The message counts two creators or more, or places to fill (read once)."""
        if not many_read:
            many_read.append(creators_counted(s) or PLACES_COUNT.search(s, 0, 4000) is not None)
        return many_read[0]

    """Fee candidates and product-value candidates, in text order."""
    fees: list[Money] = []
    values: list[Money] = []
    takes: list[Money] = []  # her take alone, said to be after the cut (r31)
    answers = value_answers(s)
    answered: set[int] = set()
    shop_prices: list[Money] = []
    range_end = -1
    by_end = sorted(mentions or [], key=lambda x: x.end)
    ends = [x.end for x in by_end]
    by_start = sorted(mentions or [], key=lambda x: x.start)
    starts = [x.start for x in by_start]
    at_start = {id(x): i for i, x in enumerate(by_start)}  # by_start.index read 2,500 times: 1.6 s
    for m in MONEY.finditer(s):
        num = m.group("num")
        start, end = m.start(), m.end()
        if m.group("pre") is None:
            start = m.start("num")
        if start < range_end:
            continue  # the high end of a range already read
        ranged = find_range(s, m)
        if ranged is not None:
            low, range_end, range_currency = ranged
            if FOLLOWERS_BEFORE_RANGE.search(s[max(0, m.start() - 12) : m.start()]):
                continue  # "粉丝 5k-5w": a follower range, not a fee range
            if not VALUE_BEFORE.search(s[max(0, m.start() - 24) : m.start()]):
                fees.append(Money(low, start, range_end, range_currency, False, False, True, None))
            continue
        # a lone 一/两 is a count (一篇); Chinese amounts need a unit (千, 百, 万)
        if CN_NUM_RUN.fullmatch(num) and (
            not CN_UNIT_CHAR.search(num) or num in ("千", "百", "万", "十")
        ):
            continue
        amount = amount_of(num, m.group("mult"))
        if amount is not None and m.group("tail"):
            place = amount_of("1", m.group("mult")) or Decimal(1)
            amount += int(m.group("tail")) * place / 10
        if amount is None or amount <= 0:
            continue
        before = s[max(0, m.start("num") - 14) : m.start("num")]
        pre, post = m.group("pre"), m.group("post")
        after_pos = m.end("tail") if m.group("tail") else m.end("num") + len(m.group("mult") or "")
        after = s[after_pos : after_pos + 12]
        if NOT_MONEY_BEFORE.search(s[max(0, m.start() - 12) : m.start()]) and not pre:
            continue
        # "8千/2条": the price of that many deliverables together
        over_units = PRICE_OVER_UNITS.match(after) is not None
        if (
            not post
            and not m.group("plus")
            and not over_units
            and NOT_MONEY_AFTER.match(after)
            # "图文1篇 ¥700 月底前发": a marked amount before a date word is money (r30); bare,
            # "5 月底前" is the date
            and not (pre and MONTH_PART_AFTER.match(after))
        ):
            continue
        if (
            not pre
            and not post
            and SALES_DAY.fullmatch(m.group("num"))
            and SALES_DAY_AFTER.match(after)
        ):
            continue  # "稿费800，618以后发": the sales day, not an amount
        if m.group("mult") is None and not pre and not post and FOLLOWER_MULT_AFTER.match(after):
            continue
        plus = m.group("plus")
        small_start, _ = clause_bounds(s, m.start())
        if (
            not (pre or post)
            and METRIC_BEFORE.search(s, small_start, m.start())
            # "按你的粉丝量他们给的是 2.5k": what they pay, said after the metric it depends on
            and not PAID_IS_BEFORE.search(s, max(0, m.start() - 10), m.start())
        ):
            continue
        if (
            plus
            and plus.strip() == "+"
            and re.match(r"\s?(?:粉|followers|fans)", s[end : end + 10])
        ):
            continue
        currency = currency_code(pre) or currency_code(post)
        clause_start, _ = clause_bounds(s, m.start(), commas=False)
        near = s[max(clause_start, m.start() - 14) : m.start()]
        qualifier = APPROX_BEFORE.search(s, max(clause_start, m.start() - 16), m.start())
        if qualifier:  # "budget's around 2k", "预算大概3千": the word before the qualifier
            near = s[max(clause_start, qualifier.start() - 14) : qualifier.start()]
        corrected = CORRECTED_TO.search(s, max(0, m.start() - CORRECTED_REACH), m.start())
        if corrected is not None:
            # "更正：稿费写错了！是三千五百", "报酬打错了！应该是1800": the fee word before the
            # exclamation that closed the clause names what is corrected — but no word of the
            # sentence before the correction's ("稿费1500元。抱歉房间号填错了，应该是1208": the
            # room number is corrected, not the fee)
            line_start = s.rfind("\n", max(0, m.start() - CORRECTED_REACH), m.start()) + 1
            line_start = max(line_start, m.start() - CORRECTED_REACH)  # (0 on a long line)
            stops = last_matches(SENTENCE_STOP.finditer(s, line_start, corrected.start()))
            own = max(line_start, stops[-1].end() if stops else 0)
            what = corrected.group("what")
            if what is None:  # 房间号填错了: the thing is said before the word
                what = s[max(own, corrected.start() - 12) : corrected.start()]
            if LABEL_NAMES_FEE.search(s, own, m.start()) or CORRECTION_FILLER.sub("", what):
                line_start = own  # its own sentence names the fee, or a thing of its own
            near = s[line_start : m.start()]
        near_short = s[max(clause_start, m.start() - 6) : m.start()]
        if not pre and not post and MONTH_AFTER.match(after):
            continue  # "by 22 Dec": a day of the month
        if (
            VALUE_AFTER.match(s[end : end + 16])
            or WAIVED_AFTER.match(s, end)
            or (
                (pre or post)  # "(~€280 for the 2 nights)": the 2 is no worth
                and WAIVED_BRACKET_OPEN.search(s, max(0, m.start() - 60), m.start())
                and WAIVED_BRACKET_SHUT.match(s, end)
            )
        ):
            # "(around €140 value)": what the product is worth
            values.append(Money(amount, start, end, currency, False, False, False, None))
            continue
        if (
            (currency or amount >= 10)
            and not (FEE_BEFORE.search(near) and not VALUE_BEFORE.search(near))
            and not (not pre and not post and MEASURE_AFTER.match(s, after_pos))
            and not re.match(r"[A-Za-z]", s[start - 1 : start])  # "Air3 一台": a model
        ):
            n_goods = goods_worth(s, start, end, m.start("num"), ends)
            if n_goods is not None:
                # "Two bottles (USD 38 each) are yours to keep": the goods' worth, counted once
                values.append(
                    Money(amount * n_goods, start, end, currency, False, n_goods > 1, False, None)
                )
                continue
        grossed = False
        if NET_PAYOUT_BEFORE.search(s[max(0, m.start() - 16) : m.start()]):
            cut = CUT_AFTER_NET.match(s, end)
            pct = Decimal(cut.group("n")) if cut else Decimal(0)
            if not 0 < pct < 100:
                if TAKE_IS_THE_PRICE.match(s, end):
                    # "到手１６００（已经是扣完服务费给你的价）": her take is the price offered, no
                    # gross said: the fee, unless a gross is found (r31)
                    takes.append(Money(amount, start, end, currency, False, False, False, None))
                continue
            amount = (amount * 100 / (100 - pct)).quantize(Decimal("0.01"))
            grossed = True
        bonus = BONUS_BEFORE.search(s, max(0, m.start() - 16), m.start())
        if (
            bonus is not None
            and bonus.group("add")
            and not BONUS_CONDITION.search(
                s, max(0, bonus.start() - BONUS_CONDITION_REACH), bonus.start()
            )
        ):
            bonus = None  # "合作码授权另加100": an added fee, not a reward for a result
        if bonus is not None or BONUS_AFTER.match(s, end):
            continue  # "再加 bonus ¥300": a reward for a result, on top of the fee
        if CAMPAIGN_BUDGET_BEFORE.search(s[max(0, m.start() - 16) : m.start()]):
            continue  # "本次品牌总预算2万，招10位博主": the whole campaign's, shared by many
        if CAMPAIGN_BUDGET_MIXED_BEFORE.search(s[max(0, m.start() - 28) : m.start()]) and (
            many_places()
        ):
            continue  # "本次 campaign 总 budget：¥14,000" in a call for 40 creators
        if TOTAL_BUDGET_LABEL.search(s, max(0, m.start() - 28), m.start()) and creators_counted(s):
            continue  # "Total campaign budget: ¥48,000" in a call for 30 creators
        if shared_budget(s, start, end):
            continue  # "本次共招募15位博主，总预算3万": the campaign's, for all of them
        if AD_SPEND_BEFORE.search(s, max(0, m.start() - 20), m.start()):
            continue  # "每篇预计投放5000元左右": what the brand spends on ads
        goods = GOODS_BRACKET.search(s, max(0, m.start() - 30), m.start())
        if goods is not None:
            la, _ = clause_bounds(s, goods.start(), commas=False)
            if SENT.search(s, la, goods.start()) is not None:
                # "寄2袋正装（一袋¥99，共¥198）": the worth of the goods sent, all of them
                n = None
                g = goods.start()
                if not GOODS_BRACKET_TOTAL.search(s, max(g, m.start() - 10), m.start()):
                    counts = list(ITEM_COUNT.finditer(s, max(la, g - 40), g))
                    n = small_int(counts[-1].group("n")) if counts else None
                values.append(
                    Money(amount * (n or 1), start, end, currency, False, False, False, None)
                )
                continue
        answer = next((i for i, (la, lb) in enumerate(answers) if la <= m.start() < lb), None)
        if answer is not None and answer not in answered:
            answered.add(answer)
            values.append(Money(amount, start, end, currency, False, False, False, None))
            continue
        each = EACH_IN_BRACKET.search(s, max(0, m.start() - 12), m.start())
        if each is not None and BRACKET_CLOSE.match(s, end):
            la, _ = clause_bounds(s, m.start(), commas=False)
            if SENT.search(s, la, each.start()) is not None:
                # the count just before the bracket (bounded: a clause can be 20,000 characters)
                counts = list(ITEM_COUNT.finditer(s, max(la, each.start() - 40), each.start()))
                n = small_int(counts[-1].group("n")) if counts else None
                values.append(
                    Money(amount * (n or 1), start, end, currency, False, False, False, None)
                )
                continue
        if (
            BRACKET_OPEN.search(s, max(0, m.start() - 12), m.start())
            and BRACKET_CLOSE.match(s, end)
        ) or RETAIL_AFTER.match(s, end):
            la, lb = clause_bounds(s, m.start(), commas=False)
            # the line's own label ("Product: … (US$32)") or "keep it" right after the bracket
            close = BRACKET_CLOSE.match(s, end)
            if SENT.search(s, max(0, la - 1), m.start()) is not None or (
                close is not None and KEPT_AFTER.match(s, close.end())
            ):
                values.append(Money(amount, start, end, currency, False, False, False, None))
                continue
        per_item = None if plus or not (currency or amount >= 10) else PER_ITEM_AFTER.match(s, end)
        if (
            per_item is not None
            and not re.match(r"[A-Za-z]", s[start - 1 : start])  # "Air3 一台": a model
            and (
                not FEE_BEFORE.search(near)
                or VALUE_BEFORE.search(s, max(0, m.start() - 24), m.start())
            )
        ):
            # "retail 价 ¥199/件" with "寄 2 件" on its line or nearby: the worth of what is sent
            n = items_sent(s, m.start(), per_item.group("u"), per_item.end())
            if n is not None:
                values.append(Money(amount * n, start, end, currency, False, False, False, None))
            else:
                shop_prices.append(Money(amount, start, end, currency, False, False, False, None))
            continue
        value_word = VALUE_BEFORE.search(s[max(0, m.start() - 24) : m.start()])
        if value_word is not None:
            word = value_word.group(0).lower()
            sent_here = SENT.search(s[small_start : m.start()]) is not None
            shop = word.startswith(SHOP_PRICE) and "value" not in word  # "retail value $42"
            if not sent_here and shop:
                # "送一条项链，retail price ¥459", "you keep the machine (retail $179)": the
                # product sent is named on the same line, on either side of its price
                la, lb = clause_bounds(s, m.start(), commas=False)
                sent_here = SENT.search(s, la, lb) is not None
            if word.startswith(("价格",)) and not sent_here:
                pass  # 价格: a fee, unless a product is being sent in this clause
            elif shop and not sent_here:
                # the shop price of a product: its worth if the message sends it elsewhere
                shop_prices.append(Money(amount, start, end, currency, False, False, False, None))
                continue
            else:
                word_at = max(0, m.start() - 24) + value_word.start()
                n = per_item_count(s, word_at)
                values.append(
                    Money(amount * (n or 1), start, end, currency, False, False, False, None)
                )
                continue
        line_start = s.rfind("\n", max(0, m.start() - BONUS_LABEL_REACH), m.start()) + 1
        if line_start > 0 or m.start() <= BONUS_LABEL_REACH:
            label = BONUS_LABEL.match(s, line_start, m.start())
            if (
                label is not None
                and not LABEL_NAMES_FEE.search(label.group(0))
                and not (
                    INCENTIVE_ONLY.search(label.group(0))
                    and not INCENTIVE_ON_TOP.search(label.group(0))
                )
                and not NO_BONUS.search(label.group(0))
                and not NONE_SAID.match(s, label.end())
                and not LABEL_REACH_ENDS.search(s, label.end(), m.start())
            ):
                continue  # "Performance bonus: an extra $100 if …": the bonus's line (goods
                # listed on it with their worth were read as such above)
        if extra_round_price(s, m.start(), end):
            continue  # "further rounds are charged at $60 each": beyond the deal, not the fee
        if not currency and amount < 10:
            continue  # no price (read here, before the costlier checks below)
        per_before = PER_UNIT_BEFORE.search(before) or PER_UNIT_BEFORE.search(
            s[max(0, m.start() - 14) : m.start()]
        )
        if per_before and not pre and not post:
            lead = s[max(0, m.start("num") - len(per_before.group(0)) - 3) : m.start("num")]
            if re.search(r"(?:送|寄|赠|附赠)\s?[一1]\s?[条篇个支]", lead):
                continue  # "送一条 925 银项链": what is sent, counted, not a price
        per_after = PER_UNIT_AFTER.match(s[end : end + 16])
        total = (
            bool(TOTAL_BEFORE.search(near))
            or bool(TOTAL_AFTER.match(s[end : end + 12]))
            or over_units
        )
        # "800+" is a floor; "2万 + 10%佣金" and "$600 + product" add something to the fee
        after_plus = s[m.end("plus") : m.end("plus") + 14] if plus else ""
        floor = (
            bool(plus)
            and not (
                plus.strip() == "+"
                and (
                    PLUS_ADDS.match(after_plus)
                    # "+ the tin", "+ 新版小白瓶": a thing named after the plus is added to the fee;
                    # "800+/篇", "600+ (看数据)", "1500+ depending on data" stay floors
                    or (
                        WORD_AFTER_PLUS.match(s, m.end())
                        and not FLOOR_AFTER_PLUS.match(s[m.end() : m.end() + 14])
                    )
                )
            )
        )
        # "rates from $250", "from €90 per post", "starting at $400": the lowest price offered
        floor = (
            floor
            or bool(FROM_BEFORE.search(s[max(clause_start, m.start() - 14) : m.start()]))
            or s[end : end + 2].lstrip().startswith("起")  # "1500元起"
        )
        keyword = FEE_BEFORE.search(near) is not None or floor
        attached = None
        counted = False
        package: tuple[str, ...] = ()
        k = bisect_left(starts, end)
        if k < len(by_start) and PRICE_FOR.fullmatch(s[end : by_start[k].start]):
            # "€450 per image post, €900 for the video": the deliverable named right after
            attached = by_start[k].kind
            counted = by_start[k].quantity is not None
            package = joined_kinds(s, by_start, k)
        k = bisect_right(ends, m.start()) - 1
        if k >= 0 and attached is None:
            gap = s[ends[k] : m.start()]
            if len(gap) <= 8 and not re.search(r"[\n。!?！？;；]|\d", gap):
                attached = by_end[k].kind
                counted = by_end[k].quantity is not None
                package = joined_kinds(s, by_start, at_start[id(by_end[k])])
        # "fee：image ¥1.5k，video ¥2.5k", "图文 600": the kind's own price, for each one of it
        kind_word = KIND_WORD_BEFORE.search(s, max(0, m.start() - 12), m.start())
        if kind_word is not None and attached is None:
            attached = PRICE_KIND_WORDS.get(kind_word.group("w").lower())
        by_kind = kind_word is not None and not counted and attached is not None
        if (
            not keyword
            and fees
            and not currency
            and fees[-1].amount / 3 <= amount <= fees[-1].amount * 3
        ):
            # a thread: a number said on its own after prices were named ("我：2000吧",
            # "品牌：行，2000，就这么定") answers them
            ca, cb = clause_bounds(s, m.start())
            keyword = BARE_ANSWER.fullmatch(s[ca : m.start()] + "|" + s[end:cb]) is not None
            # "oh wait … 他们给的是 2.5k，不是 3k": the figure revised later in the thread
            revised = REVISED_BEFORE.search(s, max(0, m.start() - 16), m.start())
            keyword = keyword or revised is not None
        if EXPENSES.search(s, small_start, m.start()):
            continue  # travel paid back, not a fee (车马费 is one: the corpus reads it so)
        if PLATFORM_SHARE_BEFORE.search(s, max(0, m.start() - 40), m.start()):
            continue  # "GigHub service fee (10%): -$40": the marketplace's share (r32 review)
        if NOT_HER_MONEY_AFTER.match(s, end):
            continue  # "+$2,000 in sales for us", "运费另加¥20由我们出" (attack review r32)
        times = COUNT_TIMES_BEFORE.search(s, max(0, m.start() - 20), m.start())
        prev = fees[-1] if fees else None
        window = s[max(0, start - ADDON_REACH) : start] if prev is not None else ""
        addon = (
            ADDON_BEFORE.search(s, max(0, start - ADDON_REACH), start)
            # a cue's character in the window first (a plain scan, no regex): most amounts
            # have none, and an add-on adds only to a fee before it
            if any(c in window for c in ADDON_CUE_CHARS) or "plus" in window.lower()
            else None
        )
        if addon is not None and prev is not None:
            not_fee = ADDON_NOT_FEE_AFTER.match(s, end)
            if not_fee is not None and not_fee.group("alt") is None:
                continue  # "plus $200 if it hits 100k", "另外 ¥200 车马费": not the fee
            if not_fee is not None:
                addon = None  # "视频 ¥1500 + 图文 ¥800 二选一": one or the other, a conflict
            elif OPTIONAL_AFTER.match(s, end):
                continue  # "授权 30 天 +¥300，不加也行": an option she may take, not the fee
            elif (
                STRONG_ADD.match(addon.group(0))
                and "\n" in s[prev.end : addon.start()]
                and ASKED_AFTER.match(s, end)
            ):
                # "[我] 那授权的话 +¥200 行吗？", "could we do +$100 for usage rights?": an add-on
                # asked for later in a thread, not agreed: neither added nor the fee (r32 review)
                continue
        adds_to_prev = (
            (
                addon is not None
                and prev is not None
                and (
                    addon.start() - prev.end <= ADDON_REACH
                    # "¥1,500 for 1 short video，另外想加一个素材授权 30 天，+¥300": a licence
                    # named between the fee and the plus, further apart
                    or (
                        addon.start() - prev.end <= LICENCE_ADDON_REACH
                        and LICENCE_ADDED.search(s, prev.end, addon.start()) is not None
                    )
                )
                and prev.start < addon.start()  # "200 +": the fee's match may hold the plus
                and "\n" not in s[prev.end : addon.start()]
            )
            or (
                # a plus right before an amount later in a thread adds it to the fee said before
                # ("fee ¥800/人 …\n[品牌] 能不能 extra 加一篇图文？图文 +¥500", r32)
                addon is not None
                and prev is not None
                and prev.start < addon.start()
                and STRONG_ADD.match(addon.group(0)) is not None
                # (an amount with its currency, on a line about the deal: attack review r32)
                and bool(currency)
                and not far_add_refused(s, addon.start(), end)
            )
        )
        if (
            not (currency or per_before or per_after or floor or keyword or total or attached)
            and times is None
            and not adds_to_prev
        ):
            continue  # "那就定 3条×400", "授权费另加200": a price times a count, or added, counts
        if not currency and not keyword and not total and amount < 50:
            continue
        if not pre and not post and MEASURE_AFTER.match(s, after_pos):
            continue  # "正装 100ml", "12 × 15g": a measure of the product
        if REJECTED_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue  # "每条是 2.5k 不是 3k": the figure said to be wrong
        if JOURNEY_BEFORE.search(s, max(small_start, m.start() - 30), m.start()):
            continue  # "Flights (about $1,200) are on us"
        if TARGET_BEFORE.search(s, max(small_start, m.start() - 16), m.start()) and not (
            pre or post
        ):
            continue  # "GMV目标5万": a sales target
        closing = BRACKET_CLOSE.match(s, end)
        if closing is not None and EXPENSES_AFTER.match(s, closing.end()):
            continue  # "(about $1,200) is on us": what the brand pays for the trip
        if FOLLOWER_DISCOUNT_AFTER.match(s, end) or FOLLOWER_DISCOUNT_BEFORE.search(
            s, max(small_start, m.start() - 12), m.start()
        ):
            continue  # "a $20 discount code": for her followers
        net_words = list(NET_WORD.finditer(s, max(small_start, m.start() - 30), m.start()))
        if net_words and not grossed and NET_GAP.fullmatch(s, net_words[-1].end(), m.start()):
            continue  # "到手 = 2000 × 0.8 = 1600": the take worked out from the fee
        if NET_AFTER.match(s, end):
            continue  # "$1,600 net"
        del near_short
        if times is not None and not per_after:
            n_times = small_int(times.group("n"))
            if n_times is not None and 2 <= n_times <= 50:
                amount *= n_times  # "4 × $150": the count times the price, a total
                total = True
        hint = None
        unit_text = (per_before.group(0) if per_before else "") + (
            per_after.group(0) if per_after else ""
        )
        if re.search("篇|post|note|image|photo", unit_text, IA):
            hint = "post"
        elif re.search("条|video|reel", unit_text, IA):
            hint = "video"
        elif re.search("场|live|stream", unit_text, IA):
            hint = "live"
        per_unit = bool(per_before or per_after) and not total
        if (
            adds_to_prev
            and prev is not None
            and prev.per_unit
            and not (per_unit or total or prev.total or prev.monthly)
        ):
            # "每条 ¥1200 共 2 条，另加授权费 ¥300": added once, to the price times the count
            fees[-1] = replace(prev, extra=prev.extra + amount, end=end)
            continue
        if (
            adds_to_prev
            and prev is not None
            and not (per_unit or total or prev.per_unit or prev.total or prev.monthly)
        ):
            # "稿费 ¥200 + 合作码授权费 ¥100", "$400 for the video, plus $120 for a usage
            # license", "3k 是 video only，图文另外 800": a part added to the fee before it
            fees[-1] = Money(
                prev.amount + amount,
                prev.start,
                end,
                prev.currency or currency,
                False,
                False,
                prev.floor or floor,  # "视频300+ 图文150+ 看数据给": a floor of both
                None,
            )
            continue
        fees.append(
            Money(
                amount,
                start,
                end,
                currency,
                per_unit,
                total,
                floor,
                hint,
                attached,
                bool(
                    PER_MONTH_AFTER.match(s[end : end + 12])
                    or PER_MONTH_BEFORE.search(s[max(0, start - 10) : start])
                ),
                counted,
                by_kind,
                package=package,
            )
        )
    if (
        not values
        and shop_prices
        and any(
            # not a sample she may apply for ("样品：可申请免费寄样"): nothing is sent yet, nor an
            # invitation sent ("向你发送了定向合作邀请") (r28)
            not SAMPLE_ON_REQUEST.search(s, max(0, sent.start() - 8), sent.end() + 6)
            and not (sent.group(0) == "送" and s[sent.start() - 1 : sent.start()] == "发")
            for sent in last_matches(SENT.finditer(s))
        )
    ):
        values.append(shop_prices[-1])  # "you keep the desk" … "It's priced at €229"
    barter = [
        b
        for b in last_matches(BARTER_ONLY.finditer(s))
        # not of one part of the deal: "1200没问题！图文那边没有达人稿费预算" (the quote stands)
        if not (
            BARTER_PART_BEFORE.search(s, max(0, b.start() - 16), b.start())
            or BARTER_PART_AFTER.match(s, b.end())
        )
    ]
    if barter:
        # the creator's own quote, answered with a barter: no fee offered
        fees = [
            f
            for f in fees
            if not (
                f.start < barter[-1].start()
                and (
                    CREATOR_QUOTE_BEFORE.search(s, max(0, f.start - 20), f.start)
                    or (
                        OWN_QUOTE_BEFORE.search(s, max(0, f.start - OWN_QUOTE_REACH), f.start)
                        and FIRST_PERSON.search(
                            s, max(0, s.rfind("\n", max(0, f.start - 160), f.start)), f.start
                        )
                    )
                )
            )
        ]
    if not fees and takes:
        fees = takes[-1:]
    return fees, values


# the head of an earlier mail quoted under a reply: "——— 原邮件 ———", "-----Original Message-----",
# "在 2027年5月20日，小棠 写道：", "On Tue, Tess wrote:"
QUOTED_MAIL = re.compile(
    r"^[ \t>]*(?:[-—–=_]{2,}[ \t]*)?(?:原邮件|原始邮件|Original Message)"
    r"[ \t]*(?:[-—–=_]{2,}[ \t]*)?$|"
    # (the line itself may be quoted: "> On Apr 3, Ana wrote:", r32)
    r"^[ \t>]*(?:在|On)[^\n]{0,80}(?:写道|wrote)[ \t]?[:：]?[ \t]*$|"
    # (a quoted line of who wrote, no date: "> Ana wrote:", attack review r32b)
    r"^[ \t]*>[ \t>]*[^\n]{1,80}?(?:写道|wrote)[ \t]?[:：][ \t]*$",
    re.M | re.I,
)


def above_quoted(s: str, fees: list[Money]) -> list[Money]:
    """The reply's prices: a mail quoted under the reply is older, and what it asked for is
    answered above ("每条给到一千五（你提的一千八超出预算了）" over her "视频笔记 1800/条")."""
    mark = QUOTED_MAIL.search(s)
    if mark is None:
        return fees
    return [f for f in fees if f.start < mark.start()] or fees


def revised_in_role(fees: list[Money], units: int) -> list[Money]:
    """Each fee in the role of the price it revises: a figure said again later in a thread with
    no unit of its own ("单价 900 → 1100/条 … 统一按 1100 结", "图文 1000 一篇 … 能 800 吗 … 那就
    800") is a price per piece when the price right before it was one. A price said for a
    counted deliverable ("A$400 for two image posts"), a total, or a package's worth at that
    price (800 × 3 = 2400) keeps its own role."""
    out = list(fees)
    for i in range(1, len(out)):
        f, prev = out[i], out[i - 1]
        if (
            prev.per_unit
            and not (f.per_unit or f.total or f.monthly or f.counted or f.floor)
            and (f.kind is None or f.kind == prev.kind)
            and prev.amount / 3 <= f.amount <= prev.amount * 3
            and not (units > 1 and f.amount == prev.amount * units)
        ):
            out[i] = replace(f, per_unit=True, unit_hint=prev.unit_hint)
    return out


SENT_COUNT_EN = {"a": 1, "an": 1}
# a worth given for one item: "（一盒价值 128）", "(each worth $45)", "每瓶价值"
PER_ITEM_VALUE_BEFORE = re.compile(
    rf"(?:(?:一|每|单)[ \t]?(?P<u>{GOODS_ZH}|个|份|套)[ \t]?|"
    r"(?<![a-z])(?:each|per (?:item|piece))[ \t]?)\Z",
    IA,
)
EN_COUNT_BEFORE_ITEMS = re.compile(
    r"(?<![\d.,$¥€£])(?P<n>\d{1,2}|two|three|four|five|six)\s(?=[A-Za-z])", IA
)


def per_item_count(s: str, word_at: int) -> int | None:
    """The count of items sent when a worth is given for one of them ("寄三盒坚果礼盒（一盒价值
    128）" → 3, "2 linen cushion covers (each worth $45)" → 2); None when it is not."""
    each = PER_ITEM_VALUE_BEFORE.search(s, max(0, word_at - 10), word_at)
    if each is None:
        return None
    if each.group("u"):
        return items_sent(s, each.start(), each.group("u"), word_at)
    la, lb = clause_bounds(s, each.start(), commas=False)
    counts = list(EN_COUNT_BEFORE_ITEMS.finditer(s, max(la, each.start() - 60), each.start()))
    if not counts or SENT.search(s, la, lb) is None:
        return None
    word = counts[-1].group("n").lower()
    return small_int(word)


def items_sent(s: str, pos: int, unit: str, own_end: int) -> int | None:
    """How many items of a shop price's unit are sent ("会寄 3 件家居服" for "¥269/件", "send you
    2 bottles" for "$38 a bottle"): the count nearest the price, at most 160 characters away, on
    a line that sends something; None when no item of that unit is sent."""
    root = unit.lower()
    if re.fullmatch(r"[a-z]+", root):
        singular = next(w for w in GOODS_EN.split("|") if root.startswith(w))
        unit_rx = rf"{singular}(?:e?s)?(?![a-z])"
    else:
        unit_rx = re.escape(root)
    count = re.compile(
        r"(?P<n>\d{1,2}|[一二两三四五六七八九十]|two|three|four|five|six|one|an?)[ \t]?"
        rf"(?:个[ \t]?)?(?:{unit_rx})",
        IA,
    )
    a, b = max(0, pos - 160), min(len(s), pos + 160)
    best: tuple[int, int] | None = None
    for c in count.finditer(s, a, b):
        if pos <= c.start() < own_end:
            continue  # the price's own "一支" ("¥89 一支")
        la, lb = clause_bounds(s, c.start(), commas=False)
        if SENT.search(s, la, lb) is None:
            continue
        word = c.group("n").lower()
        n = SENT_COUNT_EN.get(word) or small_int(word)
        if n is None or n > 50:
            continue
        # a count of one ("1.8kg一包", "a bottle") restates the unit: a larger count wins
        dist = abs(c.start() - pos) + (1000 if n == 1 else 0)
        if best is None or dist < best[0]:
            best = (dist, n)
    if best is not None:
        return best[1]
    la, lb = clause_bounds(s, pos, commas=False)
    return 1 if SENT.search(s, la, lb) is not None else None


# words that say a price is no part of the deal (r31): "展会价一袋¥39（我自己买了两袋，跟合作
# 没关系）", "fair bundle 3 for $30 (NOT my fee lol, I bought one)", "$8 each at the fair (not part
# of the deal)" — not "没关系的题外话" (words of something else), nor "not the fee you quoted"
# (attack review r31)
NOT_THE_DEAL = re.compile(
    r"(?:(?:跟|和|与)(?:这次)?(?:合作|这单|稿费)(?:没|没有|无)(?:关系|关(?!系))|(?:跟|和|与)(?:合作|这单)无关|"
    r"不是(?:我的|给我的|这次的)?(?:稿费|合作费|报价)|不算(?:在)?(?:合作|稿费)(?:里|内)?)(?!的)|"
    r"\bnot (?:my|the|our) (?:fee|rate|pay)\b(?![ \t](?:you|we|they|she|he|I)\b)|"
    r"\bnot part of the (?:deal|collab|fee)\b|"
    r"\b(?:nothing to do|unrelated) (?:to|with) the (?:deal|collab|fee)\b",
    IA,
)
NOT_THE_DEAL_REACH = 120
# where a clause ends: a comma or a stop, or a sentence's full stop before a space
DEAL_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]|\.(?=\s)")


def not_the_deal(s: str, fees: list[Money]) -> list[Money]:
    """The amount said to be no part of the deal is no fee (r31): a fair's price of the goods,
    something she bought. Inside a bracket the words speak of the amount last before the
    bracket on its line ("¥39（…，跟合作没关系）", "$8 each …, I bought two (not part of the
    deal)"); outside one, of the amounts of their own clause only ("The $25 parking is not
    part of the deal"), not of a fee said before a comma or a sentence's stop (attack review
    r31). Read within NOT_THE_DEAL_REACH characters of the words, on their line."""
    if not fees:
        return fees
    order = sorted(range(len(fees)), key=lambda i: fees[i].start)
    starts = [fees[i].start for i in order]
    dropped: set[int] = set()
    for m in NOT_THE_DEAL.finditer(s):
        la = max(
            s.rfind("\n", max(0, m.start() - NOT_THE_DEAL_REACH), m.start()) + 1,
            m.start() - NOT_THE_DEAL_REACH,
            0,
        )
        nl = s.find("\n", m.end(), m.end() + NOT_THE_DEAL_REACH)
        lb = nl if nl != -1 else min(len(s), m.end() + NOT_THE_DEAL_REACH)
        opened = max(s.rfind("（", la, m.start()), s.rfind("(", la, m.start()))
        if (
            opened != -1
            and max(s.rfind("）", opened, m.start()), s.rfind(")", opened, m.start())) == -1
        ):
            # the amount last before the bracket, on its line
            k = bisect_left(starts, opened) - 1
            while k >= 0 and starts[k] >= la:
                if fees[order[k]].end <= opened:
                    dropped.add(order[k])
                    break
                k -= 1
            continue
        ca = max((c.end() for c in DEAL_CLAUSE_END.finditer(s, la, m.start())), default=la)
        end = DEAL_CLAUSE_END.search(s, m.end(), lb)
        cb = end.start() if end is not None else lb
        k = bisect_left(starts, ca)
        while k < len(starts) and starts[k] < cb:
            if fees[order[k]].end <= cb:
                dropped.add(order[k])
            k += 1
    return [f for i, f in enumerate(fees) if i not in dropped]


def drop_asides(s: str, fees: list[Money]) -> list[Money]:
    """Amounts in brackets right after a fee explain it: its parts ("total 4.5k (video 3k + 图文
    1.5k)"), the creator's take after a cut ("¥480（…到手¥441.6）"). The fee before them stands,
    unless the bracket gives the total ("$300 each ($600 total)")."""
    kept: list[Money] = []
    for f in fees:
        line_start = s.rfind("\n", max(0, f.start - CLAUSE_REACH), f.start) + 1
        line_start = max(line_start, f.start - CLAUSE_REACH)
        opened = max(s.rfind("(", line_start, f.start), s.rfind("（", line_start, f.start))
        closed = max(s.rfind(")", line_start, f.start), s.rfind("）", line_start, f.start))
        if opened > closed and kept and not f.total:
            g = kept[-1]
            if g.end <= opened and opened - g.end <= 10:
                continue
        kept.append(f)
    return kept


# a rate paid on an earlier deal, said before its amount in the same clause: the referrer's own
# ("他们家我上次是单图文1800", "我之前接他们是 1100/条", "they paid me $250 per post"), the
# creator's earlier quote ("I charged $500 last time"); not "还是按上次的价格 650" (the offer)
EARLIER_DEAL = re.compile(
    # the referrer herself or the brand ("我上次", "他们家之前是"), not any "X之前" ("发布之前给")
    r"(?:我[^\n，,。]{0,6}|(?:他们|她们|他|她|品牌方?)家?)(?:上次|上回|之前|以前|去年|前年)"
    # what she secured for this deal is no earlier one ("我之前帮你争取到的是 ¥1000")
    r"(?![^\n，,。；;!！?？]{0,12}?(?:帮|争取|申请|批|谈下|问))"
    r"[^\n，,。；;!！?？]{0,12}?(?:接|做|合作|给|拿|收|报|是|拍)|"
    # "they paid me $250", "the deal they gave me:" — not "my manager gave me the go-ahead"
    r"\bpaid me\b|\b(?:they|he|she)[ \t](?:gave|offered) me\b|\bI (?:charged|was paid)\b|"
    # "I got $300 last time": only right before the amount, not "I got approval to raise it"
    r"\bI (?:got|made)[ \t]?(?:paid[ \t]?)?[$¥€£]?$|"
    r"\bmy (?:last|previous|old|usual) (?:rate|deal|fee)\b",
    IA,
)
EARLIER_DEAL_REACH = 40  # the cue is this close before the amount, in its clause
# a sentence's end inside the clause: "The listed rate was $400. I got it bumped to $550"
SENTENCE_STOP = re.compile(r"[.!?。！？](?!\d)")


EITHER_OR = re.compile(r"二选一|任选|择一|(?<![a-z])(?:or|either)(?![a-z])", IA)


# a price said for one deliverable alone, beside a package's: "or just the reel for $350"
ALONE = re.compile(
    r"(?<![a-z])(?:alone|only|just|on its own)(?![a-z])|单独|单条|单做|单发|只做|只要", IA
)


def parts_apart(s: str, items: list[Money]) -> bool:
    """The priced items are parts of one offer to add up: each prices a kind (or a package of
    kinds, "1 reel + 2 posts for $450") of its own. A package beside another package of a kind
    in it is a price said again ("$600 for 1 reel + 2 posts" … "$450 for the reel and one post"),
    and so is a package beside prices of its every kind (its breakdown), or beside a price of a
    kind in it said on another line, or said for that kind alone. A price of one kind of a
    package said on its line, the package's other kinds unpriced, is one more piece: "Reel + 3
    Stories $500, TikTok $300"."""
    packs = [f for f in items if f.package]
    kinds = [f.kind or "" for f in items if not f.package]
    if len(set(kinds)) != len(kinds):
        return False
    for i, pack in enumerate(packs):
        if any(set(pack.package) & set(other.package) for other in packs[i + 1 :]):
            return False
        inside = [f for f in items if not f.package and f.kind in pack.package]
        if inside and set(pack.package) <= set(kinds):
            return False  # its breakdown
        for f in inside:
            a, b = min(pack.start, f.start), max(pack.end, f.end)
            if "\n" in s[a:b] or ALONE.search(s, a, min(len(s), b + 16)):
                return False
    return True


def earlier_deals(s: str, fees: list[Money]) -> list[Money]:
    """The fees of this offer: an amount said for an earlier deal (EARLIER_DEAL in its clause and
    sentence, before it) is history, not the offer, and comes out while another fee stays."""
    out = []
    for f in fees:
        a, _ = clause_bounds(s, f.start)
        lead = s[max(a, f.start - EARLIER_DEAL_REACH) : f.start]
        stops = list(SENTENCE_STOP.finditer(lead))
        if stops:
            lead = lead[stops[-1].end() :]
        if not EARLIER_DEAL.search(lead):
            out.append(f)
    return out or fees


# --- deliverables ----------------------------------------------------------------------------
KIND_WORDS: list[tuple[str, str]] = [
    ("image_note", r"图文笔记|图文笔计|图文种草|种草笔记|图文|笔记|笔计|小红书笔记|贴文"),
    (
        "image_note",
        r"(?:image|photo|picture|carousel|static|ig|instagram|feed)\s?(?:posts?|notes?)|carousels?",
    ),
    ("image_note", r"(?:image|photo) note"),
    ("video_note", r"视频笔记|短视频|视频|视屏|影片|vlog|口播"),
    ("video_note", r"(?:unboxing|short|tiktok|youtube|instagram|ig)?\s?(?:videos?|vedios?|vids?)"),
    # "4 UGC clips": a clip said of UGC or video (not a hair clip)
    (
        "video_note",
        r"(?:youtube|yt)[ \t]?shorts?\b|reels?|vlogs?|tiktoks?|shorts\b|(?:ugc|video)\sclips?",
    ),
    ("image_note", r"(?:xiaohongshu|xhs|red|rednote|instagram|ig|feed)?\s?posts?|帖子"),
    ("other", r"(?:ig |instagram )?stor(?:y|ies)|快闪|朋友圈"),
    # "1 场 30 min 小红书 live", "1 场 live": live said after a platform or 场 (not "live by …")
    (
        "live",
        r"直播|live\s?streams?|livestreams?|live\s?sessions?|"
        r"(?:小红书|抖音|淘宝|视频号|(?<=场)|(?<=场[ \t]))[ \t]?live\b(?![ \t]?(?:by|on|before))",
    ),
    ("roundup", r"合集笔记|合集|round-?ups?(?:\sposts?)?"),
    (
        "store_visit",
        r"探店笔记|探店视频|探店|(?:store|shop|café|cafe|restaurant)\svisits?(?:\sposts?)?",
    ),
    (
        "asset_license",
        # (the British spelling and raw footage too: "Raw footage licence: $100.00", r32)
        r"素材授权|素材买断|买断素材|content licen[cs]\w{0,12}|asset licen[cs]\w{0,12}|licensing|"
        r"(?:raw )?footage licen[cs]\w{0,4}|"
        r"licen[sc]e (?:that|this|your|the|its) (?:video|post|reel|content|note|photo)s?",
    ),
]
KIND_RE = re.compile(
    "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(KIND_WORDS)),
    IA,
)
COUNT = (
    r"\d{1,3}|[一二两三四五六七八九十]|one|two|three|four|five|six|seven|eight|nine|ten|a|an|single"
)
CLASSIFIER = r"篇|条|个|场|支|次|期|部|则|组"
COUNT_BEFORE = re.compile(
    rf"(?P<n>{COUNT})[ \t]?(?P<cl>{CLASSIFIER})?[ \t]?(?:\d{{1,3}}\s?(?:s|秒|秒钟|min|分钟)\s?)?"
    # no line break right before the item: "net 30\nPost by …" counts nothing
    # nor a count of another kind in the fill ("一篇图文一条视频": 一条 counts the video)
    rf"(?P<fill>(?:(?![一二两三四五六七八九十][ \t]?(?:{CLASSIFIER}))"
    rf"[^\s,，。.!?！？;；:：\n+()（）\d]){{0,6}}?)[ \t]?\Z",
    IA,
)
EN_COUNT_BEFORE = re.compile(
    # "1 条 nail tutorial video": a Chinese classifier may follow the count
    # the count and the item on one line ("net 30\nPost by July 31" counts nothing)
    rf"\b(?P<n>{COUNT})(?:\s?\(\d{{1,3}}\))?(?:\s?[x×*]|\s?[条篇个支场])?[ \t]"
    rf"(?:\d{{1,3}}(?:\s?(?:s|sec|secs|seconds?|min)|-second|-sec|-min(?:ute)?)\s)?"
    rf"(?:(?:new|dedicated|sponsored|extra|more|additional|"
    rf"cooking|honest|quick|short|full|beauty|product|hero|xiaohongshu|xhs|red|rednote|instagram|ig|"
    rf"tiktok|douyin|youtube|feed|in-feed|short-form|long-form|static|carousel|ugc|"
    # "3 vertical videos", "2 workout videos": any other lowercase word, but no unit or
    # quantity word ("30 days video", "2 rounds")
    rf"(?-i:(?!(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|seconds?|secs?|rounds?|"
    rf"times|units|pieces|pcs|followers|fans|likes|views|saves|of|per|each|for|and|or|the|"
    rf"with|to|in|on|at|by|existing|old|previous|past|published|current)\s)"
    rf"[a-z][a-z-]{{1,14}}))\s){{0,2}}$",
    IA,
)
COUNT_AFTER = re.compile(
    # (not past a closing bracket and a plus: "vlog）+ 3 篇 image notes" counts the notes)
    rf"^[^\s,，。.!?！？;；\n\d)）+＋]{{0,3}}?\s?(?:(?P<x>[x×X*])\s?(?P<n1>\d{{1,3}}|{CN_NUM})|"
    rf"[:：]?\s?(?P<n2>\d{{1,3}}|[一二两三四五六七八九十])\s?(?P<cl>{CLASSIFIER})"
    rf"(?!\s?(?:工作日|自然日|月|小时|星期|礼拜|周|天|日|钟|点|人)))",
    IA,
)
SKIP_BEFORE = re.compile(
    # (not a limit's 之前 before the verb of posting: "七夕之前想发一条视频笔记", r32)
    # (a limit's only after a day or a holiday: "我们之前拍2条视频效果很好", "以前上线3条视频都爆了"
    # are past ones; attack review r32)
    r"(?:(?:你的|您的|你之前|您之前|(?<![节日号底午夕秋庆宵明末旬天周一年月\d])(?:之前|以前)|"
    r"(?:之前|以前)(?!(?:想|要|需要|请|再|得)?(?:发布?|上线|交稿?|"
    r"完成|拍)(?![布稿的过了]))|过往|我的|your\s(?:\w+\s)?|past\s|previous\s|"
    r"my\s(?:rate|\w+\s)?)[^,，。!?！？;；\n]{0,6}|(?:品牌|官方|我们的|our\s|brand's\s)\s?)$",
    IA,
)
JOINER = re.compile(r"^\s*(?:\+|and|和|加|、|以及|&|plus|,|，|及|跟)?\s*$", IA)
BARE_PIAN = re.compile(r"(?<![每单/第])(?P<n>\d{1,3}|[一二两三四五六七八九十])\s?篇")
# an amount right after "一篇" ("一篇八百", "一篇1.2k", "一篇 ¥900"): the price of one post, not a
# count of posts
PRICE_NEXT = re.compile(
    r"[ \t]?(?:是|要|给|收|[:：])?[ \t]?(?:[¥$￥][ \t]?\d|\d[\d,.]{0,8}[ \t]?(?:[kKwW万千元块]|"
    r"(?![\d\u4e00-\u9fff]))|[一二两三四五六七八九十百千万]{1,6}(?:元|块|(?=[，,。!！~～\s]|$)))"
)
# a licence asked for on top and priced right after its term: "另外想加一个素材授权 30 天，+¥300"
# a licence said not to be wanted: "No footage licence needed", "we don't need a content licence",
# "不需要素材授权" (attack review r32b)
LICENCE_NOT_WANTED_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:no|without|don't need|do not need|no need for)|不需要|不用|无需|不要|不含)"
    r"[ \t]?(?:(?:a|an|any|the|raw)[ \t])?$",
    re.I,
)
LICENCE_ASKED_BEFORE = re.compile(r"(?:另外|额外|再|还)(?:想|要|需要)?加(?:一个|个|上)?[ \t]?$")
LICENCE_PRICED_AFTER = re.compile(
    r"[^\n。！？!?；;]{0,12}?[，,]?[ \t]?(?:[+＋][ \t]?|另付|加收|费用|授权费)[:：]?[ \t]?[¥$￥]?\d"
)
LICENSE_DURATION = re.compile(
    r"^\s?(?:期|期限|时长)?\s?[:：]?\s?(?:\d+|[一二两三四五六七八九十半]+)\s?(?:个)?(?:月|年|天)|^\s?for\s",
    IA,
)
TOTAL_COUNT = re.compile(
    r"(?:共|一共|总共|合计|total(?: of)?)\s?(?:\d{1,3}|[一二两三四五六七八九十]{1,6})\s?"
    r"(?:篇|条|个|支|场|posts?|videos?|reels?)",
    IA,
)
MONTH_N = r"\d{1,2}|[一二两三四五六七八九十]{1,6}|one|two|three|four|five|six|twelve"
MONTHLY = re.compile(
    rf"(?:每月|每个月|per month|a month|/月|every month|monthly)"
    rf"[^。!?！？;；\n]{{0,20}}?(?:连续|持续|为期|共|for|周期|合作期)\s?[:：]?\s?(?P<n>{MONTH_N})\s?"
    rf"(?:个)?(?:consecutive\s|straight\s)?(?:月|months)|"
    rf"(?:连续|持续|为期|长期合作|long-term\w{{0,4}}|ambassador\w{{0,4}})\s?[:：]?\s?(?P<m>{MONTH_N})\s?"
    # "周期：1-3月，连续3个月\n内容：每月图文2篇": the period may stand on the line above
    rf"(?:个)?(?:月|months)(?:[^。!?！？;；\n.]{{0,12}}?|[^。!?！？;；\n.]{{0,4}}\n[^。!?！？;；\n.]{{0,6}}?)"
    rf"(?:每月|每个月|per month|a month|every month|monthly)",
    IA,
)
# a count per week over a number of weeks (r30): "每周发1条视频，连续4周", "one TikTok a week for
# six weeks", "连续3周，每周1篇图文"; only the pieces counted in the clause that says 每周 ("发布后
# 每周同步一次数据，连续4周" multiplies no video counted before it)
WEEK_N = r"\d{1,2}|[一二两三四五六七八九十]{1,3}|two|three|four|five|six|seven|eight|ten|twelve"
WEEKLY = re.compile(
    rf"(?P<per>每周|每个?星期|每一周|(?<![a-z])(?:a|per|every) week|weekly)"
    rf"[^。!?！？;；\n]{{0,20}}?(?:连续|持续|为期|共|for)\s?[:：]?\s?(?P<n>{WEEK_N})\s?"
    rf"(?:个)?(?:consecutive\s|straight\s)?(?:周|星期|weeks)|"
    rf"(?:连续|持续|为期)\s?(?P<m>{WEEK_N})\s?(?:个)?(?:周|星期)[，,]?[ \t]?"
    rf"(?P<per2>每周|每个?星期)",
    IA,
)
# what is done each week that is not a piece of the deal: "这1条视频我们会每周加热一次，持续4周",
# "paid in weekly installments for 4 weeks"; and how often the creators looked for post
# ("招募要求：近期每周至少更新2篇笔记，连续4周") (attack review r30)
WEEKLY_OTHER_ACT = re.compile(
    r"加热|投流|投放|推广|复盘|同步|截图|数据|boost|promot|report|analytics|insights|"
    r"installments?|paid|pay",
    IA,
)
WEEKLY_REQUIRED = re.compile(r"要求|条件|门槛|requirements?", IA)
# the total said before the schedule: "4 TikToks total — one a week for four weeks"
WEEKLY_TOTAL_BEFORE = re.compile(
    r"\btotal\b|\bin all\b|合计|(?:一|总)?共[ \t]?(?:\d|[一二两三四五六七八九十])", IA
)
# the months of a long deal named one by one before a count per month: "11月、12月、明年1月，
# 每月1篇", "3月、4月、5月每月各2篇" (two or more, each a month alone, not a date)
MONTH_NAMED = r"(?:明年|今年|次年)?\d{1,2}月(?![\d号日底初中])"
MONTH_LIST = re.compile(
    rf"(?<![\d\-~–至到])(?:{MONTH_NAMED}\s?(?:、|,|，|和|及|与)\s?){{1,11}}{MONTH_NAMED}"
    rf"[ \t]?[,，:：]?[ \t]?(?:每月|每个月)"
)


@dataclass
class Mention:
    kind: str
    quantity: int | None
    start: int
    end: int


WRITTEN_PRICE_END = re.compile(r"[十百千万][一二两三四五六七八九]?$")
# a form's line labelled with the word "post" for its date: "Post by: Jul 31, 2026", "Post date："
POST_BY_LABEL = re.compile(r"post", re.I)
POST_BY_AFTER = re.compile(r"[ \t]?(?:by|date|time|window|before|on)[ \t]?[:：]", re.I)
LINE_START_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-•·*][ \t]?)?$")


def find_deliverables(s: str) -> list[Mention]:
    mentions: list[Mention] = []
    claimed = bytearray(len(s) + 1)
    for m in KIND_RE.finditer(s):
        kind = next(KIND_WORDS[int(k[1:])][0] for k, v in m.groupdict().items() if v)
        start, end = m.start(), m.end()
        while start < end and s[start].isspace():
            start += 1
        word = s[start:end]
        if not word:
            continue
        # English words: whole words only
        if not re.search(r"[\u4e00-\u9fff]", word) and (
            re.match("[A-Za-z]", s[start - 1 : start] or " ")
            or re.match("[A-Za-z]", s[end : end + 1] or " ")
        ):
            continue
        if (
            POST_BY_LABEL.fullmatch(word)
            and POST_BY_AFTER.match(s, end)
            and (LINE_START_BEFORE.search(s, max(0, start - 3), start))
        ):
            continue  # "Post by: Jul 31", "Post date：…": a form's label of the date
        licensed_piece = re.search(r"\s(?:that|this|your|the|its)\s", word) is not None
        if kind == "asset_license" and licensed_piece:
            pass  # "license that video": the deliverable is the licence of a piece
        elif (
            kind == "asset_license"
            and LICENSE_DURATION.match(s[end : end + 12])
            # not "另外想加一个素材授权 30 天，+¥300": a licence added at a price is a deliverable
            and not (
                LICENCE_ASKED_BEFORE.search(s, max(0, start - 10), start)
                and (priced := LICENCE_PRICED_AFTER.match(s, end)) is not None
                # not "+¥300，不加也行": an option, not asked
                and not OPTIONAL_AFTER.match(s, priced.end())
            )
        ):
            continue
        # "licensing for 1 year" is a usage term, not a deliverable
        # "licensing for 1 year" is a usage term, not a deliverable
        if (
            kind == "asset_license"
            and not licensed_piece
            and re.search(r"(?:授权|licens)", word, IA)
            and re.match(r"\s?(?:for|期|:)\s?\S*\s?(?:\d|一|半|a\s)", s[end : end + 14], IA)
        ):
            continue
        if SKIP_BEFORE.search(s[max(0, start - 14) : start]):
            continue
        if kind == "asset_license" and LICENCE_NOT_WANTED_BEFORE.search(
            s, max(0, start - 16), start
        ):
            continue  # "No footage licence needed": no licence to deliver
        if kind == "live" and re.match(r"live\b", word, IA) is None:
            pass
        quantity = None
        qstart, qend = start, end
        before = s[max(0, start - 12) : start]
        cb = COUNT_BEFORE.search(before)
        if cb and (
            cb.group("cl") or cb.group("n").isdigit() or re.fullmatch(r"[a-z]+", cb.group("n"), IA)
        ):
            fill = cb.group("fill") or ""
            nword = cb.group("n")
            is_en = re.fullmatch(r"[a-z]+", nword, IA) is not None
            cjk_word = re.search(r"[\u4e00-\u9fff]", word) is not None
            if fill and (is_en or (nword.isdigit() and not cb.group("cl"))):
                cb = None
            elif fill and cb.group("cl") == "次":
                cb = None  # "二次使用笔记" is a second use, "1次探店" a count
            elif cjk_word and nword.isdigit() and not cb.group("cl"):
                cb = None  # "800 视频": a price before the word, not a count
            elif cb.group("cl") == "次" and REVISION_NEAR.search(
                s, max(0, start - len(before) + cb.start() - 6), start
            ):
                cb = None  # "修改最多2次\n视频…": rounds of revision, not posts
            if cb is not None:
                abs_start = start - len(before) + cb.start()
                prev = s[max(0, abs_start - 3) : abs_start]
                # a digit (or "1,5" / "1.5") just before is part of a number, not a count; a comma
                # alone is only punctuation ("邀约，1条视频")
                if re.search(r"[$¥€£每单/]\s?$|\d[.,]?$", prev):
                    cb = None
                elif re.fullmatch(r"[a-z]+", nword, IA) and re.search(r"[A-Za-z]$", prev):
                    cb = None  # "extra stories": the end of a word, not the count "a" (r32)
                elif WRITTEN_PRICE_END.search(prev) and not cb.group("fill"):
                    cb = None  # "一千二一条视频": a price for one, written out, not a count
                else:
                    quantity = small_int(nword)
                    qstart = abs_start
        if quantity is not None and not 1 <= quantity <= 100:
            quantity, qstart = None, start
        if quantity is None:
            eb = EN_COUNT_BEFORE.search(s[max(0, start - 30) : start])
            eb_start = max(0, start - 30) + eb.start() if eb else start
            if eb and not re.search(r"[$¥€£/]\s?$|\d[.,]?$", s[max(0, eb_start - 2) : eb_start]):
                quantity = small_int(eb.group("n"))
                qstart = eb_start
        if quantity is not None and not 1 <= quantity <= 100:
            quantity, qstart = None, start
        if quantity is None:
            # (a format in brackets, its count after them: "视频（口播）1条", "笔记（图文）1篇",
            # attack review r32b)
            shut = (
                1 if s[end : end + 1] in (")", "）") and s[start - 1 : start] in ("(", "（") else 0
            )
            ca = COUNT_AFTER.match(s[end + shut : end + shut + 10])
            if ca and ca.group("cl") == "次" and REVISION_NEAR.search(s, end, end + ca.end()):
                ca = None  # "每条笔记可修改一次": rounds of revision, not posts
            if ca:
                n = ca.group("n1") or ca.group("n2")
                quantity = small_int(n)
                qend = end + shut + ca.end()
        if quantity is not None and not 1 <= quantity <= 100:
            quantity = None
        if quantity is not None and any(claimed[qstart:qend]):
            quantity, qstart, qend = None, start, end
        if quantity is None and re.fullmatch(
            r"lives?|\s?posts?|stor(?:y|ies)|(?:ig |instagram )?stor(?:y|ies)", word, IA
        ):
            continue
        mentions.append(Mention(kind, quantity, qstart, qend))
        if quantity is not None:
            claimed[qstart:qend] = b"\x01" * (qend - qstart)
    bare_ends: list[int] = []
    for m in BARE_PIAN.finditer(s):
        if claimed[m.start()]:
            continue
        if re.search(r"[每单/]\s?$", s[max(0, m.start() - 2) : m.start()]):
            continue
        if re.match(r"[ \t]?[都均]", s[m.end() : m.end() + 2]):
            continue  # "两篇都在两周内发": the posts already counted, all of them
        if m.group("n") in ("一", "1") and PRICE_NEXT.match(s, m.end(), m.end() + 16):
            continue  # "要3篇图文，一篇八百": the price of one, the count is elsewhere
        if ONE_EACH_NEXT.match(s, m.start()) or ONE_EACH_PREV.search(
            s, max(0, m.start() - 12), m.start()
        ):
            continue  # "2 篇图文，一篇试色一篇妆容": what each of the posts counted is about
        if m.group("n") in ("一", "1") and BREAKDOWN_AFTER_COUNT.search(
            s, max(0, s.rfind("\n", 0, m.start()) + 1, m.start() - 80), m.start()
        ):
            continue
        opened = BREAKDOWN_OPEN.search(s, max(0, m.start() - 40), m.start())
        if opened is not None and (
            any(claimed[max(0, opened.start() - 3) : opened.start()])
            or (bare_ends and opened.start() - 3 <= bare_ends[-1] <= opened.start())
        ):
            # "图文笔记 ×2（1篇开箱，1篇实测）", "共5篇（5款，一款一篇）": the posts just
            # counted, broken down
            continue
        q = small_int(m.group("n"))
        if q and 1 <= q <= 100:
            mentions.append(Mention("image_note", q, m.start(), m.end()))
            bare_ends.append(m.end())
    for m in EACH_COUNT.finditer(s):
        # "图文+视频各1条": the count belongs to each kind named just before
        q = small_int(m.group("n"))
        if not q or not 1 <= q <= 100:
            continue
        for mention in mentions:
            if mention.quantity is None and m.start() - 30 <= mention.end <= m.start():
                gap = s[mention.end : m.start()]
                if re.fullmatch(r"[^\n。!?！？;；,，]*", gap):
                    mention.quantity = q
    for mention in mentions:
        # "S$40 per image note, 5 notes by December": the count written after the price
        if mention.quantity is None and re.search(
            r"(?<![a-z])per[ \t]$", s[max(0, mention.start - 4) : mention.start], IA
        ):
            after = COUNT_AFTER_PRICE.match(s, mention.end, mention.end + 24)
            q = small_int(after.group("n")) if after else None
            if q and 2 <= q <= 100:
                mention.quantity, mention.end = q, after.end() if after else mention.end
    mentions.sort(key=lambda x: x.start)
    return mentions


# after "per image note": ", 5 notes", "， 4 posts", ", three of them"
COUNT_AFTER_PRICE = re.compile(
    r"[ \t]?[,，;；][ \t]?(?:and[ \t])?(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
    r"[ \t](?:notes|posts|pieces|videos|of them)(?![a-z])",
    IA,
)
QUANTITY_LABEL = re.compile(
    r"(?:数量|条数|篇数|quantity|qty|number of (?:posts|videos|reels))\s?[:：]?\s?"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十])\s?(?:条|篇|个|支|场)?",
    IA,
)
COUNT_APART = re.compile(
    # a verb of making the pieces before the count: "先拍2条看看", "发完两条就行", "先做2条吧"
    # not a limit: "最多拍2条就行" (at most two)
    r"(?:(?<!最多)(?<!至多)(?<!最少)(?<!至少)(?<!不超过)"
    r"(?:共|一共|总共|合计|共计|要|需要|先做|先拍|先发|做|拍|发完|拍完|做完)[ \t]?"
    r"(?P<n>\d{1,2}|[二两三四五六七八九十])[ \t]?(?:条|篇)"
    r"(?![\u4e00-\u9fffA-Za-z](?<!看)(?<!吧)(?<!就)(?<!试))"
    r"|(?<![\d一二两三四五六七八九十])(?P<m>\d{1,2}|[二两三四五六七八九十])"
    r"[ \t]?(?:条|篇)都)"
)
REVISION_NEAR = re.compile(r"修改|改稿|改图|返工|修|改|revis", re.I)
# "一篇试色一篇妆容": one post on this, one on that — a breakdown of posts already counted
ONE_EACH_NEXT = re.compile(r"[一1][ \t]?篇[^\n，,。；;!！?？一1篇]{1,8}[一1][ \t]?篇")
ONE_EACH_PREV = re.compile(r"[一1][ \t]?篇[^\n，,。；;!！?？一1篇]{1,8}$")
# the posts just counted broken down one by one after a comma (r30): "2 篇图文，一篇开箱，一篇睡了
# 一周的真实感受" (not "2 篇图文，另外再加一篇开箱": one more)
BREAKDOWN_AFTER_COUNT = re.compile(
    r"(?:[2-9两二三四五六]|10)[ \t]?篇[^\n，,。；;]{0,12}?[，,：:][ \t]?"
    r"(?:[一1][ \t]?篇[^\n，,。；;!！?？]{1,16}[，,、][ \t]?){0,4}$"
)
# an open bracket with no close after it, up to a position
BREAKDOWN_OPEN = re.compile(r"[(（][^()（）\n]{0,40}$")
EACH_COUNT = re.compile(r"各\s?(?P<n>\d{1,2}|[一二两三四五六七八九十])\s?(?:篇|条|个|场|支)")


# "那我们改成1条video吧", "换成视频1条", "let's do a reel instead": what comes after replaces
# the deliverables asked for before
SWITCH_BEFORE = re.compile(
    r"(?:改成|换成|改为|换为|改做|换做|改拍|改约|switch(?:ed)? to|"
    r"chang(?:e|ed) (?:it |that |this )?to|swap(?:ped)? (?:it |that )?(?:for|to)|make it|"
    r"go with)\s?(?:a\s|an\s)?$",
    IA,
)
SWITCH_AFTER = re.compile(r"^\s?instead\b(?!\s?of)", IA)


def after_switch(s: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions from the last switch of deliverables on (all of them when none)."""
    for i in range(len(mentions) - 1, 0, -1):
        m = mentions[i]
        if SWITCH_BEFORE.search(s[max(0, m.start - 12) : m.start]):
            return mentions[i:]
        if SWITCH_AFTER.match(s[m.end : m.end + 10]):
            # the package ends here; it starts after the previous clause
            a, _ = clause_bounds(s, m.start, commas=False)
            return [x for x in mentions[: i + 1] if x.start >= a] + mentions[i + 1 :]
    return mentions


# "你上周发的那篇面膜笔记", "看到您11月发的那篇…笔记": a post already out, not one to make
EXISTING_POST = re.compile(
    r"(?:(?:那|这)[ \t]?(?:[两二三四几\d][ \t]?)?(?:篇|条)|发的|发过的|发布的|已发|之前的|以前的|"
    r"之前[^,，。!！?？\n]{0,10}的|上(?:个月|周|次)的?|your (?:last|recent|latest|old))"
    r"[^,，。!！?？\n]{0,12}$",
    IA,
)
CO_CODE = re.compile(r"合作码|共创码|co-?creation code|collab code|cooperation code", IA)
# a post named for its code or its licence fee ("两篇运动笔记的合作码", "笔记授权费 500 元"): a
# post already published, licensed
LICENSED_AFTER = re.compile(r"[ \t]?的?[ \t]?(?:合作码|共创码|授权费|licen[cs]e fee|code)", IA)


def existing_posts_out(s: str, mentions: list[Mention]) -> list[Mention]:
    """Drop mentions of posts already published; a 合作码 request licenses them (as many as
    were named: "那两篇防晒笔记" → two)."""
    kept: list[Mention] = []
    old = 0
    for m in mentions:
        if m.kind != "asset_license" and (
            EXISTING_POST.search(s[max(0, m.start - 20) : m.start])
            or LICENSED_AFTER.match(s, m.end)
        ):
            old = max(old, m.quantity or 1)
            continue
        kept.append(m)
    code = CO_CODE.search(s)
    if code and old:
        # "Fee：¥450/篇，两篇共 ¥900", "两篇的话每篇400吧": a bare count refers back to them
        kept = [m for m in kept if not BARE_COUNT.fullmatch(s, m.start, m.end)]
    has_license = any(m.kind == "asset_license" for m in kept)
    # a new post is asked and its 合作码 is the order's mechanism: no licence of an old post
    asked = any(m.quantity for m in kept)
    if code and not has_license and not asked and (len(kept) < len(mentions) or not kept):
        kept = [m for m in kept if m.quantity]
        kept.append(Mention("asset_license", max(old, 1), code.start(), code.end()))
    return kept


BARE_COUNT = re.compile(r"(?:\d{1,3}|[一二两三四五六七八九十])\s?篇")


def counted_container(s: str, mentions: list[Mention]) -> list[Mention]:
    """ "做一篇 year-end 好物合集": the bare count belongs to the roundup (or store visit) named
    right after it on the same line, not to an image post of its own."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.kind != "image_note" or not m.quantity or not BARE_COUNT.fullmatch(s, m.start, m.end):
            continue
        for n in mentions[i + 1 : i + 4]:
            if n.start - m.end > 30 or "\n" in s[m.end : n.start]:
                break
            if n.quantity is None and n.kind in ("roundup", "store_visit"):
                out = [x for x in out if x is not m and x is not n]
                out.append(Mention(n.kind, m.quantity, m.start, n.end))
                out.sort(key=lambda x: x.start)
                break
        break
    return out


CONTAINER_KINDS = ("roundup", "store_visit")
# "合集类图文笔记1篇", "探店型笔记", "探店图文": the note is the roundup or the visit itself
# (or its format in brackets, the count after them: "探店笔记（图文）1篇", "合集笔记（图文）1篇",
# r32)
CONTAINER_NOTE_GAP = re.compile(r"[类型式]?|[ \t]?[(（]")
CONTAINER_FORMAT_OPEN = re.compile(r"[ \t]?[(（]")
CONTAINER_COUNT_GAP = re.compile(r"[ \t]?[)）][ \t]?")
# "探店笔记报价 ¥800 一篇", "好物合集 ¥900 一篇": a price then a bare count of the piece
PRICE_GAP = re.compile(r"[^\n]{0,16}?(?:\d|[十百千万]|价|费)[^\n]{0,8}")
# "两篇一共1500", "两篇共1200": the count of the pieces already listed, said with their total
PIECES_TOTAL_AFTER = re.compile(r"[ \t]?(?:一共|共|总共|合计|总价|total)")


def container_pieces(s: str, mentions: list[Mention]) -> list[Mention]:
    """A roundup or store visit written as a note is one piece, not a note beside it; and a bare
    count restating the pieces listed before it, with their total, is no further piece."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in CONTAINER_KINDS
            and (
                m.kind == "image_note"
                # (or a video as its format in brackets: "探店视频（口播）1条", attack review r32b)
                or (
                    m.kind == "video_note" and CONTAINER_FORMAT_OPEN.fullmatch(s, prev.end, m.start)
                )
            )
            and (
                CONTAINER_NOTE_GAP.fullmatch(s, prev.end, m.start)
                or (
                    prev.quantity is None
                    and m.quantity
                    and BARE_COUNT.fullmatch(s, m.start, m.end)
                    and PRICE_GAP.fullmatch(s, prev.end, m.start)
                    and KIND_RE.search(s, prev.end, m.start) is None
                )
                # its count right after its format's closing bracket
                or (
                    m.quantity
                    and BARE_COUNT.fullmatch(s, m.start, m.end)
                    and CONTAINER_COUNT_GAP.fullmatch(s, prev.end, m.start)
                )
            )
        ):
            out[-1] = Mention(prev.kind, m.quantity or prev.quantity, prev.start, m.end)
            continue
        if (
            m.kind == "image_note"
            and m.quantity
            and BARE_COUNT.fullmatch(s, m.start, m.end)
            and PIECES_TOTAL_AFTER.match(s, m.end)
            and len([x for x in out if x.quantity]) > 1
            and sum(x.quantity or 0 for x in out) == m.quantity
        ):
            continue
        out.append(m)
    return out


# a count corrected in a thread: "是 2 篇不是 3 篇", "图文是 2 篇，不是 3 篇", "it's 2 videos,
# not 3": the count of the kind that had the old count becomes the new one
COUNT_CORRECTED = re.compile(
    r"(?<![\d.])(?P<n>\d{1,2}|[一二两三四五六七八九十])[ \t]?(?:篇|条|个|场|支)?"
    r"(?P<w>[^\n，,。;；\d]{0,12}?)[ \t]?[,，]?[ \t]?(?:而)?(?:不是|(?<![a-z])not)[ \t]?"
    r"(?P<m>\d{1,2}|[一二两三四五六七八九十])(?![\d.,%])"
    r"(?=[ \t]?(?:篇|条|个|场|支|videos?\b|posts?\b|notes?\b|[\s,，。.;；!！—\-]|$))",
    IA,
)


def corrected_counts(s: str, counts: dict[str, int]) -> tuple[int, int] | None:
    """Applies the last count correction to the one kind that had the old count."""
    for m in reversed(last_matches(COUNT_CORRECTED.finditer(s))):
        new, old = small_int(m.group("n")), small_int(m.group("m"))
        if not new or not old or new == old or new > 100:
            continue
        named = {
            k for k in counts if KIND_RE.search(m.group("w") or "") and kind_of(m.group("w")) == k
        }
        kinds = named or {k for k, v in counts.items() if v == old}
        if len(kinds) == 1:
            kind = kinds.pop()
            if counts.get(kind) == old:
                counts[kind] = new
                return m.start(), m.end()
    return None


# a label's name that ends in a trade ("Kinfolk Tea", "木子家纺"): a business, not a person
LATIN_TRADE_END = re.compile(
    r"\s(?:Tea|Coffee|Bakery|Studio|Lab|Labs|Beauty|Skincare|Home|Kitchen|Audio|Outdoor|Goods|"
    r"Co\.?|Foods?|Pets?|Wear|Official)$"
)


def trade_like(word: str) -> bool:
    if re.match(r"[A-Za-z]", word):
        return LATIN_TRADE_END.search(word) is not None
    return bare_brand(word) != word or BUSINESS_KIND.search(word) is not None


def kind_of(text: str) -> str | None:
    m = KIND_RE.search(text)
    if m is None:
        return None
    return next(KIND_WORDS[int(k[1:])][0] for k, v in m.groupdict().items() if v)


def resolve_deliverables(
    s: str, mentions: list[Mention]
) -> tuple[list[dict[str, Any]], list[tuple[int, int]], bool]:
    mentions = container_pieces(s, counted_container(s, after_switch(s, mentions)))
    counts: dict[str, int] = {}
    last_end: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    conflict = False
    generic: dict[str, tuple[int, int]] = {}
    for m in mentions:
        if m.quantity is None:
            generic.setdefault(m.kind, (m.start, m.end))
            continue
        if m.kind in counts:
            between = s[last_end[m.kind] : m.start]
            if JOINER.match(between) or re.fullmatch(r"\s*\+\s*", between):
                counts[m.kind] += m.quantity
            else:
                if counts[m.kind] != m.quantity:
                    conflict = True
                counts[m.kind] = m.quantity
        else:
            counts[m.kind] = m.quantity
        last_end[m.kind] = m.end
        spans.append((m.start, m.end))
    for kind, span in generic.items():
        # a bare 笔记/video beside counted deliverables is talk about them, not one more
        if kind not in counts and (not counts or kind not in ("image_note", "video_note", "other")):
            counts[kind] = 1
            spans.append(span)
    if len({m.kind for m in mentions}) == 1 and not any(m.quantity for m in mentions):
        # "形式：视频 … 数量：2条"; a count of pieces written apart from the kind word: "一条一千，
        # 要两条", "Fee：每条 ¥900，共 3 条", "两条都在下周五前发"
        label = QUANTITY_LABEL.search(s) or COUNT_APART.search(s)
        if label:
            q = small_int(label.group("n") or label.groupdict().get("m") or "")
            if q and 1 <= q <= 100:
                kind = mentions[0].kind
                counts[kind] = q
                spans.append((label.start(), label.end()))
    fixed = corrected_counts(s, counts)
    if fixed is not None:
        spans.append(fixed)
    monthly = None
    for mm in MONTHLY.finditer(s):
        monthly = mm
    if monthly is not None and TOTAL_COUNT.search(s, monthly.start()):
        monthly = None  # the total count is stated ("共4篇"): nothing to multiply
    listed = None
    if monthly is None:
        for ml in MONTH_LIST.finditer(s):
            listed = ml
        if listed is not None and TOTAL_COUNT.search(s, listed.start()):
            listed = None
    if listed is not None and counts:
        # only the kinds counted on the list's line, and counted nowhere else ("1月额外拍1条视频"
        # on the next line is one video)
        n = len(re.findall(r"\d{1,2}月", listed.group()))
        # (and in the clause 每月 opens: "3月、4月、5月每月的活动都会有，这次图文2篇" and
        # "11月、12月每月各1篇图文，1月再加1条视频" multiply nothing after the comma, attack
        # review r29)
        clause_end = re.compile(r"[，,。；;！!？?\n]").search(s, listed.end())
        eol = len(s) if clause_end is None else clause_end.start()
        on_line = {m.kind for m in mentions if m.quantity and listed.start() <= m.start < eol}
        elsewhere = {m.kind for m in mentions if m.quantity and not listed.start() <= m.start < eol}
        if 1 < n <= 12 and on_line - elsewhere:
            counts = {k: v * n if k in on_line - elsewhere else v for k, v in counts.items()}
            spans.append((listed.start(), listed.end()))
    if monthly is not None and counts:
        n = small_int(monthly.group("n") or monthly.group("m")) or 1
        if 1 < n <= 24:
            counts = {k: v * n for k, v in counts.items()}
            spans.append((monthly.start(), monthly.end()))
    weekly = None
    for wm in WEEKLY.finditer(s):
        weekly = wm
    if weekly is not None and (
        WEEKLY_OTHER_ACT.search(weekly.group(0))
        or WEEKLY_REQUIRED.search(s, s.rfind("\n", 0, weekly.start()) + 1, weekly.start())
    ):
        # the brand's boost or a report each week, or how often the creators it looks for
        # post: no pieces of the deal counted (attack review r30)
        weekly = None
    if weekly is not None and counts and monthly is None and listed is None:
        per = weekly.start("per") if weekly.group("per") else weekly.start("per2")
        ca, _ = clause_bounds(s, per)
        ce = re.compile(r"[，,。；;！!？?\n+＋]|$").search(s, weekly.end())
        eol = len(s) if ce is None else ce.start()
        lo = min(ca, weekly.start())
        # an aside in brackets spells out a count said before it: "image note ×3（每周一篇，连续
        # 三周）" multiplies nothing outside the brackets
        lo = max(lo, s.rfind("（", lo, per) + 1, s.rfind("(", lo, per) + 1)
        in_clause = {m.kind for m in mentions if m.quantity and lo <= m.start < eol}
        if WEEKLY_TOTAL_BEFORE.search(s, lo, per):
            in_clause = set()  # "4 TikToks total — one a week for four weeks" (attack review r30)
        n = small_int(weekly.group("n") or weekly.group("m")) or 1
        total = TOTAL_COUNT.search(s, weekly.end(), min(len(s), weekly.end() + 12))
        if total is not None and len(in_clause) == 1:
            # "每周1条视频，连续3周，共3条": the total is stated
            said = re.search(r"\d{1,3}|[一二两三四五六七八九十]{1,6}", total.group())
            t = small_int(said.group()) if said else None
            if t and 1 < t <= 100:
                counts = {k: t if k in in_clause else v for k, v in counts.items()}
                spans.append((weekly.start(), total.end()))
        elif total is None and in_clause and 1 < n <= 52:
            counts = {k: v * n if k in in_clause else v for k, v in counts.items()}
            spans.append((weekly.start(), weekly.end()))
    order = [k for k, _ in KIND_WORDS]
    result = [
        {"kind": k, "quantity": counts[k]}
        for k in sorted(counts, key=lambda k: order.index(k))
        if counts[k] <= 100
    ]
    return result, spans, conflict


# --- durations -------------------------------------------------------------------------------
DURATION = re.compile(
    r"(?P<n>\d{1,4}|[一二两三四五六七八九十百半]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|a|an|half a)(?:\s?|-)(?:个)?\s?(?P<u>工作日|自然日|天|日|周|星期|个月|月|年|"
    # "usage: 6 mo" in her notes (r30)
    r"business days?|working days?|days?|weeks?|months?|mos?(?![a-z])|years?)",
    IA,
)
HALF_YEAR = re.compile(r"半年|half a year|six months", IA)


def days_of(n_text: str, unit: str) -> int | None:
    unit = unit.lower()
    if n_text in ("半",):
        n: float | None = 0.5
    elif n_text.lower() == "half a":
        n = 0.5
    else:
        value = small_int(n_text)
        n = None if value is None else float(value)
    if n is None:
        return None
    if unit in ("天", "日", "工作日", "自然日") or unit.startswith(("day", "business", "working")):
        per = 1
    elif unit in ("周", "星期") or unit.startswith("week"):
        per = 7
    elif unit in ("月", "个月", "mo", "mos") or unit.startswith("month"):
        per = 30
    else:
        per = 365
    if per == 30 and n >= 12 and n % 12 == 0:
        return int(n // 12 * 365)  # 12 months is a year
    if per == 365 and n == 0.5:
        return 180  # half a year is six months
    return int(n * per)


def durations_in(s: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(days, start, end) of each duration between start and end."""
    out = []
    for m in DURATION.finditer(s, start, end):
        n = m.group("n")
        if n.lower() in ("a", "an") and m.start() > 0 and s[m.start() - 1].isalpha():
            continue
        if m.start() > 0 and s[m.start() - 1].isdigit():
            continue
        d = days_of(n, m.group("u"))
        if d is not None and 0 <= d <= 3650:
            out.append((d, m.start(), m.end()))
    for m in HALF_YEAR.finditer(s, start, end):
        if not any(a <= m.start() < b for _, a, b in out):
            out.append((180, m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return out


# --- field rules ---------------------------------------------------------------------------------
REV_N = r"\d{1,2}|[一二两三四五六七八九十]|one|two|three|four|five|a|an|single"
REVISION_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"无限(?:次)?修改|改到[^,，。!?！？;；\n]{0,6}满意(?:为止)?|直到[^,，。!?！？;；\n]{0,6}满意|不限(?:修改)?次数|修改不限|不限修改|"
            r"随时修改|unlimited\s?(?:revi\w{0,12}|rounds|edits|changes)|"
            # "不限次修改", "修改次数：不限", "revision 无限次"
            r"不限次(?:数)?\s?修改|(?:revi\w{0,12}|修改|改稿)(?:次数)?\s?[:：]?\s?(?:不限|无限)|"
            r"as many (?:revisions|rounds)|"
            r"until (?:we are|we're|the client is|they are) (?:happy|satisfied)|"
            # "Revisions: unlimited until approved", "as many rounds of feedback as needed",
            # "需要改几轮都可以"
            r"revi\w{0,12}\s?[:：]\s?unlimited|"
            r"as many (?:rounds?|revisions?|edits?)(?:\s(?:of\s)?\w+)?\s"
            r"as (?:needed|necessary|you need|it takes)|改几[轮次遍]都(?:可以|行|没问题|ok)|"
            r"改多少[轮次遍]都(?:可以|行|没问题|ok)|修改次数不设上限|不设修改上限",
            IA,
        ),
        "unlimited",
    ),
    (
        re.compile(
            r"不接受修改|不接受改稿|不修改|无需修改|不用修改|不需要修改|不能修改|不改稿|无需改稿|"
            r"不用改稿|不需要改稿|免改稿|无需改|"
            r"(?:no revisions?(?!\s?(?:limits?|caps?)\b)|no edits|zero revisions?|"
            r"no rounds? of revisions?|"
            r"without revisions?|"
            # "We won't ask for any revisions", "我们不会提修改意见"
            r"(?:won't|will not|wouldn't|don't|do not)\s(?:ask for|request|need|require)\s"
            r"(?:any\s)?(?:revisions?|edits?|changes))|不会(?:要求|提出?)(?:任何)?(?:修改|改稿)|"
            r"不提修改意见"
            r"(?!\s(?:beyond|more than|after|past|over|above|outside))",
            IA,
        ),
        "zero",
    ),
    (
        re.compile(
            rf"(?:修改|改[稿搞镐]|改|调整|revi\w{{0,12}}|edits?)\s?(?:次数|轮次|机会)?\s?[:：]?\s?"
            rf"(?:不超过|最多|至多|上限|限|包含|含|包括|max|up to|at most|of)?\s?(?:为)?\s?"
            rf"(?P<n>{REV_N})\s?(?:次|轮|rounds?|times|x\b)",
            IA,
        ),
        "n",
    ),
    (
        re.compile(
            rf"(?:max|maximum|up to|at most)?\s?(?<![\d.,$¥€£A-Za-z])(?P<n>{REV_N})[ \t]?"
            rf"(?:rounds?\s(?:of\s)?|free\s|x\s)?"
            rf"(?:revi\w{{0,12}}|edits?|changes|feedback)(?![a-z])",
            IA,
        ),
        "n",
    ),
    (re.compile(rf"(?P<n>{REV_N})\s?(?:次|轮)(?:修改|改[稿搞镐]|的修改)", IA), "n"),
    # "修改：以品牌审核为准，最多3轮", "revision 的话 at most once"
    (
        re.compile(
            rf"(?:修改|改稿|revi\w{{0,12}})[^。\n;；]{{0,30}}?"
            r"(?:最多|至多|不超过|up to|at most|max)\s?"
            rf"(?P<n>{REV_N}|once|twice)\s?(?:次|轮|rounds?|times|(?<=once)|(?<=twice))",
            IA,
        ),
        "n",
    ),
    # (a form's label with a word after the noun: "Revisions included: 1", "Revision rounds: 2",
    # r32)
    (
        re.compile(
            r"revi\w{0,12}(?:[ \t](?:included|rounds?|allowed))?\s?[:：]\s?"
            rf"(?:max|up to|at most)?\s?(?P<n>{REV_N})\b"
            # (not a span of time: "Revision rounds: 10 business days turnaround", attack review
            # r32)
            r"(?![ \t]?(?:business[ \t]|working[ \t])?(?:days?|weeks?|hours?|hrs?)\b|"
            r"[ \t]?(?:个?工作日|天|日|小时))",
            IA,
        ),
        "n",
    ),
]

# One reader of a revision limit written in any order within a sentence: a bound, a count and a
# revision noun ("改稿我们控制在 2 轮以内", "最多改 2 版", "feedback 最多给 1 版", "not more than
# three (3) rounds of changes", "Two rounds max.", "feedback once"), or a revision noun and an
# 'unlimited' form ("修改这块 no limit", "no cap on the number of revision rounds"). A bounded
# count may answer a question about revisions asked just before ("改稿一般几轮呀？" →
# "一般一轮就行，顶多两轮"); an unbounded one needs the noun in its own sentence.
REV_NOUN = re.compile(
    r"修改|改稿|改图|修该|修订|返工|(?<![a-z])(?:revi\w{0,12}|edits?|tweaks?|feedback|changes|"
    r"amendments?)(?![a-z])|"
    r"(?:最多|至多|顶多|只|就)\s?改|改(?=\s?(?:\d{1,2}|[一两二三四五六七八九十])\s?[次轮版遍])",
    IA,
)
REV_BOUND_BEFORE = (
    r"(?P<pre>最多|至多|顶多|不超过|不多于|控制在|只|就|仅|限|≤|<=|"
    r"(?<![a-z])(?:max(?:imum)?|at most|up to|no more than|not more than|only|just)(?![a-z]))"
)
REV_BOUND_AFTER = (
    r"(?P<post>以内|之内|为限|封顶|以下|,?\s?(?:max|tops|at most|at the most)(?![a-z]))"
)
REV_COUNT = re.compile(
    rf"(?:{REV_BOUND_BEFORE}\s?(?:(?:给|提|改|修改|改稿)\s?)?)?"
    rf"(?<![\d.,$¥€£a-z])(?P<n>{REV_N}|once|twice)(?![a-z])(?:\s?\(\s?\d{{1,2}}\s?\))?\s?"
    r"(?P<unit>次|轮|版|遍|(?<![a-z])(?:rounds?|times|versions?)(?![a-z]))?"
    rf"(?:\s?{REV_BOUND_AFTER})?",
    IA,
)
REV_UNLIMITED = re.compile(
    r"unlimited|无限|不限|无上限|不设上限|没有上限|不封顶|改到[^,，。!?！？;；\n]{0,8}为止|"
    r"(?<![a-z])(?:no (?:revision |edit )?(?:limit|cap)s?|uncapped|not capped|"
    r"(?:don't|do not|won't|will not) (?:cap|limit) (?:them|it|the (?:number|rounds))|"
    r"as many as (?:you|needed|necessary|it takes))(?![a-z])",
    IA,
)
REV_REACH = 40  # a noun and its count or 'unlimited' are this close within a sentence
REV_ASKED = 100  # a bounded count answers a question about revisions this far before it


def revision_limits(s: str) -> list[tuple[int, int, str, int | None]]:
    """Revision limits read as a bound, a count and a revision noun in any order (see REV_NOUN)."""
    out: list[tuple[int, int, str, int | None]] = []

    def noun_near(a: int, b: int, reach: int, sentence: bool) -> bool:
        lo, hi = max(0, a - reach), min(len(s), b + reach)
        if sentence:
            ca, cb = clause_bounds(s, a, commas=False)
            lo, hi = max(lo, ca), min(hi, max(cb, b))
        return REV_NOUN.search(s, lo, hi) is not None

    for m in last_matches(REV_COUNT.finditer(s)):
        word = m.group("n").lower()
        bound = m.group("pre") or m.group("post")
        if not (m.group("unit") or word in ("once", "twice") or (bound and word.isdigit())):
            continue
        if word in ("a", "an") and not m.group("unit"):
            continue
        n = small_int(word)
        if n is None or n > 20:
            continue
        a, b = m.start(), m.end()
        if noun_near(a, b, REV_REACH, True) or (
            bound and REV_NOUN.search(s, max(0, a - REV_ASKED), a) is not None
        ):
            out.append((a, b, "n", n))
    for m in last_matches(REV_UNLIMITED.finditer(s)):
        if noun_near(m.start(), m.end(), REV_REACH, True):
            out.append((m.start(), m.end(), "unlimited", None))
    return out


PAY_KW = re.compile(
    r"结款|结算|付款|打款|回款|汇款|转账|结清|支付|到账|账期|天内结|天结|内结(?!束)|款项|"
    r"稿费.{0,4}(?:发|结)|released to you|"
    r"(?:结|付|打|给)钱|"
    r"funds? (?:are |is |will be |get )?released|提现|payable|\bsettled\b|"
    r"payment|\bpay\b(?!\s?(?:ads?|boost|for\s(?:the\s)?(?:ads?|boost)))|"
    r"\bpaid\b(?!\s?(?:ads?|boost|collab|partnership|media|promotion|social|post|campaign|"
    r"content|usage|spark))|invoice|payout",
    IA,
)
PAY_ZERO = re.compile(
    r"立即(?:付款|结算|结款|打款|支付|结)|立刻(?:付|结|打)|马上(?:付|结|打)|当天(?:付|结|打)|"
    r"先款后|款到|预付|先付|全款预付|paid upfront|pay upfront|upfront payment|payment upfront|"
    r"paid in advance|pay in advance|100% upfront|on the day of posting|same day|upon posting|"
    r"on posting|immediately after posting|"
    # paid as it goes up or on the day, the money word a few characters on (r30): "发布即结款",
    # "发布当天我们就转账", "到店拍摄那天我们就把钱给您结清", "we pay on the spot"
    r"发布即(?:结|付|打)|(?:当天|那天|当场)[^，,。！!？?；;\n]{0,10}?(?:转账|打款|付款|结款|结清|付清)|"
    r"(?:pay|paid)(?: you)? on the spot",
    IA,
)
# paying on the day refused: "那天我们不转账的", "当天没法转账", "发布即结款不太现实"
PAY_ZERO_REFUSED = re.compile(r"不(?!晚|迟|超过)|没法|没办法|无法|\bcan't\b|\bcannot\b|\bnot\b", IA)
PAY_ZERO_REFUSED_AFTER = re.compile(
    r"(?:款|算|清|钱|账)?[ \t]?(?:是)?"
    r"(?:不太现实|不现实|不太可能|不可能|做不到|不行|不支持|没法|不了)"
)
PAY_MONTHLY = re.compile(
    r"月结|(?:paid|pay|payment|payments|invoiced?|settled?)\s(?:\w+\s)?monthly|"
    r"monthly\s(?:payment|invoic\w{0,12}|settlement)",
    IA,
)
# a settlement that ends its clause, its days alone in the next (r30): "发布后平台自动结算，约7天",
# "由平台统一结算，预计10天左右" (not "平台结算，3天内请确认收货")
PAY_THEN_DAYS = re.compile(
    r"(?:结算|结款|打款|付款|回款)[ \t]?[，,][ \t]?(?:约|大约|大概|预计|一般|通常)?[ \t]?"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})[ \t]?(?:个)?(?P<u>工作日|自然日|天)"
    r"(?:左右|内|以内)?(?:到账)?[ \t]*(?=[。；;！!\n]|$)"
)
NET = re.compile(r"(?<![A-Za-z])net[\s-]?(\d{1,3})(?!\d)|(?<![A-Za-z])T\s?\+\s?(\d{1,3})", IA)

USAGE_KW = re.compile(
    r"授权|投流期|投放期|二次使用|二次传播|"
    r"二次剪辑|使用权|版权|usage|licen[cs]\w{0,12}|paid ads?|投放广告|whitelist\w{0,12}|"
    r"spark ads?|boost\w{0,12}|right to use|rights? to (?:use|repost|reuse)|"
    r"转发|转载|用在|用于|拿去(?:做|投|用)|在[^，,。；;\n]{1,12}使用|"
    r"reuse|re-use|repost|re-?share|re-?purpose|content rights|ads? permission|"
    r"\bshare (?:it|them|the (?:reel|video|post|content)s?|your)\b|\b(?:be )?featured (?:in|on)\b|"
    r"\bfeature (?:it|them|your|the|this)\b|"
    r"\b(?:be )?used (?:on|in|for|across)\b|\buse (?:it|them|your|the|this|these)\b|"
    r"\bads?\s?(?:ok|okay|allowed)\s(?:for|during)\b|"
    # "so we can run the note as an ad for 45 days", "合作码有效期 60 days"
    r"\brun (?:it|them|(?:both|all)(?: (?:the )?(?:note|post|video|reel)s)?|"
    r"the (?:note|post|video|reel|content)s?|your (?:note|post|video)s?) as "
    r"(?:an? )?(?:paid )?(?:social )?ads?\b|合作码(?:的)?(?:有效期|授权期|期限)|"
    r"\b(?:code|content|usage|ad) authori[sz]ation\b",
    IA,
)
# the term of a licence in the next clause: "开授权，期限3个月", "paid boost 授权，时长 6 个月"
TERM_LABEL = re.compile(
    r"[,，、]\s?(?:期限|时长|为期|有效期|授权期|使用期|周期|用|使用|投|"
    r"(?i:period|term|duration|valid for))\s?(?:为|是|of)?\s?[:：]?\s?"
)
# "… on our channels and in paid social for 3 months": a licence's term further on in the sentence
FOR_TERM = re.compile(r"\bfor\s(?:up to\s|a full\s)?$", IA)
# the clause after a licence names where it is used and then how long: "素材授权，我们官网和
# Tmall 详情页用 1 year", "License: commercial use, 1 year" (the clause only a term)
USE_FOR_BEFORE = re.compile(r"(?:用|使用|(?<![a-z])for)[ \t]?[:：]?[ \t]?$", IA)
# "7天内打款" right after a duration: a payment term
PAY_RIGHT_AFTER = re.compile(
    r"\s?(?:内|后|以内|之内)?\s?(?:结款|打款|付款|结算|支付|到账|回款|(?:结|付|打|给)钱)"
)
# said to be organic only: no paid boost
BOOST_OFF = (
    r"organic only|only organic|just organic|organic use only|纯自然流量|自然流量即可|仅自然流量|"
    r"只做自然流量|不投流|不加热|不做投放|不投放|no (?:paid )?ads\b"
)
USAGE_BEFORE = re.compile(
    r"(?P<n>\d{1,3}|one|two|three|six|twelve|a)\s(?P<u>days?|weeks?|months?|years?)\s"
    r"of\s(?:paid\s|organic\s)?"
    r"(?:usage|licens\w{0,12}|(?:usage |image |content )?rights|whitelisting)",
    IA,
)
BOOST_KW = re.compile(
    rf"投流|加热|投放广告|信息流|薯条|聚光|广告投放|投放|paid ads?|paid boost\w{{0,12}}|"
    r"paid promotion|boost\w{0,12}|spark ads?|whitelist\w{0,12}|ads? spend|"
    r"run (?:it )?as an? ad|as an? (?:paid )?ad|"
    r"paid media|paid usage|paid social|paid traffic|ads? permission|付费推广|付费投放|"
    # "ads OK", "ads ok'd", "ads allowed": the brand may run it as an ad
    r"\bads?\s?(?:are\s|is\s)?(?:ok|okay|ok'd|allowed|fine|welcome)\b|"
    r"in (?:our |their |the brand's )?(?:paid )?ads\b|(?:for|as|run|running)\s(?:\w+\s)?ads\b|"
    rf"{BOOST_OFF}",
    IA,
)
# a negation anywhere earlier in the clause, after its last "but" ("We will not use your content
# for paid ads", "内容不会拿去投流"); bare 不 is too common (不限, 不超过) to count
NEGATED_CLAUSE = re.compile(
    r"\b(?:no|not|never|won't|wont|don't|dont|doesn't|without|cannot|can't|isn't|aren't)\b|"
    r"不(?:会|做|需要?|用|投|可以?|能|得|允许|接受|拿|参与|进行|涉及|考虑|打算|要)|无需|无须|没有|暂不|禁止",
    IA,
)
CONTRAST = re.compile(r"\bbut\b|\bhowever\b|但是?|不过|可是|然而|只是", IA)


def negated(s: str, a: int, pos: int) -> bool:
    """Whether the clause from a says no before pos (and no "but" since)."""
    seg = s[max(a, pos - 48) : pos]
    cut = 0
    for contrast in CONTRAST.finditer(seg):
        cut = contrast.end()
    seg = seg[cut:]
    return NEGATED_CLAUSE.search(seg) is not None


NEGATION = re.compile(
    r"(?:不|无需|不会|不做|不需要|不用|无|won't|will not|wont|do not|don't|no|not|without|never)"
    r"[^,，。.!?！？;；\n]{0,8}$",
    IA,
)
EXCL_PATTERNS = [
    re.compile(r"排他\s?(?:期)?\s?[:：]?\s?"),
    re.compile(r"exclusiv\w{0,12}\s?(?:period)?\s?[:：]?\s?(?:of|for)?\s?", IA),
]
EXCL_KW = re.compile(
    r"排他|排它|竞品|同类|独家|exclusiv\w{0,12}|compet\w{1,12}|rival|similar brands|other brands|"
    # "No other footwear brand partnerships for 30 days", "no other tea brands for 2 weeks"
    r"\bno other (?:[\w-]+ ){0,2}(?:brands?|labels?|companies)\b|"
    # "30天内不接其他相机品牌", "直播后30天内不能接其他扫地机品牌", "20天内别接其他咖啡品牌"
    r"(?:不|别)(?:能|可|可以|得|要)?(?:再)?接(?:其他|别的|同类|任何)|"
    # "7 天内不要发其他美甲品牌", "30 天内不要发莫干山其他民宿", "先别推别的奶粉"
    r"(?:不|别)(?:能|可|可以|得|要)?(?:再)?(?:发|推|带|拍)[^\n，,。；;！!]{0,6}?(?:其他|别的)|"
    # "Please hold off on featuring other Hainan hotels for 30 days"
    r"\bhold off on (?:featuring|posting|promoting|working with|partnering with) (?:any )?other\b",
    IA,
)

NOTICE_FEE = re.compile(
    r"(?:service fee|platform fee|fee|commission|服务费|抽成|手续费)[^%\n。.]{0,8}?"
    r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d{1,2})?)\s?%|"
    # "keeps a 15% service fee", "将收取5%服务费", "Brandlink's 12% platform fee"
    r"(?<![\d.])(?P<n2>\d{1,2}(?:\.\d{1,2})?)\s?%\s?(?:的)?\s?"
    r"(?:technical |tech |marketplace |app )?"
    r"(?:service fee|platform fee|fee|commission|技术服务费|服务费|平台费|手续费|抽成)",
    IA,
)
# the platform named in a notice's first line keeping its part: "(Brandlink keeps 10%)"
PLATFORM_KEEPS = re.compile(
    r"(?P<who>[A-Z][\w&.\-]{1,30})(?:'s)?\s(?:keeps|takes|retains|charges)\s(?:a\s)?"
    r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d{1,2})?)\s?%"
)
PLATFORM = re.compile(
    r"(?:平台|platform|marketplace|蒲公英|星图|pugongying|xingtu)[^%\n。.]{0,16}?"
    r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d{1,2})?)\s?%",
    IA,
)
AGENCY_CUT = [
    re.compile(r"(?:抽|扣|拿|收|抽成|扣点)\s?(?<![\d.])(?P<n>\d{1,2}(?:\.\d)?)\s?个?点(?!\d)"),
    re.compile(
        r"(?<!平台)(?:抽成|抽佣|抽点|扣点|中介费|服务费|佣金比例|commission|agency fee|agency cut|"
        r"our cut|our fee|management fee|takes?|keeps?|retains?|cut|收取|收|抽|扣)"
        # within one clause: "平台10%服务费由达人承担；MCN抽佣20%" holds two
        r"[^%\n。；;]{0,12}?(?<![\d.])(?P<n>\d{1,2}(?:\.\d{1,2})?)\s?%",
        IA,
    ),
    re.compile(
        r"(?<![\d.])(?P<n>\d{1,2}(?:\.\d{1,2})?)\s?%\s?(?:的)?\s?(?:agency\s|management\s|talent\s)?"
        r"(?:commission|cut|抽成|扣点|agency fee|中介费|服务费|management fee)",
        IA,
    ),
]
# her own commission on what her code or link sells: "you earn 20% commission on every sale
# made with it", "every order placed with it", "每单你拿12%佣金" (r32)
HER_COMMISSION = re.compile(
    r"\b(?:you|you'll|you will)[ \t](?:get|earn|receive|make|keep)\b[^\n.;]{0,40}?"
    r"\b(?:sales?|orders?|purchases?)\b|你拿|归你|每单|用码",
    IA,
)
AGENCY_CONTEXT = re.compile(
    r"机构|MCN|agency|我们|our|\bwe\b|经纪|中介|抽成|抽佣|抽点|扣点|公司|commission|talent|"
    r"management",
    IA,
)


def pct_text(raw: str) -> str:
    d = Decimal(raw)
    text = format(d.normalize(), "f")
    return text


# --- dates -----------------------------------------------------------------------------------
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_WORD = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTH_AFTER = re.compile(rf"\s?{MONTH_WORD}(?![a-z])", IA)  # "by 22 Dec": a day
WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 6}
WEEKDAYS_EN = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
# A year as written: any from 1900 to 2999 is read, so that one the ledger cannot hold
# ("2100年1月10日", "1999/12/31") makes the date unread instead of leaving its month and day
# to be read as the next such day. The ledger's dates run 2000-2099 (app/validation.py
# DATE_MIN, DATE_MAX; not imported here, so the parser stays free of the app's imports).
YEAR = r"(?:19|2\d)\d\d"
FIRST_YEAR, LAST_YEAR = 2000, 2099
# a window written month, day, dash, day (r30): "between June 3–9", "Posting window: Aug 14-20"
# — its last day is the one to meet
MONTH_DAY_SPAN = re.compile(
    rf"(?<![A-Za-z]){MONTH_WORD}(?![a-z])[ \t]?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?[ \t]?[–—\-~][ \t]?"
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?![\d/:.,]\d|\d)",
    IA,
)
ABS_DATES = [
    re.compile(rf"(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>{YEAR})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<y>{YEAR}) ?[-/年.] ?(?P<m>\d{{1,2}}) ?[-/月.] ?(?P<d>\d{{1,2}}) ?[日号]?"
    ),
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?(?:日|号)?(?!\d)"),
    re.compile(
        r"(?<![\d.$¥€])(?P<m>\d{1,2})\s?[/.]\s?(?P<d>\d{1,2})(?P<suf>\s?(?:号|日|前|之前))?"
        r"(?![\d%.])(?!\s?[kKwW万千])"
    ),
    # "07-31前", "11-20 之前": a month and day with a dash, only with 前 after it (a bare
    # "1-2" is a range)
    re.compile(
        r"(?<![\d.\-/$¥€])(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])"
        r"(?P<suf>[ \t]?(?:前|之前|以前))"
    ),
    re.compile(
        rf"\b{MONTH_WORD}\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d])(?:,?\s(?P<y>{YEAR})(?!\d))?",
        IA,
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?{MONTH_WORD}(?:\s(?P<y>{YEAR}))?\b",
        IA,
    ),
]
DEADLINE_KW = re.compile(
    r"前|之前|以前|截止|截稿|deadline|\bDDL\b|due|直播|开播|上架|\bby\b|before|发布|发|上线|完成|交付|交稿|交|出稿|post|"
    r"deliver|live\b|stream|publish|go live|期望|submit|upload|\bin\b|"
    # a bound alone in its clause after one about getting the goods (r30): "收到样品后尽快发布，
    # 不晚于2026年10月20日", "拿到货之后再拍就行，最迟11月28日"
    r"不晚于|不迟于|最晚|最迟|no later than|at the latest|"
    # a clause that is just "时间：12.18号晚8点" (a live stream's or an event's date)
    r"^\s?[\u4e00-\u9fff]{0,4}(?:时间|日期)\s?[:：]|^\s?(?:date|when)\s?[:：]",
    IA,
)
REL_DEADLINE_KW = re.compile(
    r"发布|发|上线|上架|\bDDL\b|完成|交付|交稿|交|出稿|截止|post|deliver|live\b|publish|submit|upload|need|"
    r"\bup\b|ready|within|内|"
    r"deadline|due|拍|shoot|film|完成|draft|初稿|\bby the end\b|\bbefore the end\b",
    IA,
)
# "月底前 发就行", "下周五之前  上线": 前, spaces, then the posting (r31)
BEFORE_THEN_POST = re.compile(
    r"[ \t]?(?:前|之前|以前)[ \t]{1,3}(?:发布?|上线|交稿|完成|post|live)", IA
)
# a bound word of r30's and what else it can bound: the sample sent back, the contract, the
# invoice (attack review r30)
BOUND_WORD = re.compile(r"不晚于|不迟于|最晚|最迟|no later than|at the latest", IA)
BOUND_OTHER = re.compile(
    r"寄回|退回|寄还|归还|返还|签回|签署|签约|合同|发票|开票|invoices?|contracts?|agreements?|"
    r"\bsign(?:ed)?\b|\breturn(?:ed)?\b",
    IA,
)
# where a sentence's parts join: "… net 30 and we'd need it live …", "…打款，下个月底前发布"
PART_REACH = 120  # a part of a sentence is read back this far from its date
PART_JOINT = re.compile(r"[,，、]|\s(?:and|but|so|while)\s|并且|而且|然后", IA)
NOT_DEADLINE = re.compile(
    r"寄出|寄样|发货|快递|到货|收到|签收|上新|开售|回复|报名|确认|筛选|审核结果|ship|arrive|receive|"
    r"launch|reply|respond|confirm|let us know|get back|"
    # what the brand will do by then, not the creator: "品牌方会在3个工作日内筛选"
    r"(?:品牌方?|我们)(?:会|将)在|"
    r"we(?:'ll| will) (?:review|select|reply|get back|confirm|ship|send|choose|pick|announce)",
    IA,
)
# the goods sent off or the contract sent, said of the date (r27): "样品后天发出", "合同我下周二前
# 发您" — only where the verb comes after the date, not "产品发出后请5月20日前发布", "合同发您了请
# 5月25号前发布" (attack review r27)
SENT_OFF = re.compile(
    r"(?:样机|样品|样衣|产品|新品|货|礼盒|包裹|快递|赠品|礼品)[^，,。！!\n]{0,6}发出|"
    r"合同[^，,。！!\n]{0,8}发(?:给)?(?:你|您)"
)
# r27's other acts, read only in the part of the sentence that holds the date ("Please sign the
# agreement and post by June 10": the post's date; attack review r27): a follow-up or a ping,
# hearing from the brand, the contract sent or signed
OTHER_ACT = re.compile(
    r"\b(?:I|we)(?:'ll| will| can| may| shall)? follow[- ]?up\b|"
    r"\bfollow[- ]?up (?:if|in case|unless|with (?:you|me|us))\b|\ba follow[- ]?up\b|"
    r"\bping (?:me|us)\b|\bhear(?:d)? (?:back )?from (?:me|us)\b|"
    r"\b(?:email|send|mail|sign)(?:s|ed|ing)?(?: you| over| back)?(?: the| a| our)? "
    r"(?:contract|agreement|paperwork)\b",
    IA,
)
# where a sentence's parts join, for OTHER_ACT: "… by June 15 and follow …", "due June 19 — ping us"
ACT_JOINT = re.compile(r"\s(?:and|but|so|then|while)\s|\s[—–-]{1,2}\s|[;；]", IA)
# a stay's date: "check-in Sept 12", "入住6月6日", "6月8日退房", "within 10 days of check-out",
# "退房后7天内" (not "入住后请在5月31日前发布", a date of the content; attack review r27)
STAY = r"(?:入住|退房|离店|check[- ]?(?:in|out)\b)"
STAY_BEFORE = re.compile(
    STAY + r"(?:后|之后)?(?:日期|时间|date|day)?[ \t]*[:：]?[ \t]*(?:(?:on|is)[ \t])?$", IA
)
STAY_AFTER = re.compile(r"[ \t]*(?:(?:of|after|from)[ \t](?:the[ \t])?)?" + STAY, IA)
# a date for answering the invitation or for getting the product, in a clause that names no
# content ("报名请于11月8日前提交", "Accept or decline by Sept 20", "请在12月12日前 RSVP",
# "You'll recieve the ring within a week"): the creator's reply or the brand's shipping, no deadline
REPLY_ONLY = re.compile(
    r"申请|报名|接单|接受邀请|回复|accept|decline|apply|applications?|RSVP|sign[- ]?up|"
    r"register|let (?:me|us) know|\blmk\b|get back to|"
    r"you(?:'ll| will) (?:get|receive|recieve)|recieve|receive",
    IA,
)
CONTENT_KW = re.compile(
    r"发布|上线|上架|交稿|出稿|初稿|截稿|DDL|deadline|due|publish|post(?:s|ed|ing)?\b|"
    r"go(?:es)? live|"
    r"\blive\b|\bup\b|upload|submit|draft|content|内容|笔记|视频|图文|note|video|reel",
    IA,
)
# an aside in brackets within a sentence: "（产品收到后可以先用几天再拍）", or one the
# sentence's bounds cut at a comma inside it ("(the tins ship this week, so …)")
ASIDE = re.compile(r"[（(][^（()）\n]{1,80}(?:[)）]|\Z)")
# the content named outside the aside (not "deadline" alone: "Deadline April 8 (reply with
# your address …)" is the reply's date)
ASIDE_OUTSIDE_CONTENT = re.compile(
    r"发布|上线|上架|交稿|出稿|初稿|拍|publish|post(?:s|ed|ing)?\b|go(?:es)? live|\blive\b|\bup\b|"
    r"upload|submit|draft|content|内容|笔记|视频|图文|\bnotes?\b|videos?|reels?|tiktoks?",
    IA,
)
# "by this Friday", "before Monday": a weekday said as a limit
LIMIT_BEFORE = re.compile(r"\b(?:by|before|until|no later than)\s$", IA)
OTHER_TERM_KW = re.compile(
    r"排他|竞品|授权|二次|usage|licens|exclusiv|compet|投流|paid ads?|boost", IA
)


HOLIDAYS = {
    "元旦": (1, 1),
    "情人节": (2, 14),
    "女神节": (3, 8),
    "妇女节": (3, 8),
    "双十一": (11, 11),
    "双11": (11, 11),
    "双十二": (12, 12),
    "双12": (12, 12),
    "平安夜": (12, 24),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "儿童节": (6, 1),
    "国庆": (10, 1),
    "国庆节": (10, 1),
    "教师节": (9, 10),
    "万圣节": (10, 31),
    "halloween": (10, 31),
    "圣诞": (12, 25),
    "圣诞节": (12, 25),
    "christmas": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "valentine's day": (2, 14),
}
# holidays whose day moves from year to year (r32): lunar ones and 清明 from a table of their
# days (2024–2030; a year outside it gives no date), the others by their rule (the second
# Sunday of May, the fourth Thursday of November, …): "端午前", "before Mother's Day",
# "by Thanksgiving"
LUNAR_DAYS = {
    "春节": ("2024-02-10 2025-01-29 2026-02-17 2027-02-06 2028-01-26 2029-02-13 2030-02-03"),
    "元宵": ("2024-02-24 2025-02-12 2026-03-03 2027-02-20 2028-02-09 2029-02-27 2030-02-17"),
    "清明": ("2024-04-04 2025-04-04 2026-04-05 2027-04-05 2028-04-04 2029-04-04 2030-04-05"),
    "端午": ("2024-06-10 2025-05-31 2026-06-19 2027-06-09 2028-05-28 2029-06-16 2030-06-05"),
    "七夕": ("2024-08-10 2025-08-29 2026-08-19 2027-08-08 2028-08-26 2029-08-16 2030-08-05"),
    "中秋": ("2024-09-17 2025-10-06 2026-09-25 2027-09-15 2028-10-03 2029-09-22 2030-09-12"),
}
LUNAR_TABLE = {
    name: {int(d[:4]): date.fromisoformat(d) for d in days.split()}
    for name, days in LUNAR_DAYS.items()
}
# name as written (lowercase) → (table or rule, days after it)
MOVING_HOLIDAYS: dict[str, tuple[str, int]] = {
    "春节": ("春节", 0),
    "农历新年": ("春节", 0),
    "chinese new year": ("春节", 0),
    "lunar new year": ("春节", 0),
    "除夕": ("春节", -1),
    "元宵": ("元宵", 0),
    "元宵节": ("元宵", 0),
    "清明": ("清明", 0),
    "清明节": ("清明", 0),
    "端午": ("端午", 0),
    "端午节": ("端午", 0),
    "dragon boat festival": ("端午", 0),
    "七夕": ("七夕", 0),
    "七夕节": ("七夕", 0),
    "中秋": ("中秋", 0),
    "中秋节": ("中秋", 0),
    "mid-autumn festival": ("中秋", 0),
    "mid-autumn": ("中秋", 0),
    "母亲节": ("may-sun-2", 0),
    "mother's day": ("may-sun-2", 0),
    "mothers day": ("may-sun-2", 0),
    "父亲节": ("jun-sun-3", 0),
    "father's day": ("jun-sun-3", 0),
    "fathers day": ("jun-sun-3", 0),
    "感恩节": ("nov-thu-4", 0),
    "thanksgiving": ("nov-thu-4", 0),
    "黑五": ("nov-thu-4", 1),
    "black friday": ("nov-thu-4", 1),
    # (the Monday after Thanksgiving, not the next Monday: attack review r32)
    "cyber monday": ("nov-thu-4", 4),
    # (Canada's is the second Monday of October: attack review r32)
    "canadian thanksgiving": ("oct-mon-2", 0),
}
NTH_WEEKDAY = {
    "may-sun-2": (5, 6, 2),
    "jun-sun-3": (6, 6, 3),
    "nov-thu-4": (11, 3, 4),
    "oct-mon-2": (10, 0, 2),
}
# another country's day of the same name, on another rule: no day rather than the US one ("before
# UK Mother's Day" is Mothering Sunday in March; "Thanksgiving (Canada)")
HOLIDAY_OTHER_COUNTRY_BEFORE = re.compile(r"(?:\bUK|\bBritish|\bEnglish|英国)[ \t]?$", IA)
HOLIDAY_OTHER_COUNTRY_AFTER = re.compile(r"[ \t]?(?:\((?:canada|uk)\)|in (?:canada|the uk)\b)", IA)


def holiday_day(name: str, year: int) -> date | None:
    """The day of a holiday (its name as HOLIDAY matched it) in a year; None where not known."""
    key = name.lower().replace("\u2019", "'")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None  # (today 9999-12-31 asks for year 10000: attack review r32)
    if key in HOLIDAYS:
        month, day = HOLIDAYS[key]
        return date(year, month, day)
    rule, shift = MOVING_HOLIDAYS[key]
    if rule in NTH_WEEKDAY:
        month, weekday, nth = NTH_WEEKDAY[rule]
        first = date(year, month, 1)
        day_of = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        found = LUNAR_TABLE[rule].get(year)
        if found is None:
            return None
        day_of = found
    return day_of + timedelta(days=shift)


# a holiday named alone ("五一前", "国庆") — not a place named for it ("五一广场店"); after
# "before" any word may follow ("before 国庆发布", r32)
HOLIDAY_LOOSE = ("五一", "劳动节", "儿童节", "国庆", "国庆节", "教师节", "万圣节", "halloween")
HOLIDAY_STRICT = (set(HOLIDAYS) - set(HOLIDAY_LOOSE)) | set(MOVING_HOLIDAYS)
HOLIDAY = re.compile(
    r"(?<=before )(?:"
    + "|".join(re.escape(k) for k in sorted(HOLIDAY_LOOSE, key=len, reverse=True))
    # (not a place named for it, nor a longer word: "before 五一广场店开业", attack review r32)
    + r")(?![a-z]|[ \t]?(?:广场|路|街|店|大道|商场|中心|公园|站|号))|(?:"
    + "|".join(re.escape(k) for k in sorted(HOLIDAY_LOOSE, key=len, reverse=True))
    + r")(?=前|之前|以前|假期|长假|小长假|期间|当天|\s|$|[,.，。!?！？])|(?:"
    + "|".join(
        re.escape(k).replace("'", "['\u2019]")
        for k in sorted(HOLIDAY_STRICT, key=lambda k: (-len(k), k))
    )
    + r")(?=前|之前|以前|之?后|以后|过后|当天|期间|假期|长假|小长假|有|\s|$|[,.，。!?！？])",
    IA,
)


# a holiday said as a limit: "国庆前", "国庆假期前", "圣诞前一周", "国庆前三天" — not "国庆前后"
# (around it: the day named; attack review r30)
HOLIDAY_BEFORE_AFTER = re.compile(
    r"[ \t]?(?:假期|长假|小长假|节假日)?(?:之前|以前|前)(?!后)"
    r"(?:[ \t]?(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})[ \t]?(?:个)?[ \t]?"
    r"(?P<u>天|日|周|星期))?"
)
HOLIDAY_BEFORE_EN = re.compile(
    r"(?:(?<![a-z])(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|ten)[ \t]"
    r"(?P<u>days?|weeks?)[ \t])?\bbefore[ \t](?:the[ \t])?$",
    re.I,
)
# nothing may go up before it: "国庆前不要发", "双11前别发", "Please don't post before Christmas"
# (in its own clause: not "No rush on timing, but before Christmas would be amazing")
HOLIDAY_NOT_BEFORE_ZH = re.compile(r"[ \t]?(?:先|请|千万)?(?:别|不要|不能|不可以|勿|禁止)")
HOLIDAY_NOT_BEFORE_EN = re.compile(
    r"(?:(?<![a-z])(?:not|never|nothing|no)(?![a-z])|n't)[^\n.!?。！？,，;；]{0,24}$", re.I
)
# its year beside it: "2027年国庆前", "before Christmas 2027"
# ("2027 Christmas" and "Christmas 2027" for a Latin name only: "预算2000 国庆前", "双11 2000元"
# say money)
# (any four digits before 年 or after a Latin name are its year, the ledger's or not: "9999年中秋前"
# gives no day rather than this year's; a comma may follow: "before Mother's Day 2029, 1 Reel";
# attack review r32)
HOLIDAY_YEAR_BEFORE = re.compile(
    r"(?<![\d¥$€.])(?P<y>\d{4})(?:[ \t]?年[ \t]?|(?<=(?:19|2\d)\d\d)(?P<sp>[ \t]))$"
)
HOLIDAY_YEAR_AFTER = re.compile(
    r",?[ \t](?P<y>\d{4})(?![\d/年\-]|[.,]\d)(?![ \t]?(?:元|块|yuan|rmb|usd|dollars?|k\b))", IA
)
# the year said in words before it: "明年端午前", "next year's Mother's Day" (attack review r32)
HOLIDAY_YEAR_WORD = re.compile(
    r"(?P<w>明年|今年|去年|上次|上回|上一次|next year|this year|last year|last)"
    r"(?:'s)?[ \t]?的?[ \t]?$",
    IA,
)
# a holiday said as the time after which to do something: no limit on it
AFTER_HOLIDAY = re.compile(r"[ \t]?(?:之后|以后|过后|过了|后(?![天年]))")
AFTER_BEFORE = re.compile(r"(?<![a-z])(?:after|once|past)[ \t](?:the[ \t])?$", re.I)
# …unless nothing may go after it: "don't post anything past Christmas Eve", "nothing after
# Christmas" — then the holiday is the limit (not "don't post until after Christmas")
NOT_AFTER = re.compile(
    r"(?:(?<![a-z])(?:not|never|nothing|no)(?![a-z])|n't)"
    r"(?:(?!until|till|before|unless)[^\n.!?。！？]){0,24}$",
    re.I,
)
# …or it is said that after it is no good: "双十一之后就不要发了", "双十一过了就没用了",
# "Posting after Christmas won't work", "after Christmas is too late"
AFTER_REFUSED = re.compile(
    r"(?:[ \t]?(?:之后|以后|过后|过了|后)|[ \t]?(?:day|eve)?)"
    r"[^\n。！？!?.]{0,8}?(?:就?(?:不要|不能|不行|不可以|没用|太晚|来不及)|"
    r"(?<![a-z])(?:won't|will not|wouldn't|can't|cannot|doesn't|does not|is|are|'s)[ \t]"
    r"(?:(?:way|much|too|really|a[ \t]bit)[ \t])*(?:work|too late|late|useless|no good))",
    re.I,
)


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def absolute_date(today: date, y: int | None, m: int, d: int) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    year = y if y is not None else (today.year + 1 if m < today.month else today.year)
    try:
        return date(year, m, d)
    except ValueError:
        return None


EVENT_WORD = (
    r"活动|发布会|快闪|探店|到店|直播|event|pop-?up|launch|activation|workshop|opening|"
    r"the shoot|the day"
)
EVENT_RELATIVE = re.compile(
    rf"(?:(?:{EVENT_WORD})[^\n。；;!?！？]{{0,14}}?(?:结束)?(?P<k>后)\s?|"
    rf"(?P<k2>within)\s)"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3}|one|two|three|four|five|seven|ten|a)\s?(?:个)?\s?"
    r"(?P<u>天|日|周|星期|工作日|days?|weeks?|business days?)"
    rf"(?:\s?(?:内|之内|以内)|(?(k2)\s(?:after|of|from)\s(?:the\s)?(?:{EVENT_WORD})))",
    IA,
)


# a mail header's date line, when a sender's, recipient's or subject's line is beside it
MAIL_DATE_LINE = re.compile(
    r"^[ \t]?(?:date|sent|发送时间|发件时间|发信时间)[ \t]?[:：][^\n]{0,60}$", re.M | re.I
)
MAIL_HEAD_NEAR = re.compile(
    r"(?:^|\n)[ \t]?(?:from|to|subject|cc|发件人|收件人|主题|抄送)[ \t]?[:：]", re.I
)
# a word of the content on a "Date:" line: "Date: live by June 18", "Date: June 18 (go-live)"
MAIL_DATE_CONTENT = re.compile(
    r"\b(?:by|before|live|go-live|post(?:ing|ed)?|publish|due|deadline)\b|前|发布|上线|截止", re.I
)
# a holiday named as the reason for an earlier date on its line: "4月25日前（想赶五一前的流量）",
# "by Dec 18 (we want to catch the Christmas traffic)"
HOLIDAY_REASON = re.compile(
    r"[ \t]?(?:(?:前|之前)?(?:想要|要|想|赶)?的?[ \t]?(?:流量|热度|节点|势头|氛围)|"
    r"(?:day|eve)?[ \t](?:traffic|rush|crowds?|shoppers|buzz)\b)",
    re.I,
)


# what a "this month" period is for: the content, or a limit said plainly ("Anytime within this
# month works", "这个月内发布就可以") — a REL_DEADLINE_KW word other than 内 itself
THIS_MONTH_DONE = re.compile(
    r"发布|上线|上架|\bDDL\b|完成|交付|交稿|出稿|截止|拍|发(?!展|现|货|出)|\bpost|deliver|\blive\b|"
    r"publish|submit|upload|\bup\b|ready|deadline|due|shoot|film|draft|初稿|"
    r"anytime|any time|works|随时|都行|都可以|就行|就可以|就好|\bOK\b",
    IA,
)
# "本月内发布的笔记", "本月以内下单的达人": the period names which ones, it is no limit
THIS_MONTH_NAMES = re.compile(r"\s?[\u4e00-\u9fff]{1,4}的")


def date_is_limit(s: str, a: int, b: int) -> bool:
    """The date at a:b is said as a limit: "9月26日前", "by Dec 18", "截止4月8日"."""
    return bool(
        re.match(r"\s?(?:前|之前|以前)", s[b : b + 4])
        or re.search(
            r"(?:\b(?:by|before|until|till|no later than|due|deadline)|截止|截至|最晚|不晚于)"
            r"[ \t:：]{0,3}(?:(?:on|the)[ \t])?$",
            s[max(0, a - 20) : a],
            IA,
        )
    )


# a span counted from taking the order, which is done as the message is answered (r31):
# "接单后15天内", "下单后20天内发布", "接受邀约后两周内", "within 10 days of accepting the order" —
# counted from today (not "收到样品后7天内", "发布后30天内", counted from a day not yet known)
ORDER_NOW_BEFORE = re.compile(
    # (接受合作, 确认接单: attack review r31)
    r"(?:接单|下单|接受(?:邀约|邀请|订单|合作))[ \t]?(?:之)?后[ \t]?$"
)
ORDER_NOW_AFTER = re.compile(
    r"\s?(?:of|after|from)\s(?:you\s)?(?:accept(?:ing|ance of)?|taking|confirm(?:ing)?)\s"
    r"(?:the\s|this\s|our\s)?(?:order|invite|invitation|booking|collab(?:oration)?)\b",
    IA,
)


def find_dates(s: str, today: date) -> list[tuple[date, int, int, bool]]:
    """(date, start, end, relative) for every date expression."""
    out: list[tuple[date, int, int, bool]] = []
    taken = bytearray(len(s) + 1)

    def add(value: date | None, a: int, b: int, relative: bool) -> None:
        while a < b and s[a].isspace():
            a += 1  # a match may start on the line before; its clause is the date's own
        if value is None or any(taken[a:b]):
            return
        taken[a:b] = b"\x01" * (b - a)
        out.append((value, a, b, relative))

    for line in MAIL_DATE_LINE.finditer(s):
        # "Date: Mar 24" under "From: …": when a mail was sent, not a date of the deal (r27);
        # not a line saying what is done then ("Date: live by June 18" in a brief under
        # "Subject: …" is the deadline; attack review r27)
        near = s[max(0, line.start() - 200) : line.end() + 200]
        if MAIL_HEAD_NEAR.search(near) and not MAIL_DATE_CONTENT.search(line.group(0)):
            taken[line.start() : line.end()] = b"\x01" * (line.end() - line.start())
    for label in BRACKET_SPEAKER.finditer(s):
        # "[Ivy 03/02 20:14]": when a chat line was sent, not a date of the deal
        taken[label.start() : label.end()] = b"\x01" * (label.end() - label.start())
    for m in MONTH_DAY_SPAN.finditer(s):
        first, last = int(m.group("d1")), int(m.group("d2"))
        if first < last:
            month = MONTHS[m.group("mon")[:3].lower()]
            add(absolute_date(today, None, month, last), m.start(), m.end(), False)
    for i, rx in enumerate(ABS_DATES):
        for m in rx.finditer(s):
            g = m.groupdict()
            month = MONTHS[g["mon"][:3].lower()] if g.get("mon") else int(g["m"])
            if i == 3:  # "12.20": a dotted date needs 号/前 or a deadline word (not 1.5w)
                sep = s[m.start("m") : m.start("d")]
                if "." in sep and not g.get("suf"):
                    ctx = s[max(0, m.start() - 10) : m.start()]
                    if not re.search(r"截止|deadline|due|by|before|[:：]\s?$", ctx, IA):
                        continue
            y = int(g["y"]) if g.get("y") else None
            if y is not None and not FIRST_YEAR <= y <= LAST_YEAR:
                # a year out of the ledger's range: no date, and its month and day are not
                # read again by a rule without a year
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                continue
            day = int(g["d"])
            if i == 0 and month > 12 and day <= 12:
                month, day = day, month  # "28/09/2027": written day first (no 28th month)
            add(absolute_date(today, y, month, day), m.start(), m.end(), False)
    for m in re.finditer(
        r"(?<![\d月/.\-])(?P<d>\d{1,2}) ?[号日] ?(?=前|之前|以前)|(?i:by|before) the (?P<e>\d{1,2})"
        r"(?:st|nd|rd|th)",
        s,
    ):
        day = int(m.group("d") or m.group("e"))
        y, mo = today.year, today.month
        if day < today.day:
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        if day <= calendar.monthrange(y, mo)[1]:
            add(date(y, mo, day), m.start(), m.end(), False)

    def next_to_date(a: int, b: int) -> bool:
        """ "Friday, April 24", "12 月 18 日（周六）": a weekday beside a date names that date;
        the date's span takes the weekday in, so that its clause is the one the weekday opens."""
        i, j = a, b
        while i > 0 and a - i < 3 and s[i - 1] in " \t（(,，":
            i -= 1
        while j < len(s) and j - b < 3 and s[j] in " \t（(,，":
            j += 1
        near = i - 1 if i > 0 and taken[i - 1] else (j if j < len(s) and taken[j] else -1)
        if near < 0:
            return False
        for k, (value, da, db, rel) in enumerate(out):
            if da <= near < db:
                out[k] = (value, min(a, da), max(b, db), rel)
                taken[a:b] = b"\x01" * (b - a)
                return True
        return False

    monday = today - timedelta(days=today.weekday())
    for m in re.finditer(
        r"(?P<w>下下|下|本|这|this|next)?\s?(?:个)?(?:周|星期|礼拜)(?P<d>[一二三四五六日天末])", s
    ):
        if next_to_date(m.start(), m.end()):
            continue
        w = m.group("w") or ""
        offset = WEEKDAYS_ZH[m.group("d")]
        if w == "下下":
            value = monday + timedelta(days=14 + offset)
        elif w == "下":
            value = monday + timedelta(days=7 + offset)
        else:
            value = monday + timedelta(days=offset)
            if value < today and not w:
                value += timedelta(days=7)
        add(value, m.start(), m.end(), True)
    for m in re.finditer(
        # (not "Black Friday", a holiday, r32)
        # (nor "Cyber Monday": attack review r32)
        r"\b(?P<w>next|this|coming)?\s?(?<!black )(?<!cyber )"
        r"(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        s,
        IA,
    ):
        if next_to_date(m.start(), m.end()):
            continue
        w = (m.group("w") or "").lower()
        offset = WEEKDAYS_EN[m.group("d").lower()]
        if w == "next":
            value = monday + timedelta(days=7 + offset)
        else:
            value = monday + timedelta(days=offset)
            if value < today:
                value += timedelta(days=7)
        add(value, m.start(), m.end(), True)
    for m in re.finditer(r"(?:本周|这周|本星期|这个星期|this week)(?:内|末|end)?", s, IA):
        add(monday + timedelta(days=6), m.start(), m.end(), True)
    for m in re.finditer(
        r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s?月\s?"
        r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3}|底|末)\s?(?:日|号)?",
        s,
    ):
        # "12月底", "十二月二十号"
        mo_n = small_int(m.group("m"))
        d_text = m.group("d")
        if mo_n is None or not 1 <= mo_n <= 12:
            continue
        year = today.year + 1 if mo_n < today.month else today.year
        if d_text in ("底", "末"):
            add(month_end(year, mo_n), m.start(), m.end(), False)
        elif not d_text.isdigit():
            day = small_int(d_text) or 0
            add(absolute_date(today, None, mo_n, day), m.start(), m.end(), False)
    for m in re.finditer(r"下(?:个)?月底|下(?:个)?月末|end of next month", s, IA):
        y, mo = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        add(month_end(y, mo), m.start(), m.end(), True)
    for m in re.finditer(
        r"(?:本|这个?)?月底|(?:本|这个?)?月末|end of (?:the |this )?month|month[- ]end",
        s,
        IA,
    ):
        add(month_end(today.year, today.month), m.start(), m.end(), True)
    for m in re.finditer(
        r"(?:本|这个?)月\s?(?:之|以)?内|this month\s?(?:之|以)?内|"
        r"\b(?:within|during) (?:this|the current) month\b",
        s,
        IA,
    ):
        # "这个月内发布", "this month 之内 post", "within this month": by the month's end (r27;
        # not 当月内, each month of a long-term deal). Only when the clause says what is done
        # by then: not "这个月内我们在做新品推广", "本月以内下单的达人都有返佣", nor a time that
        # names which notes, "本月内发布的笔记都可以参加…" (attack review r27)
        ca, cb = clause_bounds(s, m.start())
        rest = s[ca : m.start()] + " " + s[m.end() : cb]
        if THIS_MONTH_NAMES.match(s, m.end()) or not THIS_MONTH_DONE.search(rest):
            continue
        add(month_end(today.year, today.month), m.start(), m.end(), True)
    for m in re.finditer(
        r"年底|年末|今?年内|今年之内|end of (?:the |this )?year|(?:the |this )?year[- ]end", s, IA
    ):
        add(date(today.year, 12, 31), m.start(), m.end(), True)
    for m in re.finditer(
        rf"\bend of (?:the month of )?{MONTH_WORD}|"
        rf"\b{MONTH_WORD.replace('?P<mon>', '?P<mon2>')}[- ]end\b",
        s,
        IA,
    ):
        # "before the end of December": that month's last day, this year or next
        month = MONTHS[(m.group("mon") or m.group("mon2"))[:3].lower()]
        year = today.year + 1 if month < today.month else today.year
        add(month_end(year, month), m.start(), m.end(), False)
    for m in re.finditer(
        r"(?<![个\d])(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s?月(?:份)?\s?(?:内|之内|以内)", s
    ):
        # "12月内发布" is within December, not within twelve months ("12个月内")
        mo_n = small_int(m.group("m"))
        if mo_n is not None and today.month <= mo_n <= 12:
            add(month_end(today.year, mo_n), m.start(), m.end(), False)
    for m in re.finditer(r"(?:本|这个?)月\s?(?P<d>\d{1,2})\s?[号日]", s):
        if int(m.group("d")) <= calendar.monthrange(today.year, today.month)[1]:
            add(date(today.year, today.month, int(m.group("d"))), m.start(), m.end(), False)
    for m in HOLIDAY.finditer(s):
        after = AFTER_BEFORE.search(s, max(0, m.start() - 10), m.start())
        said = after.start() if after else m.start()
        if (
            (AFTER_HOLIDAY.match(s, m.end()) or after)
            and not NOT_AFTER.search(s, max(0, said - 30), said)
            and not AFTER_REFUSED.match(s, m.end())
        ):
            continue  # "双十一之后再发布", "post it after Christmas": from then on, no deadline
        line_start = s.rfind("\n", 0, m.start()) + 1
        if HOLIDAY_REASON.match(s, m.end()) and any(
            out_a >= line_start and date_is_limit(s, out_a, out_b) for _, out_a, out_b, _ in out
        ):
            # the reason for the limit before it on its line, not a second date; a date of
            # something else before it ("4月10号寄样，笔记赶五一前的热度发布") leaves the holiday
            # the limit (attack review r27)
            continue
        if m.group(0).lower() not in HOLIDAYS and (
            HOLIDAY_OTHER_COUNTRY_BEFORE.search(s, max(0, m.start() - 10), m.start())
            or HOLIDAY_OTHER_COUNTRY_AFTER.match(s, m.end())
        ):
            continue
        if m.group(0).lower() in HOLIDAYS:
            when = absolute_date(today, None, *HOLIDAYS[m.group(0).lower()])
        else:  # a moving holiday: its next day from today on
            when = holiday_day(m.group(0), today.year)
            if when is None or when < today:
                when = holiday_day(m.group(0), today.year + 1)
        # its year said beside it: "2027年国庆前", "before Christmas 2027" (attack review r30)
        latin = m.group(0).isascii()
        said_year = HOLIDAY_YEAR_BEFORE.search(s, max(0, m.start() - 8), m.start())
        if said_year is not None and said_year.group("sp") and not latin:
            said_year = None
        if said_year is None and latin:
            said_year = HOLIDAY_YEAR_AFTER.match(s, m.end())
        if said_year is not None and FIRST_YEAR <= int(said_year.group("y")) <= LAST_YEAR:
            when = holiday_day(m.group(0), int(said_year.group("y")))
        elif said_year is not None:
            continue  # "9999年中秋前": a year the ledger cannot hold, not this year's holiday
        elif word := HOLIDAY_YEAR_WORD.search(s, max(0, m.start() - 12), m.start()):
            if word.group("w").lower() in ("去年", "上次", "上回", "上一次", "last year", "last"):
                continue  # "去年七夕以前我们合作过", "上次中秋以前的那篇": one gone by
            year = today.year + (1 if word.group("w").lower() in ("明年", "next year") else 0)
            when = holiday_day(m.group(0), year) if year <= LAST_YEAR else None
        ahead = HOLIDAY_BEFORE_AFTER.match(s, m.end())
        behind = HOLIDAY_BEFORE_EN.search(s, max(0, m.start() - 24), m.start())
        if (ahead and HOLIDAY_NOT_BEFORE_ZH.match(s, ahead.end())) or (
            behind and HOLIDAY_NOT_BEFORE_EN.search(s, max(0, behind.start() - 30), behind.start())
        ):
            # "国庆前不要发", "don't post before Christmas": nothing may go up before it, no limit
            # at its eve (attack review r30)
            continue
        if when is not None and (ahead or behind):
            # "国庆前发", "before Christmas": before the holiday begins, its eve (the blind
            # writers' reading in every set; "12月10日前" stays the day named); "圣诞前一周",
            # "2 days before Christmas": that many days before it (attack review r30)
            counted = ahead if ahead and ahead.group("n") else behind
            back = 1
            if counted is not None and counted.group("n"):
                back = days_of(counted.group("n"), counted.group("u")) or 1
            when -= timedelta(days=back)
        if when is not None and not FIRST_YEAR <= when.year <= LAST_YEAR:
            continue  # "2000年元旦前": 1999-12-31, a day the ledger cannot hold
        add(when, m.start(), m.end(), False)
    for m in re.finditer(r"下(?:个)?月\s?(?P<d>\d{1,2})\s?[号日]", s):
        y, mo = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        if int(m.group("d")) <= calendar.monthrange(y, mo)[1]:
            add(date(y, mo, int(m.group("d"))), m.start(), m.end(), False)
    for m in re.finditer(r"明天|tomorrow", s, IA):
        add(today + timedelta(days=1), m.start(), m.end(), True)
    for m in re.finditer(r"后天", s):
        add(today + timedelta(days=2), m.start(), m.end(), True)
    # "活动结束后3天内发布", "within 3 days after the pop-up", "发布会（12月12日）后一周内": counted
    # from the event's day, the last date named before it
    named = sorted(out, key=lambda x: x[1])
    named_starts = [x[1] for x in named]
    for m in EVENT_RELATIVE.finditer(s):
        d = days_of(m.group("n"), m.group("u").replace("个", ""))
        k = m.start("k") if m.group("k") else m.start("k2")
        i = bisect_left(named_starts, k) - 1
        if d is None or d > 366 or i < 0:
            continue
        add(named[i][0] + timedelta(days=d), k, m.end(), False)
    for m in re.finditer(
        r"(?:within(?: the next)?|in(?: the next)?|请在|需在|在)?\s?"
        r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,6}|one|two|three|four|five|six|seven|ten|a)\s?(?:个)?\s?(?P<u>天|日|周|星期|个?月|工作日|days?|weeks?|months?|"
        r"business days?)\s?(?:内|之内|以内|里)?",
        s,
        IA,
    ):
        text = m.group(0)
        if not re.search(r"内|within|\bin\b|请在|需在", text, IA):
            continue
        if re.search(r"后|after|of posting", s[max(0, m.start() - 4) : m.start()], IA) and not (
            ORDER_NOW_BEFORE.search(s, max(0, m.start() - 12), m.start())
        ):
            continue
        # (the pattern may have taken the space: "within 3 weeks of getting the kit")
        if re.match(
            r"\s?(?:of|after|from)\s(?!today|now|this (?:message|email|note))",
            s[m.end() : m.end() + 24],
            IA,
        ) and not ORDER_NOW_AFTER.match(s, m.end()):
            continue  # "within 14 days of publishing": counted from something else, not today
        d = days_of(m.group("n"), m.group("u").replace("个", "") or m.group("u"))
        if d is None or d > 366:
            continue
        add(today + timedelta(days=d), m.start(), m.end(), True)
    out.sort(key=lambda x: x[1])
    return out[-MAX_MATCHES:]


# --- names -----------------------------------------------------------------------------------
AGENCY_WORDS = re.compile(
    r"MCN|机构|传媒|文化传播|文化|经纪|agency|talent|management|mgmt|media|network|studio|工作室|"
    r"collective|(?<=[\u4e00-\u9fff]{2})互娱",  # "星河互娱" (r32)
    IA,
)
BAD_NAME = re.compile(
    r"^(?:您好|你好|hi|hello|hey|dear|亲|宝子|姐妹|我|我们|你|您|这边|品牌方|brand|the brand|team|"
    r"小红书|蒲公英|xiaohongshu|好的?|好滴|好嘞|可以|嗯+|是的|谢谢|收到|ok|okay|sure|"
    # a forward's marker: "「转发」", "[Fwd]"
    r"转发|转载|转|forward(?:ed)?|fwd?)$|您好|你好|[我你您想]|^hi\b|^hello\b|"
    # a button's label, the channel's place, a process named in quotes (r27): 「立即报名」,
    # 「马上报名」, 小红书评论区, 「笔记合作码」
    r"^(?:立即|马上|一键|点击|去)(?:报名|参与|申请|接单|领取)$|评论区$|合作码$|"
    # a deal's kind said where a name could stand (r29): 我们是纯置换合作, 这边是长期合作
    r"^(?:纯|全|免费)?(?:置换|互推|寄拍|付费|商单|带货|佣金|分佣|长期|短期)(?:合作|模式)?[哈呀啊哦喔呢啦嘛]{0,2}$",
    IA,
)
NAME_STRIP_SUFFIX = re.compile(
    r"(?:品牌方|品牌|官方|旗舰店|团队|市场部|商务|的|这边|官方账号|公司|team|official)+$",
    IA,
)
# "【品牌合作】OATLY噢麦力": a header naming a brand collaboration, the name after it
BRAND_WORD_BEFORE_BRACKET = re.compile(r"品牌[ \t]?[:：]?[ \t]?$")
HEADER_NAME = re.compile(
    r"【[^】\n]{0,8}(?:品牌|brand)[^】\n]{0,8}】\s?(?P<n>[A-Za-z0-9\u4e00-\u9fff][^\n,，。:：|｜]{0,30})",
    IA,
)
# a Latin name of two words or more joined by "&" before a Chinese word ("Maple & Oat 枫燕")
LATIN_JOINED_RUN = re.compile(
    r"[A-Z][A-Za-z'.\-]{0,20}[ \t]?&[ \t]?[A-Z][A-Za-z'.\-]{0,20}(?=[ \t]+[\u4e00-\u9fff])"
)
# two brands' joint work after an "&" name: "Oatly & Kiehl 联名", "… 联合推出"
JOINT_AFTER = re.compile(r"[ \t]*(?:联名|联合|跨界|合作款|共创)")
BRACKETS = re.compile(r"[「『](?P<n>[^」』\n]{1,40})[」』]")
ZH_INTRO = re.compile(
    r"(?:我们是|我们这边是|这边是|这里是|我是|来自)\s?(?P<n>[^\s,，。!！?？~～:：()（）「」\n]{1,24})"
)
LABEL = re.compile(
    r"(?:品牌方?(?:名称|名)?|brand(?: name)?|client|company|客户|甲方|"
    # a marketplace's booking: "Buyer: Mokka Home", "Advertiser: …", "商家：…"
    r"(?<![A-Za-z])(?:buyer|advertiser|sponsor|merchant)|商家|广告主|下单方)\s?(?:是|为|[:：])\s?"
    r"(?P<n>[^\n,，。;；|｜(（]{1,40})",
    IA,
)
EN_NAME = (
    r"(?P<n>[A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}(?:\.\w[\wÀ-ÿ'&\-]{0,20})?"
    r"(?:[ ](?:[A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}|&|of|de|la)){0,5})"
)
EN_FROM = re.compile(
    rf"(?:(?i:this is|i'm|i am|it's|im)\s[A-Z]\w+\s(?:\w+\s)?from|(?i:reaching out from|writing "
    rf"from|here from|on behalf of)|[A-Z][a-z]+\sfrom)\s(?:the\s)?{EN_NAME}",
    re.A,
)
# "Open call on Pugongying: Northpeak Outdoor …": a platform's open call, then the brand
OPEN_CALL = re.compile(
    rf"(?i:open call|casting call|creator call|call for creators)[ \t](?i:on|via|from|at)[ \t]"
    rf"[^\n:：]{{1,20}}[:：][ \t]?{EN_NAME}"
)
EN_FROM_LOOSE = re.compile(rf"(?<![A-Za-z])from\s(?:the\s)?{EN_NAME}", re.A)
EN_AT = re.compile(
    rf"(?i:work|working|manager|lead|coordinator|director|marketing|partnerships|team|pr|growth|"
    rf"founder|co-founder|ceo|head of [a-z]+|"
    rf"specialist|executive|everyone|everybody|all of us|we all)\s(?i:at|for|with|behind)\s"
    rf"(?:the\s)?{EN_NAME}",
    re.A,
)
EN_HERE = re.compile(
    rf"(?:^|[.!?]\s|\n|[Hh]i[!,]?\s|(?<=[a-z]),\s)(?:the\s)?{EN_NAME}\s(?i:here|team here)\b", re.A
)
ZH_INTRO_LATIN = re.compile(
    r"(?:我们是|这边是|这里是|我是|来自)\s?(?:(?:香港|上海|北京|深圳|广州|杭州|台湾|澳门|新加坡|"
    r"日本|韩国|法国|美国|英国|德国|本地|一家|一个)\s?)?(?!(?i:the|a|an|our|my)\s)"
    r"(?P<n>[A-Za-z][A-Za-zÀ-ÿ0-9&'.\- ]{1,30}?)"
    r"(?=的|\s*[,，。!！?？~～\n(（]|\s*[\u4e00-\u9fff]|$)"
)
EN_INTRO = re.compile(
    rf"(?i:we are|we're|we r|we at|this is|here at|i'm with|i am with)\s{EN_NAME}"
)
# her own mail or message to the brand, copied into her notes (r32): "9/1 我发给芽见的自荐邮件：" —
# the source is her pitch, the one she wrote to the brand
HER_OWN_MAIL = re.compile(
    # (its copy after a colon, written to a company: not the brand asking "我发给你的消息你看到了
    # 吗？", nor "我写给大家的信", "我发给经纪人的邮件"; attack review r32)
    r"(?:^|\n)[^\n]{0,12}?我(?:发|写)给(?!你|您|大家|各位|经纪人|助理|朋友|闺蜜)"
    r"(?P<n>[^\n，,。:：]{1,16}?)的(?:自荐|合作)?(?:邮件|私信|消息|信)"
    r"[ \t]?(?:（[^）\n]{0,20}）)?[:：]"
)
# a chat's speaker label of a company and a person, "[蔓岛 小鹿]", "[橘岛 小樱 10:02]",
# "稻禾米粉-阿芝 09:41", "毛球星球-小橘 10:12": the company speaks (r32; read when the label
# heads two lines)
LABEL_PERSON = r"(?:小|阿)[\u4e00-\u9fff]{1,2}|[A-Z][a-z]{1,10}"
RELATION_WORD = re.compile(
    r"同学|同事|闺蜜|朋友|家人|妈妈|爸爸|姐姐|妹妹|哥哥|弟弟|老公|老婆|室友|表姐|表妹|表哥|表弟|学姐|"
    r"学妹|学长|老师|客户|邻居|亲戚|宝宝|好友|群友|网友|粉丝|博主|达人|姐妹|老乡"
)
# a kin's, a friend's or a trade's WeChat remark ending the label, not a company: "[舅舅 阿强]",
# "[前男友 阿杰]", "[摄影师 小雨]", "[房东 阿姨]", "[对接人 小雨]", "[群主 小满]" (attack review
# r32b)
LABEL_PERSON_WORD = re.compile(
    r"(?:舅舅|舅妈|姑姑|姑父|小姨|姨妈|姨夫|叔叔|婶婶|伯伯|伯母|嫂子|姐夫|妹夫|弟妹|表嫂|侄子|侄女|"
    r"外甥女?|奶奶|爷爷|外婆|外公|姥姥|姥爷|男友|女友|男朋友|女朋友|对象|同桌|发小|房东|设计师|"
    r"摄影师|化妆师|教练|对接人|导购|前台|店员|客服|群主|群管|管理员|助理|"
    # a marketplace where the person has a shop: "[淘宝 小满]"
    r"淘宝|天猫|闲鱼|拼多多)$"
)
LABEL_COMPANY_PERSON_NAME = re.compile(
    rf"(?P<n>[\u4e00-\u9fff]{{2,6}})[ \t]?[ \t\-·][ \t]?(?:{LABEL_PERSON})"
)
COMPANY_PERSON_LABEL = re.compile(
    # (in full-width brackets too: "【栖屿 小满】", attack review r32b)
    r"(?:^|\n)[ \t]?(?:[\[【](?P<n>[\u4e00-\u9fff]{2,6})[ \t]?[ \t\-·][ \t]?"
    rf"(?:{LABEL_PERSON})(?:[ \t][\d/:：.\- ]{{1,16}})?[\]】]|"
    rf"(?P<d>[\u4e00-\u9fff]{{2,6}})[ \t]?-[ \t]?(?:{LABEL_PERSON})"
    r"[ \t]+\d{1,2}:\d{2}[ \t]*(?=\n|$))"
)
# a name heading a line, what it makes in brackets after it: "栖岸（做身体乳的，展位3A-08）"
ZH_NAME_MAKES = re.compile(
    # (nor a place or a person named by where: "隔壁（卖蛋糕的）摊位", r31's case)
    r"(?:^|\n)[ \t]?(?!隔壁|对面|旁边|楼上|楼下|老板|朋友|同事|姐妹|闺蜜)"
    r"(?P<n>[\u4e00-\u9fff]{2,8})[ \t]?[（(](?:是|主要|专门)?(?:做|卖|专做|主做)"
    # (not a person doing something after the brackets: "小鱼（做博主的，粉丝3万）推荐你给我们",
    # "老板（做茶的，很好说话）说想约你"; attack review r32)
    r"(?!博主|自媒体|主播|达人|账号)[^）)\n]{1,20}?的"
    r"(?![^）)\n]{0,24}[）)][ \t]?(?:说|推荐|介绍|觉得|想|让|问|告诉|帮|找|叫|拉|摊位|那家))"
)
EN_THEY_MAKE = re.compile(
    # (not "My friend Dana (who make candles too)": a person)
    rf"(?<![\w'])(?-i:{EN_NAME})[ \t]?\((?i:they)[ \t](?i:make|do|sell|brew|run|own)\b"
)
RELATION_BEFORE_EN = re.compile(
    r"\b(?:friend|colleague|coworker|sister|brother|cousin|mate|roommate|manager|agent|"
    r"boss|partner)\s$",
    re.I,
)
EN_CALLED = re.compile(rf"(?i:called|named|under the (?:name|brand|label))\s(?:the\s)?{EN_NAME}")
# the brand a marketplace's mail says booked her (r32): "You've been hired by Saltleaf!",
# "Congrats, Morrow Tea hired you!", "Glintra has accepted your proposal"
EN_HIRED_BY = re.compile(rf"(?i:(?:you(?:'ve| have) been )?hired by)\s{EN_NAME}")
EN_HIRED_YOU = re.compile(
    # (not a pronoun: "We've accepted your proposal" is the brand speaking)
    # (nor a determiner: "Your Client has accepted your proposal", attack review r32b)
    r"(?!(?i:we|i|they|you|he|she|your|our|my|their|this|that|the|a|an)(?:['’]\w+)?\b)"
    r"(?P<n>[A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}(?: [A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}){0,3})"
    r"\s(?:(?:has|have|just)\s)?(?:hired you|accepted your (?:proposal|bid|pitch))\b"
)
# the brand a job is for, named after who hired her: "Sarah just hired you! … for Glintra",
# "Jake Miller hired you for “Summer Glow” by Lumio" (attack review r32b)
HIRED_FOR_NAME = re.compile(r"\b(?:for|by)\s(?P<n>[A-Z][a-z][\w&'\-]*)")
EN_CLIENT = re.compile(
    rf"(?i:(?:one of )?our clients?,?|client|we represent(?: the brand)?|"
    rf"representing(?: the brand)?|"
    rf"on behalf of(?: the brand)?|the brand)(?:\s(?i:is|will be))?\s?[:：]?\s?{EN_NAME}"
)
# a brand's account: a Latin name, maybe a Chinese word glued after it ("@Rivo影像")
AT_HANDLE = re.compile(
    r"@[ \t]?(?P<n>[A-Z][A-Za-z0-9]{1,20})(?=[\u4e00-\u9fff]{0,4}(?![A-Za-z0-9]))"
)
AT_NOT_BRAND = re.compile(r"all|red|xhs|weibo|instagram|ig|tiktok|douyin|everyone|here", re.I)
# "@香芸香氛官方：…": the brand's official account speaking in a comment thread
AT_OFFICIAL = re.compile(
    r"(?:^|\n)[ \t└]{0,6}@[ \t]?(?P<n>[A-Za-z\u4e00-\u9fff][\w\u4e00-\u9fff&]{1,15}?)"
    r"(?:官方号?|旗舰店|[ \t]?official)[ \t]?[:：]",
    re.I,
)
AT_NAME = re.compile(r"@\s?(?P<n>[A-Za-z0-9\u4e00-\u9fff][\w\u4e00-\u9fff&.\- ]{1,30})")
ZH_AGENCY = re.compile(
    r"(?P<n>[\u4e00-\u9fffA-Za-z]{2,6}(?:传媒|文化传播|文化|MCN|经纪|机构|工作室|Agency|Media|Talent)|"
    r"[\u4e00-\u9fff]{2,4}互娱)"
)
# "我们公司是薄荷桥文化", "我待的公司叫青禾传播": the writer's company, an agency by its ending
# an agency's chat group named in the label over its notice (r30): "【青橙互娱 达人通告群】",
# "[星芒互娱｜KOL群]" — a company word, a separator, then the group (not "【追剧娱乐群】")
GROUP_LABEL_AGENCY = re.compile(
    r"[【\[](?P<n>[\u4e00-\u9fff]{2,4}(?:互娱|娱乐|传播|传媒))[ \t｜|·]"
    # a group of creators or notices, not a study or fans' group ("【新闻传播 考研交流群】",
    # "【体育娱乐 球迷群】"; attack review r30)
    r"(?=[^】\]\n]{0,12}?(?:达人|KOL|KOC|博主|通告|商单|红人|主播|招募|资源|探店|种草|带货|合作|推广|接单|creator|"
    # or the creators' trade: "【橙子娱乐·美妆3群】" (r32)
    r"美妆|美食|母婴|家居|穿搭|护肤|时尚|数码|宠物|旅行|健身|生活))"
    r"[^】\]\n]{0,12}群[^】\]\n]{0,3}[】\]]",
    IA,
)
COMPANY_IS_AGENCY = re.compile(
    r"公司(?:是|叫|名叫)[ \t]?"
    r"(?P<n>[\u4e00-\u9fff]{2,6}?(?:传媒|文化传播|文化|传播|互娱|娱乐|MCN|经纪))"
    r"(?![\u4e00-\u9fff])"
)
EN_AGENCY = re.compile(
    r"(?P<n>(?:(?:[A-Z][\w'&.\-]{0,30}|&)[ ]){1,4}"
    r"(?:Agency|Talent|Media|Management|MCN|Mgmt|Network|Collective))\b"
)


# "我是毛戈平的小助手", "我是 Daniel Wellington 中国区的 KOL team": a brand's own staff
STAFF_ROLE = re.compile(
    r"\s?(?:的\s?(?:founder|co-?founder|CEO|(?-i:[A-Z][a-z]{1,12})(?=\s?[,，～~!！\s]|$))|"
    r"(?:(?:中国区|中国|大陆|香港|HK|China)\s?(?:的\s?)?|(?:官方|品牌|总部)?\s?的\s?)"
    # "的 creator 对接", "的 brand 商务": a Latin word or two before the role
    r"(?:[A-Za-z]{2,12}\s?){0,2}[\u4e00-\u9fff]{0,3}?(?:商务|市场|运营|BD|PR|媒介|品牌|对接|负责人|"
    r"创始人|主理人|老板|店主|掌柜|工作人员|小助手|小编|客服|官方|达人|合作|KOL|KOC|marketing|team|团队|"
    r"community|social|influencer|partnership|营销|推广|公关|内容|投放|creators?|collab|新媒体|"
    r"社媒|manager|director|lead|executive|specialist|coordinator))",
    IA,
)
# Products and campaign words: a name right before one, in a title line, is the brand
# ("苏菲卫生巾 视频1条", "完美日记 眼影盘种草", "Nike 跑鞋 城市夜跑")
PRODUCT_TEXT = (
    "口红 唇釉 唇泥 唇膏 唇蜜 眼影盘 眼影 粉底液 粉底 气垫 散粉 蜜粉 腮红 "
    "眉笔 睫毛膏 眼线 遮瑕 高光 修容 卸妆 洗面奶 洁面 精华液 精华 面霜 "
    "面膜 眼霜 乳液 水乳 爽肤水 化妆水 防晒霜 防晒 身体乳 磨砂膏 香水 香氛 "
    "洗发水 护发素 发膜 沐浴露 牙膏 牙刷 次抛 安瓶 彩妆 护肤 美妆 套装 "
    "礼盒 新品 新款 单品 瑜伽裤 跑鞋 运动鞋 球鞋 鞋子 卫衣 羽绒服 内衣 "
    "家居服 睡衣 连衣裙 外套 包包 手表 首饰 耳环 项链 眼镜 墨镜 袜子 奶瓶 "
    "纸尿裤 尿不湿 奶粉 辅食 咖啡 奶茶 酸奶 牛奶 零食 饮料 气泡水 坚果 "
    "燕麦奶 啤酒 白酒 卫生巾 扫地机 吸尘器 洗地机 吹风机 耳机 手机 相机 "
    "平板 空气炸锅 净水器 电动牙刷 剃须刀 猫粮 狗粮 猫砂 宠物 家具 床垫 "
    "沙发 香薰 蜡烛 燕窝 银耳 蜂蜜 山茶油 橄榄油 挂耳 "
)
PRODUCT_WORDS = PRODUCT_TEXT.split()
CAMPAIGN_TEXT = (
    "种草 测评 评测 专场 推广 体验 试用 探店 开箱 上新 "
    "新品 新款 限定 活动 招募 直播 try-on campaign launch haul unboxing review"
)
CAMPAIGN_WORDS = CAMPAIGN_TEXT.split()
PRODUCT_AT = re.compile(
    "|".join(sorted(map(re.escape, PRODUCT_WORDS + CAMPAIGN_WORDS), key=len, reverse=True)), IA
)
GOODS = re.compile("|".join(sorted(map(re.escape, PRODUCT_WORDS), key=len, reverse=True)), IA)
TITLE_STOP = re.compile(
    r"^(?:新?通告|急招|急|新单|招募|蒲公英|小红书|合作|邀约|品牌合作|商单|福利|限定|圣诞限定|直播通告|"
    r"双十一|双十二|双11|双12|年货|年货节|圣诞|新年|春节|七夕|情人节|女神节|开学季|"
    # a season before a product ("某护肤品牌 秋季新品"): the campaign, never the name
    r"[春夏秋冬](?:季|日|天)|早春|初夏|初秋|初冬|秋冬|春夏|本季|当季|换季|"
    r"new|casting|urgent|hiring|red|xhs|kol|koc|ugc|pr|ddl|collab|campaign|brand|x)$",
    IA,
)
NAME_FUNCTION_CHARS = re.compile(
    # 家 as in 一家/大家, not a trade (家纺 home textiles, 家居, 家具, 家电: "暖居家纺")
    r"[我你您们的了在想请约要是和与给做拍出推这那个款位次篇条场发送寄求某]|家(?!纺|居|具|电)"
)
# "the founder of Oak & Ember", "owner of …"
EN_OWNER_OF = re.compile(
    rf"(?:(?i:founder|co-founder|owner|ceo|creative director|brand manager)\s(?i:of|at)|"
    # "I run Little Fig Bakery in Sheung Wan", "we started Oakleaf in 2019"
    rf"\b(?i:I|we|she|he|they)\s(?i:run|runs|own|owns|started|founded|opened))\s(?:the\s)?{EN_NAME}"
)
# the Latin spelling of a Chinese name written after it, before 的: "茶屿 TEAISLE 的 …"
LATIN_SPELLING = re.compile(r"\A[ \t]{1,2}[A-Z][A-Za-z0-9&'.\-]{1,30}(?=[ \t]?的)")
# "李经理（参半牙膏市场部）": a department of the brand
# a call or a talk right after the department: "…市场部通话记录", "…品牌部电话沟通"
CALL_AFTER_DEPT = re.compile(r"[ \t]?(?:通话|电话|语音|视频通话|沟通|开会|会议|聊)")
ZH_DEPT = re.compile(
    r"(?P<n>[A-Za-z0-9\u4e00-\u9fff&'.\- ]{2,20}?)"
    r"(?:市场部|品牌部|商务部|公关部|电商部|市场团队|品牌团队|"
    # "我是山野集品牌主理人阿木": the name, the word 品牌, then her role (r28)
    r"品牌(?:主理人|创始人|联合创始人|负责人|经理))"
)
# a name in quotes after 叫/品牌名/店名 ("叫“拾光集”")
QUOTED_NAME = re.compile(
    r"(?:叫|名叫|名为|店名|品牌名|牌子|品牌|我们是|这边是|这里是|called|named)\s?[:：]?\s?"
    r"[“\"](?P<n>[^”\"\n]{1,30})[”\"]",
    IA,
)
# what a quote after "called" names when it is no brand: a series', a campaign's title
TITLE_CALLED = re.compile(
    r"(?:series|campaign|collection|challenge|program(?:me)?|event|edit|hashtag|"
    r"系列|活动|企划|计划|主题|话题)[ \t]?(?:is |was |will be )?(?:called|named|叫做?|名为)"
    r"[ \t]?[:：]?[ \t]?[“\"]$",
    IA,
)
# a quote said to be a brand right after it: '"Halden" — a clean skincare brand',
# "“山野集”，一个露营品牌"
BRAND_SAID_AFTER = re.compile(
    r"[ \t]?(?:[—–,，:：\-][ \t]?)?(?:is |was |will be )?(?:a |an |our |一个|是)?"
    r"[^\n.。!?！？,，]{0,30}?(?:\bbrand\b|\blabel\b|品牌)",
    IA,
)
# "we got a 花西子 project"
EN_PROJECT = re.compile(
    r"\b(?:a|an|the|new|our|this)\s"
    r"(?P<n>[\u4e00-\u9fff]{2,8}|[A-Z][\w&'.\-]+(?:\s[A-Z][\w&'.\-]+){0,2})"
    r"\s(?:project|campaign|collab|job|brief|launch)\b"
)
PROJECT_STOP = re.compile(
    r"(?i:xiaohongshu|red|xhs|rednote|tiktok|instagram|ig|douyin|wechat|weibo|bilibili|youtube|"
    r"cny|christmas|holiday|new year|spring|summer|autumn|fall|winter|valentine's|black friday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"big|small|paid|new|ugc|kol|koc|brand|beauty|skincare|product|launch)"
)
AGENCY_SELF = re.compile(
    r"\bour agency\b|we(?:'re| are) an? (?:[\w-]+ ){0,2}agency|"
    r"我们(?:是|这边是)?(?:一家)?(?:机构|MCN)|我们机构|(?:our|my) (?:client|clients)\b",
    IA,
)
TITLE_TOKEN = re.compile(
    r"[A-Za-z][A-Za-z0-9&'.\-]*(?:[ ](?:&[ ])?[A-Z][A-Za-z0-9&'.\-]*)*|[\u4e00-\u9fff]+", re.A
)
# a category before 品牌 is not the name ("国货护肤品牌", "母婴品牌")
CATEGORY_PREFIX = re.compile(
    r"^(?:国货|国产|新锐|小众|高端|轻奢|平价|进口|日本|日系|韩国|韩系|法国|美国|欧美|德国|澳洲|泰国|"
    r"护肤|美妆|彩妆|个护|母婴|宠物|家居|数码|食品|饮料|零食|咖啡|茶饮|服装|女装|男装|内衣|香氛|运动|"
    r"户外|生活|家电|珠宝|洗护|医美|健康|保健)+"
)
# "母婴品牌 贝亲 奶瓶测评", "合作品牌 Keep": a name after the word 品牌 and a space
ZH_BRAND_WORD_NAME = re.compile(
    r"(?:品牌方?|客户)[ \t]+(?P<n>[A-Z][A-Za-z0-9&'.\-]*(?: [A-Z][A-Za-z0-9&'.\-]*){1,3}|"
    r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff&'.\-]{1,20})"
    r"(?=[ \t,，。!！~～\n|｜]|$)"
)
# "至本品牌的商务", "茶颜悦色官方", "【溪木源官方】": a name before 品牌/官方
# what stands before 品牌 and names no brand: "代理品牌【拾光】" (the brand the agency acts for)
NOT_NAME_BEFORE_BRAND = re.compile(r"代理|合作|自有|国货|原创|独立|新锐|小众|国产|客户|合作方")
BRAND_WORD_BRACKET = re.compile(r"品牌[ \t]?[:：]?[ \t]?【(?P<n>[^】\n]{1,20})】")
ZH_NAME_BRAND_WORD = re.compile(
    r"(?:^|(?<=[\s,，。!！?？~～:：】【|｜「」@]))"
    r"(?P<n>[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff&'.\-]{0,15}?)"
    r"(?:品牌方|品牌|官方旗舰店|官方账号|官方号|官方)"
    r"(?=的|这边|诚邀|邀请|想|正在|招募|小助手|【|】|\s|[,，。!！~～]|$)"
)
# "…, we're an influencer agency", "…, a creator management company": the name before is an agency
APPOSITIVE_AGENCY = re.compile(
    r"^,?\s(?:(?:we're|we are|an?|the|is an?)\s)(?:[\w-]+\s){0,3}?"
    r"(?:agency|mcn|management|talent|network|collective|representation|agent)\b",
    IA,
)
# "working with Oatly", "campaign for Rituals", "partnering with Charles & Keith"
EN_FOR_BRAND = re.compile(
    rf"(?i:working with|partnering with|partnered with|campaigns? for|helping|"
    rf"collab(?:oration)? (?:with|for)|launch for|casting for|it's for|it is for)"
    rf"\s(?:the\s)?{EN_NAME}"
)
# sign-offs: "– team Allbirds", "– the Celsius team", "Laneige Influencer Team"
EN_TEAM_OF = re.compile(rf"(?:^|\n|[-–—]\s?)(?i:the\s)?(?i:team)\s{EN_NAME}")
# "We're the marketing team of Kindred Oats", "the people behind Mossline": the writer's company
EN_TEAM_BEHIND = re.compile(
    rf"(?i:team|folks|people|crew|founders?)\s(?i:of|behind)\s(?:the\s)?{EN_NAME}"
)
EN_NAME_TEAM = re.compile(
    rf"(?:^|\n|[-–—]\s?)(?i:the\s)?{EN_NAME}\s(?:(?i:influencer|marketing|pr|partnerships?|social|"
    rf"creator|community|kol|brand|content)\s)?(?i:team)\b"
)
# the department before "Team" in a signature is not the name: "Sephora China Social Team",
# "Auralis Korea Creator Team" (the region is cut after it, REGION_SUFFIX)
DEPT_WORDS = (
    r"(?:Influencer|Marketing|PR|Partnerships?|Social|Creator|Community|KOL|Brand|Content|"
    r"Digital|Growth|Ads)"
)
TEAM_TAIL = re.compile(rf"(?:\s{DEPT_WORDS})*\s(?i:team)$")
DEPT_TAIL = re.compile(rf"(?:\s{DEPT_WORDS})+$")
# "渝火堂·老灶火锅", "炉边里·炭火烧烤": a name, a middle dot, then what the shop sells
DOT_CATEGORY = re.compile(
    r"(?P<n>[\u4e00-\u9fff]{2,8})[·・•][ \t]?(?P<k>[\u4e00-\u9fff]{2,8})"
    r"[ \t]?(?:[(（][^()（）\n]{1,12}[)）])?[ \t]*$"  # "（天河店）": the branch
)
# a shop's branch after its name: "炙野烧肉·上海静安店", "炉边烤肉-南京新街口店", "山隐茶肆（成都
# 太古里店）" — the branch is no part of the name (a flagship store, 旗舰店, is the brand's own)
BRANCH_TAIL = re.compile(
    r"(?:[ \t]?[·・•\-—–][ \t]?[\u4e00-\u9fff]{2,10}|[ \t]?[(（][\u4e00-\u9fff]{2,10})"
    r"(?<!旗舰)(?:分店|门店|店)[)）]?$"
)
# the name before a branch named alone ("炉边烤肉-南京新街口店" read as 南京新街口店)
BRANCH_HEAD = re.compile(r"(?<![\u4e00-\u9fff])(?P<n>[\u4e00-\u9fff]{2,8})[ \t]?[·・•\-—–][ \t]?\Z")
# a name with its branch in brackets, where a line or a sentence starts: "山隐茶肆（成都太古里店）
# 想邀请你来探店"
NAME_BRANCH = re.compile(
    r"(?:^|(?<=[\n，,。!！~～:：|｜]))[ \t]?(?P<n>[\u4e00-\u9fff]{2,8})[(（][\u4e00-\u9fff]{2,10}"
    r"(?<!旗舰)(?:分店|门店|店)[)）]"
)
# "Hana Lee (Glowbit Partnerships)": the brand's partnerships desk, not its name
PARTNERSHIPS_TAIL = re.compile(r"(?:\s(?:Creator|Influencer|Brand))?\sPartnerships$")
# a marketplace's notice: "Hydro Flask sent you an offer!"
EN_SENT_OFFER = re.compile(
    rf"(?:^|\n)[ \t]?{EN_NAME} "
    r"(?i:sent you an? (?:new )?(?:offer|booking|request|invitation|brief)|has invited you\b)\b"
)
# a friend's referral: "Pulsecore (the resistance band people I did …) asked me to recommend"
EN_PEOPLE_ASKED = re.compile(
    rf"{EN_NAME} \((?i:the|a|an) [^()\n]{{1,80}}\) "
    r"(?i:asked|reached out|wants|want|are looking|is looking|contacted|sent)\b"
)
# a referral naming the brand whose campaign the friend runs: "我同事的朋友在做 Nespresso 的
# campaign", "我室友在做 Corvella 的 campaign"
ZH_DOING_FOR = re.compile(
    r"在做[ \t]?(?P<n>[A-Za-z][\w&'.\-]{0,30}(?: [A-Za-z][\w&'.\-]{0,30}){0,3}|"
    r"[\u4e00-\u9fff]{2,8})"
    r"[ \t]?的[ \t]?(?:(?i:KOL|KOC|达人|博主)[ \t]?)?"
    r"(?i:campaign|project|outreach|项目|推广|活动|投放|新品推广|招募)"
)
# the last line "—— Anna · 栖木陶艺", "– Mei, Little Ember": a person, then her company
PERSON_AT_COMPANY = re.compile(
    r"(?:^|\n)[^\n@]{0,24}?\b[\w\u00c0-\u024f]{2,15}[ \t]@[ \t](?P<c>[^\s@][^\n@]{1,30}?)[ \t]*\Z"
)
DASH_BRAND_PERSON = re.compile(
    r"(?:^|\n)[ \t]*(?:—{1,2}|–|-{1,2})[ \t]*(?P<c>[^\s·|,，@—–]{2,20})[ \t]+"
    # "—— 暖冬记 主理人 阿卷": a role may stand between the company and the person
    r"(?:(?:主理人|创始人|店主|老板|客服|运营|负责人|小编|商务|市场部?)[ \t]+)?"
    r"(?P<p>[\u4e00-\u9fff]{1,3}|[A-Z][a-z]{1,12})[ \t]*(?:\n|$)"
)
DASH_SIGN_OFF = re.compile(
    r"(?:^|\n)[ \t]*(?:—{1,2}|–|-{1,2})[ \t]*[^\n·|,，@—–]{1,20}?[ \t]*[·|,，@][ \t]*"
    r"(?P<c>[^\n·|,，@]{2,30}?)\s*$"
)
# a region or market after a brand ("Gymshark China", "Klook HK", "Lumina 中国") is not the name
REGION_SUFFIX = re.compile(
    r"(?:\s(?:China|HK|Hong Kong|Greater China|CN|APAC|Asia|Asia Pacific|SG|Singapore|Japan|Korea|"
    r"Taiwan|TW|Macau|UK|US|USA|EU|Europe|Global|Intl|International)|\s?(?:中国区?|香港|大中华区|亚太区?|"
    r"台湾|新加坡|日本|韩国))$"
)
# "谢谢关注稻屿🌾", "谢谢喜欢青簪！": a brand thanking the creator names itself
# "我们品牌叫小森林", "店名叫一口甜": a name given with 叫
# "我们的客户 Oatmilk Club": an agency's client named after 客户 and a space
ZH_CLIENT = re.compile(rf"(?:我们的|我方)?(?:客户|品牌客户|甲方)[ \t]{EN_NAME}")
ZH_CALLED = re.compile(
    # "一个新的户外品牌，叫山野集", "他们家叫 Pawsome Lab", "他们做宠物喂食器，叫 Pawsome Lab"
    r"(?:(?:品牌|店|店铺|小店|牌子|工作室|我们|他们家?|她们家?|我们家|他家|她家|(?i:brand))"
    r"(?:名字|名)?[，,]?\s?|"
    r"(?:他们|她们|我们)(?:是)?做[^\n，,。!！?？]{1,12}[，,]\s?)叫(?:做)?\s?"
    r"(?P<n>[A-Za-z][\w&'\-]{0,30}(?: [A-Za-z][\w&'\-]{0,30}){0,3}|[\u4e00-\u9fff]{2,8}?)"
    r"(?=\s?[，,。!！~～(（]|\s|的|$|[\U0001F300-\U0001FAFF\u2600-\u27BF])"
)
# "我们是一家宠物用品店——毛球星球": what the shop is, then its name
ZH_SHOP_APPOSITIVE = re.compile(
    r"(?:我们是|这边是|这里是)一家[\u4e00-\u9fff]{1,10}?(?:店|品牌|工作室|公司|小店)\s?(?:——|—|-|–|：|:)\s?"
    r"(?P<n>[A-Za-z][\w&'\-]{0,30}(?: [A-Za-z][\w&'\-]{0,30}){0,3}|[\u4e00-\u9fff]{2,8}?)"
    r"(?=\s?[，,。!！~～(（]|\s|$)"
)
ZH_THANKS_FOR = re.compile(
    r"(?:谢谢|感谢)(?:你|您)?对\s?(?P<n>[A-Za-z][A-Za-z0-9&'\-]{1,20}(?: [A-Z][\w&'\-]{0,15}){0,2}|"
    r"[\u4e00-\u9fff]{2,10}?)\s?[\u4e00-\u9fff]{0,6}?的\s?(?:喜欢|支持|关注|认可|厚爱|信任)"
)
ZH_THANKS_NAME = re.compile(
    r"(?:谢谢|感谢)(?:你|您)?(?:的|对)?(?:关注|喜欢|支持|种草|关心|(?:主动)?联系我们)\s?"
    r"(?P<n>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff&'\- ]{1,15}?)"
    r"(?=\s?[！!，,。~～\n]|\s?[\U0001F300-\U0001FAFF\u2600-\u27BF]|$)"
)
# the other speaker in a thread with "Me:" ("Heyday Ceramics: Hi! …" / "Me: …")
SPEAKER_WHEN = r"(?:[ \t]?[(（][^)）\n]{1,16}[)）])?"
SPEAKER_DATED = r"(?:[^\n:：—–]{1,20}?[ \t][—–-][ \t])?"  # "Sat, Dec 5 — Rowan Bikes:"
SPEAKER = re.compile(rf"(?:^|\n)\s?{SPEAKER_DATED}{EN_NAME}{SPEAKER_WHEN}\s?[:：]", re.A)
# the first name after the tags that open a post ("🐾 #蒲公英招募# Pawlio 爪力 … Fresh Bowl 招募中")
OPENING_NAME = re.compile(
    r"^\s*(?:(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?|#[^#\n]{1,12}#|【[^】\n]{1,14}】)\s?)+"
    r"(?P<n>[A-Za-z][A-Za-z&'\-]{1,15}(?:\s[A-Z][A-Za-z&'\-]{0,15})?|[\u4e00-\u9fff]{2,6})(?=[ \t])"
)
# an e-mail header "From: Emma (Fenty Beauty)"
FROM_HEADER = re.compile(
    r"(?:^|\n)\s?(?i:from)\s?[:：][^\n(（<]{1,40}[(（](?P<n>[^)）\n]{2,40})[)）]"
)
# A brand's label right before a quoted name (品牌：「澄光」, "Brand: 「Lumio」").
# an agency's notice line opening with the brand's name, then the product (r29)
NOTICE_NAME = re.compile(
    # (or in English: "📢 New brief｜澄屿 Clearisle 防晒喷雾", r32)
    r"(?:^|\n)[^\n\u4e00-\u9fffA-Za-z]{0,4}(?:新通告|(?i:new (?:brief|job|gig|campaign)))"
    r"[^\n\u4e00-\u9fffA-Za-z0-9]{0,4}"
    # (the words of a name may be joined with '&': "New brief｜Aster & Oak Candles", attack
    # review r32)
    r"(?P<n>[\u4e00-\u9fff]{2,8}|"
    r"[A-Z][A-Za-z0-9&'\-]{1,20}(?: (?:& )?[A-Z][A-Za-z0-9&'\-]{1,20}){0,2})"
    r"(?=[ \t]|\n|$)"
)
NOTICE_NOT_NAME = re.compile(
    r"截止|招募|报名|通知|急招|今天|今日|明天|本周|下周|周[一二三四五六日末]|月|号|日前|博主|达人|"
    r"美食|美妆|母婴|家居|探店|护肤|穿搭|数码|宠物|图文|视频|笔记|合作|置换|付费|"
    # a notice's English title, not a name: "📢 New job | Urgent Casting", "New gig - The Best
    # Coffee Brand", "New campaign TBC" (attack review r32)
    r"(?-i:\b(?:Please|Urgent|The|A|An|Our|Your|This|For|From|TBC|TBD|Update|Reminder|Details?|"
    r"Alert|Casting|Call|Open|Paid|Hiring|Creators?|Influencers?|UGC|Apply|Read|Now|Today|"
    r"Tomorrow|Deadline|Collab|Gifted|Campaign|Brief|Job|Gig|Opportunity|Spots?|Round|Info)\b)"
)
NOTICE_AGENCY_AFTER = re.compile(r"[ \t]?(?:代发|代接|代招|代理|代投|发布|推荐)")
NOTICE_BRAND_LABEL = re.compile(r"(?:^|\n)\s?(?:品牌(?:方|名称?)?|brand|client|客户)\s?[:：]", IA)
BRAND_LABEL_JUST_BEFORE = re.compile(r"(?:品牌(?:方|名称?)?|客户|brand|client)\s?[:：]?\s?$", IA)
AGENCY_LABEL = re.compile(
    r"(?:^|\n)\s?(?:agency|MCN|机构|经纪公司)\s?[:：]\s?(?P<n>[^\n,，。;；|｜(（]{2,40})", IA
)
SIGN_OFF = re.compile(
    r"(?:^|\n)\s?(?:best(?: regards| wishes)?|regards|kind regards|warm regards|warmly|cheers|"
    r"thanks|thank you|many thanks|sincerely|xoxo|talk soon|祝好|谢谢|此致)[,!.，]?[ \t]*\n",
    IA,
)
ROLE_WORDS = re.compile(
    r"manager|marketing|partnerships?|influencer|PR\b|coordinator|director|lead\b|specialist|"
    r"executive|founder|CEO|head of|social|creator|community|brand|team|assistant|associate|"
    r"商务|市场|运营|负责人",
    IA,
)


# Words that are never a brand's name: places ("Hello from Hamburg", "我们是香港 …"), pronouns and
# common words a name pattern can pick up ("indie 品牌", "品牌 budget 调整", "You香水")
NOT_A_NAME = re.compile(
    r"^(?:香港|澳门|台湾|台北|上海|北京|广州|深圳|杭州|成都|重庆|长沙|南京|武汉|西安|苏州|厦门|"
    r"青岛|天津|大理|三亚|中国|日本|韩国|法国|美国|英国|德国|意大利|泰国|新加坡|国内|海外|本地|"
    r"hong kong|hk|shanghai|beijing|shenzhen|guangzhou|hangzhou|chengdu|taipei|macau|singapore|"
    r"tokyo|seoul|london|paris|berlin|hamburg|munich|milan|amsterdam|leeds|manchester|"
    r"new york|nyc|la|los angeles|sydney|melbourne|toronto|vancouver|china|japan|korea|"
    r"france|germany|uk|usa|us|europe|asia|"
    r"you|your|yours|me|us|they|it|budget|indie|local|small|new|premium|fee|rate|deal|"
    r"price|product|content|creator|influencer|brand|label|client|company|holiday|"
    r"christmas|xmas|q[1-4]|ugc|kol|koc|"
    # a brand kept secret: "品牌：保密", "Client: TBD"
    r"tbd|tba|n/?a|yes|no|none|confidential|undisclosed|secret|unknown|保密|待定|暂不透露|暂时保密|不便透露|"
    r"客户|客户方|甲方|品牌客户|品牌|品牌方|"
    # the creator's own trade: "我是做旅行攻略的博主"
    r"博主|达人|创作者|up主|主播|网红)$",
    re.I,
)
# a name right before or after 的 + a product or a brand-side role: "溪木源的山茶花精华",
# "酵色家的新品唇釉", "试用一下X的…", "我是韩后的新媒体运营"
ZH_ROLE = (
    r"(?:商务|运营|市场|对接人|负责人|PR|BD|媒介|小助手|客服|工作人员|经理|专员|助理|"
    r"品牌经理|公关|达人|KOL|KOC|推广)"
)
ZH_OF_PRODUCT = re.compile(
    # "是小满的香薰", "成为南枝的新品体验官": a lead verb before the name
    r"(?:试用一下|体验一下|试用|体验|推广|种草|一下|了解|关于|代表|我是|我们是|这边是|成为|作为|"
    r"(?<=[\s,，。!！~～:：】【])是|^|(?<=[\s,，。!！~～:：】【]))"
    # the product on the name's own line: "…人挺好说话的\n我把对接人…" is two sentences
    r"(?P<n>[\u4e00-\u9fff]{2,6}?)家?的[ \t]?[\u4e00-\u9fff]{0,6}?"
    rf"(?:{PRODUCT_AT.pattern}|产品|系列|{ZH_ROLE})"
)
# "代表林清轩邀请您", "帮 Nike 找博主": a brand an agency speaks for
ZH_ON_BEHALF = re.compile(
    r"(?:代表|替|帮)(?:品牌方?|客户)?\s?"
    # (r31: "代表 Nectaro 蜜栗 跟您对接", its Chinese name after the Latin one; 对接 with you)
    r"(?:(?P<n>[A-Za-z][A-Za-z0-9&'.\- ]{1,30}?|[\u4e00-\u9fff]{2,8}?)\s?"
    r"(?:(?<=[A-Za-z0-9.])\s?[\u4e00-\u9fff]{2,4}\s(?=[跟和与]))?"
    r"(?:邀请|诚邀|找|联系|寻找|招募|来|向|[跟和与](?:您|你)对接)|"
    # "我们在帮 Oatside 做一个冬季 campaign": a Latin name, then the work done for it
    r"(?P<d>[A-Z][A-Za-z0-9&'.\-]{1,30}(?: [A-Z][A-Za-z0-9&'.\-]{0,30}){0,2})\s做)"
)
# an agent's "老师在吗～ 焐焐暖宝宝 这边想约一篇": a name set apart by spaces, then 这边想约 (r31)
NAME_HERE_WANTS = re.compile(
    r"(?:[～~!！,，。]|\A|\n)[ \t]?(?P<n>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&'\- ]{1,14}?)"
    r"[ \t]这边(?:想|要|打算)(?:约|邀|请|跟|和|找|合作|做)"
)
NAME_HERE_NOT = re.compile(r"(?:我们|我|品牌方?|客户|老师|宝|亲|哈喽|你好|您好|hi\b|hello\b)", IA)
# a person addressed, not a brand: "小林姐 这边想约", "王总 这边想约" (attack review r31)
ADDRESSED_PERSON = re.compile(
    r"(?:姐|姐姐|哥|哥哥|老师|老板|总|同学|妹妹|先生|女士|阿姨|叔叔?)\Z|"
    # a branch or a team of a brand not named: "上海门店 这边想约", "静安分店 这边想约"
    r"(?:门店|分店|总店|旗舰店|专卖店|总部|[\u4e00-\u9fff]{1,2}部|部门|团队)\Z"
)
# "我是苏晚，云栖茶舍的创始人": a person's name, then the company whose staff she is (r31)
# (not "我是小美，一个人的小店的店主", "我是阿宁，我们家的老板")
PERSON_THEN_ORG = re.compile(
    # (a space for the comma, a Latin name: "我是许念安 Clayful 的主理人"; attack review r31)
    r"我是[ \t]?[\u4e00-\u9fff]{2,4}(?:[，,、][ \t]?|[ \t])"
    r"(?P<n>(?![我你他她一这那])[\u4e00-\u9fff]{2,8}?|"
    r"[A-Z][A-Za-z0-9&'\-]{1,20}(?: [A-Z][A-Za-z0-9&'\-]{1,20}){0,2})[ \t]?的[ \t]?"
    r"(?:主理人|联合创始人|创始人|老板|店主|掌柜|商务|市场部?|运营|负责人|品牌经理|品牌方)"
)
# what she did or when, not a company: "之前对接过的运营", "刚联系过您的商务" (attack review r31)
ORG_IS_A_CLAUSE = re.compile(r"过\Z|\A(?:之前|以前|上次|刚刚?|曾经?|目前|现在|最近|一直)")
# a stand at a fair in her notes, at a line's head: "荔小甜（荔枝冻干/果茶）展位，跟市场部王姐聊的"
# (r31)
BOOTH_NAME = re.compile(
    # (a Latin name too: "Doyu（挂耳咖啡）展位"; attack review r31)
    r"(?:^|\n)[ \t]?(?P<n>[\u4e00-\u9fff]{2,8}|"
    r"[A-Z][A-Za-z0-9&'\-]{1,20}(?: [A-Z&][A-Za-z0-9&'\-]{0,20}){0,2})"
    r"[ \t]?[（(][^（()）\n]{1,20}[）)][ \t]?"
    r"(?:的)?(?:展位|摊位|展台|摊)"
)
# where a stand is, not whose: "隔壁（卖蛋糕的）摊位", "对面（3号馆）展位" (attack review r31)
BOOTH_PLACE = re.compile(
    r"(?:斜)?(?:隔壁|对面|旁边|附近|门口|入口|出口|楼上|楼下|左边|右边|前面|后面|中间|角落|最里面)"
)
# "在 Little Moon 做 PR", "在完美日记负责市场": where the writer works
ZH_WORKS_AT = re.compile(
    # (not 现在/正在: "现在自己做品牌禾叶" is no workplace called 自己, attack review r32b)
    r"(?<![现正还实存所好])在"
    r"\s?(?P<n>[A-Z][A-Za-z0-9&'.\-]*(?: [A-Z][A-Za-z0-9&'.\-]*){0,3}|[\u4e00-\u9fff]{2,8}?)"
    r"\s?(?:做|负责|当|管)\s?(?:PR|市场|商务|运营|marketing|BD|公关|媒介|品牌|partnerships)",
    re.I,
)
# a chat speaker named by a brand-side role: "雪花秀PR：", "参半商务：", "Nike官方："
ZH_SPEAKER_ROLE = re.compile(
    r"(?:^|\n)\s?(?P<n>[A-Za-z0-9\u4e00-\u9fff&'.\- ]{2,20}?)\s?"
    r"(?:PR|商务|运营|官方|客服|小助手|市场部?|BD|marketing)\s?[:：]",
    re.I,
)
ZH_SPEAKER = re.compile(r"(?:^|\n)[ \t]?(?P<n>[\u4e00-\u9fff]{2,10})[ \t]?[:：]")
# "暖居家纺-小雅：…": the company, a dash and the person speaking for it; a role may stand
# before the person ("植语集-投放 小苏："), a date in brackets after it ("森屿茶事-品牌部
# （11月3日）："), or a chat export gives the time and no colon ("毛球星球-小橘 10:12" alone on
# its line, only when a department follows the dash: "毛球星球-市场部 10:12"; a WeChat remark
# "小美-闺蜜 10:12" is a person and how she is known). Each part is a bounded run of its own
# characters: nothing to backtrack over.
ZH_SPEAKER_DASH = re.compile(
    r"(?:^|\n)[ \t]?(?P<n>[\u4e00-\u9fff]{2,10})[ \t]?[-—–·][ \t]?"
    r"(?:[\u4e00-\u9fffA-Za-z]{1,10}(?:[ \t][\u4e00-\u9fffA-Za-z]{1,10})?"
    r"[ \t]?(?:[(（][^)）\n]{1,16}[)）])?[ \t]?[:：]|"
    r"(?:品牌部?|市场部?|投放|运营|商务|媒介|公关|推广|PR|BD)(?:[ \t]?[\u4e00-\u9fffA-Za-z]{1,10})?"
    r"[ \t]\d{1,2}:\d{2}[ \t]*(?=\n|$))"
)
# "[FitFuel 运营 Kiki 14:30] …" / "[我 10:02] …": a chat export, the speaker and the time
# "[咕噜豆 市场部 01-19 16:40]": a date may come before the time
# the date before the time in any of the ways a chat export writes it: 3/31, 01-19, 2026/5/8,
# 3月2日, 2026年3月2日, "Jun 3," — with a dot or a comma between the parts
BRACKET_DATE = (
    r"(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?[ \t]\d{1,2},?"
)
BRACKET_WHEN = (
    rf"(?:[ \t]?[·•,，]?[ \t](?:{BRACKET_DATE}))?[ \t]?[·•,，]?[ \t]\d{{1,2}}:\d{{2}}[\]】]"
)
BRACKET_SPEAKER = re.compile(rf"(?:^|\n)[ \t]?[\[【](?P<n>[^\]】\n]{{1,30}}?){BRACKET_WHEN}")
# the brand's own account glued after its name in a chat label: 素叶官方, 木里客服
OFFICIAL_TAIL = re.compile(r"(?:官方号?|客服|小助手|旗舰店)$")
BRACKET_ROLE = re.compile(r"[ \t](?:运营|市场部?|商务|客服|PR|BD|marketing|小编)[ \t]", re.I)
# "[海棠家居-市场部] …", "[Tundra BD - Ivy 11:02] …", "[Fernhill - Marketing 10:02]": a label with
# or without the time, the name then a department or a person after a dash
BRACKET_LABEL = re.compile(
    rf"(?:^|\n)[ \t]?[\[【](?P<n>[^\]】\n]{{1,30}}?)(?:{BRACKET_WHEN}|[\]】])"
)
BRACKET_DASH_ROLE = re.compile(
    r"^(?:[ \t]?[-–—·][ \t]?\S|[ \t](?:(?:品牌|市场|运营|商务|合作|推广|媒介|公关)(?:部|组|团队)|"
    r"运营|市场|商务|客服|PR|BD|marketing|team)(?:$|[ \t]|[\u4e00-\u9fff]{1,3}$))",
    re.I,
)
# a signature line at the end: the name, a department, a person ("青豆豆童书 市场部 小林",
# "Pinecrest 市场部 Lucy")
SIGN_DEPT = re.compile(
    r"(?:^|\n)[ \t]{0,4}(?:[-—–]{1,2}[ \t]?)?"
    r"(?P<n>[\u4e00-\u9fff]{2,8}|[A-Z][A-Za-z&'\-]{1,20}(?: [A-Z&][A-Za-z&'\-]{0,20}){0,2})"
    r"[ \t]{1,2}(?:(?:品牌|市场|运营|商务|合作|推广|媒介|公关)(?:部|组|团队)|marketing|PR|BD)"
    r"[ \t]{1,2}[^\n]{1,12}\s*\Z",
    re.I,
)
# a person named with the company and its department in brackets: "Maya (Juniper & Rye PR)",
# "和 Coco（暖芽 市场部）聊完": the name before the bracket is a person's (person_like); the
# company is not taken for the brand ("Maya (Freelance PR)", "Maya (Shopee marketing)")
BRACKET_DEPT = (
    r"[ \t]{1,2}(?:PR|BD|(?i:marketing|partnerships|brand team)|市场部?|商务|品牌部|运营|媒介|公关)"
    r"[ \t]?[)）]"
)
# mail headers with arrows: "Me → Loam & Leaf, 24 Apr:", "栗子熊 → 我, 5/22:"
ARROW_HEAD = re.compile(
    r"(?:^|\n)[ \t]?(?:(?:Me|我)[ \t]?(?:→|->|=>)[ \t]?(?P<a>[^\n,，:：→]{2,30}?)|"
    r"(?P<b>[^\n,，:：→>]{2,30}?)[ \t]?(?:→|->|=>)[ \t]?(?:me|我))[ \t]?[,，:：]",
    re.I,
)
# a relayed job's line opening with 是 and the name: "是禾木家，做懒人沙发那个", "是一颗梨身体乳，"
LINE_SHI = re.compile(
    r"(?:^|\n|[:：]|[\]】])[ \t]?是(?P<n>[\u4e00-\u9fff]{2,10})(?P<doing>[，,][ \t]?做)?"
)
# a chat label opening with a person's given name and a bar, her company and role after it
# ("Coco | Ovelle 欧维尔 PR", "Mandy｜栖云茶舍 市场部")
LABEL_PERSON_BAR = re.compile(r"(?:[A-Z][a-z]{1,12}|[\u4e00-\u9fff]{2,3})[ \t]*[|｜][ \t]*(?=\S)")
# the creator's notes of a call or meeting headed with whom it was: "Call notes 5/25 w/ Kiwora
# （日本刀具）— Ken & Aiko", "6/3 call w/ 青禾（有机米）"
CALL_WITH = re.compile(
    # (the first line only, written as a heading: a date, the call, notes, a date, then whom
    # with; not "Happy to hop on a call with Nora, our PR lead" in a DM)
    # (an emoji may head it, and the name's Chinese spelling follow it: "📞 call w/ Noctra 诺可
    # (sleep mask) 10/11", r32)
    r"\A\s?(?:[\U0001F000-\U0001FAFF\u2600-\u27BF][ \t]{0,2})?"
    r"(?:[\d/.\-]{3,10}[ \t]?)?(?i:call|meeting|zoom|通话|电话|会议)"
    r"(?:[ \t]?(?i:notes?|记录|纪要))?[ \t]?(?:[\d/.\-]{3,10}[ \t]?)?"
    r"(?i:w/|with\b)[ \t]?"
    r"(?P<n>[A-Z][\w&'\-]{1,30}(?: [A-Z][\w&'\-]{1,30}){0,2}|[\u4e00-\u9fff]{2,8})"
    r"(?:[ \t][\u4e00-\u9fff]{2,6}(?=[ \t]?[（(]))?"
    # (the company then what it makes in brackets, or the line's end; not "Call w/ Priya,
    # Brightloop marketing" or "6/3 call w/ Dana — Kelpie Snacks founder": a person)
    r"(?=[ \t]?(?:[（(]|$|\n))"
)
# her call notes headed with the company after a dash or a bar, the call's date in brackets
# after it (r30): "call notes — Hushwick (Tue 3/17) w/ Sam + Leah", "Call notes | Lowtide
# Kombucha (Mon 6/1) with Dana, Theo" (a weekday there, "call notes — Friday (7/3) w/ Mia",
# is no name to en_name)
CALL_NOTES_DASH = re.compile(
    r"\A\s?(?:[\d/.\-]{3,10}[ \t]?)?(?i:call|meeting|zoom)(?:[ \t]?(?i:notes?|recap))?"
    r"[ \t]?(?:[—–|｜:：]|--?)[ \t]?"
    # not the kind of call or a platform ("Zoom — Kickoff (Thu 4/2) with Brightloop", "Call
    # notes — TikTok Shop (Mon 6/1) w/ Dana"), and the people after the date: a name before
    # "(Tue 3/17) re: Hushwick" is a person's (attack review r30)
    r"(?!(?i:kick-?off|intro|sync|check-?in|planning|weekly|discovery|follow-?up|debrief|"
    r"onboarding|brainstorm|catch-?up|stand-?up|review|recap|q[1-4]|tiktok|instagram|youtube|"
    r"amazon|shopify|etsy|ltk)\b)"
    r"(?P<n>[A-Z][\w&'\-]{1,30}(?: [A-Z][\w&'\-]{1,30}){0,2})"
    r"(?=[ \t]?[（(][^()（）\n]{1,24}[)）](?![ \t]?(?i:re\b|about\b|regarding\b|for\b)))"
)
# a company's department or a staff role in the brackets after a name: "（栖云茶舍市场部）",
# "(PR lead at Lumen)"
ROLE_IN_BRACKET_AFTER = re.compile(
    r"[ \t]?[（(][^()（）\n]{0,24}?(?:市场部|品牌部|商务部?|公关|运营|主理人|创始人|负责人|经理|"
    r"\bPR\b|\bBD\b|marketing|founder|manager|lead\b|director)",
    re.I,
)
# "对方：豆序 市场部 王姐": the other party named with its department
COUNTERPART = re.compile(
    r"(?:^|\n)[ \t]?对方[ \t]?[:：][ \t]?(?P<n>[\u4e00-\u9fff]{2,8})[ \t]+"
    r"(?=(?:市场部?|品牌部|商务|运营|公关|PR|BD|marketing)(?![a-z]))",
    re.I,
)
LABEL_ROLE_TAIL = re.compile(r"[ \t](?:BD|PR|Marketing|Brand|Team)$")
# a person called by a family name and a word of address, or a pet name: 王姐, 李总, 小雨, 阿木
ZH_PERSON_CALLED = re.compile(
    r"^[\u4e00-\u9fff]{1,2}(?:姐|哥|总|老师|经理|主管|妹)$|^[小老阿][\u4e00-\u9fff]$"
)
# a relative or friend speaking: "[同学小乔]", "[表姐阿宁]" — not a brand
RELATION_LABEL = re.compile(
    r"^(?:我的?)?(?:大学|高中)?(?:同学|朋友|同事|闺蜜|表姐|表妹|表哥|表弟|室友|学姐|学妹|学长|"
    r"姐姐|妹妹|老板)|^(?:friend|cousin|classmate)\b",
    re.I,
)
BRACKET_HEAD = re.compile(
    r"[A-Za-z][\w&'.\-]{0,30}(?: [A-Z][\w&'.\-]{0,30}){0,2}|[\u4e00-\u9fff]{2,8}"
)
BRACKET_ME = re.compile(rf"(?:^|\n)[ \t]?[\[【](?:我|Me|me){BRACKET_WHEN}")
# a speaker named by role, not by name ("品牌方：", "对接人：", "老板：")
ZH_NOT_SPEAKER_NAME = re.compile(
    r"品牌|商务|客服|对接|老板|运营|官方|店家|商家|店主|助理|小助手|朋友|博主|达人|经纪|负责人|"
    r"客户|甲方|乙方|平台|系统|群主|同事|回复|备注|时间|地址|要求|内容|费用|报价|产品"
)
# "a Hong Kong skincare brand, Dewdrop Lab, …", "an indie haircare label, Curl Theory Lab"
EN_APPOS_BRAND = re.compile(
    rf"(?i:brand|label|company|startup|client)(?:\s(?i:called|named))?\s?[,:：–—]\s?{EN_NAME}"
)
# "Hi Kettle & Fern team!", "From: Marco @ Trailhead Outfitters", "ambassador program — HexaFit"
EN_HI_TEAM = re.compile(rf"(?i:hi|hello|hey|dear)\s(?:the\s)?{EN_NAME}\s(?i:team)\b")
FROM_AT = re.compile(rf"(?:^|\n)\s?(?i:from)\s?[:：][^\n@]{{1,30}}@\s?{EN_NAME}")
EN_PROGRAM_DASH = re.compile(
    rf"(?i:program|programme|campaign|launch|collab|partnership|invite|invitation|proposal|"
    rf"opportunity)\s[—–-]\s{EN_NAME}"
)
# a heading's name before its program ("Lumaris 澜光 Ambassador Program", "Corvid Coffee Creator
# Program —"): a Title-Case name of one to four words, perhaps its Chinese name, then Program
PROGRAM_KIND_WORDS = frozenset(
    re.findall(
        r"\S+",
        "creator creators ambassador ambassadors affiliate partner partners seeding influencer "
        "koc kol brand community insider",
    )
)
PROGRAM_HEAD = re.compile(
    r"(?:^|\n)[^\S\n]{0,4}(?:[【\[][^】\]\n]{0,30}[】\]][^\S\n]{0,2}\n?)?"
    r"(?P<n>[A-Z][\w'&\-]{1,24}(?:[ ][A-Z][\w'&\-]{0,24}){0,3})"
    r"(?:[ \t]{1,2}[\u4e00-\u9fff]{2,6}(?P<k>[ \t][A-Z][A-Za-z]{1,12})?)?[ \t]{1,2}"
    r"(?:Program|Programme)\b"
)
# a program heading's words that name a season, an audience or the program, not a brand
PROGRAM_GENERIC = frozenset(
    re.findall(
        r"\S+",
        "holiday holidays gifting gift seeding spring summer autumn fall winter seasonal season "
        "christmas xmas valentine valentine's easter halloween ramadan lunar diwali thanksgiving "
        "black friday cyber new year years annual monthly weekly early access founding founder "
        "founders beta pilot launch global local campus college student students pet pets parent "
        "parents mom moms mum mums mama dad dads family teacher nurse vip elite pro premier micro "
        "nano first next open official exclusive rewards loyalty referral q1 q2 q3 q4",
    )
)
# platforms and marketplaces that run creator programs of their own: "LTK Creator Program",
# "Amazon Influencer Program", "TikTok Shop Affiliate Program" name no brand
PROGRAM_PLATFORM = re.compile(
    r"(?:LTK|rewardStyle|ShopMy|Linktree|Patreon|Twitch|Snapchat|Threads|Kuaishou|Temu|Meta|"
    r"Spotify|Substack|Lemon8|Shopify|(?-i:RED|XHS|IG|JD)|Instagram|TikTok|WeChat|Weibo|Douyin|"
    r"YouTube|"
    r"Taobao|Tmall|Xiaohongshu|Pugongying|Amazon|Shopee|Lazada|Etsy|Facebook|Pinterest|"
    r"Google|PayPal|Bilibili)",
    re.I,
)
# a platform's unit a person works in: "TikTok Shop", "Amazon Influencer Program", "Shopee Malaysia"
PLATFORM_UNIT = re.compile(
    r"(?:Shop|Live|Ads|Mall|Marketplace|Creators?|Influencer|Affiliates?|Partner|Global|"
    r"Malaysia|Singapore|Thailand|Vietnam|Philippines|Indonesia|US|UK|SEA|APAC|China)"
    r"(?: (?:Program|Programme|Team|Marketplace))?"
)
# an announcement header, then the name ("【急招】蕉内 热皮系列", "【蒲公英招募】Glossier | …")
ANNOUNCE_HEADER = re.compile(
    r"【[^】\n]{0,8}(?:急招|通告|招募|新单|商单|合作|邀约|邀请|推广)[^】\n]{0,8}】\s?"
    r"(?P<n>[A-Za-z0-9\u4e00-\u9fff][^\n,，。:：|｜×x]{0,30})"
)
# a campaign's title, not a name: "双十一囤货合集", "五一出游好物合集", "开学季清单"
CAMPAIGN_TITLE = re.compile(r"(?:合集|清单|好物|攻略|专题)$")
# "山野集这边～", "Sunday Dew 这边！": the sender naming itself at the start of a clause
# "我是 Lumière Lab 的 Joy 💧": a given name alone after 的 ends the line — the person
GIVEN_NAME_AFTER_OF = re.compile(
    # (or a Chinese nickname: "我是栖麦的小周🌾", "我是木槿的阿宁～", r32)
    r"[ \t]?的[ \t]?(?:[A-Z][a-z]{1,12}|(?:小|阿)(?!粉丝|编|仙女|可爱|朋友|伙伴)[\u4e00-\u9fff])"
    r"(?=[ \t]*(?:$|\n|[,，。!！~～]|[\U0001F300-\U0001FAFF\u2600-\u27BF]))"
)
# a team or a job before 的 and her name, no company: "我是负责对接的小周", "我是客服的小七"
# (attack review r32)
ROLE_NOT_NAME = re.compile(
    r"^(?:负责|专门)|(?:对接|客服|运营|商务|媒介|公关|市场|销售|助理|前台|部|组|团队)$"
)
# "刚问了暖禾家纺那边的对接人", "拾柒服饰这边看到你的笔记": the brand's side, named in passing
ZH_SIDE = re.compile(
    r"(?P<c>[\u4e00-\u9fff]{2,10})(?:这边|那边)(?:的?(?:对接人|商务|运营|负责人|市场|人)|看到|刷到|"
    r"想(?:请|邀请|找))"
)
SIDE_LEAD = re.compile(r"^.*(?:了|问|和|跟|与|是|在|做|给|找|帮|你|您|我|的)")
# "几何文具 回复：": the brand's reply, labelled with its name
ZH_REPLIES = re.compile(r"(?:^|\n)[ \t]?(?P<c>[\u4e00-\u9fff]{2,10})[ \t]?(?:回复|答复)[ \t]?[:：]")
# "Kestrel Outdoor is recruiting 15 creators"
EN_RECRUITING = re.compile(
    rf"(?:^|\n|[.!]\s)\s?{EN_NAME}\s(?:is|are)\s(?:recruiting|looking for|hiring|casting)\b"
)
# "find someone for Solace (the sleep mask people)": the brand, explained in a bracket
EN_FOR_PEOPLE = re.compile(
    rf"(?<![A-Za-z])(?i:for)\s{EN_NAME}\s?\((?i:the)\s[^()\n]{{1,40}}?\s(?i:people|brand|folks)\)"
)
# "Marco from Ondine here"
EN_FROM_HERE = re.compile(rf"(?<![A-Za-z])from\s(?:the\s)?{EN_NAME}\s(?i:here)\b")
ZH_HERE = re.compile(
    rf"(?:^|[\n～~,，!！。]|[ \t])[ \t]?(?:{EN_NAME}[ \t]?|(?P<c>[\u4e00-\u9fff]{{2,8}})"
    r"(?:[ \t][A-Z][A-Za-z]{1,20})?[ \t]?)"
    r"这边(?:是)?[ \t]?(?:[～~!！,，。\n]|[\U0001F300-\U0001FAFF\u2600-\u27BF])"
)
# a Latin name, its category word, then 这边 (r30): "Corvina 泳装这边 confirm 一下", "Lumi 香薰这边
# 跟你确认下" — not a person and her department or team ("Amy 市场部这边")
EN_CATEGORY_HERE = re.compile(
    rf"(?:^|[\n～~,，!！。]|[ \t])[ \t]?(?!(?i:tiktok|amazon|shopee|lazada|instagram|youtube)\b)"
    rf"{EN_NAME}[ \t]?"
    # (nor her role or a platform's shop: "Amy 财务这边", "Leo 拍摄这边", "TikTok 小店这边";
    # attack review r30)
    r"(?!市场|品牌|商务|运营|公关|客服|团队|官方|助理|部门|财务|法务|人事|行政|采购|设计|拍摄|摄影|"
    r"剪辑|编导|策划|老师|小店|店铺|直播|售后|物流|仓库|技术|销售|渠道|媒介|投放|项目|"
    # how a person is addressed: "Cindy 姐姐这边", "Jason 老板这边", "Amy 小姐姐这边"
    r"小?姐|哥|老板|宝|同学|妹|先生|女士|总|亲)"
    r"[\u4e00-\u9fff]{2,3}这边"
    r"(?=[ \t]?(?:[～~!！,，。\n]|confirm|确认|跟你|和你|想|[\U0001F300-\U0001FAFF\u2600-\u27BF]))"
)
# "📢 蒲公英招募 | 每日黑巧 年货季": a first line announcing a call, then the name after the bar
PIPE_HEADER = re.compile(
    r"\A\s?(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?\s?)?[^\n|｜]{0,12}?"
    r"(?:招募|通告|新单|商单|邀约|急招|call|casting)[ \t]?[|｜][ \t]?"
    r"(?P<n>[A-Za-z0-9\u4e00-\u9fff][^\n,，。:：|｜]{0,30})",
    IA,
)
# "店：茶颜悦色 五一广场店", "项目：Nordic Wool 羊毛袜 campaign": a name before the rest
SHOP_LABEL = re.compile(
    # "📍店铺：Olive & Oat", "商户：炭知味烤肉（徐汇店）": a symbol may lead the label
    r"(?:^|\n)\s?(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?[ \t]?)?"
    r"(?:店|店铺|门店|商家|商户|店名|项目|project|campaign)\s?[:：]\s?"
    r"(?P<n>[^\n,，。;；|｜(（]{2,40})",
    re.I,
)
# a bracketed title right before a deliverable word is the content's title ("「年货好物合集」图文")
# a quoted campaign title or the role a campaign recruits for is not the brand
# (an email's "主题：「青瓷」茶器" is its subject line, where the brand may well stand)
QUOTED_TITLE_BEFORE = re.compile(r"(?:(?:参与|参加|话题|专题|挑战)[:：]?|主题)[ \t]?$")
# a campaign's role or title: 体验官, 品鉴官, 夏日尝鲜官, 露营推荐官; 挑战, 企划, 计划
QUOTED_TITLE_TAIL = re.compile(r"(?:[\u4e00-\u9fff]{1,6}官|挑战赛?|大赛|企划|计划|季)$")
# a name before a campaign's title in one quote: 「芒种茶饮 · 春日品鉴官」, 「山野集·露营推荐官」
QUOTED_NAME_TITLE = re.compile(
    r"(?P<n>[^·・|｜\-—–]{2,20}?)[ \t]?[·・|｜\-—–][ \t]?(?P<t>[^·・|｜]{2,16})"
)
# a quoted name that is no brand: the creator's own account (博主「早餐研究所」), a note's title
# (那篇「…」, 「…」笔记), a product just launched (新出的「…」), a promo code (口令「SXM15」)
QUOTED_NOT_BRAND_BEFORE = re.compile(
    r"(?:博主|账号|主页|小红书号|我的号|ID|那篇|这篇|那条|这条|发的|笔记|新出的|新品|新款|推出的|"
    r"上新的|口令|暗号|优惠码|折扣码|券码|code|"
    # 评论区扣「甲」, 回复「冲」: the word to comment, not a name
    r"扣|扣个|回复|留言|评论|comment|reply|type)[:：]?[ \t]?$",
    re.I,
)
# a quote after our / a launch's words is our product, not a name (r29): 拍我们的「夜间修护精华」,
# 主推我们的春季限定「樱花拿铁」挂耳, 秋冬 new launch 的「丝绒雾面唇釉」, 主推新款「云朵沙发」
QUOTED_PRODUCT_BEFORE = re.compile(
    r"(?:我们(?:家)?的|主推|限定(?:款)?的?|launch[ \t]?的|上市的|新款)"
    r"[ \t]?(?:[\u4e00-\u9fff]{1,6}|[A-Za-z]{1,10})?[ \t]?$",
    re.I,
)
QUOTED_NO_NAME = re.compile(
    r"(?:立即|马上|一键|我要|去)(?:报名|参与|申请|接单|领取)|[\u4e00-\u9fff]{0,4}合作码"
)
QUOTED_NOT_BRAND_AFTER = re.compile(r"[ \t]?(?:笔记|这篇|那篇|招募|数据|礼盒|礼包|套装|系列)")
# the brand labelled or said outright: "品牌：冰川泉", "牌子叫毛球日记", "品牌方是…"
BRAND_NAMED_ZH = re.compile(r"(?:品牌|牌子)(?:方|名称?)?[ \t]?(?:[:：]|是|叫)")
# what follows a quote after 参与 when the quote names its owner: 「咔滋脆」新品推广, 「X」品牌活动
QUOTED_OWNER_AFTER = re.compile(r"[ \t]?(?:的)?(?:新品|新款|品牌|产品|家的?)")
CATEGORY_THEN_NAME = re.compile(
    r"[ \t]{1,2}(?P<n>[\u4e00-\u9fff]{2,10}|[A-Z][\w&'\-]{0,20}(?: [A-Z][\w&'\-]{0,20}){0,3})"
    r"(?=[ \t]?[，,。!！~～\n]|$)"
)
CONTENT_AFTER = re.compile(r"\s?(?:图文|视频|笔记|合集|vlog|post|video)", re.I)
# a Chinese noun glued after a closing quote: the quote names a product or a series of it
# (「月相」小夜灯, 「雪松与苔藓」香薰蜡烛), not a brand said alone (「木纹日记」， 「X」的, 「X」家)
QUOTED_THEN_NOUN = re.compile(r"(?![的家是和与跟这那也都就还在])[\u4e00-\u9fff]")
QUOTED_PRODUCT_RANK = 5
# …but a shop's or a brand's kind after it, or the writer naming herself or a mail's subject
# before it, says the quote is the name: 「一隅」花店, 「白鹭湾」民宿品牌, 「整理家」品牌部,
# 我们是「暖屿羽绒服」官方店, 主题：「青瓷」茶器
QUOTED_SHOP_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,3}?(?:店|馆|民宿|酒店|品牌|官方|部|工作室|坊|铺)"
)
QUOTED_SELF_BEFORE = re.compile(r"(?:我们是|这里是|这边是|是|主题[:：]|subject:)[ \t]?$", re.I)
# the name glued before such a quote at the head of a line or after a heading's bar: the
# product's maker ("招募｜禾木「一夜好眠」乳胶枕 试睡官")
# (家 may follow the name: "栖月家「晚风白茶」香薰蜡烛", attack review r32)
OWNER_BEFORE_QUOTE = re.compile(
    r"(?:(?<=[\n｜|】\]])|^)[ \t]?(?P<n>[\u4e00-\u9fff]{2,6}?)(?<!我们)(?<!你们)家?$"
)
# a quoted campaign's title of words apart, the name first: 「暖昼 桌面暖风机 冬季招募」
# (a campaign's word closing it, not a shop's name of words apart, 「一点点 Coco 奶茶」)
QUOTED_CAMPAIGN = re.compile(
    r"(?:招募|活动|体验官?|试用|推广|企划|计划|种草|测评|挑战|专场|campaign)$", re.I
)
QUOTED_NAME_WORDS = re.compile(r"(?P<n>[\u4e00-\u9fff]{2,8})[ \t]+(?P<t>[^ \t].{1,30})")


AMOUNT_OR_MEASURE_NAME = re.compile(
    r"[\d.,]+\s?[kKwW万千百]?\s?(?:[一两]?[条篇个支次场盒份件套]|/|元|块)|个(?![护性])"
)


# a closing bracket with no opening one before it in a name
UNOPENED_SHUT = re.compile(r"^[^(（\[【]*?[)）\]】]")
# after a person's name: a role at a company, in brackets or after a comma or "here,"
PERSON_ROLE_AT = re.compile(
    r"[ \t]?(?:[(（]|[,，]|[ \t]here,)[ \t]?(?P<r>[A-Za-z][A-Za-z&/\-]*(?:[ \t][A-Za-z&/\-]+){0,5})"
    r"[ \t](?:at|@)[ \t]"
    r"(?P<c>[A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}(?:[ ](?:[A-Z0-9À-Þ][\wÀ-ÿ'&\-]{0,30}|&|of)){0,4})"
)
# the last word of a person's role before "at": "Partnerships Manager", "Creator Lead", "Head of
# Partnerships" (not "a clean beauty brand available at Sephora", "our creator team at …")
PERSON_ROLE_LAST = re.compile(
    r"(?:manager|lead|director|coordinator|executive|founder|CEO|CMO|head|assistant|"
    r"associate|officer|intern|partnerships?|marketing|PR|strategist|producer|buyer|owner|VP|"
    r"president|editor|liaison|representative|rep)",
    re.I,
)
# a person's name before the role: one to three capitalised words ("Sophie Tran", "Marcus Lee";
# not "Tidewell SPF", "Pebble & Pine"); at most PERSON_ROLE_CAP people are read
PERSON_NAME = re.compile(r"[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){0,2}")
PERSON_ROLE_CAP = 3
ROLE_NOT_PERSON = re.compile(r"(?:a|an|the|our|one|your|their|its)", re.I)
# (not when a Title-Case word follows the number: "$1 Pasta Club", "£1 Fish Man Cookware" is a name)
CURRENCY_THEN_NUMBER = re.compile(rf"{CUR_PRE}\s?\d[\d,.]*(?![\d,.])(?-i:(?![ \t]?[A-Z][a-z]))", IA)


def plausible(name: str) -> bool:
    """A name can be a brand: not a place, pronoun or common word, not a fragment."""
    name = name.strip()
    return (
        bool(name)
        and not NOT_A_NAME.match(name)
        and not NOT_A_NAME.match(name.split("的")[0])  # "香港的一家小店"
        and not re.search(r"^[-–—]|[-–—]$|一家|一个", name)
        and not DESCRIPTION.search(name)
        and not re.fullmatch(r"[\d\s.,%]+", name)
        # "3k一条" (a price per piece), "个小" (我们是个小团队): an amount or a measure word
        and not AMOUNT_OR_MEASURE_NAME.match(name)
        # "from RMB 2,000 per video", "at USD 250": an amount after a name's lead word
        and not CURRENCY_THEN_NUMBER.match(name)
    )


# what a brand says of itself, not its name: "刚起步的国产猫粮", "小众银饰", "新锐国货洗护"
DESCRIPTION = re.compile(
    r"^(?:刚起步|刚成立|刚创立|新成立|初创|新锐|小众|国产|国货|原创|本土|独立|平价|轻奢|高端|专业|"
    r"做\S{1,8}的)|[\u4e00-\u9fff]的[\u4e00-\u9fff]{0,6}$"
)


def lead_name(raw: str) -> str | None:
    """The first name in a title fragment ("韩束 红蛮腰精华" → 韩束, "Glossier " → Glossier)."""
    raw = raw.strip()
    if re.match(r"[A-Za-z]", raw):
        latin = re.match(EN_NAME, raw)
        return en_name(latin.group("n")) if latin else None
    name = clean_name(raw)
    name = without_product(name) if name else None  # "鹿岭鲜炖银耳 新品种草" → 鹿岭
    if not name or not name_ok(name) or PRODUCT_AT.search(name):
        return None
    if CATEGORY_PREFIX.sub("", name) != name or raw.startswith(name + "品牌"):
        return None  # "母婴品牌 贝亲": a category, the name comes after it
    return name


def title_brand(s: str) -> tuple[str, int, int] | None:
    """A brand named in a title line of a group post ("【直播通告】丸美 眼霜专场")."""
    pos = 0
    lines = 0
    while pos < len(s) and lines < 3:
        end = s.find("\n", pos)
        end = len(s) if end == -1 else end
        line = s[pos:end]
        if line.strip():
            lines += 1
            head = line.lstrip()
            titled = (
                head.startswith(("【", "[", "@", "#"))
                or (head[:1] > "\u2600" and unicodedata.category(head[:1]) == "So")
                or (len(line) <= 40 and not re.search(r"[,，。?？~～]", line))
            )
            if titled:
                found = title_name_in(s, pos, end)
                if found:
                    return found
        pos = end + 1
    return None


# words of a sentence, never in a name: "人挺好说话", "天内不接其他", "成为青禾"
SENTENCE_WORDS = re.compile(
    # "挺好喝的奶茶" is a name: 很好/挺好 of a taste or a look is no sentence
    r"其他|其它|别的|人很|人挺|很好(?![喝吃看用玩闻])|挺好(?![喝吃看用玩闻])|说话|相处|不接|不要|不用|不能|不可|没有|^成为|^作为|^加入|^参加"
)


def name_ok(name: str) -> bool:
    return (
        2 <= len(name) <= 20
        and not NAME_FUNCTION_CHARS.search(name)
        and not SENTENCE_WORDS.search(name)
        and not TITLE_STOP.match(name)
        and not PRODUCT_AT.fullmatch(name)
        and not re.search(r"\d", name)
        and not BAD_NAME.search(name)
    )


# a trade written as part of a shop's name ("瑞幸咖啡", "森屿香氛", "鹿野手工皂")
BUSINESS_KIND = re.compile(
    r"(?:花|咖啡|面包|甜品|烘焙|书|茶)(?:店|馆)|小馆|餐厅|"
    r"咖啡|香氛|茶饮|茶事|烘焙|面包|甜品|零食铺|手工皂|皂坊|工坊|家居|服饰|珠宝"
)


def title_name_in(s: str, a: int, b: int) -> tuple[str, int, int] | None:
    tokens = list(TITLE_TOKEN.finditer(s, a, b))
    for i, t in enumerate(tokens):
        word = t.group(0)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if is_cjk(word[0]) and i > 0 and tokens[i - 1].end() == t.start():
            continue  # "@Rivo影像": the Chinese word glued after a Latin name is that name's
        gap = s[t.end() : nxt.start()] if nxt else ""
        if is_cjk(word[0]):
            # "苏菲卫生巾": a name glued to the product
            for cut in range(2, min(7, len(word) - 1)):
                if GOODS.fullmatch(word[cut:]) and name_ok(word[:cut]):
                    if BUSINESS_KIND.fullmatch(word[cut:]):
                        return word, t.start(), t.end()  # "森屿香氛": a shop named for its trade
                    return word[:cut], t.start(), t.start() + cut
            if len(word) > 8:
                continue
        if nxt is None or not name_ok(word):
            continue
        if is_cjk(word[0]) and not re.fullmatch(r"[ \t]+|[ \t]*[x×][ \t]*", gap):
            continue
        after = s[t.end() : t.end() + 4]
        nxt_word = nxt.group(0)
        product_next = PRODUCT_AT.match(nxt_word) or (
            is_cjk(nxt_word[0]) and len(nxt_word) <= 8 and PRODUCT_AT.search(nxt_word)
        )
        if product_next or re.match(r"[ \t]?[x×][ \t]", after):
            if re.match(r"[A-Za-z]", word) and word.isupper() and len(word) > 6:
                continue  # "NEW CASTING"
            prev = tokens[i - 1] if i > 0 else None
            if (
                prev is not None
                and re.fullmatch(r"[ \t]+", s[prev.end() : t.start()])
                and name_ok(prev.group(0))
                and len(prev.group(0)) <= 8
                and not CATEGORY_PREFIX.match(prev.group(0))
                and (
                    prev.start() == a
                    or re.search(r"[|｜:：】\]][ \t]*$", s[max(a, prev.start() - 3) : prev.start()])
                )
            ):
                # "好望水 望山楂 冬日新品种草", "拾光皂坊 手工冷制皂 体验官": brand, product,
                # campaign
                return prev.group(0), prev.start(), prev.end()
            return word, t.start(), t.end()
        if (
            (i == 0 or re.search(r"[|｜:：】\]][ \t]*$", s[max(a, t.start() - 3) : t.start()]))
            and (CATEGORY_PREFIX.match(nxt_word) and len(nxt_word) <= 8)
            and name_ok(word)
            and re.fullmatch(r"[ \t]+", gap)
        ):
            return word, t.start(), t.end()  # "HAYO 小众银饰", "NOVA 轻奢腕表": a name, what it is
    return None


PERSON_AT = re.compile(
    r"[A-Z][a-z]{1,12}(?: [A-Z][a-z]{1,15})? (?:at|@) "
    r"(?P<c>[A-Z][\w&'.\-]{0,30}(?: [A-Z][\w&'.\-]{0,30}){0,3})"
)


# a line of contact details under a signature: no name on it
CONTACT_LINE = re.compile(
    r"[ \t]*(?:(?:e-?mail|邮箱|tel|phone|电话|微信|wechat|web|site)[ \t]?[:：][ \t]?)?"
    r"(?:[\w.+\-]{1,40}@[\w\-]{1,40}(?:\.[\w\-]{1,20}){1,3}|(?:https?://|www\.)[^\s]{1,80}|"
    r"\+?[\d \-()]{7,20})[ \t]*",
    IA,
)


def signature_names(s: str) -> list[tuple[str, int, int]]:
    """Company names in the lines after a sign-off ("Best,\nHannah Lee\nManager | First Aid")."""
    out = []
    for m in SIGN_OFF.finditer(s):
        pos = m.end()
        for line_no in range(3):
            end = s.find("\n", pos)
            end = len(s) if end == -1 else end
            line = s[pos:end]
            if CONTACT_LINE.fullmatch(line):  # "sara@oatfieldsnacks.com", a site, a phone
                pos = end + 1
                if pos >= len(s):
                    break
                continue
            at = PERSON_AT.fullmatch(line.strip())
            if at is not None:  # "Best,\nTom at Birchwell Tea": the person, then her company
                name = en_name(at.group("c"))
                if name and not ROLE_WORDS.search(name):
                    a = pos + line.index(at.group("c"))
                    out.append((name, a, a + len(name)))
                    break
            for part in re.finditer(r"[^|,，·@–—]+", line):
                text = part.group(0).strip()
                if not text or ROLE_WORDS.search(text):
                    continue
                # a line of its own: the person signing; under it ("Best,\nTom\nLumenloft")
                # a capitalised line is the company's
                if (
                    part.start() == 0
                    and not re.search(r"[|,，·@–—]", line)
                    and (
                        line_no == 0
                        or not re.fullmatch(r"[A-Z][\w&'.\-]*(?: [A-Z][\w&'.\-]*){0,3}", text)
                    )
                ):
                    continue
                if part.start() == 0 and re.fullmatch(
                    r"[A-Z][a-zà-ÿ]{1,12}|[\u4e00-\u9fff]{2,3}", text
                ):
                    rest = line[part.end() :]
                    if re.search(r"[A-Za-z\u4e00-\u9fff]", rest) and not ROLE_WORDS.search(rest):
                        continue  # "Ida — Sølv Studio": the person, then her company
                name = en_name(text) if re.match(r"[A-Za-z]", text) else clean_name(text)
                if name:
                    a = pos + part.start() + part.group(0).index(text)
                    out.append((name, a, a + len(name)))
            pos = end + 1
            if pos >= len(s):
                break
    return out


# the last line, a person then her company with no sign-off above it: "Maya | Partnerships,
# Fernleaf", "Chloe | Gymshark"
PERSON_BAR = re.compile(
    r"[ \t]*(?:[A-Z][a-z]{1,12}(?: [A-Z][a-z]{1,15})?|[\u4e00-\u9fff]{2,3})[ \t]*[|｜][ \t]*"
)


# a text message's sender in brackets at its start or end, the way Chinese SMS are signed:
# "【万象城】尊敬的博主您好，…拒收请回复R"
SMS_OPT_OUT = re.compile(
    r"拒收请?回复?\s?R\b|回复?\s?T\s?退订|退订请?回复?\s?T|回\s?TD\s?退订|回复?\s?TD\b|"
    r"reply STOP to (?:opt out|unsubscribe)",
    IA,
)
SMS_SENDER_START = re.compile(
    r"\A\s?【(?P<n>[^】\n]{2,12})】\s?(?P<greet>尊敬的|亲爱的|您好|你好)?"
)
SMS_SENDER_END = re.compile(r"【(?P<n>[^】\n]{2,12})】\s?\Z")


def sms_sender(s: str) -> tuple[str, int, int] | None:
    """The sender of a text message: 【name】 opening it before a greeting, or 【name】 at the
    start or the end of a message with an opt-out line."""
    opt_out = SMS_OPT_OUT.search(s) is not None
    offset = 0
    m = SMS_SENDER_START.match(s)
    if m is not None and not (m.group("greet") or opt_out):
        m = None
    if m is None and opt_out:
        offset = max(0, len(s) - 20)
        m = SMS_SENDER_END.search(s, offset)
    if m is None:
        return None
    name = m.group("n").strip()
    a = m.start("n")
    return (name, a, a + len(name)) if sender_name_ok(name) else None


def sender_name_ok(name: str) -> bool:
    return (
        plausible(name)
        and not GENERIC_TAG.search(name)
        and not re.search(r"任务|订单|通知|推送|提醒|系统|平台|验证码|蒲公英|小红书", name)
        and (not is_cjk(name[0]) or name_ok(name))
    )


PERSON_LINE = re.compile(r"[A-Z][a-z]{1,12}(?: [A-Z][a-z]{1,15}){0,2}|[\u4e00-\u9fff]{2,3}")
ROLE_LINE = re.compile(r"(?P<r>[A-Za-z&/ \-]{2,40}?)[ \t]?[,，|｜·][ \t]?(?P<c>[^,，|｜·\n]{2,40})")


COMPANY_END = re.compile(r"\b(?:Co|Inc|Ltd|LLC|GmbH|Corp|Company|Studio|Studios)\.?$")
MAIL_DOMAIN = re.compile(r"[A-Za-z0-9._%+\-]{1,40}@(?P<d>[A-Za-z0-9\-]{2,40})\.[A-Za-z]{2,6}\b")


def last_line_signature(s: str) -> list[tuple[str, int, int]]:
    body = s.rstrip()
    start = body.rfind("\n") + 1
    line = body[start:]
    person = PERSON_BAR.match(line)
    if person is None and len(line) <= 80:
        # "Hana Mori\nPartnerships, Ippodo": the person on a line of her own, under it her
        # role, then her company
        above = body[: max(0, start - 1)]
        prev = above[above.rfind("\n") + 1 :].strip()
        role = ROLE_LINE.fullmatch(line.strip())
        if role is not None and PERSON_LINE.fullmatch(prev) and ROLE_WORDS.search(role.group("r")):
            text = role.group("c")
            name = en_name(text) if re.match(r"[A-Za-z]", text) else clean_name(text)
            if name and plausible(name) and not ROLE_WORDS.search(name):
                a = start + line.index(text)
                return [(name, a, a + len(name))]
        company = line.strip()
        if role is None and PERSON_LINE.fullmatch(prev) and re.match(r"[A-Z]", company):
            # "Leo\nDriftwood Camp Co.": the person, then a company line with a company's
            # ending or spelled like the sender's mail domain (leo@driftwoodcamp.co)
            name = en_name(company)
            if name and plausible(name) and not ROLE_WORDS.search(name):
                if COMPANY_END.search(company) is None:
                    # "Salt & Ember" at saltandember.com: the & spelled out in the domain
                    spelled = {
                        re.sub(r"[^a-z0-9]", "", name.lower()),
                        re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and")),
                    }
                    domains = MAIL_DOMAIN.findall(s, 0, 4000)
                    if not any(
                        len(d) >= 4
                        and (joined.startswith(d.lower()) or d.lower().startswith(joined))
                        for d in domains
                        for joined in spelled
                    ):
                        return []
                if name.endswith(("Co", "Inc", "Ltd")) and company.endswith(name + "."):
                    name += "."
                a = start + line.index(company)
                return [(name, a, a + len(name))]
        return []
    if person is None or len(line) > 100:
        return []
    for part in reversed(list(re.finditer(r"[^|｜,，·]+", line[person.end() :]))):
        text = part.group(0).strip()
        if not text or ROLE_WORDS.search(text):
            continue
        name = en_name(text) if re.match(r"[A-Za-z]", text) else clean_name(text)
        if (
            name
            and plausible(name)
            and (not is_cjk(name[0]) or (name_ok(name) and not ZH_NOT_SPEAKER_NAME.search(name)))
        ):
            a = start + person.end() + part.start() + part.group(0).index(text)
            return [(name, a, a + len(name))]
        return []
    return []


# a model after a Latin name, then its product and the writer's role: "Bambu Lab 3D 打印机的
# marketing", "Kettlebrook 咖啡机的 PR"
MODEL_TAIL = re.compile(r"(?: [A-Za-z\-]{0,6}\d[A-Za-z0-9\-]{0,8})+\Z")
PRODUCT_BEFORE_ROLE = re.compile(
    r"[ \t]?(?:[A-Za-z0-9\-]{1,8}[ \t]?)?(?:(?!的)[\u4e00-\u9fff]){1,6}(?=\s?的)"
)


def staff_after_product(s: str, end: int) -> bool:
    product = PRODUCT_BEFORE_ROLE.match(s, end)
    return (
        product is not None and STAFF_ROLE.match(s[product.end() : product.end() + 16]) is not None
    )


# the brand's team after its name ("谷雨官方合作组🌱", "山茶花开官方运营组"): not the name
TEAM_SUFFIX = re.compile(
    r"(?:官方)?(?:合作|运营|市场|商务|推广|媒介|品牌|新媒体|达人|对接)(?:组|部|团队|小组)$|官方(?:组|团队|小组)$"
)
# "[New gig] Saltmarsh Coffee - Spring Roast Launch": a notice's tag, then the name before a dash
TAG_TITLE = re.compile(
    rf"\A\s?(?:\[[^\]\n]{{2,40}}\]|【[^】\n]{{2,16}}】)[ \t]?{EN_NAME}[ \t][-–—|｜:][ \t]"
)
# "极米 RS 10 投影仪 种草", "追觅 X40 扫地机 测评": a Chinese name, then a model and a product
NAME_THEN_MODEL = re.compile(r"(?P<n>[\u4e00-\u9fff]{2,8})[ \t]+(?=[A-Z][A-Za-z]{0,3}[ \t]?\d)")


def trim_brand(name: str) -> str:
    """A brand as written, without the symbols, team or model around it."""
    if len(name) > 60:
        return name
    bare = name.rstrip()
    while bare and unicodedata.category(bare[-1]) in ("So", "Sk", "Mn", "Cf"):
        bare = bare[:-1].rstrip()  # "…合作组🌱": an emoji closes the line
    team = TEAM_SUFFIX.search(bare)
    if team and team.start() >= 2:
        bare = bare[: team.start()]
    model = NAME_THEN_MODEL.match(bare)
    if model and PRODUCT_AT.search(bare, model.end()):
        bare = model.group("n")
    return bare if len(bare) >= 2 else name


# what a product is, between the brand and the product ("小仙炖鲜炖燕窝", "山茶纪冷压山茶油")
PRODUCT_MODIFIER = re.compile(
    r"(?:鲜炖|即食|冻干|冷萃|冷压|冷榨|鲜榨|速溶|有机|手工|手作|原味|无糖|低糖|全麦|即饮|冷泡)\Z"
)


# a Latin name with its product after it ("Glow Lab Vitamin C Serum", "Fernhill Retinol Night
# Cream"): the product's last word, and where the product starts
EN_PRODUCT_END = re.compile(
    r"(?:Serum|Cream|Cleanser|Toner|Lotion|Moisturi[sz]er|Sunscreen|Essence|Shampoo|"
    r"Conditioner|Lipstick|Mascara|Foundation|Balm)"
)
EN_PRODUCT_START = re.compile(
    r"(?:Vitamin|Retinol|Hyaluronic|Niacinamide|Peptide|Collagen|Night|Day|Eye|Face|Facial|Lip|"
    r"Hand|Body|Hair|Hydrating|Brightening|Repair|Daily)|" + EN_PRODUCT_END.pattern
)


def without_en_product(name: str) -> str:
    """A Latin name without the product written after it, when the product takes two words or
    more: "Glow Lab Vitamin C Serum" → Glow Lab; "Sol & Sea Sunscreen" stays."""
    words = name.split(" ")
    if not 2 <= len(words) <= 8 or not EN_PRODUCT_END.fullmatch(words[-1]):
        return name
    for i in range(1, len(words) - 1):  # "Sol & Sea Sunscreen": one product word may be the name's
        if EN_PRODUCT_START.fullmatch(words[i]):
            return " ".join(words[:i])
    return name


def without_product(name: str) -> str:
    """A Chinese name glued to its product, without it: "鹿岭鲜炖银耳" → 鹿岭, "苏菲卫生巾" → 苏菲.
    A trade that names a shop stays ("瑞幸咖啡", "森屿香氛")."""
    if not 4 <= len(name) <= 20 or not all(is_cjk(c) for c in name):
        return name
    for cut in range(2, len(name) - 1):  # the longest product first (山茶油, not 茶油)
        tail = name[cut:]
        if not GOODS.fullmatch(tail):
            continue
        if BUSINESS_KIND.fullmatch(tail) or CATEGORY_PREFIX.fullmatch(tail):
            return name  # "瑞幸咖啡", "木子美妆": the shop's trade is part of its name
        head = name[:cut]
        modifier = PRODUCT_MODIFIER.search(head)
        if modifier and modifier.start() >= 2:
            head = head[: modifier.start()]
        ok = name_ok(head) and plausible(head) and not CATEGORY_PREFIX.fullmatch(head)
        return head if ok else name
    return name


def clean_name(raw: str) -> str | None:
    name = raw.strip().strip(".,，。:：!！~～-—–'\"")
    if re.search(r"[\u4e00-\u9fff]", name):
        name = re.split(r"[,，。!！?？~～\s(（]", name)[0]
        name = NAME_STRIP_SUFFIX.sub("", name)
    name = name.strip().strip(".,")
    if not name or len(name) > 40 or BAD_NAME.search(name):
        return None
    return name


def en_name(raw: str) -> str | None:
    words = raw.split()
    stop = {
        "We",
        "I",
        "Our",
        "Hi",
        "Hello",
        "Thanks",
        "Thank",
        "Please",
        "The",
        "Dear",
        "Could",
        "Would",
        "Can",
        "Great",
        "Me",
        "My",
        "Yes",
        "Sure",
        "OK",
        "Ok",
        "Hey",
        "Best",
        "Kind",
    }
    while words and words[-1] in stop | {"and", "&", "of", "de", "la"}:
        words.pop()
    if words and words[0] in stop - {"The"}:
        return None
    name = re.split(r"['’]s\b", " ".join(words))[0].strip(".,")
    if not name or BAD_NAME.search(name):
        return None
    return name


# --- one brand written in both scripts side by side: "内外 NEIWAI", "雾屿/Wuyu", "Kolon 可隆" ---
# The first-written form is the name (a glued pair, "OATLY噢麦力", stays whole: one word).
PAIR_GAP = r"(?:[ \t]{1,2}|[ \t]?[/／][ \t]?)"
PAIR_LATIN = r"[A-Za-z][A-Za-z0-9&'.\-]{0,30}(?: [A-Za-z][A-Za-z0-9&'.\-]{0,30}){0,3}"
PAIR_NAME = re.compile(
    rf"(?P<a>[\u4e00-\u9fff]{{2,8}}|{PAIR_LATIN}){PAIR_GAP}(?P<b>[\u4e00-\u9fff]{{2,8}}|{PAIR_LATIN})"
)
# the other script's name right before a listed name ("Kolon 可隆", "苏菲 Sofy", "苏菲（Sofy）")
PAIR_GAP_BEFORE = r"(?P<gap>[ \t]{1,2}|[ \t]?[/／][ \t]?|[ \t]?[(（])"
LATIN_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9&'.\-])(?P<n>[A-Za-z][A-Za-z0-9&'.\-]{{0,30}}"
    rf"(?: [A-Za-z][A-Za-z0-9&'.\-]{{0,30}}){{0,2}}){PAIR_GAP_BEFORE}\Z"
)
CJK_BEFORE = re.compile(rf"(?<![\u4e00-\u9fff])(?P<n>[\u4e00-\u9fff]{{2,8}}){PAIR_GAP_BEFORE}\Z")
# English words that are a name only when the list says so ("On" of "On Running" beside 昂跑)
LATIN_FUNCTION_WORDS = frozenset(
    {"on", "in", "at", "by", "for", "to", "with", "from", "the", "a", "an", "and", "or", "of"}
    | {"hi", "hey", "hello", "dear", "new", "x", "vs", "via", "my", "our", "your", "this", "that"}
    | {"re", "fw", "fwd"}
)
NOT_PAIR_LATIN = re.compile(r"\b(?:agency|talent|media|team|official|store|shop|mcn)\b", IA)
# a time, a season, thanks or a preposition before a name is not the name ("今年双十二 Dyson",
# "谢谢对 IKEA 的喜欢", "冬季 Dior")
NOT_PAIR_CJK = re.compile(
    r"[今明去]年|[本下上]个?[月周]|这次|本次|今天|明天|近期|最近|双十[一二]|双1[12]|[春夏秋冬]季|"
    r"春节|新年|元旦|中秋|国庆|圣诞|谢谢|感谢|[对跟和与给为在从被把让向替帮及]$|"
    # a greeting, or a platform or shop where the brand sells ("抖音 Dior 直播", "天猫 Dior")
    r"老师|宝子|宝宝|姐妹|亲爱|大家|各位|朋友|博主|达人|好$|"
    r"抖音|天猫|淘宝|京东|拼多多|快手|微博|微信|视频号|得物|唯品会|小红书|[Bb]站"
)


def cjk_name_like(word: str) -> bool:
    """A Chinese word that can be a brand's name beside its Latin one (not 新品, 护肤, 品牌…)."""
    return (
        name_ok(word)
        and plausible(word)
        and not PRODUCT_AT.match(word)
        and not CATEGORY_PREFIX.fullmatch(word)
        and not BUSINESS_KIND.fullmatch(word)
        and not ZH_NOT_SPEAKER_NAME.search(word)
        and not NOT_PAIR_CJK.search(word)
    )


def latin_name_like(words: str) -> bool:
    """Latin words that can be a brand's name beside its Chinese one (not Hi, China, Team…)."""
    return (
        re.match(r"[A-Z0-9]", words) is not None
        and en_name(words) == words
        and not TITLE_STOP.match(words)
        and not NOT_A_NAME.match(words)
        and not NOT_PAIR_LATIN.search(words)
    )


def first_of_pair(name: str) -> str:
    """ "内外 NEIWAI" → 内外, "雾屿/Wuyu" → 雾屿: a name found whole, written in both scripts."""
    if len(name) > 60:
        return name
    m = PAIR_NAME.fullmatch(name)
    if m is None:
        return name
    a, b = m.group("a"), m.group("b")
    if is_cjk(a[0]) == is_cjk(b[0]):
        return name
    cjk, latin = (a, b) if is_cjk(a[0]) else (b, a)
    if a is latin and a.lower() in LATIN_FUNCTION_WORDS:
        return name
    return a if cjk_name_like(cjk) and latin_name_like(latin) else name


# --- the bare name: a brand without the category or product written after it -----------------
# (convention of the corpus: 贝语, not 贝语婴儿湿巾; Fenty, not Fenty Beauty; 瑞幸, not 瑞幸咖啡).
# Chinese: a trailing word of this lexicon (products, trades, shop words), stripped as long as
# two Chinese characters or a Latin name stay; Latin: trailing category words, with a company
# suffix after them ("Harbor & Pine Candle Co."), or a bare company suffix ("Glossier Inc.").
CATEGORY_TAIL_ZH = sorted(
    set(PRODUCT_WORDS)
    | set(
        [
            "湿巾",
            "婴儿湿巾",
            "护肤",
            "美妆",
            "彩妆",
            "个护",
            "洗护",
            "家居",
            "家纺",
            "服饰",
            "女装",
            "男装",
            "童装",
            "儿童",
            "婴童",
            "小家电",
            "童书",
            "绘本",
            "图书",
            "厨电",
            "鞋履",
            "珠宝",
            "饰品",
            "食品",
            "零食",
            "茶饮",
            "乳业",
            "烘焙",
            "面包",
            "甜品",
            "火锅",
            "烧烤",
            "烤肉",
            "糕点",
            "点心",
            "小吃",
            "串串",
            "面馆",
            "餐厅",
            "餐饮",
            "民宿",
            "酒店",
            "宠物",
            "母婴",
            "数码",
            "电器",
            "家电",
            "户外",
            "清洁",
            "烤鱼",
            "家具",
            "影像",
            "旗舰店",
            "官方旗舰店",
            "官方",
            "服装",
            "电解质水",
            "原液",
            "螺蛳粉",
            "麦片",
            "方便面",
            "矿泉水",
            "苏打水",
            "果汁",
            "茶叶",
            "月饼",
            "巧克力",
            "饼干",
            # the trade of a name glued to it (r31): "雁归羽绒", "沁夏凉席", "眠山床品"
            "羽绒",
            "凉席",
            "床品",
            "寝具",
            "袜业",
            "箱包",
            "文具",
            "灯具",
            "餐具",
            "厨具",
            "内衣",
            "露营",
            "辅食",
            "暖宝宝",
        ]
    ),
    key=len,
    reverse=True,
)
CATEGORY_TAIL_ZH_RX = re.compile(
    "(?:[ \t·]?(?:" + "|".join(map(re.escape, CATEGORY_TAIL_ZH)) + "))+\\Z"
)
# lowercase English words after a capitalised Latin name are the product, not the name
# ("Lumio earbuds" -> Lumio); a Title-Case trade name ("Blue Bottle Coffee") is the brand's own name
EN_PRODUCT_TAIL = re.compile(
    r"(?P<head>[A-Z0-9][A-Za-z0-9&'.\-]*(?: (?:&|[A-Z0-9][A-Za-z0-9&'.\-]*)){0,4})"
    r"(?: [a-z][a-z\-]*){1,3}"
)
GLUED_PAIR = re.compile(
    r"(?P<a>[A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+){0,3})(?P<b>[\u4e00-\u9fff]{2,8})"
    r"|(?P<c>[\u4e00-\u9fff]{2,8})(?P<d>[A-Za-z][A-Za-z0-9&'.\-]*(?: [A-Za-z0-9&'.\-]+){0,3})"
)


def bare_brand(name: str) -> str:
    """A brand's bare name: "贝语婴儿湿巾" → 贝语, "Ollie 咖啡" → Ollie, "OATLY噢麦力" → OATLY (a
    name glued in two scripts: the first-written), "Lumio earbuds" → Lumio. A Latin trade name in
    Title Case is the brand's own name and stays whole ("Blue Bottle Coffee", "First Aid Beauty",
    "Ember Tea Co."). A name that would be left with less than two Chinese characters or no Latin
    word stays as it is."""
    if len(name) > 60:
        return name
    tail = CATEGORY_TAIL_ZH_RX.search(name)
    if tail is not None and tail.start() > 0:
        head = name[: tail.start()].rstrip(" \t·")
        if (
            len(head) >= 2
            and all(is_cjk(c) for c in head)
            and name_ok(head)
            and plausible(head)
            and not CATEGORY_PREFIX.fullmatch(head)
        ) or (re.fullmatch(r"[A-Za-z0-9&'.\- ]+", head) and latin_name_like(head)):
            name = head
    pair = GLUED_PAIR.fullmatch(name)
    if pair is not None:
        latin, cjk = (
            (pair.group("a"), pair.group("b"))
            if pair.group("a")
            else (
                pair.group("d"),
                pair.group("c"),
            )
        )
        if cjk_name_like(cjk) and latin_name_like(latin):
            name = pair.group("a") or pair.group("c")
    en = EN_PRODUCT_TAIL.fullmatch(name)
    if en is not None and en.group("head").lower() not in LATIN_FUNCTION_WORDS:
        name = en.group("head")
    return name


def written_before(
    s: str, mention: gazetteer.Mention, mentions: Sequence[gazetteer.Mention]
) -> tuple[str, int, int] | None:
    """The same brand in the other script written right before a listed name ("Kolon 可隆",
    "苏菲 Sofy"): that first-written form, or None."""
    a = mention.start
    window = s[max(0, a - 100) : a]
    cjk = is_cjk(s[a])
    m = (LATIN_BEFORE if cjk else CJK_BEFORE).search(window)
    if m is None:
        return None
    if m.group("gap").strip(" \t") in ("(", "（") and not s.startswith((")", "）"), mention.end):
        return None
    base = a - len(window)
    words = m.group("n").split(" ")
    # the other script's names the list holds for this brand: when it holds some, the name
    # beside must be one of them or the start of one ("Kolon" of "Kolon Sport"); "京东 Dyson",
    # "Urgent 戴森" are not Dyson's names (戴森, Dyson are listed)
    others = [x for x in gazetteer.aliases_of(mention.brand) if is_cjk(x[0]) != cjk]
    for k in range(len(words)):  # "Hi Kolon 可隆": the longest run of words that is a name
        name = " ".join(words[k:])
        start = base + m.start("n") + len(" ".join(words[:k])) + (1 if k else 0)
        end = start + len(name)
        listed = any(
            gazetteer.fold(x) == gazetteer.fold(name)
            or gazetteer.fold(x).startswith(gazetteer.fold(name) + " ")
            for x in others
        )
        if cjk:
            if not listed and (others or name.lower() in LATIN_FUNCTION_WORDS):
                continue
            if not (listed or latin_name_like(name)):
                continue
        elif not listed and (others or not cjk_name_like(name)):
            return None
        if any(
            other.brand != mention.brand and other.start < end and start < other.end
            for other in mentions
        ):
            return None  # "Sephora 兰蔻": two brands side by side
        return name, start, end
    return None


# --- generic words: what a heading, a notice, a note or a slogan says, never a brand's name (r33)
# A candidate made of these words only ("Official", "Recruitment", 招募广场, 电话记录, 换季修护) is
# the heading of a notice or of the creator's notes, not the name: the vetting passes it over.
GENERIC_NAME_ZH = re.compile(
    r"(?:招募|广场|通告|通知|公告|记录|电话|通话|笔记|合作|官方|平台|速记|备忘|会议|纪要|新品|上新|"
    r"体验|试用|活动|任务|需求|推广|种草|福利|换季|修护|补水|保湿|焕新|焕亮|夏日|秋冬|春夏|春季|"
    r"夏季|秋季|冬季|专场|招聘|达人|博主|品牌|寄样|报名|开箱|测评|好物|清单|邀约|邀请|商单|急招|"
    r"尝鲜|限定|计划|项目|详情|说明|要求|须知|资料|简介|汇总|整理|更新|回复|聊天|沟通)+"
)
GENERIC_NAME_EN = frozenset(
    [
        "official",
        "recruitment",
        "recruiting",
        "recruit",
        "campaign",
        "brief",
        "briefing",
        "notice",
        "collab",
        "collabs",
        "collaboration",
        "partnership",
        "partnerships",
        "partner",
        "opportunity",
        "opportunities",
        "announcement",
        "call",
        "notes",
        "note",
        "meeting",
        "summary",
        "update",
        "launch",
        "packing",
        "list",
        "gifting",
        "offer",
        "invite",
        "invitation",
        "program",
        "programme",
        "creator",
        "creators",
        "application",
        "apply",
        "details",
        "requirements",
        "the",
        "a",
        "our",
        "new",
        "paid",
        "sponsored",
        "sponsorship",
        "proposal",
        "inquiry",
        "enquiry",
        "request",
    ]
)


def generic_name(name: str) -> bool:
    """A candidate made only of heading, notice, notes or slogan words (r33)."""
    plain = re.sub(r"[\s·|｜:：\-—–]+", " ", name).strip()
    if not plain:
        return True
    if re.fullmatch(r"[A-Za-z' ]+", plain):
        return all(w.lower().strip("'") in GENERIC_NAME_EN for w in plain.split(" "))
    # a maker's kind after the words names a company ("新品研究所", "招募社"; attack review r33)
    if ORGANISATION_END_ZH.search(plain):
        return False
    # "新品黄皮柠檬茶": a new product's name, not the maker's
    return GENERIC_NAME_ZH.fullmatch(plain.replace(" ", "")) is not None or bool(
        re.match(r"(?:新品|新款|上新|爆款)[\u4e00-\u9fff]", plain)
    )


ORGANISATION_END_ZH = re.compile(
    r"(?:研究所|研究院|实验室|工作室|事务所|公司|集团|商行|社|馆|坊|铺)\Z"
)


# a generic word after a Latin name ("Arcfield Outdoor", "Pine Hill Official")
GENERIC_SUFFIX = re.compile(
    r"(?<=\S) (?:Outdoors?|Official|Store|Shop|Online|Gear|Goods|Apparel|Home|Living|"
    # a product noun after the name, the name alone elsewhere ("Oatridge Granola" … "Oatridge", r33)
    r"Granola|Candles?|Snacks|Teaware)\Z"
)


def short_form(s: str, brand: Hit) -> Hit:
    """ "Arcfield Outdoor" signed, "Arcfield" everywhere else: the name the message uses."""
    suffix = GENERIC_SUFFIX.search(brand.value)
    if suffix is None:
        return cjk_short_form(s, brand)
    stem = brand.value[: suffix.start()]
    rest = re.escape(brand.value[suffix.start() :])
    alone = re.compile(rf"(?<![A-Za-z0-9&'\-]){re.escape(stem)}(?![A-Za-z0-9&'\-]|{rest}\b)")
    if PRODUCT_SUFFIX.search(brand.value):
        # a product noun goes only where the name alone does what a company does ("Hollowmere
        # pays"), not where it is a word or a place ("Pine scent", "Oatridge, Vermont"; r33)
        alone = re.compile(
            rf"(?<![A-Za-z0-9&'\-]){re.escape(stem)}(?:'s\b| (?:{COMPANY_DOES_EN})\b)"
        )
    if len(stem) < 3 or alone.search(s) is None:
        return brand
    return Hit(stem, brand.start, brand.start + len(stem))


PRODUCT_SUFFIX = re.compile(r" (?:Granola|Candles?|Snacks|Teaware)\Z")
COMPANY_DOES_EN = (
    r"pays?|is|are|was|will|would|can|could|has|have|wants?|team|here|ships?|sends?|covers?|"
    r"offers?|needs?|loves?|handles?|settles?|transfers?|wires?"
)
# what a company does, after a Chinese name alone ("暖盏这边", "青釉结款"), not a word ("青釉色")
COMPANY_DOES_ZH = (
    r"(?:这边|那边|这次|这回|本次|家|的|官方|团队|品牌|结款|付款|打款|会|也|还|今年|最近|目前|一直|是|"
    r"在|想|希望|需要|准备|打算|邀请|请|给|对|负责|主要|专门|刚|[\s，,。.!！:：]|\Z)"
)
# goods words trimmed only when the name is written alone elsewhere too ("暖盏茶器" … "暖盏这边",
# r33); a name never written without them stays whole ("木屿茶器：你好" in a chat)
SHORT_FORM_GOODS = frozenset(("茶器", "茶具"))


def cjk_short_form(s: str, brand: Hit) -> Hit:
    """ "「鸭鸭羽绒服」官方旗舰店" and "鸭鸭 冬季通勤穿搭": a Chinese name written with its
    product once and alone elsewhere is the name alone (a shop's trade, "瑞幸咖啡", stays)."""
    name = brand.value
    if not 4 <= len(name) <= 12 or not all(is_cjk(c) for c in name):
        return brand
    for cut in range(2, len(name) - 1):
        rest = name[cut:]
        if (
            not (GOODS.fullmatch(rest) or rest in SHORT_FORM_GOODS)
            or BUSINESS_KIND.fullmatch(rest)
            or not name_ok(name[:cut])
        ):
            continue
        stem = re.escape(name[:cut])
        alone = re.compile(rf"(?<![\u4e00-\u9fff]){stem}(?!{re.escape(rest)})")
        if rest in SHORT_FORM_GOODS:
            alone = re.compile(rf"(?<![\u4e00-\u9fff]){stem}(?={COMPANY_DOES_ZH})")
        if alone.search(s):
            return Hit(name[:cut], brand.start, brand.start + cut)
        return brand
    return brand


# Words that head a notice or name a campaign, a term or a feature, never a brand. A brand
# candidate of any rule passes through brand_candidate(), which reads it against these lists.
# Campaign and season words written before a campaign's name ("冬季好眠计划", "春日焕新计划")
CAMPAIGN_LEAD_ZH = re.compile(
    r"\A(?:(?:春|夏|秋|冬)(?:日|季|天)|秋冬|春夏|年货|新年|新春|开学|双十一|双11|双十二|618|"
    r"七夕|中秋|圣诞|跨年|周年庆?|夏夜|焕新|宠粉)+"
)
# heading, campaign and page words after it ("品牌招募", "合作招募", "夏日清凉计划", "体验官")
CAMPAIGN_TAIL_ZH = re.compile(
    r"(?:品牌|合作|置换|达人|博主|探店|种草)?(?:招募|征集)(?:页面?|令)?\Z|"
    r"(?:计划|企划|活动|专场|体验官|种草官|推荐官|挑战赛?|大赛|季|节|周|通告|新单|商单)\Z"
)
# common vocabulary: a Chinese candidate made only of these words is no name ("通勤降噪",
# "清凉", "好物推荐") — words of features, seasons, content and deal terms, not of single messages
FEATURE_WORDS_ZH = re.findall(
    r"\S+",
    "智能 无线 便携 电动 自动 全自动 迷你 多功能 家用 恒温 蓝牙 折叠 升级 大容量 静音 车载 "
    "手持 充电 速干 轻薄 保温 加湿 可折叠 可视 声波 冷萃 冻干 低糖 无糖 有机 天然",
)
COMMON_WORDS_ZH = frozenset(
    [
        # what a product does or is, written before its kind ("喵宅 智能猫砂盆", "恒温电动牙刷"):
        # a feature, never a name
        *FEATURE_WORDS_ZH,
        "通勤",
        "降噪",
        "清凉",
        "焕新",
        "好物",
        "推荐",
        "合作",
        "招募",
        "计划",
        "品牌",
        "活动",
        "日常",
        "分享",
        "种草",
        "测评",
        "开箱",
        "体验",
        "新品",
        "上新",
        "爆款",
        "夏日",
        "冬日",
        "春日",
        "秋日",
        "冬季",
        "夏季",
        "春季",
        "秋季",
        "护肤",
        "美妆",
        "穿搭",
        "家居",
        "生活",
        "旅行",
        "美食",
        "健身",
        "减脂",
        "母婴",
        "育儿",
        "数码",
        "科技",
        "宠物",
        "敏感",
        "修护",
        "补水",
        "保湿",
        "美白",
        "防晒",
        "控油",
        "温和",
        "平价",
        "高端",
        "轻奢",
        "小众",
        "国货",
        "原创",
        "居家",
        "户外",
        "露营",
        "徒步",
        "城市",
        "周末",
        "假期",
        "节日",
        "礼物",
        "礼盒",
        "福利",
        "优惠",
        "宝藏",
        "必备",
        "清单",
        "攻略",
        "教程",
        "入门",
        "进阶",
        "实测",
        "对比",
        "真实",
        "无限",
        "超值",
        "低糖",
        "低脂",
        "高蛋白",
        "代餐",
        "早餐",
        "下午茶",
        "夜宵",
        "一人食",
        "治愈",
        "松弛",
        "氛围",
        "仪式感",
        "幸福",
        "快乐",
        "简单",
        "极简",
        "学生",
        "打工人",
        "职场",
        "通告",
        "报名",
        "稿费",
        "预算",
        "置换",
        "寄样",
        "授权",
        "投流",
        "排他",
        "结算",
        "平台",
        "官方",
        "团队",
        "商务",
        "运营",
        "市场",
    ]
)
# all-caps terms and heading words: a file, a form, a notice's label, a trade term
CAPS_TERMS = frozenset(
    [
        "PDF",
        "DOC",
        "DOCX",
        "PPT",
        "XLS",
        "NDA",
        "SOW",
        "MOU",
        "PO",
        "BRIEF",
        "URGENT",
        "ASAP",
        "FYI",
        "NEW",
        "HOT",
        "UPDATE",
        "NOTE",
        "NOTES",
        "SUMMARY",
        "AGREEMENT",
        "CONTRACT",
        "TERMS",
        "TERM",
        "FAQ",
        "QA",
        "DM",
        "DMS",
        "KOC",
        "KOL",
        "MCN",
        "UGC",
        "PR",
        "BD",
        "CEO",
        "CMO",
        "COO",
        "DDL",
        "OOTD",
        "CTA",
        "ROI",
        "KPI",
        "CPM",
        "CPE",
        "CPC",
        "GMV",
        "SKU",
        "SPU",
        "TVC",
        "VIP",
        "RED",
        "PGY",
        "IG",
        "TT",
        "YT",
        "FB",
        "WX",
        "OK",
        "TBD",
        "TBA",
        "INFO",
        "RE",
        "FW",
        "FWD",
        "CC",
        "BCC",
        "ATTN",
        "DRAFT",
        "FINAL",
        "RSVP",
        "USD",
        "RMB",
        "CNY",
        "EUR",
        "GBP",
        "HKD",
        "SGD",
        "AUD",
        "JPY",
        "KRW",
        "CALL",
        "BRIEFING",
        "DEAL",
        "OFFER",
        "GIG",
        "JOB",
        "COLLAB",
        "PAID",
        "SPONSORED",
        "AD",
        "ADS",
    ]
)
# Latin campaign words: "Larkspur Spring Glow Edit", "Halden Winter Knit Edit" — a campaign's
# title after the name; the last word marks it, the title starts at the first such word
EN_CAMPAIGN_END = frozenset(
    [
        "edit",
        "campaign",
        "launch",
        "collection",
        "series",
        "challenge",
        "guide",
        "drop",
        "edition",
        "week",
        "season",
        "giveaway",
        "contest",
        "program",
        "programme",
        "project",
        "tour",
    ]
)
EN_CAMPAIGN_WORDS = EN_CAMPAIGN_END | frozenset(
    [
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "holiday",
        "holidays",
        "festive",
        "christmas",
        "xmas",
        "valentine",
        "valentines",
        "new",
        "year",
        "lunar",
        "glow",
        "gift",
        "gifting",
        "creator",
        "creators",
        "ugc",
        "launch",
    ]
)
# a listed word inside a product's name: after "our" or after another capitalised word
LISTED_IN_PRODUCT = re.compile(
    r"(?:\bour|\bmy|我们的|我们家)[ \t]?$|"
    r"(?<![A-Za-z])(?!(?:Hi|Hello|Hey|Dear|From|With|At|By|For|And|Or|The|An?|To|Thanks|Team|"
    r"Love|Loved|Using|Use|Via|Of|On|In|Is|We|I|It|This|That|Our|Your|Re|Fwd?)[ \t])"
    r"[A-Z][a-z]{1,12}[ \t]$"
)
# a name written before a dot after a place ("杭州·湖滨", "成都·春熙路"): a location
PLACE_DOT = re.compile(r"\A[^·・]{1,12}[·・]")
BRAND_LABEL_BEFORE = re.compile(r"(?:brand|client|品牌|客户)\s?(?:name\s?)?[:：]\s?$", re.I)


# a brand candidate's first words that are no part of a name: her liking it ("很喜欢山鹊"), a
# sentence opener ("So Lantern & Loom"); a candidate that is a rule ("不接其他") or a person's role
LIKING_LEAD_ZH = re.compile(r"(?:一直|特别|超级?|真的|非常)?很?(?:喜欢|爱用|在用|用过|种草)(?=..)")
NOT_NAME_ZH = re.compile(r"^[不没别勿]|(?:博主|达人|主播|小编|宝子|姐妹|粉丝)$")
# a name opening with a negation that is a name all the same: it ends in its trade ("没有名字咖啡",
# "不打烊面包") and holds no word of a rule ("不接其他咖啡", "别发竞品" stay rules)
NEGATED_RULE_WORDS = re.compile(r"接|其他|其它|竞品|能|可以|要|得|许|准|发|超过|含|需")
NEGATED_NAME_TRADE = re.compile(rf"(?:{BUSINESS_KIND.pattern})$")
OPENER_EN = re.compile(
    r"(?:So|And|But|Also|Well|Oh|Ok|Okay|Anyway|Btw|Plus|Then|Now)[ \t]+(?=[A-Z])"
)


def brand_candidate(s: str, hit: Hit, listed: bool) -> Hit | None:
    """A brand candidate of any rule as a name, or None when it cannot be one: not made of
    common or campaign words, not a heading or a file's all-caps term unless a brand label
    introduces it, not a sentence, not a place before a dot; a campaign's title is cut off
    ("冬季好眠计划" → 好眠, "Larkspur Spring Glow Edit" → Larkspur). A name from a list (the
    creator's own brands, well-known brands) is kept as written."""
    name, a = hit.value, hit.start
    if listed:
        return hit
    if len(name) > 40 or re.search(r"[，。！？；\n]|[,;!?] |\s{2,}", name):
        return None  # a sentence, not a name
    if all(is_cjk(c) for c in name):
        if len(name) > 10 or re.search(r"\d", name):
            return None
        liking = LIKING_LEAD_ZH.match(name)
        if liking is not None:  # "很喜欢山鹊的挂耳": the name after her liking it
            a, name = a + liking.end(), name[liking.end() :]
        if NOT_NAME_ZH.search(name) and not (
            len(name) >= 4
            and re.match(r"[不没别勿]", name)
            and not NOT_NAME_ZH.search(name, 1)
            and NEGATED_NAME_TRADE.search(name) is not None
            and not NEGATED_RULE_WORDS.search(name)
        ):
            return None  # "不接其他家纺": a rule; "小博主": the writer herself
        tail = CAMPAIGN_TAIL_ZH.search(name)
        if tail is not None:
            name = name[: tail.start()]
        lead = CAMPAIGN_LEAD_ZH.match(name)
        if lead is not None and tail is not None:
            a, name = a + lead.end(), name[lead.end() :]
        if len(name) < 2 or all_common_zh(name):
            return None
        return Hit(name, a, a + len(name)) if name != hit.value else hit
    if is_cjk(name[0]) and re.search(r"[\u4e00-\u9fff]", name) and re.search(r"\d{2,}", name):
        return None  # "要求是发布后14天内…": a clause with a number
    if PLACE_DOT.match(name) and NOT_A_NAME.match(re.split(r"[·・]", name)[0].strip()):
        # "杭州·湖滨｜炉边 烤肉": a title's place, then the name after the bar
        after = re.match(r"[ \t]?[|｜][ \t]?([^\n|｜]{2,30})", s[hit.end : hit.end + 40])
        named = lead_name(re.split(r"[（(]", after.group(1))[0]) if after else None
        if named is None or not plausible(named):
            return None
        start = hit.end + after.start(1) if after else hit.end
        return Hit(named, start, start + len(named))
    opener = OPENER_EN.match(name)
    if (
        opener is not None
        and opener.end() < len(name)
        and re.search(r"(?:^|[\n.!?。！？～~][ \t]*)$", s[max(0, a - 4) : a]) is not None
    ):
        # "So Paper Kite Studio (the stationery people)": a sentence's first word, then the name
        a, name = a + opener.end(), name[opener.end() :]
        hit = Hit(name, a, a + len(name))
    words = name.split(" ")
    if (
        len(words) == 1
        and re.fullmatch(r"[A-Z&]{2,12}", name)
        and name in CAPS_TERMS
        and not BRAND_LABEL_BEFORE.search(s[max(0, a - 14) : a])
    ):
        return None  # "from the PDF", "BRIEF #227", "URGENT |": a term, not a name
    if len(words) >= 2 and words[-1].lower() in EN_CAMPAIGN_END:
        for k, w in enumerate(words):
            if w.lower() in EN_CAMPAIGN_WORDS:
                if k == 0:
                    return None
                name = " ".join(words[:k])
                return Hit(name, a, a + len(name))
    return hit


TITLE_POOL_CAP = 50  # candidates compared with each other for a title holding a name
TITLE_NAME_RANK = 3  # a name a title holds is one named with a cue (rank 3 or better)
# a campaign's title names the brand after a word of company or of going with it: "和 Solstice
# 一起过夏天", "跟着暖灯点亮小家", "带着 Atlas 去旅行" (not "一点点 Coco 奶茶", a shop's own name)
TITLE_BEFORE_NAME = re.compile(r"(?:和|跟|与|同|陪|随|让|用|带|着|遇见|一起|with)$", re.I)


def name_core(name: str) -> str:
    """What another mention of a name holds: a Latin name's first word, a Chinese name without
    its trade word ("暖灯家居" → 暖灯)."""
    if is_cjk(name[0]):
        return bare_brand(name)
    return name.split(" ")[0]


def without_titles(pool: list[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """A candidate that holds another candidate's name after a word of company ("和 Solstice
    一起过夏天", "带着 Atlas 去旅行", "跟着暖灯点亮小家") is a campaign's title naming the brand,
    not the name. The name held is one named with a cue (rank ≤ TITLE_NAME_RANK): a speaker's
    name or a listed word inside a shop's own name (「一点点 Coco 奶茶」) is no brand it names."""
    heads = pool[:TITLE_POOL_CAP]
    cores = {
        c
        for p, h in heads
        if p <= TITLE_NAME_RANK
        and len(c := name_core(h.value)) >= (2 if is_cjk(c[0]) else 3)
        and not (is_cjk(c[0]) and all_common_zh(c))
    }
    titles = set()
    for _, h in heads:
        for c in cores:
            at = h.value.find(c)
            if at <= 0:
                continue
            before, after = h.value[:at].strip(), h.value[at + len(c) :].strip()
            # words on both sides, and Chinese words among them: a sentence, not a longer name
            if (
                before
                and after
                and any(is_cjk(ch) for ch in before + after)
                and TITLE_BEFORE_NAME.search(before)
            ):
                titles.add(h.start)
                break
    return [(p, h) for p, h in pool if h.start not in titles] if titles else pool


def all_common_zh(name: str) -> bool:
    """A Chinese word made only of common vocabulary ("通勤降噪", "好物推荐")."""
    ok = [True] + [False] * len(name)
    for i in range(len(name)):
        if ok[i]:
            for j in (2, 3):
                if i + j <= len(name) and name[i : i + j] in COMMON_WORDS_ZH:
                    ok[i + j] = True
    return ok[len(name)]


def brand_scores(s: str, pool: list[tuple[int, Hit]]) -> dict[int, int]:
    """Lower is better: the cue's rank, less one when another cue names the same brand or the
    text repeats the name away from this mention. Keyed by the mention's start."""
    low = gazetteer.fold(s)
    cues = Counter(gazetteer.fold(h.value) for _, h in pool)
    repeated: dict[str, bool] = {}
    out: dict[int, int] = {}
    for prio, hit in pool:
        name = gazetteer.fold(hit.value)
        if name not in repeated:
            first = low.find(name)
            repeated[name] = len(name) >= 2 and first != -1 and low.find(name, first + 1) != -1
        bonus = 1 if cues[name] > 1 or repeated[name] else 0
        out[hit.start] = min(out.get(hit.start, prio - bonus), prio - bonus)
    return out


# A brand named beside these is not the one that pays: competitors an exclusivity clause rules
# out ("不接石头科技、科沃斯等竞品", "no Lululemon, Nike or Adidas content"), past work ("loved
# your Sephora haul", "你之前给兰蔻拍的"), and a product compared with another ("La Mer平替").
COMPETITOR_BEFORE = re.compile(
    r"竞品|竞对|竞争|同类|同品类|排他|exclusiv|competi|rival|不接|不能接|不可接|不得接|不要接|"
    r"不能发|不可发|不能合作|不可合作|避开|其他品牌|other brands",
    IA,
)
COMPETITOR_AFTER = re.compile(
    r"^[^。!?！？;；\n]{0,30}?(?:等?竞品|竞对|竞争品牌|同类品牌|competitor)", IA
)
PAST_OR_COMPARED = re.compile(
    r"之前|以前|曾经|上次|上回|前阵子|前段时间|前些天|合作过|拍过|发过|接过|做过|平替|对标|媲美|比肩|同款|"
    r"last (?:month|week|year|time)|previously|in the past|worked with|loved your|saw your|"
    r"liked your|\bdupe|alternative to|cheaper than|similar to",
    IA,
)
NO_BEFORE = re.compile(r"\b(?:no|not|never|avoid|excluding|except)\s(?:other\s)?$", IA)
# a remark said not to concern this deal: "（跟我们这单无关）", "(not related to us)", "unrelated to
# this collab" — a name in its sentence is named in passing
UNRELATED = re.compile(
    r"(?:跟|和|与)(?:我们|咱们|这|本)[^\n，,。；;]{0,6}?(?:无关|没关系|没有关系|不相关)|"
    r"\b(?:unrelated|not related|nothing to do)\b[^\n.;]{0,12}?\b(?:us|this|our|you)\b",
    IA,
)


def line_bounds(s: str, pos: int) -> tuple[int, int]:
    """The sentence around pos across commas (a list of competitors holds commas)."""
    a, b = clause_bounds(s, pos, commas=False)
    left = s.rfind(". ", a, pos)
    right = s.find(". ", pos, b)
    return (left + 2 if left != -1 else a), (right if right != -1 else b)


def named_in_passing(s: str, a: int, b: int) -> bool:
    """A name the text gives as a competitor, as past work or as a comparison."""
    la, lb = line_bounds(s, a)
    ca, cb = sentence_bounds(s, a)
    return bool(
        UNRELATED.search(s, ca, cb)
        or UNRELATED.search(s, *line_of(s, a))
        or COMPETITOR_BEFORE.search(s, la, a)
        or COMPETITOR_AFTER.match(s[b:lb])
        or NO_BEFORE.search(s[max(la, a - 12) : a])
        or any(
            # "之前在 agency，现在去 SK-II 做 project": what follows "now" is current
            not (p.end() <= a and NOW.search(s, p.end(), a))
            for p in PAST_OR_COMPARED.finditer(s, ca, cb)
        )
    )


NOW = re.compile(r"现在|如今|目前|now\b|currently|these days", IA)


def line_of(s: str, pos: int) -> tuple[int, int]:
    """The line around pos."""
    end = s.find("\n", pos)
    return s.rfind("\n", 0, pos) + 1, (end if end != -1 else len(s))


def in_address(s: str, a: int, b: int) -> bool:
    """A name inside an e-mail address, a web address or a handle (partnerships@cosrx.com)."""
    return bool(
        re.search(r"[@./]$", s[max(0, a - 1) : a])
        or re.match(r"@|\.(?:com|cn|net|org|co|hk|io)\b", s[b : b + 5], IA)
    )


def known_mentions(s: str, known: Sequence[str]) -> list[Hit]:
    """Names of the creator's own brands found in s (case ignored, whole words for Latin)."""
    low = gazetteer.fold(s)  # one character for one: positions in low are positions in s
    out: list[Hit] = []
    for name in known:
        name = " ".join(name.split())
        if len(name) < 2 or not plausible(name):
            continue
        # looked for as the text is read (NFKC: "ﬁne Lab" is "fine Lab" there); a name that
        # reads differently is given back as she keeps it, so saving finds her brand
        written = normalise(name).norm
        needle = gazetteer.fold(written)
        latin = re.match(r"[a-z0-9]", needle) is not None
        pos = low.find(needle)
        while pos != -1:
            end = pos + len(needle)
            inside_word = latin and (
                (pos > 0 and low[pos - 1].isascii() and low[pos - 1].isalnum())
                or (end < len(low) and low[end].isascii() and low[end].isalnum())
            )
            if not inside_word:
                out.append(Hit(s[pos:end] if written == name else name, pos, end))
                if len(out) >= gazetteer.MAX_MENTIONS:
                    return out
            pos = low.find(needle, end)
    return out


# Cue ranks of names from lists (lower wins): the creator's own brands first, then well-known
# brands, then retail chains and shops (often the shop that sells, not the brand that pays).
KNOWN_RANK, GAZETTEER_RANK, WEAK_GAZETTEER_RANK = -2, 1, 5


# a name that is a platform's: "CreatorHub marketplace", "星推通平台"
PLATFORM_AFTER = re.compile(
    # on the name's own line: "品牌：贝语婴儿湿巾\n平台：小红书" is the next line's label
    r"[ \t]?(?:marketplace|platform|平台)"
    r"(?![A-Za-z]|[ \t]?[:：]|\s?(?:服务费|技术服务费|费|抽|收|扣|fees?\b|cut\b))",
    IA,
)
# a name the message uses as a marketplace's, anywhere in it: "CreatorPort service fee: 15%",
# "from your CreatorPort dashboard", "Collabify keeps a 12% platform fee", "Open Collabify to
# accept", "Kora 平台的运营": the platform that relays the offer, never its brand
PLATFORM_USE = re.compile(
    # a Latin name only: "完美日记 平台服务费10%由品牌承担" names the brand, then the fee
    r"(?<!\w)(?P<n>[A-Z][A-Za-z0-9]{2,20})(?:'s)?[ \t]?"
    r"(?:\d{1,2}(?:\.\d{1,2})?[ \t]?%[ \t]?)?"  # "Collably's 15% service fee"
    r"(?:service fee|platform fee|dashboard|inbox|平台(?:服务费|的|上|抽|收|扣)|服务费)"
    # "CollabNest service fee (12%)": its share in brackets after it (r32)
    r"(?:[ \t]?[(（]\d{1,2}(?:\.\d{1,2})?[ \t]?%[)）])?|"
    # "【「接个单」通告平台】": a platform for jobs, named
    r"[「【](?P<z>[\u4e00-\u9fffA-Za-z]{2,8})[」】]?[ \t]?(?:通告|任务|接单|商单|达人)平台|"
    r"(?<!\w)(?P<k>[A-Z][A-Za-z0-9]{2,20})[ \t](?:keeps|takes|retains|charges)[ \t](?:a[ \t])?"
    r"\d{1,2}(?:\.\d{1,2})?[ \t]?%[ \t](?:platform|service|marketplace)[ \t]fee|"
    r"(?<![A-Za-z])(?i:open|log in to|log into)[ \t](?P<o>[A-Z][A-Za-z0-9]{2,20})"
    r"(?=[ \t](?i:to (?:accept|reply|respond|apply|view)))"
)
MARKETPLACE_WORDS = re.compile(r"dashboard|platform fee|to accept\b", re.I)
PLATFORM_USE_MAX = 50  # names read, at most


def platform_names(s: str, cut_only: bool = False) -> frozenset[str]:
    """The names a message uses as a marketplace's (PLATFORM_USE), lower-cased; with cut_only,
    those said to take a share ("Collably's 15% service fee")."""
    out = set()
    for i, m in enumerate(PLATFORM_USE.finditer(s)):
        if i >= PLATFORM_USE_MAX:
            break
        if not cut_only or "%" in m.group(0):
            out.add((m.group("n") or m.group("z") or m.group("k") or m.group("o")).lower())
    return frozenset(out)


def _plain(name: str) -> str:
    return re.sub(r"['’\s]", "", name.lower())


def same_name(platform: str, brand: str) -> bool:
    """A marketplace name that is the brand's own ("your Brightleaf dashboard" of Brightleaf Tea,
    "our Kiehls dashboard" of Kiehl's): the brand's tool, not a marketplace relaying it."""
    p, b = _plain(platform), _plain(brand)
    return bool(p) and bool(b) and (b.startswith(p) or p.startswith(b))


def relaying_platform(s: str, brand: Hit | None) -> tuple[int, int] | None:
    """Where a Latin name is used as the marketplace relaying another, named brand (PLATFORM_USE
    with a dashboard or platform fee in the message): its span, else None."""
    if brand is None or MARKETPLACE_WORDS.search(s) is None:
        return None
    for i, m in enumerate(PLATFORM_USE.finditer(s)):
        if i >= PLATFORM_USE_MAX:
            break
        name = m.group("n") or m.group("z") or m.group("k") or m.group("o")
        if name.isascii() and not same_name(name, brand.value):
            return m.span()
    return None


AGENCY_CONTEXT_ANY = re.compile(
    r"MCN|机构|经纪|代理|agency|talent|our client|the client|客户|抽成|佣金|commission|"
    r"服务费|达人|博主们|creators\b|接龙|通告",
    IA,
)


# a relay's clause before 的 and an agency's name: someone the writer knows or worked with
RELAY_CLAUSE = re.compile(r"[我你他她]|朋友|同事|之前|以前|(?:过|认识|知道|熟悉|推荐|介绍|签约?)$")


# the line of a marketplace's invitation that names who invites: "啡鹿 向您发起合作" (r31)
INVITES_YOU = re.compile(
    # (a quoted name is the quote's: "品牌方「纸鸢文创」向您发起合作")
    r"(?:^|\n)[ \t]?(?P<n>[^\s\n:：，,。!！?？【】\[\]「」『』“”\"]"
    r"[^\n:：，,。!！?？【】\[\]「」『』“”\"]{1,23}?)"
    r"[ \t]?"
    r"向(?:您|你)发起(?:了)?(?:合作|邀约|邀请)"
)
INVITER_NOT_NAME = re.compile(
    r"(?:我们|我|品牌方?|商家|官方|平台|系统|对方|客户|这边|那边|公司|甲方|老板|店家|总部)"
    r"(?:这边|那边)?",
    IA,
)
# the inviter's words after a greeting or a wave: "老师好～山川咖啡", "哈喽～ 我代表品牌" — the last
# piece; a Chinese name after a Latin one stays with it ("Nectaro 蜜栗"), a Chinese word before
# a space does not ("上周 鹿野咖啡") (attack review r31)
INVITER_LAST = re.compile(r"(?:[A-Za-z][^～~!！、\n]*|[^～~!！、\s][^～~!！、\s]*)[ \t]*\Z")


def is_cjk_in(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


# what a maker says it is, with no name: 小工作室, 小店, 独立品牌, 手作小团队 (r31)
OWN_KIND = re.compile(
    r"(?:小|独立|原创|手作|手工|新|个人)*(?:工作室|小店|店铺|店|品牌|团队|公司|作坊)"
    r"[\s\U0001F000-\U0001FAFF\u2600-\u27BF\ufe0f～~!！。.]*\Z"
)


# what a maker is, then its name: "小工作室泥伴", "独立品牌山野集" (attack review r31)
OWN_KIND_HEAD = re.compile(
    r"(?:小|独立|原创|手作|手工|新|个人)+(?:工作室|小店|店铺|店|品牌|团队|公司|作坊)[ \t]?"
    r"(?=[\u4e00-\u9fffA-Za-z]{2})"
)


def find_names(s: str, known: Sequence[str] = ()) -> tuple[Hit | None, Hit | None]:
    brands: list[tuple[int, Hit]] = []  # (priority, hit) — lower priority number wins
    agencies: list[tuple[int, Hit]] = []

    voice: set[int] = set()  # starts of names the writer gives as her own organisation
    listed_at: set[int] = set()  # starts of names from a list (hers or well-known brands)

    def put(
        target: list[tuple[int, Hit]],
        prio: int,
        name: str | None,
        a: int,
        b: int,
        own: bool = False,
        as_written: bool = False,
    ) -> None:
        shut = UNOPENED_SHUT.search(name) if name else None
        if name and shut is not None and shut.end() >= 3:
            # "（代理品牌：小橡果儿童绘本）": an aside's closing bracket ends the label's value
            name = name[: shut.end() - 1].rstrip()
            b = a + len(name)
        if name and target is brands and name.endswith(("店", "店)", "店）")):
            branch = BRANCH_TAIL.search(name)
            if branch is not None and branch.start() >= 2:  # "炙野烧肉·上海静安店" → 炙野烧肉
                name, b = name[: branch.start()], a + branch.start()
            elif branch is None and (head := BRANCH_HEAD.search(s, max(0, a - 12), a)):
                name, a, b = head.group("n"), head.start("n"), head.end("n")  # "…-南京新街口店"
        if name and target is brands:
            said = LABEL_COMPANY_PERSON_NAME.fullmatch(name)
            if said is not None and a > 0 and s[a - 1] in "[【":
                name, b = said.group("n"), a + said.end("n")  # "【栖屿 小满】" → 栖屿 (r32b)
            quote = name.find("「")
            if quote >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", name[:quote]):
                name, b = name[:quote], a + quote  # "禾木「一夜好眠」乳胶枕" → 禾木 (r32)
            paired = first_of_pair(name)
            if paired != name:  # "栖川 Qichuan" → 栖川
                name, b = paired, a + len(paired)
            dot = DOT_CATEGORY.match(name)
            if dot is not None and bare_brand(dot.group("k")) != dot.group("k"):
                name, b = dot.group("n"), a + dot.end("n")  # "渝火堂·老灶火锅" → 渝火堂
            bare = name if as_written else without_en_product(without_product(name))
            if bare != name:  # "小仙炖鲜炖燕窝" → 小仙炖; a listed or quoted name as it is
                name, b = bare, a + len(bare)
            trimmed = trim_brand(name)
            if trimmed != name:  # a known name may be longer as written ("ﬁne Lab")
                name, b = trimmed, a + len(trimmed)
            cut = TEAM_TAIL.search(name) or PARTNERSHIPS_TAIL.search(name)
            if cut is None and re.match(r"\s(?i:team)\b", s[b : b + 6]):
                cut = DEPT_TAIL.search(name)
            if cut is not None and cut.start() >= 2 and not as_written:
                name, b = name[: cut.start()], a + cut.start()
            bare = REGION_SUFFIX.sub("", name).strip()
            if bare != name and len(bare) >= 2:
                name, b = bare, a + len(bare)
            if re.fullmatch(r"[\u4e00-\u9fff]{2,8}品牌", name):  # 小象漫步品牌市场部 → 小象漫步
                name, b = name[:-2], b - 2
        if name:
            if re.search(r"\b(?:Co|Inc|Ltd|Corp|Bros)$", name) and re.match(
                r"\.(?:$|[\s,;:!?)]*$|[,;:!?)]|\s*\n|\s[a-z(（\u4e00-\u9fff—–]|"
                r"\s?[\U0001F300-\U0001FAFF\u2600-\u27BF]|"
                # "at Quaymoor Pen Co. We've been …": the abbreviation's dot, a sentence after it
                r"\s[A-Z])",
                s[b : b + 3],
            ):  # "Furrow & Co., we make …", "Co. 🐝", "Co. (NZ", "Co. — we": the dot is the name's
                name, b = name + ".", b + 1
            target.append((prio, Hit(name, a, b)))
            if own:
                voice.add(a)

    named_zh: list[bool] = []

    def brand_named_zh() -> bool:
        """The brand labelled or said outright somewhere (read once)."""
        if not named_zh:
            named_zh.append(BRAND_NAMED_ZH.search(s) is not None)
        return named_zh[0]

    notice_labelled = NOTICE_BRAND_LABEL.search(s) is not None  # once: not per notice (r32)
    for m in NOTICE_NAME.finditer(s):
        # "🌰新通告🌰 栗暮 糖炒板栗礼盒", "新通告：木屿收纳": an agency's notice names the
        # brand first (not "新通告：本周五截止", "新通告 招募美食博主"; not the agency posting
        # for a brand, "新通告 鹿鸣 代发：栗暮", nor where a label names the brand, attack review
        # r29)
        if NOTICE_AGENCY_AFTER.match(s, m.end("n")) or notice_labelled:
            continue
        if (
            name_ok(m.group("n"))
            and not NOTICE_NOT_NAME.search(m.group("n"))
            # (not a platform, nor a shop's place: "New gig｜TikTok Shop affiliate", "New
            # brief｜杭州西湖 店"; attack review r32)
            and not PROGRAM_PLATFORM.match(m.group("n"))
            and not re.match(r"[ \t]?(?:店|门店|分店)", s[m.end("n") : m.end("n") + 4])
        ):
            put(brands, 0, m.group("n"), m.start("n"), m.end("n"))
    for m in INVITES_YOU.finditer(s):
        # a marketplace's invitation names the brand at the head of a line: "啡鹿 向您发起合作",
        # "Maple & Oat 向你发起了合作邀约" (r31; not "我们向您发起合作", "品牌方向您发起…")
        # — the words right before it, not a greeting before them ("老师好～山川咖啡 向您…",
        # "哈喽～ 我代表品牌 向您…"; attack review r31)
        last = INVITER_LAST.search(m.group("n"))
        if last is None:
            continue
        at = m.start("n") + last.start()
        name = clean_name(last.group(0)) if is_cjk_in(last.group(0)) else en_name(last.group(0))
        if name and name_ok(name) and not INVITER_NOT_NAME.fullmatch(name):
            at = s.find(name, at, m.end("n"))
            if at != -1:
                put(brands, 0, name, at, at + len(name))
    for m in HEADER_NAME.finditer(s):
        if BRAND_WORD_BEFORE_BRACKET.search(s, max(0, m.start() - 5), m.start()):
            continue  # "品牌【某国货护肤品牌】 图文1篇": the label's value, no header (r32b)
        joined = LATIN_JOINED_RUN.match(m.group("n"))
        if joined is not None and JOINT_AFTER.match(m.group("n"), joined.end()):
            joined = None  # "Oatly & Kiehl 联名体验": two brands together, not one name
        # "【蒲公英 · 品牌招募】Maple & Oat 枫燕 冬日…": the Latin name whole, not its first word
        name = en_name(joined.group(0).strip()) if joined is not None else None
        if name is None and re.search(r"[\u4e00-\u9fff]", m.group("n")):
            name = clean_name(m.group("n"))
        name = name or en_name(m.group("n").strip())
        if name:
            put(brands, 4, name, m.start("n"), m.start("n") + len(name))
    tag_title = TAG_TITLE.match(s)
    if tag_title:
        name = en_name(tag_title.group("n"))
        if name and plausible(name) and not TITLE_STOP.match(name):
            put(brands, 4, name, tag_title.start("n"), tag_title.start("n") + len(name))
    for m in BRACKETS.finditer(s):
        name = m.group("n").strip()
        before = s[max(0, m.start() - 8) : m.start()]
        if re.search(
            r"(?:点|点击|戳|按|(?<![入当评落中])选|click|tap|press|hit)\s?(?:下方|下面|底部|页面)?\s?$",
            before,
            IA,
        ) or QUOTED_NO_NAME.fullmatch(name):
            # 点「报名」, 点击下方「立即报名」: a button (入选「…」 is chosen for a campaign);
            # 「马上报名」, 走「笔记合作码」流程: a button's or a process's name (r27)
            continue
        if re.fullmatch(r"转发|转载|转|forward(?:ed)?|fwd?", name, IA):
            continue  # 「转发」: a forward's marker, what follows is someone else's message
        spaced = QUOTED_NAME_WORDS.fullmatch(name)
        if (
            spaced is not None
            and QUOTED_CAMPAIGN.search(spaced.group("t"))
            and not PRODUCT_AT.search(spaced.group("n"))
            and name_ok(spaced.group("n"))
        ):
            # 「青柚 便携榨汁杯 夏日招募」: the name, then the product and the campaign (r32)
            put(brands, 1, spaced.group("n"), m.start("n"), m.start("n") + len(spaced.group("n")))
            continue
        name_title = QUOTED_NAME_TITLE.fullmatch(name)
        if name_title is not None and QUOTED_TITLE_TAIL.search(name_title.group("t").strip()):
            # 「芒种茶饮 · 春日品鉴官」: the name, then the campaign's title
            head = name_title.group("n").strip()
            if not QUOTED_TITLE_TAIL.search(head) and name_ok(head):
                put(brands, 1, head, m.start("n"), m.start("n") + len(head))
            continue
        if (
            QUOTED_TITLE_BEFORE.search(before)
            and QUOTED_OWNER_AFTER.match(s, m.end())
            # not where the brand is labelled: "参与「夏日冰川」新品推广，品牌：冰川泉"
            and not brand_named_zh()
            and not QUOTED_TITLE_TAIL.search(name)
            and not CAMPAIGN_TAIL_ZH.search(name)
            and name_ok(name)
        ):
            # 参与「咔滋脆」新品推广: the quote names whose new product, not a campaign's title
            put(brands, 1, name, m.start("n"), m.end("n"), as_written=True)
            continue
        if QUOTED_TITLE_BEFORE.search(before) or QUOTED_TITLE_TAIL.search(name):
            continue  # 参与「嗦粉挑战」, 主题「小户型收纳」, 「长期合作官」: a campaign or a role
        after = s[m.end() : m.end() + 5]
        if QUOTED_NOT_BRAND_BEFORE.search(before) or QUOTED_NOT_BRAND_AFTER.match(after):
            continue  # 博主「早餐研究所」, 那篇「…」笔记, 新出的「…」, 口令「SXM15」
        if QUOTED_PRODUCT_BEFORE.search(s, max(0, m.start() - 14), m.start()):
            continue  # 拍我们的「夜间修护精华」, 主推…限定「樱花拿铁」挂耳: our product (r29)
        a, b = m.start("n"), m.end("n")
        if (CONTENT_AFTER.match(after) and PRODUCT_AT.search(name)) or name.endswith("合集"):
            continue  # 「年货好物合集」图文: the content's title
        if BRAND_LABEL_JUST_BEFORE.search(before):
            # 【星河MCN】品牌：「澄光」: the label next to the quote says what it names, not
            # the agency said further back
            put(brands, 0, clean_name(name) or name, a, b, as_written=True)
        elif re.search(r"MCN|机构|agency|经纪公司|传媒", before, IA) or re.match(
            r"的?(?:经纪人|经纪)|工作室|传媒|文化|MCN|机构|agency|studio|media",
            after,
            IA,
        ):
            put(agencies, 1, name, a, b)
        elif re.search(r"客户|品牌|brand|client|代理", before, IA):
            put(brands, 0, clean_name(name) or name, a, b, as_written=True)
        elif (
            QUOTED_THEN_NOUN.match(s, m.end())
            and not QUOTED_SHOP_AFTER.match(s, m.end())
            and not QUOTED_SELF_BEFORE.search(before)
        ):
            # 「月相」小夜灯, 「一夜好眠」乳胶枕: the quote names a product or a series, the
            # noun after it what it is; a name the writer gives any other way wins (r32)
            put(brands, QUOTED_PRODUCT_RANK, name, a, b, as_written=True)
            owner = OWNER_BEFORE_QUOTE.search(s, max(0, m.start() - 8), m.start())
            if owner is not None and name_ok(owner.group("n")):
                put(brands, 2, owner.group("n"), owner.start("n"), owner.end("n"))
        else:
            put(brands, 1, name, a, b, as_written=True)
    speaking_labels: dict[str, bool] = {}
    for m in LABEL.finditer(s):
        raw = m.group("n").strip()
        if raw.startswith(("「", "『")):
            continue
        label = m.group(0)[: m.start("n") - m.start()].strip(" :：")
        if label not in speaking_labels:  # once per label: a thread repeats its labels
            speaking_labels[label] = (
                len(re.findall(rf"(?:^|\n)\s?{re.escape(label)}\s?[:：]", s)) >= 2
            )
        if speaking_labels[label]:
            continue  # a speaker in a chat thread ("品牌方：…" on several lines), not a name
        if re.search(r"吗|呢|吧|可以|好的|谢谢|哦|啊|[?？]|^(?:那|这|好|是|嗯)", raw):
            continue
        if re.search(r"[?!]|^(?:hi|hello|hey|dear|thanks?|ok|great)\b", raw, IA):
            continue
        if re.match(r"[A-Za-z]", raw):
            latin = re.match(EN_NAME, raw)
            name = en_name(latin.group("n")) if latin else None
            if (
                name is None
                and re.fullmatch(r"[a-z][a-z0-9&'.\-]*(?: [a-z0-9&'.\-]+){0,3}", raw)
                and not re.match(r"(?:the|a|an|our|your|my|this|that)\b", raw)
            ):
                name = raw  # "Brand: cozy corner candles": a label says it is the name
        else:
            name = clean_name(raw)
        if name:
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 2, name, m.start("n"), m.start("n") + len(name))
    for m in ZH_INTRO.finditer(s):
        raw = m.group("n")
        quoted = re.search(r"[“\"「『](?P<q>[^”\"」』]{2,20})[”\"」』]", raw)
        if quoted and QUOTED_NOT_BRAND_BEFORE.search(raw, 0, quoted.start()):
            continue  # "我是户外博主「周末去山里」": her own account, not a brand (r31)
        if quoted:
            target = agencies if AGENCY_WORDS.search(raw) else brands
            qa = m.start("n") + quoted.start("q")
            put(target, 2, quoted.group("q"), qa, qa + len(quoted.group("q")), True, True)
            continue
        if raw.endswith("品牌") and len(raw) <= 8:
            # "我们是轻食品牌 菜菜沙拉实验室": the kind of brand, then its name after a space
            nxt = CATEGORY_THEN_NAME.match(s, m.end("n"))
            if nxt:
                raw_name = nxt.group("n")
                latin = re.match(r"[A-Za-z]", raw_name)
                name = en_name(raw_name) if latin else clean_name(raw_name)
                if name and (not is_cjk(name[0]) or name_ok(name)):
                    put(brands, 2, name, nxt.start("n"), nxt.start("n") + len(name), True)
                    continue
        if re.match(r"(?:做|专注|专做|一家|一个)", raw) and "的" in raw:
            # "我们是做宠物零食的毛孩食堂": the name after the last 的
            tail = raw.rsplit("的", 1)[1]
            if OWN_KIND.match(tail):
                continue  # "我们是做手捏陶杯的小工作室☕️": what it is, no name (r31)
            if re.match(r"[，,]?\s?叫", s[m.end("n") : m.end("n") + 3]):
                continue  # "我们是一个新的户外品牌，叫山野集": what it is; the name is after 叫
            ta = m.end("n") - len(tail)
            kind = OWN_KIND_HEAD.match(tail)
            if kind is not None:
                # "…的小工作室泥伴": what it is, then its name (attack review r31)
                tail, ta = tail[kind.end() :], ta + kind.end()
            name = clean_name(tail)
            if name and name_ok(name) and not PRODUCT_AT.fullmatch(name):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 3, name, ta, ta + len(name), True)
            continue
        if raw.startswith(("「", "『", "“")) or raw.startswith(("一家", "一个", "一间")):
            continue
        if re.match(r"[A-Za-z]", raw) and s[m.end("n") : m.end("n") + 1] == " ":
            continue
        cut = re.split(
            r"的(?:商务|经纪|运营|投放|BD|小|市场|PR|工作人员|客服|负责人|品牌|官方|达人|合作|媒介|新媒体|"
            r"[A-Za-z\u4e00-\u9fff]{0,3}$)",
            raw,
        )[0]
        role_at = next((i for i, c in enumerate(cut) if c == "的" and STAFF_ROLE.match(cut, i)), -1)
        if role_at >= 2:  # "我是棠溪手工皂的主理人阿宁": the name before 的 and a staff role
            cut = cut[:role_at]
        cut = re.split(r"的", cut)[0] if AGENCY_WORDS.search(cut) else cut
        name = clean_name(cut)
        if not name or re.match(r"(?:一|这|那|新|小红书|做|帮|代理|想|专注|品牌方)", name):
            continue
        if AGENCY_WORDS.search(name):
            put(agencies, 2, name, m.start("n"), m.start("n") + len(name))
        elif m.group(0).startswith(("我是", "来自")):
            role = s[m.start("n") + len(cut) : m.start("n") + len(cut) + 48]
            # "我是茶屿 TEAISLE 的 brand team": the name's Latin spelling before the role
            role = LATIN_SPELLING.sub("", role, count=1)[:16]
            if (STAFF_ROLE.match(role) or GIVEN_NAME_AFTER_OF.match(role)) and not (
                re.search(r"推荐|介绍|博主|朋友", cut) or ROLE_NOT_NAME.search(name)
            ):
                if len(name) >= 3 and name.endswith("家") and not name.endswith("之家"):
                    name = name[:-1]  # "我是木槿家的小禾": 木槿 (attack review r32)
                put(brands, 3, name, m.start("n"), m.start("n") + len(name), True)
            continue
        else:
            put(brands, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_INTRO_LATIN.finditer(s):
        name = en_name(m.group("n"))
        if name:
            target = agencies if AGENCY_WORDS.search(name) else brands
            if target is brands and m.group(0).startswith(("我是", "来自")):
                bare = MODEL_TAIL.sub("", name)
                if STAFF_ROLE.match(s[m.end("n") : m.end("n") + 16]) or (
                    GIVEN_NAME_AFTER_OF.match(s, m.end("n"))
                ):
                    pass  # "我是 Lumière Lab 的 Joy 💧": the brand, then the person
                elif len(bare) >= 2 and staff_after_product(s, m.start("n") + len(bare)):
                    name = bare  # "我是 Bambu Lab 3D 打印机的 marketing" → Bambu Lab
                else:
                    continue
            put(target, 2, name, m.start("n"), m.start("n") + len(name), True)
    label_seen: Counter[str] = Counter()
    label_at: dict[str, int] = {}
    for i, m in enumerate(COMPANY_PERSON_LABEL.finditer(s)):
        if i >= 50:
            break
        group = "n" if m.group("n") else "d"
        label_seen[m.group(group)] += 1
        label_at.setdefault(m.group(group), m.start(group))
    for label, times in label_seen.items():
        if (
            times >= 2
            and name_ok(label)
            and not AGENCY_WORDS.search(label)
            and not re.fullmatch(r"(?:小|阿|老)[\u4e00-\u9fff]{1,2}", label)  # a person: [阿琳 …]
            # nor how she knows the person, a WeChat remark: "大学同学-小美 10:12" (attack r25)
            and not RELATION_WORD.search(label)
            and not LABEL_PERSON_WORD.search(label)
        ):
            put(brands, 3, label, label_at[label], label_at[label] + len(label))
    for m in HER_OWN_MAIL.finditer(s, 0, 4000):
        name = clean_name(m.group("n"))
        if name and name_ok(name) and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for m in [*EN_HIRED_BY.finditer(s, 0, 4000), *EN_HIRED_YOU.finditer(s, 0, 4000)][:20]:
        name = en_name(m.group("n"))
        if name and plausible(name) and not AGENCY_WORDS.search(name):
            # (who hired her may be a person, "Sarah just hired you! … for Glintra": a brand
            # named otherwise comes first, attack review r32b)
            if (
                m.re is EN_HIRED_YOU
                and PERSON_NAME.fullmatch(name)
                and (named_for := HIRED_FOR_NAME.search(s, m.end(), m.end() + 300)) is not None
                and named_for.group("n") != name
            ):
                continue
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for m in ZH_NAME_MAKES.finditer(s, 0, 4000):
        # "汐礁（做冲浪泳衣的，展位B2-116）" heading a line of her notes: the maker (r32), not a
        # place named for where it is ("隔壁（卖蛋糕的）摊位")
        if (
            name_ok(m.group("n"))
            and not AGENCY_WORDS.search(m.group("n"))
            and not BOOTH_PLACE.match(m.group("n"))
            and not RELATION_WORD.search(m.group("n"))
        ):
            put(brands, 3, m.group("n"), m.start("n"), m.end("n"))
    for m in EN_THEY_MAKE.finditer(s, 0, 4000):
        # "Trailmark (they make those packable travel backpacks) reached out": the maker
        name = en_name(m.group("n"))
        if (
            name
            and not person_like(s, name)
            and not RELATION_BEFORE_EN.search(s, max(0, m.start("n") - 12), m.start("n"))
        ):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name))
    for rx, prio in (
        (EN_FROM, 2),
        (EN_INTRO, 3),
        (EN_CALLED, 3),
        (EN_CLIENT, 4),
        (EN_AT, 4),
        (EN_HERE, 4),
        (EN_FROM_LOOSE, 6),
    ):
        for m in rx.finditer(s):
            raw = m.group("n")
            if rx in (EN_FROM, EN_FROM_LOOSE) and re.search(
                r"\b(?i:we're|we are|we r)\s[^.,!?\n]{1,40}$",
                s[max(0, m.start() - 48) : m.start("n")],
            ):
                continue  # "We're Kaffeeklatsch Roasters from Vienna": where the brand is from
            name = en_name(re.split(r"\s(?:would|wants|is|are|needs|here|x)\b", raw)[0])
            if not name or len(name) < 2:
                continue
            if rx in (EN_FROM, EN_FROM_LOOSE) and re.match(
                r"(?:\s[\w-]{1,15}){0,2}\s(?i:team|department|dept)\s(?i:at|of|for)\s",
                s[m.start("n") + len(name) : m.start("n") + len(name) + 50],
            ):
                continue  # "from the RED ads team at Nomad Coffee Roasters": the team's company
            if (
                rx in (EN_INTRO, EN_HERE)
                and not re.match(r"(?i:we)", m.group(0))
                and re.match(
                    # "This is Priya (she/her) from …": pronouns between the person and "from"
                    r"(?:\s?\([^)\n]{1,20}\))?"
                    r"\s?(?:here,?\s(?:\w+\s){0,2}(?:at|from|with)\b|with|from|at|of|on behalf|"
                    r"here at|,\s?(?:\w+\s){0,3}(?:at|from|of)\b)",
                    s[m.start("n") + len(name) : m.start("n") + len(name) + 40],
                    IA,
                )
            ):
                continue  # "This is Tom with the team at …": a person, the brand comes later
            own = rx is not EN_CALLED and rx is not EN_CLIENT
            if AGENCY_WORDS.search(name):
                put(agencies, prio, name, m.start("n"), m.start("n") + len(name), own)
            else:
                put(brands, prio, name, m.start("n"), m.start("n") + len(name), own)
    for m in last_matches(AT_HANDLE.finditer(s)):
        # "@Rivo影像" with "#Rivo夏日出片计划#" or "参加 Rivo 夏日 campaign" elsewhere: the brand's
        # account, named again outside the handle
        word = m.group("n")
        if AT_NOT_BRAND.fullmatch(word) or AGENCY_WORDS.search(word):
            continue
        again = re.compile(rf"(?<![@A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])")
        if again.search(s, 0, min(len(s), 4000)):
            put(brands, 5, word, m.start("n"), m.end("n"))
    for m in AT_NAME.finditer(s):
        raw = m.group("n").strip()
        hit = EN_AGENCY.match(raw + " ") or re.match(
            r"(?P<n>[\w\u4e00-\u9fff ]{1,20}?(?:MCN|Agency|Talent|Media|传媒|文化|机构))", raw
        )
        if hit:
            put(
                agencies,
                3,
                hit.group("n").strip(),
                m.start("n"),
                m.start("n") + len(hit.group("n").strip()),
            )
    for m in EN_AGENCY.finditer(s):
        name = en_name(m.group("n"))
        if name and not re.match(r"(?:Agency|Talent|Media)\b", name):
            put(agencies, 5, name, m.start("n"), m.start("n") + len(name))
    for m in ZH_AGENCY.finditer(s):
        name = re.sub(
            # "对接人是橙光传媒 Vicky": the contact's label before the agency
            r"^(?:我是|我们是|来自|这边是|这里是|一家|是|的|家|公司(?:是|叫)|"
            r"(?:对接人|联系人|负责人|对接)(?:是|为)?)+",
            "",
            m.group("n"),
        )
        before_de, de, known_as = name.rpartition("的")
        if (
            de
            and len(known_as) >= 3
            and RELAY_CLAUSE.search(before_de)
            # "她的时代文化传媒", "她的颜MCN": a bare pronoun and 的 can be the agency's own name
            and not re.fullmatch(r"[我你他她它]们?", before_de.strip())
        ):
            # "我之前合作过的森屿MCN", "我认识的星野MCN": a relay's clause, then the name after
            # its 的 (not "有趣的灵魂传媒", "快乐的小鱼MCN": the 的 is the agency's own)
            name = known_as
        if (
            len(name) >= 3
            and not re.match(r"(?:MCN|机构|传媒|文化)", name)
            and not re.search(r"[我你您她他在]|一家|一个", name)  # "我朋友在一家MCN": unnamed
        ):
            put(agencies, 6, name, m.end("n") - len(name), m.end("n"))
    for m in last_matches(COMPANY_IS_AGENCY.finditer(s)):
        put(agencies, 3, m.group("n"), m.start("n"), m.end("n"))
    for m in last_matches(GROUP_LABEL_AGENCY.finditer(s)):
        put(agencies, 3, m.group("n"), m.start("n"), m.end("n"))
    for m in AGENCY_LABEL.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        put(agencies, 1, name, m.start("n"), m.start("n") + len(name or ""))
    for m in FROM_HEADER.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        target = agencies if name and AGENCY_WORDS.search(name) else brands
        put(target, 3, name, m.start("n"), m.start("n") + len(name or ""), True)
    for m in EN_FOR_BRAND.finditer(s):
        name = en_name(re.split(r"\s(?:on|for|to|and|in|at|with)\b", m.group("n"))[0])
        if name and not AGENCY_WORDS.search(name):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name))
    for m in [*EN_SENT_OFFER.finditer(s), *EN_PEOPLE_ASKED.finditer(s)]:
        name = en_name(m.group("n"))
        if name and plausible(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for m in ZH_DOING_FOR.finditer(s):
        raw = m.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else raw
        if name and (not is_cjk(name[0]) or name_ok(name)) and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for m in EN_TEAM_BEHIND.finditer(s):
        name = en_name(m.group("n"))
        if name and len(name) >= 2 and latin_name_like(name):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 2, name, m.start("n"), m.start("n") + len(name), True)
    for rx in (EN_TEAM_OF, EN_NAME_TEAM):
        for m in rx.finditer(s):
            name = en_name(m.group("n"))
            if name and len(name) >= 2:
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 4, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_BRAND_WORD_NAME.finditer(s):
        raw = m.group("n")
        cut = PRODUCT_AT.search(raw)
        if cut and cut.start() == 0:
            continue  # "某国货护肤品牌 面霜种草": a product, the brand is not named
        if re.search(r"某[\u4e00-\u9fff]{0,8}$", s[max(0, m.start() - 9) : m.start()]):
            continue  # "某护肤品牌 秋季新品": an unnamed brand, then its campaign
        name = raw[: cut.start()] if cut and cut.start() >= 2 else raw
        if name_ok(name) or re.fullmatch(r"[A-Za-z][\w&'.\-]+", name):
            put(brands, 4, name, m.start("n"), m.start("n") + len(name))
    for m in BRAND_WORD_BRACKET.finditer(s):
        # "代理品牌【拾光】", "品牌【禾叶】": the bracket after the word brand holds the name (r32)
        name = clean_name(m.group("n").strip())
        if name and name_ok(name) and not AGENCY_WORDS.search(name):
            put(brands, 0, name, m.start("n"), m.start("n") + len(name), as_written=True)
    for m in ZH_NAME_BRAND_WORD.finditer(s):
        raw = m.group("n").strip()
        name = CATEGORY_PREFIX.sub("", raw)
        if (
            name != raw
            or not name
            or NOT_NAME_BEFORE_BRAND.fullmatch(name)
            or not (name_ok(name) or re.fullmatch(r"[A-Za-z][\w&'.\- ]+", name))
        ):
            continue
        target = agencies if AGENCY_WORDS.search(name) else brands
        put(target, 4, name, m.start("n"), m.end("n"))
    dash_sign = DASH_SIGN_OFF.search(s)
    if dash_sign:
        raw = dash_sign.group("c").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and not ROLE_WORDS.search(name) and (not is_cjk(name[0]) or name_ok(name)):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 5, name, dash_sign.start("c"), dash_sign.start("c") + len(name), True)
    at_sign = PERSON_AT_COMPANY.search(s)
    if at_sign:
        raw = at_sign.group("c").strip()
        name = en_name(raw) or (raw if re.fullmatch(r"[a-z][a-z0-9&' .\-]{2,30}", raw) else None)
        if name and not ROLE_WORDS.search(name):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 5, name, at_sign.start("c"), at_sign.start("c") + len(name), True)
    dash_pair = DASH_BRAND_PERSON.search(s)
    if dash_pair and not dash_sign:
        raw = dash_pair.group("c")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and not ROLE_WORDS.search(name) and (not is_cjk(name[0]) or name_ok(name)):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 5, name, dash_pair.start("c"), dash_pair.start("c") + len(name), True)
    sender = sms_sender(s)
    if sender is not None:
        put(brands, 0, *sender, own=True)
    # the reply's own sign-off, above a chain quoted under it ("Best,\nOlive, Marrow & Moss\n\n
    # > On May 20, Mei wrote:", r32)
    quoted = QUOTED_MAIL.search(s)
    signed_text = s[: quoted.start()].rstrip() if quoted is not None else s
    for name, a, b in signature_names(signed_text) + last_line_signature(signed_text):
        target = agencies if AGENCY_WORDS.search(name) else brands
        put(target, 5, name, a, b, True)
    for m in EN_OWNER_OF.finditer(s):
        name = en_name(m.group("n"))
        if name:
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_DEPT.finditer(s):
        raw = re.split(r"[(（:：\s]", m.group("n"))[-1]
        raw = re.sub(r"^.*?(?:我是|我们是|这边是|来自)", "", raw)
        if CALL_AFTER_DEPT.match(s, m.end()) and s.count(raw) < 2:
            # "跟晒暖电器市场部通话记录": whom the call was with, the preposition before it (r30)
            # — unless the text names the company with it again ("同仁堂市场部电话沟通 … 同仁堂想推
            # 新品", "和路雪品牌部通话记录 … 和路雪夏季新品"; attack review r30)
            raw = re.sub(r"^(?:跟|与|同|和)(?=[\u4e00-\u9fff]{2})", "", raw)
        cut = GOODS.search(raw)
        name = raw[: cut.start()] if cut and cut.start() >= 2 else raw
        if name_ok(name) or re.fullmatch(r"[A-Za-z][\w&'.\- ]+", name):
            a = m.end("n") - len(raw)
            put(brands, 3, name, a, a + len(name), True)
    for m in QUOTED_NAME.finditer(s):
        name = m.group("n").strip()
        if TITLE_CALLED.search(s, max(0, m.start() - 30), m.start("n")) and not (
            BRAND_SAID_AFTER.match(s, m.end())
        ):
            continue  # 'Our summer series is called "Tessa & You"': a title, not the name
        if 1 < len(name) <= 20 and not BAD_NAME.search(name):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 1, name, m.start("n"), m.start("n") + len(name), as_written=True)
    for m in EN_PROJECT.finditer(s):
        name = m.group("n")
        if PROJECT_STOP.fullmatch(name):
            continue
        if (is_cjk(name[0]) and name_ok(name)) or (not is_cjk(name[0]) and en_name(name)):
            put(brands, 5, name, m.start("n"), m.end("n"))
    for m in ZH_OF_PRODUCT.finditer(s):
        name = CATEGORY_PREFIX.sub("", m.group("n"))
        if (
            name == m.group("n")
            and name_ok(name)
            and not PRODUCT_AT.search(name)
            and not AGENCY_WORDS.search(name)
        ):
            put(brands, 4, name, m.start("n"), m.end("n"))
    for m in ZH_ON_BEHALF.finditer(s):
        group = "n" if m.group("n") else "d"
        raw = m.group(group).strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else raw
        if INVITER_NOT_NAME.fullmatch(name or ""):
            continue  # "代表公司 跟您对接": a party, no name (attack review r31)
        if name and (not is_cjk(name[0]) or name_ok(name)) and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start(group), m.start(group) + len(name))
    for m in BOOTH_NAME.finditer(s):
        raw = m.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and BOOTH_PLACE.match(name):
            continue
        if name and name_ok(name) and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for m in NAME_HERE_WANTS.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if (
            name
            and (not is_cjk(name[0]) or name_ok(name))
            and not NAME_HERE_NOT.match(name)
            and not ADDRESSED_PERSON.search(name)
        ):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 3, name, m.start("n"), m.start("n") + len(name))
    for m in PERSON_THEN_ORG.finditer(s):
        # "我是许念安，泥伴陶瓷的主理人": her name, then the company whose staff she is (r31)
        raw = m.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and name_ok(name) and not OWN_KIND.match(name) and not ORG_IS_A_CLAUSE.search(name):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_WORKS_AT.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else raw
        if name and (not is_cjk(name[0]) or name_ok(name)):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_SPEAKER_ROLE.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and (not is_cjk(name[0]) or name_ok(name)) and not re.search(r"[我你]", raw):
            target = agencies if AGENCY_WORDS.search(name) else brands
            put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
    program = PROGRAM_HEAD.search(s, 0, min(len(s), 300))
    # only a heading that writes the name in two scripts ("Lumaris 澜光 Ambassador Program"): a
    # theme with no second name ("Wellness Creator Program", "Plant Parent Creator Program") is
    # no brand, and no word list tells themes from names
    if (
        program is not None
        and re.search(r"[\u4e00-\u9fff]", s[program.end("n") : program.end()]) is not None
        and (program.group("k") is None or program.group("k").strip().lower() in PROGRAM_KIND_WORDS)
    ):
        # "Aqualis 澈露 Creator Program 现场招募", "Corvid Coffee Creator Program — Autumn Intake":
        # a heading's name before its program's title; not a platform's program ("LTK Creator
        # Program"), and of rank 4, below a brand the message introduces ("We're Solara Sun
        # Care", rank 3), above EN_PROGRAM_DASH's season title (rank 4, later in the text)
        words = program.group("n").split(" ")
        while words and words[-1].lower() in PROGRAM_KIND_WORDS:
            words.pop()
        name = en_name(" ".join(words)) if words else None
        if (
            name
            and plausible(name)
            and name.lower() not in FALLBACK_STOP
            and not PROGRAM_PLATFORM.fullmatch(name.split(" ")[0])
            and name.lower() not in platform_names(s)
            # "Holiday Gifting Program", "Pet Parent Ambassador Program": a season's, an
            # audience's or a program's own words, no name
            and name.split(" ")[0].lower() not in PROGRAM_GENERIC
            and not all(w.lower() in PROGRAM_GENERIC for w in name.split(" "))
            # only a heading with no brand named elsewhere ("Founding Creator Program … Brightwell
            # Kitchen would pay $400": the body's name, as main reads it)
            and not (
                (body := fallback_brand(s, None, platform_names(s))) is not None
                and not program.start("n") <= body.start < program.end()
            )
        ):
            put(brands, 4, name, program.start("n"), program.start("n") + len(name))
    for rx, prio in ((EN_APPOS_BRAND, 3), (EN_HI_TEAM, 3), (FROM_AT, 2), (EN_PROGRAM_DASH, 4)):
        for m in rx.finditer(s):
            name = en_name(m.group("n"))
            if name and len(name) >= 2:
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, prio, name, m.start("n"), m.start("n") + len(name), rx is FROM_AT)
    for m in ANNOUNCE_HEADER.finditer(s):
        after_bar = re.match(
            r"[ \t]?[|｜][ \t]?([^\n,，。:：|｜]{2,30})", s[m.end("n") : m.end("n") + 40]
        )
        if CAMPAIGN_TITLE.search(m.group("n").strip()) and after_bar:
            # "【蒲公英招募】双十一囤货合集｜原木记 北欧风收纳系列": the campaign, then the name
            name = lead_name(after_bar.group(1))
            if name:
                na = m.end("n") + after_bar.start(1)
                put(brands, 4, name, na, na + len(name))
            continue
        name = lead_name(m.group("n"))
        if name:
            put(brands, 4, name, m.start("n"), m.start("n") + len(name))
    for m in ZH_HERE.finditer(s):
        raw = m.group("n") or m.group("c")
        name = en_name(raw) if m.group("n") else clean_name(raw)
        if name and plausible(name) and (m.group("n") or name_ok(name)):
            put(
                brands,
                3,
                name,
                m.start(1 if m.group("n") else 2),
                m.start(1 if m.group("n") else 2) + len(name),
                True,
            )
    for m in EN_CATEGORY_HERE.finditer(s, 0, 4000):
        name = en_name(m.group("n"))
        if name and plausible(name):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in last_matches(ZH_SIDE.finditer(s)):
        raw = SIDE_LEAD.sub("", m.group("c"))
        name = clean_name(raw) if len(raw) >= 2 else None
        if name and plausible(name) and name_ok(name) and not AGENCY_WORDS.search(name):
            a = m.end("c") - len(raw)
            put(brands, 3, name, a, a + len(name))
    for m in last_matches(ZH_REPLIES.finditer(s)):
        name = clean_name(m.group("c"))
        if name and plausible(name) and name_ok(name) and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start("c"), m.start("c") + len(name), True)
    for rx in (EN_RECRUITING, EN_FROM_HERE, EN_FOR_PEOPLE):
        for m in last_matches(rx.finditer(s)):
            name = en_name(m.group("n"))
            if name and len(name) >= 2 and not AGENCY_WORDS.search(name):
                put(brands, 2, name, m.start("n"), m.start("n") + len(name), True)
    piped = PIPE_HEADER.match(s)
    if piped:
        name = lead_name(piped.group("n"))
        if name and plausible(name) and not TITLE_STOP.match(name):
            put(brands, 4, name, piped.start("n"), piped.start("n") + len(name))
    for m in SHOP_LABEL.finditer(s):
        name = lead_name(m.group("n"))
        if name:
            put(brands, 3, name, m.start("n"), m.start("n") + len(name))
    for m in re.finditer(r"@(?:所有人|全体成员|all\b)", s, IA):
        line_end = s.find("\n", m.end())
        line_end = len(s) if line_end == -1 else line_end
        found_name = title_name_in(s, m.end(), min(line_end, m.end() + 60))
        if found_name:
            put(brands, 4, *found_name)
    for m in ZH_CLIENT.finditer(s):
        name = en_name(m.group("n"))
        if name and not AGENCY_WORDS.search(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
    for rx in (ZH_CALLED, ZH_SHOP_APPOSITIVE):
        for m in rx.finditer(s):
            raw = m.group("n").strip()
            name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
            if name and (not is_cjk(name[0]) or name_ok(name)) and not PRODUCT_AT.fullmatch(name):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_THANKS_FOR.finditer(s):
        raw = m.group("n")
        cut = GOODS.search(raw)
        name = raw[: cut.start()] if cut and cut.start() >= 2 else raw
        name = en_name(name) if re.match(r"[A-Za-z]", name) else clean_name(name)
        if name and (not is_cjk(name[0]) or name_ok(name)) and not re.search(r"[我你您]", raw):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name), True)
    for m in ZH_THANKS_NAME.finditer(s):
        raw = m.group("n").strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and (not is_cjk(name[0]) or name_ok(name)) and not re.search(r"[我你您]", raw):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name), True)
    if re.search(rf"(?:^|\n)\s?{SPEAKER_DATED}(?:Me|我|You|Creator){SPEAKER_WHEN}\s?[:：]", s) or (
        # a chat export with the time and no colon: "我 10:40" alone on its line
        re.search(r"(?:^|\n)[ \t]?(?:Me|我)[ \t]\d{1,2}:\d{2}[ \t]*(?:\n|$)", s)
    ):
        speakers = Counter(en_name(m.group("n")) for m in SPEAKER.finditer(s))
        persons: set[str] = set()  # "Tiffany：Hi～我是 Bambu Lab 的 marketing": a person speaking
        for m in SPEAKER.finditer(s):
            name = en_name(m.group("n"))
            if name in persons:
                continue
            line_end = s.find("\n", m.end())
            line_end = len(s) if line_end == -1 else line_end
            if name and any(m.end() <= v < line_end for v in voice):
                persons.add(name)
                continue
            if name and speakers[name] >= 2 and name not in ("Me", "You", "Brand", "Client"):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 2, name, m.start("n"), m.start("n") + len(name), True)
                break
        # "木里茶舍：你好～…\n我：…\n木里茶舍：…": the other party speaking under its name
        zh_speakers = Counter(m.group("n") for m in ZH_SPEAKER.finditer(s))
        zh_speakers.update(m.group("n") for m in ZH_SPEAKER_DASH.finditer(s))
        zh_turns = sorted(
            [*ZH_SPEAKER.finditer(s), *ZH_SPEAKER_DASH.finditer(s)], key=lambda m: m.start()
        )
        for m in zh_turns:
            raw = m.group("n")
            name = clean_name(raw)
            if (
                zh_speakers[raw] >= 2
                and name
                and name_ok(name)
                and plausible(name)
                and not ZH_NOT_SPEAKER_NAME.search(name)
            ):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
                break
    for m in OPEN_CALL.finditer(s):
        name = en_name(m.group("n"))
        if name:
            put(brands, 2, name, m.start("n"), m.start("n") + len(name), True)
    if BRACKET_ME.search(s):
        # "[我 10:02] …\n[FitFuel 运营 Kiki 14:30] …": the other party's name opens its label
        labels = Counter(m.group("n") for m in BRACKET_SPEAKER.finditer(s))
        for m in BRACKET_SPEAKER.finditer(s):
            raw = m.group("n")
            if re.match(r"(?:我|Me)\b", raw):
                continue
            if labels[raw] < 2 and not BRACKET_ROLE.search(raw):
                continue  # once, with no role after the name: may be anyone
            start = m.start("n")
            person = LABEL_PERSON_BAR.match(raw)
            if person is not None and BRACKET_ROLE.search(raw[person.end() :] + " "):
                # "[Coco | Ovelle 欧维尔 PR 3/26 11:20]": a person, then her company and role
                raw, start = raw[person.end() :], start + person.end()
            head = BRACKET_HEAD.match(raw)
            if head is None:
                continue
            rest = raw[head.end() :].strip()
            word = head.group(0)
            cut = LABEL_ROLE_TAIL.search(word)
            if cut is not None and cut.start() >= 2:  # "[Tundra BD - Ivy 11:02]"
                word, rest = word[: cut.start()], raw[cut.start() :].strip()
            tail = OFFICIAL_TAIL.search(word)
            if not rest and tail is not None and tail.start() >= 2:
                word, rest = word[: tail.start()], tail.group(0)  # "[素叶官方 3/31 10:05]"
            name = en_name(word) if re.match(r"[A-Za-z]", word) else clean_name(word)
            if name and rest and (is_cjk(name[0]) is False or name_ok(name)):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 2, name, start, start + len(name), True)
                break
    for m in [*CALL_WITH.finditer(s, 0, 4000), *CALL_NOTES_DASH.finditer(s, 0, 4000)]:
        # "Call notes 5/25 w/ Kiwora（日本刀具）— Ken & Aiko": the company the call was with
        raw = m.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if (
            name
            and (not is_cjk(name[0]) or name_ok(name))
            and not PERSON_AFTER.match(s, m.start("n") + len(name))
            and not person_like(s, name)
            and not ZH_PERSON_CALLED.search(name)
            # not "6/3 meeting w/ 小林（栖云茶舍市场部）": her company and department in brackets
            and not ROLE_IN_BRACKET_AFTER.match(s, m.start("n") + len(name))
        ):  # not "Call with Theo (Saltmarsh Candles marketing)": a person of the company
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
            break
    for m in COUNTERPART.finditer(s, 0, 4000):
        # "对方：豆序 市场部 王姐": the other party of a call, a company and its department
        name = clean_name(m.group("n"))
        if name and name_ok(name) and not ZH_PERSON_CALLED.search(name):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name))
            break
    for m in AT_OFFICIAL.finditer(s, 0, 4000):
        raw = m.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and (not is_cjk(name[0]) or name_ok(name)):
            put(brands, 2, name, m.start("n"), m.start("n") + len(name), True)
            break
    labelled = Counter(m.group("n") for m in BRACKET_LABEL.finditer(s))
    if BRACKET_LABEL.search(s) and (
        re.search(rf"(?:^|\n)[ \t]?[\[【](?:我|Me|me)(?:{BRACKET_WHEN}|[\]】])", s)
        or any(n >= 2 for n in labelled.values())
    ):
        # "[海棠家居-市场部] …", "[Tundra BD - Ivy 11:02] …": the other party's label, its name
        # before a department or a person after a dash
        group_names = [g.group("n") for g in last_matches(GROUP_LABEL_AGENCY.finditer(s))]
        for m in BRACKET_LABEL.finditer(s):
            raw = m.group("n").strip()
            if re.match(r"(?:我|Me)\b", raw, re.I) or RELATION_LABEL.search(raw):
                continue
            glabel = GROUP_LABEL_AGENCY.match(s, max(0, m.start("n") - 1))
            if glabel is not None and glabel.start("n") == m.start("n"):
                continue  # "【橙子互娱·成都美食探店3群】": the agency's group, no speaker (r31)
            head = BRACKET_HEAD.match(raw)
            if head is None:
                continue
            word = head.group(0)
            cut = LABEL_ROLE_TAIL.search(word)
            if cut is not None and cut.start() >= 2:
                word = word[: cut.start()]
            rest = raw[len(word) :]
            if not BRACKET_DASH_ROLE.match(rest) and not (
                not rest.strip() and labelled[m.group("n")] >= 2 and trade_like(word)
            ):
                continue  # a bare name may be a person's, unless it names a trade and speaks again
            name = en_name(word) if re.match(r"[A-Za-z]", word) else clean_name(word)
            if name and any(g.startswith(name) for g in group_names):
                continue  # "[橙子-小柠 14:02]" under 【橙子互娱·…群】: the agency's staff (r31)
            if name and (is_cjk(name[0]) is False or name_ok(name)):
                target = agencies if AGENCY_WORDS.search(name) else brands
                put(target, 3, name, m.start("n"), m.start("n") + len(name), True)
                break
    for m in ARROW_HEAD.finditer(s, 0, 4000):
        group = "a" if m.group("a") else "b"
        raw = m.group(group).strip()
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and (not is_cjk(name[0]) or name_ok(name)):
            put(brands, 2, name, m.start(group), m.start(group) + len(name), True)
            break
    for m in LINE_SHI.finditer(s, 0, 4000):
        raw = m.group("n")
        name = raw if m.group("doing") else bare_brand(raw)
        doing_ok = (  # "是禾木家，做懒人沙发那个": the introduction itself says it is a name
            m.group("doing")
            and len(name) <= 8
            and not re.match(r"这|那|我|你|他|她|它|谁|什么|怎么", name)
        )
        if (doing_ok or (name != raw and name_ok(name))) and plausible(name):
            put(brands, 3, name, m.start("n"), m.start("n") + len(name), as_written=True)
            break
    for m in NAME_BRANCH.finditer(s):
        name = clean_name(m.group("n"))
        if name and name_ok(name) and not AGENCY_WORDS.search(name):
            put(brands, 4, name, m.start("n"), m.start("n") + len(name))
            break
    tail_at = max(0, len(s) - 200)
    signed = SIGN_DEPT.search(s, tail_at)
    if signed:
        raw = signed.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else clean_name(raw)
        if name and (not is_cjk(name[0]) or name_ok(name)) and not AGENCY_WORDS.search(name):
            put(brands, 3, name, signed.start("n"), signed.start("n") + len(name), True)
    opening = OPENING_NAME.match(s)
    if opening:
        raw = opening.group("n")
        name = en_name(raw) if re.match(r"[A-Za-z]", raw) else raw
        if (
            name
            and (not is_cjk(name[0]) or name_ok(name))
            and not PRODUCT_AT.search(name)
            and not AGENCY_WORDS.search(name)
            and not TITLE_STOP.match(name)
        ):
            put(brands, 6, name, opening.start("n"), opening.start("n") + len(name))
    titled = title_brand(s)
    if titled:
        put(brands, 7, *titled)
    rule_names: dict[int, list[Hit]] = {}
    for _, named in brands:
        rule_names.setdefault(named.start, []).append(named)
    for mine in known_mentions(s, known):
        if not named_in_passing(s, mine.start, mine.end):
            put(brands, KNOWN_RANK, mine.value, mine.start, mine.end, as_written=True)
            listed_at.add(mine.start)
    listed = gazetteer.find_known(s)
    for mention in listed:
        if LISTED_IN_PRODUCT.search(s[max(0, mention.start - 16) : mention.start]) and re.match(
            r"[A-Za-z]", mention.name
        ):
            continue  # "our Dove pillow spray", "Sea Tide 香薰蜡烛": a product's name
        if not named_in_passing(s, mention.start, mention.end) and not in_address(
            s, mention.start, mention.end
        ):
            rank = WEAK_GAZETTEER_RANK if mention.weak else GAZETTEER_RANK
            beside = written_before(s, mention, listed)
            if beside is not None:  # "Kolon 可隆", "苏菲 Sofy": the first-written form
                put(brands, rank, *beside, as_written=True)
                listed_at.add(beside[1])
                continue
            name, end = mention.name, mention.end
            for other in rule_names.get(mention.start, ()):
                tail = other.value[len(name) :]
                if (
                    other.value.startswith(name)
                    and 0 < len(tail) <= 6
                    and is_cjk(tail[0]) != is_cjk(name[-1])
                    and not re.search(r"\s", tail)
                    and not PRODUCT_AT.search(tail)
                ):  # "NEIWAI内外": the name written on in the other script
                    name, end = other.value, other.end
                kind = BUSINESS_KIND.match(tail)
                if (
                    kind
                    and other.value.startswith(name)
                    and re.match(r"$|的|新品|项目|官方|品牌|推广", tail[kind.end() :])
                ):  # "瑞幸咖啡新品推广项目": the name as written, with its trade
                    name, end = name + kind.group(0), end + kind.end()
            put(brands, rank, name, mention.start, end, as_written=True)
            listed_at.add(mention.start)
    if AGENCY_SELF.search(s) and not agencies:
        # the writer is an agency ("our agency fee"): the name she gives as her own is the
        # agency's, and the brand is the client she names
        own_names = [(p, h) for p, h in brands if h.start in voice]
        if own_names and len(own_names) < len(brands):
            best = min(own_names, key=lambda x: (x[0], x[1].start))
            brands = [x for x in brands if x[1].start not in voice]
            agencies.append((2, best[1]))
    # a name said to be an agency ("Bloom Collective, we're an influencer agency")
    for prio, named in list(brands):
        if APPOSITIVE_AGENCY.match(s[named.end : named.end + 60]) or re.search(
            r"talent\s(?:manager|agent)\s?(?:at\s|with\s|from\s|[|,·–—-]\s?)$|"
            r"agent\s(?:at|with|from)\s$",
            s[max(0, named.start - 24) : named.start],
            IA,
        ):
            brands.remove((prio, named))
            agencies.append((min(prio, 2), named))
    agencies = [
        (p, h)
        for p, h in agencies
        if not re.fullmatch(r"(?:小|一家|一个|我们的?)?(?:工作室|studio)", h.value, IA)
    ]
    if not AGENCY_CONTEXT_ANY.search(s):
        # "Ida — Sølv Studio", "栖木陶艺工作室": a studio that sells its own goods is the brand
        for prio, named in list(agencies):
            if re.search(r"studio|工作室", named.value, IA) and not re.search(
                r"MCN|机构|传媒|文化|经纪|agency|talent|management|mgmt|media|network|collective",
                named.value,
                IA,
            ):
                agencies.remove((prio, named))
                brands.append((prio, named))
    agency = min(agencies, key=lambda x: (x[0], x[1].start))[1] if agencies else None
    # a person named with a role at a company ("Marcus Lee (APAC Influencer Lead at Verdant
    # Labs)", "Sophie Tran here, Creator Lead at …"): the person is no brand, the company is one.
    # The role ends in a person's title and starts with none of a/the/our: "Kora Skincare, a
    # clean beauty brand available at Sephora" describes the brand and the shop that sells it
    people: set[int] = set()
    employers: set[str] = set()  # companies of such people that are no brand (a marketplace)
    for prio, named in list(brands):
        if named.start in people or named.start in listed_at:
            continue
        at_work = PERSON_ROLE_AT.match(s, named.end, min(len(s), named.end + 80))
        if at_work is None:
            continue
        job_words = at_work.group("r").split()
        if ROLE_NOT_PERSON.fullmatch(job_words[0]) or not PERSON_ROLE_LAST.fullmatch(job_words[-1]):
            continue
        company = en_name(at_work.group("c"))
        # the one named is a person ("Sophie Tran here,", "Marcus Lee ("), not a brand saying
        # what it is ("We're Greenleaf Nursery, Houseplant Specialist at Pike Place Market",
        # "Hello from Tidewell SPF (Sun Care Specialist at Ulta Beauty)")
        if (
            company
            and plausible(company)
            and PERSON_NAME.fullmatch(named.value)
            and len(people) < PERSON_ROLE_CAP
        ):
            people.add(named.start)
            ca = at_work.start("c")
            # a marketplace's person ("Tom Reyes here, … Manager at Shopee … with Glowbird
            # Candles", "… at Collabify … Collabify keeps a 12% platform fee"): the company is no
            # brand when it is a platform, or a name the message uses as a marketplace's; the
            # whole company, or the platform and a unit of it ("Shopee", "TikTok Shop", not
            # "Red Bull")
            first, _, rest = company.partition(" ")
            market = (
                PROGRAM_PLATFORM.fullmatch(first) is not None
                and (not rest or PLATFORM_UNIT.fullmatch(rest) is not None)
            ) or (company.lower() in platform_names(s))
            # (not "their" said anywhere with no "we": a writer says "their" of a shop or a
            # competitor too, and her own company was dropped - attackfinal)
            if market:
                people.add(ca)
                employers.add(company.lower())
                continue
            put(brands, min(prio, 3), company, ca, ca + len(company))
    brands = [(p, h) for p, h in brands if h.start not in people]
    # a name the writer gives as her own ("This is Mia from Glowly … your Glowly dashboard",
    # "我们是WonderLab品牌方，WonderLab平台的旗舰店") is the brand's, not a marketplace's
    # (unless the name takes a share as a marketplace: "Collably's 15% service fee" … "The
    # Collably team")
    voiced_plain = {_plain(h.value) for _, h in brands if h.start in voice} - {
        _plain(used) for used in platform_names(s, cut_only=True)
    }
    platforms = frozenset(used for used in platform_names(s) if _plain(used) not in voiced_plain)
    platforms |= employers
    full_pool = [
        (p, h)
        for p, h in brands
        # nor a piece of the agency's name ("Harbor & Co" of "Harbor & Co. Talent")
        # (unless a brand label names it: "【橙子娱乐·美妆3群】 … 品牌：橙子", r32)
        if (
            agency is None
            or not agency.value.lower().startswith(h.value.lower())
            or BRAND_LABEL_JUST_BEFORE.search(s, max(0, h.start - 8), h.start) is not None
        )
        and plausible(h.value)
        and not re.search(r"MCN|机构", h.value, IA)
        and not PLATFORM_AFTER.match(s, h.end)  # "from CreatorHub marketplace"
        and not generic_name(h.value)  # a heading's or a note's word (r33)
    ]
    checked = [(p, brand_candidate(s, h, h.start in listed_at)) for p, h in full_pool]
    full_checked = [(p, h) for p, h in checked if h is not None]
    brand_pool = [(p, h) for p, h in full_checked if h.value.lower() not in platforms]
    if not brand_pool and full_checked and fallback_brand(s, agency, platforms) is None:
        # the marketplace's name is the only name: it is the brand ("Colorkey 平台服务费10%由品牌
        # 承担 … 图文一篇 ¥800"); a marketplace needs another brand it relays
        brand_pool, platforms = full_checked, frozenset()
    brand_pool = without_titles(brand_pool)
    scores = brand_scores(s, brand_pool)
    brand = (
        min(brand_pool, key=lambda x: (scores[x[1].start], x[0], x[1].start))[1]
        if brand_pool
        else None
    )
    if brand is None and not brand_pool:
        brand = fallback_brand(s, agency, platforms)
    if brand is not None:
        brand = short_form(s, brand)
        # "… from Northwind Candle Co. We loved …" and a sign-off "Northwind Candle Co.": one name
        dotted = [h for _, h in brand_pool if h.value == brand.value + "."]
        brand = dotted[0] if dotted else brand
    return brand, agency


# --- the last resort: a brand when no rule found one --------------------------------------------
# Only 5 of 1,059 messages of the corpus name no brand, so when every rule above finds nothing
# the most name-like words of the message are the brand's name, read as structure, not phrasing:
# a Latin Title-Case run of 1–4 words (accents allowed; "Co." kept) or a Chinese name in
# 【】/「」/《》, a hashtag, an @handle, or before a category word. A candidate must show a
# cue: written more than once, after from/at/for/by/with/在/是/叫, in a mail domain, handle or
# hashtag, in a chat label, near a brand or product word, with a trade word, or two words or
# more. Persons are left out: after a greeting, a sign-off or "I'm", a chat speaker's label.
FALLBACK_LATIN = re.compile(
    r"(?<![\w@#.'’&\-/])(?P<n>[A-ZÀ-Þ][\wÀ-ÿ'’\-]{1,24}"
    r"(?:[ ](?:&[ ])?[A-ZÀ-Þ][\wÀ-ÿ'’\-]{0,24}){0,3})(?![\w@])"
)
# words that open no name: greetings, sign-offs, pronouns, function words, weekdays, months,
# a message's field labels and the sentence-opening words a Title-Case run picks up
FALLBACK_STOP = frozenset(
    re.findall(
        r"\S+",
        "hi hello hey dear thanks thank cheers best warmly regards love merci bonjour ciao hola "
        "yes sure ok okay great please sorry random quick happy good morning evening afternoon "
        "we i i'm i'd i'll we're we'd we'll you you're our your my me us they it it's this that "
        "these those the a an and or but if so also just hope would could can will may might "
        "should do does did is are was were be have has had what when where which who why how "
        "there here not no any some all each every one two three new our "
        "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "fee fees usage payment deadline product products budget video videos image images note "
        "notes post posts brief total deliverables deliverable rate rates price value gift gifted "
        "content creator creators collab collaboration campaign deal offer contract terms term "
        "revision revisions timeline date dates details detail info interested let lmk "
        "front back side re fw fwd subject from to cc via ps p.s. note: "
        "red xhs ig instagram tiktok wechat weibo douyin youtube taobao tmall xiaohongshu "
        "pugongying pgy dm email mail story reel reels live link links",
    )
)
FALLBACK_PLATFORM = re.compile(
    r"^(?:RED|XHS|IG|Instagram|TikTok|WeChat|Weibo|Douyin|YouTube|Taobao|Tmall|JD|Xiaohongshu|"
    r"Pugongying|Amazon|Shopee|Lazada|Etsy|Facebook|Pinterest|Google|Gmail|Outlook|PayPal)$",
    re.I,
)
FALLBACK_BEFORE = re.compile(
    r"(?:\b(?:from|at|for|by|with|behind|called|named|brand|label|join|joining|about|of)|"
    r"是|叫|和|跟|给|在|@|#)[ \t]?$",
    re.I,
)
FALLBACK_NEAR = re.compile(
    r"brand|品牌|collab|合作|we make|we sell|我们|官方|新品|新款|出了|product|shop|store|"
    r"launch|founder|team|家的|这边",
    re.I,
)
FALLBACK_TRADE = re.compile(
    r"\s(?:Co\.?|Works|Lab|Labs|Studio|Atelier|Tea|Coffee|Bakery|Kitchen|Candles?|Soap|Goods|"
    r"Home|Beauty|Skincare|Kids|Pets?|Outdoor|Audio|Wear|Supply|Foods?|Farm|House|Club)$"
    r"|^(?:Atelier|Maison|Casa|Studio)\s"
)
SIGN_OFF_BEFORE = re.compile(
    r"(?:\b(?:hi|hey|hello|dear|thanks|thank you|cheers|best|warmly|regards|love|xo|xoxo|"
    r"merci(?: mille fois)?|@)|[—–]|\bto)[ ,!]*$",
    re.I,
)
FALLBACK_ZH = re.compile(
    r"(?:【(?P<b>[\u4e00-\u9fff]{2,8})(?:[·・][^】\n]{0,12})?】|[「《](?P<q>[\u4e00-\u9fff]{2,8})[」》]|"
    r"[#@](?P<h>[\u4e00-\u9fff]{2,10})|"
    r"(?<![\u4e00-\u9fff])(?P<r>[\u4e00-\u9fff]{3,8})(?![\u4e00-\u9fff]))"
)


PLATFORM_LEAD_ZH = re.compile(r"蒲公英|巨量星图|抖音星图|星图|小红书|精选联盟|抖音电商")
FIELD_LABEL_LINE = re.compile(r"(?:^|\n)[ \t]?【[^】\n]{1,8}】[ \t]?[^\s【]")
FIELD_LABEL_AT = re.compile(r"(?:(?<![^\n])|(?<=\n[ \t]))【[^】\n]{1,8}】[ \t]?[^\s【]")
FIELD_LABEL_READ = 20_000
FALLBACK_LABEL_TIME = re.compile(r"[ \t]\d{1,2}:\d{2}\]")
FALLBACK_PERSON_BEFORE = re.compile(
    r"(?:\b(?:i'm|i am|im|this is|my name is|name's|it's)|我是|我叫|叫我)[ \t]?$", re.I
)
CATEGORY_WORD_ZH = re.compile("|".join(map(re.escape, CATEGORY_TAIL_ZH)))


# a name glued to its trade word inside running Chinese text ("之前合作过的青檀咖啡",
# "和星渡里商场的活动部", "小满酸奶这边"): the two to four characters between a function word
# (or a line's start) and a category or trade word
GLUED_TRADE_ZH = re.compile(
    "|".join(
        map(
            re.escape,
            sorted(set(CATEGORY_TAIL_ZH) | {"商场", "烧肉", "烤肉", "童鞋"}, key=len)[::-1],
        )
    )
)
GLUED_STOP_ZH = "的是跟和与找被给在"
GRADE_OR_STYLE_ZH = re.compile(r"[级型式类款风系档]$")
GLUED_LATIN_BEFORE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t][A-Za-z][A-Za-z'&]{1,15}[ \t]?$")


def glued_names(s: str) -> Iterator[tuple[str, int]]:
    """Names written right before a trade word, each with where it starts (see GLUED_TRADE_ZH)."""
    for count, m in enumerate(GLUED_TRADE_ZH.finditer(s)):
        if count >= 400:
            return
        a = m.start()
        latin = GLUED_LATIN_BEFORE.search(s, max(0, a - 20), a)
        if latin is not None:
            a = latin.start()  # "森屿 Senyu 香氛": the name in a second script between
        i = a
        while i > 0 and a - i <= 4 and is_cjk(s[i - 1]) and s[i - 1] not in GLUED_STOP_ZH:
            i -= 1
        if 2 <= a - i <= 4 and (i == 0 or not is_cjk(s[i - 1]) or s[i - 1] in GLUED_STOP_ZH):
            yield s[i:a], i


def speaks_only(s: str, name: str) -> bool:
    """A word that is a chat speaker's label ("[Vivian]", "Vivian：") two times or more and is
    never written elsewhere: a person, not a name of the brand."""
    label = re.compile(rf"(?:^|\n)[ \t]?\[?{re.escape(name)}(?:\]|[ \t]?[:：])")
    labels = len(label.findall(s))
    return labels >= 2 and s.count(name) == labels


# where a word stands as a person: addressed with @ or speaking under it in a chat ("@小雨 你不是…",
# "小雨：哇谢谢"), someone's at an agency or a brand ("Bloom MCN 的 Kelly"), or doing what people
# do ("Kelly 说", "等 Kelly 发合同", "Maya said", "Maya will send the contract")
PERSON_BEFORE = re.compile(
    r"@[ \t]?$|(?:MCN|机构|agency|talent|传媒|经纪|PR|品牌方?|公司|团队)[ \t]?的[ \t]?$", IA
)
LABEL_LINE_BEFORE = re.compile(r"(?:^|\n)[ \t]?\[?$")
LABEL_AFTER = re.compile(r"[ \t]?(?:[:：]|\]|[ \t]\d{1,2}:\d{2})")
PERSON_AFTER = re.compile(
    rf"[ \t]?[(（][^()（）\n]{{2,40}}?{BRACKET_DEPT}|"  # "Maya (Juniper & Rye PR)"
    r"[ \t]?(?:说|讲|问|答应|回复|觉得|表示|提到|发(?:合同|给我|我)|会发|出合同)|"
    r"[ \t](?:said|says|asked|mentioned|told|will send|sent me|is sending)\b",
    IA,
)
PERSON_MENTIONS_READ = 20  # mentions of one word read, at most
# two given names joined after a dash, the people a call was with: "— Ken & Aiko, 40 min"
PEOPLE_PAIR = re.compile(
    r"[—–][ \t]?([A-Z][a-z]{1,12})[ \t]?&[ \t]?([A-Z][a-z]{1,12})(?=[ \t]?(?:[,，(（]|$|\n))"
)


def person_like(s: str, name: str) -> bool:
    """A word the message uses as a person's name (PERSON_BEFORE, a chat label, PERSON_AFTER):
    every mention of it so, or two and more than half of them."""
    person = total = 0
    pair_at = {
        m.start(g) for m in PEOPLE_PAIR.finditer(s, 0, 4000) for g in (1, 2) if m.group(g) == name
    }
    at = s.find(name)
    while at != -1 and total < PERSON_MENTIONS_READ:
        end = at + len(name)
        total += 1
        before = s[max(0, at - 12) : at]
        if (
            PERSON_BEFORE.search(before)
            or at in pair_at
            or (LABEL_LINE_BEFORE.search(before) and LABEL_AFTER.match(s, end))
            or PERSON_AFTER.match(s, end)
        ):
            person += 1
        at = s.find(name, end)
    return total > 0 and (person == total or (person >= 2 and 2 * person > total))


# a run of Chinese characters at a line's or a clause's start (r33's repeated name); not the
# speaker of a chat label ("小美-闺蜜 10:12", "妈妈：")
REPEATED_RUN_AT = re.compile(
    r"(?:^|(?<=[\n，,。！!？?；;～~]))[ \t]{0,2}(?P<n>[\u4e00-\u9fff]{2,4})"
    r"(?![\u4e00-\u9fff]{0,8}[-–—:：]|[\u4e00-\u9fff]{0,8}[ \t]?\(?\d{1,2}:\d\d)",
    re.M,
)


# who or where a clause starts with, or whose person she talked to, is no company: a kin, a
# friend or a word of address ("宝宝", "亲亲", "美美", "小林"), a platform, a day, a place
# ("上海店", "朝阳区", "隔壁"), her own account ("我的账号小鹿日记"); attack review r33
NOT_A_COMPANY_ZH = re.compile(
    r"^亲|^(.)\1$|公司|对面|隔壁|旁边|楼上|楼下|直播间|小红薯|星图|蒲公英|"
    r"上午|下午|中午|晚上|早上|今晚|店里|学校|单位|宿舍|家里|群里|"
    r"^(?:周|星期|礼拜)[一二三四五六日天末]|"
    r"^[\u4e00-\u9fff]{2}店$|^[\u4e00-\u9fff]{1,3}[区市省县镇]$"
)


def not_a_company_zh(s: str, name: str) -> bool:
    """A person, a platform, a day, a place or her own account, not the brand (r33's fallbacks)."""
    return bool(
        NOT_A_COMPANY_ZH.search(name)
        or NOT_PAIR_CJK.search(name)
        or RELATION_WORD.search(name)
        or LABEL_PERSON_WORD.search(name)
        or ADDRESSED_PERSON.search(name)
        or ZH_PERSON_CALLED.match(name)
        or re.search(rf"(?:账号|小号|主页)(?:是|叫)?[:： \t]?{re.escape(name)}", s[:20_000])
    )


TALKED_WITH_OF = re.compile(
    r"(?:跟|和|与|同)(?P<n>[\u4e00-\u9fff]{2,4}?)(?:那边)?的(?:小|老|阿)[\u4e00-\u9fff]"
    r"[\u4e00-\u9fff]?(?:聊|通|打|说|沟通|对接)"
)


def fallback_brand(
    s: str, agency: Hit | None, platforms: frozenset[str] = frozenset()
) -> Hit | None:
    """The most name-like words of a message where no rule found a brand, or None; never a
    name the message uses as a marketplace's (platform_names)."""
    low = s.lower()
    squashed = re.sub(r"[^a-z0-9\u4e00-\u9fff@#._\-]+", " ", low)
    handles = " ".join(
        # A mail address from the start of its run only: from every place inside a long run of
        # word characters with no @ in it, the search went to the run's end and back (quadratic:
        # 1.0 s of a 20,000-character '元1元1…' paste).
        m.group(0)
        for m in re.finditer(r"(?<![\w.\-])[\w.\-]+@[\w.\-]+|[@#][\w\-]+|\b\w+_\w+\b", squashed)
    )
    # once, not per candidate (up to 400 of them: quadratic on a paste of many names and handles)
    handle_letters = re.sub(r"[^a-z0-9 ]", "", handles)
    agency_name = agency.value.lower() if agency is not None else ""
    best: tuple[int, int, Hit] | None = None
    seen: set[str] = set()
    count = 0
    for m in FALLBACK_LATIN.finditer(s):
        count += 1
        if count > 400:
            break
        words = m.group("n").split(" ")
        a = m.start("n")
        while words and (words[0].lower().strip("'’") in FALLBACK_STOP or words[0] == "&"):
            a += len(words[0]) + 1
            words.pop(0)
        while words and (words[-1].lower() in FALLBACK_STOP or words[-1] == "&"):
            words.pop()
        if not words:
            continue
        if len(words) >= 2 and FALLBACK_LABEL_TIME.match(s, a + len(" ".join(words))):
            words.pop()  # "[Sonisle Ivy 11:20]": the name, then the person speaking
        name = " ".join(words)
        if s.startswith(".", a + len(name)) and words[-1] == "Co":
            name += "."
        b = a + len(name)
        if (
            len(name) < 3
            or name in seen
            or any(FALLBACK_PLATFORM.match(w) for w in words)
            or AGENCY_WORDS.search(name)
            or (agency_name and name.lower() in agency_name)
            or name.lower() in platforms
            or NOT_A_NAME.match(name)
            or generic_name(name)
            or (len(words) == 1 and name.upper() == name and name in CAPS_TERMS)
            or re.search(r"\d", name)
        ):
            continue
        seen.add(name)
        before = s[max(0, a - 24) : a]
        if len(words) == 1 and (
            SIGN_OFF_BEFORE.search(before)
            or FALLBACK_PERSON_BEFORE.search(before)
            or FALLBACK_LABEL_TIME.match(s, b)
            or speaks_only(s, name)
        ):
            continue  # "Hi Sam", "Cheers, Olivia", "I'm Dana", "[Lumo 品牌 Zoe 14:20]": a person
        if len(words) == 1 and person_like(s, name):
            continue  # "Bloom MCN 的 Kelly … Kelly 说 … 等 Kelly 发合同": a person
        if len(words) == 1 and ROLE_WORDS.fullmatch(name) and re.search(r"\bof[ \t]$", before):
            continue  # "Theo (Head of Marketing)": a person's title
        folded = name.lower()
        key = re.sub(r"[^a-z0-9]", "", gazetteer.fold(folded))
        score = 1 if len(words) >= 2 else 0
        if low.count(folded) >= 2 or (len(key) >= 4 and key in handle_letters):
            score += 2  # written twice, or in a mail domain, handle or hashtag ("#FernlyHome")
        if FALLBACK_BEFORE.search(before):
            score += 2
        if FALLBACK_TRADE.search(name):
            score += 1
        if re.search(r"(?:^|\n)\s?\[[^\]\n]*$", before) and s.startswith("]", b):
            score += 1  # a chat label: "[Hanabi Soap Works]"
        if FALLBACK_NEAR.search(s, max(0, a - 30), min(len(s), b + 30)):
            score += 1
        if len(words) == 1 and re.search(r"(?:^|[.!?。！？\n]\s{0,2})$", s[max(0, a - 3) : a]):
            score -= 2  # a sentence's first word
        if score >= 2 and (best is None or (score, -a) > (best[0], -best[1])):
            best = (score, a, Hit(name, a, b))
    # 【合作内容】…, 【报酬】…, 【修改】… one per line, each with its value after it: a form's field
    # labels, not names (two such lines at least)
    field_labels = len(FIELD_LABEL_LINE.findall(s, 0, FIELD_LABEL_READ)) >= 2
    count = 0
    for m in FALLBACK_ZH.finditer(s):
        count += 1
        if count > 400:
            break
        key_group = next(g for g in ("b", "q", "h", "r") if m.group(g))
        raw, a = m.group(key_group), m.start(key_group)
        if key_group == "q" and QUOTED_NOT_BRAND_BEFORE.search(s, max(0, m.start() - 8), m.start()):
            continue  # "我是户外博主「周末去山里」": her own account, also here (r31)
        if (
            key_group == "b"
            and field_labels
            and FIELD_LABEL_AT.match(s, m.start())
            # the first line's 【】 with text after it is the brand's own tag ("【暖芽】新品招募")
            and s[: m.start()].strip() != ""
        ):
            continue
        name = bare_brand(raw)
        if name == raw and key_group != "r" and len(raw) > 5:
            inner = CATEGORY_WORD_ZH.search(raw, 2, 5)
            if inner is not None:  # "#澜途扫地机器人": the name, then the product
                name = raw[: inner.start()]
        cut = name != raw
        if key_group == "h":
            name = re.sub(r"(?:官方号?|官方账号|旗舰店)$", "", name)
        if (key_group == "r" and not cut) or not (
            2 <= len(name) <= 5
            and name_ok(name)
            and plausible(name)
            and not all_common_zh(name)
            and not CAMPAIGN_TAIL_ZH.search(name)
            and not TITLE_STOP.match(name)
            and not CATEGORY_PREFIX.fullmatch(name)
            and not AGENCY_WORDS.search(name)
            and not generic_name(name)
        ):
            continue
        if person_like(s, name):
            continue  # "@小雨 你不是做 fitness 的吗 … 小雨：哇谢谢": a person in the chat
        if (
            agency is not None
            and agency.value.startswith(name)
            and (
                agency.value != name
                or agency.start != a
                or any(g.group("n") == name for g in GROUP_LABEL_AGENCY.finditer(s))
            )
        ):
            # "[橙子-小柠]" under 【橙子互娱·…群】: a piece of the agency's name, or the group's
            # own label (r31); the agency's name again elsewhere ("机构：蓝鲸传播 …【蓝鲸传播】");
            # only the whole name read as both at this very place, where no group label names
            # it (星河MCN「澄光」精华), is the brand, and no agency (resolve_names)
            continue
        if key_group != "r" and PLATFORM_LEAD_ZH.match(name):
            continue  # 【蒲公英合作】, 【星图任务】: the platform's label on its notice
        score = 2 if key_group != "r" else 1
        if s.count(name) >= 2:
            score += 2
        if FALLBACK_BEFORE.search(s[max(0, m.start() - 4) : m.start()]):
            score += 1
        if score >= 2 and (best is None or (score, -a) > (best[0], -best[1])):
            best = (score, a, Hit(name, a, a + len(name)))
    # a Chinese name at the start of clauses, with no cue before it ("橘野家的，橘野今年刚做洗护
    # … 橘野结款比较快", r33): the longest 2-4 character head that starts two clauses or more; the
    # last resort, or over a weaker guess written once when it starts three clauses
    starts: dict[str, int] = {}  # each 2-4 character head: how many clauses start with it
    runs = list(itertools.islice(REPEATED_RUN_AT.finditer(s), 200))
    for m in runs:
        for size in (2, 3, 4):
            head = m.group("n")[:size]
            if len(head) == size:
                starts[head] = starts.get(head, 0) + 1
    repeated: tuple[int, Hit] | None = None
    for m in runs:
        run, a = m.group("n"), m.start("n")
        name = next((run[:k] for k in (4, 3, 2) if starts.get(run[:k], 0) >= 2), "")
        if (
            name
            and name_ok(name)
            and plausible(name)
            and not all_common_zh(name)
            and not generic_name(name)
            and not GOODS.search(name)
            and not CAMPAIGN_TAIL_ZH.search(name)
            and not TITLE_STOP.match(name)
            and not CATEGORY_PREFIX.fullmatch(name)
            and not AGENCY_WORDS.search(name)
            and not (agency is not None and agency.value.startswith(name))
            and not not_a_company_zh(s, name)
            # four characters of a longer word, the same character after each ("黄皮柠檬茶这款
            # … 黄皮柠檬茶视频": a product's name), not a name
            and not (
                len(name) == 4
                and len({s[r.end("n") : r.end("n") + 1] for r in runs if r.group("n") == name}) == 1
                and is_cjk(s[a + 4 : a + 5] or "a")
            )
            and not person_like(s, name)
        ):
            repeated = (starts[name], Hit(name, a, a + len(name)))
            break
    # her notes of a call: "跟栖禾的小周聊了一下" — the company of the person she talked to (r33)
    talked = TALKED_WITH_OF.search(s, 0, 2000)
    if talked is not None:
        name = talked.group("n")
        if (
            name_ok(name)
            and plausible(name)
            and not all_common_zh(name)
            and not generic_name(name)
            and not AGENCY_WORDS.search(name)
            and not not_a_company_zh(s, name)
            and not person_like(s, name)
            and (best is None or best[0] < 3)
        ):
            best = (3, talked.start("n"), Hit(name, talked.start("n"), talked.end("n")))
    if repeated is not None and (
        best is None or (best[0] < 4 and repeated[0] >= 3 and s.count(best[2].value) < 2)
    ):
        best = (4, repeated[1].start, repeated[1])
    for name, a in glued_names(s):
        if not (
            not GRADE_OR_STYLE_ZH.search(name)  # "三星级酒店", "北欧风家居": a grade or a style
            and name_ok(name)
            and plausible(name)
            and not all_common_zh(name)
            and not CATEGORY_WORD_ZH.search(name)
            and not CAMPAIGN_TAIL_ZH.search(name)
            and not TITLE_STOP.match(name)
            and not CATEGORY_PREFIX.fullmatch(name)
            and not AGENCY_WORDS.search(name)
            and not generic_name(name)
        ):
            continue
        score = 2 + (2 if s.count(name) >= 2 else 0)
        if best is None or (score, -a) > (best[0], -best[1]):
            best = (score, a, Hit(name, a, a + len(name)))
    return best[2] if best is not None else None


PGY_NEGATED = re.compile(
    r"(?:不|没|无需|免|别|非)[^\n，,。；;]{0,6}?(?:蒲公英|报备)|(?:蒲公英|报备)不了|"
    r"\b(?:no|not|without|outside)\s(?:via\s|on\s|through\s)?(?:pgy|pugongying)\b",
    IA,
)
# what the creator sent, named by the brand answering it ("your lovely email", "你的报价",
# "your rate card", "你发来的刊例")
CREATOR_ARTIFACT = re.compile(
    r"\b(?:your|ur)\s(?:\w+\s)?(?:pitch|proposal|deck|media kit|rate card|quote|package|"
    r"application)\b|"
    r"(?:你|您)(?:的|发来的|提的|报的|发过来的)\s?(?:合作)?\s?(?:来信|报价|刊例|方案|提案|"
    r"合作申请|proposal|deck|pitch|quote|rate card|media kit)",
    IA,
)
# …but not the brand asking for it ("could you send your rate card?", "你的报价是多少？")
ASKING = re.compile(
    r"[?？]|多少|发一下|发我|发给我|send (?:me|us|over)|share (?:your|it)|what(?:'s| is| are) your|"
    r"could you|can you|would you|do you have|let me know|发来看看",
    IA,
)
# what a brand answering a creator says ("thank", "收到", "感谢", "beyond", "超出", "可以接受")
ANSWERING = re.compile(
    r"thank|thanks|收到|感谢|谢谢|看了|看到|读了|beyond|above|over our|超出|超预算|有点高|"
    r"a bit (?:high|much|steep)|stretch|可以接受|we can do|we could do|counter",
    IA,
)


def brand_first_turn_end(s: str) -> int:
    """Where the brand's first turn ends in a thread it opened ("品牌：…\n我：…"); the whole
    text otherwise. In a thread the brand opened, only its first turn can answer a pitch: later
    turns answering her quote are a negotiation."""
    first = re.match(r"\s?[^\n:：]{1,24}[:：]", s)
    if first is None or re.match(
        r"\s?(?:me|我|creator|博主|you|subject|主题|from|to)\b", first.group(0), IA
    ):
        return len(s)
    label = first.group(0).strip()[:-1].strip()
    if not label or not re.search(r"\n\s?" + re.escape(label) + r"\s?[:：(（]", s):
        return len(s)  # a label that does not speak again: a form, not a thread
    nxt = re.search(r"\n\s?[^\n:：]{1,24}[:：]", s[first.end() :])
    return first.end() + nxt.start() if nxt else len(s)


WE_SPEAK = re.compile(r"\b(?:we|we're|we'd|we'll|we've|our|us)\b|我们|咱们", IA)
MAIL_SENDER = re.compile(r"(?:^|\n)(?:From|发件人)[:：][ \t]?([^\n]{1,60})")
MAIL_ADDRESS = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def same_party(a: str, b: str) -> bool:
    """Two mail headers' senders are one person: the same address when both write one
    ("hana.wu@gmail.com", "Hana Wu <hana.wu@gmail.com>"), else the same name with spaces and case
    set aside ("Hana Wu <hana.wu@gmail.com>", "Hana Wu")."""
    ma, mb = MAIL_ADDRESS.search(a), MAIL_ADDRESS.search(b)
    if ma is not None and mb is not None:
        return ma.group(0).lower() == mb.group(0).lower()

    def name(x: str) -> str:
        return re.sub(r"\s+", "", MAIL_ADDRESS.sub("", x).replace("<>", "")).lower()

    return bool(name(a)) and name(a) == name(b)


REPLY_SUBJECT = re.compile(r"(?:subject|主题)[:：]\s?(?:re|回复|答复)[:：]", IA)


def answers_her_in_a_reply(s: str) -> bool:
    """A reply's chain ("Subject: Re: …" in the first four lines, over "-----Original
    Message-----") in which the brand thanks the creator for her first mail (SELF_PITCH:
    "thanks for reaching out", 感谢您的来信): her pitch brought the job, no one passed it on. A
    friend's reply over the creator's question ("Re: any brands looking for food creators?")
    thanks her for no pitch: a job passed on."""
    end = -1
    for _ in range(4):
        end = s.find("\n", end + 1, 1200)
        if end < 0:
            end = min(len(s), 1200)
            break
    if REPLY_SUBJECT.search(s, 0, end) is None:
        return False
    thanks = SELF_PITCH.search(s)
    if thanks is None:
        return False
    # the thanks in a mail the brand writes as "we" ("thanks for reaching out! We can do …"),
    # not a friend's ("Thanks for reaching out, Mia! Brightwell Kitchen asked me …")
    a, b = s.rfind("-----", 0, thanks.start()), s.find("-----", thanks.end())
    # her own first mail quoted below the thanks ("-----Original Message----- … Hi Saltmarsh
    # team, I'm Tess"): a thanks in the last mail of the chain is for someone else's pitch ("Hi
    # Lena, thanks for reaching out!" under a friend's "Re: any brands looking for …?")
    if b < 0:
        return False
    # and the mail below is hers when both ends say who sent them: the top's sender
    # (the same person whatever way the address is written: same_party)
    senders = [m.group(1) for m in MAIL_SENDER.finditer(s, 0, min(len(s), 20_000))]
    top_end = s.find("-----")
    top = MAIL_SENDER.search(s, 0, top_end)
    if top is not None and senders:
        lowest = senders[-1]
        # (not its recipient: a friend's or an agency's forward is To: her too - attackfinal)
        if not same_party(lowest, top.group(1)):
            return False
    return WE_SPEAK.search(s, max(a, 0), b) is not None


# a creator introducing herself: "I'm Wen, a hiking & outdoor creator", 我是小红书家居博主 (not a
# brand's "creator partnerships lead", 博主对接人)
CREATOR_INTRO = re.compile(
    r"\b(?:I'm|I am|this is) [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)?, an? (?:[\w&/'’\-]+ ){0,5}?"
    r"(?:content creator|creator|blogger|influencer|vlogger|youtuber)\b"
    # a brand's staff: "an influencer marketing manager at Glowtide", "a creator success lead",
    # "creator relations specialist" (attack review r27)
    r"(?! (?:partnerships?|manager|marketing|relations?|success|lead|specialist|coordinator|team|"
    r"program|outreach|community|strategist|management|agency|acquisition)\b)"
    r"(?![^\n.!?]{0,30}\b(?:at|with|from) [A-Z])|"
    # …and 我是青岚护肤的博主关系经理, 我是禾木集对接达人的小林, 我是…的达人招募负责人
    r"我是(?![^\n，,。！!]{0,12}?(?:对接|负责|招募|运营|管理))[^\n，,。！!]{0,12}?"
    r"(?:博主|达人|创作者|up主|UP主)"
    r"(?!对接|运营|经纪|商务|合作|管理|关系|经理|招募|团队|负责|主管|专员|营销|投放|孵化|BD|部|组)"
)
MAIL_TOP = re.compile(r"\A\s?(?:from|发件人)[ \t]?[:：]", re.I)
MAIL_NEXT = re.compile(r"\n[ \t]?(?:-{3,}|—{2,}|(?:from|发件人)[ \t]?[:：])", re.I)


def creator_first_mail(s: str) -> re.Match[str] | None:
    """A thread of mails whose first, top one is the creator's pitch ("From: Wen Liu … I'm Wen,
    a hiking & outdoor creator … My rate is $400"): her introduction in it (r27)."""
    if not MAIL_TOP.match(s):
        return None
    nxt = MAIL_NEXT.search(s, 1)
    return CREATOR_INTRO.search(s, 0, nxt.start() if nxt else min(len(s), 2000))


def answers_creator(s: str) -> bool:
    """The brand answers what the creator sent first: a sentence naming her email, pitch,
    rate card or quote, thanking for it or answering it, and not asking for it."""
    for m in CREATOR_ARTIFACT.finditer(s, 0, min(240, brand_first_turn_end(s))):
        a, b = sentence_bounds(s, m.start())
        if ASKING.search(s, a, b):
            continue
        if ANSWERING.search(s, max(a, m.start() - 40), min(b, m.end() + 40)):
            return True
    return False


# a form of "label: value" lines under a tag, no one speaking in it: a platform's notice
# (the colon of a time in a chat label, "[禾木香氛 10:01]", is not a label's)
FORM_LINE = re.compile(r"(?:^|\n)\s?[^\n:：]{1,12}(?<!\d)[:：](?!\d{2})\s?\S", re.M)
SPEAKING = re.compile(
    r"我们|我是|我这边|咱们|\bwe\b|\bwe'|\bI'm\b|\bI am\b|\bour\b|宝子|姐妹|亲爱的|"
    r"通告|群|招募|报备|蒲公英|MCN|机构|传媒|agency|talent|\bDM\b|私信",
    IA,
)


def form_notice(s: str) -> bool:
    head = HEADER_TAG.match(s)
    if head is None:
        return False
    name = head.group("a") or head.group("b") or head.group("c") or ""
    if GENERIC_TAG.search(name):
        return False  # "【品牌合作】": what the message is about, not whose notice it is
    return len(FORM_LINE.findall(s)) >= 3 and not SPEAKING.search(s)


GENERIC_TAG = re.compile(
    r"品牌|合作|邀约|邀请|通告|招募|推广|新品|急|新单|福利|商单|brief|collab|campaign|brand|offer|"
    r"subject|re\b|fw\b|fwd\b",
    IA,
)


THIRD_PARTY = re.compile(
    r"我(?:的)?(?:大学|高中|以前的|前)?(?:同学|朋友|同事|闺蜜|表姐|表妹|姐姐|妹妹|老板)|"
    r"\bmy (?:\w+ )?(?:friend|colleague|classmate|cousin|sister|brother|ex-colleague|old boss)\b",
    IA,
)
# the one writing passes a job on: asks for the brand, offers to bring her in
RELAY = re.compile(
    r"问你(?:接不接|要不要|感不感兴趣|有没有兴趣)|(?:把你)?拉(?:个|你进|进)?群|推给你|帮你问|"
    r"问了[^\n，,。]{1,12}?的?对接人|asked (?:me )?(?:to find|if I know)|"
    r"want (?:me to )?intro(?:duce)? you|want an intro",
    IA,
)
THOUGHT_OF_YOU = re.compile(
    r"(?:第一个|马上|立刻|一下子)?(?:就)?想到(?:了)?(?:你|您)|thought of you|you came to mind|"
    r"said you|recommended you",
    IA,
)
# the writer could not take a job and passes it to "you", or was asked for creators and gave
# your name (r30): "这个我接不了…转给你哈", "有个单子我接不了 推给你", "我家…接不动了 谁要",
# "they asked me for creator recs and I gave them your name", "passing you one" — read from the
# writer's first lines, also where 蒲公英 is named (the brand will book you there) or the brand's
# words follow
PASSED_TO_YOU = re.compile(
    # (r31: "我这个月排满了，就推了你", "我最近忙不过来 把你推过去了")
    r"我[^\n，,。！!？?]{0,10}(?:接不了|接不动|接不过来|接不下|档期满了?|没档期|排满了?|"
    r"忙不过来)[^\n]{0,40}?"
    r"(?:转给(?:你|您)|推给(?:你|您)|推了(?:你|您)|把(?:你|您)推(?:了|过去|给)|推荐了(?:你|您)|"
    r"谁要|谁接)|"
    # "passing you one, I'm drowning this month", "sending this one your way" (r31)
    r"\bpassing (?:you|u) (?:one|this(?: one)?|a (?:gig|job|collab|brand deal|deal))\b|"
    r"\bsending (?:this(?: one)?|one|a (?:gig|job|collab)) your way\b|"
    r"\basked me for (?:some |a few |any )?(?:creator |influencer |UGC )?"
    r"(?:recs|recommendations)\b|"
    r"\bI (?:gave|passed|sent) (?:them|her|him) your (?:name|handle|contact|info|IG)\b|"
    r"\bI passed (?:along|on) your (?:name|handle|contact|info|IG)\b",
    IA,
)
PASSED_TO_YOU_REACH = 240
# the brand itself sending its goods: "We're sending this one your way", "Sending this one your
# way: our new SPF" — no one passes a job on (attack review r31)
WE_BEFORE = re.compile(r"\b(?:we|we're|we'll|we are|we will)[ \t]?\Z", re.I)
OUR_AFTER = re.compile(r"\bour\b", re.I)
# the brand's own people asked its marketer: "Our agency asked me for creator recs", "our founder
# asked me for creator recommendations" — no one outside the brand passed the job on (attack
# review r30)
OUR_ASKER = re.compile(r"\bour(?:[ \t][\w\-]+){1,2}[ \t]$", IA)
OFF_PLATFORM = re.compile(r"私下|不走平台|平台外|绕过平台|off[- ]platform|outside the platform", IA)
# a brand speaking in the first person of its own product, shop or offer
BRAND_VOICE = re.compile(
    r"我们家|我们(?:的)?(?:新品|产品|品牌|小店|店里|工作室)|我们是|官方|小助手|"
    r"(?:^|\n)\s?(?:——|--|—)\s?\S|"
    r"\bwe(?:'re| are)? (?:make|makes|made|sell|run|brew|roast|design|launching|launch)\b|"
    r"\bour (?:new )?(?:product|collection|brand|launch|shop|store|program)|"
    r"here(?:'s| is) (?:the|our) offer|\bwe(?:'d| would) love to (?:send|gift|invite|work|have)",
    IA,
)
# a third-party creator platform's own notification (not 蒲公英): "Creatorloop · New
# collaboration request", "【星推通】新的合作邀请", "… from your dashboard"
PLATFORM_NOTICE = re.compile(
    # (not a chat group's label, "【橙子娱乐·美妆3群】", r32)
    r"\A\s?(?:【[^】\n]{2,12}(?<!群)】|\[[^\]\n]{2,20}\]|[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)?\s?[·|:：–—-]|"
    r"[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2}[ \t]*\n|"
    r"[\u4e00-\u9fff\w]{2,8}\s?[·|｜])\s?"
    r"[^\n]{0,12}"
    r"(?:new (?:collab\w{0,12}|offer|request|campaign|brief|job|task|order|gig|opportunity)|"
    r"you(?:'ve| have) (?:a )?new|you(?:'ve| have) been (?:matched|selected|invited)|"
    r"新的?(?:合作|订单|邀请|通告|任务|商单)|合作(?:邀请|订单)\b|"
    r"(?:任务|订单|合作)(?:提醒|匹配|通知)|订单已?(?:生成|创建|确认)|"
    r"order\s?#|(?:messages?|chat) with\b|与[「『]?[^\n」』]{1,16}[」』]?的对话)|"
    # a marketplace's booking or its notification: "Order confirmed on Brandlink",
    # "[Notification from CreatorHub marketplace]"
    r"\A\s?(?:new\s)?(?:order|booking)\s(?:confirmed|request|received|placed)\b|"
    # "抖音星图任务通知": a marketplace named in the notice's first words
    r"\A\s?[^\n]{0,8}?(?:星图|花火|巨量|xingtu)[^\n]{0,4}?(?:任务|订单|商单)(?:通知|提醒|邀请)|"
    # "New offer on Collabstr 🎉": a marketplace's notice names itself in its first line
    r"\A\s?new (?:offer|order|booking|request|collab(?:oration)?|campaign) (?:on|from|via) [A-Z]|"
    r"\A\s?\[(?:notification|message|update|alert)s?\s(?:from|via)\s[^\]\n]{1,40}\]|"
    # a tag naming a task or an order: "【KOC集市 · 品牌任务】"
    r"\A\s?[【\[][^】\]\n]{0,12}(?:任务|task|order|gig)[^】\]\n]{0,8}[】\]]|"
    # the platform's own buttons and task form: "[Accept] [Decline]", "点击【接单】", "任务佣金"
    r"\[(?:accept|decline|counter)\]|点击\s?[「【\[]?(?:立即)?接单|任务(?:佣金|报酬|名称|类型)\s?[:：]|"
    r"(?:from|in|on) (?:your|the) (?:dashboard|app)\b|"
    # a marketplace's mail telling her a brand booked her (r32): "From: CollabNest
    # <no-reply@collabnest.co>", "You've been hired by Glintra!", "… has accepted your proposal",
    # "Funds are held in escrow"
    r"\A\s?(?:from|发件人)[ \t]?[:：][^\n<]{1,40}<no-?reply@|"
    # (not a hire gone by: "our founder hired you last year for a shoot", attack review r32)
    r"you(?:'ve| have) been hired\b|"
    r"\bhired you\b(?![^\n.!?]{0,30}?\b(?:last|ago|before|previously|back in|once)\b)|"
    r"has accepted your (?:proposal|bid|pitch)\b|"
    r"\bheld in escrow\b",
    IA,
)
# a shop's affiliate invitation sent through its marketplace (r28): "TikTok Shop · Target
# Collaboration", "Tidyhaus has invited you to a target collaboration" (its commission on sales
# is no platform fee: a source rule only)
SHOP_INVITE = re.compile(
    # (a notice's heading: the shop's name then a mark, not "抖音电商达人你好！我是…" or "TikTok
    # Shop creators wanted! Hi, I'm Jess from Glowbar" in a brand's DM)
    r"\A\s?[【\[]?(?:tiktok shop|抖音电商|抖店|精选联盟|shopee|lazada)(?![a-z])"
    r"[ \t]?(?:[·•|｜:：】\]\-—–]|\n)|"
    # (not "Brightloop has invited you to a collab via our agency": a target or affiliate one)
    r"\bhas invited you to (?:(?:a |an |their )?(?:target(?:ed)? |affiliate )"
    r"(?:collab(?:oration)?|promote)\b|promote\b)",
    IA,
)
# the platform named in the notice's first line charging its fee further on: "Brandlink ·
# Messages with …" … "Brandlink's 12% platform fee", "接单宝 · …" … "接单宝将收取5%服务费"
HEADER_TAG = re.compile(
    r"\A\s?(?:【(?P<a>[^】\n·|]{2,12})|\[(?P<b>[^\]\n]{2,20})\]|"
    r"(?P<c>[\w\u4e00-\u9fff][\w&.\- ]{0,20}?)\s?[·|｜])"
)


def platform_in_header(s: str) -> bool:
    m = HEADER_TAG.match(s)
    if m is None:
        return False
    name = (m.group("a") or m.group("b") or m.group("c") or "").strip()
    if len(name) < 2 or AGENCY_WORDS.search(name):
        return False  # (an agency's chat label, "[麦浪传媒-阿May] … 我们收10%服务费": its cut, r32)
    return (
        re.search(
            re.escape(name)
            + r"(?:'s)?[^\n.。]{0,24}?(?:\d{1,2}(?:\.\d{1,2})?\s?%|charges?|收取|抽取|抽成)",
            s[m.end() :],
            IA,
        )
        is not None
    )


# the creator wrote first: her line opens the chat ("[我 3/30 22:41] 素叶你好～…想问问有没有合作
# 机会", "我：…") or the brand thanks her for offering herself (收到你的自荐)
CREATOR_OPENS = re.compile(
    rf"\A\s?(?:(?:我|me)\s?[:：]|[\[【](?:我|me)(?:{BRACKET_WHEN}|[\]】]))|"
    r"(?:你|您)的自荐|自荐(?:信|邮件|私信)",
    IA,
)


# the message's first line names a channel that is neither a DM nor a platform: a LinkedIn
# message, a comment thread, the creator's own notes of a call or of a fair
OTHER_CHANNEL = re.compile(
    r"\A\s?(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?\s?)?[^\n]{0,16}?"
    r"(?:linkedin|评论区|comment (?:section|thread)|(?:call|meeting|phone) notes|会议纪要|"
    # "6/3 call w/ 青禾（有机米）— Lisa": her note of a call with a company (r28)
    # (a heading: a date at most before it, not "Hi! Free for a call with Dana (our founder)")
    # (or after the emoji heading it: "☎️ call w/ Fernleaf 蕨叶 (tea)", r32)
    # (FE0F is read as a space)
    r"(?:(?<![^\n])|(?<=[\U0001F000-\U0001FAFF\u2600-\u27BF] )|"
    r"(?<=[\U0001F000-\U0001FAFF\u2600-\u27BF]  ))"
    r"(?:[\d/.\-]{3,10}[ \t]?)?(?:call|meeting|zoom) (?:w/|with)[ \t]?(?!you\b|u\b|us\b)"
    r"(?=[A-Z\u4e00-\u9fff])"
    # (not a question, nor a person in brackets: "🎉 call w/ Mia (our founder) tomorrow?",
    # attack review r32)
    r"(?![^\n]{0,80}?[?？]|[^\n(（]{1,40}[(（][ \t]?(?:our|my|her|his|their|我们|我的|你的))|"
    r"通话记录|电话记录|(?:展会|市集|集市|活动|饭局|沙龙|meetup)上?(?:聊|认识|碰到|加)|"
    r"notes? from (?:the |a |our )?(?:call|fair|expo|meetup)|"
    # the creator's own record, a signed agreement's summary, a system mail approving her
    # application: "（自己记的，跟…电话沟通）", "合作确认书（已签署版本摘要）", "COLLABORATION
    # CONFIRMATION (summary of signed agreement)", "你的申请已通过", "application has been approved"
    r"(?:自己|我)记(?:的|一下|下)|(?:电话|语音|视频通话)(?:沟通|聊)|"
    # (a brand's own 【合作确认单】 form is its message: brand_dm)
    r"合作确认(?:书|函|单)[^\n]{0,12}?(?:摘要|已签)|(?:合同|协议)(?:摘要|要点)|"
    r"collaboration confirmation[^\n]{0,12}?(?:summary|signed)|collaboration summary|"
    r"(?:contract|agreement) summary|申请已(?:通过|审核通过)|"
    # her notes headed by the fair's name (r27): "Notes — Beauty Expo Shanghai, day 2",
    # "展会笔记｜上海美博会"
    # (the fair named in Title Case after the dash, "expo notes" closing the heading, the fair
    # word right before 笔记: not "Notes: please show …", "Expo notes request", 市集探店笔记;
    # attack review r27)
    r"\bnotes?[ \t]?[—–\-:|][ \t]?(?-i:(?:(?:[A-Z0-9][\w'’\-]*|&)[ \t]){1,6}"
    # (a market's or a bazaar's stall too, r31: "Notes: Harbour Makers Bazaar, Sun, stall 22")
    r"(?:Expo|Fair|Trade Show|Show|Summit|Conference|Meetup|Market|Bazaar|Pop-?[Uu]p))\b|"
    r"\b(?:expo|fair|trade show|conference|summit) notes?(?=[ \t]*(?:[—–\-:|,(（]|$))|"
    r"(?:展会|美博会|博览会|市集|集市|峰会|沙龙)(?:现场)?(?:笔记|记录|纪要)"
    r"(?=[ \t]*(?:[｜|\-—–:：]|$))|"
    r"application (?:has been |was |is )?(?:approved|accepted))",
    IA,
)
# words of someone speaking to her, never in her own notes' heading (attack review r31)
HEADING_SPEAKER = r"我们|我是|老师|您|你好|哈喽|(?i:hi|hello|hey)\b"
# her memo of a call or of a fair, its first line a heading that ends with 备忘 or 记录 (r31):
# "📞 11.16 下午 和「苇岸香氛」市场部 Vivian 电话 备忘", "📝 9.21 成都糖酒会 3号馆 备忘" (not a
# brand's own "【合作备忘】我们是…", which names neither)
NOTES_HEADING = re.compile(
    # (no one greeted or speaking in the heading: "Hi 老师～ 我们是山栀香氛，这是我们上次电话 沟通
    # 记录" is the brand's; a call named in English: "和 Lumen 的 call 备忘"; attack review r31)
    r"\A\s?(?:[\U0001F000-\U0001FAFF\u2600-\u27BF]\ufe0f?\s?)?"
    rf"(?:(?!{HEADING_SPEAKER})[^\n]){{0,50}}?"
    r"(?:电话|语音|通话|视频会|会议|见面|面谈|展会|展位|[\u4e00-\u9fff]展|市集|集市|博览会|"
    r"[\u4e00-\u9fff]{2}[会节][ \t]|沙龙|[Ff]air|[Ee]xpo|\b(?:[Cc]all|[Zz]oom|[Mm]eeting)\b)"
    rf"(?:(?!{HEADING_SPEAKER})[^\n]){{0,24}}?(?:备忘|记录|纪要|小记|速记)(?:录)?[ \t]*"
    # (an emoji may close it: "5/7 上海户外展 速记✍️", r32)
    r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF][ \t]*)?"
    # (nor the brand greeting her on the line after its recap's heading: "📞 11.16 电话 备忘\n
    # 老师好～我是山栀香氛的 Vivian"; attack review r31)
    rf"(?:\n(?![^\n]{{0,40}}?(?:{HEADING_SPEAKER}))|\Z)"
)
# a job passed on: the first words hand it over ("转发一个通告给你", "Passing this along",
# a note above a forwarded email), or the chat's speaker is a relative or a friend
PASSED_ON = re.compile(
    r"\A[^\n]{0,20}?转(?:发)?(?:一个|个|一单|一份)[^\n，,。!！]{0,8}?给(?:你|您)|"
    r"\A[^\n]{0,80}?\b(?:passing|forwarding) (?:this|it) (?:on|along|over)?\b|"
    r"\A\s?\S[^\n]{0,300}\n[\s\S]{0,300}?\n\s?-{3,}\s?(?:Forwarded message|转发的邮件|"
    r"Original message)|"
    r"\A\s?[\[【](?:我的?)?(?:大学|高中)?(?:同学|朋友|同事|闺蜜|表姐|表妹|表哥|表弟|室友|学姐|"
    r"学妹|学长|前同事|friend|cousin|classmate)",
    IA,
)


SOURCE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "co_code",
        re.compile(
            # TikTok's 合作码: "send us the Spark code", "Spark Ads authorization code" (r27)
            r"合作码|co-?creation code|collab code|"
            # her own code and a commission on what it sells (r32): "Your personal code SAMPLANS
            # … you earn 20% commission", 专属优惠码 … 每单你拿12%佣金
            # (the commission hers, not the agency's: "Your discount code LUMI15 gives followers
            # 15% off. Our agency takes 20% commission", attack review r32)
            r"\byour (?:own |personal |unique |exclusive )?(?:discount |promo |affiliate )?code\b"
            r"[^\n]{0,120}?\byou(?:'ll| will)?[ \t](?:get|earn|receive|make|keep)\b[^\n]{0,30}?"
            r"\bcommission|"
            r"专属(?:优惠|折扣|推广|带货)?码[^\n]{0,60}?(?:你拿|归你|给你|你赚|你得)[^\n]{0,10}?佣金|"
            r"\bspark (?:ads? )?(?:authori[sz]ation |auth )?codes?\b|\bspark ads?[ \t]?授权码",
            IA,
        ),
    ),
    # her own memo of a call or a fair, whatever platform it names (r32: "5/7 上海户外展 速记
    # … 她说正常合作都是走蒲公英下单")
    ("other", NOTES_HEADING),
    (
        "pgy_recruit",
        re.compile(
            r"蒲公英[^邀]{0,12}招募|招募.{0,12}蒲公英|^(?=[\s\S]*蒲公英)(?![\s\S]*邀约)[\s\S]*招募|"
            r"(?:pgy|pugongying).{0,20}recruit|"
            # an open call through 蒲公英: "Open casting via Pugongying", "蒲公英…招10位"
            r"(?:casting|open call|looking for \d+)[^\n]{0,30}(?:pgy|pugongying|蒲公英)|"
            r"(?:pgy|pugongying|蒲公英)[^\n]{0,30}(?:casting|open call|looking for \d+|招\d+位)",
            IA,
        ),
    ),
    ("pgy_invite", re.compile(r"蒲公英|pugongying|\bpgy\b", IA)),
    ("other", PLATFORM_NOTICE),
    ("other", SHOP_INVITE),
    ("other", OTHER_CHANNEL),
    # her own mail or message to the brand, copied into her notes (r32):
    # "9/1 我发给芽见的自荐邮件：", "5/3 我写给眠舍的合作邮件："
    ("self_pitch", HER_OWN_MAIL),
    # the one writing passes a job on before anything else: "转个通告给你", a chat with "[同学小乔]"
    ("referral", PASSED_ON),
    ("other", SMS_OPT_OUT),  # a text message from a shop's or a mall's marketing
    # a message tagged as from Weibo: "【微博私信】", "（微博评论区回复 @…）"
    ("other", re.compile(r"\A\s?[【\[（(]\s?(?:微博|weibo)[^】\]）)\n]{0,24}[】\]）)]", IA)),
    # a co-creation invitation: "【共创邀请】… 共创计划 … 共创官", "the X co-creation program"
    (
        "co_code",
        re.compile(
            r"共创(?:邀请|官|码)|共创计划(?![^\n]{0,8}(?:入选|通知))|"
            r"co-?creat(?:ion|or) (?:program|programme|plan|code)|cooperation code",
            IA,
        ),
    ),
    (
        "agency_group",
        re.compile(
            r"通告|群消息|群里|群主|本群|agency group|creator jobs|job board|creator board|@所有人|"
            r"@all\b|接龙|"
            r"报名格式",
            IA,
        ),
    ),
    ("pgy_recruit", re.compile(r"招募|recruit", IA)),
    ("pgy_invite", re.compile(r"报备", IA)),
    (
        "referral",
        re.compile(
            # (not her own praise of the product, 真心推荐, 强烈推荐 (r30))
            r"(?<!真心)(?<!强烈)(?<!墙裂)(?<!超级)(?<!非常)(?<!诚心)推荐(?!一下)|"
            r"(?:朋友|经|通过|是)[^\n，,。]{0,10}介绍|介绍(?:我|了你|你给|给我|给你)(?!们)|"
            r"推过去|把你推|推给|recommended you|referred|referral|"
            r"(?:gave|passed|sent|shared)\s(?:me|us)?\s?your\s(?:handle|name|contact|details|info|"
            r"account|profile|page)|gave me your|passed me your|"
            # someone asked the writer to find a creator and the writer thought of "you"
            r"(?:问|托|让|请)我[^\n。!！?？]{0,8}(?:有没有|认不认识|认识|帮忙找|帮她找|帮他找|找个?|推荐)|"
            r"asked (?:me|if I|whether I)\b[^\n.!?]{0,20}\b(?:knew|know|could recommend)|"
            r"(?:intro|introduce|connect) you (?:two|both)|\bintro you\b|"
            r"pass (?:this|it) (?:on|along) to you|"
            # a job offered to the writer, passed on (r28): "X reached out looking for a travel
            # creator, and I immediately thought of you", "我这有个家纺的单子…你接不接呀"
            # (a company or someone who reached out, not "so many creators reached out")
            r"(?:\b(?-i:[A-Z][\w&'\-]+)|\bthey|\ba (?:brand|client|company))"
            r"(?:\s(?-i:[A-Z][\w&'\-]+))?(?:[ \t]?\([^()\n]{0,60}\))?"
            r"\s(?:just\s|recently\s)?reached out\b"
            r"[^\n.!?]{0,60}?\bI (?:immediately |instantly |right away )?"
            r"thought of you\b|"
            r"我(?:这|这边|这里|手上|手里)有(?:个|一个)[^\n。!！?？]{0,12}?(?:单子?|活儿?|通告|合作)"
            # (with why she cannot take it: an agent offers jobs in the same words)
            r"[^\n。!！?？]{0,16}?(?:(?<![你您方户])(?<!你的)(?<!您的)(?<!他们)(?<!她们)档期|没空|没时间|顾不上|太忙|"
            r"忙不过来|在外地|去外地|出差|接不了|接不过来|撞了|排不开)"
            r"[^\n。!！?？]{0,16}?(?:你接不接|你要不要接|你接吗|你要接吗|你想接吗)|"
            r"(?:她|他|朋友|同事)[^\n。!！?？]{0,16}转(?:发)?给(?:你|您)|"
            r"\byour (?:friend|colleague|manager|agent)\s(?:[A-Z]\w+\s)?"
            r"(?:said|mentioned|suggested|told us|recommended|thought)\b|"
            r"(?:推荐|介绍|让)我(?:来)?找(?:你|您)|朋友的品牌|"
            r"帮(?:忙|朋友|她|他)问(?:一下|问)?(?:你|您)|"
            # "帮我 friend 的品牌问问你", "同事的朋友在做猫砂", "I told her about you"
            r"帮我?[^\n，,。!！?？]{1,12}?的品牌问(?:一下|问)?(?:你|您)|"
            r"(?:同事|闺蜜|室友|朋友)的(?:朋友|同事|闺蜜)|"
            r"\btold (?:her|him|them) about you\b|"
            # a creator passing on a job she cannot take: "这单转给你吧", "档期排不过来…转给你"
            r"(?:单子?|活儿?|档期)[^\n。!！?？]{0,16}转给(?:你|您)|接不(?:了|过来)[^\n。!！?？]{0,8}转给(?:你|您)|"
            r"\bmy (?:old |best )?(?:roommate|friend|colleague|cousin|sister|brother)\s"
            r"(?:works|is working) (?:at|for)\b|"
            # a brief passed on as the brand wrote it: "转你一个合作…（下面是品牌那边发给我的）",
            # "Forwarding you a brief a brand sent me"
            r"转(?:给)?(?:你|您)(?:一个|个|一单|一份)|"
            r"(?:品牌|甲方|客户|商家)(?:方|那边|那儿)?(?:发|给)(?:给)?我的(?:原话|消息|信息|需求|brief)?|"
            # (not "推你过去？": brands and agencies write it of themselves as often as friends
            # do, "我们是星野传媒…推您过去？" - attackfinal; no rule told them apart)
            # "forward 个 job 给你", "forward 個 job 俾你" (r32)
            r"\bforward[ \t]?(?:一个|个)[ \t]?(?:job|brief|gig|单子?|通告|合作)[ \t]?"
            r"(?:给|俾|畀)(?:你|您)|"
            r"\bforward(?:ing|ed)? (?:you|this|it)\b[^\n.!?]{0,30}?"
            r"\b(?:brief|offer|job|collab|gig)|"
            r"\b(?:a|the) brand (?:sent|gave) me\b",
            IA,
        ),
    ),
    (
        "self_pitch",
        re.compile(
            # the creator wrote first: a thread that opens with her line, or the brand answering
            r"\A\s?(?:(?:我|me|creator|博主)\s?[:：]|from:\s?me\b)|"
            # a chat whose first line is hers: "[我 12-06 21:10] …", "[Me 09:12] …"
            rf"\A\s?[\[【](?:我|me)(?:{BRACKET_WHEN}|[\]】])|"
            # …written to the brand with an arrow, "[我 → 禾木集官方 6月18日]", or under a line
            # naming the channel, "（小红书私信）\n我：你好～我是…" (r27)
            # (the arrow's addressee speaks later, not a friend she passed it to; the channel
            # line names a channel and her line does not answer theirs: attack review r27)
            # (the label may name the channel and the time too: "[我 → 禾满面包 小红书私信
            # 05/12 09:30]", r29)
            r"\A\s?[\[【](?:我|me)[ \t]?(?:→|->|➡️?|=>)[ \t]?(?P<to>[^\]】\n\s]{1,20})"
            r"[^\]】\n]{0,12}[\]】](?=[\s\S]*\n\s?[\[【]?(?P=to))|"
            # (a long label, channel and time, is hers only when her first line does not answer
            # theirs and the addressee does not pass a brand on: "我：收到你们的私信啦", "小林：这个
            # 品牌找你", attack review r29)
            r"\A\s?[\[【](?:我|me)[ \t]?(?:→|->|➡️?|=>)[ \t]?(?P<to2>[^\]】\n\s]{1,20})"
            r"[^\]】\n]{13,32}[\]】](?=[\s\S]*\n\s?[\[【]?(?P=to2))"
            r"(?![ \t]*\n\s?(?:我|me)[ \t]?[:：][^\n]{0,80}?(?:收到|看到|谢谢|感谢|多谢|好的|好滴|"
            r"回复|上次|你们的(?:私信|消息)|\bthanks?\b|\bthank you\b|reaching out))"
            r"(?![\s\S]*\n\s?[\[【]?(?P=to2)[^\n]{0,6}[:：\]】][^\n]{0,40}?(?:找你|推荐|介绍|帮你|转给你|"
            r"\bintro|\brefer))|"
            r"\A\s?[（(【\[](?=[^\n）)】\]]{0,12}(?:私信|\bDMs?\b|小红书|抖音|微信|微博|快手|视频号|"
            r"instagram|tiktok|邮件|email|评论))(?![^\n）)】\]]{0,16}(?<!我)先)[^\n）)】\]]{1,24}[）)】\]]"
            # (her label may hold the day: "[DM thread, Instagram]\nMe (Nov 12): …", r32)
            r"[ \t]*\n\s?(?:我|me)(?:[ \t]?[(（][^)）\n]{1,16}[)）])?[ \t]?[:：]"
            r"(?![^\n]{0,80}?(?:(?:收到|看到)(?:您|你)(?:们)?的|谢谢|感谢|多谢|好的|好滴|好嘞|可以的|收到|"
            r"没问题|\bthanks?\b|\bthank you\b|reaching out|sounds good|\bsure\b|\bok(?:ay)?\b))|"
            # the brand answers the creator's own message
            r"following up on your (?:email|message|note|dm|pitch|proposal)|"
            r"(?:你|您)(?:上周|之前|昨天|前几天|前两天|刚才)?(?:发来|发过来|寄来)的\s?(?:合作)?\s?"
            r"(?:邮件|私信|消息|报价|方案|刊例|proposal|deck|media kit|资料|作品集)|"
            r"(?:之前|上次|前几天|前段时间)(?:有)?(?:私信|联系|留言|发邮件给|发消息给|找)(?:过)?(?:你们|贵司|您们)|"
            r"thanks? (?:you )?(?:so much |very much |a lot )?for (?:the|your) (?:\w+ ){0,2}"
            r"(?:pitch|proposal)\b|\bthe [$¥€£]?\d[\d,.]{0,8}k? (?:you|you've) quoted\b|"
            r"thanks? (?:you )?(?:so much )?for (?:getting in touch|contacting us|writing to us|"
            r"your (?:note|dm|proposal))|"
            r"自荐|(?:your|你的|您的)\s?pitch|thanks? (?:you )?(?:so much |very much |a lot )?for "
            r"(?:reaching out|your (?:\w+ )?"
            r"(?:email|message|pitch|interest|proposal|media kit|deck))|"
            r"感谢(?:您|你)的?(?:联系|主动|来信|私信)|(?:你|您)主动联系|pitch deck|pitching us|"
            # the brand answers what the creator sent: "收到你的合作 proposal", "你报的4000",
            # "your rate of $600", "你的 quote"
            r"收到(?:你|您)(?:发来)?的\s?(?:合作)?\s?"
            r"(?:报价|提案|方案|proposal|deck|pitch|邮件|media kit)|"
            r"(?:看到|看了|收到|读了)(?:你|您)(?:发来|发过来|寄来)的|(?:你|您)(?:报的|提的|提到的|报价\s?\d)|"
            r"来信收到|收到(?:你|您)的来信|"
            r"your (?:full |usual |standard )?rate of\b|"
            r"(?:你|您)的\s?(?:quote|报价|rate)\s?[¥$€£\d]",
            IA,
        ),
    ),
    (
        "agency_group",
        re.compile(
            r"通告|群消息|群里|agency group|creator jobs|job board|代理公司|经纪公司|MCN|"
            r"我们是(?:一家)?(?:代理|机构|经纪|传媒)",
            IA,
        ),
    ),
    (
        "brand_dm",
        re.compile(
            r"私信|\bDM\b|邮件|email|instagram|品牌方|(?:^|\n)\s?(?:品牌|brand)\s?[:：]", IA
        ),
    ),
]
# her first line answers the brand's message: 收到您的私信, "Got your DM", "thanks for your message"
# (not 看到你们的评论: she writes that when she pitches after reading the brand's post)
DM_ACK = re.compile(
    r"\A[^\n]{0,80}?(?:收到(?:您|你)(?:们)?的(?:私信|消息|邀请)|看到(?:您|你)(?:们)?的私信|"
    r"是想(?:找我)?合作吗|具体是(?:什么|啥)合作|\b(?:saw|seen) your dms?\b|"
    r"\b(?:got|received) your (?:dm|message|note|invite)\b|"
    r"\bthanks? (?:you )?for (?:your|the) (?:dm|message)\b|"
    r"\bwhat did you have in mind)",
    IA,
)
# the brand answering the creator's own first message ("thanks for reaching out", 感谢您的来信)
SELF_PITCH = next(
    rx for code, rx in SOURCE_RULES if code == "self_pitch" and rx is not HER_OWN_MAIL
)


# the pieces of a package counted together in 篇: "每人3篇（图文2篇+视频1篇）", "共3篇："
PIECES_TOTAL = re.compile(
    r"(?:每人|每位|共|一共|总共|合计|共计)[ \t]?(?P<n>\d{1,2}|[一二两三四五六七八九十])[ \t]?篇"
    r"[ \t]?[（(:：]"
)


# "¥1200 共 2 条", "¥600，共 3 篇", "¥1200/条，共两条": the count of pieces right after a price
# per piece
PIECES_AFTER_PRICE = re.compile(
    r"(?<=[\d条篇支个期])[ \t]?[,，]?[ \t]?(?:共|一共|总共|合计|共计)[ \t]?"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十])[ \t]?(?:条|篇|支|个|期)"
)


ADDED_NOT_SUMMED = re.compile(
    r"[/每]\s?月|按月|月付|per month|/\s?mo(?:nth)?\b|a month|"
    r"由(?:我们|品牌方?|我方)|承担|包邮|报销|we (?:cover|pay)|on us|"
    # 我们出 ending its clause ("运费 ¥30 我们出"), not 我们出镜 / 品牌出新品 / 我们出一版脚本
    r"(?:我们|我方|品牌方?)出(?=[，,。！!；;）)\s]|$)",
    IA,
)


def pieces_counted(s: str) -> int | None:
    """The one count of all the pieces of a package in 篇, when the message writes it."""
    found = {small_int(m.group("n")) for m in PIECES_TOTAL.finditer(s, 0, 4000)}
    return found.pop() if len(found) == 1 else None


# --- the parse ---------------------------------------------------------------------------------
def parse_brief(text: str, today: date, known_brands: Sequence[str] = ()) -> dict[str, Any]:
    """The terms of an offer read from `text`, with spans into `text` and conflicts.

    `known_brands`: names of the creator's own brands (her ledger); one named in the text is
    the strongest sign of the brand."""
    t = normalise(text)
    s = t.norm
    found = Found()
    conflicts: set[str] = set()

    # deliverables
    mentions = existing_posts_out(s, find_deliverables(s))
    deliverables, dspans, dconflict = resolve_deliverables(s, mentions)
    if dconflict:
        conflicts.add("deliverables")

    # money
    fees, values = find_money(s, mentions)
    fees = not_the_deal(s, earlier_deals(s, above_quoted(s, drop_asides(s, fees))))
    fee: Decimal | None = None
    floor: bool | None = None
    currency: str | None = None
    if fees:
        units = sum(d["quantity"] for d in deliverables) if deliverables else 0
        said = fees  # as written: two different figures are a conflict to flag
        fees = revised_in_role(fees, units)
        last = fees[-1]
        count_of = {d["kind"]: d["quantity"] for d in deliverables}
        after_total = fees
        for i, f in enumerate(fees):
            if f.total:
                after_total = fees[i + 1 :]
        items = [f for f in after_total if f.kind is not None]
        itemised = (
            len(items) >= 2
            and len(items) == len(after_total)
            and parts_apart(s, items)
            # "视频 ¥1500 + 图文 ¥800 二选一", "video $1,500 or image $800": one or the other
            and not EITHER_OR.search(s, items[0].start, min(len(s), items[-1].end + 16))
        )
        latest: dict[str | None, Money] = {}
        for f in items:
            latest.pop(f.kind, None)
            latest[f.kind] = f
        if (
            not itemised
            and len(items) >= 2
            and len(items) == len(after_total)
            and 2 <= len(latest) == len(items) - 1  # one price revised, not a package swapped
            and not any(f.package for f in items)
            and all(k in count_of for k in latest)
            and not re.search(r"不用了|不要了|不需要了|no longer|instead", s[items[-1].end :], IA)
        ):
            # "video 2k，image post each 800" … "image post 只能 each 700 了，video 不变": a price
            # revised in the thread replaces that kind's, the other kinds' stand
            items, itemised = list(latest.values()), True
        if itemised:
            # itemised prices of different deliverables ("图文1篇1500，视频1条3000"): the sum
            fee = sum(
                (
                    f.amount * (count_of.get(f.kind or "", 1) if f.per_unit or f.by_kind else 1)
                    + f.extra
                    for f in items
                ),
                Decimal(0),
            )
        elif last.per_unit and deliverables:
            kinds = {
                "post": ("image_note", "roundup", "store_visit"),
                "video": ("video_note",),
                "live": ("live",),
            }.get(last.unit_hint or "", ())
            matching = sum(d["quantity"] for d in deliverables if d["kind"] in kinds)
            if matching and matching < units and pieces_counted(s) == units:
                matching = units  # "每人3篇（图文2篇+视频1篇）… ¥500/篇": 篇 counts every piece
            fee = last.amount * (matching or units) + last.extra
        elif last.per_unit and (
            # read from the price on (its span may hold an added fee: "¥1200 共 2 条，另加…¥300")
            counted := PIECES_AFTER_PRICE.search(s, last.start, min(len(s), last.start + 24))
            # not when the added part is paid by the brand itself or by the month ("另加运费 ¥30
            # 由我们承担", "另加授权费 ¥300/月，授权3个月"): main's answer, flagged
            if not (last.extra and ADDED_NOT_SUMMED.search(s, last.start, last.end + 16))
            else None
        ):
            # "每条 ¥1200 共 2 条，另加授权费 ¥300" with no kind said: the count written with the
            # price is the count of pieces (the deliverables stay unknown)
            fee = last.amount * (small_int(counted.group("n")) or 1) + last.extra
        else:
            fee = last.amount
            if last.extra:
                # "每条 ¥1200，另加授权费 ¥300" with no count found: the price per piece, as
                # before round 23, and the added part flagged rather than summed with it
                conflicts.add("fee")
        run = None
        for run_m in last_matches(MONTHS_RUN.finditer(s)):
            if not re.search(
                r"授权|使用|usage|rights|licen|排他|exclusiv",
                s[max(0, run_m.start() - 12) : run_m.start()],
                IA,
            ):
                run = run_m
        if last.monthly and not last.total and run is not None:
            fee *= small_int(run.group("n")) or 1  # "月费2500，连续3个月": the deal's total
        floor = last.floor
        currency = last.currency
        if currency is None:
            for other in reversed(fees):
                if other.currency:
                    currency = other.currency
                    break
        if currency is None and re.search(r"[\u4e00-\u9fff]", s):
            currency = "CNY"
        if fee <= MONEY_MAX:  # larger is no fee a deal can hold (the offer check refuses it)
            found.add("fee", fee, last.start, last.end)
        distinct = {f.amount for f in said if not f.per_unit}
        parts_sum = sum((f.amount for f in said[:-1]), Decimal(0))
        if len(distinct) > 1 and not itemised and not (last.total and parts_sum == last.amount):
            conflicts.add("fee")
    given: list[Money] = []
    for v in values:
        # the value's line, at most 24 characters on either side (a line can be the whole paste)
        la = max(s.rfind("\n", max(0, v.start - 24), v.start) + 1, v.start - 24, 0)
        lb = s.find("\n", v.end, v.end + 24)
        if RETURNED.search(s[la : min(len(s), v.end + 24) if lb == -1 else lb]) is None:
            given.append(v)  # a sample lent for the shoot and sent back is no payment in kind
    values = given
    if values:
        kind_value = values[-1].amount
        line_start = s.rfind("\n", 0, values[-1].start) + 1
        if not values[-1].total and re.search(
            r"每月|每个月|per month|a month|monthly", s[line_start : values[-1].start], IA
        ):
            # "每月会寄一周的燕窝（每月那份大概价值1200）", 连续3个月: what is sent over the deal
            runs = [
                r
                for r in last_matches(MONTHS_RUN.finditer(s))
                if not re.search(
                    r"授权|使用|usage|rights|licen|排他|exclusiv",
                    s[max(0, r.start() - 12) : r.start()],
                    IA,
                )
            ]
            if runs:
                kind_value *= small_int(runs[-1].group("n")) or 1
        if kind_value <= MONEY_MAX:
            found.add("in_kind_value", kind_value, values[-1].start, values[-1].end)

    # revisions
    rev_hits: list[tuple[int, int, str, int | None]] = []
    for rx, mode in REVISION_RULES:
        for m in last_matches(rx.finditer(s)):
            if mode == "n":
                n = small_int(m.group("n"))
                if n is None or n > 20:
                    continue
                if NEGATION.search(s[max(0, m.start() - 3) : m.start()]) and re.match(
                    r"no\s?$", s[max(0, m.start() - 3) : m.start()], IA
                ):
                    continue
                rev_hits.append((m.start(), m.end(), mode, n))
            else:
                rev_hits.append((m.start(), m.end(), mode, None))
    if not rev_hits:
        rev_hits = revision_limits(s)
    # overlapping matches: keep the longest at each place
    rev_hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str, int | None]] = []
    for h in rev_hits:
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    if kept:
        last_rev = max(kept, key=lambda h: h[0])
        a, b, mode, n = last_rev
        if mode == "unlimited":
            found.add("unlimited_revisions", True, a, b)
        else:
            found.add("included_revision_rounds", 0 if mode == "zero" else n, a, b)
            found.add("unlimited_revisions", False, a, b)
        if len({(h[2], h[3]) for h in kept}) > 1:
            conflicts.add("included_revision_rounds")

    # payment
    for m in last_matches(PAY_ZERO.finditer(s)):
        if PAY_ZERO_REFUSED.search(m.group(0)) or PAY_ZERO_REFUSED_AFTER.match(s, m.end()):
            continue  # "那天我们不转账的", "发布即结款不太现实" (attack review r30)
        found.add("payment_days", 0, m.start(), m.end())
    for m in last_matches(NET.finditer(s)):
        found.add("payment_days", int(m.group(1) or m.group(2)), m.start(), m.end())
    for m in last_matches(PAY_THEN_DAYS.finditer(s)):
        d = days_of(m.group("n"), m.group("u"))
        if d is not None and 0 < d <= 365:
            found.add("payment_days", d, m.start(), m.end())
    for m in last_matches(PAY_MONTHLY.finditer(s)):
        a, b = sentence_bounds(s, m.start())
        if NET.search(s, a, b):
            continue
        found.add("payment_days", 30, m.start(), m.end())
    for m in last_matches(PAY_KW.finditer(s)):
        a, b = sentence_bounds(s, m.start())
        other_terms = OTHER_TERM_KW.search(s, a, b) is not None
        nearby: list[tuple[int, int, int]] = []
        for days, da, db in durations_in(s, max(a, m.start() - 24), min(b, m.end() + 32)):
            if other_terms and abs(da - m.start()) > 12:
                continue
            if NET.search(s, max(a, da - 5), db):
                continue
            if re.search(r"前|before|by", s[db : db + 3], IA) and not re.match(
                r"\s?by (?:bank|wire|transfer|paypal|alipay|wechat|invoice|check|cheque)",
                s[db : db + 20],
                IA,
            ):
                continue
            nearby.append((days, da, db))
        if nearby:  # the duration nearest the payment word
            days, da, db = min(
                nearby, key=lambda d: min(abs(d[1] - m.end()), abs(d[2] - m.start()))
            )
            found.add("payment_days", days, min(da, m.start()), max(db, m.end()))

    # usage rights
    for m in last_matches(USAGE_BEFORE.finditer(s)):
        # "6 months of usage rights"
        d = days_of(m.group("n"), m.group("u"))
        if d is not None and 0 < d <= 3650:
            found.add("usage_rights_days", d, m.start(), m.end())
    for m in last_matches(USAGE_KW.finditer(s)):
        a, b = sentence_bounds(s, m.start())
        if NEGATION.search(s[max(a, m.start() - 6) : m.start()]):
            continue
        candidates = durations_in(s, m.end(), min(b, m.end() + 32))
        if not candidates:
            label = TERM_LABEL.match(s, b) if b < len(s) else None
            if label:
                _, nb = sentence_bounds(s, label.end())
                candidates = durations_in(s, label.end(), min(nb, label.end() + 12))[:1]
            else:
                if b < len(s) and s[b] in ",，":
                    _, nb = sentence_bounds(s, b + 1)
                    candidates = [
                        d
                        for d in durations_in(s, b + 1, min(nb, b + 41))
                        if USE_FOR_BEFORE.search(s, max(b + 1, d[1] - 6), d[1])
                        or (not s[b + 1 : d[1]].strip() and not s[d[2] : nb].strip())
                    ][:1]
                if not candidates:
                    candidates = [
                        d
                        for d in durations_in(s, m.end(), min(b, m.end() + 90))
                        if FOR_TERM.search(s, max(m.end(), d[1] - 16), d[1])
                    ][:1]
        for days, da, db in candidates:
            between = s[m.end() : da]
            if EXCL_KW.search(between) or PAY_KW.search(between):
                break
            if PAY_RIGHT_AFTER.match(s, db):
                break  # "确认授权书后7天内打款": a payment term, not how long the licence runs
            found.add("usage_rights_days", days, m.start(), db)
            break

    if "usage_rights_days" not in found.hits:
        # "投流：品牌可投流加热，期限3个月": the term given to the boosting is the licence's
        for m in last_matches(BOOST_KW.finditer(s)):
            a, b = sentence_bounds(s, m.start())
            label = TERM_LABEL.match(s, b) if b < len(s) else None
            if label is None or negated(s, a, m.start()) or re.fullmatch(BOOST_OFF, m.group(0), IA):
                continue
            _, nb = sentence_bounds(s, label.end())
            for days, _da, db in durations_in(s, label.end(), min(nb, label.end() + 12))[:1]:
                found.add("usage_rights_days", days, m.start(), db)

    # paid boost
    for m in last_matches(BOOST_KW.finditer(s)):
        if m.group(0).lower().startswith("boost") and re.match(
            r"boost\w{0,12}\s?(?:sale|your|engag)", s[m.start() : m.end() + 8], IA
        ):
            continue
        a, _ = sentence_bounds(s, m.start())
        off = re.fullmatch(BOOST_OFF, m.group(0), IA) is not None
        found.add("paid_boost_allowed", not (off or negated(s, a, m.start())), m.start(), m.end())

    # exclusivity
    for m in last_matches(EXCL_KW.finditer(s)):
        a, b = sentence_bounds(s, m.start())
        if re.search(
            r"no exclusiv|不要求排他|无排他|不排他|non-exclusive|无需排他|不需要排他",
            s[a:b],
            IA,
        ) and not re.search(r"no compet", s[a:b], IA):
            continue
        window_start = max(a, m.start() - 14)
        for days, da, db in durations_in(s, window_start, min(b, m.end() + 40)):
            between = s[min(m.end(), da) : max(m.start(), da)]
            if USAGE_KW.search(s[m.end() : da]) or PAY_KW.search(between):
                continue
            gap = s[db : m.start()]
            if da < m.start() and not (re.search(r"内|within", gap, IA) or len(gap.strip()) <= 1):
                continue
            found.add("exclusivity_days", days, min(da, m.start()), max(db, m.end()))
            break

    # platform fee and agency cut (the agency's name tells its cut: "Mosaic keeps 15%")
    brand, agency = find_names(s, known_brands)
    for m in last_matches(PLATFORM.finditer(s)):
        found.add("platform_fee_pct", pct_text(m.group("n")), m.start(), m.end())
    # a Latin name used as a marketplace's where the message speaks of its dashboard or its
    # platform fee ("CreatorPort service fee: 15%" … "your CreatorPort dashboard") and names
    # another brand it relays; an agency's 服务费 or service fee alone makes no marketplace, nor
    # the brand's own dashboard ("Track your sales in your Glowly dashboard")
    relaying = relaying_platform(s, brand)
    marketplace = (
        PLATFORM_NOTICE.search(s) is not None or platform_in_header(s) or relaying is not None
    )
    if "platform_fee_pct" not in found.hits and marketplace:
        # the platform's own notice: its "service fee: 10%" is the platform fee
        for m in last_matches(NOTICE_FEE.finditer(s)):
            pct = m.group("n") or m.group("n2")
            found.add("platform_fee_pct", pct_text(pct), m.start(), m.end())
        first_line = s[: s.find("\n")] if "\n" in s else s
        for m in last_matches(PLATFORM_KEEPS.finditer(s)):
            if "platform_fee_pct" not in found.hits and re.search(
                rf"(?<![\w]){re.escape(m.group('who'))}(?![\w])", first_line
            ):  # "Order confirmed on Brandlink" … "(Brandlink keeps 10%)"
                found.add("platform_fee_pct", pct_text(m.group("n")), m.start(), m.end())
    platform_spans = [(h.start, h.end) for h in found.hits.get("platform_fee_pct", [])]
    for rx in AGENCY_CUT:
        for m in last_matches(rx.finditer(s)):
            if any(a <= m.start("n") < b for a, b in platform_spans):
                continue
            a, b = sentence_bounds(s, m.start())
            if re.search(r"平台|platform", s[max(a, m.start() - 6) : m.start() + 4], IA):
                continue
            la, lb = clause_bounds(s, m.start(), commas=False)  # the line, across commas
            if (
                re.search(r"takes?|keeps?|retains?|cut|收|抽|扣", m.group(0), IA)
                and not AGENCY_CONTEXT.search(s[la:lb])
                and not (agency is not None and agency.value.split()[0] in s[la:lb])
            ):
                continue  # "Mosaic keeps 15%": the agency named on the line takes it
            if (
                "服务费" in m.group(0)
                and re.search(r"蒲公英|pugongying|平台", s, IA)
                and not re.search(r"机构|MCN|我们|经纪|agency|中介", s[a:b], IA)
            ):
                # 服务费 on a Pugongying order is the platform's
                found.add("platform_fee_pct", pct_text(m.group("n")), m.start(), m.end())
                continue
            if re.search(r"佣金|commission", m.group(0), IA) and (
                re.search(r"销售|sales|带货|成交|GMV", s[a:b], IA)
                or SHOP_INVITE.search(s)
                or HER_COMMISSION.search(s, a, b)
            ):
                continue  # her commission on sales (a shop's affiliate invitation's), no cut
            found.add("agency_cut_pct", pct_text(m.group("n")), m.start(), m.end())

    # deadline: a span already read as another term's duration ("30天内不要接其他品牌") is none
    term_spans = [
        (h.start, h.end)
        for name in ("exclusivity_days", "usage_rights_days", "payment_days")
        for h in found.hits.get(name, [])
    ]
    for when, a, b, relative in find_dates(s, today):
        if any(a < tb and b > ta for ta, tb in term_spans):
            continue
        ca, cb = sentence_bounds(s, a)
        clause = s[ca:cb]
        near = s[max(ca, a - 6) : min(cb, b + 6)]
        tail = s[b : b + 4]
        # the payment terms in another part of the sentence ("Payment is net 30 and we'd need
        # all three live by the end of next month") do not make a relative date a payment's
        own = clause
        joint = last_matches(PART_JOINT.finditer(s, max(ca, a - PART_REACH), a))
        if joint:
            own = s[joint[-1].end() : cb]
        if PAY_KW.search(near) or (relative and (OTHER_TERM_KW.search(near) or PAY_KW.search(own))):
            continue
        if (
            relative
            and not REL_DEADLINE_KW.search(clause)
            and not LIMIT_BEFORE.search(s, max(0, a - 16), a)
            # "时间上 月底前 发就行": the posting after a space the clause ended at (r31)
            and not BEFORE_THEN_POST.match(s, b)
        ):
            continue
        # an aside in brackets that does not hold the date speaks of something else: "下周五前
        # 发布就好（产品收到后可以先用几天再拍）", "by June 12 (the tins ship this week)" (r27)
        # Only when the rest of the sentence names the content: "4月8日前（回复报名即可）",
        # "Deadline April 8 (reply with your address so we can ship)" say in the brackets what
        # the date is for (attack review r27)
        at = a - ca
        bare = clause
        for x in ASIDE.finditer(clause):
            if not x.start() <= at < x.end():
                bare = bare[: x.start()] + " " * (x.end() - x.start()) + bare[x.end() :]
        if not ASIDE_OUTSIDE_CONTENT.search(bare):
            bare = clause
        order_now = ORDER_NOW_AFTER.match(s, b)
        if order_now is not None and ca <= order_now.start() and order_now.end() <= cb:
            # "within 10 days of confirming the booking": the counting's words, not a
            # confirmation due by then (attack review r31)
            x0, x1 = order_now.start() - ca, order_now.end() - ca
            bare = bare[:x0] + " " * (x1 - x0) + bare[x1:]
        if NOT_DEADLINE.search(bare) or any(x.end() > at for x in SENT_OFF.finditer(bare)):
            continue
        if STAY_BEFORE.search(s, max(0, a - 16), a) or STAY_AFTER.match(s, b):
            continue  # a stay's check-in or check-out, or a date counted from it (r27)
        lo = max((j.end() for j in ACT_JOINT.finditer(bare, 0, at)), default=0)
        hi = next((j.start() for j in ACT_JOINT.finditer(bare, at)), len(bare))
        if OTHER_ACT.search(bare, lo, hi):
            continue  # the date of a follow-up or of the contract, not the content's (r27)
        if REPLY_ONLY.search(bare) and not CONTENT_KW.search(clause):
            continue
        if not relative and not (DEADLINE_KW.search(clause) or re.match(r"\s?(?:前|之前)", tail)):
            continue
        if (
            not re.match(r"\s?(?:前|之前)", tail)
            and BOUND_OTHER.search(bare)
            and all(BOUND_WORD.fullmatch(k.group(0)) for k in DEADLINE_KW.finditer(clause))
        ):
            # a bound alone on sending the sample back, the contract or the invoice: "样机最迟
            # 12月10日寄回", "合同最晚11月25日签回", "Invoices … no later than Dec 20" (attack
            # review r30)
            continue
        found.add("deadline", when, a, b)

    # names and source
    if brand is not None:
        name = brand.value if brand.value in known_brands else bare_brand(brand.value)
        found.add("brand", name, brand.start, brand.end)
    if (
        agency is not None
        and brand is not None
        and agency.start < brand.end
        and brand.start < agency.end
    ):
        # The same words read as both (【星河MCN】品牌：「澄光」精华 … 机构服务费10% gave 澄光 as
        # the agency too): a brand is not its own agency, and no agency beats a wrong one.
        agency = None
    if agency is not None:
        found.add("agency", agency.value, agency.start, agency.end)
    source: Hit | None = None
    # a 蒲公英 or 报备 named only in passing ("开不了蒲公英", "不用报备", "no pgy") is no order
    src = PGY_NEGATED.sub(lambda m: "·" * len(m.group(0)), s)
    if OFF_PLATFORM.search(src):
        # "在蒲公英上看到你的主页，想私下合作，不走平台": the platform is where they found her
        src = re.sub(r"蒲公英|pugongying|\bpgy\b", lambda m: "·" * len(m.group(0)), src, flags=IA)
    group_post = re.search(r"扣1|扣个1", src) and not BRAND_VOICE.search(src)
    for code, rx in SOURCE_RULES:
        sm = rx.search(src)
        if sm and rx is PASSED_ON and "-----" in sm.group(0) and answers_her_in_a_reply(s):
            continue  # the brand's answer to her pitch over the chain: no job passed on
        while sm and code == "self_pitch" and sm.start() <= 2 and DM_ACK.search(src, 0, 200):
            # "[我 5月8日 14:22] 您好，收到您的私信了…", "[Me May 8, 14:22] Saw your DM": her
            # first line answers their message (cut off above): no pitch of hers
            sm = rx.search(src, sm.end())
        if sm:
            source = Hit(code, sm.start(), sm.end())
            break
    if (
        source is not None
        and source.value in ("pgy_invite", "pgy_recruit")
        and (pitched := CREATOR_OPENS.search(s)) is not None
    ):
        # she pitched herself and the brand then books her on 蒲公英: her pitch brought the job
        source = Hit("self_pitch", pitched.start(), pitched.end())
    if marketplace and (
        source is None
        or source.value == "brand_dm"
        or (source.value == "agency_group" and agency is None)
    ):
        # a marketplace's notice, unless an agency named in it brings the job
        tag = PLATFORM_NOTICE.search(s) or HEADER_TAG.match(s)
        where = tag.span() if tag else relaying
        if where is not None:
            source = Hit("other", *where)
    if (
        source is not None
        and source.value == "pgy_invite"
        and agency is not None
        and re.search(r"报备|走蒲公英|群公告|群消息|群里", s)
        and not re.search(r"邀约|邀请", s)
    ):
        # "走蒲公英报备" in an agency's message: the agency brings the job, the order is booked
        source = Hit("agency_group", agency.start, agency.end)
    if (
        source is not None
        and source.value == "self_pitch"
        and source.start >= brand_first_turn_end(s)
    ):
        source = Hit("brand_dm", source.start, source.end)  # a negotiation in the brand's thread
    if (source is None or source.value == "brand_dm") and answers_creator(s):
        # the brand answers something the creator sent: her email, rate card, quote
        source = Hit("self_pitch", 0, 0)
        sm = CREATOR_ARTIFACT.search(s)
        if sm:
            source = Hit("self_pitch", sm.start(), sm.end())
    if (source is None or source.value == "brand_dm") and (mine := creator_first_mail(s)):
        source = Hit("self_pitch", mine.start(), mine.end())  # her own mail opens the thread
    if source is None and agency is None and form_notice(s):
        # a platform's form with no one speaking in it: a marketplace's notice
        tag = HEADER_TAG.match(s)
        source = Hit("other", *(tag.span() if tag else (0, 0)))
    if source is not None and source.value == "brand_dm" and agency is not None:
        source = Hit("agency_group", agency.start, agency.end)
    if source is None and agency is not None:
        source = Hit("agency_group", agency.start, agency.end)
    relays = last_matches(RELAY.finditer(s))
    if (
        (
            source is None
            or source.value == "brand_dm"
            or (source.value == "agency_group" and len(relays) >= 2)
        )
        and relays
        and (THIRD_PARTY.search(s) or len(relays) >= 2)
    ):
        # "我同事在做 Barkly 的 KOL outreach，问你要不要接", "刚问了…那边的对接人 … 我把你拉进群":
        # a job passed on by someone who is neither the brand nor its agency
        source = Hit("referral", relays[-1].start(), relays[-1].end())
    if (
        (source is None or source.value in ("brand_dm", "pgy_invite"))
        and (passed := PASSED_TO_YOU.search(s, 0, min(len(s), PASSED_TO_YOU_REACH)))
        and not OUR_ASKER.search(s, max(0, passed.start() - 30), passed.start())
        and not (
            re.match(r"[A-Za-z]", passed.group(0))
            and (
                WE_BEFORE.search(s[max(0, passed.start() - 16) : passed.start()])
                or OUR_AFTER.search(s, passed.end(), min(len(s), passed.end() + 24))
            )
        )
    ):
        source = Hit("referral", passed.start(), passed.end())
    if (
        (source is None or source.value == "brand_dm")
        and THIRD_PARTY.search(s)
        and THOUGHT_OF_YOU.search(s)
    ):
        # "我大学同学在做一个品牌…想找KOC合作，我第一个就想到你": passed on by a third person
        thought = THOUGHT_OF_YOU.search(s)
        source = Hit("referral", thought.start(), thought.end()) if thought else source
    if (
        source is None
        and brand is not None
        and re.search(
            rf"(?:^|\n)\s?(?:(?:我|me)\s?[:：]|[\[【](?:我|me)(?:{BRACKET_WHEN}|[\]】]))", s, IA
        )
        and not answers_creator(s)
    ):
        # a thread between the brand's staff and "我" ("[Me 09:30]"): the brand's own DM
        source = Hit("brand_dm", brand.start, brand.end)
    if source is None and group_post:
        # "扣1" with no brand speaking of its own product: a group post
        gm = re.search(r"扣1|扣个1", s)
        if gm:
            source = Hit("agency_group", gm.start(), gm.end())
    if source is None and brand is not None:
        intro = re.search(
            r"我们是|这边是|这里是|我们「|」这边|我们这边|我是|的商务|来自|的合作邀请|"
            r"we are|we're|we r\b|we at|this is|from|here at|\bhere\b|work at|i'm with|"
            r"\bteam\b|官方|小助手|regards|cheers|warmly|市场部|我们家|founder|owner",
            s,
            IA,
        )
        if intro:
            source = Hit("brand_dm", intro.start(), intro.end())
    if (
        source is None
        and brand is not None
        and re.search(
            r"[你您]|\byou(?:r|'re|'d|'ll)?\b|^\s?(?:亲|宝|姐妹|哈喽|hi|hey|hello|dear)", s, IA
        )
    ):
        # a brand writes to "you" and no platform, agency, referral or group is named: a DM
        source = Hit("brand_dm", brand.start, brand.end)
    if source is None:
        # no name found, but someone speaks of "our" product to "you": the brand's own DM
        voice = BRAND_VOICE.search(s)
        if voice and re.search(r"[你您]|\b(?:you|u)\b|宝子|姐妹|亲", s, IA):
            source = Hit("brand_dm", voice.start(), voice.end())
    if source is not None:
        found.add("source", source.value, source.start, source.end)

    # assemble
    result: dict[str, Any] = dict.fromkeys(FIELDS)
    spans: dict[str, dict[str, Any]] = {}

    def span_of(name: str, a: int, b: int) -> None:
        oa, ob = t.span(a, b)
        if ob <= oa:
            return  # a span points at text or is none (null), never at nothing
        spans[name] = {"start": oa, "end": ob, "text": text[oa:ob]}

    if deliverables:
        result["deliverables"] = deliverables
        a = min(x[0] for x in dspans)
        b = max(x[1] for x in dspans)
        span_of("deliverables", a, b)
    for name in FIELDS:
        if name == "deliverables":
            continue
        hit = found.latest(name)
        if hit is None:
            continue
        values_seen = {str(h.value) for h in found.hits[name]}
        if len(values_seen) > 1 and name not in ("paid_boost_allowed", "unlimited_revisions"):
            conflicts.add(name)
        value: Any = hit.value
        if isinstance(value, Decimal):
            value = str(value.quantize(Decimal("0.01"), context=Context(prec=60)))
        elif isinstance(value, date):
            value = value.isoformat()
        result[name] = value
        span_of(name, hit.start, hit.end)
    if result["fee"] is not None:
        result["fee_is_floor"] = bool(floor)
        result["currency"] = currency
        spans["fee_is_floor"] = spans["fee"]
        if currency:
            spans["currency"] = spans["fee"]
    elif values:
        # a barter: the currency is the product value's ("worth HK$420", 价值258 in Chinese text)
        worth = values[-1]
        result["currency"] = worth.currency or ("CNY" if re.search(r"[\u4e00-\u9fff]", s) else None)
        if result["currency"]:
            span_of("currency", worth.start, worth.end)
    if "paid_boost_allowed" in conflicts:
        conflicts.discard("paid_boost_allowed")
    result["conflicts"] = sorted(c for c in conflicts if result.get(c) is not None)
    result["spans"] = spans
    return result
