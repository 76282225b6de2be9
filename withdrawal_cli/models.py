"""Typed models of the JSON contract.

These models are the single definition of what ``withdrawal extract`` writes;
``withdrawal schema`` prints the JSON Schema generated from them, and tests
validate real output against it.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from withdrawal_cli import SCHEMA_VERSION

LocationKind = Literal["country", "region", "province", "city", "base", "facility"]
Qualifier = Literal["exact", "approximately", "more_than", "less_than", "up_to", "at_least", "range"]
TroopKind = Literal["level", "change", "planned"]
Granularity = Literal["year", "month", "day"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactBase(_Model):
    text: str = Field(description="The fact as written in the text.")
    start: int = Field(ge=0, description="Character offset of `text` in the decoded text the tool read.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    sentence: str = Field(description="The sentence the fact was read from: the evidence.")


class LocationFact(FactBase):
    type: Literal["location"] = "location"
    name: str = Field(description="Canonical name; every spelling maps to one name.")
    kind: LocationKind | None = Field(None, description="Null for places only the statistical NER found.")
    country: str | None = Field(None, description="Canonical name of the containing country.")
    lat: float | None = None
    lon: float | None = None


class TroopCountFact(FactBase):
    type: Literal["troop_count"] = "troop_count"
    value: int | None = Field(None, description="The figure; null for vague amounts and ranges.")
    low: int | None = None
    high: int | None = None
    qualifier: Qualifier | None = Field(None, description="Null for vague amounts ('hundreds of troops').")
    unit: str = Field(description="troops, soldiers, forces, personnel, advisers, marines...")
    force: str | None = Field(None, description="Whose personnel: United States, coalition, France...")
    location: str | None = Field(None, description="Canonical place where those personnel are (or were).")
    date: str | None = Field(None, description="ISO value of when the figure applies, when the text says.")
    kind: TroopKind = "level"


class Mention(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class OfficialFact(FactBase):
    type: Literal["official"] = "official"
    name: str | None = Field(None, description="Full name as introduced; null for unnamed sources.")
    title: str | None = Field(None, description="The role as the text gives it.")
    affiliation: str | None = Field(None, description="Country or organisation.")
    mentions: list[Mention] = Field(default_factory=list, description="Every mention, first included.")


class DateFact(FactBase):
    type: Literal["date"] = "date"
    value: str | None = Field(None, description="ISO at the expression's own granularity; null if unresolved.")
    granularity: Granularity | None = None
    relative: bool = False


Fact = Annotated[Union[LocationFact, TroopCountFact, OfficialFact, DateFact], Field(discriminator="type")]
FACT_TYPES = ("location", "troop_count", "official", "date")


class PipelineInfo(_Model):
    model: str = Field(description="spaCy pipeline name, or 'blank'.")
    model_version: str | None = None
    withdrawal_version: str
    rules_version: str


class DocumentInfo(_Model):
    id: str = Field(description="Content hash of the text: stable across runs and paths.")
    path: str = Field(description="Input path as given, or '-' for stdin.")
    title: str | None = None
    source: str | None = Field(None, description="The outlet, when the text shows its own.")
    published: str | None = Field(None, description="ISO publication date read from the text or given.")
    published_note: str | None = Field(None, description="How an ambiguous date line was read.")
    pipeline: PipelineInfo


class DocumentResult(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    document: DocumentInfo
    facts: list[Fact] = Field(default_factory=list)


class ErrorDocument(_Model):
    path: str


class ErrorInfo(_Model):
    code: str = Field(description="not_found, empty, binary, undecodable, unreadable, ...")
    message: str


class ErrorRecord(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    document: ErrorDocument
    error: ErrorInfo


ExtractRecord = Union[DocumentResult, ErrorRecord]


def extract_record_schema() -> dict:
    """JSON Schema of one line of `withdrawal extract --format jsonl`."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(ExtractRecord).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "withdrawal extract record"
    return schema
