"""Reliability on a real 3-node OpenSearch cluster (1 replica): kill a node during an ingest.

Afterwards every article is there exactly once, and queries were answered throughout (any failure
is a one-line error, never a traceback or a silent undercount). Needs Java 17 and Maven (the nodes
come from scripts/opensearch.sh); runs when SEARCHNEWS_TEST_OPENSEARCH_CLUSTER=1 (.ci/run sets it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from searchnews.errors import UserError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT_ROOT / "scripts" / "opensearch.sh"
FILES = 600

pytestmark = [
    pytest.mark.opensearch_cluster,
    pytest.mark.skipif(os.environ.get("SEARCHNEWS_TEST_OPENSEARCH_CLUSTER") != "1",
                       reason="set SEARCHNEWS_TEST_OPENSEARCH_CLUSTER=1 to start a 3-node cluster (Java + Maven)"),
]

WORDS = ["tariff", "export", "chip", "regulator", "antitrust", "fund", "pledge", "yuan", "bank", "bond", "probe",
         "merger", "license", "quota", "subsidy", "steel", "solar", "battery", "lithium", "port"]


@pytest.fixture
def cluster(tmp_path: Path):
    env = {**os.environ, "OPENSEARCH_STATE_DIR": str(tmp_path / "state")}
    started = subprocess.run([str(SCRIPT), "start", "--nodes", "3", "--name", "killtest"], env=env,
                             capture_output=True, text=True, timeout=600)
    assert started.returncode == 0, started.stderr[-2000:]
    urls = started.stdout.strip().splitlines()[-1]
    nodes = [line.split() for line in (tmp_path / "state" / "killtest" / "nodes.tsv").read_text().splitlines()]
    yield urls, nodes
    subprocess.run([str(SCRIPT), "stop", "--name", "killtest"], env=env, capture_output=True, timeout=120)


def write_corpus(root: Path) -> set[str]:
    import random

    rng = random.Random(3)
    root.mkdir()
    for number in range(FILES):
        body = " ".join(rng.choices(WORDS, k=120))
        (root / f"a{number:04d}.txt").write_text(f"Report {number} on {rng.choice(WORDS)}\n\n{body} marker{number}\n",
                                                 encoding="utf-8")
    return {f"a{number:04d}.txt" for number in range(FILES)}


def test_node_killed_during_ingest(cluster, tmp_path: Path) -> None:
    from searchnews.engine import open_engine
    from searchnews.engine.whoosh.search import SearchRequest

    urls, nodes = cluster
    url = ",".join(f"{part}/killtest" for part in urls.split(","))
    expected = write_corpus(tmp_path / "corpus")
    engine = open_engine("opensearch", url, tmp_path)
    engine.ensure_index()  # 3 shards, 1 replica: every shard keeps a copy when one node dies
    answers: list[int] = []
    errors: list[str] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            try:
                answers.append(engine.count(SearchRequest("tariff OR steel")))
            except UserError as error:
                errors.append(str(error))
            except Exception as error:  # noqa: BLE001 - anything else is a failure of the contract
                errors.append(f"UNEXPECTED {type(error).__name__}: {error}")
            time.sleep(0.05)

    asker = threading.Thread(target=ask)
    asker.start()
    ingest = subprocess.Popen(
        [sys.executable, "-m", "searchnews", "ingest", str(tmp_path / "corpus"), "--engine", "opensearch", "--url", url,
         "-j", "1"], env={**os.environ, "SEARCHNEWS_TEST_DELAY_S": "0.02"}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    assert ingest.poll() is None, "the ingest ended before a node could be killed"
    before_kill = len(answers)
    victim = nodes[-1]
    os.kill(int(victim[1]), signal.SIGKILL)
    killed_at = len(answers)
    _out, err = ingest.communicate(timeout=600)
    done.set()
    asker.join()
    assert ingest.returncode == 0, err
    engine.commit()
    result = engine.search(SearchRequest("", limit=FILES + 50, fold=False, suggest=False))
    ids = [hit.id for hit in result.hits]
    assert result.total == len(ids) == len(set(ids)) == FILES, (result.total, len(ids), len(set(ids)))  # once each
    assert set(ids) == expected
    assert all(engine.count(SearchRequest(f"marker{n}")) == 1 for n in (0, FILES // 2, FILES - 1))
    assert before_kill > 0 and len(answers) > killed_at, f"queries not answered after the kill: {errors[-3:]}"
    assert all("UNEXPECTED" not in error and "\n" not in error for error in errors), errors[:3]
    print(f"\nqueries answered: {len(answers)}, one-line errors: {len(errors)} {errors[:2]}")
    engine.close()
