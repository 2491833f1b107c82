"""A query that does not parse is exit 2 with one line saying where (as rg does for a bad regex),
never "no matching articles" for a silently rewritten query, never an internal error."""

from __future__ import annotations

import pytest

from searchnews.cli.commands import cli

BAD = {
    "title:(": "column 7",
    '"unbalanced': "column 1",
    "((( tariffs": "column 3",
    "tariffs AND": "column 11",
    "AND tariffs": "column 1",
    "tariffs AND OR china": "column 13",
    "tariffs)": "column 8",
    "()": "column 2",
    "date:[2021 TO": "column 6",
    'date:"x y"': "date:\"x y\"",
}


@pytest.mark.parametrize("text", sorted(BAD))
def test_a_query_that_does_not_parse_is_one_line_saying_where(runner, shipped_index, text):
    result = runner.invoke(cli, ["query", text, "--index", str(shipped_index)])
    assert result.exit_code == 2, (text, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and BAD[text] in lines[0], lines
    assert "internal error" not in lines[0] and not result.stdout


@pytest.mark.parametrize("text", ["common prosperity", '"export controls" NOT huawei', "title:(alibaba OR tencent)",
                                  "date:[2021-08-01 TO 2021-09-30]", "China's rules", "date:>2022", "NOT huawei"])
def test_well_formed_queries_still_run(runner, shipped_index, text):
    result = runner.invoke(cli, ["query", text, "--index", str(shipped_index)])
    assert result.exit_code in (0, 1), (text, result.stderr)


@pytest.mark.parametrize(("option", "value", "codes"), [
    ("--since", "9999-12-31", (1,)), ("--until", "9999-12", (0,)), ("--until", "9999", (0,)),
    ("--since", "0000", (2,)), ("--since", "2021-02-30", (2,)), ("--until", "2021-13", (2,)),
])
def test_extreme_dates_are_answered_or_refused_clearly(runner, shipped_index, option, value, codes):
    result = runner.invoke(cli, ["query", "china", option, value, "--index", str(shipped_index)])
    assert result.exit_code in codes, result.output
    assert "internal error" not in result.stderr
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and option in result.stderr
