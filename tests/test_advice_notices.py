"""A page's notice that it is no advice ('... for informational purposes only. They should not be construed as
a recommendation ...', '（本文仅代表作者观点，不构成投资建议）', 'Member FINRA/SIPC') is chrome; a story
sentence about advice (a regulator ruling that posts were not advice) is kept."""

from __future__ import annotations

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text

LEAD = ("SHANGHAI, June 10 (Reuters) - China's biggest producers agreed to idle a third of their capacity, three "
        "people said.\n\nThe quota covers five companies, the sources said.\n\n")
TAIL = "\n\nThe talks will resume in July, two of the people said, adding that prices had fallen.\n"

NOTICES = [
    "The news and market commentary on this page are provided by third-party content providers and are for "
    "informational purposes only. They should not be construed as a recommendation to buy or sell any security.",
    "This article is for informational purposes only and is not investment advice.",
    "（本文仅代表作者观点，不构成投资建议）",
    "声明：本报力求信息真实、准确，文章提及内容仅供参考，不构成实质性投资建议，据此操作风险自担",
    "Securities offered through Harborline Securities LLC, Member FINRA/SIPC. Investing involves risk.",
]
STORY = [
    "Regulators said the posts did not constitute investment advice, according to the filing seen on Tuesday.",
    "The company said the information is not intended as a forecast and that results could differ materially.",
    "分析师认为，这些言论不构成投资建议的监管定义，但仍需合规审查，相关部门正在研究具体办法，市场人士普遍关注后续进展。",
]


@pytest.mark.parametrize("line", NOTICES)
def test_advice_notice_is_removed(line):
    assert line not in clean_text(LEAD + line + TAIL, boilerplate_patterns()).paragraphs


@pytest.mark.parametrize("line", STORY)
def test_story_sentence_about_advice_is_kept(line):
    assert line in clean_text(LEAD + line + TAIL, boilerplate_patterns()).paragraphs
