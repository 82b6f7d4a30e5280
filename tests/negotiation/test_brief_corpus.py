"""Field-level accuracy of the brief parser on the corpus in tests/briefs/.

- tests/briefs/tuned/ — messages the rules were tuned on (001–067 written with the parser,
  2xx, 4xx and 7xx written later, each batch scored before the rules for it; r7-* written
  in the seventh round for set 6's classes: r7-01..24 before any rule for them, r7-25..70 in
  six batches after, each batch scored once before the rules it led to; r9-* written in the
  ninth round for set 8's brand classes, each before the rule for it; r10-* written in the
  tenth round for set 9's brand and referral classes, all eight before any rule for them;
  r11-* written in the eleventh round for set 10's source, brand and in-kind classes, each
  before the rule for it; r12-* written in the twelfth round for set 11's brand, fee and
  deliverables classes, each shown failing before the rule for it; r13-* written in the
  thirteenth round for set 12's fee classes and for brand, in-kind and revision cues, in six
  batches, each committed and scored before the rules for it; r14-* written in the fourteenth
  round for set 13's brand, fee, deliverables, exclusivity, usage and deadline classes, in four
  batches, each committed and scored before the rules for it; r15-* written in the fifteenth
  round for set 14's fee, brand and source classes (campaign budgets shared by many creators,
  ad spend, goods prices in brackets, per-post prices times a count broken down, names before a
  role, shop labels, account handles, chats the creator opened, forwarded briefs), all sixteen
  committed and scored before any rule for them, 14 of 16 missing a field); r16-* written in the
  sixteenth round for set 15's classes (what role an amount plays: a shop price or a product
  kept, the creator's take after a cut, a bonus, a flat-price label, her own quote turned down
  for a barter; brands named in passing, in replies and in English intros; relayed jobs;
  licence terms after a comma), all twenty-six committed and scored before any rule for them,
  20 of 26 missing a field); r17-* written in the seventeenth round for set 16's classes (other
  channels: LinkedIn, comment threads, the creator's notes of a call or fair; jobs passed on:
  a forwarded email, a relative at an agency, a notice handed over; chat labels with a
  department or a person after a dash, or naming a trade; '@X官方：'; 'X Latin 这边'; 'brand 叫
  X'; month-days with a dash before 前; the writer's company as the agency; counts corrected in
  a thread), twenty-two in four batches, each committed and scored before the rules for it,
  20 of 22 missing a field); r18-* written in the eighteenth round for set 17's brand
  and fee classes (heading and campaign words taken for the name: 品牌招募, …计划, 'Spring Glow
  Edit'; all-caps terms: NDA, URGENT, SOW; a sentence or a feature; category tails: 儿童, 小家电;
  a listed word inside a product's name; a place before a dot; chat labels with a role glued to
  a person; signature lines of name, department and person; arrows in mail headers; 是X in a
  relayed job; a campaign's total budget on its own line; a price per piece times a package or
  a count written apart; a barter read as paid), thirty-four in four batches, each committed
  and scored before the rules for it, 30 of 34 missing a field); r19-* written in the
  nineteenth round for set 18's brand class where no rule finds a name (Title-Case trade names
  of several words, accented names, hashtags, repeated Chinese names, a name after "for" or 在,
  a no-brand guard), ten committed and scored before the last-resort brand, 5 of 10 missing a
  field (brand on 4); r20-* written in the twentieth round for set 19's money classes (goods
  sent or kept priced per item or as a lot next to a fee: "3 candles (USD 32 each), yours to
  keep", "×2（¥79/支）", "两盒二百四", "(about EUR 140 together)"; a count times a price written
  out: "4 × $150"), eleven in two batches, each committed and scored before the rule for it,
  10 of 11 missing a field (fee or in_kind_value on 10); r21-* written in the twenty-first
  round for set 20's fee classes (a later value in a thread wins: a correction, "actually",
  an update 900 → 1100 restated bare, a counter-offer accepted; the reply above a quoted
  earlier mail; prices named by their kind alone, "image ¥900, video ¥1.8k"; goods' worth after
  大概值/差不多值; a campaign budget next to a count of places, "共招12位", "40 spots"; a brand
  candidate's lead words, "So Lantern & Loom", 一直很喜欢…, 小博主), nineteen in four batches,
  each committed and scored before the rule for it, 16 of 19 missing a field (fee on 12,
  in_kind_value on 2, brand on 2); r22-* written in the twenty-second round for set 21's
  classes (revision limits as a bound, a count and a revision noun in any order: 控制在2轮以内,
  'Three rounds, tops.' answering a question, 'not more than three (3) rounds', feedback 最多给
  1 版, 'no limit', 'no cap'; a brand glued to its trade word in running Chinese text, 合作过的
  青檀咖啡; the creator's own call notes, a signed agreement's summary and an approval mail as
  source 'other'; a count of pieces written apart from the kind word, 要三篇, 共 3 条, 两条都;
  a relative deadline in the sentence of the payment terms; d/m/yyyy dates written day first;
  a known brand's word inside a longer 'X & Y' name, Dove & Fern Botanicals), twenty-five in
  seven batches, each committed and scored before the rule for it, 21 of 25 missing a field
  (revision fields on 7, brand on 9, source on 7, deadline on 6, fee on 3, deliverables on 2;
  10, 11, 18 and 20 are guards); r23-* written in the twenty-third round for set 22's fee and
  brand classes (a rate from an earlier deal, the referrer's own or the creator's: 我上次接他们是
  1100/条, 'they paid me $500', not '还是按上次的价格 650'; a part added to the fee: '+ 合作码授权费
  ¥100', 另加, 'plus $120 for a usage license', 授权费另加200, a bonus only after a result; a count
  before the times sign, 2篇×300, '2 posts x ¥500', and a price per creator; a count after a verb
  of making, 先拍2条看看; a fragment of a sentence read as the name, 人挺好说话, 不接其他…品牌,
  成为南枝的…; a marketplace read as the brand, 'Collabify keeps a 12% platform fee'; a quoted
  name before a campaign's title, 「禾本 · 夏日尝鲜官」; 'Wick & Co. —'), twenty-nine in four
  batches, each committed and scored before the rules for it, 18 of 29 missing a field of its
  class (fee on 11, brand on 6, deliverables on 1; 04, 07, 12, 14, 16-19, 25, 28, 29 passed
  before, most as guards); r24-* written in the twenty-fourth round for set 23's brand and
  source classes (chat labels dated 3月2日, 2026/5/8, 'Jun 3,'; an introduction cut at 的 before
  a staff role, 我是棠溪手工皂的主理人阿宁; a person named with a role at a company, 'Marcus Lee
  (APAC Influencer Lead at Verdant Labs)'; an amount after 'from' read as a name, 'from RMB
  2,000'; a quoted campaign title holding the name, 「带着 Atlas 去旅行」; a closing bracket ending
  a label's value; a name before a program's title, 'Aqualis 澈露 Creator Program'; a reply's
  chain under 'Subject: Re:' over the creator's own first mail; a friend passing on what an
  agency sent, 推你去, 他们发的要求, 我认识的星野MCN), twenty in two batches, each committed and
  scored before the rules for it, 13 of 20 missing a field (brand on 10, source on 6, agency on
  1; 01, 02, 05, 06, 10, 14 passed before, 08 missed only strictly); r25-* written in the
  twenty-fifth round for set 24's brand, source and fee classes (a chat speaker written
  company-dash-person with a role, a bracketed date or the time alone, 植语集-投放 小苏：,
  毛球星球-小橘 10:12; a person beside the brand, @小雨 … 小雨：, 'Bloom MCN 的 Kelly … Kelly 说',
  'Maya said', 'Maya (Juniper & Rye PR)'; a feature word or a form's 【】 label read as the
  name, 智能猫砂盆, 【合作码】; a shop's branch, 炙野烧肉·上海静安店; a name in two scripts, 喵宅
  MEOWHOUSE, 'Pebble 卵石'; a booth at a fair, 逛到柔一 ROUYI 展位; a name opening with a
  negation, 没有名字咖啡; a friend asking 你不是做…的吗 and pasting a brief; a price per piece
  with the count and an added fee, 每条 ¥1200 共 2 条，另加授权费 ¥300; a package's price, 'package
  价', 'for the bundle of three'; a fee corrected after an exclamation), thirty-five in twelve
  batches, each committed and scored before the rules for it, 24 of 35 missing a field (brand
  on 16, source on 13, fee on 5; 01, 03, 04, 10, 16, 18, 20, 21, 23, 25, 35 passed before,
  most as guards; the rules for names in two scripts, booths, 你不是做…的吗, package prices and
  a company named beside a person were removed after the round's attack review, so those files
  miss their field again); r26-* written in the twenty-sixth round for set 25's fee and
  deadline classes (a line labelled as a bonus, 'Performance bonus: an extra $100 …',
  📌 bonus：… 额外 +¥150, 额外奖励：; the price of each further revision round, 'further
  rounds are charged at $60 each', 超出的修改每次另收100元; a campaign budget beside a count
  of creators written 25 位左右的 beauty creators, 30名左右的母婴博主; a fee filled in or
  typed wrong, 报价填错了🙈应该是1200的; her quote answered 'no paid influencer budget',
  没有达人稿费预算; goods' worth in brackets after 'on us'; a package's price said again in a
  counter-offer, '$450 for the reel and one photo post';
  a holiday said as the time after which to post, 双十一之后, 'after Christmas'), twenty-one in
  two batches, each committed and scored before the rules for it, 15 of 21 missing a field (fee
  on 13, deadline on 2, deliverables and source on 1 each; 06, 09, 15, 17, 18 and 21 are guards
  and passed before; 02 still misses deliverables and fee: a count in the bonus's condition,
  任意一篇, is taken for the count of posts; 16 still misses source); r27-* written in the
  twenty-seventh round for set 26's deadline, source and brand classes (an aside in brackets
  beside the deadline about getting the goods, （产品收到后…）, '(the tins ship this week, …)';
  this month as the period, 这个月内, 'this month 之内', 'within this month'; a date said of the
  goods sent, the contract or a follow-up, 样品后天发出, 'I'll email the contract by Friday',
  合同我下周二前发您; a stay's check-in and check-out and a deadline counted from check-out; a
  mail header's date, Date:, 发送时间：; a holiday named as the reason for the date, 赶国庆前的
  流量, 'catch the Christmas traffic'; the creator opening the thread, [我 → 栖山官方 4月2日], a
  channel line over 我：, her own first mail; Spark (Ads) codes; her notes headed by a fair,
  'Notes — … Fair', 展会笔记｜…; a button's label or a comment area's heading read as the name,
  「马上报名」, 📍抖音评论区), thirty-two in one batch, committed and scored before any rule for
  them, 24 of 32 missing a field (deadline on 15, source on 7, brand on 3; 03, 07, 08, 19, 23,
  24, 27, 30 are guards and passed before; 12 and 13 still miss the deadline counted from
  check-out, now null instead of the check-in date; 28 still misses the brand, 'Met Sofie', and
  32 the brand, the quoted note title 「租房改造」); r28-* written in the twenty-eighth round for
  set 27's classes (a platform's label in 【】 over the quoted name, 【蒲公英合作】, 【星图任务】;
  another brand named in a remark said to be unrelated, （跟这次合作没关系）, '(unrelated to this
  collab)'; a chat label of a person, a bar, then her company and role, [Lily | Sunbeam 阳光 PR
  …]; call notes 'w/ X' with the people paired after a dash, 'Sam & Priya'; an 'X & Y' name in a
  header, Salt & Stone, and a series called "Tessa & You"; a trailing 品牌, 青柠日记品牌部,
  暖岛品牌; a referral naming the maker, 'Oakridge (they do …) reached out'; a campaign's total
  budget beside a per-creator fee, 本次 campaign 总 budget, and a budget for one creator; a
  licence added at a price, 另外想加素材授权 60 天，+¥500; prices by kind on a Rate line; counts
  glued with no joiner, 要两篇图文一条视频; a shop's affiliate invitation and its commission; a
  job offered to the writer and passed on, 我这有个…单子…你接不接; 国庆前; a shop price of goods
  not sent), twenty-nine committed and scored before any rule for them, 19 of 29 missing a field
  (brand on 12, source on 5, fee on 3, deliverables and agency_cut_pct on 2; 03, 06, 09 are guards
  and passed before, 14 and 21 are guards that failed before: 'Tessa & You' was taken whole, the
  one creator's budget was dropped); after the rules four still miss a field: 28 (国庆前, see
  below), 18 (a name before 'reached out to me about their …', declined: a person writes it too),
  20 (an English casting call's brand and source), 24 (the agency 蓝鲸 Talent); and r28-30..34
  written after the rules as a check that they generalise, five of their classes in fresh wording,
  each missing a field at f8c398e (91.8 %), 100 % with the rules. 国庆前 is read as 10-01 here and
  by own files (r27-19; 五一前 → 05-01 in r8-06, 圣诞前 → 12-25 in 233), as 09-30 by every blind
  writer (h24-18, h27-15; 双十一前 → 11-10 in h12-14): the corpus holds two conventions and r28-28
  follows the blind writers'; r29-* written in the twenty-ninth round for set 28's classes (a
  roundup or a store visit written as a note, 合集类图文笔记1篇, 探店笔记 ¥800 一篇, counted
  once, with guards where a store visit and a separate image note, or a roundup and a single
  note, stand side by side, 1篇探店笔记 + 1篇产品图文，两篇一共1500; a count per month over
  months named one by one, 3月、4月、5月每月各2篇, or over a period on the line above, 周期：
  10-12月，为期3个月; 'one reel per month for three months' and 连续4个月 were already read;
  guards where the months are a licence's, 视频授权3个月, or the total count is stated,
  合作期内一共2篇; our product in quotes, 「晨光焕亮精华」, 「云朵沙发」, beside the brand's
  label, and a barter label, 我们这次是纯置换合作哈, with a guard where the quote is the brand,
  我们是「木纹日记」; her arrow label naming the channel and time, [我 → 禾满面包 小红书私信
  05/12 09:30]; UGC videos and clips), sixteen committed and scored before any rule for them,
  8 of 16 missing a field (deliverables on 7, fee on 4, brand on 2, source on 1; 04, 05, 10,
  11, 15 are guards, 04 and 05 failing before on a restated total, 两篇一共1500 read as two more
  notes), and r29-17, 18 (UGC videos, UGC clips) committed before their rule, both missing the
  deliverables; after the rules none misses a field (05's brand, 新通告：木屿收纳, by the
  agency notice's rule); r30-* written in the thirtieth round for set 29's classes (paid as the
  post goes up or on the day, 发布即结款, 到店拍摄那天…结清, 'we pay on the spot', and a
  platform's settlement with its days after a comma, 平台统一结算，预计10天左右, with a guard
  where the posting day and the payment stand in different clauses; a count per week over weeks,
  每周发1条视频，连续4周, 'one TikTok a week for six weeks', with guards where the weeks are for
  reporting data or a total is stated, 共3条; an agency's group label, 【青橙互娱 达人通告群】; a
  job the writer cannot take passed to her, 有个单子我接不了 推给你 with 蒲公英 named, 'asked me
  for creator recs and I passed along your handle', with a guard where the brand mentions
  forwarding; a per-piece price agreed again in a thread; a bound alone in its clause after one
  about the goods, 收到样品后尽快发布，不晚于…; usage in months written 'mo'; the company
  heading her call notes, 'call notes — Pinecrest (Thu 4/9) w/ Dana + Theo', 跟拾穗米业市场部
  电话沟通, with guards where the company follows the person, 'w/ Mia (Fernleaf Tea)', or the
  name starts with 跟, 跟屁虫童装; notes counted then broken down one by one after a comma,
  2 篇图文，一篇开箱，一篇…, with a guard where one note is priced, 一篇800; her own 真心推荐 in
  her pitch, with a guard where a friend writes 推荐你一个单子; a window written month, day,
  dash, day, 'between June 3–9', with a guard where an event's days stand beside a 'by' date;
  a shop's affiliate invitation, 快手好物联盟 · 商家定向邀约; a Latin name, its category and 这边,
  'Maren 家居这边 confirm', with a guard 'Amy 市场部这边'), forty-three in eight batches, each
  committed and scored before the rules for it, 22 of 43 missing a field (brand on 7,
  deliverables on 5, payment_days, fee and source on 4, deadline on 3, usage_rights_days on 2,
  agency on 1; 04, 05, 08, 11, 12, 15, 17, 19, 20, 22, 25, 26, 28, 30, 32, 34, 37-40, 43
  passed before, most as guards; 38-40, the affiliate class, all passed, so no rule was
  written for it); after the rules three still miss a field: 01 (the brand of the
  label 青木茶铺：), 16 (the brand, [枫林小厨 官方] read as 酱料) and 33 (deliverables, 1条 room
  tour 视频 read as none); r31-* written in the thirty-first round for set 30's classes (a
  deadline counted from taking the order, 接单后10天内, 下单后20天内, with a guard where it is
  counted from the sample's arrival, 收到样品后7天内; the name at the head of a marketplace
  invitation's line, 暖柚 向您发起合作; a trade word glued to the name, 栖暖羽绒, 眠山床品; a
  friend booked up who passes the job on, 我这周排满了，就推了你 with 蒲公英 named, 'passing
  you one', with a guard where the brand's own schedule is full; her memo of a call or a fair,
  📞 … 语音 备忘, 📝 9.21 成都糖酒会 3号馆 备忘, 'Notes: Harbour Makers Bazaar', with a guard
  where a brand heads its own message 【合作备忘】; a 'Co.' name's dot before a new sentence;
  her own account after 户外博主「…」; a maker's description, 小工作室🥄, and 我是陈一禾，青禾木作
  的主理人; an agency 代表 a brand 跟您对接; a fair stand in her notes, 豆屿（挂耳咖啡）展位; a
  goods price said to be no part of the deal, 跟合作没关系, 'not part of the deal'; 月底前 set
  apart by spaces; an agent's 到手 figure alone and 'X 这边想约'; parts summed with '= total',
  one of them a priced spot in her gift guide, with a guard where goods are gifted with their
  value; an agency's group label with a dot, 【星河互娱·杭州探店2群】), thirty-one in five
  batches, each committed and scored before the rules for it, 23 of 31 missing a field (brand on
  12, source on 7, fee on 5, deadline on 4, deliverables on 2, agency, fee_is_floor, currency
  and in_kind_value on 1; 12, 13, 14, 15, 20, 21, 22, 30 passed before, most as guards); after
  the rules two still miss a field: 28 (deliverables, the Reel of '$300 for
  the Reel + $120 for a carousel post' not read) and 31 (deliverables and fee, an image note
  counted beside the store visit it comes from, doubling the fee); r32-* written in the
  thirty-second round for set 31's classes (the eve of a holiday whose day moves, 端午前,
  七夕之前, 春节前, 母亲节以前, 'before Mother's Day', 'by Thanksgiving', with the count after
  七夕之前想发一条; a quoted product or slogan beside the name, 我们是栖月 … 「晚风白茶」香薰蜡烛,
  禾木「一夜好眠」乳胶枕, and a quoted campaign title of words apart, 「青柚 便携榨汁杯 夏日招募」,
  with an English guard; her own code with a commission on its sales as a co_code deal, with a
  follower-code guard; her notes of a call under an emoji, '☎️ call w/ Fernleaf 蕨叶 (tea)', and
  of a fair headed 速记 with the maker heading a line, 栖岸（做身体乳的，…）; a marketplace's mail
  that a brand hired her, 'You've been hired by …', 'X service fee (10%)', 'Revisions included:
  2'; her pitch under a channel line, 'Me (Mar 2):', and her own mail copied into her notes,
  我写给眠舍的合作邮件; 'forward 个 job 给你'; a part added later in a thread with a plus,
  'Usage +$100'; 我是木槿的小禾; 山岚茶叶那边; '📢 New brief｜禾谷 Hegu 燕麦奶'; 'extra stories'
  after the stories counted; the reply over a chain quoted with '>' lines; agencies, 星河互娱,
  【橙子娱乐·美妆3群】 … 品牌：橙子, 代理品牌【拾光】, an agency's chat label over its own cut,
  我们收15%服务费; chat labels of a company and a person, [栖屿 小满], 茶岛-阿七 14:02; a
  priced footage-licence line; a store visit's or a roundup's format in brackets, 探店笔记（图文）
  1篇), thirty-six in thirteen batches, each committed and scored before the rules for it (20
  and 21 after the plus rule was drafted, scored at main before it was committed), 31 of 36
  missing a field at main (brand and source on 14, deadline and deliverables on 6,
  platform_fee_pct and agency_cut_pct on 3, fee and agency on 2,
  usage_rights_days and the two revision fields on 1; 10, 13, 20, 23, 26 passed before, most as
  guards); after the rules two still miss a field: 21 (source, the chat labelled 'Mia
  (Fernhollow), May 4:' read as no channel) and 27 (deliverables, the '2 image posts' of the
  quoted chain counted beside the reply's video); r33-* written in the thirty-third round for
  issue 13's brand classes (a heading, notice, notes or slogan word taken for the name:
  【电话记录】, 换季修护 招募, 'Recruitment | X'; a new product's name in a title, 新品黄皮柠檬茶;
  a goods word left on a name written alone elsewhere, 暖盏茶器 … 暖盏这边, 'Oatridge Granola'
  … 'Oatridge'; a name repeated at the start of clauses with no cue, 橘野家的，橘野今年…; the
  company of the person in her notes of a call, 跟栖禾的小周聊了一下), eight in one batch,
  committed and scored before any rule for them, 6 of 8 missing the brand (01 and 02 passed,
  as guards); after the rules one still misses it: 07 (null, the maker 和川 not read: 和 is a
  function character). A file may hold
  "known_brands": the
  names of the creator's own brands, passed to the parser as her ledger.
  A file may hold "brand_accept": other spellings of the same brand as the message writes it
  (text "NEIWAI 内外": brand "NEIWAI", brand_accept ["内外", "NEIWAI 内外"]). A creator accepts
  either as her brand's name, so the brand counts as found when the parser gives any of them;
  --strict scores the expected brand alone (report both figures). A Latin-script trade name
  written in Title Case is the brand's own name and is expected whole ("Blue Bottle Coffee",
  "First Aid Beauty"); where the message also writes it without the trailing word, that form
  is in brand_accept. Chinese product or category words after a name are not the name (贝语,
  not 贝语婴儿湿巾), nor lowercase English product words ("Lumio earbuds" → Lumio); a name
  written in two scripts together expects the first-written form (漫步者EDIFIER → 漫步者),
  brand_accept holding the other script and the joined or longer form as written.
  The currency is the money the offer is stated in, also when it has no cash fee and only
  goods with a stated value (置换, 价值¥236 → CNY); it is null only when no amount is given.
  A holiday said with 前 or "before" is its eve (国庆前 → 09-30, 双十一前 → 11-10, 元旦前 →
  12-31, "before Christmas" → 12-24), as every blind writer who met one read it (sets 12, 24,
  27, 28); "by Christmas" is the day, and a date said with 前 stays the day named (12月10日前 →
  12-10). Eight files of ours (226, 231, 233, r7-25, r7-49, r8-06, r26-21, r27-19) had the
  holiday itself and were relabelled when the parser took this reading.
- tests/briefs/seen/ — earlier held-out sets written by someone else, each scored once as
  held-out and then looked at while tuning, so they are tuned material now and held to the
  tuned bar: 1xx (overall 91.0 %; brand, source, fee and deadline below 85 %), 3xx (overall
  89.5 % at 5b15eef; brand 40.6 %, fee 78.1 %, source 81.2 %), 5xx (overall 93.8 % at
  d76bc04; every field >= 87.5 % except brand 59.4 %), 6xx (overall 93.2 % at 0e703a3;
  brand 75.0 %, fee and unlimited_revisions 87.5 %, every other field >= 90.6 %), 8xx
  (overall 95.8 % at 2b8149d; source 81.2 %, brand 90.6 %, every other field >= 93.8 %) and
  h6-* (overall 91.7 % at 10b3c72; fee and source 78.1 %, in_kind_value and brand 81.2 %,
  usage_rights_days 84.4 %), h7-* (overall 92.3 % at 0ed1250; deadline 71.9 %,
  in_kind_value 75.0 %, brand 78.1 %, every other field >= 87.5 %), h8-* (overall
  94.3 % at 691ed87; brand 68.8 %, every other field >= 87.5 %), h9-* (overall 93.4 %
  at ee2e91f with the unlimited_revisions convention of 06f754b, 91.0 % as written; brand
  81.2 % (75.0 % strict); deliverables, fee, usage_rights_days, source 87.5 %) and h10-*
  (overall 95.2 % at e49f1d8, 94.9 % strict; brand 84.4 % (78.1 % strict), source 81.2 %,
  every other field >= 87.5 %) and h11-* (overall 91.7 % at dc4f1be, same strict; brand
  71.9 %, fee 78.1 %, deliverables 81.2 %, every other field >= 87.5 %) and h12-* (overall
  94.9 % at 6a96006, same strict; fee 78.1 %, every other field >= 90.6 %) and h13-* (overall
  90.3 % at 4236641; brand 56.2 %, fee and deliverables 75.0 %, deadline and exclusivity
  87.5 %) and h14-* (overall 94.7 % at a094a39, 94.5 % strict; brand 75.0 %, fee 81.2 %,
  source 87.5 %, every other field >= 93.8 %) and h15-* (overall 89.2 % at 6d37593 as written,
  89.5 % with the currency convention of 6a5f27c; fee 59.4 %, brand 53.1 %, source, currency
  and usage_rights_days 84.4 %) and h16-* (overall 93.2 % at b277b71; at 46f1fec 93.8 %,
  93.0 % strict; deliverables and fee 84.4 %, brand and source 81.2 %, deadline 90.6 %) and
  h17-* (overall 90.3 % at b931731, 89.5 % strict; at 10a4a7d 90.6 %, 89.9 % strict; brand
  65.6 %, fee 71.9 %, deliverables 81.2 %, in_kind_value and source (before r17) 84.4 %,
  deadline 87.5 %) and h18-* (overall 92.6 % at 2c7be7e, 92.3 % strict; at 9c351e0 92.8 %,
  92.6 % strict; brand 71.9 %, source 81.2 %, fee 84.4 %, deliverables and in_kind_value
  87.5 %) and h19-* (overall 91.7 % at 6148715, same strict; at b9710bc 92.3 %, same strict;
  fee and in_kind_value 81.2 %, deliverables 84.4 %, brand 78.1 % after round 19 (71.9 %
  before), paid_boost_allowed and source 90.6 %) and h20-* (overall 90.4 % at 83520e6, 89.7 %
  strict, fee 62.5 %; at 8c5dd01 91.5 %, 90.8 % strict; fee 71.9 %, brand 75.0 %, source
  87.5 %, every other field >= 90.6 %) and h21-* (overall 89.0 % at e0ad1e1, 88.2 % strict;
  at 1615426 89.3 %, 88.6 % strict; brand 65.6 %, fee 71.9 %, source 78.1 %,
  unlimited_revisions 81.2 %, deliverables and included_revision_rounds 84.4 %) and h22-*
  (overall 94.9 % at 508008e, 94.5 % strict; at 6b13a34 95.2 %, 94.9 % strict; fee and brand
  78.1 %, every other field >= 87.5 %) and h23-* (overall 94.3 % at 7d2c133, 93.9 % strict; at
  e59b445 94.5 %, 94.1 % strict; brand 78.1 %, source 84.4 %, deliverables 87.5 %, fee 93.8 %)
  and h24-* (overall 93.9 % at e59b445 and at b7dcb86, 93.6 % strict; 94.1 % with round 24,
  which was reverted; brand 65.6 %, deliverables, fee and source 87.5 %, deadline 90.6 %)
  and h25-* (overall 92.8 % at 0adc211, 92.3 % strict; at f16bc27 93.2 %, 92.6 % strict; fee
  75.0 %, brand 81.2 %, deliverables and source 84.4 %, deadline 87.5 %) and h26-* (overall
  94.9 % at f16bc27 and at 49aa83a, 94.7 % strict; deadline 78.1 %, brand 75.0 %, source
  84.4 %, every other field >= 90.6 %; 97.2 %, 97.1 % strict, after round 27 tuned on it)
  and h27-* (overall 96.0 % at 49aa83a, 95.6 % strict, brand 71.9 %, deliverables 87.5 %,
  every other field >= 90.6 %; 96.3 %, 96.0 % strict, brand 78.1 %, at dd097f3 after round
  27, which never saw it; a second writer reading the texts blind agreed on deadline, brand,
  source, fee and deliverables in all 32; 99.4 %, 99.1 % strict, after round 28 tuned on it)
  and h28-* (overall 91.5 % as written at f8c398e, 91.4 % with the brand_accept convention,
  91.2 % strict, and unchanged after round 28 at 73bd249; brand 62.5 % (65.6 % as written,
  59.4 % strict), deliverables 68.8 %, fee 78.1 %, every other field >= 90.6 %; 93.8 %
  after round 29 tuned on it) and h29-* (overall 93.6 % at 4daac75, 93.2 % strict, and
  unchanged after rounds 28 and 29 at 8c640e2, which never saw it; brand 81.2 % (75.0 %
  strict), deliverables, fee and source 84.4 %, deadline 87.5 %, every other field >= 93.8 %;
  96.3 %, 96.0 % strict, after round 30 tuned on it) and h30-* (overall 88.6 % as written at
  610d76c, 92.5 % with the corpus's conventions for unlimited_revisions, fee_is_floor and a
  gift's currency, 92.1 % with brand_accept holding spellings of the name only, 91.5 % strict;
  92.6 % after the holiday fix of b2ec7f5 and unchanged after round 30 and its attack review,
  which never saw it; brand 62.5 % (53.1 % strict), fee 75.0 %, source 81.2 %, deliverables
  87.5 %, deadline 90.6 %; 96.5 % after round 31 tuned on it) and h31-* (overall 90.1 % at
  2acce1f, same strict; 90.3 % at 9e63c06 after round 31 and its attack reviews, which never
  saw it; brand 65.6 %, source 75.0 %, fee 78.1 %, deliverables 81.2 %, deadline 87.5 %;
  96.5 %, same strict, after round 32 tuned on it).
- tests/briefs/heldout/ — a new held-out set written by someone else and kept out of sight of
  whoever tunes the rules. It must hold at least MIN_HELDOUT messages: when the folder is
  missing or short the held-out tests fail (never skip), so a suite cannot pass without it.

Tuned material: overall ≥ 95 %, every field ≥ 85 %. Held-out: overall ≥ 90 %, every field ≥ 85 %.

    python -m tests.negotiation.test_brief_corpus tuned seen     # the table for both parts
    python -m tests.negotiation.test_brief_corpus 'tuned/0*' -v  # one slice, every miss
    python -m tests.negotiation.test_brief_corpus tuned seen --strict  # brand_accept ignored
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.negotiation.brief import FIELDS, parse_brief

CORPUS = Path(__file__).resolve().parent.parent / "briefs"
MONEY_FIELDS = {"fee", "in_kind_value", "platform_fee_pct", "agency_cut_pct"}
TUNED_PARTS = ("tuned", "seen")
TUNED_OVERALL, TUNED_FIELD = 0.95, 0.85
HELDOUT_OVERALL, HELDOUT_FIELD = 0.90, 0.85
MIN_HELDOUT = 30


def norm(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "deliverables":
        return Counter((d["kind"], int(d["quantity"])) for d in value) or None
    if name in MONEY_FIELDS:
        return Decimal(str(value))
    if isinstance(value, str):
        return value.strip()
    return value


def load(*parts: str) -> list[tuple[str, dict[str, Any]]]:
    """Messages of each part: a folder name ("tuned") or a folder and a glob ("tuned/0*")."""
    out = []
    for part in parts:
        folder, _, pattern = part.partition("/")
        for p in sorted(
            (CORPUS / folder).glob((pattern or "*") + ("" if "." in pattern else ".json"))
        ):
            out.append((f"{folder}/{p.name}", json.loads(p.read_text(encoding="utf-8"))))
    return out


def hit(field: str, item: dict[str, Any], got: dict[str, Any], strict: bool = False) -> bool:
    """The parser's value of a field is the expected one; for the brand, unless strict, any
    other spelling of it the file accepts (brand_accept) counts too."""
    have = norm(field, got.get(field))
    if norm(field, item["expected"].get(field)) == have:
        return True
    if field != "brand" or strict or have is None:
        return False
    return have in {norm(field, other) for other in item.get("brand_accept", ())}


def score(
    *parts: str, verbose: bool = False, strict: bool = False
) -> tuple[dict[str, float], float, int]:
    items = load(*parts)
    hits: Counter[str] = Counter()
    for name, item in items:
        got = parse_brief(
            item["text"], date.fromisoformat(item["today"]), item.get("known_brands", ())
        )
        for f in FIELDS:
            if hit(f, item, got, strict):
                hits[f] += 1
            elif verbose:
                print(f"  {name} {f}: expected {item['expected'].get(f)!r} got {got.get(f)!r}")
    n = len(items)
    per_field = {f: hits[f] / n for f in FIELDS} if n else {}
    overall = sum(hits.values()) / (n * len(FIELDS)) if n else 0.0
    return per_field, overall, n


def report(part: str, per_field: dict[str, float], overall: float, n: int) -> str:
    lines = [f"{part}: {n} messages", f"{'field':28} accuracy"]
    lines += [f"{f:28} {per_field[f] * 100:6.1f} %" for f in FIELDS]
    lines.append(f"{'OVERALL':28} {overall * 100:6.1f} %")
    return "\n".join(lines)


def table(columns: dict[str, tuple[dict[str, float], float, int]]) -> str:
    """Several parts side by side."""
    head = f"{'field':26}" + "".join(f"{name:>16}" for name in columns)
    count = f"{'messages':26}" + "".join(f"{n:>16}" for _, _, n in columns.values())
    rows = [
        f"{f:26}" + "".join(f"{pf[f] * 100:>14.1f} %" for pf, _, _ in columns.values())
        for f in FIELDS
    ]
    total = f"{'OVERALL':26}" + "".join(f"{ov * 100:>14.1f} %" for _, ov, _ in columns.values())
    return "\n".join([head, count, *rows, total])


def test_tuned_material() -> None:
    per_field, overall, n = score(*TUNED_PARTS)
    text = report("+".join(TUNED_PARTS), per_field, overall, n)
    print("\n" + text)
    assert n >= 67 + 32 + 15
    assert overall >= TUNED_OVERALL, text
    weak = {f: v for f, v in per_field.items() if v < TUNED_FIELD}
    assert not weak, text


@pytest.mark.parametrize("part", TUNED_PARTS)
def test_each_tuned_part(part: str) -> None:
    per_field, overall, n = score(part)
    assert n >= 30
    assert overall >= TUNED_OVERALL, report(part, per_field, overall, n)


def heldout_score() -> tuple[dict[str, float], float, int]:
    per_field, overall, n = score("heldout")
    if n < MIN_HELDOUT:
        pytest.fail(
            f"tests/briefs/heldout/ holds {n} messages, at least {MIN_HELDOUT} are needed: the "
            "held-out set (written by someone who never saw the rules) must be in place"
        )
    return per_field, overall, n


def test_heldout_overall() -> None:
    per_field, overall, n = heldout_score()
    print("\n" + report("heldout", per_field, overall, n))
    assert overall >= HELDOUT_OVERALL, report("heldout", per_field, overall, n)


# Each held-out set is scored once, then looked at and moved to seen/; the per-field bar has
# not been met on any of them yet. Lowest field on sets 2-6: brand 40.6 %, brand 59.4 %,
# brand 75.0 %, source 81.2 % (set 5: 95.8 % overall), and on set 6 (h6-01..32, scored once
# at 10b3c72: 91.7 % overall) fee 78.1 %, source 78.1 %, in-kind value 81.2 %, brand 81.2 %,
# usage 84.4 %; on set 7 (h7-01..32, at 0ed1250: 92.3 % overall) deadline 71.9 %, in-kind
# value 75.0 %, brand 78.1 %; on set 8 (h8-01..32, at 691ed87: 94.3 % overall) brand 68.8 %,
# every other field >= 87.5 %; on set 9 (h9-01..32, at ee2e91f: 93.4 % overall with the
# unlimited_revisions convention of 06f754b, 91.0 % as written) brand 81.2 % (75.0 % strict),
# deliverables, fee, usage 87.5 %, source 87.5 %; on set 10 (h10-01..32, at e49f1d8: 95.2 %
# overall, 94.9 % strict) brand 84.4 % (78.1 % strict), source 81.2 %, every other field
# >= 87.5 %; on set 11 (h11-01..32, at dc4f1be: 91.7 % overall, same strict) brand 71.9 %,
# fee 78.1 %, deliverables 81.2 %, every other field >= 87.5 %; on set 12 (h12-01..32, at
# 6a96006: 94.9 % overall, same strict) fee 78.1 %, every other field >= 90.6 %; on set 13
# (h13-01..32, at 4236641: 90.3 % overall) brand 56.2 %, fee and deliverables 75.0 %; on set 14
# (h14-01..32, at a094a39: 94.7 % overall, 94.5 % strict) brand 75.0 %, fee 81.2 %, source
# 87.5 %; on set 15 (h15-01..32, at 6d37593: 89.2 % overall as written, 89.5 % with the
# currency convention) fee 59.4 %, brand 53.1 %, source, currency and usage 84.4 %; on set 16
# (h16-01..32, at b277b71: 93.2 % overall; at 46f1fec: 93.8 %, 93.0 % strict) deliverables and
# fee 84.4 %, brand and source 81.2 %, deadline 90.6 %. Strict, so
# the day the bar is met this marker has to go — on an unseen set. (While round 23 tuned on
# set 22 in heldout/ the marker was not strict: set 22 met the bar once tuned on, which says
# nothing of unseen messages. Set 27, unseen by every round before it, scored 96.0 % at
# 49aa83a and 96.3 % after round 27, brand 78.1 %. Set 28, unseen by every round before it,
# was held out until round 29 (then moved to seen/): scored once at f8c398e, 91.5 % overall
# as written, 91.4 % with brand_accept holding only spellings of the name (not 猫砂, 护手霜,
# 官方旗舰店 or an account handle after it), 91.2 % strict; brand 62.5 % (65.6 % as written, 59.4
# % strict), deliverables 68.8 %, fee 78.1 %, every other field >= 90.6 %; round 28 (on set
# 27) left every figure as it was. A second reader, labelling the 32 texts blind, agreed on
# deadline, source and deliverables in all 32, on the fee in 31 (it read "1000元起" as no fee,
# not a floor), and on the brand in 32 counting brand_accept, 18 strictly. Set 29, written the
# same way after it, scored once at 4daac75 (after round 28, before any round saw set 28):
# 93.6 % overall, 93.2 % strict; brand 81.2 % (75.0 % strict), deliverables, fee and source
# 84.4 %, deadline 87.5 %, every other field >= 93.8 %; its brand_accept holds spellings of the
# name only (葵野防晒, 雪梨兔童装 and a 官方旗舰店 form dropped, the joined 'Skyberry 天莓' added),
# which left every figure as written. A blind second reader agreed on deadline, source, fee and
# deliverables in all 32 and on the brand in all 32 counting brand_accept, 21 strictly.
# Set 30, written the same way, scored once at 610d76c (after round 29): 88.6 % as written,
# 92.5 % with the corpus's conventions (the lead's brief to its writer said unlimited_revisions
# false and fee_is_floor false where nothing is said, and currency null for a gift worth $95:
# applied as rules to every file, no other value touched), 92.1 % with brand_accept holding
# spellings of the name only (雁归羽绒, 沁夏凉席, 焐焐暖宝宝, 岱野露营, 顺顺梳 dropped), 91.5 %
# strict; brand 62.5 % (53.1 % strict), fee 75.0 %, deadline 78.1 % or 81.2 % (one message
# came out differently by hash seed), source 81.2 %, deliverables 87.5 %, every other field >=
# 96.9 %. A blind second reader agreed on deadline, brand, source, fee and deliverables in all
# 32 (brand counting brand_accept, 20 strictly). Its scoring found the hash-seed bug and the
# holiday convention (lead-holiday, b2ec7f5): 92.6 % after that fix, deadline 90.6 %; round
# 30 (on set 29, 8120090), which never saw it, left every figure as it was. Set 30 was held
# out until round 31 (then moved to seen/). Set 31 (h31-01..32), written the same way from a
# brief rewritten with the corpus's conventions, scored once at 2acce1f (after round 30 and its
# attack review, before round 31): 90.1 % overall, same strict; brand 65.6 %, source 75.0 %,
# fee 78.1 %, deliverables 81.2 %, deadline 84.4 %, every other field >= 90.6 %. Its
# brand_accept holds spellings of the name only (砚青文具 and 野棠茶饮 dropped) found in the text
# (Maison Orlee, not in it, dropped), which left every
# figure as written. A blind second reader agreed on deadline, brand, source, fee and
# deliverables in all 32 (brand 32 strictly). After round 31 (on set 30, which never saw set
# 31) and its attack review: 90.3 % overall, same strict; deadline 87.5 %, every other figure
# as before (also at 9e63c06, after the attack review of the agency fix). Set 31 was held out
# until round 32 (then moved to seen/). Set 32 (h32-01..32), written the same way (the same
# brief, a new fresh writer), scored once at deef00b (after round 31 and its attack reviews,
# before round 32): 93.2 % overall, 92.8 % strict; brand 65.6 % (59.4 % strict), deliverables
# 84.4 %, source 84.4 %, fee 87.5 %, usage_rights_days 90.6 %, every other field >= 93.8 %.
# A blind second reader agreed on deadline, brand, source, fee and deliverables in all 32
# (brand 31 strictly); no value was changed. After round 32 (on set 31) and its two attack
# reviews, which never saw it (f35c94c): 93.9 % overall, 93.6 % strict; brand 65.6 % (59.4 %
# strict), deliverables 84.4 %, source 87.5 %, fee and usage_rights_days 90.6 %, every other
# field >= 96.9 %. After brand33's vetting of generic words (13a11ae), which never saw it either:
# 94.1 % overall, 93.8 % strict; brand 68.8 % (62.5 % strict).
# The attack review of round 28 and round 29 (on set 28) left every figure as it was.)
@pytest.mark.xfail(
    strict=True,
    reason="a field on unseen messages is below 85 % (issue 13 note)",
)
def test_heldout_every_field() -> None:
    per_field, overall, n = heldout_score()
    weak = {f: v for f, v in per_field.items() if v < HELDOUT_FIELD}
    assert not weak, report("heldout", per_field, overall, n)


def test_every_message_parses_without_error() -> None:
    for name, item in load(*TUNED_PARTS, "heldout"):
        got = parse_brief(item["text"], date.fromisoformat(item["today"]))
        for field, span in got["spans"].items():
            assert item["text"][span["start"] : span["end"]] == span["text"], (name, field)


def test_corpus_files_are_well_formed() -> None:
    for name, item in load(*TUNED_PARTS, "heldout"):
        assert set(item) >= {"text", "today", "lang", "expected"}, name
        assert set(item) <= {"text", "today", "lang", "expected", "known_brands", "brand_accept"}, (
            name,
            set(item),
        )
        assert set(item["expected"]) == set(FIELDS), (name, set(item["expected"]) ^ set(FIELDS))
        if "brand_accept" in item:
            others = item["brand_accept"]
            assert isinstance(others, list) and others, name
            assert all(isinstance(o, str) and o.strip() for o in others), name
            # other spellings of a brand the message names, each as the message writes it
            assert item["expected"]["brand"] is not None, name
            assert item["expected"]["brand"] not in others, name
            assert all(o in item["text"] for o in others), name


def test_no_fee_has_no_floor() -> None:
    """With no fee there is nothing to be a floor of: fee_is_floor is null (the parser's too)."""
    for name, item in load(*TUNED_PARTS):
        if item["expected"]["fee"] is None:
            assert item["expected"]["fee_is_floor"] is None, name


def test_brand_accept_counts_unless_strict() -> None:
    item = {"expected": {"brand": "内外"}, "brand_accept": ["NEIWAI", "内外 NEIWAI"]}
    assert hit("brand", item, {"brand": "内外"}, strict=True)
    assert hit("brand", item, {"brand": " NEIWAI "})
    assert not hit("brand", item, {"brand": "NEIWAI"}, strict=True)
    assert not hit("brand", item, {"brand": "neiwai"})  # case-sensitive
    assert not hit("brand", item, {"brand": None})
    assert not hit("agency", {"expected": {"agency": None}, "brand_accept": ["X"]}, {"agency": "X"})


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")] or list(TUNED_PARTS)
    verbose = "-v" in sys.argv
    strict = "--strict" in sys.argv
    columns = {}
    for part in args:
        if verbose:
            print(part)
        columns[part] = score(part, verbose=verbose, strict=strict)
    if len(args) > 1:
        columns["all"] = score(*args, strict=strict)
    if strict:
        print("strict: brand_accept ignored, the expected brand only")
    print(table(columns))
