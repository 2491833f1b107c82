"""A bar of icon counters under a social post ('🔁 184 ⭐ 296 ↩ 23') and a comment count written with its counter
word ('コメント218件', '评论 32条') are chrome; story sentences carrying symbols and figures are kept."""

from __future__ import annotations

import random

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text

LEAD = ("SHANGHAI, June 10 (Reuters) - China's biggest producers agreed to idle a third of their capacity, three "
        "people said.\n\nThe quota covers five companies, the sources said.\n\n")
TAIL = "\n\nThe talks will resume in July, two of the people said, adding that prices had fallen.\n"
ICONS = ["🔁", "⭐", "↩", "❤", "👁", "💬", "♻", "★", "♥", "🔖"]
STORY = [
    "Shares rose 4.2% to HK$ 118 after the results, while the index gained 1.1%.",
    "The ⭐ rating system counts 296 reviews, and 184 of them mention delivery times, the survey found.",
    "コメント欄には218件の投稿があり、多くの利用者が値下げを歓迎したと同社は説明した。",
]


def counter_bar(rng: random.Random) -> str:
    groups = []
    for _ in range(rng.randint(2, 5)):
        number = str(rng.randint(0, 99999))
        if rng.random() < 0.3:
            number = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}{rng.choice('Kk')}"
        groups.append(f"{rng.choice(ICONS)}{rng.choice(['', ' '])}{number}")
    return rng.choice([" ", "  ", "\u3000"]).join(groups)


@pytest.mark.parametrize("seed", range(20))
def test_icon_counter_bar_is_removed(seed):
    line = counter_bar(random.Random(seed))
    assert line not in clean_text(LEAD + line + TAIL, boilerplate_patterns()).paragraphs


@pytest.mark.parametrize("line", ["コメント218件", "评论 32条", "評論（5則）", "댓글 12개"])
def test_comment_count_with_counter_word_is_removed(line):
    assert line not in clean_text(LEAD + line + TAIL, boilerplate_patterns()).paragraphs


@pytest.mark.parametrize("line", STORY)
def test_story_sentence_with_symbols_and_figures_is_kept(line):
    assert line in clean_text(LEAD + line + TAIL, boilerplate_patterns()).paragraphs
