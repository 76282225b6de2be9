"""Officials: named persons with a public role, unnamed sources, and what is NOT an official.

Sentences here are invented for the tests (no article text). Each table runs through the full
statistical pipeline and the blank one, so the rules hold with and without NER.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, facts_of
from withdrawal_cli import officialtext
from withdrawal_cli.officialtext import affiliation_of, surname_key, tokenize

PIPELINES = ("nlp", "blank_nlp")


def officials(nlp, text: str) -> list:
    return nlp(text)._.officials


def named(nlp, text: str) -> dict:
    return {f.name: f for f in officials(nlp, text) if f.name}


@pytest.fixture(params=PIPELINES)
def any_nlp(request):
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- named officials: (sentence, name, title)

PRE_NAME_TITLES = [
    ("Defense Secretary Lloyd Austin said the troops would stay.", "Lloyd Austin", "Defense Secretary"),
    ("The figure came from Chief Pentagon Spokesperson Anna Kowalski on Monday.", "Anna Kowalski",
     "Chief Pentagon Spokesperson"),
    ("The mission began under former US President Jimmy Carter in 1979.", "Jimmy Carter", "former US President"),
    ("Lt. Gen. Mark Doyle briefed reporters in Kabul.", "Mark Doyle", "Lt. Gen."),
    ("The convoy was led by Staff Sgt. Maria Lopez and two medics.", "Maria Lopez", "Staff Sgt."),
    ("Gov. Rosa Maria de la Vega welcomed the decision.", "Rosa Maria de la Vega", "Gov."),
    ("Sen. Tom Harlan criticised the pullout on Tuesday.", "Tom Harlan", "Sen."),
    ("NATO Secretary General Lars Berg said the allies agreed.", "Lars Berg", "NATO Secretary General"),
    ("Secretary of State Dana Whitfield arrived in Baghdad.", "Dana Whitfield", "Secretary of State"),
    ("The country was ruled for decades by the dictator Manuel Ortega.", "Manuel Ortega", "dictator"),
    ("Iraqi Defense Minister Karim al-Jaberi announced the timetable.", "Karim al-Jaberi", "Iraqi Defense Minister"),
    ("The junta is led by Captain Moussa Diallo, who seized power last year.", "Moussa Diallo", "Captain"),
    ("Lieutenant Colonel Jean-Marc Ouedraogo resigned on Friday.", "Jean-Marc Ouedraogo", "Lieutenant Colonel"),
    ("Ukraine Prosecutor-General Olena Marchenko said the bodies were found.", "Olena Marchenko",
     "Ukraine Prosecutor-General"),
    ("According to UNIFIL head Maria Santos, the handover is on schedule.", "Maria Santos", "UNIFIL head"),
    ("Turkish President Ahmet Kaya spoke by phone with his counterpart.", "Ahmet Kaya", "Turkish President"),
    ("White House press secretary Jane Morrow declined to comment.", "Jane Morrow", "White House press secretary"),
    # a rank right before the name is the person's rank, not part of the descriptive title
    ("Regional Command chief Gen. Alan Brooks said the drawdown would continue.", "Alan Brooks",
     "Regional Command chief"),
    ("Eastland army spokesman Colonel Idrissa Kone said on the radio that the base was empty.", "Idrissa Kone",
     "Eastland army spokesman"),
    ("Navy spokeswoman Lt. Cmdr. Rita Hale confirmed the sailing.", "Rita Hale", "Navy spokeswoman"),
    ("Coalition deputy commander Maj Gen Tom Ashby toured the camp.", "Tom Ashby", "Coalition deputy commander"),
    # ... but a role that ends in a rank word stays whole, and a rank alone is the title
    ("UN Secretary General Maria Lind called for calm.", "Maria Lind", "UN Secretary General"),
    ("Maj Gen Tom Ashby toured the camp.", "Tom Ashby", "Maj Gen"),
    # the last name token is a name even when it spells an acronym in other casing ("Un", not "UN")
    ("The envoy later met North Korean leader Kim Jong Un at the border.", "Kim Jong Un", "North Korean leader"),
    ("UN envoy Sara Holm said the talks would resume.", "Sara Holm", "UN envoy"),
    # initials in capitals are part of the name
    ("The talks were led by Lt Gen RK Varma, commander of the northern corps.", "RK Varma",
     "commander of the northern corps"),
    ("Army chief Gen. MS Thakur inspected the post.", "MS Thakur", "Army chief"),
    ("Then-President Carl Weber announced the withdrawal in 2011.", "Carl Weber", "Then-President"),
    ("Militia leader Abu Karar al-Tamimi rejected the deal.", "Abu Karar al-Tamimi", "Militia leader"),
    ("Prime Minister Nabil al-Rawi's office said on Thursday that talks ended.", "Nabil al-Rawi", "Prime Minister"),
    ("Emir Khalid bin Saad Al Harbi hosted the talks.", "Khalid bin Saad Al Harbi", "Emir"),
    ("Defense Secretary Paul R. Maddox III met his counterpart on Monday.", "Paul R. Maddox", "Defense Secretary"),
    ("Pope Leo XIV called for peace.", "Leo XIV", "Pope"),
    # dotted initials before a surname are part of the name
    ("The accord was signed by President J.R. Kelumbe in 1987.", "J.R. Kelumbe", "President"),
    ("Prime Minister V.P. Rathod ordered the force home.", "V.P. Rathod", "Prime Minister"),
    ("The force was led by Maj. Gen. R.K. Bhandwal, who returned on Saturday.", "R.K. Bhandwal", "Maj. Gen."),
    # local elected roles
    ("City councillor Mary Lake said the base would be missed.", "Mary Lake", "City councillor"),
    ("Alderman Joe Pratt opposed the closure.", "Joe Pratt", "Alderman"),
    # a title that is also a given name, after another title, is the name
    ("Defence Minister Sultan Hamdan called the decision a mutual one.", "Sultan Hamdan", "Defence Minister"),
]


@pytest.mark.parametrize("text,name,title", PRE_NAME_TITLES)
def test_title_before_name(any_nlp, text, name, title):
    found = named(any_nlp, text)
    assert name in found, found
    assert found[name].title == title


APPOSITIVES = [
    ("\"We are leaving,\" said Mariela Ortiz, the UN special representative, in an interview.", "Mariela Ortiz",
     "UN special representative"),
    ("Omar Khalid, the country's defense minister, said the talks were over.", "Omar Khalid",
     "country's defense minister"),
    ("Gen. Helen Ward, chief of the general staff, told parliament the unit was home.", "Helen Ward",
     "chief of the general staff"),
    ("The strike killed Iran's top intelligence commander, Reza Moradi.", "Reza Moradi",
     "Iran's top intelligence commander"),
    ("Elena Petrova, deputy head of the Duma (lower house) defense committee, said the mission was over.",
     "Elena Petrova", "deputy head of the Duma defense committee"),
    ("Farid Haddad, a senior adviser to the prime minister, said the bases would close.", "Farid Haddad",
     "senior adviser to the prime minister"),
    ("The rebels removed the head of the ruling council, Colonel Amadou Sow, on Sunday.", "Amadou Sow",
     "head of the ruling council"),
    ("The U.S. ambassador to Qatar, Laura Finch, said the embassy would stay open.", "Laura Finch",
     "U.S. ambassador to Qatar"),
    ("\u201cWe remain committed,\u201d said Maj. Gen. Peter Rowe, the Pentagon press secretary.", "Peter Rowe",
     "Pentagon press secretary"),
    ("The order was read by Brig. Gen. Salim Aziz, spokesman for the commander of the armed forces.", "Salim Aziz",
     "spokesman for the commander of the armed forces"),
    ("Sam Kuti, a city councilor, welcomed the troops.", "Sam Kuti", "city councilor"),
    # a role in apposition beats the rank before the name, even when it opens with an -ing modifier
    ("Colonel Brian Hadley, commanding officer of the 2nd Battalion, said the unit was ready.", "Brian Hadley",
     "commanding officer of the 2nd Battalion"),
    ("Colonel Ruth Okafor, retiring commander of the 3rd Brigade, said the unit was ready.", "Ruth Okafor",
     "retiring commander of the 3rd Brigade"),
    ("Colonel Brian Hadley, the commanding officer, said the unit was ready.", "Brian Hadley", "commanding officer"),
    # predecessor / successor frames and 'then <role>'
    ("His predecessor, Elena Marsh, had backed the bases treaty.", "Elena Marsh", "predecessor"),
    ("Her successor, Tomas Vidal, let the treaty lapse.", "Tomas Vidal", "successor"),
    ("The deal was struck under Ruth Dagan, then prime minister.", "Ruth Dagan", "then prime minister"),
    # a role given only in a relative clause right after the name
    ("\u201cThe pullout is on schedule,\u201d said Marta Kivi, who chairs the parliament's defence committee.",
     "Marta Kivi", "chairs the parliament's defence committee"),
    ("The plan was drawn up by Omar Farouk, who heads the national security council.", "Omar Farouk",
     "heads the national security council"),
    ("Colonel Ines Maro, who commands the northern brigade, said the last patrol was over.", "Ines Maro",
     "commands the northern brigade"),
    # a speech verb before the speaker and a lower-case hyphenated title
    ("\u201cWe are ready,\u201d declared the minister-adviser in charge of security, Paul-Henri Essomba.",
     "Paul-Henri Essomba", "minister-adviser in charge of security"),
    # the role after the name beats the rank before it, even with a participle after the role
    ("Major General Karim Mansour, head of the joint committee overseeing the pullout, said the bases were empty.",
     "Karim Mansour", "head of the joint committee"),
    ("Major General Karim Mansour, head of the joint committee, said the bases were empty.",
     "Karim Mansour", "head of the joint committee"),
    ("Major General Karim Mansour, head of the committee for coordinating the pullout, told reporters it was over.",
     "Karim Mansour", "head of the committee for coordinating the pullout"),
]

HONORIFICS = [
    # an honorific between the title and the name belongs to neither
    ("Defence Minister H.E. Lucinda Maputo opened the session.", "Lucinda Maputo", "Defence Minister"),
    ("Foreign Minister Dr. Ana Ribeiro welcomed the accord.", "Ana Ribeiro", "Foreign Minister"),
    ("Interior Minister Hon. Peter Okello said the police would take over.", "Peter Okello", "Interior Minister"),
    ("Tribal leader Sheikh Hamid al-Dulaimi met the commander.", "Hamid al-Dulaimi", "Tribal leader"),
    ("Ambassador Mrs. Clara Nunez signed for the government.", "Clara Nunez", "Ambassador"),
    # ... but inside a name an honorific word is a name
    ("President Abdi Sheikh Warsame said the troops would stay.", "Abdi Sheikh Warsame", "President"),
    # "and" inside an organisation name is part of the title
    ("US Army Europe and Africa spokesperson Dana Holt said the brigade would rotate home.", "Dana Holt",
     "US Army Europe and Africa spokesperson"),
    ("Ministry of Defence and Veterans Affairs spokesman John Mwale said the unit was home.", "John Mwale",
     "Ministry of Defence and Veterans Affairs spokesman"),
]


@pytest.mark.parametrize("text,name,title", HONORIFICS)
def test_honorific_and_organisation_titles(any_nlp, text, name, title):
    found = named(any_nlp, text)
    assert name in found, found
    assert found[name].title == title


@pytest.mark.parametrize("text", [
    # no person name right before the clause: not a title
    "The committee, which chairs the talks, met on Monday.",
    "Reporters asked who heads the mission now.",
    # a name joined by 'and' to a title is two things, not one title
    "Talks between Tom Reed and Defence Minister Ana Ribeiro ended.",
])
def test_relative_clause_and_conjunction_precision(any_nlp, text):
    found = named(any_nlp, text)
    assert "Tom Reed" not in found
    for fact in found.values():
        assert "Reed" not in (fact.title or "")


def test_listed_countries_are_not_one_organisation(any_nlp):
    found = named(any_nlp, "After talks between Iraq and Turkey Foreign Minister Ali Kaplan flew home.")
    assert found["Ali Kaplan"].title == "Turkey Foreign Minister"


@pytest.mark.parametrize("text,name,affiliation", [
    # rebel and militia leaders are officials (GUIDELINES); a possessive organisation frame names one
    ("Jonas Savimbi's UNITA movement kept fighting.", "Jonas Savimbi", "UNITA"),
    ("Afonso Dhlakama's Renamo rebels signed the accord.", "Afonso Dhlakama", "Renamo"),
    # a leader not on the list, by the frame alone
    ("Samuel Okafor's National Liberation Front fighters held the valley.", "Samuel Okafor", None),
])
def test_rebel_leaders_without_title(any_nlp, text, name, affiliation):
    found = named(any_nlp, text)
    assert name in found, found
    assert found[name].affiliation == affiliation


@pytest.mark.parametrize("text", [
    "Mark Fenwick's company built the camp.",  # no armed group or party
    "The Marshall Plan's architects met in Paris.",
])
def test_possessive_without_a_group_is_no_leader(any_nlp, text):
    assert [f.name for f in officials(any_nlp, text) if f.name] == []


@pytest.mark.parametrize("text,name,title", APPOSITIVES)
def test_appositive_title(any_nlp, text, name, title):
    found = named(any_nlp, text)
    assert name in found, found
    assert found[name].title == title


def test_role_beats_rank_when_both_are_given(any_nlp):
    found = named(any_nlp, "Gen. Helen Ward, chief of the general staff, told parliament the unit was home.")
    assert found["Helen Ward"].title == "chief of the general staff"


# ---------------------------------------------------------------- one fact per person, later mentions fold in

def test_later_mentions_fold_into_the_full_name(any_nlp):
    text = ("Pentagon spokesperson Laura Bishop said the drawdown had begun. "
            "Bishop said no date was set. Bishop's office gave no figures.")
    facts = [f for f in officials(any_nlp, text) if f.name]
    assert [f.name for f in facts] == ["Laura Bishop"]
    fact = facts[0]
    assert [m.text for m in fact.mentions] == ["Laura Bishop", "Bishop", "Bishop"]
    assert (fact.text, fact.start, fact.end) == ("Laura Bishop", text.index("Laura"), text.index("Laura") + 12)
    assert fact.affiliation == "United States"
    for m in fact.mentions:
        assert text[m.start:m.end] == m.text


def test_article_prefix_folds(any_nlp):
    text = "National security adviser Hamid al-Zubaidi spoke on Monday. Zubaidi added that talks would go on."
    facts = [f for f in officials(any_nlp, text) if f.name]
    assert len(facts) == 1
    assert facts[0].name == "Hamid al-Zubaidi"
    assert [m.text for m in facts[0].mentions] == ["Hamid al-Zubaidi", "Zubaidi"]


def test_same_surname_different_first_names_are_two_people(any_nlp):
    text = ("Foreign Minister Fuad Hussein said talks were constructive. The dictator Saddam Hussein was toppled "
            "in 2003. Saddam fled the capital.")
    facts = {f.name: f for f in officials(any_nlp, text) if f.name}
    assert set(facts) == {"Fuad Hussein", "Saddam Hussein"}
    assert [m.text for m in facts["Saddam Hussein"].mentions] == ["Saddam Hussein", "Saddam"]
    assert facts["Fuad Hussein"].title == "Foreign Minister"


def test_appositive_title_is_not_a_second_source(any_nlp):
    text = "Lt. Col. Joe Brandt, a CENTCOM spokesperson, said the strike killed two militants."
    facts = officials(any_nlp, text)
    assert [(f.name, f.title, f.affiliation) for f in facts] == [("Joe Brandt", "CENTCOM spokesperson", "United States")]
    assert [m.text for m in facts[0].mentions] == ["Joe Brandt"]


def test_titled_person_whose_surname_is_also_a_place(any_nlp):
    text = "Turkish President Ahmet Kaya spoke by phone with his counterpart. Kaya said talks would go on."
    facts = [f for f in officials(any_nlp, text) if f.name]
    assert [(f.name, [m.text for m in f.mentions]) for f in facts] == [("Ahmet Kaya", ["Ahmet Kaya", "Kaya"])]
    assert officials(any_nlp, "Troops left Kaya on Monday, officials said.") == []


def test_plural_title_is_not_part_of_the_name(any_nlp):
    text = "Presidents Joe Biden and Emmanuel Macron met in Paris."
    assert {f.name for f in officials(any_nlp, text)} == {"Joe Biden", "Emmanuel Macron"}


def test_known_leader_without_title(any_nlp):
    facts = [f for f in officials(any_nlp, "A week later, Putin's office denied the report.") if f.name]
    assert [(f.name, f.title, f.affiliation) for f in facts] == [("Putin", None, "Russia")]


@pytest.mark.parametrize("text,name,affiliation", [
    ("The war began under Leonid Brezhnev.", "Leonid Brezhnev", "Soviet Union"),
    ("The accord was reached under Jayewardene in 1987.", "Jayewardene", "Sri Lanka"),
    ("The last troops left under Mohammad Najibullah.", "Mohammad Najibullah", "Afghanistan"),
])
def test_historical_leader_without_title(any_nlp, text, name, affiliation):
    found = named(any_nlp, text)
    assert name in found, found
    assert found[name].affiliation == affiliation


def test_untitled_name_after_under_takes_a_title_given_elsewhere(any_nlp):
    text = "The last troops left under Amir Sadiq. President Sadiq fell in 1992."
    fact = named(any_nlp, text)["Amir Sadiq"]
    assert fact.title == "President" and len(fact.mentions) == 2


def test_own_role_beats_predecessor(any_nlp):
    text = ("His predecessor, Elena Marsh, had backed the treaty. "
            "Former President Elena Marsh now lives abroad.")
    fact = named(any_nlp, text)["Elena Marsh"]
    assert fact.title == "Former President"


def test_title_from_a_later_mention(any_nlp):
    text = "Talks stalled. Later, President Joe Biden said the deadline would hold. Biden spoke from Washington."
    fact = named(any_nlp, text)["Joe Biden"]
    assert fact.title == "President"
    assert len(fact.mentions) == 2


# ---------------------------------------------------------------- affiliation

@pytest.mark.parametrize("title,affiliation", [
    ("Chief Pentagon Spokesperson", "United States"),
    ("former US President", "United States"),
    ("U.S. military spokeswoman", "United States"),
    ("MONUSCO head", "MONUSCO"),
    ("UN envoy", "United Nations"),
    ("NATO Secretary General", "NATO"),
    ("chairwoman of the Federation Council", "Russia"),
    ("spokesman", None),
    (None, None),
])
def test_affiliation_from_title(title, affiliation):
    assert affiliation_of(title) == affiliation


@pytest.mark.parametrize("title,affiliation", [
    ("Iraqi Prime Minister", "Iraq"),
    ("French Defense Minister", "France"),
    ("Iran's most powerful military commander", "Iran"),
    ("senior Iraqi security official", "Iraq"),
    ("Washington's envoy", "United States"),
    ("Ukraine Prosecutor-General", "Ukraine"),
    ("North Korean leader", "North Korea"),  # the two-word nationality, not "Korean"
    ("South Sudanese army spokesman", "South Sudan"),
])
def test_affiliation_from_nationality(title, affiliation):
    assert affiliation_of(title) == affiliation


# ---------------------------------------------------------------- unnamed sources

UNNAMED = [
    ("A senior Iraqi security official said the troops left last week.", "senior Iraqi security official"),
    ("A military source told reporters the base was empty.", "military source"),
    ("The totals were confirmed by a senior UK Defence official on condition of anonymity.",
     "senior UK Defence official"),
    ("An official told the newspaper that the move was planned.", "official"),
    ("A U.S. official, speaking on condition of anonymity, said the pullout would take months.", "U.S. official"),
    ("One official said the decision was final.", "official"),
    ("A Western diplomat said the mission had failed.", "Western diplomat"),
]


@pytest.mark.parametrize("text,title", UNNAMED)
def test_unnamed_sources(any_nlp, text, title):
    facts = officials(any_nlp, text)
    assert [(f.name, f.title) for f in facts] == [(None, title)]
    assert text[facts[0].start:facts[0].end] == facts[0].text


def test_unnamed_source_affiliation_from_organisation(any_nlp):
    facts = officials(any_nlp, "A senior Pentagon official said the plan was final.")
    assert [(f.title, f.affiliation) for f in facts] == [("senior Pentagon official", "United States")]


def test_definite_reference_is_a_mention_not_a_new_source(any_nlp):
    text = "A senior Kurdish security official said the convoy left. The official said more would follow."
    facts = officials(any_nlp, text)
    assert len(facts) == 1
    assert [m.text for m in facts[0].mentions] == ["A senior Kurdish security official", "The official"]


NOT_UNNAMED = [
    "Iraqi officials said the forces were ready.",  # plural
    "Friday's parade was the official close of the deployment.",  # adjective
    "The official said the talks went well.",  # nothing it could refer to
    "Senior officials from both countries met in Doha.",
    "The bases became a source of tension, officials said.",
]


@pytest.mark.parametrize("text", NOT_UNNAMED)
def test_not_unnamed_sources(any_nlp, text):
    assert officials(any_nlp, text) == []


def test_unnamed_source_named_by_a_definite_appositive(any_nlp):
    text = ("A coalition spokesman said on Monday that the pullout had begun. "
            "The spokesman, Major Tom Keller, declined to give numbers.")
    facts = officials(any_nlp, text)
    assert [(f.name, f.title) for f in facts] == [("Tom Keller", "coalition spokesman")]
    assert facts[0].text == "Tom Keller"


def test_unnamed_spokesman_then_ranked_name(any_nlp):
    text = ("A spokesman for NATO forces in Kosovo says the drawdown is on track. "
            "\u201cWe are on schedule,\u201d Lt. Col. Dana Price said.")
    facts = officials(any_nlp, text)
    assert [(f.name, f.title, f.affiliation) for f in facts] == [
        ("Dana Price", "spokesman for NATO forces in Kosovo", "NATO")]


def test_titled_person_is_not_taken_for_an_unnamed_source(any_nlp):
    text = "A military official said 900 troops stayed behind. President Carl Weber promised more aid."
    facts = officials(any_nlp, text)
    assert [(f.name, f.title) for f in facts] == [(None, "military official"), ("Carl Weber", "President")]


# ---------------------------------------------------------------- NOT officials

NOT_OFFICIALS = [
    "By Jane Harper\n\nTroops left the base on Monday.",
    "Medics load a truck. (Navy photo by Petty Officer Ann Lowe)",
    "Reporting by Tom Reed; Editing by Ann Lee",
    "Ellen Parks\n\nThe troops left the base on Monday.",
    "CNN correspondent Jake Turner reported from Kabul on Monday.",
    "Victoria Base was handed over to Iraqi forces.",
    "The Joint Operations Command said the handover was complete.",
    "Kataib Hezbollah, one of Iraq's most powerful armed groups, refused to disarm.",
    "Mark Fenwick said he had seen the convoy leave.",
    "She addressed the General Assembly during its annual debate.",
    "Iraqi Military Source Confirmed to Local Outlet Today\n\nThe troops left.",
    "The General Staff of the Navy announced the exercise.",
    "A major withdrawal began as Private Security Company guards left.",
    "The contract went to General Dynamics and General Motors last year.",
    "Smith, 54, a former Marine, said he opposed the war.",
    "Jane Doe is a reporter for the Daily Planet who covers the Pentagon.",
    "Photo: AFP/John Doe",
    "Troops from Marine Corps Base Camp Holt left on Monday.",
    "Photographer Ann Cole documented the handover at Fort Bliss.",
    "The official Xinhua news agency reported the pullout.",
    "In a meeting with the president, Ahmed Salem said the troops would leave.",
    "Lolita Baines, AP National Security Writer\n\nThe troops left.",
    "Ida Marsh, Reuters national security correspondent, said nothing.",
    "Reporting by Phil Stone and Ida Marsh in Washington; Editing by Don Hale",
    "The UK Ministry of Defence confirmed the move on Friday.",  # capitals before a name-like word are no initials
    "EU Foreign Affairs Council members met in Brussels.",
    "Suspects such as Goran Petrich were never arrested.",  # no role
    "The U.S. Army left the U.K. Base in 1992.",  # dotted country initials are no name
    "Under Tom Reed, the choir toured the region.",  # an untitled person after 'under' is not enough
    # unit and organisation names after a role are no persons, nor are places and generic words in them
    "The last commander of Task Force Kandahar flew home on Friday.",
    "He served as commander of Joint Task Force Borealis until May.",
    "Cadets trained at the Eastland National Army Officer Academy near the capital.",
    "The commander of Combined Team Marlow said the base would close.",
    "The Dutch commander, Combined Team Marlow, said the base would close.",
    "The Dutch commander, \"Combined Team Marlow\", said the base would close.",
    "He was the deputy commander of Regional Command North in 2009.",
    "The head of the Kandahar Provincial Reconstruction Team said the base would close.",
    "The chief of the Eastland Military Academy spoke at the parade.",
    "A spokesman for Security Force Assistance Brigade Two said the unit left.",
    "Officers of the Parachute Regiment, the commander of Task Group Lima said, left the camp.",
    "The governor of New Mexico, Burkina Faso, said nothing.",  # places in an appositive are no person
]


@pytest.mark.parametrize("text", NOT_OFFICIALS)
def test_not_officials(any_nlp, text):
    assert [f.name for f in officials(any_nlp, text) if f.name] == []


UNIT_AFTER_ROLE = [  # (sentence, the one official): the person stays, the unit after the role is no second person
    ("\"We did our job,\" said Brigadier Robert Hale, the last commander of Task Force Helmand, on Friday.",
     "Robert Hale", "last commander of Task Force Helmand"),
    ("Colonel Pieter de Wit, commander of Joint Task Force Afghanistan, said the handover was complete.",
     "Pieter de Wit", "commander of Joint Task Force Afghanistan"),
    ("Major General Anne Fraser, head of the Combined Joint Task Force, said troops would leave.",
     "Anne Fraser", "head of the Combined Joint Task Force"),
    ("The deputy commander of Regional Command South, Brigadier Tom Reid, said the base would close.",
     "Tom Reid", "deputy commander of Regional Command South"),
    ("Defense Secretary Austin said the troops would stay.", "Austin", "Defense Secretary"),
    ("President Kaya said the troops would stay.", "Kaya", "President"),
]


@pytest.mark.parametrize("text,name,title", UNIT_AFTER_ROLE)
def test_unit_after_a_role_is_no_person(any_nlp, text, name, title):
    assert [(f.name, f.title) for f in officials(any_nlp, text) if f.name] == [(name, title)]


def test_places_the_model_calls_persons_are_not_officials(nlp):
    text = "Commander forces at Ain al-Asad were moved. Rudaw moderates all comments."
    assert [f.name for f in officials(nlp, text) if f.name] == []


# ---------------------------------------------------------------- a whole invented article

BRIEFING = FIXTURES / "officials" / "drawdown_briefing.txt"
BRIEFING_EXPECTED = [  # (name, title, affiliation, mention texts)
    (None, "senior Kurdish security official", None, ["a senior Kurdish security official", "The official"]),
    ("Daniel Hartley", "commander of coalition land forces in Iraq", None,
     ["Daniel Hartley", "Hartley", "the U.S. commander"]),
    ("Rebaz Hamlan", "Kurdistan Region's interior minister", "Kurdistan Region", ["Rebaz Hamlan", "Hamlan"]),
    ("Karim al-Jaberi", "Iraqi Prime Minister", "Iraq", ["Karim al-Jaberi", "Jaberi"]),
    ("Dana Whitfield", "U.S. Secretary of State", "United States", ["Dana Whitfield"]),
    (None, "Iraqi commander", "Iraq", ["An Iraqi commander"]),
    ("Putin", None, "Russia", ["Putin"]),
    ("Ivan Sokolov", "Putin's envoy to the region", "Russia", ["Ivan Sokolov"]),
]


def test_invented_briefing(any_nlp):
    """Byline, analyst, photo credit left out; titles, appositives, folding and unnamed sources in."""
    text = BRIEFING.read_text(encoding="utf-8")
    facts = officials(any_nlp, text)
    got = [(f.name, f.title, f.affiliation, [m.text for m in f.mentions]) for f in facts]
    assert got == BRIEFING_EXPECTED
    for f in facts:
        assert f.sentence and text[f.start:f.end] == f.text
        assert all(text[m.start:m.end] == m.text for m in f.mentions)


# ---------------------------------------------------------------- fact shape

def test_fact_shape(any_nlp):
    text = "Iraqi Prime Minister Karim al-Jaberi told reporters that talks went well."
    fact = officials(any_nlp, text)[0]
    assert fact.type == "official"
    assert fact.sentence == text
    assert text[fact.start:fact.end] == fact.text == "Karim al-Jaberi"
    assert fact.mentions[0].start == fact.start


# ---------------------------------------------------------------- pure helpers

def test_tokenize_keeps_names_abbreviations_and_possessives_whole():
    toks = tokenize("Lt. Gen. Jean-Bosco al-Amin's U.S. visit")
    assert [t.text for t in toks] == ["Lt.", "Gen.", "Jean-Bosco", "al-Amin's", "U.S.", "visit"]
    assert toks[3].poss and toks[3].base == "al-Amin"


@pytest.mark.parametrize("word,key", [("al-Aaraji", "aaraji"), ("Erdoğan", "erdogan"), ("Parnell", "parnell"),
                                      ("El-Sisi", "sisi")])
def test_surname_key(word, key):
    assert surname_key(word) == key


def test_data_files_load():
    lex = officialtext.lexicon()
    assert lex.heads["spokesperson"] == ("role", False)
    assert lex.heads["gen."][0] == "rank"
    assert lex.heads["general"] == ("rank", True)
    assert "official" in lex.unnamed_heads and "president" not in lex.unnamed_heads
    assert "reporter" in lex.cues["journalist"]


# ---------------------------------------------------------------- seeds (golden)

SEED_OFFICIALS = {
    "000_0fb84638b4a2b18a": {"Sean Parnell": "Chief Pentagon Spokesperson", "Barack Obama": "former US President"},
    "001_e0f9779439428e45": {"Sean Parnell": "Pentagon spokesperson"},
    "002_a2706479377c0f40": {"Sean Parnell": "Pentagon spokesman", "Mohammed Shia al-Sudani": "Iraqi Prime Minister"},
    "003_29df234bc8b502f3": {"Saddam Hussein": "dictator", "Barack Obama": "President",
                             "Thabit al-Abbasi": "Iraqi Defense Minister"},
    "004_7002d340e3ea555d": {"Barack Obama": "former President", "Donald Trump": "US President",
                             "Qassem Soleimani": "Iran\u2019s most powerful military commander"},
}


@pytest.mark.parametrize("stem", sorted(SEED_OFFICIALS))
def test_seed_officials(seed_records, stem):
    record = next(r for r in seed_records if r["document"]["path"].endswith(stem + ".txt"))
    facts = facts_of(record, "official")
    assert {f["name"]: f["title"] for f in facts if f["name"]} == SEED_OFFICIALS[stem]


def test_seed_unnamed_sources(seed_records):
    by_stem = {r["document"]["path"].rsplit("/", 1)[-1][:-4]: r for r in seed_records}
    unnamed = {stem: [f["title"] for f in facts_of(r, "official") if f["name"] is None] for stem, r in by_stem.items()}
    assert unnamed["001_e0f9779439428e45"] == ["official", "senior Iraqi security official"]  # "an official told"

    assert unnamed["003_29df234bc8b502f3"] == ["senior Iraqi military source"]
    assert unnamed["004_7002d340e3ea555d"] == []  # "Iraqi officials" is plural


def test_seed_byline_is_not_an_official(seed_records):
    record = next(r for r in seed_records if r["document"]["path"].endswith("001_e0f9779439428e45.txt"))
    assert "Ellen Mitchell" not in {f["name"] for f in facts_of(record, "official")}


def test_seed_pentagon_spokesperson_reference_folds_into_parnell(seed_records):
    record = next(r for r in seed_records if r["document"]["path"].endswith("000_0fb84638b4a2b18a.txt"))
    parnell = next(f for f in facts_of(record, "official") if f["name"] == "Sean Parnell")
    assert [m["text"] for m in parnell["mentions"]] == ["Sean Parnell", "Parnell", "the Pentagon spokesperson"]
    assert not [f for f in facts_of(record, "official") if f["name"] is None]
