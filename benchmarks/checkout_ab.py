"""Two checkouts of searchnews, interleaved: ingest and query CPU time, medians and their ratio.

    python benchmarks/checkout_ab.py BASE_DIR [OTHER_DIR] [--stories 3000] [--rounds 5]

BASE_DIR and OTHER_DIR (default: this checkout) are folders holding a `searchnews/` package, e.g.
`git archive fb7d11c searchnews | tar -x -C /tmp/base`. Each runs in fresh processes started with
`python -S` and PYTHONPATH=<checkout>:<this venv's site-packages>, so an editable install of either
cannot leak into the other. Per round, in alternating order: one full `ingest -j 1` of the first
--stories Reuters-21578 stories (one .txt file each) into a new index, then each query of QUERIES
as its own `searchnews query` process (piped: plain output) on that index. The figure is the CPU
time (user + system) of the child processes, which a loaded machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import site
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REUTERS = HERE.parent.parent / "shared" / "data" / "reuters21578" / "articles.jsonl.gz"
QUERIES = [["coffee"], ['"interest rates"'], ["oil", "--since", "1987-03", "--until", "1987-03-31"],
           ["trade", "--facets"], ["opec", "--sort", "date"], ["bank", "--json"], ["dividnd"]]


def write_stories(target: Path, count: int) -> None:
    sys.path.insert(0, str(HERE))
    from speed import story_text

    target.mkdir(parents=True)
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= count:
                break
            (target / f"story-{number:05d}.txt").write_text(story_text(json.loads(line)), encoding="utf-8")


def child_cpu(command: list[str], checkout: Path, cwd: Path) -> float:
    """CPU seconds (user + system) of one command and everything it started."""
    packages = os.pathsep.join([str(checkout), *site.getsitepackages()])
    env = {**os.environ, "PYTHONPATH": packages, "PYTHONDONTWRITEBYTECODE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-S", "-m", "searchnews", *command], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    broken = "Traceback" in done.stderr or "No module named" in done.stderr
    if done.returncode not in ((0,) if command[0] == "ingest" else (0, 1)) or broken:  # 1: a query found nothing
        raise SystemExit(f"{checkout}: {' '.join(command)} failed: {done.stderr.strip()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("other", type=Path, nargs="?", default=HERE.parent)
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    checkouts = {"base": args.base.resolve(), "other": args.other.resolve()}
    timings: dict[str, dict[str, list[float]]] = {name: {"ingest": [], "queries": []} for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="searchnews-ab-") as work_name:
        work = Path(work_name)
        write_stories(work / "corpus", args.stories)
        for round_number in range(args.rounds):
            order = list(checkouts) if round_number % 2 == 0 else list(reversed(checkouts))
            for name in order:
                index = work / f"index-{name}"
                shutil.rmtree(index, ignore_errors=True)
                timings[name]["ingest"].append(child_cpu(
                    ["ingest", str(work / "corpus"), "--index", str(index), "-j", "1", "-q"], checkouts[name], work))
                timings[name]["queries"].append(sum(child_cpu(["query", *query, "--index", str(index)],
                                                              checkouts[name], work) for query in QUERIES))
            print(f"round {round_number + 1}: " + ", ".join(
                f"{name} ingest {timings[name]['ingest'][-1]:.2f}s queries {timings[name]['queries'][-1]:.2f}s"
                for name in checkouts), file=sys.stderr)
    for kind in ("ingest", "queries"):
        base, other = (statistics.median(timings[name][kind]) for name in checkouts)
        print(f"{kind}: base {base:.3f} s, other {other:.3f} s CPU (medians of {args.rounds}); "
              f"other/base {other / base:.3f}")


if __name__ == "__main__":
    main()
