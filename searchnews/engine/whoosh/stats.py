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


def top_terms(searcher, fieldname: str, count: int) -> list[tuple[str, int]]:
    """The `count` most frequent names of a facet field, over the live articles (a term's
    doc_frequency also counts deleted articles), in the spelling most articles use."""
    from searchnews.engine.whoosh.facets import FACETS, count_facets

    if fieldname not in FACETS:
        return []
    reader = searcher.reader()
    return count_facets(reader, reader.all_doc_ids(), (fieldname,), count)[fieldname]


def index_stats(index_dir: Path, top: int = 10) -> IndexStats:
    from searchnews.engine.whoosh.schema import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        from searchnews.engine.whoosh.timeline import date_texts

        live = list(reader.all_doc_ids())  # deleted articles are not counted anywhere
        dates = [text for text in date_texts(reader, live) if text]
        undated = len(live) - len(dates)
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
