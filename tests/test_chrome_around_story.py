"""Chrome inside and after the story's span (issue 12), judged by a second pass (span_chrome.py) that runs
after the headline is chosen: the title, the dates and the story's start never depend on it; it says why it
removed a line; and it leaves copy with no page chrome (wire stories) alone."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from searchnews.extract import span_chrome
from searchnews.extract.clean import boilerplate_patterns, clean_text

TESTS = Path(__file__).resolve().parent
STORY = (
    "Port operators in Ningbo and Shanghai said on Monday they were preparing for a new tariff schedule that "
    "takes effect next month, after the transport ministry published the final rates.\n\n"
    "The schedule raises berthing fees for the largest container ships by about a tenth, the ministry said, "
    "and smaller feeder vessels will pay the old rates until the end of the year.\n\n"
    "Operators said they expected shipping lines to pass most of the increase on to exporters, who have already "
    "absorbed two rounds of higher fuel surcharges this year.\n"
)
STORY_LINES = [paragraph.strip() for paragraph in STORY.split("\n\n") if paragraph.strip()]
DISCLAIMER = "The views expressed in this article are the author's own and do not reflect those of the site."
COMMENTS = (
    "harbour_watcher · 2 hours ago\n\nThis will hit small exporters first, as usual.\n\nReply\n\n"
    "li_wei88 · 1 hour ago\n\nThe feeder exemption is the interesting part, and the ministry should explain "
    "it.\n\nReply\n\n"
)


def page(tail: str) -> str:
    return (
        "Home\n\nNews\n\nBusiness\n\nSign in\n\nSubscribe\n\nPort operators brace for a new tariff schedule\n\n"
        f"By Li Wei\n\n{STORY}\nShare this article\n\nFacebook\n\nTwitter\n\n12 Comments\n\n{tail}\n"
        "Copyright 2025 Harbour News. All rights reserved.\n"
    )


def reasons(text: str) -> dict[str, str | None]:
    return {line: reason for line, reason in clean_text(text, boilerplate_patterns()).lines}


@pytest.fixture
def without_second_pass(monkeypatch):
    def switch_off() -> None:
        monkeypatch.setattr(span_chrome, "load_span_model", lambda: None)

    return switch_off


def test_a_disclaimer_after_the_story_on_a_chrome_page_is_removed_and_clean_says_why():
    judged = reasons(page(f"{COMMENTS}{DISCLAIMER}\n"))
    why = judged[DISCLAIMER]
    assert why is not None and why.startswith(span_chrome.SPAN_PREFIX)
    assert "p=" in why and "bar" in why and "speaks of the page itself" in why
    assert all(judged[line] is None for line in STORY_LINES)


def test_without_the_weights_the_disclaimer_stays(without_second_pass):
    without_second_pass()
    assert reasons(page(f"{COMMENTS}{DISCLAIMER}\n"))[DISCLAIMER] is None


def hand_articles() -> list[tuple[str, str]]:
    """(text, set) for every article of the development hand sets."""
    articles = []
    for gold in [*sorted(TESTS.glob("holdout[3-8]/gold.jsonl")), TESTS / "devset" / "gold.jsonl"]:
        for row in map(json.loads, gold.read_text(encoding="utf-8").splitlines()):
            path = gold.parent / "articles" / row["file"]
            articles.append(
                (path.read_bytes().decode(row.get("encoding") or "utf-8", errors="replace"), gold.parent.name)
            )
    return articles


def test_title_dates_and_story_start_never_depend_on_the_second_pass(monkeypatch):
    """On a random sample of real hand-set pages (and the same pages with a random disclaimer, comment or
    sign-off appended after the story), the headline and the date lines are those of the first pass alone,
    and the second pass only ever removes lines the first pass kept."""
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng = random.Random(seed)
    extras = [
        DISCLAIMER,
        "harbour_watcher · 2 hours ago",
        "This article was produced by the newsroom.",
        "user7361802245：这下出口企业压力更大了",
        "Subscribe to our newsletter for the week's top stories.",
    ]
    articles = hand_articles()
    sample = rng.sample(articles, min(25, len(articles)))
    texts = [text if rng.random() < 0.5 else f"{text}\n\n{rng.choice(extras)}\n" for text, _ in sample]
    patterns = boilerplate_patterns()
    with_pass = [clean_text(text, patterns) for text in texts]
    monkeypatch.setattr(span_chrome, "load_span_model", lambda: None)
    alone = [clean_text(text, patterns) for text in texts]
    for first, second in zip(alone, with_pass, strict=True):
        assert second.title == first.title, seed
        assert second.date_lines == first.date_lines, seed
        for (line_a, reason_a), (line_b, reason_b) in zip(first.lines, second.lines, strict=True):
            assert line_a == line_b, seed
            if reason_b != reason_a:
                assert reason_a is None and reason_b.startswith(span_chrome.SPAN_PREFIX), seed


def test_a_wire_story_with_no_page_chrome_is_left_to_the_first_pass():
    """Randomised wire copy with lists and sign-offs after the main block: the page shows no chrome (the
    rules remove little of it), so the second pass removes nothing there."""
    rng = random.Random()
    tails = [
        "Reuter",
        "SOUTH AFRICA CORN, in mln tonnes --",
        "1986/87 1985/86",
        "Mauritius v Madagascar",
        "Holland 14, Bartlett 80.",
        "Industries Inc.",
        "For more information, contact the company.",
    ]
    for _ in range(20):
        tail = "\n".join(rng.sample(tails, rng.randint(2, len(tails))))
        text = f"PORT OPERATORS BRACE FOR TARIFFS\n\nNINGBO, March 3 - {STORY}\n{tail}\n"
        judged = clean_text(text, boilerplate_patterns()).lines
        assert not any((reason or "").startswith(span_chrome.SPAN_PREFIX) for _, reason in judged), tail


def test_weights_for_another_feature_list_are_refused():
    shipped = json.loads(
        (Path(span_chrome.__file__).parent.parent / "data" / "span_chrome_model.json").read_text(encoding="utf-8")
    )
    assert span_chrome.span_model_from_json(shipped) is not None
    shipped["features"] = shipped["features"][:-1]
    assert span_chrome.span_model_from_json(shipped) is None


def test_the_main_block_ends_at_the_last_paragraph_of_the_longest_run_of_prose():
    entries = [
        [line, None, False]
        for line in (
            "Menu",
            *STORY_LINES,
            "Share",
            "Tweet",
            "Email",
            "Print",
            "A short note after the gap that reads as a sentence "
            "long enough to be prose, written by nobody in particular.",
        )
    ]
    assert span_chrome.main_block_end(entries) == len(STORY_LINES)  # the last story paragraph, not the late note
    assert span_chrome.main_block_end([["Menu", None, False]]) == -1


def test_a_speaker_or_poster_head_is_told_by_its_shape():
    heads = (
        "用户7361802245：这下出口企业压力更大了",
        "COLE:",
        "u/gpu_rich · 1 hr. ago",
        "mrsbeta 8 hours ago [–]",
        "Jerry_Wang：我们厂也刚搬过去",
    )
    for line in heads:
        assert span_chrome.SPEAKER_HEAD.search(line), line
    for line in ("The ministry said on Monday that rates would rise.", "Shanghai, June 3"):
        assert not span_chrome.SPEAKER_HEAD.search(line), line


def test_a_page_below_the_chrome_share_is_not_weighed(monkeypatch):
    """The gate is the share of lines the rules removed: the same page passes or not as the bar moves."""
    text = page(f"{COMMENTS}{DISCLAIMER}\n")
    assert reasons(text)[DISCLAIMER] is not None
    monkeypatch.setattr(span_chrome, "MIN_PAGE_CHROME", 0.99)
    assert reasons(text)[DISCLAIMER] is None
