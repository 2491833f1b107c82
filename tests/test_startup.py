"""A query is a fresh process: it must load only what answering it needs (speed is measured in
benchmarks/speed.py; these tests guard what gets imported, which is what start-up time is made of)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NOT_NEEDED_FOR_A_PIPED_QUERY = ("rich", "bs4", "lxml", "charset_normalizer", "asyncio", "urllib.request",
                                "whoosh.lang.morph_en", "searchnews.sync.ingest", "searchnews.extract.run",
                                "searchnews.extract.entities")  # the gazetteer loads only for --company/--person

QUERY_AND_REPORT_MODULES = """
import json, sys
from searchnews.cli.commands import main
sys.argv = ["searchnews", "query", "alibaba", "--index", sys.argv[1]]
try:
    main()
finally:
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)


def test_piped_query_loads_no_terminal_html_or_unused_stdlib_packages(small_index: Path) -> None:
    done = run_python(QUERY_AND_REPORT_MODULES, str(small_index))
    assert done.returncode == 0, done.stderr
    assert "Alibaba fined" in done.stdout
    loaded = set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))
    assert "whoosh.searching" in loaded  # the check below would pass vacuously if nothing ran
    assert sorted(loaded & set(NOT_NEEDED_FOR_A_PIPED_QUERY)) == []


def test_packages_stood_in_for_during_whoosh_import_still_work_afterwards() -> None:
    done = run_python(
        "from searchnews.engine.whoosh.startup import prepare_whoosh\n"
        "prepare_whoosh()\n"
        "import asyncio, urllib.request, whoosh.compat\n"
        "from whoosh.lang.morph_en import variations\n"
        "async def twice(x):\n    return 2 * x\n"
        "assert asyncio.run(twice(21)) == 42\n"
        "assert callable(urllib.request.urlopen) and callable(whoosh.compat.urlretrieve)\n"
        "assert 'running' in variations('run')\n"
        "print('ok')\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
