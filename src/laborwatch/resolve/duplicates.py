"""Near-duplicate documents: syndicated or lightly rewritten copies of one report.

Texts are cut into word 3-shingles; MinHash + LSH (datasketch) proposes candidate pairs in
near-linear time, and each candidate is confirmed with the exact Jaccard similarity of the
shingle sets, so LSH's false positives never mark a copy. Copies are grouped transitively, and
every member of a group points at its original: the earliest published, then the first given.
A copy's claims are never counted again (see cluster.py and estimate.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from datasketch import MinHash, MinHashLSH

from laborwatch.model import Document

SHINGLE_WORDS = 3
PERMUTATIONS = 128
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams; a text shorter than `size` words is one shingle."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def find_duplicates(
    documents: Iterable[tuple[str, str]],
    threshold: float = 0.8,
    published: Mapping[str, str | None] | None = None,
) -> dict[str, str]:
    """{copy id: original id} for every document whose text is a near copy of another.

    `documents` are (id, text) pairs in the order they arrived; `published` dates, when given,
    decide which member of a group is the original (earliest; undated ones come last).
    """
    items = list(documents)
    order = {doc_id: index for index, (doc_id, _) in enumerate(items)}
    sets = {doc_id: shingles(text) for doc_id, text in items}
    parent = {doc_id: doc_id for doc_id in sets}
    for first, second in _candidate_pairs(sets, threshold):
        if jaccard(sets[first], sets[second]) >= threshold:
            _union(parent, first, second)
    groups: dict[str, list[str]] = {}
    for doc_id in sets:
        groups.setdefault(_root(parent, doc_id), []).append(doc_id)
    dates = published or {}
    copies: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda doc_id: (_date_key(dates.get(doc_id)), order[doc_id]))
        copies.update({member: members[0] for member in members[1:]})
    return copies


def mark_duplicates(documents: Sequence[Document], threshold: float = 0.8) -> list[Document]:
    """The documents with `duplicate_of` set on every copy (others cleared), in the same order."""
    copies = find_duplicates(
        ((document.id, document.text) for document in documents),
        threshold,
        {document.id: document.published for document in documents},
    )
    return [replace(document, duplicate_of=copies.get(document.id)) for document in documents]


def original_of(doc_id: str, documents: Mapping[str, Document]) -> str:
    """The id of the document `doc_id` copies (following chains), or `doc_id` itself."""
    seen = {doc_id}
    current = doc_id
    while (document := documents.get(current)) is not None and document.duplicate_of:
        if document.duplicate_of in seen:
            break
        current = document.duplicate_of
        seen.add(current)
    return current


def _candidate_pairs(sets: Mapping[str, set[str]], threshold: float) -> Iterable[tuple[str, str]]:
    # LSH is tuned a little below the threshold so borderline copies are still proposed
    lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=PERMUTATIONS)
    for doc_id, shingle_set in sets.items():
        if not shingle_set:
            continue
        minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
        minhash.update_batch([shingle.encode("utf-8") for shingle in shingle_set])
        for other in lsh.query(minhash):
            yield other, doc_id
        lsh.insert(doc_id, minhash)


def _date_key(published: str | None) -> str:
    return published or "9999"


def _root(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent: dict[str, str], first: str, second: str) -> None:
    parent[_root(parent, second)] = _root(parent, first)
