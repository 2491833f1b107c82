"""The "N matches" total of a filtered or faceted query counts every matching article exactly,
though it is now counted while the hits are ranked instead of by a second run of the query."""

from __future__ import annotations

from searchnews.search import SearchRequest, search


def all_matches(index, text: str, **options) -> int:
    """Every match listed one by one, copies included: what the total must equal."""
    return len(search(index, SearchRequest(text, limit=100000, fold=False, **options), snippets=False).hits)


def test_filtered_total_counts_every_matching_article_the_filters_let_through(shipped_index):
    for text, options in (("china OR market OR company", {"since": "2021-06"}), ("market", {"until": "2022-12"}),
                          ('"last year"', {"since": "2020"})):
        expected = all_matches(shipped_index, text, **options)
        assert expected > 1, text
        assert search(shipped_index, SearchRequest(text, limit=1, **options), snippets=False).total == expected, text


def test_faceted_total_equals_the_articles_the_facets_count(shipped_index):
    for text in ("china OR market", "market", "china"):
        expected = all_matches(shipped_index, text)
        result = search(shipped_index, SearchRequest(text, limit=1, facets=("company",), facet_limit=None),
                        snippets=False)
        assert result.total == expected, text
