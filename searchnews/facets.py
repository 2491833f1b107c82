"""Facets: how many matching articles name each company, person and outlet.

Counted over every article the query matches, not just the page shown. Each article's values
are read from one small column written at ingest (`facet_values`), so counting never loads
article bodies; indexes written before that column existed fall back to stored fields.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

FACETS = ("company", "person", "source")  # the order of the facet_values column
FACET_ALIASES = {
    "company": "company", "companies": "company",
    "person": "person", "persons": "person", "people": "person",
    "source": "source", "sources": "source", "outlet": "source", "outlets": "source",
}
FACET_LABELS = {"company": "companies", "person": "persons", "source": "outlets"}


def facet_name(text: str) -> str:
    """'outlet' -> 'source'; an unknown name is the user's error."""
    from searchnews.errors import UserError

    name = FACET_ALIASES.get(text.strip().casefold())
    if name is None:
        raise UserError(f"unknown facet '{text}' (use company, person or outlet)")
    return name


def article_values(reader, docnums: Iterable[int]) -> Iterable[dict[str, list[str]]]:
    """Per matching article: {'company': [...], 'person': [...], 'source': [...]} as the article names them."""
    if reader.has_column("facet_values"):
        column = reader.column_reader("facet_values")
        for docnum in docnums:
            raw = column[docnum]
            source, companies, persons = (bytes(raw).decode("utf-8") if raw else "\t\t").split("\t", 2)
            yield {"source": [source] if source else [], "company": split(companies), "person": split(persons)}
    else:
        for docnum in docnums:
            stored = reader.stored_fields(docnum)
            yield {name: split(str(stored.get(name) or "")) for name in FACETS}


def split(value: str) -> list[str]:
    return [name for name in value.split(",") if name]


def count_facets(reader, docnums: Iterable[int], names: Iterable[str] = FACETS,
                 limit: int | None = 10) -> dict[str, list[tuple[str, int]]]:
    """name -> [(value, articles), ...], most frequent first (ties by name); limit=None lists all.

    Values are counted case-insensitively (as the keyword fields match them) and shown in the
    spelling most articles use. An article counts once per value however often it repeats it.
    """
    wanted = [name for name in FACETS if name in set(names)]
    counts = {name: Counter() for name in wanted}
    spellings: dict[str, Counter] = {name: Counter() for name in wanted}
    for values in article_values(reader, docnums):
        for name in wanted:
            seen = {}
            for value in values[name]:
                seen.setdefault(value.casefold(), value)
            counts[name].update(seen.keys())
            spellings[name].update(seen.values())
    result: dict[str, list[tuple[str, int]]] = {}
    for name in wanted:
        shown = {}
        for spelling, _ in spellings[name].most_common():
            shown.setdefault(spelling.casefold(), spelling)
        ranked = sorted(counts[name].items(), key=lambda item: (-item[1], shown[item[0]].casefold()))
        result[name] = [(shown[key], count) for key, count in (ranked if limit is None else ranked[:limit])]
    return result
