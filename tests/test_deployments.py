"""Deployment facts from single sentences of our own wording, including sentences that must not
yield any."""

from __future__ import annotations

import pytest

from laborwatch.extract.deployment_context import SentenceContext
from laborwatch.extract.deployments import DeploymentFinder
from laborwatch.extract.lexicon import load_deployment_lexicon
from laborwatch.model import Place, PlaceMention, Span, When

FINDER = DeploymentFinder(load_deployment_lexicon())
RUSSIA = Place("Russia", None, "RU")


def facts(sentence: str, places: list[PlaceMention] | None = None, nk_nearby: bool = True):  # type: ignore[no-untyped-def]
    context = SentenceContext(
        published="2025",
        default_when=When(None, "2025-01-01", "2025-12-31"),
        main_country=RUSSIA,
        nk_nearby=nk_nearby,
    )
    return [f.deployment for f in FINDER.find(sentence, 0, places or [], [], context)]


CASES = [
    # sentence, low, high, qualifier, category, status
    (
        "Pyongyang intends to send roughly 800 builders to the Far East.",
        800,
        800,
        "about",
        "workers",
        "planned",
    ),
    (
        "North Korea has dispatched 2,000 loggers this spring.",
        2000,
        2000,
        "exact",
        "workers",
        "dispatched",
    ),
    (
        "Some 1,200 North Korean labourers are now working on building sites.",
        1200,
        1200,
        "about",
        "workers",
        "present",
    ),
    (
        "At least 300 North Koreans were seen boarding a train at the border.",
        300,
        None,
        "at_least",
        "unspecified",
        "observed",
    ),
    (
        "Officials said 4,500 North Koreans entered the country last year.",
        4500,
        4500,
        "exact",
        "unspecified",
        "entered",
    ),
    (
        "Up to 20,000 North Korean workers could be sent next year.",
        None,
        20000,
        "at_most",
        "workers",
        "expected",
    ),
    (
        "About 900 North Korean workers were repatriated in December.",
        900,
        900,
        "about",
        "workers",
        "repatriated",
    ),
    (
        "Pyongyang deployed around 11,000 soldiers to the front.",
        11000,
        11000,
        "about",
        "troops",
        "dispatched",
    ),
    (
        "North Korea pledged 1,000 sappers to clear mines.",
        1000,
        1000,
        "exact",
        "military_workers",
        "planned",
    ),
    (
        "Kim will send 6,000 military builders, the minister said.",
        6000,
        6000,
        "exact",
        "military_workers",
        "planned",
    ),
    (
        "Hundreds of North Korean seamstresses work in the factory.",
        200,
        999,
        "vague",
        "workers",
        "present",
    ),
    (
        "Tens of thousands of North Korean labourers have been sent abroad.",
        20000,
        99999,
        "vague",
        "workers",
        "dispatched",
    ),
    (
        "The number of North Korean workers in the country reached 14,000.",
        14000,
        14000,
        "exact",
        "workers",
        "present",
    ),
]


# people named by rank, role or army, and the words that tell military builders from fighters
PEOPLE_NOUNS = [
    ("Close to 300 North Korean officers reached Rostov in May.", "troops"),
    ("About 1,100 North Korean reinforcements moved up to the line.", "troops"),
    ("Pyongyang shipped 2,500 conscripts to the Russian front.", "troops"),
    ("Roughly 400 KPA snipers were sent to the Kursk area.", "troops"),
    ("Some 900 Korean People's Army soldiers were flown to Moscow.", "troops"),
    ("North Korea sent 600 artillery crews to the border region.", "troops"),
    ("North Korea will send 1,200 construction soldiers to Donetsk.", "military_workers"),
    ("Some 800 North Korean military workers rebuilt the bridges.", "military_workers"),
    ("About 150 NK electricians started at the shipyard.", "workers"),
    ("The yard took on 90 North Korean shipbuilders this spring.", "workers"),
    ("North Korea has sent a couple of thousand labourers to the Far East.", "workers"),
    # "force" names troops, but the longest name wins: a labour force is workers
    ("Pyongyang sent a 6,000-strong force to the Kursk area.", "troops"),
    ("A 1,500-strong labour force from North Korea reached Kazan.", "workers"),
    ("Some 400 North Koreans joined the Russian workforce in Tomsk.", "unspecified"),
    # people with no role sent into battle are troops; sent elsewhere they stay unspecified
    ("Pyongyang sent another 900 men to the front near Pokrovsk.", "troops"),
    ("About 1,200 North Koreans were thrown into the assault on Sudzha.", "troops"),
    ("About 1,200 North Koreans were sent to Kazan on tourist visas.", "unspecified"),
]


@pytest.mark.parametrize(("sentence", "category"), PEOPLE_NOUNS)
def test_people_nouns_and_their_category(sentence: str, category: str) -> None:
    assert [d.category.value for d in facts(sentence, nk_nearby=False)] == [category]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Daily NK office employs 40 people in Seoul.",
        "Some 600 South Korean officers joined a drill watched from Pyongyang.",
    ],
)
def test_outlet_names_and_foreign_officers_are_no_north_koreans(sentence: str) -> None:
    assert facts(sentence, nk_nearby=False) == []


@pytest.mark.parametrize(("sentence", "low", "high", "qualifier", "category", "status"), CASES)
def test_deployment_fields(
    sentence: str, low: int | None, high: int | None, qualifier: str, category: str, status: str
) -> None:
    found = facts(sentence)
    assert len(found) == 1, found
    d = found[0]
    assert (d.low, d.high, d.qualifier.value, d.category.value, d.status.value) == (
        low,
        high,
        qualifier,
        category,
        status,
    )


NOT_DEPLOYMENTS = [
    "The border post logged 300 entries in May.",  # entries of whom, the sentence does not say
    "Each team of 30 North Korean workers must hand over $15,000 a month.",  # a unit's size
    "Every construction brigade of 25 North Korean builders has a minder.",
    "The defector said his team of about 40 North Korean men worked until midnight.",
    # how many share a room
    "North Korean workers sleep in dormitories with up to 20 people sharing a room.",
    "At the Amur camp, 40 North Korean men sleep in one room.",
    "The embassy issued 300 visas for Russian tourists going to Wonsan.",
    "About 500 visas were handled by the consulate last month.",
    "Builders are putting up 12,000 flats for the technicians.",
    # the minders and inspectors of workers are not workers sent, nor troops
    "North Korean crews there are watched by some 25 security officers.",
    "About 40 Russian customs officers checked the North Korean labourers.",
    "Around 20,000 workers from Tajikistan are also on the site.",
    "Some 5,000 Uzbek workers arrived in the region.",
    "They work 16-hour shifts with one day off a month.",
    "Contracts last up to three years.",
    "The workers earn 90,000 rubles a month.",
    "Russia faces a shortage of 500,000 workers.",
    "Pyongyang launched 3 missiles on Tuesday.",
    "The workers are aged 25 to 40.",
    "In 2023 the programme resumed.",
    "North Korea has a population of about 26 million people.",
    "Some 30 million North Koreans watched the parade.",
    "Russia lost more than 1,000 soldiers a day in the fighting.",
    "The new dormitories have room for 2,000 North Korean workers.",
    "The camp was designed for 500 workers from North Korea.",
    # what befell the people, said further on in the count's own clause
    "Seoul says some 1,300 of them are thought to have been wounded or killed.",
    "About 800 North Korean soldiers were later reported missing in action.",
    # the size of a unit, not a count of people sent
    "Each North Korean work team in Russia consists of 12 to 18 builders.",
    "Every brigade is made up of 25 North Korean labourers.",
    "In Russia the North Koreans are housed in groups of 30 workers.",
    # people of another nation, named before their group or as "foreign"
    "A Chinese delegation of 45 people arrived in Pyongyang on Monday.",
    "An Uzbek work brigade of 60 men is also on the site.",
    "The shipyard near Rason also employs hundreds of foreign workers.",
    # a number beside people that is not how many they are
    "North Korean workers, 15 hours a day, lay bricks in Moscow.",
    "The North Korean labourers, 30 to a room, sleep in containers.",
]


@pytest.mark.parametrize("sentence", NOT_DEPLOYMENTS)
def test_not_a_deployment(sentence: str) -> None:
    assert facts(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Seoul said many officers were among the dead, and that 700 North Korean soldiers remain.",
        "North Korea sent 10,000 troops to Kursk, where many were later killed.",
        "Russia hired 2,000 foreign workers from North Korea for the port.",
        "A North Korean delegation of 30 people visited Moscow.",
        "Each year North Korea sends 3,000 workers to Russia.",
    ],
)
def test_a_count_beside_a_casualty_a_group_or_foreigners_may_still_be_one(sentence: str) -> None:
    assert len(facts(sentence)) == 1


def place(name: str, sentence: str, country: str = "KP", level: str = "city") -> PlaceMention:
    at = sentence.index(name)
    return PlaceMention(name, Span(at, at + len(name)), Place(name, None, country), level)


@pytest.mark.parametrize(
    ("sentence", "town", "numbers"),
    [
        # people at work or living in North Korea are not abroad
        ("A garment factory in Sinuiju employs some 1,800 North Korean women.", "Sinuiju", []),
        ("More than 3,000 residents of Hyesan were made to watch the trial.", "Hyesan", []),
        ("The Kaesong industrial complex employed 40,000 North Korean workers.", "Kaesong", []),
        # but a place before the count, in another phrase, or their origin, is not where they are
        (
            "After talks in Pyongyang on Monday, the North agreed to send 4,000 builders.",
            "Pyongyang",
            [4000],
        ),
        ("About 90 welders from the Rason trade zone left last week.", "Rason", [90]),
        ("Some 300 workers in Chongjin were picked to be sent abroad.", "Chongjin", [300]),
    ],
)
def test_people_in_north_korea_are_not_deployed(
    sentence: str, town: str, numbers: list[int]
) -> None:
    assert [d.low for d in facts(sentence, [place(town, sentence)])] == numbers


def test_counts_need_north_korea_nearby() -> None:
    assert facts("About 3,000 people attended the concert.", nk_nearby=False) == []


@pytest.mark.parametrize(
    ("text", "names_it"),
    [
        ("The North has sent more builders.", True),
        ("Analysts say the North, short of cash, needs them.", True),
        ("The North's crews arrived.", True),
        ("Pyongyang agreed to the plan.", True),
        ("Ferries on the North Sea were cancelled.", False),
        ("Traffic on the North Shore line fell.", False),
        ("Daily NK reported the fire.", False),
    ],
)
def test_what_names_north_korea(text: str, names_it: bool) -> None:
    assert FINDER.mentions_north_korea(text) is names_it


def test_two_counts_in_one_clause_share_the_verb() -> None:
    found = facts("Kim agreed to dispatch 4,000 construction workers and 500 combat engineers.")
    assert [(d.low, d.category.value, d.status.value) for d in found] == [
        (4000, "workers", "planned"),
        (500, "military_workers", "planned"),
    ]


def test_of_them_takes_the_category_of_the_group() -> None:
    found = facts("Some 9,000 North Koreans arrived last year, 5,000 of them on study visas.")
    assert [d.category.value for d in found] == ["unspecified", "unspecified"]
    assert found[1].visa == "student"


@pytest.mark.parametrize("between", ["'s ", "'s far eastern ", "’s remote "])
def test_destination_prefers_the_finest_adjacent_place(between: str) -> None:
    sentence = f"They sent 700 workers to Russia{between}Amur region."
    start = sentence.index("Amur")
    places = [
        PlaceMention("Russia", Span(25, 31), RUSSIA, level="country"),
        PlaceMention(
            "Amur region",
            Span(start, start + 11),
            Place("Amur Oblast", "Amur Oblast", "RU"),
            level="region",
        ),
    ]
    (d,) = facts(sentence, places)
    assert d.destination is not None and d.destination.name == "Amur Oblast"


@pytest.mark.parametrize(
    ("between", "finest"),
    [
        (" city of ", True),
        (" port city of ", True),
        (" far eastern city of ", True),
        (" construction site in the ", True),
        (" companies at ", True),
        # not one phrase: the demonym stays
        (" region and the city of ", False),
        (" border, then on to ", False),
    ],
)
def test_destination_is_the_place_the_demonym_introduces(between: str, finest: bool) -> None:
    sentence = f"Some 200 workers were sent to the Russian{between}Ulan-Ude."
    ulan_ude = Place("Ulan-Ude", "Republic of Buryatia", "RU")
    at = sentence.index("Ulan-Ude")
    places = [
        PlaceMention("Russian", Span(34, 41), RUSSIA, level="demonym"),
        PlaceMention("Ulan-Ude", Span(at, at + 8), ulan_ude, level="city"),
    ]
    (d,) = facts(sentence, places)
    assert d.destination == (ulan_ude if finest else RUSSIA)


def test_a_thing_the_demonym_describes_may_stand_in_another_country() -> None:
    sentence = "Some 200 workers were sent to a Russian factory in Dandong."
    dandong = Place("Dandong", "Liaoning", "CN")
    places = [
        PlaceMention("Russian", Span(32, 39), RUSSIA, level="demonym"),
        PlaceMention("Dandong", Span(51, 58), dandong, level="city"),
    ]
    (d,) = facts(sentence, places)
    assert d.destination == dandong


def test_people_at_work_in_north_korea_are_not_sent_anywhere() -> None:
    sentence = "Kim inspected a factory that employs 3,000 workers in Pyongyang."
    places = [PlaceMention("Pyongyang", Span(54, 63), Place("Pyongyang", None, "KP"), "city")]
    assert facts(sentence, places) == []
    sentence = "Kim inspected a unit of 500 soldiers near Pyongyang."
    places = [PlaceMention("Pyongyang", Span(42, 51), Place("Pyongyang", None, "KP"), "city")]
    assert facts(sentence, places) == []
    # named before the count, Pyongyang is where they come from, not where they are
    sentence = "From Pyongyang, 3,000 workers were sent abroad."
    places = [PlaceMention("Pyongyang", Span(5, 14), Place("Pyongyang", None, "KP"), "city")]
    assert [d.low for d in facts(sentence, places)] == [3000]


def test_a_count_without_a_place_keeps_the_place_of_the_count_just_before() -> None:
    context = SentenceContext(
        published="2025",
        default_when=When(None, "2025-01-01", "2025-12-31"),
        main_country=RUSSIA,
        nk_nearby=True,
    )
    kazan = Place("Kazan", "Republic of Tatarstan", "RU")
    first = "About 90 workers were sent home from Kazan."
    places = [PlaceMention("Kazan", Span(37, 42), kazan, "city")]
    FINDER.find(first, 0, places, [], context)
    (next_one,) = FINDER.find("Fewer than 50 replacements are due to arrive.", 100, [], [], context)
    found = next_one.deployment
    assert (found.high, found.status.value, found.destination) == (50, "expected", kazan)
    for later in ("The site is quiet.", "Prices rose."):
        FINDER.find(later, 200, [], [], context)
    (far,) = FINDER.find("Some 300 builders will come.", 300, [], [], context)
    assert (
        far.deployment.destination == RUSSIA
    )  # two sentences on: the country the document is about


def test_destination_is_never_north_korea() -> None:
    sentence = "Pyongyang sent 700 workers from Pyongyang."
    places = [PlaceMention("Pyongyang", Span(32, 41), Place("Pyongyang", None, "KP"), level="city")]
    (d,) = facts(sentence, places)
    assert d.destination == RUSSIA
    assert d.origin is not None and d.origin.country == "KP"


MORE_CASES = [
    # visas count the people they are issued to
    (
        "Russia issued 12,775 student visas to North Koreans in 2024.",
        12775,
        "unspecified",
        "entered",
    ),
    ("Some 8,000 work visas were issued to North Korean citizens.", 8000, "unspecified", "entered"),
    ("Moscow granted about 4,000 visas to North Korean workers.", 4000, "workers", "entered"),
    (
        "The workers, numbering about 2,000, were deployed to sites near Moscow.",
        2000,
        "workers",
        "dispatched",
    ),
    ("North Korean students numbering some 900 arrived in Kazan.", 900, "unspecified", "entered"),
    (
        "Welders from North Korea, numbering in the hundreds, were seen at the shipyard.",
        200,
        "workers",
        "observed",
    ),
    # a count set beside its people, between commas, dashes or brackets
    (
        "The North Korean builders, some 200 in total, are due in Vladivostok in May.",
        200,
        "workers",
        "expected",
    ),
    ("North Korean loggers (about 450) reached Tynda by rail.", 450, "workers", "dispatched"),
    ("The new North Korean recruits, 300 of them, left Pyongyang.", 300, "workers", "dispatched"),
    ("North Korean labourers in the region now total roughly 6,000.", 6000, "workers", "present"),
    ("A 300-strong workforce from North Korea arrived in March.", 300, "workers", "entered"),
    ("Kuwait expelled 1,100 North Korean workers that year.", 1100, "workers", "repatriated"),
    (
        "Roughly 3,000 North Korean IT workers are generating revenue abroad.",
        3000,
        "workers",
        "present",
    ),
    (
        "North Korea is believed to have sent about 10,000 soldiers to Russia.",
        10000,
        "troops",
        "dispatched",
    ),
    # people named before the count are workers when the sentence has them at work
    (
        "The number of North Koreans working in Russia could reach 50,000 this year.",
        50000,
        "workers",
        "expected",
    ),
    ("The tally of North Koreans in Russia stood at 13,000.", 13000, "unspecified", "present"),
    (
        "The number of North Korean workers in Russia jumped twelvefold in 2024 compared with"
        " the year before, reaching nearly 13,000.",
        13000,
        "workers",
        "present",
    ),
    (
        "A group of 400 North Korean workers flew from Pyongyang to Moscow.",
        400,
        "workers",
        "dispatched",
    ),
    ("Up to 100,000 troops could eventually be sent to Russia.", 100000, "troops", "expected"),
    (
        "Some 5,000 military construction troops will go to Kursk.",
        5000,
        "military_workers",
        "planned",
    ),
    ("About 2,000 personnel arrived, the ministry said.", 2000, "unspecified", "entered"),
    ("North Korea sent 3,000 troops; another 500 personnel followed.", 500, "troops", "dispatched"),
    # a total named as personnel takes the one role of its parts
    (
        "Pyongyang will send 6,000 military personnel, including 1,000 sappers and 5,000"
        " military builders, to Kursk.",
        6000,
        "military_workers",
        "planned",
    ),
    (
        "Pyongyang sent 4,000 personnel, including 3,000 troops and 1,000 sappers, to Kursk.",
        4000,
        "unspecified",
        "dispatched",
    ),
    # soldiers at work are military workers; soldiers in battle stay troops
    (
        "About 1,000 North Korean soldiers are working on building sites in Khabarovsk.",
        1000,
        "military_workers",
        "present",
    ),
    (
        "Some 800 North Korean servicemen were sent to clear mines.",
        800,
        "military_workers",
        "dispatched",
    ),
    ("Some 3,000 North Korean soldiers are fighting near Kursk.", 3000, "troops", "present"),
    (
        "About 11,000 North Korean soldiers are working alongside Russian units.",
        11000,
        "troops",
        "present",
    ),
    # people named by no role take the one role the sentence names
    (
        "Pyongyang resumed sending workers, with several hundred people crossing at Khasan.",
        300,
        "workers",
        "dispatched",
    ),
    (
        "Russia has asked for sappers; about 1,000 men left Wonsan by ship.",
        1000,
        "military_workers",
        "dispatched",
    ),
    (
        "North Korea sent troops and builders; about 1,000 people crossed at Khasan.",
        1000,
        "unspecified",
        "entered",
    ),
    # a count without its noun, after a clause that named the people
    (
        "Some 2,000 workers were sent in March, and another 3,000 followed.",
        3000,
        "workers",
        "dispatched",
    ),
]


@pytest.mark.parametrize(("sentence", "number", "category", "status"), MORE_CASES)
def test_more_phrasings(sentence: str, number: int, category: str, status: str) -> None:
    (d,) = [d for d in facts(sentence) if number in (d.low, d.high)]
    assert (d.category.value, d.status.value) == (category, status)


def test_casualties_are_not_deployments() -> None:
    assert facts("About 4,000 North Korean soldiers were killed or wounded.") == []


def test_elided_noun_takes_the_earlier_count_of_the_sentence() -> None:
    found = facts("Some 200 workers went to Kazan, while fewer than 50 went to Perm.")
    assert [(d.low, d.high, d.category.value) for d in found] == [
        (200, 200, "workers"),
        (None, 50, "workers"),
    ]
    assert facts("The team scored 3 went home.") == []


@pytest.mark.parametrize(
    ("sentence", "hedged"),
    [
        ("Some 3,000 more workers are reportedly on their way.", True),
        ("The total may reach 20,000 by next year.", True),
        ("An estimated 4,000 labourers are in the Far East.", True),
        ("Officials believe about 500 arrived in Nakhodka.", True),
        ("In May, 500 North Korean workers arrived in Vladivostok.", False),
        ("About 1,000 builders left for Russia on May 3.", False),
        ("North Korea sent 2,000 workers to Russia last year.", False),
    ],
)
def test_hedging(sentence: str, hedged: bool) -> None:
    assert FINDER.is_hedged(sentence) is hedged


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("About 2,000 North Korean workers have returned from Russia this year.", "repatriated"),
        ("Some 3,000 soldiers were rotated home from the front in February.", "repatriated"),
        ("Several hundred North Korean loggers have returned to the forests.", "present"),
        ("Roughly 8,000 North Korean soldiers had moved to the Kursk region.", "dispatched"),
        ("Hundreds of North Korean troops were bused to the front line.", "dispatched"),
        ("About 1,500 North Korean soldiers have been redeployed to Kursk.", "dispatched"),
        ("A chartered flight carried some 200 North Koreans to Vladivostok.", "dispatched"),
        ("North Korea sent a total of 12,000 troops to Russia.", "dispatched"),
        # the present of sending, told as a habit
        ("North Korea sends 2,000 workers to Russia every year.", "dispatched"),
        ("Pyongyang dispatches about 1,000 loggers to the Amur region each spring.", "dispatched"),
        ("North Korea has sent 2,000 more workers to Russia this year.", "dispatched"),
        ("North Korea sent about 500 workers to Russia in May.", "dispatched"),
        ("Russia accepted about 10,000 North Korean workers last year.", "entered"),
        ("Russia took in roughly 5,000 North Korean labourers in 2024.", "entered"),
        ("In May, 1,000 North Korean workers arrived in Vladivostok.", "entered"),
        ("North Korea offered Russia 10,000 workers for the rebuilding.", "planned"),
        ("The region is ready to take in up to 5,000 workers from North Korea.", "planned"),
        ("Some 5,000 military builders are to follow in stages.", "planned"),
        ("At least 2,500 more workers are slated to go to Russia next year.", "planned"),
        # a status noun before the count yields to the verb after it
        ("A further deployment of several thousand troops is expected soon.", "expected"),
        ("The arrival of 500 more workers is planned for May.", "planned"),
        ("The deployment of 3,000 troops to Kursk was noted by analysts.", "dispatched"),
        ("Russia confirmed the arrival of 500 workers from North Korea.", "entered"),
        ("About 800 builders were earmarked for the Kursk sites.", "planned"),
        ("North Korea could supply as many as 30,000 more soldiers.", "expected"),
        # a modal before "have" and a past participle doubts a past move
        ("As many as 5,000 North Korean workers may have entered Russia.", "entered"),
        ("Some 2,000 North Korean soldiers could have been sent to Kursk.", "dispatched"),
        ("Russia could have up to 5,000 North Korean workers by June.", "expected"),
        # and before "be" and a state doubts what is
        ("Between 20,000 and 30,000 North Koreans may be working in Russia.", "present"),
        ("Up to 3,000 North Korean loggers could already be in the Amur region.", "present"),
        ("Some 1,000 North Korean builders might still be employed in Kazan.", "present"),
        ("About 2,000 more North Korean workers may be sent to Russia.", "expected"),
        ("Some 5,000 North Korean workers could be on their way to Russia.", "expected"),
        # leaving the North is setting out
        ("A further 3,000 North Korean workers left Pyongyang for Moscow by train.", "dispatched"),
        ("About 400 North Korean workers left Russia in May.", "repatriated"),
        ("Some 500 North Korean workers leave Russia each spring.", "repatriated"),
        ("About 200 North Korean cooks go home every December.", "repatriated"),
        ("The Alabuga plant may employ as many as 12,000 North Korean workers.", "expected"),
        # a movement in the words naming the people outweighs a verb of number after them
        ("The number of North Koreans entering China climbed to about 4,000.", "entered"),
        ("North Korean arrivals in the port totalled 1,900 in May.", "entered"),
        ("Border guards recorded 4,200 North Korean arrivals in the first quarter.", "entered"),
        ("About 900 North Korean arrivals were counted at the border in May.", "observed"),
        ("Russia logged 13,000 entries by North Koreans in 2024.", "entered"),
        ("There were 4,500 arrivals from North Korea in the first quarter.", "entered"),
        # under way
        ("Dozens more North Korean workers are on their way to Vladivostok.", "dispatched"),
        ("Some 300 North Korean welders are en route to the shipyard.", "dispatched"),
        ("The number of North Korean workers leaving Russia fell to 300.", "repatriated"),
        ("The number of North Korean workers in Russia rose to 16,000.", "present"),
        # reaching a named place or the front ends a dispatch; reaching a number is no move
        ("The first 700 North Korean welders reached Ussuriysk on Friday.", "dispatched"),
        ("Some 2,500 North Korean troops reached the front near Kupiansk.", "dispatched"),
        ("About 300 North Korean cooks reached the camp by lorry.", "dispatched"),
        ("North Korean builders in the Far East reached 6,000 in June.", "present"),
        ("Some 400 North Korean loggers reached an agreement on pay.", "present"),
        # "moved" with its object between the verb and where they go
        ("Pyongyang moved some 3,000 of its gunners closer to Belgorod.", "dispatched"),
        ("Russia shifted about 1,000 North Korean sappers to the Kherson area.", "dispatched"),
        ("Since 2023 about 10,000 North Korean workers have gone to Russia.", "dispatched"),
    ],
)
def test_status_from_verbs_of_many_kinds(sentence: str, status: str) -> None:
    found = facts(sentence)
    assert [f.status.value if f.status else None for f in found] == [status]


# counts whose noun is left out: they count the people of a count before them
ELLIPSES = [
    (
        "North Korean loggers in the taiga numbered some 3,000 in May, up from 1,800 before.",
        [(3000, "workers", "present"), (1800, "workers", "present")],
    ),
    (
        "About 7,000 North Koreans entered Russia in 2024, up from just 900 in 2022.",
        [(7000, "unspecified", "entered"), (900, "unspecified", "entered")],
    ),
    (
        "North Korea sent 2,500 builders in the spring, compared with 1,200 in the autumn.",
        [(2500, "workers", "dispatched"), (1200, "workers", "dispatched")],
    ),
    (
        "Pyongyang sent 1,800 troops in May and an additional 2,200 in July.",
        [(1800, "troops", "dispatched"), (2200, "troops", "dispatched")],
    ),
    (
        "The North sent 600 sappers to the region, followed by another 400 in August.",
        [(600, "military_workers", "dispatched"), (400, "military_workers", "dispatched")],
    ),
    (
        "Some 5,000 North Koreans arrived, 3,000 on work visas and a further 700 on student visas.",
        [
            (5000, "unspecified", "entered"),
            (3000, "unspecified", "entered"),
            (700, "unspecified", "entered"),
        ],
    ),
    (
        "Kim sent 800 welders from Nampo and 450 from Wonsan to the yards.",
        [(800, "workers", "dispatched"), (450, "workers", "dispatched")],
    ),
    # a share, a quantity or a day of the month is no count of the people compared with
    (
        "North Korean workers in Russia numbered 9,000 in June, up from 12 percent of the total.",
        [(9000, "workers", "present")],
    ),
    (
        "North Korea sent 4,000 workers and another 30 tonnes of rice.",
        [(4000, "workers", "dispatched")],
    ),
    ("About 500 North Korean workers arrived on March 5 and 12.", [(500, "workers", "entered")]),
    (
        "About 2,000 North Korean workers arrived in Perm, 15 from each county.",
        [(2000, "workers", "entered")],
    ),
    ("North Korean workers will stay for another 20 years.", []),
    # a change from one count to another: the count before and the count after
    (
        "North Korean loggers in the region grew from 4,000 to 6,500.",
        [(4000, "workers", "present"), (6500, "workers", "present")],
    ),
    (
        "North Korean arrivals in Russia jumped from about 1,600 to more than 13,000.",
        [(1600, "unspecified", "entered"), (13000, "unspecified", "entered")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), ELLIPSES)
def test_counts_without_a_noun_take_the_people_before(
    sentence: str, expected: list[tuple[int, str, str]]
) -> None:
    assert [(d.low, d.category.value, d.status.value) for d in facts(sentence)] == expected


def test_each_count_comes_from_the_north_korean_town_named_beside_it() -> None:
    sentence = "Kim sent 800 welders from Nampo and 450 from Wonsan to the yards."
    places = [
        PlaceMention("Nampo", Span(26, 31), Place("Nampo", None, "KP"), "city"),
        PlaceMention("Wonsan", Span(45, 51), Place("Wonsan", None, "KP"), "city"),
    ]
    assert [d.origin.name for d in facts(sentence, places) if d.origin] == ["Nampo", "Wonsan"]


# a group named before its count, with no people noun after it: the people counted before
GROUPS = [
    (
        "North Korea sent 4,000 soldiers to Kursk. The second contingent, which set off in"
        " December, numbered roughly 3,000 to 3,500.",
        [(4000, "troops"), (3000, "troops")],
    ),
    (
        "Some 300 North Korean welders arrived in May. Another group of about six hundred is"
        " preparing to leave for Perm.",
        [(300, "workers"), (600, "workers")],
    ),
    (
        "Estimates of the North Korean workforce in China range from 20,000 to 60,000.",
        [(20000, "workers")],
    ),
    (
        "The reinforcements took the total North Korean deployment to about 13,500.",
        [(13500, "troops")],
    ),
    # the size of a thing, not of a group of people
    (
        "North Korea sent 4,000 troops. A total of 12 days is needed for training.",
        [(4000, "troops")],
    ),
    ("North Korea sent 4,000 troops. The group of 7 nations met.", [(4000, "troops")]),
]


@pytest.mark.parametrize(("text", "expected"), GROUPS)
def test_groups_named_before_the_count(text: str, expected: list[tuple[int, str]]) -> None:
    context = SentenceContext(
        published="2025",
        default_when=When(None, "2025-01-01", "2025-12-31"),
        main_country=RUSSIA,
        nk_nearby=True,
    )
    found = []
    at = 0
    for sentence in text.split(". "):
        found += [f.deployment for f in FINDER.find(sentence, at, [], [], context)]
        at += len(sentence) + 2
    assert [(d.low, d.category.value) for d in found] == expected


@pytest.mark.parametrize(
    ("follower", "places", "expected"),
    [
        # a count right after, naming no place: the same place
        ("Another 60 welders are due in June.", [], "Kazan"),
        # pointing back to it, however far
        ("Earlier, some 40 welders were sent to the same yard.", [], "Kazan"),
        # naming a place of its own kind, or abroad: the country the document is about
        (
            "Seoul expects Pyongyang to send 20,000 more workers.",
            [place("Pyongyang", "Seoul expects Pyongyang to send 20,000 more workers.")],
            "Russia",
        ),
        (
            "About 700 North Korean students study with Russian teachers.",
            [
                place(
                    "Russian",
                    "About 700 North Korean students study with Russian teachers.",
                    "RU",
                    "demonym",
                )
            ],
            "Russia",
        ),
        ("Some 90,000 North Korean workers remain abroad.", [], "Russia"),
    ],
)
def test_a_count_with_no_place_of_its_own(
    follower: str, places: list[PlaceMention], expected: str
) -> None:
    context = SentenceContext(
        published="2025",
        default_when=When(None, "2025-01-01", "2025-12-31"),
        main_country=RUSSIA,
        nk_nearby=True,
    )
    first = "About 90 North Korean workers arrived in Kazan."
    FINDER.find(first, 0, [place("Kazan", first, "RU")], [], context)
    (found,) = FINDER.find(follower, 0, places, [], context)
    assert found.deployment.destination is not None
    assert found.deployment.destination.name == expected


def test_citizens_of_north_korea_are_not_at_home() -> None:
    sentence = "Some 1,450 citizens of North Korea are employed at enterprises in the krai."
    (found,) = facts(sentence, [place("North Korea", sentence, level="country")])
    assert found.low == 1450


@pytest.mark.parametrize(
    ("sentence", "destination"),
    [
        # of a place left and a place gone to, the latter
        ("North Korea moved 2,000 soldiers from Kursk to Bryansk.", "Bryansk"),
        ("About 700 welders were moved from the Kazan site into the Perm yard.", "Perm"),
        # a return names the host it leaves
        ("About 200 workers were sent home from Kazan.", "Kazan"),
    ],
)
def test_destination_is_where_they_go_not_where_they_leave(sentence: str, destination: str) -> None:
    places = [
        PlaceMention(name, Span(at, at + len(name)), Place(name, None, "RU"))
        for name in ("Kursk", "Bryansk", "Kazan", "Perm")
        if (at := sentence.find(name)) >= 0
    ]
    found = facts(sentence, places)
    assert [f.destination.name if f.destination else None for f in found] == [destination]
