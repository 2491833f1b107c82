"""Did you mean, from OpenSearch's term suggester.

The same rules as suggest.py: only words the index does not know are replaced (suggest_mode
"missing"), text words are corrected from the unstemmed `body.words` field (words as articles
spell them, not stems), company/person/source words from their keyword fields; among candidates,
fewest edits first, then the most articles (suggest.best). Operators, quotes, fields and dates
stay as typed.
"""

from __future__ import annotations

from searchnews.engine.whoosh.suggest import ENTITY_FIELDS, OPERATORS, TEXT_FIELDS, WORD, best, rewritten


def suggest(engine, text: str) -> str | None:
    from searchnews.engine.opensearch.requests import run
    from searchnews.engine.whoosh.querytext import clean_query_text

    text = clean_query_text(text)
    words = []
    for match in WORD.finditer(text):
        field = match.group("field")
        field = field.casefold() if field else None
        word = match.group("word")
        if word in OPERATORS or text[match.end():match.end() + 1] in {":", "*", "?"} or field == "date":
            continue
        if field is not None and field not in TEXT_FIELDS | ENTITY_FIELDS:
            continue
        if field in TEXT_FIELDS and len(word) < 3:
            continue
        words.append((match, field, word))
    if not words:
        return None
    suggest_body = {}
    for number, (_match, field, word) in enumerate(words):
        target = "body.words" if field in TEXT_FIELDS else field
        suggest_body[f"w{number}"] = {"text": word.casefold(), "term": {
            "field": target, "suggest_mode": "missing", "max_edits": 2, "prefix_length": 0, "min_word_length": 3,
            "size": 10, "string_distance": "damerau_levenshtein", "sort": "score"}}
    answer = run(engine, {"size": 0, "suggest": suggest_body})
    corrections = []
    for number, (match, _field, word) in enumerate(words):
        entries = answer.get("suggest", {}).get(f"w{number}") or []
        options = {option["text"]: int(option.get("freq", 0)) for entry in entries for option in entry.get("options", [])}
        replacement = best(word.casefold(), options) if options else None
        if replacement is not None:
            corrections.append((match, replacement))
    return rewritten(text, corrections)
