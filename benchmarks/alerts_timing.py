"""What alerts cost an ingest (issue 18): 50 saved searches checked after adding 1,000 Reuters stories to a
~19k-story index, and after a 10-file batch (what one `watch` batch runs: an ordinary ingest of the folder).

    python benchmarks/alerts_timing.py [--repeats 3] [--base 18779] [--added 1000]

Builds the base index once (Reuters-21578 stories as .txt files, ../shared/data), copies it per run, and
times the ingest with and without the 50 alerts, interleaved, plus the alert check on its own (wall and
CPU, from the check's own report) and, for scale, re-running the 50 searches over the whole index.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from speed import DEFAULT_CORPUS, iter_records, story_text  # noqa: E402

# 50 searches an analyst of 1987 commodity and market news might save: words, phrases, boolean, fields.
QUERIES = [
    "cocoa", "coffee", "sugar", "wheat", "corn", "soybeans", "crude oil", "opec", "gold", "silver",
    "copper", "tin", "rubber", "cotton", "livestock", "interest rates", "federal reserve", "bundesbank",
    "bank of japan", "yen", "dollar AND intervention", '"trade deficit"', '"money supply"', "inflation",
    "gnp OR gdp", "merger", "acquisition AND tender", "takeover bid", "dividend", "bankruptcy", "strike",
    "tariff", "protectionism", "gatt", "japan AND semiconductors", "brazil debt", "mexico loan",
    "argentina", "ecuador earthquake", "iran iraq", "shipping", "grain exports", "ussr wheat",
    "ec commission", "farm subsidies", "natural gas", "refinery", "treasury bills", "bond yields",
    "stock split",
]


def write_stories(folder: Path, records: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"reuters-{record['id']}.txt").write_text(story_text(record), encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    from searchnews.alerts.inbox import add_alert
    from searchnews.alerts.saved import SavedSearch, alerts_path
    from searchnews.engine.whoosh.alerts import open_engine
    from searchnews.sync.ingest import ingest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--base", type=int, default=None, help="stories in the base index (default: all but the added)")
    parser.add_argument("--added", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, help="keep the base index here (and reuse it when it exists)")
    args = parser.parse_args()

    records = list(iter_records(args.corpus))
    base_count = args.base if args.base is not None else len(records) - args.added - args.batch
    base = records[:base_count]
    added = records[base_count:base_count + args.added]
    batch = records[base_count + args.added:base_count + args.added + args.batch]  # stories not in the index
    work = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    try:
        corpus, base_index = work / "corpus", work / "base-index"
        write_stories(corpus / "base", base)
        if args.keep and args.keep.is_dir():
            shutil.copytree(args.keep, base_index)
            ingest([corpus], base_index)  # the folder paths are the same: nothing to do
        else:
            started = time.perf_counter()
            ingest([corpus], base_index)
            print(f"base index: {len(base)} stories in {time.perf_counter() - started:.0f}s", file=sys.stderr)
            if args.keep:
                shutil.copytree(base_index, args.keep)
        write_stories(work / "added", added)
        write_stories(work / "batch", batch)

        runs: dict[str, list[float]] = {"plain": [], "alerts": []}
        checks: dict[str, list[tuple[float, float, int]]] = {str(len(added)): [], str(len(batch)): []}
        sizes = []
        for repeat in range(args.repeats):
            for mode in ("plain", "alerts") if repeat % 2 == 0 else ("alerts", "plain"):
                index_dir = work / f"index-{mode}-{repeat}"
                shutil.copytree(base_index, index_dir)
                if mode == "alerts":
                    for number, query in enumerate(QUERIES):
                        add_alert(index_dir, SavedSearch(f"a{number}", query), wait_s=10)
                shutil.copytree(work / "added", corpus / "added")
                started = time.perf_counter()
                report = ingest([corpus], index_dir)
                runs[mode].append(time.perf_counter() - started)
                if mode == "alerts":
                    check = report.alerts
                    assert check is not None and check.error is None, check
                    checks[str(len(added))].append((check.elapsed_s, check.cpu_s, check.total))
                    sizes.append(alerts_path(index_dir).stat().st_size)
                    shutil.copytree(work / "batch", corpus / "batch")
                    report = ingest([corpus], index_dir)
                    check = report.alerts
                    checks[str(len(batch))].append((check.elapsed_s, check.cpu_s, check.total))
                    shutil.rmtree(corpus / "batch")
                shutil.rmtree(corpus / "added")
                if mode == "alerts" and repeat == 0:
                    from searchnews.alerts.saved import read_alerts

                    saved = read_alerts(index_dir).alerts
                    with open_engine(index_dir) as engine:
                        started = time.perf_counter()
                        for alert in saved.values():
                            engine.all_matching(alert)
                        full_rerun = time.perf_counter() - started
                shutil.rmtree(index_dir)

        print(f"corpus: Reuters-21578, base {len(base)} stories + {len(added)} added, then a {len(batch)}-file batch; "
              f"{len(QUERIES)} alerts; {args.repeats} interleaved repeats; machine shared (loaded)")
        print(f"ingest of +{len(added)} without alerts: median {median(runs['plain']):.2f}s "
              f"({', '.join(f'{value:.2f}' for value in runs['plain'])})")
        print(f"ingest of +{len(added)} with 50 alerts: median {median(runs['alerts']):.2f}s "
              f"({', '.join(f'{value:.2f}' for value in runs['alerts'])})")
        for label, values in checks.items():
            print(f"alert check after +{label} articles: median {median([v[0] for v in values]) * 1000:.0f} ms wall, "
                  f"{median([v[1] for v in values]) * 1000:.0f} ms CPU; new matches recorded: "
                  f"{[v[2] for v in values]}")
        print(f"for scale, re-running the 50 searches over the whole index: {full_rerun * 1000:.0f} ms")
        print(f"alerts.json: {median(sizes) / 1e6:.2f} MB (50 alerts, with the ids every alert has matched)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
