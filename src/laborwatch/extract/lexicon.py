"""The deployment and attribution lexicons, loaded from resources/*.toml into typed objects.

Loading is guarded: an empty or malformed list is a ResourceError naming the file and key, so a
bad edit to a data file fails at start-up, not as silently missing claims.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, cast

from laborwatch.errors import ResourceError
from laborwatch.extract.regex import searchable
from laborwatch.model import AttributionType, Category, OrgRole, Qualifier, Status
from laborwatch.resources import resource_path


@dataclass(frozen=True, slots=True)
class OrganizationEntry:
    name: str
    aliases: tuple[str, ...]
    role: OrgRole


@dataclass(frozen=True, slots=True)
class DeploymentLexicon:
    version: str
    qualifiers: dict[Qualifier, tuple[str, ...]]
    vague: dict[str, tuple[int, int]]
    units: tuple[str, ...]
    tens: tuple[str, ...]
    scales: dict[str, int]
    people: dict[Category, tuple[str, ...]]
    generic: tuple[str, ...]
    modifiers: frozenset[str]
    blockers: frozenset[str]
    foreign: tuple[str, ...]
    status: dict[Status, tuple[str, ...]]
    hedges: tuple[str, ...]
    not_deployment: tuple[str, ...]
    combat: tuple[str, ...]  # words of battle: people with no role sent among them are troops
    sectors: dict[str, tuple[str, ...]]
    visas: dict[str, tuple[str, ...]]
    transport: dict[str, tuple[str, ...]]
    organizations: tuple[OrganizationEntry, ...]


@dataclass(frozen=True, slots=True)
class AttributionLexicon:
    version: str
    speech_verbs: tuple[str, ...]
    lead_phrases: tuple[str, ...]
    pronouns: tuple[str, ...]
    not_sources: frozenset[str]
    types: dict[AttributionType, tuple[str, ...]]
    new_topic: tuple[str, ...]  # openers after which a sentence no longer speaks for a source
    continuation: tuple[str, ...]  # openers that refer back to what a source said


def _words(table: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise ResourceError(f"{source}: '{key}' must be a non-empty list of strings")
    words = tuple(str(w).strip().lower() for w in value)
    if any(not w for w in words):
        raise ResourceError(f"{source}: '{key}' has an empty entry")
    return words


def _read_toml(name: str) -> dict[str, Any]:
    path = resource_path(name)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ResourceError(f"cannot read {name}: {error}") from error


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"{source}: [{key}] must be a non-empty table")
    return value


def load_deployment_lexicon() -> DeploymentLexicon:
    source = "deployments.toml"
    data = _read_toml(source)
    qualifiers = _table(data, "qualifiers", source)
    vague = {
        str(k).lower(): (int(v[0]), int(v[1])) for k, v in _table(data, "vague", source).items()
    }
    number_words = _table(data, "number_words", source)
    people = _table(data, "people", source)
    status = _table(data, "status", source)
    organizations = tuple(
        OrganizationEntry(
            name=str(entry["name"]),
            aliases=tuple(str(a) for a in entry["aliases"]),
            role=OrgRole(entry["role"]),
        )
        for entry in data.get("organizations", [])
    )
    return DeploymentLexicon(
        version=str(data.get("version", "deployments")),
        qualifiers={Qualifier(k): _words(qualifiers, k, source) for k in qualifiers},
        vague=vague,
        units=tuple(number_words["units"]),
        tens=tuple(number_words["tens"]),
        scales={str(k): int(v) for k, v in number_words["scales"].items()},
        people={Category(k): _words(people, k, source) for k in Category if k in people},
        generic=_words(people, "generic", source),
        modifiers=frozenset(_words(_table(data, "modifiers", source), "words", source)),
        blockers=frozenset(_words(_table(data, "modifiers", source), "blockers", source)),
        foreign=_words(_table(data, "foreign", source), "words", source),
        status={Status(k): _words(status, k, source) for k in status},
        hedges=_words(_table(data, "hedges", source), "words", source),
        not_deployment=_words(_table(data, "not_deployment", source), "words", source),
        combat=_words(_table(data, "combat", source), "words", source),
        sectors=_word_table(data, "sectors", source),
        visas=_word_table(data, "visas", source),
        transport=_word_table(data, "transport", source),
        organizations=organizations,
    )


def _word_table(data: dict[str, Any], key: str, source: str) -> dict[str, tuple[str, ...]]:
    table = _table(data, key, source)
    return {name: _words(table, name, source) for name in table}


def load_attribution_lexicon() -> AttributionLexicon:
    source = "attribution.toml"
    data = _read_toml(source)
    types = _table(data, "types", source)
    return AttributionLexicon(
        version=str(data.get("version", "attribution")),
        speech_verbs=_words(data, "speech_verbs", source),
        lead_phrases=_words(data, "lead_phrases", source),
        pronouns=_words(data, "pronouns", source),
        not_sources=frozenset(_words(data, "not_sources", source)),
        types={AttributionType(k): _words(types, k, source) for k in types},
        new_topic=_words(_table(data, "carry", source), "new_topic", source),
        continuation=_words(_table(data, "carry", source), "continuation", source),
    )


def phrase_pattern(phrases: tuple[str, ...] | list[str]) -> str:
    """A regex alternation matching any phrase on word boundaries, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return rf"(?<![\w-])(?:{body})(?![\w-])"


_WORD = re.compile(r"[a-z0-9]+")
_MAX_GROUPS = 4096  # patterns of groups of phrases kept per Phrases


class Phrases:
    """A compiled `phrase_pattern` that is only tried where one of the phrases' first words
    occurs: most sentences lack them all (a set look-up tells), and in the rest the phrases
    are matched at those words alone, so the long alternation (slow in Python's regex engine,
    which tries every branch at every character) never scans a whole sentence. A phrase is
    tried only when the sentence has all its words: "a report by" is not looked for at every
    "a". Case-insensitive, like the lexicons."""

    def __init__(self, phrases: tuple[str, ...] | list[str]) -> None:
        self._pattern = searchable(phrase_pattern(phrases), re.IGNORECASE)
        words = [tuple(_WORD.findall(p.lower())) for p in phrases]
        by_first: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for phrase, its_words in zip(phrases, words, strict=True):
            if its_words and _WORD.match(phrase.lower()):
                by_first.setdefault(its_words[0], []).append((phrase, frozenset(its_words)))
        # a phrase opening with a sign or a quote has no first word: always search
        self._by_first = by_first if all(_WORD.match(p.lower()) for p in phrases) else None
        self._first_words = frozenset(by_first)
        # the pattern of each group of phrases met so far, by the phrases
        self._compiled: dict[tuple[str, ...], re.Pattern[str]] = {}

    @property
    def first_words(self) -> frozenset[str] | None:
        """The words the phrases start with; None when some phrase starts with a sign."""
        return None if self._by_first is None else frozenset(self._by_first)

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Like `pattern.finditer(text, start, end)`."""
        end = len(text) if end is None else end
        if self._by_first is None:
            return self._pattern.finditer(text, start, end)
        words = words_of(text)
        present = {}
        # the sentence's words are fewer than the first words: the intersection looks up theirs
        for first in self._first_words.intersection(words):
            possible = tuple(p for p, needed in self._by_first[first] if needed <= words)
            if possible:
                present[first] = self._pattern_of(possible)
        if not present:
            return iter(())
        return _matches_at_first_words(text, lowered(text), present, start, end)

    def _pattern_of(self, phrases: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._compiled.get(phrases)
        if pattern is None:
            if len(self._compiled) >= _MAX_GROUPS:  # odd text must not fill memory
                self._compiled.clear()
            pattern = self._compiled[phrases] = re.compile(phrase_pattern(phrases), re.I)
        return pattern


class PhraseTable:
    """Keys, each with its phrases (sectors, visa routes, ...), and which key a text names
    first. The text's words pick the few keys worth a search."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._phrases = {key: Phrases(list(phrases)) for key, phrases in table.items()}
        self._keys_by_word: dict[str, set[str]] = {}
        self._always: set[str] = set()
        for key, phrases in self._phrases.items():
            if phrases.first_words is None:
                self._always.add(key)
            for word in phrases.first_words or ():
                self._keys_by_word.setdefault(word, set()).add(key)

    def first_key(self, text: str) -> str | None:
        """The key whose phrase occurs earliest in `text` (the smaller key on a tie)."""
        words = self._keys_by_word.keys() & words_of(text)
        keys = self._always.union(*(self._keys_by_word[word] for word in words))
        hits = [(m.start(), key) for key in keys if (m := self._phrases[key].search(text))]
        return min(hits)[1] if hits else None


def _matches_at_first_words(
    text: str, folded: str, by_first: dict[str, re.Pattern[str]], start: int, end: int
) -> Iterator[re.Match[str]]:
    """The matches of the patterns `by_first` holds for each first word, tried only where
    that word occurs in `folded` (`lowered(text)`), left to right, none overlapping: what one
    alternation of them all would find."""
    candidates = sorted(
        (at, word) for word in by_first for at in _occurrences(folded, word, start, end)
    )
    reached = start
    for at, word in candidates:
        if at >= reached and (match := by_first[word].match(text, at, end)):
            yield match
            reached = match.end()


def _occurrences(text: str, word: str, start: int, end: int) -> Iterator[int]:
    at = text.find(word, start, end)
    while at >= 0:
        yield at
        at = text.find(word, at + 1, end)


# the assembler reads a document's sentences in several passes (places, attribution, rates,
# counts, ...), and each pass asks the same things of every sentence: keep a document's worth
SENTENCES_KEPT = 512
_SENTENCE_CACHES: list[Any] = []

F = TypeVar("F", bound=Callable[..., Any])


def per_sentence(function: F) -> F:
    """`function` cached for the passes over one document, until `forget_sentences()`."""
    cached = lru_cache(maxsize=SENTENCES_KEPT)(function)
    _SENTENCE_CACHES.append(cached)
    return cast(F, cached)


def forget_sentences() -> None:
    """Empty the sentence caches: called between documents, so that a corpus repeating whole
    sentences (copies of one report, or a benchmark cut from a few) is not read faster for it."""
    for cached in _SENTENCE_CACHES:
        cached.cache_clear()


@per_sentence
def words_of(text: str) -> frozenset[str]:
    """The lower-case ASCII letter and digit runs of `text`, lookalikes folded: a word is in
    it if a case-insensitive pattern can find the word in `text`."""
    # bytes.translate and split are faster than the regex, which is kept for phrases
    ascii_words = lowered(text).encode("utf-8", "surrogatepass").translate(_NOT_WORD_BYTES)
    return frozenset(ascii_words.decode("ascii").split())


# every byte but those of `_WORD` to a space: a character outside ASCII is encoded in bytes
# above 127, so it ends a word as it does for the regex
_NOT_WORD_BYTES = bytes(byte if _WORD.fullmatch(chr(byte)) else ord(" ") for byte in range(256))


@per_sentence
def lowered(text: str) -> str:
    """`text` with lookalikes folded, in lower case: same offsets (see `fold_lookalikes`)."""
    return fold_lookalikes(text).lower()


# the letters a case-insensitive regex matches to an ASCII letter that lower() does not give
# (Turkish dotted and dotless i, the long s)
_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_lookalikes(text: str) -> str:
    """`text` with the letters a case-insensitive pattern reads as ASCII ones ("ſpring" is
    matched as "spring") replaced by those: a lower-case ASCII word occurs in it exactly where
    an IGNORECASE pattern finds the word in `text`. Same offsets, lower-cased too: "İ" is the
    one letter whose lower case is longer."""
    return text if text.isascii() else text.translate(_LOOKALIKES)
