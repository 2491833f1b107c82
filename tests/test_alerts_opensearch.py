"""Alerts on the OpenSearch engine (issue 18): needs a node, SEARCHNEWS_TEST_OPENSEARCH_URL (as the
engine conformance suite); skipped without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import NEEDS_OPENSEARCH, fresh_opensearch_url

pytestmark = NEEDS_OPENSEARCH


def article(path: Path, title: str, body: str) -> None:
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def run(tmp_path: Path, *args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SEARCHNEWS_ENGINE": "opensearch", "SEARCHNEWS_URL": url}
    return subprocess.run([sys.executable, "-m", "searchnews", *args, "--index", str(tmp_path / "index")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_an_alert_on_opensearch_sees_exactly_the_articles_added_after_it_and_nothing_twice(tmp_path: Path) -> None:
    url = fresh_opensearch_url("sn-alerts")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article(corpus / "old.txt", "Tariff dispute old", "An old tariff dispute between exporters and the ministry.")
    article(corpus / "other.txt", "Weather report", "Rain in the north and sun in the south.")
    assert run(tmp_path, "ingest", str(corpus), url=url).returncode == 0
    added = run(tmp_path, "alert", "add", "tariffs", "tariff", url=url)
    assert added.returncode == 0, added.stderr
    assert "1 article already matches" in added.stderr
    nothing = run(tmp_path, "alerts", url=url)
    assert nothing.returncode == 1, nothing.stderr  # nothing new yet
    article(corpus / "new.txt", "Tariff dispute new", "A new tariff on steel imports, the ministry said.")
    article(corpus / "rain.txt", "More rain", "Rain again, and no tariff news in this report at all? yes tariff.")
    article(corpus / "sun.txt", "Sunny", "Sun all week.")
    ingested = run(tmp_path, "ingest", str(corpus), url=url)
    assert ingested.returncode == 0, ingested.stderr
    assert "alerts: new matches for tariffs 2" in ingested.stderr
    shown = run(tmp_path, "alerts", "--json", url=url)
    assert shown.returncode == 0, shown.stderr
    import json

    rows = [json.loads(line) for line in shown.stdout.splitlines() if line.strip()]
    assert sorted(row["id"].split("#")[0].split("/")[-1] for row in rows) == ["new.txt", "rain.txt"]
    assert {row["alert"] for row in rows} == {"tariffs"}
    again = run(tmp_path, "alerts", url=url)
    assert again.returncode == 1  # never twice
    assert run(tmp_path, "ingest", str(corpus), url=url).returncode == 0  # nothing changed
    assert run(tmp_path, "alerts", url=url).returncode == 1
    listed = run(tmp_path, "alert", "list", url=url)
    assert listed.returncode == 0 and listed.stdout.startswith("tariffs\t0 new")
    assert run(tmp_path, "alert", "add", "tariffs", "tariff", url=url).returncode == 2  # duplicate name
    assert run(tmp_path, "alert", "add", "bad", "(tariff", url=url).returncode == 2  # bad query
    assert run(tmp_path, "alert", "rm", "tariffs", url=url).returncode == 0
    assert run(tmp_path, "alerts", url=url).returncode == 2  # no alerts saved
    assert not (tmp_path / "index" / "alerts.json").exists()  # the Whoosh side's alerts are untouched
