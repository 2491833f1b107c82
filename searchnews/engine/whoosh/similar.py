"""More like this: articles whose bodies share the most distinctive words with a given article.

The article's key terms (Whoosh's Bo1 model over its body) become one OR query. The article
itself and its copies (the same story reposted elsewhere, found by fingerprint) are never
results: they are the article, not articles like it.
"""

from __future__ import annotations

from searchnews.errors import UserError

KEY_TERMS = 12


def article_docnum(searcher, article_id: str) -> int:
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        raise UserError(f"no article with id '{article_id}' (ids are listed by 'searchnews query')")
    return docnum


def similar_query(searcher, docnum: int):
    """The OR of the article's key body terms, weighted; None if the article has no usable words."""
    from whoosh import query as wq

    body = str(searcher.stored_fields(docnum).get("body") or "")
    if not body.strip():
        return None
    terms = searcher.key_terms_from_text("body", body, numterms=KEY_TERMS, normalize=True)
    if not terms:
        return None
    return wq.Or([wq.Term("body", term, boost=weight) for term, weight in terms])


def excluded(searcher, docnum: int) -> set[int]:
    """The article and every copy of it in the index."""
    from searchnews.engine.whoosh.dedupe import copies_of

    return {docnum, *copies_of(searcher.reader(), docnum)}
