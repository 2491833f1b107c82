"""Authors found on the Zyte article-extraction pages (181 real news/blog pages), by where they came from.

    python benchmarks/author_extraction.py [--data ../shared/data/article-extraction] [--list]

The benchmark's ground truth has an article body and a url per page, no author, so this reports
coverage (pages with an author, per source: JSON-LD/meta tags, byline elements, a "By ..." line of
the text) and, with --list, every name found, for reading by hand. Authors are what ingest stores
(extract.run.extract_article), and the extra CPU the author search costs per page.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--list", action="store_true", help="print every page's authors and their source")
    args = parser.parse_args(argv)

    from searchnews.article import RawDocument
    from searchnews.extract.html import METADATA_TAGS, byline_element_names, make_soup, page_metadata
    from searchnews.extract.run import extract_article

    pages = sorted((args.data / "html").glob("*.html"))
    if not pages:
        raise SystemExit(f"no pages under {args.data / 'html'}")
    sources: Counter = Counter()
    meta_cpu = element_cpu = 0.0
    undeclared = 0
    for page in pages:
        markup = page.read_text(encoding="utf-8", errors="replace")
        authors = extract_article(RawDocument(page.name, page.name, markup, "html")).authors
        started = time.process_time()
        declared = page_metadata(make_soup(markup, METADATA_TAGS)).get("author")
        meta_cpu += time.process_time() - started
        element = False
        if not declared:  # ingest parses the byline elements of exactly these pages
            started = time.process_time()
            element = bool(byline_element_names(markup))
            element_cpu += time.process_time() - started
            undeclared += 1
        if not authors:
            source = "none"
        else:
            source = "metadata (JSON-LD, meta tags)" if declared else "byline element" if element else "text byline"
        sources[source] += 1
        if args.list:
            print(f"{page.name[:8]}\t{source}\t{'; '.join(authors)}")
    found = len(pages) - sources["none"]
    print(f"pages with an author: {found} of {len(pages)} ({found / len(pages):.0%})")
    for source, count in sources.most_common():
        print(f"  {source}: {count}")
    print(f"metadata parse (title, dates, site, author): {1000 * meta_cpu / len(pages):.1f} ms CPU per page; "
          f"byline-element parse ({undeclared} pages without author metadata): "
          f"{1000 * element_cpu / max(1, undeclared):.1f} ms CPU per page")


if __name__ == "__main__":
    main()
