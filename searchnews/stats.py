"""What the index holds: counts, date range, top outlets / companies / persons, size on disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class IndexStats:
    articles: int
    earliest: str | None
    latest: str | None
    undated: int
    size_bytes: int
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "earliest": self.earliest,
            "latest": self.latest,
            "undated": self.undated,
            "index_bytes": self.size_bytes,
            "top": {name: [{"name": n, "count": c} for n, c in values] for name, values in self.top.items()},
        }


def display_names(searcher, fieldname: str, terms: list[str]) -> dict[str, str]:
    """Keyword terms are lower-cased for search; show the name as an article wrote it."""
    names = {}
    for term in terms:
        names[term] = term
        for docnum in searcher.postings(fieldname, term).all_ids():
            stored = searcher.stored_fields(docnum).get(fieldname) or ""
            for name in str(stored).split(","):
                if name.casefold() == term:
                    names[term] = name
                    break
            break
    return names


def top_terms(searcher, fieldname: str, count: int) -> list[tuple[str, int]]:
    reader = searcher.reader()
    if fieldname not in reader.indexed_field_names():
        return []
    pairs = [
        (term.decode("utf-8") if isinstance(term, bytes) else term, reader.doc_frequency(fieldname, term))
        for term in reader.lexicon(fieldname)
    ]
    pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    best = pairs[:count]
    names = display_names(searcher, fieldname, [term for term, _ in best])
    return [(names[term], frequency) for term, frequency in best]


def index_stats(index_dir: Path, top: int = 10) -> IndexStats:
    from searchnews.store import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        dates = []
        undated = 0
        date_texts = reader.column_reader("date_text") if reader.has_column("date_text") else None
        for docnum in reader.all_doc_ids():
            value = date_texts[docnum] if date_texts is not None else None
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            if value:
                dates.append(value)
            else:
                undated += 1
        stats = IndexStats(
            articles=searcher.doc_count(),
            earliest=min(dates) if dates else None,
            latest=max(dates) if dates else None,
            undated=undated,
            size_bytes=sum(path.stat().st_size for path in index_dir.iterdir() if path.is_file()),
        )
        for label, fieldname in (("outlets", "source"), ("companies", "company"), ("persons", "person")):
            stats.top[label] = top_terms(searcher, fieldname, top)
    return stats
