"""The learned line model (extract/line_model.py): page chrome the rules do not know is removed, with
a reason `clean` shows; the headline is not taken from the chrome; story sentences stay."""

from __future__ import annotations

import json

from searchnews.cli.commands import cli
from searchnews.extract import line_model
from searchnews.extract.clean import boilerplate_patterns, clean_text

STORY = (
    "Port operators in Ningbo and Shanghai said on Monday they were preparing for a new tariff schedule that "
    "takes effect next month, after the transport ministry published the final rates.\n\n"
    "The schedule raises berthing fees for the largest container ships by about a tenth, the ministry said.\n\n"
    "Operators said they expected shipping lines to pass most of the increase on to exporters.\n"
)


def clean_json(runner, path) -> dict:
    result = runner.invoke(cli, ["clean", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.splitlines()[0])


def test_a_menu_line_above_the_headline_is_not_the_title(runner, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Markets | Economy | Tech | Policy | Opinion | Podcasts | Events\n\nSign in | Register for free\n\n"
                    f"Port operators brace for a new tariff schedule\n\n{STORY}", encoding="utf-8")
    record = clean_json(runner, page)
    assert record["title"] == "Port operators brace for a new tariff schedule"
    assert "Sign in | Register for free" in record["removed"]
    assert "Sign in" not in record["body"]


def test_newsletter_chrome_no_pattern_knows_is_removed_and_clean_says_why(runner, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(f"Port operators brace for new tariff schedule\n\n{STORY}\nForward to a friend\n", encoding="utf-8")
    record = clean_json(runner, letter)
    assert "Forward to a friend" not in record["body"]
    reason = record["removed_reasons"][record["removed"].index("Forward to a friend")]
    assert reason.startswith("line model p=") and "call to action" in reason
    assert len(record["removed_reasons"]) == len(record["removed"])


def test_story_sentences_shaped_like_calls_to_action_are_kept():
    text = ("Port operators brace for a new tariff schedule\n\n" + STORY.replace(
        "\n\nThe schedule", "\n\nFollow the money, one operator said.\n\nRead the ministry's notice.\n\nThe schedule", 1))
    paragraphs = clean_text(text, boilerplate_patterns()).paragraphs
    assert "Follow the money, one operator said." in paragraphs
    assert "Read the ministry's notice." in paragraphs


def test_without_weights_the_rules_work_alone(monkeypatch):
    text = f"Port operators brace for new tariff schedule\n\n{STORY}\nForward to a friend\n"
    monkeypatch.setattr(line_model, "load_model", lambda: None)
    cleaned = clean_text(text, boilerplate_patterns())
    assert "Forward to a friend" in cleaned.paragraphs  # no rule knows it: only the model removes it
    assert cleaned.title == "Port operators brace for new tariff schedule"


def test_the_shipped_weights_match_the_feature_list():
    model = line_model.load_model()
    assert model is not None and model.title is not None
    assert 0.5 <= model.threshold < 1.0


def test_a_short_note_keeps_its_only_sentences():
    """No paragraph reads like prose: the short sentences are the story, never the model's chrome."""
    cleaned = clean_text("Tariff news\n\nPublished: 7 October 2022\n\nThe tariff plan was discussed by officials.\n",
                         boilerplate_patterns())
    assert cleaned.paragraphs == ["The tariff plan was discussed by officials."]
    assert cleaned.title == "Tariff news"


def test_a_headline_a_long_menu_and_a_cookie_notice_push_out_of_the_header_is_found():
    """A copied page: a promo notice (prose) opens it, a long menu follows, the headline sits right above
    the byline and the story. The header scan ends at the first prose line; the candidates above the
    page's main block of prose include the headline, and the ranker prefers it."""
    menu = "\n".join(["News", "Tech", "Health", "Planet Earth", "Strange News", "Animals", "History", "Space",
                      "Reference", "Culture", "Science", "Climate", "Archaeology", "Podcasts", "Events", "Shop",
                      "Ports", "Shipping", "Markets", "Energy", "Trade", "Policy", "Opinion", "Video", "Weather",
                      "Sport", "Travel", "Money", "Jobs", "Homes"])
    text = ("Port Weekly is supported by its readers. When you buy through links on our site, we may earn a fee.\n\n"
            f"{menu}\n\nPort operators brace for a new tariff schedule\n\nBy Jane Okafor\n\n{STORY}")
    cleaned = clean_text(text, boilerplate_patterns())
    assert cleaned.title == "Port operators brace for a new tariff schedule"
    assert "Port operators brace for a new tariff schedule" not in cleaned.paragraphs


def test_the_document_context_does_not_count_a_line_as_evidence_for_itself():
    entries = [[line, None, False] for line in (
        "Markets | Tech", "Port operators brace for tariff schedule",
        "Port operators in Ningbo said on Monday they were preparing for a new tariff schedule.",
        "The schedule raises fees, the ministry said.")]
    context = line_model.document_context(entries, 2, 3)
    assert line_model.overlaps(entries[1][0], context, own=False) == (0.8, 0.8)  # the headline's words are the lead's
    assert line_model.overlaps(entries[0][0], context, own=False) == (0.0, 0.0)  # a menu shares none
    body, lead = line_model.overlaps(entries[2][0], context, own=True)
    assert lead < 0.5 and body < 0.5  # its own words do not vouch for it (only "schedule", "said" recur)


def test_the_compiled_trees_give_the_same_probability_and_reasons_as_walking_them():
    """score() runs the trees as generated code; walk() is the plain reference."""
    import random

    from searchnews.extract.span_chrome import load_span_model

    rng = random.Random(12)
    for model in (line_model.load_model(), load_span_model().model):
        cuts = sorted({cut for flat in model.flat for cut in flat[1]})
        for _ in range(3000):
            # values at, just around and far from the cuts, where a wrong comparison would show
            vector = [rng.choice((rng.choice(cuts), rng.choice(cuts) + 1e-9, rng.random() * 10 - 2, 0.0, 1.0))
                      for _ in model.names]
            compiled, walked = [0.0] * len(model.names), [0.0] * len(model.names)
            assert model.score(vector) == model.score(vector, compiled) == model.walk(vector, walked)
            assert compiled == walked
