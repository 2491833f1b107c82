"""Articles in the JSON that news APIs, scrapers and media monitors write: records inside envelopes
(`{"articles": [...]}`, `{"data": {"article": {...}}}`, Elasticsearch `hits.hits[]._source`), keys spelled
any way (`publishedAt`, `Published_Date`, `pub-date`), bodies given as paragraph or block lists. Each is
read with its title, date, URL, source and authors; a record with no text is still reported."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from searchnews.corpus.read import CorpusFile, split_json

BODY = ["The ministry widened its review of component imports on Tuesday.",
        "Officials expect the first decisions before the end of the year."]


def read(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return split_json(CorpusFile(path, name), text)


def article(**keys):
    return {"headline": "Ministry widens review", "publishedAt": "2025-06-01T08:00:00Z", "body": "\n\n".join(BODY),
            **keys}


def test_a_news_api_envelope_yields_each_article_with_its_metadata(tmp_path):
    envelope = {"status": "ok", "totalResults": 2,
                "articles": [article(source={"id": None, "name": "Harbour Light"}), article(url="https://x.example/a")]}
    documents, problems = read(tmp_path, "api.json", json.dumps(envelope))
    assert problems == []
    assert [doc.doc_id for doc in documents] == ["api.json#1", "api.json#2"]
    assert documents[0].meta["source"] == "Harbour Light" and documents[1].meta["url"] == "https://x.example/a"
    assert all(doc.meta["title"] == "Ministry widens review" and doc.meta["published"].startswith("2025-06-01")
               for doc in documents)


def test_a_nested_single_article_response_is_one_article_with_its_title(tmp_path):
    response = {"code": 200, "data": {"article": article(author={"name": "Lin Pei"})}, "crawledAt": "2025-06-03"}
    documents, problems = read(tmp_path, "row.json", json.dumps(response))
    assert problems == [] and len(documents) == 1
    assert documents[0].meta["title"] == "Ministry widens review" and documents[0].meta["author"] == "Lin Pei"
    assert BODY[1] in documents[0].text


def test_an_elasticsearch_export_line_holds_several_articles(tmp_path):
    line = {"hits": {"hits": [{"_id": "a", "_source": article()}, {"_id": "b", "_source": article()}]}}
    documents, problems = read(tmp_path, "export.jsonl", json.dumps(line) + "\n")
    assert problems == [] and [doc.doc_id for doc in documents] == ["export.jsonl#1.1", "export.jsonl#1.2"]


@pytest.mark.parametrize("body", [BODY, [{"type": "paragraph", "text": part} for part in BODY],
                                  {"html": "<p>x</p>", "text": "\n\n".join(BODY)}])
def test_a_body_given_as_paragraphs_or_blocks_keeps_every_paragraph(tmp_path, body):
    documents, _ = read(tmp_path, "a.jsonl", json.dumps(article(body=body)) + "\n")
    assert len(documents) == 1 and all(part in documents[0].text for part in BODY)
    assert documents[0].meta["title"] == "Ministry widens review"


def test_keys_are_recognised_however_a_tool_spells_them(tmp_path):
    rng = random.Random(7)
    for _ in range(20):
        spell = rng.choice([str.upper, str.lower, lambda key: key.replace("_", "-"), lambda key: key.title()])
        record = {spell("story_title"): "Ministry widens review", spell("publication_date"): "2025-06-01",
                  spell("source_name"): "Harbour Light", spell("body_text"): "\n\n".join(BODY)}
        documents, problems = read(tmp_path, "a.jsonl", json.dumps(record) + "\n")
        assert problems == [] and documents[0].meta == {
            "title": "Ministry widens review", "published": "2025-06-01", "source": "Harbour Light"}


def test_an_envelope_without_any_text_is_reported_not_indexed(tmp_path):
    documents, problems = read(tmp_path, "empty.json", json.dumps({"status": "ok", "articles": [{"title": "x"}]}))
    assert documents == [] and len(problems) == 1 and "no text" in problems[0]


def test_an_author_name_is_never_taken_for_the_title(tmp_path):
    record = {"body": "\n\n".join(BODY), "author": {"name": "Lin Pei"}}
    documents, _ = read(tmp_path, "a.jsonl", json.dumps(record) + "\n")
    assert "title" not in documents[0].meta and documents[0].meta["author"] == "Lin Pei"
