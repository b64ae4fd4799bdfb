"""The money lexicon: the currencies, qualifiers, periods and kind cues of
resources/money_lexicon.tsv, compiled once by `load_money_lexicon()` into `MoneyLexicon`.

Apart from money.py (which finds amounts) and money_kinds.py (which says what they pay): the
loading and pattern building run once, the finding on every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from laborwatch.errors import ResourceError
from laborwatch.extract.fx import RatePatterns, build_rate_patterns
from laborwatch.extract.indicators import CueIndex, build_cue_index, compile_cues, read_lexicon_rows
from laborwatch.extract.lexicon import per_sentence
from laborwatch.extract.regex import searchable
from laborwatch.model import MoneyKind, Per, Qualifier

NUMBER_PATTERN = (
    r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d,])|\d+(?:\.\d+)?"
)
_SCALE_WORD = r"(?:[\s-]*(?i:thousand|million|billion|trillion))"
# wire copy in translation writes "RUB 1.5 mln" and "1.5 bln rubles", with a space
_SCALE_ABBREVIATION = r"(?:\s?(?i:mln|mn|bln|bn|tn)(?![\w]))"
_SCALE_SHORT_PATTERN = r"(?i:k|m|b)"
_E = TypeVar("_E", Qualifier, Per, MoneyKind)


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
    period_of_pay: re.Pattern[str]  # "monthly" in "monthly salary", anywhere before the amount
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
        period_of_pay=_period_of_pay(sections, source),
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


def _period_of_pay(sections: dict[str, list[tuple[str, str]]], source: str) -> re.Pattern[str]:
    """A period word right before a word for pay ("monthly salary"), matched as the period."""
    periods = _compile_phrases([p for p, _ in sections.get("period_before", [])], source)
    nouns = _compile_phrases([p for p, _ in sections.get("pay_noun", [])], source)
    return re.compile(rf"(?:{periods.pattern})(?=\s+(?:{nouns.pattern}))", re.IGNORECASE)


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
        rf"(?P<before>{before})\s?(?P<num1>{NUMBER_PATTERN})"
        rf"(?P<scale1>{_SCALE_WORD}|{_SCALE_ABBREVIATION}|{_SCALE_SHORT_PATTERN}(?![\w]))?(?![\d%])"
        # "50k rubles" (a bare "50k" is no sum) and "a 150,000-rouble wage"
        rf"|(?<![\w.,$€£¥₽])(?P<num2>{NUMBER_PATTERN})"
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
    return sum(map(text.lower().count, cues))


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
