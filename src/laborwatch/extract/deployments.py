"""Deployments: counts of North Koreans, with their category, status, place, time and route.

`DeploymentFinder.find(sentence, context)` turns one sentence into deployment facts. What a
sentence leaves open (the status of "10,000 people", the country of "the country") comes from
`SentenceContext`, which the document-level assembler in claims.py keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from laborwatch.extract.lexicon import (
    DeploymentLexicon,
    Phrases,
    PhraseTable,
    phrase_pattern,
    words_of,
)
from laborwatch.extract.numbers import CountParser
from laborwatch.extract.regex import searchable
from laborwatch.model import (
    Category,
    Count,
    Deployment,
    Organization,
    Place,
    PlaceMention,
    Span,
    Status,
    TimeMention,
    When,
)

# "the North" is the country unless a name goes on ("the North Sea", "the North Shore line")
_NK = searchable(
    r"north\s+korea|n\.\s*korea|\bdprk\b|pyongyang|kim\s+jong|\bnorth's\b"
    r"|\bthe\s+north\b(?!\s+(?-i:[A-Z]))|korean\s+people['’]s\s+army",
    re.IGNORECASE,
)
# the army's and the country's abbreviations, in capitals; not the outlets Daily NK, NK News
_NK_ABBREVIATION = re.compile(r"\bKPA\b|(?<!Daily\s)\bNK\b(?!\s+News)")
# words one of which any text naming the country holds, in these cases; plain letters, so the
# regex engine skips from one of their first letters to the next (faster than eight `in` tests)
_NK_CUES = re.compile("Korea|KOREA|korea|DPRK|Pyongyang|PYONGYANG|Kim Jong|North|KPA|NK")
_CLAUSE_SPLIT = re.compile(
    r";|,\s+(?:while|whereas|but|and\s+(?=\S+\s+(?:said|told)))\s+|\s+while\s+|\s+whereas\s+"
    r"|,\s+(?:compared\s+(?:with|to)|up\s+from|down\s+from|against)\s+"
)
_QUOTE = "[\"“”'‘’]?"
_HABITUAL = searchable(
    r"\b(?:previously|in\s+the\s+past|(?<!be\s)(?<!been\s)(?<!being\s)used\s+to|each\s+year|every\s+year|annually|"
    r"historically|formerly|once\s+had|before\s+the|in\s+earlier\s+years)\b",
    re.IGNORECASE,
)
_CARRY_TIME = re.compile(
    r"^\W*(?:shortly|soon|immediately|not\s+long)\s+(?:after|afterwards?|thereafter)|"
    r"^\W*(?:afterwards?|later|then|thereafter|at\s+the\s+time|that\s+year|the\s+same\s+year)\b|"
    r"^\W*when\s+(?:I|we|they|he|she)\s+\w+",
    re.IGNORECASE,
)
_SAME_PLACE = searchable(
    r"\b(?:the\s+country|there|the\s+region|the\s+city|the\s+(?:same\s+)?(?:site|yard|camp|plant"
    r"|factory|port|area|town|place|shipyard|sites)|the\s+(?:krai|oblast|province|territory|republic))\b",
    re.I,
)
_AFTER_COUNT_END = re.compile(
    r"\s*(?:[,.;:)]|$|in\b|by\b|as\b|this\b|last\b|from\b|to\b|and\b|at\b|according\b|since\b|"
    r"now\b|people\b|individuals\b|persons\b|in\s+total\b|so\s+far\b|or\s+so\b)",
    re.IGNORECASE,
)
_COLLECTIVE = searchable(
    r"(?:workforce|contingent|group|batch|team|brigade|crew|delegation|total)\s+of\s*$",
    re.IGNORECASE,
)
# what may follow "a group of 3,000": the end of the phrase, or its verb
_ENDS_COLLECTIVE = re.compile(
    rf"{_AFTER_COUNT_END.pattern}|\s+(?:is|was|has|have|are|were|will|would|could|may|had|"
    r"arrived|left|went|came|reached|crossed|followed|began|departed|landed)\b",
    re.IGNORECASE,
)
_DEMONYM_PLACE_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:region|regions|city|cities|town|province|territory|territories|"
    r"port|border|far\s+east|oblast|republic|site|sites|factory|factories|enterprises?|"
    r"universit(?:y|ies)|schools?|colleges?|institutes?|shipyards?|farms?|hospitals?|bases?)\b",
    re.IGNORECASE,
)
_OF_THEM = "of them"
# "8,000 of those arrivals": a part of a group counted before
_OF_GROUP = re.compile(r"of\s+(?:them|those|these|whom|the)\b", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TOWARDS = searchable(r"\b(?:to|into|towards?)\s+(?:the\s+)?$", re.IGNORECASE)
_WORD_BEFORE = 14  # "towards the ", "from the ", "in": the words that say how a place lies
_MOVEMENTS = frozenset({Status.ENTERED, Status.DISPATCHED, Status.REPATRIATED})
_SMALLEST_GROUP = 10
_LARGEST_GROUP = 1_000_000
_IN_PLACE = re.compile(r"\b(?:in|at|inside|within|across)\s+(?:the\s+)?$", re.IGNORECASE)
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
# a workplace named after its town: "the Kaesong industrial complex", "a Sinuiju factory"
_WORKPLACE = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:complex|zone|park|factory|factories|plant|mines?|farms?"
    r"|shipyard|enterprises?)\b",
    re.IGNORECASE,
)
_FROM_NORTH_KOREA = re.compile(
    r"\s+from\s+(?:north\s+korea|the\s+dprk|the\s+north|pyongyang)\b", re.IGNORECASE
)
# a unit's size, not a count of people sent: "each brigade consists of 20 to 30 workers"
_GROUP_SIZE = searchable(
    r"(?:\b(?:each|every)\b[^,.;]{0,60}?\b(?:consists?|consisting|comprises?|comprising|"
    r"made\s+up|numbers?)|\bin\s+(?:groups|teams|batches|brigades|units|squads|crews)\s+of)"
    r"\s+(?:of\s+)?$",
    re.IGNORECASE,
)
# how far before its count a place may still be in the count's phrase
_SAME_PHRASE = 40
_ABROAD = re.compile(r"\b(?:abroad|overseas)\b", re.IGNORECASE)
# how many sentences back "1,500 more will arrive" may find the people it counts
_ELLIPSIS_REACH = 3
# a time across a comma from a count belongs to it only when no time is nearer by this much
_ACROSS_COMMA = 50
_AT_WORK = searchable(
    r"\b(?:work(?:s|ed|ing)?(?!\s+(?:permits?|visas?|papers))|employed|labou?r(?:s|ed|ing)?|toil(?:s|ed|ing)?|hired)\b",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(
    r"\s*(?:more|others|additional|extra)\b|\s+(?:went|were|are|have|had|arrived|entered|left|remain(?:ed)?|stayed|work(?:ed)?|"
    r"returned|came|headed|moved|will|would|followed|follow|joined|flew|crossed|departed|landed)\b",
    re.IGNORECASE,
)
# what may follow a count whose noun is left out: "another 3,000 in January", "500 from
# Hamhung"; not a share ("15 from each county")
_ELLIPSIS_TAIL = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:in|on|to|into|from|at|by|via|during|over|through|since|last|this|"
    r"next|earlier|later|before|previously|a\s+year|the\s+(?:previous|prior|same|year))\b"
    r"(?!\s+(?:each|every|per)\b)",
    re.IGNORECASE,
)
# words before a count that add to people counted before: "and an additional 3,000"
_ADDED = re.compile(r"\b(?:an?\s+additional|another|a\s+further|further|additional)\s+$", re.I)
# "1,000 workers from Chongjin and 500 from Hamhung", "5,000 arrived, 3,000 on work visas";
# not "on March 5 and 12"
_AND_LEAD = re.compile(
    r"(?<![\d\s])(?:,|,?\s+(?:and|including|with|of\s+whom|of\s+them))\s+$", re.IGNORECASE
)
# a comparison's baseline: "15,000, up from 4,000 a year ago", "compared with 1,100 in 2023"
_BASELINE = re.compile(
    r"\b(?:(?:up|down)\s+from|compared\s+(?:with|to)|versus|vs\.|against)\s+"
    r"(?:just\s+|only\s+|a\s+mere\s+)?$",
    re.IGNORECASE,
)
_YEAR_BEFORE = searchable(
    r"\b(?:a|one)\s+year\s+(?:earlier|before|prior)\b|\bthe\s+(?:previous|prior|preceding)\s+year\b"
    r"|\bthe\s+year\s+before\b",
    re.IGNORECASE,
)
# "the workers, numbering about 2,000", "North Korean workers in Russia now total 15,000"
_NUMBERING_VERBS = (
    r"\bnumber(?:ed|ing|s)?|\btotal(?:ed|led|ing|ling|s)?|\breach(?:ed|es)?|\bstands?\s+at|"
    r"\bstood\s+at|\bestimated\s+at|\bput\s+at|\bpegged\s+at|\b(?:rose|grew|climbed|"
    r"increased|jumped|swelled|surged|soared|fell|dropped|declined|decreased|shrank)"
    r"(?:\s+(?:from|to)|\s+from\b[^.;]{0,40}?\sto)|\bat"
    r"|\brang(?:e|es|ed|ing)"
    r"|\b(?:brought|brings|bring|bringing|took|takes|take|taking|pushed|pushes)\s+(?:the\s+)?"
    r"(?:total|number|tally|count|figure|headcount)\b[^.;]{0,40}?\sto"
)
# "numbered roughly 9,000 to 10,000": a range's count leaves its approximation out
_APPROXIMATE = re.compile(
    r"\s(?:about|around|roughly|some|approximately|nearly|almost|an\s+estimated)\s*$", re.I
)
# a group that refers to people counted before: "the first contingent ... numbered 11,000"
_GROUP_WORDS = frozenset(
    {"contingent", "contingents", "force", "deployment", "group", "batch", "detachment", "unit"}
)
_GROUP_THEN_VERB = searchable(
    rf"\b(?P<noun>{'|'.join(sorted(_GROUP_WORDS))})\b[^.;]{{0,70}}?(?:{_NUMBERING_VERBS})\s*$",
    re.IGNORECASE,
)
# places written together: "Ussuriysk, Russia", "Russia's Kursk region", "the Russian city
# of Ulan-Ude"
_ADJACENT_GAP = re.compile(
    r"\s*,\s*|['’]s\s+|\s+|\s+(?:city|town|port|region|republic|village|settlement)\s+of\s+",
    re.IGNORECASE,
)
# "reached Vladivostok": the end of a dispatch (as "reached the region"); "reached 15,000" is
# a number, not a move
_REACHED_PLACE = re.compile(r"\breach(?:ed|es|ing)\s+(?:the\s+)?(?=[A-Z][a-z])")
_LEVEL_RANK = {"facility": 0, "city": 1, "region": 2, "area": 3, "country": 4, "demonym": 5}
_NOT_DESTINATION = frozenset({"KP", "KR"})


@dataclass(slots=True)
class SentenceContext:
    """What earlier sentences of the document settled, for sentences that leave it open."""

    published: str | None
    default_when: When | None
    main_country: Place | None
    nk_nearby: bool = False
    previous_when: When | None = None
    previous_destination: Place | None = None
    previous_category: Category | None = None
    previous_status: Status | None = None
    sector_hint: str | None = None
    found: list[Deployment] = field(default_factory=list)
    since_deployment: int = 99  # sentences since the last one with a deployment


@dataclass(frozen=True, slots=True)
class DeploymentFact:
    deployment: Deployment
    focus: Span  # the count and its noun


class DeploymentFinder:
    """Finds deployments in sentences; built once from the lexicon, then pure."""

    def __init__(self, lexicon: DeploymentLexicon) -> None:
        self.lexicon = lexicon
        self.counts = CountParser(lexicon)
        people = [p for phrases in lexicon.people.values() for p in phrases]
        modifier = rf"(?:{_QUOTE}[\w.'’-]+{_QUOTE})"
        self._noun_after = re.compile(
            rf"\s*(?:-strong\s+|-member\s+|-man\s+)?"
            # "Korean People's Army soldiers": a noun with "'s" names whose they are
            rf"(?P<np>(?:{modifier}\s+){{0,4}}?{_QUOTE}(?P<noun>{phrase_pattern(people)}))(?!['’]s\b)",
            re.IGNORECASE,
        )
        self._of_them = re.compile(r"\s*of\s+(?:them|whom|these|those|the\s+\w+)", re.I)
        self._number_of = searchable(
            rf"(?:number|total|tally|headcount|figure|count)\s+of\s+[^.;]{{0,60}}?"
            rf"(?P<noun>{phrase_pattern(people)})[^.;]{{0,110}}$",
            re.IGNORECASE,
        )
        self._noun_then_verb = re.compile(
            rf"(?P<noun>{phrase_pattern(people)})[^.;]{{0,50}}?(?:{_NUMBERING_VERBS})\s*$",
            re.IGNORECASE,
        )
        self._category = [
            (category, searchable(phrase_pattern(lexicon.people[category]), re.IGNORECASE))
            for category in (
                Category.MILITARY_WORKERS,
                Category.TROOPS,
                Category.WORKERS,
                Category.UNSPECIFIED,
            )
        ]
        self._generic = re.compile(rf"^{phrase_pattern(lexicon.generic)}$", re.IGNORECASE)
        self._foreign = searchable(phrase_pattern(lexicon.foreign), re.IGNORECASE)
        self._foreign_origin = re.compile(
            rf"\s*(?:who\s+(?:came|come)\s+)?from\s+(?:the\s+|other\s+)?"
            rf"(?:{phrase_pattern(lexicon.foreign)})",
            re.IGNORECASE,
        )
        self._not_deployment = searchable(phrase_pattern(lexicon.not_deployment), re.I)
        self._befalls = searchable(
            rf"\b(?:are|were|was|is|be|been|being|got|remain|remained)\s+(?:[\w-]+\s+){{0,4}}?"
            rf"(?:{phrase_pattern(lexicon.not_deployment)})",
            re.IGNORECASE,
        )
        self._foreign_before = searchable(
            rf"(?:{phrase_pattern(lexicon.foreign)})\s+(?:[\w-]+\s+)?$", re.IGNORECASE
        )
        self._status = {status: Phrases(cues) for status, cues in lexicon.status.items()}
        self._dispatched_rank = list(self._status).index(Status.DISPATCHED)
        self._combat = Phrases(lexicon.combat)
        # asked for each count of a sentence: found once per sentence
        self._status_cues = lru_cache(maxsize=4)(self._find_status_cues)
        self._sectors = PhraseTable(lexicon.sectors)
        self._demining = Phrases(lexicon.sectors["demining"])
        self._visas = PhraseTable(lexicon.visas)
        self._transport = PhraseTable(lexicon.transport)
        self._hedges = Phrases(lexicon.hedges)

    def is_hedged(self, sentence: str) -> bool:
        return any(_not_the_month(self._hedges.finditer(sentence)))

    def carries_time(self, sentence: str) -> bool:
        """True when the sentence takes its time from the one before ("Shortly after, ...")."""
        return bool(_CARRY_TIME.search(sentence))

    def mentions_north_korea(self, text: str) -> bool:
        # a cheap test first: most news never names the country
        if not _NK_CUES.search(text):
            return False
        return _names_north_korea(text)

    def find(
        self,
        sentence: str,
        offset: int,
        places: Sequence[PlaceMention],
        times: Sequence[TimeMention],
        context: SentenceContext,
        organizations: Sequence[Organization] = (),
        counts: Sequence[Count] | None = None,
    ) -> list[DeploymentFact]:
        """Deployment facts of one sentence; `places` and `times` carry absolute spans, and so
        do `counts`, the sentence's counts when the caller has already found them."""
        facts: list[DeploymentFact] = []
        for count in self.counts.find(sentence, offset) if counts is None else counts:
            fact = self._fact(sentence, offset, count, places, times, context, facts, organizations)
            if fact is not None:
                facts.append(fact)
                context.found.append(fact.deployment)
                context.previous_category = fact.deployment.category
                context.previous_status = fact.deployment.status
                if fact.deployment.destination is not None:
                    context.previous_destination = fact.deployment.destination
        context.since_deployment = 0 if facts else context.since_deployment + 1
        return facts

    def _fact(
        self,
        sentence: str,
        offset: int,
        count: Count,
        places: Sequence[PlaceMention],
        times: Sequence[TimeMention],
        context: SentenceContext,
        earlier: list[DeploymentFact],
        organizations: Sequence[Organization],
    ) -> DeploymentFact | None:
        start, end = count.span.start - offset, count.span.end - offset
        noun_start = start  # where the words naming the people begin, when they come first
        noun = self._people_after(sentence, end)
        people_end = noun[1] if noun else end  # what the people do is said after their name
        if noun is None:
            before = self._people_before(sentence, start, end)
            if before is not None:
                noun, noun_start = (before[0], end), before[1]
                people_end = noun_start + len(before[0])
            elif _continues_a_count(sentence, start, end, bool(earlier), context):
                noun = (_OF_THEM, end)
            else:
                return None
        noun_text, noun_end = noun
        if self._excluded(sentence, start, noun_end, noun_text, context):
            return None
        largest = max(count.low or 0, count.high or 0)
        if largest < _SMALLEST_GROUP:
            return None  # "two people familiar with", "three lawmakers": not a deployment
        if largest >= _LARGEST_GROUP:
            return None  # "a population of 26 million people": a country, not a dispatch
        refers_back = (
            noun_text == _OF_THEM
            or bool(self._generic.match(noun_text.strip()))
            or bool(_OF_GROUP.match(noun_text))
        )
        # "15,000, up from 4,000 a year ago": the same people as the count compared with
        compared = (
            earlier[-1].deployment if earlier and _BASELINE.search(sentence, 0, start) else None
        )
        antecedent = compared or (_antecedent(earlier, context) if refers_back else None)
        category = self._category_of(noun_text, earlier, context)
        if category is Category.UNSPECIFIED and self._at_work(sentence, people_end):
            category = Category.WORKERS
        clause = _clause_bounds(sentence, start)
        if category is Category.UNSPECIFIED and self._in_combat(sentence, clause):
            category = Category.TROOPS
        status = (
            (compared.status if compared else None)
            or self._status_of(sentence, clause, start, noun_end)
            or (context.previous_status if refers_back else None)
            or Status.PRESENT
        )
        if status is Status.PRESENT and noun_start < start:
            status = self._movement_in_name(sentence, noun_start, start) or status
        near = (noun_start, start)
        destination = self._destination(sentence, offset, clause, start, near, places)
        if destination is None and _at_home(sentence, offset, clause, start, places):
            return None  # "a factory that employs 3,000 workers in Pyongyang": not abroad
        if compared is not None:
            when = _baseline_when(sentence, offset, clause, times, compared.when)
        else:
            when = self._when(sentence, offset, clause, (start, noun_end), times, context)
            when = (
                when
                or (antecedent.when if antecedent else None)
                or self._default_when(sentence, context)
            )
        if antecedent is not None:
            destination = destination or antecedent.destination
        focus = Span(offset + min(start, noun_start), offset + noun_end)
        deployment = Deployment(
            low=count.low,
            high=count.high,
            qualifier=count.qualifier,
            category=category,
            status=status,
            destination=destination or self._fallback_destination(sentence, places, context),
            origin=_origin(places, sentence, offset, start),
            when=when,
            sector=self._sector(noun_text, sentence, category, context),
            visa=self._visas.first_key(sentence),
            transport=self._transport.first_key(sentence),
            organizations=tuple(organizations),
        )
        return DeploymentFact(deployment, focus)

    def _at_work(self, sentence: str, noun_end: int) -> bool:
        """'2,000 North Koreans working in the forests': people at work are workers."""
        clause_end = _clause_bounds(sentence, noun_end)[1]
        after = sentence[noun_end:clause_end]
        sector = self._sectors.first_key(after)
        return bool(_AT_WORK.search(after)) or sector not in (None, "demining")

    def _people_after(self, sentence: str, end: int) -> tuple[str, int] | None:
        match = self._noun_after.match(sentence, end)
        if match and _modifiers_ok(match.group("np"), match.group("noun"), self.lexicon):
            return match.group("np"), match.end()
        of_them = self._of_them.match(sentence, end)
        if of_them:
            return _OF_THEM, of_them.end()
        return None

    def _people_before(self, sentence: str, start: int, end: int) -> tuple[str, int] | None:
        """The people named before the count, and where their name starts: "the number of
        North Korean workers ... reached 15,000", "a workforce of 3,000", "the contingent,
        which arrived in October, numbered 11,000"."""
        window = max(0, start - 160)
        collective = _COLLECTIVE.search(sentence, window, start)
        if collective and _ENDS_COLLECTIVE.match(sentence, end):
            # "another group of 3,000 is preparing to leave"
            return collective.group(0), collective.start()
        if not _AFTER_COUNT_END.match(sentence, end):
            return None
        approximate = _APPROXIMATE.search(sentence, window, start)
        before = sentence[window : approximate.start() if approximate else start]
        match = self._number_of.search(before) or self._noun_then_verb.search(before)
        if match is None and not _GROUP_WORDS.isdisjoint(words_of(sentence)):
            match = _GROUP_THEN_VERB.search(before)
        if match:
            return match.group("noun"), window + match.start("noun")
        return None

    def _excluded(
        self, sentence: str, start: int, noun_end: int, noun_text: str, context: SentenceContext
    ) -> bool:
        if self._foreigners(sentence, start, noun_end, noun_text):
            return True
        if self._not_deployment.search(_around_count(sentence, start, noun_end)):
            return True
        if self._befell(sentence, noun_end) or _GROUP_SIZE.search(
            sentence, max(0, start - 80), start
        ):
            return True  # "each team consists of 15 to 20 workers": the size of a unit
        if self._category_of(noun_text, [], context) is Category.UNSPECIFIED and (
            "korean" not in noun_text.lower() and not _names_north_korea(sentence)
        ):
            # "10,000 people" with no North Korea anywhere near is somebody else
            return not context.nk_nearby
        return not (
            _names_north_korea(sentence) or context.nk_nearby or "korean" in noun_text.lower()
        )

    def _foreigners(self, sentence: str, start: int, noun_end: int, noun_text: str) -> bool:
        """Whether the people counted are of another nation: "5,000 Uzbek workers", "workers
        from Tajikistan", "a Russian delegation of 40 people", "foreign workers" (not
        Korean ones, nor those "from North Korea")."""
        named = self._foreign.search(noun_text)
        if named and not (
            named.group(0).lower() == "foreign"
            and ("korean" in noun_text.lower() or _FROM_NORTH_KOREA.match(sentence, noun_end))
        ):
            return True
        if self._foreign_origin.match(sentence, noun_end):
            return True
        group = _COLLECTIVE.search(sentence, max(0, start - 40), start)
        return bool(
            group
            and self._foreign_before.search(sentence, max(0, group.start() - 40), group.start())
        )

    def _befell(self, sentence: str, noun_end: int) -> bool:
        """Whether the predicate of the count says what befell or is lacking: "3,000 of them
        are believed to have been killed"; only up to the next comma ("sent to Kursk, where
        many were killed" counts those sent)."""
        comma = sentence.find(",", noun_end, noun_end + 80)
        return bool(
            self._befalls.search(sentence, noun_end, comma if comma >= 0 else noun_end + 80)
        )

    def _category_of(
        self, noun_text: str, earlier: list[DeploymentFact], context: SentenceContext
    ) -> Category:
        if noun_text == _OF_THEM and earlier:
            return earlier[-1].deployment.category
        if noun_text == _OF_THEM or self._generic.match(noun_text.strip()):
            return context.previous_category or Category.UNSPECIFIED
        # the longest name wins: "labour force" names workers, though "force" names troops
        named = [
            (len(match.group(0)), -order, category)
            for order, (category, pattern) in enumerate(self._category)
            if (match := pattern.search(noun_text))
        ]
        if named:
            return max(named)[2]
        # "a contingent of 3,000", "the group ... numbered 500": the people counted before
        if earlier:
            return earlier[-1].deployment.category
        return context.previous_category or Category.WORKERS

    def _find_status_cues(self, sentence: str) -> list[tuple[int, int, int, Status]]:
        """(start, end, rank, status) of every status cue in the sentence."""
        cues = [
            (match.start(), match.end(), rank, status)
            for rank, (status, pattern) in enumerate(self._status.items())
            for match in _not_the_month(pattern.finditer(sentence))
        ]
        if "reach" in sentence:
            cues += [
                (match.start(), match.end(), self._dispatched_rank, Status.DISPATCHED)
                for match in _REACHED_PLACE.finditer(sentence)
            ]
        return cues

    def _in_combat(self, sentence: str, clause: tuple[int, int]) -> bool:
        """Whether the clause sends people into battle ("500 men to the front")."""
        return any(self._combat.finditer(sentence, *clause))

    def _movement_in_name(self, sentence: str, noun_start: int, start: int) -> Status | None:
        """The movement the words naming the people before their count tell, which a verb
        of number ("rose to", "totaled") does not undo: "the number of North Koreans entering
        Russia rose to 6,000", "North Korean arrivals totaled 3,200"."""
        for cue_start, _, _, status in self._status_cues(sentence):
            if noun_start <= cue_start < start and status in _MOVEMENTS:
                return status
        return None

    def _status_of(
        self,
        sentence: str,
        clause: tuple[int, int],
        start: int,
        noun_end: int,
    ) -> Status | None:
        cues = [
            cue
            for cue in self._status_cues(sentence)
            if clause[0] <= cue[0] and cue[1] <= clause[1]
            if not (cue[0] >= start and cue[1] <= noun_end)
        ]
        # of overlapping cues the one reaching further wins: "were sent back" is a return
        cues = [c for c in cues if not any(_overlaps(c, o) and o[1] > c[1] for o in cues)]
        if cues:

            def distance(cue: tuple[int, int, int, Status]) -> tuple[int, int]:
                gap = start - cue[1] if cue[1] <= start else cue[0] - noun_end
                return max(gap, 0), cue[2]

            return min(cues, key=distance)[3]
        return None

    def _destination(
        self,
        sentence: str,
        offset: int,
        clause: tuple[int, int],
        start: int,
        near: tuple[int, int],
        places: Sequence[PlaceMention],
    ) -> Place | None:
        """The place the sentence gives for this count, or None."""
        usable = [m for m in places if _can_be_destination(m, sentence, offset)]
        in_clause = [m for m in usable if clause[0] <= m.span.start - offset < clause[1]]
        between = [m for m in usable if near[0] <= m.span.start - offset < near[1]]
        after = [m for m in in_clause if m.span.start - offset >= start]
        before = [m for m in in_clause if m.span.start - offset < start]
        for group in (between, after, list(reversed(before)), usable):
            if group:
                going = _where_they_go(group, sentence, offset)
                return _most_specific_adjacent(going, sentence, offset).place
        return None

    def _fallback_destination(
        self, sentence: str, places: Sequence[PlaceMention], context: SentenceContext
    ) -> Place | None:
        """Where a count whose sentence gives no destination is: the place of the count
        before when the sentence points to it ("there", "the same site"), or when it follows
        that count and names no place at all, nor "abroad" ("Fewer than 50 replacements are
        due"); else the country the document is about ("... study with Russian teachers",
        "... expects Pyongyang to send 20,000 more")."""
        previous = context.previous_destination
        if previous is None:
            return context.main_country
        if _SAME_PLACE.search(sentence):
            return previous
        # "citizens of North Korea" names the people, not a place
        named = any(m.level != "country" or m.place.country not in _NOT_DESTINATION for m in places)
        follows = context.since_deployment <= 1 and not named
        return previous if follows and not _ABROAD.search(sentence) else context.main_country

    def _when(
        self,
        sentence: str,
        offset: int,
        clause: tuple[int, int],
        count: tuple[int, int],
        times: Sequence[TimeMention],
        context: SentenceContext,
    ) -> When | None:
        """The time the sentence gives for this count: in its clause, or before it."""
        usable = [t for t in times if t.span.start - offset < clause[1]]
        if usable:
            in_clause = [t for t in usable if t.span.start - offset >= clause[0]] or usable
            nearest = min(in_clause, key=lambda t: _gap(sentence, t, count, offset))
            return nearest.when
        if _CARRY_TIME.search(sentence) and context.previous_when is not None:
            return context.previous_when
        return None

    def _default_when(self, sentence: str, context: SentenceContext) -> When | None:
        """No time given: a habitual statement has none; others speak of the publication date."""
        return None if _HABITUAL.search(sentence) else context.default_when

    def _sector(
        self, noun_text: str, sentence: str, category: Category, context: SentenceContext
    ) -> str | None:
        from_noun = self._sectors.first_key(noun_text)
        if from_noun:
            return from_noun
        if category is Category.MILITARY_WORKERS and self._demining.search(sentence):
            return "demining"
        if category is Category.TROOPS:
            return None
        return self._sectors.first_key(sentence) or context.sector_hint


def _gap(sentence: str, time: TimeMention, count: tuple[int, int], offset: int) -> int:
    """How far a time stands from a count and the words naming its people. A comma between
    them puts the time in another phrase ("in November, and 3,000 more in January"); at an
    equal distance the time after is the count's ("from 4,000 in 2022 to 13,000 in 2024")."""
    start, end = time.span.start - offset, time.span.end - offset
    if start >= count[1]:
        between, distance = sentence[count[1] : start], start - count[1]
    elif end <= count[0]:
        between, distance = sentence[end : count[0]], count[0] - end + 1
    else:
        return 0
    return distance + (_ACROSS_COMMA if "," in between or ";" in between else 0)


def _around_count(sentence: str, start: int, noun_end: int) -> str:
    """The words that may say what befell a count's people or what is lacking: from 30
    characters before it, but not across a comma ("among the dead, and that 500 ..."), to 25
    after it."""
    lo = max(0, start - 30)
    comma = sentence.rfind(",", lo, start)
    return sentence[lo if comma < 0 else comma + 1 : noun_end + 25]


def _names_north_korea(text: str) -> bool:
    if _NK.search(text):
        return True
    return ("NK" in text or "KPA" in text) and bool(_NK_ABBREVIATION.search(text))


def _continues_a_count(
    sentence: str, start: int, end: int, same_sentence: bool, context: SentenceContext
) -> bool:
    """Whether a count with no noun counts the people of a count before it: "1,500 more",
    "another 3,000 in January", "up from 4,000 a year ago", "... and 500 from Hamhung"."""
    recent = same_sentence or context.since_deployment <= _ELLIPSIS_REACH
    if recent and _ELLIPSIS.match(sentence, end):
        return True
    if not _ELLIPSIS_TAIL.match(sentence, end):
        return False
    lead = max(0, start - 24)
    if _ADDED.search(sentence, lead, start):
        return recent
    return same_sentence and bool(
        _BASELINE.search(sentence, lead, start) or _AND_LEAD.search(sentence, lead, start)
    )


def _baseline_when(
    sentence: str,
    offset: int,
    clause: tuple[int, int],
    times: Sequence[TimeMention],
    compared: When | None,
) -> When | None:
    """A baseline's own time: in its clause, or "a year earlier" than the count compared; the
    count's time is not the baseline's."""
    for time in times:
        if clause[0] <= time.span.start - offset < clause[1]:
            return time.when
    said = _YEAR_BEFORE.search(sentence, clause[0], clause[1])
    if said is None or compared is None or compared.start is None or compared.end is None:
        return None
    return When(said.group(0), _year_earlier(compared.start), _year_earlier(compared.end))


def _year_earlier(iso: str) -> str:
    year = int(iso[:4]) - 1
    rest = iso[4:]
    return f"{year}{'-02-28' if rest == '-02-29' else rest}"


def _antecedent(earlier: list[DeploymentFact], context: SentenceContext) -> Deployment | None:
    """The group "of them" or "300 more" refers to: the last count of this or a recent sentence."""
    if earlier:
        return earlier[-1].deployment
    if context.found and context.since_deployment <= _ELLIPSIS_REACH:
        return context.found[-1]
    return None


def _overlaps(a: tuple[int, int, int, Status], b: tuple[int, int, int, Status]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _modifiers_ok(np: str, noun: str, lexicon: DeploymentLexicon) -> bool:
    """Words between a number and its noun: known modifiers, or lower-case adjectives."""
    words = np[: len(np) - len(noun)].split()
    for word in words:
        bare = word.strip("\"“”'‘’")
        if not bare or bare.lower() in lexicon.modifiers:
            continue
        if bare.lower() in lexicon.blockers or not bare[0].islower():
            return False
    return True


def _clause_bounds(sentence: str, position: int) -> tuple[int, int]:
    start, end = 0, len(sentence)
    for match in _CLAUSE_SPLIT.finditer(sentence):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _not_the_month(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The matches but "May" written so: the month ("In May, 500 arrived"), not the modal."""
    return (match for match in matches if match.group(0) != "May")


def _at_home(
    sentence: str, offset: int, clause: tuple[int, int], start: int, places: Sequence[PlaceMention]
) -> bool:
    """Whether the count's clause places its people in North Korea: "3,000 workers in
    Pyongyang", "a factory in Sinuiju employs 2,000", "residents of Hyesan", "the Kaesong
    complex employed 50,000"; not "workers from Chongjin", nor people sent abroad."""
    return not _ABROAD.search(sentence, clause[0], clause[1]) and any(
        mention.place.country in _NOT_DESTINATION
        and mention.level != "demonym"
        and clause[0] <= mention.span.start - offset < clause[1]
        and _names_where_they_are(sentence, mention, offset, start)
        for mention in places
    )


def _names_where_they_are(
    sentence: str, mention: PlaceMention, offset: int, count_start: int
) -> bool:
    """Whether the place is where the people of a count are: after the count, a place "in"
    or "at" it, or a town "of" it ("residents of Hyesan"; "citizens of North Korea" are where
    they came from); before it, in the same phrase ("a factory in Sinuiju employs 2,000", "the
    Kaesong complex employed 50,000", but not "who met Kim in Pyongyang on Tuesday, the North
    agreed to provide 5,000")."""
    at, end = mention.span.start - offset, mention.span.end - offset
    near = _preceded_by(_IN_PLACE, sentence, mention, offset) or (
        mention.level != "country" and _preceded_by(_OF_PLACE, sentence, mention, offset)
    )
    if at > count_start:
        return near
    if count_start - end > _SAME_PHRASE or "," in sentence[end:count_start]:
        return False
    return near or (
        not _preceded_by(_FROM, sentence, mention, offset) and bool(_WORKPLACE.match(sentence, end))
    )


def _can_be_destination(mention: PlaceMention, sentence: str, offset: int) -> bool:
    if mention.place.country in _NOT_DESTINATION:
        return False
    level = mention.level
    if level == "demonym":
        return bool(_DEMONYM_PLACE_NOUN.match(sentence[mention.span.end - offset :]))
    return True


def _where_they_go(
    group: Sequence[PlaceMention], sentence: str, offset: int
) -> Sequence[PlaceMention]:
    """ "Moved from Kursk to Donetsk": of a place left and a place gone to, the latter. A
    place left alone stays (a return "from Vladivostok" names the host it leaves)."""
    if not any(_preceded_by(_TOWARDS, sentence, m, offset) for m in group):
        return group
    return [m for m in group if not _preceded_by(_FROM, sentence, m, offset)]


def _preceded_by(
    pattern: re.Pattern[str], sentence: str, mention: PlaceMention, offset: int
) -> bool:
    """Whether the words right before a place match `pattern` ("from the", "in")."""
    at = mention.span.start - offset
    return bool(pattern.search(sentence, max(0, at - _WORD_BEFORE), at))


def _most_specific_adjacent(
    group: Sequence[PlaceMention], sentence: str, offset: int
) -> PlaceMention:
    """Of places written together ("Ussuriysk, Russia", "Russia's Kursk region"), the finest."""
    chosen = [group[0]]
    for mention in group[1:]:
        previous = chosen[-1]
        lo, hi = sorted((previous.span.end, mention.span.start))
        gap = sentence[lo - offset : hi - offset] if hi >= lo else ""
        if _ADJACENT_GAP.fullmatch(gap) and mention.span.start >= previous.span.end:
            chosen.append(mention)
        else:
            break
    return min(chosen, key=lambda m: _LEVEL_RANK.get(m.level, 1))


def _origin(places: Sequence[PlaceMention], sentence: str, offset: int, start: int) -> Place | None:
    """The North Korean town or province the people come from: of several, one written after
    "from", and the nearest to the count ("1,000 from Chongjin and 500 from Hamhung")."""
    towns = north_korean_towns(places)

    def remoteness(mention: PlaceMention) -> tuple[bool, int]:
        at = mention.span.start - offset
        return not _preceded_by(_FROM, sentence, mention, offset), abs(at - start)

    return min(towns, key=remoteness).place if towns else None


def north_korean_towns(places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """The mentions of North Korean towns and provinces, not of the country itself."""
    return [m for m in places if m.place.country == "KP" and m.level not in ("country", "demonym")]
