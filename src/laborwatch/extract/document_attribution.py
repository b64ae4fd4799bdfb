"""Who speaks for a document: the fuller earlier mention a reference points back to ("the
source", "he", "the report", a bare surname), and the document's own voice, which speaks its
unattributed sentences: the narrator of a first-person account, the issuer of a press release.

Apart from the finder (attribution.py), which reads one sentence at a time: these read what
the document said before, or all of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.attribution import AttributionFinder, clean_source
from laborwatch.extract.lexicon import fold_lookalikes
from laborwatch.model import Attribution, AttributionType

# "the agency" may point back to a Service, a Ministry or a Bureau named earlier
_BODY_WORDS = ("agency", "service", "ministry", "bureau", "office", "department", "committee")

# "The speaker, a former logger who left in 2019, asked ...": who tells a first-person account
_NARRATOR_NOUNS = ("speaker", "narrator", "interviewee", "author", "witness", "defector")
_NARRATOR = re.compile(
    rf"\b(?:{'|'.join(_NARRATOR_NOUNS)})\s*,\s*"
    r"(?P<who>(?:a|an)\s+[^,.;()]{3,60}?)(?=\s+(?:who|whose|now|aged)\b|[,.;])",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:[Mm]y|[Ww]e|[Oo]ur|[Mm]e|[Uu]s)\b")
_RELEASE = re.compile(r"\b(?:press\s+release|press\s+service|news\s+release)\b", re.IGNORECASE)
_ISSUER_HEAD = 300  # characters of the document's head where a press release names its issuer


def narrator_of(text: str) -> Attribution | None:
    """Who tells a first-person account, as the document introduces them, or None."""
    # the pattern is slow to search a whole text for, and most texts name none of its nouns
    lowered = fold_lookalikes(text).lower()
    if not any(noun in lowered for noun in _NARRATOR_NOUNS):
        return None
    found = _NARRATOR.search(text)
    if found is None:
        return None
    return Attribution(found.group("who"), AttributionType.TESTIMONY)


def speaks_in_first_person(sentence: str) -> bool:
    return bool(_FIRST_PERSON.search(sentence))


def issuer_of(text: str, finder: AttributionFinder) -> Attribution | None:
    """The body that issues a press release, named in its head ("Government of Primorsky
    Krai, Press Service"), or None when the document is no press release."""
    head = text[:_ISSUER_HEAD]
    if not _RELEASE.search(head):
        return None
    for line in head.splitlines():
        name = clean_source(line.split(",")[0])
        if name and not _RELEASE.fullmatch(name) and finder.is_body(name):
            return finder.typed(name)
    return None


def resolve_reference(
    attribution: Attribution,
    earlier: Sequence[Attribution],
    document_text: str,
    finder: AttributionFinder,
) -> Attribution:
    """Replace "the source", "he" or a bare surname with the fuller earlier mention."""
    text = attribution.text.strip()
    if finder.is_reference(text):
        head = text.lower().split()[-1]
        pronoun = head in ("he", "she", "they", "it")
        for previous in reversed(earlier):
            if head in ("he", "she") and not _one_person(previous):
                continue  # "he said" after "U.S. officials" or "the ministry" is someone else
            words = previous.text.lower().split()
            if pronoun or head.rstrip("s") in (w.rstrip("s") for w in words):
                return previous
            if head in _BODY_WORDS and any(w in _BODY_WORDS for w in words):
                return previous
            # "the source said" after "a resident of Hyesan told RFA": the one unnamed
            if head.rstrip("s") == "source" and previous.type is AttributionType.ANONYMOUS_SOURCE:
                return previous
        return _author_of(head, earlier, document_text) or attribution
    if re.fullmatch(r"[A-Z][\w'’-]+", text):
        full = re.search(rf"((?:[A-Z][\w'’.-]+\s+){{1,3}}){re.escape(text)}\b", document_text)
        if full:
            return finder.typed(f"{full.group(1)}{text}", attribution.text)
    return attribution


def _author_of(head: str, earlier: Sequence[Attribution], document_text: str) -> Attribution | None:
    """ "The report said" after "according to a report by a panel of monitors": the source
    that the document introduced as the report's author."""
    lowered = document_text.lower()
    if f"{head} by " not in lowered:
        return None
    for previous in reversed(earlier):
        if f"{head} by {previous.text.lower()}" in lowered:
            return previous
    return None


def _one_person(attribution: Attribution) -> bool:
    """Whether a source can be "he" or "she": one person ("a trader in Dandong", "Kim Young-hee",
    "a regional official"), not several ("U.S. officials"), a body ("the unification ministry",
    "the NIS") or an outlet."""
    if attribution.type is AttributionType.MEDIA:
        return False
    head = _HEAD_END.split(attribution.text.strip(), maxsplit=1)[0].split()
    if not head:
        return False
    last = head[-1]
    if last.lower() in _ORGANISATION_WORDS or (last.isupper() and last.isalpha()):
        return False
    return not (last.islower() and (last in ("people", "police") or _PLURAL.search(last)))


_HEAD_END = re.compile(
    r",|\s(?:who|whom|which|that|in|at|of|from|with|familiar|for|on|to|close)\s", re.IGNORECASE
)
_PLURAL = re.compile(r"[^su]s$")
_ORGANISATION_WORDS = frozenset(
    {
        *_BODY_WORDS,
        "government", "institute", "group", "center", "centre", "council", "commission",
        "organization", "organisation", "panel", "team", "report", "study", "survey", "data",
        "figures", "statistics", "kremlin", "parliament", "authorities", "court", "inspectorate",
        "bank", "university", "foundation", "watch", "tank", "alliance", "media", "newspaper",
    }
)  # fmt: skip
