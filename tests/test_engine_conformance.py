"""One behaviour spec, every engine: ingest, sync of changes and deletes, each query form, filters,
facets, timeline, counts, exit codes. Run against Whoosh always, and against a real OpenSearch node
when SEARCHNEWS_TEST_OPENSEARCH_URL is set (scripts/opensearch.sh start prints one; .ci/run does it).

The truth is a brute-force model: the pipeline run directly on the files (per_file.process_candidate)
gives every article's id, companies, date and text; sets of matches are checked against it or
against set algebra, and the OpenSearch engine's matches against the Whoosh engine's.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGINES, OPENSEARCH_URL, URL_ENV, fresh_opensearch_url

from searchnews.cli.commands import cli
from searchnews.engine import open_engine
from searchnews.engine.whoosh.search import SearchRequest, split_names
from searchnews.extract.run import ExtractOptions
from searchnews.query.timeline import build_timeline
from searchnews.sync.ingest import MAX_FILE_BYTES, walk_corpus
from searchnews.sync.per_file import Candidate, process_candidate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT_ROOT / "corpus"

REPOST = """Regulators widen probe of cloud pricing

Regulators in Beijing widened their probe of cloud computing prices on Tuesday, asking Alibaba and
Tencent to explain discounts offered to state-owned customers, according to three people familiar with
the matter. The inquiry follows complaints from smaller providers that say they cannot match the
discounts without losing money on every contract they sign with provincial governments and banks.
Officials are expected to publish guidance on fair pricing before the end of the quarter, the people said.
"""


class Handle:
    """An engine under test on its own fresh index, and the CLI arguments that reach that index."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        if name == "whoosh":
            self.cli_args = ["--index", str(tmp_path / "index")]
            self.engine = open_engine("whoosh", None, tmp_path / "index")
        else:
            url = fresh_opensearch_url("sn-test")
            self.cli_args = ["--engine", "opensearch", "--url", url]
            self.engine = open_engine("opensearch", url, tmp_path / "unused")
            self.url = url

    def close(self) -> None:
        if self.name == "opensearch":
            self.engine.client.indices.delete(index=self.engine.index, ignore=[404])
        self.engine.close()

    def ids(self, text: str = "", since: str | None = None, until: str | None = None, **filters) -> set[str]:
        result = self.engine.search(SearchRequest(text, filters, since, until, limit=10_000, fold=False, suggest=False))
        assert result.total == len(result.hits)
        return {hit.id for hit in result.hits}


def model_of(root: Path) -> dict[str, dict[str, dict[str, object]]]:
    """rel path -> article id -> its fields, straight from the pipeline (no engine involved)."""
    articles: dict[str, dict[str, dict[str, object]]] = {}
    for path, rel_id, _stat in walk_corpus(root, [], []):
        result = process_candidate(Candidate(path, rel_id, None), ExtractOptions(),
                                   MAX_FILE_BYTES)
        if result.documents:
            articles[rel_id] = {str(doc["id"]): doc for doc in result.documents}
    return articles


def all_articles(model) -> dict[str, dict[str, object]]:
    return {article_id: doc for docs in model.values() for article_id, doc in docs.items()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, root)
    (root / "reposts").mkdir()
    (root / "reposts" / "cloud-a.txt").write_text(REPOST, encoding="utf-8")
    (root / "reposts" / "cloud-b.txt").write_text(REPOST.replace("Tuesday", "Tuesday morning"), encoding="utf-8")
    return root


@pytest.fixture(params=ENGINES)
def handle(request, tmp_path: Path):
    made = Handle(request.param, tmp_path)
    yield made
    made.close()


@pytest.fixture
def loaded(handle: Handle, corpus: Path):
    handle.engine.sync([corpus], workers=1)
    return handle, model_of(corpus)


def test_ingest_holds_exactly_the_pipeline_articles(loaded) -> None:
    handle, model = loaded
    expected = set(all_articles(model))
    assert handle.ids() == expected
    assert handle.engine.stats().articles == len(expected)
    assert handle.engine.count(SearchRequest("")) == len(expected)


def test_randomized_sync_matches_the_model(handle: Handle, tmp_path: Path) -> None:
    """Random adds, edits, touches, deletes and renames: after each sync the engine holds exactly
    the articles the files hold now, and the report counts the changed files correctly."""
    rng = random.Random(17)
    root = tmp_path / "live"
    root.mkdir()
    words = ["tariff", "export", "chip", "regulator", "antitrust", "fund", "pledge", "yuan", "bank", "probe"]
    files: dict[str, str] = {}
    synced: set[str] = set()
    for step in range(8):
        removed = 0
        for _ in range(rng.randint(1, 4)):
            action = rng.choice(["add", "add", "edit", "delete", "touch"]) if files else "add"
            name = f"f{step}-{rng.randint(0, 10**6)}.txt" if action == "add" else rng.choice(sorted(files))
            if action in ("add", "edit"):
                text = f"Story {name} {' '.join(rng.choices(words, k=40))}\n\n" + " ".join(rng.choices(words, k=80))
                files[name] = text
                (root / name).write_text(text + "\n", encoding="utf-8")
            elif action == "touch":
                os.utime(root / name)
            else:
                (root / name).unlink()
                del files[name]
                removed += name in synced
        report = handle.engine.sync([root], workers=1)
        model = model_of(root)
        assert handle.ids() == set(all_articles(model)), f"step {step}"
        assert report.removed_files == removed
        synced = set(files)


def test_changed_and_deleted_files(loaded, corpus: Path) -> None:
    handle, model = loaded
    victim = sorted(model)[0]
    (corpus / victim).unlink()
    edited = sorted(model)[1]
    (corpus / edited).write_text("Brand new headline about zebrafish\n\nZebrafish farming policy text here.\n",
                                 encoding="utf-8")
    report = handle.engine.sync([corpus], workers=1)
    assert (report.removed_files, report.changed_files, report.new_files) == (1, 1, 0)
    now = model_of(corpus)
    assert handle.ids() == set(all_articles(now))
    assert handle.ids("zebrafish") == set(now[edited])
    again = handle.engine.sync([corpus], workers=1)
    assert again.changed_nothing


QUERIES = ['common prosperity', '"common prosperity"', 'tencent', 'alibaba OR tencent', 'alibaba AND NOT tencent', 'prosp*',
           'alibaba tencent NOT baidu', 'company:alibaba', 'company:"Ant Group"', 'person:"Jack Ma"',
           'date:2021', 'date:[2021-06 TO 2022]', 'title:tencent', 'regulat*', 'antitrust OR (chips AND export)',
           'source:bloomberg', 'fines', 'chip export', 'regulat*',
           # forms Whoosh's own Porter port stemmed otherwise than OpenSearch's porter_stem ('planned' -> 'plann')
           'plans', 'banned', 'operating', 'cutting']


def test_set_algebra_of_query_forms(loaded) -> None:
    handle, _ = loaded
    alibaba, tencent, baidu = handle.ids("alibaba"), handle.ids("tencent"), handle.ids("baidu")
    assert alibaba and tencent
    assert handle.ids("alibaba AND tencent") == handle.ids("alibaba tencent") == alibaba & tencent
    assert handle.ids("alibaba OR tencent") == alibaba | tencent
    assert handle.ids("alibaba NOT tencent") == alibaba - tencent
    assert handle.ids("(alibaba OR tencent) NOT baidu") == (alibaba | tencent) - baidu
    assert handle.ids('"common prosperity"') <= handle.ids("common prosperity")


def test_field_and_filter_forms_match_the_model(loaded) -> None:
    handle, model = loaded
    articles = all_articles(model)

    def having(fieldname: str, value: str) -> set[str]:
        return {i for i, doc in articles.items() if value.casefold() in
                {name.casefold() for name in split_names(doc.get(fieldname))}}

    assert handle.ids("company:alibaba") == having("company", "Alibaba")
    assert handle.ids('person:"jack ma"') == having("person", "Jack Ma")
    assert handle.ids("", company=("ALIBABA",)) == having("company", "Alibaba")
    assert handle.ids("", company=("Alibaba", "Tencent")) == having("company", "Alibaba") | having("company", "Tencent")
    sources = Counter(str(doc.get("source")) for doc in articles.values() if doc.get("source"))
    outlet = sources.most_common(1)[0][0]
    assert handle.ids("", source=(outlet,)) == {i for i, doc in articles.items() if doc.get("source") == outlet}
    dated = {i: str(doc["date_text"]) for i, doc in articles.items() if doc.get("date_text")}
    assert handle.ids("date:2021") == {i for i, text in dated.items() if text.startswith("2021")}
    assert handle.ids("", since="2021-06", until="2022") == {
        i for i, text in dated.items() if (text + "-01-01")[:10] >= "2021-06" and text[:4] <= "2022"}


def test_author_filter_query_field_and_output_match_the_model(loaded) -> None:
    """The bylines of the sample corpus (issue 16): --author any case, author: in the query, the
    authors in --json, the same articles on every engine."""
    handle, model = loaded
    articles = all_articles(model)
    authors = Counter(name for doc in articles.values() for name in split_names(doc.get("author")))
    assert len(authors) >= 3, "the sample corpus has bylines in metadata and text"
    first, second = sorted(authors)[:2]

    def by(name: str) -> set[str]:
        return {i for i, doc in articles.items() if name in split_names(doc.get("author"))}

    assert handle.ids("", author=(first.upper(),)) == by(first)
    assert handle.ids("", author=(first, second)) == by(first) | by(second)
    assert handle.ids(f'author:"{second.lower()}"') == by(second)
    assert handle.ids("", author=("Nobody Atall",)) == set()
    result = CliRunner().invoke(cli, ["query", f'author:"{first}"', "--all", "--json", *handle.cli_args])
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert {hit["id"] for hit in hits} == by(first)
    assert all(hit["authors"] == split_names(articles[hit["id"]].get("author")) for hit in hits)


def test_facets_count_every_match(loaded) -> None:
    handle, model = loaded
    articles = all_articles(model)
    result = handle.engine.search(SearchRequest("tencent", facets=("company", "source"), facet_limit=None))
    matching = handle.ids("tencent")
    expected = Counter(name.casefold() for i in matching for name in {n.casefold() for n in split_names(articles[i].get("company"))})
    assert {name.casefold(): count for name, count in result.facets["company"]} == dict(expected)
    counts = [count for _, count in result.facets["company"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("by", ["year", "month", "week"])
def test_timeline_matches_the_model(loaded, by: str) -> None:
    handle, model = loaded
    articles = all_articles(model)
    matching = handle.ids("tencent OR alibaba")
    expected = build_timeline([str(articles[i].get("date_text") or "") for i in matching], by)
    assert handle.engine.timeline(SearchRequest("tencent OR alibaba"), by) == expected


def test_reposts_fold_into_one_story(loaded) -> None:
    handle, _ = loaded
    copies = {"reposts/cloud-a.txt", "reposts/cloud-b.txt"}
    folded = handle.engine.search(SearchRequest("cloud pricing discounts", limit=50))
    stories = [hit for hit in folded.hits if hit.id in copies]
    assert len(stories) == 1 and {stories[0].id, *stories[0].duplicates} == copies
    assert folded.folded == 1 and len(folded.hits) == folded.total - 1
    every = handle.engine.search(SearchRequest("cloud pricing discounts", limit=50, fold=False))
    assert copies <= {hit.id for hit in every.hits} and len(every.hits) == every.total


def test_did_you_mean_and_similar_and_show(loaded) -> None:
    handle, _ = loaded
    result = handle.engine.search(SearchRequest("prosparity"))
    assert result.corrected_from == "prosparity" and result.suggestion == "prosperity" and result.total
    leader = handle.engine.search(SearchRequest("cloud pricing discounts")).hits[0]
    similar = handle.engine.similar(leader.id, limit=5)
    assert leader.id not in {hit.id for hit in similar.hits}
    assert not set(leader.duplicates) & {hit.id for hit in similar.hits}
    stored = handle.engine.get_article(leader.id)
    assert stored["id"] == leader.id and "discounts" in str(stored["body"])
    _, _, body = handle.engine.highlight_article(leader.id, "discounts")
    assert "\x02discounts\x03" in body


def test_cli_output_and_exit_codes(loaded) -> None:
    handle, _ = loaded
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, [*args, *handle.cli_args])

    found = run("query", "tencent", "--json")
    assert found.exit_code == 0
    records = [json.loads(line) for line in found.output.splitlines()]
    assert records and all("tencent" in (r["title"] + r["snippet"]).casefold() or r["companies"] for r in records)
    assert run("query", "zzqqxxyy").exit_code == 1
    bad = run("query", "compnay:alibaba")
    assert bad.exit_code == 2 and "unknown field 'compnay'" in bad.output
    assert run("query", "tencent", "--since", "2021-13").exit_code == 2
    assert run("query", "tencent", "--json", "--csv").exit_code == 2
    assert run("timeline", "tencent", "--json").exit_code == 0
    assert run("timeline", "zzqqxxyy").exit_code == 1
    assert run("show", "no-such-id").exit_code == 2
    stats = run("stats", "--json")
    assert stats.exit_code == 0 and json.loads(stats.output)["articles"] == handle.engine.stats().articles
    article_id = records[0]["id"]
    assert run("similar", article_id, "--json").exit_code in (0, 1)
    shown = run("show", article_id, "--json")
    assert shown.exit_code == 0 and json.loads(shown.output)["id"] == article_id


def test_entity_counts_and_completion_terms_match_the_model(loaded) -> None:
    """What `entities` and shell completion ask an engine: the commonest names of a facet field with
    their article counts, and the indexed values starting with a prefix."""
    handle, model = loaded
    articles = all_articles(model)
    companies = Counter(name.casefold() for doc in articles.values()
                        for name in {n.casefold() for n in split_names(doc.get("company"))})
    top = handle.engine.top_values("company", 5)
    assert [count for _, count in top] == [count for _, count in companies.most_common(5)]
    assert all(companies[name.casefold()] == count for name, count in top)
    assert "alibaba" in handle.engine.field_terms("company", "ali", 50)
    assert all(term.startswith("ali") for term in handle.engine.field_terms("company", "ali", 50))
    some_id = sorted(articles)[0]
    assert some_id in handle.engine.field_terms("id", some_id[:4], 10_000)
    assert handle.engine.field_terms("company", "zzqqxx", 10) == []
    assert handle.engine.exists()


def test_entities_command_on_every_engine(loaded) -> None:
    handle, _ = loaded
    done = CliRunner().invoke(cli, ["entities", "--type", "company", "-n", "3", "--json", *handle.cli_args])
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in done.output.splitlines()]
    assert len(rows) == 3 and {row["type"] for row in rows} == {"company"}
    assert rows[0]["articles"] == handle.engine.top_values("company", 1)[0][1]


@pytest.mark.opensearch
@pytest.mark.skipif(not OPENSEARCH_URL, reason=f"no OpenSearch node ({URL_ENV} not set)")
@pytest.mark.parametrize("text", QUERIES)
def test_opensearch_matches_whoosh(text: str, corpus: Path, tmp_path: Path) -> None:
    """Every query form finds the same articles on both engines (same parser, translated tree)."""
    whoosh, opensearch = Handle("whoosh", tmp_path), Handle("opensearch", tmp_path)
    try:
        for made in (whoosh, opensearch):
            made.engine.sync([corpus], workers=1)
        if text.endswith("*"):  # Whoosh expands a prefix over stems: a subset of the words written so
            written = {i for i, doc in all_articles(model_of(corpus)).items()
                       if re.search(rf"(?i)\b{re.escape(text[:-1])}", f"{doc.get('title')} {doc.get('body')}")}
            assert whoosh.ids(text) <= opensearch.ids(text) == written
        else:
            assert opensearch.ids(text) == whoosh.ids(text)
    finally:
        whoosh.close()
        opensearch.close()


def test_watch_keeps_the_engine_in_sync(handle: Handle, tmp_path: Path) -> None:
    """`searchnews watch`: a new file is found, a deleted one is dropped, Ctrl-C stops cleanly."""
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "watched"
    root.mkdir()
    (root / "first.txt").write_text("Opening story\n\nA first story about harbour tariffs.\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "searchnews", "watch", str(root), "--quiet-period", "0.2",
                                *handle.cli_args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path)

    def wait_for(condition, what: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except Exception:  # noqa: BLE001 - the index may not exist yet
                pass
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.3)
        raise AssertionError(f"watch did not {what} within 90 s")

    try:
        wait_for(lambda: handle.ids("harbour") == {"first.txt"}, "index the first file")
        (root / "second.txt").write_text("Later story\n\nSecond story on zanzibar cloves.\n", encoding="utf-8")
        wait_for(lambda: handle.ids("zanzibar") == {"second.txt"}, "index a new file")
        (root / "first.txt").unlink()
        wait_for(lambda: not handle.ids("harbour"), "drop a deleted file")
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0 and "Traceback" not in stderr


CHINESE = "腾讯限制未成年人游戏时间\n\n国家新闻出版署发布通知，要求网络游戏企业严格限制向未成年人提供网络游戏服务的时间。腾讯表示将全面落实。\n"


@pytest.mark.opensearch
@pytest.mark.skipif(not OPENSEARCH_URL, reason=f"no OpenSearch node ({URL_ENV} not set)")
def test_chinese_words_are_found_inside_longer_runs(tmp_path: Path) -> None:
    """Chinese has no spaces: CJK bigrams find a word inside a run of characters, and only where it occurs."""
    root = tmp_path / "zh"
    root.mkdir()
    (root / "games.txt").write_text(CHINESE, encoding="utf-8")
    (root / "other.txt").write_text("Bank bonds\n\nA story about bank bonds and yuan liquidity.\n", encoding="utf-8")
    made = Handle("opensearch", tmp_path)
    try:
        made.engine.sync([root], workers=1)
        assert made.ids("网络游戏") == {"games.txt"}
        assert made.ids("未成年人 腾讯") == {"games.txt"}
        assert made.ids('"游戏企业"') == {"games.txt"}
        assert made.ids("游戏银行") == set()  # both characters pairs must be there
        assert made.ids("bank") == {"other.txt"}
    finally:
        made.close()


def test_killed_ingest_loses_nothing_and_the_next_one_finishes(handle: Handle, tmp_path: Path) -> None:
    """SIGKILL `searchnews ingest` half-way: what is there answers queries, and the next ingest leaves
    exactly the model's articles (none lost, none doubled)."""
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "many"
    root.mkdir()
    for number in range(150):
        (root / f"s{number:03d}.txt").write_text(f"Story {number}\n\nPort tariffs story number{number} text.\n",
                                                 encoding="utf-8")
    (root / "feed.jsonl").write_text("\n".join(json.dumps({"title": f"Feed item {n}", "text": f"Feed body item{n} cloves."})
                                               for n in range(40)) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "searchnews", "ingest", str(root), "-j", "1", *handle.cli_args]
    process = subprocess.Popen(command, env={**os.environ, "SEARCHNEWS_TEST_DELAY_S": "0.03"}, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(3)
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    expected = set(all_articles(model_of(root)))
    assert handle.ids() == expected
    assert handle.engine.count(SearchRequest("")) == len(expected)


def test_sort_by_date_and_recency(loaded) -> None:
    """--sort date: dated articles newest first (a date known to the year counts as its first day);
    --recency reorders the same matches, it never adds or drops one. (Undated articles: last on
    OpenSearch, first on Whoosh today, which sorts a missing date as the highest; see the note of issue 17.)"""
    from searchnews.engine.whoosh.schema import date_value

    handle, _ = loaded
    dated = handle.engine.search(SearchRequest("tencent OR alibaba", sort="date", limit=100, fold=False))
    days = [date_value(hit.date) for hit in dated.hits]
    known = [day for day in days if day is not None]
    assert known and known == sorted(known, reverse=True)
    if handle.name == "opensearch":
        assert days[:len(known)] == known
    plain = handle.ids("tencent OR alibaba")
    for half_life in (30, 0.5):
        recent = handle.engine.search(SearchRequest("tencent OR alibaba", recency_days=half_life, limit=100, fold=False))
        assert {hit.id for hit in recent.hits} == plain
