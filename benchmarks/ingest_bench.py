"""Incremental ingest on Reuters-21578: full ingest, no-op re-ingest, adding 100 articles, peak memory.

    python benchmarks/ingest_bench.py                     # all 19,779 stories (a few minutes on 2 cores)
    python benchmarks/ingest_bench.py --limit 3000        # a quicker sample
    python benchmarks/ingest_bench.py --jobs 1 --jobs 2   # compare worker counts (one full ingest each)
    python benchmarks/ingest_bench.py --naive             # also the quick-start Whoosh program, as a baseline

Each story becomes one .txt file (title, blank line, dateline and body) in a temporary corpus, 100
of them held back. Every figure comes from `searchnews ingest` run as a fresh process, as a user
runs it: wall time, and peak resident memory summed over the ingest and its worker processes
(sampled from /proc every 50 ms; also the largest single process from getrusage). The machine
is usually shared, so the load average is printed beside the figures, and repeated figures are
medians.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from proctree import process_tree

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "articles.jsonl.gz"
HELD_BACK = 100


def write_corpus(source: Path, folder: Path, limit: int | None) -> tuple[int, Path]:
    """One .txt per story under folder/corpus/NN/, and HELD_BACK more under folder/held/."""
    corpus, held = folder / "corpus", folder / "held"
    written = 0
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and written >= limit + HELD_BACK:
                break
            record = json.loads(line)
            target = (held if written < HELD_BACK else corpus) / f"{record['id'] // 1000:02d}" / f"{record['id']}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"{record['title']}\n\n{record['dateline']} {record['body']}\n", encoding="utf-8")
            written += 1
    return written - HELD_BACK, held


def tree_usage(root_pid: int, cpu_seen: dict[int, float]) -> float:
    """Resident memory (MB) of a process and all its descendants; records each one's CPU seconds so
    far in `cpu_seen` (workers are grandchildren: getrusage would miss them)."""
    tree = process_tree(root_pid)
    for pid, (_, cpu) in tree.items():
        cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu)
    return sum(rss for rss, _ in tree.values()) / 2**20


NAIVE = """
import sys
from pathlib import Path
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
corpus, target = Path(sys.argv[1]), Path(sys.argv[2])
target.mkdir(parents=True)
ix = index.create_in(str(target), Schema(path=ID(stored=True, unique=True), title=TEXT(stored=True), body=TEXT(stored=True)))
writer = ix.writer()
for path in sorted(corpus.rglob("*.txt")):
    title, _, body = path.read_text(encoding="utf-8").partition("\\n\\n")
    writer.add_document(path=str(path), title=title, body=body)
writer.commit()
print("naive Whoosh done")
"""


def run_ingest(corpus: Path, index_dir: Path, jobs: int | None, naive: bool = False) -> dict[str, float]:
    command = [sys.executable, "-m", "searchnews", "ingest", str(corpus), "--index", str(index_dir)]
    if jobs:
        command += ["--jobs", str(jobs)]
    if naive:  # the quick-start Whoosh program: default writer, one commit, no cleaning or extraction
        command = [sys.executable, "-c", NAIVE, str(corpus), str(index_dir)]
    env = {key: value for key, value in os.environ.items() if not key.startswith("SEARCHNEWS_")}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0.0]
    cpu_seen: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_usage(process.pid, cpu_seen))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"ingest failed (exit {process.returncode}): {stderr.strip()}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": wall, "cpu_s": sum(cpu_seen.values()), "tree_rss_mb": peak[0], "largest_process_mb": largest,
            "summary": (stderr or stdout).splitlines()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="Reuters-21578 articles.jsonl.gz")
    parser.add_argument("--limit", type=int, help="index only this many stories")
    parser.add_argument("--jobs", type=int, action="append", help="worker processes (repeat to compare)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of the quick measurements")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--naive", action="store_true", help="also time the quick-start Whoosh program (baseline)")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"ingest_bench: {args.data} not found (the shared data folder is optional)")

    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    results: dict[str, object] = {"load_average_before": os.getloadavg(), "cpus": os.cpu_count()}
    try:
        stories, held = write_corpus(args.data, work, args.limit)
        corpus = work / "corpus"
        results["stories"] = stories
        print(f"corpus: {stories} stories as .txt files ({HELD_BACK} more held back); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)

        full = {}
        for jobs in args.jobs or [None]:
            index_dir = work / f"index-{jobs or 'default'}"
            run = run_ingest(corpus, index_dir, jobs)
            run["articles_per_s"] = stories / run["seconds"]
            full[str(jobs or "default")] = run
            print(f"full ingest (jobs={jobs or 'default'}): {run['seconds']:.1f} s, {run['articles_per_s']:.0f} "
                  f"articles/s, {run['cpu_s']:.0f} CPU-s, peak RSS {run['tree_rss_mb']:.0f} MB all processes "
                  f"(largest one {run['largest_process_mb']:.0f} MB)", flush=True)
        results["full_ingest"] = full
        if args.naive:
            run = run_ingest(corpus, work / "naive-index", None, naive=True)
            run["articles_per_s"] = stories / run["seconds"]
            results["naive_whoosh"] = run
            print(f"naive Whoosh (no cleaning, default writer): {run['seconds']:.1f} s, {run['articles_per_s']:.0f} "
                  f"articles/s, {run['cpu_s']:.0f} CPU-s, peak RSS {run['tree_rss_mb']:.0f} MB", flush=True)

        noop = [run_ingest(corpus, index_dir, None) for _ in range(args.repeat)]
        assert all(run["summary"].startswith("0 new, 0 changed, 0 removed") for run in noop), noop[0]["summary"]
        results["noop_s"] = [run["seconds"] for run in noop]
        print(f"no-op re-ingest: median {statistics.median(results['noop_s']):.2f} s "
              f"(runs: {', '.join(f'{s:.2f}' for s in results['noop_s'])})", flush=True)

        add = []
        for round_number in range(args.repeat):
            target = corpus / f"new{round_number}"
            shutil.copytree(held, target)
            run = run_ingest(corpus, index_dir, None)
            assert run["summary"].startswith(f"{HELD_BACK} new, 0 changed, 0 removed"), run["summary"]
            add.append(run["seconds"])
        results["add_100_s"] = add
        print(f"add {HELD_BACK} new articles to the full index: median {statistics.median(add):.2f} s "
              f"(runs: {', '.join(f'{s:.2f}' for s in add)})", flush=True)
        results["load_average_after"] = os.getloadavg()
        print(f"load average now {os.getloadavg()[0]:.1f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
