"""The words of one sentence as the gazetteer reads them: split by one regex call (`Words`),
each folded (`fold`) and read as a `_Token` (its forms, whether it starts a clause) only when a
match looks at it.

Apart from the gazetteer (places.py), which decides what the words name: this runs on every
sentence, and most of its words are never looked at, so nothing here is done for a word until
it is needed; a word's folded forms are cached.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_][\w'’ʼ.\-]*")
# the same words, kept by `re.split` between the gaps around them
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
APOSTROPHES = str.maketrans("", "", "'’ʼ`")
POSSESSIVE = re.compile(r"['’ʼ]s?$")
_SENTENCE_BREAK = frozenset('.!?:;"“”‘')


class _Token(NamedTuple):  # a tuple: built for many words per sentence, and cheap to build
    start: int
    end: int
    raw: str
    folded: str  # the whole token folded
    bare: str  # folded without a possessive or a final full stop
    bare_end: int  # where the token ends without them
    capital: bool
    after_break: bool  # first in the sentence, or after punctuation that starts a clause


def fold(name: str) -> str:
    """The lookup key of a name: lower case, no accents, no apostrophes, single spaces."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(name.translate(APOSTROPHES).lower().split())


def _fold_word(word: str) -> str:
    """`fold` for one word (no spaces)."""
    if word.isascii():
        return word.translate(APOSTROPHES).lower()
    return fold(word)


_TRAILING = frozenset("'’ʼsS.-")


@functools.lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, str, int]:
    """(the word folded, folded without a possessive or a final full stop, length of that bare
    form as written). Cached: it is pure, and news repeats its words sentence after sentence."""
    bare = word
    if word[-1] in _TRAILING:  # rare: most words need no second form
        bare = POSSESSIVE.sub("", word).rstrip(".-")
    folded = _fold_word(word)
    return folded, folded if bare == word else _fold_word(bare), len(bare)


# a full stop after these does not end the sentence ("St. Petersburg", "Gen. Kim")
_ABBREVIATIONS = frozenset({"st", "mr", "mrs", "ms", "dr", "gen", "gov", "col", "lt", "n", "s"})


class Words:
    """The words of one sentence, split by one regex call; a word becomes a `_Token` (folded
    forms, clause start) only when a match looks at it, and then once."""

    __slots__ = ("_gaps", "_parts", "_tokens", "raw")

    def __init__(self, text: str) -> None:
        parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
        self.raw: list[str] = parts[1::2]
        self._parts = parts
        self._gaps = parts[::2]  # _gaps[i] comes right before word i
        self._tokens: dict[int, _Token] = {}

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, index: int) -> _Token:
        token = self._tokens.get(index)
        if token is None:
            token = self._tokens[index] = self._token(index)
        return token

    def folded(self, index: int) -> str:
        return _forms(self.raw[index])[0]

    def bare(self, index: int) -> str:
        return _forms(self.raw[index])[1]

    def adjacent(self, index: int) -> bool:
        """Whether word `index` follows the word before it across spaces only, on one line."""
        gap = self._gaps[index]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def _token(self, index: int) -> _Token:
        raw = self.raw[index]
        folded, bare, bare_length = _forms(raw)
        # the lengths of everything before the word: summed only for the few words looked at
        start = sum(map(len, self._parts[: 2 * index + 1]))
        return _Token(
            start=start,
            end=start + len(raw),
            raw=raw,
            folded=folded,
            bare=bare,
            bare_end=start + bare_length,
            capital=raw[0].isupper(),
            after_break=self._after_break(index),
        )

    def _after_break(self, index: int) -> bool:
        """First in the sentence, after punctuation that starts a clause, or right after a
        full stop that is not an abbreviation's."""
        if index == 0:
            return True
        gap = self._gaps[index].strip()
        if gap:
            return gap[-1] in _SENTENCE_BREAK
        previous = self.raw[index - 1]
        return previous.endswith(".") and _forms(previous)[1] not in _ABBREVIATIONS


__all__ = ["APOSTROPHES", "POSSESSIVE", "Words", "fold"]
