"""Chrome inside and after the story's span (issue 12): comment threads, a poster's name and time, lines
after the page's main block of prose. The line model judges them by document structure; story sentences
inside the span face a far stricter bar, and a wire story with no page chrome keeps its table trailer."""

from __future__ import annotations

import json

from searchnews.extract import line_model
from searchnews.extract.clean import boilerplate_patterns, clean_text

STORY = (
    "Port operators in Ningbo and Shanghai said on Monday they were preparing for a new tariff schedule that "
    "takes effect next month, after the transport ministry published the final rates.\n\n"
    "The schedule raises berthing fees for the largest container ships by about a tenth, the ministry said, "
    "and smaller feeder vessels will pay the old rates until the end of the year.\n\n"
    "Operators said they expected shipping lines to pass most of the increase on to exporters, who have already "
    "absorbed two rounds of higher fuel surcharges this year.\n"
)
STORY_LINES = [paragraph for paragraph in STORY.split("\n\n") if paragraph.strip()]


def reasons(text: str) -> dict[str, str | None]:
    return {line: reason for line, reason in clean_text(text, boilerplate_patterns()).lines}


def test_a_comment_thread_under_the_story_is_removed_and_each_line_says_why():
    page = ("港口运营商准备迎接新的收费标准\n\n" + STORY
            + "\n评论\n\n用户7361802245：这下出口企业压力更大了\n\n开车的阿杰：关税一加，价格就没优势了\n")
    judged = reasons(page)
    for comment in ("用户7361802245：这下出口企业压力更大了", "开车的阿杰：关税一加，价格就没优势了"):
        assert judged[comment] is not None and judged[comment].startswith("line model p=")
    assert any("after the story's main block" in (judged[line] or "") for line in judged)
    assert all(judged[line.strip()] is None for line in STORY_LINES)


def test_posters_names_and_times_between_replies_are_removed():
    page = ("Port operators brace for a new tariff schedule\n\n" + STORY + "\n12 Comments\n\n"
            "harbour_watcher · 2 hours ago\n\nThis will hit small exporters first, as usual.\n\nReply\n\n"
            "li_wei88 · 1 hour ago\n\nThe feeder exemption is the interesting part.\n\nReply\n")
    judged = reasons(page)
    assert judged["harbour_watcher · 2 hours ago"] is not None
    assert judged["li_wei88 · 1 hour ago"] is not None
    assert all(judged[line.strip()] is None for line in STORY_LINES)


def test_a_wire_story_with_no_page_chrome_keeps_its_table_trailer():
    wire = ("DIVIDEND CO <DVC> SETS QUARTERLY\n\nNEW YORK, March 3 - Dividend Co said it set a quarterly dividend.\n\n"
            "Qtly div 12 cts vs 10 cts\nPay April 30\nRecord April 15\n\nReuter\n")
    kept = clean_text(wire, boilerplate_patterns()).paragraphs
    assert {"Qtly div 12 cts vs 10 cts", "Pay April 30", "Record April 15"} <= set(kept)


def test_weights_without_a_sentence_threshold_never_remove_a_sentence_in_the_span(monkeypatch):
    """Older weights (no 'sentence_threshold') keep the old promise: the model removes no sentence between the
    story's first and last paragraphs, however sure it is."""
    shipped = resources_json()
    shipped.pop("sentence_threshold", None)
    shipped["threshold"] = 0.0  # sure enough for any other line
    model = line_model.model_from_json(shipped)
    monkeypatch.setattr(line_model, "load_model", lambda: model)
    text = ("Port operators brace for a new tariff schedule\n\n" + STORY.replace(
        "\n\nOperators said", "\n\nThe views expressed here are the author's own.\n\nOperators said", 1))
    assert "The views expressed here are the author's own." in clean_text(text, boilerplate_patterns()).paragraphs


def test_the_main_block_ends_at_the_last_paragraph_of_the_longest_run_of_prose():
    entries = [[line, None, False] for line in (
        "Menu", *STORY_LINES, "Share", "Tweet", "Email", "Print", "A short note after the gap that reads as a sentence "
        "long enough to be prose, written by nobody in particular.")]
    assert line_model.main_block_end(entries) == len(STORY_LINES)  # the last story paragraph, not the late note
    assert line_model.main_block_end([["Menu", None, False]]) == -1


def test_a_speaker_or_poster_head_is_told_by_its_shape():
    heads = ("用户7361802245：这下出口企业压力更大了", "COLE:", "u/gpu_rich · 1 hr. ago", "mrsbeta 8 hours ago [–]",
             "Jerry_Wang：我们厂也刚搬过去")
    for line in heads:
        assert line_model.SPEAKER_HEAD.search(line), line
    for line in ("The ministry said on Monday that rates would rise.", "Shanghai, June 3"):
        assert not line_model.SPEAKER_HEAD.search(line), line


def resources_json() -> dict:
    from importlib import resources

    return json.loads(resources.files("searchnews").joinpath("data/line_model.json").read_text(encoding="utf-8"))
