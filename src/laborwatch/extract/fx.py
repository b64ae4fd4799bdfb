"""Exchange rates a sentence states: "As of May 3, RUB 100 equalled USD 1.25" -> RUB/USD 0.0125.

`find_rates(text, offset, published, lexicon)` returns (Fx, span of the rate phrase) pairs. The
rate is units of the quote currency for one unit of the base. A converted sum in parentheses
("10,000 rubles ($160)") is part of a money claim, not a rate, and is not matched here.
The currency words come from the money lexicon; the phrase shapes below are English grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from laborwatch.extract.regex import searchable
from laborwatch.model import Fx, Span

if TYPE_CHECKING:
    from laborwatch.extract.money_lexicon import MoneyLexicon

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ABOUT = (
    r"(?:(?:about|around|roughly|approximately|some|nearly|almost|over|under|just\s+over"
    r"|more\s+than|less\s+than)\s+)?"
)
_UNIT_ARTICLE = r"(?:one|a|an|each|every|the|1)\s+"
_NATIONAL = r"(?:(?:US|U\.S\.|American|Russian)\s+)?"  # "90 Russian rubles", "one US dollar"
_EQUALS = (
    r"(?:=|equal(?:s|led|ed)?(?:\s+to)?|(?:was|is|were|are|stood)\s+(?:equal|equivalent)\s+to"
    r"|(?:was|is|were|are)\s+(?:now\s+|currently\s+|still\s+)?worth"
    r"|(?:could|would|can|will)\s+(?:buy|fetch|get)|bought|buys"
    r"|fetch(?:ed|es)?|traded\s+for|exchanged\s+for|changed\s+for|sold\s+for|went\s+for"
    r"|(?:now\s+)?cost(?:s|ed)?"
    r"|convert(?:s|ed)?\s+to|translat(?:es|ed)\s+(?:in)?to)"
)
_PER_UNIT = (
    r"(?:per|to\s+(?:the|one|a|each|1)|against\s+(?:the|one|a)|for\s+(?:one|a|each|the|1)|a)"
)
_MOVES = (
    r"(?:traded|trading|trades|stood|stands|was|is|fell|falls|rose|rises|slid|slumped|dropped"
    r"|climbed|weakened|strengthened|hovered|hovers|hit|reached|sank|plunged|recovered|soared"
    r"|surged|jumped|was\s+trading|is\s+trading|has\s+been\s+trading|remained|stayed|closed"
    r"|ended|opened|finished|settled|firmed|eased|gained|advanced|declined|fallen|risen|sunk)"
)
# "fell 3 percent", "rose 12 won": a change, not the rate
_NOT_A_CHANGE = r"(?![\d.,]*\s*(?:%|percent|per\s+cent|points?\b|won\b|rubles?\b|roubles?\b))"
_TRIGGER = searchable(
    r"=|equal|equivalent|worth|bought|buy|fetch|trad|exchang|convert|translat|sold|went\s+for|cost"
    r"|rate|per\b|against|\bto\s+(?:the|one|a|each|1)\b|/|\bat\b"
    r"|rose|rise|fell|fall|hit|reach|climb|slid|sank|drop|jump|surg|soar|plung|weaken|strength",
    re.IGNORECASE,
)
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_AS_OF = searchable(
    rf"(?:as\s+of|as\s+at|on|by|in|at\s+the\s+end\s+of)\s+(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+)?"
    rf"{_MONTH}(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class RatePatterns:
    """The exchange-rate phrase shapes, compiled once with the lexicon's currency words."""

    equation: re.Pattern[str]  # "RUB 100 equalled USD 1.25", "one dollar bought 88 roubles"
    per_unit: re.Pattern[str]  # "90 rubles to the dollar", "92.5 RUB per USD"
    moved: re.Pattern[str]  # "the rouble traded at 95 per dollar", "the dollar hit 101 rubles"
    pair: re.Pattern[str]  # "USD/RUB 92.5", "USD/RUB traded at 92"
    named_pair: re.Pattern[str]  # "the won-dollar rate closed at 1,402.5"


def build_rate_patterns(currency_word: str, currency_sign: str, bare_word: str) -> RatePatterns:
    """`currency_word`: a currency word or ISO code; `currency_sign`: a symbol or code written
    before a number; `bare_word`: a currency word with no boundary checks, to be joined by a
    hyphen ("won-dollar"). All are regex fragments without groups."""

    def money(i: int) -> str:
        return (
            rf"(?:(?P<s{i}>{currency_sign})\s?(?P<a{i}>{_NUMBER})"
            rf"|(?P<b{i}>{_NUMBER})\s?{_NATIONAL}(?P<w{i}>{currency_word}|{currency_sign}))"
        )

    def unit(i: int) -> str:
        return rf"(?:{_UNIT_ARTICLE}{_NATIONAL}(?P<u{i}>{currency_word}))"

    flags = re.IGNORECASE
    return RatePatterns(
        equation=searchable(
            rf"(?:{money(1)}|{unit(1)})\s*{_EQUALS}\s*{_ABOUT}{money(2)}"
            rf"|{unit(3)}\s*(?:to|:|for|against)\s*{_ABOUT}{money(4)}",
            flags,
        ),
        per_unit=searchable(
            rf"{money(1)}\s+{_PER_UNIT}\s+(?:US\s+|U\.S\.\s+)?(?P<u2>{currency_word})", flags
        ),
        moved=searchable(
            # "the dollar exchange rate in North Korean markets reached 16,000 won"
            rf"(?:the\s+)?(?P<u1>{currency_word})\s+(?:(?:exchange\s+)?rate\s+)?"
            rf"(?:[\w'’]+\s+){{0,4}}?{_MOVES}\s+"
            rf"(?:[\w'’]+\s+){{0,2}}?(?:(?:at|to|around|near|past|beyond|above|below|of)\s+)?{_ABOUT}"
            # a currency or a unit must follow the number: "slid 3 percent to 95 per dollar"
            rf"(?P<n>{_NUMBER})(?=\s*(?:{_NATIONAL}(?:{currency_word})\b|{_PER_UNIT}\s))"
            rf"\s*(?:{_NATIONAL}(?P<w>{currency_word})\b)?"
            rf"(?:\s*{_PER_UNIT}\s+{_NATIONAL}(?P<u2>{currency_word}))?",
            flags,
        ),
        pair=searchable(
            r"(?<![A-Za-z])(?P<base>[A-Z]{3})\s*/\s*(?P<quote>[A-Z]{3})(?![A-Za-z])\s*"
            rf"(?:(?:exchange\s+)?rate\s+)?(?:(?:at|of|=|{_MOVES}(?:\s+(?:at|to))?)\s+)?"
            rf"{_ABOUT}(?P<n>{_NUMBER}){_NOT_A_CHANGE}"
        ),
        named_pair=searchable(
            rf"(?<![\w-])(?P<first>{bare_word})-(?P<second>{bare_word})(?![\w-])\s+"
            rf"(?:exchange\s+)?rate\s+(?:[\w'’]+\s+){{0,4}}?{_MOVES}\s+"
            rf"(?:(?:[\w'’]+\s+){{0,2}}?(?:at|to|around|near|of)\s+)?{_ABOUT}(?P<n>{_NUMBER})"
            rf"{_NOT_A_CHANGE}",
            flags,
        ),
    )


def find_rates(
    text: str, offset: int, published: str | None, lexicon: MoneyLexicon
) -> list[tuple[Fx, Span]]:
    """Every exchange rate `text` (one sentence) states, with the span of its phrase."""
    if not _DIGIT.search(text) or not (lexicon.currency_mentions(text) >= 2 or "/" in text):
        return []  # every shape but "USD/RUB 92.5" names two currencies
    if not _TRIGGER.search(text):
        return []
    found: list[tuple[Fx, Span]] = []
    taken: list[tuple[int, int]] = []
    patterns = lexicon.rates
    for pattern, read in (
        (patterns.equation, _read_equation),
        (patterns.moved, _read_moved),
        (patterns.per_unit, _read_per_unit),
        (patterns.pair, _read_pair),
        (patterns.named_pair, _read_named_pair),
    ):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            rate = read(match, lexicon)
            if rate is None:
                continue
            base, quote, value = _south_korean_if_priced_so(rate, match.group(0))
            if base == quote or value <= 0:
                continue
            rounded = float(f"{value:.6g}")
            if any((f.base, f.quote_currency, f.rate) == (base, quote, rounded) for f, _ in found):
                continue  # "at 8,000 won per dollar, $100 is worth 800,000 won": said once
            taken.append(match.span())
            as_of = as_of_date(text, published)
            fx = Fx(base=base, quote_currency=quote, rate=rounded, as_of=as_of)
            found.append((fx, Span(offset + match.start(), offset + match.end())))
    return sorted(found, key=lambda pair: pair[1].start)


def _money(match: re.Match[str], i: int, lexicon: MoneyLexicon) -> tuple[float, str] | None:
    number = match.group(f"a{i}") or match.group(f"b{i}")
    written = match.group(f"s{i}") or match.group(f"w{i}")
    if number is None or written is None:
        return None
    currency = lexicon.currency_of(written)
    return (_number(number), currency) if currency else None


def _read_equation(match: re.Match[str], lexicon: MoneyLexicon) -> tuple[str, str, float] | None:
    if match.group("u3") is not None:
        first: tuple[float, str] | None = _unit(match.group("u3"), lexicon)
        second = _money(match, 4, lexicon)
    else:
        unit = match.group("u1")
        first = _unit(unit, lexicon) if unit is not None else _money(match, 1, lexicon)
        second = _money(match, 2, lexicon)
    if first is None or second is None or first[0] == 0:
        return None
    return first[1], second[1], second[0] / first[0]


def _read_per_unit(match: re.Match[str], lexicon: MoneyLexicon) -> tuple[str, str, float] | None:
    amount = _money(match, 1, lexicon)
    base = lexicon.currency_of(match.group("u2"))
    if amount is None or base is None:
        return None
    return base, amount[1], amount[0]


def _read_moved(match: re.Match[str], lexicon: MoneyLexicon) -> tuple[str, str, float] | None:
    if match.group("u2") is not None:  # the rouble at 95 per dollar
        quote = lexicon.currency_of(match.group("w") or match.group("u1"))
        base = lexicon.currency_of(match.group("u2"))
    elif match.group("w") is not None:  # the dollar at 101 rubles
        base = lexicon.currency_of(match.group("u1"))
        quote = lexicon.currency_of(match.group("w"))
    else:  # the rouble at 95: against what, the sentence does not say here
        return None
    if quote is None or base is None:
        return None
    return base, quote, _number(match.group("n"))


def _read_pair(match: re.Match[str], lexicon: MoneyLexicon) -> tuple[str, str, float] | None:
    base = lexicon.currency_of(match.group("base"))
    quote = lexicon.currency_of(match.group("quote"))
    if base is None or quote is None:
        return None
    return base, quote, _number(match.group("n"))


# a pair's rate is given in units of the weaker currency per one of the stronger: "the
# won-dollar rate" is won per dollar, "the euro-dollar rate" dollars per euro
_STRONGER_FIRST = ("GBP", "EUR", "USD", "CNY")


def _read_named_pair(match: re.Match[str], lexicon: MoneyLexicon) -> tuple[str, str, float] | None:
    first = lexicon.currency_of(match.group("first"))
    second = lexicon.currency_of(match.group("second"))
    if first is None or second is None:
        return None
    base, quote = sorted((second, first), key=_strength)
    return base, quote, _number(match.group("n"))


def _strength(currency: str) -> int:
    return _STRONGER_FIRST.index(currency) if currency in _STRONGER_FIRST else len(_STRONGER_FIRST)


# won per US dollar: the South Korean won has traded between about 890 and 1,960 since the late
# 1990s (with room here for rounded equivalents); the North Korean won lies far below (about
# 100, official) or far above (the market's thousands)
KRW_PER_USD = (800, 2000)
_NAMES_NORTH_KOREAN_WON = searchable(r"north\s+korea|\bkpw\b|\bnk\s+won|pyongyang", re.I)


def priced_as_south_korean_won(won_per_dollar: float, written: str) -> bool:
    """Whether a bare "won" worth `won_per_dollar` is the South Korean won: inside its band,
    and `written` does not say it is the North Korean one."""
    low, high = KRW_PER_USD
    return low <= won_per_dollar <= high and not _NAMES_NORTH_KOREAN_WON.search(written)


def _south_korean_if_priced_so(
    rate: tuple[str, str, float], written: str
) -> tuple[str, str, float]:
    base, quote, value = rate
    if {base, quote} != {"USD", "KPW"} or not value:
        return rate
    won_per_dollar = value if quote == "KPW" else 1 / value
    if not priced_as_south_korean_won(won_per_dollar, written):
        return rate
    return ("USD", "KRW", value) if quote == "KPW" else ("KRW", "USD", value)


def _unit(written: str, lexicon: MoneyLexicon) -> tuple[float, str] | None:
    currency = lexicon.currency_of(written)
    return (1.0, currency) if currency else None


def _number(written: str) -> float:
    return float(written.replace(",", ""))


def as_of_date(text: str, published: str | None) -> str | None:
    """The date a rate is given for ("As of May 3"), completed with the publication year;
    YYYY-MM when only a month is named, None when no date is written."""
    match = _AS_OF.search(text)
    if match is None:
        return None
    month = _MONTHS[match.group("month")[:3].lower()]
    day_text = match.group("day1") or match.group("day2")
    year_text = match.group("year")
    if year_text is None:
        if not published or not published[:4].isdigit():
            return None
        year = int(published[:4])
        # "as of December 5" in a January article is last year's December
        if len(published) >= 7 and published[5:7].isdigit() and month > int(published[5:7]):
            year -= 1
    else:
        year = int(year_text)
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    day = int(day_text)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
