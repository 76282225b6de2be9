"""Keep spaCy's tokenizer cache working for whole articles.

spaCy's tokenizer caches how it split each whitespace-delimited span, but once a
document has used one special case ("U.S.", "Mr.", "don't") it stops caching for
the rest of that document, so in news text most spans were split again, by
regular expressions, in every article. A span tokenized on its own is cached
unless it is special itself, and a span splits the same alone as in running text
(the tokenizer never looks across whitespace), so each new span is tokenized once
on its own first. Tokenization is unchanged; repeated words cost a cache lookup.
"""

from __future__ import annotations

# Distinct spans remembered; past this (a very large, varied corpus) new spans are no longer pre-cached.
MAX_SPANS = 500_000


class SpanCachingTokenizer:
    """Wraps a spaCy Tokenizer: same Docs, with every new span put in its cache first."""

    def __init__(self, tokenizer, max_spans: int = MAX_SPANS) -> None:
        self.tokenizer = tokenizer
        self.max_spans = max_spans
        self._seen: set[str] = set()

    def __call__(self, text: str):
        seen = self._seen
        if len(seen) < self.max_spans:
            new = set(text.split()).difference(seen)
            if new:
                tokenize = self.tokenizer
                for span in new:
                    tokenize(span)
                seen.update(new)
        return self.tokenizer(text)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        # everything else (vocab, explain, to_bytes, rules...) is the wrapped tokenizer's; never our own
        # fields (a copy or unpickling asks for them before they exist)
        if name in ("tokenizer", "max_spans", "_seen") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
