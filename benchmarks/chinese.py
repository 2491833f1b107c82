"""python -m benchmarks.chinese: Chinese word queries, character bigrams vs jieba vs no CJK analysis.

On tests/fixtures/chinese/words.json (short policy-news snippets written for issue 14, with the
snippets each word query should find), precision and recall of:
- searchnews as shipped (searchnews.engine.whoosh.cjk bigrams), through `searchnews ingest` and search();
- searchnews with cjk="none" (before issue 14: a run between punctuation is one word), same path;
- jieba 0.42 (`pip install jieba`, not a dependency) precise mode: a snippet matches when the
  query's segments occur in its segments side by side; and jieba's search mode (cut_for_search,
  which also emits the shorter words inside long ones) for the snippets, all query segments present.
Then the cost on English: the analyzer's tokens on TIME/CISI/Cranfield are compared with and
without the bigram filter, and ingest CPU time of Reuters stories with and without it (interleaved).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEST_SET = PROJECT_ROOT / "tests" / "fixtures" / "chinese" / "words.json"
DATA = PROJECT_ROOT.parent / "shared" / "data"


def load_set(path: Path = TEST_SET) -> tuple[dict[str, str], dict[str, set[str]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["snippets"], {word: set(ids) for word, ids in data["queries"].items()}


def searchnews_matches(snippets: dict[str, str], queries: list[str], ranking, work: Path) -> dict[str, set[str]]:
    from benchmarks.relevance.systems import build_index
    from searchnews.engine.whoosh.search import SearchRequest, search

    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    with open(corpus / "snippets.jsonl", "w", encoding="utf-8") as out:
        for snippet_id, text in snippets.items():
            out.write(json.dumps({"id": snippet_id, "title": "", "text": text}, ensure_ascii=False) + "\n")
    build_index(ranking, corpus, work / "index")
    order = list(snippets)
    found = {}
    for word in queries:
        result = search(work / "index", SearchRequest(word, limit=100, fold=False, suggest=False),
                        ranking=ranking, snippets=False)
        # ids are "snippets.jsonl#N" (line N)
        found[word] = {order[int(hit.id.rsplit("#", 1)[1]) - 1] for hit in result.hits}
    return found


def jieba_matches(snippets: dict[str, str], queries: list[str], search_mode: bool) -> dict[str, set[str]]:
    import jieba

    jieba.setLogLevel(60)
    segmented = {sid: (list(jieba.cut_for_search(text)) if search_mode else jieba.lcut(text))
                 for sid, text in snippets.items()}
    found = {}
    for word in queries:
        parts = [part for part in jieba.lcut(word) if part.strip()]
        hits = set()
        for sid, tokens in segmented.items():
            if search_mode:
                if set(parts) <= set(tokens):
                    hits.add(sid)
            elif any(tokens[i:i + len(parts)] == parts for i in range(len(tokens) - len(parts) + 1)):
                hits.add(sid)
        found[word] = hits
    return found


def precision_recall(found: dict[str, set[str]], truth: dict[str, set[str]]) -> tuple[float, float, list[str]]:
    """Micro-averaged over all (query, snippet) pairs; and the queries with any error."""
    tp = sum(len(found[w] & truth[w]) for w in truth)
    fp = sum(len(found[w] - truth[w]) for w in truth)
    fn = sum(len(truth[w] - found[w]) for w in truth)
    wrong = [f"{w} (+{len(found[w] - truth[w])} -{len(truth[w] - found[w])})" for w in truth if found[w] != truth[w]]
    return tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0, wrong


def english_tokens_unchanged() -> str:
    from searchnews.engine.whoosh.ranking import SHIPPED, text_analyzer, with_changes

    bigram, none = text_analyzer(SHIPPED), text_analyzer(with_changes(SHIPPED, cjk="none"))
    checked = differ = 0
    for name in ("time", "cisi", "cran"):
        path = DATA / name / "docs.jsonl"
        if not path.is_file():
            continue
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n{record['text']}"
            a = [(t.text, t.pos) for t in bigram(text, positions=True)]
            b = [(t.text, t.pos) for t in none(text, positions=True)]
            checked += 1
            differ += a != b
    return f"{checked} TIME/CISI/Cranfield documents analysed with and without the bigram filter: {differ} differ"


def ingest_cost(count: int, rounds: int) -> str:
    from benchmarks.relevance.systems import build_index
    from searchnews.engine.whoosh.ranking import SHIPPED, with_changes

    source = DATA / "reuters21578" / "articles.jsonl.gz"
    if not source.is_file():
        return "no Reuters corpus: ingest cost not measured"
    with tempfile.TemporaryDirectory(prefix="searchnews-cjk-ingest-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        with gzip.open(source, "rt", encoding="utf-8") as lines, open(corpus / "r.jsonl", "w", encoding="utf-8") as out:
            for number, line in enumerate(lines):
                if number >= count:
                    break
                record = json.loads(line)
                out.write(json.dumps({"id": str(record["id"]), "title": record.get("title") or "",
                                      "text": record.get("body") or ""}) + "\n")
        times: dict[str, list[float]] = {"bigram": [], "none": []}
        for round_number in range(rounds):
            for name, ranking in (("bigram", SHIPPED), ("none", with_changes(SHIPPED, cjk="none"))):
                started = cpu_seconds()
                build_index(ranking, corpus, Path(tmp) / f"index-{name}-{round_number}")
                times[name].append(cpu_seconds() - started)
    a, b = statistics.median(times["bigram"]), statistics.median(times["none"])
    return (f"ingest of {count} Reuters stories, median CPU of {rounds} interleaved rounds (with worker processes): "
            f"bigram {a:.2f} s, none {b:.2f} s ({a / b:.3f}x)")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (ingest's workers)."""
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    from searchnews.engine.whoosh.ranking import SHIPPED, with_changes

    parser = argparse.ArgumentParser(prog="python -m benchmarks.chinese", description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=TEST_SET)
    parser.add_argument("--ingest-articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    snippets, truth = load_set(args.set)
    queries = list(truth)
    systems = {}
    with tempfile.TemporaryDirectory(prefix="searchnews-cjk-") as tmp:
        systems["searchnews, CJK bigrams (shipped)"] = searchnews_matches(snippets, queries, SHIPPED, Path(tmp) / "a")
        systems["searchnews, no CJK analysis (before)"] = searchnews_matches(
            snippets, queries, with_changes(SHIPPED, cjk="none"), Path(tmp) / "b")
    try:
        systems["jieba 0.42 precise mode"] = jieba_matches(snippets, queries, search_mode=False)
        systems["jieba 0.42 search mode (cut_for_search)"] = jieba_matches(snippets, queries, search_mode=True)
    except ImportError:
        print("(jieba not installed: pip install jieba to compare)", file=sys.stderr)
    print(f"{len(snippets)} snippets, {len(queries)} word queries, {sum(map(len, truth.values()))} expected matches\n")
    print("| analysis | precision | recall | queries with errors (+false, -missed) |\n|---|---:|---:|---|")
    for name, found in systems.items():
        precision, recall, wrong = precision_recall(found, truth)
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {', '.join(wrong) or '–'} |")
    print()
    print("- " + english_tokens_unchanged())
    print("- " + ingest_cost(args.ingest_articles, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
