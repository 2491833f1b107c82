"""Title, date and outlet extraction on real third-party corpora (Reuters-21578, BBC News), scored
against the data's own fields. Nothing here was written by this project except the file names.

    python benchmarks/real_extraction.py                  # every Reuters NORM story and every BBC story
    python benchmarks/real_extraction.py --limit 5000     # an evenly spread sample of Reuters stories
    python benchmarks/real_extraction.py --json -v        # figures as JSON, and examples of each miss

Reuters stories are written as plain-text files the way a user's scraper or the shipped corpus would:
`HEADLINE\\n\\nDATELINE BODY` (the dateline as distributed, `SALVADOR, Feb 26 -`, no year, body ending
with the ` Reuter` sign-off), and in the form Reuters prints its datelines today
(`SALVADOR, Feb 26 (Reuters) - BODY`, no sign-off). Each form is scored with the date in the path
(`reuters/1987-02-26-bahia-cocoa-review.txt`, as the shipped corpus names files) and with a bare
file name (`bahia-cocoa-review-1.txt`: no folder, no date; the true date is then not knowable to
the day, so the honest answer is no date or a coarser one that agrees).

Scores, per row:
- outlet: share of articles whose source is Reuters (BBC: BBC);
- title: share whose title equals the data's title (whitespace-normalised, case kept as is);
- date: share whose date equals the true date (Reuters `date`, day precision);
- invented: articles given a date that disagrees with the true date at the date's own precision
  (BBC: the data carries no date and the text no date line, so every date is invented).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
REUTERS = SHARED / "reuters21578" / "articles.jsonl.gz"
BBC = SHARED / "bbc" / "articles.jsonl.gz"


def slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:60] or "story"


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def agrees(predicted: str, true_date: str) -> bool:
    """'1987-02' agrees with '1987-02-26'; '1987-01-06' does not."""
    return true_date.startswith(predicted)


def reuters_records(limit: int | None) -> list[dict]:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r.get("text_type") == "NORM" and r["date"][:4].isdigit()]
    if limit and limit < len(records):
        step = len(records) / limit
        records = [records[int(i * step)] for i in range(limit)]
    return records


def reuters_text(record: dict, form: str) -> str:
    dateline = record["dateline"].strip()
    body = record["body"]
    if form == "wire":
        dateline = re.sub(r"\s*-\s*$", " (Reuters) -", dateline)
        body = re.sub(r"\s*\bReuter\s*$", "", body)
    return f"{record['title']}\n\n{dateline} {body}\n"


def score(rows: list[tuple[str, str | None, str | None, str | None]], outlet: str, examples: int = 5) -> dict:
    """rows: (true title, true date or None, predicted) triples as (title, date, article)."""
    tally: Counter[str] = Counter()
    misses: dict[str, list[str]] = {"outlet": [], "title": [], "date": [], "invented": []}
    for true_title, true_date, article in rows:
        tally["articles"] += 1
        if article.source == outlet:
            tally["outlet"] += 1
        elif len(misses["outlet"]) < examples:
            misses["outlet"].append(f"{article.path}: {article.source!r}")
        if norm(article.title) == norm(true_title):
            tally["title"] += 1
        elif len(misses["title"]) < examples:
            misses["title"].append(f"{article.path}: {article.title!r} (true {true_title!r})")
        if article.date and true_date and article.date == true_date:
            tally["date"] += 1
        if article.date and (true_date is None or not agrees(article.date, true_date)):
            tally["invented"] += 1
            if len(misses["invented"]) < examples:
                misses["invented"].append(f"{article.path}: {article.date} (true {true_date})")
        elif not article.date and true_date and len(misses["date"]) < examples:
            misses["date"].append(f"{article.path}: undated (true {true_date})")
        tally["dated"] += bool(article.date)
    n = tally["articles"] or 1
    return {
        "articles": tally["articles"], "outlet": tally["outlet"] / n, "title": tally["title"] / n,
        "date": tally["date"] / n, "dated": tally["dated"], "invented": tally["invented"], "misses": misses,
    }


def run_reuters(limit: int | None, form: str, with_path_date: bool) -> dict:
    from searchnews.article import RawDocument
    from searchnews.extract.run import extract_article

    rows = []
    for record in reuters_records(limit):
        day = record["date"][:10]
        path = f"reuters/{day}-{slug(record['title'])}.txt" if with_path_date else f"{slug(record['title'])}-{record['id']}.txt"
        article = extract_article(RawDocument(path, path, reuters_text(record, form), "text"))
        rows.append((record["title"], day, article))
    return score(rows, "Reuters")


def run_bbc() -> dict:
    from searchnews.article import RawDocument
    from searchnews.extract.run import extract_article

    rows = []
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        for record in map(json.loads, handle):
            path = f"bbc/{record['id']}.txt"
            article = extract_article(RawDocument(path, path, f"{record['title']}\n\n{record['body']}\n", "text"))
            rows.append((record["title"], None, article))
    return score(rows, "BBC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="score an evenly spread sample of N Reuters stories")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("-v", "--verbose", action="store_true", help="examples of each kind of miss")
    args = parser.parse_args(argv)
    for path in (REUTERS, BBC):
        if not path.exists():
            print(f"no data at {path}", file=sys.stderr)
            return 2
    results = {}
    for form in ("distributed", "wire"):
        for with_path_date in (True, False):
            name = f"reuters {form} dateline, {'date in path' if with_path_date else 'bare file name'}"
            results[name] = run_reuters(args.limit, form, with_path_date)
    results["bbc (bbc/<category>/NNN.txt)"] = run_bbc()
    print(f"{'data set':55s} {'articles':>8s} {'outlet':>7s} {'title':>7s} {'date':>7s} {'dated':>6s} {'invented':>8s}")
    for name, figures in results.items():
        print(f"{name:55s} {figures['articles']:8d} {figures['outlet']:7.3f} {figures['title']:7.3f} "
              f"{figures['date']:7.3f} {figures['dated']:6d} {figures['invented']:8d}")
        if args.verbose:
            for kind, examples in figures["misses"].items():
                for example in examples:
                    print(f"    {kind} miss: {example}")
    if args.json:
        print(json.dumps({name: {k: v for k, v in f.items() if k != "misses"} for name, f in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
