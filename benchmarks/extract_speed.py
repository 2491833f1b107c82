"""Clean + extract speed, one process: articles per second on Reuters-21578 or BBC news.

    python benchmarks/extract_speed.py [--data reuters|bbc] [--limit N] [--repeat 3] [--profile]

Each record goes through what ingest does to a JSON-lines article after reading the file:
`read.split_json` (field mapping) and `pipeline.extract_article` (clean, title, date, source,
companies, persons). Decoding and index writing are not included (they are ingest's, measured in
benchmarks/speed.py). Prints the median of --repeat runs; --profile runs pyinstrument once instead.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DATASETS = {"reuters": SHARED / "reuters21578" / "articles.jsonl.gz", "bbc": SHARED / "bbc" / "articles.jsonl.gz"}


def load(dataset: str, limit: int | None):
    from searchnews.corpus.read import CorpusFile, split_json

    with gzip.open(DATASETS[dataset], "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if limit:
        lines = lines[:limit]
    started = time.perf_counter()
    documents, problems = split_json(CorpusFile(Path(f"{dataset}.jsonl"), f"{dataset}/{dataset}.jsonl"), "\n".join(lines))
    split_s = time.perf_counter() - started
    return documents, problems, split_s


def run_once(documents) -> tuple[float, float]:
    """Wall-clock and CPU seconds for one pass (CPU time shows the per-core rate on a busy machine)."""
    from searchnews.extract.run import extract_article

    started, cpu_started = time.perf_counter(), time.process_time()
    for raw in documents:
        extract_article(raw)
    return time.perf_counter() - started, time.process_time() - cpu_started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=list(DATASETS), default="reuters")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one run with pyinstrument")
    args = parser.parse_args(argv)
    if not DATASETS[args.data].exists():
        print(f"no data at {DATASETS[args.data]}", file=sys.stderr)
        return 2
    documents, problems, split_s = load(args.data, args.limit)
    from searchnews.extract.entities import load_gazetteer
    from searchnews.extract.run import extract_article

    load_gazetteer().matcher()  # compiled once per process: not part of the per-article cost
    extract_article(documents[0])
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        run_once(documents)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0
    runs = [run_once(documents) for _ in range(args.repeat)]
    times = [wall for wall, _ in runs]
    median = statistics.median(times)
    cpu_median = statistics.median(cpu for _, cpu in runs)
    chars = sum(len(raw.text) for raw in documents)
    print(f"{args.data}: {len(documents)} articles ({len(problems)} records without text skipped), "
          f"mean {chars / len(documents):.0f} chars")
    print(f"clean+extract: median {median:.2f}s of {args.repeat} runs -> {len(documents) / median:,.0f} articles/s "
          f"(one process); runs: {', '.join(f'{t:.2f}s' for t in times)}")
    print(f"CPU time: median {cpu_median:.2f}s -> {len(documents) / cpu_median:,.0f} articles per CPU-second")
    print(f"JSON field mapping (split_json): {split_s:.2f}s -> {len(documents) / split_s:,.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
