"""An e-mail newsletter issue: the publication's masthead below the mail headers is not the headline, the line
that says who sponsored the issue is chrome, and the issue's own date line dates it, not the mail's send time."""

from __future__ import annotations

import random

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text
from searchnews.extract.dates import find_date_with_evidence

HEADLINE = "Data Exports: Beijing Raises the Bar for Security Reviews"
STORY = [
    "What happened: China's internet regulator on Wednesday released revised rules on cross-border data "
    "transfers that narrow the cases needing a security assessment, officials said.",
    "Carmakers and drugmakers have lobbied for the change for three years, and several said the rules would "
    "cut weeks from routine approvals for their staff and sales data.",
    "What to watch: whether the pilot free trade zones publish their own negative lists before the end of the "
    "third quarter, as the regulator said they may.",
]
PUBLICATIONS = ["Harbour Policy", "Yangtze Monitor", "Pearl River Notes"]
PRODUCTS = ["Tip Sheet", "Daily Brief", "Morning Memo", "Weekly"]


def issue(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(PUBLICATIONS)} {rng.choice(PRODUCTS)}"
    masthead = name.upper() if rng.random() < 0.5 else name
    lines = [
        f"From: {name} <news@example.com>", "Date: Wed, 11 Jun 2025 22:02:11 +0000", f"Subject: {name} — data exports",
        "", "View this email in your browser <https://example.com/view/0612>", "", masthead, "",
        "Thursday, June 12, 2025 | Issue No. 1,482", "",
        f"Today's {rng.choice(PRODUCTS)} is sponsored by Policy Pro: our tracker now covers 340 regulations. "
        "Ask us for a demo.",
        "", HEADLINE, "", *(f"{paragraph}\n" for paragraph in STORY),
        f"You are receiving this email because you subscribed to the {name}.",
    ]
    return "\n".join(lines) + "\n", masthead


@pytest.mark.parametrize("seed", range(12))
def test_the_masthead_below_the_mail_headers_is_not_the_headline(seed):
    text, masthead = issue(random.Random(seed))
    cleaned = clean_text(text, boilerplate_patterns())
    assert cleaned.title == HEADLINE
    assert masthead not in cleaned.paragraphs


@pytest.mark.parametrize("line", [
    "Today's Tip Sheet is sponsored by Policy Pro: our tracker now covers 340 regulations. Ask us for a demo.",
    "This edition is brought to you by Harbour Analytics, the data partner for China watchers.",
    "This week's issue is presented by Acme Research.",
])
def test_the_issue_sponsor_line_is_removed(line):
    text = "\n\n".join([HEADLINE, STORY[0], line, *STORY[1:]]) + "\n"
    assert line not in clean_text(text, boilerplate_patterns()).paragraphs


@pytest.mark.parametrize("line", [
    "The forum is sponsored by the commerce ministry and two provincial governments, the organisers said.",
    "This year's expo is sponsored by three state-owned banks, according to the organisers' statement.",
])
def test_a_story_sentence_about_a_sponsor_is_kept(line):
    text = "\n\n".join([HEADLINE, STORY[0], line, *STORY[1:]]) + "\n"
    assert line in clean_text(text, boilerplate_patterns()).paragraphs


def test_the_issue_date_line_beats_the_mail_send_time():
    lines = ["Date: Wed, 11 Jun 2025 22:02:11 +0000", "Thursday, June 12, 2025 | Issue No. 1,482"]
    assert find_date_with_evidence(None, lines, STORY, lines)[0] == "2025-06-12"


def test_the_mail_date_dates_an_issue_without_its_own_date_line():
    lines = ["Date: Wed, 11 Jun 2025 22:02:11 +0000"]
    assert find_date_with_evidence(None, lines, STORY, lines)[0] == "2025-06-11"
