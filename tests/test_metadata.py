"""Document metadata from header snippets we write ourselves: published (+ note), source, title."""

from __future__ import annotations

import datetime as dt

import pytest

from withdrawal_cli.chrome import mask_chrome
from withdrawal_cli.metadata import canonical_outlet, decide_numeric, is_section_line, read_metadata
from withdrawal_cli.reading import RawDocument

D = dt.date


def meta(text: str, **html):
    raw = RawDocument(path="x.txt", text=text, **html)
    return read_metadata(raw, mask_chrome(text))


# (header snippet, published, note contains (or None for no note), source, title)
CASES = [
    # a line that is just a date, ambiguous: the weekday the text mentions decides
    (
        "Convoy leaves the northern base\n\n01-10-2025\nTHE NORTHERN LEDGER\n\n"
        "ERBIL — The ministry said early Wednesday that the last troops left.\n",
        D(2025, 10, 1), "Wednesday", "The Northern Ledger", "Convoy leaves the northern base",
    ),
    (
        "Convoy leaves the northern base\n\n01-10-2025\n\nThe ministry said on Friday that the last troops left.\n",
        D(2025, 1, 10), "month-day", None, "Convoy leaves the northern base",
    ),
    # "late Tuesday" for a text dated the next day
    (
        "Troops pull back\n\n06-03-2026\n\nThe spokesman said late Thursday that the pullback had begun.\n",
        D(2026, 3, 6), "day before", None, "Troops pull back",
    ),
    # no evidence either way: day-month, and the note says it is a guess
    (
        "Troops pull back\n\n03-02-2026\n\nThe pullback has begun, the spokesman said.\n",
        D(2026, 2, 3), "guessed", None, "Troops pull back",
    ),
    # a day and month the text writes out settle the order
    (
        "Troops pull back\n\n02-03-2026\n\nThe pullback began on March 2, the spokesman said.\n",
        D(2026, 3, 2), "names that day", None, "Troops pull back",
    ),
    # unambiguous numeric date: no note
    ("Troops pull back\n\n13-10-2025\n\nThe pullback has begun.\n", D(2025, 10, 13), None, None, "Troops pull back"),
    # masthead, then a date line with separators
    (
        "THE EXAMPLE HERALD\nOct 2, 2025  |  \n0\n\nThe U.S. military has begun pulling out, officials said.\n",
        D(2025, 10, 2), None, "The Example Herald", None,
    ),
    # a known outlet alone on a line, next to the date line
    (
        "Base handed over to the army\n\n2025-10-01\nRudaw\n\nBAGHDAD — The base was handed over.\n",
        D(2025, 10, 1), None, "Rudaw", "Base handed over to the army",
    ),
    # section labels and all-caps headlines are not mastheads
    ("BREAKING NEWS\nOct 2, 2025\n\nTroops left the base, officials said on Monday.\n", D(2025, 10, 2), None, None, None),
    ("US TROOPS LEAVE IRAQ\n\nTroops left the base, officials said on Monday.\n", None, None, None, "US TROOPS LEAVE IRAQ"),
    # a labelled date at the start of the body line
    (" date 2024-03-05 KABUL — The last convoy left the airfield on Tuesday.\n", D(2024, 3, 5), None, None, None),
    ("Published: 12 May 2023\n\nTroops left the town, officials said.\n", D(2023, 5, 12), None, None, None),
    (
        "Wednesday, 1 October 2025 10:32 BST\n\nTroops left the town, officials said on Wednesday.\n",
        D(2025, 10, 1), None, None, None,
    ),
    # dateline with a wire tag: the year comes from the text only when it is certain
    (
        "MOSCOW, June 9. /TASS/. The engineers have gone home, a deputy said. The order of June 9, 2024 stands.\n",
        D(2024, 6, 9), "no year", "TASS", None,
    ),
    ("MOSCOW, June 9. /TASS/. The engineers have gone home, a deputy said.\n", None, None, "TASS", None),
    ("KYIV, March 3 – Ukrinform. The brigade withdrew from the town.\n", None, None, "Ukrinform", None),
    ("ERBIL (Kurdistan24) – The United States will complete the withdrawal tomorrow.\n", None, None, "Kurdistan24", None),
    ("WASHINGTON (AP) — The Pentagon said troops would leave.\n", None, None, "Associated Press", None),
    ("BAGHDAD, Oct 1 (Reuters) - Troops began leaving the base.\n", None, None, "Reuters", None),
    # dates in captions and in the body are not the publication date
    (
        "Marines move to the island\n\nSailors line up on the pier on March 4, 2024.\n\n"
        "HAGATNA (The Island Daily) — About 100 Marines have started to relocate.\n",
        None, None, "The Island Daily", "Marines move to the island",
    ),
    ("A spokesman says the withdrawal began on Jan. 11, 2019, and will take months to complete in full.\n", None, None, None, None),
    # outlets that are only cited are not the source
    (
        "Iraq's government announced on Sunday that the forces have left the base in the west of the country.\n"
        "The command told CNN on Sunday that the statements were true. Reuters reported the figures.\n",
        None, None, None, None,
    ),
    (
        "The brigade has begun leaving the eastern valley, an aide said, giving no figures.\n\n"
        "This article originally appeared on Example Radio/Example TV.\n",
        None, None, "Example Radio/Example TV", None,
    ),
    (
        "Troops to leave the capital\n\nThe troops leave tomorrow, a source revealed exclusively to The Example Post on Thursday.\n",
        None, None, "The Example Post", "Troops to leave the capital",
    ),
    # AP copy under a bare dateline names itself
    (
        "BAGHDAD — The drawdown has begun, officials said. The prime minister told The Associated Press in July that talks go on.\n",
        None, None, "Associated Press", None,
    ),
    # a masthead in capitals at the top (THE ... <newspaper word>), maybe with a section; a section line is no title
    (
        "THE LAKESIDE CHRONICLE\n\nGarrison leaves the valley\n\nPort Ellis, March 9, 2022\n\n"
        "The garrison left the valley on Wednesday, officials said.\n",
        D(2022, 3, 9), None, "The Lakeside Chronicle", "Garrison leaves the valley",
    ),
    (
        "THE EXAMPLE OBSERVER | World\nWorld | Defense\nTuesday, May 4, 2021\nBy Ann Roe\n\n"
        "Brigade to leave the border area\n\nThe brigade will leave, the ministry said.\n",
        D(2021, 5, 4), None, "The Example Observer", "Brigade to leave the border area",
    ),
    (
        "THE COAST AND VALLEY HERALD\nNews › Middle East\n\nConvoy reaches the coast\n\nThe convoy arrived.\n",
        None, None, "The Coast and Valley Herald", "Convoy reaches the coast",
    ),
    # an all-caps headline is not a masthead, even when it opens with THE
    ("THE LAST CONVOY LEAVES\n\nThe convoy left on Monday, officials said.\n", None, None, None, "THE LAST CONVOY LEAVES"),
    # a place and a full date alone on a line, in normal capitals, is the date line
    ("Dar es Salaam, 4 March 2019\nTroops return home\n\nThe troops left.\n", D(2019, 3, 4), None, None,
     "Troops return home"),
    # ... but not when the line goes on as a sentence
    ("Port Ellis, March 9, 2022, was the day the garrison left, a veteran recalled.\n", None, None, None, None),
    # a dateline that opens the first paragraph, with or without a wire tag after the date
    ("FORT MARLOW, Oct. 6, 2024 — The last company left the fort on Sunday.\n", D(2024, 10, 6), None, None, None),
    (
        "Battalion crosses the river\n\nKANDA, Eastland, June 2, 2019 (Example Wire) — The battalion crossed the river.\n",
        D(2019, 6, 2), None, "Example Wire", "Battalion crosses the river",
    ),
    # ... in normal capitals too
    (
        "Battalion crosses the river\n\nKanda, Eastland, June 2, 2019 (Example Wire) — The battalion crossed the river.\n",
        D(2019, 6, 2), None, "Example Wire", "Battalion crosses the river",
    ),
    ("Port Ellis, Oct. 6, 2024 — The last company left the fort on Sunday.\n", D(2024, 10, 6), None, None, None),
    # a header line holding one full date among decorations (place, weekday, time, zone, edition, price) is the
    # date line, and no title
    (
        "THE HARBOUR GAZETTE\nPort Ellis · Sunday, March 25, 1990 · Rs 1.50\n\nLast ships leave the harbour\n\n"
        "The last ships left on Saturday, officials said.\n",
        D(1990, 3, 25), None, "The Harbour Gazette", "Last ships leave the harbour",
    ),
    ("Convoy reaches the airport\nThu 13 Jan 2022, 14:20 ALMT\n\nThe convoy arrived, officials said.\n",
     D(2022, 1, 13), None, None, "Convoy reaches the airport"),
    ("Thu., Jan. 13, 2022 · 2:20 p.m.\nConvoy reaches the airport\n\nThe convoy arrived.\n",
     D(2022, 1, 13), None, None, "Convoy reaches the airport"),
    ("Last updated: Thursday, 2 December 2004, 14:05 GMT\n\nPeacekeepers hand over the valley\n\nThe handover ended.\n",
     D(2004, 12, 2), None, None, "Peacekeepers hand over the valley"),
    ("Brigade leaves the plateau\nNovember 24, 1992 | 10:42 GMT\n\nThe brigade left, officials said.\n",
     D(1992, 11, 24), None, None, "Brigade leaves the plateau"),
    ("Thursday, March 29, 1973 — Final Edition\nLast unit sails home\n\nThe last unit sailed, officials said.\n",
     D(1973, 3, 29), None, None, "Last unit sails home"),
    ("Brigade leaves the plateau\nBy Ann Roe | Posted on March 3, 2024 at 10:15\n\nThe brigade left.\n",
     D(2024, 3, 3), None, None, "Brigade leaves the plateau"),
    ("Vol. 12 No. 84 | Sunday, March 25, 1990 | Price 50 paise\nLast ships leave\n\nThe ships left.\n",
     D(1990, 3, 25), None, None, "Last ships leave"),
    ("Last ships leave\nLast modified on Thu 13 Jan 2022 14.20 GMT\n\nThe ships left.\n",
     D(2022, 1, 13), None, None, "Last ships leave"),
    # a header line with a date of another calendar and the Gregorian one it corresponds to
    ("Tuesday 9 Shawwal 1426 AH, corresponding to 11 November 2005\nLast ships leave\n\nThe ships left.\n",
     D(2005, 11, 11), None, None, "Last ships leave"),
    # a numeric date on such a line is decided with the text's evidence
    ("Port Ellis · 03/04/2024 · Rs 2.00\nLast ships leave\n\nThe ships left on Wednesday.\n",
     D(2024, 4, 3), "Wednesday", None, "Last ships leave"),
    # a second date line (an update) is no title either
    ("Thu 13 Jan 2022, 14:20 ALMT\nUpdated: Friday, 14 January 2022, 09:00 ALMT\nConvoy reaches the airport\n\n"
     "The convoy arrived.\n", D(2022, 1, 13), None, None, "Convoy reaches the airport"),
    # ... but a caption, or a headline in title case that mentions a date, is no date line
    ("Brigade leaves the plateau\n\nSoldiers At Camp Rowe, March 4, 2024 (Photo: Army)\n\nThe brigade left.\n",
     None, None, None, "Brigade leaves the plateau"),
    ("Brigade Leaves Plateau On March 9, 2022\n\nThe brigade left on Friday.\n", None, None, None,
     "Brigade Leaves Plateau On March 9, 2022"),
    # section lines are chrome for extraction, but a masthead in one still names the outlet
    (
        "The Harbour Gazette | Europe\nWorld | Middle East\nMarch 9, 2022\n\nGarrison leaves the valley\n\n"
        "The garrison left the valley on Wednesday, officials said.\n",
        D(2022, 3, 9), None, "The Harbour Gazette", "Garrison leaves the valley",
    ),
    # mastheads with no date line beside them: an acronym and its expansion, a title-case newspaper name with a
    # place, an institute, a government body beside a release label; an unknown acronym is written out
    ("KBC NEWS | Kivu Broadcasting Corporation\n\nPeacekeepers leave the lake district\n\nThe last left.\n",
     None, None, "Kivu Broadcasting Corporation", "Peacekeepers leave the lake district"),
    ("The Lagos Observer\n\nPeacekeepers leave the lake district\n\nThe last peacekeepers left.\n",
     None, None, "The Lagos Observer", "Peacekeepers leave the lake district"),
    ("Centre for Sahel Security Studies\n\nWhat the drawdown means for the region\n\nThe last left.\n",
     None, None, "Centre for Sahel Security Studies", "What the drawdown means for the region"),
    ("Ministry of Defence of Eastland\nPress Release\n\nBrigade completes its return\n\nThe brigade returned.\n",
     None, None, "Ministry of Defence of Eastland", "Brigade completes its return"),
    ("PRESS RELEASE | Ministry of Foreign Affairs\n\nBrigade completes its return\n\nThe brigade returned.\n",
     None, None, "Ministry of Foreign Affairs", "Brigade completes its return"),
    ("Brigade completes its return\n\nACCRA (MNA) \u2014 The brigade returned, Meridian News Agency learned.\n",
     None, None, "Meridian News Agency", "Brigade completes its return"),
    ("THE BLACK SEA HERALD\n\nBrigade completes its return\n\nThe brigade returned.\n",
     None, None, "The Black Sea Herald", "Brigade completes its return"),
    # ... but a headline in title case is none of these
    ("Troops Clash With Armed Group\n\nThe troops clashed on Monday.\n", None, None, None,
     "Troops Clash With Armed Group"),
    ("Ministry of Defence Confirms Pullout\n\nThe ministry said on Monday that it left.\n", None, None, None,
     "Ministry of Defence Confirms Pullout"),
    ("The Last Herald of the War\n\nThe brigade returned on Monday, officials said.\n", None, None, None,
     "The Last Herald of the War"),
    # a byline and a bullet before the headline
    (
        "Military Times\n\n◆ Last engineers depart as bridge work ends.\n\n- By Jane Roe\n\nThe work wrapped up Saturday.\n",
        None, None, "Military Times", "Last engineers depart as bridge work ends",
    ),
]


# a bracketed translation note at the top names the original paper and its edition's date
TRANSLATION_NOTES = [
    ("Last Dutch soldiers leave the province\n\n[Machine-assisted translation from the Dutch. Original: Het "
     "Noorderblad, edition of Monday 2 August 2010, page 3. Names as in the original.]\n\nYesterday, Sunday "
     "1 August, the last soldiers left.\n", D(2010, 8, 2), "Het Noorderblad", "Last Dutch soldiers leave the province"),
    ("[Translated from the Portuguese. Original: Jornal do Planalto, 14 March 2011, p. 12.]\n\nTroops left "
     "the capital on Sunday.\n", D(2011, 3, 14), "Jornal do Planalto", None),
    ("[Unofficial translation. Originally published in: Le Courrier du Sahel, edition of 5 June 2023]\n\n"
     "The battalion left on Friday.\n", D(2023, 6, 5), "Le Courrier du Sahel", None),
]


@pytest.mark.parametrize("text,published,source,title", TRANSLATION_NOTES)
def test_translation_note_gives_original_paper_and_date(text, published, source, title):
    m = meta(text)
    assert (m.published, m.source) == (published, source)
    if title is not None:
        assert m.title == title
    assert not (m.title or "").startswith("[")  # the note is never the headline


def test_bracketed_note_without_original_gives_nothing():
    m = meta("[Editor's note: this story was updated on 3 May 2019 to correct a name.]\n\nTroops left.\n")
    assert (m.published, m.source) == (None, None)


@pytest.mark.parametrize("text,published,note,source,title", CASES)
def test_header_metadata(text, published, note, source, title):
    m = meta(text)
    assert m.published == published
    if note is None:
        assert m.published_note is None
    else:
        assert m.published_note is not None and note in m.published_note
    assert m.source == source
    assert m.title == title


def test_html_metadata_wins():
    m = meta("The troops left the base on Monday, officials said.", html_title="Troops leave", html_date="2024-06-03",
             html_site="The Example Times")
    assert (m.title, m.published, m.source) == ("Troops leave", D(2024, 6, 3), "The Example Times")


def test_no_date_line_means_no_published():
    m = meta("Troops pull back\n\nThe ministry said on Wednesday that the pullback had begun in 2024.\n")
    assert m.published is None and m.published_note is None


def test_decide_numeric_by_weekday():
    chosen, note = decide_numeric("01-10-2025", [D(2025, 10, 1), D(2025, 1, 10)], "It was said early Wednesday.")
    assert chosen == D(2025, 10, 1)
    assert "day-month" in note and "Wednesday" in note


@pytest.mark.parametrize(
    "line,section",
    [("World | Defense", True), ("News › Middle East", True), ("Opinion", True), ("Africa / Sahel", True),
     ("Troops leave the base | Example Monitor", False), ("US TROOPS LEAVE IRAQ", False),
     ("Garrison leaves the valley", False)],
)
def test_section_lines(line, section):
    assert is_section_line(line) is section


@pytest.mark.parametrize(
    "name,canonical",
    [("AP", "Associated Press"), ("AFP", "Agence France-Presse"), ("the Kyiv Independent", "The Kyiv Independent"),
     ("Unknown Gazette", "Unknown Gazette")],
)
def test_canonical_outlet(name, canonical):
    assert canonical_outlet(name) == canonical


def test_seed_metadata(seed_records):
    by_name = {r["document"]["path"].rsplit("/", 1)[-1]: r["document"] for r in seed_records}
    assert by_name["000_0fb84638b4a2b18a.txt"]["published"] == "2025-10-01"
    assert "Wednesday" in by_name["000_0fb84638b4a2b18a.txt"]["published_note"]
    assert by_name["000_0fb84638b4a2b18a.txt"]["source"] == "Rudaw"
    assert by_name["001_e0f9779439428e45.txt"]["published"] == "2025-10-02"
    assert by_name["001_e0f9779439428e45.txt"]["source"] == "The America One News"
    assert by_name["002_a2706479377c0f40.txt"]["published"] == "2025-10-01"
    assert by_name["003_29df234bc8b502f3.txt"]["published"] is None
    assert by_name["003_29df234bc8b502f3.txt"]["source"] == "Kurdistan24"
    assert by_name["004_7002d340e3ea555d.txt"]["published"] is None
    assert by_name["004_7002d340e3ea555d.txt"]["source"] is None


def test_seed_dates(seed_records):
    by_name = {r["document"]["path"].rsplit("/", 1)[-1]: r for r in seed_records}
    values = {f["value"] for f in by_name["002_a2706479377c0f40.txt"]["facts"] if f["type"] == "date"}
    assert values == {"2025-10-01", "2024", "2025-09", "2025-07", "2025"}
    undated = [f for f in by_name["004_7002d340e3ea555d.txt"]["facts"] if f["type"] == "date" and f["relative"]]
    assert undated and all(f["value"] is None for f in undated)
