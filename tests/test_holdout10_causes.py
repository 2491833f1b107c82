"""Causes read from the tenth blind set's misses: a year-only metadata date, a photo caption above a wire
dateline, and agency-credited gallery captions."""

from __future__ import annotations

from searchnews.extract.clean import boilerplate_patterns, clean_text, is_caption_line
from searchnews.extract.dates import find_date_with_evidence

LEAD = ["SHANGHAI, June 10 (Reuters) - China's biggest producers agreed to idle a third of their capacity, three people said."]


def test_a_year_only_metadata_date_gives_way_to_the_pages_fuller_date_in_that_year():
    date, evidence = find_date_with_evidence("20250611091500", ["June 10, 2025 6:12 AM GMT+8"], LEAD, [])
    assert date == "2025-06-10" and "metadata" in evidence


def test_a_year_only_metadata_date_stands_against_a_date_of_another_year():
    assert find_date_with_evidence("20250611091500", ["June 10, 2024 6:12 AM"], LEAD, [])[0] == "2025"


def test_a_full_metadata_date_is_never_replaced():
    assert find_date_with_evidence("2025-06-11", ["June 10, 2025"], LEAD, [])[0] == "2025-06-11"


def test_agency_credited_and_gallery_captions_are_captions_and_a_story_sentence_is_not():
    assert is_caption_line("[1/2] A worker walks past solar panels at a plant in Hefei, Anhui province, China. "
                           "REUTERS/Stringer/File Photo Purchase Licensing Rights, opens new tab")
    assert is_caption_line("Workers at a plant in Hefei. REUTERS/Aly Song")
    assert not is_caption_line("Shares rose 4% after the results, which beat forecasts by analysts at Reuters/Ipsos "
                               "and others, the company said in a statement on its website on Tuesday.")


def test_a_line_above_a_wire_dateline_is_not_joined_into_the_stories_first_sentence():
    text = ("China's polysilicon makers agree to idle a third of capacity\n\n"
            "Workers walk past solar panels at a plant in Hefei in a file photo\n"
            "SHANGHAI, June 10 (Reuters) - China's biggest polysilicon producers have agreed to idle roughly a third "
            "of their combined production capacity for at least six months, three people familiar with the matter said.\n\n"
            "The agreement covers five companies that together account for more than 80% of national output, the sources said.\n")
    cleaned = clean_text(text, boilerplate_patterns())
    assert not any(p.startswith("Workers walk past") and "SHANGHAI" in p for p in cleaned.paragraphs)
    assert any(p.startswith("SHANGHAI, June 10 (Reuters)") for p in cleaned.paragraphs)


def test_a_newsroom_credit_is_removed_and_prose_about_staff_is_kept():
    for credit in ("Reporting by Reuters staff in Shanghai; Editing by Mark Dalton",
                   "Writing by Beijing newsroom; Editing by Jane Roe"):
        text = "\n\n".join([*LEAD, "The quota covers five companies, the sources said.", credit]) + "\n"
        cleaned = clean_text(text, boilerplate_patterns())
        assert not any("Editing by" in paragraph for paragraph in cleaned.paragraphs), credit
    prose = "Reporting by staff in Shanghai suggested the quota would be cut again before the end of the year."
    cleaned = clean_text("\n\n".join([*LEAD, prose]) + "\n", boilerplate_patterns())
    assert prose in cleaned.paragraphs
