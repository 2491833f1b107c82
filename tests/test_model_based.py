"""Model-based test of everything that counts: random sequences of adding, changing and deleting
files, each followed by an ingest (small batches, several ingests in a row, sometimes --optimize,
so the index goes through many segment layouts with deleted articles in them), and after every
ingest each query's hit ids, total, facet counts, timeline sum, CLI footer and exit code are
compared with a brute-force scan of the files as they are now on disk.

The model knows what each file holds because it wrote it: marker words from a small vocabulary in
a body of filler words, optionally a dated line and sentences naming gazetteer companies.
Seeded: a failure names its seed and step, and reruns the same way; SEARCHNEWS_MODEL_SEEDS=N adds
seeds 1..N for a longer hunt.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.facets import count_facets
from searchnews.engine.whoosh.schema import open_index
from searchnews.engine.whoosh.search import SearchRequest, matching_articles, search
from searchnews.engine.whoosh.timeline import query_timeline

WORDS = ("zebra", "quartz", "mango", "violet", "copper", "falcon")
COMMON = "nickel"
FILLER = ("the", "council", "said", "on", "monday", "that", "its", "plan", "would", "move", "ahead", "after",
          "weeks", "of", "talks", "with", "several", "groups", "in", "region")
COMPANIES = ("Alibaba", "Tencent", "Baidu")
MONTHS = ("January", "March", "May", "July", "October", "December")
YEARS = (2020, 2021, 2022, 2023)


@dataclass
class Doc:
    words: frozenset[str]
    companies: frozenset[str]
    year: int | None


class Model:
    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.docs: dict[str, Doc] = {}  # relative path (the article id) -> what the file holds
        self.serial = 0

    def write(self, relative: str) -> None:
        rng = self.rng
        self.serial += 1
        words = set(rng.sample(WORDS, rng.randint(1, 3)))
        if rng.random() < 0.8:  # a word in most articles: its BM25 idf is <= 0, a score of 0 still matches
            words.add(COMMON)
        words = frozenset(words)
        companies = frozenset(rng.sample(COMPANIES, rng.randint(0, 2)))
        year = rng.choice((None, *YEARS))
        tokens = [rng.choice(FILLER) for _ in range(30)]
        for word in words:
            tokens.insert(rng.randrange(len(tokens)), word)
        lines = [f"Bulletin {self.serial}", ""]
        if year is not None:
            lines += [f"Published: {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", ""]
        lines.append(" ".join(tokens).capitalize() + "." + "".join(f" {name} said it agreed." for name in sorted(companies)))
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.docs[relative] = Doc(words, companies, year)

    def add(self) -> None:
        self.write(f"{self.rng.choice(('wire', 'blog', 'news'))}/f{self.serial:04d}.txt")

    def change(self) -> None:
        if self.docs:
            self.write(self.rng.choice(sorted(self.docs)))

    def delete(self) -> None:
        if self.docs:
            relative = self.rng.choice(sorted(self.docs))
            (self.root / relative).unlink()
            del self.docs[relative]

    def matching(self, query: tuple[str, ...], mode: str, since: int | None = None) -> set[str]:
        def matches(doc: Doc) -> bool:
            if since is not None and (doc.year is None or doc.year < since):
                return False
            present = [word in doc.words for word in query]
            if mode == "and":
                return all(present)
            if mode == "not":
                return present[0] and not present[1]
            return any(present)

        return {relative for relative, doc in self.docs.items() if matches(doc)}


def query_text(words: tuple[str, ...], mode: str) -> str:
    if mode == "not":
        return f"{words[0]} NOT {words[1]}"
    if mode == "or":
        return " OR ".join(words)
    return " ".join(words)  # one to three plain words: all must match; four or more: any


def queries(rng: random.Random) -> list[tuple[tuple[str, ...], str, int | None]]:
    picked = [((word,), "and", None) for word in WORDS]
    for _ in range(4):
        pair = tuple(rng.sample(WORDS, 2))
        picked += [(pair, "and", None), (pair, "or", None), (pair, "not", None)]
    picked.append((tuple(rng.sample(WORDS, 4)), "any", None))  # a four-word question: any word may match
    picked.append(((COMMON, *rng.sample(WORDS, 3)), "any", None))
    picked += [((COMMON,), "and", None), ((COMMON, rng.choice(WORDS)), "or", None)]
    picked.append(((rng.choice(WORDS),), "and", rng.choice(YEARS)))  # with --since
    return picked


def check_against_model(index_dir: Path, model: Model, rng: random.Random, where: str, runner: CliRunner) -> None:
    for words, mode, since in queries(rng):
        text = query_text(words, mode)
        expected = model.matching(words, mode, since)
        label = f"{where}: {text!r} since={since}"
        since_text = str(since) if since else None
        every = search(index_dir, SearchRequest(text, since=since_text, limit=10_000, fold=False, suggest=False,
                                                facets=("company",), facet_limit=None), snippets=False)
        assert {hit.id for hit in every.hits} == expected, label
        assert every.total == len(expected), label
        want_companies = {}
        for relative in expected:
            for name in model.docs[relative].companies:
                want_companies[name] = want_companies.get(name, 0) + 1
        assert dict(every.facets.get("company", [])) == want_companies, label
        # A short page, folded, ranked with Whoosh's block skipping: the total is still exact.
        page = search(index_dir, SearchRequest(text, since=since_text, limit=2, suggest=False), snippets=False)
        assert page.total == len(expected), label
        assert len(page.hits) == min(2, len(expected)), label
        by_date = search(index_dir, SearchRequest(text, since=since_text, limit=10_000, sort="date", fold=False,
                                                  suggest=False), snippets=False)
        assert by_date.total == len(expected) and {hit.id for hit in by_date.hits} == expected, label
        buckets = query_timeline(index_dir, SearchRequest(text, since=since_text), "year")
        assert sum(bucket.count for bucket in buckets) == len(expected), label
        undated = sum(bucket.count for bucket in buckets if bucket.period == "undated")
        assert undated == sum(1 for relative in expected if model.docs[relative].year is None), label
    # The CLI: footer total and exit code of a plain query, and the "page past the last result" line.
    word = rng.choice(WORDS)
    expected = model.matching((word,), "and")
    args = ["query", word, "--index", str(index_dir), "-n", "1", "--all", "--no-suggest"]
    result = runner.invoke(cli, args)
    assert result.exit_code == (0 if expected else 1), (where, result.output)
    if expected:
        assert re.search(rf"\b1 of {len(expected)} matching articles", result.stdout), (where, result.stdout)
        past = runner.invoke(cli, [*args[:-1], "--page", str(len(expected) + 1)])
        assert past.exit_code == 0 and f"({len(expected)} matching articles)" in past.stderr, (where, past.stderr)
    # stats: every live article, dated or not, exactly once; top companies counted over live articles only.
    stats = runner.invoke(cli, ["stats", "--index", str(index_dir), "--json"])
    assert stats.exit_code == 0, stats.output
    assert f'"articles": {len(model.docs)}' in stats.stdout, (where, stats.stdout)
    undated_total = sum(1 for doc in model.docs.values() if doc.year is None)
    assert f'"undated": {undated_total}' in stats.stdout, (where, stats.stdout)
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        counted = dict(count_facets(reader, reader.all_doc_ids(), ("company",), None)["company"])
    every_company: dict[str, int] = {}
    for doc in model.docs.values():
        for name in doc.companies:
            every_company[name] = every_company.get(name, 0) + 1
    assert counted == every_company, where
    with matching_articles(index_dir, SearchRequest(" OR ".join((*WORDS, COMMON)))) as (_, docnums):
        assert len(docnums) == len(model.docs), where


def layout(index_dir: Path) -> tuple[int, bool]:
    """(segments, any deleted article in them): which layouts the run went through."""
    ix = open_index(index_dir)
    with ix.reader() as reader:
        leaves = list(reader.leaf_readers())
        return len(leaves), any(leaf.has_deletions() for leaf, _ in leaves)


# More seeds for a longer hunt: SEARCHNEWS_MODEL_SEEDS=50 pytest tests/test_model_based.py
SEEDS = [11, 2026, *range(1, int(os.environ.get("SEARCHNEWS_MODEL_SEEDS", "0")) + 1)]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_count_matches_a_brute_force_scan_after_random_adds_changes_and_deletes(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    runner = CliRunner()
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    model = Model(corpus, rng)
    for _ in range(6):
        model.add()
    seen_layouts = set()
    for step in range(10):
        if step:
            for _ in range(rng.randint(1, 4)):
                rng.choice((model.add, model.add, model.change, model.delete))()
        if not model.docs:
            model.add()
        args = ["ingest", str(corpus), "--index", str(index_dir)]
        if rng.random() < 0.15:
            args.append("--optimize")
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        seen_layouts.add(layout(index_dir))
        check_against_model(index_dir, model, rng, f"seed {seed} step {step}", runner)
    # The run did go through several segments and through segments holding deleted articles.
    assert max(segments for segments, _ in seen_layouts) > 1, seen_layouts
    assert any(deleted for _, deleted in seen_layouts), seen_layouts
