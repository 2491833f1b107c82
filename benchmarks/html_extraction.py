"""Main-text extraction from HTML: searchnews (bs4 + cleaner) against trafilatura, on the Zyte
article-extraction benchmark (181 real pages with a hand-made article body each).

    python benchmarks/html_extraction.py [--data ../shared/data/article-extraction] [--limit N] [--json]

Scores per page, then the mean over pages (as the benchmark's own evaluation does):
- body-token precision / recall / F1: multiset overlap of lower-cased word tokens;
- shingle precision / recall / F1: the benchmark's own measure, word 4-grams (TP/FP/FN counts);
plus milliseconds per page. Extractors:
- `searchnews`: what ingest indexes from the page (html.py's text, then the line cleaner);
- `searchnews-html`: html.py's text alone (trafilatura, bs4 fallback), before the line cleaner;
- `bs4`: our own bs4 main-text extractor (html.main_text), the fallback;
- `bs4+cleaner`: our bs4 extractor followed by the line cleaner (what ingest did before trafilatura);
- `trafilatura`: trafilatura.extract() with its defaults.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"
TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def prf(predicted: Counter, gold: Counter) -> tuple[float, float, float]:
    overlap = sum((predicted & gold).values())
    n_pred, n_gold = sum(predicted.values()), sum(gold.values())
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    precision = overlap / n_pred if n_pred else 0.0
    recall = overlap / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def shingles(words: list[str], size: int = 4) -> Counter:
    return Counter(tuple(words[i:i + size]) for i in range(max(0, len(words) - size + 1)))


def searchnews_body(html: str) -> str:
    from searchnews.article import RawDocument
    from searchnews.extract.run import extract_article

    return extract_article(RawDocument("page.html", "page.html", html, "html")).body


def searchnews_html(html: str) -> str:
    from searchnews.extract.html import parse_html

    return parse_html(html).text


def bs4_only(html: str) -> str:
    from searchnews.extract.html import main_text, make_soup

    return main_text(make_soup(html))


def bs4_cleaned(html: str) -> str:
    from searchnews.extract.clean import boilerplate_patterns, clean_text
    from searchnews.extract.html import make_soup, page_metadata

    title = page_metadata(make_soup(html, ["title", "meta", "script", "h1"])).get("title")
    return "\n\n".join(clean_text(bs4_only(html), boilerplate_patterns(), frozenset(), title).paragraphs)


def trafilatura_body(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "searchnews": searchnews_body,
    "searchnews-html": searchnews_html,
    "bs4": bs4_only,
    "bs4+cleaner": bs4_cleaned,
    "trafilatura": trafilatura_body,
}


def evaluate(data: Path, limit: int | None = None, names: list[str] | None = None) -> dict[str, dict[str, float]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    results: dict[str, dict[str, float]] = {}
    for name in names or list(EXTRACTORS):
        extract = EXTRACTORS[name]
        rows = []
        for page_id in ids:
            html = (data / "html" / f"{page_id}.html").read_text(encoding="utf-8", errors="replace")
            gold_words = tokens(truth[page_id]["articleBody"])
            started = time.perf_counter()
            try:
                text = extract(html)
            except Exception:  # noqa: BLE001 - a page an extractor chokes on scores zero, like an empty body
                text = ""
            elapsed = time.perf_counter() - started
            words = tokens(text)
            rows.append((*prf(Counter(words), Counter(gold_words)), *prf(shingles(words), shingles(gold_words)), elapsed))
        columns = list(zip(*rows, strict=True))
        results[name] = {
            "pages": len(rows),
            "token_precision": statistics.fmean(columns[0]), "token_recall": statistics.fmean(columns[1]),
            "token_f1": statistics.fmean(columns[2]),
            "shingle_precision": statistics.fmean(columns[3]), "shingle_recall": statistics.fmean(columns[4]),
            "shingle_f1": statistics.fmean(columns[5]),
            "ms_per_page_median": 1000 * statistics.median(columns[6]),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    parser.add_argument("--only", action="append", choices=list(EXTRACTORS), help="run only this extractor (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    results = evaluate(args.data, args.limit, args.only)
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"{'extractor':16s} {'tok P':>6s} {'tok R':>6s} {'tok F1':>6s}  {'sh P':>6s} {'sh R':>6s} {'sh F1':>6s}  {'ms/page':>7s}")
    for name, r in results.items():
        print(f"{name:16s} {r['token_precision']:6.3f} {r['token_recall']:6.3f} {r['token_f1']:6.3f}  "
              f"{r['shingle_precision']:6.3f} {r['shingle_recall']:6.3f} {r['shingle_f1']:6.3f}  {r['ms_per_page_median']:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
