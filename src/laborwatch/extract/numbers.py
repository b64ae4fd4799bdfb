"""Counts and how the text bounds them: "about 500", "up to 10,000", "several thousand to 10,000".

`CountParser(lexicon).find(text, offset)` returns every number-like expression of a sentence as a
`Count`; whether it counts people is decided by the claim assembler, which looks at the words
after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from laborwatch.extract.lexicon import (
    DeploymentLexicon,
    fold_lookalikes,
    phrase_pattern,
    words_of,
)
from laborwatch.extract.regex import searchable
from laborwatch.model import Count, Qualifier, Span

# "15,000"; "15 000" as translated Russian and European text groups thousands; "15000"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:\.\d+)?"
_SCALE_SUFFIX = r"(?:\s*(?:million|thousand|k)(?![\w-]))?"
_CONNECTOR = re.compile(r"\s*(?:to|-|–|—|or|through)\s*", re.IGNORECASE)
# "and" joins a range only after "between": "6,000 and 2,800 respectively" are two counts
_AND = re.compile(r"\s*and\s*", re.IGNORECASE)
_SUFFIX_QUALIFIERS = (
    (re.compile(r"\s*(?:or more|and more|-plus|\+|or so much more)(?![\w-])", re.I), "at_least"),
    (re.compile(r"\s*(?:or so|-odd|odd)(?![\w-])", re.I), "about"),
    (re.compile(r"\s*(?:or fewer|or less|at most)(?![\w-])", re.I), "at_most"),
)
# "rose from 4,000 to 13,000": two counts, before and after, not a range
_CHANGE_FROM = re.compile(
    r"\b(?:rose|risen|grew|grown|climbed|increased|jumped|swelled|surged|soared|doubled|fell"
    r"|fallen|dropped|declined|decreased|shrank|shrunk)\s+from\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# Years written bare ("in 2024 workers arrived") are not counts of people.
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    low: int
    high: int
    vague: bool


class CountParser:
    """Finds counts in sentences; built once from the lexicon, then pure."""

    def __init__(self, lexicon: DeploymentLexicon) -> None:
        self.lexicon = lexicon
        words = [w for w in (*lexicon.units, *lexicon.tens) if w]
        scales = list(lexicon.scales)
        any_word = "|".join(sorted([*words, *scales], key=len, reverse=True))
        word_number = (
            rf"(?:(?:two|three|four|a)\s+dozen|(?:half\s+)?(?:a|one)\s+(?:{'|'.join(scales)}|dozen)"
            rf"|a\s+couple\s+(?:of\s+)?(?:{'|'.join(scales)})"
            rf"|(?:{'|'.join(sorted(words, key=len, reverse=True))})"
            rf"(?:[\s-]+(?:and\s+)?(?:{any_word}))*)"
        )
        vague = phrase_pattern(list(lexicon.vague))
        # every count has a digit, one of these words, or all the words of a vague phrase
        self._number_words = frozenset([*words, *scales, "dozen", "couple"])
        self._vague_words = tuple({words_of(phrase) for phrase in lexicon.vague})
        digits = rf"(?<![\w$€£¥₽.,])(?P<digits>{_DIGITS}){_SCALE_SUFFIX}(?![\w%])"
        self._atom = searchable(
            rf"(?P<vague>{vague})|{digits}|(?<![\w-])(?P<words>{word_number})(?![\w-])",
            re.IGNORECASE,
        )
        # in a text with no number word only the digits can match: the same atoms, found faster
        self._digit_atom = searchable(rf"(?P<vague>(?!))|{digits}|(?P<words>(?!))", re.I)
        self._qualifier = {
            qualifier: searchable(rf"{phrase_pattern(phrases)}\s*$", re.IGNORECASE)
            for qualifier, phrases in lexicon.qualifiers.items()
        }
        self._range_lead = searchable(
            r"(?:between|from|anywhere from|anywhere between|ranging from)\s*$", re.I
        )

    def find(self, text: str, offset: int = 0) -> list[Count]:
        """Every count in `text`, spans absolute (offset added), in text order."""
        spelled = self._may_spell_numbers(text)
        if not spelled and not _DIGIT.search(text):
            return []
        pattern = self._atom if spelled else self._digit_atom
        atoms = [a for a in (self._parse_atom(m, text) for m in pattern.finditer(text)) if a]
        counts: list[Count] = []
        i = 0
        while i < len(atoms):
            atom = atoms[i]
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            if nxt and not nxt.vague and self._joined(text, atom, nxt):
                counts.append(self._range(text, atom, nxt, offset))
                i += 2
                continue
            counts.append(self._point(text, atom, offset))
            i += 1
        return counts

    def _may_spell_numbers(self, text: str) -> bool:
        present = words_of(text)
        return not self._number_words.isdisjoint(present) or any(
            words <= present for words in self._vague_words
        )

    def _joined(self, text: str, first: _Atom, second: _Atom) -> bool:
        gap = text[first.end : second.start]
        if _CONNECTOR.fullmatch(gap):
            return not _CHANGE_FROM.search(text, max(0, first.start - 40), first.start)
        return bool(_AND.fullmatch(gap)) and bool(
            re.search(r"between\s*$", text[max(0, first.start - 30) : first.start], re.I)
        )

    def _parse_atom(self, match: re.Match[str], text: str) -> _Atom | None:
        if match.group("vague"):
            low, high = self.lexicon.vague[_normalise(match.group("vague"))]
            return _Atom(match.start(), match.end(), low, high, vague=True)
        if match.group("digits"):
            raw = match.group("digits")
            scale = _scale_of(match.group(0)[len(raw) :])
            if scale == 1 and _YEAR.fullmatch(raw):
                return None
            value = round(float(re.sub(r"[,\s]", "", raw)) * scale)
            return _Atom(match.start(), match.end(), value, value, vague=False)
        spelled = self._words_value(match.group("words"))
        if spelled is None:
            return None
        return _Atom(match.start(), match.end(), spelled, spelled, vague=False)

    def _words_value(self, phrase: str) -> int | None:
        """'five hundred' -> 500, 'two thousand three hundred' -> 2300, 'a dozen' -> 12."""
        tokens = [t for t in re.split(r"[\s-]+", _normalise(phrase)) if t and t != "and"]
        if tokens[:1] == ["half"]:  # "half a million"
            whole = self._words_value(" ".join(tokens[1:]))
            return whole // 2 if whole else None
        total = current = 0
        for token in tokens:
            if token == "a":
                current = 1
            elif token == "dozen":
                current = max(current, 1) * 12
            elif token == "couple":
                current = 2
            elif token == "of":
                continue
            elif token in self.lexicon.units:
                current += self.lexicon.units.index(token)
            elif token in self.lexicon.tens:
                current += self.lexicon.tens.index(token) * 10
            elif token == "hundred":
                current = max(current, 1) * 100
            elif token in self.lexicon.scales:
                total += max(current, 1) * self.lexicon.scales[token]
                current = 0
            else:
                return None
        value = total + current
        # "one" alone is a pronoun far more often than a count
        return value if value > 1 else None

    def _point(self, text: str, atom: _Atom, offset: int) -> Count:
        start, end = atom.start, atom.end
        if atom.vague:
            qualifier = Qualifier.VAGUE
            low: int | None = atom.low
            high: int | None = atom.high
            lead = self._qualifier_before(text, start)
            if lead is not None:
                start = lead[1]
        else:
            qualifier, low, high = Qualifier.EXACT, atom.low, atom.high
            lead = self._qualifier_before(text, start)
            if lead is not None:
                qualifier, start = lead
            tail = _qualifier_after(text, end)
            if tail is not None:
                # "an estimated 2,000-plus": the bound after the number is the firmer one
                if qualifier in (Qualifier.EXACT, Qualifier.ABOUT):
                    qualifier = tail[0]
                end = tail[1]
            if qualifier is Qualifier.AT_MOST:
                low = None
            elif qualifier is Qualifier.AT_LEAST:
                high = None
        return Count(low, high, qualifier, Span(offset + start, offset + end), text[start:end])

    def _range(self, text: str, first: _Atom, second: _Atom, offset: int) -> Count:
        start = first.start
        lead = self._range_lead.search(text, 0, start)
        if lead is not None and lead.end() >= start - 1:
            start = lead.start()
        low, high = first.low, second.high
        if not first.vague and first.low < 1000 <= second.low and second.low % 1000 == 0:
            # "3 to 5 thousand": the scale word on the second number covers the first
            scale = 1000 if second.low < 1_000_000 else 1_000_000
            if first.low * scale <= second.low:
                low = first.low * scale
        if low > high:
            low, high = high, low
        end = second.end
        return Count(
            low, high, Qualifier.RANGE, Span(offset + start, offset + end), text[start:end]
        )

    def _qualifier_before(self, text: str, start: int) -> tuple[Qualifier, int] | None:
        """The qualifier ending right before the number; of two, the longer: "no fewer than"
        (at least), not the "fewer than" (at most) inside it."""
        window_start = max(0, start - 40)
        window = text[window_start:start]
        found = [
            (match.start(), qualifier)
            for qualifier, pattern in self._qualifier.items()
            if (match := pattern.search(window))
        ]
        if not found:
            return None
        at, qualifier = min(found, key=lambda pair: pair[0])
        return qualifier, window_start + at


def _qualifier_after(text: str, end: int) -> tuple[Qualifier, int] | None:
    for pattern, name in _SUFFIX_QUALIFIERS:
        match = pattern.match(text, end)
        if match:
            return Qualifier(name), match.end()
    return None


def _scale_of(suffix: str) -> int:
    word = suffix.strip().lower()
    return {"million": 1_000_000, "thousand": 1000, "k": 1000}.get(word, 1)


def _normalise(phrase: str) -> str:
    """A matched phrase as the lexicon writes it: lower case, single spaces, and letters the
    case-insensitive pattern read as ASCII ones ("thouſand") made so."""
    return " ".join(fold_lookalikes(phrase).lower().split())
