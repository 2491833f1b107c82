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


def distinct_values(reader, docnums: Iterable[int]) -> Iterable[tuple[dict[str, list[str]], int]]:
    """Each distinct facet_values entry among the articles, parsed once, with how many articles have it:
    most articles share their combination with many others (at 20k, counting per article was a third of a
    faceted query). Columns are read per segment, not through Whoosh's per-document multi-segment lookup."""
    if not reader.has_column("facet_values"):
        yield from ((values, 1) for values in article_values(reader, docnums))
        return
    raw_counts: Counter = Counter()
    docnums = sorted(docnums)
    position = 0
    for leaf, offset in reader.leaf_readers():
        end = offset + leaf.doc_count_all()
        local = []
        while position < len(docnums) and docnums[position] < end:
            local.append(docnums[position] - offset)
            position += 1
        if local and leaf.has_column("facet_values"):
            raw_counts.update(column_values(leaf.column_reader("facet_values", translate=False), local))
    for raw, articles in raw_counts.items():
        source, companies, persons = (raw.decode("utf-8") if raw else "\t\t").split("\t", 2)
        yield {"source": [source] if source else [], "company": split(companies), "person": split(persons)}, articles


def column_values(column, docnums: list[int]) -> Iterable[bytes]:
    """The column's values for `docnums`, from one read of its data (Whoosh reads each value on its own)."""
    try:
        offsets, lengths = column._offsets, column._lengths
        size = offsets[-1] + lengths[-1] if len(offsets) else 0
        data = column._dbfile.get(column._basepos, size)
    except (AttributeError, IndexError, TypeError):  # not Whoosh's VarBytesColumn reader
        return (bytes(column[docnum] or b"") for docnum in docnums)
    return (data[offsets[docnum]:offsets[docnum] + lengths[docnum]] for docnum in docnums)


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
    for values, articles in distinct_values(reader, docnums):
        for name in wanted:
            seen = {}
            for value in values[name]:
                seen.setdefault(value.casefold(), value)
            for key, value in seen.items():
                counts[name][key] += articles
                spellings[name][value] += articles
    result: dict[str, list[tuple[str, int]]] = {}
    for name in wanted:
        shown = {}
        for spelling, _ in spellings[name].most_common():
            shown.setdefault(spelling.casefold(), spelling)
        ranked = sorted(counts[name].items(), key=lambda item: (-item[1], shown[item[0]].casefold()))
        result[name] = [(shown[key], count) for key, count in (ranked if limit is None else ranked[:limit])]
    return result
