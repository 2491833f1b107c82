"""Shared fixtures: a small hand-written corpus whose facts the tests know, and a CLI runner."""

from __future__ import annotations

import json
import os
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchnews.cli.commands import cli

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT_ROOT / "corpus"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"

# The engines a behaviour test runs on: OpenSearch only when a node is named (scripts/opensearch.sh; .ci/run does it).
URL_ENV = "SEARCHNEWS_TEST_OPENSEARCH_URL"
OPENSEARCH_URL = os.environ.get(URL_ENV)
NEEDS_OPENSEARCH = [pytest.mark.opensearch,
                    pytest.mark.skipif(not OPENSEARCH_URL, reason=f"no OpenSearch node ({URL_ENV} not set)")]
ENGINES = [pytest.param("whoosh", id="whoosh"), pytest.param("opensearch", id="opensearch", marks=NEEDS_OPENSEARCH)]


def fresh_opensearch_url(prefix: str) -> str:
    """The test node's URL with a new index name: every test gets an empty index of its own."""
    assert OPENSEARCH_URL, f"{URL_ENV} not set"
    return f"{OPENSEARCH_URL.split(',')[0].rstrip('/')}/{prefix}-{uuid.uuid4().hex[:12]}"


@contextmanager
def stamped_as_schema(monkeypatch: pytest.MonkeyPatch, version: str):
    """Ingest as an older searchnews did: every module that imported SCHEMA_VERSION (the sync compares it,
    the per-file step stamps it) sees `version` inside the block, wherever those imports move next; the
    schema module keeps today's (what a fresh index is created with)."""
    import searchnews.sync.ingest  # noqa: F401 - loads every module that binds the version (ingest, per_file)
    from searchnews.engine.whoosh import schema

    with monkeypatch.context() as patched:
        for name, module in list(sys.modules.items()):
            if (name.startswith("searchnews.") and module is not schema
                    and getattr(module, "SCHEMA_VERSION", None) == schema.SCHEMA_VERSION):
                patched.setattr(module, "SCHEMA_VERSION", version)
        yield

# Three short articles with known outlets, dates, companies and persons: filters must pick exactly these.
SMALL_CORPUS = {
    "wire/alibaba-fine.txt": """Alibaba fined in antitrust probe

BEIJING, April 10 (Reuters) - China's market regulator fined Alibaba Group Holding Ltd. a record 18.2 billion yuan, saying the company abused its dominance. Daniel Zhang, chief executive of Alibaba, said the firm accepted the penalty with sincerity.

The penalty is part of a common prosperity campaign, analysts said. Alibaba's shares rose after the decision.

© 2021 Reuters
""",
    "wire/tencent-games.txt": """Tencent limits gaming hours for minors

SHENZHEN, Aug. 30 (Reuters) - Tencent Holdings Ltd said it would cap the time children spend on its games to three hours a week. Pony Ma said the company would comply fully with the new rules.

Tencent's rivals NetEase and Bilibili said they would follow.

Copyright 2021 Reuters. All rights reserved.
""",
    "blog/chips.md": """Tags: chips, export controls, Nvidia, policy

Washington tightens chip export rules

Published: 7 October 2022

The US Commerce Department restricted sales of advanced chips to China. Nvidia Corp. said sales of its A100 processor would need a licence, and Jensen Huang said the company was working with customers.

Huawei was not named, but analysts said the rules would also affect Huawei Technologies Co. suppliers.
""",
}


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own ~/.config/searchnews/config.toml must not change what tests see."""
    import os

    monkeypatch.setenv("SEARCHNEWS_CONFIG", os.devnull)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small_index(tmp_path: Path, runner: CliRunner) -> Path:
    corpus = write_corpus(tmp_path / "corpus", SMALL_CORPUS)
    index_dir = tmp_path / "index"
    result = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample corpus, indexed once for the whole session."""
    index_dir = tmp_path_factory.mktemp("shipped") / "index"
    result = CliRunner().invoke(cli, ["ingest", str(SHIPPED_CORPUS), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


def json_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]
