"""What a regular expression's matches can start with, or must contain; and searching by it.

Python's regex engine tries every alternative of a pattern at every position of a text. Most
of our patterns are long alternations of words, and most positions of a sentence start none of
them: a look-ahead for the characters a match can start with is one test per position, and
makes a search over a sentence several times faster (`searchable`). The analysis is of the
pattern as written, and says "cannot tell" (None) whenever it is not simple.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# a class with more members than this is no help in telling where a match can start
_MAX_CLASS = 12
# every character \s matches (all lie below U+3001) but the space, to a space
_ONE_SPACE = {code: " " for code in range(0x3001) if chr(code).isspace() and code != 32}
_OTHER_SPACE = re.compile("[" + "".join(map(chr, _ONE_SPACE)) + "]")
_METACHARACTERS = frozenset(".^$*+?{}[]\\|()")
# zero-width at the start of a branch: the first character is that of what follows
_ZERO_WIDTH = ("(?<!", "(?<=", "(?!", "(?=")
# what opens a group whose body is a plain sub-pattern: (?: (?P<name> (?i: (case makes no
# difference to what is told: beginnings are in lower case)
_GROUP_OPENING = re.compile(r"^\?(?::|P<\w+>|i:)")
# for `required_word`: a class; a group holding no other; a word of three letters or more,
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_INNER_GROUP = re.compile(r"(?<!\\)\((?P<body>[^()]*)\)(?P<quantifier>[?*]|\{0)?")
# not after a backslash (\s) and not made optional by a quantifier after it
_LITERAL_WORD = re.compile(r"(?<![\\\w])[a-z]{3,}(?![\w?*{])")


def searchable(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind a look-ahead for the characters its matches can start with,
    when `starts_of` can tell them (else as it is): the same matches, found faster by search
    and finditer. Not for verbose patterns, whose white space is no literal."""
    starts = None if flags & re.VERBOSE else starts_of(pattern, 1)
    # a space stands for any of some thirty white space characters: no guard is worth it
    if starts and " " not in starts:
        chars = "".join(re.escape(char) for char in sorted(starts))
        pattern = f"(?=(?i:[{chars}]))(?:{pattern})"
    return re.compile(pattern, flags)


def starts_of(pattern: str, width: int) -> frozenset[str] | None:
    """The lower-case beginnings a match of `pattern` can start with, each alternative's as
    long as can be told up to `width` characters ("19", "t" for "19\\d\\d|twelve" at 2), or
    None when some alternative's first character cannot be told simply (a class such as \\w).
    White space is told as a plain space: compare them with `spaces_folded(text)`."""
    result: set[str] = set()
    for branch in _top_level_branches(pattern):
        starts = _branch_starts(branch, width)
        if starts is None:
            return None
        result |= starts
    return frozenset(result)


def required_word(pattern: str) -> str | None:
    """A lower-case word of three letters or more that every match of `pattern` contains, or
    None when that cannot be told simply."""
    bare = _CLASS.sub("#", pattern.lower())
    while (simpler := _INNER_GROUP.sub(_required_part, bare)) != bare:
        bare = simpler
    if "|" in bare:
        return None
    words = _LITERAL_WORD.findall(bare)
    return max(words, key=len) if words else None


def _required_part(group: re.Match[str]) -> str:
    """What an innermost group requires: its body, or nothing when it is a look-around, has
    alternatives or may be skipped."""
    body, quantifier = group["body"], group["quantifier"]
    if body.startswith(("?=", "?!", "?<=", "?<!")) or "|" in body or quantifier:
        return "#"
    return " " + _GROUP_OPENING.sub("", body) + " "


def spaces_folded(text: str) -> str:
    """`text` with every white space character a plain space (same offsets)."""
    # translate is slow, and most sentences have no white space but spaces: look first
    return text.translate(_ONE_SPACE) if _OTHER_SPACE.search(text) else text


def _branch_starts(branch: str, width: int) -> set[str] | None:
    i = 0
    while True:  # zero-width: look past it
        if branch.startswith("(?!)", i):
            return set()  # a branch that never matches starts with nothing
        if branch.startswith(_ZERO_WIDTH, i):
            i = _group_end(branch, i)
        elif branch.startswith("\\b", i):
            i += 2
        else:
            break
    if branch.startswith("(", i):
        end = _group_end(branch, i)
        inner = _GROUP_OPENING.sub("", branch[i + 1 : end - 1])
        if inner.startswith("?"):
            return None  # a group of another kind: a back-reference test, flags, ...
        starts = starts_of(inner, width)
        if starts is None:
            return None
        if not _optional_at(branch, end):
            return set(starts)
        # "(?:the\s+)?state": it starts like the group, or like what follows the group
        rest = _branch_starts(branch[_past_quantifier(branch, end) :], width)
        return None if rest is None else set(starts) | rest
    prefixes = {""}
    while i < len(branch) and len(next(iter(prefixes))) < width:
        chars, i = _element_chars(branch, i)
        if chars is None:
            break
        if _optional_at(branch, i):
            if prefixes != {""}:
                break
            # ",?\s+while": it starts like the element, or like what follows it
            rest = _branch_starts(branch[_past_quantifier(branch, i) :], width)
            return None if rest is None else chars | rest
        prefixes = {prefix + char for prefix in prefixes for char in chars}
    return None if "" in prefixes else prefixes


def _element_chars(pattern: str, i: int) -> tuple[set[str] | None, int]:
    """The lower-case characters the element at `i` can match (a literal character, an escaped
    sign, or a small class such as [1-6] or ['’]) and the index after it; None when it is
    anything else."""
    char = pattern[i]
    if pattern.startswith("\\s", i):
        return {" "}, i + 2  # any white space, read as a space (`spaces_folded`)
    if pattern.startswith("\\d", i):
        return set("0123456789"), i + 2
    if char == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
        return {pattern[i + 1]}, i + 2
    if char not in _METACHARACTERS:
        return {char.lower()}, i + 1
    if char == "[" and (close := pattern.find("]", i + 2)) > 0:
        members = _class_members(pattern[i + 1 : close])
        return members, close + 1
    return None, i


def _class_members(body: str) -> set[str] | None:
    """The characters of a class body made of letters, digits, quotes, spaces and ranges."""
    if not body or body[0] == "^" or not all(c.isalnum() or c in " '’-" for c in body):
        return None
    members: set[str] = set()
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            members |= {chr(c).lower() for c in range(ord(body[i]), ord(body[i + 2]) + 1)}
            i += 3
        else:
            members.add(body[i].lower())
            i += 1
    return members if len(members) <= _MAX_CLASS else None


def _past_quantifier(pattern: str, index: int) -> int:
    """Index just past the quantifier at `index` ("?", "*", "{0,3}", each maybe lazy)."""
    end = pattern.index("}", index) + 1 if pattern.startswith("{", index) else index + 1
    return end + 1 if pattern.startswith("?", end) else end


def _optional_at(pattern: str, index: int) -> bool:
    """Whether the quantifier at `index` lets the element before it match nothing."""
    return pattern.startswith(("?", "*", "{0"), index)


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth after it) of each bracket or bar outside escapes and classes."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """Index just past the parenthesised group opening at `start`."""
    for i, char, depth in _structure(pattern, start):
        if char == ")" and depth == 0:
            return i + 1
    return len(pattern)


def _top_level_branches(pattern: str) -> list[str]:
    branches, start = [], 0
    for i, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    branches.append(pattern[start:])
    return branches
