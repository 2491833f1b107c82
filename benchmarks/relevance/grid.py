"""python -m benchmarks.relevance.grid: choose one ranking for every judged collection, and say how well the choice generalises.

Each candidate of `candidates.GRID` is run on every collection configuration (TIME; CISI and
Cranfield with and without titles), indexed by the product's ingest and ranked by what search()
runs (parse, plan, run_plan; index held open, no folding of copies or snippets: several times
faster), the question typed as written (the OR-joined form ranks the same since issue 14);
`collections` then measures the chosen ranking through search() itself, in both forms.
A candidate's score on a configuration is its MAP and nDCG@10 as multiples of the best plain-BM25
baseline (of Whoosh default, bm25s + Porter, SQLite FTS5 porter). The setting is chosen by the
WORST of those ratios (not the mean), and cross-validated two ways: chosen on even-numbered
questions, scored on odd ones (and back), and chosen on two collections, scored on the third.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import BASELINES, Config, configs, slug, typed, words
from benchmarks.relevance.evaluate import MEASURES, Scores, rank_all, score_run, write_run
from searchnews.engine.whoosh.ranking import Ranking

RATIO_MEASURES = ("AP", "nDCG@10")


def score_baselines(config: Config, work: Path) -> None:
    from benchmarks.relevance.baselines import Bm25sTexts, Fts5Porter, WhooshFields, porter_analyzer

    collection = config.collection
    systems = {
        "Whoosh default": WhooshFields(collection.docs, work / "whoosh", config.titles),
        "bm25s + Porter": Bm25sTexts(collection.docs, porter_analyzer(), config.titles),
        "SQLite FTS5 porter": Fts5Porter(collection.docs, config.titles),
    }
    for name, system in systems.items():
        ranked = {q: [doc for doc, _ in system.rank(" ".join(words(text)), 1000)] for q, text in collection.queries.items()}
        path = work / "runs" / f"{slug(name)}.run"
        write_run(path, slug(name), ranked)
        config.scores[(name, "same words")] = score_run(path, collection)
        system.close()


def score_candidates(config: Config, grid: dict[str, Ranking], work: Path, form: str) -> None:
    from benchmarks.relevance.systems import Searchnews, analyzer_key, build_index
    from searchnews.errors import UserError

    corpus = work / "corpus"
    id_map = tc.write_corpus(config.collection, corpus, titles=config.titles)
    indexes: dict[tuple[object, ...], Path] = {}
    for name, ranking in grid.items():
        key = analyzer_key(ranking)
        if key not in indexes:
            indexes[key] = work / f"index-{len(indexes)}"
            build_index(ranking, corpus, indexes[key])
        system = Searchnews(ranking, indexes[key], id_map)

        def rank(text: str, depth: int, system=system) -> list[str]:
            try:
                return system.ranked(typed(text, form), depth)
            except UserError:
                return []

        path = work / "runs" / f"{slug(name)}.run"
        write_run(path, slug(name), rank_all(rank, config.collection))
        config.scores[(name, form)] = score_run(path, config.collection)
        system.close()


def mean_over(scores: Scores, measure: str, queries: list[str]) -> float:
    return statistics.fmean(scores.per_query[q][measure] for q in queries) if queries else 0.0


def ratios(config: Config, name: str, form: str, queries: list[str] | None = None) -> list[float]:
    """MAP and nDCG@10 of `name` / the best baseline's, over `queries` (default: all)."""
    chosen = queries if queries is not None else list(config.collection.qrels)
    result = []
    for measure in RATIO_MEASURES:
        best = max(mean_over(config.scores[(b, "same words")], measure, chosen) for b in BASELINES)
        result.append(mean_over(config.scores[(name, form)], measure, chosen) / best if best else 0.0)
    return result


def worst(all_configs: list[Config], name: str, form: str, parity: int | None = None) -> float:
    values = []
    for config in all_configs:
        queries = list(config.collection.qrels)
        if parity is not None:
            queries = [q for q in queries if int(q) % 2 == parity]
        values.extend(ratios(config, name, form, queries))
    return min(values)


def report(all_configs: list[Config], names: list[str], form: str) -> str:
    header = " | ".join(f"{c.name} MAP | {c.name} nDCG@10" for c in all_configs)
    lines = ["Each candidate's MAP and nDCG@10 / the best plain-BM25 baseline's (question as typed):", "",
             f"| candidate | {header} | worst | geometric mean |", "|---|" + "---:|" * (2 * len(all_configs) + 2)]
    for name in sorted(names, key=lambda n: -worst(all_configs, n, form)):
        cells = [ratio for c in all_configs for ratio in ratios(c, name, form)]
        lines.append(f"| {name} | " + " | ".join(f"{r:.3f}" for r in cells)
                     + f" | {min(cells):.3f} | {statistics.geometric_mean(cells):.3f} |")
    best = max(names, key=lambda n: worst(all_configs, n, form))
    lines += ["", f"Chosen by the worst ratio on every configuration: '{best}' ({worst(all_configs, best, form):.3f})", "",
              "Cross-validation (choose by the worst ratio on one part, report the worst ratio on the other):"]
    for pick_on, score_on in ((0, 1), (1, 0)):
        pick = max(names, key=lambda n: worst(all_configs, n, form, pick_on))
        lines.append(f"- chosen on {'even' if pick_on == 0 else 'odd'}-numbered questions: '{pick}' "
                     f"({worst(all_configs, pick, form, pick_on):.4f}); on the {'odd' if score_on else 'even'} ones "
                     f"{worst(all_configs, pick, form, score_on):.4f} (best possible there "
                     f"{max(worst(all_configs, n, form, score_on) for n in names):.3f})")
    collections = sorted({c.name.split(",")[0] for c in all_configs})
    for held in collections if len(collections) > 1 else []:
        rest = [c for c in all_configs if c.name.split(",")[0] != held]
        out = [c for c in all_configs if c.name.split(",")[0] == held]
        pick = max(names, key=lambda n: worst(rest, n, form))
        lines.append(f"- chosen without {held}: '{pick}' ({worst(rest, pick, form):.3f} on the others); "
                     f"on {held} {worst(out, pick, form):.3f} (best possible there "
                     f"{max(worst(out, n, form) for n in names):.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance.candidates import GRID

    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.grid", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=tc.DATA_ROOT)
    parser.add_argument("--collections", default="time,cisi,cran")
    parser.add_argument("--queries", type=int, help="only the first N judged queries of each (a quick check)")
    parser.add_argument("--only", help="candidate names separated by ; (default: all of candidates.GRID)")
    parser.add_argument("--form", choices=("plain", "OR"), default="plain")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    grid = {name: GRID[name] for name in args.only.split(";")} if args.only else GRID
    chosen = configs(args.data, tuple(args.collections.split(",")), args.queries)
    if not chosen:
        print(f"no judged collection under {args.data}", file=sys.stderr)
        return 2
    for config in chosen:
        with tempfile.TemporaryDirectory(prefix="searchnews-grid-") as tmp:
            score_baselines(config, Path(tmp))
            score_candidates(config, grid, Path(tmp), args.form)
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    print(report(chosen, list(grid), args.form))
    print(f"\nMeasures {', '.join(MEASURES)} by ir-measures, run depth 1000 ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
