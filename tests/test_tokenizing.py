"""The span-caching tokenizer wrapper: same tokens as spaCy's tokenizer, each new span cached once."""

from __future__ import annotations

import pickle

import pytest

from withdrawal_cli.tokenizing import SpanCachingTokenizer

TEXTS = [
    "The U.S. Army's 2,500 troops left Ain al-Asad (Anbar) on Sept. 27, 2024; Mr. Smith didn't say why.",
    "Gen. Lloyd Austin's visit -- \"we're leaving,\" he said at 9 a.m. in Erbil/Irbil.\n\nU.K. forces stayed.",
    "  leading spaces,\ttabs\nand\u00a0non-breaking spaces: e-mail@example.org http://example.org/x?y=1 :) ...",
]


@pytest.fixture(scope="module")
def plain():
    import spacy

    return spacy.blank("en").tokenizer


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_spacy(plain, text):
    import spacy

    wrapped = SpanCachingTokenizer(spacy.blank("en").tokenizer)
    for _ in range(2):  # the second time from the cache
        doc = wrapped(text)
        expected = plain(text)
        assert [(t.text, t.idx, t.whitespace_) for t in doc] == [(t.text, t.idx, t.whitespace_) for t in expected]
        assert doc.text == text


def test_each_span_is_remembered_once(plain):
    wrapped = SpanCachingTokenizer(plain)
    wrapped("troops left Iraq")
    wrapped("troops left Syria")
    assert wrapped._seen == {"troops", "left", "Iraq", "Syria"}


def test_stops_remembering_at_the_limit(plain):
    wrapped = SpanCachingTokenizer(plain, max_spans=2)
    wrapped("one two")
    doc = wrapped("three four five")
    assert wrapped._seen == {"one", "two"}
    assert [t.text for t in doc] == ["three", "four", "five"]


def test_other_attributes_are_the_wrapped_tokenizers(plain):
    wrapped = SpanCachingTokenizer(plain)
    assert wrapped.vocab is plain.vocab
    assert wrapped.explain("U.S.")[0][1] == "U.S."
    with pytest.raises(AttributeError):
        wrapped.no_such_attribute


def test_pipeline_uses_it(blank_nlp):
    assert isinstance(blank_nlp.tokenizer, SpanCachingTokenizer)
    assert [t.text for t in blank_nlp.make_doc("U.S. troops")] == ["U.S.", "troops"]


def test_survives_pickling(plain):
    copy = pickle.loads(pickle.dumps(SpanCachingTokenizer(plain)))
    assert [t.text for t in copy("U.S. troops")] == ["U.S.", "troops"]
