"""searchnews beside what a terminal user would otherwise do: one command, one corpus, one table.

    python benchmarks/speed.py                       # Reuters-21578 (19,779 stories), full run
    python benchmarks/speed.py --limit 2000 --quick  # a small sample, to try the harness itself
    python benchmarks/speed.py --corpus DIR_OR_JSONL --markdown out.md --json out.json

The corpus is written out as one .txt file per story in a temporary folder (a folder given with
--corpus is copied as it is), then, in fresh processes so that start-up and memory are counted:
searchnews (the full pipeline: read, clean, extract, index), the naive Whoosh program (quick-start
schema, default writer, one commit, no cleaning), SQLite FTS5 from the standard library, and
`grep -ril` / `rg -il` over the raw files. Timings that are compared are taken interleaved in the
same run, and every figure is a median over repetitions with its spread, because the machine
this runs on is usually shared.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from proctree import process_tree

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "data" / "reuters21578" / "articles.jsonl.gz"
ADD_COUNT = 100  # stories held back from the first ingest, to time "add 100 articles"

# Queries that mean something in 1987 newswire; each category is timed over all its queries.
QUERIES: dict[str, list[dict[str, object]]] = {
    "term": [{"text": t} for t in ("coffee", "opec", "dividend", "bundesbank", "tariffs")],
    "phrase": [{"text": f'"{t}"'} for t in ("interest rates", "trade deficit", "oil prices", "money supply",
                                             "stock split")],
    "filtered": [
        {"text": "oil", "since": "1987-03-01", "until": "1987-03-31"},
        {"text": "wheat", "since": "1987-04"},
        {"text": '"interest rates"', "until": "1987-03-15"},
        {"text": "yen", "since": "1987-03", "until": "1987-06", "sort": "date"},
    ],
    "faceted": [{"text": t, "facets": True} for t in ("trade", "bank", "oil", "japan")],
}
# One term and one phrase query for the whole-command race against grep and ripgrep.
COMMAND_QUERIES = {"term": "bundesbank", "phrase": "trade deficit"}


# ---------------------------------------------------------------------------------------------
# small helpers (kept pure so tests/test_speed_helpers.py can check them)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: p95 of 20 timings is the 19th, never an interpolated value."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> str:
    """'median (min–max, n=5)': the figure and how much it moved between repetitions."""
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))}, n={len(values)})"


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ratio(mine: float, theirs: float) -> str:
    return f"{theirs / mine:.2f}×" if mine > 0 else "-"


def story_text(record: dict[str, object]) -> str:
    """A JSON record as a plain-text repost: headline, date line, dateline + body."""
    from searchnews.corpus.json_records import DATE_KEYS, TITLE_KEYS, body_of, field

    title = field(record, TITLE_KEYS) or ""
    body = body_of(record) or ""
    dateline = record.get("dateline")
    if isinstance(dateline, str) and dateline.strip() and not body.startswith(dateline.strip()):
        body = f"{dateline.strip()} {body}"
    parts = [title] if title else []
    published = field(record, DATE_KEYS, numbers=True)
    if published:
        with contextlib.suppress(ValueError):
            parts.append(datetime.fromisoformat(published[:19]).strftime("%B %-d, %Y"))
    parts.append(body)
    return "\n\n".join(parts) + "\n"


def iter_records(path: Path) -> Iterable[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        if path.name.endswith(".json"):
            loaded = json.load(lines)
            yield from (loaded if isinstance(loaded, list) else [loaded])
            return
        for line in lines:
            if line.strip():
                yield json.loads(line)


# ---------------------------------------------------------------------------------------------
# the corpus on disk


@dataclass
class Corpus:
    folder: Path  # what every engine indexes and grep searches
    held: Path  # ADD_COUNT stories kept out of the first ingest
    stories: int  # files in folder (one story each for a JSONL corpus)
    raw_bytes: int
    source: str


def write_corpus(source: Path, work: Path, limit: int | None) -> Corpus:
    folder, held = work / "corpus", work / "held"
    folder.mkdir(parents=True)
    held.mkdir()
    written: list[Path] = []
    if source.is_dir():
        from searchnews.corpus.read import find_files

        for corpus_file in find_files(source):
            if limit and len(written) >= limit:
                break
            target = folder / corpus_file.rel_id
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus_file.path, target)
            written.append(target)
    else:
        for number, record in enumerate(iter_records(source), start=1):
            if limit and len(written) >= limit:
                break
            if not isinstance(record, dict):
                continue
            name = f"story-{record.get('id', number)}.txt"
            target = folder / name
            target.write_text(story_text(record), encoding="utf-8")
            written.append(target)
    if len(written) <= 2 * ADD_COUNT:
        raise SystemExit(f"speed.py: {source}: need more than {2 * ADD_COUNT} stories, found {len(written)}")
    for path in written[-ADD_COUNT:]:
        target = held / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    kept = written[:-ADD_COUNT]
    return Corpus(folder, held, len(kept), sum(p.stat().st_size for p in kept), str(source))


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum((Path(d) / n).stat().st_size for d, _, names in os.walk(path) for n in names)


def move_files(source: Path, target: Path, relatives: Iterable[Path]) -> None:
    for relative in relatives:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        (source / relative).rename(destination)


# ---------------------------------------------------------------------------------------------
# running things


@dataclass
class Run:
    wall_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str = ""
    cpu_s: float = 0.0  # user + system, of the process and its waited-for children


CHILD_ENV: dict[str, str] = {}  # set by main(): see bytecode_env


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment for every measured program: Python may cache bytecode (in `cache`).

    An installed program runs from bytecode that pip compiled at install time; with
    PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every start would compile the project's
    modules from source again, ~25 ms that no user pays. A private cache prefix keeps the work
    tree untouched.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def run_measured(cmd: Sequence[str], capture: bool = False, env: dict[str, str] | None = None,
                 tree_memory: bool = False) -> Run:
    """Wall time and peak RSS of one fresh process (the largest of it and its waited-for children).

    tree_memory: also sample, five times a second, the summed RSS of the process and all its
    descendants (worker pools); the report shows the larger of the two peaks.
    """
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env or CHILD_ENV or None)
    tree_peak = [0]
    sampler = None
    if tree_memory:
        import threading

        def sample() -> None:
            while process.returncode is None:
                tree_peak[0] = max(tree_peak[0], tree_rss_bytes(process.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    output = process.stdout.read().decode("utf-8", "replace") if capture and process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.join()
    peak_mb = max(usage.ru_maxrss / 1024, tree_peak[0] / 2**20)
    return Run(wall, peak_mb, process.returncode, output, usage.ru_utime + usage.ru_stime)


def tree_rss_bytes(root: int) -> int:
    """Summed resident memory of a process and its descendants (0 where unreadable)."""
    return sum(rss for rss, _ in process_tree(root).values())


def searchnews_cmd() -> list[str]:
    """The installed console script a user types, next to this Python; else `python -m searchnews`."""
    script = Path(sys.executable).with_name("searchnews")
    return [str(script)] if script.exists() else [sys.executable, "-m", "searchnews"]


def worker(args: list[str]) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", *args]


@dataclass
class Results:
    machine: dict[str, object] = field(default_factory=dict)
    corpus: dict[str, object] = field(default_factory=dict)
    ingest: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    index_bytes: dict[str, int] = field(default_factory=dict)
    noop_s: list[float] = field(default_factory=list)
    naive_rebuild_s: list[float] = field(default_factory=list)
    add100_s: list[float] = field(default_factory=list)
    query_ms: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    command_s: dict[str, list[float]] = field(default_factory=dict)
    command_cpu_s: dict[str, list[float]] = field(default_factory=dict)
    command_hits: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def machine_info() -> dict[str, object]:
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()
    total_gb = memory[1].split()[1] if len(memory) > 1 else "?"
    return {
        "cores": os.cpu_count(),
        "ram_gb": total_gb,
        "cpu": cpu_name(),
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
    }


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def ingest_commands(corpus: Corpus, work: Path) -> dict[str, tuple[list[str], Path]]:
    alternatives = str(HERE / "alternatives.py")
    return {
        "searchnews": ([*searchnews_cmd(), "ingest", str(corpus.folder), "--index", str(work / "sn-index")],
                       work / "sn-index"),
        "naive Whoosh": ([sys.executable, alternatives, "whoosh", str(corpus.folder), str(work / "naive-index")],
                         work / "naive-index"),
        "SQLite FTS5": ([sys.executable, alternatives, "sqlite", str(corpus.folder), str(work / "fts.sqlite")],
                        work / "fts.sqlite"),
    }


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def measure_ingest(corpus: Corpus, work: Path, repeat: int, results: Results, log) -> None:
    """Full ingests from nothing, interleaved engine by engine, repeat times."""
    commands = ingest_commands(corpus, work)
    for round_number in range(repeat):
        for name, (cmd, target) in commands.items():
            remove(target)
            run = run_measured(cmd, tree_memory=True)
            if run.returncode != 0:
                raise SystemExit(f"speed.py: {name} ingest failed (exit {run.returncode}): {' '.join(cmd)}")
            results.ingest.setdefault(name, []).append(
                {"seconds": run.wall_s, "docs_per_s": corpus.stories / run.wall_s, "peak_rss_mb": run.peak_rss_mb})
            log(f"ingest {round_number + 1}/{repeat} {name}: {run.wall_s:.1f}s, {run.peak_rss_mb:.0f} MB")
    for name, (_, target) in commands.items():
        results.index_bytes[name] = folder_bytes(target)
    segments = len(list((work / "sn-index").glob("*.seg")))
    results.notes.append(f"searchnews index after a full ingest: {segments} segment(s); every query opens each one")


def measure_updates(corpus: Corpus, work: Path, repeat: int, results: Results, log) -> None:
    """No-op re-ingest, and adding the held-back 100 stories (then taking them out again)."""
    cmd = ingest_commands(corpus, work)["searchnews"][0]
    for _ in range(repeat):
        results.noop_s.append(run_measured(cmd).wall_s)
    log(f"no-op re-ingest: {spread(results.noop_s)} s")
    held = [p.relative_to(corpus.held) for p in corpus.held.rglob("*") if p.is_file()]
    for _ in range(repeat):
        move_files(corpus.held, corpus.folder, held)
        results.add100_s.append(run_measured(cmd).wall_s)
        move_files(corpus.folder, corpus.held, held)
        run_measured(cmd)  # drop them again, untimed
    log(f"add {ADD_COUNT}: {spread(results.add100_s)} s")


def measure_queries(work: Path, repeat: int, results: Results, log) -> None:
    """In-process latency: one worker process per engine, imports warm, each query repeated."""
    targets = {
        "searchnews": work / "sn-index",
        "naive Whoosh": work / "naive-index",
        "SQLite FTS5": work / "fts.sqlite",
    }
    for name, target in targets.items():
        run = run_measured(worker(["query", name, str(target), str(repeat)]), capture=True)
        if run.returncode != 0:
            results.notes.append(f"in-process queries for {name} failed (exit {run.returncode})")
            continue
        results.query_ms[name] = json.loads(run.stdout.strip().splitlines()[-1])
        summary = ", ".join(f"{cat} p50 {fmt(statistics.median(ms))} ms" for cat, ms in results.query_ms[name].items()
                            if not cat.endswith(" cpu"))
        log(f"in-process {name}: {summary}")


def command_set(corpus: Corpus, work: Path, results: Results) -> dict[str, list[str]]:
    alternatives = {
        "naive Whoosh script": [sys.executable, "-c", __import__("alternatives").NAIVE_WHOOSH_QUERY_SCRIPT,
                                str(work / "naive-index")],
        "SQLite script": [sys.executable, "-c", __import__("alternatives").SQLITE_QUERY_SCRIPT, str(work / "fts.sqlite")],
    }
    commands: dict[str, list[str]] = {"bare python -c pass": [sys.executable, "-c", "pass"]}
    for kind, text in COMMAND_QUERIES.items():
        query_text = f'"{text}"' if kind == "phrase" else text
        commands[f"searchnews query ({kind})"] = [*searchnews_cmd(), "query", query_text, "--index",
                                                  str(work / "sn-index")]
        for name, prefix in alternatives.items():
            commands[f"{name} ({kind})"] = [*prefix, query_text]
        commands[f"grep -ril ({kind})"] = ["grep", "-rilF", text, str(corpus.folder)]
        if shutil.which("rg"):
            commands[f"rg -il ({kind})"] = ["rg", "-ilF", text, str(corpus.folder)]
    if not shutil.which("rg"):
        results.notes.append("ripgrep (rg) not installed: skipped (apt-get install ripgrep)")
    commands["searchnews query (filtered)"] = [*searchnews_cmd(), "query", "oil", "--since", "1987-03",
                                               "--until", "1987-04", "--index", str(work / "sn-index")]
    commands["searchnews query (faceted)"] = [*searchnews_cmd(), "query", "trade", "--facets",
                                              "--index", str(work / "sn-index")]
    return commands


def measure_commands(corpus: Corpus, work: Path, repeat: int, results: Results, log) -> None:
    """Whole commands, start-up included, stdout piped: rotated order each round so drift spreads evenly."""
    sys.path.insert(0, str(HERE))
    commands = command_set(corpus, work, results)
    names = list(commands)
    for name in names:  # warm the page cache and count what each finds
        run = run_measured(commands[name], capture=True)
        lines = [line for line in run.stdout.splitlines() if line.strip()]
        results.command_hits[name] = lines[-1] if name.startswith("searchnews") and lines else f"{len(lines)} lines"
    for round_number in range(repeat):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            run = run_measured(commands[name])
            results.command_s.setdefault(name, []).append(run.wall_s)
            results.command_cpu_s.setdefault(name, []).append(run.cpu_s)
    log("whole commands: " + ", ".join(f"{n} {fmt(statistics.median(v))}s" for n, v in results.command_s.items()))
    measure_served_commands(work, repeat, commands, results, log)


def measure_served_commands(work: Path, repeat: int, commands: dict[str, list[str]], results: Results, log) -> None:
    """The same searchnews queries with `searchnews serve` running (opt-in warm process), interleaved with grep
    again. The client's CPU is what run_measured sees; the server's is read from /proc and reported as a note."""
    index_dir = work / "sn-index"
    server = subprocess.Popen([*searchnews_cmd(), "serve", "--index", str(index_dir)], stderr=subprocess.DEVNULL,
                              env=CHILD_ENV or None)
    try:
        deadline = time.monotonic() + 60
        while not (index_dir / ".query.sock").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                results.notes.append("searchnews serve did not start: served rows skipped")
                return
            time.sleep(0.05)
        served = {f"{name}, query server running": cmd for name, cmd in commands.items()
                  if name.startswith("searchnews query (term)") or name.startswith("searchnews query (phrase)")}
        others = {name: cmd for name, cmd in commands.items() if name.startswith(("grep", "rg"))}
        for cmd in served.values():  # the first query loads the server's modules
            run_measured(cmd)
        server_cpu_before = sum(cpu for _, cpu in process_tree(server.pid).values())
        served_runs = 0
        for _ in range(repeat):
            for name, cmd in [*served.items(), *others.items()]:
                run = run_measured(cmd)
                key = name if name in served else f"{name}, beside the served queries"
                results.command_s.setdefault(key, []).append(run.wall_s)
                results.command_cpu_s.setdefault(key, []).append(run.cpu_s)
                served_runs += name in served
        server_cpu = sum(cpu for _, cpu in process_tree(server.pid).values()) - server_cpu_before
        results.notes.append(f"query server running: its own CPU was {1000 * server_cpu / max(served_runs, 1):.0f} ms per "
                             "served query (not in the CPU column, which is the client's)")
        for name in served:
            results.command_hits[name] = results.command_hits.get(name.split(",")[0], "")
        log("served commands: " + ", ".join(f"{n} {fmt(statistics.median(results.command_s[n]))}s" for n in served))
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---------------------------------------------------------------------------------------------
# workers (run in fresh processes)


def query_worker(engine: str, target: str, repeat: int) -> None:
    if engine == "searchnews":
        run = searchnews_query_function(Path(target))
        categories = QUERIES
    else:
        sys.path.insert(0, str(HERE))
        import alternatives

        search = (alternatives.naive_whoosh_searcher if engine == "naive Whoosh" else alternatives.sqlite_searcher)(
            Path(target))

        def run(query: dict[str, object]) -> int:
            return search(str(query["text"]))

        categories = {k: v for k, v in QUERIES.items() if k in ("term", "phrase")}
    timings: dict[str, list[float]] = {}
    for category, queries in categories.items():
        for query in queries:
            run(query)  # the first run pays for imports and cold caches; users pay that in start-up
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                run(query)
                timings.setdefault(category, []).append((time.perf_counter() - started) * 1000)
                # CPU time is what a quiet machine would take; it moves less with other users' load
                timings.setdefault(f"{category} cpu", []).append((time.process_time() - cpu_started) * 1000)
    print(json.dumps(timings))


def searchnews_query_function(index_dir: Path):
    """search() exactly as `searchnews query` calls it: opens the index, parses, searches, highlights."""
    from dataclasses import fields

    from searchnews.engine.whoosh.search import SearchRequest, search

    known = {f.name for f in fields(SearchRequest)}

    def run(query: dict[str, object]) -> int:
        options = {k: v for k, v in query.items() if k in known and k != "text"}
        if query.get("facets"):
            options.update(facet_options(known))
        return len(search(index_dir, SearchRequest(str(query["text"]), **options)).hits)

    return run


def facet_options(known: set[str]) -> dict[str, object]:
    """Ask for every facet count, as `searchnews query --facets` does."""
    if "facets" not in known:
        return {}
    from searchnews.engine.whoosh.facets import FACETS

    return {"facets": tuple(FACETS)}


# ---------------------------------------------------------------------------------------------
# the report


SERVED_SUFFIXES = (", query server running", ", beside the served queries")


def command_table(title: str, rows: dict[str, list[float]], results: Results, base_name: str) -> list[str]:
    import re

    base = {kind: statistics.median(rows.get(base_name.format(kind=kind), [0]))
            for kind in (*COMMAND_QUERIES, "filtered", "faceted")}
    out = [title, "", "| command | wall seconds | its time ÷ searchnews' | CPU seconds (user+sys) | output |",
           "|---|---|---|---|---|"]
    for name, seconds in rows.items():
        found = re.search(r"\((\w+)\)", name)
        kind = found.group(1) if found else None
        versus = ratio(base[kind], statistics.median(seconds)) if base.get(kind) else "-"
        cpu = results.command_cpu_s.get(name) or [0.0]
        out.append(f"| `{name}` | {spread(seconds)} | {versus} | {spread(cpu)} | {results.command_hits.get(name, '')} |")
    return out


def markdown(results: Results, command_line: str) -> str:
    m, c = results.machine, results.corpus
    out = [
        f"Corpus: {c['source']} — {c['stories']:,} stories written as one .txt each "
        f"({c['raw_bytes'] / 1e6:.1f} MB raw; {ADD_COUNT} more held back for the add test).",
        f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}, Python {m['python']}; "
        f"load average before {tuple(round(x, 2) for x in m['load_before'])}, after "
        f"{tuple(round(x, 2) for x in m.get('load_after', (0, 0, 0)))}.",
        f"Command: `{command_line}`",
        "",
        "Figures are medians, with (min–max, n=repetitions); ratios are the other engine's figure over searchnews'.",
        "",
    ]
    if results.ingest:
        sn = results.ingest["searchnews"]
        sn_rate = statistics.median([r["docs_per_s"] for r in sn])
        out += ["### Ingest (fresh process, from nothing)", "",
                "| engine | articles/s | seconds | peak RSS MB (all processes) | index size / raw size | searchnews rate ÷ this |",
                "|---|---|---|---|---|---|"]
        for name, runs in results.ingest.items():
            rate = [r["docs_per_s"] for r in runs]
            out.append(
                f"| {name} | {spread(rate)} | {spread([r['seconds'] for r in runs])} | "
                f"{spread([r['peak_rss_mb'] for r in runs])} | "
                f"{results.index_bytes.get(name, 0) / c['raw_bytes']:.2f} | "
                f"{sn_rate / statistics.median(rate):.2f}× |")
        out.append("")
    if results.noop_s:
        rebuild = statistics.median([r["seconds"] for r in results.ingest.get("naive Whoosh", [{"seconds": 0}])])
        out += ["### Keeping the index in sync (searchnews ingest, whole command)", "",
                "| operation | seconds |", "|---|---|",
                f"| no-op re-ingest of the unchanged corpus | {spread(results.noop_s)} |",
                f"| add {ADD_COUNT} new articles | {spread(results.add100_s)} |",
                f"| (naive Whoosh has no sync: it rebuilds) | {fmt(rebuild)} |", ""]
    if results.query_ms:
        out += ["### Query latency in-process (index opened per query by searchnews, once by the others)", "",
                "| engine | query kind | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | n |",
                "|---|---|---|---|---|---|---|---|"]
        for name, categories in results.query_ms.items():
            for category, ms in categories.items():
                if category.endswith(" cpu"):
                    continue
                cpu = categories.get(f"{category} cpu", [0.0])
                out.append(f"| {name} | {category} | {fmt(statistics.median(ms))} | {fmt(percentile(ms, 0.95))} | "
                           f"{fmt(max(ms))} | {fmt(statistics.median(cpu))} | {fmt(percentile(cpu, 0.95))} | "
                           f"{len(ms)} |")
        out.append("")
    if results.command_s:
        served = {name: v for name, v in results.command_s.items() if name.endswith(SERVED_SUFFIXES)}
        cold = {name: v for name, v in results.command_s.items() if name not in served}
        out += command_table("### Whole command, Python start-up included, stdout piped", cold, results,
                             "searchnews query ({kind})")
        if served:
            title = "### Whole command with `searchnews serve` running (opt-in warm process; grep measured again beside it)"
            out += ["", *command_table(title, served, results, "searchnews query ({kind}), query server running")]
        out += ["", f"Queries: term `{COMMAND_QUERIES['term']}`, phrase `\"{COMMAND_QUERIES['phrase']}\"` "
                "(grep/rg: fixed string, case-insensitive; they miss phrases broken across lines)."]
    for note in results.notes:
        out.append(f"- note: {note}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        if argv[1] == "query":
            query_worker(argv[2], argv[3], int(argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a folder, or a JSONL/JSON(.gz) file")
    parser.add_argument("--limit", type=int, help="use only the first N stories")
    parser.add_argument("--repeat", type=int, default=7, help="repetitions of whole commands and updates")
    parser.add_argument("--ingest-repeat", type=int, default=3, help="full ingests per engine")
    parser.add_argument("--query-repeat", type=int, default=20, help="in-process runs of each query")
    parser.add_argument("--quick", action="store_true", help="1 ingest, 3 repetitions: to try the harness")
    parser.add_argument("--skip", action="append", default=[], choices=["updates", "queries", "commands"])
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--json", type=Path, help="write every raw timing here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.ingest_repeat, args.query_repeat = 3, 1, 5
    if not args.corpus.exists():
        raise SystemExit(f"speed.py: {args.corpus}: no such file or folder")

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = Results(machine=machine_info())
    work = args.keep or Path(tempfile.mkdtemp(prefix="searchnews-speed-"))
    if args.keep:
        remove(work)
        work.mkdir(parents=True)
    CHILD_ENV.update(bytecode_env(work / "pycache"))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        results.notes.append("PYTHONDONTWRITEBYTECODE was set here; measured programs ran with a private bytecode "
                             "cache instead, as an installed program does")
    try:
        corpus = write_corpus(args.corpus, work, args.limit)
        results.corpus = {"source": corpus.source, "stories": corpus.stories, "raw_bytes": corpus.raw_bytes}
        log(f"corpus: {corpus.stories} stories, {corpus.raw_bytes / 1e6:.1f} MB in {corpus.folder}")
        measure_ingest(corpus, work, args.ingest_repeat, results, log)
        if "updates" not in args.skip:
            measure_updates(corpus, work, args.repeat, results, log)
        if "queries" not in args.skip:
            measure_queries(work, args.query_repeat, results, log)
        if "commands" not in args.skip:
            measure_commands(corpus, work, args.repeat, results, log)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results.machine["load_after"] = os.getloadavg()
    command_line = "python benchmarks/speed.py " + " ".join(argv)
    report = markdown(results, command_line.strip())
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results.__dict__, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
