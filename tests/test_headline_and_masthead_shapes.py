"""Issue 12 (generalisation): the headline, the page chrome around it and the publisher's name are told
apart by their shape (position, navigation, times, brackets, case), not by strings of known examples."""

from __future__ import annotations

import pytest

from searchnews.article import RawDocument
from searchnews.extract.run import explain_cleaning, extract_article

LEAD = ("The regulator said on Monday that platforms would have to publish their fee schedules and justify "
        "any increase above inflation to the ministry.")


def article(text: str, path: str = "a.txt"):
    return extract_article(RawDocument(path, path, text, "text"))


def reasons(text: str) -> dict[str, str | None]:
    return dict(explain_cleaning(RawDocument("a.txt", "a.txt", text, "text")))


@pytest.mark.parametrize("ending", [" reuter", "REUTER...^M", "REUTER^M", " Reuter"])
def test_a_wire_sign_off_names_the_outlet_whatever_its_case_and_trailing_noise(ending):
    text = f"GRAIN EXPORTS RISE\n\nCHICAGO, March 3 - {LEAD}\n{ending}\n"
    assert article(text).source == "Reuters"


def test_a_sign_off_glued_to_the_last_sentence_names_the_outlet_but_a_person_does_not():
    assert article(f"GRAIN EXPORTS RISE\n\nCHICAGO, March 3 - {LEAD} REUTER\n").source == "Reuters"
    assert article(f"Grain exports rise\n\n{LEAD} Its report was written by Anna Reuter\n").source is None


def test_a_headline_with_a_date_in_its_phrase_stays_the_headline():
    text = f"Trade Council Publishes Its Annual Review on June 12, 2024\n\n{LEAD}\n"
    assert article(text).title == "Trade Council Publishes Its Annual Review on June 12, 2024"


def test_a_site_name_above_the_navigation_is_not_the_headline_and_is_removed():
    text = ("National Board of Trade and Customs of the Republic\nHome > News > Statements\n"
            f"Board Statement on Tariff Quotas for Steel Imports\n\n{LEAD}\n")
    result = article(text)
    assert result.title == "Board Statement on Tariff Quotas for Steel Imports"
    assert reasons(text)["National Board of Trade and Customs of the Republic"] == "site name above the page navigation"
    assert "National Board" not in result.body


def test_time_and_source_lines_above_the_story_are_never_the_headline():
    text = f"Daily Trade Digest\n2024-5-1 08:40 via mobile app\n【港口吞吐量创新高】\n{LEAD}\n"
    result = article(text)
    assert result.title == "港口吞吐量创新高"
    assert "08:40" not in result.body
    portal = f"Platforms must publish fee schedules, ministry says\nWire Service · 3 hours ago\n\n{LEAD}\n"
    assert article(portal).title == "Platforms must publish fee schedules, ministry says"


def test_a_portal_headline_printed_among_its_navigation_links_is_the_title():
    text = ("Top stories\nFor you\nWorld\nMarkets\nMinistry orders delivery platforms to publish fees\n"
            f"Full Coverage\n{LEAD}\n")
    assert article(text).title == "Ministry orders delivery platforms to publish fees"


def test_a_line_that_starts_in_lower_case_continues_something_and_is_no_headline():
    text = f"Fees capped\n\nthe ministry in the afternoon session\n\n{LEAD}\n"
    assert article(text).title == "Fees capped"


@pytest.mark.parametrize(("first_line", "outlet"), [
    ("Office of the Trade Representative", "Office of the Trade Representative"),
    ("The Harbour Freight Podcast", "The Harbour Freight Podcast"),
    ("TRADE.GOV.EXAMPLE", "TRADE.GOV.EXAMPLE"),
    ("Business", None),  # a section label
    ("Press release", None),
    ("Maria Lopez", None),  # a byline
    ("📢 Harbour Freight Daily", None),  # a chat channel's name, decorated
])
def test_the_first_line_names_the_publisher_only_when_shaped_like_one(first_line, outlet):
    text = f"{first_line}\nSubscribe\nPlatforms must publish their fee schedules, ministry says\n\n{LEAD}\n"
    assert article(text).source == outlet


def test_an_unknown_copyright_owner_counts_only_when_the_chrome_names_it_again():
    alone = f"Fees capped\n\n{LEAD}\n\n© 2024 Harbour Analytics\n"
    assert article(alone).source is None
    again = (f"HARBOUR ANALYTICS MONITOR | May 2024\nFees capped\n\n{LEAD}\n\n2 HARBOUR ANALYTICS MONITOR | May 2024\n\n"
             f"{LEAD.replace('Monday', 'Tuesday')}\n\n© Harbour Analytics 2024. All rights reserved.\n")
    assert article(again).source == "Harbour Analytics"


def test_a_garbled_wire_dateline_still_names_a_known_outlet_but_a_ticker_does_not():
    text = f"BANK HAS NO PLAN FOR ISSUE\n\nROME, April 2 - The state bank <IMI (Reuters) - said {LEAD}\n"
    assert article(text).source == "Reuters"
    assert article(f"Fees capped\n\nROME, April 2 - The bank (IMI) - said {LEAD}\n").source is None


def test_counters_bare_bylines_and_attribution_labels_near_the_top_are_removed():
    text = ("Why fee caps keep spreading\n\nRegulators have capped platform fees three times in a year. Here is why.\n\n"
            f"Maria Lopez\nMay 3, 2024\n12\n3\nShare\n\nFrom: Office of Trade and Industry Policy\n\n{LEAD}\n")
    removed = {line: reason for line, reason in reasons(text).items() if reason}
    assert {"Maria Lopez", "12", "3", "From: Office of Trade and Industry Policy"} <= set(removed)
    body = article(text).body
    assert LEAD in body and "Here is why." in body


def test_a_name_inside_the_story_and_figures_in_a_table_stay():
    text = f"Fees capped\n\n{LEAD}\n\nThe ministry named its new fee commissioner, Maria Lopez, on Friday.\n\nShr 1.20 vs 1.00\n"
    body = article(text).body
    assert "Maria Lopez, on Friday" in body and "Shr 1.20 vs 1.00" in body


@pytest.mark.parametrize("line", ["1.2K Followers", "128 reactions", "Page 3 of 12", "- 7 -"])
def test_engagement_counters_and_page_numbers_are_removed(line):
    text = f"Fees capped\n\n{LEAD}\n\n{line}\n\n{LEAD.replace('Monday', 'Friday')}\n"
    assert reasons(text)[line] is not None
    assert line not in article(text).body


def test_a_number_with_a_unit_of_the_story_stays():
    text = f"Fees capped\n\n{LEAD}\n\n128 reactors\n\n{LEAD.replace('Monday', 'Friday')}\n"
    assert reasons(text)["128 reactors"] is None


def test_a_release_trailer_goes_but_a_story_section_about_something_stays():
    text = (f"Harbour Motors Reports Record Deliveries\n\n{LEAD}\n\nThe plant reached full production in March.\n\n"
            "About Harbour Motors\n\nHarbour Motors is a maker of electric vans based in Hamburg.\n\n"
            "Forward-Looking Statements\n\nThis press release contains forward-looking statements that involve risks.\n")
    body = article(text).body
    assert "is a maker of electric vans" not in body and "forward-looking" not in body
    assert "The plant reached full production in March." in body
    story = (f"Fees capped\n\n{LEAD}\n\nThe ministry explained the rule.\n\nAbout the deal\n\n"
             "The deal is the largest the ministry has approved this year, officials said.\n")
    assert "The deal is the largest" in article(story).body


def test_newsletter_calls_to_action_are_removed():
    text = f"Fees capped\n\n{LEAD}\n\nEnjoying Harbour Notes? Forward it to a colleague.\n\nWant to advertise with us? Write in.\n"
    body = article(text).body
    assert "Enjoying" not in body and "advertise" not in body
