"""Forced-labour indicators, on sentences of our own wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.indicators import (
    find_indicators,
    load_indicator_lexicon,
)
from laborwatch.model import Indicator

LEXICON = load_indicator_lexicon()
SEEDS = Path("/work/shared/seeds")

I = Indicator  # noqa: E741 - the table reads better with a short alias

CASES = [
    # excessive overtime
    ("The loggers put in sixteen hours a day at the camp.", I.EXCESSIVE_OVERTIME),
    ("Crews often worked 14-hour days.", I.EXCESSIVE_OVERTIME),
    ("Builders there work up to 20 hours a day.", I.EXCESSIVE_OVERTIME),
    ("The builders had no days off, one of them said.", I.EXCESSIVE_OVERTIME),
    ("They get just one day off a month.", I.EXCESSIVE_OVERTIME),
    ("The crews work seven days a week.", I.EXCESSIVE_OVERTIME),
    ("Workers worked around the clock to finish the stadium.", I.EXCESSIVE_OVERTIME),
    # restriction of movement
    ("They were never allowed to leave the dormitory alone.", I.RESTRICTION_OF_MOVEMENT),
    ("Workers are forbidden from leaving the compound.", I.RESTRICTION_OF_MOVEMENT),
    ("Security agents watched the workers day and night.", I.RESTRICTION_OF_MOVEMENT),
    ("Minders accompany the laborers everywhere.", I.RESTRICTION_OF_MOVEMENT),
    ("Every movement of the labourers is tracked.", I.RESTRICTION_OF_MOVEMENT),
    ("The workers can only go out in groups.", I.RESTRICTION_OF_MOVEMENT),
    ("The men are kept under constant surveillance.", I.RESTRICTION_OF_MOVEMENT),
    # isolation
    ("They had no contact with their families for three years.", I.ISOLATION),
    ("The workers were banned from using mobile phones.", I.ISOLATION),
    ("They are not allowed to talk to local people.", I.ISOLATION),
    ("Managers took away the men's phones so they could not call home.", I.ISOLATION),
    ("The labourers are cut off from the outside world.", I.ISOLATION),
    # physical and sexual violence
    ("Labourers were beaten by supervisors for slowing down.", I.PHYSICAL_AND_SEXUAL_VIOLENCE),
    ("Female workers reported sexual harassment by managers.", I.PHYSICAL_AND_SEXUAL_VIOLENCE),
    # intimidation and threats
    ("Workers were warned that their families would be punished.", I.INTIMIDATION_AND_THREATS),
    ("Anyone who complained was threatened with a prison camp.", I.INTIMIDATION_AND_THREATS),
    ("Workers who complained were threatened with deportation.", I.INTIMIDATION_AND_THREATS),
    ("Those who try to flee are sent to a labour camp.", I.INTIMIDATION_AND_THREATS),
    # retention of identity documents
    ("Their passports were confiscated on arrival.", I.RETENTION_OF_IDENTITY_DOCUMENTS),
    ("The company holds the workers' passports.", I.RETENTION_OF_IDENTITY_DOCUMENTS),
    # withholding of wages
    ("Workers said most of their wages were taken by the state.", I.WITHHOLDING_OF_WAGES),
    ("The men were paid only when they went home.", I.WITHHOLDING_OF_WAGES),
    ("The state keeps 70 percent of each worker's pay.", I.WITHHOLDING_OF_WAGES),
    ("Wages go unpaid for months.", I.WITHHOLDING_OF_WAGES),
    # debt bondage
    ("Many workers went into debt to pay for the posting.", I.DEBT_BONDAGE),
    ("They borrowed money to pay the recruiters.", I.DEBT_BONDAGE),
    # deception
    ("Recruits were promised high salaries but got almost nothing.", I.DECEPTION),
    ("Workers were lied to about the kind of work they would do.", I.DECEPTION),
    ("The laborers were lured by false promises.", I.DECEPTION),
    ("Recruits were promised good pay, but they received little.", I.DECEPTION),
    ("The builders were not told where they were going until they landed.", I.DECEPTION),
    ("Workers were never told they would be working in Russia.", I.DECEPTION),
    ("Recruits were kept in the dark about the kind of work.", I.DECEPTION),
    ("The women did not know where they were being sent.", I.DECEPTION),
    # abuse of vulnerability
    ("The laborers, driven by poverty at home, signed up.", I.ABUSE_OF_VULNERABILITY),
    ("They had no choice but to accept the job.", I.ABUSE_OF_VULNERABILITY),
    # abusive working and living conditions
    ("The workers live in cramped trailers.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The crews sleep in shipping containers.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Workers live in crowded dormitories.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The builders are packed into small barracks.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Workers toil in dangerous conditions.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Workers die in accidents on building sites.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("They were given no protective gear.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Sick workers were not taken to hospital.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Several workers died of untreated illnesses.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Workers were deprived of sleep in peak weeks.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Their families at home are held responsible if they flee.", I.INTIMIDATION_AND_THREATS),
    # wording met in features and testimony
    ("The contractor kept their wages and promised to pay them later.", I.WITHHOLDING_OF_WAGES),
    (
        "Their employer promised to pay the builders after they returned home.",
        I.WITHHOLDING_OF_WAGES,
    ),
    ("In a year on the site she went out only once.", I.RESTRICTION_OF_MOVEMENT),
    ("The crews never set foot in the town during their contract.", I.RESTRICTION_OF_MOVEMENT),
    ("The builders are never let out of the compound.", I.RESTRICTION_OF_MOVEMENT),
    ("Workers go to the market on supervised trips once a month.", I.RESTRICTION_OF_MOVEMENT),
    (
        "Trips to the shops were allowed only in groups, the workers said.",
        I.RESTRICTION_OF_MOVEMENT,
    ),
    ("The labourers were housed in segregated compounds.", I.ISOLATION),
    ("The workers were barred from talking to people from other countries.", I.ISOLATION),
    (
        "The loggers worked through the freezing cold of the taiga winter.",
        I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS,
    ),
    ("Builders poured concrete under the scorching sun.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Workers got no pay until their contracts ran out.", I.WITHHOLDING_OF_WAGES),
    ("The labourers are paid only at the end of their stint.", I.WITHHOLDING_OF_WAGES),
    ("The builders are kept apart from local residents.", I.ISOLATION),
    ("A worker who runs away faces punishment at home.", I.INTIMIDATION_AND_THREATS),
    ("The workers' families are held hostage in effect.", I.INTIMIDATION_AND_THREATS),
    ("Workers earn $700 a month, of which 70 percent goes to the state.", I.WITHHOLDING_OF_WAGES),
    ("The men are paid in roubles, with the rest going to the regime.", I.WITHHOLDING_OF_WAGES),
    ("Up to 80 percent of North Korean workers' earnings go to the state.", I.WITHHOLDING_OF_WAGES),
    # wording of NGO, UN and State Department reports, defectors and the regional press
    ("The welders put in 14-16 hours a day at the shipyard.", I.EXCESSIVE_OVERTIME),
    ("Shifts lasting up to 18 hours were common, he said.", I.EXCESSIVE_OVERTIME),
    ("The women sew for 15 hours daily.", I.EXCESSIVE_OVERTIME),
    ("The crew had only two days of rest a month.", I.EXCESSIVE_OVERTIME),
    ("They were never given a single day off in two years.", I.EXCESSIVE_OVERTIME),
    ("The builders rarely get a day off.", I.EXCESSIVE_OVERTIME),
    ("Loggers worked from 5 a.m. to 11 p.m. in summer.", I.EXCESSIVE_OVERTIME),
    ("Their work day started at 5 am and ended at midnight.", I.EXCESSIVE_OVERTIME),
    ("The painters often worked past midnight to finish a floor.", I.EXCESSIVE_OVERTIME),
    ("Rest days are a luxury for the plasterers.", I.EXCESSIVE_OVERTIME),
    ("The labourers may leave the site only with a team leader.", I.RESTRICTION_OF_MOVEMENT),
    (
        "Going out without a minder is strictly prohibited, the loggers said.",
        I.RESTRICTION_OF_MOVEMENT,
    ),
    ("The builders are forbidden to go outside after dark.", I.RESTRICTION_OF_MOVEMENT),
    ("An official escorts the workers whenever they visit a shop.", I.RESTRICTION_OF_MOVEMENT),
    ("The crews live under the strict control of an MSS officer.", I.RESTRICTION_OF_MOVEMENT),
    ("Guards keep watch over the workers' hostel.", I.RESTRICTION_OF_MOVEMENT),
    ("They live under the watchful eye of a party secretary.", I.RESTRICTION_OF_MOVEMENT),
    ("The men are banned from contacting their relatives.", I.ISOLATION),
    ("The seamstresses are forbidden to watch foreign films.", I.ISOLATION),
    ("The labourers cannot leave the camp or mix with local people.", I.ISOLATION),
    ("The loggers had no means of reaching their families.", I.ISOLATION),
    ("Their phones are checked by the political officer every week.", I.ISOLATION),
    ("Workers who miss the quota risk being sent home early.", I.INTIMIDATION_AND_THREATS),
    (
        "Anyone caught drinking would be punished, the welders were told.",
        I.INTIMIDATION_AND_THREATS,
    ),
    (
        "Passports of the welders are kept by the company representative.",
        I.RETENTION_OF_IDENTITY_DOCUMENTS,
    ),
    ("The men must hand in their passports at the airport.", I.RETENTION_OF_IDENTITY_DOCUMENTS),
    (
        "Their papers were collected by the manager on the first day.",
        I.RETENTION_OF_IDENTITY_DOCUMENTS,
    ),
    ("None of the builders kept their own passports.", I.RETENTION_OF_IDENTITY_DOCUMENTS),
    (
        "The contractor pays the builders' salaries to the North Korean side.",
        I.WITHHOLDING_OF_WAGES,
    ),
    ("Wages are transferred straight to the state-run trading company.", I.WITHHOLDING_OF_WAGES),
    ("The loggers must transfer 60-70% of their wages to the party.", I.WITHHOLDING_OF_WAGES),
    ("The men surrender most of what they earn each month.", I.WITHHOLDING_OF_WAGES),
    ("Each crew owes a monthly plan of $500 to the company.", I.WITHHOLDING_OF_WAGES),
    ("The welders got nothing for the first half year.", I.WITHHOLDING_OF_WAGES),
    ("He never received any of the wages he had earned.", I.WITHHOLDING_OF_WAGES),
    ("The regime withholds the workers' wages until they return.", I.WITHHOLDING_OF_WAGES),
    ("Recruits paid bribes of $1,500 to get on the list for Russia.", I.DEBT_BONDAGE),
    ("The loggers spend months paying back the cost of their train tickets.", I.DEBT_BONDAGE),
    ("Late wages leave many workers in debt.", I.DEBT_BONDAGE),
    ("The promised bonuses never came, the workers said.", I.DECEPTION),
    ("Recruits were offered promises of good pay, only to be sent to the forest.", I.DECEPTION),
    ("The job bore little resemblance to what they were told in Pyongyang.", I.DECEPTION),
    ("They took the job to escape poverty in their home county.", I.ABUSE_OF_VULNERABILITY),
    ("Without legal papers the workers have nowhere to turn.", I.ABUSE_OF_VULNERABILITY),
    ("The workers' families were starving at home.", I.ABUSE_OF_VULNERABILITY),
    ("Ten workers sleep in a dilapidated trailer.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The loggers are housed eight to a room.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The welders often go hungry.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    (
        "A worker fell off the scaffolding on the ninth floor.",
        I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS,
    ),
    ("They are made to work even when they are ill.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Forty workers shared a single toilet.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The crews laboured in sweltering heat.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("Injuries are common among the loggers.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    ("The workers live in a disused warehouse.", I.ABUSIVE_WORKING_AND_LIVING_CONDITIONS),
    # a penalty held over them: their relatives, their food
    (
        "Workers are told their relatives at home will suffer if they flee.",
        I.INTIMIDATION_AND_THREATS,
    ),
    ("If the crew misses its quota, their rations are cut.", I.INTIMIDATION_AND_THREATS),
]


@pytest.mark.parametrize(("text", "indicator"), CASES)
def test_find_indicators(text: str, indicator: Indicator) -> None:
    found = find_indicators(text, 0, LEXICON)
    assert indicator in {fact.indicator for fact, _ in found}, found
    for fact, span in found:
        assert span.slice(text) == fact.cue


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("They are not allowed to talk to local people.", I.ISOLATION),
        ("The labourers are cut off from the outside world.", I.ISOLATION),
        ("The loggers put in sixteen hours a day at the camp.", I.EXCESSIVE_OVERTIME),
    ],
)
def test_no_break_spaces_between_the_words_of_a_cue(text: str, indicator: Indicator) -> None:
    """Pages often carry no-break spaces: a cue is found whatever white space parts its words."""
    for space in ("\u00a0", "\t", "\u2009"):
        found = find_indicators(text.replace(" ", space), 0, LEXICON)
        assert indicator in {fact.indicator for fact, _ in found}, space


NOT_INDICATORS = [
    "The soldiers were confined to barracks.",
    "The workers were not confined to their quarters.",
    "Workers denied that they were beaten.",
    "Troops were beaten during training, a report said.",
    "North Korea remains cut off from the outside world.",
    "Poverty is widespread in North Korea.",
    "Russia faces threats from drones.",
    "Officials in Pyongyang have threatened the United States.",
    "The North Korean government is in debt to Russia.",
    "The workers were given electronic passports.",
    "Workers are free to leave the site on Sundays.",
    "Workers were paid on time, the manager insisted.",
    "The contract lasts three years.",
    "Construction jobs in Russia are sought after due to the promise of high wages.",
    "About 5,000 workers arrived in the Far East last month.",
    "The summit was held at the cosmodrome.",
    "UN sanctions meant to punish North Korea banned the hiring of its workers.",
    "Russia's labour shortage threatens construction projects across the country.",
    "Putin promised to send aid, but the workers never arrived.",
    "North Korea, in debt to Russia, sends workers to pay it off.",
    "Satellite surveillance showed new construction at the site.",
    "Ukraine's assault on Kursk destroyed roads that workers will now rebuild.",
    "The workers will be dispatched in teams to avoid attention.",
    "The UN Security Council banned the employment of North Korean workers in 2017.",
    "The bank kept the money in a Moscow account.",
    "The workers faced a long journey home by train.",
    "Russia faces punishment from the markets for its war.",
    "The hostages were freed after the talks.",
    "The workers were kept apart from the noise in a quiet block.",
    "Tourists went out twice to see the city.",
    "Visitors are not allowed outside the museum after dark.",
    "The summer heat broke records across Europe.",
    "The ministry promised to pay for the new stadium after the election.",
    "The delegation never saw the city's new port.",
    "Around 70 percent of the workers went to Moscow.",
    "Most of the workers' money goes to their families back home.",
    "Officials later punished the organisers of the rally, they said.",
    "Workers are free to keep their passports and go into town.",
    "Political officers praised the workers around the clock on state TV.",
    "The contractor pays the builders' salaries to them in cash every month.",
    "The workers leave the site at 6 p.m. and rest until morning.",
    "The company pays its staff on the fifth of each month.",
    "Investigators seized documents from the trading firm's office.",
    "The workers flew home after their contracts ended.",
    "The regime uses the money to fund its missile programme.",
    "Police detained 30 migrants from Uzbekistan at a market in the city.",
    "Soldiers were forbidden to leave their trenches under fire.",
    "The workers can call their families every weekend.",
    "Passports of the tourists were checked at the border.",
    "The minister promised higher pensions that never came.",
    "Food prices in the city were cut by a tenth in May.",
    "The soldiers' rations were cut as supply lines stretched.",
    "The crowded market near the workers' dormitory reopened.",
    "The workers were not told of the new schedule until Monday, a manager said.",
    "Reporters did not know where the workers were going.",
    "The injured workers were taken to hospital in Khabarovsk.",
    "The firm is held responsible for the workers' visas.",
]


@pytest.mark.parametrize("text", NOT_INDICATORS)
def test_not_indicators(text: str) -> None:
    assert find_indicators(text, 0, LEXICON) == []


def test_one_fact_per_indicator_with_absolute_span() -> None:
    prefix = "An earlier sentence. "
    text = "Workers do 15-hour shifts and have no days off."
    found = find_indicators(text, len(prefix), LEXICON)
    assert [fact.indicator for fact, _ in found] == [Indicator.EXCESSIVE_OVERTIME]
    fact, span = found[0]
    assert (prefix + text)[span.start : span.end] == fact.cue == "15-hour shifts"


def test_specific_cue_counts_without_workers_named_but_not_with_other_people() -> None:
    """Reports drop the subject in lists of abuses; a cue no other trade uses still counts."""
    text = "Passports are held by the company; phones are banned."
    found = {fact.indicator for fact, _ in find_indicators(text, 0, LEXICON)}
    assert found == {Indicator.RETENTION_OF_IDENTITY_DOCUMENTS, Indicator.ISOLATION}
    text = "The soldiers' phones are banned at the front."
    assert find_indicators(text, 0, LEXICON) == []


def test_one_cue_may_show_two_indicators() -> None:
    text = "The workers are not allowed to leave the compound or talk to locals."
    found = {fact.indicator for fact, _ in find_indicators(text, 0, LEXICON)}
    assert found == {Indicator.RESTRICTION_OF_MOVEMENT, Indicator.ISOLATION}


def test_nested_cue_for_another_indicator_is_found() -> None:
    text = "Guards confined the workers to shipping containers."
    found = {fact.indicator for fact, _ in find_indicators(text, 0, LEXICON)}
    assert Indicator.ABUSIVE_WORKING_AND_LIVING_CONDITIONS in found
    assert Indicator.RESTRICTION_OF_MOVEMENT in found


def test_seed_document_indicator_set() -> None:
    """The one seed report with gold indicators yields exactly that set (read at run time)."""
    paths = sorted(SEEDS.glob("004_*.txt")) if SEEDS.exists() else []
    if not paths:
        pytest.skip("shared seeds not available")
    text = paths[0].read_text(encoding="utf-8")
    found = {fact.indicator for fact, _ in find_indicators(text, 0, LEXICON)}
    assert found == {
        Indicator.EXCESSIVE_OVERTIME,
        Indicator.ABUSIVE_WORKING_AND_LIVING_CONDITIONS,
        Indicator.RESTRICTION_OF_MOVEMENT,
        Indicator.WITHHOLDING_OF_WAGES,
        Indicator.ISOLATION,
    }


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_indicators_never_crash_and_spans_slice(text: str) -> None:
    for fact, span in find_indicators(text, 5, LEXICON):
        assert ("12345" + text)[span.start : span.end] == fact.cue


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "workers",
                "were",
                "not",
                "never",
                "beaten",
                "confined",
                "passports",
                "wages",
                "18-hour",
                "shifts",
                "no",
                "days",
                "off",
                "they",
                "soldiers",
                "cut",
                "off",
                "from",
                "their",
                "families",
                ",",
                ".",
                "debt",
                "poverty",
            ]
        ),
        max_size=25,
    )
)
def test_indicators_on_cue_soup(words: list[str]) -> None:
    text = " ".join(words)
    for fact, span in find_indicators(text, 0, LEXICON):
        assert span.slice(text) == fact.cue
