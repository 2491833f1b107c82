"""'This article first appeared in Corporate, The Edge Malaysia Weekly.': a repost credit may name the
section or edition before the publication; the outlet is the publication the table knows, not the section."""

from __future__ import annotations

import random

from searchnews.extract.attribution import repost_attribution
from searchnews.extract.outlet_table import load_outlets

SECTIONS = ("Corporate", "Weekend Magazine", "Opinion", "Markets Insight", "Print Edition", "Tech Desk")


def test_section_before_a_known_publication_credits_the_publication():
    table = load_outlets()
    rng = random.Random(3)
    outlets = sorted({canonical for canonical in table.by_name.values() if len(canonical.split()) >= 2})
    for outlet in rng.sample(outlets, 40):
        section = rng.choice(SECTIONS)
        line = f"This article first appeared in {section}, {outlet}."
        found = repost_attribution(table, [line], [])
        assert found and found[0] == outlet, line


def test_a_known_outlet_before_a_comma_stays_the_outlet():
    table = load_outlets()
    found = repost_attribution(table, ["This story was originally published in Caixin, a Beijing-based magazine."], [])
    assert found and found[0] == "Caixin"
