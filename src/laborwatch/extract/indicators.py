"""Signs of forced labour in a sentence, tagged with the ILO's eleven indicators.

`find_indicators(text, offset, lexicon)` returns one (IndicatorFact, cue span) per indicator a
sentence shows. A cue counts only when it is not negated ("were not confined") and the sentence
is about workers: it names them, or speaks of work or of "they" with no other people (soldiers,
prisoners of war) named. A few cues are so specific to forced labour ("passports are held by
the company") that they count whenever no other people are named. The cue phrases live in
resources/indicators.tsv.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum

from laborwatch.errors import ResourceError
from laborwatch.extract.lexicon import lowered
from laborwatch.extract.regex import required_word, searchable, spaces_folded, starts_of
from laborwatch.model import Indicator, IndicatorFact, Span
from laborwatch.resources import resource_path

_SPECIAL = ("define", "negation", "worker", "labour", "pronoun", "other_people")
# how far back a negation may stand from its cue, and what ends its reach
_NEGATION_REACH = 40
# where a cue may start: a word not glued to the one before by a hyphen ("bug-infested" is
# matched from "bug")
_WORD_START = re.compile(r"(?<![\w-])\w")
_UNSEEN = re.compile("")  # a beginning not yet looked up (None: looked up, starts no cue)
_MAX_HEADS = 50_000
_LEADING_BOUNDARY = re.compile(r"^\(\?<!\[\\w-?\]\)")
_CLAUSE_END = re.compile(r"[,;:.!?()“”\"]|\s(?:and|but|while|whereas|although|though)\s", re.I)


class _Gate(Enum):
    """What a sentence must say about people for a cue in it to count."""

    WORKERS = "strict"  # it names workers
    WORK = ""  # it names workers, or speaks of work or "they" and names no other people
    NO_OTHERS = "specific"  # it names no other people


@dataclass(frozen=True, slots=True)
class _Cue:
    indicators: tuple[Indicator, ...]
    gate: _Gate


@dataclass(frozen=True, slots=True)
class IndicatorLexicon:
    """The compiled cue patterns, built once by `load_indicator_lexicon()`."""

    version: str
    cues: CueIndex
    cue_of: tuple[_Cue, ...]
    negation: re.Pattern[str]  # a negator followed by up to four words, at the end of a window
    worker: Mention
    labour: Mention
    pronoun: Mention
    other_people: Mention


@dataclass(frozen=True, slots=True)
class Mention:
    """Whether a sentence names one of a list of phrases: most sentences lack all their words,
    and a look for each word in the lower-cased sentence tells so faster than the regex."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None  # one is in every match (lower case); None: cannot tell

    def found_in(self, text: str) -> bool:
        if self.needles is not None:
            folded = lowered(text)
            if not any(needle in folded for needle in self.needles):
                return False
        return self.pattern.search(text) is not None


def _shortest(needles: set[str]) -> tuple[str, ...]:
    """The needles but those containing another: where "workers" is, "work" is too."""
    return tuple(sorted(n for n in needles if not any(o != n and o in n for o in needles)))


def _mention_of(phrases: Sequence[str], defines: dict[str, str], source: str) -> Mention:
    words = [required_word(cue_pattern(phrase, defines)) for phrase in phrases]
    needles = None if None in words else _shortest({w for w in words if w})
    return Mention(compile_cues(phrases, defines, source), needles)


# --- cue lexicons (shared with money.py) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class CueIndex:
    """Cue patterns indexed by how they start. `matches(text)` tries, at each word, only the
    cues that can start like it (fast on long lexicons), and tries every word, so a shorter cue
    inside a longer one ("shipping containers" in "confined them to shipping containers") is
    found too. At one word the longest cue pattern wins."""

    # the cues that can start with a word's first 4, 3, 2 or 1 characters (lower case), keyed
    # by the longest such beginning a cue is known by
    by_start: dict[str, re.Pattern[str]]
    # cues that can start with any letter ("[\w-]*infested"), each with a word it cannot match
    # without, so that it is tried only in sentences that have that word
    anywhere: tuple[tuple[int, str | None, re.Pattern[str]], ...]
    # `_pattern_of` each four-letter beginning met so far: a word's costs one look-up
    of_head: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def matches(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(cue number in the list given to `build_cue_index`, match), in text order."""
        folded = lowered(text)
        loose = [
            (number, pattern)
            for number, word, pattern in self.anywhere
            if word is None or word in folded
        ]
        of_head = self.of_head
        heads = spaces_folded(folded)  # as the cues' beginnings are told
        for word_start in _WORD_START.finditer(text):
            start = word_start.start()
            head = heads[start : start + 4]
            if (pattern := of_head.get(head, _UNSEEN)) is _UNSEEN:
                if len(of_head) >= _MAX_HEADS:  # odd text (tables, code) must not fill memory
                    of_head.clear()
                pattern = of_head[head] = self._pattern_of(head)
            if pattern is None and not loose:
                continue
            match = pattern.match(text, start) if pattern is not None else None
            number = int((match.lastgroup or "c0")[1:]) if match is not None else sys.maxsize
            for loose_number, loose_pattern in loose:  # an earlier cue wins at one word
                if loose_number < number and (found := loose_pattern.match(text, start)):
                    match, number = found, loose_number
            if match is not None:
                yield number, match

    def _pattern_of(self, head: str) -> re.Pattern[str] | None:
        """The patterns of the longest key of `by_start` that `head` starts with."""
        by_start = self.by_start
        return next((by_start[head[:w]] for w in _WIDTHS if head[:w] in by_start), None)


# how many first characters of a cue are worth telling apart: "the " is not "then"
_WIDTHS = (4, 3, 2, 1)


def build_cue_index(phrases: Sequence[str], defines: dict[str, str], source: str) -> CueIndex:
    """Index lexicon phrases (see `cue_pattern`); earlier phrases win at the same word."""
    # matched only at word starts, so the leading word-boundary check is dropped (it is slow)
    patterns = [_LEADING_BOUNDARY.sub("", cue_pattern(phrase, defines)) for phrase in phrases]
    starts = [starts_of(pattern, _WIDTHS[0]) for pattern in patterns]

    def alternation(keep: set[int]) -> re.Pattern[str]:
        body = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns) if i in keep)
        try:
            return re.compile(body or "(?!)", re.IGNORECASE)
        except re.error as error:
            raise ResourceError(f"{source}: bad pattern: {error}") from error

    def able_to_start(head: str) -> set[int]:
        return {i for i, known in enumerate(starts) if known and any(map(head.startswith, known))}

    heads = {head for known in starts if known for head in known}
    return CueIndex(
        by_start={head: alternation(able_to_start(head)) for head in heads},
        anywhere=tuple(
            (i, required_word(patterns[i]), alternation({i}))
            for i, known in enumerate(starts)
            if known is None
        ),
    )


def read_lexicon_rows(name: str) -> list[tuple[int, list[str]]]:
    """Non-comment lines of a tab-separated resource, with their line numbers."""
    try:
        lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ResourceError(f"cannot read {name}: {error}") from error
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 2 or not all(cells[:2]):
            raise ResourceError(f"{name}:{number}: expected tab-separated columns, got {line!r}")
        rows.append((number, cells))
    if not rows:
        raise ResourceError(f"{name} has no entries")
    return rows


def cue_pattern(phrase: str, defines: dict[str, str], whole_words: bool = True) -> str:
    """The regex of one lexicon phrase: `re:` raw (with {NAME} defines), else literal words
    on word boundaries where `...` stands for up to three words and `word*` for any ending.
    `whole_words=False` leaves a `re:` pattern unbounded (for punctuation such as clause breaks)."""
    if phrase.startswith("re:"):
        body = re.sub(r"\{([A-Z]+)\}", lambda m: defines.get(m.group(1), m.group(0)), phrase[3:])
        return rf"(?<![\w])(?:{body})(?![\w])" if whole_words else body
    parts = []
    for word in phrase.split():
        if word == "...":
            parts.append(r"(?:[\w'’-]+,?\s+){0,3}?")
        elif word.endswith("*") and len(word) > 1:
            parts.append(re.escape(word[:-1]) + r"[\w'’-]*\s+")
        else:
            parts.append(re.escape(word) + r"\s+")
    body = "".join(parts)
    body = body[: -len(r"\s+")] if body.endswith(r"\s+") else body
    lead = r"(?<![\w-])" if phrase[0].isalnum() else ""
    tail = r"(?![\w-])" if phrase[-1].isalnum() or phrase.endswith("*") else ""
    return f"{lead}{body}{tail}"


def compile_cues(
    phrases: Sequence[str], defines: dict[str, str], source: str, whole_words: bool = True
) -> re.Pattern[str]:
    """One case-insensitive alternation of every phrase, longest literal first."""
    ordered = sorted(set(phrases), key=lambda p: (p.startswith("re:"), -len(p)))
    try:
        return searchable(
            "|".join(cue_pattern(p, defines, whole_words) for p in ordered), re.IGNORECASE
        )
    except re.error as error:
        raise ResourceError(f"{source}: bad pattern: {error}") from error


def load_indicator_lexicon() -> IndicatorLexicon:
    source = "indicators.tsv"
    special: dict[str, list[str]] = {name: [] for name in _SPECIAL}
    defines: dict[str, str] = {}
    entries: list[tuple[str, _Cue]] = []
    for number, cells in read_lexicon_rows(source):
        head, phrase = cells[0], cells[1]
        if head == "define":
            if len(cells) < 3 or not cells[2]:
                raise ResourceError(f"{source}:{number}: a define needs a name and a pattern")
            # a define may use the ones above it
            defines[phrase] = cue_pattern("re:" + cells[2], defines, whole_words=False)
        elif head in special:
            special[head].append(phrase)
        else:
            entries.append((phrase, _cue_of(head, cells, f"{source}:{number}")))
    for name in ("negation", "worker", "pronoun"):
        if not special[name]:
            raise ResourceError(f"{source}: no '{name}' entries")
    if not entries:
        raise ResourceError(f"{source}: no cues")
    # longest pattern first, so a specific cue wins over a shorter one at the same place
    entries.sort(key=lambda entry: -len(entry[0]))
    cues = build_cue_index([phrase for phrase, _ in entries], defines, source)
    negators = compile_cues(special["negation"], defines, source).pattern
    return IndicatorLexicon(
        version="indicators.v1",
        cues=cues,
        cue_of=tuple(cue for _, cue in entries),
        negation=searchable(rf"(?:{negators})(?:\W+[\w'’-]+){{0,4}}\W*$", re.IGNORECASE),
        worker=_mention_of(special["worker"], defines, source),
        labour=_mention_of(special["labour"] or ["re:(?!)"], defines, source),
        pronoun=_mention_of(special["pronoun"], defines, source),
        other_people=_mention_of(special["other_people"] or ["re:(?!)"], defines, source),
    )


def _cue_of(head: str, cells: list[str], where: str) -> _Cue:
    try:
        indicators = tuple(Indicator(name.strip()) for name in head.split(","))
    except ValueError as error:
        raise ResourceError(f"{where}: unknown indicator in {head!r}") from error
    flag = cells[2] if len(cells) > 2 else ""
    try:
        gate = _Gate(flag)
    except ValueError as error:
        raise ResourceError(
            f"{where}: third column must be empty, 'strict' or 'specific', got {flag!r}"
        ) from error
    return _Cue(indicators, gate)


def find_indicators(
    text: str, offset: int, lexicon: IndicatorLexicon
) -> list[tuple[IndicatorFact, Span]]:
    """Each indicator `text` (one sentence) shows, once, with the span of its first cue."""
    found: list[tuple[IndicatorFact, Span]] = []
    seen: set[Indicator] = set()
    gates: set[_Gate] | None = None  # the gates the sentence passes, worked out at its first cue
    for index, match in lexicon.cues.matches(text):
        cue = lexicon.cue_of[index]
        if all(indicator in seen for indicator in cue.indicators):
            continue
        if gates is None:
            gates = _gates_passed(text, lexicon)
        if cue.gate not in gates or _negated(text, match.start(), lexicon):
            continue
        span = Span(offset + match.start(), offset + match.end())
        for indicator in cue.indicators:
            if indicator not in seen:
                seen.add(indicator)
                found.append((IndicatorFact(indicator=indicator, cue=match.group(0)), span))
    return found


def _gates_passed(text: str, lexicon: IndicatorLexicon) -> set[_Gate]:
    if lexicon.worker.found_in(text):
        return set(_Gate)
    if lexicon.other_people.found_in(text):
        return set()
    if lexicon.labour.found_in(text) or lexicon.pronoun.found_in(text):
        return {_Gate.WORK, _Gate.NO_OTHERS}
    return {_Gate.NO_OTHERS}


def _negated(text: str, start: int, lexicon: IndicatorLexicon) -> bool:
    window = text[max(0, start - _NEGATION_REACH) : start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return bool(lexicon.negation.search(window))
