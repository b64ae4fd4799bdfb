"""The publication date inferred from texts of our own wording, and from the shared seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.published import AnchorEvents, infer_published, load_anchor_events
from laborwatch.pipeline import default_infer_published

ANCHORS = load_anchor_events()

CASES = [
    # an anchor event plus "last year" in the same sentence gives the year
    ("Kim toured the Vostochny Cosmodrome last year, an aide recalled.", "2024"),
    # "N years ago" next to a dated event
    ("Officials recalled that Putin and Kim held their first summit five years ago.", "2024"),
    ("Putin hosted Kim in Vladivostok for talks two years ago. Loggers followed.", "2021"),
    # the year from explicit dates, then a month without a year in a past context
    ("A census in 2021 counted the crews. As of March 4, some 200 workers had left.", "2021-03"),
    ("Loggers left right after the Eighth Party Congress. Selection ended in mid-October.",
     "2021-10"),
    # a future month bounds the date from above; past months from below
    ("Recruiting began after the 8th Party Congress and closed in late January. "
     "The first teams will depart starting in early March.", "2021-02"),
    # future contexts are not lower bounds
    ("The ministry plans for 2030 to double the quota. The first crews arrived in 2023.", "2023"),
    ("Labour officials aim to send 20,000 people by 2029. The pact was signed in 2022.", "2022"),
    # anchor events alone are lower bounds at year precision
    ("Troops from North Korea were deployed to the front alongside Russian soldiers.", "2024"),
    ("Workers keep coming. Firms hire them. Crews grow. The panel noted that resolution 2397 "
     "bans such hiring.", "2017"),
    # the 2397 deadline awaited "at the end of this year" dates the text to 2019
    ("With the deadline to repatriate the workers near at the end of this year, many stay.",
     "2019"),
    # a dated event in the lead is the news: month precision
    ("Shoigu said in Pyongyang that 1,000 sappers would go to the Kursk region.", "2025-06"),
    # "last month" next to a dated anchor gives the month
    ("Kim visited the Vostochny Cosmodrome last month, state media said.", "2023-10"),
    # a relative year that contradicts a later lower bound is ignored
    ("Shoigu promised Kim 5,000 builders for Kursk. "
     "North Korean troops fought there earlier this year, after their deployment to Russia.",
     "2025-06"),
    # "last year" beside a stated year
    ("About 2,000 loggers went north in 2023, last year, a trader said.", "2024"),
    ("Some 9,000 arrived in 2024, and arrivals this year outpace last year's.", "2025"),
    # a dateline is the date itself, even beside "last year"
    ("tags, here\nOSLO, March 2, 2015 (Nordic Wire) - Some 80 welders worked there last year.",
     "2015-03-02"),
    ("Published: 14 October 2022\nCrews came in 2021.", "2022-10-14"),
    ("2024.05.03 15:22\nCrews came in 2021.", "2024-05-03"),
    ("Posted on May 3, 2024 at 5:00 pm\nCrews came in 2021.", "2024-05-03"),
    ("Thursday, 12 September 2024\nCrews came in 2021.", "2024-09-12"),
    # a date opening the first sentence is the news's, not the publication's
    ("On May 3, 2024, some 300 welders arrived.", "2024-05"),
    # the latest explicit year wins
    ("Workers came in 2016, in 2018 and in 2019.", "2019"),
    # a season beside a dated event, as "last year" is
    ("North Korean troops went to Kursk last autumn and builders came this spring.", "2025"),
    # "N years after" an event: written at least that long after it
    ("Over a year after Russia's full-scale invasion of Ukraine, builders arrive.", "2023"),
    ("Two years into the war in Ukraine, loggers still come.", "2024"),
    ("Almost a year after the invasion of Ukraine, crews came.", "2022"),
    # "this year" against a year it is compared with
    ("So far this year 800 came, up from 300 in the same period of 2023.", "2024"),
    ("This year's intake is far larger than in 2021.", "2022"),
    # a whole year's figures are told once it is over
    ("Nearly 15,000 North Koreans entered Russia in 2024, up from 4,000.", "2025"),
    ("In 2023, arrivals rose to 12,000.", "2024"),
    # ... but not a part of it, nor an event of it
    ("In the first half of 2024, 5,000 North Koreans entered Russia.", "2024"),
    ("In May 2024, some 500 welders arrived.", "2024-05"),
    ("The first crews arrived in 2023 with their minders.", "2023"),
]  # fmt: skip

NOTHING_DATABLE = [
    "",
    "Workers are sent abroad to earn hard currency.",
    "Each year, thousands leave on three-year contracts and work 12-hour shifts.",
    "They were sent last year, a source said.",
    "Some 5,000 workers left in early March.",
    "On March 2 (a Tuesday) some 80 welders left.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_infer_published(text: str, expected: str) -> None:
    assert infer_published(text, ANCHORS) == expected


def test_the_ingest_default_is_this_inference_with_the_shipped_anchors() -> None:
    infer = default_infer_published()  # its rules load at its first call
    assert [infer(text) for text, _ in CASES] == [expected for _, expected in CASES]
    assert [infer(text) for text in NOTHING_DATABLE] == [None] * len(NOTHING_DATABLE)


@pytest.mark.parametrize("text", NOTHING_DATABLE)
def test_nothing_datable(text: str) -> None:
    assert infer_published(text, ANCHORS) is None


def test_anchor_events_load() -> None:
    assert isinstance(ANCHORS, AnchorEvents)
    assert all(event.groups for event in ANCHORS.events)
    assert any(event.day.isoformat() == "2023-09-13" for event in ANCHORS.events)


SEEDS = Path("/work/shared/seeds")
# the true publication dates of the shared seeds (the files carry none)
SEED_DATES = {"000": "2024", "001": "2023-05", "002": "2025-06", "003": "2021-02", "004": "2025-08"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not on this machine")
def test_seed_years() -> None:
    years_right = 0
    for path in sorted(SEEDS.glob("*.txt")):
        want = SEED_DATES.get(path.name[:3])
        if want is None:
            continue
        got = infer_published(path.read_text(encoding="utf-8"), ANCHORS) or ""
        years_right += got[:4] == want[:4]
    assert years_right >= 4


_WORDS = st.sampled_from(
    ["Kim ", "Putin ", "Vostochny ", "last ", "year ", "in ", "2023 ", "May ", "3. ", "ago ",
     "four ", "summit ", "will ", "since ", "Shoigu ", "sappers ", "late ", "March ", "\n"]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120) | st.lists(_WORDS, max_size=20).map("".join))
def test_any_text_gives_a_date_or_none(text: str) -> None:
    result = infer_published(text, ANCHORS)
    assert result is None or len(result) in (4, 7)
