"""searchnews itself as a benchmarked system: ingest with a ranking variant, query through search()."""

from __future__ import annotations

from pathlib import Path

from searchnews.engine.whoosh.ranking import Ranking, plan_query, run_plan, weighting


def analyzer_key(ranking: Ranking) -> tuple[object, ...]:
    """Settings baked into an index: variants that share them share one index."""
    return (ranking.stemmer, ranking.stopwords, ranking.fold_accents, ranking.title_index_boost,
            getattr(ranking, "cjk", None))


def build_index(ranking: Ranking, corpus_dir: Path, index_dir: Path) -> None:
    """Create the index with this variant's schema, then fill it with the normal ingest."""
    from whoosh import index

    from searchnews.engine.whoosh.schema import INDEX_NAME, build_schema
    from searchnews.sync.ingest import ingest

    index_dir.mkdir(parents=True, exist_ok=True)
    index.create_in(str(index_dir), build_schema(ranking), indexname=INDEX_NAME)
    report = ingest([corpus_dir], index_dir)
    # Cranfield 471 and 995 are empty (their placeholder text, the bare number, is cleaned away
    # like a page number): unfindable by every system, so not a failed ingest.
    errors = [error for error in report.errors if not error.endswith("nothing left after cleaning")]
    if errors:
        raise RuntimeError(f"ingest reported problems: {errors[:3]}")


class Searchnews:
    def __init__(self, ranking: Ranking, index_dir: Path, id_map: dict[str, str]):
        from searchnews.engine.whoosh.schema import open_index

        self.ranking = ranking
        self.index_dir = index_dir
        self.id_map = id_map
        self.ix = open_index(index_dir)
        self.searcher = self.ix.searcher(weighting=weighting(ranking))

    def rank(self, text: str, depth: int) -> list[str]:
        """The product's path: searchnews.engine.whoosh.search.search(), as `searchnews query TEXT --limit depth`."""
        from searchnews.engine.whoosh.search import SearchRequest, search

        result = search(self.index_dir, SearchRequest(text, limit=depth), ranking=self.ranking, snippets=False)
        return [self.id_map[hit.id] for hit in result.hits]

    def ranked(self, text: str, depth: int) -> list[str]:
        """What search() ranks (parse, plan, run), index held open, no folding or snippets: for tuning."""
        from searchnews.engine.whoosh.search import parse_query, search_fields

        parsed = parse_query(text, self.ix.schema, self.ranking, search_fields(self.searcher.reader()))
        hits, _ = run_plan(self.searcher, plan_query(parsed, text, self.ranking), limit=depth, ranking=self.ranking)
        return [self.id_map[self.searcher.stored_fields(hit.docnum)["id"]] for hit in hits]

    def top10(self, text: str, terms: bool = False) -> list[str]:
        """What search() does to rank (parse, plan, run) with the index held open, for timing.
        terms=True adds the matched-word bookkeeping search() does for highlighting snippets."""
        from searchnews.engine.whoosh.search import parse_query, search_fields

        parsed = parse_query(text, self.ix.schema, self.ranking, search_fields(self.searcher.reader()))
        plan = plan_query(parsed, text, self.ranking)
        hits, _ = run_plan(self.searcher, plan, limit=10, ranking=self.ranking, terms=terms)
        return [hit.docnum for hit in hits]

    def close(self) -> None:
        self.searcher.close()
