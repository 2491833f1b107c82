"""The 181 real Zyte pages as a user copying them gets them (plain text, every menu and footer in it):
the cleaner's rules alone against rules + line model, the model never trained on the page it cleans.

    python benchmarks/copied_pages.py            # 5-fold by page: each fold cleaned by a model trained without it
    python benchmarks/copied_pages.py --shipped  # the shipped model (trained on every page: not a fair score)
    python benchmarks/copied_pages.py --no-span  # without the second pass (span_chrome.py, trained per fold too)

Per page (then the mean; chrome / story totals over all pages):
- chrome removed: share of the labelled chrome lines (in no ground-truth paragraph) not kept;
- story kept: share of the labelled story lines (ground-truth paragraphs, the <h1>) kept (or the title);
- token P / R / F1 of the kept text against the ground-truth articleBody;
- title: the chosen title equals the page's <h1> (only pages whose <h1> agrees with og:title / <title>).
The rules were never tuned on this text; the labels are train_line_model.py's (see there).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import page_text  # noqa: E402
import train_line_model as training  # noqa: E402

from searchnews.extract import line_model, span_chrome  # noqa: E402
from searchnews.extract.clean import boilerplate_patterns, clean_text  # noqa: E402

TOKEN = re.compile(r"\w+")


def score_page(text: str, body: str, h1: str, check_title: bool) -> dict[str, float]:
    cleaned = clean_text(text, boilerplate_patterns(None))
    entries = [[line, reason, False] for line, reason in cleaned.lines]
    labels = training.zyte_labels(entries, body, h1)
    kept = [reason is None or reason in ("headline", "duplicate headline") for _, reason in cleaned.lines]
    chrome = [k for k, label in zip(kept, labels, strict=True) if label == 1]
    story = [k for k, label in zip(kept, labels, strict=True) if label == 0]
    predicted = Counter(TOKEN.findall("\n".join(cleaned.paragraphs).casefold()))
    gold = Counter(TOKEN.findall(body.casefold()))
    overlap = sum((predicted & gold).values())
    precision = overlap / max(sum(predicted.values()), 1)
    recall = overlap / max(sum(gold.values()), 1)
    return {
        "chrome_total": len(chrome), "chrome_removed": sum(not k for k in chrome),
        "story_total": len(story), "story_kept": sum(story),
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title_checked": float(check_title),
        "title_right": float(check_title and training.norm(cleaned.title) == training.norm(h1)),
    }


def summary(rows: list[dict[str, float]]) -> str:
    total = {key: sum(row[key] for row in rows) for key in rows[0]}
    return (f"chrome removed {total['chrome_removed'] / total['chrome_total']:.3f} "
            f"({int(total['chrome_removed'])} of {int(total['chrome_total'])}), "
            f"story kept {total['story_kept'] / total['story_total']:.4f} "
            f"({int(total['story_kept'])} of {int(total['story_total'])}), "
            f"token P/R/F1 {np.mean([r['precision'] for r in rows]):.3f} / {np.mean([r['recall'] for r in rows]):.3f} / "
            f"{np.mean([r['f1'] for r in rows]):.3f}, "
            f"title {total['title_right'] / max(total['title_checked'], 1):.3f} of {int(total['title_checked'])}")


def use_model(model: line_model.LineModel | None, span: span_chrome.SpanModel | None = None) -> None:
    """The line model and the second pass's model clean.py looks up at call time (None: switched off)."""
    line_model.load_model = lambda: model  # type: ignore[assignment]
    span_chrome.load_span_model = lambda: span  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", action="store_true", help="score the shipped model (trained on these pages)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-span", dest="span", action="store_false",
                        help="without the second pass (span_chrome.py): main's line model alone")
    parser.add_argument("--no-mix", dest="mix", action="store_false",
                        help="train without the composites (as train_line_model.py --no-mix)")
    args = parser.parse_args(argv)
    truth = json.loads((training.ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = training.ZYTE / "html" / f"{key}.html"
        if path.exists():
            html = path.read_bytes()
            text, h1 = page_text.copy_text(html), page_text.headline(html)
            pages.append((f"zyte/{key[:12]}", text, truth[key]["articleBody"], h1,
                          training.headline_agrees(h1, page_text.page_title(html))))
    shipped, shipped_span = line_model.load_model(), span_chrome.load_span_model()
    rules, learned = [], []
    if args.shipped:
        folds = {None: pages}
    else:
        documents = [doc for name in training.HAND_SETS for doc in training.hand_documents(name)]
        documents += training.wire_documents()
        documents += training.zyte_documents()  # the same pages, read as training reads them (HOSTS for the composites)
        if args.mix:
            documents += training.composite_documents()
        data = training.rows(documents)
        order = {page[0]: number % args.folds for number, page in enumerate(pages)}
        folds = {k: [page for page in pages if order[page[0]] == k] for k in range(args.folds)}
    for fold, fold_pages in folds.items():
        if fold is None:
            model, span = shipped, shipped_span
        else:
            # a composite goes with its host page: no page's chrome is both trained on and scored
            train = np.array([order.get(training.host_page(doc), -1) != fold for doc in data["doc"].tolist()])
            fitted, threshold = training.fitted_with_threshold(data, train)
            titles = [doc for doc in training.TITLES if order.get(training.host_page(doc), -1) != fold]
            ranker = training.fit_linear(*training.title_rows(titles))
            model = line_model.LineModel(fitted["base"], tuple(fitted["trees"]), threshold,
                                         line_model.TitleRanker(tuple(ranker["weights"]), tuple(ranker["means"]),
                                                                tuple(ranker["scales"]), ranker["margin"]))
            span = span_chrome.span_model_from_json(training.fitted_span_model(data, train)) if args.span else None
        for target, chosen, second in ((rules, None, None), (learned, model, span)):
            use_model(chosen, second)
            target += [score_page(text, body, h1, check) for _, text, body, h1, check in fold_pages]
        print(f"fold {fold}: rules {summary(rules[-len(fold_pages):])}", flush=True)
        print(f"fold {fold}: +model {summary(learned[-len(fold_pages):])}", flush=True)
    print(f"rules alone:        {summary(rules)}")
    print(f"rules + line model: {summary(learned)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
