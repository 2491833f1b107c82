"""Keep an index in step with the corpus: ingest, worker processes, watch."""
