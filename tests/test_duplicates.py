"""Near-duplicate documents: syndicated and lightly edited copies point at their original."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.model import Document
from laborwatch.resolve.duplicates import find_duplicates, mark_duplicates, original_of, shingles

STORY = (
    "Officials in the port city confirmed on Monday that a group of about two hundred "
    "laborers from the North had arrived by ferry to work on a new housing estate, "
    "where a local contractor says they will stay for at least two years. The contractor "
    "declined to say how much the men are paid, but a person familiar with the deal said "
    "most of their wages are collected by a state trading company before they see any of it. "
    "Residents near the site said the men rarely leave the compound and are driven to work "
    "each morning in closed buses under the watch of minders."
)
EDITED = (
    STORY.replace("on Monday", "on Tuesday")
    .replace("about two hundred", "roughly 200")
    .replace("Residents near", "People living near")
)
SYNDICATED = "Republished with permission from a partner agency.\n\n" + STORY
OTHER = (
    "A shipyard on the Baltic coast has stopped hiring welders supplied by a foreign agency "
    "after inspectors found that the men worked seven days a week and were paid through an "
    "intermediary account. The yard said it had not known about the arrangement and would "
    "review every contract signed in the last three years with outside labour suppliers."
)
SAME_TOPIC = (
    "Laborers from the North arrived in the port city this week, local officials said, "
    "adding that a housing estate is being built with their help. Nobody would say what "
    "they are paid or how long their contracts last."
)


@pytest.mark.parametrize(
    ("documents", "expected"),
    [
        ([("a", STORY), ("b", SYNDICATED)], {"b": "a"}),
        ([("a", STORY), ("b", EDITED)], {"b": "a"}),
        ([("a", STORY), ("b", STORY), ("c", STORY)], {"b": "a", "c": "a"}),
        # different stories, even on the same topic, are not copies
        ([("a", STORY), ("b", OTHER)], {}),
        ([("a", STORY), ("b", SAME_TOPIC)], {}),
        ([("a", "short"), ("b", "")], {}),
    ],
)
def test_finds_copies(documents: list[tuple[str, str]], expected: dict[str, str]) -> None:
    assert find_duplicates(documents) == expected


def test_the_earliest_published_is_the_original() -> None:
    copies = find_duplicates(
        [("late", STORY), ("early", EDITED), ("undated", SYNDICATED)],
        published={"late": "2025-06-18", "early": "2025-06-17", "undated": None},
    )
    assert copies == {"late": "early", "undated": "early"}


def test_mark_duplicates_sets_duplicate_of() -> None:
    documents = [
        Document("a", STORY, "a", published="2024-01-02"),
        Document("b", SYNDICATED, "b", published="2024-01-03"),
        Document("c", OTHER, "c"),
    ]
    marked = {document.id: document for document in mark_duplicates(documents)}
    assert [marked[k].duplicate_of for k in "abc"] == [None, "a", None]
    assert original_of("b", marked) == "a" and original_of("c", marked) == "c"


def test_scales_without_pairwise_comparison() -> None:
    documents = [
        (f"d{i}", f"report number {i} " + OTHER.replace("seven", str(i))) for i in range(300)
    ]
    documents += [
        (f"x{i}", f"unrelated note {i} about item {i * 7} and {i * 13}") for i in range(300)
    ]
    copies = find_duplicates(documents)
    assert set(copies.values()) == {"d0"} and len(copies) == 299


@given(st.text(max_size=200))
def test_shingles_never_crash(text: str) -> None:
    assert isinstance(shingles(text), set)
