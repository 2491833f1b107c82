"""Relevance benchmark: the TIME test collection through searchnews' own ingest and search.

`python -m benchmarks.relevance` indexes the collection with each ranking variant and the
baselines, writes TREC run files, scores them with ir-measures and prints the table that
BENCHMARKS.md quotes. Needs the `bench` extra (`pip install -e '.[bench]'`).
"""
