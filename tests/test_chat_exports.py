"""Chat exports that forward a story (LINE, WhatsApp, KakaoTalk text exports): the message records around the
story are chatter, the day separator above a day's messages is not the story's date, and a story in a script
without spaces between words (Thai) still reads as the story. Copy stamps ('saved', 'exported') in other
languages date no publication."""

from __future__ import annotations

import random

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text
from searchnews.extract.dates import find_date_with_evidence

STORY = [
    "BEIJING, June 12 (Reuters) - China's commerce ministry said on Thursday it would tighten reviews of "
    "exports of battery technology, widening controls that already cover lithium processing.",
    "The rules take effect on Aug. 1 and apply to cathode and anode know-how, the ministry said in a statement "
    "posted on its website, adding that licences would be granted case by case.",
    "Analysts said the move would slow plans by several battery makers to build plants in Europe and Southeast "
    "Asia, where local partners had counted on Chinese process technology.",
]
UNDATED_STORY = [paragraph.replace("BEIJING, June 12 (Reuters) - ", "") for paragraph in STORY]
THAI_STORY = [
    "สำนักงานคณะกรรมการส่งเสริมการลงทุนยืนยันว่าจะไม่ขยายเวลาให้ผู้ผลิตรถยนต์ไฟฟ้าที่เข้าร่วมมาตรการส่งเสริม "
    "โดยผู้ผลิตทุกรายต้องผลิตรถในประเทศให้ครบตามจำนวนที่นำเข้าภายในสิ้นปีนี้",
    "เจ้าหน้าที่ระบุว่าขณะนี้มีรถยนต์ไฟฟ้าที่นำเข้าภายใต้มาตรการแล้วจำนวนมาก แต่ผลิตชดเชยในประเทศได้เพียงราวครึ่งหนึ่ง"
    "ของเป้าหมาย และจะมีการตรวจสอบยอดผลิตของแต่ละรายอีกครั้งในเดือนมกราคมปีหน้า",
    "นักวิเคราะห์มองว่าผู้ผลิตจะต้องเร่งผลิตรถเพิ่มในช่วงครึ่งปีหลัง ทำให้สต็อกรถใหม่ในมือผู้จำหน่ายสูงขึ้น "
    "และอาจกดดันให้เกิดการลดราคาอีกระลอกหนึ่งในตลาดรถยนต์ไฟฟ้า",
]
SENDERS = ["Chai Chonburi", "Nan", "Tom Rayong", "刘洋", "김민수", "Ana M."]
CHATTER = ["forwarding this, read it", "ok thanks", "[Sticker]", "stock is still 40 units here 😭",
           "price cut again next month for sure", "收到", "확인했습니다"]


def record(rng: random.Random, style: str) -> str:
    clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    sender, message = rng.choice(SENDERS), rng.choice(CHATTER)
    day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025"
    if style == "tab":
        return f"{clock}\t{sender}\t{message}"
    if style == "header":  # Signal's and Slack's exports: the header alone, the message on the line below
        return f"[2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {clock}:{rng.randint(10, 59)}] {sender}:\n{message}"
    if style == "bracket":
        return f"[{day}, {clock}:{rng.randint(10, 59)}] {sender}: {message}"
    return f"{day}, {clock} - {sender}: {message}"


def chat_around(rng: random.Random, story: list[str], style: str) -> tuple[str, list[str], str]:
    day_line = "2025.06.14 Saturday"
    before = [record(rng, style) for _ in range(rng.randint(1, 3))]
    after = [record(rng, style) for _ in range(rng.randint(2, 4))]
    lines = ["Chat history of the group EV dealers East", "", day_line, *before, "", *("\n".join([p, ""]) for p in story),
             *after]
    return "\n".join(lines) + "\n", before + after, day_line


@pytest.mark.parametrize("seed", range(12))
def test_chat_records_are_removed_and_the_story_kept(seed):
    rng = random.Random(seed)
    style = ("tab", "bracket", "dash")[seed % 3]
    text, records, _ = chat_around(rng, STORY, style)
    cleaned = clean_text(text, boilerplate_patterns())
    assert all(paragraph in cleaned.paragraphs for paragraph in STORY)
    assert not any(part.strip() in cleaned.paragraphs for line in records for part in line.split("\n"))


@pytest.mark.parametrize("seed", range(8))
def test_a_chat_export_with_record_headers_on_their_own_lines(seed):
    rng = random.Random(seed)
    text, records, _ = chat_around(rng, STORY, "header")
    cleaned = clean_text(text, boilerplate_patterns())
    assert all(paragraph in cleaned.paragraphs for paragraph in STORY)
    headers = [line.split("\n")[0] for line in records]
    assert not any(header in cleaned.paragraphs or header in cleaned.date_lines for header in headers)
    # a message between two headers is chatter; the one that runs into the pasted story may be its start
    lines = text.splitlines()
    between = [lines[index + 1] for index, line in enumerate(lines[:-2])
               if line in headers and (lines[index + 2] in headers or index + 2 == len(lines))]
    between += [lines[-1]] if lines[-2] in headers else []
    runs_into_story = lines[lines.index(STORY[0]) - 2]  # the message above the story (a blank line between)
    between = [message for message in between if message != runs_into_story]
    assert between and not any(message in cleaned.paragraphs for message in between)


@pytest.mark.parametrize("seed", range(6))
def test_the_chat_day_separator_is_not_the_story_date(seed):
    rng = random.Random(seed)
    text, _, day_line = chat_around(rng, STORY, ("tab", "bracket", "dash")[seed % 3])
    cleaned = clean_text(text, boilerplate_patterns())
    assert day_line not in cleaned.date_lines
    assert day_line not in cleaned.paragraphs


def test_a_dated_line_above_a_story_is_still_its_date():
    text = "Battery export rules tightened\n\n2025.06.12 Thursday\n\n" + "\n\n".join(STORY) + "\n"
    assert "2025.06.12 Thursday" in clean_text(text, boilerplate_patterns()).date_lines


def test_a_record_carrying_a_paragraph_of_prose_is_left_to_the_story_rules():
    line = f"20:39\tChai Chonburi\t{STORY[1]}"
    text, _, _ = chat_around(random.Random(1), [*STORY[:1], line, *STORY[2:]], "tab")
    assert line.replace("\t", " ") in " ".join(clean_text(text, boilerplate_patterns()).paragraphs).replace("\t", " ")


@pytest.mark.parametrize("seed", range(6))
def test_a_thai_story_forwarded_in_a_chat_is_kept(seed):
    rng = random.Random(seed)
    text, records, _ = chat_around(rng, THAI_STORY, ("tab", "bracket", "dash")[seed % 3])
    cleaned = clean_text(text, boilerplate_patterns())
    assert all(paragraph in cleaned.paragraphs for paragraph in THAI_STORY)
    assert not any(line.strip() in cleaned.paragraphs for line in records)


@pytest.mark.parametrize("stamp", [
    "วันที่บันทึก: 14/06/2025 21:03", "Gespeichert am 14.06.2025", "Exporté le 14/06/2025", "保存时间：2025-06-14 21:03",
    "导出时间：2025-06-14 09:15", "저장일 2025.06.14", "Consultado el 14/06/2025", "エクスポート日時 2025/06/14 21:03",
])
def test_a_copy_stamp_in_any_language_dates_no_publication(stamp):
    assert find_date_with_evidence(None, [stamp], UNDATED_STORY, [stamp])[0] is None


@pytest.mark.parametrize("line", ["Veröffentlicht am 14.06.2025", "Publié le 14 juin 2025", "发布时间：2025-06-14 07:30",
                                  "Published: 14/06/2025 21:03"])
def test_a_publication_stamp_in_the_same_languages_still_dates_the_story(line):
    assert find_date_with_evidence(None, [line], UNDATED_STORY, [line])[0] == "2025-06-14"


@pytest.mark.parametrize("seed", range(6))
def test_the_export_header_is_not_the_headline(seed):
    rng = random.Random(seed)
    headline = "China tightens reviews of battery technology exports"
    text, _, _ = chat_around(rng, [headline, *STORY], ("tab", "bracket", "dash")[seed % 3])
    assert clean_text(text, boilerplate_patterns()).title == headline
