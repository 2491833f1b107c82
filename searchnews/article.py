"""The plain records that flow between stages: read -> clean -> extract -> index."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """One article as found on disk, before cleaning.

    `text` is the decoded text; for HTML it is the page source and `fmt` is "html".
    Scraper records bring their own metadata in `meta` (title, published, url, source).
    """

    doc_id: str
    path: str
    text: str
    fmt: str  # "text" | "html"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """A cleaned article with its extracted metadata: what the index stores."""

    id: str
    path: str
    title: str
    body: str
    date: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY": as precise as the evidence allows
    source: str | None = None
    url: str | None = None
    companies: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # from the page's byline or author metadata (extract/byline.py)
    removed: list[str] = field(default_factory=list)
    content_hash: str = ""
    # False when the title is only the start of the body (no headline or metadata title was found):
    # shown as the title, but not indexed as one, so the lead is not counted twice (issue 6).
    title_is_headline: bool = True
    # Where the date and the outlet came from ('file path ...', 'dateline ...'): shown by `clean`, not indexed
    date_evidence: str | None = None
    source_evidence: str | None = None

    @property
    def date_precision(self) -> str | None:
        from searchnews.partial_date import precision_of

        return precision_of(self.date)

    def to_clean_json(self) -> dict[str, object]:
        """The `searchnews clean --json` contract: exactly these keys, in this order."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "companies": list(self.companies),
            "persons": list(self.persons),
            "authors": list(self.authors),
            "body": self.body,
            "removed": list(self.removed),
        }
