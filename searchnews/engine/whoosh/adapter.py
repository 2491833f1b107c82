"""The embedded Whoosh engine behind the Engine interface: a thin adapter over the existing modules
(search, ingest, timeline, similar, stats), so the conformance suite can hold both engines to one spec."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from searchnews.engine.base import Engine, ProgressCallback
from searchnews.engine.whoosh.schema import FileState
from searchnews.engine.whoosh.search import SearchRequest, SearchResult
from searchnews.engine.whoosh.stats import IndexStats
from searchnews.errors import UserError
from searchnews.extract.run import ExtractOptions
from searchnews.query.timeline import Bucket
from searchnews.sync.ingest import IngestReport


class WhooshEngine(Engine):
    name = "whoosh"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)

    def sync(self, roots: list[Path], options: ExtractOptions = ExtractOptions(), keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None) -> IngestReport:
        from searchnews.sync.ingest import ingest

        return ingest(roots, self.index_dir, options, keep_deleted=keep_deleted, on_progress=on_progress,
                      defer=defer, workers=workers)

    def file_states(self) -> dict[str, tuple[FileState, int]]:
        from searchnews.engine.whoosh.schema import open_index
        from searchnews.sync.ingest import indexed_state

        states, counts = indexed_state(open_index(self.index_dir))
        return {path: (state, counts.get(path, 0)) for path, state in states.items()}

    def _write(self, action) -> None:
        from searchnews.engine.whoosh.schema import INDEX_NAME, open_index
        from searchnews.engine.whoosh.writing import IndexLock

        with IndexLock(self.index_dir, INDEX_NAME).acquire(30.0, None):
            writer = open_index(self.index_dir, create=True).writer()
            try:
                action(writer)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def replace_file(self, path: str, documents: list[dict[str, object]]) -> None:
        def action(writer) -> None:
            writer.delete_by_term("path", path)
            for document in documents:
                writer.add_document(**document)

        self._write(action)

    def delete_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        self._write(lambda writer: [writer.delete_by_term("path", path) for path in paths])

    def commit(self) -> None:
        """Every write above commits on its own."""

    def search(self, request: SearchRequest) -> SearchResult:
        from searchnews.engine.whoosh.search import search

        return search(self.index_dir, request)

    def count(self, request: SearchRequest) -> int:
        from searchnews.engine.whoosh.search import matching_articles

        with matching_articles(self.index_dir, request) as (_, docnums):
            return len(docnums)

    def timeline(self, request: SearchRequest, by: str = "month") -> list[Bucket]:
        from searchnews.query.timeline import query_timeline

        return query_timeline(self.index_dir, request, by)

    def suggest(self, text: str) -> str | None:
        from searchnews.engine.whoosh.querytext import clean_query_text
        from searchnews.engine.whoosh.schema import open_index
        from searchnews.engine.whoosh.suggest import suggest_query

        with open_index(self.index_dir).searcher() as searcher:
            return suggest_query(searcher, clean_query_text(text))

    def similar(self, article_id: str, limit: int = 10, fold: bool = True) -> SearchResult:
        from searchnews.engine.whoosh.search import similar_articles

        return similar_articles(self.index_dir, article_id, limit, fold)

    def stats(self, top: int = 10) -> IndexStats:
        from searchnews.engine.whoosh.stats import index_stats

        return index_stats(self.index_dir, top)

    def get_article(self, article_id: str) -> dict[str, object]:
        from searchnews.engine.whoosh.search import get_article

        return get_article(self.index_dir, article_id)

    def highlight_article(self, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
        from searchnews.engine.whoosh.search import highlight_article

        if not article_id:
            raise UserError("an article id is needed")
        return highlight_article(self.index_dir, article_id, query_text)
