"""The headline a copy's own URL spells out is its title, whatever note, page or chat text sits above it; a link
that carries its own URL, or a URL whose slug no line says, changes nothing."""

from __future__ import annotations

import random

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text
from searchnews.extract.url_slug import says_slug, slug_words

HEADLINES = [
    "China's polysilicon giants set up fund to buy and shut rival plants",
    "Beijing tightens export curbs on battery technology",
    "Meituan faces antitrust probe over delivery fees",
    "Xiaomi raises electric car delivery target for the year",
]
STORY = [
    "SHANGHAI -- China's largest producers have agreed to create a joint platform to buy and close down "
    "older plants, people familiar with the plan said on Thursday.",
    "The platform will acquire less efficient plants from smaller rivals and retire them over 18 months, "
    "the people said, asking not to be named because the talks are private.",
    "Prices fell more than 70% in two years, well under the cost of production for most of the industry, "
    "according to analysts who follow the sector.",
]


def slug(headline: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in headline).split())


def note(rng: random.Random, headline: str) -> str:
    url = f"https://example.com/{rng.choice(['business', 'tech/energy', 'news'])}/{slug(headline)}"
    if rng.random() < 0.5:
        url += f"-{rng.randint(100000, 999999)}.html"
    lines = ["China Solar - buyout platform (clip)", "Created by Hannah Cho, last modified on Nov 27, 2025", "",
             "Summary: the piece on the capacity buyout vehicle. Key question for us is who funds it and whether "
             "the big producers actually shut lines or just mothball them for a year.", "",
             f"Source: Example News — {url}", "", headline, "", "KENJI OKADA, staff writer", "",
             *(f"{paragraph}\n" for paragraph in STORY)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(12))
def test_the_headline_the_url_spells_out_is_the_title(seed):
    rng = random.Random(seed)
    headline = rng.choice(HEADLINES)
    assert clean_text(note(rng, headline), boilerplate_patterns()).title == headline


def test_a_related_link_with_its_own_url_is_not_the_title():
    related = f"[{HEADLINES[2]}](https://example.com/news/{slug(HEADLINES[2])})"
    text = "\n\n".join([HEADLINES[1], related, *STORY]) + "\n"
    assert clean_text(text, boilerplate_patterns()).title == HEADLINES[1]


def test_slugs_ignore_ids_and_short_segments():
    assert slug_words("https://asia.nikkei.com/Business/Energy/China-s-polysilicon-giants-set-up-fund") == [
        ("china", "s", "polysilicon", "giants", "set", "up", "fund")]
    assert slug_words("https://example.com/2025/06/12/article-1183456") == []


@pytest.mark.parametrize("line", [STORY[0], "Polysilicon giants", "China's solar makers report losses for 2025"])
def test_a_line_that_does_not_say_the_slug_does_not_match(line):
    assert not says_slug(line, slug_words(f"https://example.com/x/{slug(HEADLINES[0])}"))
