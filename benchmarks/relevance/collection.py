"""The TIME collection (shared/data/time): documents, queries and judgments, and the corpus file
that feeds them to `searchnews ingest` exactly as a user's scraper output would."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_ROOT = Path(os.environ.get("SEARCHNEWS_DATA", PROJECT_ROOT.parent / "shared" / "data"))
DEFAULT_DATA = Path(os.environ.get("SEARCHNEWS_TIME_DATA", DATA_ROOT / "time"))
CORPUS_FILE = "time.jsonl"


@dataclass(frozen=True)
class Collection:
    docs: list[dict[str, str]]  # {"id", "date", "text", "title"} in file order ("" where there is none)
    queries: dict[str, str]  # query id -> text as an analyst would type it (see analyst_query)
    qrels: dict[str, dict[str, int]]  # query id -> {doc id: relevance}

    def subset(self, query_ids: list[str]) -> Collection:
        return Collection(self.docs, {q: self.queries[q] for q in query_ids},
                          {q: self.qrels.get(q, {}) for q in query_ids})


def analyst_query(text: str) -> str:
    """The 1963 queries are upper case; an analyst types lower case. Upper case matters to the
    query language (AND/OR/NOT are operators), so the queries are lower-cased, nothing else."""
    return text.lower()


def load(data_dir: Path = DEFAULT_DATA) -> Collection:
    docs = []
    with open(data_dir / "docs.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            docs.append({"id": record["id"], "date": record.get("date") or "", "text": record["text"],
                         "title": record.get("title") or ""})
    queries = {}
    with open(data_dir / "queries.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            queries[record["id"]] = analyst_query(record["text"])
    qrels: dict[str, dict[str, int]] = {}
    with open(data_dir / "qrels.tsv", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                query_id, doc_id, relevance = line.split("\t")
                qrels.setdefault(query_id, {})[doc_id] = int(relevance)
    return Collection(docs, queries, qrels)


def judged_only(collection: Collection) -> Collection:
    """The queries that have judgments (CISI has 112 queries, 76 judged)."""
    return collection.subset(sorted((q for q in collection.queries if collection.qrels.get(q)), key=int))


def has_titles(collection: Collection) -> bool:
    return any(doc.get("title") for doc in collection.docs)


def write_corpus(collection: Collection, folder: Path, titles: bool = False) -> dict[str, str]:
    """One JSON-lines file, one record per article with its text and date, and with titles=True its
    title as the scraper's headline. Without a title (TIME has none: the section label and headline
    are run into the body) the pipeline's own title heuristic runs, as it would on a user's file.
    Returns searchnews id -> collection doc id."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = {}
    with open(folder / CORPUS_FILE, "w", encoding="utf-8") as out:
        for line_number, doc in enumerate(collection.docs, start=1):
            # two Cranfield documents have no abstract: their title is their text
            record = {"id": doc["id"], "text": doc["text"].strip() or doc.get("title") or doc["id"]}
            if doc.get("date"):
                record["date"] = doc["date"]
            if titles and doc.get("title"):
                record["title"] = doc["title"]
            out.write(json.dumps(record) + "\n")
            ids[f"{CORPUS_FILE}#{line_number}"] = doc["id"]
    return ids


def collection_arguments(parser, cache: Path, cache_help: str) -> None:
    """The arguments every hybrid benchmark takes (dense, static, asymmetric): data, collections, a query cap, a cache."""
    parser.add_argument("--data", type=Path, default=DATA_ROOT)
    parser.add_argument("--collections", default="time,cisi,cran")
    parser.add_argument("--queries", type=int, help="only the first N judged queries of each (a quick check)")
    parser.add_argument("--cache", type=Path, default=cache, help=cache_help)
