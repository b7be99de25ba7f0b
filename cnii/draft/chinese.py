"""Number phrases of Chinese text: 1.53万亿元, 同比增长10.65%, 占GDP比重达3.81%,
超过4000个, 十个省份."""

from __future__ import annotations

import re

from cnii.draft.model import Claim, Draft, line_of, unique
from cnii.figures import chinese_number

CJK = re.compile(r"[\u4e00-\u9fff]")
_ZH_PHRASE = re.compile(
    r"(?P<qualifier>超过|逾|约|不少于|不到|不足)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二三四五六七八九十两百千]+)"
    r"(?P<scale>万亿|亿|万)?(?P<more>余|多)?"
    r"(?P<unit>%|\uff05|元|美元|个|家|项|座)?(?P<noun>省份|省|城市|地区|工厂|企业|项目|行业)?"
)
_ZH_QUALIFIERS = {"超过": "over", "逾": "over", "约": "about", "不少于": "at least"}
_ZH_QUALIFIERS |= {"不到": "under", "不足": "under"}
_ZH_NOUNS = {"省份": "region", "省": "region", "城市": "region", "地区": "region"}
_ZH_NOUNS |= {"工厂": "factory", "企业": "enterprise", "项目": "project", "行业": "sector"}
# Words of Chinese economic news and the ids they give: a small glossary.
_ZH_GLOSSARY = {
    "核心产业": "core_industry",
    "工业互联网": "industrial_internet",
    "增加值": "value_added",
    "进出口": "trade",
    "货物贸易": "trade",
    "出口": "exports",
    "进口": "imports",
    "国内生产总值": "gdp",
    "GDP": "gdp",
    "营业收入": "revenue",
    "利润": "profit",
    "产量": "output",
    "投资": "investment",
    "销售额": "sales",
}


def claims_in(sentence: re.Match[str], text: str, year: str, used: set[str], result: Draft) -> None:
    """The claims of a sentence in Chinese: 1.53万亿元, 同比增长10.65%,
    占GDP比重达3.81%, 超过4000个, 十个省份."""
    body = sentence.group(0)
    years = re.findall(r"((?:19|20)\d{2})年", body)
    period = years[-1] if years else year
    for match in _ZH_PHRASE.finditer(text, sentence.start(), sentence.end()):
        number, unit = match.group("number"), match.group("unit") or ""
        start, end = match.span()
        if not number[0].isdigit():
            value = chinese_number(number)
            if value is None or not (unit in ("个", "家", "项", "座") or match.group("noun")):
                continue
            number = str(value)
        if text[end : end + 1] in ("年", "月", "日") and not unit:
            result.skipped["dates"] += 1
            continue
        if not (unit or match.group("scale") or match.group("noun")):
            result.skipped["numbers that count nothing named"] += 1
            continue
        qualifier = _ZH_QUALIFIERS.get(match.group("qualifier") or "", "")
        if match.group("more"):
            qualifier = "over"
        before = text[max(sentence.start(), start - 12) : start]
        scale = match.group("scale") or ""
        currency = None
        growth = False
        whole = None
        noun = "count"
        if unit in ("%", "\uff05"):  # a fullwidth percent sign too
            kind, value_text = "share", f"{number} %"
            growth = "增长" in before or "增速" in before
            if re.search(r"占.*(?:GDP|国内生产总值).*比重", before):
                whole = "gdp"
        elif unit in ("元", "美元"):
            currency = "CNY" if unit == "元" else "USD"
            kind, value_text = "amount", f"{number} {scale} {currency}".replace("  ", " ")
        else:
            name = _ZH_NOUNS.get(match.group("noun") or "", "item")
            if name != "item":
                result.units.setdefault(name, "count")
            kind, value_text = "count", f"{number} {name}s"
            noun = f"{name}s"
        near = text[max(sentence.start(), start - 30) : start]
        words = [v for k, v in _ZH_GLOSSARY.items() if k in near]
        base = words[-1] if words else {"share": "share", "amount": "amount"}.get(kind, noun)
        if kind == "share" and growth:
            base += "_growth"
        claim = Claim(
            unique(base, used),
            text[start:end],
            value_text,
            qualifier,
            period,
            " ".join(body.split())[:500],
            line_of(text, start),
            kind,
            currency,
            None,
            start,
            end,
            [] if years else [f"period {period}, the article's year"],
        )
        claim.growth = growth
        claim.whole = whole
        result.claims.append(claim)
