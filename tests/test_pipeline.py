"""pipeline.ReadIds: which ids a run has read, and from where."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.pipeline import ID_DIGEST_BYTES, ReadIds


@pytest.mark.parametrize("merge_every", [1, 2, 4096])
def test_a_repeated_id_gives_the_source_it_was_first_read_from(merge_every: int) -> None:
    read_ids = ReadIds(merge_every)
    assert read_ids.read("a", "first.jsonl") is None
    assert read_ids.read("b", "first.jsonl") is None
    assert read_ids.read("a", "second.jsonl") == "first.jsonl"
    assert read_ids.read("a", "third.jsonl") == "first.jsonl"
    assert read_ids.read("A", "second.jsonl") is None  # ids are case-sensitive
    assert read_ids.read("c", "second.jsonl") is None
    assert read_ids.read("c", "first.jsonl") == "second.jsonl"
    assert len(read_ids) == 4


def test_thousands_of_ids_are_told_apart_across_merges() -> None:
    read_ids = ReadIds(merge_every=1000)
    ids = [f"report-{number}" for number in range(5500)]
    assert all(read_ids.read(doc_id, f"shard-{i // 1000}") is None for i, doc_id in enumerate(ids))
    assert [read_ids.read(doc_id, "again") for doc_id in ids[::500]] == [
        f"shard-{i // 1000}" for i in range(0, 5500, 500)
    ]
    assert len(read_ids) == 5500


def test_a_digest_ending_in_a_nul_byte_is_still_found() -> None:
    # numpy drops trailing NULs from a bytes value read out of the array; the lookup must not
    doc_id = next(
        f"id-{n}"
        for n in range(100_000)
        if hashlib.blake2b(f"id-{n}".encode(), digest_size=ID_DIGEST_BYTES).digest()[-1] == 0
    )
    read_ids = ReadIds(merge_every=1)
    assert read_ids.read(doc_id, "first") is None
    assert read_ids.read(doc_id, "second") == "first"


@given(
    st.lists(st.tuples(st.text(max_size=6), st.sampled_from(["x", "y", "z"])), max_size=60),
    st.integers(min_value=1, max_value=8),
)
def test_it_answers_as_a_dict_of_first_sources(
    reads: list[tuple[str, str]], merge_every: int
) -> None:
    read_ids = ReadIds(merge_every)
    first: dict[str, str] = {}
    for doc_id, source in reads:
        assert read_ids.read(doc_id, source) == first.get(doc_id)
        first.setdefault(doc_id, source)
    assert len(read_ids) == len(first)
