"""r24c: the tightened round-24 rules, cases beyond test_brief_attack_review_r24b."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.negotiation.brief import parse_brief

TODAY = date(2026, 11, 29)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


def test_the_creator_answering_a_dm_in_an_undated_export_is_no_self_pitch() -> None:
    # main and attack-24b gave self_pitch: the "[我 14:22]" opening was read as her pitch
    r = parse(
        "[我 14:22] 您好，收到您的私信了，具体是什么合作呀？\n"
        "[暖灯家居-小林 14:25] 你好！我们想邀请你拍1条视频，预算3000，12月20日前发布"
    )
    assert r["source"] == "brand_dm"


def test_her_own_pitch_in_an_undated_export_stays_self_pitch() -> None:
    r = parse(
        "[我 20:11] 你好～我是宝妈博主阿琳，想问下有合作机会吗？我图文报价600\n"
        "[贝洁-品牌部 Mia 09:30] 您好阿琳！可以的～ 图文1篇 550可以吗？12月20日前发"
    )
    assert r["source"] == "self_pitch"


def test_a_chain_whose_lowest_mail_is_someone_elses_is_no_self_pitch() -> None:
    # the brand thanks Lena Park for her pitch; the top mail is Ana's, passing it on
    r = parse(
        "From: Ana Ruiz\nTo: Mia\nSubject: Re: food brands?\n\nHi Mia, my friend Lena got this "
        "but she's booked, so it's yours if you want it!\n\n-----Original Message-----\nFrom: "
        "Brightwell Kitchen\n\nHi Lena, thanks for reaching out! We'd love one YouTube video, "
        "$600, live by Dec 20.\n\n-----Original Message-----\nFrom: Lena Park\n\nHi Brightwell "
        "team, I'm Lena, a food creator. My rate is $600 a video."
    )
    assert r["source"] != "self_pitch"
