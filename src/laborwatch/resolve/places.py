"""Places named in a sentence, found and resolved offline.

`Gazetteer` holds every name of a place, indexed once by its folded lower-case words; `find`
splits a sentence into words once (place_words.py) and looks up the n-grams that start at a
capitalised word some name starts with. Only the words around such a start are folded and
examined: `find` runs on every sentence, and most words are not near one. Here too is how a
name is judged: a town whose name is more likely a word or part of a personal name here is
dropped (`_plausible`), and of homonyms the one in a country the sentence names wins (`_best`).

The gazetteer is built by `load_gazetteer` (gazetteer_loading.py) from GeoNames and our data
files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from laborwatch.model import Place, PlaceMention, Span
from laborwatch.resolve.place_words import POSSESSIVE, Words, fold

# a GeoNames town smaller than this is only taken where its name cannot be a capitalised
# ordinary word: not first in the sentence ("Svobodny is ..." passes, a village does not)
START_FLOOR = 15_000
# towns named like surnames ("Gusev") below this need a preposition before them
SURNAME_FLOOR = 100_000
# a GeoNames town smaller than this next to another capitalised word is part of a personal or
# organisation name ("Anna Petrova", "Chekhov Street" is lost, "Gagarin said" is right)
NAME_FLOOR = 500_000
MAX_WORDS = 6
LEVEL_RANK = {"facility": 0, "city": 1, "region": 2, "area": 3, "country": 4, "demonym": 5}
# GeoNames romanises Russian endings letter by letter ("Svobodnyy", "Tsiolkovskiy"); English
# news writes "Svobodny", "Tsiolkovsky"
CYRILLIC_COUNTRIES = frozenset({"RU", "UA", "BY", "KZ", "KG", "UZ", "TJ"})
_SURNAME_END = re.compile(r"(?:ov|ev|yov|in|yn|ova|eva|ina|sky|skaya)$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for."""

    place: Place
    level: str
    population: int
    curated: bool  # from our data files, so known to be meant as a place


@dataclass(frozen=True, slots=True)
class PlaceWords:
    """Word lists from places_extra.tsv, all folded (see `fold`)."""

    stop: frozenset[str]
    titles: frozenset[str]
    heads: frozenset[str]
    sites: tuple[str, ...]  # as written, longest first
    cues: frozenset[str]  # prepositions that show the next name is a place
    features: frozenset[str]  # "River": a town's name before one names the river instead


class Gazetteer:
    """Names -> candidate places; built once by `load_gazetteer`, then read-only."""

    def __init__(
        self,
        names: dict[str, tuple[Candidate, ...]],
        words: PlaceWords,
        states_by_capital: dict[int, Place] | None = None,
    ) -> None:
        self._names = names
        self._words = words
        # "Moscow has agreed to take in workers": a capital acting is its state, not a city
        # (keyed by the capital's GeoNames id)
        self._states_by_capital = states_by_capital or {}
        # the longest name (in words) starting with each first word: most words stop here
        self._first: dict[str, int] = {}
        for key in names:
            head, _, _ = key.partition(" ")
            size = key.count(" ") + 1
            if size > self._first.get(head, 0):
                self._first[head] = size
        # the first words of names that go on ("the", "united", "united states"): a match
        # grows a word at a time only while it could still become a name
        self._prefixes = frozenset(
            " ".join(split[:size])
            for split in (key.split(" ") for key in names)
            for size in range(1, len(split))
        )

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """Resolve one name to its canonical place, preferring `country` when given."""
        hints = {country} if country else set()
        candidates = self._names.get(fold(name))
        if candidates:
            return _best(candidates, hints).place
        found = self._resolved(name, country)
        if not found:
            return None
        # "Russia's Kursk region", "Svobodny, Amur Oblast": the finest place is the one meant
        _, _, best, _, _ = min(found, key=lambda f: LEVEL_RANK.get(f[3] or f[2].level, 9))
        return best.place

    def find(
        self, text: str, offset: int = 0, country_hint: str | None = None
    ) -> list[PlaceMention]:
        """Place mentions in one sentence, longest match first, non-overlapping, spans absolute
        (offset added). Homonyms go to a country the sentence names or `country_hint`, else to
        the most populous."""
        mentions = []
        for start, end, best, level, name_end in self._resolved(text, country_hint):
            place, level = _named(best, text[start:name_end]), level or best.level
            state = self._states_by_capital.get(place.geonames_id or 0)
            if state is not None and level == "city" and _acts(text, start, end):
                place, level = state, "country"
            mentions.append(
                PlaceMention(text[start:end], Span(offset + start, offset + end), place, level)
            )
        return mentions

    def _resolved(
        self, text: str, country_hint: str | None
    ) -> list[tuple[int, int, Candidate, str, int]]:
        found = list(self._matches(text))
        hints = {country_hint} if country_hint else set()
        for _, _, candidates, _, _ in found:
            countries = {c.place.country for c in candidates}
            if len(countries) == 1:
                hints.update(c for c in countries if c)
        return [
            (start, end, _best(candidates, hints), level, name_end)
            for start, end, candidates, level, name_end in found
        ]

    def _matches(self, text: str) -> Iterator[tuple[int, int, tuple[Candidate, ...], str, int]]:
        """(start, end, candidates, level if not the candidates', end of the name proper)."""
        words = Words(text)
        resume = 0  # the first word not taken by an earlier match
        consumed_before = -1  # index of the last word taken by a match
        for index in self._name_starts(words):
            if index < resume:
                continue
            hit = self._longest(words, index, consumed_before)
            if hit is None:
                continue
            end, size, candidates = hit
            resume = index + size
            if text.startswith("$", end):  # "US$", "HK$": a currency, not a place
                continue
            level, name_end = "", end
            site_end = self._site_end(text, end) if _has_city(candidates) else None
            if site_end is not None:
                end, level = site_end, "facility"
            yield words[index].start, end, candidates, level, name_end
            consumed_before = resume - 1

    def _name_starts(self, words: Words) -> list[int]:
        """Indexes of the capitalised words that some name starts with: no match starts
        anywhere else, so only these (and the words around them) are looked at further."""
        capitals = [index for index, raw in enumerate(words.raw) if raw[0].isupper()]
        return [
            i for i in capitals if words.folded(i) in self._first or words.bare(i) in self._first
        ]

    def _longest(
        self, words: Words, index: int, consumed_before: int
    ) -> tuple[int, int, tuple[Candidate, ...]] | None:
        folded = self._reach(words, index)
        for size in range(len(folded), 0, -1):
            inner = folded[: size - 1]
            endings = [(folded[size - 1], False)]
            if words.bare(index + size - 1) != folded[size - 1]:  # rare: "Russia's", "Moscow."
                endings.append((words.bare(index + size - 1), True))
            for ending, bare in endings:
                key = " ".join([*inner, ending])
                candidates = self._names.get(key)
                if not candidates:
                    continue
                if size == 1 and key in self._words.stop:
                    continue
                last = words[index + size - 1]
                if not last.capital and not any(c.curated for c in candidates):
                    continue  # only our own aliases end in a lower-case word ("Kursk region")
                kept = self._plausible(words, index, size, candidates, consumed_before)
                if kept:
                    return (last.bare_end if bare else last.end), size, kept
        return None

    def _reach(self, words: Words, index: int) -> list[str]:
        """The folded words from word `index` on that may be one name: no more than the
        longest name starting with the first, nor than `MAX_WORDS`; punctuation or a line
        break ends a name; and each word but the last must continue a name's first words
        ("The" stops before "workers")."""
        limit = max(self._first.get(words.folded(index), 0), self._first.get(words.bare(index), 0))
        folded = [words.folded(index)]
        while (
            len(folded) < min(limit, MAX_WORDS)
            and " ".join(folded) in self._prefixes
            and index + len(folded) < len(words)
            and words.adjacent(index + len(folded))
        ):
            folded.append(words.folded(index + len(folded)))
        return folded

    def _plausible(
        self,
        words: Words,
        index: int,
        size: int,
        candidates: tuple[Candidate, ...],
        consumed_before: int,
    ) -> tuple[Candidate, ...]:
        """Drop GeoNames towns whose name is here more likely a word or part of a name."""
        if all(c.curated for c in candidates):
            return candidates
        first = words[index]
        previous = words[index - 1] if index > 0 else None
        following = words[index + size] if index + size < len(words) else None
        titled = previous is not None and previous.bare in self._words.titles
        # "NIS", "ROK": a short capitalised acronym is only a place we list ourselves
        acronym = size == 1 and len(first.raw) <= 5 and first.raw.isupper()
        beside_name = size == 1 and (
            (
                previous is not None
                and previous.capital
                and not previous.after_break
                and index - 1 != consumed_before
                and words.adjacent(index)
            )
            or (
                following is not None
                and following.capital
                and following.bare not in self._words.heads
                and following.folded not in self._first
                and words.adjacent(index + 1)
            )
        )
        cued = previous is not None and previous.folded in self._words.cues
        feature = following is not None and following.bare in self._words.features

        def unlikely(candidate: Candidate) -> bool:
            return (
                titled
                or feature
                or acronym
                or (first.after_break and candidate.population < START_FLOOR)
                or (beside_name and candidate.population < NAME_FLOOR)
                or (size == 1 and not cued and _surname_shaped(candidate))
            )

        return tuple(c for c in candidates if c.curated or not unlikely(c))

    def _site_end(self, text: str, end: int) -> int | None:
        """End of "<city> Airport" and the like, which name a site in the city."""
        if not text.startswith(" ", end):
            return None
        for site in self._words.sites:
            stop = end + 1 + len(site)
            if text.startswith(site, end + 1) and (stop == len(text) or not text[stop].isalnum()):
                return stop
        return None


# a capital as the subject of what a government does: "Moscow is preparing to", "Moscow and
# Pyongyang have agreed"; not after a preposition ("in Moscow") nor before "has 500 workers"
_SUBJECT_START = re.compile(
    r"(?:^|[,;:(]\s*|[“\"]|\b(?:but|while|as|since|because|that|when|after|before|though|yet|"
    r"so|said|says|say|told|believes?|thinks?|noted|added|stated|warned)\s+)$",
    re.IGNORECASE,
)
_STATE_VERB = re.compile(
    r"(?:\s+and\s+[A-Z][\w-]+)?(?:'s?\s+government)?\s+"
    # auxiliaries and adverbs ("has quietly admitted")
    r"(?:(?:has|have|had|is|are|was|were|will|would|could|may|might|also|already|now|still|"
    r"then|been|be|[a-z]+ly)\s+)*"
    r"(?:agree|plan|want|intend|hope|seek|sought|aim|say|said|claim|den[iy]|insist|sign|"
    r"pledge|promis|ask|request|welcom|need|rel[iy]|continu|began|begin|start|refus|allow|"
    r"prepar|expect|send|sent|dispatch|deploy|recruit|invit|approv|decid|consider|look|"
    r"turn|tout|count|lean|offer|accept|confirm|acknowledg|vow|push|press|move|admit|"
    r"host|hire|import|employ|bring|brought|receiv|grant|issu|let)",
)


def _acts(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is the subject of a government's act."""
    if not _STATE_VERB.match(text, end):
        return False
    # the words that may open the subject are short: look no further back than they reach
    return bool(_SUBJECT_START.search(text, max(0, start - 12), start))


def _named(candidate: Candidate, written: str) -> Place:
    """A city or region keeps the name the text gives it ("Primorye", "Ussuriisk"): outlets
    and GeoNames spell them differently, and `admin1` and `geonames_id` carry the canonical
    identity. Countries, areas, facilities and our own city aliases ("St. Petersburg") take the
    canonical name, and so does a name written with accents or in capitals."""
    if candidate.curated and candidate.level not in ("region",):
        return candidate.place
    bare = POSSESSIVE.sub("", written)
    if not bare.isascii() or bare.isupper() or bare == candidate.place.name:
        return candidate.place
    return replace(candidate.place, name=bare)


def _surname_shaped(candidate: Candidate) -> bool:
    """Russian towns named after people ("Gusev", "Suvorov") read as surnames unless a
    preposition shows a place."""
    return (
        candidate.place.country in CYRILLIC_COUNTRIES
        and candidate.population < SURNAME_FLOOR
        and _SURNAME_END.search(candidate.place.name) is not None
    )


def _has_city(candidates: Iterable[Candidate]) -> bool:
    return any(c.level == "city" for c in candidates)


def _best(candidates: Sequence[Candidate], countries: set[str]) -> Candidate:
    """Prefer a place in a country the sentence names, then our own data over GeoNames, then
    the most populous, then the finer level."""
    return min(
        candidates,
        key=lambda c: (
            bool(countries) and c.place.country not in countries,
            not c.curated,
            -c.population,
            LEVEL_RANK.get(c.level, 9),
        ),
    )


__all__ = ["CYRILLIC_COUNTRIES", "Candidate", "Gazetteer", "PlaceWords"]
