"""Issue 12: dates, outlets, titles and boilerplate from the evidence real corpora carry (Reuters-21578
style wire copy, BBC's outlet folders, e-mail newsletters, PDF text), and `clean` showing that evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from searchnews.article import RawDocument
from searchnews.cli.commands import cli
from searchnews.extract.dates import find_date_in_line, path_date
from searchnews.extract.run import explain_cleaning, extract_article

REPO = Path(__file__).resolve().parent.parent
WIRE = ("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT\n\nCLEVELAND, Feb 26 - Standard Oil Co and BP North America Inc said "
        "they plan to form a venture to manage the money market borrowing of both companies.\n\n Reuter\n")


def article(text: str, path: str = "a.txt"):
    return extract_article(RawDocument(path, path, text, "text"))


@pytest.mark.parametrize(("path", "expected"), [
    ("reuters/2021-10-08-slug.txt", "2021-10-08"),
    ("site/2021/10/08/slug.html", "2021-10-08"),
    ("scraper/20211008_slug.txt", "2021-10-08"),
    ("reuters/2021-10/slug.txt", "2021-10"),
    ("notes/v2.1.3/readme.txt", None),
    ("ids/202110.txt", None),
    ("a/2021-13-40-slug.txt", None),
    ("news/2025/0611/slug.html", "2025-06-11"),  # a year folder, then a month-and-day folder
    ("site/2025/1399/slug.html", "2025"),  # no such month: the year folder alone
])
def test_a_date_in_the_file_path_is_read_at_its_precision(path, expected):
    assert path_date(path) == expected


def test_a_year_less_dateline_takes_its_year_from_the_path_and_the_outlet_from_the_sign_off():
    dated = article(WIRE, "reuters/1987-02-26-standard-oil.txt")
    assert (dated.date, dated.source, dated.title) == ("1987-02-26", "Reuters", "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT")
    assert "file path" in dated.date_evidence and "sign-off" in dated.source_evidence
    # a path with only the year: the dateline gives month and day
    assert article(WIRE, "reuters/1987/standard-oil.txt").date == "1987-02-26"
    # no year anywhere: no date rather than a guess
    assert article(WIRE).date is None


def test_path_and_dateline_far_apart_record_no_date_and_a_day_apart_keep_the_path():
    far = article(WIRE, "reuters/1987-03-09-standard-oil.txt")
    assert far.date is None and "disagree" in far.date_evidence
    assert article(WIRE, "reuters/1987-02-27-standard-oil.txt").date == "1987-02-27"


@pytest.mark.parametrize("dateline", [
    "IRVINE, Calif., Feb 26 (Reuters) -", "NEW YORK, FEB 26 (Reuters) -", "Oct 8 (Reuters) -",
    "WASHINGTON (AP) —", "PARIS, March 3 (AFP) -", "BEIJING, May 3 (Xinhua) --",
    "GUANGZHOU, China--(BUSINESS WIRE)--",
])
def test_every_wire_dateline_form_names_its_outlet(dateline):
    canonical = {"Reuters": "Reuters", "AP": "Associated Press", "AFP": "AFP", "Xinhua": "Xinhua",
                 "BUSINESS WIRE": "Business Wire"}
    expected = next(value for key, value in canonical.items() if f"({key})" in dateline)
    text = f"Regulator fines platform\n\n{dateline} The regulator fined the platform on Friday, it said in a statement.\n"
    assert article(text).source == expected


def test_event_years_and_period_ends_are_never_the_publication_date():
    text = ("Berlin recalls its Games\n\nThe city hosted the 1936 Berlin Games and plans a bid for 2036.\n\n"
            "The fiscal year ended Dec 31, 2023, the committee said, and the bid must be filed by 2025.\n")
    assert article(text).date is None
    assert find_date_in_line("Periods end January 31, 1987 and 1986") is None
    assert find_date_in_line("Published January 31, 1987") == "1987-01-31"


def test_the_outlet_folder_is_the_fallback_and_an_unknown_folder_is_used_as_is():
    text = "Ad sales boost Time Warner profit\n\nQuarterly profits at the media giant jumped 76% in three months.\n"
    assert article(text, "bbc/business/001.txt").source == "BBC"
    assert article(text, "policy-desk/note.txt").source == "policy-desk"
    assert article(text, "2021/note.txt").source is None  # a date folder names no outlet
    assert article(text).source is None


def test_headlines_with_tickers_stay_headlines():
    for headline in ("TWA <TWA> SUES USAIR <U> OVER POISON PILL", "MCI <MCIC> GETS PENNEY <JCP> CONTRACT",
                     "(CORRECTED) - <TSENG LABORATORIES> SEES SALES INCREASE"):
        text = f"{headline}\n\nNEW YORK, March 2 - The company said it filed suit in federal court on Monday.\n"
        assert article(text).title == headline


def test_newsletter_chrome_is_removed_and_never_the_title():
    text = ("View this email in your browser\nIssue #12 · March 14, 2024\nShare this issue: Twitter | LinkedIn | Email\n\n"
            "Regulators cap delivery fees\n\nThe market regulator published draft guidance on Thursday that would cap the "
            "commission delivery platforms charge small restaurants.\n\n"
            "Sponsored: Try PolicyDesk free for 14 days.\n"
            "You are receiving this email because you subscribed to Platform Brief.\nUnsubscribe | Update your preferences\n")
    result = article(text)
    assert result.title == "Regulators cap delivery fees"
    assert result.body.startswith("The market regulator") and "Unsubscribe" not in result.body
    assert "Sponsored" not in result.body and "receiving this email" not in result.body
    assert result.source == "Platform Brief" and result.date == "2024-03-14"


def test_pdf_page_headers_are_removed_but_table_rows_stay():
    text = ("Think Tank Monitor    June 2024\n\nBeijing eases data export rules\n\n"
            "The regulator relaxed the rules on cross-border data transfers for most companies in March this year.\n\n"
            "2       Think Tank Monitor | June 2024\n\nSecurity reviews remain mandatory for critical operators, it said.\n\n"
            "3       Think Tank Monitor | June 2024\n\nShr 20 cts vs 15 cts\nShr 55 cts vs 41 cts\n")
    result = article(text)
    assert "Think Tank Monitor" not in result.body and result.title == "Beijing eases data export rules"
    assert "Shr 20 cts vs 15 cts" in result.body and "Shr 55 cts vs 41 cts" in result.body
    reasons = dict(explain_cleaning(RawDocument("a.txt", "a.txt", text, "text")))
    assert reasons["2 Think Tank Monitor | June 2024"] == "page header or footer"


def test_shipped_meituan_story_is_dated_and_sourced_and_cnbc_promo_is_removed():
    runner = CliRunner()
    result = runner.invoke(cli, ["clean", str(REPO / "corpus/reuters/2021-10-08-meituan-fined-antitrust.txt")])
    assert result.exit_code == 0
    header = result.output.split("\n\n")[0]
    assert "date: 2021-10-08 (from file path" in header and "source: Reuters (from dateline 'Oct 8 (Reuters) -')" in header
    cnbc = extract_article(RawDocument("c", "cnbc/2021-08-30-china-gaming-limits-minors.txt",
                                       (REPO / "corpus/cnbc/2021-08-30-china-gaming-limits-minors.txt").read_text(), "text"))
    assert "WATCH NOW" not in cnbc.body and any(line.startswith("WATCH NOW:") for line in cnbc.removed)


def test_dates_in_an_earnings_table_are_not_the_publication_date():
    table = ("LYPHOMED INC <LMED.O> 3RD QTR NET\n\nROSEMONT, ILL., Oct 19 - Shr 18 cts vs 13 cts\n"
             "    Net 5,436,000 vs 3,888,000\n    NOTE: Earnings adjusted for three-for-two stock split paid\n"
             "June 20, 1986\n Reuter\n")
    assert article(table).date is None
    assert article(table, "reuters/1987-10-19-lyphomed.txt").date == "1987-10-19"
    assert find_date_in_line("Per-share data adjusted for stock split payable June 30, 1987") is None
    assert article("Corn stocks\n\nCorn -- Stocks, Aug 31, 1987, vs 4,882 mln bushels a year ago\n").date is None
