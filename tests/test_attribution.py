"""Who says so, on sentences of our own wording."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.extract.attribution import AttributionFinder
from laborwatch.extract.lexicon import load_attribution_lexicon
from laborwatch.model import AttributionType

FINDER = AttributionFinder(load_attribution_lexicon())

CASES = [
    (
        "About 400 workers left in May, according to a source in Rason.",
        "a source in Rason",
        "anonymous_source",
    ),
    (
        "A defector who worked in Tomsk told reporters that guards watched them.",
        "A defector who worked in Tomsk",
        "testimony",
    ),
    (
        "Seoul's spy agency estimates that 10,000 workers are in Russia.",
        "Seoul's spy agency",
        "intelligence",
    ),
    (
        "The Unification Ministry said the numbers were growing.",
        "The Unification Ministry",
        "government",
    ),
    (
        "“They leave at night,” said a resident of Hyesan.",
        "a resident of Hyesan",
        "anonymous_source",
    ),
    ("Human Rights Watch reported that workers had no days off.", "Human Rights Watch", "ngo"),
    (
        "Reports from Japanese media suggest the figure is higher.",
        "Reports from Japanese media",
        "media",
    ),
    ("The minister, speaking in Vladivostok, confirmed the plan.", "The minister", "government"),
    ("Yonhap reported on Monday that the trains had resumed.", "Yonhap", "media"),
    # a noun-like verb right before another speech verb is its subject's noun
    ("Unconfirmed reports suggest the crews left in May.", "Unconfirmed reports", "media"),
    ("Intelligence estimates show 10,000 more.", "Intelligence estimates", "intelligence"),
    # a source after a lead phrase ends where its own verb or a relative clause begins
    (
        "Data from the Interior Ministry show that 13,221 North Koreans entered.",
        "the Interior Ministry",
        "government",
    ),
    (
        "Figures from Rosstat indicate 8,000 arrivals, up from 2,000.",
        "Rosstat",
        "government",
    ),
    # a relative clause says who the source is
    (
        "About 500 came, according to a supervisor who worked there.",
        "a supervisor who worked there",
        "testimony",
    ),
    ("They work 16 hours a day, according to the testimony.", "the testimony", "testimony"),
    ("It earns $500 million a year, according to a U.N. report.", "a U.N. report", "government"),
    # an acronym in brackets after the name, and a count after a verb of counting
    (
        "It sent 3,000 workers, the National Intelligence Service (NIS) told lawmakers.",
        "the National Intelligence Service",
        "intelligence",
    ),
    (
        "Russia admitted 8,000 North Koreans in 2025, the figures show.",
        "the figures",
        "government",
    ),
    ("Hundreds work there, according to local media reports.", "local media reports", "media"),
    ("The Pentagon said 11,000 soldiers were in the Kursk region.", "The Pentagon", "government"),
    # whose a source is does not type it; the longer of two overlapping cues does
    ("Japan's Asahi Shimbun reported that 2,000 will go.", "Japan's Asahi Shimbun", "media"),
    ("Japan's Kyodo news agency said 900 arrived.", "Japan's Kyodo news agency", "media"),
    ("South Korea's spy agency said 3,000 arrived.", "South Korea's spy agency", "intelligence"),
    ("Ukraine’s defence ministry said 2,000 went.", "Ukraine’s defence ministry", "government"),
    ("A Daily NK source said 300 arrived.", "A Daily NK source", "anonymous_source"),
    # a short head with a long relative clause is one source
    (
        "A defector who worked at a logging camp in the Amur region for years told Yonhap so.",
        "A defector who worked at a logging camp in the Amur region for years",
        "testimony",
    ),
    # an inverted source keeps its relative clause, and its appositive types it
    (
        "“Nobody leaves,” said a person who has supplied the camps for years.",
        "a person who has supplied the camps for years",
        "anonymous_source",
    ),
    (
        "Pay is late again, said Park Min-jun, an analyst at a Seoul think tank.",
        "Park Min-jun",
        "ngo",
    ),
    # kinds of people and bodies the types name
    (
        "Wages fell, a fish merchant in Hunchun said.",
        "a fish merchant in Hunchun",
        "anonymous_source",
    ),
    ("Two former welders said the shifts ran late.", "Two former welders", "testimony"),
    ("Several returnees said the shifts ran late.", "Several returnees", "testimony"),
    (
        "A labour inspectorate in Khabarovsk reported the breach.",
        "A labour inspectorate in Khabarovsk",
        "government",
    ),
    ("A UN rapporteur said so.", "A UN rapporteur", "government"),
    ("The watchdog said it had seen the contracts.", "The watchdog", "ngo"),
    (
        "A study by the Asan Institute found that most of them were men.",
        "the Asan Institute",
        "ngo",
    ),
    # people around an affair are anonymous sources
    (
        "Some 200 welders have worked at the yard since May, two people involved in the deal said.",
        "two people involved in the deal",
        "anonymous_source",
    ),
    (
        "About 40 of them stayed, a person close to the firm said.",
        "a person close to the firm",
        "anonymous_source",
    ),
    # a source too long to be one is named by its head, not dropped
    (
        "Up to 700 worked there, according to a study by a Danish research group that traced the"
        " firms through court filings.",
        "a Danish research group",
        "ngo",
    ),
    ("Russia's Rosstat recorded 4,200 arrivals in the quarter.", "Russia's Rosstat", "government"),
    ("Pyongyang is sending more builders, RFA learns.", "RFA", "media"),
    # the comma of "3,000" is no boundary of the source's phrase
    (
        "About 3,000 builders arrived last year, said a businessman in Vladivostok.",
        "a businessman in Vladivostok",
        "anonymous_source",
    ),
    ("Some 15,000 workers, a lawmaker says, are in Russia.", "a lawmaker", "government"),
    (
        "Some 15,000 workers said to be in Russia, officials in Seoul estimate.",
        "officials in Seoul",
        "government",
    ),
    # outlets, lawmakers and diplomats beyond the first ones listed
    ("The crews left in May, the Yomiuri Shimbun reported.", "the Yomiuri Shimbun", "media"),
    (
        "Rep. Lee Seong-kweun told reporters that 300 had left.",
        "Rep. Lee Seong-kweun",
        "government",
    ),
    (
        "A diplomat in Kuwait City said the crews had left.",
        "A diplomat in Kuwait City",
        "government",
    ),
    # a statement or report put out, then what it says
    (
        "The foreign ministry issued a statement saying the crews had left.",
        "The foreign ministry",
        "government",
    ),
    ("Rosstat released figures showing 9,000 arrivals.", "Rosstat", "government"),
    ("An NGO in Seoul published a report showing pay was withheld.", "An NGO in Seoul", "ngo"),
    # base forms of speech verbs after a plural subject
    ("Returnees describe shifts of sixteen hours.", "Returnees", "testimony"),
    ("Two former welders recall that pay came twice a year.", "Two former welders", "testimony"),
    ("About 300 workers arrived, Yonhap reports.", "Yonhap", "media"),
    # the sentence's full stop ends a source, but the stops of an initialism stay
    ("About 500 workers came, according to the BBC.", "the BBC", "media"),
    ("About 500 workers came, according to Daily NK.", "Daily NK", "media"),
    ("About 500 workers came, according to the U.S.", "the U.S.", "government"),
    # whom the teller cites, and the teller
    (
        "Citing an unnamed official, Yonhap said 2,000 workers had come.",
        "Yonhap, citing an unnamed official",
        "government",
    ),
    (
        "Quoting a source in Moscow, the Asahi reported that 500 were due.",
        "the Asahi, quoting a source in Moscow",
        "anonymous_source",
    ),
    ("Yonhap reported 500 arrivals, citing border guards.", "Yonhap", "media"),
    # passive quoting, with the source before it
    (
        "Up to 9,000 more may come, a deputy minister in Moscow was quoted as saying.",
        "a deputy minister in Moscow",
        "government",
    ),
    ("Two returnees were cited as saying pay came late.", "Two returnees", "testimony"),
    # the source of a lead phrase ends where its clause's verb begins ...
    ("Few of the 8,000 builders reported by Seoul remain in Tomsk.", "Seoul", "government"),
    ("The crews cited by Rosstat were in Omsk.", "Rosstat", "government"),
    # ... but not at a relative clause's verb
    (
        "According to two officials who are familiar with the talks, 700 arrived.",
        "two officials who are familiar with the talks",
        "government",
    ),
]


@pytest.mark.parametrize(("sentence", "text", "kind"), CASES)
def test_attribution_found_and_typed(sentence: str, text: str, kind: str) -> None:
    found = FINDER.find(sentence)
    assert found is not None
    assert (found.text, found.type.value) == (text, kind)


NO_ATTRIBUTION = [
    "Each labourer is estimated to earn $700 a month.",
    "The report sheds light on the trade.",
    "About 500 workers went to Kazan.",
    "Workers are believed to come from the capital.",
    "They earn $300 per month and $50 per worker.",
    "Pyongyang earns an estimated $20 million a year from them.",
    "The long line of men and women who queued at the border gate for hours found it shut.",
    # "reports" after a preposition is a noun, and the subject before it no source
    "The embassy declined to comment on reports that more workers had come.",
    "Officials were asked about reports of a new contract.",
    # "describe as" labels a thing: no one states the sentence
    "Pyongyang sent builders, in what observers in Tokyo describe as a first.",
    "The builders issued no statement and left in May.",
    "Some 15,000 workers said to be in Russia now build flats.",
    "About 800 crews reported to have left were still there.",
    # a noun-like verb ending a sentence with no comma before it is a noun
    "Some 300 North Korean builders work in the Gulf states.",
    "The ministry rejected the claims.",
]


@pytest.mark.parametrize("sentence", NO_ATTRIBUTION)
def test_no_attribution(sentence: str) -> None:
    assert FINDER.find(sentence) is None


@given(st.text(max_size=300))
def test_no_text_crashes(text: str) -> None:
    FINDER.find(text)


def test_appositive_types_a_named_source() -> None:
    found = FINDER.find(
        "Park Min-jun, a lawmaker on the intelligence committee, told reporters that 800 left."
    )
    assert found is not None
    assert found.text == "Park Min-jun"
    assert found.type is AttributionType.INTELLIGENCE
