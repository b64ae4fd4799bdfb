"""Sums of money in a sentence and their period.

`find_amounts(text, offset, lexicon)` returns every amount written with a currency ("RUB 45,000",
"$100-$200", "100,000 rubles ($1,570)"), a parenthesised equivalent folded into the same
`Amount`, with the period written next to it ("a month") or, failing that, the period of another
amount of the sentence. What kind of payment an amount is: money_kinds.py; the words involved
(resources/money_lexicon.tsv): money_lexicon.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from laborwatch.extract.fx import priced_as_south_korean_won
from laborwatch.extract.money_kinds import clause_bounds
from laborwatch.extract.money_lexicon import NUMBER_PATTERN, MoneyLexicon, normalise
from laborwatch.extract.regex import searchable
from laborwatch.model import Amount, Per, Qualifier, Span

_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_SHORT = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12,
}  # fmt: skip
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|up\s+to|and)\s*", re.IGNORECASE)
# what may follow the bare second number of a range of money ("$500 to 700 a month"), unlike
# a count ("$300 to 500 workers")
_AFTER_BARE_RANGE_END = re.compile(
    r"\s*(?:$|[,.;:)]|(?:per|each|every|from|for|a|an|monthly|annually|daily|yearly)\b)", re.I
)
_BETWEEN_BEFORE = searchable(r"between\s*$", re.IGNORECASE)
_FROM_BEFORE = searchable(r"from\s*$", re.IGNORECASE)
_TIGHT_JOIN = re.compile(r"\s*[-–—]\s*")
_EQUIVALENT_LEAD = re.compile(
    r"\s*(?P<open>[(\[])\s*|,\s*(?:or\s+|i\.e\.\s*|equivalent\s+to\s+|equal\s+to\s+|worth\s+)|"
    r"\s+[-–—]\s*|\s+or\s+"
    # "50,000 rubles, about $550, a month": an approximate sum set off by commas
    r"|,\s*(?P<apposed>)(?=(?:about|around|roughly|approximately|some|nearly|almost)\s)",
    re.IGNORECASE,
)
# where an apposed equivalent must end: "..., about $550, a month", not "about $550 of which"
_APPOSED_END = re.compile(r"\s*(?:[,.;:)]|$)")
_EQUIVALENT_QUALIFIER = searchable(
    r"(?:about|around|roughly|approximately|approx\.|some|nearly|almost|just\s+over|just\s+under"
    r"|over|under|less\s+than|more\s+than|an\s+estimated|or)\s+",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_EQUIVALENT_CLOSE = re.compile(r"[^()\[\]]{0,40}?[)\]]")
# a bare number after these words is a share of the sum before it, when a verb or the end of
# the clause follows it (not "percent" or "workers")
_QUALIFIED = (
    r"(?:(?:only|just|about|around|roughly|some|nearly|almost|up\s+to|as\s+much\s+as|less\s+than"
    r"|more\s+than|over|under|a\s+mere|barely|perhaps|maybe|possibly)\s+)*$"
)
_SHARE_LEAD = searchable(
    rf"\b(?:of\s+which|of\s+that|of\s+this|of\s+it|keeping|keeps|keep|kept|leaving|leaves"
    # "of which the worker sees perhaps 20,000"
    rf"|of\s+which\s+(?:\w+\s+){{1,2}}"
    rf"(?:sees?|gets?|receives?|keeps?|takes?|pockets?|collects?|claims?))\s+"
    rf"{_QUALIFIED}",
    re.IGNORECASE,
)
_SHARE_TAIL = re.compile(
    r"(?:\s*(?:-|–|—|to)\s*\d[\d.,]*)?"  # "keeping only 100 to 200", not "80 to 90 percent"
    r"\s*(?:$|[,.;:)]|(?:goes|go|went|gone|is|are|was|were|must|has|have|had|gets|get"
    r"|ends|remains|stays|for|a|per|each|every|monthly)\b)",
    re.IGNORECASE,
)
# a bare number a sum is compared with is a sum in its currency: "120,000 rubles a month,
# compared with 60,000 for a labourer", "90,000 rubles, up from 70,000 last year"
_COMPARED_LEAD = searchable(
    rf"\b(?:compared\s+(?:with|to)|as\s+against|against|versus|vs\.?|up\s+from|down\s+from)\s+"
    rf"{_QUALIFIED}",
    re.IGNORECASE,
)
_COMPARED_TAIL = re.compile(
    r"\s*(?:$|[,.;:)]|(?:for|in|last|a|per|each|every|monthly|earlier|before|previously|paid"
    r"|at|on)\b)",
    re.IGNORECASE,
)
# after "but" only a number that is taken away is a share: "but 70,000 is taken as loyalty
# funds", not "but 300 were sent home"
_BUT_LEAD = searchable(rf"\bbut\s+{_QUALIFIED}", re.IGNORECASE)
_TAKEN_TAIL = re.compile(
    r"\s+(?:goes\s+to|(?:is|are|was|were|must\s+be|has\s+to\s+be|gets?)\s+(?:\w+\s+)?"
    r"(?:taken|deducted|withheld|remitted|confiscated|skimmed|seized|collected|handed\s+over))\b",
    re.IGNORECASE,
)
# what stands before and after a bare number that is a share of, or compared with, the sum
# before it
_SHARE_RULES = (
    (_SHARE_LEAD, _SHARE_TAIL),
    (_BUT_LEAD, _TAKEN_TAIL),
    (_COMPARED_LEAD, _COMPARED_TAIL),
)
_PERIOD_WINDOW = 40
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: float
    scaled: bool
    currency: str | None


def find_amounts(text: str, offset: int, lexicon: MoneyLexicon) -> list[Amount]:
    """Every sum of money in `text` (one sentence), spans absolute, in text order."""
    if not _DIGIT.search(text) or not lexicon.mentions_currency(text):
        return []
    atoms = list(_atoms(text, lexicon))
    amounts: list[Amount] = []
    inside_until = -1
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        if atom.start < inside_until:
            i += 1
            continue
        second = _range_partner(text, atoms, i)
        if second is None and atom.currency is None:
            currency = _share_currency(text, atom, amounts)
            if currency is None:
                i += 1
                continue
            atoms[i] = atom = replace(atom, currency=currency)
            second = _range_partner(text, atoms, i)
        amount = _amount(text, atom, second, lexicon)
        amount, inside_until = _with_equivalent(text, amount, lexicon)
        amount = replace(amount, per=_period_of(text, amount, lexicon))
        amount = _south_korean_if_priced_so(amount)
        amounts.append(amount)
        i += 2 if second is not None else 1
    amounts = _inherit_periods(amounts)
    return [_shifted(a, offset) for a in amounts]


def _share_currency(text: str, atom: _Atom, earlier: list[Amount]) -> str | None:
    """The currency of a bare number that is a share of the sum before it, or compared with
    it: "$1,000 a month, of which 800 goes to the state", "90,000 rubles, but 70,000 is taken",
    "keeping only 100 to 200", "up from 70,000 last year"; None for any other bare number ("of
    which 80 percent", "but 300 were sent", "compared with 300 workers")."""
    if not earlier or earlier[-1].span.end > atom.start:
        return None
    if _YEAR_LIKE.fullmatch(text, atom.start, atom.end):
        return None  # "but 2024 was worse"
    lead = max(0, atom.start - 40)
    for before, after in _SHARE_RULES:
        if before.search(text, lead, atom.start) and after.match(text, atom.end):
            return earlier[-1].currency
    return None


def atom_at(text: str, position: int, lexicon: MoneyLexicon) -> tuple[float, str, int] | None:
    """(value, currency, end) of an amount written exactly at `position`, else None."""
    match = lexicon.atom.match(text, position)
    if match is None:
        return None
    atom = _atom_of(match, lexicon)
    if atom is None or atom.currency is None:
        return None
    return atom.value, atom.currency, atom.end


def _atoms(text: str, lexicon: MoneyLexicon) -> Iterator[_Atom]:
    for match in lexicon.atom.finditer(text):
        atom = _atom_of(match, lexicon)
        if atom is not None:
            yield atom


def _atom_of(match: re.Match[str], lexicon: MoneyLexicon) -> _Atom | None:
    written = match.group("before") or match.group("after")
    raw = match.group("num1") or match.group("num2")
    scale_text = match.group("scale1") or match.group("scale2") or ""
    scale = _scale(scale_text)
    currency = lexicon.currency_of(written) if written else None
    if written and currency is None:
        return None
    if (
        written
        and normalise(written) in lexicon.ambiguous_words
        and scale == 1
        and _YEAR_LIKE.fullmatch(raw)
    ):
        currency = None  # "in 2019 won": a year, not a sum
    value = float(re.sub(r"[,\s]", "", raw)) * scale
    return _Atom(match.start(), match.end(), value, scale != 1, currency)


def _scale(written: str) -> float:
    word = written.strip(" -").lower()
    return _SCALE_WORDS.get(word) or _SCALE_SHORT.get(word) or 1.0


def _range_partner(text: str, atoms: list[_Atom], i: int) -> _Atom | None:
    """The second number of "$300 to $500", "$100-200", "300 to 500 rubles", if any."""
    if i + 1 >= len(atoms):
        return None
    first, second = atoms[i], atoms[i + 1]
    join = text[first.end : second.start]
    if not _RANGE_JOIN.fullmatch(join):
        return None
    if first.currency and second.currency and first.currency != second.currency:
        return None
    if first.currency is None and second.currency is None:
        return None
    if (
        second.currency is None
        and not _TIGHT_JOIN.fullmatch(join)
        and not _AFTER_BARE_RANGE_END.match(text, second.end)
    ):
        return None  # "$300 to 500 workers" is not a range of money
    lowered = join.lower()
    if "and" in lowered and not _BETWEEN_BEFORE.search(text, 0, first.start):
        return None
    if "up" in lowered and not _FROM_BEFORE.search(text, 0, first.start):
        return None  # "from $500 up to $700", but not "earn $500, up to $700 with overtime"
    return second


def _amount(text: str, first: _Atom, second: _Atom | None, lexicon: MoneyLexicon) -> Amount:
    start, end = first.start, (second or first).end
    low, high = first.value, (second or first).value
    currency = first.currency or (second.currency if second else None) or ""
    if second is not None and not first.scaled and second.scaled:
        # "$1-2 million": the scale word on the second number covers the first
        for factor in (1e12, 1e9, 1e6, 1e3):
            if second.value >= factor and first.value * factor <= second.value:
                low = first.value * factor
                break
    qualifier = Qualifier.RANGE if second is not None else Qualifier.EXACT
    lead = lexicon.qualifier_before.search(text, max(0, start - 30), start)
    if lead is not None and not lexicon.not_qualifier.search(text, max(0, start - 30), start):
        found = lexicon.qualifiers[normalise(lead.group(0))]
        if (found is Qualifier.RANGE) == (second is not None):
            qualifier, start = found, lead.start()
    if low > high:
        low, high = high, low
    return Amount(low, high, currency, Span(start, end), text[start:end], qualifier=qualifier)


def _with_equivalent(text: str, amount: Amount, lexicon: MoneyLexicon) -> tuple[Amount, int]:
    """Fold "($1,570)" or ", or about $160," after an amount into it; returns the amount and
    where the text it covers ends."""
    end = amount.span.end
    lead = _EQUIVALENT_LEAD.match(text, end)
    # "200,000 rubles a month, or roughly $2,200": the span stays on the amount, so that its
    # period is still read after it
    space = None if lead is not None else _SPACE.match(text, end)
    period = lexicon.period_after.match(text, space.end()) if space else None
    if period is not None:
        lead = _EQUIVALENT_LEAD.match(text, period.end())
    if lead is None or (period is not None and lead.group("open")):
        return amount, end
    position = lead.end()
    qualifier = _EQUIVALENT_QUALIFIER.match(text, position)
    if qualifier is not None:
        position = qualifier.end()
    first = atom_at(text, position, lexicon)
    if first is None or first[1] == amount.currency:
        return amount, end
    low = high = first[0]
    stop = first[2]
    join = _RANGE_JOIN.match(text, stop)
    if join is not None:
        second = atom_at(text, join.end(), lexicon) or _bare_number_at(text, join.end())
        if second is not None and second[1] in (first[1], ""):
            high, stop = second[0], second[2]
    if lead.group("open"):
        close = _EQUIVALENT_CLOSE.match(text, stop)
        if close is None:
            return amount, end
        stop = close.end()
    elif lead.group("apposed") is not None and not _APPOSED_END.match(text, stop):
        return amount, end
    start = amount.span.start
    span = amount.span if period is not None else Span(start, stop)
    return replace(
        amount,
        span=span,
        text=text[span.start : span.end],
        equivalent_low=min(low, high),
        equivalent_high=max(low, high),
        equivalent_currency=first[1],
    ), stop


def _bare_number_at(text: str, position: int) -> tuple[float, str, int] | None:
    match = re.compile(NUMBER_PATTERN).match(text, position)
    if match is None:
        return None
    return float(match.group(0).replace(",", "")), "", match.end()


def _period_of(text: str, amount: Amount, lexicon: MoneyLexicon) -> Per | None:
    """The period written next to the amount, else `once` for a bribe or fee, else None."""
    clause_start, clause_end = clause_bounds(text, amount.span, lexicon)
    after_end = min(clause_end, amount.span.end + _PERIOD_WINDOW)
    digit = _DIGIT.search(text, amount.span.end, after_end)
    after_end = digit.start() if digit else after_end
    found = _first_period(text, lexicon.period_after, amount.span.end, after_end, lexicon)
    if found is None:
        before_start = max(clause_start, amount.span.start - _PERIOD_WINDOW)
        found = _first_period(
            text, lexicon.period_before, before_start, amount.span.start, lexicon, last=True
        )
    if found is None:  # "Daily wages for the crew were set at 2,500 rubles"
        found = _first_period(
            text, lexicon.period_of_pay, clause_start, amount.span.start, lexicon, last=True
        )
    if found is not None:
        return found
    if lexicon.once.search(text, clause_start, clause_end):
        return Per.ONCE
    return None


def _first_period(
    text: str,
    pattern: re.Pattern[str],
    start: int,
    end: int,
    lexicon: MoneyLexicon,
    last: bool = False,
) -> Per | None:
    if start >= end:
        return None
    window = text[start:end]
    excluded = [m.span() for m in lexicon.not_period.finditer(window)]
    matches = [
        m
        for m in pattern.finditer(window)
        if not any(s <= m.start() < e for s, e in excluded)
        and not _DIGIT.search(window, m.end() if last else 0, len(window) if last else m.start())
    ]
    if not matches:
        return None
    chosen = matches[-1] if last else matches[0]
    return lexicon.periods.get(normalise(chosen.group(0)))


def _inherit_periods(amounts: list[Amount]) -> list[Amount]:
    """An amount with no period of its own takes the period of another amount in the same
    sentence: "must send RUB 45,000 a month ..., while others send back RUB 70,000"."""
    stated = [a.per for a in amounts if a.per not in (None, Per.ONCE)]
    if not stated:
        return amounts
    result = []
    for index, amount in enumerate(amounts):
        if amount.per is None:
            before = [a.per for a in amounts[:index] if a.per not in (None, Per.ONCE)]
            amount = replace(amount, per=before[-1] if before else stated[0])
        result.append(amount)
    return result


def _shifted(amount: Amount, offset: int) -> Amount:
    return replace(amount, span=Span(amount.span.start + offset, amount.span.end + offset))


def _south_korean_if_priced_so(amount: Amount) -> Amount:
    """Bare "won" is the North Korean currency, unless its stated dollar equivalent prices it
    as the South Korean one ("200 billion won (US$145 million)")."""
    if amount.currency != "KPW" or amount.equivalent_currency != "USD":
        return amount
    if amount.equivalent_low and priced_as_south_korean_won(
        amount.low / amount.equivalent_low, amount.text
    ):
        return replace(amount, currency="KRW")
    return amount
