"""The Whoosh patches: all applied on the supported Whoosh, none (and the same results) on another."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from searchnews.engine.whoosh import patches as whoosh_patches

CLASS_PATCHES = [name for name, patch in whoosh_patches.PATCHES.items() if patch.owner]


def owner_of(name: str):
    patch = whoosh_patches.PATCHES[name]
    return getattr(__import__(patch.module, fromlist=[patch.owner]), patch.owner)


def test_every_registered_patch_is_applied_on_the_supported_whoosh():
    from searchnews.engine.whoosh.ranking import install_block_keeping
    from searchnews.engine.whoosh.speedups import patch_writing, segment_codec

    assert whoosh_patches.version_supported()
    patch_writing()
    assert segment_codec()._inlinelimit > 1
    assert install_block_keeping()
    assert whoosh_patches.allowed("startup-stand-ins")
    for name in CLASS_PATCHES:
        assert whoosh_patches.APPLIED.get(name) is True, name
        patch = whoosh_patches.PATCHES[name]
        replaced = [attribute for (patched, attribute) in whoosh_patches.ORIGINALS if patched == name]
        assert replaced, name
        for attribute in replaced:
            assert getattr(owner_of(name), attribute) is not whoosh_patches.original(name, attribute, owner_of(name))
        assert patch.test.startswith("tests/") and os.path.exists(patch.test.split("::")[0]), patch.test


def test_a_changed_original_keeps_whooshs_own_code_and_the_same_postings(monkeypatch):
    from whoosh import fields

    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.speedups import patch_writing

    patch_writing()
    text = "Alibaba's regulators met Tencent's chiefs in Hangzhou on common prosperity policy."
    fast = list(build_schema()["body"].index(text))
    whoosh_patches.restore("text-index")
    try:
        monkeypatch.setitem(whoosh_patches.PATCHES["text-index"].originals, "index", "deadbeef")
        patch_writing()
        assert whoosh_patches.APPLIED["text-index"] is False
        assert fields.TEXT.index is fields.FieldType.index  # Whoosh's own, inherited as shipped
        assert list(build_schema()["body"].index(text)) == fast
    finally:
        monkeypatch.undo()
        patch_writing()
    assert whoosh_patches.APPLIED["text-index"] is True and fields.TEXT.index is not fields.FieldType.index


FALLBACK = textwrap.dedent("""
    import tempfile, whoosh
    whoosh.__version__ = (2, 8, 0)
    from whoosh import fields, query
    from whoosh.codec.whoosh3 import W3FieldWriter, W3LeafMatcher, W3TermInfo
    from whoosh.matching import ListMatcher
    from whoosh.writing import SegmentWriter
    own = (fields.TEXT.index, SegmentWriter._flush_segment, W3FieldWriter.add_postings, ListMatcher.value,
           W3LeafMatcher._goto, W3LeafMatcher._read_data, W3LeafMatcher._read_ids)
    from searchnews.engine.whoosh.ranking import install_block_keeping
    from searchnews.engine.whoosh.schema import build_schema, open_index
    from searchnews.engine.whoosh.speedups import patch_writing, segment_codec
    from searchnews.engine.whoosh import patches as whoosh_patches
    patch_writing()
    codec = segment_codec()
    assert not install_block_keeping()
    assert not hasattr(W3TermInfo, "set_inline")
    assert codec._inlinelimit == 1
    assert own == (fields.TEXT.index, SegmentWriter._flush_segment, W3FieldWriter.add_postings, ListMatcher.value,
                   W3LeafMatcher._goto, W3LeafMatcher._read_data, W3LeafMatcher._read_ids)
    assert not any(whoosh_patches.APPLIED.values())
    words = ["tariff", "steel", "quota", "export", "grain"]
    import random
    chance = random.Random(3)
    bodies = [" ".join(chance.choice(words) for _ in range(chance.randint(1, 9))) for _ in range(60)]
    from whoosh.filedb.filestore import FileStorage
    with tempfile.TemporaryDirectory() as folder:
        ix = FileStorage(folder).create_index(fields.Schema(body=build_schema()["body"]))
        for part in (bodies[:30], bodies[30:]):
            writer = ix.writer(codec=codec)
            for body in part:
                writer.add_document(body=body)
            writer.commit(merge=False)
        with ix.writer(codec=codec) as writer:
            writer.optimize = True
        with ix.searcher() as searcher:
            for word in words:
                found = len(searcher.search(query.Term("body", word), limit=None))
                assert found == sum(word in body.split() for body in bodies), word
    print("fallback ok")
""")


def test_an_unsupported_whoosh_version_runs_whooshs_own_code_with_correct_results():
    environment = {**os.environ, "SEARCHNEWS_DEBUG_PATCHES": "1"}
    done = subprocess.run([sys.executable, "-c", FALLBACK], capture_output=True, text=True, env=environment,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "fallback ok" in done.stdout
    told = [line for line in done.stderr.splitlines() if line.startswith("searchnews: Whoosh patch")]
    assert sorted(line.split()[3] for line in told) == sorted(CLASS_PATCHES)  # one line each, none twice
    assert all("2.8.0" in line for line in told)
