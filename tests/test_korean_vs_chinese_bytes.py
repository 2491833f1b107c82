"""EUC-KR and GB18030 share their byte ranges: a Korean page saved in EUC-KR must not be read as a page of
rare Chinese characters (the title, the story and every name lost), and Chinese pages in GBK/GB18030 or Big5
must still read as Chinese. Checked on every Korean and Chinese article of the hand-written sets, each
re-encoded in the legacy encodings its script is saved in, whole and cut to random lengths."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from searchnews.corpus.read import decode_bytes

TESTS = Path(__file__).parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANZI = re.compile(r"[\u4e00-\u9fff]")


def articles() -> list[tuple[str, str]]:
    """(text, script) for every hand-set article in Korean or Chinese."""
    found = []
    for gold in sorted(TESTS.glob("*/gold.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            path = gold.parent / "articles" / record["file"]
            if not path.exists():
                continue
            text = path.read_bytes().decode(record.get("encoding") or "utf-8", errors="replace")
            hangul, hanzi = len(HANGUL.findall(text)), len(HANZI.findall(text))
            if hangul > 200:
                found.append((text, "ko"))
            elif hanzi > 200 and hangul == 0:
                found.append((text, "zh"))
    return found


ENCODINGS = {"ko": ("euc_kr",), "zh": ("gbk", "gb18030", "big5")}


@pytest.mark.parametrize("seed", range(3))
def test_korean_and_chinese_pages_decode_as_written(seed):
    rng = random.Random(seed)
    pages = articles()
    assert {script for _, script in pages} == {"ko", "zh"}
    checked = 0
    for text, script in pages:
        for encoding in ENCODINGS[script]:
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue  # a character this encoding lacks (a Big5 page of simplified text)
            if seed:  # a part of the page, cut on a line boundary
                lines = text.splitlines()
                start = rng.randrange(len(lines))
                part = "\n".join(lines[start:start + rng.randrange(5, 40)])
                if len(HANGUL.findall(part)) + len(HANZI.findall(part)) < 60:
                    continue
                text_used, data = part, part.encode(encoding)
            else:
                text_used = text
            assert decode_bytes(data) == text_used.replace("\r\n", "\n") or decode_bytes(data) == text_used, encoding
            checked += 1
    assert checked >= 5


COMMON_HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信"


@pytest.mark.parametrize("seed", range(5))
def test_short_chinese_lines_that_happen_to_be_valid_utf8_read_as_gb(seed):
    """Chat exports and lists have one- and two-character lines; some GB byte pairs are valid UTF-8 by
    chance ('强' is 0xC7 0xBF, UTF-8 'ǿ'), and must not be read as Latin letters in a GB file."""
    rng = random.Random(seed)
    lines = ["".join(rng.choice(COMMON_HANZI) for _ in range(rng.choice((1, 1, 2, 3, 20))))
             for _ in range(rng.randrange(20, 60))]
    text = "\n".join(lines)
    for encoding in ("gbk", "gb18030"):
        assert decode_bytes(text.encode(encoding)) == text
