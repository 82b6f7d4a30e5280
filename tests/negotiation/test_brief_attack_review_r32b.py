"""Attack review of round 32's later rules (r32 after 4dbed91: '>' quoted chains and ranges, X互娱,
group labels, 代理品牌【X】, agency chat labels, company-person speaker labels, footage licences
and 'hired by' mails, a visit's format in brackets): fresh messages on which a rule fires where it
should not, or misses a natural variant of what it was written for; hostile pastes built from
its patterns. Each case of the first part failed at 0d298d5 (run against that commit's app/)."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_against_plain, worst_in_child

TODAY = date(2027, 3, 2)


def parsed(text: str, today: date = TODAY) -> dict[str, object]:
    return parse_brief(text, today)


# --- brand: a speaker label of a kin, a friend or a trade is no company -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "[舅舅 阿强] 他们厂想找你拍个视频\n[舅舅 阿强] 视频1条 1000",
        "[嫂子 小雨] 他们店想找你\n[嫂子 小雨] 视频1条 1000",
        "[前男友 阿杰] 我们公司找你\n[前男友 阿杰] 视频1条 1000",
        "[高中同桌 小雨] 帮忙转一下\n[高中同桌 小雨] 视频1条 1000",
        "[房东 阿姨] 你好\n[房东 阿姨] 图文1篇 稿费800",
        "[摄影师 小雨] 你好\n[摄影师 小雨] 图文1篇 稿费800",
        "[设计师 小雨] 你好\n[设计师 小雨] 图文1篇 稿费800",
        "[健身教练 阿杰] 我们店想找你拍个视频\n[健身教练 阿杰] 视频1条 1000",
        "[对接人 小雨] 你好\n[对接人 小雨] 视频1条 1000",
        "[导购 小雨] 你好\n[导购 小雨] 视频1条 1000",
        "[客服 小满] 你好\n[客服 小满] 图文1篇 800",
        "[群主 小满] 你好\n[群主 小满] 图文1篇 800",
        "[管理员 小满] 你好\n[管理员 小满] 图文1篇 800",
        "[淘宝 小满] 你好\n[淘宝 小满] 图文1篇 800",
    ],
)
def test_a_kin_or_trade_label_names_no_brand(text: str) -> None:
    assert parsed(text)["brand"] is None


def test_a_company_person_label_in_full_width_brackets_names_the_company() -> None:
    text = "【栖屿 小满】你好呀，我们这边想约一篇图文\n【栖屿 小满】稿费800，3月20号前发"
    assert parsed(text)["brand"] == "栖屿"  # not '栖屿 小满'


def test_a_company_person_label_still_names_the_company() -> None:
    # the guard: the rule of round 32 still reads [栖屿 小满] and 茶岛-阿七 14:02
    text = "[栖屿 小满] 你好呀，我们这边想约一篇图文\n[栖屿 小满] 稿费800，3月20号前发\n[我] 好的"
    assert parsed(text)["brand"] == "栖屿"
    text = "茶岛-阿七 14:02\n你好，想约一篇视频\n茶岛-阿七 14:05\n稿费1500，月底前"
    assert parsed(text)["brand"] == "茶岛"


# --- brand: who hired her on a marketplace ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # a person hired her, the brand named after: the brand, not the person
        ("Sarah just hired you! 1 Reel $300 for Glintra", "Glintra"),
        ('Jake Miller hired you for "Summer Glow" by Lumio. 1 Reel $300', "Lumio"),
        # a determiner is no name
        ("Your Client has accepted your proposal. 1 Reel $300", None),
    ],
)
def test_who_hired_her_is_the_brand_only_when_no_other_is_named(
    text: str, brand: str | None
) -> None:
    assert parsed(text)["brand"] == brand


def test_a_brand_that_hired_her_stays_the_brand() -> None:
    # the guard: round 32's reading of the hirer
    assert parsed("Great news — Morrow Tea hired you! 1 Reel, $300")["brand"] == "Morrow Tea"
    assert parsed("You've been hired by Saltleaf! 1 Reel, $300.")["brand"] == "Saltleaf"


# --- deliverables: a licence said not to be wanted -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 Reel $300. No footage licence needed.",
        "1 Reel $300, no raw footage licence required.",
        "1 Reel $300 (we don't need a footage licence)",
        "1 Reel $300, without footage licence",
        "1 Reel $300. No content licensing needed.",
    ],
)
def test_a_licence_not_wanted_is_no_deliverable(text: str) -> None:
    assert parsed(text)["deliverables"] == [{"kind": "video_note", "quantity": 1}]


def test_a_licence_wanted_is_still_a_deliverable() -> None:
    got = parsed("1 Reel $300, plus footage licence $100")
    assert got["deliverables"] == [
        {"kind": "video_note", "quantity": 1},
        {"kind": "asset_license", "quantity": 1},
    ]


@pytest.mark.xfail(
    strict=True,
    reason="itemised lines without a total: the last figure is read as the fee, not the sum "
    "(the same for '1 Reel: $300\\n1 Story: $100'); a change to how prices on separate lines "
    "add up, beyond this review",
)
def test_a_priced_footage_licence_line_adds_to_the_fee() -> None:
    assert parsed("1 Reel: $300\nRaw footage licence: $100")["fee"] == "400.00"


@pytest.mark.xfail(
    strict=True,
    reason="'+ item $100' (the plus before the item, not the amount) is not read as an add-on: "
    "the last figure wins, for any kind ('1 Reel $300 + 1 story $100' too)",
)
def test_a_plus_footage_licence_adds_to_the_fee() -> None:
    assert parsed("1 Reel $300 + raw footage licence $100")["fee"] == "400.00"


# --- deliverables and fee: a format in brackets, its count after them --------------------------


@pytest.mark.parametrize(
    ("text", "fee", "kinds"),
    [
        ("视频（口播）1条 1000", "1000.00", [{"kind": "video_note", "quantity": 1}]),
        ("探店笔记（图文）1篇 800", "800.00", [{"kind": "store_visit", "quantity": 1}]),
        ("探店笔记（图文） 1 篇 800", "800.00", [{"kind": "store_visit", "quantity": 1}]),
        ("探店笔记（图文）×2 1600", "1600.00", [{"kind": "store_visit", "quantity": 2}]),
        # a store visit's video format is the visit, not a video beside it
        ("探店视频（口播）1条 1200", "1200.00", [{"kind": "store_visit", "quantity": 1}]),
        (
            "探店笔记(图文) 1篇，视频(口播) 1条，共2000",
            "2000.00",
            [{"kind": "video_note", "quantity": 1}, {"kind": "store_visit", "quantity": 1}],
        ),
        (
            "探店笔记（图文）1篇 800，另外合集笔记（视频）1条 1500",
            "2300.00",
            [{"kind": "roundup", "quantity": 1}, {"kind": "store_visit", "quantity": 1}],
        ),
    ],
)
def test_a_format_in_brackets_passes_its_count_on(text: str, fee: str, kinds: object) -> None:
    got = parsed(text)
    assert (got["fee"], got["deliverables"]) == (fee, kinds)


# --- fee: a change from one figure to another; a chain quoted under a '>' line of who wrote -----


@pytest.mark.parametrize(
    "text",
    [
        "Rate went up from $300 to $400 for 1 Reel",
        "1 Reel. Fee bumped up from $300 to $400.",
        "We're increasing from $300 to $400 for the Reel.",
    ],
)
def test_a_change_from_one_figure_to_another_is_no_range(text: str) -> None:
    got = parsed(text)
    assert (got["fee"], got["fee_is_floor"]) == ("400.00", False)


def test_a_range_from_a_figure_to_another_stays_a_range() -> None:
    # the guard: no change word before it
    got = parsed("1 Reel, budget from $300 to $500 depending on reach")
    assert (got["fee"], got["fee_is_floor"]) == ("300.00", True)


@pytest.mark.parametrize(
    "text",
    [
        "1 Reel for $400 is fine.\n> Ana wrote:\n> $300 max",
        "1 Reel for $400 is fine.\n> Ana Lee <ana@brand.com> wrote:\n> $300 max",
    ],
)
def test_a_chain_quoted_under_who_wrote_is_older_than_the_reply(text: str) -> None:
    assert parsed(text)["fee"] == "400.00"


# --- brand: what a brand label's bracket holds; 现在 is no workplace ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a description in the label's bracket: no name, and not the deliverable after it
        "品牌【某国货护肤品牌】 图文1篇 800",
        "品牌【某护肤品牌】\n图文1篇 800",
        # 现在 is 'now', not 'at 自己'
        "现在自己做品牌禾叶，视频1条 1500",
        "你好，我在星河互娱工作过，现在自己做品牌禾叶，视频1条 1500",
    ],
)
def test_no_deliverable_or_pronoun_is_read_as_the_brand(text: str) -> None:
    assert parsed(text)["brand"] in (None, "禾叶")


def test_a_brand_labels_bracket_still_names_the_brand() -> None:
    # the guard: round 32's 代理品牌【拾光】
    assert parsed("代理品牌【拾光】 视频1条 1500")["brand"] == "拾光"


@pytest.mark.xfail(
    strict=True,
    reason="a sign-off of a name, then the company on its own line ('Best,\\nOlive\\nMarrow & "
    "Moss') names no brand, with or without a chain under it: the signature reader takes a "
    "company on the name's line only",
)
def test_a_two_line_sign_off_above_a_chain_names_the_brand() -> None:
    text = "Sounds good!\n\nBest,\nOlive\nMarrow & Moss\n\n> On May 20, Mei wrote:\n> 1 Reel $400?"
    assert parsed(text)["brand"] == "Marrow & Moss"


# --- hostile pastes aimed at the later rules of round 32 --------------------------------------

HOSTILE_R32B = [
    # speaker labels of a company and a person, in both brackets, dashes and times
    kept(fill("[栖屿 小满] 你好\n")),
    kept(fill("【栖屿 小满】\n茶岛-阿七 14:02\n[舅舅 阿强 10:02]\n")),
    mix("[栖屿 小满", "栖屿-阿七 14:0", "【栖屿·Amy】"),
    fill("[栖屿栖屿栖屿 小"),
    # '>' chains and quoted headers, ranges split by line breaks, 'up from'
    kept(fill("> On Apr 3, Ana wrote:\n> $300 -\n$500 up from $250\n")),
    fill(">>>>>>>>>> On"),
    kept(fill("$1 -\n$2 to\n$3 ~ up from $4 (raised from $5) ")),
    # X互娱, group labels, 代理品牌【X】, brand labels under an agency
    kept(fill("星河互娱【橙子娱乐·美妆3群】代理品牌【拾光】品牌：橙子 我们是星河互娱\n")),
    mix("互娱", "【娱乐·美妆群", "代理品牌【", "品牌【"),
    # agency chat labels with their cut; marketplace hire mails
    kept(fill("[麦浪传媒-阿May] 我们收10%服务费\n")),
    kept(fill("You've been hired by Saltleaf! Sarah just hired you for Glintra by Lumio ")),
    fill("A B C D E F G H I J hired you "),
    # footage licences, negated and priced; brackets before counts
    kept(
        fill("No raw footage licence needed, footage licence $100, content licensing: 6 months\n")
    ),
    kept(fill("探店笔记（图文）1篇 视频（口播）1条 合集笔记（视频）1条 ")),
    mix("（", "）1篇", "探店（"),
    # the reply's sign-off above a quoted chain
    kept(("Thanks!\nBest,\nOlive, Marrow & Moss\n" + "> On May 20, Mei wrote:\n" * 1000)[:20_000]),
    # this review's rules: '> X wrote:' with no end, a change 'up from … to', labels of kin,
    # 品牌【…】 headers, 现在 before 在
    kept(fill("> " + "Ana " * 30 + "\n> Ana wrote:\n")),
    kept(fill("went up from $300 to $400 increasing from ¥1 到 ¥2 up from ")),
    kept(fill("[舅舅 阿强]\n【栖屿 小满】\n[摄影师 小雨 10:02]\n")),
    kept(fill("品牌【某国货护肤品牌】 图文1篇 现在在在在自己做品牌")),
    fill("视频（口播）（（（））1条"),
    mix("Aaaa Bbbb Cccc ", "hired you for Xxx by Yyy ", "No footage licen"),
    # NUL, lone surrogates, full-width digits
    kept(fill("[栖屿\x00小满]\ud800 探店笔记（图文）１篇 ８００\udfff hired you\x00 > On ")),
]


def test_adversarial_pastes_for_round_32_later_rules_finish() -> None:
    texts = chosen(HOSTILE_R32B)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 32b: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_32_later_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R32B))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
