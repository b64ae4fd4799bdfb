"""Sums of money in a sentence, their period, and what kind of payment they are.

`find_amounts(text, offset, lexicon)` returns every amount written with a currency ("RUB 45,000",
"$100-$200", "100,000 rubles ($1,570)"), a parenthesised equivalent folded into the same
`Amount`. `money_kind_of(text, amount, lexicon)` says whether the amount is a wage, a
remittance to the state, a bribe or state revenue, or None when it is no payment connected to
workers (trade, arms, aid, prices). All the words involved live in resources/money_lexicon.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from laborwatch.errors import ResourceError
from laborwatch.extract.fx import RatePatterns, build_rate_patterns, priced_as_south_korean_won
from laborwatch.extract.indicators import CueIndex, build_cue_index, compile_cues, read_lexicon_rows
from laborwatch.extract.lexicon import per_sentence
from laborwatch.extract.regex import searchable
from laborwatch.model import Amount, MoneyKind, Per, Qualifier, Span

_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d,])|\d+(?:\.\d+)?"
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_SHORT = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12,
}  # fmt: skip
_SCALE_WORD = r"(?:[\s-]*(?i:thousand|million|billion|trillion))"
# wire copy in translation writes "RUB 1.5 mln" and "1.5 bln rubles", with a space
_SCALE_ABBREVIATION = r"(?:\s?(?i:mln|mn|bln|bn|tn)(?![\w]))"
_SCALE_SHORT_PATTERN = r"(?i:k|m|b)"
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
    r"\s+[-–—]\s*|\s+or\s+",
    re.IGNORECASE,
)
_EQUIVALENT_QUALIFIER = searchable(
    r"(?:about|around|roughly|approximately|approx\.|some|nearly|almost|just\s+over|just\s+under"
    r"|over|under|less\s+than|more\s+than|an\s+estimated|or)\s+",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_EQUIVALENT_CLOSE = re.compile(r"[^()\[\]]{0,40}?[)\]]")
# what may sit between an amount and the noun that says what it is ("$300 million in aid")
_HEAD_NOUN_GAP = re.compile(r"\s*(?:(?:in|of|for|worth|from|on|the|its|their|a|an)\s+){1,3}$", re.I)
# between a payment's name and its sum: "a stipend of $50", "salary: $50", "wage was $50"
_PAYMENT_NAMED_GAP = re.compile(r"\s*(?:of|:|is|was|were|are|stood\s+at)?\s*", re.IGNORECASE)
_PERIOD_WINDOW = 40
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_E = TypeVar("_E", Qualifier, Per, MoneyKind)
_KIND_ORDER = ("bribe", "remittance", "revenue", "wage_net", "wage_gross", "other", "none")


@dataclass(frozen=True, slots=True)
class MoneyLexicon:
    """Compiled money patterns, built once by `load_money_lexicon()`."""

    version: str
    symbols: dict[str, str]
    codes: dict[str, str]
    words: dict[str, str]
    ambiguous_words: frozenset[str]
    atom: re.Pattern[str]
    word_pattern: str  # a currency word or code alone, for exchange-rate phrases
    currency_cues: tuple[str, ...]  # lower-case text every written currency contains
    qualifiers: dict[str, Qualifier]
    qualifier_before: re.Pattern[str]
    not_qualifier: re.Pattern[str]
    period_after: re.Pattern[str]
    period_before: re.Pattern[str]
    periods: dict[str, Per]
    not_period: re.Pattern[str]
    once: re.Pattern[str]
    kinds: CueIndex
    kind_of_cue: tuple[str, ...]  # a MoneyKind value or "none", for each cue of `kinds`
    clause_break: re.Pattern[str]
    worker: re.Pattern[str]
    other_workers: re.Pattern[str]
    north_koreans: re.Pattern[str]
    rates: RatePatterns

    def mentions_currency(self, text: str) -> bool:
        """False when `text` cannot name a currency: a cheap test before the patterns run."""
        return self.currency_mentions(text) > 0

    def currency_mentions(self, text: str) -> int:
        """At least the number of currencies `text` names (more when one cue holds another)."""
        return _cue_count(text, self.currency_cues)

    def currency_of(self, written: str) -> str | None:
        """ISO code of a written symbol, code or currency word, None if unknown."""
        key = written.strip()
        return (
            self.symbols.get(key)
            or self.codes.get(key)
            or self.codes.get(key.upper() if key.isupper() else key)
            or self.words.get(normalise(key))
        )


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: float
    scaled: bool
    currency: str | None


# --- loading ------------------------------------------------------------------------------


def load_money_lexicon() -> MoneyLexicon:
    source = "money_lexicon.tsv"
    sections: dict[str, list[tuple[str, str]]] = {}
    for number, cells in read_lexicon_rows(source):
        if len(cells) < 3 or not cells[2]:
            raise ResourceError(f"{source}:{number}: expected section, phrase, value")
        sections.setdefault(cells[0], []).append((cells[1], cells[2]))
    for needed in ("symbol", "code", "word", "qualifier", "period", "kind", "clause_break"):
        if needed not in sections:
            raise ResourceError(f"{source}: no '{needed}' entries")
    defines = dict(sections.get("define", []))
    symbols = dict(sections["symbol"])
    codes = dict(sections["code"])
    words = {normalise(w): code for w, code in sections["word"]}
    qualifiers = {normalise(p): _enum(Qualifier, q, source) for p, q in sections["qualifier"]}
    periods = {
        normalise(p): _enum(Per, v, source)
        for p, v in sections["period"] + sections.get("period_before", [])
    }
    for _, kind in sections["kind"]:
        if kind != "none":
            _enum(MoneyKind, kind, source)
    # longest pattern first, so a specific cue wins over a shorter one at the same word
    kind_cues = sorted(set(sections["kind"]), key=lambda cue: -len(cue[0]))
    return MoneyLexicon(
        version="money.v1",
        symbols=symbols,
        codes=codes,
        words=words,
        ambiguous_words=frozenset({"won"}),
        atom=_atom_pattern(symbols, codes, words),
        word_pattern=_currency_word_pattern(codes, words),
        currency_cues=_currency_cues([*symbols, *codes, *words]),
        qualifiers=qualifiers,
        qualifier_before=searchable(
            _literal_alternation(list(qualifiers)) + r"\s*$", re.IGNORECASE
        ),
        not_qualifier=searchable(
            _literal_alternation([p for p, _ in sections.get("not_qualifier", [])] or ["\x00"])
            + r"\s*$",
            re.IGNORECASE,
        ),
        period_after=_compile_phrases([p for p, _ in sections["period"]], source),
        period_before=_compile_phrases([p for p, _ in sections.get("period_before", [])], source),
        periods=periods,
        not_period=_compile_phrases([p for p, _ in sections.get("not_period", [])], source),
        once=compile_cues([p for p, _ in sections.get("once", [])], defines, source),
        kinds=build_cue_index([phrase for phrase, _ in kind_cues], defines, source),
        kind_of_cue=tuple(kind for _, kind in kind_cues),
        clause_break=compile_cues(
            [p for p, _ in sections["clause_break"]], defines, source, whole_words=False
        ),
        worker=compile_cues([p for p, _ in sections.get("worker", [])], defines, source),
        other_workers=_compile_cues_of(sections, "other_workers", defines, source),
        north_koreans=_compile_cues_of(sections, "north_koreans", defines, source),
        rates=build_rate_patterns(
            _currency_word_pattern(codes, words),
            _currency_sign_pattern(symbols, codes),
            _bare_word_pattern(words),
        ),
    )


def _enum(kind: type[_E], value: str, source: str) -> _E:
    try:
        return kind(value)
    except ValueError as error:
        raise ResourceError(f"{source}: unknown {kind.__name__} {value!r}") from error


def _compile_cues_of(
    sections: dict[str, list[tuple[str, str]]], name: str, defines: dict[str, str], source: str
) -> re.Pattern[str]:
    return compile_cues([p for p, _ in sections.get(name, [])] or ["re:(?!)"], defines, source)


def _compile_phrases(phrases: list[str], source: str) -> re.Pattern[str]:
    return compile_cues(phrases or ["re:(?!)"], {}, source)


def _literal_alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return rf"(?<![\w-])(?:{body})"


def _atom_pattern(
    symbols: dict[str, str], codes: dict[str, str], words: dict[str, str]
) -> re.Pattern[str]:
    symbol = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
    code = "|".join(sorted(codes, key=len, reverse=True))
    word = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )
    before = rf"(?<![A-Za-z])(?:{code}|{symbol})"
    after = rf"(?:(?:{code})(?![A-Za-z])|(?i:{word})(?![\w-])|(?:{symbol})(?![\d]))"
    return re.compile(
        rf"(?P<before>{before})\s?(?P<num1>{_NUMBER})"
        rf"(?P<scale1>{_SCALE_WORD}|{_SCALE_ABBREVIATION}|{_SCALE_SHORT_PATTERN}(?![\w]))?(?![\d%])"
        # "50k rubles" (a bare "50k" is no sum) and "a 150,000-rouble wage"
        rf"|(?<![\w.,$€£¥₽])(?P<num2>{_NUMBER})"
        rf"(?P<scale2>{_SCALE_WORD}|{_SCALE_ABBREVIATION}|(?i:k)(?=[\s-]?(?:{after})))?"
        rf"(?:[\s-]?(?P<after>{after}))?(?![\w%])"
    )


def _currency_word_pattern(codes: dict[str, str], words: dict[str, str]) -> str:
    code = "|".join(sorted(codes, key=len, reverse=True))
    word = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )
    return rf"(?:(?<![A-Za-z])(?:{code})(?![A-Za-z])|(?<![\w-])(?i:{word})(?![\w-]))"


# amounts, rates and hedging ask about every sentence, each in its own pass
@per_sentence
def _cue_count(text: str, cues: tuple[str, ...]) -> int:
    lowered = text.lower()
    return sum(lowered.count(cue) for cue in cues)


def _currency_cues(written: list[str]) -> tuple[str, ...]:
    """The last word of each written currency ("dollars" of "US dollars"), lower-cased, leaving
    out any cue that contains a shorter one (finding "dollar" already covers "dollars")."""
    cues = {w.split()[-1].lower() for w in written}
    return tuple(sorted(c for c in cues if not any(o != c and o in c for o in cues)))


def _bare_word_pattern(words: dict[str, str]) -> str:
    one_word = sorted((w for w in words if " " not in w and w.isalpha()), key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(w) for w in one_word) + ")"


def _currency_sign_pattern(symbols: dict[str, str], codes: dict[str, str]) -> str:
    symbol = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
    code = "|".join(sorted(codes, key=len, reverse=True))
    return rf"(?:(?<![A-Za-z])(?:{code})(?![A-Za-z])|{symbol})"


def normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# --- amounts ------------------------------------------------------------------------------


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
            i += 1
            continue
        amount = _amount(text, atom, second, lexicon)
        amount, inside_until = _with_equivalent(text, amount, lexicon)
        amount = replace(amount, per=_period_of(text, amount, lexicon))
        amount = _south_korean_if_priced_so(amount)
        amounts.append(amount)
        i += 2 if second is not None else 1
    amounts = _inherit_periods(amounts)
    return [_shifted(a, offset) for a in amounts]


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
    match = re.compile(_NUMBER).match(text, position)
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


# --- kinds --------------------------------------------------------------------------------


def clause_bounds(text: str, span: Span, lexicon: MoneyLexicon) -> tuple[int, int]:
    """[start, end) of the clause of `text` holding `span` (relative offsets)."""
    start, end = 0, len(text)
    for match in lexicon.clause_break.finditer(text):
        if match.end() <= span.start:
            start = match.end()
        elif match.start() >= span.end:
            end = match.start()
            break
    return start, end


def money_kind_of(
    text: str, amount: Amount, lexicon: MoneyLexicon, offset: int | None = None
) -> MoneyKind | None:
    """The kind of payment `amount` is in its sentence `text`, or None when it is no payment
    connected to workers. Pass the sentence's `offset` when the amount's span is absolute;
    without it the amount is located by its text."""
    return money_kinds_of(text, [amount], lexicon, offset)[0]


def money_kinds_of(
    text: str, amounts: Sequence[Amount], lexicon: MoneyLexicon, offset: int | None = None
) -> list[MoneyKind | None]:
    """`money_kind_of` each of the amounts of one sentence, its cues found once; a cue nearer
    to another of the amounts is that amount's, unless this one has no other."""
    if not amounts:
        return []
    cues = _kind_cues(text, lexicon)
    spans = [_relative_span(text, amount, offset) for amount in amounts]
    placed = [span for span in spans if span is not None]
    return [None if span is None else _kind(text, span, placed, lexicon, cues) for span in spans]


def _kind(
    text: str,
    span: Span,
    spans: list[Span],
    lexicon: MoneyLexicon,
    cues: list[tuple[int, int, str]],
) -> MoneyKind | None:
    """The kind of the amount at `span`, among the amounts at `spans` of the same sentence."""
    if _head_noun_is_none(text, span, cues):
        return None
    clause_start, clause_end = clause_bounds(text, span, lexicon)
    if _pays_other_workers(text, clause_start, clause_end, lexicon):
        return None
    own = [c for c in cues if clause_start <= c[0] and c[1] <= clause_end]
    others = [s for s in spans if s != span]
    chosen = (
        _nearest(_not_owned(own, span, others), span)
        or _nearest(own, span)
        or _nearest(_not_owned(cues, span, others), span)
    )
    if chosen is None and lexicon.worker.search(text):
        return MoneyKind.OTHER
    chosen = chosen or _nearest(cues, span)
    if chosen is None:
        return None
    kind = chosen[2]
    if kind == "none":
        return None
    if kind == "wage_gross" and any(
        c[2] == "wage_net" and (c[1] <= span.start or c[0] - span.end <= _NET_AFTER)
        for c in (own or cues)
    ):
        return MoneyKind.WAGE_NET  # "after deductions, they earn ...", "$600 a month net"
    return MoneyKind(kind)


def _pays_other_workers(text: str, start: int, end: int, lexicon: MoneyLexicon) -> bool:
    """Whether the clause speaks of the pay of others ("Russian bricklayers earn ...", "...,
    compared with 120,000 rubles for local workers"), a comparison rather than a claim."""
    return bool(
        lexicon.other_workers.search(text, start, end)
        and not lexicon.north_koreans.search(text, start, end)
    )


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


def _relative_span(text: str, amount: Amount, offset: int | None) -> Span | None:
    if offset is not None:
        span = Span(amount.span.start - offset, amount.span.end - offset)
        if 0 <= span.start <= span.end <= len(text):
            return span
    found = text.find(amount.text)
    if found < 0:
        return None
    return Span(found, found + len(amount.text))


def _kind_cues(text: str, lexicon: MoneyLexicon) -> list[tuple[int, int, str]]:
    """Every kind cue of the sentence as (start, end, kind), cues inside a longer one dropped."""
    found = [(m.start(), m.end(), lexicon.kind_of_cue[i]) for i, m in lexicon.kinds.matches(text)]
    return [
        cue
        for cue in found
        if not any(
            o is not cue and o[0] <= cue[0] and cue[1] <= o[1] and o[1] - o[0] > cue[1] - cue[0]
            for o in found
        )
    ]


# how far after an amount a net cue still qualifies it: past its period ("a month after
# deductions"), not into the next clause
_NET_AFTER = 25


def _nearest(cues: list[tuple[int, int, str]], span: Span) -> tuple[int, int, str] | None:
    if not cues:
        return None
    return min(cues, key=lambda cue: (_gap(cue, span), _KIND_ORDER.index(cue[2])))


def _not_owned(
    cues: list[tuple[int, int, str]], span: Span, others: list[Span]
) -> list[tuple[int, int, str]]:
    """The cues no other amount of the sentence stands nearer to: in "a salary of $600, of
    which $450 was deducted for the plan", "salary" is the $600's and "plan" the $450's."""
    return [c for c in cues if not any(_gap(c, o) < _gap(c, span) for o in others)]


def _gap(cue: tuple[int, int, str], span: Span) -> int:
    if cue[1] <= span.start:
        return span.start - cue[1]
    if cue[0] >= span.end:
        return cue[0] - span.end
    return 0


def _head_noun_is_none(text: str, span: Span, cues: list[tuple[int, int, str]]) -> bool:
    """ "$300 million in aid", "$2 billion of trade": the noun after the sum says what it is,
    unless a payment named right before it does ("an allowance of $5 for food")."""
    if any(
        kind != "none" and end <= span.start and _PAYMENT_NAMED_GAP.fullmatch(text, end, span.start)
        for _, end, kind in cues
    ):
        return False
    for start, _, kind in cues:
        if kind == "none" and span.end <= start <= span.end + 20:
            gap = text[span.end : start]
            if _HEAD_NOUN_GAP.fullmatch(gap + " ") or not gap.strip():
                return True
    return False
