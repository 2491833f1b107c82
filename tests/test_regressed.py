"""The fitting behind benchmarks/relevance/regressed.py (issue 14 experiment): question vectors regressed onto a
sentence space. Synthetic data, no model: skipped without numpy and scipy (the bench extra and its dependencies)."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("scipy")


def synthetic_spans(table, rng, count: int = 400):
    """Spans of random pieces whose target is the mean of `table`'s rows over [CLS], the pieces and [SEP]."""
    from benchmarks.relevance.regressed import CLS, SEP

    pieces = [rng.integers(1000, 1060, size=rng.integers(4, 12)).tolist() for _ in range(count)]
    targets = np.stack([table[[CLS, *ids, SEP]].mean(0) for ids in pieces]).astype(np.float32)
    return {
        "ids": np.array([i for ids in pieces for i in ids], dtype=np.int32),
        "offsets": np.concatenate([[0], np.cumsum([len(ids) for ids in pieces])]),
        "pooled": targets[None],
    }


def test_ridge_table_recovers_the_table_behind_mean_pooled_targets():
    """Fitted from a prior far from the truth, the table's pooled vectors must match the targets' directions, and
    a piece no span holds keeps its prior row (what lets unseen question words fall back)."""
    from benchmarks.relevance.regressed import VOCAB, ridge_table, table_vectors

    rng = np.random.default_rng(0)
    truth = rng.normal(size=(VOCAB, 16)).astype(np.float32)
    prior = rng.normal(size=(VOCAB, 16)).astype(np.float32)
    data = synthetic_spans(truth, rng)
    fitted = ridge_table(data, prior, shrink=1e-4, iterations=80)
    test = [rng.integers(1000, 1060, size=6).tolist() for _ in range(20)]
    agreement = (table_vectors(fitted, test) * table_vectors(truth, test)).sum(1)
    before = (table_vectors(prior, test) * table_vectors(truth, test)).sum(1)
    assert agreement.min() > 0.95 > before.max()
    assert np.allclose(fitted[5], prior[5])


def test_linear_map_recovers_an_affine_map():
    from benchmarks.relevance.regressed import linear_map

    rng = np.random.default_rng(1)
    features = rng.normal(size=(500, 8)).astype(np.float32)
    weights, bias = rng.normal(size=(8, 3)), rng.normal(size=3)
    mapping = linear_map(features, features @ weights + bias, shrink=1e-6)
    assert np.allclose(mapping[:-1], weights, atol=1e-3) and np.allclose(mapping[-1], bias, atol=1e-3)


def test_spans_are_sentences_cut_at_the_span_length():
    from benchmarks.relevance.regressed import SPAN, spans

    def pieces_of(sentence: str) -> list[int]:
        return [len(word) for word in sentence.split()]

    long_sentence = " ".join(["word"] * (SPAN + 10)) + "."
    out = spans(pieces_of, f"One two three four five. Too short. {long_sentence}")
    assert out[0] == [3, 3, 5, 4, 5]  # the first sentence; "Too short." (2 pieces) is dropped
    assert [len(s) for s in out[1:]] == [SPAN, 10]
