"""An outlet the table does not know is named as its copy prints it, when two pieces of evidence agree:
the corpus folder ('thediplomat/', 'tuoitre/') or a page's <title> suffix ('... – Euractiv') with the
name printed in the copy or a host that spells it. A bare folder slug or a lone title suffix is not enough."""

from __future__ import annotations

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

STORY = (
    "The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
    "solar modules, after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n"
)
HEADLINE = "Ministry widens review of component imports to batteries"


def source_of(path: str, text: str, fmt: str = "text") -> str | None:
    return extract_article(RawDocument(path, path, text, fmt)).source


def test_an_unknown_folder_is_named_as_the_copy_prints_it_accents_and_case_kept():
    text = f"HARBOUR LIGHT\n{HEADLINE}\n\n{STORY}\nCopyright © Harbour Light Online. All rights reserved.\n"
    assert source_of("harbourlight/business/a.txt", text) == "Harbour Light"
    accented = f"{HEADLINE}\n\n{STORY}\nBản quyền thuộc Sông Hồng Online.\n"
    assert source_of("songhong/kinh-te/a.txt", accented) == "Sông Hồng"


def test_an_unknown_folder_no_printed_name_spells_stays_as_it_is():
    assert source_of("hlwire/a.txt", f"{HEADLINE}\n\n{STORY}") == "hlwire"


def page(title: str, body_extra: str = "") -> str:
    paragraphs = "".join(f"<p>{part}</p>" for part in STORY.split("\n\n"))
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{HEADLINE}</h1>{paragraphs}</article>{body_extra}</body></html>")


def test_a_page_title_suffix_is_the_site_when_the_page_prints_it_again():
    footer = "<footer><p>Harbour Light uses cookies to improve your experience.</p></footer>"
    assert source_of("a.html", page(f"{HEADLINE} – Harbour Light", footer), "html") == "Harbour Light"


def test_a_page_title_suffix_spelled_by_the_folder_is_the_site():
    assert source_of("harbourlight/2025/a.html", page(f"{HEADLINE} – Harbour Light"), "html") == "Harbour Light"


def test_a_lone_title_suffix_or_a_one_word_label_names_no_site():
    assert source_of("a.html", page(f"{HEADLINE} – Harbour Light"), "html") is None
    label_twice = "<aside><p>Analysis</p><p>More Analysis</p></aside>"
    assert source_of("a.html", page(f"{HEADLINE} – Analysis", label_twice), "html") is None


def test_a_clipped_page_whose_front_matter_source_is_a_url_is_named_by_that_site():
    clip = f"---\ntitle: \"{HEADLINE}\"\nsource: \"https://www.reuters.com/world/china/some-story-2025-06-01/\"\n---\n\n{STORY}"
    assert source_of("clip.md", clip) == "Reuters"
    unknown = clip.replace("www.reuters.com", "news.harbourlight.example")
    assert source_of("clip.md", unknown) == "news.harbourlight.example"
