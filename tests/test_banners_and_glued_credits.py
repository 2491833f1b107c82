"""Page furniture that page copies put where a headline could be: a form's block title ('Search form'), a
site's cookie or privacy banner of any length, a photo caption whose credit the copy glued on ('... isn't
easy.Kathrin Ziegler/Getty', '... in New York.Reuters'). They are removed; a story sentence that names an agency
('Tokyo.Reuters reported ...' in a bad copy) or ends on a city is kept."""

from __future__ import annotations

import random

import pytest

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

HEADLINE = "Port operator to extend container terminal as traffic hits record"
STORY = (
    "The port operator said on Tuesday it would extend its container terminal by 400 metres, after traffic rose "
    "for a fifth year in a row.\n\n"
    "Work on the extension will start next spring and take two years, the company said in a statement.\n\n"
    "Shipping lines have asked for more berths as larger vessels call at the port.\n"
)
CAPTIONS = ["The road to retiring early isn't easy.", "The logo is displayed outside an office in New York.",
            "Workers load containers at the port on Monday.", "A visitor walks past a display (file)."]
NAMES = ["Kathrin Ziegler", "Ann Wang", "Tomohiro Ohsumi", "Li Wei"]
AGENCIES = ["Getty", "Getty Images", "Reuters", "AFP", "AP", "Bloomberg"]


def article(text: str):
    return extract_article(RawDocument("page.txt", "page.txt", text, "text"))


@pytest.mark.parametrize("seed", range(5))
def test_a_caption_with_a_glued_credit_is_removed_and_never_the_title(seed):
    rng = random.Random(seed)
    caption = rng.choice(CAPTIONS)
    credit = rng.choice([f"{rng.choice(NAMES)}/{rng.choice(AGENCIES)}", rng.choice(["Reuters", "AFP", "Getty Images"])])
    text = f"{caption}{credit}\n{HEADLINE}\n\n{STORY}"
    found = article(text)
    assert found.title == HEADLINE
    assert caption not in found.body


@pytest.mark.parametrize("banner", [
    "Search form", "User login form",
    "Our website uses cookies to improve its performance and enhance your user experience. Through cookies, "
    "certain information is stored about your visit " + "and the pages you read " * 15 + ".",
    "Your privacy is important to us. We have updated our privacy policy to better explain how we use data on "
    "this site. By continuing to browse you agree to the policy.",
])
def test_form_titles_and_site_banners_are_removed_and_never_the_title(banner):
    found = article(f"{banner}\n{HEADLINE}\n\n{STORY}")
    assert found.title == HEADLINE
    assert banner[:40] not in found.body


def test_story_sentences_naming_an_agency_or_ending_on_a_city_are_kept():
    story = STORY + ("\nThe company said it would open an office in New York.\n\n"
                     "Shares rose 3% in Tokyo.Reuters reported the deal on Monday.\n\n"
                     "The site uses cookies data from partners, the regulator said in its complaint.\n")
    found = article(f"{HEADLINE}\n\n{story}")
    for sentence in ("open an office in New York.", "Tokyo.Reuters reported the deal", "the regulator said"):
        assert sentence in found.body, sentence
