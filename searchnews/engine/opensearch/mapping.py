"""The index definition: analyzers and field types for the Article fields.

Text (title, body) goes through an english analyzer built to match the Whoosh one word for word
(standard tokenizer, possessive 's removed, lower case, the same stop words, words of 2+ letters,
accents folded, Porter stemming), so the same query finds the same articles on either engine. Each
text field has a `.cjk` sub-field (CJK bigrams: Chinese has no spaces) and the body a `.words` one
(unstemmed: did-you-mean suggests words as articles spell them). the keyword fields are
matched case-insensitively (a lowercase normalizer), with `.raw` keeping the spelling shown: every
keyword field of the registry (searchnews/fields.py), author among them.
"""

from __future__ import annotations

from searchnews.fields import KEYWORD_FIELDS

MAPPING_VERSION = "1"


def stop_words() -> list[str]:
    from searchnews.engine.whoosh.ranking import SHIPPED, load_stopwords

    return sorted(load_stopwords(SHIPPED.stopwords))


def keyword_with_raw() -> dict[str, object]:
    return {"type": "keyword", "normalizer": "sn_lower", "fields": {"raw": {"type": "keyword"}}}


def keyword_properties() -> dict[str, object]:
    return {entry.name: keyword_with_raw() for entry in KEYWORD_FIELDS}


def text_field(subfields: dict[str, object]) -> dict[str, object]:
    return {"type": "text", "analyzer": "sn_english", "fields": subfields}


def index_definition(shards: int, replicas: int) -> dict[str, object]:
    cjk = {"type": "text", "analyzer": "sn_cjk"}
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas, "refresh_interval": "1s",
                      "max_result_window": 100_000},
            "analysis": {
                "filter": {
                    "sn_stop": {"type": "stop", "stopwords": stop_words()},
                    "sn_min2": {"type": "length", "min": 2},
                    "sn_possessive": {"type": "stemmer", "language": "possessive_english"},
                },
                "normalizer": {"sn_lower": {"type": "custom", "filter": ["lowercase"]}},
                "analyzer": {
                    "sn_english": {"type": "custom", "tokenizer": "standard",
                                   "filter": ["sn_possessive", "lowercase", "sn_stop", "sn_min2", "asciifolding",
                                              "porter_stem"]},
                    "sn_cjk": {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_bigram"]},
                    "sn_words": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"searchnews_mapping": MAPPING_VERSION},
            "properties": {
                "id": {"type": "keyword"},
                "path": {"type": "keyword"},
                "file_state": {"type": "keyword"},  # "size:mtime_ns:hash:schema" of the file the article came from
                "file_articles": {"type": "integer"},  # articles of that file: a half-sent file is re-sent
                "title": text_field({"cjk": cjk, "words": {"type": "text", "analyzer": "sn_words"}}),  # indexed title ("" when it is only the lead)
                "shown_title": {"type": "keyword", "index": False, "doc_values": False},
                "body": {**text_field({"cjk": cjk, "words": {"type": "text", "analyzer": "sn_words"}}),
                         "term_vector": "with_positions_offsets"},  # fast highlighting
                **keyword_properties(),  # company, person, source, author, ... (searchnews/fields.py)
                "date": {"type": "date", "format": "strict_date"},  # first day of the period the date names
                "date_text": {"type": "keyword"},  # the date at its precision: "2021", "2021-09", "2021-09-26"
                "date_precision": {"type": "keyword"},  # year, month or day
                "url": {"type": "keyword", "index": False, "doc_values": False},
                "content_hash": {"type": "keyword", "index": False, "doc_values": False},
                "fingerprint": {"type": "binary"},  # MinHash signature (fingerprint.py): folds reposts
                "dupkeys": {"type": "keyword"},  # its LSH band keys
                "ingest_seq": {"type": "long"},  # the sync that wrote it (issue 18: alerts' checkpoints)
            },
        },
    }


def added_fields_mapping() -> dict[str, object]:
    """Fields an index made by an older searchnews may lack (ingest_seq before alerts, a keyword field
    added to the registry since), put on it before a sync: the mapping is strict, so a document with
    an unknown field would be refused. Re-putting a field it already has, unchanged, is a no-op."""
    return {"properties": {"ingest_seq": {"type": "long"}, **keyword_properties()}}
