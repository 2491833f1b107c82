"""python -m benchmarks.relevance.collections: every judged collection, both query forms, the baselines.

For each collection in ../shared/data with qrels (TIME, CISI, Cranfield), indexed through
`searchnews.sync.ingest.ingest` without titles and, where the collection has them, with each title as
the article's headline; every judged query through `searchnews.engine.whoosh.search.search` (as `searchnews
query` runs it) typed two ways: the question as written (lower-cased), and its words joined with
OR. Baselines on the same words: Whoosh out of the box (BM25F over the same fields, OrGroup),
bm25s with Porter stems, SQLite FTS5 porter. Measures by ir-measures; query latency (rank only,
index open, interleaved query by query) beside Whoosh default.
"""

from __future__ import annotations

import argparse
import statistics
import string
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.relevance import collection as tc
from benchmarks.relevance.evaluate import MEASURES, Scores, rank_all, score_run, write_run
from searchnews.engine.whoosh.ranking import SHIPPED, Ranking

COLLECTIONS = ("time", "cisi", "cran")
FORMS = ("plain", "OR")
BASELINES = ("Whoosh default", "bm25s + Porter", "SQLite FTS5 porter")
SHIPPED_NAME = "searchnews"


def words(text: str) -> list[str]:
    """The words as typed, punctuation at their edges dropped (what every system is given)."""
    return [stripped for word in text.split() if (stripped := word.strip(string.punctuation))]


def interleaved_cpu_ms(timers: dict, queries: list[str], repeats: int) -> dict[str, tuple[float, float]]:
    """Median and mean CPU milliseconds per query of each timer, warmed up, then interleaved query by query so
    that a machine's drift falls on every system alike."""
    import statistics
    import time

    for top in timers.values():  # warm-up
        for text in queries:
            top(text)
    cpu: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeats):
        for text in queries:
            for name, top in timers.items():
                started = time.process_time()
                top(text)
                cpu[name].append(1000 * (time.process_time() - started))
    return {name: (statistics.median(values), statistics.fmean(values)) for name, values in cpu.items()}


def typed(text: str, form: str) -> str:
    """The query as a user types it: the question itself, or its words joined with OR."""
    return text if form == "plain" else " OR ".join(words(text))


@dataclass
class Config:
    name: str  # "cisi, titles"
    collection: tc.Collection
    titles: bool
    scores: dict[tuple[str, str], Scores] = field(default_factory=dict)  # (system, form) -> scores
    latency: dict[tuple[str, str], float] = field(default_factory=dict)
    errors: dict[tuple[str, str], int] = field(default_factory=dict)  # queries refused with an error


def configs(data_root: Path, names: tuple[str, ...], query_count: int | None) -> list[Config]:
    result = []
    for name in names:
        folder = data_root / name
        if not (folder / "qrels.tsv").is_file():
            print(f"skipping {name}: no qrels at {folder}", file=sys.stderr)
            continue
        collection = tc.judged_only(tc.load(folder))
        if query_count:
            collection = collection.subset(sorted(collection.queries, key=int)[:query_count])
        if tc.has_titles(collection):
            result.append(Config(f"{name}, titles", collection, True))
        result.append(Config(f"{name}, no titles" if tc.has_titles(collection) else name, collection, False))
    return result


def run_config(config: Config, rankings: dict[str, Ranking], work: Path, repeats: int) -> None:
    from benchmarks.relevance.baselines import Bm25sTexts, Fts5Porter, WhooshFields, porter_analyzer
    from benchmarks.relevance.systems import Searchnews, analyzer_key, build_index

    collection, runs = config.collection, work / "runs"
    baselines = {
        "Whoosh default": WhooshFields(collection.docs, work / "whoosh", config.titles),
        "bm25s + Porter": Bm25sTexts(collection.docs, porter_analyzer(), config.titles),
        "SQLite FTS5 porter": Fts5Porter(collection.docs, config.titles),
    }
    for name, system in baselines.items():
        ranked = {q: [doc for doc, _ in system.rank(" ".join(words(text)), 1000)] for q, text in collection.queries.items()}
        path = runs / f"{slug(name)}.run"
        write_run(path, slug(name), ranked)
        config.scores[(name, "same words")] = score_run(path, collection)
    corpus = work / "corpus"
    id_map = tc.write_corpus(collection, corpus, titles=config.titles)
    indexes: dict[tuple[object, ...], Path] = {}
    systems = {}
    for name, ranking in rankings.items():
        key = analyzer_key(ranking)
        if key not in indexes:
            indexes[key] = work / f"index-{len(indexes)}"
            build_index(ranking, corpus, indexes[key])
        system = systems[name] = Searchnews(ranking, indexes[key], id_map)
        for form in FORMS:
            errors = 0

            def rank(text: str, depth: int, form=form, system=system) -> list[str]:
                nonlocal errors
                from searchnews.errors import UserError

                try:
                    return system.rank(typed(text, form), depth)
                except UserError:
                    errors += 1
                    return []

            path = runs / f"{slug(name)}-{form}.run"
            write_run(path, slug(name), rank_all(rank, collection))
            config.scores[(name, form)] = score_run(path, collection)
            config.errors[(name, form)] = errors
    # latency: Whoosh default and the shipped ranking in both forms, interleaved query by query
    shipped = systems[SHIPPED_NAME]
    timers = {("Whoosh default", "same words"): lambda text: baselines["Whoosh default"].top10(" ".join(words(text)))}
    for form in FORMS:
        timers[(SHIPPED_NAME, form)] = lambda text, form=form: safe(shipped.top10, typed(text, form))
    timings: dict[tuple[str, str], list[float]] = {key: [] for key in timers}
    queries = list(collection.queries.values())
    for top in timers.values():  # warm caches once, untimed
        for text in queries:
            top(text)
    for _ in range(repeats):
        for text in queries:
            for key, top in timers.items():
                started = time.process_time()
                top(text)
                timings[key].append(time.process_time() - started)
    config.latency = {key: statistics.fmean(values) for key, values in timings.items()}
    for system in [*baselines.values(), *systems.values()]:
        system.close()


def safe(top, text: str):
    from searchnews.errors import UserError

    try:
        return top(text)
    except UserError:
        return []


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def best_baseline(config: Config, measure: str) -> float:
    return max(config.scores[(name, "same words")].mean[measure] for name in BASELINES)


def config_table(config: Config) -> str:
    reference = config.latency.get(("Whoosh default", "same words"))
    lines = [f"**{config.name}** ({len(config.collection.docs)} articles, {len(config.collection.qrels)} judged queries)",
             "", "| system | query form | MAP | nDCG@10 | P@10 | R@100 | CPU ms/query | vs Whoosh default |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for (name, form), scores in config.scores.items():
        m = scores.mean
        latency = config.latency.get((name, form))
        shown = f"{latency * 1000:.2f}" if latency is not None else "–"
        ratio = f"{latency / reference:.2f}x" if latency is not None and reference else "–"
        refused = config.errors.get((name, form))
        label = f"{form} ({refused} refused)" if refused else form
        lines.append(f"| {name} | {label} | {m['AP']:.4f} | {m['nDCG@10']:.4f} | {m['P@10']:.4f} | {m['R@100']:.4f} "
                     f"| {shown} | {ratio} |")
    return "\n".join(lines)


def summary(all_configs: list[Config], names: list[str]) -> str:
    """Each ranking / the best plain-BM25 baseline, per collection and query form."""
    header = " | ".join(f"{c.name} {form}" for c in all_configs for form in FORMS)
    lines = ["MAP and nDCG@10 as a multiple of the best baseline (the best of the three, per measure):", "",
             f"| ranking | measure | {header} | geometric mean |",
             "|---|---|" + "---:|" * (len(all_configs) * len(FORMS) + 1)]
    for name in names:
        for measure in ("AP", "nDCG@10"):
            ratios = [c.scores[(name, form)].mean[measure] / best_baseline(c, measure)
                      for c in all_configs for form in FORMS]
            mean = statistics.geometric_mean(ratios) if all(ratios) else 0.0
            cells = " | ".join(f"{ratio:.3f}" for ratio in ratios)
            lines.append(f"| {name} | {'MAP' if measure == 'AP' else measure} | {cells} | {mean:.3f} |")
    return "\n".join(lines)


def leave_one_out(all_configs: list[Config], names: list[str]) -> str:
    """For each collection held out: the ranking the other collections pick (geometric mean of
    MAP and nDCG@10 ratios), and how it does on the held-out one."""
    def ratio_mean(name: str, chosen: list[Config]) -> float:
        ratios = [c.scores[(name, form)].mean[m] / best_baseline(c, m)
                  for c in chosen for form in FORMS for m in ("AP", "nDCG@10")]
        return statistics.geometric_mean(ratios) if all(ratios) else 0.0

    lines = ["Leave one collection out (pick on the others, score on the one left out):", ""]
    for held in sorted({c.name.split(",")[0] for c in all_configs}):
        rest = [c for c in all_configs if not c.name.startswith(held)]
        out = [c for c in all_configs if c.name.startswith(held)]
        if not rest:
            return "(leave one out needs two or more collections)"
        pick = max(names, key=lambda name: ratio_mean(name, rest))
        lines.append(f"- {held} left out: the others pick '{pick}' ({ratio_mean(pick, rest):.3f} on them); "
                     f"on {held} it scores {ratio_mean(pick, out):.3f} (best there: "
                     f"{max(ratio_mean(n, out) for n in names):.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance.candidates import CANDIDATES

    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.collections", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=tc.DATA_ROOT, help="folder holding time/, cisi/, cran/")
    parser.add_argument("--collections", default=",".join(COLLECTIONS))
    parser.add_argument("--queries", type=int, help="only the first N judged queries of each (a quick check)")
    parser.add_argument("--candidates", action="store_true", help="also every candidate ranking (the tuning rows)")
    parser.add_argument("--before", action="store_true", help="also the ranking shipped before issue 14 (first candidate)")
    parser.add_argument("--repeats", type=int, default=1, help="timing passes over the queries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    first = dict(list(CANDIDATES.items())[:1])
    rankings = {**(CANDIDATES if args.candidates else first if args.before else {}), SHIPPED_NAME: SHIPPED}
    chosen = configs(args.data, tuple(args.collections.split(",")), args.queries)
    if not chosen:
        print(f"no judged collection under {args.data}", file=sys.stderr)
        return 2
    for config in chosen:
        with tempfile.TemporaryDirectory(prefix="searchnews-relevance-") as tmp:
            run_config(config, rankings, Path(tmp), args.repeats)
        print(config_table(config), "\n", flush=True)
    print(summary(chosen, list(rankings)))
    if len(rankings) > 1:
        print()
        print(leave_one_out(chosen, list(rankings)))
    print(f"\nRun depth 1000; measures {', '.join(MEASURES)} by ir-measures; latency = mean CPU time of ranking "
          f"the top 10 with the index open (loaded shared machine). ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
