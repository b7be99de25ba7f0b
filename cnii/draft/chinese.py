"""Number phrases of Chinese text, in simplified or traditional characters:
1.53万亿元, 同比增长10.65%, 占GDP比重达3.81%, 超过4000个, 4000余家, 十个省份,
四成, 提高0.6个百分点, 近30%."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from cnii.draft.model import Claim, Draft, Ids, whose_money
from cnii.figures import FRACTION_WORDS, chinese_number, fraction_of

_NUMERALS = "零一二三四五六七八九十两兩百千"
# Money named by its characters: 美元, 澳門元, 港元, 新台幣, 日元, 歐元 ...
_MONEY = {"美元": "USD", "澳门元": "MOP", "澳門元": "MOP", "港元": "HKD", "港币": "HKD"}
_MONEY |= {"港幣": "HKD", "新台币": "TWD", "新臺幣": "TWD", "新台幣": "TWD", "台币": "TWD"}
_MONEY |= {"臺幣": "TWD", "台幣": "TWD", "日元": "JPY", "日圆": "JPY", "日圓": "JPY"}
_MONEY |= {"欧元": "EUR", "歐元": "EUR", "英镑": "GBP", "英鎊": "GBP", "韩元": "KRW"}
_MONEY |= {"韓元": "KRW", "人民币": "CNY", "人民幣": "CNY"}
_PHRASE = re.compile(
    r"(?P<qualifier>超过|超過|将近|將近|接近|不少于|不少於|不到|不足|首次突破|首破|突破|站上|"
    r"大约|大約|约|約|逾|(?<![出入])超|近|至少)?"  # 出超, 入超: a surplus, a deficit
    r"(?P<minus>(?<![\dA-Za-z.])[-\u2212](?=\d)|[負负](?=\d))?"  # a loss: -127.2亿元, 負5929人
    r"(?P<per>千分之|百分之)?"  # 千分之5.03 is 5.03 per mille
    # 2334萬7374人, 1,664 萬 4,684 人次
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)\s?[萬万]\s?\d(?:,?\d){0,3}(?![\d.\ufe52\uff0e,])|"
    r"\d{1,3}(?:,\d{3})+(?:[.\ufe52\uff0e]\d+)?|\d+(?:[.\ufe52\uff0e]\d+)?|"  # 7﹒7%
    rf"(?<![{_NUMERALS}第])[{_NUMERALS}]+)"
    # a space before the unit: 4836.1 億美元
    r"(?:[ \u00a0](?=万亿|萬億|亿|億|万|萬|美元|元|%|吨|噸|公噸|公吨|人次|人|户|戶|辆|輛|家|间|間|"
    r"千瓦|標準|标准|对|對|澳門元|澳门元|港元|新台幣|新臺幣))?"
    r"(?P<scale>万亿|萬億|亿|億|万|萬|兆(?=[元圓]|美元))?(?P<more>余|餘|多)?"
    r"(?P<unit>个百分点|個百分點|百分点|百分點|%|\uff05|‰|"
    + "|".join(sorted(_MONEY, key=len, reverse=True))
    + r"|元|倍|成(?![为為本果功立员員]))?"
    r"(?P<measure>台套|人次|千瓦时|千瓦時|千瓦|平方公里|平方米|公里|千公顷|千公頃|公斤/公顷|公斤/公頃|"
    r"公斤/亩|公斤/畝|公斤|千克|公顷|公頃|亩|畝|斤|公吨|公噸|标准集装箱|標準貨櫃單位|标准箱|標準箱|"
    r"标箱|標箱|个|個|家(?![乐樂])|间|間|项|項|对|對|"
    r"座|户|戶|件|辆|輛|台|张|張|人|名|次|吨|噸|部|架|艘|套|只|所|条|條|份|批|处|處|块|塊|栋|棟|款|种|種|位)?"
    r"(?P<noun>省份|省|城市|地区|地區|工厂|工廠|企业|企業|项目|項目|行业|行業|GB|TB)?"
    r"(?P<after>以上|左右|以内|以內|以下)?"
)
# Scale words as a fact base writes them: traditional characters, and 兆
# before a currency, which Taiwan (and Japan) print for 10^12.
_SCALES = {"萬": "万", "億": "亿", "萬億": "万亿", "兆": "trillion"}
_POINTS = str.maketrans({"\ufe52": ".", "\uff0e": "."})  # 7﹒7%: decimal points of HK and Taiwan
_QUALIFIERS = {"超过": "over", "超過": "over", "逾": "over", "超": "over"}
# Passing a mark (首破, 突破, 站上: "broke through", "stood above") reaches it
# at least; it says nothing of how far beyond.
_QUALIFIERS |= {"首次突破": "at least", "首破": "at least", "突破": "at least", "站上": "at least"}
_QUALIFIERS |= {"约": "about", "約": "about", "大约": "about", "大約": "about"}
_QUALIFIERS |= {"近": "nearly", "将近": "nearly", "將近": "nearly", "接近": "nearly"}
_QUALIFIERS |= {"不少于": "at least", "不少於": "at least", "至少": "at least"}
_QUALIFIERS |= {"不到": "under", "不足": "under", "以上": "at least", "左右": "about"}
_QUALIFIERS |= {"以内": "at most", "以內": "at most", "以下": "at most"}
# What a measure word or noun counts, as a unit cnii knows or a draft defines.
_COUNTED = {"户": "households", "戶": "households", "人": "people", "名": "people"}
_COUNTED |= {"辆": "vehicles", "輛": "vehicles"}
_COUNTED |= {"人次": "people", "标箱": "TEU", "標箱": "TEU", "标准箱": "TEU", "標準箱": "TEU"}
_COUNTED |= {"标准集装箱": "TEU", "標準貨櫃單位": "TEU", "对": "pairs", "對": "pairs"}
# Counts of _COUNTED that a draft defines ("6600對" are pairs, of newly-weds)
_DEFINED_COUNTS = {"pairs": "pair"}
# Measures that are physical units: an amount, not a count.
_PHYSICAL = {
    "千瓦时": "kWh",
    "千瓦時": "kWh",
    "千瓦": "kW",
    "公里": "km",
    "平方米": "square meters",
}
_PHYSICAL |= {"平方公里": "square kilometers", "公顷": "hectares", "公頃": "hectares"}
_PHYSICAL |= {"吨": "tonnes", "噸": "tonnes", "公吨": "tonnes", "公噸": "tonnes"}
_PHYSICAL |= {"GB": "GB", "TB": "TB"}
_PHYSICAL |= {"千公顷": "thousand hectares", "千公頃": "thousand hectares"}
_PHYSICAL |= {"公斤": "kg", "千克": "kg", "公斤/公顷": "kg / hectare", "公斤/公頃": "kg / hectare"}
_PHYSICAL |= {"亩": "mu", "畝": "mu", "斤": "jin", "公斤/亩": "kg / mu", "公斤/畝": "kg / mu"}
# Chinese units a fact base defines, exactly: the mu (亩) is 2000/3 m², the jin (斤) 0.5 kg.
_DEFINED = {"mu": "2000/3 m**2", "jin": "0.5 kg"}
_NOUNS = {"省份": "region", "省": "region", "城市": "region", "地区": "region", "地區": "region"}
_NOUNS |= {"工厂": "factory", "工廠": "factory", "企业": "enterprise", "企業": "enterprise"}
_NOUNS |= {"项目": "project", "項目": "project", "行业": "sector", "行業": "sector"}
_GROWTH = re.compile(
    r"(?:增长|增長|增速|增幅|涨幅|漲幅|增加|提高|上升|提升|上漲|上涨|增收|增)(?:了|分别|分別)?"
    r"[达達到至为為]*$"
)
_DECLINE = re.compile(
    r"(?:下降|减少|減少|降低|下滑|回落|缩小|縮小|降幅|下跌|跌幅|萎缩|萎縮|减收|減收|减|減|跌)"
    r"(?:了|分别|分別)?"
    r"[达達到至为為]*$"
)
_GROWTH_AFTER = re.compile(
    r"(?:[及和、]\S{1,8}?)?的?(?:按年|同比|年)?(?:升幅|增幅|增长|增長|涨幅|漲幅)"
)
_DECLINE_AFTER = re.compile(r"(?:[及和、]\S{1,8}?)?的?(?:按年|同比|年)?(?:跌幅|降幅|下降|下跌)")
_OF_GDP = re.compile(r"[占佔].*(?:GDP|国内生产总值|國內生產總值).*比[重例]")
_OF_TOTAL = re.compile(r"[占佔][^\uff0c,\u3002\uff1b]{0,20}(?:的|比重|比例)?[达達为為]?$")
# Words of Chinese economic news and the ids they give: a small glossary.
_GLOSSARY = {
    "核心产业": "core_industry",
    "工业互联网": "industrial_internet",
    "增加值": "value_added",
    "进出口": "trade",
    "進出口": "trade",
    "货物贸易": "trade",
    "出口": "exports",
    "进口": "imports",
    "進口": "imports",
    "国内生产总值": "gdp",
    "GDP": "gdp",
    "营业收入": "revenue",
    "收入": "revenue",
    "利润": "profit",
    "产量": "output",
    "投资": "investment",
    "销售额": "sales",
    "销量": "sales",
    "基站": "base_stations",
    "用户": "users",
    "用戶": "users",
    "快递": "parcels",
    "业务量": "volume",
    "流量": "traffic",
    "工厂": "factories",
    "工廠": "factories",
    "企业": "enterprises",
    "企業": "enterprises",
    "平台": "platforms",
    "项目": "projects",
    "項目": "projects",
    "专利": "patents",
    "消费": "consumption",
    "消費": "consumption",
    "零售": "retail_sales",
    # the same words in traditional characters
    "核心產業": "core_industry",
    "工業互聯網": "industrial_internet",
    "貨物貿易": "trade",
    "國內生產總值": "gdp",
    "營業收入": "revenue",
    "利潤": "profit",
    "產量": "output",
    "投資": "investment",
    "銷售額": "sales",
    "銷量": "sales",
    "快遞": "parcels",
    "業務量": "volume",
    "專利": "patents",
    "用电量": "power_use",
    "用電量": "power_use",
    "发电量": "power_output",
    "發電量": "power_output",
    "第一产业": "primary_industry",
    "第一產業": "primary_industry",
    "第二产业": "secondary_industry",
    "第二產業": "secondary_industry",
    "第三产业": "tertiary_industry",
    "第三產業": "tertiary_industry",
    "城乡居民": "households",
    "城鄉居民": "households",
    "城镇": "urban",
    "城鎮": "urban",
    "农村": "rural",
    "農村": "rural",
    "乡村": "rural",
    "鄉村": "rural",
    "出游": "trips",
    "出遊": "trips",
    "花费": "spending",
    "花費": "spending",
    "电信": "telecom",
    "電信": "telecom",
    "网上零售": "online_retail",
    "網上零售": "online_retail",
    "餐饮": "catering",
    "餐飲": "catering",
}


def years(sentence: str) -> list[str]:
    """The years a sentence names: 2024年."""
    return re.findall(r"((?:19|20)\d{2})年", sentence)


# A share written as a fraction: 一半, 三分之一, 超过一半.
_FRACTION = re.compile(
    r"(?P<qualifier>超过|超過|近|约|約|不到|不足|逾|超)?(?P<share>一半|[二三四五十]分之[一二三四])"
)


def _fractions(sentence: re.Match[str], text: str, used: Ids, result: Draft) -> None:
    """Shares written as fractions (超过一半 is over 50 %, 三分之一 33.3 %)."""
    for match in _FRACTION.finditer(text, sentence.start(), sentence.end()):
        printed = match.group("share")
        fraction = FRACTION_WORDS.fullmatch(printed)
        percent = fraction_of(fraction) if fraction else Decimal(50)
        result.claims.append(
            Claim(
                used.take(
                    _id(text[max(sentence.start(), match.start() - 30) : match.start()]) or "share"
                ),
                printed,
                f"{percent} %",
                _QUALIFIERS.get(match.group("qualifier") or "", ""),
                "share",
                start=match.start("share"),
                end=match.end("share"),
                guesses=["a share written as a fraction"],
            )
        )


def claims_in(sentence: re.Match[str], text: str, used: Ids, result: Draft) -> None:
    """The claims of a sentence in Chinese, added to ``result``."""
    _fractions(sentence, text, used, result)
    for match in _PHRASE.finditer(text, sentence.start(), sentence.end()):
        claim = _claim(match, text, sentence.start(), result)
        if claim is None:
            continue
        start = match.start()
        base = _id(text[max(sentence.start(), start - 30) : start]) or claim.kind
        if claim.kind == "share" and (claim.growth or claim.decline):
            base += "_growth"
        claim.id = used.take(base)
        result.claims.append(claim)


def _id(near: str) -> str:
    """An id from the glossary words of the clause before a number: the last
    two (第一产业用电量 is primary_industry_power_use), the longer of two that
    end together (进出口 rather than 出口)."""
    clause = re.split(r"[\uff0c,\uff1b;\u3002\uff1a:]", near)[-1]
    found = sorted(
        ((clause.rfind(k) + len(k), len(k)), v) for k, v in _GLOSSARY.items() if k in clause
    )
    words: list[str] = []
    ends: set[int] = set()
    for (end, _), word in reversed(found):  # nearest first, the longer first
        if word not in words and end not in ends:
            words.insert(0, word)
            ends.add(end)
        if len(words) == 2:
            break
    return "_".join(words)


def _claim(match: re.Match[str], text: str, floor: int, result: Draft) -> Claim | None:
    """The claim of one phrase, or None where it is no claim (a date, an
    ordinal, a bare number), counted as skipped."""
    number, unit = match.group("number"), match.group("unit") or ""
    measure, noun = match.group("measure") or "", match.group("noun") or ""
    number = number.translate(_POINTS)
    head, mark, tail = re.sub(r"[\s,]", "", number).replace("萬", "万").partition("万")
    if mark:  # 2334萬7374, 1,664 萬 4,684: one number
        number = str(int(head) * 10000 + int(tail))
    if match.group("per"):  # 千分之5.03, 百分之12
        unit = "‰" if match.group("per") == "千分之" else "%"
    guesses: list[str] = []
    printed_scale = match.group("scale") or ""
    scale = _SCALES.get(printed_scale, printed_scale)
    if printed_scale == "兆":
        guesses.append("兆元 read as 10^12 yuan, as Taiwan prints it")
    start, end = match.span()
    if not number[0].isdigit():
        value = chinese_number(number.replace("兩", "两"))
        if value is None or not (unit or measure or noun) or (value <= 1 and not scale):
            return None  # a numeral in a word (统一, 零部件), or "一个": "a"
        number = str(value)
    if text[end : end + 1] in ("年", "月", "日") and not (unit or measure):
        result.skipped["dates"] += 1
        return None
    if measure in ("个", "個") and text[end : end + 1] in ("月", "小", "星"):
        result.skipped["periods of time"] += 1  # 首9个月, 两个小时, 三个星期
        return None
    if text[max(0, start - 1) : start] == "第":
        result.skipped["ordinals"] += 1
        return None
    if not (unit or scale or measure or noun):
        result.skipped["numbers that count nothing named"] += 1
        return None
    qualifier = _QUALIFIERS.get(match.group("qualifier") or "", "")
    if match.group("more"):
        qualifier = "over"
    if match.group("after"):
        qualifier = _QUALIFIERS[match.group("after")]
    before = text[max(floor, start - 16) : start]
    if unit and (measure or noun):
        end = match.end("unit")  # 四成企业 is 四成 of the enterprises; 元人民币 is yuan
    claim = Claim(
        "", text[start:end], "", qualifier, "count", start=start, end=end, guesses=guesses
    )
    if unit == "‰":
        claim.kind, claim.value = "share", f"{number} permille"
    elif unit in ("%", "\uff05", "成"):  # a fullwidth percent sign too; 四成 is 40 %
        claim.kind = "share"
        claim.value = f"{number if unit != '成' else _tenths(number)} %"
        if unit == "成":  # a tenth as printed: 4成 is 35 to 45 %, not 39.5 to 40.5
            claim.precision = f"{_tenths(_last_place(number))} %"
        after = text[end : end + 12]
        claim.decline = bool(_DECLINE.search(before) or _DECLINE_AFTER.match(after))
        # 分別錄得33.1%及48.5%的按年升幅: the growth is said after the rate
        claim.growth = not claim.decline and bool(
            _GROWTH.search(before) or _GROWTH_AFTER.match(after)
        )
        if _OF_GDP.search(before):
            claim.whole = "gdp"
        elif _OF_TOTAL.search(before):
            claim.whole = "total"
    elif unit in ("个百分点", "個百分點", "百分点", "百分點"):
        claim.kind, claim.value = "points", f"{number} percentage points"
        claim.decline = bool(_DECLINE.search(before))
    elif unit == "元" or unit in _MONEY:
        claim.currency = _MONEY.get(unit, "CNY")
        if unit == "元":  # the yuan, or the dollar or pataca of the place the article is of
            claim.currency, whose = _yuan_of(text)
            guesses.extend([whose] if whose else [])
        claim.kind, claim.value = "amount", f"{number} {scale} {claim.currency}"
    elif unit == "倍":
        claim.kind, claim.value = "share", f"{number} times"
    else:
        name = _NOUNS.get(noun)
        if name is not None:
            result.units.setdefault(name, "count")
        physical = _PHYSICAL.get(noun) or _PHYSICAL.get(measure)
        for word in (physical or "").split():
            if word in _DEFINED:
                result.units.setdefault(word, _DEFINED[word])
        counted = f"{name}s" if name else _COUNTED.get(noun) or _COUNTED.get(measure, "items")
        if counted in _DEFINED_COUNTS:
            result.units.setdefault(_DEFINED_COUNTS[counted], "count")
        claim.value, claim.noun = f"{number} {scale} {physical or counted}", counted
        if physical:
            claim.kind = "amount"
    if match.group("minus"):
        claim.value = f"-{claim.value}"
    claim.value = " ".join(claim.value.split())
    if claim.kind in ("amount", "count") and (_GROWTH.search(before) or _DECLINE.search(before)):
        claim.change = True  # 比上年增加7.24亿: by how much, not how much
    return claim


# Places whose money a bare 元 is, and the words that name them.
_PLACES = {
    "MOP": re.compile(r"澳門|澳门|澳門元|葡京|統計暨普查局|统计暨普查局"),
    "TWD": re.compile(
        r"臺灣|台灣|台湾|新臺幣|新台幣|新台币|行政院|主計總處|經濟部|財政部|台北|臺北"
    ),
    "HKD": re.compile(r"香港|港府|政府統計處|特區政府"),
}
_MAINLAND = re.compile(r"人民币|人民幣|国家统计局|國家統計局|全国|全國|中国|中國|我国|我國")


@functools.lru_cache(maxsize=4)
def _yuan_of(text: str) -> tuple[str, str | None]:
    """The money a bare 元 is in ``text``: the yuan, unless the article names
    Macau, Taiwan or Hong Kong more often than the mainland (元 is the
    pataca, the New Taiwan dollar, the Hong Kong dollar there), and the
    guess a person confirms."""
    declared = _DECLARED.search(text)  # 203.5億元(澳門元,下同): said once for all
    if declared is not None:
        code = _DECLARED_CODES[declared.group(1)]
        return code, None if code == "CNY" else f"元 read as {code}, as the text declares"
    code, most, mainland = whose_money(text, "CNY", _MAINLAND, _PLACES)
    if code == "CNY":
        return "CNY", None
    return code, f"元 read as {code}: the article names its place {most}x, the mainland {mainland}x"


_DECLARED_CODES = {"澳門元": "MOP", "澳门元": "MOP", "新臺幣": "TWD", "新台幣": "TWD"}
_DECLARED_CODES |= {"新台币": "TWD", "港元": "HKD", "港幣": "HKD", "港币": "HKD"}
_DECLARED_CODES |= {"人民幣": "CNY", "人民币": "CNY"}
_DECLARED = re.compile(
    "[(\uff08](" + "|".join(_DECLARED_CODES) + ")[,\uff0c\u3001]?\\s*下同[)\uff09]"
)


def _tenths(number: str) -> str:
    """成 as a percentage: 四成 is 40, 1.5成 is 15, 1,000成 is 10,000."""
    return f"{(Decimal(number.replace(',', '')) * 10).normalize():,f}"


def _last_place(number: str) -> str:
    """A one in the last place ``number`` is printed to: 4 is 1, 1.5 is 0.1."""
    _, point, decimals = number.replace(",", "").partition(".")
    return f"0.{'0' * (len(decimals) - 1)}1" if point else "1"
