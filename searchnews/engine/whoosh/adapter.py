"""The embedded Whoosh engine behind the Engine interface: a thin adapter over the modules of this
folder and the sync (search, ingest, timeline, similar, stats), which every command runs through.

Each method imports what it uses: a query process loads the search modules, never the sync's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from searchnews.engine.base import Engine, ProgressCallback
from searchnews.errors import UserError

if TYPE_CHECKING:
    from searchnews.engine.records import Bucket, FileState, IndexStats, IngestReport, SearchRequest, SearchResult
    from searchnews.extract.run import ExtractOptions


class WhooshEngine(Engine):
    name = "whoosh"
    builds_on_first_use = True

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)

    def sync(self, roots: list[Path], options: ExtractOptions | None = None, keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None, wait_s: float | None = None, on_wait: Callable[[str], None] | None = None,
             optimize: bool = False, follow_symlinks: bool = False, default_roots: list[Path] | None = None,
             forget_options: tuple[str, ...] = ()) -> IngestReport:
        from searchnews.extract.run import ExtractOptions
        from searchnews.sync.ingest import DEFAULT_WAIT_S, ingest

        return ingest(roots, self.index_dir, options or ExtractOptions(), keep_deleted=keep_deleted,
                      on_progress=on_progress, defer=defer, workers=workers,
                      wait_s=DEFAULT_WAIT_S if wait_s is None else wait_s, on_wait=on_wait, optimize=optimize,
                      follow_symlinks=follow_symlinks, default_roots=default_roots, forget_options=forget_options)

    def remembered_roots(self) -> list[Path]:
        from searchnews.corpus.roots import Roots

        return [Path(root.path) for root in Roots.load(self.index_dir).roots]

    def exists(self) -> bool:
        from searchnews.engine.whoosh.schema import index_exists

        return index_exists(self.index_dir)

    def alerts_folder(self) -> Path:
        return self.index_dir

    def entities_file(self) -> str | None:
        from searchnews.engine.whoosh.schema import index_entities_file

        return index_entities_file()

    def top_values(self, fieldname: str, limit: int) -> list[tuple[str, int]]:
        from searchnews.engine.whoosh.schema import open_index
        from searchnews.engine.whoosh.stats import top_terms

        with open_index(self.index_dir).searcher() as searcher:
            return top_terms(searcher, fieldname, limit)

    def field_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        from searchnews.engine.whoosh.schema import index_exists, open_index

        if not index_exists(self.index_dir):
            return []
        terms: list[str] = []
        with open_index(self.index_dir).reader() as reader:
            for term in reader.expand_prefix(fieldname, prefix):
                terms.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
                if len(terms) >= limit:
                    break
        return terms

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
            from searchnews.dense.query import sync_after_ingest

            sync_after_ingest(self.index_dir, [])

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
        from searchnews.engine.whoosh.timeline import query_timeline

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
