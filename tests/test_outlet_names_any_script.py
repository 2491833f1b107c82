"""Outlets are named as their copies print them, in any script: a copyright notice in the East Asian forms
('저작권자 © 지디넷코리아 무단전재 및 재배포 금지', '自由時報版權所有不得轉載', '© 毎日新聞社') names its owner, and
every name the outlet table lists for an outlet (English or native) resolves to the same outlet, so
`--source` finds the story whichever name the page used. A known name in the chrome is no evidence when it
is a word of a longer phrase; a footer's owner the chrome names again is not replaced by a site the page cites."""

from __future__ import annotations

import random

import pytest

from searchnews.article import RawDocument
from searchnews.extract.outlet_table import CJK_TEXT, load_outlets
from searchnews.extract.run import extract_article

STORY = (
    "The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
    "solar modules, after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n"
)
HEADLINE = "Ministry widens review of component imports to batteries"
HANGUL = range(0xAC00, 0xD7A4)


def source_of(text: str, path: str = "a.txt") -> str | None:
    return extract_article(RawDocument(path, path, text, "text")).source


def notices(name: str) -> list[str]:
    """The copyright notices a page in the name's script prints."""
    if any(ord(ch) in HANGUL for ch in name):
        return [f"저작권자 © {name} 무단전재 및 재배포 금지", f"Copyright ⓒ {name}. All rights reserved."]
    if CJK_TEXT.search(name):
        return [f"{name}版權所有不得轉載", f"Copyright © 2025 {name} All rights reserved.", f"© {name}"]
    return [f"Copyright © 2025 {name}. All rights reserved.", f"© {name} 2025"]


def table_names() -> list[tuple[str, str]]:
    table = load_outlets()
    pairs = [(name, table.canonical(name)) for name in sorted(table.written)]
    # names of four characters or more (shorter ones are initials a notice rarely prints alone); no platforms
    return [
        (name, outlet)
        for name, outlet in pairs
        if outlet and outlet not in table.platforms and len(name) >= 4 and "." not in name
    ]


@pytest.mark.parametrize("seed", range(6))
def test_any_listed_name_in_a_copyright_notice_names_its_outlet(seed):
    rng = random.Random(seed)
    for name, outlet in rng.sample(table_names(), 25):
        notice = rng.choice(notices(name))
        text = f"{HEADLINE}\n\n{STORY}\n{notice}\n"
        assert source_of(text) == outlet, (name, notice)


def test_every_name_of_an_outlet_resolves_to_one_outlet():
    table = load_outlets()
    for name in table.written:
        outlet = table.canonical(name)
        assert outlet is not None and table.canonical(outlet) == outlet, name


def test_an_east_asian_notice_names_an_unknown_owner_the_chrome_prints_again():
    text = f"한빛일보\n{HEADLINE}\n\n{STORY}\n한빛일보 기사 더보기\n저작권자 © 한빛일보 무단전재 및 재배포 금지\n"
    assert source_of(text) == "한빛일보"
    # the notice alone may name a printer or a photo agency: no outlet
    assert source_of(f"{HEADLINE}\n\n{STORY}\n저작권자 © 한빛일보 무단전재 및 재배포 금지\n") is None


def test_an_outlet_name_that_is_a_word_of_a_longer_phrase_is_not_the_outlet():
    # 'Tempo de leitura' is a reading time, 'Foreign Policy & Diaspora' a section of another site
    for chrome in ("Tempo de leitura: 2 minutos", "Home | Foreign Policy & Diaspora | Economy"):
        assert source_of(f"{chrome}\n{HEADLINE}\n\n{STORY}") is None, chrome
    assert source_of(f"{HEADLINE}\n\n{STORY}\nMore from Gulf News\n") == "Gulf News"


def test_a_footer_owner_named_again_is_not_replaced_by_a_cited_site():
    text = (
        f"Harbour Light | Home | Tech\n{HEADLINE}\n\n{STORY}\nTag: digitimes.com\n"
        "Advertise on Harbour Light\nCopyright © 2000- Harbour Light, LLC.\n"
    )
    assert source_of(text) == "Harbour Light"
