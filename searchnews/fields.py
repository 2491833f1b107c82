"""The article fields, declared once: what each is, where it is stored, how it is filtered and shown.

The Whoosh schema (engine/whoosh/schema.py), the OpenSearch mapping and documents
(engine/opensearch/mapping.py, documents.py), the query syntax's field names and the filters of
both engines (engine/whoosh/search.py, engine/opensearch/query.py), the CLI's filter options and
completion (cli/commands.py) and the JSON/CSV/terminal renderers (cli/render.py) all read this
table. A new keyword field is one `Field(...)` line here plus the code that fills the `Article`
attribute it names (extract/); a new kind of field also needs its engine types.

Kinds: "id" (exact, unanalysed: id, path), "text" (analysed full text), "keyword" (names matched
whole and case-insensitively; may hold several values), "date" (a PartialDate), "stored" (kept and
shown, never searched). Plain Python: importing this never imports an engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str  # the index field on every engine, and the `name:` of the query syntax
    kind: str  # "id" | "text" | "keyword" | "date" | "stored"
    attribute: str  # the Article attribute that fills it
    multi: bool = False  # several values: a list on the Article (comma-joined in Whoosh, an array in OpenSearch)
    queryable: bool = False  # `name:value` allowed in the query syntax
    filter_option: str | None = None  # a repeatable CLI filter ("--company"): any of the values given
    filter_help: str = ""
    json_key: str | None = None  # its key in `query --json/--csv` hits (None: not in hits)
    label: str = ""  # how the terminal names it ("companies: ...")
    on_hit_line: str | None = None  # "meta": on the date/outlet line; "entities": on the entity line; None: not shown


FIELDS: tuple[Field, ...] = (
    Field("id", "id", "id", json_key="id"),
    Field("path", "id", "path", json_key="path"),
    Field("title", "text", "title", queryable=True, json_key="title"),
    Field("body", "text", "body", queryable=True),
    Field("source", "keyword", "source", queryable=True, filter_option="--source",
          filter_help="Only articles from this outlet (repeat for any of several).",
          json_key="source", label="source", on_hit_line="meta"),
    Field("company", "keyword", "companies", multi=True, queryable=True, filter_option="--company",
          filter_help="Only articles naming this company; any alias works (repeat for any of several).",
          json_key="companies", label="companies", on_hit_line="entities"),
    Field("person", "keyword", "persons", multi=True, queryable=True, filter_option="--person",
          filter_help="Only articles naming this person (repeat for any of several).",
          json_key="persons", label="persons", on_hit_line="entities"),
    Field("author", "keyword", "authors", multi=True, queryable=True, filter_option="--author",
          filter_help="Only articles by this author, from the page's byline (repeat for any of several).",
          json_key="authors", label="by", on_hit_line="meta"),
    Field("date", "date", "date", queryable=True, json_key="date"),
    Field("url", "stored", "url"),
)

BY_NAME: Mapping[str, Field] = {field.name: field for field in FIELDS}
KEYWORD_FIELDS: tuple[Field, ...] = tuple(field for field in FIELDS if field.kind == "keyword")
FILTER_FIELDS: tuple[Field, ...] = tuple(field for field in FIELDS if field.filter_option)
QUERY_FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS if field.queryable)
# keyword fields shown in hits, in the order of the hit JSON/CSV columns (after id, path, title, date)
HIT_KEYWORDS: tuple[Field, ...] = tuple(field for field in KEYWORD_FIELDS if field.json_key)


def filter_param(field: Field) -> str:
    """The Python name click gives the option ("--company" -> "company")."""
    assert field.filter_option
    return field.filter_option.lstrip("-").replace("-", "_")


def keyword_values(article: object, field: Field) -> list[str]:
    """The field's values on an Article (a one-valued field as a list of 0 or 1)."""
    value = getattr(article, field.attribute, None)
    if field.multi:
        return [str(item) for item in value or [] if item]
    return [str(value)] if value else []


def join_keywords(values: Iterable[str]) -> str:
    """Whoosh's comma-separated keyword text: a comma inside a name would split it, so it becomes a space."""
    return ",".join(value.replace(",", " ") for value in values)


def split_keywords(value: object) -> list[str]:
    return [name for name in str(value or "").split(",") if name]


def shown_keywords(stored: Mapping[str, object]) -> dict[str, object]:
    """Stored fields (Whoosh's comma-joined texts) -> {field name: list of names, or the one value/None}."""
    shown: dict[str, object] = {}
    for field in HIT_KEYWORDS:
        value = stored.get(field.name)
        shown[field.name] = split_keywords(value) if field.multi else (value or None)
    return shown
