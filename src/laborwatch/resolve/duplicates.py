"""Near-duplicate documents: syndicated or lightly rewritten copies of one report.

Texts are cut into lower-cased word 3-shingles, each kept as a 64-bit hash (the same in every
process and on every machine). Each document gets a MinHash signature of its shingles (128
hashes), cut into bands: two documents sharing a band are candidates. Only originals are
indexed. A document is compared with the originals it shares bands with, best first (most
shared bands, then the similarity the signatures estimate), and the exact Jaccard similarity
of the shingle sets confirms at most a few of them (>= 0.8), so LSH's false positives never
mark a copy. A confirmed copy points at that original; when it comes first (published
earlier, undated last, then the smaller id) it becomes the original instead, and the original
with all its copies points at it. A copy is thus always compared with an original, never
with another copy: two reports alike only through a third are not grouped.

Documents are placed one at a time, so the work per document depends on its candidates, not on
the size of the archive: the store keeps the index between batches (store/duplicate_index.py).
A copy's claims are never counted again (see cluster_items.py, estimate_counts.py and
estimate_revenue.py).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import numpy.typing as npt

from laborwatch.model import Document

# signatures and band keys are stored: changing the shingles, the hashes or the bands means
# rebuilding the index of every store (`laborwatch db dedupe`)
SHINGLE_WORDS = 3
PERMUTATIONS = 128
# 25 bands of 5 hashes: a pair at Jaccard 0.8 shares a band with probability 0.99995, a pair
# at 0.3 with 0.06; the 3 hashes left over are not banded
BAND_ROWS = 5
BANDS = PERMUTATIONS // BAND_ROWS
THRESHOLD = 0.8
RANKED_CANDIDATES = 20  # originals per document whose signatures are compared, most bands first
CONFIRMED_CANDIDATES = 3  # exact Jaccards per document, at most
ESTIMATE_MARGIN = 0.15  # 4 standard deviations of a 128-hash estimate near the threshold
SHINGLES_AT_ONCE = 4096  # hashed together by minhash: 4 MiB of work space, whatever the text
UNDATED = "9999"  # sorts after every date
WORD = re.compile(r"\w+")
WORD_BYTES = re.compile(rb"\w+")

Signature = npt.NDArray[np.uint32]
Hashes = npt.NDArray[np.uint64]
Rank = tuple[str, str]  # (date or UNDATED, id): the smaller is the original


def _hash_parameters(name: str, count: int) -> tuple[Hashes, Hashes]:
    """`count` odd multipliers and `count` addends for 64-bit hashing, from fixed strings.

    Not numpy's random generators: their streams may change between numpy releases, and a
    stored signature must stay comparable with one computed by any later release.
    """
    digests = [hashlib.sha256(f"laborwatch-{name}-{i}".encode()).digest() for i in range(count)]
    multipliers = [int.from_bytes(d[:8], "little") | 1 for d in digests]
    addends = [int.from_bytes(d[8:16], "little") for d in digests]
    return np.array(multipliers, dtype=np.uint64), np.array(addends, dtype=np.uint64)


_MULTIPLIERS, _ADDENDS = _hash_parameters("minhash", PERMUTATIONS)
_ROW_WEIGHTS, _BAND_SALTS = _hash_parameters("band", max(BAND_ROWS, BANDS))
_WORD_WEIGHTS, _ = _hash_parameters("shingle", SHINGLE_WORDS)


# an original is compared with each of its copies, and its text read again for each: its
# shingles are worked out once (read-only arrays, shared by every caller)
@lru_cache(maxsize=1024)
def shingles(text: str) -> Hashes:
    """The distinct word 3-shingles of `text`, lower-cased, as sorted 64-bit hashes.

    A text of 3 words or fewer is one shingle; a text without words has none. Words are hashed
    with CRC-32 of their UTF-8 bytes (stable everywhere, unlike Python's `hash`); a shingle's
    hash mixes the hashes of its words in order, so the same three words in another order are
    another shingle.
    """
    lowered = text.lower()
    # in ASCII the bytes pattern finds the same words, without encoding each one
    words = (
        WORD_BYTES.findall(lowered.encode("ascii"))
        if lowered.isascii()
        else list(map(str.encode, WORD.findall(lowered)))
    )
    if not words:
        return _read_only(np.empty(0, dtype=np.uint64))
    hashed = np.fromiter(map(zlib.crc32, words), np.uint64, len(words))
    width = min(SHINGLE_WORDS, len(hashed))
    combined = np.full(len(hashed) - width + 1, width, dtype=np.uint64)  # length: "a b" != "a"
    for position in range(width):
        combined += hashed[position : len(hashed) - width + 1 + position] * _WORD_WEIGHTS[position]
    return _read_only(np.unique(_mix(combined)))


def _read_only(hashes: Hashes) -> Hashes:
    hashes.flags.writeable = False
    return hashes


def _mix(values: Hashes) -> Hashes:
    """splitmix64's finaliser: every input bit reaches every output bit (uint64 wraps)."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: Hashes = values ^ (values >> np.uint64(31))
    return mixed


def jaccard(first: Hashes, second: Hashes) -> float:
    """The Jaccard similarity of two shingle sets (sorted, distinct hashes)."""
    if not len(first) or not len(second):
        return 0.0
    # each hash of the smaller set looked up in the larger: no merged copy of both to sort
    smaller, larger = (first, second) if len(first) <= len(second) else (second, first)
    at = np.searchsorted(larger, smaller)
    at[at == len(larger)] = 0  # beyond the largest: not in it, and larger[0] differs
    common = int(np.count_nonzero(larger[at] == smaller))
    return common / (len(first) + len(second) - common)


def minhash(shingle_hashes: Hashes) -> Signature | None:
    """The MinHash signature of a set of shingles; None for an empty set.

    128 multiply-add-shift hashes of each shingle's upper and lower halves folded together:
    (a * x + b) mod 2**64, top 32 bits; the minimum of each is the signature.
    """
    if not len(shingle_hashes):
        return None
    folded = (shingle_hashes ^ (shingle_hashes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    lowest = np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint64)
    for start in range(0, len(folded), SHINGLES_AT_ONCE):
        part = folded[start : start + SHINGLES_AT_ONCE]
        mixed: Hashes = _MULTIPLIERS[:, np.newaxis] * part + _ADDENDS[:, np.newaxis]
        np.minimum(lowest, (mixed >> np.uint64(32)).min(axis=1), out=lowest)
    signature: Signature = lowest.astype(np.uint32)
    return signature


def band_keys(signature: Signature) -> list[int]:
    """One signed 64-bit key per band (what a database index holds), salted by band number.

    A key is a weighted sum of the band's hashes, mod 2**64: two different bands rarely share
    a key, and when they do it only proposes a candidate that the signatures then turn down.
    """
    bands = signature[: BANDS * BAND_ROWS].astype(np.uint64).reshape(BANDS, BAND_ROWS)
    keys = (bands * _ROW_WEIGHTS[:BAND_ROWS]).sum(axis=1) + _BAND_SALTS[:BANDS]
    return [int(key) for key in keys.view(np.int64)]


def signature_bytes(signature: Signature) -> bytes:
    return signature.astype("<u4").tobytes()


def signature_from_bytes(stored: bytes) -> Signature:
    return np.frombuffer(stored, dtype="<u4").astype(np.uint32)


def estimated_similarity(first: Signature, second: Signature) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal hashes."""
    return float(np.count_nonzero(first == second)) / len(first)


def rank(doc_id: str, published: str | None) -> Rank:
    """Sort key of the original of a group: earliest published, undated last, then id."""
    return (published or UNDATED, doc_id)


@dataclass(frozen=True, slots=True)
class Entry:
    """A document as duplicate detection sees it: id, date, shingles, signature, band keys."""

    id: str
    published: str | None
    shingles: Hashes
    signature: Signature | None  # None when the text has no words: it copies nothing
    keys: tuple[int, ...]

    @classmethod
    def of(cls, doc_id: str, text: str, published: str | None) -> Entry:
        shingle_hashes = shingles(text)
        signature = minhash(shingle_hashes)
        keys = () if signature is None else tuple(band_keys(signature))
        return cls(doc_id, published, shingle_hashes, signature, keys)

    @property
    def rank(self) -> Rank:
        return rank(self.id, self.published)


@dataclass(frozen=True, slots=True)
class Original:
    """An indexed original as candidate: enough to estimate similarity and to rank it."""

    id: str
    published: str | None
    signature: Signature

    @property
    def rank(self) -> Rank:
        return rank(self.id, self.published)


OriginalLoader = Callable[[Collection[str]], Mapping[str, Original]]
ShingleLoader = Callable[[Collection[str]], Mapping[str, Hashes]]


class OriginalIndex:
    """Originals by band key, and what placing documents into them changed.

    It may hold a slice of a larger index: the store gives it the postings of the band keys of
    the documents it is about to place, which is all that placing them can look up. Signatures
    and shingles of originals it did not place itself come from the loaders, once each.
    """

    def __init__(
        self,
        load_originals: OriginalLoader,
        load_shingles: ShingleLoader,
        threshold: float = THRESHOLD,
    ) -> None:
        self.threshold = threshold
        self._load_originals = load_originals
        self._load_shingles = load_shingles
        self._postings: dict[int, set[str]] = {}
        self._keys_of: dict[str, set[int]] = {}
        self._originals: dict[str, Original] = {}
        self._shingles: dict[str, Hashes] = {}
        # what `prepare` found each entry likely copies, and the band keys whose postings
        # changed since: an entry with none of them would find the same again
        self._prepared: dict[str, tuple[Entry, list[Original]]] = {}
        self._changed_keys: set[int] = set()
        # the outcome, for the store to write
        self.duplicate_of: dict[str, str | None] = {}  # every document whose mark was decided
        self.added: dict[str, tuple[int, ...]] = {}  # new originals and their band keys
        self.removed: set[str] = set()  # originals indexed before that are copies now
        self.takeovers: list[tuple[str, str]] = []  # (former original, new original), in order

    def add_postings(self, postings: Iterable[tuple[int, str]]) -> None:
        """(band key, original id) pairs already indexed elsewhere."""
        self._prepared.clear()  # what `prepare` found may no longer hold
        self._post(postings)

    def _post(self, postings: Iterable[tuple[int, str]]) -> None:
        for key, doc in postings:
            self._postings.setdefault(key, set()).add(doc)
            self._keys_of.setdefault(doc, set()).add(key)

    def prepare(self, entries: Sequence[Entry]) -> None:
        """Load at once what placing `entries` will most likely look up, instead of per entry.

        Two look-ups: the signatures of every entry's best-ranked candidates, then the
        shingles of those the signatures make likely. Placing still loads what this missed
        (a candidate that moves up when another leaves), one entry at a time, and finds an
        entry's likely originals again only when placing others changed its bands' postings.
        """
        ranked = {entry.id: self._ranked(entry) for entry in entries}
        self._originals_of(sorted({doc for docs in ranked.values() for doc in docs}))
        self._prepared = {
            entry.id: (entry, self._likely(entry, ranked[entry.id])) for entry in entries
        }
        self._changed_keys = set()
        likely = {o.id for _, originals in self._prepared.values() for o in originals}
        self._shingles_of(sorted(likely))

    def place(self, entry: Entry) -> str | None:
        """Index `entry` as an original, or mark it a copy; returns the original it copies."""
        if entry.signature is None:
            self.duplicate_of[entry.id] = None
            return None
        self._shingles[entry.id] = entry.shingles
        match = self._best_match(entry)
        if match is None:
            self._add(entry, entry.signature)
        elif match.rank < entry.rank:
            self.duplicate_of[entry.id] = match.id
        else:
            self._take_over(match, entry, entry.signature)
        return self.duplicate_of[entry.id]

    def _best_match(self, entry: Entry) -> Original | None:
        """The confirmed copy-of candidate with the highest Jaccard (then the earliest)."""
        likely = self._likely_now(entry)
        sets = self._shingles_of([original.id for original in likely])
        scored = [(jaccard(entry.shingles, sets[o.id]), o) for o in likely if o.id in sets]
        confirmed = [(score, o) for score, o in scored if score >= self.threshold]
        if not confirmed:
            return None
        return min(confirmed, key=lambda pair: (-pair[0], pair[1].rank))[1]

    def _likely_now(self, entry: Entry) -> list[Original]:
        """`_likely` of `entry` now: what `prepare` found, unless a posting it read changed."""
        prepared_entry, likely = self._prepared.pop(entry.id, (None, []))
        if prepared_entry is entry and self._changed_keys.isdisjoint(entry.keys):
            return likely
        return self._likely(entry, self._ranked(entry))

    def _ranked(self, entry: Entry) -> list[str]:
        """The originals sharing the most bands with `entry` (then the smallest ids)."""
        postings = self._postings
        shared = Counter(chain.from_iterable(postings.get(key, ()) for key in entry.keys))
        shared.pop(entry.id, None)
        return sorted(shared, key=lambda doc: (-shared[doc], doc))[:RANKED_CANDIDATES]

    def _likely(self, entry: Entry, ranked: Sequence[str]) -> list[Original]:
        """The `ranked` originals worth an exact Jaccard: the signatures estimate them closest."""
        if entry.signature is None:
            return []
        signature = entry.signature
        originals = self._originals_of(ranked)
        estimates = {o.id: estimated_similarity(signature, o.signature) for o in originals}
        close = [o for o in originals if estimates[o.id] >= self.threshold - ESTIMATE_MARGIN]
        close.sort(key=lambda o: (-estimates[o.id], o.rank))
        return close[:CONFIRMED_CANDIDATES]

    def _add(self, entry: Entry, signature: Signature) -> None:
        self._post((key, entry.id) for key in entry.keys)
        self._originals[entry.id] = Original(entry.id, entry.published, signature)
        # every posting of it, including any it had before: its signature may be new
        self._changed_keys.update(self._keys_of.get(entry.id, ()))
        self.added[entry.id] = entry.keys
        self.duplicate_of[entry.id] = None

    def _remove(self, doc: str) -> None:
        keys = self._keys_of.pop(doc, set())
        for key in keys:
            self._postings[key].discard(doc)
        self._changed_keys.update(keys)
        if self.added.pop(doc, None) is None:
            self.removed.add(doc)

    def _take_over(self, former: Original, entry: Entry, signature: Signature) -> None:
        """`entry` comes before the original it copies: the whole group now points at it."""
        self._remove(former.id)
        self._add(entry, signature)
        for doc, original in self.duplicate_of.items():
            if original == former.id:
                self.duplicate_of[doc] = entry.id
        self.duplicate_of[former.id] = entry.id
        self.takeovers.append((former.id, entry.id))

    def _originals_of(self, ids: Sequence[str]) -> list[Original]:
        missing = [doc for doc in ids if doc not in self._originals]
        if missing:
            self._originals.update(self._load_originals(missing))
        return [self._originals[doc] for doc in ids if doc in self._originals]

    def _shingles_of(self, ids: Sequence[str]) -> Mapping[str, Hashes]:
        missing = [doc for doc in ids if doc not in self._shingles]
        if missing:
            self._shingles.update(self._load_shingles(missing))
        return {doc: self._shingles[doc] for doc in ids if doc in self._shingles}


def _no_originals(ids: Collection[str]) -> dict[str, Original]:
    return {}  # in memory, every original was placed by the index itself


def _no_shingles(ids: Collection[str]) -> dict[str, Hashes]:
    return {}


def find_duplicates(
    documents: Iterable[tuple[str, str]],
    threshold: float = THRESHOLD,
    published: Mapping[str, str | None] | None = None,
) -> dict[str, str]:
    """{copy id: original id} for every document whose text is a near copy of an original.

    `documents` are (id, text) pairs; `published` dates, when given, decide which document of
    a group is the original (earliest; undated ones come last; then the smaller id). This is
    what the store's full rebuild computes: every document placed in that order, in memory.
    """
    dates = published or {}
    entries = sorted(
        (Entry.of(doc_id, text, dates.get(doc_id)) for doc_id, text in documents),
        key=lambda entry: entry.rank,
    )
    index = OriginalIndex(_no_originals, _no_shingles, threshold)
    for entry in entries:
        index.place(entry)
    return {doc: original for doc, original in index.duplicate_of.items() if original}


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
