"""The engine interface: what the commands need from a search engine, and nothing engine-specific.

Derived from what ingest/query/show/stats/timeline/similar/watch use today. The request and result
records are the existing ones (search.SearchRequest -> search.SearchResult of search.Hit,
timeline.Bucket, stats.IndexStats, ingest.IngestReport), so rendering never knows which engine ran.

The sync contract: an engine keeps, per indexed file, its FileState (size, mtime, content hash,
schema) with the file's articles, so the index is its own manifest; `replace_file` and
`delete_files` are durable once `commit` returns. `sync` (shared logic in engine.sync) compares a
corpus with `file_states()` and sends only what changed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path

from searchnews.engine.whoosh.schema import FileState
from searchnews.engine.whoosh.search import SearchRequest, SearchResult
from searchnews.engine.whoosh.stats import IndexStats
from searchnews.extract.run import ExtractOptions
from searchnews.query.timeline import Bucket
from searchnews.sync.ingest import IngestReport

ProgressCallback = Callable[[int, int], None]


class Engine(ABC):
    """One search engine holding one collection of articles."""

    name: str = "engine"

    # --- writing: the incremental sync -------------------------------------------------------
    @abstractmethod
    def sync(self, roots: list[Path], options: ExtractOptions = ExtractOptions(), keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None) -> IngestReport:
        """Make the engine hold exactly the articles of the files under `roots` (see ingest.ingest)."""

    @abstractmethod
    def file_states(self) -> dict[str, tuple[FileState, int]]:
        """path -> (state of the indexed file, number of its articles)."""

    @abstractmethod
    def replace_file(self, path: str, documents: list[dict[str, object]]) -> None:
        """Replace every article of `path` by `documents` (store.article_fields records)."""

    @abstractmethod
    def delete_files(self, paths: Iterable[str]) -> None:
        """Drop every article of these files."""

    @abstractmethod
    def commit(self) -> None:
        """Make everything sent so far durable and visible to searches."""

    # --- reading ------------------------------------------------------------------------------
    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """One page of ranked stories (reposts folded unless request.fold is False), with facets
        when request.facets names any, and the spelling-corrected query's hits when nothing matched."""

    @abstractmethod
    def count(self, request: SearchRequest) -> int:
        """How many articles match the request's query and filters (copies included)."""

    @abstractmethod
    def timeline(self, request: SearchRequest, by: str = "month") -> list[Bucket]:
        """Matching articles per year/month/week at their date precision (timeline.build_timeline rules)."""

    @abstractmethod
    def suggest(self, text: str) -> str | None:
        """The query with misspelled words corrected from the index's vocabulary, or None."""

    @abstractmethod
    def similar(self, article_id: str, limit: int = 10, fold: bool = True) -> SearchResult:
        """Articles most like `article_id`, never the article itself or its copies."""

    @abstractmethod
    def stats(self, top: int = 10) -> IndexStats:
        """Counts, date range, top outlets/companies/persons, size."""

    @abstractmethod
    def get_article(self, article_id: str) -> dict[str, object]:
        """An article's stored fields (render.render_article's input); UserError if unknown."""

    @abstractmethod
    def highlight_article(self, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
        """(stored fields, title, body) with the query's words between search.HIGHLIGHT_START/END."""

    def close(self) -> None:  # noqa: B027 - optional
        """Release connections."""
