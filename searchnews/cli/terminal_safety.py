"""No byte of article text may act on the terminal (issue 11).

Article text is untrusted: an ESC (CSI/OSC sequences: clear screen, window titles, OSC 52 clipboard
writes, OSC 8 links), a C1 control (U+009B is a one-character CSI, U+009D an OSC), a backspace or a
carriage return would act on the terminal. They are made visible at the output edge, in one place
for each kind of output: SafeStream for everything written as text (plain output, CSV, click.echo,
ingest summaries: installed around every command by cli.py), SafeConsole for Rich (its own styling
sequences are added after the text has been made safe), and print_json_lines escapes DEL and C1 as
\\u00XX (JSON escapes C0 already), so JSON stays exact. Newline and tab stay: they are layout.
Every replacement is one character, so Rich's style spans keep their offsets. This module imports
nothing, so wrapping every command's streams costs no start-up time; render.py re-exports it.
"""

from __future__ import annotations

BIDI_CODES = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _safe_table() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}  # ␛ ␍ ␈ ...
    table[0x7F] = "\u2421"  # ␡
    table.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 controls have no picture: �
    # Invisible bidi/format controls reorder what a terminal line shows ("Trojan Source"): the line
    # must read as it is, so they become visible too (one character each, like the rest).
    table.update({code: "\ufffd" for code in BIDI_CODES})
    return table


SAFE_TABLE = _safe_table()


def terminal_safe(text: str) -> str:
    """`text` with every control character but newline and tab replaced by a visible one."""
    return text.translate(SAFE_TABLE)


class SafeStream:
    """A text stream whose writes are made terminal-safe; everything else is the wrapped stream's."""

    def __init__(self, stream) -> None:
        self.raw = stream

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # click writes bytes for some output (shell completion): made safe as text
            text = text.decode(getattr(self.raw, "encoding", None) or "utf-8", "replace")
        self.raw.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        if name == "buffer":  # bytes written to the buffer would bypass the translation
            raise AttributeError(name)
        return getattr(self.raw, name)


def raw_stream(stream):
    """The stream under a SafeStream (Rich writes its own escape sequences there)."""
    return stream.raw if isinstance(stream, SafeStream) else stream


JSON_UNSAFE = {code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *BIDI_CODES)}  # escaped: exact values


