"""Who speaks for a document: references resolved to earlier sources, and the document's
voice (narrator, issuer)."""

from __future__ import annotations

import pytest

from laborwatch.extract.attribution import AttributionFinder
from laborwatch.extract.document_attribution import (
    issuer_of,
    narrator_of,
    resolve_reference,
    speaks_in_first_person,
)
from laborwatch.extract.lexicon import load_attribution_lexicon
from laborwatch.model import Attribution, AttributionType

FINDER = AttributionFinder(load_attribution_lexicon())


def test_definite_reference_resolves_to_earlier_source() -> None:
    earlier = [
        Attribution("a trading-company source in Nakhodka", AttributionType.ANONYMOUS_SOURCE)
    ]
    resolved = resolve_reference(
        Attribution("the source", AttributionType.ANONYMOUS_SOURCE), earlier, "", FINDER
    )
    assert resolved.text == "a trading-company source in Nakhodka"


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        (["a resident of Ryanggang province"], "a resident of Ryanggang province"),
        (["a trader in Sinuiju", "Seoul's unification ministry"], "a trader in Sinuiju"),
        # no unnamed person before: "the source" stays as written
        (["Seoul's unification ministry"], "the source"),
    ],
)
def test_the_source_is_the_unnamed_person_introduced_before(
    earlier: list[str], expected: str
) -> None:
    sources = [FINDER.typed(text) for text in earlier]
    reference = Attribution("the source", AttributionType.ANONYMOUS_SOURCE)
    assert resolve_reference(reference, sources, "", FINDER).text == expected


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        # "he" is one person: not officials, a ministry, an agency by its acronym, or an outlet
        (["a builder from Chongjin", "U.S. officials"], "a builder from Chongjin"),
        (["Kim Chol-su", "the labour ministry"], "Kim Chol-su"),
        (["a regional official", "the NIS"], "a regional official"),
        (["a former cook", "Yonhap"], "a former cook"),
        (["a trader in Dandong", "two people familiar with the deal"], "a trader in Dandong"),
    ],
)
def test_he_resolves_to_the_last_single_person(earlier: list[str], expected: str) -> None:
    sources = [FINDER.typed(text) for text in earlier]
    resolved = resolve_reference(Attribution("he", AttributionType.UNKNOWN), sources, "", FINDER)
    assert resolved.text == expected


def test_surname_resolves_to_full_name_in_document() -> None:
    text = "Deputy minister Ivan P. Petrov met officials. Petrov said more would come."
    resolved = resolve_reference(Attribution("Petrov", AttributionType.UNKNOWN), [], text, FINDER)
    assert resolved.text.endswith("Ivan P. Petrov")


def test_narrator_of_a_first_person_account() -> None:
    text = "The speaker, a former welder who left Russia in 2021, asked to stay anonymous."
    assert narrator_of(text) == Attribution("a former welder", AttributionType.TESTIMONY)
    assert narrator_of("The speaker said little.") is None
    assert speaks_in_first_person("In 2016 my brigade was sent to Omsk.")
    assert not speaks_in_first_person("In 2016 the brigade was sent to Omsk.")


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "PRESS RELEASE\nGovernment of Amur Oblast, Press Service\n\nWorkers came.",
            "Government of Amur Oblast",
        ),
        ("Ministry of Labour\nNews release, 3 May\n\nA total of 300 came.", "Ministry of Labour"),
        ("Government of Amur Oblast\n\nWorkers came.", None),  # no press release
        ("PRESS RELEASE\nSpring notes\n\nWorkers came.", None),  # names no body
    ],
)
def test_issuer_of_a_press_release(text: str, issuer: str | None) -> None:
    found = issuer_of(text, FINDER)
    assert (found.text if found else None) == issuer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the study" is the study the document said was by someone
        ("A study by a Seoul rights group found that workers fled.", "a Seoul rights group"),
        # no study by anyone: the reference stays as it is
        ("Workers fled, according to a Seoul rights group.", "the study"),
    ],
)
def test_the_study_resolves_to_its_author(text: str, expected: str) -> None:
    earlier = [FINDER.typed("Kim Chol-su"), FINDER.find(text)]
    reference = Attribution("the study", AttributionType.MEDIA)
    resolved = resolve_reference(reference, [a for a in earlier if a], text, FINDER)
    assert resolved.text == expected
