"""Issue 12 (unseen outlet styles): the outlet is the site's full name when the copy's own evidence agrees
on it (its domain and a name that spells it, a masthead it prints again, a copyright owner whose name is a
publication's), and a headline keeps its own brackets but loses the labels and site names around it."""

from __future__ import annotations

import pytest

from searchnews.article import RawDocument
from searchnews.extract.clean import clean_title
from searchnews.extract.outlet_table import load_outlets
from searchnews.extract.run import extract_article
from searchnews.extract.site_identity import site_identity, site_label, spells

LEAD = ("The regulator said on Monday that platforms would have to publish their fee schedules and justify "
        "any increase above inflation to the ministry.")


def article(text: str):
    return extract_article(RawDocument("a.txt", "a.txt", text, "text"))


def story(*tail: str, head: str = "Harbour city to curb chip tool sales abroad") -> str:
    return "\n\n".join([head, LEAD, LEAD, *tail]) + "\n"


@pytest.mark.parametrize(("host", "label"), [("www.harbourledger.com", "harbourledger"), ("news.bbc.co.uk", "bbc"),
                                             ("euractiv.example", "euractiv"), ("desk.tidewater.com.au", "tidewater")])
def test_a_host_is_named_by_its_registrable_label(host, label):
    assert site_label(host) == label


def test_share_and_webmail_hosts_name_no_site():
    assert site_label("twitter.com") is None and site_label("gmail.com") is None
    assert site_identity(load_outlets(), ["Share on https://www.facebook.com/sharer"], ["Share on Facebook"]) is None


@pytest.mark.parametrize(("name", "label"), [("The Harbour Ledger", "harbourledger"), ("Harbour Ledger", "harbourledger"),
                                             ("Tidewater Financial Review", "tfr")])
def test_a_name_spells_a_domain_by_its_letters_or_its_initials(name, label):
    assert spells(name, label)


def test_a_name_that_does_not_spell_the_domain_is_not_the_site():
    assert not spells("Harbour Post", "harbourledger") and not spells("Review", "r")


def test_a_bare_host_becomes_the_name_the_copy_prints_for_it():
    text = story("URL: https://harbourledger.com/2024/08/chip-tools", "The Harbour Ledger")
    assert article(text).source == "The Harbour Ledger"


def test_a_fragment_of_the_site_name_gives_way_to_the_full_name_the_domain_spells():
    # the footer's legal owner alone would name 'Harbour'; the page's domain and its name say more
    text = story("© 2025 Harbour. All rights reserved.", "www.harbourledger.com", "The Harbour Ledger")
    result = article(text)
    assert result.source == "The Harbour Ledger"
    assert "harbourledger.com" in (result.source_evidence or "")


def test_a_domain_without_a_printed_name_stays_a_host_and_a_name_without_a_domain_names_nothing():
    assert article(story("URL: https://harbourledger.com/2024/08/chip-tools")).source == "harbourledger.com"
    assert article(story("Harbour Ledger")).source is None


def test_a_masthead_the_copy_prints_again_is_the_outlet_but_a_person_is_not():
    text = f"Quill Street\nHome\nMarkets\nHarbour city to curb chip tool sales abroad\n\n{LEAD}\n\n{LEAD}\n\nQuill Street's Disclosure: past performance is no guarantee of future results.\n"
    assert article(text).source == "Quill Street"
    menu = f"Free Courses\nHome\nMarkets\nHarbour city to curb chip tool sales abroad\n\n{LEAD}\n\n{LEAD}\n\nFree Courses\nAbout\n"
    assert article(menu).source != "Free Courses"  # a menu label recurs as a short line of its own
    person = f"Jane Okafor\nHome\nMarkets\nHarbour city to curb chip tool sales abroad\n\n{LEAD}\n\n{LEAD}\n\nJane Okafor writes on trade.\n"
    assert article(person).source != "Jane Okafor"


def test_a_circled_c_is_a_copyright_sign_and_a_publication_legal_name_names_it():
    assert article(story("ⓒ 2025 Tidewater Herald. All rights reserved.")).source == "Tidewater Herald"
    assert article(story("© Tidewater Times Ltd. All rights reserved.")).source == "Tidewater Times"
    # a group's legal name owns many sites: it names none
    assert article(story("© 2024 Penske Media Corporation. All rights reserved.")).source is None


@pytest.mark.parametrize(("raw", "title"), [
    ("【硬核解读】欧盟对中国电动车关税谈判破局", "【硬核解读】欧盟对中国电动车关税谈判破局"),
    ("《人民日报》评论：稳住外贸", "《人民日报》评论：稳住外贸"),
    ("¿Qué pasa con los aranceles?", "¿Qué pasa con los aranceles?"),
    ("【港口吞吐量创新高】", "港口吞吐量创新高"),
    ("🔥 Meituan posts record profit", "Meituan posts record profit"),
    ("Title: Why Indonesia is courting battery makers", "Why Indonesia is courting battery makers"),
    ("Subject: FW: Gallium curbs start to bite", "Gallium curbs start to bite"),
    ("China lists open-weight models cleared for release (example-news.com)", "China lists open-weight models cleared for release"),
    ("China tightens grip on rare earths with new rules | Harbour Ledger News", "China tightens grip on rare earths with new rules"),
])
def test_a_headline_keeps_its_own_brackets_and_loses_labels_and_site_names(raw, title):
    assert clean_title(raw) == title


@pytest.mark.parametrize("raw", [
    "Xiaomi's in-house chip puts it in Washington's sights (1810.HK)",  # a ticker, not a domain
    "Why China's chip self-sufficiency push is accelerating | Explainer",  # one word after a pipe: a label
    "Fed holds | Markets Wrap",  # too short a head to tell a site from a part of the headline
])
def test_tickers_labels_and_short_heads_stay_in_the_headline(raw):
    assert clean_title(raw) == raw


def test_the_page_domain_the_table_knows_beats_an_unknown_footer_owner():
    menu = "\n".join(["Home", "Startups", "Venture", "Apple", "Security", "AI", "Apps", "Events", "Podcasts",
                      "Newsletters", "Search", "Login", "Latest", "Crypto", "Climate", "Media"])
    text = (f"This is a cached copy of https://techcrunch.com/2024/03/13/shein-listing/ as it appeared on 19 Mar 2024.\n"
            f"{menu}\n" + story("© 2024 Yahoo. All rights reserved."))
    result = article(text)
    assert result.source == "TechCrunch"
    assert "Yahoo" in (result.source_evidence or "")


def test_a_ticker_is_no_domain_and_a_story_sentence_prints_no_site_domain():
    assert site_label("PLDT.MN") == "pldt"  # the label alone; the text scan never reads upper-case tickers as hosts
    text = story(head="PHILIPPINE TELEPHONE FIRM PLANS STOCK SPLIT")
    text = text.replace(LEAD, "MANILA, April 9 - The Philippine Long Distance Telephone Co <PLDT.MN> is planning a stock split.", 1)
    assert article(text).source != "The Philippine Long Distance Telephone"
    sold = story("Shoppers bought the gadget on amazon.com and Amazon said demand was strong.")
    assert article(sold).source is None


def test_a_lone_notice_sentence_above_the_headline_is_not_the_title():
    text = (f"Not displaying correctly? Open this email in a web browser.\nHarbour Policy Weekly | Issue 211\n"
            f"Beijing's new rules for foreign data centres\n\n{LEAD}\n\n{LEAD}\n\n{LEAD}\n")
    assert article(text).title == "Beijing's new rules for foreign data centres"


def test_a_one_sentence_lead_above_a_subheading_still_starts_the_story():
    text = (f"Port operators brace for a new tariff schedule\n\nThe ministry published the new schedule for all ports on Monday.\n"
            f"What the schedule changes for ports\n\n{LEAD}\n\n{LEAD}\n")
    assert article(text).title == "Port operators brace for a new tariff schedule"


def test_the_local_part_of_an_e_mail_address_is_no_host():
    from searchnews.extract.site_identity import site_hosts

    assert list(site_hosts(["From: Jane Doe <jane.doe@harbourledger.com>"])) == ["harbourledger"]
