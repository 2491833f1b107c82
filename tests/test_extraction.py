"""Cleaning and extraction as analysts rely on them: the devset targets, encodings, dates, entities,
recurring boilerplate, and the `entities` command."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from conftest import json_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from searchnews.article import RawDocument
from searchnews.cli.commands import cli
from searchnews.corpus.read import decode_bytes
from searchnews.extract.clean import boilerplate_patterns, clean_text
from searchnews.extract.entities import extract_entities, load_gazetteer
from searchnews.extract.recurring import LineCounts
from searchnews.extract.run import extract_article

SCORER = Path(__file__).resolve().parent.parent / "benchmarks" / "score_extraction.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.parametrize("folder", ["devset", "holdout"])
def test_hand_labelled_articles_meet_the_extraction_targets(folder):
    scorer = load_scorer()
    report = scorer.score_devset(Path(__file__).resolve().parent / folder)
    figures = report.figures()
    assert figures["articles"] >= (20 if folder == "devset" else 5)
    shortfalls = {name: round(figures[name], 3) for name, target in scorer.TARGETS.items() if figures[name] < target}
    assert not shortfalls, f"below target: {shortfalls}\n" + "\n".join(report.misses)


STORY = "Tencent’s founder Pony Ma said the company would comply — “fully”, he added. Café owners agreed."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_common_encodings_decode_to_the_same_text(encoding):
    assert decode_bytes(STORY.encode(encoding)) == STORY


def test_gb18030_chinese_and_english_with_curly_quotes_decode_correctly():
    text = "腾讯公司31日表示，将严格执行通知。\nAnt Group’s chairman Eric Jing (井贤栋) said it would “fully comply”.\n"
    assert decode_bytes(text.encode("gb18030")) == text
    english_mostly = "Ant Group’s unit got approval, said Eric Jing (井贤栋), the chairman. " * 3
    assert decode_bytes(english_mostly.encode("gb18030")) == english_mostly


def test_utf8_mojibake_is_repaired_before_indexing():
    # what a browser-style Windows-1252 decoder makes of UTF-8 bytes (0x9D and friends pass through as C1 controls)
    garbled = "".join(bytes([b]).decode("cp1252", errors="replace") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                      else chr(b) for b in STORY.encode("utf-8")).encode("utf-8")
    assert decode_bytes(garbled) == STORY


def clean(text: str, title: str | None = None, recurring: frozenset[str] = frozenset()):
    return clean_text(text, boilerplate_patterns(), recurring, title)


def test_header_labels_bylines_and_promo_links_go_but_every_story_paragraph_stays():
    text = """Business
Tech

Regulator orders platforms to share payment data with rivals

Jane Roe
in Beijing
Published: 9:05am, 4 Mar, 2024

Most Read
Five things to know about the chip war
Why the yuan is sliding again

The central bank said on Monday that the largest platforms must open their payment systems to rivals within six months.

Shares fell.

It was the third such order this year, analysts said, and more are expected.

Investor Relations
Back to top
"""
    result = clean(text)
    assert result.title == "Regulator orders platforms to share payment data with rivals"
    body = "\n".join(result.paragraphs)
    for noise in ("Business", "Jane Roe", "in Beijing", "Five things to know", "Why the yuan", "Investor Relations"):
        assert noise not in body
    assert "Shares fell." in result.paragraphs  # a short real paragraph inside the story is kept
    assert len(result.paragraphs) == 3


@pytest.mark.parametrize(("header", "expected"), [
    ("Published: 7:30pm, 26 Aug, 2021", "2021-08-26"),
    ("Updated 4:31 PM GMT+8, May 15, 2024", "2024-05-15"),
    ("Posted on August 9, 2022 by techdesk", "2022-08-09"),
    ("Fri, Sep 8, 2023, 3:12 AM", "2023-09-08"),
    ("2021年08月31日 10:32　来源：新华网", "2021-08-31"),
])
def test_dates_come_from_header_lines_in_many_styles(header, expected):
    raw = RawDocument("a.txt", "a.txt", f"Some headline about tech rules\n\n{header}\n\nThe ministry issued new rules for platforms on data and pricing today.\n", "text")
    assert extract_article(raw).date == expected


def test_a_sentence_that_mentions_a_date_is_not_a_date_header_and_no_date_is_invented():
    raw = RawDocument("a.txt", "a.txt", "Deal watch\n\nThe deal closed on March 3, 2021.\n\nThe buyer said it was pleased with the price it paid for the unit.\n", "text")
    article = extract_article(raw)
    assert "The deal closed on March 3, 2021." in article.body
    raw = RawDocument("b.txt", "b.txt", "No dates here\n\nThe company said demand was strong and it would hire more engineers.\n", "text")
    assert extract_article(raw).date is None


def test_year_with_month_day_cue_and_dateline_give_day_precision():
    raw = RawDocument("a.txt", "a.txt", "Chip curbs widen\n\nWASHINGTON, Oct 7 (Reuters) - The United States widened curbs on chip sales to China on Friday.\n\n© 2022 Reuters\n", "text")
    article = extract_article(raw)
    assert (article.date, article.source) == ("2022-10-07", "Reuters")


def entities_of(text: str):
    return extract_entities(text, load_gazetteer())


def test_surname_mentions_resolve_to_the_full_name_in_the_same_article():
    found = entities_of("Alibaba chief executive Daniel Zhang spoke on Monday. Zhang said the group would invest. "
                        "Kenny Ng Lai-yin, a strategist at Everbright Securities International, agreed. Ng said so too.")
    assert found.persons == ["Daniel Zhang", "Kenny Ng Lai-yin"]
    assert "Everbright Securities International" in found.companies


def test_regulators_outlets_and_places_are_neither_companies_nor_persons():
    found = entities_of("Xi chaired a meeting of the Central Financial and Economic Affairs Commission, Reuters reported. "
                        "China’s Commerce Ministry said it would respond. The China Securities Regulatory Commission "
                        "said Beijing would act, according to Bloomberg News.")
    assert found.companies == []
    assert found.persons == []


def test_unknown_legal_names_starting_with_a_place_are_kept_whole():
    found = entities_of("China Vanke Co. is in talks with banks, and Shenzhen Metro Group Co. offered a loan. "
                        "Ivy Zhou, an analyst at Guotai Junan Securities in Shanghai, said the deal was likely.")
    assert {"China Vanke", "Shenzhen Metro Group", "Guotai Junan Securities"} <= set(found.companies)
    assert "Ivy Zhou" in found.persons


def test_common_word_company_names_need_a_capitalised_mention_in_prose():
    assert "Arm" not in entities_of("Ant Group Gets Nod to Raise Capital for Consumer Finance Arm\n\nThe unit grew.").companies
    assert "Arm" in entities_of("Chips designed with Arm technology power most phones, the company said.").companies


def test_possessives_and_hyphenated_mentions_find_the_company():
    found = entities_of("Tencent’s rivals include Geely-backed Cao Cao Mobility and research firm TechInsights.")
    assert {"Tencent", "Geely", "Cao Cao Mobility", "TechInsights"} <= set(found.companies)


def test_chinese_names_are_found_without_spaces_around_them():
    found = entities_of("腾讯公司31日表示，马化腾此前表示公司将积极承担社会责任。网易公司也表示将落实相关要求。")
    assert found.companies == ["Tencent", "NetEase"] and found.persons == ["Pony Ma"]


def stored_bodies(index_dir: Path) -> dict[str, str]:
    from searchnews.engine.whoosh.schema import iter_stored, open_index

    return {str(fields["path"]): str(fields.get("body", "")) for fields in iter_stored(open_index(index_dir))}


def wire_story(number: int, promo: str) -> str:
    return (f"Headline number {number} about policy\n\nThe agency said on Monday it had approved {number} new "
            f"licences for platform companies this quarter.\n\nOfficials expect {number + 2} more next year, "
            f"the agency added in its statement.\n\n{promo}\n")


def test_a_line_recurring_across_an_outlets_files_is_removed_from_the_first_ingest_and_counts_follow_changes(
        tmp_path, monkeypatch):
    from searchnews.extract import line_model
    from searchnews.sync.ingest import ingest

    monkeypatch.setattr(line_model, "load_model", lambda: None)  # the statistics alone (the line model knows the promo)

    corpus = tmp_path / "corpus"
    (corpus / "wire").mkdir(parents=True)
    promo = "Join our readers circle for a weekly digest"
    for number in range(4):
        (corpus / "wire" / f"{number}.txt").write_text(wire_story(number, promo), encoding="utf-8")
    (corpus / "blog.txt").write_text(wire_story(9, promo), encoding="utf-8")
    index_dir = tmp_path / "index"
    ingest([corpus], index_dir, workers=1)
    bodies = stored_bodies(index_dir)
    assert all(promo not in bodies[f"wire/{n}.txt"] and "new licences" in bodies[f"wire/{n}.txt"] for n in range(4))
    assert promo in bodies["blog.txt"]  # statistics are per outlet (top folder)
    assert promo in LineCounts.load(index_dir).recurring_by_group()["wire"]
    for number in (2, 3):  # incremental: deleting two files drops the line below the floor
        (corpus / "wire" / f"{number}.txt").unlink()
    (corpus / "wire" / "4.txt").write_text(wire_story(4, promo), encoding="utf-8")
    ingest([corpus], index_dir, workers=1)
    counts = LineCounts.load(index_dir)
    assert sorted(counts.files) == ["blog.txt", "wire/0.txt", "wire/1.txt", "wire/4.txt"]
    assert promo in counts.recurring_by_group()["wire"]
    (corpus / "wire" / "4.txt").unlink()
    ingest([corpus], index_dir, workers=1)
    assert promo not in LineCounts.load(index_dir).recurring_by_group().get("wire", frozenset())


@pytest.mark.parametrize("workers", [1, 2])
def test_statistics_learnt_during_a_first_ingest_end_consistent_with_the_final_counts(tmp_path, monkeypatch, workers):
    """The sync re-counts as it goes (first after REFRESH_FIRST files): a sentence in the first 14 of
    74 files looks recurring at file 10, but at the end it is in under a fifth of them, so every file
    that has it keeps it; a sign-off in every file is dropped from all of them, the first ones too."""
    from searchnews.extract.recurring import IngestLineStatistics
    from searchnews.sync import ingest as ingest_module
    from searchnews.sync.ingest import ingest

    monkeypatch.setattr(IngestLineStatistics, "REFRESH_FIRST", 10)
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_FILES", 20)
    corpus = tmp_path / "corpus"
    (corpus / "wire").mkdir(parents=True)
    tip = "Readers can reach the newsroom with tips at any hour of the day."
    for number in range(74):
        story = wire_story(number, "Wirecopy") + "".join(
            f"\nParagraph {part} of report {number} sets out what the ministry expects from lenders and platforms.\n"
            for part in range(3)) + (f"\n{tip}\n" if number < 14 else "")
        (corpus / "wire" / f"{number:03}.txt").write_text(story, encoding="utf-8")
    ingest([corpus], tmp_path / "index", workers=workers)
    bodies = stored_bodies(tmp_path / "index")
    assert len(bodies) == 74
    assert all((tip in bodies[f"wire/{n:03}.txt"]) == (n < 14) for n in range(74))
    assert not any("Wirecopy" in body for body in bodies.values())
    recurring = LineCounts.load(tmp_path / "index").recurring_by_group()["wire"]
    assert "Wirecopy" in recurring and tip not in recurring


def test_a_story_saved_five_times_is_indexed_whole(tmp_path):
    from searchnews.sync.ingest import ingest

    corpus = tmp_path / "corpus"
    (corpus / "saved").mkdir(parents=True)
    story = ("Regulators tighten rules\n\nThe regulator said on Friday that lenders must hold "
             "more capital.\n\nBanks have until June to comply.\n\nAnalysts expect slower loan growth.\n")
    for number in range(6):
        (corpus / "saved" / f"copy{number}.txt").write_text(story, encoding="utf-8")
    ingest([corpus], tmp_path / "index", workers=1)
    bodies = stored_bodies(tmp_path / "index")
    assert len(bodies) == 6
    for body in bodies.values():
        assert "lenders must hold more capital" in body and "Banks have until June" in body
    assert not LineCounts.load(tmp_path / "index").recurring_by_group()  # copies of one file are not boilerplate


def test_recurring_lines_never_take_a_story_sentence_or_more_than_a_small_share_of_an_article():
    # near-identical press releases: every line recurs, only the figures differ
    text = ("Acme Widgets reports record sales\n\nAcme Widgets said on Tuesday that quarterly sales rose 12 percent "
            "to a record, helped by demand in Asia and lower costs.\n\nThe company said it would expand.\n\n"
            "Chief executive Jane Roe said demand stayed strong across every region the group serves today.\n\n"
            "Media contact desk\n")
    every_line = frozenset(line for line in text.splitlines() if line)
    cleaned = clean(text, recurring=every_line)
    kept = "\n".join(cleaned.paragraphs)
    assert "The company said it would expand." in kept  # a sentence inside the story stays
    removed = [line.text for line in cleaned.removed if line.reason == "recurs across this outlet's articles"]
    assert removed and sum(map(len, removed)) <= 0.2 * len(text)
    assert "quarterly sales rose 12 percent" in kept and "demand stayed strong" in kept


def test_entities_command_lists_top_entities_with_counts_and_aliases(runner, small_index):
    result = runner.invoke(cli, ["entities", "--type", "company", "--json", "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    rows = json_lines(result.stdout)
    by_name = {row["name"]: row for row in rows}
    assert by_name["Tencent"]["articles"] == 1 and "Tencent Holdings Ltd" in by_name["Tencent"]["aliases"]
    assert all(row["type"] == "company" for row in rows)
    assert [row["articles"] for row in rows] == sorted((row["articles"] for row in rows), reverse=True)
    plain = runner.invoke(cli, ["entities", "--type", "person", "--limit", "1", "--index", str(small_index)])
    assert plain.exit_code == 0 and len(plain.stdout.strip().splitlines()) == 1


def test_hard_wrapped_wire_copy_and_earnings_tables_lose_nothing_but_the_sign_off():
    text = (
        "Acme Pump Co, a unit of Northfield\n"
        "Industries Inc, said it raised its list prices for industrial\n"
        "pumps by 4 pct, effective April 1.\n"
        "    The company said higher steel costs forced the\n"
        "increase, its second this year.\n"
        " Shr 41 cts vs 38 cts\n"
        " Net 2,310,000 vs 2,004,000\n"
        " Year\n"
        " Qtly div six cts vs five cts\n"
        " Reuter\n"
    )
    result = clean(text, title="ACME PUMP RAISES PRICES")
    body = "\n".join(result.paragraphs)
    assert "Acme Pump Co, a unit of Northfield Industries Inc, said it raised its list prices" in body
    assert "The company said higher steel costs forced the increase, its second this year." in body
    for row in ("Shr 41 cts vs 38 cts", "Net 2,310,000 vs 2,004,000", "Qtly div six cts vs five cts"):
        assert row in result.paragraphs
    removed = {line.text for line in result.removed}
    assert "Reuter" in removed and removed <= {"Reuter", "Year"}  # a bare table heading may go; no text does


@pytest.mark.parametrize("second", [" said that it has signed an agreement with a software maker",
                                    " (NBH) said it will offer one share for every two"])
def test_a_first_line_holding_only_the_subject_is_joined_to_the_sentence_it_begins(second):
    # a ticker mark dropped from the start of the second line leaves it indented ('<ALNT> said ...')
    text = ("Northgate Computer Systems Corp\n" + second + "\n"
            "for its parallel computers, the company said on Tuesday.\n"
            "    The company said the new version would ship in\n"
            "the third quarter at a price not yet set.\n"
            "    Northgate said it expects more orders this year from\n"
            "industrial customers in Europe and Japan.\n")
    result = clean(text, title="NORTHGATE SIGNS SOFTWARE PACT")
    assert result.paragraphs[0].startswith("Northgate Computer Systems Corp " + second.strip())
    assert not result.removed or {line.text for line in result.removed} <= {"Reuter"}


def test_a_lower_case_sign_off_under_an_indented_table_stays_the_sign_off():
    text = ("Eleven grain ships were loading and eighteen were waiting\n"
            "to load at New Orleans elevators on Wednesday, trade\n"
            "sources said, against twelve waiting a week earlier and\n"
            "nine a month ago, when river traffic was slowed by fog.\n"
            " ELEVATOR                     LOADING  WAITING\n"
            " Continental Grain, Westwego     1      3\n"
            " ZEN-NOH                         1      1\n"
            " reuter\n")
    result = clean(text, title="GRAIN SHIPS WAITING AT NEW ORLEANS")
    assert not any(paragraph.endswith("reuter") for paragraph in result.paragraphs)


def test_an_indented_paragraph_after_a_finished_sentence_still_starts_a_paragraph():
    text = ("The company said it raised its list prices for industrial\n"
            "pumps by four pct, effective April one.\n"
            "    the increase is its second this year, it said, and\n"
            "follows higher steel costs in the last two quarters.\n"
            "    Shares rose 50 cts to 21 dlrs in early trading on the\n"
            "New York Stock Exchange after the announcement.\n")
    result = clean(text, title="ACME RAISES PRICES")
    assert result.paragraphs[1].startswith("the increase is its second")


def article_of(text: str, path: str = "a.txt"):
    """At the corpus root: no outlet folder, no date in the path, so only the text is evidence."""
    return extract_article(RawDocument(path, path, text, "text"))


def test_an_outlet_named_inside_a_headline_or_sentence_is_not_the_source():
    assert article_of("SEC CHIEF SEES PROGRESS ON INSIDER TRADING CASES\n\nWASHINGTON, March 3 - The agency "
                      "brought more cases this year than last, its chairman told lawmakers on Tuesday.\n").source is None
    assert article_of("Banks agree on capital rules\n\nLONDON, March 4 - Central banks agreed new capital rules on "
                      "Wednesday.\n\nThe paper said the proposed rules would not cover spot contracts.\n\n"
                      "The paper said the proposed rules would not cover spot contracts.\n").source is None
    # chrome that names the outlet as the outlet writes itself still counts
    assert article_of("Banks agree on capital rules\n\nCentral banks agreed new capital rules on Wednesday, "
                      "officials said.\n\nMore from Business Insider\n").source == "Business Insider"


def test_wire_words_and_tickers_in_a_dateline_position_are_never_outlets():
    for marker in ("(Continued)", "(CORRECTION)", "(CORRECTED)", "(Correction)"):
        text = f"Grain export business\n\n{marker} - Jordan will tender Monday for 225,000 tonnes of wheat, traders said.\n"
        assert article_of(text).source is None, marker
    ticker = "Offerings filed\n\nGould Inc (GLD) - Offering of two mln shares of preferred stock through a bank.\n"
    assert article_of(ticker).source is None
    assert article_of("Output rises\n\nSHANGHAI (Yicai Global) - Output rose 5 pct in May, the bureau said.\n").source == "Yicai Global"


def test_government_bodies_are_never_persons_and_names_never_cross_a_line():
    text = ("Tokyo markets\n\nThe Finance Ministry said it would watch rates. Officials at the Trade Ministry said "
            "little. The Ministry of Finance said more. The Securities Commission said nothing. The Statistics "
            "Bureau said output rose. The Farm Credit Administration said loans fell. The Commerce Department "
            "said orders rose. The Commerce and Defense Departments said so too. The Environment Agency said it "
            "would act.\n\nBank of Japan Governor Satoshi\nSumita said he would act.\n\nSecretary of State George "
            "Shultz said the talks went well.\n")
    persons = entities_of(text).persons
    assert not [name for name in persons if "\n" in name]
    assert not [name for name in persons if re.search(r"Ministr|Commission|Bureau|Administration|Department|Agency",
                                                      name)], persons
    assert "George Shultz" in persons and "State George Shultz" not in persons


def test_a_recurring_table_label_or_data_row_stays_with_its_figures():
    text = "Acme Corp 3rd qtr net\n\nShr 20 cts vs 15 cts\nNet 2.1 mln vs 1.6 mln\nNine mths\nShr 55 cts vs 41 cts\nRecord March 16\n\nReuter\n"
    cleaned = clean(text, recurring=frozenset({"Nine mths", "Record March 16", "Reuter"}))
    assert "Nine mths" in cleaned.paragraphs and "Record March 16" in cleaned.paragraphs
    assert "Reuter" not in cleaned.paragraphs


# The boilerplate pattern set skips patterns by first character, width and a required word; it must
# answer exactly as trying every pattern would, whatever the case or Unicode look-alikes in the line.
CHROME_PIECES = ["We use cookies", "all rights reserved", "Reuters", "REUTERS/Jane Doe", "contributed reporting",
                 "to this report", "Read more", "by continuing to use this site", "Copyright 2024", "©",
                 "said", "İ", "ı", "ſ", "K", "ς", "Σ", "ß", " ", ".", "\u0307", "joined the paper in 2019 and covers"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CHROME_PIECES), st.text(max_size=12)), max_size=8))
def test_boilerplate_pattern_set_answers_as_every_pattern_would(pieces):
    from searchnews.extract.clean import pattern_set

    line = " ".join(pieces).strip()
    patterns = boilerplate_patterns()
    assert pattern_set(patterns).fullmatch(line) == any(p.fullmatch(line) for p in patterns)


@pytest.mark.parametrize("line", ["WE USE COOKİES to improve your browsing experience.",
                                  "We use cookıes to improve your browsing experience.",
                                  "We uſe cookies to improve your browsing experience.", "ALL RİGHTS RESERVED."])
def test_a_required_word_in_unicode_look_alikes_still_matches(line):
    from searchnews.extract.clean import pattern_set

    patterns = boilerplate_patterns()
    assert any(p.fullmatch(line) for p in patterns)  # re's IGNORECASE takes these as the plain letters
    assert pattern_set(patterns).fullmatch(line)


def test_every_date_pattern_needs_a_year_so_lines_without_19_or_20_are_skipped():
    from searchnews.extract.dates import DATE_PATTERNS, YEAR_RE, find_date_in_line, parse_date_line

    assert all(YEAR_RE in pattern.pattern for pattern in DATE_PATTERNS)  # what may_hold_a_date relies on
    assert parse_date_line("Published: March 3, 2021") == "2021-03-03"
    assert find_date_in_line("Shr 1.18 vs 1.33, March 3") is None


def test_a_legal_suffix_or_a_number_alone_is_never_a_company():
    text = ("Brokers said Harlow and Sons Co bought the stake. Analysts at Keller and Co expect 125 Corp to "
            "follow. Fenwick Trust Co declined to comment.")
    found = extract_entities(text, load_gazetteer())
    assert "Fenwick Trust" in found.companies
    assert not {"Sons", "Co", "125", "Corp"} & set(found.companies)
    assert not found.persons  # the fragments' words are not taken for a person either


def test_rating_agencies_are_one_company_each_whatever_the_wire_calls_them():
    text = ("Standard and Poor's Corp downgraded the lender; Moody's Investors Service Inc said it may follow. "
            "Shares of Abercrombie & Fitch Co fell while Fitch affirmed its rating.")
    found = extract_entities(text, load_gazetteer())
    assert found.companies == ["S&P Global", "Moody's", "Abercrombie & Fitch", "Fitch Ratings"]


def test_banks_and_countries_that_say_things_are_not_persons():
    text = ("Merrill Lynch said the bonds were priced at par. South Africa said it would repay the loans, "
            "and Credit Suisse said demand was strong, New Zealand officials said.")
    found = extract_entities(text, load_gazetteer())
    assert not found.persons
    assert found.companies == ["Merrill Lynch", "Credit Suisse"]
