"""Input reading: decoding, HTML extraction, chrome masking, bad inputs."""

from __future__ import annotations

import io

import pytest

from withdrawal_cli.chrome import chrome_line_scope, mask_chrome
from withdrawal_cli.errors import InputError
from withdrawal_cli.reading import decode, expand_paths, load_document, looks_binary

from conftest import FIXTURES, SEEDS


@pytest.mark.parametrize(
    "line, scope",
    [
        ("A+ A-", "line"),
        ("Sponsor:  QWIKET: Elevate your fantasy game!", "line"),
        ("NextImg:US reducing military mission in Iraq", "line"),
        ("Fly Erbil Advertisment", "line"),
        ("RELATED", "list"),  # a link-list heading: the bullet lines under it go too
        ("Related coverage", "list"),
        ("More on this story:", "list"),
        ("More on this story came out on Monday.", None),
        ("Comments", "to_end"),
        ("Post a comment", "to_end"),
        ("Rudaw moderates all comments submitted on our website.", "to_end"),
        ("The U.S. military has begun pulling its forces from Iraq.", None),
        ("Comments by the minister angered Baghdad.", None),
        ("Required reading for analysts is the 2024 agreement.", None),
        # link lines: a label, a colon and a linked headline
        ("Related: Brigade to leave the border area by 2,000 troops", "line"),
        ("READ MORE: Last convoy crosses the river", "line"),
        ("See also: The 2019 accord in full", "line"),
        ("Related Coverage: Talks resume in the capital", "line"),
        ("Related talks were held in the capital on Monday.", None),
        ("See also the annex, which lists 2,000 troops.", None),
        ("Read more about the accord: the text is online.", None),
        # section lines: short capitalised segments, one of them a section label
        ("World | Middle East", "line"),
        ("The Harbour Gazette | Europe", "line"),
        ("THE NORTHERN CHRONICLE | World", "line"),
        ("Home › World › Africa", "line"),
        ("Troops leave the base | Example Monitor", None),
        ("Eastland | Westland", None),
        ("Middle East", None),  # a label alone only at the top
    ],
)
def test_chrome_lines(line, scope):
    assert chrome_line_scope(line) == scope


LINK_LISTS = [
    # (text, lines that must be blanked, lines that must stay)
    ("The brigade left the valley.\nRelated coverage\n- Convoy crosses the river at dawn\n"
     "- Ministry names 3,000 troops for the border\nThe last unit will follow in May.\n",
     ["Related coverage", "- Convoy crosses the river at dawn", "- Ministry names 3,000 troops for the border"],
     ["The brigade left the valley.", "The last unit will follow in May."]),
    ("Troops left the port.\n\nRead more:\n\n» Harbour handed to the navy\n» What the accord says\n\n"
     "The navy took over on Friday.\n",
     ["Read more:", "» Harbour handed to the navy", "» What the accord says"], ["The navy took over on Friday."]),
    ("READ MORE\n• Eastland recalls 500 advisers\n• Timeline of the mission\nOfficials said the talks went well.\n",
     ["READ MORE", "• Eastland recalls 500 advisers", "• Timeline of the mission"],
     ["Officials said the talks went well."]),
    ("More on this story\n– Last convoy leaves Camp Delta\n– Analysis: a hasty exit?\nThe camp is empty.\n",
     ["More on this story", "– Last convoy leaves Camp Delta", "– Analysis: a hasty exit?"], ["The camp is empty."]),
    # a list of key points written as sentences is article content, not a link list
    ("Key points:\n- About 2,000 troops will leave the northern bases by March, the ministry said.\n"
     "- The air base at Westport stays open.\n",
     [], ["Key points:", "- About 2,000 troops will leave the northern bases by March, the ministry said.",
          "- The air base at Westport stays open."]),
    # bullets far from a link heading (a paragraph between) stay
    ("Read more:\n» Harbour handed to the navy\nThe navy took over.\n- 400 sailors stayed aboard\n",
     ["Read more:", "» Harbour handed to the navy"], ["The navy took over.", "- 400 sailors stayed aboard"]),
]


@pytest.mark.parametrize("text, blanked, kept", LINK_LISTS)
def test_link_list_under_a_heading_is_blanked(text, blanked, kept):
    masked = mask_chrome(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    lines = masked.split("\n")
    for line in blanked:
        assert line not in lines, line
    for line in kept:
        assert line in lines, line


def test_section_label_alone_is_chrome_only_at_the_top():
    text = "Europe\nTroops leave the valley\n\n" + "The brigade left.\n" * 10 + "Europe\n"
    masked = mask_chrome(text)
    assert masked.startswith("      \nTroops leave the valley")
    assert masked.endswith("Europe\n")


def test_mask_keeps_offsets_and_drops_comment_block():
    text = "Headline\nA+ A-\nBody text about Erbil.\n\nComments\nWe moderate all comments.\nRequired\n"
    masked = mask_chrome(text)
    assert len(masked) == len(text)
    assert masked.index("Body text about Erbil.") == text.index("Body text about Erbil.")
    assert "A+" not in masked and "moderate" not in masked
    assert masked.count("\n") == text.count("\n")


def test_seed_chrome_is_masked_but_article_kept():
    text = (SEEDS / "000_0fb84638b4a2b18a.txt").read_text(encoding="utf-8")
    masked = mask_chrome(text)
    assert "community guidelines" not in masked
    assert "approximately 2,500 troops in Iraq" in masked


def test_expand_folders_recursively_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "one.txt").write_text("one")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x")
    found = list(expand_paths([str(tmp_path), "-", "missing.txt"]))
    assert found == [str(tmp_path / "b" / "two.html"), str(tmp_path / "one.txt"), "-", "missing.txt"]


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_bad_inputs_raise_coded_errors(tmp_path, data, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_document(str(path))
    assert info.value.code == code
    assert info.value.path == str(path)


def test_missing_file_is_not_found():
    with pytest.raises(InputError) as info:
        load_document("no/such/article.txt")
    assert info.value.code == "not_found"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("text")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", deny)
    with pytest.raises(InputError) as info:
        load_document(str(path))
    assert info.value.code == "unreadable"


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Erbil – Irbil".encode("utf-8"), "Erbil – Irbil"),
        ("\ufeffBOM text".encode("utf-8"), "BOM text"),
        ("Café in Hagåtña".encode("utf-16"), "Café in Hagåtña"),
    ],
)
def test_decode(data, expected):
    assert decode(data, "x") == expected


def test_legacy_encoding_is_detected():
    text = "Le ministre français de la Défense a annoncé le retrait des troupes à Niamey. " * 5
    assert "Défense" in decode(text.encode("cp1252"), "x")


def test_stdin_is_read():
    raw = load_document("-", io.BytesIO(b"About 100 Marines left Okinawa."))
    assert raw.path == "-" and raw.text.startswith("About 100 Marines")


def test_binary_sniffing_allows_plain_text():
    assert not looks_binary(b"Plain text\nwith lines\n")
    assert looks_binary(b"\x00\x01\x02binary")


def test_html_goes_through_article_extractor():
    raw = load_document(str(FIXTURES / "html" / "garrison_exit.html"))
    assert raw.is_html
    assert "about 800 troops from Syria" in raw.text
    assert "Home" not in raw.text.split("\n")[0]
    assert "All rights reserved" not in raw.text
    assert raw.html_site == "The Example Herald"
    assert raw.html_date and raw.html_date.startswith("2025-03-14")


BYLINE_PAGE = """<!DOCTYPE html><html><head><title>Brigade leaves the valley</title>
<meta property="article:published_time" content="2023-05-04T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Brigade leaves the valley</h1>
<p class="byline">By Ann Roe &middot; <time datetime="2023-05-04T08:00">4 May 2023</time></p>
<p>The brigade left the valley on Thursday after six years, the defence ministry said in a statement.</p>
<p>About 900 soldiers crossed the river, and engineers will follow in the summer, a spokesman said.</p>
<p>The ministry said the camp would be handed to the local police by the end of the month.</p>
</article><aside><time datetime="2023-05-01">1 May 2023</time> Older story</aside></body></html>"""


def test_html_byline_date_the_page_shows_is_kept_in_the_text(tmp_path):
    """trafilatura drops a byline's <time>; the publication date the page shows goes back in as a line."""
    from withdrawal_cli.datetext import find_dates

    path = tmp_path / "page.html"
    path.write_text(BYLINE_PAGE, encoding="utf-8")
    raw = load_document(str(path))
    assert raw.html_date.startswith("2023-05-04")
    assert raw.text.split("\n")[:2] == ["Brigade leaves the valley", "4 May 2023"]
    assert "1 May 2023" not in raw.text  # only the <time> that holds the publication date
    assert [m.value for m in find_dates(raw.text.split("\n")[1])] == ["2023-05-04"]


def test_html_time_in_a_paragraph_keeps_its_text_and_is_not_repeated(tmp_path):
    """trafilatura would drop '<time>4 May 2023</time>' from the sentence; its text stays, once."""
    path = tmp_path / "page.html"
    page = BYLINE_PAGE.replace("on Thursday", "on <time datetime=\"2023-05-04\">4 May 2023</time>")
    path.write_text(page, encoding="utf-8")
    raw = load_document(str(path))
    assert "The brigade left the valley on 4 May 2023 after six years" in raw.text
    assert raw.text.count("4 May 2023") == 1
    assert raw.html_date.startswith("2023-05-04")
