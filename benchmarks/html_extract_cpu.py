"""CPU milliseconds per page of the whole extract step (parse_html, clean, title, date, source, entities,
authors) on the 181 Zyte pages: for A/B runs of two checkouts on a loaded machine.

    PYTHONPATH=CHECKOUT python benchmarks/html_extract_cpu.py [--data ../shared/data/article-extraction]

Run it alternately with each checkout's PYTHONPATH and compare the medians.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    from searchnews.article import RawDocument
    from searchnews.extract.run import extract_article

    pages = [(page.name, page.read_text(encoding="utf-8", errors="replace"))
             for page in sorted((args.data / "html").glob("*.html"))]
    if not pages:
        raise SystemExit(f"no pages under {args.data / 'html'}")
    extract_article(RawDocument(pages[0][0], pages[0][0], pages[0][1], "html"))  # imports and data files loaded
    started = time.process_time()
    for name, markup in pages:
        extract_article(RawDocument(name, name, markup, "html"))
    print(f"{1000 * (time.process_time() - started) / len(pages):.1f} ms CPU per page ({len(pages)} pages)")


if __name__ == "__main__":
    main()
