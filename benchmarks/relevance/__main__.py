"""python -m benchmarks.relevance: baselines and searchnews ranking variants on the TIME collection.

Every searchnews variant is indexed by `searchnews.sync.ingest.ingest` and queried through
`searchnews.engine.whoosh.search.search`; run files are TREC format, scored by ir-measures (trec_eval).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.relevance import collection as tc
from benchmarks.relevance.evaluate import Scores, median_latencies, rank_all, score_run, write_run
from benchmarks.relevance.systems import analyzer_key
from searchnews.engine.whoosh.ranking import SHIPPED, Ranking, with_changes

# The variants tried. Round 1 (v-rows) and round 2 (r-rows); each changes one thing from the row
# it names. Since round 2 a title that is only the article's lead is not indexed as a title, so on
# TIME (no headlines) every row searches the body alone and round 1's title variants are gone
# (their round-1 figures, lead indexed as title, are kept in BENCHMARKS.md).
V0 = Ranking(words="all", compound_words="and", idf="whoosh", k1=1.2, b=0.75, title_boost=1.0,
             title_index_boost=2.0, fields="sum", stopwords="whoosh", stemmer="whoosh-porter")
V1 = with_changes(V0, words="any", min_any_words=2)
V4 = with_changes(V1, compound_words="or")
V5 = with_changes(V4, idf="bm25")
V6 = with_changes(V5, k1=1.5)
R0 = with_changes(V6, fields="max", title_index_boost=1.0, words="tiered", min_any_words=4)
R1 = with_changes(R0, words="any")
# The rows below change one thing from round 2-3's shipped ranking (r1 + "us" kept), which had no
# proximity rerank; round 4 shipped r16's rerank, so they are built from this, not from SHIPPED.
ROUND3 = with_changes(SHIPPED, proximity_boost=0.0, proximity_slop=3, proximity_candidates=0)
VARIANTS: list[tuple[str, Ranking, str]] = [
    ("v0 before issue 6", V0, "all words must match; title+body scores summed, title x2; Whoosh idf; k1 1.2"),
    ("v1 any word", V1, "v0, unquoted words OR-ed (from 2 words)"),
    ("v2 Whoosh coordination", with_changes(V0, words="whoosh-coord"),
     "v0, OR with Whoosh's bonus per matched word (OrGroup.factory(0.9))"),
    ("v4 split compounds", V4, "v1, 'indo-china' matches either part (was: both)"),
    ("v5 BM25 idf", V5, "v4, classic BM25 idf instead of Whoosh's log(N/(df+1))+1"),
    ("v6 k1 1.5", V6, "v5, k1 1.5"),
    ("r0 round 1 shipped", R0, "v6, best field (title or body), tiered: all-words pass, then partial matches"),
    ("r1 any word, one pass", R1, "r0, 4+ typed words: any word in one pass; repeats counted once"),
    ("r2 coordination", with_changes(R1, words="coord", coord_power=1.0), "r1, score x share of words matched"),
    ("r3 coordination ^0.5", with_changes(R1, words="coord", coord_power=0.5), "r1, score x sqrt(share matched)"),
    ("r4 feedback", with_changes(ROUND3, feedback_docs=10, feedback_terms=10, feedback_weight=0.3),
     "round 3 shipped, + 10 Bo1 key words of the top 10 articles at weight 0.3 (second pass)"),
    ("r5 feedback 0.15", with_changes(ROUND3, feedback_docs=10, feedback_terms=10, feedback_weight=0.15),
     "r4 at weight 0.15"),
    ("r6 proximity", with_changes(ROUND3, proximity_boost=0.1, proximity_slop=8),
     "round 3 shipped, adjacent query words within 8 words add 0.1"),
    ("r7 k1 1.2", with_changes(ROUND3, k1=1.2), "round 3 shipped, k1 1.2"),
    ("r8 k1 2.0", with_changes(ROUND3, k1=2.0), "round 3 shipped, k1 2.0"),
    ("r9 b 0.6", with_changes(ROUND3, b=0.6), "round 3 shipped, b 0.6"),
    ("r10 b 0.9", with_changes(ROUND3, b=0.9), "round 3 shipped, b 0.9"),
    ("r11 Whoosh idf", with_changes(ROUND3, idf="whoosh"), "round 3 shipped with Whoosh's idf"),
    ("r12 170 stop words", with_changes(ROUND3, stopwords="english"), "round 3 shipped, searchnews' 170 function words"),
    ("r13 Snowball", with_changes(ROUND3, stemmer="snowball"), "round 3 shipped, English Snowball instead of Porter"),
    ("r14 no stemming", with_changes(ROUND3, stemmer="none"), "round 3 shipped, no stemmer"),
    ("r15 recency", with_changes(ROUND3, recency_half_life_days=30.0), "round 3 shipped, --recency 30"),
    # Round 3: r6's bonus added to the first pass's top N only, read from their positions.
    *((f"r{row} proximity rerank, top {count}",
       with_changes(ROUND3, proximity_boost=0.1, proximity_slop=8, proximity_candidates=count),
       f"round 3 shipped, then r6's proximity bonus for the top {count} only (a rerank), from their positions")
      for row, count in ((16, 10), (17, 20), (18, 50), (19, 100))),
    # Round 4: shipped is r16 (the rerank reuses the first pass's postings); this is what it replaced.
    ("r20 round 3 shipped", ROUND3, "r1 + 'us' not a stop word, no proximity rerank"),
]
SHIPPED_NAME = "searchnews (shipped)"
SHIPPED_DESCRIPTION = "r16 (r1 + 'us' kept + proximity rerank of the top 10): what `searchnews query` uses"
# Timed rows (timing every variant would double the run): the old paths, each query semantics,
# the costly extras, and what ships.
TIMED = {"v0 before issue 6", "r0 round 1 shipped", "r1 any word, one pass", "r4 feedback", "r6 proximity",
         "r16 proximity rerank, top 10", "r17 proximity rerank, top 20", "r18 proximity rerank, top 50", "r20 round 3 shipped", SHIPPED_NAME}
WITH_TERMS = "searchnews (shipped) + matched words for snippets"


@dataclass
class Row:
    name: str
    description: str
    scores: Scores
    top10: object  # callable used for latency
    latency_s: float | None = None


def pick_queries(collection: tc.Collection, count: int | None) -> tc.Collection:
    if not count:
        return collection
    ids = sorted(collection.queries, key=int)[:count]
    return collection.subset(ids)


def run_baselines(collection: tc.Collection, work: Path, runs: Path) -> list[Row]:
    from whoosh.analysis import StandardAnalyzer

    from benchmarks.relevance.baselines import Bm25s, WhooshDefault
    from searchnews.engine.whoosh.ranking import text_analyzer

    systems = [
        ("Whoosh default (AND)", "Whoosh 2.7 out of the box: StandardAnalyzer TEXT field, BM25F, QueryParser (AND)",
         lambda: WhooshDefault(collection.docs, work / "whoosh-and", any_word=False)),
        ("Whoosh default, OrGroup", "the same index, QueryParser(group=OrGroup)",
         lambda: WhooshDefault(collection.docs, work / "whoosh-or", any_word=True)),
        ("bm25s, StandardAnalyzer tokens", "bm25s 0.3 (Lucene BM25, k1 1.5, b .75), Whoosh StandardAnalyzer tokens",
         lambda: Bm25s(collection.docs, StandardAnalyzer())),
        ("bm25s, searchnews tokens", "bm25s on the shipped searchnews analyzer's tokens (stemmed)",
         lambda: Bm25s(collection.docs, text_analyzer(SHIPPED))),
    ]
    rows = []
    for name, description, make in systems:
        system = make()
        ranked = rank_all(lambda text, depth, s=system: [doc for doc, _ in s.rank(text, depth)], collection)
        run_path = runs / f"{slug(name)}.run"
        write_run(run_path, slug(name), ranked)
        rows.append(Row(name, description, score_run(run_path, collection), system.top10))
    return rows


def run_variants(variants: list[tuple[str, Ranking, str]], collection: tc.Collection, work: Path,
                 runs: Path) -> tuple[list[Row], dict[tuple[object, ...], Path]]:
    from benchmarks.relevance.systems import Searchnews, analyzer_key, build_index

    corpus = work / "corpus"
    id_map = tc.write_corpus(collection, corpus)
    indexes: dict[tuple[object, ...], Path] = {}
    rows = []
    for name, ranking, description in variants:
        key = analyzer_key(ranking)
        if key not in indexes:
            indexes[key] = work / f"index-{len(indexes)}"
            build_index(ranking, corpus, indexes[key])
        system = Searchnews(ranking, indexes[key], id_map)
        run_path = runs / f"{slug(name)}.run"
        write_run(run_path, slug(name), rank_all(system.rank, collection))
        rows.append(Row(name, description, score_run(run_path, collection), system.top10))
    return rows, indexes


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")


def markdown(rows: list[Row], reference_latency: float | None) -> str:
    lines = ["| system | MAP | nDCG@10 | P@10 | R@100 | median ms/query | vs Whoosh OrGroup |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        m = row.scores.mean
        latency = f"{row.latency_s * 1000:.2f}" if row.latency_s is not None else "–"
        ratio = f"{row.latency_s / reference_latency:.2f}x" if row.latency_s and reference_latency else "–"
        lines.append(f"| {row.name} | {m['AP']:.4f} | {m['nDCG@10']:.4f} | {m['P@10']:.4f} | {m['R@100']:.4f} "
                     f"| {latency} | {ratio} |")
    return "\n".join(lines)


def compare(shipped: Row, best: Row, collection: tc.Collection) -> list[str]:
    """Relative gain over the best baseline, on all queries and on the odd/even halves (the
    settings were chosen on all queries, so a gain that holds on both halves is less luck)."""
    lines = []
    halves = {"all": list(collection.qrels), "odd ids": [q for q in collection.qrels if int(q) % 2],
              "even ids": [q for q in collection.qrels if not int(q) % 2]}
    for label, ids in halves.items():
        parts = []
        for measure in ("AP", "nDCG@10"):
            ours = statistics.fmean(shipped.scores.per_query[q][measure] for q in ids)
            theirs = statistics.fmean(best.scores.per_query[q][measure] for q in ids)
            parts.append(f"{'MAP' if measure == 'AP' else measure} {ours:.4f} vs {theirs:.4f} "
                         f"({(ours / theirs - 1) * 100:+.1f}%)" if theirs else f"{measure} n/a")
        lines.append(f"- {label} ({len(ids)} queries): " + "; ".join(parts))
    try:
        from scipy.stats import ttest_rel

        for measure in ("AP", "nDCG@10"):
            ids = list(collection.qrels)
            result = ttest_rel([shipped.scores.per_query[q][measure] for q in ids],
                               [best.scores.per_query[q][measure] for q in ids])
            lines.append(f"- paired t-test on {measure}, shipped vs {best.name}: p = {result.pvalue:.3f}")
    except ImportError:
        pass
    return lines


def end_to_end_latency(collection: tc.Collection, index_dir: Path) -> float:
    """Median of search() as `searchnews query` calls it (open index, rank, 10 snippets)."""
    from searchnews.engine.whoosh.search import SearchRequest, search

    timings = []
    for text in collection.queries.values():
        started = time.perf_counter()
        search(index_dir, SearchRequest(text, limit=10))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=tc.DEFAULT_DATA, help="the converted TIME collection")
    parser.add_argument("--runs", type=Path, help="where to write run files (default: a temporary folder)")
    parser.add_argument("--queries", type=int, help="only the first N queries (a quick check)")
    parser.add_argument("--shipped-only", action="store_true", help="baselines and the shipped ranking only")
    parser.add_argument("--repeats", type=int, default=2, help="timing passes over the queries")
    args = parser.parse_args(argv)
    if not (args.data / "docs.jsonl").is_file():
        print(f"no TIME collection at {args.data} (set --data or SEARCHNEWS_TIME_DATA)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    collection = pick_queries(tc.load(args.data), args.queries)
    with tempfile.TemporaryDirectory(prefix="searchnews-relevance-") as tmp:
        work = Path(tmp)
        runs = args.runs or work / "runs"
        baselines = run_baselines(collection, work, runs)
        variants = [] if args.shipped_only else VARIANTS
        ours, indexes = run_variants([*variants, (SHIPPED_NAME, SHIPPED, SHIPPED_DESCRIPTION)], collection, work, runs)
        rows = baselines + ours
        timed = [row for row in rows if row.name in TIMED or row in baselines]
        timers = {row.name: row.top10 for row in timed}
        timers[WITH_TERMS] = lambda text, top=ours[-1].top10: top(text, terms=True)
        latencies = median_latencies(timers, collection.queries.values(), args.repeats)
        for row in timed:
            row.latency_s = latencies[row.name]
        reference = latencies[baselines[1].name]  # Whoosh's default AND finds almost nothing for questions
        shipped = ours[-1]
        best = max(baselines, key=lambda row: (row.scores.mean["AP"], row.scores.mean["nDCG@10"]))
        shipped_index = indexes[analyzer_key(SHIPPED)]
        e2e = end_to_end_latency(collection, shipped_index)
        print(f"TIME collection: {len(collection.docs)} articles, {len(collection.queries)} queries "
              f"(lower-cased as typed), run depth 1000, measures by ir-measures\n")
        print(markdown(rows, reference))
        print()
        print(f"Best baseline by MAP: {best.name}. Shipped ranking against it:")
        print("\n".join(compare(shipped, best, collection)))
        plain = [row for row in baselines if "searchnews" not in row.name]  # Whoosh's own tokens
        for measure in ("AP", "nDCG@10"):
            best_plain = max(plain, key=lambda row, m=measure: row.scores.mean[m])
            print(f"Best baseline on Whoosh's own tokens by {measure}: {best_plain.name}. Shipped against it:")
            print("\n".join(compare(shipped, best_plain, collection)[:1]))
        print(f"- ranking latency, shipped / Whoosh default (AND): {shipped.latency_s / latencies[baselines[0].name]:.2f}x; "
              f"shipped / Whoosh OrGroup: {shipped.latency_s / latencies[baselines[1].name]:.2f}x")
        print(f"- with the matched-word bookkeeping search() adds when it makes snippets: "
              f"{latencies[WITH_TERMS] * 1000:.2f} ms ({latencies[WITH_TERMS] / latencies[baselines[1].name]:.2f}x OrGroup)")
        print(f"- end to end, search() as `searchnews query` calls it (open index, rank, 10 snippets): "
              f"median {e2e * 1000:.1f} ms")
        if args.runs:
            print(f"- run files in {runs}")
        print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
