"""Places found and resolved offline: finding, aliases, traps, homonyms, spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.model import PlaceMention
from laborwatch.resolve.gazetteer_loading import english_name, load_gazetteer
from laborwatch.resolve.place_words import fold
from laborwatch.resolve.places import Gazetteer
from laborwatch.resources import resource_path

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, str]]:
    """(as written, canonical name, level): a region's canonical name is its admin1."""
    return [
        (m.text, (m.place.admin1 if m.level == "region" else None) or m.place.name, m.level)
        for m in gazetteer.find(text)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Builders reached Svobodny, not far from the Vostochny Cosmodrome.",
            [("Svobodny", "Svobodny", "city"), ("Vostochny Cosmodrome", "Tsiolkovsky", "facility")],
        ),
        (
            "Moscow's Kursk region took in engineers from the north.",
            [("Moscow", "Moscow", "city"), ("Kursk region", "Kursk Oblast", "region")],
        ),
        (
            "Crews went on to Khabarovsk Krai and the Amur region.",
            [
                ("Khabarovsk Krai", "Khabarovsk Krai", "region"),
                ("Amur region", "Amur Oblast", "region"),
            ],
        ),
        (
            "The group landed at Vladivostok Airport before the trip to the city of Nakhodka.",
            [
                ("Vladivostok Airport", "Vladivostok", "facility"),
                ("Nakhodka", "Nakhodka", "city"),
            ],
        ),
        (
            "Labourers in the Maritime Province and in Primorye earn little.",
            [
                ("Maritime Province", "Primorsky Krai", "region"),
                ("Primorye", "Primorsky Krai", "region"),
            ],
        ),
        (
            "Most of them come from the Hamgyong provinces and from North Pyongan.",
            [
                ("Hamgyong provinces", "Hamgyong provinces", "area"),
                ("North Pyongan", "North Pyongan", "region"),
            ],
        ),
        (
            "Some were seen in Sinŭiju and others in P'yŏngyang.",
            [("Sinŭiju", "Sinuiju", "city"), ("P'yŏngyang", "Pyongyang", "city")],
        ),
        (
            "Seafood plants in Liaoning Province and Jilin province hire them.",
            [("Liaoning Province", "Liaoning", "region"), ("Jilin province", "Jilin", "region")],
        ),
        (
            "The Russian Far East and Siberia need hands, a Russian official said.",
            [
                ("Russian Far East", "Far East", "area"),
                ("Siberia", "Siberia", "area"),
                ("Russian", "Russia", "demonym"),
            ],
        ),
        (
            "Sites in the UAE, Qatar and Kuwait were named.",
            [
                ("UAE", "United Arab Emirates", "country"),
                ("Qatar", "Qatar", "country"),
                ("Kuwait", "Kuwait", "country"),
            ],
        ),
        (
            "The DPRK and the Russian Federation signed it in Tsiolkovsky.",
            [
                ("DPRK", "North Korea", "country"),
                ("Russian Federation", "Russia", "country"),
                ("Tsiolkovsky", "Tsiolkovsky", "city"),
            ],
        ),
        (
            "North Korean and South Korean officials met in Ulaanbaatar, Mongolia.",
            [
                ("North Korean", "North Korea", "demonym"),
                ("South Korean", "South Korea", "demonym"),
                ("Ulaanbaatar", "Ulaanbaatar", "city"),
                ("Mongolia", "Mongolia", "country"),
            ],
        ),
        (
            "Workers moved from St. Petersburg to the Moscow region.",
            [
                ("St. Petersburg", "Saint Petersburg", "city"),
                ("Moscow region", "Moscow Oblast", "region"),
            ],
        ),
        (
            "Contracts in Vientiane, Laos, and in Malabo, Equatorial Guinea, ended.",
            [
                ("Vientiane", "Vientiane", "city"),
                ("Laos", "Laos", "country"),
                ("Malabo", "Malabo", "city"),
                ("Equatorial Guinea", "Equatorial Guinea", "country"),
            ],
        ),
        (
            "In Yakutia and Zabaykalsky Krai the season is short.",
            [
                ("Yakutia", "Sakha Republic", "region"),
                ("Zabaykalsky Krai", "Zabaykalsky Krai", "region"),
            ],
        ),
        (
            "Loggers left Tynda for the Sakhalin region by rail.",
            [("Tynda", "Tynda", "city"), ("Sakhalin region", "Sakhalin Oblast", "region")],
        ),
        (
            "Hotels in Dubai and Doha employed them until 2017.",
            [("Dubai", "Dubai", "city"), ("Doha", "Doha", "city")],
        ),
        (
            "A Chinese broker in Dandong, China, arranged the papers.",
            [
                ("Chinese", "China", "demonym"),
                ("Dandong", "Dandong", "city"),
                ("China", "China", "country"),
            ],
        ),
        (
            "Rostov-on-Don and Yuzhno-Sakhalinsk were named.",
            [
                ("Rostov-on-Don", "Rostov-on-Don", "city"),
                ("Yuzhno-Sakhalinsk", "Yuzhno-Sakhalinsk", "city"),
            ],
        ),
        (
            "Teams went to Russia’s Kursk Oblast last year.",
            [("Russia", "Russia", "country"), ("Kursk Oblast", "Kursk Oblast", "region")],
        ),
    ],
)
def test_find(gazetteer: Gazetteer, sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(gazetteer, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Most workers said they would leave in March or May.",
        "Police said the Mobile team was reading the reports.",
        "Kim Jong Un met Moon Jae-in and later Park, Lee and Jang.",
        "President Trump, Biden and Putin did not comment on Sale.",
        "Van drivers and Gap staff were not involved.",
        "Nice weather in June; Split decisions in July.",
        "Reading the contract, Orlov said he was paid late.",
        "Gen. Zhukov and Comrade Gusev signed the order.",
        "Anna Gusev told the court she was never paid.",
        "They were paid, as promised, every Friday.",
        "Progress on the Star project was slow, Xinhua said.",
        "Sergei Shoigu and Vladimir Putin spoke to reporters.",
        "The Independence Day speech was long.",
        "no capitalised word here at all",
        "",
        "12,000 workers; 3,000 more later.",
    ],
)
def test_no_place(gazetteer: Gazetteer, sentence: str) -> None:
    assert gazetteer.find(sentence) == []


@pytest.mark.parametrize(
    ("name", "canonical", "country", "admin1"),
    [
        ("Saint Petersburg", "Saint Petersburg", "RU", "Saint Petersburg"),
        ("St. Petersburg", "Saint Petersburg", "RU", "Saint Petersburg"),
        ("St Petersburg", "Saint Petersburg", "RU", "Saint Petersburg"),
        ("Primorye", "Primorsky Krai", "RU", "Primorsky Krai"),
        ("Primorsky Krai", "Primorsky Krai", "RU", "Primorsky Krai"),
        ("Kursk region", "Kursk Oblast", "RU", "Kursk Oblast"),
        ("Kursk Oblast", "Kursk Oblast", "RU", "Kursk Oblast"),
        ("Moscow region", "Moscow Oblast", "RU", "Moscow Oblast"),
        ("Moscow", "Moscow", "RU", "Moscow"),
        ("Pyongyang", "Pyongyang", "KP", "Pyongyang"),
        ("P'yŏngyang", "Pyongyang", "KP", "Pyongyang"),
        ("Sinuiju", "Sinuiju", "KP", "North Pyongan"),
        ("Sinŭiju", "Sinuiju", "KP", "North Pyongan"),
        ("Svobodny", "Svobodny", "RU", "Amur Oblast"),
        ("Vladivostok", "Vladivostok", "RU", "Primorsky Krai"),
        ("Knevichi", "Vladivostok", "RU", "Primorsky Krai"),
        ("Sheremetyevo", "Moscow", "RU", "Moscow"),
        ("Republic of Tatarstan", "Republic of Tatarstan", "RU", "Republic of Tatarstan"),
        ("Tatarstan", "Republic of Tatarstan", "RU", "Republic of Tatarstan"),
        ("Kazan", "Kazan", "RU", "Republic of Tatarstan"),
        ("Alabuga", "Alabuga", "RU", "Republic of Tatarstan"),
        ("Alabuga Special Economic Zone", "Alabuga", "RU", "Republic of Tatarstan"),
        ("Khasan", "Khasan", "RU", "Primorsky Krai"),
        ("Khasansky District", "Khasansky District", "RU", "Primorsky Krai"),
        ("Elabuga", "Yelabuga", "RU", "Republic of Tatarstan"),
        ("Chita", "Chita", "RU", "Zabaykalsky Krai"),
        ("Heilongjiang Province", "Heilongjiang", "CN", "Heilongjiang"),
        ("Rason", "Rason", "KP", "Rason"),
        ("DPRK", "North Korea", "KP", None),
        ("North Korea", "North Korea", "KP", None),
        ("UAE", "United Arab Emirates", "AE", None),
        ("United Arab Emirates", "United Arab Emirates", "AE", None),
        ("Emirates", "United Arab Emirates", "AE", None),
        ("Russian Federation", "Russia", "RU", None),
        ("Russia", "Russia", "RU", None),
        ("Russia's Kursk region", "Kursk Oblast", "RU", "Kursk Oblast"),
        # parts of the world: places of no country
        ("Southeast Asia", "Southeast Asia", None, None),
        ("South-East Asia", "Southeast Asia", None, None),
        ("Middle East", "Middle East", None, None),
        ("Gulf countries", "Gulf states", None, None),
    ],
)
def test_lookup_aliases(
    gazetteer: Gazetteer, name: str, canonical: str, country: str | None, admin1: str | None
) -> None:
    place = gazetteer.lookup(name)
    assert place is not None
    assert (place.name, place.country, place.admin1) == (canonical, country, admin1)


@pytest.mark.parametrize("name", ["Narnia", "March", "Kim", "Putin", "", "the"])
def test_lookup_unknown(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


def test_cities_and_countries_carry_geonames_ids(gazetteer: Gazetteer) -> None:
    vladivostok = gazetteer.lookup("Vladivostok")
    russia = gazetteer.lookup("Russia")
    region = gazetteer.lookup("Amur Oblast")
    assert vladivostok is not None and vladivostok.geonames_id == 2013348
    assert vladivostok.lat is not None and 43 < vladivostok.lat < 44
    assert russia is not None and russia.geonames_id == 2017370 and russia.admin1 is None
    assert region is not None and region.geonames_id is None and region.lat is not None


@pytest.mark.parametrize(
    ("sentence", "hint", "text", "country", "admin1"),
    [
        ("They worked in Donetsk.", None, "Donetsk", "UA", "Donetsk Oblast"),
        ("They worked in Donetsk, Russia.", None, "Donetsk", "RU", "Rostov Oblast"),
        ("They worked in Donetsk.", "RU", "Donetsk", "RU", "Rostov Oblast"),
        ("Workers in Ivanovo were counted.", None, "Ivanovo", "RU", "Ivanovo Oblast"),
        ("Workers in Ivanovo, Belarus were counted.", None, "Ivanovo", "BY", None),
        ("Blagoveshchensk hosts a border crossing.", None, "Blagoveshchensk", "RU", "Amur Oblast"),
    ],
)
def test_homonyms(
    gazetteer: Gazetteer,
    sentence: str,
    hint: str | None,
    text: str,
    country: str,
    admin1: str | None,
) -> None:
    mention = next(m for m in gazetteer.find(sentence, country_hint=hint) if m.text == text)
    assert (mention.place.country, mention.place.admin1) == (country, admin1)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a small town first in the sentence or next to a name is a word or a name
        ("Tsiolkovsky was quiet.", []),
        ("Svobodny was quiet.", ["Svobodny"]),
        ("Workers were paid in US$ and in Russia.", ["Russia"]),
        ("Vladivostok was quiet.", ["Vladivostok"]),
        ("Workers went to Svobodny.", ["Svobodny"]),
        ("Mayor Gusev met workers in Gusev.", ["Gusev"]),
        ("Orlov is far from Moscow.", ["Moscow"]),
        ("They lived in Orlov for a year.", ["Orlov"]),
        ("Chekhov Street is in Vladivostok.", ["Vladivostok"]),
        ("Shin of the NIS spoke in Seoul.", ["Seoul"]),
        ("Shipyards in Artyom and Bolshoi Kamen hired them.", ["Artyom", "Bolshoi Kamen"]),
        # a town's name before "River" or "Lake" names the water, not the town
        ("The men crossed the Tumen River into Russia.", ["Russia"]),
        ("A mill in Tumen hired them.", ["Tumen"]),
    ],
)
def test_traps_around_small_towns(gazetteer: Gazetteer, sentence: str, expected: list[str]) -> None:
    assert [m.text for m in gazetteer.find(sentence)] == expected


def test_offset_makes_spans_absolute(gazetteer: Gazetteer) -> None:
    document = "Intro sentence here. Workers flew from Pyongyang to Moscow."
    start = document.index("Workers")
    for mention in gazetteer.find(document[start:], offset=start):
        assert document[mention.span.start : mention.span.end] == mention.text


def spans_are_sound(text: str, mentions: list[PlaceMention]) -> None:
    previous_end = 0
    for mention in mentions:
        assert text[mention.span.start : mention.span.end] == mention.text
        assert mention.span.start >= previous_end  # in order, non-overlapping
        assert mention.place.name
        assert mention.level in {"country", "region", "city", "facility", "area", "demonym"}
        previous_end = mention.span.end


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_find_never_crashes(gazetteer: Gazetteer, text: str) -> None:
    spans_are_sound(text, gazetteer.find(text))


NAMES = ["Moscow", "Kursk region", "Primorye", "North Korea", "St. Petersburg", "Kim", "March"]


@given(st.lists(st.sampled_from([*NAMES, "and", "in", ",", "the", "’s", "."]), max_size=12))
@settings(max_examples=200, deadline=None)
def test_find_on_place_soup(gazetteer: Gazetteer, words: list[str]) -> None:
    text = " ".join(words)
    spans_are_sound(text, gazetteer.find(text))


def test_english_spelling_of_geonames_names() -> None:
    assert english_name("Svobodnyy", "RU") == "Svobodny"
    assert english_name("Tsiolkovskiy", "RU") == "Tsiolkovsky"
    assert english_name("Sariwŏn-si", "KP") == "Sariwon"
    assert english_name("Namp’o", "KP") == "Nampo"
    assert english_name("Gdańsk", "PL") == "Gdansk"
    assert fold("  P'yŏngyang  City ") == "pyongyang city"


@pytest.mark.parametrize("name", ["regions.tsv", "places_extra.tsv"])
def test_data_files_name_source_and_licence(name: str) -> None:
    head = resource_path(name).read_text(encoding="utf-8").splitlines()[:6]
    assert head[0].startswith("#")
    assert any("Licence" in line for line in head)


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return sentences


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not available")
def test_seed_destinations_are_found(gazetteer: Gazetteer) -> None:
    places = {
        key
        for sentence in seed_sentences()
        for m in gazetteer.find(sentence)
        for key in (m.place.name, m.place.admin1)
    }
    for name in ("Svobodny", "Vladivostok", "Moscow", "Saint Petersburg", "Kursk Oblast", "Russia"):
        assert name in places
    assert "Kim" not in places and "Putin" not in places


# cases from the first version of this file, kept
EARLIER = [
    # sentence, written name, canonical region, country, level
    ("Builders arrived in Tynda last week.", "Tynda", "Amur Oblast", "RU", "city"),
    ("Crews were moved to Russia's Amur region.", "Amur region", "Amur Oblast", "RU", "region"),
    ("They work in Primorye near the border.", "Primorye", "Primorsky Krai", "RU", "region"),
    (
        "A site near the Vostochny Cosmodrome hired them.",
        "Vostochny Cosmodrome",
        "Amur Oblast",
        "RU",
        "facility",
    ),
    ("Seamstresses sew uniforms in Dandong, China.", "Dandong", "Liaoning", "CN", "city"),
    ("Recruits came from Chagang Province.", "Chagang Province", "Chagang", "KP", "region"),
    ("The group flew from St. Petersburg.", "St. Petersburg", "Saint Petersburg", "RU", "city"),
    ("Labourers left the Kursk region in May.", "Kursk region", "Kursk Oblast", "RU", "region"),
]


@pytest.mark.parametrize(("sentence", "written", "admin1", "country", "level"), EARLIER)
def test_mention_resolved(
    gazetteer: Gazetteer, sentence: str, written: str, admin1: str, country: str, level: str
) -> None:
    mentions = {m.text: m for m in gazetteer.find(sentence)}
    assert written in mentions, mentions
    mention = mentions[written]
    assert (mention.place.admin1, mention.place.country, mention.level) == (admin1, country, level)


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        ("Workers returned from the UAE and Qatar.", {"AE", "QA"}),
        ("The DPRK sent them to Mongolia.", {"KP", "MN"}),
        ("Russian firms hired them.", {"RU"}),
        ("Emirati and Qatari firms hired them.", {"AE", "QA"}),
    ],
)
def test_countries_and_demonyms(gazetteer: Gazetteer, sentence: str, countries: set[str]) -> None:
    assert {m.place.country for m in gazetteer.find(sentence)} == countries


@pytest.mark.parametrize(
    "sentence",
    [
        "In March, Kim met Park and Lee to talk about the Union budget.",
        "May brought rain; Police said Most of them were fine.",
        "Sergei spoke to Vladimir about reading and mobile phones.",
        "the workers went home without their pay.",
    ],
)
def test_no_place_in_ordinary_words(gazetteer: Gazetteer, sentence: str) -> None:
    assert gazetteer.find(sentence) == []


def test_lookup_prefers_the_given_country(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Vladivostok", "RU")
    assert place is not None and place.country == "RU"
    donetsk = gazetteer.lookup("Donetsk", "RU")
    assert donetsk is not None and donetsk.country == "RU"


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200), offset=st.integers(min_value=0, max_value=500))
def test_spans_slice_to_mentions(gazetteer: Gazetteer, text: str, offset: int) -> None:
    for mention in gazetteer.find(text, offset):
        assert text[mention.span.start - offset : mention.span.end - offset] == mention.text


@pytest.mark.parametrize(
    ("sentence", "name", "level"),
    [
        # a capital that acts is its state
        ("Moscow is preparing to take in 50,000 workers.", "Russia", "country"),
        ("Officials said Moscow would welcome more workers.", "Russia", "country"),
        ("Pyongyang has dispatched 15,000 laborers.", "North Korea", "country"),
        ("But Moscow and Pyongyang have agreed to expand the scheme.", "Russia", "country"),
        ("Moscow has quietly admitted thousands of laborers.", "Russia", "country"),
        ("Moscow reportedly issued 13,000 visas last year.", "Russia", "country"),
        ("Since 2023, Moscow has increasingly hired workers from Pyongyang.", "Russia", "country"),
        # a capital as a place stays the city
        ("About 500 workers arrived in Moscow last week.", "Moscow", "city"),
        ("Moscow has 2,000 North Korean workers on its sites.", "Moscow", "city"),
        ("Moscow is home to hundreds of them.", "Moscow", "city"),
        ("Moscow only has a few hundred of them.", "Moscow", "city"),
        ("Moscow hotels hired 300 of the workers.", "Moscow", "city"),
        ("The workers flew from Pyongyang to Moscow.", "Pyongyang", "city"),
    ],
)
def test_capital_standing_for_its_state(
    gazetteer: Gazetteer, sentence: str, name: str, level: str
) -> None:
    first = gazetteer.find(sentence)[0]
    assert (first.place.name, first.level) == (name, level)
