"""Place mentions found and resolved offline, on sentences of our own wording."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.resolve.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


CASES = [
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
    ("The group flew from St. Petersburg.", "St. Petersburg", "Saint Petersburg", "RU", "region"),
    ("Labourers left the Kursk region in May.", "Kursk region", "Kursk Oblast", "RU", "region"),
]


@pytest.mark.parametrize(("sentence", "written", "admin1", "country", "level"), CASES)
def test_mention_resolved(
    gazetteer: Gazetteer, sentence: str, written: str, admin1: str, country: str, level: str
) -> None:
    mentions = {m.text: m for m in gazetteer.find(sentence)}
    assert written in mentions, mentions
    mention = mentions[written]
    assert (mention.place.admin1, mention.place.country, mention.level) == (admin1, country, level)


COUNTRIES = [
    ("Workers returned from the UAE and Qatar.", {"AE", "QA"}),
    ("The DPRK sent them to Mongolia.", {"KP", "MN"}),
    ("Russian firms hired them.", {"RU"}),
]


@pytest.mark.parametrize(("sentence", "countries"), COUNTRIES)
def test_countries_and_demonyms(gazetteer: Gazetteer, sentence: str, countries: set[str]) -> None:
    assert {m.place.country for m in gazetteer.find(sentence)} == countries


NO_PLACES = [
    "In March, Kim met Park and Lee to talk about the Union budget.",
    "May brought rain; Police said Most of them were fine.",
    "Sergei spoke to Vladimir about reading and mobile phones.",
    "the workers went home without their pay.",
]


@pytest.mark.parametrize("sentence", NO_PLACES)
def test_no_place_in_ordinary_words(gazetteer: Gazetteer, sentence: str) -> None:
    assert gazetteer.find(sentence) == []


def test_lookup_prefers_the_given_country(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Vladivostok", "RU")
    assert place is not None and place.country == "RU"


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200), offset=st.integers(min_value=0, max_value=500))
def test_spans_slice_to_mentions(gazetteer: Gazetteer, text: str, offset: int) -> None:
    for mention in gazetteer.find(text, offset):
        assert text[mention.span.start - offset : mention.span.end - offset] == mention.text
