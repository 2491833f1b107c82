"""Score `searchnews clean --json` against the hand-written gold of the development set.

    python benchmarks/score_extraction.py                 # tests/devset, in-process CLI
    python benchmarks/score_extraction.py --subprocess    # the installed `searchnews` executable
    python benchmarks/score_extraction.py -v              # plus every miss, article by article

Metrics (one line each, then a JSON object with the same figures when --json is given):
- boilerplate recall: share of gold boilerplate lines that are NOT in the cleaned body;
- must-keep recall: share of gold story sentences that ARE in the cleaned body;
- title / date / source accuracy: exact match after whitespace, quote and case normalisation (an outlet
  by the outlet table's canonical name, a leading 'The' aside);
- company / person precision, recall, F1: micro-averaged over articles, names compared after
  case folding and dropping legal suffixes ("Tencent Holdings Ltd." = "Tencent").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "devset"
TARGETS = {
    "boilerplate_recall": 0.97,
    "must_keep_recall": 0.99,
    "title_accuracy": 0.95,
    "date_accuracy": 0.90,
    "company_f1": 0.90,
    "person_f1": 0.90,
}
LEGAL_SUFFIX_TOKENS = {"inc", "ltd", "limited", "corp", "corporation", "co", "company", "group", "holdings", "holding",
                       "plc", "llc", "ag", "se", "sa", "nv", "n.v", "gmbh"}
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(QUOTES).split())


def canonical_name(name: str, kind: str) -> str:
    """Gold and output compared by canonical name: an alias the shipped gazetteer lists counts as its entry."""
    from searchnews.extract.entities import load_gazetteer

    gazetteer = load_gazetteer()
    table = gazetteer.companies if kind == "companies" else gazetteer.persons
    return norm_name(table.get(norm_text(name).casefold(), name))


def outlet_name(name: str | None) -> str | None:
    """Outlets compared by the shipped table's canonical name, a leading 'The' aside: 'DW' = 'Deutsche
    Welle', 'The Taipei Times' = 'Taipei Times' (as companies are compared through the gazetteer)."""
    if name is None:
        return None
    from searchnews.extract.outlet_table import load_outlets

    canonical = load_outlets().canonical(norm_text(name)) or norm_text(name)
    return canonical[4:] if canonical.casefold().startswith("the ") else canonical


def norm_name(name: str) -> str:
    tokens = norm_text(name).casefold().replace(",", " ").split()
    while len(tokens) > 1 and tokens[-1].rstrip(".") in LEGAL_SUFFIX_TOKENS:
        tokens.pop()
    return " ".join(tokens).rstrip(".")


@dataclass
class Tally:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> tuple[set[str], set[str]]:
        self.true_pos += len(predicted & gold)
        self.false_pos += len(predicted - gold)
        self.false_neg += len(gold - predicted)
        return predicted - gold, gold - predicted

    def scores(self) -> tuple[float, float, float]:
        precision = self.true_pos / (self.true_pos + self.false_pos) if self.true_pos + self.false_pos else 1.0
        recall = self.true_pos / (self.true_pos + self.false_neg) if self.true_pos + self.false_neg else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class Report:
    articles: int = 0
    boilerplate: list[int] = field(default_factory=lambda: [0, 0])  # removed, total
    must_keep: list[int] = field(default_factory=lambda: [0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0])
    date: list[int] = field(default_factory=lambda: [0, 0])
    source: list[int] = field(default_factory=lambda: [0, 0])
    companies: Tally = field(default_factory=Tally)
    persons: Tally = field(default_factory=Tally)
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        def ratio(pair: list[int]) -> float:
            return pair[0] / pair[1] if pair[1] else 1.0

        cp, cr, cf = self.companies.scores()
        pp, pr, pf = self.persons.scores()
        return {
            "articles": self.articles,
            "boilerplate_recall": ratio(self.boilerplate), "must_keep_recall": ratio(self.must_keep),
            "title_accuracy": ratio(self.title), "date_accuracy": ratio(self.date), "source_accuracy": ratio(self.source),
            "company_precision": cp, "company_recall": cr, "company_f1": cf,
            "person_precision": pp, "person_recall": pr, "person_f1": pf,
        }


def line_in_body(line: str, body: str, paragraphs: set[str]) -> bool:
    """A short line counts as kept only as a whole paragraph ('Share' may appear in prose); a long one anywhere."""
    return line in paragraphs or (len(line) >= 30 and line in body)


def score_article(gold: dict, predicted: dict, report: Report) -> None:
    article_id = gold["id"]
    body = norm_text(str(predicted["body"]))
    paragraphs = {norm_text(p) for p in str(predicted["body"]).split("\n") if p.strip()}
    report.articles += 1
    for line in gold["boilerplate"]:
        kept = line_in_body(norm_text(line), body, paragraphs)
        report.boilerplate[0] += not kept
        report.boilerplate[1] += 1
        if kept:
            report.misses.append(f"{article_id}: boilerplate kept: {line!r}")
    for sentence in gold["must_keep"]:
        kept = norm_text(sentence) in body
        report.must_keep[0] += kept
        report.must_keep[1] += 1
        if not kept:
            report.misses.append(f"{article_id}: story sentence lost: {sentence!r}")
    for key, tally in (("title", report.title), ("date", report.date), ("source", report.source)):
        want, got = gold[key], predicted[key]
        if key == "source":
            want, got = outlet_name(want), outlet_name(got)
        same = (want is None and got is None) or (
            want is not None and got is not None and norm_text(str(want)).casefold() == norm_text(str(got)).casefold()
        )
        tally[0] += same
        tally[1] += 1
        if not same:
            report.misses.append(f"{article_id}: {key} {got!r}, gold {want!r}")
    for key, entity_tally in (("companies", report.companies), ("persons", report.persons)):
        extra, missing = entity_tally.add({canonical_name(n, key) for n in predicted[key]},
                                          {canonical_name(n, key) for n in gold[key]})
        if extra:
            report.misses.append(f"{article_id}: {key} not in gold: {sorted(extra)}")
        if missing:
            report.misses.append(f"{article_id}: {key} missed: {sorted(missing)}")


def clean_json_in_process(path: Path, rel_id: str | None = None) -> list[dict]:
    """What ingest of the set's `articles/` folder extracts from one file: the file is known by its path
    under that folder, as ingest knows it, so dates and outlets a sub-folder carries count as they do
    there (`searchnews clean FILE` sees the file name only)."""
    from searchnews.corpus.read import CorpusFile, ReadError, read_file
    from searchnews.extract.run import ExtractOptions, extract_with_lines

    try:
        documents, _problems = read_file(CorpusFile(path, rel_id or path.name))
    except ReadError:
        return []  # ingest skips the file with a one-line problem: scored as an article with no output
    records = []
    for raw in documents:
        article, cleaned = extract_with_lines(raw, ExtractOptions())
        records.append({"file": str(path), **article.to_clean_json(),
                        "removed_reasons": [line.reason for line in cleaned.removed]})
    return json.loads(json.dumps(records, default=str))


def clean_json_subprocess(path: Path) -> list[dict]:
    completed = subprocess.run(["searchnews", "clean", str(path), "--json"], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"searchnews clean {path} failed ({completed.returncode}): {completed.stderr}")
    return [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]


def score_devset(devset: Path = DEVSET, use_subprocess: bool = False) -> Report:
    golds = [json.loads(line) for line in (devset / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    outputs: dict[str, dict] = {}
    for file_name in sorted({gold["file"] for gold in golds}):
        path = devset / "articles" / file_name
        records = clean_json_subprocess(path) if use_subprocess else clean_json_in_process(path, file_name)
        for record in records:
            outputs[str(record["id"])] = record
            # an article is found by its gold id, or by its file (ids differ in whether folders are part of them)
            outputs.setdefault(f"file:{file_name}", record)
    report = Report()
    for gold in golds:
        predicted = outputs.get(gold["id"]) or outputs.get(f"file:{gold['file']}")
        if predicted is None:
            # nothing indexed: no story kept, and no chrome counted as removed (a lost article is not a cleaned one)
            chrome = "\n".join(gold["boilerplate"])
            predicted = {"title": "", "date": None, "source": None, "companies": [], "persons": [], "body": chrome}
            report.misses.append(f"{gold['id']}: no output for this article")
        score_article(gold, predicted, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--subprocess", action="store_true", help="run the installed `searchnews` executable")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = score_devset(args.devset, args.subprocess)
    figures = report.figures()
    if args.verbose:
        for miss in report.misses:
            print(miss)
        print()
    print(f"articles: {figures['articles']}")
    for name, value in figures.items():
        if name == "articles":
            continue
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  ok" if value >= target else f"  BELOW target {target}")
        print(f"{name:20s} {value:.3f}{verdict}")
    if args.json:
        print(json.dumps(figures))
    return 0 if all(figures[name] >= target for name, target in TARGETS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
