"""Time expressions in sentences of our own wording, resolved against publication dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.dates import combine, find_times, when_of_published
from laborwatch.model import Span, TimeMention, When

# sentence, published, the expected (text, start, end) of every mention, in order
CASES: list[tuple[str, str | None, list[tuple[str, str | None, str | None]]]] = [
    # absolute dates
    (
        "Talks were held on Oct. 4, 2022 in the capital.",
        None,
        [("Oct. 4, 2022", "2022-10-04", "2022-10-04")],
    ),
    (
        "The convoy left 2 February 2021 at dawn.",
        None,
        [("2 February 2021", "2021-02-02", "2021-02-02")],
    ),
    ("The decree is dated 2020-07-15.", None, [("2020-07-15", "2020-07-15", "2020-07-15")]),
    ("Crews arrived in August 2022.", "2023", [("August 2022", "2022-08-01", "2022-08-31")]),
    ("They were hired in 2018 by a timber firm.", None, [("2018", "2018-01-01", "2018-12-31")]),
    (
        "In 2016, 2018 and 2019 crews came.",
        None,
        [
            ("2016", "2016-01-01", "2016-12-31"),
            ("2018", "2018-01-01", "2018-12-31"),
            ("2019", "2019-01-01", "2019-12-31"),
        ],
    ),
    ("The ban took effect in mid-2020.", None, [("mid-2020", "2020-05-01", "2020-08-31")]),
    ("Sites expanded in late 2021.", None, [("late 2021", "2021-09-01", "2021-12-31")]),
    # "the final weeks of", "the first months of": a part of the year or month named
    (
        "Most came in the final weeks of 2024.",
        None,
        [("the final weeks of 2024", "2024-11-01", "2024-12-31")],
    ),
    (
        "They left in the first months of 2023.",
        None,
        [("the first months of 2023", "2023-01-01", "2023-04-30")],
    ),
    (
        "Crews came in the last days of March 2024.",
        None,
        [("the last days of March 2024", "2024-03-21", "2024-03-31")],
    ),
    # the years since an event, up to the telling
    (
        "In the two years since the summit, 10,000 came.",
        "2025-03-14",
        [("In the two years", "2023-03-14", "2025-03-14")],
    ),
    # ... but "the past year of fighting" is the year before publication
    (
        "Over the past year of fighting, 500 came.",
        "2025-03-14",
        [("Over the past year", "2024-03-14", "2025-03-14")],
    ),
    (
        "Numbers fell in the third quarter of 2022.",
        None,
        [("the third quarter of 2022", "2022-07-01", "2022-09-30")],
    ),
    ("Hiring grew during the 2010s.", None, [("the 2010s", "2010-01-01", "2019-12-31")]),
    ("Ships docked in spring 2019.", None, [("spring 2019", "2019-03-01", "2019-05-31")]),
    # days and months without a year, closest to the publication date
    ("The group flew out on Feb. 9.", "2023-03-20", [("Feb. 9", "2023-02-09", "2023-02-09")]),
    ("Builders came home in November.", "2024-02", [("November", "2023-11-01", "2023-11-30")]),
    (
        "The team will leave in early June.",
        "2022-05-10",
        [("early June", "2022-06-01", "2022-06-10")],
    ),
    ("Selection ended in mid-August.", "2021-09", [("mid-August", "2021-08-11", "2021-08-20")]),
    (
        "Recruiting closed in late October.",
        "2020-11-02",
        [("late October", "2020-10-21", "2020-10-31")],
    ),
    (
        "They worked there from June to September.",
        "2019-12",
        [("from June to September", "2019-06-01", "2019-09-30")],
    ),
    (
        "Trains ran from mid-May to early July.",
        "2022-08-01",
        [("from mid-May to early July", "2022-05-11", "2022-07-10")],
    ),
    (
        "Flights ran from late December to early February.",
        "2022-03-01",
        [("from late December to early February", "2021-12-21", "2022-02-10")],
    ),
    # months joined by a dash or a word, with or without a preposition before them
    (
        "In January-September, 5,000 North Koreans entered.",
        "2025-11-14",
        [("January-September", "2025-01-01", "2025-09-30")],
    ),
    (
        "The January to March figures show 500 arrivals.",
        "2025-06-02",
        [("January to March", "2025-01-01", "2025-03-31")],
    ),
    (
        "Crews worked from January through September.",
        "2025-11-14",
        [("from January through September", "2025-01-01", "2025-09-30")],
    ),
    (
        "Ships sailed from 2019 until 2022.",
        None,
        [("from 2019 until 2022", "2019-01-01", "2022-12-31")],
    ),
    ("The Putin-May talks stalled.", "2025-11-14", []),
    ("Loggers returned in January.", None, [("January", None, None)]),
    # seasons and quarters
    ("Departures slowed this winter.", "2024-01-15", [("this winter", "2023-12-01", "2024-02-29")]),
    # "this" is the one of the publication's year, even when last year's is nearer
    (
        "This autumn, 1,000 more are expected.",
        "2025-03-14",
        [("This autumn", "2025-09-01", "2025-11-30")],
    ),
    ("Work stopped this spring.", "2025-11-20", [("this spring", "2025-03-01", "2025-05-31")]),
    ("Departures slowed this winter.", "2025-03-10", [("this winter", "2024-12-01", "2025-02-28")]),
    ("Workers were seen this spring.", "2019-02-28", [("this spring", "2018-03-01", "2018-05-31")]),
    ("More are expected in the spring.", "2019-02-28", [("spring", "2019-03-01", "2019-05-31")]),
    (
        "They were recruited last autumn.",
        "2021-03-01",
        [("last autumn", "2020-09-01", "2020-11-30")],
    ),
    (
        "Shipments rose in the first half of last year.",
        "2023-06-01",
        [("the first half of last year", "2022-01-01", "2022-06-30")],
    ),
    # relative periods
    (
        "A new group will arrive next month.",
        "2024-10-20",
        [("next month", "2024-11-01", "2024-11-30")],
    ),
    ("A new group will arrive next month.", "2024", [("next month", "2024-02-01", "2025-01-31")]),
    ("A new group will arrive next month.", None, [("next month", None, None)]),
    ("The camp opened last year.", "2022-05", [("last year", "2021-01-01", "2021-12-31")]),
    (
        "The quota was raised earlier this year.",
        "2023-04-30",
        [("earlier this year", "2023-01-01", "2023-04-30")],
    ),
    (
        "The first crews came three years ago.",
        "2020",
        [("three years ago", "2017-01-01", "2017-12-31")],
    ),
    ("They fled two months ago.", "2022-03-15", [("two months ago", "2022-01-01", "2022-01-31")]),
    (
        "Arrivals grew in recent months.",
        "2021-07-01",
        [("in recent months", "2021-01-01", "2021-07-01")],
    ),
    (
        "More will come in the coming months.",
        "2022-01-01",
        [("in the coming months", "2022-01-01", "2022-07-01")],
    ),
    (
        "Since March, crews have arrived.",
        "2024-03-10",
        [("Since March", "2024-03-01", "2024-03-10")],
    ),
    ("Work stopped in the winter of 2022.", None, [("winter of 2022", "2022-12-01", "2023-02-28")]),
    (
        "It ended in 2019. Then 2020 came.",
        None,
        [("2019", "2019-01-01", "2019-12-31"), ("2020", "2020-01-01", "2020-12-31")],
    ),
    ("About 300 are currently on site.", "2020-06", [("currently", "2020-06-01", "2020-06-30")]),
    (
        "Officials confirmed it this week.",
        "2024-04-17",
        [("this week", "2024-04-15", "2024-04-21")],
    ),
    (
        "The broker said Thursday that buses left.",
        "2024-04-17",
        [("Thursday", "2024-04-11", "2024-04-11")],
    ),
    (
        "Work should finish later this year.",
        "2022-09-01",
        [("later this year", "2022-09-01", "2022-12-31")],
    ),
    # ranges and open periods
    (
        "Contracts were signed between 2016 and 2018.",
        None,
        [("between 2016 and 2018", "2016-01-01", "2018-12-31")],
    ),
    ("Output doubled in 2017-2019.", None, [("2017-2019", "2017-01-01", "2019-12-31")]),
    ("Some have stayed since 2021.", "2023-05", [("since 2021", "2021-01-01", "2023-05-31")]),
    ("Some have stayed since 2021.", None, [("since 2021", "2021-01-01", None)]),
    (
        "Since the summer, 3,000 have come.",
        "2024-11-15",
        [("Since the summer", "2024-06-01", "2024-11-15")],
    ),
    (
        "They must be gone by the end of the year.",
        "2019-03-01",
        [("by the end of the year", None, "2019-12-31")],
    ),
    ("Permits stay valid until 2026.", None, [("until 2026", None, "2026-12-31")]),
    (
        "All had to leave before the end of 2019.",
        None,
        [("before the end of 2019", None, "2019-12-31")],
    ),
    ("No one left before 2020.", None, [("before 2020", None, "2019-12-31")]),
    ("Prior to 2019, 40,000 worked there.", None, [("Prior to 2019", None, "2018-12-31")]),
    # "of late" is recently, but not before a year or month
    ("As of late 2019, 10,000 remained.", None, [("As of late 2019", "2019-09-01", "2019-12-31")]),
    ("Of late, 500 more have come.", "2025-11-14", [("Of late", "2025-08-16", "2025-11-14")]),
    (
        "Dispatches resume starting in mid-April.",
        "2023-03-01",
        [("starting in mid-April", "2023-04-11", None)],
    ),
    (
        "As of Jan. 8, the camp held 90 men.",
        "2024-01",
        [("As of Jan. 8", "2024-01-08", "2024-01-08")],
    ),
    # in any case, as a case-insensitive regex reads it (to which a dotless "ı" is an "i")
    ("NOWADAYS 300 men work there.", "2020-06", [("NOWADAYS", "2020-06-01", "2020-06-30")]),
    ("At thıs tıme 300 men work there.", "2020-06", [("At thıs tıme", "2020-06-01", "2020-06-30")]),
    # the word tables read the folded letters too: a season, a weekday, a month
    ("Work began thıs ſpring.", "2024-06", [("thıs ſpring", "2024-03-01", "2024-05-31")]),
    ("They left last Frıday.", "2024-06-14", [("last Frıday", "2024-06-07", "2024-06-07")]),
    ("They left in Aprıl 2023.", None, [("Aprıl 2023", "2023-04-01", "2023-04-30")]),
    ("They stayed SINCE LATE 2019.", None, [("SINCE LATE 2019", "2019-09-01", None)]),
    # a yearless month in a sentence told in the past is the one gone, however long ago
    ("In June, 900 men arrived.", "2025-03-14", [("June", "2024-06-01", "2024-06-30")]),
    ("They sent 500 men in May.", "2025-03-14", [("May", "2024-05-01", "2024-05-31")]),
    ("They will send 500 men in May.", "2025-03-14", [("May", "2025-05-01", "2025-05-31")]),
    ("A hundred men go there in May.", "2025-03-14", [("May", "2025-05-01", "2025-05-31")]),
    # "this past" is "last"; quarters and halves without a year; the first months of a year
    (
        "Crews came this past summer.",
        "2025-03-14",
        [("this past summer", "2024-06-01", "2024-08-31")],
    ),
    (
        "Pay fell this past December.",
        "2025-03",
        [("this past December", "2024-12-01", "2024-12-31")],
    ),
    (
        "Arrivals doubled in the fourth quarter.",
        "2025-02-10",
        [("the fourth quarter", "2024-10-01", "2024-12-31")],
    ),
    ("Visas rose in Q3, the ministry said.", "2024-11", [("Q3", "2024-07-01", "2024-09-30")]),
    (
        "Some 900 came in the first nine months of the year.",
        "2024-11-02",
        [("the first nine months of the year", "2024-01-01", "2024-09-30")],
    ),
    (
        "Entries in the first six months of 2023 were few.",
        None,
        [("the first six months of 2023", "2023-01-01", "2023-06-30")],
    ),
    ("They hope to finish by year-end.", "2024-05", [("by year-end", None, "2024-12-31")]),
    # "preparing to", "due to" look ahead, as "will" does
    (
        "Pyongyang is preparing to send more men by March.",
        "2025-01-20",
        [("by March", None, "2025-03-31")],
    ),
    ("A second group is due to leave in May.", "2025-02", [("May", "2025-05-01", "2025-05-31")]),
    # the start of the war in Ukraine, once "since" or "after" makes it a time
    (
        "Since the start of the war in Ukraine, 10,000 have gone.",
        "2025-03-14",
        [("Since the start of the war in Ukraine", "2022-02-24", "2025-03-14")],
    ),
    (
        "Recruiting rose after Russia's full-scale invasion of Ukraine.",
        "2024",
        [("after Russia's full-scale invasion of Ukraine", "2022-02-25", None)],
    ),
    (
        "They have come in numbers since Russia invaded Ukraine.",
        "2024-06",
        [("since Russia invaded Ukraine", "2022-02-24", "2024-06-30")],
    ),
]

# sentences in which nothing is a time
NOT_TIMES = [
    "They signed three-year contracts.",
    "Workers put in 18-hour shifts.",
    "They get two days off a year.",
    "Each year, the agency hires more.",
    "She earns USD 500 a month.",
    "He stayed for up to three years.",
    "A 45-year-old welder was injured.",
    "The panel cited resolution 2397 and resolutions 2087 and 2094.",
    "Some 5,000 people and 2,019 tons of steel.",
    "He paid $2020 for the permit.",
    "About 2000 workers lined up.",
    "May workers leave the site freely?",
    "The fall of the factory roof hurt two men.",
    "Aid came from Jan Novak's charity.",
    "The first half of the group arrived safely.",
    "The third quarter of the workers left early.",
    "Route Q3 runs past the camp.",
    "Copyright © 2025 by the agency.",
    "They returned the previous year and stayed the next year.",
    "The plan is part of Vision 2030 and Expo 2025.",
    "Workers were sent to help the war in Ukraine.",
    "Veterans met after the war in the Pacific.",
    "He fought in the Korean War and came home after the Korean armistice.",
]


def _triples(sentence: str, published: str | None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.when.start, m.when.end) for m in find_times(sentence, 0, published)]


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES)
def test_find_times(
    sentence: str, published: str | None, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _triples(sentence, published) == expected


@pytest.mark.parametrize("sentence", NOT_TIMES)
def test_not_times(sentence: str) -> None:
    assert find_times(sentence, 0, "2024-06-01") == []


def test_spans_are_absolute() -> None:
    text = "Crews arrived in August 2022."
    (mention,) = find_times(text, 100, None)
    assert mention.span == Span(117, 128)
    assert ("x" * 100 + text)[mention.span.start : mention.span.end] == mention.text
    assert mention.when.text == mention.text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024", When(None, "2024-01-01", "2024-12-31")),
        ("2024-02", When(None, "2024-02-01", "2024-02-29")),
        ("2023-05-03", When(None, "2023-05-03", "2023-05-03")),
        (None, None),
        ("unknown", None),
        ("2023-13", None),
    ],
)
def test_when_of_published(published: str | None, expected: When | None) -> None:
    assert when_of_published(published) == expected


def _mention(start: str | None, end: str | None, at: int) -> TimeMention:
    return TimeMention("t", Span(at, at + 1), When("t", start, end))


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([], None),
        ([_mention(None, None, 0)], When("t", None, None)),
        (
            [_mention("2022-01-01", "2022-12-31", 0), _mention("2022-03-01", "2022-03-31", 5)],
            When("t", "2022-03-01", "2022-03-31"),
        ),
        (
            [_mention("2021-01-01", None, 0), _mention("2020-01-01", "2020-12-31", 5)],
            When("t", "2020-01-01", "2020-12-31"),
        ),
        ([_mention(None, None, 0), _mention(None, "2019-12-31", 4)], When("t", None, "2019-12-31")),
    ],
)
def test_combine(mentions: list[TimeMention], expected: When | None) -> None:
    assert combine(mentions) == expected


_TIMEY = st.sampled_from(
    ["in ", "May ", "3 ", "2024 ", "late ", "March ", "since ", "to ", "last ", "year ", "ago ",
     "two ", "the ", "end ", "of ", "spring ", "Tuesday ", "2019-2021 ", "Q3 ", "now ", "- "]
)  # fmt: skip
_PUBLISHED = st.sampled_from([None, "2024", "2021-02", "2023-05-03", "1999-12-31"])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80) | st.lists(_TIMEY, max_size=12).map("".join), _PUBLISHED)
def test_any_text_gives_well_formed_mentions(text: str, published: str | None) -> None:
    for mention in find_times(text, 7, published):
        assert text[mention.span.start - 7 : mention.span.end - 7] == mention.text
        start, end = mention.when.start, mention.when.end
        if start and end:
            assert start <= end
