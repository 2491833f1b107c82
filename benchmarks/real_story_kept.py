"""Story text kept on real wire and broadcast copy: every line of a Reuters-21578 or BBC story is the story
(the data has no page chrome), so each line the cleaner removes from the body is a loss, counted by reason.

    python benchmarks/real_story_kept.py                 # 3,000 Reuters stories (evenly spread) and every BBC story
    python benchmarks/real_story_kept.py --limit 0 -v    # every Reuters NORM story, and examples of each reason

Reuters stories are written as real_extraction.py writes them (distributed form: headline, dateline, body and
the ` Reuter` sign-off). Not losses, so not counted: the headline, a date line, the dateline itself and the
sign-off. Table rows ('Shr 41 cts vs 38 cts', 'Avg shrs 3,904,373 vs 3,495,579', a wheat-area table) are
what a shape-only cleaner is most tempted to drop: lines with a figure are counted apart.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_extraction import BBC, reuters_records, reuters_text  # noqa: E402

NOT_LOSSES = ("headline", "duplicate headline", "date line", "no words", "duplicate line")


def losses(texts: list[str], examples: int) -> tuple[int, Counter[str], Counter[str], dict[str, list[str]]]:
    """(lines judged, lost lines by reason, lost lines with a figure by reason, examples by reason)."""
    from searchnews.extract.clean import boilerplate_patterns, clean_text

    patterns = boilerplate_patterns(None)
    total, lost, figures = 0, Counter(), Counter()
    shown: dict[str, list[str]] = {}
    for text in texts:
        cleaned = clean_text(text, patterns)
        for line, reason in cleaned.lines:
            total += 1
            if reason is None or reason in NOT_LOSSES or line.casefold() == "reuter":
                continue
            key = reason.split(" p=")[0]  # 'line model p=0.99: ...' -> 'line model'
            lost[key] += 1
            if any(map(str.isdigit, line)):
                figures[key] += 1
            if len(shown.setdefault(key, [])) < examples:
                shown[key].append(line[:120])
    return total, lost, figures, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="Reuters stories, evenly spread (0: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="examples of each reason")
    args = parser.parse_args(argv)
    reuters = [reuters_text(record, "distributed") for record in reuters_records(args.limit or None)]
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        bbc = [f"{record['title']}\n\n{record['body']}\n" for record in map(json.loads, handle)]
    for name, texts in ((f"reuters ({len(reuters)} stories)", reuters), (f"bbc ({len(bbc)} stories)", bbc)):
        total, lost, figures, shown = losses(texts, 5 if args.verbose else 0)
        print(
            f"{name}: {total} lines, {sum(lost.values())} story lines removed ({sum(figures.values())} with a figure)"
        )
        for reason, count in lost.most_common():
            print(f"    {count:6d} ({figures[reason]:5d} with a figure)  {reason}")
            for example in shown.get(reason, []):
                print(f"             {example!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
