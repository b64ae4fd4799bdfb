"""The spaCy pipeline: sentences with offsets, paragraphs kept apart, organisations marked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.extract.lexicon import load_deployment_lexicon
from laborwatch.model import OrgRole
from laborwatch.nlp import build_nlp, split_sentences

NLP = build_nlp(load_deployment_lexicon().organizations)


def test_sentences_carry_their_offsets() -> None:
    text = "First line without a stop\nDr. K. Lee met them on Sept. 13, 2023. They left.\n\nEnd."
    sentences = next(split_sentences(NLP, [text]))
    assert [text[s.start : s.start + len(s.text)] for s in sentences] == [s.text for s in sentences]
    assert sentences[0].text == "First line without a stop"  # a line never runs into the next
    assert any(s.text.startswith("Dr. K. Lee met them on Sept. 13, 2023.") for s in sentences)


def test_organisations_from_the_lexicon_are_marked_per_sentence() -> None:
    text = (
        "The external construction guidance bureau picked them. "
        "Russian construction firms hired them. Nobody else did."
    )
    sentences = next(split_sentences(NLP, [text]))
    roles = [[(o.name, o.role) for o in s.organizations] for s in sentences]
    assert roles[0] == [("External Construction Guidance Bureau", OrgRole.DISPATCHER)]
    assert roles[1] == [("Russian construction companies", OrgRole.EMPLOYER)]
    assert roles[2] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Headline without a stop\n\nBody text. More.",
            ["Headline without a stop", "Body text.", "More."],
        ),
        ("Ends a line.\nNext line", ["Ends a line.", "Next line"]),
        ("Mr. Kim left.\n“Quoted.”\n(Aside)", ["Mr. Kim left.", "“Quoted.”", "(Aside)"]),
        ("   \n\nOnly this.", ["Only this."]),
    ],
)
def test_sentences_stop_at_line_breaks(text: str, expected: list[str]) -> None:
    assert [s.text for s in next(split_sentences(NLP, [text]))] == expected


@given(
    st.lists(st.sampled_from(["Word", "x", ".", "!", " ", "  ", "\n", "\n\n", "\t", "“", "3,000"]))
)
def test_every_sentence_is_its_slice_of_one_line(parts: list[str]) -> None:
    text = "".join(parts)
    for sentence in next(split_sentences(NLP, [text])):
        assert text[sentence.start : sentence.start + len(sentence.text)] == sentence.text
        assert "\n" not in sentence.text and sentence.text.strip()
