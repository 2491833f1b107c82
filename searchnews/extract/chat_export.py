"""Lines of a chat export (LINE, WhatsApp, Telegram, WeChat, Slack copies) that forwards a story: each message
record opens with its time and its sender ('20:38<TAB>Name<TAB>message', '[12/06/2025, 20:38] Name: message',
'12/06/2025, 20:38 - Name: message'). The record's chatter is not the story; the day separator printed above a
day's messages ('2025.06.14 Saturday') is the day of the chat, not the publication date of the story forwarded."""

from __future__ import annotations

import itertools
import re

from searchnews.extract.line_shape import is_prose, word_count

_CLOCK = r"(?:[AaPp][Mm]\s?)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_DAY = r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}"
# a tab-separated record: time, sender, message (LINE's and KakaoTalk's text exports)
TAB_RECORD = re.compile(rf"\s*{_CLOCK}\t(?P<sender>[^\t]{{1,60}})\t(?P<message>.*)")
# a dated record: '[12/06/2025, 20:38:11] Name: message', '12/06/2025, 20:38 - Name: message', or its header
# alone with the message on the lines below ('[2025-10-03 09:21:15] Tom Wexler:', Signal's and Slack's exports)
DATED_RECORD = re.compile(
    rf"\s*\[?{_DAY},?\s+{_CLOCK}\]?\s*(?:[-–]\s*)?(?P<sender>[^:\[\]]{{1,60}}?):(?:\s(?P<message>.*)|\s*$)"
)


def chat_record_reason(raw_line: str) -> str | None:
    """'chat message' for a chat record whose message is chatter; a record carrying a whole paragraph of
    prose (a story pasted into one message) is left for the story rules."""
    if ":" not in raw_line[:40]:  # every record opens with a clock time: most lines are skipped unread
        return None
    match = TAB_RECORD.match(raw_line) or DATED_RECORD.match(raw_line)
    if match is None or is_prose((match["message"] or "").strip()):
        return None
    return "chat message"


def mark_chat_days(entries: list[list]) -> None:
    """A short dated line directly above a chat message is the chat's day separator: not a date of the story.
    Lines above the first message, when no story prose comes before it, are the export's header ('[LINE] Chat
    history in ...'): not the headline of the story forwarded below."""
    from searchnews.extract.dates import find_date_in_line

    for index in range(1, len(entries)):
        line, reason = entries[index - 1][0], entries[index - 1][1]
        if (entries[index][1] == "chat message" and reason in (None, "date line") and word_count(line) <= 8
                and find_date_in_line(line)):
            entries[index - 1][1] = "chat day"
    records = [index for index, entry in enumerate(entries) if entry[1] == "chat message"]
    for start, end in itertools.pairwise([*records, len(entries)]):
        # a header alone ('[...] Name:'), then one short line before the next header or the end: its message
        if end == start + 2 and entries[start + 1][1] is None and not is_prose(entries[start + 1][0]):
            entries[start + 1][1] = "chat message"
    first = next((index for index, entry in enumerate(entries) if entry[1] == "chat message"), None)
    if first is None or not any(entry[1] == "chat message" for entry in entries[first + 1:]):
        return  # one record-shaped line is no chat export
    above = [index for index in range(first) if entries[index][1] is None]
    if not any(is_prose(entries[index][0]) for index in above):
        for index in above:
            entries[index][1] = "chat export header"
