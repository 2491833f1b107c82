"""Alerts (issue 18): saved searches checked against what each ingest or watch batch committed.

saved.py keeps the saved searches and their state in one file in the index folder (atomic writes);
check.py decides, engine-neutrally, which committed articles are new matches (and runs an OpenSearch
sync with its check: sync_and_check); engine/whoosh/alerts.py and engine/opensearch/alerts.py answer
the few questions check.py asks of the index ("which of these article ids match this search");
inbox.py adds, lists and shows them; notify.py runs the user's --exec command per new match.
"""
