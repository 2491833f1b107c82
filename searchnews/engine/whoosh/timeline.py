"""The timeline on the Whoosh index: the matching articles' dates, read from the date_text column,
bucketed by query/timeline.build_timeline (the engine-neutral rules every engine shares)."""

from __future__ import annotations

from collections.abc import Iterable

from searchnews.query.timeline import Bucket, build_timeline


def date_texts(reader, docnums: Iterable[int]) -> Iterable[str]:
    """Each article's date at its precision ("" when undated), from the date_text column.

    Read segment by segment: a segment in which no article is dated has no date_text column, and
    Whoosh's multi-segment column reader then indexes past the end of another segment's array."""
    docnums = sorted(docnums)
    position = 0
    for leaf, offset in reader.leaf_readers():
        end = offset + leaf.doc_count_all()
        column = leaf.column_reader("date_text") if leaf.has_column("date_text") else None
        while position < len(docnums) and docnums[position] < end:
            local = docnums[position] - offset
            position += 1
            value = column[local] if column is not None else None  # no column: nothing in the segment is dated
            yield value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def query_timeline(index_dir, request, by: str = "month") -> list[Bucket]:
    """The timeline of every article matching the request's query and filters (copies included)."""
    from searchnews.engine.whoosh.search import matching_articles

    with matching_articles(index_dir, request) as (reader, docnums):
        return build_timeline(date_texts(reader, sorted(docnums)), by)
