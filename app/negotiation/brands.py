"""Well-known consumer brands that commission creators on Xiaohongshu: one brand a line, its
Chinese and Latin names and aliases separated by " | ". Written from general knowledge.

How the parser reads it (`find_known` below):
- a line "@ strong" or "@ weak" sets the cue strength of the lines after it: "weak" is for
  retail chains, platforms of travel and shops, where a message often names the shop where
  the product is sold rather than the brand that pays;
- Chinese names match anywhere; Latin names only as whole words (no letter or digit on either
  side), case-insensitive, except names of three letters or fewer and names marked with a
  leading "=", which match only as written here (Dove, Coach, MAC, GU);
- a name written with a leading "!" is a phrase holding the brand's name that is not the brand
  (小米 | !小米辣): a hit inside it is not read;
- leave out names that are ordinary words (美的 "beautiful", 好奇 "curious", 全家, 清风, 小熊,
  Keep, Only, Gap, Tiger, Fresh, Cheers) and places (哥伦比亚): the parser would read them in
  ordinary sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

BRANDS = """
@ strong
# --- skincare, makeup, fragrance: international groups and brands
欧莱雅 | 巴黎欧莱雅 | 欧莱雅集团 | L'Oréal | L'Oreal | Loreal | L'Oréal Paris
兰蔻 | Lancôme | Lancome
雅诗兰黛 | 雅诗兰黛集团 | Estée Lauder | Estee Lauder
资生堂 | Shiseido
SK-II | SK2 | SKII | SK-2
海蓝之谜 | =La Mer
科颜氏 | Kiehl's | Kiehls
碧欧泉 | Biotherm
修丽可 | SkinCeuticals
理肤泉 | La Roche-Posay | La Roche Posay
薇姿
雅漾 | Avène | Avene
适乐肤 | CeraVe
丝塔芙 | Cetaphil
美宝莲 | Maybelline
=NYX
3CE
悦诗风吟 | Innisfree
雪花秀 | Sulwhasoo
=Whoo | 后Whoo
兰芝 | Laneige
伊蒂之屋 | Etude House
悦木之源 | =Origins
倩碧 | Clinique
魅可 | =MAC | M·A·C
=NARS | 娜斯
芭比波朗 | Bobbi Brown
阿玛尼美妆 | 阿玛尼 | Armani Beauty | Giorgio Armani
圣罗兰 | YSL | YSL Beauty | Yves Saint Laurent
汤姆福特 | Tom Ford
Fenty Beauty
Charlotte Tilbury
Glossier
=The Ordinary
Drunk Elephant
玉兰油 | Olay
赫莲娜 | Helena Rubinstein
希思黎 | Sisley
娇韵诗 | Clarins
肌肤之钥 | Clé de Peau | Cle de Peau | =CPB
黛珂 | Cosme Decorte | Decorte
奥尔滨 | =Albion
茵芙莎 | IPSA
芙丽芳丝 | Freeplus
珂润 | Curél | Curel
=DHC
芳珂 | FANCL
城野医生 | Dr.Ci:Labo
Dr.Jart+ | Dr.Jart | 蒂佳婷
COSRX
Some By Mi
美迪惠尔 | Mediheal
=AHC
Torriden | 桃瑞丹
Anua
=Round Lab
Beauty of Joseon
宝拉珍选 | Paula's Choice
露得清 | Neutrogena
艾惟诺 | Aveeno
贝德玛 | Bioderma
欧缇丽 | Caudalie
斐珞尔 | FOREO
贝玲妃 | Benefit Cosmetics
=Too Faced
=Urban Decay
Huda Beauty
=Rare Beauty
=Hourglass
Tatcha
纪梵希 | Givenchy
娇兰 | Guerlain
迪奥 | Dior | Christian Dior
香奈儿 | Chanel
祖玛珑 | Jo Malone | Jo Malone London
罗拉玛希 | Laura Mercier
植村秀 | Shu Uemura
高丝 | Kosé | Kose
佳丽宝 | Kanebo
井田 | Canmake
怡丽丝尔
安热沙 | Anessa
碧柔 | Bioré | Biore
曼秀雷敦 | Mentholatum
妮维雅 | Nivea
凡士林 | Vaseline
赫妍
爱茉莉 | 爱茉莉太平洋 | Amorepacific
蒂普提克 | Diptyque
伊索 | Aesop
Le Labo
百瑞德 | Byredo
潘海利根 | Penhaligon's
梅森马吉拉 | Maison Margiela
=Santa Maria Novella
Yankee Candle
Bath & Body Works
欧舒丹 | L'Occitane | L'Occitane en Provence
Sabon
=Lush
The Body Shop | 美体小铺
多芬 | =Dove
力士 | =Lux
海飞丝 | =Head & Shoulders
潘婷 | Pantene
飘柔
沙宣 | Vidal Sassoon
施华蔻 | Schwarzkopf
卡诗 | Kérastase | Kerastase
Aveda
舒肤佳
宝洁 | =P&G | Procter & Gamble
联合利华 | Unilever
高露洁 | Colgate
佳洁士 | =Crest
舒适达 | Sensodyne
欧乐B | Oral-B
笑容加 | usmile
Moroccanoil | 摩洛哥油
# --- skincare, makeup, fragrance: Chinese brands
珀莱雅 | Proya
薇诺娜
润百颜
夸迪 | Quadha
华熙生物 | Bloomage
贝泰妮 | Botanee
巨子生物
可复美
可丽金
敷尔佳
玉泽 | Dr.Yu
百雀羚 | Pechoin
自然堂 | Chando
佰草集 | Herborist
相宜本草
韩束 | Kans
一叶子
丸美 | Marubi
林清轩 | =Forest Cabin
溪木源
逐本
半亩花田
上美股份
完美日记 | Perfect Diary
逸仙电商 | Yatsen
小奥汀 | Little Ondine
完子心选 | Abby's Choice
花西子 | Florasis
毛戈平 | Mao Geping
彩棠 | TIMAGE
橘朵 | Judydoll
珂拉琪 | Colorkey
酵色 | Joocyee
心慕与你
滋色 | ZEESEA
卡姿兰 | Carslan
玛丽黛佳 | Marie Dalgar
花知晓 | =Flower Knows
Funny Elves
恋火 | Passional Lover
Girlcult
=PMPM
=HBN
Off&Relax
稚优泉 | Chioture
花洛莉亚 | Flortte
=INTO YOU
观夏
气味图书馆 | =Scent Library
野兽派 | =The Beast
闻献
=RED CHAMBER | 朱栈
# --- beauty devices, hair tools, shavers
戴森 | Dyson
徕芬 | Laifen
雅萌 | YA-MAN | YAMAN
Ulike
觅光 | Amiro
飞利浦 | Philips
松下 | Panasonic
博朗 | Braun
吉列 | Gillette
飞科 | Flyco
=GHD
=Remington
# --- personal care, home care, paper
蓝月亮 | Bluemoon
立白 | Liby
汰渍 | =Tide
碧浪
=OMO
维达 | Vinda
心相印 | !心心相印
得宝 | =Tempo
全棉时代 | Purcotton
Sofy
护舒宝
七度空间
高洁丝 | Kotex
她研社
云南白药
冷酸灵
# --- fashion, bags, jewellery
优衣库 | Uniqlo
=ZARA
=H&M
=GU
无印良品 | MUJI
太平鸟 | Peacebird
Urban Revivo
波司登 | Bosideng
蕉内 | Bananain
=Ubras
=NEIWAI
之禾 | ICICLE
Moussy
MO&Co. | MO&Co
伊芙丽 | Eifini
江南布衣 | JNBY
=Coach | 蔻驰
Michael Kors
珑骧 | Longchamp
古驰 | Gucci
普拉达 | Prada
路易威登 | Louis Vuitton
爱马仕 | Hermès | Hermes
博柏利 | Burberry
思琳
罗意威 | Loewe
巴黎世家 | Balenciaga
缪缪 | Miu Miu
葆蝶家 | Bottega Veneta
蒂芙尼 | Tiffany & Co.
卡地亚 | Cartier
宝格丽 | Bulgari | Bvlgari
潘多拉 | Pandora
施华洛世奇 | Swarovski
周大福 | Chow Tai Fook
周生生 | Chow Sang Sang
老铺黄金
六福珠宝
APM Monaco
卡西欧 | Casio
Daniel Wellington
Gentle Monster
暴龙 | Bolon
=LOHO
海俪恩
可啦啦
Lensme
Charles & Keith | 小CK
Stradivarius
Massimo Dutti
Lacoste
Ralph Lauren | 拉夫劳伦
Tommy Hilfiger
Calvin Klein
Levi's | 李维斯
UGG
=Crocs | 卡骆驰
Dr. Martens
Birkenstock
# --- sportswear and outdoor
耐克 | Nike
阿迪达斯 | Adidas | adidas
彪马 | =Puma
New Balance | 新百伦
亚瑟士 | ASICS | Asics
露露乐蒙 | lululemon | Lululemon
安踏 | Anta | ANTA
李宁 | Li-Ning | Li Ning | LI-NING
特步 | Xtep
鸿星尔克 | Erke
斐乐 | =FILA | Fila
安德玛 | Under Armour
斯凯奇 | Skechers
=Vans
匡威 | =Converse
The North Face
始祖鸟 | Arc'teryx | Arcteryx
萨洛蒙 | Salomon
迪桑特 | Descente
可隆 | Kolon Sport
迪卡侬 | =Decathlon
Hoka | HOKA ONE ONE
昂跑 | On Running
Maia Active
粒子狂热
挪客 | Naturehike
牧高笛 | Mobi Garden
Helinox
Snow Peak
凯乐石 | Kailas
蕉下 | Beneunder
# --- food, snacks, drinks, alcohol
元气森林 | Genki Forest
农夫山泉 | Nongfu Spring
三只松鼠 | Three Squirrels
良品铺子 | Bestore
百草味 | Be & Cheery
王小卤
卫龙 | Weilong
认养一头牛
蒙牛 | Mengniu
伊利 | Yili
安慕希
噢麦力 | Oatly | OATLY
可口可乐 | Coca-Cola | Coca Cola
百事可乐 | Pepsi
雀巢 | Nestlé | Nestle
德芙
费列罗 | Ferrero
奥利奥 | Oreo
乐事 | Lay's
好丽友
旺旺 | Want Want
李子柒
自嗨锅
拉面说
空刻
王饱饱
=ffit8
薄荷健康
万益蓝 | WonderLab
汤臣倍健 | By-health
Swisse
钟薛高
哈根达斯 | Häagen-Dazs | Haagen-Dazs
歌帝梵 | Godiva
瑞士莲 | Lindt
江小白
锐澳 | =RIO
青岛啤酒 | Tsingtao
百威 | Budweiser
喜力 | Heineken
茅台
五粮液
白象
李锦记 | Lee Kum Kee
# --- coffee and tea
三顿半 | Saturnbird
隅田川
永璞
=Manner | =Manner Coffee
瑞幸 | luckin | Luckin Coffee
星巴克 | Starbucks
Tims | Tim Hortons
皮爷咖啡 | Peet's Coffee | Peet's
Costa Coffee
蓝瓶咖啡 | =Blue Bottle | =Blue Bottle Coffee
=M Stand
Seesaw Coffee
%Arabica
喜茶 | HEYTEA | Heytea
奈雪的茶 | 奈雪 | Nayuki
茶颜悦色
霸王茶姬 | CHAGEE | Chagee
蜜雪冰城 | MIXUE | Mixue
古茗
沪上阿姨
茶百道
CoCo都可
乐乐茶
书亦烧仙草
小罐茶
ChaLi
立顿 | Lipton
川宁 | Twinings
# --- restaurants
海底捞 | Haidilao
麦当劳 | McDonald's | McDonalds
肯德基 | =KFC
必胜客 | Pizza Hut
汉堡王 | Burger King
塔斯汀
西贝
太二酸菜鱼
Shake Shack
Wagas
# --- home appliances and kitchen
=Midea | 美的集团
格力 | Gree
海尔 | Haier
卡萨帝 | Casarte
方太 | Fotile
老板电器 | Robam
苏泊尔 | Supor
九阳 | Joyoung
小熊电器
北鼎 | Buydeem
摩飞 | Morphy Richards
德龙 | De'Longhi | Delonghi
西门子 | Siemens
博世 | Bosch
伊莱克斯 | Electrolux
追觅 | Dreame
石头科技 | 石头扫地机 | Roborock
科沃斯 | Ecovacs
云鲸 | Narwal
添可 | Tineco
iRobot
膳魔师 | =Thermos
象印 | Zojirushi
乐扣乐扣 | LocknLock | Lock&Lock
双立人 | Zwilling
Le Creuset
Staub
=WMF
Corning
东菱
# --- phones, electronics, accessories
小米 | Xiaomi | !小米粥 | !小米辣 | !小米椒 | !小米饭 | !小米南瓜
华为 | Huawei | HUAWEI
=HONOR
=OPPO
=vivo
一加手机 | OnePlus
三星 | Samsung | !三星级 | !三星堆 | !三星好评
索尼 | Sony
大疆 | =DJI
影石 | Insta360
安克 | Anker
绿联 | UGREEN | Ugreen
倍思 | Baseus
韶音 | Shokz | AfterShokz
漫步者 | Edifier
=Beats
=Bose
=JBL
马歇尔 | =Marshall
罗技 | Logitech
雷蛇 | Razer
富士 | Fujifilm | !富士山
佳能 | =Canon
尼康 | Nikon
任天堂 | Nintendo
CASETiFY | Casetify
=PITAKA
贝尔金 | Belkin
mophie
Native Union
科大讯飞 | iFLYTEK
Lenovo
戴尔 | =Dell
惠普
华硕 | ASUS
=Kindle
# --- baby and kids
Babycare | babycare
帮宝适 | Pampers
花王
尤妮佳 | Moony | Unicharm
贝亲 | =Pigeon
Hegen
可优比 | =KUB
英氏
飞鹤 | Feihe
爱他美 | Aptamil
美赞臣 | Mead Johnson
惠氏 | Wyeth
君乐宝
十月结晶
戴可思
红色小象
兔头妈妈
启初
=NUK
Stokke
Goodbaby
Bebebus
巴拉巴拉 | Balabala
安奈儿
乐高 | LEGO | Lego
万代 | Bandai
三丽鸥 | Sanrio
Jellycat
# --- pets
皇家宠物食品 | Royal Canin
爱肯拿 | Acana
Orijen
麦富迪 | Myfoodie
比瑞吉
网易天成
诚实一口
伯纳天纯
卫仕
希尔思 | Hill's
冠能 | Pro Plan
Petkit | PETKIT
=pidan | Pidan
CATLINK
霍曼
# --- hotels, travel, theme parks, airlines, cars
希尔顿 | Hilton
万豪 | Marriott
洲际酒店 | =IHG
凯悦 | Hyatt
雅高 | Accor
亚朵 | Atour
全季酒店
丽思卡尔顿 | Ritz-Carlton
四季酒店 | =Four Seasons
安缦 | Aman Resorts
悦榕庄 | =Banyan Tree
地中海俱乐部 | Club Med
迪士尼 | Disney
环球影城 | Universal Studios
长隆
国泰航空 | Cathay Pacific
特斯拉 | Tesla
比亚迪 | =BYD
蔚来 | =NIO
小鹏汽车 | XPeng
理想汽车 | Li Auto
极氪 | Zeekr
宝马 | =BMW
奔驰 | Mercedes-Benz
奥迪 | Audi
保时捷 | Porsche
沃尔沃 | Volvo
# --- furniture and home
宜家 | IKEA | Ikea
源氏木语
林氏家居 | 林氏木业
顾家家居 | KUKA
芝华仕
欧派
宜得利 | NITORI | Nitori
ZARA HOME | Zara Home
H&M HOME
网易严选
京东京造
ZAOZUO
梵几
Natuzzi
# --- toys and pop culture
泡泡玛特 | POP MART | Pop Mart | POPMART

@ weak
# --- retail chains, shops and booking platforms: often the shop where the product is sold
名创优品 | MINISO | Miniso
屈臣氏 | Watsons
丝芙兰 | Sephora
山姆会员店 | Sam's Club
开市客 | Costco
盒马 | Hema | 盒马鲜生
沃尔玛 | Walmart
罗森
=KKV
THE COLORIST
WOW COLOUR
HARMAY
酷乐潮玩
=TOP TOY
携程 | Trip.com | Ctrip
飞猪 | Fliggy
去哪儿旅行
马蜂窝
爱彼迎 | Airbnb
Booking.com
Agoda
"""


@dataclass(frozen=True)
class Alias:
    text: str  # as listed
    low: str  # fold(text), for the case-insensitive match
    exact: bool  # match only as written
    latin: bool  # a whole-word match (no letter or digit either side)
    weak: bool
    not_inside: tuple[tuple[str, int], ...]  # phrases holding the name that are not the brand
    brand: int  # the line: aliases of one brand share it


@dataclass(frozen=True)
class Mention:
    name: str  # as written in the text
    start: int
    end: int
    weak: bool
    brand: int


def fold(text: str) -> str:
    """text in lower case, one character for one, so an index into it is an index into text.

    str.lower() is not: "İ" (U+0130) lowers to two characters ("i" and a combining dot), which
    moved every later position by one (a brand cut one character off, or past the end of the
    text). Each character is lowered on its own and keeps its first code point ("İ" -> "i");
    lowering one at a time also leaves out the context rule of a final sigma, so a name and
    the text it is looked for in are always lowered alike."""
    return "".join([c.lower()[0] for c in text])


WORD_CHAR = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9\u00c0-\u024f])[A-Za-z0-9\u00c0-\u024f]+")


def _key(alias: str) -> str:
    if WORD_CHAR.match(alias):
        word = LATIN_WORD.match(alias)
        return fold(word.group(0)) if word else ""
    return alias[:2]


@lru_cache(maxsize=1)
def index() -> dict[str, list[Alias]]:
    """Aliases by their key: the first word (lower case) of a Latin name, the first two
    characters of a Chinese one. Longest first, so the longest name at a place wins."""
    out: dict[str, list[Alias]] = {}
    weak = False
    for number, raw in enumerate(BRANDS.splitlines()):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            weak = line[1:].strip() == "weak"
            continue
        parts = [p.strip() for p in line.split("|") if p.strip()]
        phrases = [p[1:] for p in parts if p.startswith("!")]
        for part in parts:
            if part.startswith("!"):
                continue
            exact = part.startswith("=")
            text = part.lstrip("=")
            latin = bool(WORD_CHAR.match(text))
            if latin and len(text) <= 3:
                exact = True  # GU, MAC, JBL: only as written
            key = _key(text)
            if not key or len(text) < 2:
                continue
            not_inside = tuple((p, p.find(text)) for p in phrases if text in p)
            out.setdefault(key, []).append(
                Alias(text, fold(text), exact, latin, weak, not_inside, number)
            )
    for aliases in out.values():
        aliases.sort(key=lambda a: -len(a.text))
    return out


@lru_cache(maxsize=1)
def _aliases_by_brand() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for aliases in index().values():
        for alias in aliases:
            out.setdefault(alias.brand, []).append(alias.text)
    return {brand: tuple(names) for brand, names in out.items()}


def aliases_of(brand: int) -> tuple[str, ...]:
    """Every name listed for the brand of a Mention (its line)."""
    return _aliases_by_brand().get(brand, ())


def _matches(s: str, low: str, i: int, alias: Alias) -> bool:
    end = i + len(alias.text)
    if alias.exact:
        if not s.startswith(alias.text, i):
            return False
    elif not low.startswith(alias.low, i):
        return False
    if alias.latin and end < len(s) and WORD_CHAR.match(s[end]) and WORD_CHAR.match(s[end - 1]):
        return False  # "Anker" in "Ankerplatz"
    return not any(s.startswith(p, i - k) for p, k in alias.not_inside if i - k >= 0)


# a Latin name joined by & to a Title-Case word that is no known brand: one longer name
# ("Tallow & Tide", "Kindle & Kiln Pottery", "Dove & Fern Botanicals"), not the known one
AMP_AFTER = re.compile(r"[ ]&[ ](?=[A-Z])")
AMP_BEFORE = re.compile(r"(?<![\w'])[A-Z][\w'\u00c0-\u024f]{0,30}[ ]&[ ]\Z")


def inside_amp_name(s: str, m: Mention, starts: set[int], ends: set[int]) -> bool:
    if not WORD_CHAR.match(s[m.start]):
        return False
    after = AMP_AFTER.match(s, m.end)
    if after is not None and after.end() not in starts:
        return True
    before = AMP_BEFORE.search(s, max(0, m.start - 34), m.start)
    return before is not None and before.start() not in starts and m.start - 3 not in ends


MAX_MENTIONS = 100  # a real message names a handful of brands; a flood reads only the first


def find_known(s: str) -> list[Mention]:
    """Well-known brands named in `s` (normalised text), in order, each as written there."""
    idx = index()
    low = fold(s).replace("’", "'")
    out: list[Mention] = []
    taken = 0  # a name inside a longer one already found is not read twice
    for m in LATIN_WORD.finditer(s):
        for alias in idx.get(fold(m.group(0)), ()):
            if _matches(s, low, m.start(), alias):
                end = m.start() + len(alias.text)
                out.append(Mention(s[m.start() : end], m.start(), end, alias.weak, alias.brand))
                break
    for i in range(len(s) - 1):
        if i < taken or not ("\u4e00" <= s[i] <= "\u9fff"):
            continue
        for alias in idx.get(s[i : i + 2], ()):
            if _matches(s, low, i, alias):
                end = i + len(alias.text)
                out.append(Mention(s[i:end], i, end, alias.weak, alias.brand))
                taken = end
                break
    out.sort(key=lambda x: x.start)
    starts = {x.start for x in out}
    ends = {x.end for x in out}
    out = [x for x in out if not inside_amp_name(s, x, starts, ends)]
    merged: list[Mention] = []
    for mention in out:
        last = merged[-1] if merged else None
        if (
            last
            and last.brand == mention.brand
            and last.end == mention.start
            and ("\u4e00" <= s[last.start] <= "\u9fff")
            != ("\u4e00" <= s[mention.start] <= "\u9fff")
        ):
            # "OATLY噢麦力", "橘朵Judydoll": one name written in both scripts
            merged[-1] = Mention(
                s[last.start : mention.end], last.start, mention.end, last.weak, last.brand
            )
        else:
            merged.append(mention)
    return merged[:MAX_MENTIONS]
