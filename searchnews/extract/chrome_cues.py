"""Page furniture named in any language: the cue words of `data/chrome_cues.tsv` (read also, photo,
source, credit, tags, copyright, share, comments, advertisement, subscribe, notices) in ~15 languages,
and the shapes they take on a line.

The English pattern file knows 'Related: ...' and 'Photo: ...'; a Bisnis page says 'Baca Juga : ...', a
Korean one '(사진=CXMT)', a Chinese one '（图片来源：视觉中国）'. Rather than one pattern per outlet, a
line is judged by shape (a label at its start, a bracketed or dash-led credit at its end, a line that is
only the cue) and the cue lexicon says which concept and language the label is, so `clean` can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from searchnews.extract.line_shape import SAYS

# the labels that may open a line ('Baca Juga : ...') and how much may follow them
LABEL_REST = {"related": 160, "photo": 200, "source": 120, "credit": 60, "tags": 200, "copyright": 200}
ALONE = ("share", "comments", "advertisement", "subscribe", "engagement")
ANYWHERE = (
    "notice",
    "follow",
)  # phrases that make a line near the page's edges a notice wherever they stand  # only ever the whole line (a count at most)
DESCRIPTION = {
    "related": "read-also link",
    "photo": "photo caption",
    "source": "source credit",
    "credit": "editor or reporter credit",
    "tags": "tag line",
    "copyright": "copyright notice",
    "share": "share button",
    "comments": "comment counter",
    "advertisement": "advertisement label",
    "subscribe": "subscription prompt",
    "notice": "copyright or paywall notice",
    "engagement": "like or view counter",
    "follow": "follow prompt",
}
OPEN = "[【（(＜<〔〈《「"
CLOSE = "]】）)＞>〕〉》」"
SEPARATOR = ":：|｜=／/»>-–—·•"
CAPTION_MAX = 350  # a caption is a sentence or two; a longer line with a credit at its end is story text
SENTENCE_END = ".!?。！？\"”'’"
# what a story says that a label never does, in the languages of the lexicon (the English ones are SAYS)
SPEECH = re.compile(
    r"表示|指出|称|稱|说|說|と述べ|라고|밝혔|말했|cho biết|mengatakan|kata|a déclaré|sagte|dijo|disse|заявил"
)


@dataclass(frozen=True)
class Cue:
    phrase: str
    concept: str
    languages: str


def phrase_regex(phrase: str) -> str:
    """A lexicon phrase as a regex: spaces match any whitespace, ' … ' a short gap, and a phrase ending in a
    letter of a spaced script must end a word ('foto' is not the start of 'fotografer')."""
    parts = [r"\s+".join(re.escape(word) for word in part.split()) for part in phrase.split(" … ")]
    text = r".{1,40}?".join(parts)
    last = phrase[-1]
    # ('本网站使用cookie' is a Chinese phrase: the Chinese text after it runs on without a space)
    if last.isalnum() and spaced_script(phrase) and not (
        "\u2e80" <= last <= "\u9fff" or "\uac00" <= last <= "\ud7af" or "\u0e00" <= last <= "\u0e7f"
    ):
        text += r"(?!\w)"
    return text


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Cue]:
    """Folded phrase -> its cue (concept and languages), from data/chrome_cues.tsv."""
    text = resources.files("searchnews").joinpath("data/chrome_cues.tsv").read_text(encoding="utf-8")
    cues: dict[str, Cue] = {}
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        concept, languages, phrase = row.split("\t")
        folded = " ".join(phrase.casefold().split())
        if folded not in cues:  # a phrase shared by languages lists them in one row
            cues[folded] = Cue(folded, concept, languages)
    return cues


def alternation(phrases: list[str]) -> str:
    # longest first, so 'related articles' wins over 'related' and '图片来源' over '图'
    return "|".join(phrase_regex(phrase) for phrase in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def compiled() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str], re.Pattern[str]]:
    """(the line-opening cues by their first letter, a photo cue, a notice phrase anywhere). Opening cues are
    looked up by the line's first letter, so a line costs one short alternation, not ~300 (speed)."""
    cues = lexicon()
    by_first: dict[str, list[str]] = {}
    for phrase, cue in cues.items():
        if cue.concept not in ANYWHERE:
            by_first.setdefault(phrase[0], []).append(phrase)
    photo = [phrase for phrase, cue in cues.items() if cue.concept == "photo"]
    notice = [phrase for phrase, cue in cues.items() if cue.concept in ANYWHERE]
    starts = {first: re.compile(alternation(phrases), re.I) for first, phrases in by_first.items()}
    return starts, re.compile(rf"(?:{alternation(photo)})", re.I), re.compile(alternation(notice), re.I)


@lru_cache(maxsize=1)
def opening_prefixes() -> frozenset[str]:
    """The first two letters of every opening cue (the whole cue when it is one character: '图', '©')."""
    return frozenset(phrase[:2] for phrase, cue in lexicon().items() if cue.concept not in ANYWHERE)


def opening_cue(line: str) -> tuple[str, re.Match[str]] | None:
    """(the opening bracket or '', the cue's match) when the line opens with a cue, after a bracket at most."""
    opener = line[:1] if line[:1] in OPEN else ""
    at = len(opener)
    if opener:
        while at < len(line) and at - len(opener) < 2 and line[at] == " ":
            at += 1
    prefixes = opening_prefixes()
    head = line[at : at + 2].casefold()
    if head not in prefixes and head[:1] not in prefixes:
        return None  # most lines: no cue starts with their first two letters (speed)
    starts, _, _ = compiled()
    pattern = starts.get(head[:1])
    match = pattern.match(line, at) if pattern else None
    return (opener, match) if match else None


def cue_of(text: str) -> Cue | None:
    return lexicon().get(" ".join(text.casefold().split()))


def reason_for(cue: Cue, shape: str = "") -> str:
    return f"{DESCRIPTION[cue.concept]}{shape} (cue '{cue.phrase}', {cue.languages})"


def label_reason(line: str) -> str | None:
    """A line opened by a cue: the cue alone ('Baca Juga', '관련기사', 'Partager'), a label and its content
    ('Baca Juga : Harga Nikel ...', '＜写真＞半導体...', '(사진=CXMT)', 'Republish: ...'), or a wholly bracketed
    credit ('（图片来源：视觉中国）', '（作者：陈子墨 编辑：何欣）')."""
    found = opening_cue(line)
    if found is None:
        return None
    opener, match = found
    cue = cue_of(match.group())
    if cue is None:
        return None
    rest = line[match.end() :].lstrip()
    closed = bool(opener) and rest[:1] in CLOSE
    if closed:
        rest = rest[1:].lstrip()
    if not rest.strip(SEPARATOR + CLOSE + " ()（）0123456789"):  # the cue alone, or with a count
        return reason_for(cue)
    if cue.concept in ALONE:
        return None
    if opener and not closed and line[-1:] in CLOSE and len(line) <= 160:
        return reason_for(cue, ", bracketed")  # '（图片来源：视觉中国）': the whole line is the credit
    if not closed:
        if rest[:1] not in SEPARATOR and not (cue.concept == "copyright" and rest[:1].isdigit()):
            return None  # 'Source of the dispute ...' and 'Photo exports rose' are sentences, not labels
        spaced = rest[1:2].isspace() or line[match.end() : match.end() + 1].isspace()
        if rest[:1] in "-/" and match.group()[-1:].isascii() and not spaced:
            return None  # 'Image-conscious buyers ...', 'Source/destination': a compound word, not a label
        rest = rest[1:].lstrip() if not rest[:1].isdigit() else rest
    if not rest or len(rest) > LABEL_REST[cue.concept] or SAYS.search(rest) or SPEECH.search(rest):
        return None
    return reason_for(cue, ", label")


CREDIT_MARKS = (":", "：", "=", "／", "/", " -", "–", "—", "。", ". ", "▲")  # what leads a credit at a line's end
BRACKETED_TAIL = re.compile(
    rf"[{re.escape(OPEN)}]\s{{0,2}}([^{re.escape(OPEN + CLOSE)}]{{1,60}})[{re.escape(CLOSE)}]\s*$"
)
LED_TAIL = re.compile(r"(?:\s[-–—]|[.。!?！？]|^[▲△▼■□●◆◇◎※])\s{0,2}([^.。!?！？]{1,60})$")


def caption_reason(line: str) -> str | None:
    """A caption that ends on its credit, in any script: '... Bayan Lepas. - Filepic', 'CXMT 허페이 공장 전경
    (사진=CXMT)', '... 深圳数据交易所跨境专区上线仪式现场。图片来源：受访者供图', '... Region. Photo: VCG',
    '... (Asahi Shimbun file photo)'. The credit names a photo cue at its start (then a separator or its end)
    or, inside brackets, at its end; a story sentence ends on a full stop, not on a credit."""
    if len(line) > CAPTION_MAX or line[-1:] in SENTENCE_END:
        return None
    end = line[-62:]
    if line[-1:] not in CLOSE and not any(mark in end for mark in CREDIT_MARKS):
        return None  # no bracket closes the line and no credit separator near its end: no credit (speed)
    _, photo, _ = compiled()
    start = max(0, len(line) - 80)
    bracketed = BRACKETED_TAIL.search(line, start) if line[-1:] in CLOSE else None
    tail = bracketed or LED_TAIL.search(line, start)
    if tail is None:
        return None
    credit = tail.group(1).strip().lstrip("-–—·•|: ")
    if not credit or SAYS.search(credit) or SPEECH.search(credit):
        return None
    lead = photo.match(credit)
    if lead and (lead.end() == len(credit) or credit[lead.end() :].lstrip()[:1] in SEPARATOR):
        return reason_for(cue_of(lead.group()) or Cue(lead.group(), "photo", "?"), ", credit at the end")
    if bracketed:  # '(Asahi Shimbun file photo)': the cue closes the credit
        ending = photo.search(credit, max(0, len(credit) - 16))
        if ending and ending.end() == len(credit) and (cue := cue_of(ending.group())):
            return reason_for(cue, ", credit at the end")
    return None


# bytes.translate and split: ~4x cheaper than a regex or str.translate on the ASCII lines most text is made of
ASCII_PUNCTUATION = b".,;:!?\"'()[]{}/|-"
ASCII_PUNCTUATION_TO_SPACE = bytes.maketrans(ASCII_PUNCTUATION, b" " * len(ASCII_PUNCTUATION))
KEY_WORD = re.compile(r"[^\W\d_]{2,}")


def spaced_script(text: str) -> bool:
    """Latin, Greek or Cyrillic: words are split by spaces and regex word characters cover the letters."""
    return all(ch < "\u0530" or not ch.isalpha() for ch in text)


@lru_cache(maxsize=1)
def notice_keys() -> tuple[frozenset[str], tuple[str, ...]]:
    """A key for each notice phrase a line must contain before the phrase is sought: its longest word in
    spaced scripts ('reserved'), its first chunk in others ('保留所有权利', '무단')."""
    words: set[str] = set()
    chunks: set[str] = set()
    for phrase, cue in lexicon().items():
        if cue.concept not in ANYWHERE:
            continue
        first = phrase.split(" … ")[0]
        if spaced_script(first):
            words.add(max(KEY_WORD.findall(first), key=len))
        else:
            chunks.add(first.split()[0])
    return frozenset(words), tuple(sorted(chunks))


@lru_cache(maxsize=1)
def notice_ascii_keys() -> frozenset[bytes]:
    return frozenset(word.encode() for word in notice_keys()[0] if word.isascii())


NOTICE_MAX = 400  # a notice is a sentence or two of legal or paywall text, never a long paragraph


def notice_reason(line: str) -> str | None:
    """'版權所有 2025 ... 保留所有權利。', 'Tous droits réservés', 'Get 2 free articles every month ...': a line
    that carries a fixed notice phrase and reports nothing (no one says or tells anything in it)."""
    if len(line) > NOTICE_MAX:
        return None
    words, chunks = notice_keys()
    ascii_words = notice_ascii_keys()
    folded = line.casefold()
    if folded.isascii():
        found_key = not ascii_words.isdisjoint(folded.encode().translate(ASCII_PUNCTUATION_TO_SPACE).split())
    else:
        found_key = not words.isdisjoint(KEY_WORD.findall(folded)) or any(chunk in folded for chunk in chunks)
    if not found_key:
        return None  # no notice's key word in the line: most lines, decided without the long alternation (speed)
    if SAYS.search(line) or SPEECH.search(line):
        return None
    _, _, notice = compiled()
    found = notice.search(line)
    if found is None:
        return None
    phrase = " ".join(found.group().casefold().split())
    cue = cue_of(phrase) or next(
        (
            cue
            for key, cue in lexicon().items()
            if cue.concept in ANYWHERE and re.fullmatch(phrase_regex(key), phrase, re.I)
        ),
        None,
    )
    return reason_for(cue) if cue else f"{DESCRIPTION['notice']} (cue '{phrase}')"


def cue_reason(line: str) -> str | None:
    """Why the line is page furniture by the multilingual cues, or None."""
    return label_reason(line) or caption_reason(line) or notice_reason(line)


def is_related_heading(line: str) -> bool:
    """'Baca Juga', '関連記事', '延伸閱讀：': a heading that opens a list of links to other stories."""
    found = opening_cue(line)
    if found is None or (cue := cue_of(found[1].group())) is None or cue.concept != "related":
        return False
    match = found[1]
    return not line[match.end() :].strip(SEPARATOR + CLOSE + " ")


BAR_MARK = re.compile(r"[|｜·•\t\u3000]|[ \u00a0]{2}")  # a literal-led search: cheaper than BAR_SEPARATOR's \s*
BAR_SEPARATOR = re.compile(r"\s*[|｜·•]\s*|[ \u00a0\u3000]{2,}|\t+|\u3000")
COUNT = re.compile(r"[\d.,]+\s?[kKmM万萬]?")
ENGAGEMENT = ("engagement", "share", "comments")


def counter_bar_reason(raw_line: str) -> str | None:
    """'点赞 8421 | 投币 3207 | 收藏 5126 | 分享 962', '412 agreed · 63 comments · Share · Like', '👍 3.1K   Share
    Download   Save': the buttons and counters under a post, in any language: three or more short items, most of
    them an engagement cue (with or without its count), the rest counts or a word or two."""
    line = raw_line.strip()
    if len(line) > 200 or not BAR_MARK.search(line):
        return None
    items = [item for item in BAR_SEPARATOR.split(line) if item]
    if len(items) < 3:
        return None
    cues = []
    for item in items:
        words = COUNT.sub(" ", "".join(ch if ch.isalnum() or ch in " '" else " " for ch in item)).split()
        if len(words) > 2:
            return None
        cue = cue_of(" ".join(words)) if words else None
        if cue is not None and cue.concept in ENGAGEMENT:
            cues.append(cue)
    if len(cues) < 2 or 2 * len(cues) < len(items):
        return None
    return reason_for(cues[0], f", a bar of {len(items)} buttons and counters")
