"""Off-topic news text for benchmarks: seeded, generated from our own word lists, never on topic.

The stream benchmark mixes one on-topic document with ninety-nine of these, as a news feed would.
"""

from __future__ import annotations

import random

SUBJECTS = [
    "The city council",
    "A regional bank",
    "The national football team",
    "Local farmers",
    "The central bank",
    "A technology start-up",
    "The weather service",
    "Shipping companies",
    "The health ministry",
    "University researchers",
    "A retail chain",
    "The transport authority",
    "Energy traders",
    "The opposition party",
    "A film festival",
    "Hospital managers",
]
VERBS = [
    "announced",
    "reported",
    "rejected",
    "approved",
    "postponed",
    "celebrated",
    "reviewed",
    "criticised",
    "launched",
    "expanded",
    "cut",
    "defended",
    "questioned",
    "welcomed",
]
OBJECTS = [
    "a new budget for road repairs",
    "plans for a second terminal",
    "the quarterly results",
    "a heat warning for the weekend",
    "a partnership with a software firm",
    "ticket prices",
    "the harvest forecast",
    "a proposal to extend opening hours",
    "interest rates",
    "a programme of summer concerts",
    "a review of school meals",
    "the league schedule",
    "a merger with a smaller rival",
    "new cycling lanes",
    "the museum's renovation",
]
TAILS = [
    "on Monday",
    "after a long debate",
    "despite protests",
    "earlier this week",
    "according to a statement",
    "in a surprise move",
    "for the third year running",
    "ahead of the holiday season",
    "following a public consultation",
    "at a press conference",
]
NUMBERS = [
    "by 3 percent",
    "to 1.2 million passengers",
    "with 450 new jobs",
    "worth 20 million euros",
    "for 12,000 households",
    "by 18 points",
    "across 40 branches",
    "for 2,500 students",
]


def offtopic_sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.4:
        parts.append(rng.choice(NUMBERS))
    parts.append(rng.choice(TAILS))
    return " ".join(parts) + "."


def offtopic_document(rng: random.Random, sentences: int) -> str:
    paragraphs = []
    for _ in range(max(1, sentences // 3)):
        paragraphs.append(" ".join(offtopic_sentence(rng) for _ in range(3)))
    return "\n\n".join(paragraphs)
