"""`searchnews ingest` keeps the index in step with the corpus: exactly the right articles, no needless writes,
bad files reported and skipped, a concurrent writer told clearly, a damaged index repaired."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_corpus

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.schema import INDEX_NAME, open_index


def index_ids(index_dir: Path) -> Counter[str]:
    """Every article id in the index, with how often it occurs (duplicates would show as counts > 1)."""
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return Counter(str(fields["id"]) for fields in searcher.all_stored_fields())


def index_bodies(index_dir: Path) -> dict[str, str]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return {str(fields["id"]): f"{fields.get('title', '')}\n{fields.get('body', '')}"
                for fields in searcher.all_stored_fields()}


def index_files_state(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in index_dir.iterdir()}


def run_ingest(runner, corpus: Path, index_dir: Path, *extra: str):
    result = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index_dir), *extra])
    assert result.exit_code == 0, result.output
    return result


def story(title: str, words: str) -> str:
    return f"{title}\n\nBEIJING, May 3 (Reuters) - {words}. Officials said more details would follow.\n"


def feed(*records: tuple[str, str]) -> str:
    return "".join(json.dumps({"title": title, "text": text, "published": "2023-05-01"}) + "\n"
                   for title, text in records)


def test_add_modify_delete_rename_cycles_leave_exactly_the_corpus_articles(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {
        "a.txt": story("Alpha regulator acts", "alphaword appears here"),
        "b.txt": story("Beta merger approved", "betaword appears here"),
        "sub/c.md": story("Gamma chips rule", "gammaword appears here"),
        "feed.jsonl": feed(("Delta one", "deltaword first record"), ("Delta two", "deltaword second record")),
    })
    result = run_ingest(runner, corpus, index_dir)
    assert "4 new, 0 changed, 0 removed" in result.stderr
    assert index_ids(index_dir) == Counter(["a.txt", "b.txt", "sub/c.md", "feed.jsonl#1", "feed.jsonl#2"])

    # modify: new words replace old ones, the id stays, nothing is doubled
    (corpus / "a.txt").write_text(story("Alpha regulator acts again", "omegaword replaced it"), encoding="utf-8")
    result = run_ingest(runner, corpus, index_dir)
    assert "0 new, 1 changed, 0 removed" in result.stderr
    bodies = index_bodies(index_dir)
    assert "omegaword" in bodies["a.txt"] and "alphaword" not in bodies["a.txt"]
    assert index_ids(index_dir) == Counter(["a.txt", "b.txt", "sub/c.md", "feed.jsonl#1", "feed.jsonl#2"])

    # delete: its article goes, and the summary names the file
    (corpus / "b.txt").unlink()
    result = run_ingest(runner, corpus, index_dir)
    assert "0 new, 0 changed, 1 removed" in result.stderr and "b.txt" in result.stderr
    assert "b.txt" not in index_ids(index_dir)

    # rename (and move into another folder): the old id goes, the new one comes, the text is the same
    (corpus / "moved").mkdir()
    (corpus / "sub/c.md").rename(corpus / "moved/c2.md")
    result = run_ingest(runner, corpus, index_dir)
    assert "1 new, 0 changed, 1 removed" in result.stderr
    assert "gammaword" in index_bodies(index_dir)["moved/c2.md"]

    # a multi-article file loses a record: that article goes, the other stays once
    (corpus / "feed.jsonl").write_text(feed(("Delta two", "deltaword second record")), encoding="utf-8")
    run_ingest(runner, corpus, index_dir)
    assert index_ids(index_dir) == Counter(["a.txt", "moved/c2.md", "feed.jsonl#1"])
    assert "second record" in index_bodies(index_dir)["feed.jsonl#1"]


def test_keep_deleted_keeps_articles_of_deleted_files(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("Alpha", "alphaword"), "b.txt": story("Beta", "betaword")})
    run_ingest(runner, corpus, index_dir)
    (corpus / "b.txt").unlink()
    result = run_ingest(runner, corpus, index_dir, "--keep-deleted")
    assert "0 removed" in result.stderr
    assert set(index_ids(index_dir)) == {"a.txt", "b.txt"}


def test_reingest_of_unchanged_corpus_changes_nothing(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"f{n}.txt": story(f"Story number {n}", f"word{n}") for n in range(5)})
    run_ingest(runner, corpus, index_dir)
    before = index_files_state(index_dir)
    result = run_ingest(runner, corpus, index_dir)
    assert "0 new, 0 changed, 0 removed" in result.stderr
    assert index_files_state(index_dir) == before  # no file in the index folder written, created or removed


def test_touched_but_identical_file_is_not_reindexed(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("Alpha", "alphaword"), "b.txt": story("Beta", "betaword")})
    run_ingest(runner, corpus, index_dir)
    before = index_files_state(index_dir)
    os.utime(corpus / "a.txt", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    result = run_ingest(runner, corpus, index_dir)
    assert "0 new, 0 changed, 0 removed" in result.stderr
    assert index_files_state(index_dir) == before


def test_same_size_edit_is_found_by_content(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("Alpha", "catword here")})
    run_ingest(runner, corpus, index_dir)
    path = corpus / "a.txt"
    stat = path.stat()
    path.write_text(story("Alpha", "dogword here"), encoding="utf-8")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    result = run_ingest(runner, corpus, index_dir)
    assert "0 new, 1 changed, 0 removed" in result.stderr
    assert "dogword" in index_bodies(index_dir)["a.txt"]


def test_bad_inputs_are_reported_and_skipped_while_good_files_are_indexed(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {
        "good.txt": story("Good story stays", "goodword"),
        "malformed.html": "<html><head><title>Broken page survives</title><body><p>htmlword text<div><p>more",
        "feed.jsonl": feed(("Fine record", "feedword text")) + "{not json\n" + json.dumps({"title": "no text"}) + "\n",
    })
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 100)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 story\n\nlatinword caf\xe9 cr\xe8me br\xfbl\xe9e.\n".encode("latin-1"))
    with open(corpus / "huge.txt", "wb") as huge:  # sparse: 25 MB on paper, nothing on disk
        huge.truncate(25 * 1024 * 1024)
    (corpus / "dangling\nlink.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    (corpus / "loop").symlink_to(corpus)  # a folder that contains itself
    os.mkfifo(corpus / "pipe.txt")
    odd_names = ["with space.txt", "ünïcödé 中文.txt", "new\nline.txt", "-dash 'quote\".txt", "hash#1.txt"]
    for number, name in enumerate(odd_names):
        (corpus / name).write_text(story(f"Odd name story {number}", f"oddword{number}"), encoding="utf-8")
    os.close(os.open(os.path.join(os.fsencode(corpus), b"bad-\xff-bytes.txt"), os.O_CREAT | os.O_WRONLY))
    with open(os.path.join(os.fsencode(corpus), b"bad-\xff-bytes.txt"), "w", encoding="utf-8") as handle:
        handle.write(story("Undecodable name", "bytesword"))
    unreadable = corpus / "locked.txt"
    unreadable.write_text(story("Locked", "lockedword"), encoding="utf-8")
    unreadable.chmod(0)

    result = run_ingest(runner, corpus, index_dir, "--verbose")
    err = result.stderr
    for expected in ("binary.txt: binary file", "empty.txt: empty file", "huge.txt: too large",
                     "dangling\\x0alink.txt: No such file", "self.txt: Too many levels of symbolic links",
                     "loop/: symlink loop", "pipe.txt: not a regular file", "feed.jsonl#2: invalid JSON",
                     "feed.jsonl#3: record has no text"):
        assert expected in err, expected
    if os.geteuid() != 0:  # root reads anything, so only check this as a normal user
        assert "locked.txt: Permission denied" in err
    ids = index_ids(index_dir)
    assert max(ids.values()) == 1
    expected_ids = {"good.txt", "malformed.html", "feed.jsonl#1", "latin1.txt", "bad-\\xff-bytes.txt", *odd_names}
    assert expected_ids <= set(ids)
    assert not {"binary.txt", "empty.txt", "huge.txt", "pipe.txt"} & set(ids)
    assert not any(name.startswith("loop/") for name in ids)
    bodies = index_bodies(index_dir)
    assert "latinword café crème" in bodies["latin1.txt"]
    assert "htmlword" in bodies["malformed.html"]
    problems = int(re.search(r"(\d+) problems", err).group(1))  # type: ignore[union-attr]
    assert problems >= 9

    # and a second run over the same bad corpus still writes nothing and finishes
    before = index_files_state(index_dir)
    again = run_ingest(runner, corpus, index_dir)
    assert "0 new, 0 changed, 0 removed" in again.stderr and "more (--verbose shows all)" in again.stderr
    assert index_files_state(index_dir) == before


def test_unreadable_folder_is_not_mistaken_for_deleted(runner, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any folder, so the unreadable case cannot be set up")
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"sub/a.txt": story("Alpha", "alphaword"), "b.txt": story("Beta", "betaword")})
    run_ingest(runner, corpus, index_dir)
    (corpus / "sub").chmod(0)
    try:
        result = run_ingest(runner, corpus, index_dir)
    finally:
        (corpus / "sub").chmod(0o755)
    assert "0 removed" in result.stderr and "sub/: Permission denied" in result.stderr
    assert set(index_ids(index_dir)) == {"sub/a.txt", "b.txt"}


def test_second_writer_gets_a_clear_message_naming_the_first(runner, tmp_path):
    from searchnews.engine.whoosh.writing import IndexLock

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("Alpha", "alphaword")})
    run_ingest(runner, corpus, index_dir)
    with IndexLock(index_dir, INDEX_NAME).acquire(wait_s=0) as lock:
        lock.record_owner()
        result = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index_dir), "--wait", "0.3"])
    assert result.exit_code == 2
    assert f"pid {os.getpid()}" in result.stderr and "writing this index" in result.stderr
    assert result.stderr.count("Traceback") == 0
    assert "waiting for it" in result.stderr  # it said it was waiting before giving up


def test_missing_segment_is_repaired_without_losing_or_doubling_articles(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"first/{n}.txt": story(f"First batch {n}", f"firstword{n}") for n in range(4)})
    run_ingest(runner, corpus, index_dir)
    first_segments = set(index_dir.glob("*.seg"))
    write_corpus(corpus, {f"second/{n}.txt": story(f"Second batch {n}", f"secondword{n}") for n in range(3)})
    run_ingest(runner, corpus, index_dir)
    (index_dir / next(iter(first_segments)).name).unlink()  # as a bad disk or a careless hand would

    result = run_ingest(runner, corpus, index_dir)
    assert "unreadable index segment" in result.stderr
    ids = index_ids(index_dir)
    assert set(ids) == {f"first/{n}.txt" for n in range(4)} | {f"second/{n}.txt" for n in range(3)}
    assert max(ids.values()) == 1


def test_unreadable_table_of_contents_is_rebuilt_from_the_corpus(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"{n}.txt": story(f"Story {n}", f"word{n}") for n in range(3)})
    run_ingest(runner, corpus, index_dir)
    (toc,) = index_dir.glob(f"_{INDEX_NAME}_*.toc")
    toc.write_bytes(toc.read_bytes()[:20])
    query = runner.invoke(cli, ["query", "word1", "--index", str(index_dir)])
    assert query.exit_code == 2 and "run 'searchnews ingest'" in query.stderr
    result = run_ingest(runner, corpus, index_dir)
    assert "rebuilding it from the corpus" in result.stderr
    assert index_ids(index_dir) == Counter(f"{n}.txt" for n in range(3))


def test_small_segments_are_merged_and_optimize_leaves_one(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    for batch in range(5):  # five small ingests: five small segments, then folded together
        write_corpus(corpus, {f"b{batch}/{n}.txt": story(f"Batch {batch} story {n}", f"w{batch}x{n}") for n in range(3)})
        run_ingest(runner, corpus, index_dir)
    assert len(list(index_dir.glob("*.seg"))) < 4
    write_corpus(corpus, {"last/one.txt": story("Last story", "lastword")})
    run_ingest(runner, corpus, index_dir, "--optimize")
    assert len(list(index_dir.glob("*.seg"))) == 1
    assert len(index_ids(index_dir)) == 16 and max(index_ids(index_dir).values()) == 1
    before = index_files_state(index_dir)
    run_ingest(runner, corpus, index_dir, "--optimize")  # one segment already: nothing to do, nothing written
    assert index_files_state(index_dir) == before
