"""What each part of the index schema costs the writer: CPU per article and index size.

The same Reuters stories go through the real pipeline once (clean, extract, index fields); then each
schema variant indexes them in this process, interleaved, twice. CPU time (process_time) is steadier
than wall time on a shared machine. Used for issue 7 (spelling list, character offsets, band keys).

    python benchmarks/writer_cost.py --limit 1500
    python benchmarks/writer_cost.py --variants shipped,spelling
    python benchmarks/writer_cost.py --variants shipped,whoosh-porter --speedups --rounds 5   # issue 14 stemmer
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "articles.jsonl.gz"
VARIANTS = ("shipped", "spelling", "nochars", "nodupkeys", "whoosh-porter")


def documents(limit: int) -> list[dict[str, object]]:
    """Index fields of the first `limit` Reuters stories, as ingest would write them."""
    from searchnews.article import RawDocument
    from searchnews.engine.whoosh import schema as store
    from searchnews.extract.run import extract_article

    docs = []
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            record = json.loads(line)
            text = "\n".join([record.get("title") or "", (record.get("date") or "")[:10],
                              f"{record.get('dateline') or ''} {record.get('body') or ''}"])
            article = extract_article(RawDocument(f"r/{number}.txt", f"r/{number}.txt", text, "text"))
            if article.body:
                docs.append(store.article_fields(article, "1:1:x:3"))
    return docs


def schema(variant: str):
    from whoosh import fields

    from searchnews.engine.whoosh.ranking import SHIPPED, with_changes
    from searchnews.engine.whoosh.schema import build_schema

    # "whoosh-porter": Whoosh's own Porter port, the stemmer shipped before issue 14's t14s
    built = build_schema(with_changes(SHIPPED, stemmer="whoosh-porter") if variant == "whoosh-porter" else None)
    body = built["body"]
    if variant == "spelling":  # the did-you-mean word list before issue 7's round 2
        built.remove("body")
        built.add("body", fields.TEXT(stored=True, analyzer=body.analyzer, chars=True, spelling=True))
    elif variant == "nochars":
        built.remove("body")
        built.add("body", fields.TEXT(stored=True, analyzer=body.analyzer))
    elif variant == "nodupkeys":
        built.remove("dupkeys")
    return built


def measure(variant: str, docs: list[dict[str, object]]) -> tuple[float, float]:
    """(CPU ms per article, index MB) for one variant."""
    from whoosh.filedb.filestore import FileStorage

    folder = Path(tempfile.mkdtemp(prefix="writer-cost-"))
    try:
        ix = FileStorage(str(folder), supports_mmap=False).create_index(schema(variant), indexname="bench")
        started = time.process_time()
        writer = ix.writer(limitmb=128)
        for fields in docs:
            if variant == "nodupkeys":
                fields = {name: value for name, value in fields.items() if name != "dupkeys"}
            writer.add_document(**fields)
        writer.commit()
        cpu = time.process_time() - started
        size = sum(path.stat().st_size for path in folder.iterdir())
        return cpu / len(docs) * 1000, size / 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1500, help="Reuters stories to index")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, from {', '.join(VARIANTS)}")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--speedups", action="store_true", help="with the writer patches ingest applies (speedups.py)")
    options = parser.parse_args()
    if options.speedups:
        from searchnews.engine.whoosh.speedups import patch_writing

        patch_writing()
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found")
    docs = documents(options.limit)
    results: dict[str, list[tuple[float, float]]] = {}
    for _ in range(options.rounds):
        for variant in options.variants.split(","):
            results.setdefault(variant, []).append(measure(variant, docs))
    print(f"{len(docs)} Reuters articles, writer only{' with the speedups' if options.speedups else ''} "
          f"(CPU ms per article: best of {options.rounds})")
    for variant, runs in results.items():
        cpus = sorted(cpu for cpu, _ in runs)
        print(f"{variant:14} {cpus[0]:6.2f} ms/article (median {cpus[len(cpus) // 2]:.2f})  {runs[0][1]:6.1f} MB")


if __name__ == "__main__":
    main()
