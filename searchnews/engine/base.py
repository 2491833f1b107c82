"""The engine interface: what the commands need from a search engine, and nothing engine-specific.

Derived from what the commands use (ingest, watch, query, timeline, similar, show, stats, entities,
shell completion). The request and result records are engine-neutral (engine/records.py:
SearchRequest -> SearchResult of Hit, Bucket, IndexStats, IngestReport), so rendering never knows
which engine ran. Nothing heavy is imported here: a command opens its engine on every start.

The sync contract: an engine keeps, per indexed file, its FileState (size, mtime, content hash,
schema) with the file's articles, so the index is its own manifest; `replace_file` and
`delete_files` are durable once `commit` returns. `sync` (shared logic in engine.sync) compares a
corpus with `file_states()` and sends only what changed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from searchnews.engine.records import Bucket, FileState, IndexStats, IngestReport, SearchRequest, SearchResult
    from searchnews.extract.run import ExtractOptions

ProgressCallback = Callable[[int, int], None]


class Engine(ABC):
    """One search engine holding one collection of articles."""

    name: str = "engine"
    builds_on_first_use: bool = False  # an index folder on this machine: a first query may build it

    # --- writing: the incremental sync -------------------------------------------------------
    @abstractmethod
    def sync(self, roots: list[Path], options: ExtractOptions | None = None, keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None, wait_s: float | None = None, on_wait: Callable[[str], None] | None = None,
             optimize: bool = False, follow_symlinks: bool = False, default_roots: list[Path] | None = None,
             forget_options: tuple[str, ...] = ()) -> IngestReport:
        """Make the engine hold exactly the articles of the files under `roots` (see ingest.ingest);
        no roots: the ones it remembers (`remembered_roots`), else `default_roots`. `wait_s` bounds the
        wait for another writer (`on_wait` hears of it); saved alerts are checked before it returns.
        An option the engine cannot honour is a UserError before anything is written."""

    def remembered_roots(self) -> list[Path]:
        """The corpus roots earlier syncs named, which a sync without roots re-scans."""
        return []

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
    def exists(self) -> bool:
        """Whether the engine holds an index yet (a first sync creates it)."""

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
    def top_values(self, fieldname: str, limit: int) -> list[tuple[str, int]]:
        """The `limit` commonest names of a facet field (company, person, source) over every article,
        in the spelling most articles use, with their article counts; most first."""

    @abstractmethod
    def field_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """Up to `limit` indexed values of a field (company/person/source: lowercased; id: as is)
        starting with `prefix`, in order: what shell completion offers."""

    def entities_file(self) -> str | None:
        """The custom gazetteer the index keeps (ingest --entities), whose aliases name its entities."""
        return None

    def alerts_folder(self) -> Path:
        """Where this engine's saved alerts (alerts.json) and their lock live."""
        raise NotImplementedError

    @abstractmethod
    def get_article(self, article_id: str) -> dict[str, object]:
        """An article's stored fields (render.render_article's input); UserError if unknown."""

    @abstractmethod
    def highlight_article(self, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
        """(stored fields, title, body) with the query's words between search.HIGHLIGHT_START/END."""

    def close(self) -> None:  # noqa: B027 - optional
        """Release connections."""
