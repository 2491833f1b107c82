"""What alerts cost an ingest (issue 18): 50 saved searches checked after adding 1,000 Reuters stories to a
~19k-story index, and after a 10-file batch (what one `watch` batch runs: an ordinary ingest of the folder).

    python benchmarks/alerts_timing.py [--repeats 3] [--base 18779] [--added 1000] [--engine opensearch --url URL]

Builds the base index once (Reuters-21578 stories as .txt files, ../shared/data), copies it per run (Whoosh:
the folder; OpenSearch: an index clone, `_clone` of the write-blocked base, hard-linked segments), and
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


class WhooshRun:
    """One timed copy of the base index: a copy of the base folder."""

    def __init__(self, base: Path, folder: Path) -> None:
        shutil.copytree(base, folder)
        self.index_dir, self.alerts_dir, self.engine = folder, folder, None

    @staticmethod
    def build(corpus: Path, base: Path, keep: Path | None) -> None:
        from searchnews.sync.ingest import ingest

        if keep and keep.is_dir():
            shutil.copytree(keep, base)
            ingest([corpus], base)  # the folder paths are the same: nothing to do
            return
        started = time.perf_counter()
        ingest([corpus], base)
        print(f"base index: built in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        if keep:
            shutil.copytree(base, keep)

    def ingest(self, corpus: Path):
        from searchnews.sync.ingest import ingest

        return ingest([corpus], self.index_dir)

    def drop(self) -> None:
        shutil.rmtree(self.index_dir)


class OpenSearchRun:
    """One timed copy of the base index: an OpenSearch clone of the base index (hard-linked segments)."""

    def __init__(self, url: str, base_name: str, name: str, folder: Path) -> None:
        from searchnews.engine import open_engine
        from searchnews.engine.opensearch.alerts import alerts_dir

        base = open_engine("opensearch", f"{url}/{base_name}", folder)
        client = base.client
        client.indices.delete(index=name, ignore=[404])
        client.indices.put_settings(index=base_name, body={"index.blocks.write": True})
        client.indices.clone(index=base_name, target=name, body={"settings": {"index.blocks.write": None}})
        client.cluster.health(index=name, wait_for_status="yellow", request_timeout=120)
        client.indices.put_settings(index=base_name, body={"index.blocks.write": None})
        base.close()
        self.engine = open_engine("opensearch", f"{url}/{name}", folder)
        self.index_dir, self.alerts_dir = folder, alerts_dir(folder, self.engine)

    @staticmethod
    def build(url: str, base_name: str, corpus: Path, folder: Path, expected: int, keep: bool) -> None:
        from searchnews.engine import open_engine

        engine = open_engine("opensearch", f"{url}/{base_name}", folder)
        try:
            exists = engine.client.indices.exists(index=base_name)
            if exists and keep and engine.client.count(index=base_name)["count"] == expected:
                engine.sync([corpus])  # the same stories: nothing to send
                return
            engine.client.indices.delete(index=base_name, ignore=[404])
            started = time.perf_counter()
            engine.sync([corpus])
            print(f"base index (OpenSearch): built in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        finally:
            engine.close()

    def ingest(self, corpus: Path):
        from searchnews.alerts.check import sync_and_check
        from searchnews.extract.run import ExtractOptions

        return sync_and_check(self.engine, self.index_dir, [corpus], ExtractOptions(), 60)

    def drop(self) -> None:
        self.engine.client.indices.delete(index=self.engine.index, ignore=[404])
        self.engine.close()
        shutil.rmtree(self.index_dir, ignore_errors=True)


def main() -> None:
    from searchnews.alerts.check import open_alert_engine
    from searchnews.alerts.inbox import add_alert
    from searchnews.alerts.saved import SavedSearch, alerts_path, read_alerts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--base", type=int, default=None, help="stories in the base index (default: all but the added)")
    parser.add_argument("--added", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, help="Whoosh: keep the base index here (and reuse it when it exists)")
    parser.add_argument("--engine", choices=["whoosh", "opensearch"], default="whoosh")
    parser.add_argument("--url", help="OpenSearch node URL (with --engine opensearch)")
    parser.add_argument("--keep-base", action="store_true",
                        help="OpenSearch: reuse the base index sn-alerts-bench-base when it holds the base stories")
    args = parser.parse_args()
    if args.engine == "opensearch" and not args.url:
        parser.error("--engine opensearch needs --url")

    records = list(iter_records(args.corpus))
    base_count = args.base if args.base is not None else len(records) - args.added - args.batch
    base = records[:base_count]
    added = records[base_count:base_count + args.added]
    batch = records[base_count + args.added:base_count + args.added + args.batch]  # stories not in the index
    work = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    url = (args.url or "").split(",")[0].rstrip("/")
    base_name = "sn-alerts-bench-base"
    try:
        corpus, base_index = work / "corpus", work / "base-index"
        write_stories(corpus / "base", base)
        if args.engine == "whoosh":
            WhooshRun.build(corpus, base_index, args.keep)
        else:
            OpenSearchRun.build(url, base_name, corpus, base_index, len(base), args.keep_base)
        write_stories(work / "added", added)
        write_stories(work / "batch", batch)

        def fresh(label: str):
            if args.engine == "whoosh":
                return WhooshRun(base_index, work / f"index-{label}")
            return OpenSearchRun(url, base_name, f"sn-alerts-bench-{label}", work / f"index-{label}")

        runs: dict[str, list[float]] = {"plain": [], "alerts": []}
        checks: dict[str, list[tuple[float, float, int]]] = {str(len(added)): [], str(len(batch)): []}
        sizes = []
        full_rerun = float("nan")
        for repeat in range(args.repeats):
            for mode in ("plain", "alerts") if repeat % 2 == 0 else ("alerts", "plain"):
                run = fresh(f"{mode}-{repeat}")
                if mode == "alerts":
                    for number, query in enumerate(QUERIES):
                        add_alert(run.alerts_dir, SavedSearch(f"a{number}", query), wait_s=10, engine=run.engine)
                shutil.copytree(work / "added", corpus / "added")
                started = time.perf_counter()
                report = run.ingest(corpus)
                runs[mode].append(time.perf_counter() - started)
                if mode == "alerts":
                    check = report.alerts
                    assert check is not None and check.error is None, check
                    checks[str(len(added))].append((check.elapsed_s, check.cpu_s, check.total))
                    sizes.append(alerts_path(run.alerts_dir).stat().st_size)
                    shutil.copytree(work / "batch", corpus / "batch")
                    report = run.ingest(corpus)
                    check = report.alerts
                    checks[str(len(batch))].append((check.elapsed_s, check.cpu_s, check.total))
                    shutil.rmtree(corpus / "batch")
                shutil.rmtree(corpus / "added")
                if mode == "alerts" and repeat == 0:
                    saved = read_alerts(run.alerts_dir).alerts
                    with open_alert_engine(run.alerts_dir, run.engine) as engine:
                        started = time.perf_counter()
                        for alert in saved.values():
                            engine.all_matching(alert)
                        full_rerun = time.perf_counter() - started
                run.drop()

        print(f"engine: {args.engine}; corpus: Reuters-21578, base {len(base)} stories + {len(added)} added, then a "
              f"{len(batch)}-file batch; {len(QUERIES)} alerts; {args.repeats} interleaved repeats; "
              "machine shared (loaded)")
        print(f"ingest of +{len(added)} without alerts: median {median(runs['plain']):.2f}s "
              f"({', '.join(f'{value:.2f}' for value in runs['plain'])})")
        print(f"ingest of +{len(added)} with 50 alerts: median {median(runs['alerts']):.2f}s "
              f"({', '.join(f'{value:.2f}' for value in runs['alerts'])})")
        for label, values in checks.items():
            print(f"alert check after +{label} articles: median {median([v[0] for v in values]) * 1000:.0f} ms wall, "
                  f"{median([v[1] for v in values]) * 1000:.0f} ms CPU (this process); new matches recorded: "
                  f"{[v[2] for v in values]}")
        print(f"for scale, re-running the 50 searches over the whole index: {full_rerun * 1000:.0f} ms")
        print(f"alerts.json: {median(sizes) / 1e6:.2f} MB (50 alerts, with the ids every alert has matched)")
    finally:
        if args.engine == "opensearch" and not args.keep_base:
            from searchnews.engine import open_engine

            engine = open_engine("opensearch", f"{url}/{base_name}", work)
            engine.client.indices.delete(index=base_name, ignore=[404])
            engine.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
