"""An issuer's letterhead above a filing or a notice ('SECURITIES AND EXCHANGE COMMISSION') is not its
headline; a wire headline of the same shape alone above its story still is."""

from __future__ import annotations

from searchnews.article import RawDocument
from searchnews.extract.clean import is_letterhead
from searchnews.extract.run import extract_article

STORY = (
    "The company said on Tuesday it had been refused an export licence for optical transceivers, and that "
    "it would lower its outlook for the third quarter as a result of the decision.\n\n"
    "It said it would appeal and expected a ruling before the end of the year, according to the filing.\n\n"
    "Shares fell 6 percent in early trading after the announcement, brokers said.\n"
)


def title_of(text: str) -> str:
    return extract_article(RawDocument("a.txt", "a.txt", text, "text")).title


def test_issuer_names_are_letterheads_and_headlines_with_a_verb_are_not():
    assert is_letterhead("SECURITIES AND EXCHANGE COMMISSION")
    assert is_letterhead("OFFICE of the UNITED STATES TRADE REPRESENTATIVE")
    assert is_letterhead("PEOPLE'S REPUBLIC OF CHINA")
    assert not is_letterhead("Court blocks FCC ban on camera maker")
    assert not is_letterhead("Bank of Japan")


def test_a_letterhead_above_the_headline_is_not_the_title():
    headline = "Harbour Photonics receives export licence denial, lowers outlook"
    for letterhead in ("IN THE UNITED STATES COURT OF APPEALS", "UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION"):
        assert title_of(f"{letterhead}\n\n{headline}\n\n{STORY}") == headline


def test_a_wire_headline_alone_that_ends_like_an_issuer_stays_the_title():
    headline = "CBT, CME HEADS TO ADDRESS CFTC COMMITTEE"
    assert title_of(f"{headline}\n\n{STORY}") == headline
