"""The people a count counts: the words naming them after the count ("3,000 North Korean
workers") or before it ("the number of North Korean workers ... reached 15,000", "a workforce of
3,000"), a count without a noun that goes on from one before ("1,500 more", "up from 4,000"),
the group such a count refers to, and the category the name gives.

Apart from the finder (deployments.py), which decides what a count of people tells (status,
place, time) and which counts are no deployment: this is what the lexicon's names of people
are read for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.deployment_context import DeploymentFact, SentenceContext
from laborwatch.extract.lexicon import DeploymentLexicon, Phrases, phrase_pattern, words_of
from laborwatch.extract.regex import searchable
from laborwatch.model import Category, Deployment

# the words naming the people a count counts, where they start and end, and where what the
# people do is said from
People = tuple[str, int, int, int]

_QUOTE = "[\"“”'‘’]?"
_AFTER_COUNT_END = re.compile(
    r"\s*(?:[,.;:)]|$|in\b|by\b|as\b|this\b|last\b|from\b|to\b|and\b|at\b|according\b|since\b|"
    r"now\b|people\b|individuals\b|persons\b|in\s+total\b|so\s+far\b|or\s+so\b)",
    re.IGNORECASE,
)
COLLECTIVE = searchable(
    r"(?:workforce|contingent|group|batch|team|brigade|crew|delegation|total)\s+of\s*$",
    re.IGNORECASE,
)
# what may follow a count whose people are named before it ("a group of 3,000 is preparing",
# "workers numbering about 1,000 arrived"): the end of the phrase, or its verb
_ENDS_COLLECTIVE = re.compile(
    rf"{_AFTER_COUNT_END.pattern}|\s+(?:is|was|has|have|are|were|will|would|could|may|had|"
    r"arrived|left|went|came|reached|crossed|followed|began|departed|landed)\b",
    re.IGNORECASE,
)
OF_THEM = "of them"
# "8,000 of those arrivals": a part of a group counted before
_OF_GROUP = re.compile(r"of\s+(?:them|those|these|whom|the)\b", re.IGNORECASE)
_VISAS_FOR = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?visas?\s+(?:(?:were|was|have\s+been|had\s+been)\s+)?"
    r"(?:(?:issued|granted|given)\s+)?(?:to|for)(?=\s)",
    re.IGNORECASE,
)
# how many sentences back "1,500 more will arrive" may find the people it counts
_ELLIPSIS_REACH = 3
_ELLIPSIS = re.compile(
    r"\s*(?:more|others|additional|extra)\b|\s+(?:went|were|are|have|had|arrived|entered|left|remain(?:ed)?|stayed|work(?:ed)?|"
    r"returned|came|headed|moved|will|would|followed|follow|joined|flew|crossed|departed|landed"
    # the present of a yearly flow: "Roughly 2,000 to 3,000 arrive every year"
    r"|arrive|arrives|come|comes|enter|enters|leave|leaves|cross|return|returns)\b",
    re.IGNORECASE,
)
# what may follow a count whose noun is left out: "another 3,000 in January", "500 from
# Hamhung"; not a share ("15 from each county")
_ELLIPSIS_TAIL = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:in|on|to|into|from|at|by|via|during|over|through|since|last|this|"
    r"for|as|next|earlier|later|before|previously|a\s+year|the\s+(?:previous|prior|same|year))\b"
    r"(?!\s+(?:each|every|per)\b)",
    re.IGNORECASE,
)
# a number said of a count before: "By 2019, that number had fallen to roughly 1,000"
_THAT_NUMBER = re.compile(
    r"\b(?:that|this|the\s+same|the|their)\s+(?:number|figure|total|tally|headcount)\b"
    r"(?!\s+of\b)[^,.;:]{0,40}?"
    r"\b(?:to|at|reach|reached|hit|top|topped|exceed|exceeded|passed|was|is|were)\s+$",
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
BASELINE = re.compile(
    r"\b(?:(?:up|down)\s+from|compared\s+(?:with|to)|versus|vs\.|against)\s+"
    r"(?:just\s+|only\s+|a\s+mere\s+)?$",
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
# "numbered roughly 9,000 to 10,000": a range's count leaves its approximation out, and a
# vague one the words leading to it ("numbering in the hundreds")
_APPROXIMATE = re.compile(
    r"\s(?:about|around|roughly|some|approximately|nearly|almost|an\s+estimated|in\s+the)\s*$",
    re.I,
)
# "North Korean workers, some 200 in total, are ...", "the builders (about 300) arrived": the
# count set beside its people, between commas, dashes or brackets
_APPOSED_CLOSE = re.compile(
    r"(?:\s+(?:in\s+total|in\s+all|altogether|all\s+told|of\s+them|or\s+so))?\s*[,)—–]"
)
# a group that refers to people counted before: "the first contingent ... numbered 11,000"
_GROUP_WORDS = frozenset(
    {"contingent", "contingents", "force", "deployment", "group", "batch", "detachment", "unit"}
)
_GROUP_THEN_VERB = searchable(
    rf"\b(?P<noun>{'|'.join(sorted(_GROUP_WORDS))})\b[^.;]{{0,70}}?(?:{_NUMBERING_VERBS})\s*$",
    re.IGNORECASE,
)


class PeopleFinder:
    """Finds the words naming the people of a count and tells their category; built once from
    the lexicon, then pure."""

    def __init__(self, lexicon: DeploymentLexicon) -> None:
        self._lexicon = lexicon
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
        self._apposed = searchable(
            rf"(?P<noun>{phrase_pattern(people)})\s*(?:,|\(|\s[—–])\s*$", re.IGNORECASE
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
        self._combat = Phrases(lexicon.combat)

    def counted(
        self, sentence: str, start: int, end: int, same_sentence: bool, context: SentenceContext
    ) -> People | None:
        """The people the count at [start, end) counts, None when it names none."""
        beside = self.named_beside(sentence, start, end)
        if beside is not None:
            return beside[0], beside[1], end, end
        after = self.named_after(sentence, end)
        if after is not None:
            return after[0], start, after[1], after[2]
        before = self.named_before(sentence, start, end)
        if before is not None:
            return before[0], before[1], end, before[1] + len(before[0])
        if _continues_a_count(sentence, start, end, same_sentence, context):
            return OF_THEM, start, end, end
        return None

    def named_after(self, sentence: str, end: int) -> tuple[str, int, int] | None:
        """The people named right after the count, where the count's noun ends and where the
        people's name does: they differ for visas ("8,000 work visas were issued to North
        Koreans" counts the holders, and its noun ends before the verb)."""
        visas = _VISAS_FOR.match(sentence, end)
        match = self._noun_after.match(sentence, visas.end() if visas else end)
        if match and _modifiers_ok(match.group("np"), match.group("noun"), self._lexicon):
            return match.group("np"), visas.start() if visas else match.end(), match.end()
        of_them = self._of_them.match(sentence, end)
        if of_them:
            return OF_THEM, of_them.end(), of_them.end()
        return None

    def named_beside(self, sentence: str, start: int, end: int) -> tuple[str, int] | None:
        """The people a count is set beside, between commas, dashes or brackets, and where
        their name starts: "North Korean workers, some 200 in total, are expected"."""
        if not _APPOSED_CLOSE.match(sentence, end):
            return None
        match = self._apposed.search(sentence, max(0, start - 60), start)
        return (match.group("noun"), match.start("noun")) if match else None

    def named_before(self, sentence: str, start: int, end: int) -> tuple[str, int] | None:
        """The people named before the count, and where their name starts: "the number of
        North Korean workers ... reached 15,000", "a workforce of 3,000", "the contingent,
        which arrived in October, numbered 11,000"."""
        window = max(0, start - 160)
        collective = COLLECTIVE.search(sentence, window, start)
        if collective and _ENDS_COLLECTIVE.match(sentence, end):
            # "another group of 3,000 is preparing to leave"
            return collective.group(0), collective.start()
        if not _ENDS_COLLECTIVE.match(sentence, end):
            return None
        approximate = _APPROXIMATE.search(sentence, window, start)
        before = sentence[window : approximate.start() if approximate else start]
        match = self._number_of.search(before) or self._noun_then_verb.search(before)
        if match is None and not _GROUP_WORDS.isdisjoint(words_of(sentence)):
            match = _GROUP_THEN_VERB.search(before)
        if match:
            return match.group("noun"), window + match.start("noun")
        return None

    def refers_back(self, noun_text: str) -> bool:
        """Whether the people are some counted before: "of them", "the workers", "8,000 of
        those arrivals"."""
        return (
            noun_text == OF_THEM or self.is_generic(noun_text) or bool(_OF_GROUP.match(noun_text))
        )

    def category_of(
        self, noun_text: str, earlier: Sequence[DeploymentFact], context: SentenceContext
    ) -> Category:
        if noun_text == OF_THEM and earlier:
            return earlier[-1].deployment.category
        if noun_text == OF_THEM or self.is_generic(noun_text):
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

    def is_generic(self, noun_text: str) -> bool:
        """Whether the people are named by no role: "people", "men", "personnel"."""
        return bool(self._generic.match(noun_text.strip()))

    def role_named_in(self, text: str) -> Category | None:
        """The one role `text` names people by ("resumed sending workers, ... several hundred
        people crossing"); None when it names none, or several."""
        named = [
            (match.start(), match.end(), category)
            for category, pattern in self._category
            if category is not Category.UNSPECIFIED
            for match in pattern.finditer(text)
        ]
        # "military construction workers" is one role, though it holds "construction workers"
        roles = {
            category
            for start, end, category in named
            if not any(s <= start and end <= e and e - s > end - start for s, e, _ in named)
        }
        return roles.pop() if len(roles) == 1 else None

    def in_combat(self, sentence: str, clause: tuple[int, int]) -> bool:
        """Whether the clause sends people into battle ("500 men to the front")."""
        return any(self._combat.finditer(sentence, *clause))


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
    if _THAT_NUMBER.search(sentence, max(0, start - 80), start):
        return recent
    return same_sentence and bool(
        BASELINE.search(sentence, lead, start) or _AND_LEAD.search(sentence, lead, start)
    )


def find_antecedent(
    earlier: Sequence[DeploymentFact], context: SentenceContext
) -> Deployment | None:
    """The group "of them" or "300 more" refers to: the last count of this or a recent sentence."""
    if earlier:
        return earlier[-1].deployment
    if context.found and context.since_deployment <= _ELLIPSIS_REACH:
        return context.found[-1]
    return None


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
