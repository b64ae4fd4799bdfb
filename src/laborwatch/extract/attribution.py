"""Who says so: the source a sentence attributes its statement to, typed.

`AttributionFinder.find(sentence)` returns the attribution stated in one sentence ("according to
a source in Pyongyang", "the source said", "Reports from South Korean intelligence suggest").
Resolving "the source" or "Shoigu" to the fuller earlier mention is the document's business:
document_attribution.py does it against the attributions seen so far and the document text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from laborwatch.extract.lexicon import AttributionLexicon, Phrases, phrase_pattern
from laborwatch.extract.regex import searchable
from laborwatch.model import Attribution, AttributionType

# where an inverted source ends ("..., said a person who has visited the sites."): its relative
# clause stays, for `_acceptable` to judge
_CLAUSE_END = re.compile(r"[,;:.!?\"“”()]|\s(?:that|as|and|but|while)\s|\s[-–—]\s")
_APPOSITIVE = re.compile(r",\s*(?P<text>(?:a|an|the)\s[^,;:.!?\"“”()]+)")
# a comma, but not the one in "3,000"
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_NP_BOUNDARY = re.compile(
    rf"{_COMMA.pattern}|[;:\"“”()]|\s[-–—]\s|^(?:and|but|that|while|as)\s", re.IGNORECASE
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|also|recently|previously|earlier|reportedly|has\s+also|further|"
    r"separately|later|once|again|now))+\s*$",
    re.IGNORECASE,
)
_PASSIVE = searchable(r"(?:\b(?:is|are|was|were|be|been|being|it)\s*)$", re.IGNORECASE)
_LEADING_NOISE = re.compile(
    r"^(?:and|but|that|while|as|so|meanwhile|however|also|then)\s+", re.IGNORECASE
)
_CAPITALISED = re.compile(r"\b(?!(?:The|A|An|This|That|These|Those|It|Its|In|On)\b)[A-Z][\w'’.-]+")
_NOUN_LIKE_VERBS = frozenset(
    {
        "report",
        "reports",
        "estimate",
        "estimates",
        "claim",
        "claims",
        "notes",
        "finds",
        "show",
        "shows",
        "documents",
        "projects",
        "states",
        "put",
        "puts",
        "report that",
        "estimates that",
    }
)
_NOUN_BEFORE = searchable(
    r"\b(?:the|a|an|this|that|its|their|his|her|new|latest|recent|government|official|"
    r"intelligence|media|news|these|those|such|on|about|of|amid|despite|following|after|in|"
    r"with|by|from|to)\s*$",
    re.IGNORECASE,
)
_MAX_SOURCE_WORDS = 9
# a source with a relative clause ("a defector who worked in ..."): its head, and all of it
_RELATIVE = re.compile(r"\s(?:who|whom|which)\s")
_MAX_HEAD_WORDS = 5
_MAX_CLAUSE_SOURCE_WORDS = 16
# a full stop ends a source, but not the stops of "U.N." or "U.S."
_LEAD_END = re.compile(r"[,;:!?\"“”()]|(?<![A-Z])\.|\s[-–—]\s")
# the verb of the clause a lead phrase sits in, after its source: "the 10,000 workers reported
# by the South remain in Russia"; not a relative clause's ("officials who are familiar")
_CLAUSE_VERB = re.compile(
    r"(?<!\bwho)(?<!\bwhich)(?<!\bthat)\s(?:remain|remains|are|is|were|was|have|has|had|will"
    r"|would|could|may|might|live|lives|work|works|stay|stays)\b",
    re.IGNORECASE,
)
# a sentence ending in the word, with no comma or quote before its subject: "... in the Gulf
# states." (the inverted "..., the report states." has one)
_NOTHING_AFTER = re.compile(r"\W*$")
_QUOTE_OR_COMMA = re.compile(r"[,\"“”'’]")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.IGNORECASE)
# speech verbs that also take people as their object: "admitted 8,000", "counted 300"
_COUNTING_VERBS = frozenset({"admitted", "admits", "counted", "documented", "documents"})
_COUNT_AFTER = re.compile(
    r"\s+(?:\d|(?:some|about|around|nearly|almost|roughly|over|more|up|at|hundreds|thousands|"
    r"dozens|tens)\b)",
    re.IGNORECASE,
)
# a sentence that opens with whom its teller cites: "Citing an official, Yonhap said ..."
_RELAYED = re.compile(r"\W*(?P<lead>citing|quoting)\s[^,]{3,80},\s*", re.IGNORECASE)
_CHARACTERISES = re.compile(r"\s+as\b", re.IGNORECASE)
_TO_BE_AFTER = re.compile(r"\s+to\s+(?:be|have)\b", re.IGNORECASE)
_BY_AFTER = re.compile(r"\s+by\b", re.IGNORECASE)
# "Japan's", "South Korea's", "the U.S.'s": capitalised words ending in a possessive
_POSSESSOR = re.compile(r"(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['’]s\s+(?=\S)")
# "the National Intelligence Service (NIS) told": the name, without its acronym
_ACRONYM_END = re.compile(r"\s*\([^()]{1,20}\)\s*$")
_VERB_OBJECT = re.compile(r"\s+(?:that\b|\d)")  # "show that", "show 8,000": a verb
# "At 92 rubles to the dollar, that is $400": the writer converting, not the source speaking
_CONVERSION_OPENER = re.compile(r"\W*at\s+(?:about\s+|around\s+|roughly\s+)?[\d$€£¥₩]", re.I)
_SENTENCE_END = re.compile(r"[.!?:\"“”'’)…]\s*$")


class AttributionFinder:
    """Finds and types attributions; built once from the lexicon, then pure."""

    def __init__(self, lexicon: AttributionLexicon) -> None:
        self.lexicon = lexicon
        self._verbs = Phrases(lexicon.speech_verbs)
        self._leads = Phrases(lexicon.lead_phrases)
        self._types = [
            (kind, searchable(phrase_pattern(cues), re.IGNORECASE))
            for kind, cues in lexicon.types.items()
        ]
        self._pronouns = re.compile(rf"^{phrase_pattern(lexicon.pronouns)}$", re.IGNORECASE)
        # the same few sources ("officials", "the source") are typed over and over
        self._type_of = lru_cache(maxsize=1024)(self._find_type)
        self._new_topic = re.compile(rf"\W*{phrase_pattern(lexicon.new_topic)}", re.IGNORECASE)
        self._continuation = re.compile(
            rf"\W*{phrase_pattern(lexicon.continuation)}", re.IGNORECASE
        )

    def inherits_source(self, sentence: str) -> bool:
        """Whether an unattributed sentence right after an attributed one goes on with its
        source: not a heading, not a new topic ("Meanwhile, ..."), not the writer's own
        conversion ("At 92 rubles to the dollar, ...")."""
        return bool(
            _SENTENCE_END.search(sentence)
            and not self._new_topic.match(sentence)
            and not _CONVERSION_OPENER.match(sentence)
        )

    def continues_source(self, sentence: str) -> bool:
        """Whether a sentence refers back to what the last source spoke of ("They ...",
        "Another 500 ...", "Most of them ..."), so it goes on with that source."""
        return bool(self._continuation.match(sentence)) and self.inherits_source(sentence)

    def find(self, sentence: str) -> Attribution | None:
        """The attribution the sentence states, unresolved, or None.

        When a sentence has several ("the agency told lawmakers, according to two who
        attended"), the earliest names the origin of the statement.
        """
        candidates: list[tuple[int, Attribution]] = []
        lead = self._after_lead_phrase(sentence)
        if lead:
            candidates.append((lead[0], self.typed(lead[1])))
            relayed = _RELAYED.match(sentence)
            if relayed and lead[0] == relayed.start("lead"):
                # "Citing an official, Yonhap said": both who tells and whom they cite
                teller = self._relay_teller(sentence, relayed.end())
                if teller:
                    text = f"{teller}, {relayed.group('lead').lower()} {lead[1]}"
                    return Attribution(text, self.typed(lead[1]).type)
        verbs = list(self._verbs.finditer(sentence))
        verb_starts = {verb.start() for verb in verbs}
        for verb in verbs:
            if verb.start() > 0 and verb.group(0)[0].isupper():
                continue  # "(Far East Report)": a name, not a verb
            if verb.group(0).lower() in _NOUN_LIKE_VERBS and (
                _NOUN_BEFORE.search(sentence, 0, verb.start())
                or _next_word_start(sentence, verb.end()) in verb_starts
            ):
                # "the report", "government estimates", "unconfirmed reports suggest": a noun
                continue
            if (
                verb.group(0).lower() in _NOUN_LIKE_VERBS
                and _NOTHING_AFTER.match(sentence, verb.end())
                and not _QUOTE_OR_COMMA.search(sentence, max(0, verb.start() - 60), verb.start())
            ):
                continue  # "builders in the Gulf states.": a noun; not "..., Yonhap reports."
            if _ARTICLE_BEFORE.search(sentence, max(0, verb.start() - 5), verb.start()):
                continue  # "an estimated $20 million": an adjective, not a verb
            if _CHARACTERISES.match(sentence, verb.end()) and verb.group(0).lower().startswith(
                "describ"
            ):
                continue  # "what analysts describe as a first": a label, not a statement
            if _TO_BE_AFTER.match(sentence, verb.end()):
                continue  # "workers said to be in Russia": a hedge, not a statement
            if _BY_AFTER.match(sentence, verb.end()):
                continue  # "workers reported by Seoul": the lead phrase names the source
            if verb.group(0).lower() in _COUNTING_VERBS and _COUNT_AFTER.match(
                sentence, verb.end()
            ):
                continue  # "Russia admitted 8,000 North Koreans": a count, not a statement
            source, context = self._subject_before(sentence, verb.start())
            position = verb.start() - len(source or "")
            if not source:
                source, context = self._subject_after(sentence, verb.start(), verb.end())
                position = verb.end()
            if source:
                candidates.append((position, self.typed(source, context)))
                break
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def typed(self, text: str, context: str = "") -> Attribution:
        """An attribution with the first type whose cue appears in its text (or its context).

        A possessor before the source names whose it is, not what it is: "Japan's Asahi
        Shimbun" is typed by "Asahi Shimbun", when that has a cue."""
        owned = _POSSESSOR.match(text)
        for words in (text[owned.end() :], text) if owned else (text,):
            kind = self._type_of(words)
            if kind is not None:
                return Attribution(text, kind)
        for kind, pattern in self._types:
            if context and pattern.search(context):
                return Attribution(text, kind)
        return Attribution(text, AttributionType.UNKNOWN)

    def _find_type(self, text: str) -> AttributionType | None:
        """The first type with a cue in `text`, but for cues inside a longer cue of another
        type: "agency" (government) is part of "news agency" (media)."""
        hits = [
            (order, match.start(), match.end())
            for order, (_, pattern) in enumerate(self._types)
            for match in pattern.finditer(text)
        ]
        kept = [
            (order, start, end)
            for order, start, end in hits
            if not any(s <= start and end <= e and e - s > end - start for _, s, e in hits)
        ]
        return self._types[min(kept)[0]][0] if kept else None

    def is_body(self, text: str) -> bool:
        """Whether `text` names a body of some known type ("Government of Primorsky Krai")."""
        return self._type_of(text) is not None  # cached: the source is typed next

    def is_reference(self, text: str) -> bool:
        """True for "the source", "he", "the same official": text that points back."""
        return bool(self._pronouns.match(text.strip()))

    def _relay_teller(self, sentence: str, after: int) -> str | None:
        """Who speaks in the clause after an opening "Citing X,": "Yonhap" of "Citing an
        official, Yonhap said ..."."""
        verb = next(self._verbs.finditer(sentence, after), None)
        return None if verb is None else self._subject_before(sentence, verb.start())[0]

    def _after_lead_phrase(self, sentence: str) -> tuple[int, str] | None:
        for lead in self._leads.finditer(sentence):
            rest = sentence[lead.end() :]
            source = _short_head(clean_source(rest[: self._source_end(rest)]))
            if (
                source
                and len(source.split()) <= _MAX_SOURCE_WORDS
                and source.lower() not in self.lexicon.not_sources
                # "per Reuters", but not "per month" nor "per worker"
                and (lead.group(0).lower() != "per" or _CAPITALISED.match(source))
            ):
                return lead.start(), source
        return None

    def _source_end(self, rest: str) -> int:
        """Where the source named after a lead phrase ends: at a sign, or at its own verb
        ("data from the ministry show that ..."; not "a U.N. report"). A relative clause
        stays: "a supervisor who worked there" says who the source is."""
        sign = _LEAD_END.search(rest)
        ends = [sign.start()] if sign else []
        clause_verb = _CLAUSE_VERB.search(rest)
        if clause_verb:
            ends.append(clause_verb.start())
        ends += [
            verb.start()
            for verb in self._verbs.finditer(rest)
            if verb.start() > 0
            and (
                verb.group(0).lower() not in _NOUN_LIKE_VERBS
                or _VERB_OBJECT.match(rest, verb.end())
            )
        ][:1]
        return min(ends, default=len(rest))

    def _subject_before(self, sentence: str, verb_start: int) -> tuple[str | None, str]:
        """The subject before a speech verb, and its appositive ("head of ...") if any."""
        before = sentence[:verb_start]
        before = _ACRONYM_END.sub("", _AUXILIARIES.sub("", before))
        if _PASSIVE.search(before):
            return None, ""
        stripped = before.rstrip()
        appositive = ""
        if stripped.endswith(","):
            # an appositive: "Sergei Shoigu, head of the Security Council, admitted"
            head = stripped[:-1]
            commas = [match.start() for match in _COMMA.finditer(head)]
            if not commas:
                return None, ""
            stripped, appositive = head[: commas[-1]], head[commas[-1] + 1 :]
        segment = _NP_BOUNDARY.split(stripped)[-1] if stripped else ""
        source = clean_source(segment)
        return (source if self._acceptable(source) else None), appositive

    def _subject_after(
        self, sentence: str, verb_start: int, verb_end: int
    ) -> tuple[str | None, str]:
        """The source after its verb, inverted after a quotation ("..., said a source in
        Pyongyang."), and its appositive (", a researcher at the institute") if any."""
        if not sentence[:verb_start].rstrip().endswith((",", "”", '"', "’", "'")):
            return None, ""
        rest = sentence[verb_end:]
        end = _CLAUSE_END.search(rest)
        source = clean_source(rest[: end.start()] if end else rest)
        if not self._acceptable(source):
            return None, ""
        appositive = _APPOSITIVE.match(rest, end.start()) if end else None
        return source, appositive.group("text") if appositive else ""

    def _acceptable(self, source: str) -> bool:
        if not source:
            return False
        if len(source.split()) > _MAX_SOURCE_WORDS:
            # "A defector who worked at a logging camp in the Amur region told ...": a short
            # head with a relative clause is one source, however long
            head = _relative_head(source, _RELATIVE)
            if head is None or len(source.split()) > _MAX_CLAUSE_SOURCE_WORDS:
                return False
            source = head
        lowered = source.lower()
        if lowered in self.lexicon.not_sources:
            return False
        return (
            self.is_reference(source) or self.is_body(source) or bool(_CAPITALISED.search(source))
        )


def _next_word_start(text: str, end: int) -> int:
    return len(text) - len(text[end:].lstrip())


def _short_head(source: str) -> str:
    """A source too long to be one ("a research group that traced their employers through
    public tenders") is named by its head before the relative clause, when that is short."""
    if len(source.split()) <= _MAX_SOURCE_WORDS:
        return source
    return _relative_head(source, _LEAD_RELATIVE) or source


def _relative_head(source: str, relative: re.Pattern[str]) -> str | None:
    """The words of `source` before its relative clause, when there is one and they are few
    enough to name a source; else None."""
    found = relative.search(source)
    if found is None or len(source[: found.start()].split()) > _MAX_HEAD_WORDS:
        return None
    return source[: found.start()]


_LEAD_RELATIVE = re.compile(r"\s(?:who|whom|which|that)\s")


def clean_source(text: str) -> str:
    text = text.strip(" \t\n,;:—–-\"“”'’")
    text = _LEADING_NOISE.sub("", text)
    # the sentence's full stop after "the BBC.", not the stops of "the U.N."
    if text.endswith(".") and "." not in text.rsplit(maxsplit=1)[-1][:-1]:
        text = text[:-1]
    # drop a trailing time word ("the source said Tuesday" is handled by the verb split)
    return re.sub(r"\s+(?:on|in|last|this|recently|earlier)$", "", text).strip()
