"""Leave-one-set-out estimate for the line model: train without hand set X, score X with score_extraction.

    python benchmarks/leave_one_set_out.py                       # holdout2..holdout5
    python benchmarks/leave_one_set_out.py --sets holdout3 devset

Each hand set is a different writer's take on styles the others lack, so a set the model (chrome trees
and headline ranker) never saw is the honest estimate of how it does on an unseen style. Trains as
train_line_model.py --with-new-holdouts does (holdouts 3-5 and all other sources, minus set X) into a temporary
file; the shipped line_model.json (trained without holdouts 3-5) is not touched.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import score_extraction  # noqa: E402

from searchnews.extract import line_model, span_chrome  # noqa: E402

SPAN = True  # the second pass (span_chrome.py) on, trained without the set too (--no-span: off)
FIELDS = ("boilerplate_recall", "must_keep_recall", "title_accuracy", "date_accuracy", "source_accuracy")


def held_out_figures(name: str) -> dict[str, float]:
    """score_extraction's figures on tests/`name` under a model trained without it."""
    with tempfile.TemporaryDirectory() as folder:
        out, span_out = Path(folder) / "line_model.json", Path(folder) / "span_chrome_model.json"
        # a fresh process per set: train_line_model keeps the pages it read in module state
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "train_line_model.py"), "--with-new-holdouts", "--without", name,
             "--out", str(out), "--span", "--span-out", str(span_out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        model = line_model.model_from_json(json.loads(out.read_text(encoding="utf-8")))
        span = span_chrome.span_model_from_json(json.loads(span_out.read_text(encoding="utf-8"))) if SPAN else None
    shipped, shipped_span = line_model.load_model, span_chrome.load_span_model
    line_model.load_model = lambda: model  # clean.py looks them up at call time
    span_chrome.load_span_model = lambda: span
    try:
        return score_extraction.score_devset(ROOT / "tests" / name).figures()
    finally:
        line_model.load_model, span_chrome.load_span_model = shipped, shipped_span


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["holdout2", "holdout3", "holdout4", "holdout5"])
    parser.add_argument("--no-span", dest="span", action="store_false", help="without the second pass")
    args = parser.parse_args(argv)
    global SPAN
    SPAN = args.span
    rows = {name: held_out_figures(name) for name in args.sets}
    print(f"{'held out':10s} " + " ".join(f"{field.split('_')[0]:>11s}" for field in FIELDS))
    for name, figures in rows.items():
        print(f"{name:10s} " + " ".join(f"{figures[field]:11.3f}" for field in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
