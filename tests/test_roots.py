"""Issue 11, lost data: the index remembers its corpus roots, so no ingest removes articles of files it
did not look at; ids stay unique and stable across roots and odd names; custom extraction files belong
to the index; bad option files are refused before anything is touched."""

from __future__ import annotations

import os
import random
import re
import stat
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_corpus

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.schema import open_index


def ids(index_dir: Path) -> Counter[str]:
    with open_index(index_dir).searcher() as searcher:
        return Counter(str(fields["id"]) for fields in searcher.all_stored_fields())


def bodies(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return sorted(str(fields.get("body", "")) for fields in searcher.all_stored_fields())


def story(word: str) -> str:
    return f"Report on {word} policy\n\nBEIJING, May 3 (Reuters) - The {word} rule was announced today by officials.\n"


def invoke(runner, *args: str, code: int = 0):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def toc_state(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in index_dir.iterdir() if p.is_file()}


def test_two_roots_with_the_same_relative_names_keep_every_article_and_stay_stable(runner, tmp_path):
    a, b, index_dir = tmp_path / "A", tmp_path / "B", tmp_path / "index"
    write_corpus(a, {f"x/f{i}.txt": story(f"alpha{i}") for i in range(5)})
    write_corpus(b, {f"x/f{i}.txt": story(f"beta{i}") for i in range(5)})
    out = invoke(runner, "ingest", str(a), str(b), "--index", str(index_dir)).output
    assert "10 new" in out
    first = ids(index_dir)
    assert len(first) == 10 and max(first.values()) == 1
    assert "x/f0.txt" in first and "B//x/f0.txt" in first
    for _ in range(2):  # no flip-flop: plain ingest scans both remembered roots and changes nothing
        assert "0 new, 0 changed, 0 removed" in invoke(runner, "ingest", "--index", str(index_dir)).output
        assert ids(index_dir) == first
    listed = invoke(runner, "roots", "--index", str(index_dir)).output
    assert str(a) in listed and str(b) in listed


def test_ingest_of_one_file_or_from_another_folder_removes_nothing_else(runner, tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"sub/f{i}.txt": story(f"word{i}") for i in range(6)})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    before = ids(index_dir)
    (corpus / "sub/f0.txt").write_text(story("changedword"), encoding="utf-8")
    out = invoke(runner, "ingest", str(corpus / "sub/f0.txt"), "--index", str(index_dir)).output
    assert "1 changed, 0 removed" in out
    assert ids(index_dir) == before  # same ids: the file is known as part of its root
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "corpus").mkdir(parents=True)  # an unrelated corpus/ where the user happens to be
    monkeypatch.chdir(elsewhere)
    out = invoke(runner, "ingest", "--index", str(index_dir)).output
    assert "0 removed" in out and ids(index_dir) == before
    # a subfolder scan removes only what vanished from that subfolder
    (corpus / "sub/f1.txt").unlink()
    out = invoke(runner, "ingest", str(corpus / "sub"), "--index", str(index_dir)).output
    assert "1 removed" in out and set(ids(index_dir)) == set(before) - {"sub/f1.txt"}


def test_a_missing_root_keeps_its_articles_and_roots_remove_drops_them(runner, tmp_path):
    a, b, index_dir = tmp_path / "A", tmp_path / "B", tmp_path / "index"
    write_corpus(a, {"a.txt": story("alpha")})
    write_corpus(b, {"b.txt": story("beta")})
    invoke(runner, "ingest", str(a), "--index", str(index_dir))
    invoke(runner, "ingest", str(b), "--index", str(index_dir))  # a second root, added
    assert set(ids(index_dir)) == {"a.txt", "B//b.txt"}
    (b / "b.txt").rename(tmp_path / "b.txt")
    b.rmdir()
    out = invoke(runner, "ingest", "--index", str(index_dir)).output
    assert "is missing" in out and set(ids(index_dir)) == {"a.txt", "B//b.txt"}
    out = invoke(runner, "roots", "remove", str(b), "--index", str(index_dir)).output
    assert "1 articles" in out and set(ids(index_dir)) == {"a.txt"}
    assert str(b) not in invoke(runner, "roots", "--index", str(index_dir)).output


def test_widening_a_root_reindexes_it_under_the_wider_one(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"feeds/a.txt": story("alpha"), "b.txt": story("beta")})
    invoke(runner, "ingest", str(corpus / "feeds"), "--index", str(index_dir))
    assert set(ids(index_dir)) == {"a.txt"}
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    assert set(ids(index_dir)) == {"feeds/a.txt", "b.txt"}
    assert "0 new, 0 changed, 0 removed" in invoke(runner, "ingest", "--index", str(index_dir)).output


def test_odd_names_get_distinct_stable_ids(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    nfc, nfd = unicodedata.normalize("NFC", "café.txt"), unicodedata.normalize("NFD", "café.txt")
    names = [os.fsencode(nfc), os.fsencode(nfd), b"caf\xe9.txt", b"caf\\xe9.txt", b"caf\\\\xe9.txt"]
    for number, name in enumerate(names):
        with open(os.path.join(os.fsencode(corpus), name), "w", encoding="utf-8") as handle:
            handle.write(story(f"odd{number}"))
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    first = ids(index_dir)
    assert len(first) == len(names) and max(first.values()) == 1
    assert len(set(bodies(index_dir))) == len(names)
    for _ in range(2):
        assert "0 new, 0 changed, 0 removed" in invoke(runner, "ingest", "--index", str(index_dir)).output
        assert ids(index_dir) == first


def test_symlinks_out_of_the_corpus_are_not_followed_and_the_index_is_as_private_as_its_sources(runner, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(story("secretword"), encoding="utf-8")
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("alpha"), "inner/b.txt": story("beta")})
    (corpus / "latest-news.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / "inner" / "b.txt")  # inside the root: followed
    os.chmod(corpus / "a.txt", 0o600)
    out = invoke(runner, "ingest", str(corpus), "--index", str(index_dir)).output
    assert out.count("outside the corpus roots") == 1
    assert set(ids(index_dir)) == {"a.txt", "inner/b.txt", "inside.txt"}
    assert not any("secretword" in body for body in bodies(index_dir))
    assert stat.S_IMODE(index_dir.stat().st_mode) & 0o077 == 0  # a.txt is private, so is its index
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "--follow-symlinks")
    assert "latest-news.txt" in ids(index_dir)


def test_new_index_of_a_private_corpus_is_created_private(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("alpha")})
    os.chmod(corpus, 0o700)
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    assert stat.S_IMODE(index_dir.stat().st_mode) == 0o700


ENTITIES = "company\tZyxCorp Holdings\tZyx|ZyxCorp\n"


def test_custom_entities_belong_to_the_index(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": "Zyx expands\n\nBEIJING (Reuters) - ZyxCorp said it would expand abroad.\n",
                          "b.txt": story("beta")})
    custom = tmp_path / "my.tsv"
    custom.write_text(ENTITIES, encoding="utf-8")
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "--entities", str(custom))
    hits = invoke(runner, "query", "expand", "--company", "ZyxCorp", "--json", "--index", str(index_dir)).output
    assert "ZyxCorp Holdings" in hits
    # a plain ingest after an edit keeps using the index's copy (the user's file may be gone)
    custom.unlink()
    (corpus / "a.txt").write_text("Zyx expands again\n\nBEIJING (Reuters) - ZyxCorp said it would expand.\n",
                                  encoding="utf-8")
    invoke(runner, "ingest", "--index", str(index_dir))
    hits = invoke(runner, "query", "expand", "--company", "Zyx", "--json", "--index", str(index_dir)).output
    assert "ZyxCorp Holdings" in hits  # query --company knows the custom alias
    listed = invoke(runner, "entities", "--type", "company", "--json", "--index", str(index_dir)).output
    assert "ZyxCorp Holdings" in listed and "Zyx" in listed.split("ZyxCorp Holdings", 1)[1]
    # changing the file re-extracts every article; forgetting it too
    other = tmp_path / "other.tsv"
    other.write_text("company\tQwv Ltd\tQwv\n", encoding="utf-8")
    out = invoke(runner, "ingest", "--index", str(index_dir), "--entities", str(other)).output
    assert "extracted again" in out and "2 changed" in out
    invoke(runner, "query", "expand", "--company", "ZyxCorp Holdings", "--json", "--index", str(index_dir), code=1)
    out = invoke(runner, "ingest", "--index", str(index_dir), "--forget-custom", "entities").output
    assert "2 changed" in out


BAD_OPTION_FILES = [(kind, bad) for kind in ("entities", "boilerplate")
                    for bad in ("latin1", "binary", "dev-zero", "fifo", "directory")]
BAD_OPTION_FILES += [("entities", "type-only"), ("boilerplate", "bad-regex")]


@pytest.mark.parametrize(("kind", "bad"), BAD_OPTION_FILES)
def test_bad_option_files_are_refused_before_anything_is_touched(runner, tmp_path, kind, bad):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"f{i}.txt": story(f"word{i}") for i in range(4)})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    before_ids, before_files = ids(index_dir), toc_state(index_dir)
    (corpus / "f0.txt").write_text(story("changed"), encoding="utf-8")
    path = tmp_path / "option-file"
    if bad == "type-only":
        path.write_text("company\n", encoding="utf-8")
    elif bad == "latin1":
        path.write_bytes(b"company\tCaf\xe9 SA\tCaf\xe9\n")
    elif bad == "binary":
        path.write_bytes(b"\x00\x01\x02company\x00")
    elif bad == "dev-zero":
        path = Path("/dev/zero")
    elif bad == "fifo":
        os.mkfifo(path)
    elif bad == "directory":
        path.mkdir()
    else:
        path.write_text("(unclosed\n", encoding="utf-8")
    for command in ("ingest", "watch"):
        args = [command, str(corpus), "--index", str(index_dir), f"--{kind}", str(path)]
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("searchnews: "), result.output
    assert ids(index_dir) == before_ids and toc_state(index_dir) == before_files


def test_a_file_whose_extraction_fails_keeps_its_old_articles(runner, tmp_path, monkeypatch):
    import searchnews.extract.run as pipeline

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("alpha"), "b.txt": story("beta")})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "-j", "1")
    before = bodies(index_dir)
    real = pipeline.extract_with_lines

    def broken(raw, options=pipeline.ExtractOptions()):
        if "gamma" in raw.text:
            raise RuntimeError("extractor bug")
        return real(raw, options)

    monkeypatch.setattr(pipeline, "extract_with_lines", broken)
    (corpus / "a.txt").write_text(story("gamma"), encoding="utf-8")
    out = invoke(runner, "ingest", "--index", str(index_dir), "-j", "1").output
    assert "kept its indexed articles" in out
    assert bodies(index_dir) == before


# --- randomized: trees of colliding and odd names across roots vs a brute-force model --------------

NAME_PARTS = ["a", "b", "café", unicodedata.normalize("NFD", "café"), "caf\\xe9", "x y"]


def random_name(rng: random.Random) -> bytes:
    if rng.random() < 0.15:
        return b"caf\xe9" + rng.choice([b"", b"2"]) + b".txt"  # not UTF-8
    return os.fsencode(rng.choice(NAME_PARTS) + rng.choice(["", "1"]) + rng.choice([".txt", ".md"]))


def test_random_trees_across_roots_match_a_brute_force_model(runner, tmp_path):
    rng = random.Random(11)
    roots = [tmp_path / name for name in ("r1", "r2", "r3")]
    index_dir = tmp_path / "index"
    for root in roots:
        root.mkdir()
    counter = 0
    for step in range(12):
        for _ in range(rng.randint(1, 6)):  # add or change files (same relative names across roots)
            root = rng.choice(roots)
            folder = os.path.join(os.fsencode(root), rng.choice([b"", b"sub", b"sub/deep"]))
            os.makedirs(folder, exist_ok=True)
            counter += 1
            with open(os.path.join(folder, random_name(rng)), "w", encoding="utf-8") as handle:
                handle.write(story(f"token{counter}"))
        for _ in range(rng.randint(0, 2)):  # delete a file
            files = [os.path.join(d, f) for root in roots for d, _, fs in os.walk(os.fsencode(root)) for f in fs]
            if files:
                os.unlink(rng.choice(files))
        if step == 0:
            invoke(runner, "ingest", str(roots[0]), "--index", str(index_dir))
        elif step == 3:
            invoke(runner, "ingest", str(roots[1]), str(roots[2]), "--index", str(index_dir))
        else:
            invoke(runner, "ingest", "--index", str(index_dir))
        known = roots[:1] if step < 3 else roots
        expected = []
        for root in known:
            for folder, _, files in os.walk(os.fsencode(root)):
                for name in files:
                    with open(os.path.join(folder, name), encoding="utf-8") as handle:
                        expected.append(re.search(r"token\d+", handle.read()).group())
        found = ids(index_dir)
        assert max(found.values(), default=1) == 1
        assert sorted(re.search(r"token\d+", body).group() for body in bodies(index_dir)) == sorted(expected), step
        again = invoke(runner, "ingest", "--index", str(index_dir)).output
        assert "0 new, 0 changed, 0 removed" in again and ids(index_dir) == found


def test_an_index_from_before_roots_were_remembered_loses_nothing_on_its_first_run(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("alpha"), "b.txt": story("beta")})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    (index_dir / "roots.json").unlink()  # as an index made by an older searchnews
    other = tmp_path / "other"
    write_corpus(other, {"c.txt": story("gamma")})
    out = invoke(runner, "ingest", str(other), "--index", str(index_dir)).output
    assert "nothing is removed this time" in out and set(ids(index_dir)) == {"a.txt", "b.txt", "other//c.txt"}
    invoke(runner, "ingest", "--index", str(index_dir))  # other/ did not take over the old ids
    assert set(ids(index_dir)) == {"a.txt", "b.txt", "other//c.txt"}
    (corpus / "b.txt").unlink()
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))  # the real first root adopts them
    assert set(ids(index_dir)) == {"a.txt", "other//c.txt"}
    assert "0 new, 0 changed, 0 removed" in invoke(runner, "ingest", "--index", str(index_dir)).output


def test_watching_part_of_a_root_uses_the_roots_ids(tmp_path):
    pytest.importorskip("watchdog")
    import threading
    import time

    from searchnews.sync.ingest import ingest
    from searchnews.sync.watch import watch

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"top.txt": story("top"), "sub/a.txt": story("alpha")})
    ingest([corpus], index_dir, workers=1)
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(corpus / "sub", index_dir), kwargs={
        "on_ready": ready.set, "stop": stop, "quiet_s": 0.2, "workers": 1})
    thread.start()
    try:
        assert ready.wait(60)
        (corpus / "sub" / "b.txt").write_text(story("beta"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "sub/b.txt" not in ids(index_dir):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert set(ids(index_dir)) == {"top.txt", "sub/a.txt", "sub/b.txt"}
    finally:
        stop.set()
        thread.join(30)


def test_random_partial_ingests_and_root_changes_match_a_brute_force_model(runner, tmp_path):
    """Random edits, then one of: a plain ingest, an ingest of one file or one folder of a root, a new
    root, `roots remove`. The model: what each scanned part holds now; everything else as it was."""
    rng = random.Random(1111)
    roots = [tmp_path / name for name in ("p", "q", "r")]
    index_dir = tmp_path / "index"
    for root in roots:
        (root / "sub").mkdir(parents=True)
    model: dict[tuple[str, bytes], str] = {}  # (root, path relative to it) -> token indexed
    registered: list[Path] = []
    counter = 0

    def files_under(folder: Path) -> dict[bytes, str]:
        found = {}
        for directory, _, names in os.walk(os.fsencode(folder)):
            for name in names:
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    found[path] = re.search(r"token\d+", handle.read()).group()
        return found

    def rescan(root: Path, part: Path) -> None:
        prefix = os.fsencode(part)
        for key in [key for key in model if key[0] == str(root) and
                    (os.path.join(os.fsencode(root), key[1]) + b"/").startswith(prefix + (b"" if part.is_file() else b"/"))]:
            del model[key]
        for path, token in files_under(part).items() if part.is_dir() else [(os.fsencode(part), files_under(part.parent)[os.fsencode(part)])]:
            model[(str(root), os.path.relpath(path, os.fsencode(root)))] = token

    for step in range(25):
        for _ in range(rng.randint(1, 4)):
            root = rng.choice(roots)
            folder = os.path.join(os.fsencode(root), rng.choice([b"", b"sub"]))
            counter += 1
            with open(os.path.join(folder, random_name(rng)), "w", encoding="utf-8") as handle:
                handle.write(story(f"token{counter}"))
        if rng.random() < 0.3:
            present = [path for root in roots for path in files_under(root)]
            if present:
                os.unlink(rng.choice(present))
        action = rng.choice(["plain", "file", "folder", "add", "remove"]) if registered else "add"
        if action == "add" and len(registered) < len(roots):
            root = rng.choice([root for root in roots if root not in registered])
            invoke(runner, "ingest", str(root), "--index", str(index_dir))
            registered.append(root)
            rescan(root, root)
        elif action == "remove" and len(registered) > 1:
            root = registered.pop(rng.randrange(len(registered)))
            invoke(runner, "roots", "remove", str(root), "--index", str(index_dir))
            model = {key: value for key, value in model.items() if key[0] != str(root)}
        elif action == "file":
            root = rng.choice(registered)
            present = list(files_under(root))
            if not present:
                continue
            path = Path(os.fsdecode(rng.choice(present)))
            invoke(runner, "ingest", str(path), "--index", str(index_dir))
            rescan(root, path)
        elif action == "folder":
            root = rng.choice(registered)
            invoke(runner, "ingest", str(root / "sub"), "--index", str(index_dir))
            rescan(root, root / "sub")
        else:
            invoke(runner, "ingest", "--index", str(index_dir))
            for root in registered:
                rescan(root, root)
        found = ids(index_dir)
        assert max(found.values(), default=1) == 1, step
        indexed = sorted(re.search(r"token\d+", body).group() for body in bodies(index_dir))
        assert indexed == sorted(model.values()), (step, action)
