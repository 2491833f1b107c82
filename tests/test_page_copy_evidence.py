"""Issue 12: the outlet and the date of a text copy of a web page, an e-mail, an export or a repost, from the
evidence such copies carry (site footers, attributions, export fields, labelled URLs, date stamps under the
headline), and what users rely on them for: `--source`, `--since` and `clean` showing the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import json_lines

from searchnews.article import RawDocument
from searchnews.cli.commands import cli
from searchnews.extract.run import extract_article

MENU = ["Home", "World", "Business", "Markets", "Tech", "Opinion", "Sport", "Culture", "Video", "Podcasts",
        "Newsletters", "Subscribe", "Sign in", "Search", "Menu", "Log out"]
STORY = ("The port authority said on Tuesday it would extend the container terminal by 400 metres, adding "
         "capacity for two more deep-water berths by the end of next year.\n\n"
         "Officials said the project would be paid for by a bond issue and by higher fees for shipping lines, "
         "which have complained about waiting times at the existing quays.\n\n"
         "The harbour handled a record number of containers last year, according to figures it published in January.\n")
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Terms of Service", "Privacy Policy", "Cookie settings"]


def page(headline: str, *, above: list[str] = (), under: list[str] = (), footer: list[str] = (),
         story: str = STORY) -> str:
    """A browser copy of a news page: its menus, the headline, lines under it, the story, the footer."""
    return "\n".join([*MENU, *above, "", headline, *under, "", story, *FOOTER, *footer]) + "\n"


def article(text: str, path: str = "page.txt"):
    return extract_article(RawDocument(path, path, text, "text"))


HEADLINE = "Port to extend container terminal as traffic hits record"


def test_a_page_copy_is_named_by_its_sites_own_copyright_footer():
    result = article(page(HEADLINE, footer=["© 2024 Harbour Ledger. All rights reserved."]))
    assert result.source == "Harbour Ledger" and "copyright footer" in result.source_evidence
    spaced = article(page(HEADLINE, footer=["Copyright © 2024, Harbour Ledger | Terms | Privacy"]))
    assert spaced.source == "Harbour Ledger"


def test_a_parent_companys_legal_name_is_no_outlet_unless_the_page_prints_the_name():
    owner = article(page(HEADLINE, footer=["© 2024 Meridian Communications, Inc. All Rights Reserved."]))
    assert owner.source is None
    named = article(page(HEADLINE, above=["Meridian"], footer=["© 2024 Meridian Communications, Inc."]))
    assert named.source == "Meridian"


def test_an_image_credit_names_no_outlet():
    credit = article(page(HEADLINE, under=["(Image: © Jane Hill)"], footer=["© Martin Ross of Aberdeen, Scotland"]))
    assert credit.source is None


def test_a_repost_keeps_the_original_outlet_not_the_reposting_site():
    story = STORY + "\nThis article was originally published in Harbour Ledger and is republished with permission.\n"
    repost = article(page(HEADLINE, story=story, footer=["© 2024 Shipping Digest Blog. All rights reserved."]))
    assert repost.source == "Harbour Ledger" and "repost attribution" in repost.source_evidence
    via = article(page(HEADLINE, under=["", "via Caixin Global"], footer=["© 2024 Shipping Digest Blog."]))
    assert via.source == "Caixin"  # a known outlet gets its table name


def test_the_site_name_after_the_headline_counts_when_the_chrome_prints_it_too():
    suffixed = article(page(f"{HEADLINE} | Quayside Times", above=["Quayside Times"]))
    assert suffixed.source == "Quayside Times" and "site name after the headline" in suffixed.source_evidence
    # a headline with a '|' of its own names no site
    assert article(page("Milan Design Week | Lights installation opens")).source is None


def test_a_repost_gives_the_original_outlet_and_its_date():
    text = (f"{HEADLINE}\n\nOriginally published at Harbour Ledger on June 3, 2024.\n\n{STORY}"
            "\n© 2024 Shipping Digest Blog. All rights reserved.\n")
    result = article(text)
    assert (result.source, result.date) == ("Harbour Ledger", "2024-06-03")
    assert "original publication" in result.date_evidence


def test_a_byline_naming_a_known_outlet_names_it():
    assert article(page(HEADLINE, under=["", "By Jane Doe, CNN", "Published 3:04 PM EDT, Mon June 3, 2024"])).source == "CNN"
    assert article(page(HEADLINE, under=["", "By Jane Doe, Senior Editor"])).source is None


def test_a_printed_page_is_named_by_the_address_the_browser_prints():
    text = ("6/5/24, 10:12 AM\nPort to extend terminal\n\n" + HEADLINE + "\n\n" + STORY
            + "\nhttps://www.harbourledger.example/news/port 1/2\n")
    result = article(text)
    assert result.source == "harbourledger.example" and result.date is None  # the print time is no publication date


def test_an_outlets_about_line_names_it():
    story = STORY + "\nHarbour Ledger is an independent news site covering ports and shipping.\n"
    assert article(page(HEADLINE, story=story)).source == "Harbour Ledger"


def test_a_labelled_url_in_the_copy_names_the_site_by_its_domain():
    text = "saved from url=(0061)https://www.harbourledger.example/2024/06/03/terminal\n\n" + page(HEADLINE)
    result = article(text)
    assert result.source == "harbourledger.example" and "url in the text" in result.source_evidence


def test_an_e_mail_sender_names_the_newsletter():
    text = ("Sender: Port Policy Daily <news@portpolicy.example>\nSubject: Port to extend terminal\n\n"
            + HEADLINE + "\n\n" + STORY)
    assert article(text).source == "Port Policy Daily"


FACTIVA = ("HD Port to extend container terminal\nBY Jane Hill\nWC 412 words\nPD 3 June 2024\n"
           "SN Harbour Ledger\nSC HARBLD\nLA English\n\n" + STORY)


def test_a_factiva_export_gives_its_source_and_publication_date_fields():
    result = article(FACTIVA)
    assert (result.source, result.date) == ("Harbour Ledger", "2024-06-03")
    assert "source field" in result.source_evidence and "export field" in result.date_evidence
    # two letters at a line's start alone are no export ('LA English' in a story about languages)
    assert article("Languages\n\nLA English is a course.\n\n" + STORY).source is None


@pytest.mark.parametrize("label", ["Load-Date: June 5, 2024", "Retrieved June 5, 2024", "Printed on June 5, 2024",
                                   "Saved on June 5, 2024", "Captured June 5, 2024 10:12"])
def test_capture_load_and_print_times_are_not_publication_dates(label):
    assert article(page(HEADLINE, above=[label])).date is None
    assert article(f"{HEADLINE}\n{label}\n\n{STORY}").date is None


def test_a_copyright_range_is_no_date_and_a_page_footer_year_dates_the_site_not_the_story():
    assert article(page(HEADLINE, footer=["© 1996-2024 Harbour Ledger"])).date is None
    assert article(page(HEADLINE, footer=["© 2024 Harbour Ledger. All rights reserved."])).date is None
    # a story file's own notice is the story's: it gives the year
    wire = f"{HEADLINE}\n\n{STORY}\nCopyright 2024 The Associated Press. All rights reserved.\n"
    assert article(wire).date == "2024"


def test_the_stamp_under_the_headline_beats_the_mastheads_date_of_today():
    under = article(page(HEADLINE, above=["Wednesday, November 20, 2019"], under=["By Jane Hill", "November 18, 2019 12:01 PM"]))
    assert under.date == "2019-11-18"
    us_stamp = article(page(HEADLINE, under=["By Jane Hill - 11/18/19 06:56 AM EST"]))
    assert us_stamp.date == "2019-11-18"
    assert article(page(HEADLINE, under=["2 hours ago"])).date is None


def test_source_and_since_filters_find_page_copies_by_their_evidence(runner, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "terminal.txt").write_text(page(HEADLINE, under=["June 3, 2024 4:20 PM"],
                                              footer=["© 2024 Harbour Ledger. All rights reserved."]), encoding="utf-8")
    (corpus / "export.txt").write_text(FACTIVA.replace("SN Harbour Ledger", "SN Quayside Times")
                                       .replace("PD 3 June 2024", "PD 3 June 2021"), encoding="utf-8")
    index = tmp_path / "index"
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0

    def ids(*options: str) -> list[str]:
        result = runner.invoke(cli, ["query", "terminal", "--json", "--index", str(index), *options])
        return sorted(str(hit["id"]) for hit in json_lines(result.stdout))

    assert ids("--source", "Harbour Ledger") == ["terminal.txt"]
    assert ids("--source", "Quayside Times") == ["export.txt"]
    assert ids("--since", "2024-01-01") == ["terminal.txt"]
    shown = runner.invoke(cli, ["clean", str(corpus / "terminal.txt")])
    assert shown.exit_code == 0
    assert "source: Harbour Ledger (from copyright footer" in shown.output
    assert "date: 2024-06-03 (from date line" in shown.output


def test_a_person_sending_an_e_mail_is_no_outlet_but_her_outlets_domain_is():
    header = "Date: Mon, 3 Jun 2024 09:15:02 +0000\nSubject: Port\n\n"
    assert article(f"From: Jane Doe <jane.doe@caixin.com>\n{header}{HEADLINE}\n\n{STORY}").source == "Caixin"
    forwarded = article(f"From: Jane Doe <jane.doe@gmail.com>\n{header}{HEADLINE}\n\n{STORY}")
    assert forwarded.source is None and forwarded.date == "2024-06-03"


def test_a_newsletter_issue_line_and_a_reading_time_do_not_hide_the_date():
    issue = article(f"View this email in your browser\nHARBOUR BRIEF\nIssue #42 · June 3, 2024\n\n{HEADLINE}\n\n{STORY}"
                    "\nYou are subscribed to Harbour Brief.\nUnsubscribe\n")
    assert (issue.date, issue.source) == ("2024-06-03", "Harbour Brief")
    assert article(f"{HEADLINE}\n\nJane Doe\nJun 3, 2024 · 3 min read\n\n{STORY}").date == "2024-06-03"


def test_labelled_publication_fields_of_an_export_and_a_platforms_publication_line():
    export = article(f"{HEADLINE}\n\n{STORY}\nPublication title: Harbour Ledger\nPublication date: Jun 3, 2024\n")
    assert (export.source, export.date) == ("Harbour Ledger", "2024-06-03")
    assert article(f"{HEADLINE}\n\nPublished in Harbour Notes\n\nJane Doe\nJun 3, 2024\n\n{STORY}").source == "Harbour Notes"


def test_a_chat_forward_names_its_channel_only_when_no_source_is_named():
    forward = f"Forwarded from Asia Markets Desk\n{HEADLINE}\n\n{STORY}"
    assert article(forward).source == "Asia Markets Desk"
    assert article(forward + "Source: Caixin Global\n").source == "Caixin"
