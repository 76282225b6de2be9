"""withdrawal_locations: sentence -> location facts (name, kind, country), with both pipelines.

Sentences are invented for these tests; the golden check at the end runs on the bundled seeds.
"""

from __future__ import annotations

import pytest

from conftest import facts_of


def places(doc) -> list[tuple[str, str | None, str | None]]:
    return [(f.name, f.kind, f.country) for f in doc._.locations]


def names(doc) -> set[str]:
    return {f.name for f in doc._.locations}


# (sentence, expected facts in order): rules that hold with or without the statistical model
GAZETTEER_CASES = [
    ("US troops left Irbil on Monday.", [("United States", "country", "United States"), ("Erbil", "city", "Iraq")]),
    ("The U.S. kept advisers in Arbil.", [("United States", "country", "United States"), ("Erbil", "city", "Iraq")]),
    ("Forces moved from Baghdad to Erbil in the Kurdistan region.",
     [("Baghdad", "city", "Iraq"), ("Erbil", "city", "Iraq"), ("Kurdistan Region", "region", "Iraq")]),
    ("ERBIL, Kurdistan Region - The convoy arrived.", [("Erbil", "city", "Iraq"), ("Kurdistan Region", "region", "Iraq")]),
    ("Advisers left al-Asad Air Base in Anbar province.",
     [("Ain al-Asad Air Base", "base", "Iraq"), ("Anbar", "province", "Iraq")]),
    ("Rockets hit Al-Asad base again.", [("Ain al-Asad Air Base", "base", "Iraq")]),
    ("Militias fired drones at al-Assad.", [("Ain al-Asad Air Base", "base", "Iraq")]),
    ("Troops left Ain al-Asad and Victoria bases.",
     [("Ain al-Asad Air Base", "base", "Iraq"), ("Victoria Base", "base", "Iraq")]),
    ("Britain and the UK are one; America and the United States too.",
     [("United Kingdom", "country", "United Kingdom"), ("United Kingdom", "country", "United Kingdom"),
      ("United States", "country", "United States"), ("United States", "country", "United States")]),
    ("Peacekeepers left eastern DR Congo and the Democratic Republic of Congo.",
     [("Democratic Republic of the Congo", "country", "Democratic Republic of the Congo")] * 2),
    ("The convoy crossed into northeastern Syria, also called Rojava.",
     [("Western Kurdistan", "region", "Syria"), ("Western Kurdistan", "region", "Syria")]),
    ("Officials met in the Green Zone.", [("Green Zone", "facility", "Iraq")]),
    ("Reaper drones once took off at Air Base 201 outside Agadez, Niger.",
     [("Air Base 201", "base", "Niger"), ("Agadez", "city", "Niger"), ("Niger", "country", "Niger")]),
    ("A Marine unit from Okinawa settled at Marine Corps Base Camp Blaz, Guam.",
     [("Okinawa", "province", "Japan"), ("Camp Blaz", "base", "United States"), ("Guam", "region", "United States")]),
    ("Russian units left Kiev and the Donetsk region of the Donbass.",
     [("Kyiv", "city", "Ukraine"), ("Donetsk Oblast", "province", "Ukraine"), ("Donbas", "region", "Ukraine")]),
    ("Peacekeepers left Karabakh for Stepanakert.",
     [("Nagorno-Karabakh", "region", "Azerbaijan"), ("Stepanakert", "city", "Azerbaijan")]),
    ("HAGÅTÑA — A supply ship docked on Tuesday.", [("Hagåtña", "city", "United States")]),
    ("The Britain-based monitor reported it.", [("United Kingdom", "country", "United Kingdom")]),
    ("US troops are still stationed at Harir Air Base in Erbil Governorate.",
     [("United States", "country", "United States"), ("Harir Air Base", "base", "Iraq"),
      ("Erbil Governorate", "province", "Iraq")]),
    ("Troops left Naval Air Station Keflavik on the Reykjanes peninsula.",
     [("Naval Air Station Keflavik", "base", "Iceland"), ("Reykjanes Peninsula", "region", "Iceland")]),
    ("Peacekeepers patrol near Pyla, between Larnaca and Famagusta, and at Kato Pyrgos.",
     [("Pyla", "city", "Cyprus"), ("Larnaca", "city", "Cyprus"), ("Famagusta", "city", "Cyprus"),
      ("Kato Pyrgos", "city", "Cyprus")]),
    ("Turkish troops remain in northern Cyprus; British forces stay at RAF Akrotiri in the Sovereign Base Areas.",
     [("Northern Cyprus", "region", "Cyprus"), ("RAF Akrotiri", "base", "United Kingdom"),
      ("Akrotiri and Dhekelia", "region", "United Kingdom")]),
    ("The MFO's North Camp in North Sinai closed and staff moved to South Sinai.",
     [("MFO North Camp", "base", "Egypt"), ("North Sinai", "province", "Egypt"), ("South Sinai", "province", "Egypt")]),
    ("French forces handed Camp Thomas d'Aquin Ouattara in Port-Bouët to Ivorian troops.",
     [("Camp Thomas d'Aquin Ouattara", "base", "Ivory Coast"), ("Port-Bouët", "city", "Ivory Coast")]),
    ("UAE troops left Socotra and the Balhaf terminal in Shabwa.",
     [("United Arab Emirates", "country", "United Arab Emirates"), ("Socotra", "province", "Yemen"),
      ("Balhaf", "city", "Yemen"), ("Shabwah", "province", "Yemen")]),
    ("US troops left Howard AFB in Panama.",
     [("United States", "country", "United States"), ("Howard Air Force Base", "base", "Panama"),
      ("Panama", "country", "Panama")]),
]

# Text that names no place: nationality adjectives, institutions, outlets, vague areas, lower case
NOTHING = [
    "Iraqi and American officials met French and Romanian commanders.",
    "The Pentagon and the White House said the Kremlin was told.",
    "The decision affects the region and several Middle Eastern nations.",
    "Let us know what you think; the turkey was good.",
    "Reading the statement, he said the split was nice.",
    "The report appeared in The New York Times and The Washington Post.",
    "Reuters and Kurdistan24 cited Rudaw.",
    "A US Africa Command statement was posted on Telegram.",
    "He spoke to Radio Free Europe/Radio Liberty.",
    "The green zone of the garden was quiet.",
    "Victoria said the plan was sound.",
    "Guam Gov. Rosa Leon Mendes welcomed the sailors.",  # the only place here is Guam (checked below)
    "Syrian President Bashar al-Assad spoke.",
    "Rebels ousted the al-Assad regime in December.",
    "Kurds, Yazidis and Shiites fled, Sunni leaders said.",
    "Bundeswehr and IDF units trained together.",
    "He served in the Gulf War, Howard said.",  # "Gulf" alone is no alias of the Persian Gulf; Howard is a name
    "Gulf states welcomed the Gulf War veterans.",
]


@pytest.mark.parametrize("sentence, expected", GAZETTEER_CASES)
def test_gazetteer_facts_blank(blank_nlp, sentence, expected):
    assert places(blank_nlp(sentence)) == expected


@pytest.mark.parametrize("sentence, expected", GAZETTEER_CASES)
def test_gazetteer_facts_model(nlp, sentence, expected):
    assert places(nlp(sentence)) == expected


@pytest.mark.parametrize("sentence", NOTHING)
def test_not_places(nlp, blank_nlp, sentence):
    allowed = {"United States"} if sentence.startswith("US Africa") else set()
    if "Guam" in sentence:
        allowed = {"Guam"}
    for pipeline in (nlp, blank_nlp):
        assert names(pipeline(sentence)) <= allowed, sentence


def test_relation_compounds_are_not_mentions(blank_nlp):
    doc = blank_nlp("The U.S.-Iraq partnership and the US-Iraq deal.")
    assert names(doc) == set()
    assert names(blank_nlp("Militants crossed the Iraq-Syria border.")) == {"Iraq", "Syria"}


def test_credit_lines_are_not_article_places(blank_nlp):
    text = "Troops left Erbil on Monday.\n(Reporting by Jane Roe in Baghdad; Editing by John Doe in London)\n"
    assert names(blank_nlp(text)) == {"Erbil"}


def test_fact_fields_point_into_the_text(nlp):
    text = "Security was handed over.\n\nIraqi forces took Ain al-Asad on Sunday."
    doc = nlp(text)
    (fact,) = doc._.locations
    assert text[fact.start : fact.end] == fact.text == "Ain al-Asad"
    assert fact.sentence == "Iraqi forces took Ain al-Asad on Sunday."
    assert (fact.lat, fact.lon) == (pytest.approx(33.786), pytest.approx(42.441))


def test_facts_are_sorted_by_start(nlp):
    doc = nlp("Troops moved from Kabul to Doha, Qatar, and then to Ramstein in Germany.")
    starts = [f.start for f in doc._.locations]
    assert starts == sorted(starts)
    assert [f.name for f in doc._.locations] == ["Kabul", "Doha", "Qatar", "Ramstein Air Base", "Germany"]


@pytest.mark.parametrize(
    "sentence, name, kind, country",
    [
        ("Soldiers left Khalil Air Base in Erbil Governorate.", "Khalil Air Base", "base", "Iraq"),
        ("They trained at Camp Lejeune before deploying.", "Camp Lejeune", "base", None),
        # a listed site's alias after a base prefix its own name lacks: another site (not the Bulgarian range)
        ("The battalion has been based at Camp Novo Selo outside Mitrovica.", "Camp Novo Selo", "base", None),
        ("Peacekeepers closed their base at Nyamwera before the rains.", "Nyamwera", None, None),
        ("Marines fired mortars near Hajin, Syria.", "Hajin", "city", "Syria"),
    ],
)
def test_places_the_gazetteer_lacks(nlp, sentence, name, kind, country):
    facts = [f for f in nlp(sentence)._.locations if f.name == name]
    assert facts, [f.name for f in nlp(sentence)._.locations]
    assert (facts[0].kind, facts[0].country) == (kind, country)


def test_ner_places_come_through_with_kind_null(nlp):
    doc = nlp("The convoy stopped in Zarqawiyah, Syria, before dawn.")
    by_name = {f.name: f for f in doc._.locations}
    assert "Syria" in by_name
    assert by_name.get("Zarqawiyah") is None or by_name["Zarqawiyah"].kind is None


def test_blank_pipeline_has_only_gazetteer_and_rules(blank_nlp):
    doc = blank_nlp("The convoy stopped in Qaryat Zarqawiyah before going to Erbil.")
    assert names(doc) == {"Erbil"}


def test_person_names_that_are_places(nlp, blank_nlp):
    for pipeline in (nlp, blank_nlp):
        assert names(pipeline("Gov. Rosa Leon Mendes spoke in Santiago.")) == {"Santiago"}
        assert names(pipeline("Jordan Peterson spoke on Monday.")) == set()
        assert names(pipeline("Chad Smith said US troops in Jordan and Chad would stay.")) == {"United States", "Jordan", "Chad"}
        assert names(pipeline("Troops trained at Forward Operating Base Salerno.")) == {"Forward Operating Base Salerno"}


# Distinct location names the extractor must report per bundled seed (facts about our seed texts).
SEED_LOCATIONS = {
    "000_0fb84638b4a2b18a": {"United States", "Iraq", "Erbil", "Kurdistan Region", "Baghdad", "United Kingdom",
                             "France", "Germany", "Canada", "Australia", "Washington"},
    "001_e0f9779439428e45": {"United States", "Iraq", "Syria", "Baghdad", "Washington", "Kurdistan Region", "Erbil",
                             "Ain al-Asad Air Base"},
    "002_a2706479377c0f40": {"United States", "Iraq", "Baghdad", "Washington", "Ain al-Asad Air Base", "Erbil",
                             "Kurdistan Region"},
    "003_29df234bc8b502f3": {"United States", "Iraq", "Baghdad", "Erbil", "Western Kurdistan", "Ain al-Asad Air Base",
                             "Victoria Base", "Green Zone", "Anbar", "Kurdistan Region", "Washington"},
    "004_7002d340e3ea555d": {"United States", "Iraq", "Kurdistan Region", "Ain al-Asad Air Base", "Anbar",
                             "Khalil Air Base", "Erbil", "Erbil Governorate", "Iran", "Baghdad",
                             "Baghdad International Airport", "Israel", "Syria"},
}


def test_seed_locations_golden(seed_records):
    got = {}
    for record in seed_records:
        stem = record["document"]["path"].rsplit("/", 1)[-1].removesuffix(".txt")
        got[stem] = {f["name"] for f in facts_of(record, "location")}
    assert got == SEED_LOCATIONS


def test_seed_location_facts_are_consistent(seed_records):
    for record in seed_records:
        for f in facts_of(record, "location"):
            assert f["text"] and f["sentence"]
            assert f["text"] in f["sentence"] or f["text"].strip() in f["sentence"]
            assert f["kind"] in (None, "country", "region", "province", "city", "base", "facility")


# --- sites, lists and context rules (invented sentences) -------------------------------------------

# (sentence, facts that must be there as (name, kind, country)) — the statistical model is loaded
RULE_CASES = [
    # a site named after a known place: one facility or base, in that place's country
    ("Troops left Mosul Palace at dawn.", [("Mosul Palace", "facility", "Iraq")]),
    ("Helicopters landed at Kirkuk Air Station overnight.", [("Kirkuk Air Station", "base", "Iraq")]),
    # lower-case site words after a name the model saw: the whole span, "base camp" in full
    ("Peacekeepers withdrew from Tarbaz camp on Friday.", [("Tarbaz camp", None, None)]),
    ("The envoy spoke at the mission's Dalweyn base camp near the port.", [("Dalweyn base camp", "base", None)]),
    ("Shelling hit the area near the Wadi Sulaf crossing on Monday.", [("Wadi Sulaf crossing", "facility", None)]),
    ("Soldiers held the ridges of the Ardan range for months.", [("Ardan range", None, None)]),
    # every name of a list after a cue noun
    ("Convoys left the outposts at Tindar, Kelmouni and Ousso last week.",
     [("Tindar", None, None), ("Kelmouni", None, None), ("Ousso", None, None)]),
    ("Soldiers stayed at their forward post at Tamar Ridge, near the lake.", [("Tamar Ridge", None, None)]),
    # "the X and Y regions": both names; a known city stands for its province
    ("Militias hold parts of the Harun and Dabel regions under a truce.", [("Harun", "region", None), ("Dabel", "region", None)]),
    ("Ethiopian troops remain in the Gedo and Bay regions.",
     [("Gedo", "province", "Somalia"), ("Bay Region", "province", "Somalia")]),
    ("Shelling continued in the Kharkiv and Sumy regions.",
     [("Kharkiv Oblast", "province", "Ukraine"), ("Sumy Oblast", "province", "Ukraine")]),
    ("Fighting spread across the Sanag region last year.", [("Sanag", "region", None)]),
    # "the X and Y bases / camps / crossings": every listed name is such a site, in the known members' country
    ("Militias have fired drones at the Shaddadi and Tal Tamr bases since October.",
     [("Shaddadi", "base", "Syria"), ("Tal Tamr", "city", "Syria")]),
    ("Aid reached the Zorvan and Belket camps.", [("Zorvan", None, None), ("Belket", None, None)]),
    ("The Sanag region saw heavy fighting.", [("Sanag", "region", None)]),
    # "Town, Country" for a town the gazetteer lacks
    ("The command moved to Hastière, Belgium, last year.", [("Hastière", None, "Belgium"), ("Belgium", "country", "Belgium")]),
    # a name listed with a known town after a place preposition is a town of that country
    ("A column drove from Gao toward Tindermene and Kidal on Sunday.",
     [("Gao", "city", "Mali"), ("Tindermene", None, "Mali"), ("Kidal", "city", "Mali")]),
]

# (sentence, names that must NOT be reported)
RULE_NEGATIVES = [
    ("THE SAHEL LEDGER\n\nFrench troops left Gao on Monday.", {"Sahel", "SAHEL"}),
    ("He wrote for the Basra Courier for years.", {"Basra"}),
    ("The minister told the Lok Sabha that the troops would stay.", {"Sabha"}),
    ("The treaty went to the Rajya Sabha on Thursday.", {"Sabha"}),
    ("The commander in Basra, Lieutenant General Sami Rafi, agreed.", {"Lieutenant General Sami", "Lieutenant General Sami Rafi"}),
    ("Joe Biden met aides as the Biden camp weighed its options.", {"Biden camp"}),
    ("Advisers said the Erdogan camp rejected the plan.", {"Erdogan camp"}),
    ("Supporters of the Trump and Biden camps argued.", {"Trump", "Biden"}),
    ("She wrote in a Telegram post that the units were unhappy.", {"Telegram post"}),
    ("She accepted a post at Carrow Bank after the war.", {"Carrow Bank"}),
    ("Aid reached the remote Galbeed region in March.", {"March"}),
    ("The minister spoke in Baghdad and Kadhimi said the talks went well.", {"Kadhimi"}),
    ("Advisers stayed at bases in Erbil and Harwood said they would leave.", {"Harwood"}),
    ("NORTHERN WIRE\n\nTroops left Erbil on Monday.", {"NORTHERN WIRE", "Northern Wire"}),
    ("TOKYO (Pacific Desk) — Marines left Okinawa on Monday.", {"Pacific Desk"}),
]


@pytest.mark.parametrize("sentence, expected", RULE_CASES)
def test_site_list_and_context_rules(nlp, sentence, expected):
    got = places(nlp(sentence))
    for fact in expected:
        assert fact in got, (fact, got)


@pytest.mark.parametrize("sentence, banned", RULE_NEGATIVES)
def test_rules_keep_non_places_out(nlp, blank_nlp, sentence, banned):
    for pipeline in (nlp, blank_nlp):
        got = {f.name for f in pipeline(sentence)._.locations} | {f.text for f in pipeline(sentence)._.locations}
        assert not got & banned, got


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Troops left Mosul Palace at dawn.", [("Mosul Palace", "facility", "Iraq")]),
        ("Helicopters landed at Kirkuk Air Station overnight.", [("Kirkuk Air Station", "base", "Iraq")]),
        ("Shelling continued in the Kharkiv and Sumy regions.",
         [("Kharkiv Oblast", "province", "Ukraine"), ("Sumy Oblast", "province", "Ukraine")]),
        ("The command moved to Hastière, Belgium, last year.", [("Hastière", None, "Belgium"), ("Belgium", "country", "Belgium")]),
        ("Convoys left the camps at Tindar, Kelmouni and Ousso.",
         [("Tindar", None, None), ("Kelmouni", None, None), ("Ousso", None, None)]),
        ("The last units left the camps at Tessalit and Aguelhok.", [("Tessalit", "city", "Mali"), ("Aguelhok", "city", "Mali")]),
        ("Heavy guns stayed along the Kailash range and near Pangong Tso in eastern Ladakh.",
         [("Kailash Range", "region", None), ("Pangong Tso", "region", None), ("Ladakh", "region", "India")]),
    ],
)
def test_rules_without_the_model(blank_nlp, sentence, expected):
    assert places(blank_nlp(sentence)) == expected


def test_a_list_of_countries_is_not_town_and_country(blank_nlp):
    assert names(blank_nlp("According to Harwood, Iraq, Syria and Iran agreed.")) == {"Iraq", "Syria", "Iran"}


def test_country_facts_carry_the_capital_point(blank_nlp):
    (fact,) = blank_nlp("Troops stayed in Iraq.")._.locations
    baghdad = blank_nlp("Troops stayed in Baghdad.")._.locations[0]
    assert (fact.lat, fact.lon) == (pytest.approx(baghdad.lat, abs=0.05), pytest.approx(baghdad.lon, abs=0.05))


# --- names that are also people's names, facilities, compass names, old names, lists, companies ------------

# (sentence, facts that must be there as (name, kind, country)), with and without the statistical model
PLACE_READING_CASES = [
    # a city that is also a given name or surname is the city after a place preposition or in "City, State"
    ("Up to 1,800 Marines have arrived in Darwin for the dry season.", [("Darwin", "city", "Australia")]),
    ("The tanker squadron will be based at Darwin until October.", [("Darwin", "city", "Australia")]),
    ("The reservists returned to Austin after the exercise.", [("Austin", "city", "United States")]),
    ("Marines will rotate through Darwin, in Australia's north, each year.", [("Darwin", "city", "Australia")]),
    ("A new squadron reached Darwin, Northern Territory, on Friday.",
     [("Darwin", "city", "Australia"), ("Northern Territory", "province", "Australia")]),
    # facilities: a base prefix or suffix around a name, whatever the words of the name
    ("Two bombers flew from RAAF Base Tindal to Guam.", [("RAAF Base Tindal", "base", "Australia")]),
    ("Crews rehearsed at RAAF Base Scherger last year.", [("RAAF Base Scherger", "base", "Australia")]),
    ("Soldiers handed over Contingency Operating Base Marez to the Iraqi army.",
     [("Contingency Operating Base Marez", "base", None)]),
    ("The platoon left Combat Outpost Kelvar in the spring.", [("Combat Outpost Kelvar", "base", None)]),
    ("The brigade moved to Joint Base Lewis-McChord.", [("Joint Base Lewis-McChord", "base", "United States")]),
    ("The Marines trained at the Mount Kerrin Training Area before the cyclone.",
     [("Mount Kerrin Training Area", "base", None)]),
    ("Drones took off from the Sergeant Hadi Karim air base near the border.",
     [("Sergeant Hadi Karim air base", "base", None)]),
    ("The last crews left the Pleiku air base in 1975.", [("Pleiku air base", "base", "Vietnam")]),
    ("Helicopters took off from the Bien Hoa air base.", [("Bien Hoa Air Base", "base", "Vietnam")]),
    ("The tankers flew to RAAF Base Darwin on Monday.", [("RAAF Base Darwin", "base", "Australia")]),
    ("Darwin's port was leased in 2015.", [("Darwin", "city", "Australia")]),
    ("DARWIN (Top End Wire) — The rotation began on Monday.", [("Darwin", "city", "Australia")]),
    ("Refugees gathered near the Khabari al-Awazem Crossing on Friday.",
     [("Khabari al-Awazem Crossing", "facility", None)]),
    # compass word + region: one place, no stray "North"
    ("Peacekeepers left North Darfur last month.", [("North Darfur", "province", "Sudan")]),
    ("Attacks rose in West Darfur and South Darfur after the pull-out.",
     [("West Darfur", "province", "Sudan"), ("South Darfur", "province", "Sudan")]),
    ("The last US combat troops left South Vietnam in 1973.", [("South Vietnam", "region", "Vietnam")]),
    ("British troops patrolled Northern Ireland for decades.", [("Northern Ireland", "region", "United Kingdom")]),
    ("Convoys crossed West Anbar at night.", [("West Anbar", "region", "Iraq")]),
    # former names of cities and countries: the place under its present name
    ("The last Americans were evacuated from Saigon in 1975.", [("Ho Chi Minh City", "city", "Vietnam")]),
    ("Troop ships sailed from Bombay to Rangoon.", [("Mumbai", "city", "India"), ("Yangon", "city", "Myanmar")]),
    ("The envoy flew from Peking to Calcutta.", [("Beijing", "city", "China"), ("Kolkata", "city", "India")]),
    ("Indian troops landed in Ceylon from Madras.", [("Sri Lanka", "country", "Sri Lanka"), ("Chennai", "city", "India")]),
    ("The Soviet Union pulled its last troops out of Afghanistan in 1989.", [("Soviet Union", "country", "Soviet Union")]),
    # small theatre towns listed after a movement verb
    ("The peacekeepers left Batticaloa and Vavuniya on Monday.",
     [("Batticaloa", "city", "Sri Lanka"), ("Vavuniya", "city", "Sri Lanka")]),
    ("The army pulled back from Kilinochchi and Mullaitivu.",
     [("Kilinochchi", "city", "Sri Lanka"), ("Mullaitivu", "city", "Sri Lanka")]),
    ("The garrison moved from Almaty to Nur-Sultan.", [("Almaty", "city", "Kazakhstan"), ("Astana", "city", "Kazakhstan")]),
    # a hyphenated town the gazetteer lacks is not the known place in its second half
    ("A column drove from Gao toward Tin-Hama and Kidal on Sunday.",
     [("Gao", "city", "Mali"), ("Tin-Hama", None, "Mali"), ("Kidal", "city", "Mali")]),
]

# (sentence, facts that must be there), with the statistical model: rules that use what the model saw
PLACE_READING_MODEL_CASES = [
    # "<Name> crossing": Arabic particles stay inside the name
    ("Refugees gathered near the Khabari al-Awazem crossing on Friday.", [("Khabari al-Awazem crossing", "facility", None)]),
    ("Trucks queued at the Jaber al-Ahmad crossing for hours.", [("Jaber al-Ahmad crossing", "facility", None)]),
    # a name listed with a place the model saw, after a movement verb
    ("The peacekeepers left Pallikudi and Tharavan on Monday.", [("Pallikudi", None, None), ("Tharavan", None, None)]),
    ("The rebels captured Murunkan and Pesalai in March.", [("Murunkan", None, None), ("Pesalai", None, None)]),
]

# (sentence, names or texts that must NOT be reported), both pipelines
PLACE_READING_NEGATIVES = [
    ("Charles Darwin said nothing about the move.", {"Darwin"}),
    ("Darwin said the rotation would end.", {"Darwin"}),
    ("Gen. Austin visited the troops on Monday.", {"Austin"}),
    ("Lloyd Austin said the troops would stay.", {"Austin"}),
    ("Peacekeepers left North Darfur last month.", {"North", "Darfur"}),
    ("The last US combat troops left South Vietnam in 1973.", {"South", "Vietnam"}),
    ("British troops patrolled Northern Ireland for decades.", {"Northern", "Ireland"}),
    ("Troops pulled back to northern Iraq.", {"northern Iraq", "Northern Iraq"}),
    ("Refugees gathered near the Khabari al-Awazem crossing on Friday.", {"Khabari", "al-Awazem crossing"}),
    ("Khartoum (Nile Dispatch) — The last peacekeepers left El Fasher on Monday.", {"Nile Dispatch", "Nile"}),
    ("(Nile Dispatch) — The last peacekeepers left El Fasher on Monday.", {"Nile Dispatch", "Nile"}),
    ("The figures were first reported by the weekly (Basra Courier) last year.", {"Basra"}),
    ("Defense Secretary Lloyd Austin, United States envoy, spoke.", {"Austin"}),
    ("The rotation began.\nPeacekeepers left North Darfur.", {"Peacekeepers"}),
    ("A column drove from Gao toward Tin-Hama and Kidal on Sunday.", {"Hama"}),
    ("Pro-Russia militias left Tin-Hama.", {"Hama"}),
    ("The port was leased to Landbridge, a Chinese company, in 2015. Landbridge declined to comment.", {"Landbridge"}),
    ("The Chinese firm Kestrelmark runs the port.", {"Kestrelmark"}),
    ("The wharf is operated by Kestrelmark under a lease.", {"Kestrelmark"}),
    ("Shares of Basra Holdings rose while Erbil Ltd and Kirkuk Group fell.", {"Basra", "Erbil", "Kirkuk"}),
]


@pytest.mark.parametrize("sentence, expected", PLACE_READING_CASES)
def test_place_readings(nlp, blank_nlp, sentence, expected):
    for pipeline in (nlp, blank_nlp):
        got = places(pipeline(sentence))
        for fact in expected:
            assert fact in got, (fact, got, pipeline is nlp)


@pytest.mark.parametrize("sentence, expected", PLACE_READING_MODEL_CASES)
def test_place_readings_with_the_model(nlp, sentence, expected):
    got = places(nlp(sentence))
    for fact in expected:
        assert fact in got, (fact, got)


@pytest.mark.parametrize("sentence, banned", PLACE_READING_NEGATIVES)
def test_place_readings_keep_non_places_out(nlp, blank_nlp, sentence, banned):
    for pipeline in (nlp, blank_nlp):
        doc = pipeline(sentence)
        got = {f.name for f in doc._.locations} | {f.text for f in doc._.locations}
        assert not got & banned, (got, pipeline is nlp)


# --- recurring deployment places, numbered bases, hyphenated names, longest names, outlets and units -------

# (sentence, facts that must be there), with and without the statistical model
DEPLOYMENT_PLACE_CASES = [
    # camps, towns and training areas of the theatres, and umlauts written in ASCII
    ("Aid workers left the al-Hol camp after the riot.", [("al-Hol camp", "facility", "Syria")]),
    ("Danish engineers joined the battlegroup at Tapa last spring.", [("Tapa", "city", "Estonia")]),
    ("Canadian tanks rolled into Adazi in March.", [("Ādaži", "city", "Latvia")]),
    ("The insurgents threatened the gas site at Afungi.", [("Afungi", "region", "Mozambique")]),
    ("Cuban ships sailed from Namibe in 1989.", [("Namibe", "city", "Angola")]),
    ("Militias moved rockets through the Bekaa valley.", [("Bekaa Valley", "region", "Lebanon")]),
    ("Soviet tank crews left WUENSDORF in 1994.", [("Wünsdorf", "city", "Germany")]),
    ("The last Soviet tanks left Wuensdorf in 1994.", [("Wünsdorf", "city", "Germany")]),
    ("German troops rotated through Rukla in the winter.", [("Rukla", "base", "Lithuania")]),
    ("US troops exercised at Orzysz and Drawsko Pomorskie.", [("Orzysz", "city", "Poland"), ("Drawsko Pomorskie", "city", "Poland")]),
    ("About 1,500 French soldiers are at Cincu.", [("Cincu", "city", "Romania")]),
    ("The gunners fired at Novo Selo and Smardan.",
     [("Novo Selo Training Area", "base", "Bulgaria"), ("Smârdan", "city", "Romania")]),
    ("Cuban forces fought at Cuito Cuanavale in 1988.", [("Cuito Cuanavale", "city", "Angola")]),
    # numbered bases: "the 201st military base", "Russia's 102nd base", "Air Base 101"
    ("Russian troops withdrew from the 201st military base in Dushanbe.", [("201st military base", "base", "Tajikistan")]),
    ("Russia keeps soldiers at the 102nd base in Gyumri.", [("102nd base", "base", "Armenia")]),
    ("Moscow reinforced Russia's 4th military base in the spring.", [("4th military base", "base", None)]),
    ("Jets flew from Air Base 101 near Niamey.", [("Air Base 101", "base", "Niger")]),  # guard: worked before
    # a hyphenated name before a site word stays whole
    ("Marines left the Port-Lamy base on Monday.", [("Port-Lamy base", "base", None)]),
    ("The last French soldiers left the Sainte-Marie base.", [("Sainte-Marie base", "base", None)]),
]

# (sentence, facts that must be there), with the statistical model: a longer name the model spans beats a one-word
# gazetteer match on its first word
LONGEST_NAME_MODEL_CASES = [
    ("Troops moved into Mosul Jadida on Monday.", [("Mosul Jadida", None, None)]),
    ("Angolan troops held out at Menongue Velho for weeks.", [("Menongue Velho", None, None)]),
    ("Cuban units dug in at Luena Nhareia after the battle.", [("Luena Nhareia", None, None)]),
]

# (sentence, names or texts that must NOT be reported), both pipelines
DEPLOYMENT_NEGATIVES = [
    ("Russian troops withdrew from the 201st military base in Dushanbe.", {"201st"}),  # guard
    ("Marines left the Port-Lamy base on Monday.", {"Lamy base", "Port"}),
    ("The last French soldiers left the Sainte-Marie base.", {"Sainte", "Marie base"}),
    ("Troops moved into Mosul Jadida on Monday.", {"Mosul", "Jadida"}),
    ("Angolan troops held out at Menongue Velho for weeks.", {"Menongue", "Velho"}),
    # outlets in wire tags and place words inside organisation and unit names
    ("By Hana Khalil (Levant Wire Service)\nThe last troops left Syria on Monday.", {"Levant"}),
    ("The last troops left Syria on Monday, an official said. (Levant Wire Service)", {"Levant"}),
    ("The last troops left Syria on Monday, officials told the Levant Wire Service.", {"Levant"}),
    ("A US Army Europe and Africa spokesperson said the brigade would leave Romania.", {"Europe", "Africa"}),
    ("Officials at US Army Europe and Africa said troops would leave.", {"Europe", "Africa"}),
    ("US Naval Forces Europe said the frigate would leave.", {"Europe"}),
    ("The Middle East Command was disbanded.", {"Middle East"}),
    # guards for the rules above: a bare low ordinal is no base; the ordinal alone is never a place; a political camp
    # of two joined surnames is no site; a bank named after a city is no place
    ("Aides in the Biden-Harris camp said the troops would stay.", {"Biden-Harris camp"}),
    ("Depositors queued at Kabul Bank branches.", {"Kabul Bank", "Kabul"}),
    ("The ninth battalion of the 2nd base regiment left.", {"2nd base"}),
]


@pytest.mark.parametrize("sentence, expected", DEPLOYMENT_PLACE_CASES)
def test_deployment_places(nlp, blank_nlp, sentence, expected):
    for pipeline in (nlp, blank_nlp):
        got = places(pipeline(sentence))
        for fact in expected:
            assert fact in got, (fact, got, pipeline is nlp)


@pytest.mark.parametrize("sentence, expected", LONGEST_NAME_MODEL_CASES)
def test_longest_name_wins_with_the_model(nlp, sentence, expected):
    got = places(nlp(sentence))
    for fact in expected:
        assert fact in got, (fact, got)


@pytest.mark.parametrize("sentence, banned", DEPLOYMENT_NEGATIVES)
def test_deployment_negatives(nlp, blank_nlp, sentence, banned):
    for pipeline in (nlp, blank_nlp):
        doc = pipeline(sentence)
        got = {f.name for f in doc._.locations} | {f.text for f in doc._.locations}
        if pipeline is blank_nlp and sentence.startswith(("Troops moved into Mosul", "Angolan troops")):
            continue  # without the model nothing says the two words are one name
        assert not got & banned, (got, pipeline is nlp)


# --- bylines and credit lines, mastheads, compound adjectives, compass names, "<Name> City", foreign site words,
# small theatre places, a city that is a surname after a verb and adverb (the fourth unseen set) ----------------

# (sentence, names or texts that must NOT be reported), both pipelines
CREDIT_AND_MASTHEAD_NEGATIVES = [
    # a First Last name after "with files from" / "By" / "Reporting by" is a person, whatever the model calls it
    ("Capital Wire, with files from Ines Valcourt in Bamako\nFrench troops left Mali.", {"Ines Valcourt"}),
    ("By Ines Valcourt, special envoy to Bamako\nFrench troops left Mali.", {"Ines Valcourt"}),
    ("Reporting by Ines Valcourt in Bamako; editing by Tom Hale\nFrench troops left Mali.", {"Ines Valcourt"}),
    # an outlet's masthead on the first line names no place
    ("HORN OF AFRICA BRIEF — Analysis\nThe last troops left Somalia.", {"Horn of Africa", "HORN OF AFRICA"}),
    ("SAHEL SECURITY BRIEF — Analysis\nFrench troops left Niger last year.", {"Sahel", "SAHEL"}),
    # compound nationality adjectives are no places and leave no stray word
    ("It was Ghana's West African decade, and Central Asian and Southeast Asian states watched.",
     {"African", "West African", "Asian", "Central Asian", "Southeast Asian"}),
    ("The Economic Community of West African States sent troops to Gambia.", {"African", "West African"}),
    # compass + region and "<Name> City" are one name each
    ("Indonesian militias crossed from West Timor into East Timor in 1999.", {"Timor", "West", "East"}),
    ("The ships docked at Djibouti City before the troops flew to Kuwait City.", {"City", "Djibouti"}),
    ("Relief flights landed in Belize City.", {"City", "Belize"}),
    # a foreign site word before a country's name makes a site, not the country
    ("The Dutch battle group was based at Kamp Holland in Tarin Kowt.", {"Kamp", "Holland", "Netherlands"}),
    ("Portuguese troops returned to Quartel General Carmona.", {"Carmona"}),
]

# (sentence, facts that must be there as (name, kind, country)), both pipelines
FOURTH_SET_PLACES = [
    ("Indonesian militias crossed from West Timor into East Timor in 1999.",
     [("West Timor", "region", "Indonesia"), ("Timor-Leste", "country", "Timor-Leste")]),
    ("The ships docked at Djibouti City before the troops flew to Kuwait City.",
     [("Djibouti City", "city", "Djibouti"), ("Kuwait City", "city", "Kuwait")]),
    ("Relief flights landed in Belize City.", [("Belize City", "city", "Belize")]),
    ("Dutch troops left Forward Operating Base Ma'sum Ghar in 2010.",
     [("Forward Operating Base Ma'sum Ghar", "base", None)]),
    ("The Dutch battle group was based at Kamp Holland in Tarin Kowt.", [("Kamp Holland", "base", "Afghanistan")]),
    ("German soldiers left Lager Hammelburg on Friday.", [("Lager Hammelburg", "base", None)]),
    ("Brazilian peacekeepers left Base General Bacellar in Port-au-Prince.",
     [("Base General Bacellar", "base", "Haiti"), ("Port-au-Prince", "city", "Haiti")]),
    ("The British fought in Nad-e Ali and the Canadians in Panjwaii.",
     [("Nad-e Ali", "city", "Afghanistan"), ("Panjwaii", "city", "Afghanistan")]),
    ("Peacekeepers patrolled Suai and Maliana, and later Balibo and Oecussi.",
     [("Suai", "city", "Timor-Leste"), ("Maliana", "city", "Timor-Leste"), ("Balibo", "city", "Timor-Leste"),
      ("Oecusse", "region", "Timor-Leste")]),
    ("Brazilian troops patrolled Cité Soleil for years.", [("Cité Soleil", "city", "Haiti")]),
    ("The Marines flew home from Darwin in October.", [("Darwin", "city", "Australia")]),
    ("After the exercise, the Marines flew back to Darwin.", [("Darwin", "city", "Australia")]),
    ("Darwin-based Marines trained with Australian forces.", [("Darwin", "city", "Australia")]),
]

# guards: the new rules keep what must stay
FOURTH_SET_GUARDS = [
    ("By Monday, French troops had left Mali.", [("Mali", "country", "Mali")]),
    ("Base commanders in Kabul Province said the troops would leave.", [("Kabul Province", "province", "Afghanistan")]),
    ("KABUL — Analysis of the pullout shows the last troops left Afghanistan.", [("Kabul", "city", "Afghanistan")]),
    ("The Base Realignment Commission met in Brussels.", [("Brussels", "city", "Belgium")]),
    ("Troops were deployed to the Horn of Africa last year.", [("Horn of Africa", "region", None)]),
    ("US TROOPS LEAVE SYRIA — What we know\nThe last troops left.", [("Syria", "country", "Syria")]),
    ("By New Delhi's count, 300 troops left Kashmir.", [("New Delhi", "city", "India")]),
    ("Correspondents reporting from South Sudan said the troops left.", [("South Sudan", "country", "South Sudan")]),
]


@pytest.mark.parametrize("sentence, banned", CREDIT_AND_MASTHEAD_NEGATIVES)
def test_fourth_set_negatives(nlp, blank_nlp, sentence, banned):
    for pipeline in (nlp, blank_nlp):
        doc = pipeline(sentence)
        got = {f.name for f in doc._.locations} | {f.text for f in doc._.locations}
        assert not got & banned, (got, pipeline is nlp)


@pytest.mark.parametrize("sentence, expected", FOURTH_SET_PLACES + FOURTH_SET_GUARDS)
def test_fourth_set_places(nlp, blank_nlp, sentence, expected):
    for pipeline in (nlp, blank_nlp):
        got = places(pipeline(sentence))
        for fact in expected:
            assert fact in got, (fact, got, pipeline is nlp)


def test_base_realignment_is_no_base(nlp, blank_nlp):
    for pipeline in (nlp, blank_nlp):
        assert "Base Realignment" not in names(pipeline("The Base Realignment Commission met in Brussels."))
