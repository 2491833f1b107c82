"""Page furniture named in other languages (issue 12): read-also links, photo captions and credits, notices,
counter bars. A whole line that is the furniture goes, with a reason naming its cue; the same cue words inside
a story sentence stay."""

from __future__ import annotations

import random

import pytest

from searchnews.article import RawDocument
from searchnews.extract.chrome_cues import counter_bar_reason, cue_reason, lexicon
from searchnews.extract.run import explain_cleaning

LEAD = (
    "The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
    "solar modules, after a months-long consultation with manufacturers."
)
SECOND = "Officials expect the first decisions before the end of the year, the ministry said in a statement."
THIRD = "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly."


def reasons(*middle: str, tail: tuple[str, ...] = ()) -> dict[str, str | None]:
    """Each line of a small article with `middle` between its paragraphs and `tail` below it -> its reason."""
    text = "\n\n".join(["Ministry widens import review", LEAD, *middle, SECOND, THIRD, *tail]) + "\n"
    return dict(explain_cleaning(RawDocument("a.txt", "a.txt", text, "text")))


@pytest.mark.parametrize(
    "line, concept",
    [
        ("Baca Juga : Harga Nikel LME Naik 3%, Tertinggi Sejak Juni", "read-also"),
        ("Xem thêm: Giá thép xuất khẩu tăng mạnh", "read-also"),
        ("Lire aussi : La Chine impose des quotas sur le gallium", "read-also"),
        ("延伸閱讀：台積電擴大高雄投資", "read-also"),
        ("相关阅读：光伏组件出口再创新高", "read-also"),
        ("[Related article] Samsung, SK hynix brace for slower China memory demand", "read-also"),
        ("Also Read | Apple suppliers add 40,000 jobs in Tamil Nadu", "read-also"),
        ("（图片来源：视觉中国）", "photo caption"),
        ("CXMT 허페이 공장 전경 (사진=CXMT)", "photo caption"),
        ("＜写真＞半導体製造装置の展示会場＝東京都江東区で本社記者撮影", "photo caption"),
        ("A technician inspects wafers at a test facility in Bayan Lepas. - Filepic", "photo caption"),
        ("A worker inspects rare earth oxide at a plant in Baotou. Photo: VCG", "photo caption"),
        ("圖／記者吳佩君攝", "photo caption"),
        ("Foto: Reuters/Willy Kurniawan", "photo caption"),
        ("（作者：陈子墨 编辑：何欣）", "credit"),
        ("关键词：反倾销 模拟芯片 德州仪器", "tag line"),
        ("点赞 8421 | 投币 3207 | 收藏 5126 | 分享 962", "counter"),
    ],
)
def test_furniture_lines_in_other_languages_are_removed_with_their_cue(line, concept):
    assert reasons(line)[line] is not None  # removed (by the English pattern file too, for some)
    named = cue_reason(line) or counter_bar_reason(line) or ""
    assert concept in named and "cue '" in named  # and `clean` could say which cue


@pytest.mark.parametrize(
    "line",
    [
        "版權所有 2025 自由亞洲電台。保留所有權利。",
        "Republish: East Asia Forum articles may be republished under a Creative Commons licence.",
        "Get 2 free articles every month by registering, or subscribe for unlimited access.",
        "未经正式授权严禁转载本文，侵权必究。",
        "Tous droits réservés à l'éditeur.",
    ],
)
def test_notices_below_the_story_are_removed(line):
    assert reasons(tail=(line,))[line] is not None
    assert "cue '" in (cue_reason(line) or "")


def test_a_related_heading_in_another_language_opens_a_link_list():
    got = reasons(tail=("関連記事", "・対中輸出規制、オランダも追随か", "・半導体補助金、熊本第2工場に追加支援"))
    assert got["・半導体補助金、熊本第2工場に追加支援"] == "link list"


# words of every concept and language, as a story uses them: inside a sentence, never as a label
SENTENCES = (
    "Analysts said the {cue} section of the report was revised twice before the minister signed it.",
    "The regulator told reporters that {cue} was not the issue and that exports would resume in May.",
    "Exporters said on Monday that the new {cue} rules would take effect in January, the agency reported.",
)


def test_cue_words_inside_story_sentences_are_kept():
    rng = random.Random(12)
    cues = [cue.phrase for cue in lexicon().values()]
    for phrase in rng.sample(cues, 60):
        sentence = rng.choice(SENTENCES).format(cue=phrase)
        assert cue_reason(sentence) is None, sentence
        assert reasons(sentence)[sentence] is None, sentence


def test_a_story_sentence_that_opens_with_a_cue_word_is_kept():
    for sentence in (
        "Photos of the plant were shared widely online, officials said on Tuesday.",
        "Image-conscious buyers are turning to Chinese brands, the survey found.",
        "Source of the dispute is the new quota regime, which took effect in March.",
        "Copyright holders sued the platform in 2024 over unlicensed songs, the court said.",
        "Foto bersama para menteri di Jakarta pada hari Senin menunjukkan kesepakatan itu.",
    ):
        assert reasons(sentence)[sentence] is None, sentence


def test_a_story_quoting_a_notice_phrase_mid_text_keeps_it():
    sentence = "The publisher printed 'all rights reserved' on every page of the leaked draft for years."
    filler = [
        f"Paragraph {n} of the story goes on about the review and what firms must file by June." for n in range(60)
    ]
    got = reasons(*filler[:30], sentence, *filler[30:])
    assert got[sentence] is None


def test_a_table_row_is_not_a_counter_bar():
    assert counter_bar_reason("Revenue | 2023 | 2024") is None
    assert counter_bar_reason("Shares rose 5% · Like peers, it fell") is None
    assert counter_bar_reason("412 likes · 63 comments · Share") is not None
