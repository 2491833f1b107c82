"""A saved e-mail (`.eml`, RFC 5322) read as a mail client shows it: the From / Date / Subject lines a
reader sees, then the text part, decoded by its own charset and transfer encoding.

Why: the transport headers (Received, DKIM, MIME-Version, Content-Type) are no part of anything an
analyst reads, and a quoted-printable or base64 body is unreadable as raw text. The stdlib `email`
package parses the format; the visible header lines are kept because newsletters name themselves there.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

VISIBLE_HEADERS = ("From", "Date", "Subject")


class EmailReadError(ValueError):
    """The message has no text to index."""


def body_part(message: EmailMessage) -> EmailMessage | None:
    part = message.get_body(preferencelist=("plain", "html"))
    return part if isinstance(part, EmailMessage) else None


def part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # an unknown or wrong charset: decode leniently
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else str(payload)
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")


HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")


def refold_headers(data: bytes) -> bytes:
    """A header continued on a line that lost its leading space (a copy, a hand edit) would end the header
    block there and push the rest of the headers into the body: indent it again."""
    head, separator, body = data.partition(b"\r\n\r\n") if b"\r\n\r\n" in data[:65536] else data.partition(b"\n\n")
    if not separator:
        return data
    lines = head.splitlines(keepends=True)
    fixed = [line if index == 0 or line[:1] in b" \t" or HEADER_LINE.match(line) else b" " + line
             for index, line in enumerate(lines)]
    return b"".join(fixed) + separator + body


def read_email(data: bytes) -> tuple[str, str]:
    """(text, fmt): 'text' with the visible header lines above the body, or 'html' (the HTML part as is)."""
    message = BytesParser(policy=policy.default).parsebytes(refold_headers(data))
    if not isinstance(message, EmailMessage):
        raise EmailReadError("not an e-mail message")
    part = body_part(message)
    if part is None:
        raise EmailReadError("e-mail with no text or HTML part")
    body = part_text(part).replace("\r\n", "\n")
    if part.get_content_type() == "text/html":
        return body, "html"
    shown = [f"{name}: {' '.join(str(message[name]).split())}" for name in VISIBLE_HEADERS if message[name]]
    return "\n".join(shown) + "\n\n" + body, "text"
