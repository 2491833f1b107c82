"""A saved page whose main text leaves out the date line under its <h1> ('PUBLISHED : 18 Aug 2025 at 04:00')
is dated by it; a page with no <h1> whose <title> closes on its host ('... - Pakistan - DAWN.COM') has the
headline as title and the site as outlet (the host and a printed name agree)."""

from __future__ import annotations

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

PARAGRAPHS = "".join(f"<p>{text}</p>" for text in (
    "The board said on Monday that carmakers must match every imported vehicle with one built locally by the end "
    "of the year, or repay the incentives they received under the scheme.",
    "Officials said the seminar on the rules for parts suppliers would be held on Aug 25 at the board's office.",
    "Industry groups welcomed the clarity but asked for more time to qualify local suppliers of battery cells.",
))


def extract(path: str, markup: str):
    return extract_article(RawDocument(path, path, markup, "html"))


def test_the_date_line_under_the_headline_dates_a_page_without_date_metadata():
    page = (f"<html><head><title>Board sets deadline</title></head><body><h1>Board sets deadline for carmakers</h1>"
            f"<div class='info'>PUBLISHED : 18 Aug 2025 at 04:00</div><div class='info'>SECTION: Business</div>"
            f"<article>{PARAGRAPHS}</article></body></html>")
    article = extract("a.html", page)
    assert article.date == "2025-08-18" and "PUBLISHED" in article.date_evidence
    updated = page.replace("PUBLISHED : 18 Aug 2025 at 04:00", "Updated 19 Aug 2025 | Published 18 Aug 2025")
    assert extract("a.html", updated).date == "2025-08-18"


def test_a_page_title_closing_on_its_host_gives_the_headline_and_the_site():
    headline = "Carmakers given year-end deadline to match imports with local output"
    page = (f"<html><head><title>{headline} - Business - HARBOURPOST.COM</title></head><body>"
            f"<div class='logo'>Harbour Post</div><article>{PARAGRAPHS}<p>Copyright Harbour Post</p></article>"
            f"<footer><p>Harbour Post is read in 40 countries.</p></footer></body></html>")
    article = extract("a.html", page)
    assert article.title == headline
    assert article.source == "Harbour Post"


def test_a_page_title_that_only_mentions_a_domain_gives_no_site():
    headline = "Alibaba.com cuts fees for small sellers in Southeast Asia markets"
    story = PARAGRAPHS.replace("The board said", "Alibaba said")
    page = f"<html><head><title>{headline}</title></head><body><article>{story}</article></body></html>"
    assert extract("a.html", page).source is None
