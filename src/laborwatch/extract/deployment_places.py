"""Where a count's people are: the place a sentence gives them (of places written together, the
finest; of a place left and one gone to, the latter), the place they take from the count before
when the sentence gives none, whether they are at home in North Korea (then no deployment), and
the North Korean town they come from.

Apart from the finder (deployments.py): these read only the sentence's place mentions and the
words before them, not the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.deployment_context import SentenceContext
from laborwatch.extract.regex import searchable
from laborwatch.model import Place, PlaceMention

_SAME_PLACE = searchable(
    r"\b(?:the\s+country|there|the\s+region|the\s+city|the\s+(?:same\s+)?(?:site|yard|camp|plant"
    r"|factory|port|area|town|place|shipyard|sites)|the\s+(?:krai|oblast|province|territory|republic))\b",
    re.I,
)
_DEMONYM_PLACE_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:region|regions|city|cities|town|province|territory|territories|"
    r"port|border|far\s+east|oblast|republic|site|sites|factory|factories|enterprises?|"
    r"universit(?:y|ies)|schools?|colleges?|institutes?|shipyards?|farms?|hospitals?|bases?)\b",
    re.IGNORECASE,
)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_TOWARDS = searchable(r"\b(?:to|into|towards?)\s+(?:the\s+)?$", re.IGNORECASE)
_WORD_BEFORE = 14  # "towards the ", "from the ", "in": the words that say how a place lies
_IN_PLACE = re.compile(
    r"\b(?:in|at|inside|within|across|near|outside|around)\s+(?:the\s+)?$", re.IGNORECASE
)
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
# a workplace named after its town: "the Kaesong industrial complex", "a Sinuiju factory"
_WORKPLACE = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:complex|zone|park|factory|factories|plant|mines?|farms?"
    r"|shipyard|enterprises?)\b",
    re.IGNORECASE,
)
# how far before its count a place may still be in the count's phrase
_SAME_PHRASE = 40
_ABROAD = re.compile(r"\b(?:abroad|overseas)\b", re.IGNORECASE)
# places written together: "Ussuriysk, Russia", "Russia's Kursk region", "the Russian city
# of Ulan-Ude"
_ADJACENT_GAP = re.compile(
    # "the Russian city of Ulan-Ude", "the Chinese border city of Dandong"
    r"\s*,\s*|\s+|\s+(?:(?!and\b|or\b)[\w-]+\s+){0,2}?"
    r"(?:city|town|port|region|republic|village|settlement)\s+of\s+"
    # "Russia's Kursk region", "Russia's far eastern Amur region", "China's northeastern Jilin"
    r"|['’]s\s+(?:(?:far|remote|border|frontier|central|arctic|north|south|east|west|northern"
    r"|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western"
    r"|far-eastern)\s+){0,2}",
    re.IGNORECASE,
)
# a demonym's noun, then where it is: " construction site in the ", " companies in "
_LOCATED_GAP = re.compile(r"\s+(?:[\w-]+\s+){1,3}?(?:in|at|near|outside)\s+(?:the\s+)?", re.I)
_LEVEL_RANK = {"facility": 0, "city": 1, "region": 2, "area": 3, "country": 4, "demonym": 5}
_NOT_DESTINATION = frozenset({"KP", "KR"})


def find_destination(
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


def fallback_destination(
    sentence: str, places: Sequence[PlaceMention], context: SentenceContext
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


def is_at_home(
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
        if mention.span.start >= previous.span.end and (
            _ADJACENT_GAP.fullmatch(gap) or _located_in(previous, gap)
        ):
            chosen.append(mention)
        else:
            break
    return min(chosen, key=lambda m: _LEVEL_RANK.get(m.level, 1))


def _located_in(demonym: PlaceMention, gap: str) -> bool:
    """ "a Russian construction site in the Amur region", "a Russian factory in Dandong": the
    place says where the thing the demonym describes is."""
    return demonym.level == "demonym" and bool(_LOCATED_GAP.fullmatch(gap))


def find_origin(
    places: Sequence[PlaceMention], sentence: str, offset: int, start: int
) -> Place | None:
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
