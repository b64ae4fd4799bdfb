"""Whole documents through the Extractor: what the per-sentence extractors' tables cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from laborwatch.extract import Extractor
from laborwatch.model import ClaimKind, Document
from laborwatch.resources import load_resources

EXAMPLES = Path(__file__).parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_resources())


def document(text: str, doc: str = "d1") -> Document:
    return Document(id=doc, text=text, source=f"{doc}.txt", published="2025-03-14")


def test_one_cue_showing_two_indicators_gives_two_claims(extractor: Extractor) -> None:
    text = (
        "North Korean workers in Russia are watched closely. Interviewees described being "
        "confined to worksite dormitories, with security agents tracking every movement."
    )
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.INDICATOR]
    assert len(claims) >= 2
    assert len({c.id for c in claims}) == len(claims)


@pytest.mark.parametrize("folder", [SEEDS, EXAMPLES], ids=["seeds", "examples"])
def test_claim_ids_are_unique_in_every_document(extractor: Extractor, folder: Path) -> None:
    for path in sorted(folder.glob("*.txt")):
        claims = extractor.extract(document(path.read_text(encoding="utf-8"), path.stem))
        ids = [c.id for c in claims]
        assert len(ids) == len(set(ids)), path.name


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's defence ministry said about 2,000 North Korean troops were deployed last month.",
        "Japan's Asahi Shimbun reported that about 2,000 North Korean workers will be sent.",
        "North Korea has sent a further 3,000 soldiers to Russia, Ukrainian intelligence said.",
        "North Korea has sent 30,000 soldiers, who may build roads, Ukrainian intelligence said.",
    ],
)
def test_the_country_a_source_is_from_is_no_destination(extractor: Extractor, text: str) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert claims
    for claim in claims:
        destination = claim.details.destination  # type: ignore[union-attr]
        assert destination is None or destination.country not in ("UA", "JP")


def test_a_country_in_a_source_s_words_votes_for_the_country_the_document_is_about(
    extractor: Extractor,
) -> None:
    text = (
        "Moscow has become the main buyer of North Korean labour. Figures from Russia's interior"
        " ministry show 13,221 North Koreans entered the country in 2024. Most of them now work"
        " in Moscow, in Russia's biggest building boom in decades."
    )
    (claim,) = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert claim.details.destination.name == "Russia"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Seoul believe that at least 3,000 North Korean workers were dispatched.",
        "A resident of Hyesan told us some 200 North Korean workers left for Russia in May.",
    ],
)
def test_where_a_source_is_does_not_keep_the_workers_at_home(
    extractor: Extractor, text: str
) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert len(claims) == 1


def test_a_sum_inside_a_stated_rate_is_no_payment(extractor: Extractor) -> None:
    text = "North Korean workers in Russia. At 92 rubles to the dollar, their net pay is $400."
    claims = extractor.extract(document(text))
    assert [c.kind for c in claims].count(ClaimKind.FX) == 1
    money = [c.details for c in claims if c.kind is ClaimKind.MONEY]
    assert [(m.amount_low, m.currency) for m in money] == [(400, "USD")]  # type: ignore[union-attr]


FILLER = "The weather was mild. " * 9


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # a North Korean town or province names the country for the sentence
        (FILLER + "About 60 welders from Rason crossed into Russia last week.", [60]),
        (FILLER + "Some 150 labourers from South Hamgyong left for Khabarovsk.", [150]),
        # a place elsewhere does not
        (FILLER + "About 60 welders from Vladivostok went to Khabarovsk.", []),
    ],
)
def test_a_north_korean_place_names_north_korea(
    extractor: Extractor, text: str, numbers: list[int]
) -> None:
    text = "North Korea sends workers abroad. " + text
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert [c.details.low for c in claims] == numbers  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        (
            "North Korean loggers in Russia numbered about 3,000 in May 2024, up from 1,800 a"
            " year earlier.",
            {3000: "2024-05-01", 1800: "2023-05-01"},
        ),
        (
            "About 7,000 North Koreans entered Russia in 2024, up from just 900 in 2022.",
            {7000: "2024-01-01", 900: "2022-01-01"},
        ),
        # a baseline with no time of its own has none: not the count's, not the publication's
        (
            "North Korean workers in Russia numbered 8,000 in June, up from 5,000.",
            {8000: "2024-06-01", 5000: None},
        ),
    ],
)
def test_a_baseline_has_its_own_time(
    extractor: Extractor, text: str, years: dict[int, str | None]
) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    found = {c.details.low: c.details.when.start if c.details.when else None for c in claims}  # type: ignore[union-attr]
    assert found == years


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("North Korean labourers reach the Russian Far East", 1),
        ("Pyongyang sends builders to Primorye", 1),
        ("Building boom in the Russian Far East", 0),
        (None, 0),
    ],
)
def test_a_headline_naming_north_korea_opens_the_text_to_extraction(
    extractor: Extractor, title: str | None, expected: int
) -> None:
    text = "About 2,000 builders arrived in Vladivostok last month, regional officials said."
    claims = extractor.extract(
        Document(id="h", text=text, source="h.txt", published="2025-03-14", title=title)
    )
    assert len([c for c in claims if c.kind is ClaimKind.DEPLOYMENT]) == expected


@pytest.mark.parametrize(
    ("text", "years"),
    [
        (
            "North Korea sent 1,200 troops to Russia in November, and 300 more in January.",
            [2024, 2025],
        ),
        (
            "North Korean loggers in Russia rose from 4,000 in 2022 to 13,000 in 2024.",
            [2022, 2024],
        ),
        ("In 2023, some 2,000 North Korean workers arrived in Russia.", [2023]),
    ],
)
def test_each_count_takes_the_time_of_its_own_phrase(
    extractor: Extractor, text: str, years: list[int]
) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert [c.details.when.start[:4] for c in claims] == [str(y) for y in years]  # type: ignore[union-attr]


def sources(extractor: Extractor, text: str, kind: ClaimKind) -> list[str | None]:
    claims = [c for c in extractor.extract(document(text)) if c.kind is kind]
    return [c.attributed_to.text if c.attributed_to else None for c in claims]


SAID = "About 900 North Korean builders reached Kazan in May, a city official said."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # reported speech runs on into the next sentence
        (SAID + " Some 300 more are due in July.", ["a city official"] * 2),
        # and a sentence referring back keeps it through its paragraph
        (
            SAID + " The men sleep in a hostel. Another 200 will follow them in August.",
            ["a city official"] * 2,
        ),
        # a quotation takes the source named where it opens
        (
            "A broker in Dandong said: \u201cThe girls left in March. About 400 North Korean"
            " seamstresses went to Hunchun. Most of them came from Chongjin.\u201d",
            ["A broker in Dandong"],
        ),
        # a new topic, a heading or the writer's own sum does not inherit
        (
            SAID + " Meanwhile, about 600 North Korean loggers are in Amur.",
            ["a city official", None],
        ),
        (
            SAID + "\n\nWorkers abroad\n\nAbout 600 North Korean loggers are in Amur.",
            ["a city official", None],
        ),
        # a sentence that does not refer back stops the run after one step
        (
            SAID + " The men sleep in a hostel. About 600 North Korean loggers are in Amur.",
            ["a city official", None],
        ),
        # nor does a new paragraph
        (
            SAID + " The men sleep in a hostel.\n\nAnother 600 North Koreans are in Amur.",
            ["a city official", None],
        ),
    ],
)
def test_a_source_carries_as_far_as_reported_speech_runs(
    extractor: Extractor, text: str, expected: list[str | None]
) -> None:
    assert sources(extractor, text, ClaimKind.DEPLOYMENT) == expected


@pytest.mark.parametrize(
    ("text", "source", "hedged"),
    [
        (
            "North Korean workers. Traders in Hyesan said the dollar fetched 8,700 won.",
            "Traders in Hyesan",
            False,
        ),
        (
            "North Korean workers. The dollar is reportedly trading at 8,700 won in Hyesan.",
            None,
            True,
        ),
        # the writer converting is no source's rate
        (
            "North Korean workers earn 40,000 rubles, a foreman said. At 95 rubles to the dollar,"
            " that is about $420.",
            None,
            False,
        ),
    ],
)
def test_a_rate_has_the_sentence_source_and_hedging(
    extractor: Extractor, text: str, source: str | None, hedged: bool
) -> None:
    rates = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.FX]
    assert len(rates) == 1
    found = rates[0].attributed_to
    assert (found.text if found else None, rates[0].hedged) == (source, hedged)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "About 30,000 North Korean workers were in Russia in 2017. By 2019 that number had"
            " fallen to roughly 1,000.",
            {30000: "workers", 1000: "workers"},
        ),
        (
            "Some 3,000 North Korean builders came in 2023. This year the figure is expected to"
            " reach 10,000.",
            {3000: "workers", 10000: "workers"},
        ),
        # a number of something else, or a figure said of nothing counted before
        (
            "Some 3,000 North Korean builders came in 2023. The number of flats reached 500.",
            {3000: "workers"},
        ),
        ("North Korea's economy is small. That figure was 4,500 in 2023.", {}),
    ],
)
def test_that_number_counts_the_people_counted_before(
    extractor: Extractor, text: str, counts: dict[int, str]
) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert {c.details.low: c.details.category.value for c in claims} == counts  # type: ignore[union-attr]


def test_a_part_of_the_world_is_the_destination_not_the_document_s_country(
    extractor: Extractor,
) -> None:
    text = (
        "About 3,000 North Korean workers are in Russia. More than 100 North Korean"
        " restaurant workers are believed to be working in Southeast Asia."
    )
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    places = {c.details.low: c.details.destination for c in claims}  # type: ignore[union-attr]
    assert places[3000] is not None and places[3000].name == "Russia"
    assert places[100] is not None and (places[100].name, places[100].country) == (
        "Southeast Asia",
        None,
    )


def test_a_share_of_a_sum_counts_no_one(extractor: Extractor) -> None:
    text = (
        "About 2,000 North Korean workers are in Vladivostok. The monthly wage was about 5,000"
        " yuan, of which 3,500 went to the state."
    )
    claims = extractor.extract(document(text))
    assert [c.details.low for c in claims if c.kind is ClaimKind.DEPLOYMENT] == [2000]  # type: ignore[union-attr]
    assert [c.details.amount_low for c in claims if c.kind is ClaimKind.MONEY] == [5000, 3500]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a lede's unnamed outlet is named in the sentences after it
        (
            "A new investigation reports that 500 North Korean workers are in Tomsk."
            " The workers came in May, according to the BBC.",
            "the BBC",
        ),
        # a source that names itself keeps its name
        (
            "About 300 North Korean sappers arrived in Kursk, Russian state television reported."
            " Some 10,000 North Korean workers went to Russia, the NIS said.",
            "Russian state television",
        ),
    ],
)
def test_an_unnamed_outlet_takes_the_name_given_after_it(
    extractor: Extractor, text: str, source: str
) -> None:
    first = next(c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT)
    assert first.attributed_to is not None and first.attributed_to.text == source


def test_a_yearly_flow_without_its_noun_counts_the_people_before(extractor: Extractor) -> None:
    text = (
        "An estimated 20,000 North Koreans may be working in Russia."
        " Roughly 2,000 to 3,000 arrive every year on student visas."
    )
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    flow = [c.details for c in claims if c.details.low == 2000]  # type: ignore[union-attr]
    assert [(d.high, d.status.value, d.visa) for d in flow] == [(3000, "entered", "student")]  # type: ignore[union-attr]


def test_the_country_of_a_source_s_adjective_is_the_country(extractor: Extractor) -> None:
    text = "Russian border data show that 13,000 North Koreans entered the country in 2024."
    (claim,) = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert claim.details.destination.country == "RU"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        # what the people may yet do is not what happened to them
        ("North Korea sent 30,000 soldiers, who may be used in construction.", ["dispatched"]),
        # a running total is a count of those there, whatever brought the last of them
        (
            "An additional 3,000 North Korean troops arrived in January, bringing the total to"
            " 14,000.",
            ["entered", "present"],
        ),
    ],
)
def test_statuses_of_a_clause_after_the_count(
    extractor: Extractor, text: str, statuses: list[str]
) -> None:
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert [c.details.status.value for c in claims] == statuses  # type: ignore[union-attr]


def test_of_those_points_past_the_baseline_of_a_comparison(extractor: Extractor) -> None:
    text = (
        "Some 13,000 North Koreans entered Russia in 2024, compared with 1,000 in 2023."
        " Of those, 7,900 came on student visas and 2,000 for work, while a few hundred came"
        " as tourists."
    )
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    found = {
        c.details.low: (c.details.status.value, c.details.visa, c.details.when.start[:4])  # type: ignore[union-attr]
        for c in claims
        if c.details.low not in (13000, 1000)  # type: ignore[union-attr]
    }
    assert found[7900] == ("entered", "student", "2024")
    assert found[2000][0::2] == ("entered", "2024")
    assert found[200][:2] == ("entered", "tourist")


@pytest.mark.parametrize(
    ("second", "category"),
    [
        # what "people" do says more of them than the troops counted before
        ("Russia also plans to bring in 5,000 people to rebuild the region's roads.", "workers"),
        ("Another 1,000 people will arrive next month to clear mines.", "military_workers"),
        ("A further 1,000 personnel will fight alongside Russian forces.", "troops"),
        # a count without its noun is of the people before
        ("Some 3,000 more are expected to follow.", "troops"),
        ("Another 1,000 personnel will follow in May.", "troops"),
    ],
)
def test_people_named_by_no_role_are_known_by_their_deeds_first(
    extractor: Extractor, second: str, category: str
) -> None:
    text = "North Korea has sent about 11,000 troops to the Kursk region. " + second
    claims = [c for c in extractor.extract(document(text)) if c.kind is ClaimKind.DEPLOYMENT]
    assert [c.details.category.value for c in claims] == ["troops", category]  # type: ignore[union-attr]
