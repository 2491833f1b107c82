"""Whoosh vs OpenSearch (1 node, 3 nodes) on the same corpus: node start time, ingest, query latency, memory.

    python benchmarks/opensearch_bench.py                          # Reuters-21578 (~19.7k stories), all three
    python benchmarks/opensearch_bench.py --limit 2000 --reps 3     # a quick try of the harness
    python benchmarks/opensearch_bench.py --repeat 50 --engines os1 # ~1M articles: Reuters 50x with new ids

Stories are written as .txt files (as benchmarks/speed.py does; --repeat K writes K copies in folders
copy-N/, so each has new ids), then each engine runs the whole `searchnews ingest` command in a fresh
process (the same pipeline; only the indexing side differs) and the same queries in-process (the
engine object opened once, as a server would). Nodes come from scripts/opensearch.sh (512 MB heap each,
loopback). Timings are medians with p95 over `--reps` rounds of every query; the machine is shared,
so compare ratios from one run rather than absolute figures across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from speed import DEFAULT_CORPUS, QUERIES, iter_records, percentile, story_text  # noqa: E402

SCRIPT = ROOT / "scripts" / "opensearch.sh"


def write_corpus(source: Path, folder: Path, limit: int | None, repeat: int) -> int:
    records = list(iter_records(source))[:limit] if limit else list(iter_records(source))
    count = 0
    for copy in range(repeat):
        target = folder / f"copy-{copy}" if repeat > 1 else folder
        target.mkdir(parents=True, exist_ok=True)
        for number, record in enumerate(records):
            (target / f"{number:06d}.txt").write_text(story_text(record), encoding="utf-8")
            count += 1
    return count


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def start_nodes(nodes: int, state: Path) -> tuple[str, list[int], float]:
    env = {**os.environ, "OPENSEARCH_STATE_DIR": str(state)}
    subprocess.run([str(SCRIPT), "build"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run([str(SCRIPT), "start", "--nodes", str(nodes), "--name", f"bench{nodes}"], env=env,
                          check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    pids = [int(line.split()[1]) for line in (state / f"bench{nodes}" / "nodes.tsv").read_text().splitlines()]
    return done.stdout.strip().splitlines()[-1], pids, seconds


def stop_nodes(nodes: int, state: Path) -> None:
    subprocess.run([str(SCRIPT), "stop", "--name", f"bench{nodes}"], env={**os.environ, "OPENSEARCH_STATE_DIR": str(state)},
                   capture_output=True)


def timed_ingest(corpus: Path, args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds of one whole `searchnews ingest` command. The CPU figure counts only the
    processes that were waited for (the Whoosh ingest's segment workers are not), so it is kept in the
    JSON but not tabled."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "searchnews", "ingest", str(corpus), *args], check=True,
                   capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def query_times(engine, reps: int) -> dict[str, tuple[float, float]]:
    from searchnews.engine.whoosh.facets import FACETS
    from searchnews.engine.whoosh.search import SearchRequest

    times: dict[str, list[float]] = {}
    for rep in range(reps + 1):  # round 0 warms caches (and the JVM's JIT) and is not counted
        for category, queries in QUERIES.items():
            for query in queries:
                request = SearchRequest(str(query["text"]), since=query.get("since"), until=query.get("until"),
                                        sort=str(query.get("sort", "relevance")),
                                        facets=FACETS if query.get("facets") else ())
                started = time.perf_counter()
                engine.search(request)
                if rep:
                    times.setdefault(category, []).append((time.perf_counter() - started) * 1000)
    every = [value for values in times.values() for value in values]
    times["all"] = every
    return {category: (statistics.median(values), percentile(values, 0.95)) for category, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reps", type=int, default=5, help="rounds of every query")
    parser.add_argument("--engines", default="whoosh,os1,os3")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from searchnews.engine import open_engine

    work = Path(tempfile.mkdtemp(prefix="sn-osbench-"))
    results: dict[str, dict[str, object]] = {}
    try:
        corpus = work / "corpus"
        articles = write_corpus(args.corpus, corpus, args.limit, args.repeat)
        print(f"corpus: {articles} stories in {corpus}", file=sys.stderr)
        for name in args.engines.split(","):
            row: dict[str, object] = {"articles": articles}
            if name == "whoosh":
                index = work / "index"
                wall, cpu = timed_ingest(corpus, ["--index", str(index)])
                engine = open_engine("whoosh", None, index)
                row["store_mb"] = sum(p.stat().st_size for p in index.iterdir() if p.is_file()) / 1e6
            else:
                nodes = int(name[2:])
                url, pids, start_s = start_nodes(nodes, work / "state")
                row["start_s"] = start_s
                try:
                    wall, cpu = timed_ingest(corpus, ["--engine", "opensearch", "--url", f"{url}/bench"])
                    engine = open_engine("opensearch", f"{url}/bench", work)
                    row["node_rss_mb"] = rss_mb(pids)
                    row["store_mb"] = engine.stats().size_bytes / 1e6
                    row["queries"] = query_times(engine, args.reps)
                    row["node_rss_mb_after_queries"] = rss_mb(pids)
                    engine.close()
                finally:
                    stop_nodes(nodes, work / "state")
            if name == "whoosh":
                row["queries"] = query_times(engine, args.reps)
            row.update(ingest_s=wall, ingest_per_s=articles / wall, client_cpu_s=cpu)
            results[name] = row
            print(json.dumps({name: row}), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| engine | articles | node start s | ingest articles/s (wall) | query p50 / p95 ms (all) | term | phrase | filtered | faceted | node RSS MB | store MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, row in results.items():
        q = row["queries"]
        cells = " | ".join(f"{q[c][0]:.1f} / {q[c][1]:.1f}" for c in ("all", "term", "phrase", "filtered", "faceted"))
        print(f"| {name} | {row['articles']:,} | {row.get('start_s', 0):.1f} | {row['ingest_per_s']:.0f} | "
              f"{cells} | {row.get('node_rss_mb', 0):.0f} | {row['store_mb']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
