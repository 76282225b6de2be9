"""Date facts: each date form -> (text, value, granularity, relative), things that are not dates,
relative expressions without a publication date. Sentences are our own."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import FIXTURES

from withdrawal_cli.datetext import (
    dateparser_span,
    find_dates,
    normalise_span,
    numeric_readings,
    resolve_month,
    season_year,
    weekday_on_or_before,
)

WED = dt.date(2025, 10, 1)  # a Wednesday
THU = dt.date(2022, 4, 7)  # a Thursday
AUG15 = dt.date(2022, 8, 15)
SEP3 = dt.date(2007, 9, 3)
SEP21 = dt.date(2023, 9, 21)
JUL10 = dt.date(2023, 7, 10)


def facts(text: str, published: dt.date | None = None) -> list[tuple]:
    return [(m.text, m.value, m.granularity, m.relative) for m in find_dates(text, published)]


ABSOLUTE = [
    ("The base was handed over on Sept. 27, 2024, officials said.", [("Sept. 27, 2024", "2024-09-27", "day", False)]),
    ("The accord was signed on 5 August 2024 in the capital.", [("5 August 2024", "2024-08-05", "day", False)]),
    ("A ceremony was held on the 3rd of March, 2023.", [("the 3rd of March, 2023", "2023-03-03", "day", False)]),
    ("It was signed on August the 5th, 2024.", [("August the 5th, 2024", "2024-08-05", "day", False)]),
    ("The convoy left on Oct 2, 2025 at dawn.", [("Oct 2, 2025", "2025-10-02", "day", False)]),
    ("Troops first arrived in December 2021.", [("December 2021", "2021-12", "month", False)]),
    ("They returned in September of 2019.", [("September of 2019", "2019-09", "month", False)]),
    ("The mission began in 2003.", [("2003", "2003", "year", False)]),
    ("It follows a 2024 agreement with the government.", [("2024", "2024", "year", False)]),
    ("By mid-2025 the garrison had shrunk.", [("mid-2025", "2025", "year", False)]),
    ("The mission ends no later than the end of September 2025.", [("the end of September 2025", "2025-09", "month", False)]),
    ("Combat operations stopped at the end of 2011.", [("the end of 2011", "2011", "year", False)]),
    ("A review is due in early 2024.", [("early 2024", "2024", "year", False)]),
    ("The unit deployed in the summer of 2019.", [("the summer of 2019", "2019", "year", False)]),
    ("Forces will rotate out during 2025 and 2026.", [("2025", "2025", "year", False), ("2026", "2026", "year", False)]),
    ("Troops numbered 2,000 in 2010.", [("2010", "2010", "year", False)]),
    ("In 2010 troops numbered 50,000.", [("2010", "2010", "year", False)]),
    ("Operation Example (2001-2014) ended.", [("2001", "2001", "year", False), ("2014", "2014", "year", False)]),
    ("US TROOPS TO LEAVE BY SEPTEMBER 2026", [("SEPTEMBER 2026", "2026-09", "month", False)]),
    ("The 2021 withdrawal's lessons were studied.", [("2021", "2021", "year", False)]),
    ("The surge lasted from 2007 to 2008.", [("2007", "2007", "year", False), ("2008", "2008", "year", False)]),
    ("The 2014-2017 campaign retook the city.", [("2014", "2014", "year", False), ("2017", "2017", "year", False)]),
    ("The order was dated 2025-10-01 in the archive.", [("2025-10-01", "2025-10-01", "day", False)]),
    ("Officials met on Wednesday, October 1, 2025, in the capital.",
     [("Wednesday, October 1, 2025", "2025-10-01", "day", False)]),
    ("The last troops left since 1999 ended.", [("1999", "1999", "year", False)]),
    ("The coup of 2023 changed everything.", [("2023", "2023", "year", False)]),
    ("The form says 13/10/2025 at the top.", [("13/10/2025", "2025-10-13", "day", False)]),
    # a season with its year is that year
    ("The brigade rotated home in spring 2022.", [("spring 2022", "2022", "year", False)]),
    ("A second cut followed in the autumn of 2018.", [("the autumn of 2018", "2018", "year", False)]),
    ("Patrols resumed in Winter 2020.", [("Winter 2020", "2020", "year", False)]),
    # an abbreviated weekday before a full date belongs to it
    ("Thu 13 Jan 2022, 14:20 ALMT", [("Thu 13 Jan 2022", "2022-01-13", "day", False)]),
    ("Tues., March 4, 2025 | 9:00", [("Tues., March 4, 2025", "2025-03-04", "day", False)]),
    # a year right after a word that may introduce one stays a year
    ("By 2030 fighter jets will replace the old fleet.", [("2030", "2030", "year", False)]),
    # days listed before one month share it
    ("Talks were held on 11th and 12th August 2025.",
     [("11th", "2025-08-11", "day", False), ("12th August 2025", "2025-08-12", "day", False)]),
    ("Votes are due on 3, 4 and 5 November 2026.",
     [("3", "2026-11-03", "day", False), ("4", "2026-11-04", "day", False), ("5 November 2026", "2026-11-05", "day", False)]),
    ("The summit ran on August 11 and 12, 2025.",
     [("August 11", "2025-08-11", "day", False), ("12, 2025", "2025-08-12", "day", False)]),
    ("The summit ran on August 11-12, 2025.",
     [("August 11", "2025-08-11", "day", False), ("12, 2025", "2025-08-12", "day", False)]),
    ("The summit ran on 11-12 August 2025.",
     [("11", "2025-08-11", "day", False), ("12 August 2025", "2025-08-12", "day", False)]),
    # a season with a modifier and its year
    ("The last convoy left at the end of the summer of 2019.",
     [("the end of the summer of 2019", "2019", "year", False)]),
    # "that December": the year mentioned before
    ("In 1989 the US had 12,000 troops there, and the invasion that December added more.",
     [("1989", "1989", "year", False), ("that December", "1989-12", "month", False)]),
]


@pytest.mark.parametrize("sentence,expected", ABSOLUTE)
def test_absolute_dates(sentence, expected):
    assert facts(sentence, WED) == expected
    # absolute dates do not need the publication date
    assert facts(sentence, None) == expected


RELATIVE = [
    # weekdays: on or before the publication date, the same day when it is that weekday
    ("The ministry said early Wednesday that the convoy left.", WED, [("early Wednesday", "2025-10-01", "day", True)]),
    ("The spokesman said in a statement late Tuesday.", WED, [("late Tuesday", "2025-09-30", "day", True)]),
    ("The vote took place on Monday.", WED, [("Monday", "2025-09-29", "day", True)]),
    ("Officials said Wednesday the base was empty.", WED, [("Wednesday", "2025-10-01", "day", True)]),
    ("Police reported last Sunday that the road was open.", THU, [("last Sunday", "2022-04-03", "day", True)]),
    ("The pullout was largely complete by Tuesday.", THU, [("Tuesday", "2022-04-05", "day", True)]),
    ("Talks resume next Monday.", WED, [("next Monday", "2025-10-06", "day", True)]),
    ("Engineers worked through Friday night.", WED, [("Friday night", "2025-09-26", "day", True)]),
    # ... and on or after it when the clause speaks of the future
    ("The second group will follow on Monday.", WED, [("Monday", "2025-10-06", "day", True)]),
    ("The operation will formally end on Thursday, officials said.", WED, [("Thursday", "2025-10-02", "day", True)]),
    ("The minister said on Thursday that troops will leave.", WED, [("Thursday", "2025-09-25", "day", True)]),
    # day words
    ("The last convoy leaves tomorrow.", WED, [("tomorrow", "2025-10-02", "day", True)]),
    ("The convoy will be gone by tomorrow morning.", WED, [("tomorrow morning", "2025-10-02", "day", True)]),
    ("A drone was shot down yesterday.", WED, [("yesterday", "2025-09-30", "day", True)]),
    ("The handover happens today.", WED, [("today", "2025-10-01", "day", True)]),
    # years and months relative to publication
    ("The deal was reached last year.", WED, [("last year", "2024", "year", True)]),
    ("More cuts are planned this year.", WED, [("this year", "2025", "year", True)]),
    ("The mission closes next year.", WED, [("next year", "2026", "year", True)]),
    ("The base closed last month.", WED, [("last month", "2025-09", "month", True)]),
    ("Talks will finish by the end of the year.", WED, [("the end of the year", "2025", "year", True)]),
    ("There were 900 troops at the beginning of the year.", WED, [("the beginning of the year", "2025", "year", True)]),
    ("An agreement was signed a year ago.", WED, [("a year ago", "2024", "year", True)]),
    ("The unit left two years ago.", WED, [("two years ago", "2023", "year", True)]),
    ("The drills began earlier this year.", WED, [("earlier this year", "2025", "year", True)]),
    ("The last units go by year-end.", WED, [("year-end", "2025", "year", True)]),
    ("The base closes at the end of the month.", WED, [("the end of the month", "2025-10", "month", True)]),
    # months without a year: the most recent such month on or before publication
    ("The leaders met in July.", WED, [("July", "2025-07", "month", True)]),
    # "May" after another month of a list is the month; a capitalised "May" opening a clause after it is no verb
    ("In March and May, peacekeepers were held for days.", WED,
     [("March", "2025-03", "month", True), ("May", "2025-05", "month", True)]),
    ("The mayor said in June that the road was shut.", WED, [("June", "2025-06", "month", True)]),
    ("The talks collapsed in November.", WED, [("November", "2024-11", "month", True)]),
    ("In late March, the envoys initialled the annex.", THU, [("late March", "2022-03", "month", True)]),
    ("At the end of January, the council passed the budget.", dt.date(2023, 2, 19), [("the end of January", "2023-01", "month", True)]),
    ("The troops must leave by mid-December.", WED, [("mid-December", "2025-12", "month", True)]),
    ("The troops had left by July.", WED, [("July", "2025-07", "month", True)]),
    ("The talks began in September of last year.", WED, [("September of last year", "2024-09", "month", True)]),
    ("Reinforcements arrived in May.", WED, [("May", "2025-05", "month", True)]),
    # day and month without a year: the publication year
    ("MOSCOW, June 9. The agency reported the news.", dt.date(2024, 6, 9), [("June 9", "2024-06-09", "day", True)]),
    ("The accord was initialled on February 29 at the palace.", dt.date(2020, 3, 10), [("February 29", "2020-02-29", "day", True)]),
    ("Everyone must be out by Aug. 31.", WED, [("Aug. 31", "2025-08-31", "day", True)]),
    ("The aircraft departed on 8 July.", WED, [("8 July", "2025-07-08", "day", True)]),
    # a month the clause puts in the future is the coming one
    ("The engineers will leave in March.", WED, [("March", "2026-03", "month", True)]),
    ("The last convoy could depart in August, a colonel said.", WED, [("August", "2026-08", "month", True)]),
    # seasons: year granularity, which spring or summer decided by the publication date and the clause
    ("The two outposts had been emptied in the spring.", AUG15, [("the spring", "2022", "year", True)]),
    ("The garrison shrank in the winter.", AUG15, [("the winter", "2022", "year", True)]),
    ("The ministry hopes to cut the force to 900 by the spring.", SEP3, [("the spring", "2008", "year", True)]),
    ("The battalion had gone home by the summer.", SEP3, [("the summer", "2007", "year", True)]),
    ("The larger contingent could start leaving in the spring, an aide said.", SEP21,
     [("the spring", "2024", "year", True)]),
    ("Patrols have thinned since the summer.", SEP21, [("the summer", "2023", "year", True)]),
    ("The engineers arrived last summer.", SEP21, [("last summer", "2023", "year", True)]),
    ("The engineers arrived last summer.", JUL10, [("last summer", "2022", "year", True)]),
    ("More drones come next spring.", SEP21, [("next spring", "2024", "year", True)]),
    ("The airfield reopens this winter.", SEP21, [("this winter", "2023", "year", True)]),
    ("The airfield reopened this winter.", dt.date(2024, 1, 20), [("this winter", "2024", "year", True)]),
    ("The depot closed this past autumn.", dt.date(2024, 1, 20), [("this past autumn", "2023", "year", True)]),
    ("Fighting eased in late summer.", SEP21, [("late summer", "2023", "year", True)]),
    ("The handover should be complete by spring.", SEP21, [("spring", "2024", "year", True)]),
    ("Checkpoints have multiplied since summer.", SEP21, [("summer", "2023", "year", True)]),
    # the month May is no future cue; a plan or a cause is no future either
    ("In May and in the spring, the towns emptied.", AUG15,
     [("May", "2022-05", "month", True), ("the spring", "2022", "year", True)]),
    ("The plan approved in the spring was shelved.", AUG15, [("the spring", "2022", "year", True)]),
    ("Flights stopped due to storms in March.", WED, [("March", "2025-03", "month", True)]),
    # the nearest verb phrase counts: a participle after the cue is another phrase, a passive one is not
    ("The council would review the accord signed in March.", WED, [("March", "2025-03", "month", True)]),
    ("The runway will be completed in March.", WED, [("March", "2026-03", "month", True)]),
    ("A new camp opened in the summer of last year.", SEP21, [("the summer of last year", "2022", "year", True)]),
    # a day and month without a year: of last, this and next year's, the nearest the clause's tense allows
    ("All troops must leave by January 31.", dt.date(2024, 12, 10), [("January 31", "2025-01-31", "day", True)]),
    ("The last convoy will leave on January 3.", dt.date(2024, 12, 30), [("January 3", "2025-01-03", "day", True)]),
    ("The vote is set for March 3.", dt.date(2025, 1, 5), [("March 3", "2025-03-03", "day", True)]),
    ("The accord was signed on December 20.", dt.date(2025, 1, 5), [("December 20", "2024-12-20", "day", True)]),
    ("The last convoy left on January 3.", dt.date(2024, 12, 30), [("January 3", "2024-01-03", "day", True)]),
    # an infinitive of purpose after a past verb points forward from the decision: the nearest such day
    ("The council voted in April to close the mission on October 15.", dt.date(2017, 8, 31),
     [("April", "2017-04", "month", True), ("October 15", "2017-10-15", "day", True)]),
    ("The assembly voted in May to withdraw the battalion on October 1.", dt.date(2025, 9, 10),
     [("May", "2025-05", "month", True), ("October 1", "2025-10-01", "day", True)]),
    ("The council decided in March to end the mission on October 15.", dt.date(2017, 12, 20),
     [("March", "2017-03", "month", True), ("October 15", "2017-10-15", "day", True)]),
    ("The government will decide to end the mission on October 15.", dt.date(2017, 8, 31),
     [("October 15", "2017-10-15", "day", True)]),
    # ... a 'to' before a place or a noun is no infinitive
    ("The brigade returned to base on October 15.", dt.date(2017, 8, 31), [("October 15", "2016-10-15", "day", True)]),
    ("The brigade moved to the capital on October 15.", dt.date(2017, 8, 31),
     [("October 15", "2016-10-15", "day", True)]),
    # 'last <Month>' is that month of the previous calendar year ('this July' is the current year's)
    ("The junta seized power in a coup last July.", dt.date(2024, 8, 5), [("last July", "2023-07", "month", True)]),
    ("The junta seized power last March.", dt.date(2024, 8, 5), [("last March", "2023-03", "month", True)]),
    ("The junta seized power last November.", dt.date(2024, 2, 10), [("last November", "2023-11", "month", True)]),
    ("On December 12, the council voted to end the mission.", dt.date(2025, 1, 10),
     [("December 12", "2024-12-12", "day", True)]),
    # ... a coming deadline just passed is still this year's
    ("Everyone must be out by Aug. 31.", dt.date(2025, 9, 20), [("Aug. 31", "2025-08-31", "day", True)]),
    # seasons and months across the new year: a planned or due move is the coming one
    ("The contingent plans to leave in the spring.", dt.date(2024, 12, 31), [("the spring", "2025", "year", True)]),
    ("The contingent is due to leave in the spring.", dt.date(2024, 12, 31), [("the spring", "2025", "year", True)]),
    ("The handover is due in the autumn.", dt.date(2024, 12, 20), [("the autumn", "2025", "year", True)]),
    ("The contingent is set to leave in January.", dt.date(2024, 12, 31), [("January", "2025-01", "month", True)]),
    ("The pullout is expected to be completed in the winter.", dt.date(2024, 12, 31),
     [("the winter", "2025", "year", True)]),
    ("The force was cut by the summer.", dt.date(2024, 12, 31), [("the summer", "2024", "year", True)]),
    # an adjective participle or a participle after an auxiliary leaves the decision to the verb phrase
    ("The troops will return to the liberated city on January 3.", dt.date(2024, 12, 30),
     [("January 3", "2025-01-03", "day", True)]),
    ("Troops will be sent to the embattled region in the spring.", dt.date(2024, 12, 30),
     [("the spring", "2025", "year", True)]),
    # a season after 'the end of', 'the start of' is that season's year
    ("The last troops will leave by the end of the summer.", JUL10, [("the end of the summer", "2023", "year", True)]),
    ("The brigade had gone home by the end of the summer.", SEP21, [("the end of the summer", "2023", "year", True)]),
    ("Most units will be gone by the end of summer.", dt.date(2024, 5, 2), [("the end of summer", "2024", "year", True)]),
    ("Patrols will resume at the start of the spring.", dt.date(2024, 1, 20),
     [("the start of the spring", "2024", "year", True)]),
    # a bare month: the tense of the sentence decides even across an aside or when the verb comes after it
    ("The last soldiers will hand the camp, which the army built, to the police in February.", WED,
     [("February", "2026-02", "month", True)]),
    ("The troops will leave the base, the minister said, in February.", WED, [("February", "2026-02", "month", True)]),
    ("In February, the brigade will hand the base to the army.", WED, [("February", "2026-02", "month", True)]),
    ("In February, the brigade handed the base to the army.", WED, [("February", "2025-02", "month", True)]),
    ("Officials expect the convoy to leave in February.", WED, [("February", "2026-02", "month", True)]),
    ("The brigade will be withdrawn by June.", WED, [("June", "2026-06", "month", True)]),
    ("The brigade had been withdrawn by June.", dt.date(2025, 12, 1), [("June", "2025-06", "month", True)]),
    # ... but a relative clause's verb before the date decides for it, and a verb after it only for an opening date
    ("Units that occupied the ridge in late August will also withdraw.", WED, [("late August", "2025-08", "month", True)]),
    ("The talks held near the border in February will resume.", WED, [("February", "2025-02", "month", True)]),
    # days listed before one month without a year
    ("Talks will be held on 11th and 12th November.", WED,
     [("11th", "2025-11-11", "day", True), ("12th November", "2025-11-12", "day", True)]),
    ("The convoys left on August 11 and 12.", WED,
     [("August 11", "2025-08-11", "day", True), ("12", "2025-08-12", "day", True)]),
    ("On August 11 and 12 soldiers were flown out.", WED, [("August 11", "2025-08-11", "day", True)]),  # a count
]


@pytest.mark.parametrize("sentence,published,expected", RELATIVE)
def test_relative_dates_resolve_against_published(sentence, published, expected):
    assert facts(sentence, published) == expected


@pytest.mark.parametrize("sentence,published,expected", RELATIVE)
def test_relative_dates_without_published_stay_unresolved(sentence, published, expected):
    got = facts(sentence, None)
    assert [(t, g, r) for t, _, g, r in got] == [(t, g, r) for t, _, g, r in expected]
    assert all(value is None for _, value, _, _ in got)


NOT_DATES = [
    "The withdrawal took two decades.",
    "Over the past five days, convoys left the area.",
    "The garrison shrank to 3,100 over 90 days.",
    "They were given 60 days to leave the country.",
    "The mission had a five-year mandate.",
    "The evacuation lasted six months.",
    "Another raid may come within the next 48 to 72 hours.",
    "It ended a 20-year war in the valley.",
    "The pullout began weeks ago from the capital.",
    "Attacks fell in recent years.",
    "Numbers fluctuated during the first years.",
    "In subsequent years, the garrison shrank.",
    "Over the past decade, the unit grew.",
    "Over the last year, attacks declined.",
    "Troops were moved out overnight.",
    "The drones flew from Air Base 305 near the town.",
    "A C-17 carried the gear of Company-34 and 81mm mortars.",
    "The runway cost $100 million to build.",
    "About 2,500 troops remain, down from 2,800.",
    "Some 2000 troops remain in the country.",
    "The force was cut by 2000 troops.",
    "A 1500-strong battalion moved north.",
    "He spoke at the 78th session of the assembly.",
    "Security Council Resolution 1973 authorised the strikes.",
    "The convoy left at 1800 hours.",
    "May the troops return safely, the priest said.",
    "The troops may leave soon.",
    "He wrote for The Sunday Times about the war.",
    "The minister told USA Today about the plan.",
    "The Jan. 6 riot was discussed.",
    "The plan is part of Vision 2030.",
    # a type number after a capitalised name, before an equipment noun (or a known type name)
    "France sent Mirage 2000 fighter jets to the base.",
    "Greece flies its Mirage 2000 fleet.",
    "A Mirage 2000 crashed on take-off.",
    "The squadron flies the Falcon 2000 aircraft.",
    "Security Council Resolution 2254 calls for talks.",
    "An Airbus A400M landed at the base.",
    "The 1990s saw several deployments.",
    "The Sept. 11 attacks changed the mission.",
    "April Ryan asked the spokesman a question.",
    # seasons that are not dates here
    "After the fall of the capital, the garrison surrendered.",
    "The summer was unusually hot for the recruits.",
    "Rebels planned the spring offensive for months.",
    "Casualties can fall sharply when patrols stop.",
    "Patrols are harder in winter, a sergeant said.",
    "It was the last summer of the occupation.",
    "Veterans of the Prague Spring marched in the square.",
    "Supplies fall by half in spring as roads flood.",
    "By Spring Valley the convoy turned east.",
    "The wells draw water from the spring below the camp.",
    "The end of the summer offensive was near.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence):
    assert facts(sentence, WED) == []


def test_month_of_that_year_takes_the_year_mentioned_before():
    text = "By 2024 about 2,500 troops remained. In September of that year, the minister spoke."
    assert facts(text, None) == [
        ("2024", "2024", "year", False),
        ("September of that year", "2024-09", "month", False),
    ]


def test_season_of_that_year_takes_the_year_mentioned_before():
    text = "In 2016 the base had 700 troops. In the spring of that year, engineers extended the runway."
    assert facts(text, None) == [
        ("2016", "2016", "year", False),
        ("the spring of that year", "2016", "year", False),
    ]


@pytest.mark.parametrize(
    "published,first_month,direction,year",
    [
        (dt.date(2023, 9, 21), 3, "past", 2023),
        (dt.date(2023, 9, 21), 3, "forward", 2024),
        (dt.date(2023, 4, 2), 3, "forward", 2023),  # under way
        (dt.date(2023, 4, 2), 3, "before", 2022),
        (dt.date(2023, 4, 2), 3, "after", 2024),
        (dt.date(2023, 10, 1), 12, "nearest", 2023),  # the coming winter starts in December
        (dt.date(2023, 7, 1), 12, "before", 2023),  # the last winter ended in February 2023
        (dt.date(2024, 1, 15), 12, "past", 2024),  # under way
        (dt.date(2023, 12, 5), 6, "nearest", 2023),  # the summer just gone is nearer than the next
    ],
)
def test_season_year(published, first_month, direction, year):
    assert season_year(published, first_month, direction) == year


def test_month_of_that_year_without_a_year_before_is_skipped():
    assert facts("In September of that year, the minister spoke.", None) == []


@pytest.mark.parametrize(
    "text,published,value",
    [
        ("01-10-2025", WED, "2025-10-01"),  # agrees with the publication date
        ("01-10-2025", dt.date(2025, 1, 10), "2025-01-10"),
        ("01-10-2025", None, "2025-10-01"),  # no evidence: day-month
        ("10/13/2025", None, "2025-10-13"),  # only one reading is a calendar day
    ],
)
def test_numeric_dates(text, published, value):
    assert [m.value for m in find_dates(text, published)] == [value]


def test_numeric_dates_follow_the_order_the_date_line_settled():
    text = "10/02/2025\n\nThe order of 03/04/2025 was replaced."
    assert [m.value for m in find_dates(text, dt.date(2025, 10, 2))] == ["2025-10-02", "2025-03-04"]
    assert [m.value for m in find_dates(text, None)] == ["2025-02-10", "2025-04-03"]


def test_offsets_point_into_the_text():
    text = "Officials said early Wednesday that the 2024 deal, signed Sept. 27, 2024, holds."
    for m in find_dates(text, WED):
        assert text[m.start : m.end] == m.text


def test_calendar_helpers():
    assert weekday_on_or_before(WED, 2) == WED
    assert weekday_on_or_before(WED, 3) == dt.date(2025, 9, 25)
    assert resolve_month(WED, 10) == "2025-10"
    assert resolve_month(WED, 11) == "2024-11"
    assert resolve_month(WED, 9, "forward") == "2026-09"
    assert resolve_month(WED, 12, "nearest") == "2025-12"
    assert resolve_month(WED, 7, "nearest") == "2025-07"
    assert numeric_readings(1, 10, 2025) == [dt.date(2025, 10, 1), dt.date(2025, 1, 10)]
    assert numeric_readings(5, 5, 2025) == [dt.date(2025, 5, 5)]
    assert numeric_readings(13, 13, 2025) == []


@pytest.mark.parametrize(
    "span,value",
    [("early Wednesday", "2025-10-01"), ("the end of September 2025", "2025-09"), ("in 2014", "2014")],
)
def test_normalise_span(span, value):
    m = normalise_span(span, WED)
    assert m is not None and m.value == value


@pytest.mark.parametrize("span", ["two decades", "the past five days", "weeks ago", "2000 troops"])
def test_normalise_span_rejects_non_dates(span):
    assert normalise_span(span, WED) is None


def test_dateparser_fallback_reads_a_span_our_grammar_does_not():
    assert find_dates("5-Aug-2024") == []
    m = dateparser_span("5-Aug-2024", None)
    assert m is not None and (m.value, m.granularity, m.relative) == ("2024-08-05", "day", False)


def test_dateparser_fallback_needs_a_month_or_weekday():
    assert dateparser_span("60 days", WED) is None
    assert dateparser_span("the first years", WED) is None


# ---------------------------------------------------------------------------
# Through the spaCy pipelines: blank (our grammar only) and the statistical one (plus NER)

PARAGRAPH = (
    "The ministry said early Wednesday that the last convoy left Ain al-Asad, two decades after the 2003 invasion. "
    "Under a deal signed on Sept. 27, 2024, the mission ends by the end of September 2025. "
    "Over the past five days, about 2,500 troops left; the rest go tomorrow."
)
PARAGRAPH_VALUES = ["2025-10-01", "2003", "2024-09-27", "2025-09", "2025-10-02"]


def run(nlp, text, published):
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@pytest.mark.parametrize("which", ["blank_nlp", "nlp"])
def test_component_writes_sorted_date_facts(request, which):
    nlp = request.getfixturevalue(which)
    doc = run(nlp, PARAGRAPH, WED)
    values = [f.value for f in doc._.dates]
    assert values == PARAGRAPH_VALUES
    starts = [f.start for f in doc._.dates]
    assert starts == sorted(starts)
    for f in doc._.dates:
        assert PARAGRAPH[f.start : f.end] == f.text
        assert f.text in f.sentence
        assert f.type == "date"


def test_component_leaves_relative_dates_unresolved_without_published(blank_nlp):
    doc = run(blank_nlp, PARAGRAPH, None)
    by_text = {f.text: f for f in doc._.dates}
    assert by_text["early Wednesday"].value is None and by_text["early Wednesday"].relative
    assert by_text["tomorrow"].value is None
    assert by_text["Sept. 27, 2024"].value == "2024-09-27"


def test_extractor_resolves_against_the_date_line(extractor):
    text = "Convoy leaves the northern base\n\n01-10-2025\n\nERBIL — The ministry said early Wednesday that troops left.\n"
    record = extractor.extract_text(text).model_dump(mode="json")
    assert record["document"]["published"] == "2025-10-01"
    values = {f["text"]: f["value"] for f in record["facts"] if f["type"] == "date"}
    assert values == {"01-10-2025": "2025-10-01", "early Wednesday": "2025-10-01"}


# ---------------------------------------------------------------------------
# Golden fixtures: invented articles in two house styles, through the extractor with both pipelines

DATE_FIXTURES = sorted((FIXTURES / "dates").glob("*.txt"))


@pytest.fixture(scope="module")
def blank_extractor(blank_nlp):
    from withdrawal_cli.extract import Extractor

    return Extractor(nlp=blank_nlp)


@pytest.mark.parametrize("which", ["blank_extractor", "extractor"])
@pytest.mark.parametrize("path", DATE_FIXTURES, ids=lambda p: p.stem)
def test_date_fixtures(request, which, path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    record = request.getfixturevalue(which).extract_text(path.read_text(encoding="utf-8"), path=str(path))
    record = record.model_dump(mode="json")
    document = record["document"]
    assert document["published"] == expected["published"]
    if expected["published_note_contains"] is None:
        assert document["published_note"] is None
    else:
        assert expected["published_note_contains"] in document["published_note"]
    assert document["source"] == expected["source"]
    assert document["title"] == expected["title"]
    dates = [[f["text"], f["value"]] for f in record["facts"] if f["type"] == "date"]
    assert dates == expected["dates"]
