"""Alerts (issue 18), on every engine: a saved search sees exactly the articles indexed after it was
created, each once; nothing is lost when an ingest dies between committing and checking; `alerts` exit
codes; --exec gets a match's fields in its environment, never through a shell. Whoosh always; OpenSearch
too when SEARCHNEWS_TEST_OPENSEARCH_URL is set (as tests/test_engine_conformance.py)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ENGINES, fresh_opensearch_url

from searchnews.alerts.inbox import add_alert, new_matches
from searchnews.alerts.saved import SavedSearch, read_alerts
from searchnews.cli.commands import cli
from searchnews.sync.ingest import ingest


class Store:
    """One engine's fresh index with its alerts: the library calls, and the CLI arguments reaching it."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        self.index_dir = tmp_path / "index"
        self.engine = None
        self.folder = self.index_dir  # where alerts.json lives
        self.cli_args = ["--index", str(self.index_dir)]
        if name == "opensearch":
            from searchnews.engine import open_engine
            from searchnews.engine.opensearch.alerts import alerts_dir

            url = fresh_opensearch_url("sn-alerts")
            self.engine = open_engine("opensearch", url, self.index_dir)
            self.folder = alerts_dir(self.index_dir, self.engine)
            self.cli_args += ["--engine", "opensearch", "--url", url]

    def ingest(self, corpus: Path, workers: int = 1):
        if self.engine is None:
            return ingest([corpus], self.index_dir, workers=workers)
        from searchnews.alerts.check import sync_and_check
        from searchnews.extract.run import ExtractOptions

        return sync_and_check(self.engine, self.index_dir, [corpus], ExtractOptions(), 10, workers=workers)

    def add(self, saved: SavedSearch) -> SavedSearch:
        return add_alert(self.folder, saved, wait_s=10, engine=self.engine)

    def news(self, peek: bool = False):
        return new_matches(self.folder, peek=peek, engine=self.engine)

    def saved(self) -> dict[str, SavedSearch]:
        return read_alerts(self.folder).alerts

    def lose_index(self) -> None:
        """The index is gone (disk lost, index deleted); the alerts file survives."""
        if self.engine is None:
            for path in self.index_dir.iterdir():
                if path.name not in ("alerts.json", "alerts.lock"):
                    path.unlink()
        else:
            self.engine.client.indices.delete(index=self.engine.index)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.client.indices.delete(index=self.engine.index, ignore=[404])
            self.engine.close()


@pytest.fixture(params=ENGINES)
def store(request, tmp_path):
    handle = Store(request.param, tmp_path)
    yield handle
    handle.close()


WORDS = [f"w{chr(97 + a)}{chr(97 + b)}q" for a in range(8) for b in range(8)]  # 64 made-up words, no stems in common
TRIGGERS = ["zorblax", "quintarn"]


def random_text(rng: random.Random, number: int, trigger: str | None) -> str:
    """A one-article file no other file resembles (random words), with the trigger word somewhere or not."""
    title = [rng.choice(WORDS) for _ in range(5)]
    body = [rng.choice(WORDS) for _ in range(40)] + [f"unique{number}x{rng.randrange(10**9)}"]
    if trigger:
        (title if rng.random() < 0.3 else body).insert(rng.randrange(3), trigger)
    return " ".join(title).capitalize() + "\n\n" + " ".join(body) + ".\n"


def matches(text: str, word: str) -> bool:
    words = text.lower().replace(".", " ").split()
    return word in words


class Model:
    """Brute force: which articles each alert must report, from the corpus contents alone."""

    def __init__(self) -> None:
        self.corpus: dict[str, str] = {}
        self.indexed: dict[str, str] = {}
        self.alerts: dict[str, dict] = {}

    def create(self, name: str, word: str, include_updates: bool) -> None:
        known = {article: text for article, text in self.indexed.items() if matches(text, word)}
        self.alerts[name] = {"word": word, "updates": include_updates, "known": known, "pending": set()}

    def ingest(self) -> None:
        changed = sorted(path for path, text in self.corpus.items() if self.indexed.get(path) != text)
        self.indexed = dict(self.corpus)
        for alert in self.alerts.values():
            for article in changed:
                text = self.indexed[article]
                if not matches(text, alert["word"]):
                    continue
                if article not in alert["known"] or (
                        alert["updates"] and alert["known"][article] != text):
                    alert["pending"].add(article)
                alert["known"][article] = text

    def look(self, peek: bool) -> dict[str, set[str]]:
        shown = {}
        for name, alert in self.alerts.items():
            shown[name] = {article for article in alert["pending"]
                           if article in self.indexed and matches(self.indexed[article], alert["word"])}
            if not peek:
                alert["pending"] = set()
        return shown


def shown_ids(store: Store, peek: bool) -> dict[str, set[str]]:
    news = store.news(peek=peek)
    shown: dict[str, set[str]] = {}
    for item in news:
        ids = [hit.id for hit in item.hits] + [copy for hit in item.hits for copy in hit.duplicates]
        assert len(ids) == len(set(ids)), f"{item.saved.name}: an article shown twice"
        shown[item.saved.name] = set(ids)
    return shown


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alerts_report_exactly_the_new_matches_of_random_adds_changes_deletes(tmp_path, store, seed):
    rng = random.Random(seed)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    model = Model()
    number = 0

    def write(path: str) -> None:
        nonlocal number
        number += 1
        trigger = rng.choice([None, None, *TRIGGERS])
        text = random_text(rng, number, trigger)
        (corpus / path).write_text(text, encoding="utf-8")
        model.corpus[path] = text

    for _ in range(6):
        write(f"a{len(model.corpus)}.txt")
    store.ingest(corpus)
    model.ingest()
    alerts = [("first", TRIGGERS[0], False), ("updates", TRIGGERS[1], True), ("late", TRIGGERS[0], True)]
    for step in range(40):
        if alerts and (step % 8 == 0):
            name, word, updates = alerts.pop(0)
            store.add(SavedSearch(name, word, include_updates=updates))
            model.create(name, word, updates)
        action = rng.random()
        if action < 0.35 or not model.corpus:
            write(f"f{step}.txt")
        elif action < 0.6:
            write(rng.choice(sorted(model.corpus)))
        elif action < 0.7:
            path = rng.choice(sorted(model.corpus))
            (corpus / path).unlink()
            del model.corpus[path]
        elif action < 0.9:
            store.ingest(corpus)
            model.ingest()
        elif model.alerts:
            peek = rng.random() < 0.3
            assert shown_ids(store, peek) == model.look(peek), f"step {step}"
    store.ingest(corpus)
    model.ingest()
    assert shown_ids(store, peek=False) == model.look(peek=False)
    assert shown_ids(store, peek=False) == {name: set() for name in model.alerts}  # seen: never twice


def repost(outlet: str) -> str:
    return (f"Regulator fines platform in zorblax probe\n\nBEIJING ({outlet}) - The market regulator fined a large "
            "platform company a record sum on Friday, saying it abused a dominant position over merchants for years. "
            "The company said it accepted the penalty and would set up a compliance team. Analysts expect more "
            "cases in the sector as the campaign widens to food delivery and ride hailing firms this year.\n")


def test_a_story_reposted_by_several_sites_is_one_new_match_and_a_later_copy_is_not_new(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text("Unrelated story\n\nNothing to see here about wheat harvests.\n", encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("probe", "zorblax"))
    for outlet in ("Reuters", "Bloomberg", "AFP"):
        (corpus / f"{outlet.lower()}.txt").write_text(repost(outlet), encoding="utf-8")
    report = store.ingest(corpus)
    assert len(report.alerts.new["probe"]) == 1  # one story
    assert store.saved()["probe"].new_stories == 1
    (news,) = store.news()
    assert len(news.hits) == 1 and len(news.hits[0].duplicates) == 2
    assert {news.hits[0].id, *news.hits[0].duplicates} == {"reuters.txt", "bloomberg.txt", "afp.txt"}
    (corpus / "xinhua.txt").write_text(repost("Xinhua"), encoding="utf-8")
    report = store.ingest(corpus)
    assert not report.alerts.new  # a fourth copy of a story already seen is not news


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SEARCHNEWS_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "searchnews", *args], capture_output=True, text=True,
                          env=environment, timeout=300)


def story(number: int, word: str = "zorblax") -> str:
    return (f"Ministry weighs {word} plan number {number}\n\nOfficials discussed proposal uniq{number}x on day "
            f"{number} for unit {number * 7}, a spokesman for desk {number * 3} said.\n")


# Where an ingest is killed: after its last commit, before the alert check (both engines); mid-sync, five files
# in (on OpenSearch, with the delay hook, those five are already sent and become visible); mid-commit (Whoosh).
CRASHES = [("before-alerts:1", None), ("file:5", None), ("file:5", "0.05"), ("after-toc:1", None)]


@pytest.mark.parametrize(("crash", "delay"), CRASHES, ids=["before-alerts", "mid-sync", "mid-sync-sent", "after-toc"])
def test_an_ingest_killed_between_commit_and_alert_check_loses_no_match(tmp_path, store, crash, delay):
    if crash == "after-toc:1" and store.name != "whoosh":
        pytest.skip("a Whoosh commit's own crash point")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0), encoding="utf-8")
    assert run_cli("ingest", str(corpus), *store.cli_args, "-j", "1").returncode == 0
    assert run_cli("alert", "add", "plan", "zorblax", *store.cli_args).returncode == 0
    for number in range(1, 13):
        (corpus / f"new{number}.txt").write_text(story(number, "zorblax" if number % 3 else "other"), encoding="utf-8")
    crash_env = {"SEARCHNEWS_CRASH_AT": crash, **({"SEARCHNEWS_TEST_DELAY_S": delay} if delay else {})}
    killed = run_cli("ingest", str(corpus), *store.cli_args, "-j", "1", env=crash_env)
    assert killed.returncode == -9, killed.stderr
    assert not store.saved()["plan"].pending  # killed before recording anything
    (corpus / "later.txt").write_text(story(99), encoding="utf-8")  # the next ingest has work of its own too
    expected = {f"new{number}.txt" for number in range(1, 13) if number % 3} | {"later.txt"}
    # the next ingest (nothing left to index, or the rest of the batch) records what the killed one committed
    assert run_cli("ingest", str(corpus), *store.cli_args, "-j", "1").returncode == 0
    shown = run_cli("alerts", "--json", *store.cli_args)
    assert shown.returncode == 0, shown.stderr
    assert {json.loads(line)["id"] for line in shown.stdout.splitlines()} == expected
    assert run_cli("ingest", str(corpus), *store.cli_args, "-j", "1").returncode == 0
    assert run_cli("alerts", *store.cli_args).returncode == 1  # nothing twice


def test_an_alert_added_while_an_ingest_runs_sees_each_article_of_it_as_old_or_new_never_neither(tmp_path, store):
    """The first alert of an index, saved while an ingest is sending a batch: each article of that batch
    either matched before the alert (not new) or is reported new; none falls between the two."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0, "wheat"), encoding="utf-8")
    assert run_cli("ingest", str(corpus), *store.cli_args, "-j", "1").returncode == 0
    batch = {f"new{number}.txt" for number in range(1, 9)}
    for name in batch:
        (corpus / name).write_text(story(int(name[3:-4])), encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SEARCHNEWS_")}
    slow = subprocess.Popen([sys.executable, "-m", "searchnews", "ingest", str(corpus), *store.cli_args, "-j", "1",
                             "-q"], env={**environment, "SEARCHNEWS_TEST_DELAY_S": "0.4"})
    try:
        time.sleep(2.0)  # a few files in (sent, and visible after OpenSearch's 1 s refresh)
        added = run_cli("alert", "add", "plan", "zorblax", "--wait", "120", *store.cli_args)
        assert added.returncode == 0, added.stderr
    finally:
        assert slow.wait(timeout=120) == 0
    assert run_cli("ingest", str(corpus), *store.cli_args, "-j", "1").returncode == 0
    shown = run_cli("alerts", "--json", *store.cli_args)
    new = {json.loads(line)["id"] for line in shown.stdout.splitlines()}
    known = set(store.saved()["plan"].known)
    assert new | known == batch and not new & known, (sorted(new), sorted(known))


def test_include_updates_reports_a_changed_record_of_a_feed_but_not_its_unchanged_neighbours(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    feed = corpus / "feed.jsonl"

    def write_feed(second_body: str) -> None:
        records = [{"title": "First zorblax item", "text": story(1).split("\n\n", 1)[1]},
                   {"title": "Second zorblax item", "text": second_body}]
        feed.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")

    write_feed(story(2).split("\n\n", 1)[1])
    store.ingest(corpus)
    store.add(SavedSearch("updates", "zorblax", include_updates=True))
    store.add(SavedSearch("once", "zorblax"))
    write_feed(story(3).split("\n\n", 1)[1])  # the second record changes, the first does not
    report = store.ingest(corpus)
    assert report.changed_files == 1 and report.updated == 2
    assert report.alerts.new == {"updates": ["feed.jsonl#2"]}  # not the untouched first record, not for "once"
    (news,) = [item for item in store.news() if item.saved.name == "updates"]
    assert [hit.id for hit in news.hits] == ["feed.jsonl#2"]


def test_a_parallel_ingest_stamps_its_articles_so_alerts_see_all_of_them(tmp_path, store):
    from searchnews.sync.ingest import PARALLEL_MIN_FILES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text(story(0), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    count = PARALLEL_MIN_FILES + 10
    for number in range(1, count + 1):
        (corpus / f"n{number}.txt").write_text(story(number, "zorblax" if number % 2 else "wheat"), encoding="utf-8")
    report = store.ingest(corpus, workers=2)
    assert sorted(report.alerts.new["plan"]) == sorted(f"n{number}.txt" for number in range(1, count + 1, 2))


def test_an_index_rebuilt_from_scratch_keeps_its_alerts_without_re_alerting_old_matches(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(3):
        (corpus / f"old{number}.txt").write_text(story(number), encoding="utf-8")
        store.ingest(corpus)  # three syncs: the sequence reaches 3
    store.add(SavedSearch("plan", "zorblax"))
    assert store.saved()["plan"].checkpoint == 3
    store.lose_index()
    (corpus / "new.txt").write_text(story(9), encoding="utf-8")
    report = store.ingest(corpus)  # one sync rebuilds it all with sequence 1
    assert report.alerts.new == {"plan": ["new.txt"]}


def test_a_sync_killed_after_deleting_the_newest_articles_does_not_hide_the_next_new_match(tmp_path, store):
    """The sync that removed the only articles of the latest sequence dies before its check; the next
    sync must still number its articles above every checkpoint (or its new match is never checked)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0, "wheat"), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    (corpus / "a.txt").write_text(story(1), encoding="utf-8")
    assert store.ingest(corpus).alerts.new == {"plan": ["a.txt"]}
    assert [hit.id for news in store.news() for hit in news.hits] == ["a.txt"]  # seen
    (corpus / "a.txt").unlink()
    killed = run_cli("ingest", str(corpus), *store.cli_args, "-j", "1", "--optimize" if store.name == "whoosh" else "-q",
                     env={"SEARCHNEWS_CRASH_AT": "before-alerts:1"})  # optimize: a.txt's sequence term goes too
    assert killed.returncode == -9, killed.stderr
    (corpus / "b.txt").write_text(story(2), encoding="utf-8")
    assert store.ingest(corpus).alerts.new == {"plan": ["b.txt"]}
    assert [hit.id for news in store.news() for hit in news.hits] == ["b.txt"]


@pytest.mark.parametrize("command", ["ingest", "alerts"])
def test_a_process_killed_while_writing_alerts_json_leaves_the_old_file_and_loses_no_match(tmp_path, store, command):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0, "wheat"), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    (corpus / "new.txt").write_text(story(1), encoding="utf-8")
    if command == "alerts":
        store.ingest(corpus)  # recorded: the kill comes while `alerts` marks it seen
    before = (store.folder / "alerts.json").read_bytes()
    # ingest: its check's write; alerts: its second write (the first records what is new, the second marks it seen)
    args, crash = (["ingest", str(corpus), "-j", "1"], "alerts-write:1") if command == "ingest" else \
        (["alerts"], "alerts-write:2")
    killed = run_cli(*args, *store.cli_args, env={"SEARCHNEWS_CRASH_AT": crash})
    assert killed.returncode == -9, killed.stderr
    if command == "ingest":
        assert (store.folder / "alerts.json").read_bytes() == before  # the old file, whole
    else:  # the file as the first write left it: the match still unseen
        assert list(store.saved()["plan"].pending) == ["new.txt"]
    shown = run_cli("alerts", "--json", *store.cli_args)
    assert shown.returncode == 0, shown.stderr
    assert [json.loads(line)["id"] for line in shown.stdout.splitlines()] == ["new.txt"]
    assert not list(store.folder.glob(".alerts-*.tmp"))  # the killed writer's temp file is cleared
    assert run_cli("alerts", *store.cli_args).returncode == 1  # and shown once


def test_alerts_itself_records_what_a_killed_ingest_committed(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    (corpus / "new.txt").write_text(story(1), encoding="utf-8")
    killed = run_cli("ingest", str(corpus), *store.cli_args, "-j", "1", env={"SEARCHNEWS_CRASH_AT": "before-alerts:1"})
    assert killed.returncode == -9
    peek = run_cli("alerts", "--peek", "--json", *store.cli_args)
    assert peek.returncode == 0 and [json.loads(line)["id"] for line in peek.stdout.splitlines()] == ["new.txt"]


def test_alerts_exit_codes_quiet_peek_and_errors(tmp_path, runner, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0), encoding="utf-8")
    index = store.cli_args
    assert runner.invoke(cli, ["ingest", str(corpus), *index, "-j", "1"]).exit_code == 0
    no_alerts = runner.invoke(cli, ["alerts", *index])
    assert no_alerts.exit_code == 2 and "no alerts saved" in no_alerts.output
    bad = runner.invoke(cli, ["alert", "add", "broken", "zorblax AND (", *index])
    assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1 and "Traceback" not in bad.output
    assert runner.invoke(cli, ["alert", "add", "bad name", "zorblax", *index]).exit_code == 2
    assert runner.invoke(cli, ["alert", "add", "plan", "zorblax", "--since", "2021-13", *index]).exit_code == 2
    assert runner.invoke(cli, ["alert", "add", "plan", "zorblax", *index]).exit_code == 0
    assert runner.invoke(cli, ["alert", "add", "plan", "other", *index]).exit_code == 2  # exists already
    assert runner.invoke(cli, ["alerts", *index]).exit_code == 1  # old.txt matched before: not new
    (corpus / "new.txt").write_text(story(1), encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(corpus), *index, "-j", "1"]).exit_code == 0
    quiet = runner.invoke(cli, ["alerts", "-q", *index])
    assert quiet.exit_code == 0 and quiet.output == ""
    assert runner.invoke(cli, ["alerts", "--peek", *index]).exit_code == 0  # -q and --peek mark nothing seen
    shown = runner.invoke(cli, ["alert", "show", "plan", "--json", *index])
    summary = json.loads(shown.output)
    assert summary["new"] == 1 and summary["query"] == "zorblax" and summary["last_run"]
    text = runner.invoke(cli, ["alert", "show", "plan", *index]).output.splitlines()
    assert "query: zorblax" in text and "new: 1" in text and "last_run_new: 1" in text
    assert any(line.startswith("last_run: 20") for line in text)  # when it last ran, not "-"
    listed = runner.invoke(cli, ["alerts", "--csv", *index])
    assert listed.exit_code == 0 and listed.output.splitlines()[0].startswith("alert,id,")
    assert "new.txt" in listed.output
    assert runner.invoke(cli, ["alerts", *index]).exit_code == 1  # marked seen by the previous run
    assert runner.invoke(cli, ["alerts", "nosuch", *index]).exit_code == 2
    assert runner.invoke(cli, ["ingest", str(corpus), *index, "-j", "1"]).exit_code == 0  # nothing changed: a run
    text = runner.invoke(cli, ["alert", "show", "plan", *index]).output.splitlines()
    assert "new: 0" in text and "last_run_new: 0" in text
    assert runner.invoke(cli, ["alert", "rm", "plan", *index]).exit_code == 0
    assert runner.invoke(cli, ["alert", "list", *index]).exit_code == 1


def test_alerts_with_a_limit_marks_seen_only_what_it_showed(tmp_path, runner, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0, "wheat"), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    for number in range(1, 4):
        (corpus / f"new{number}.txt").write_text(story(number), encoding="utf-8")
    store.ingest(corpus)

    def shown(*args: str) -> tuple[int, list[str]]:
        result = runner.invoke(cli, ["alerts", "--json", *args, *store.cli_args])
        return result.exit_code, [json.loads(line)["id"] for line in result.output.splitlines() if line.strip()]

    code, first = shown("-n", "1")
    assert code == 0 and len(first) == 1
    summary = json.loads(runner.invoke(cli, ["alert", "show", "plan", "--json", *store.cli_args]).output)
    assert summary["new"] == 2  # the two not shown yet are still new
    code, rest = shown("-n", "2")
    assert code == 0 and sorted(first + rest) == ["new1.txt", "new2.txt", "new3.txt"]
    (corpus / "new4.txt").write_text(story(4), encoding="utf-8")
    store.ingest(corpus)
    (corpus / "new4.txt").unlink()  # gone before anyone looked: shown by nobody, and not new forever either
    store.ingest(corpus)
    assert shown("-n", "5") == (1, [])
    assert json.loads(runner.invoke(cli, ["alert", "show", "plan", "--json", *store.cli_args]).output)["new"] == 0


def test_alert_filters_apply_to_new_matches(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text(story(0, "wheat"), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("recent", "zorblax", since="2022"))
    (corpus / "old.txt").write_text(story(1).replace("\n\n", "\n\nPublished: 3 March 2019\n\n", 1), encoding="utf-8")
    (corpus / "new.txt").write_text(story(2).replace("\n\n", "\n\nPublished: 3 March 2023\n\n", 1), encoding="utf-8")
    report = store.ingest(corpus)
    assert report.alerts.new == {"recent": ["new.txt"]}


def test_an_index_from_before_alerts_gains_the_sequence_field_and_old_articles_are_not_new(tmp_path, monkeypatch):
    import searchnews.engine.whoosh.schema as schema_module

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "old.txt").write_text(story(0), encoding="utf-8")
    full_schema = schema_module.build_schema

    def old_schema(ranking=None):
        schema = full_schema(ranking)
        schema.remove("ingest_seq")
        return schema

    monkeypatch.setattr(schema_module, "build_schema", old_schema)
    monkeypatch.setattr(schema_module, "latest_ingest_seq", lambda reader: -1)  # sequence 0: an older ingest stamps nothing
    ingest([corpus], index_dir, workers=1)
    monkeypatch.undo()
    assert "ingest_seq" not in schema_module.open_index(index_dir).schema
    add_alert(index_dir, SavedSearch("plan", "zorblax"), wait_s=10)
    (corpus / "new.txt").write_text(story(1), encoding="utf-8")
    report = ingest([corpus], index_dir, workers=1)
    assert any("ingest_seq" in note for note in report.notes)
    assert report.alerts.new == {"plan": ["new.txt"]}


EXEC_SCRIPT = ("import json, os, sys; "
               "open(sys.argv[1], 'a').write(json.dumps({k: v for k, v in os.environ.items() "
               "if k.startswith('SEARCHNEWS_')}) + chr(10))")


def test_exec_gets_the_match_in_its_environment_and_no_shell_sees_the_title(tmp_path, monkeypatch, store):
    from searchnews.alerts.check import AlertCheck
    from searchnews.cli.alert_output import announce_alert_matches

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text(story(0, "wheat"), encoding="utf-8")
    store.ingest(corpus)
    store.add(SavedSearch("plan", "zorblax"))
    monkeypatch.chdir(tmp_path)  # where a shell running the title would create the marker
    marker = tmp_path / "pwned"
    title = "Zorblax $(touch pwned) `touch pwned`; touch pwned | cat"
    (corpus / "evil.txt").write_text(f"{title}\n\nBody of the zorblax story about quotas.\n", encoding="utf-8")
    report = store.ingest(corpus)
    assert isinstance(report.alerts, AlertCheck) and report.alerts.new == {"plan": ["evil.txt"]}
    out = tmp_path / "env.jsonl"
    argv = [sys.executable, "-c", EXEC_SCRIPT, str(out)]
    announce_alert_matches(store.folder, report.alerts, False, argv, store.engine, corpus)
    (environment,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert environment["SEARCHNEWS_ALERT"] == "plan" and environment["SEARCHNEWS_ID"] == "evil.txt"
    assert environment["SEARCHNEWS_TITLE"] == title
    assert "zorblax story" in environment["SEARCHNEWS_SNIPPET"]
    assert Path(environment["SEARCHNEWS_PATH"]).resolve() == (corpus / "evil.txt").resolve()  # a hook can open it
    assert not marker.exists()


@pytest.mark.skipif(pytest.importorskip("watchdog") is None, reason="watchdog is not installed")
def test_watch_alerts_prints_and_execs_new_matches_as_they_arrive(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text(story(0, "wheat"), encoding="utf-8")
    assert run_cli("ingest", str(corpus), *store.cli_args).returncode == 0
    assert run_cli("alert", "add", "plan", "zorblax", *store.cli_args).returncode == 0
    out = tmp_path / "env.jsonl"
    command = f"{sys.executable} -c \"{EXEC_SCRIPT}\" {out}"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SEARCHNEWS_")}
    watcher = subprocess.Popen([sys.executable, "-m", "searchnews", "watch", str(corpus), *store.cli_args,
                                "--quiet-period", "0.2", "--alerts", "--exec", command],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        deadline = time.monotonic() + 60
        while "watching" not in (watcher.stderr.readline() or "") and time.monotonic() < deadline:
            pass
        (corpus / "a.txt").write_text(story(1), encoding="utf-8")
        (corpus / "b.txt").write_text(story(2, "wheat"), encoding="utf-8")
        while not (out.exists() and out.read_text(encoding="utf-8").strip()):
            assert time.monotonic() < deadline, "no --exec run for the new match"
            time.sleep(0.1)
    finally:
        watcher.send_signal(signal.SIGINT)
        stdout, _ = watcher.communicate(timeout=30)
    runs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [run["SEARCHNEWS_ID"] for run in runs] == ["a.txt"]
    assert Path(runs[0]["SEARCHNEWS_PATH"]).resolve() == (corpus / "a.txt").resolve()
    assert "== plan: 1 new" in stdout and "a.txt" in stdout and "b.txt" not in stdout
