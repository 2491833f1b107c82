"""The writer speed-ups must write exactly what Whoosh's own code writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchnews.engine.whoosh import patches as whoosh_patches
from searchnews.engine.whoosh.schema import build_schema
from searchnews.engine.whoosh.speedups import TextIndexer, patch_writing, segment_codec
from searchnews.extract.run import ExtractOptions
from searchnews.sync.per_file import Candidate, process_candidate

SAMPLE = Path(__file__).resolve().parent.parent / "corpus"
TRICKY = [
    "Alibaba's Jack Ma met Xi Jinping in Hangzhou; the U.S. and EU responded.",
    "Müller, Ñúñez and Zoë paid 3.141 yuan (¥) for under_score stock at 9:30 a.m.",
    "the a an of to in it is at by US us I",  # stop words, "us" kept, one-letter words
    "共同富裕 common prosperity 共同 富裕 — Tencent’s “platform” economy",
    "e.g. i.e. 10,000.5 ... --- ___ \u0301\u0301 x\u0301y",
    "",
]


def original_index(field, value: str) -> list[tuple]:
    from whoosh import fields

    return list(whoosh_patches.original("text-index", "index", fields.TEXT)(field, value))


@pytest.fixture(scope="module")
def schema():
    patch_writing()
    return build_schema()


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("field_name", ["body", "title"])  # chars + positions / positions only
def test_fast_text_indexing_gives_whooshs_postings(schema, field_name, text):
    field = schema[field_name]
    assert list(field.index(text)) == original_index(field, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_fast_text_indexing_matches_whoosh_on_any_text(text):
    patch_writing()
    field = build_schema()["body"]
    assert list(field.index(text)) == original_index(field, text)


def test_an_analyzer_of_another_shape_takes_whooshs_own_path():
    from whoosh.analysis import NgramAnalyzer, StandardAnalyzer

    assert TextIndexer.for_analyzer(StandardAnalyzer()) is not None  # same shape, no stemmer
    assert TextIndexer.for_analyzer(NgramAnalyzer(3)) is None
    patch_writing()
    from whoosh.fields import TEXT

    field = TEXT(analyzer=NgramAnalyzer(3), phrase=True)
    assert list(field.index("policy news")) == original_index(field, "policy news")


def index_digest(index_dir: Path, *, patched: bool) -> str:
    """Every term's statistics and every posting of an index of the shipped sample corpus."""
    from whoosh import fields
    from whoosh.codec.whoosh3 import W3FieldWriter
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import SegmentWriter

    patch_writing()
    assert all(whoosh_patches.APPLIED[name] for name in ("text-index", "segment-flush", "add-postings"))
    saved = (fields.TEXT.index, SegmentWriter._flush_segment, W3FieldWriter.add_postings)
    if not patched:
        fields.TEXT.index = whoosh_patches.original("text-index", "index", fields.TEXT)
        SegmentWriter._flush_segment = whoosh_patches.original("segment-flush", "_flush_segment", SegmentWriter)
        W3FieldWriter.add_postings = whoosh_patches.original("add-postings", "add_postings", W3FieldWriter)
    try:
        index_dir.mkdir()
        ix = FileStorage(str(index_dir)).create_index(build_schema(), indexname="t")
        writer = ix.writer()
        for path in sorted(SAMPLE.rglob("*")):
            if path.is_file():
                result = process_candidate(Candidate(str(path), path.name, None), ExtractOptions(), 10**8)
                for document in result.documents:
                    writer.add_document(**document)
        writer.commit()
    finally:
        fields.TEXT.index, SegmentWriter._flush_segment, W3FieldWriter.add_postings = saved
    digest = hashlib.sha256()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert reader.doc_count() > 30
        for fieldname, term in reader.all_terms():
            info = reader.term_info(fieldname, term)
            digest.update(repr((fieldname, term, info.weight(), info.doc_frequency(), info.min_length(),
                                info.max_length(), info.max_weight())).encode())
            postings = reader.postings(fieldname, term)
            while postings.is_active():
                digest.update(repr((postings.id(), postings.weight(), postings.value(),
                                    postings.block_min_length(), postings.block_max_length())).encode())
                postings.next()
        for fieldname in ("title", "body"):
            digest.update(repr([reader.doc_field_length(n, fieldname) for n in range(reader.doc_count_all())]).encode())
    return digest.hexdigest()


def test_an_index_written_with_the_speedups_equals_one_written_without(tmp_path):
    assert index_digest(tmp_path / "fast", patched=True) == index_digest(tmp_path / "plain", patched=False)


def all_postings(index_dir: Path, *, inline: bool) -> dict[tuple[str, bytes], list[tuple]]:
    """Every posting of the sample corpus indexed in three segments, then merged into one."""
    from whoosh.filedb.filestore import FileStorage

    patch_writing()
    index_dir.mkdir()
    ix = FileStorage(str(index_dir)).create_index(build_schema(), indexname="t")
    paths = [path for path in sorted(SAMPLE.rglob("*")) if path.is_file()]
    for part in (paths[:10], paths[10:20], paths[20:]):
        writer = ix.writer(codec=segment_codec()) if inline else ix.writer()
        for path in part:
            for document in process_candidate(Candidate(str(path), path.name, None), ExtractOptions(), 10**8).documents:
                writer.add_document(**document)
        writer.commit(merge=False)
    assert len(ix._segments()) == 3
    writer = ix.writer(codec=segment_codec()) if inline else ix.writer()
    writer.commit(optimize=True)
    found = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, term in reader.all_terms():
            postings = reader.postings(fieldname, term)
            rows = []
            while postings.is_active():
                rows.append((postings.id(), postings.weight(), postings.value() or b""))
                postings.next()
            found[(fieldname, term)] = rows
        inlined = sum(reader.term_info(fieldname, term).is_inlined() for fieldname, term in found)
    assert (inlined > len(found) // 2) if inline else not inlined  # most words are rare
    return found


def test_inline_postings_read_and_merge_back_as_whoosh_wrote_them(tmp_path):
    inline = all_postings(tmp_path / "inline", inline=True)
    assert inline == all_postings(tmp_path / "blocks", inline=False)
    assert len(inline) > 1000
