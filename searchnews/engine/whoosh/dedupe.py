"""Fold copies of one story (a wire piece reposted by several sites) into one result.

Each article carries its own MinHash signature and LSH band keys from ingest (fingerprint.py).
At query time a result's copies are the articles sharing a band key whose signatures agree
closely enough; they are looked up directly, so a copy ranked far below (or on a later page)
is still folded under the best-ranked copy. Nothing here depends on ingest order, which keeps
folding correct when an incremental ingest adds or removes articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from searchnews.extract.fingerprint import NEAR_DUPLICATE, band_keys, similarity

MatchCheck = Callable[[set[int]], set[int]]  # docnums -> those that match the current query and filters


@dataclass
class Story:
    """One result: the best-ranked copy (a Whoosh hit) and the other matching copies' docnums."""

    leader: object
    copies: list[int] = field(default_factory=list)


def has_fingerprints(reader) -> bool:
    return reader.has_column("fingerprint") and "dupkeys" in reader.indexed_field_names()


def copies_of(reader, docnum: int, signatures=None) -> list[int]:
    """Docnums of the other articles that are near-duplicates of `docnum` (any query, any rank)."""
    if not has_fingerprints(reader):
        return []
    signatures = signatures if signatures is not None else reader.column_reader("fingerprint")
    packed = signatures[docnum]
    if not packed:
        return []
    candidates: set[int] = set()
    for key in band_keys(packed):
        if reader.doc_frequency("dupkeys", key) > 1:  # the article itself is always one
            candidates.update(reader.postings("dupkeys", key).all_ids())
    candidates.discard(docnum)
    return sorted(other for other in candidates
                  if not reader.is_deleted(other) and similarity(packed, signatures[other]) >= NEAR_DUPLICATE)


def fold(reader, ranked: Iterable[object], wanted: int, matches: MatchCheck) -> list[Story]:
    """Group ranked hits into stories, best first, stopping once `wanted` stories are known.

    A hit already listed as a copy of a better-ranked story is skipped; a story's copies are those
    of its near-duplicates that also match the query, in rank order (unranked ones last).
    """
    hits = list(ranked)
    if not has_fingerprints(reader):
        return [Story(hit) for hit in hits[:wanted]]
    signatures = reader.column_reader("fingerprint")
    rank_of = {hit.docnum: position for position, hit in enumerate(hits)}
    claimed: set[int] = set()
    stories: list[Story] = []
    for hit in hits:
        if len(stories) >= wanted:
            break
        if hit.docnum in claimed:
            continue
        copies = [other for other in copies_of(reader, hit.docnum, signatures) if other not in claimed]
        unranked = {other for other in copies if other not in rank_of}
        matching_unranked = matches(unranked) if unranked else set()
        copies = [other for other in copies if other in rank_of or other in matching_unranked]
        copies.sort(key=lambda other: (rank_of.get(other, len(hits)), other))
        claimed.add(hit.docnum)
        claimed.update(copies)
        stories.append(Story(hit, copies))
    return stories


def gather_stories(fetch: Callable[[int], list[object]], reader, wanted: int, window: int,
                   matches: MatchCheck | None) -> list[Story]:
    """Fetch ranked hits in a growing window until `wanted` stories survive folding.

    Folded copies free places on the page, so a first window a little larger than the page is
    usually enough; when it is not, the window grows fourfold. `matches=None` means no folding.
    """
    while True:
        ranked = fetch(window)
        if matches is None:
            return [Story(hit) for hit in ranked[:wanted]]
        stories = fold(reader, ranked, wanted, matches)
        if len(stories) >= wanted or len(ranked) < window:
            return stories
        window *= 4
