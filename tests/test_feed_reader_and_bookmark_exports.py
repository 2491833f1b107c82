"""Feed-reader and read-later exports keep an article's text one level down (Google Reader / Inoreader
`"summary": {"content": ...}`, Raindrop `"cache": {"text": ...}`) beside its title, date and feed: the record is
the object around the text, so the headline, the publication date (an epoch number, or the day in the story's
URL when the export's own stamps are save times) and the feed's outlet (`"origin": {"title": ...}`) are kept."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from searchnews.corpus.read import CorpusFile, read_file
from searchnews.extract.run import extract_article

BODY = ("The ministry widened its review of component imports on Tuesday, after a months-long consultation.\n\n"
        "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
        "Industry groups welcomed the timetable but asked for clearer rules on local assembly.")
HEADLINE = "Ministry widens review of component imports"


def articles(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    documents, _problems = read_file(CorpusFile(path, name))
    return [extract_article(document) for document in documents]


@pytest.mark.parametrize("seed", range(3))
def test_a_feed_reader_export_keeps_title_date_and_feed(tmp_path, seed):
    rng = random.Random(seed)
    published = datetime(2019, 1, 1, tzinfo=UTC).timestamp() + rng.randrange(6 * 365) * 86400 + 3600
    day = datetime.fromtimestamp(published, UTC).date().isoformat()
    item = {"id": "tag:google.com,2005:reader/item/1", "crawlTimeMsec": "1743890123456", "title": HEADLINE,
            "published": int(published), "updated": int(published) + 3 * 86400,
            "canonical": [{"href": "https://harbourlight.example/news/review"}],
            "summary": {"direction": "ltr", "content": BODY}, "author": "Ann Lee",
            "origin": {"streamId": "feed/https://harbourlight.example/feed", "title": "Harbour Light"}}
    export = {"id": "user/1/state/com.google/starred", "title": "Starred", "items": [item]}
    (found,) = articles(tmp_path, "inoreader/starred.json", json.dumps(export))
    assert (found.title, found.date, found.source) == (HEADLINE, day, "Harbour Light")
    assert found.url == "https://harbourlight.example/news/review"


def test_a_bookmark_export_takes_the_day_from_the_story_url_not_the_save_time(tmp_path):
    record = {"_id": 1, "title": HEADLINE, "link": "https://harbourlight.example/articles/2025/11/12/review",
              "created": "2025-11-20T07:41:12.000Z", "source": "Harbour Light",
              "cache": {"status": "ready", "text": BODY.replace("\n\n", "\n")}}
    (found,) = articles(tmp_path, "raindrop/export.jsonl", json.dumps(record) + "\n")
    assert (found.title, found.date, found.source) == (HEADLINE, "2025-11-12", "Harbour Light")
    assert "URL" in found.date_evidence and "2025/11/12" in found.date_evidence
    # a day in the file's own path stands over the URL's
    (found,) = articles(tmp_path, "raindrop/2025-11-13-export.jsonl", json.dumps(record) + "\n")
    assert found.date == "2025-11-13"
