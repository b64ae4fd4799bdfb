"""Near-duplicate documents: syndicated and lightly edited copies point at their original.

The incremental path through the store (batches, takeovers, re-indexing) is in test_store.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.model import Document
from laborwatch.resolve.duplicates import (
    Entry,
    Hashes,
    Original,
    OriginalIndex,
    estimated_similarity,
    find_duplicates,
    jaccard,
    minhash,
    original_of,
    shingles,
    signature_bytes,
    signature_from_bytes,
)

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
        [("late", SYNDICATED), ("early", STORY), ("undated", EDITED)],
        published={"late": "2025-06-18", "early": "2025-06-17", "undated": None},
    )
    assert copies == {"late": "early", "undated": "early"}


def test_a_copy_is_close_to_its_original_itself() -> None:
    # SYNDICATED copies STORY, which copies EDITED, but SYNDICATED and EDITED are only 0.76
    # alike: no chain makes it a copy of EDITED
    assert jaccard(shingles(SYNDICATED), shingles(EDITED)) < 0.8
    copies = find_duplicates(
        [("story", STORY), ("edited", EDITED), ("syndicated", SYNDICATED)],
        published={"edited": "2025-06-17", "story": "2025-06-18", "syndicated": "2025-06-19"},
    )
    assert copies == {"story": "edited"}


def test_copies_marked_and_followed_to_their_original() -> None:
    copies = find_duplicates(
        [("a", STORY), ("b", SYNDICATED), ("c", OTHER)],
        published={"a": "2024-01-02", "b": "2024-01-03"},
    )
    marked = {k: Document(k, "", k, duplicate_of=copies.get(k)) for k in "abc"}
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
    hashes = shingles(text)
    assert hashes.dtype == np.uint64 and list(hashes) == sorted(set(hashes.tolist()))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("a b c d", "a b c d", 1.0),
        ("a b c d", "A, b: c... d!", 1.0),  # lower-cased words, punctuation ignored
        ("a b c d", "a b c e", 1 / 3),  # shingles "a b c", "b c d" and "b c e"
        ("a b c", "c b a", 0.0),  # word order matters
        ("a b", "a b c", 0.0),  # short texts are one shingle each
        ("", "a b c", 0.0),
    ],
)
def test_jaccard_of_word_shingles(first: str, second: str, expected: float) -> None:
    assert jaccard(shingles(first), shingles(second)) == pytest.approx(expected)


@given(st.lists(st.integers(0, 2**64 - 1)), st.lists(st.integers(0, 2**64 - 1)))
def test_jaccard_of_any_two_sets(first: list[int], second: list[int]) -> None:
    as_hashes = [np.unique(np.array(values, dtype=np.uint64)) for values in (first, second)]
    union = len(set(first) | set(second))
    expected = len(set(first) & set(second)) / union if first and second else 0.0
    assert jaccard(*as_hashes) == expected


def test_signatures_are_the_same_everywhere() -> None:
    # stored signatures are compared with ones computed later, by other processes: a change
    # to the hashing must come with `laborwatch db dedupe` (and a new value here)
    signature = minhash(shingles(STORY))
    assert signature is not None and signature.dtype == np.uint32 and len(signature) == 128
    digest = hashlib.sha256(signature_bytes(signature)).hexdigest()[:16]
    assert digest == SIGNATURE_OF_STORY
    assert (signature_from_bytes(signature_bytes(signature)) == signature).all()
    assert minhash(shingles("")) is None


def test_signatures_estimate_the_jaccard() -> None:
    for text in (EDITED, SYNDICATED, SAME_TOPIC):
        exact = jaccard(shingles(STORY), shingles(text))
        first, second = minhash(shingles(STORY)), minhash(shingles(text))
        assert first is not None and second is not None
        assert estimated_similarity(first, second) == pytest.approx(exact, abs=0.12)


def _no_originals(ids: Collection[str]) -> Mapping[str, Original]:
    return {}


def _no_shingles(ids: Collection[str]) -> Mapping[str, Hashes]:
    return {}


# documents placed one at a time, in this order: (id, text, published) -> marks and takeovers
@pytest.mark.parametrize(
    ("placed", "marks", "takeovers"),
    [
        ([("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02")], {"b": "a"}, []),
        ([("a", STORY, "2024-02"), ("b", SYNDICATED, "2024-01")], {"a": "b"}, [("a", "b")]),
        # a chain: each later document comes earlier, and the group follows it
        (
            [("a", STORY, "2024-03"), ("b", SYNDICATED, "2024-02"), ("c", STORY, "2024-01")],
            {"a": "c", "b": "c"},
            [("a", "b"), ("b", "c")],
        ),
        ([("b", STORY, "2024"), ("a", STORY, "2024")], {"b": "a"}, [("b", "a")]),
        ([("a", STORY, None), ("b", STORY, "2030")], {"a": "b"}, [("a", "b")]),
        ([("a", STORY, "2024"), ("b", SAME_TOPIC, "2024"), ("c", "", "2024")], {}, []),
    ],
)
def test_placing_one_at_a_time(
    placed: list[tuple[str, str, str | None]],
    marks: dict[str, str],
    takeovers: list[tuple[str, str]],
) -> None:
    index = OriginalIndex(_no_originals, _no_shingles)
    for doc, text, published in placed:
        index.place(Entry.of(doc, text, published))
    assert {doc: mark for doc, mark in index.duplicate_of.items() if mark} == marks
    assert index.takeovers == takeovers
    # originals, and only they, are indexed; a text without words is neither
    assert set(index.added) == {doc for doc, text, _ in placed if doc not in marks and text}


TEXTS = [STORY, EDITED, SYNDICATED, OTHER, SAME_TOPIC, STORY + "\n\n" + OTHER, ""]
DATES = [None, "2024-01", "2024-02", "2024-03"]


def _second_batch(
    first: list[Entry], second: list[Entry], prepare: bool
) -> tuple[dict[str, str | None], list[tuple[str, str]], dict[str, tuple[int, ...]], set[str]]:
    """Place `first`, then `second` in an index that loads `first`'s originals as the store
    does; what the second index decided."""
    earlier = OriginalIndex(_no_originals, _no_shingles)
    for entry in first:
        earlier.place(entry)
    stored = {
        entry.id: (Original(entry.id, entry.published, entry.signature), entry.shingles)
        for entry in first
        if entry.id in earlier.added and entry.signature is not None
    }

    def load_originals(ids: Collection[str]) -> Mapping[str, Original]:
        return {doc: stored[doc][0] for doc in ids if doc in stored}

    def load_shingles(ids: Collection[str]) -> Mapping[str, Hashes]:
        return {doc: stored[doc][1] for doc in ids if doc in stored}

    index = OriginalIndex(load_originals, load_shingles)
    index.add_postings((key, doc) for doc, keys in earlier.added.items() for key in keys)
    if prepare:
        index.prepare(second)
    for entry in second:
        index.place(entry)
    return index.duplicate_of, index.takeovers, index.added, index.removed


@given(
    st.lists(st.tuples(st.sampled_from(TEXTS), st.sampled_from(DATES)), max_size=12),
    st.integers(min_value=0, max_value=12),
)
def test_preparing_a_batch_changes_no_placement(
    documents: list[tuple[str, str | None]], split: int
) -> None:
    # what prepare finds is reused while placing: placing others before must not stale it
    entries = [Entry.of(f"d{i}", text, date) for i, (text, date) in enumerate(documents)]
    first, second = entries[:split], entries[split:]
    assert _second_batch(first, second, prepare=True) == _second_batch(first, second, False)


def test_preparing_sees_an_original_leave_through_its_other_bands() -> None:
    # "x" finds "f" only through a band "e" lacks: once "e" takes "f" over, "x" has no candidate
    story = Entry.of("story", STORY, None)

    def entry(doc: str, published: str, keys: tuple[int, ...]) -> Entry:
        return Entry(doc, published, story.shingles, story.signature, keys)

    first = [entry("f", "2024-02", (1, 2))]
    second = [entry("e", "2024-01", (1,)), entry("x", "2024-03", (2,))]
    for prepare in (True, False):
        marks, takeovers, added, _ = _second_batch(first, second, prepare)
        assert (marks["x"], takeovers, set(added)) == (None, [("f", "e")], {"e", "x"})


SIGNATURE_OF_STORY = "e55b50b47cd6a89d"
