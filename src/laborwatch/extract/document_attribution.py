"""Who speaks each sentence of a document (`sentence_attributions`): its own source, resolved
to the fuller earlier mention a reference points back to ("the source", "he", "the report", a
bare surname); else the source carried across a quotation or on through a paragraph; else the
document's own voice: the narrator of a first-person account, the issuer of a press release.

Apart from the finder (attribution.py), which reads one sentence at a time: these read what
the document said before or after, or all of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.attribution import AttributionFinder, clean_source
from laborwatch.extract.lexicon import fold_lookalikes
from laborwatch.model import Attribution, AttributionType, Document
from laborwatch.nlp import Sentence

_OPEN_QUOTE = re.compile(r"[“\"]")
_CLOSE_QUOTE = re.compile(r"[”\"]")
# how many sentences ahead a lede's generic source may be named
_LOOKAHEAD = 2
_SELF_REPORT = re.compile(r"\bha(?:s|ve)\s+learned\b|\bhas\s+confirmed\b", re.IGNORECASE)

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


def _forward_resolved(
    own: Sequence[Attribution | None],
    sentences: Sequence[Sentence],
    index: int,
    document: Document,
) -> Attribution | None:
    """A lede's "a new investigation reports" or "Daily NK has learned" names its real source
    in the next sentences ("according to a BBC probe", "a source in Pyongyang told ...")."""
    attribution = own[index]
    if attribution is None:
        return None
    ahead = [a for a in own[index + 1 : index + 1 + _LOOKAHEAD] if a is not None]
    if _SELF_REPORT.search(sentences[index].text) or (
        document.publisher and attribution.text.lower() == document.publisher.lower()
    ):
        sources = [a for a in ahead if a.type is AttributionType.ANONYMOUS_SOURCE]
        return sources[0] if sources else attribution
    if attribution.type is AttributionType.MEDIA and not _named(attribution.text):
        named = [a for a in ahead if any(c.isupper() for c in a.text[1:])]
        return named[0] if named else attribution
    return attribution


# words that open a source's text without naming it: "A new investigation", "The report"
_UNNAMING_OPENERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "its", "their", "one", "new", "recent"}
)


def _named(source: str) -> bool:
    """Whether the source's text holds a name: "Russian state television", "a BBC probe";
    not "a new investigation", "The report"."""
    words = source.split()
    if not words:
        return False
    opener_named = words[0][0].isupper() and words[0].lower() not in _UNNAMING_OPENERS
    return opener_named or any(c.isupper() for c in source[len(words[0]) :])


def sentence_attributions(
    document: Document, sentences: Sequence[Sentence], finder: AttributionFinder
) -> list[Attribution | None]:
    """The attribution governing each sentence.

    A sentence's own attribution wins; a sentence inside a quotation takes the attribution given
    where the quotation closes, or else where it opens. Otherwise reported speech runs on: the
    next sentence takes the previous one's source unless it turns to a new topic, and a
    sentence referring back ("They ...", "Another 500 ...") keeps the source its paragraph runs
    on. A later unattributed paragraph stays so.
    """
    own: list[Attribution | None] = []
    seen: list[Attribution] = []
    for sentence in sentences:
        found = finder.find(sentence.text)
        if found is not None:
            found = resolve_reference(found, seen, document.text, finder)
            seen.append(found)
        own.append(found)
    result = [_forward_resolved(own, sentences, i, document) for i in range(len(own))]
    quote_start: int | None = None
    for index, sentence in enumerate(sentences):
        opens = len(_OPEN_QUOTE.findall(sentence.text))
        closes = len(_CLOSE_QUOTE.findall(sentence.text))
        if quote_start is None and "“" in sentence.text and "”" not in sentence.text:
            quote_start = index
        elif quote_start is not None and ("”" in sentence.text or closes > opens):
            speaker = own[index] or own[quote_start]
            for inside in range(quote_start, index + 1):
                result[inside] = result[inside] or speaker
            quote_start = None
    for index in range(1, len(sentences)):
        if result[index] is None:
            result[index] = _carried(result, own, sentences, index, document.text, finder)
    return _with_document_voice(result, sentences, document, finder)


def _carried(
    result: Sequence[Attribution | None],
    own: Sequence[Attribution | None],
    sentences: Sequence[Sentence],
    index: int,
    text: str,
    finder: AttributionFinder,
) -> Attribution | None:
    """The source an unattributed sentence goes on with: the previous sentence's own, or,
    when it refers back within the paragraph, the one the previous sentence went on with."""
    sentence = sentences[index].text
    if own[index - 1] is not None:
        return own[index - 1] if finder.inherits_source(sentence) else None
    previous = sentences[index - 1]
    if result[index - 1] is None or "\n\n" in text[previous.start : sentences[index].start]:
        return None
    return result[index - 1] if finder.continues_source(sentence) else None


def _with_document_voice(
    result: list[Attribution | None],
    sentences: Sequence[Sentence],
    document: Document,
    finder: AttributionFinder,
) -> list[Attribution | None]:
    """Sentences still unattributed speak for the document's teller: the narrator of a
    first-person account in the first person, the issuer of a press release throughout."""
    silent = [index for index, found in enumerate(result) if found is None]
    if not silent:
        return result
    narrator = narrator_of(document.text)
    issuer = issuer_of(document.text, finder)
    voiced = list(result)
    for index in silent:
        if narrator is not None and speaks_in_first_person(sentences[index].text):
            voiced[index] = narrator
        else:
            voiced[index] = issuer
    return voiced
