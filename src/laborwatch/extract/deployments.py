"""Deployments: counts of North Koreans, with their category, status, place, time and route.

`DeploymentFinder.find(sentence, context)` turns one sentence into deployment facts. What a
sentence leaves open (the status of "10,000 people", the country of "the country") comes from
`SentenceContext`, which the document-level assembler in claims.py keeps.

Here: the finder, the status cues, and the tests that set a count aside (foreigners, the dead,
a unit's size, no North Korea near). The count's people, place and time are read in
deployment_people.py, deployment_places.py and deployment_times.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from laborwatch.extract.deployment_context import DeploymentFact, SentenceContext, clause_bounds
from laborwatch.extract.deployment_people import (
    BASELINE,
    COLLECTIVE,
    People,
    PeopleFinder,
    find_antecedent,
)
from laborwatch.extract.deployment_places import (
    fallback_destination,
    find_destination,
    find_origin,
    is_at_home,
)
from laborwatch.extract.deployment_times import CARRY_TIME, count_when
from laborwatch.extract.lexicon import (
    DeploymentLexicon,
    Phrases,
    PhraseTable,
    phrase_pattern,
)
from laborwatch.extract.numbers import CountParser
from laborwatch.extract.regex import searchable
from laborwatch.model import (
    Category,
    Count,
    Deployment,
    Organization,
    PlaceMention,
    Span,
    Status,
    TimeMention,
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
_MOVEMENTS = frozenset({Status.ENTERED, Status.DISPATCHED, Status.REPATRIATED})
_SMALLEST_GROUP = 10
_LARGEST_GROUP = 1_000_000
_FROM_NORTH_KOREA = re.compile(
    r"\s+from\s+(?:north\s+korea|the\s+dprk|the\s+north|pyongyang)\b", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
# a total named by no role, and its parts: "6,000 military personnel, including 1,000 sappers
# and 5,000 military construction workers"
_SERVICE_NOUN = re.compile(
    r"(?:military\s+)?(?:personnel|servicemen|service\s*members|staff)$", re.IGNORECASE
)
_PARTS_LEAD = re.compile(
    r"\s*,?\s*(?:including|among\s+them|of\s+whom|comprising|consisting\s+of|made\s+up\s+of)\s",
    re.IGNORECASE,
)
# a unit's size, not a count of people sent: "each brigade consists of 20 to 30 workers"
_GROUP_SIZE = searchable(
    r"(?:\b(?:each|every)\b[^,.;]{0,60}?\b(?:consists?|consisting|comprises?|comprising|"
    r"made\s+up|numbers?)|\bin\s+(?:groups|teams|batches|brigades|units|squads|crews)\s+of"
    # "each team of 30 workers", "his brigade of 20": one unit, whichever or a witness's own
    r"|\b(?:each|every|per|his|her|their|our|my)\s+(?:\w+\s+)?"
    r"(?:group|team|batch|brigade|unit|squad|crew)\s+of)"
    r"\s+(?:of\s+)?$",
    re.IGNORECASE,
)
_AT_WORK = searchable(
    r"\b(?:work(?:s|ed|ing)?(?!\s+(?:permits?|visas?|papers))|employed|labou?r(?:s|ed|ing)?|toil(?:s|ed|ing)?|hired)\b",
    re.IGNORECASE,
)
# "reached Vladivostok": the end of a dispatch (as "reached the region"); "reached 15,000" is
# a number, not a move
_REACHED_PLACE = re.compile(r"\breach(?:ed|es|ing)\s+(?:the\s+)?(?=[A-Z][a-z])")


class DeploymentFinder:
    """Finds deployments in sentences; built once from the lexicon, then pure."""

    def __init__(self, lexicon: DeploymentLexicon) -> None:
        self.counts = CountParser(lexicon)
        self.people = PeopleFinder(lexicon)
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
        return bool(CARRY_TIME.search(sentence))

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
                if not fact.baseline:
                    context.found.append(fact.deployment)
                context.previous_category = fact.deployment.category
                context.previous_status = fact.deployment.status
                if fact.deployment.destination is not None:
                    context.previous_destination = fact.deployment.destination
        context.since_deployment = 0 if facts else context.since_deployment + 1
        return _named_by_parts(sentence, offset, facts, context)

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
        people = self.people.counted(sentence, start, end, bool(earlier), context)
        if people is None or self._set_aside(sentence, start, count, people, context):
            return None
        noun_text, noun_start, noun_end, people_end = people
        refers_back = self.people.refers_back(noun_text)
        # "15,000, up from 4,000 a year ago": the same people as the count compared with
        compared = (
            earlier[-1].deployment if earlier and BASELINE.search(sentence, 0, start) else None
        )
        antecedent = compared or (find_antecedent(earlier, context) if refers_back else None)
        clause = clause_bounds(sentence, start)
        category = self.people.category_of(noun_text, earlier, context)
        if self.people.is_generic(noun_text):
            # "1,000 people to clear mines": what they do, then the role the sentence names,
            # says more of "people" than the role of the count before
            category = (
                self._category_by_deed(sentence, people_end, clause)
                or self.people.role_named_in(sentence)
                or category
            )
        elif category is Category.UNSPECIFIED:
            category = self._category_by_deed(sentence, people_end, clause) or category
        elif category is Category.TROOPS and self._deed_sector(sentence, people_end):
            # "1,000 soldiers working on building sites", "servicemen sent to clear mines";
            # not soldiers "working alongside Russian units"
            category = Category.MILITARY_WORKERS
        carried = context.previous_status if refers_back else None
        status = self._count_status(sentence, clause, start, people, compared, carried)
        destination = find_destination(sentence, offset, clause, start, (noun_start, start), places)
        if destination is None and is_at_home(sentence, offset, clause, start, places):
            return None  # "a factory that employs 3,000 workers in Pyongyang": not abroad
        when = count_when(
            sentence, offset, clause, (start, noun_end), times, context, compared, antecedent
        )
        if antecedent is not None:
            destination = destination or antecedent.destination
        deployment = Deployment(
            low=count.low,
            high=count.high,
            qualifier=count.qualifier,
            category=category,
            status=status,
            destination=destination or fallback_destination(sentence, places, context),
            origin=find_origin(places, sentence, offset, start),
            when=when,
            sector=self._sector(noun_text, sentence, category, context),
            # the clause's own route first: "7,900 came to study, while 300 came as tourists"
            visa=self._visas.first_key(sentence[clause[0] : clause[1]])
            or self._visas.first_key(sentence),
            transport=self._transport.first_key(sentence),
            organizations=tuple(organizations),
        )
        focus = Span(offset + min(start, noun_start), offset + noun_end)
        return DeploymentFact(deployment, focus, baseline=compared is not None)

    def _set_aside(
        self, sentence: str, start: int, count: Count, people: People, context: SentenceContext
    ) -> bool:
        """Whether the people are no North Koreans sent abroad (`_excluded`), or too few or too
        many to be a group sent: "two people familiar with", "three lawmakers"; "a population of
        26 million people" is a country, not a dispatch."""
        noun_text, _, noun_end, _ = people
        if self._excluded(sentence, start, noun_end, noun_text, context):
            return True
        largest = max(count.low or 0, count.high or 0)
        return not _SMALLEST_GROUP <= largest < _LARGEST_GROUP

    def _category_by_deed(
        self, sentence: str, people_end: int, clause: tuple[int, int]
    ) -> Category | None:
        """The role of people named with none, by what they do: clearing mines they are
        military workers, at work workers, sent into battle troops; None when it is untold."""
        if _PARTS_LEAD.match(sentence, people_end):
            return None  # "4,000 personnel, including 3,000 troops": their parts tell
        deed = _deed(sentence, people_end)
        sector = self._sectors.first_key(deed)
        if sector == "demining":
            return Category.MILITARY_WORKERS
        if sector is not None or _AT_WORK.search(deed):
            return Category.WORKERS  # "2,000 North Koreans working in the forests"
        if self.people.in_combat(sentence, clause):
            return Category.TROOPS
        return None

    def _deed_sector(self, sentence: str, people_end: int) -> str | None:
        """The sector of what the people counted are said to do ("to clear mines")."""
        return self._sectors.first_key(_deed(sentence, people_end))

    def _count_status(
        self,
        sentence: str,
        clause: tuple[int, int],
        start: int,
        people: People,
        compared: Deployment | None,
        carried: Status | None,
    ) -> Status:
        """The status of the count compared with, else a cue of the clause, else the one
        `carried` from before, else present; present may be a movement the people's name tells."""
        _, noun_start, noun_end, _ = people
        status = (
            (compared.status if compared else None)
            or self._status_of(sentence, clause, start, noun_end)
            or carried
            or Status.PRESENT
        )
        if status is Status.PRESENT:
            # the name before the count, or after it ("4,200 North Korean arrivals")
            name = (max(noun_start, clause[0]), start) if noun_start < start else (start, noun_end)
            status = self._movement_in_name(sentence, *name) or status
        return status

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
        if self.people.category_of(noun_text, [], context) is Category.UNSPECIFIED and (
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
        group = COLLECTIVE.search(sentence, max(0, start - 40), start)
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

    def _find_status_cues(self, sentence: str) -> list[tuple[int, int, int, Status]]:
        """(start, end, rank, status) of every status cue in the sentence."""
        cues = [
            (match.start(), match.end(), rank, status)
            for rank, (status, pattern) in enumerate(self._status.items())
            for match in _not_the_month(pattern.finditer(sentence))
            if not _modal_of_doubt(match, sentence)
        ]
        if "reach" in sentence:
            cues += [
                (match.start(), match.end(), self._dispatched_rank, Status.DISPATCHED)
                for match in _REACHED_PLACE.finditer(sentence)
            ]
        return cues

    def _movement_in_name(self, sentence: str, name_start: int, name_end: int) -> Status | None:
        """The movement the words naming the people tell, which a verb of number ("rose to",
        "totaled") does not undo: "the number of North Koreans entering Russia rose to 6,000",
        "North Korean arrivals totaled 3,200", "Rosstat recorded 4,200 North Korean
        arrivals"."""
        for cue_start, _, _, status in self._status_cues(sentence):
            if name_start <= cue_start < name_end and status in _MOVEMENTS:
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
        # "a further deployment of 3,000 troops is possible": the verb after the count tells
        # what befell the deployment the noun names
        if any(cue[0] >= noun_end for cue in cues):
            cues = [c for c in cues if not _NOUN_OF.fullmatch(sentence, c[0], start)] or cues
        if cues:

            def distance(cue: tuple[int, int, int, Status]) -> tuple[int, int]:
                gap = start - cue[1] if cue[1] <= start else cue[0] - noun_end
                return max(gap, 0), cue[2]

            return min(cues, key=distance)[3]
        return None

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


def _overlaps(a: tuple[int, int, int, Status], b: tuple[int, int, int, Status]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# a status noun and "of" before a count, with the count's first words: "deployment of some "
_NOUN_OF = re.compile(r"[\w-]+\s+of\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE)
_MODALS = frozenset({"may", "might", "could", "would", "must"})
# "have" and a past participle ("may have left"), not "have" and what is had ("could have
# 5,000 workers by June", which is still to come)
_HAVE = re.compile(
    r"\s+have\s+(?:\w+\s+)?(?:been|\w+ed|sent|gone|left|come|fled|flown|brought|taken|got)\b",
    re.IGNORECASE,
)


# "be" and a state: "may be working", "could already be in Russia", "might still be employed"
_BE_STATE = re.compile(
    r"(?:\s+(?:already|still|now|currently))?\s+be\s+(?:(?:already|still|now|currently)\s+)?"
    r"(?:working|employed|living|staying|residing|stationed|based|present|in|toiling"
    r"|labou?ring|engaged)\b",
    re.IGNORECASE,
)


def _modal_of_doubt(cue: re.Match[str], sentence: str) -> bool:
    """ "may have entered", "could have been sent", "may be working": a modal before "have"
    and a past participle, or before "be" and a state, doubts what happened or is (a hedge);
    it does not make it something still to come."""
    if cue.group(0).lower() not in _MODALS:
        return False
    return bool(_HAVE.match(sentence, cue.end()) or _BE_STATE.match(sentence, cue.end()))


def _not_the_month(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """The matches but "May" written so: the month ("In May, 500 arrived"), not the modal."""
    return (match for match in matches if match.group(0) != "May")


def _deed(sentence: str, people_end: int) -> str:
    """What is said of the people after their name, up to the clause's end or the next count:
    "3,000 troops and 1,000 sappers" are not troops clearing mines."""
    after = sentence[people_end : clause_bounds(sentence, people_end)[1]]
    next_count = _DIGIT.search(after)
    return after[: next_count.start()] if next_count else after


def _named_by_parts(
    sentence: str, offset: int, facts: list[DeploymentFact], context: SentenceContext
) -> list[DeploymentFact]:
    """Facts of a sentence, a total named only as "personnel" taking the one role its parts
    share: "6,000 military personnel, including 1,000 sappers and 5,000 military builders"
    are military workers, not troops."""
    for index, fact in enumerate(facts):
        focus_text = sentence[fact.focus.start - offset : fact.focus.end - offset]
        parts = facts[index + 1 :]
        if not (
            parts
            and _SERVICE_NOUN.search(focus_text)
            and _PARTS_LEAD.match(sentence, fact.focus.end - offset)
        ):
            continue
        roles = {part.deployment.category for part in parts}
        if len(roles) != 1 or Category.TROOPS in roles:
            continue
        whole = replace(fact.deployment, category=roles.pop())
        if fact.deployment in context.found:
            context.found[context.found.index(fact.deployment)] = whole
        facts[index] = DeploymentFact(whole, fact.focus, fact.baseline)
    return facts
