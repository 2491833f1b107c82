"""Find article files, decode their bytes, and split each file into raw documents by format."""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from searchnews.article import RawDocument
from searchnews.corpus.json_records import TEXT_KEYS, article_records, body_of, record_metadata

TEXT_SUFFIXES = {".txt", ".md"}
EMAIL_SUFFIXES = {".eml"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | EMAIL_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024  # a bigger "article" is a dump or a mistake: report it, don't index it


class ReadError(Exception):
    """A file that cannot be turned into documents; the message is the reason shown to the user."""


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    rel_id: str  # stable id: the path relative to the corpus root, with forward slashes


def find_files(root: Path) -> Iterator[CorpusFile]:
    """Supported files under root (or root itself), sorted, skipping hidden and editor-temporary files."""
    if root.is_file():
        yield CorpusFile(root, root.name)
        return
    if not root.is_dir():
        raise ReadError(f"{root}: no such file or directory")
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_ignored_name(name):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield CorpusFile(path, path.relative_to(root).as_posix())


def is_ignored_name(name: str) -> bool:
    """Hidden files and the temporary files editors and downloaders leave behind."""
    return (
        name.startswith((".", "~", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp", ".part", ".crdownload"))
    )


def decode_bytes(data: bytes) -> str:
    """Decode with BOMs honoured, UTF-8 first, then Windows-1252 or GB18030 judged from the byte shape,
    then detection; never a silent Latin-1 guess. Text that is UTF-8 mis-decoded once ('â€™') is repaired."""
    if data.startswith(b"\xef\xbb\xbf"):
        return repair_mojibake(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096] and not looks_like_utf16(data):
        raise ReadError("binary file (contains NUL bytes)")
    if looks_like_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    try:
        return repair_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = decode_declared(data)
    if declared is not None:
        return declared
    mixed = decode_mixed_lines(data)
    if mixed is not None:
        return mixed
    legacy = decode_legacy(data)
    if legacy is not None:
        return legacy
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is None:
        raise ReadError("undecodable text (not UTF-8, UTF-16 or a known legacy encoding)")
    return str(best)


# the legacy encodings news pages are still saved in; single-byte codecs beyond these (cp1250, cp1258, KOI8-R)
# win detection on short Western text ('crème' read as 'crčme'), so they are left to a declared charset
DETECTED_ENCODINGS = ("cp1252", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1251", "iso8859_2",
                      "utf_16")
# <meta charset=...>, <meta http-equiv content="...; charset=...">, <?xml encoding=...?>, a MIME Content-Type
DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)


# what browsers decode a declaration as: its superset (a Latin-1 page with curly quotes is Windows-1252)
DECLARED_SUPERSETS = {"iso8859-1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932",
                      "euc_kr": "cp949", "big5": "big5hkscs"}


# codecs Python knows that no page or mail declares as its charset in earnest (or that were already tried)
NOT_DOCUMENT_CHARSETS = frozenset({"utf-8", "ascii", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
                                   "utf-7", "undefined", "mbcs", "oem"})


def decode_declared(data: bytes) -> str | None:
    """The charset a page, XML file or e-mail declares in its head, when the bytes decode with it: a
    declaration is stronger evidence than guessing from byte shapes (EUC-JP looks like GB18030)."""
    match = DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if codec in NOT_DOCUMENT_CHARSETS or codec.startswith(("utf-16", "utf-32")):
        return None  # already tried, or no charset a page is written in ('base64', 'idna', 'unicode_escape')
    codec = DECLARED_SUPERSETS.get(codec, codec)
    try:
        text = data.decode(codec)
        # the charsets pages are written in keep ASCII as ASCII: the declaration itself reads the same
        if data[: match.end()].decode(codec) != data[: match.end()].decode("latin-1"):
            return None
    except (UnicodeError, LookupError):  # the bytes do not fit, or a bytes-to-bytes codec ('zlib')
        return None
    return text


HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
NON_ASCII = re.compile(rb"[\x80-\xff]")


def decode_mixed_lines(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and Windows-1252 sources: UTF-8 lines decoded as UTF-8, the
    others as the legacy encoding they look like. None when no line is non-ASCII UTF-8 (not mixed)."""
    lines = data.split(b"\n")
    utf8 = [not NON_ASCII.search(line) or is_utf8(line) for line in lines]
    legacy_text = decode_legacy(b"\n".join(line for line, ok in zip(lines, utf8, strict=True) if not ok))
    if legacy_text is not None and HANZI_TEXT.search(legacy_text):
        # a GB file: a short line of two-byte UTF-8 sequences is as likely GB pairs ('[强]' is 0xC7 0xBF,
        # valid UTF-8 'ǿ'); the file's majority decides
        utf8 = [ok and not is_ambiguous_pairs(line) for line, ok in zip(lines, utf8, strict=True)]
        legacy_text = decode_legacy(b"\n".join(line for line, ok in zip(lines, utf8, strict=True) if not ok))
    if not any(ok and NON_ASCII.search(line) for line, ok in zip(lines, utf8, strict=True)):
        return None
    if legacy_text is None:
        return None  # not clearly Windows-1252 or GB18030: the whole-file detection decides
    legacy_lines = iter(legacy_text.split("\n"))
    return repair_mojibake("\n".join(line.decode("utf-8") if ok else next(legacy_lines, "")
                                     for line, ok in zip(lines, utf8, strict=True)))


HANZI_TEXT = re.compile(r"[\u4e00-\u9fff]")


def is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_ambiguous_pairs(line: bytes) -> bool:
    """A non-ASCII UTF-8 line whose reading is only two-byte sequences (U+0080-U+07FF) that also reads
    as CJK in GB18030: every GB character is a byte pair, so short Chinese lines are valid UTF-8 by chance."""
    if not NON_ASCII.search(line) or any(ord(ch) >= 0x800 for ch in line.decode("utf-8")):
        return False  # three-byte UTF-8 (CJK, curly quotes): a GB line forms these far less often
    try:
        legacy = line.decode("gb18030")
    except UnicodeDecodeError:
        return False
    non_ascii = [ch for ch in legacy if ord(ch) > 127]
    return bool(non_ascii) and all(CJK_OR_PUNCT.match(ch) for ch in non_ascii)


CJK_OR_PUNCT = re.compile(r"[\u2010-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def decode_legacy(data: bytes) -> str | None:
    """Windows-1252 or GB18030, told apart by shape: GB text has non-ASCII bytes in pairs that decode to
    Chinese characters and CJK punctuation; Windows-1252 text has mostly lone ones (’ – é)."""
    runs = [len(run) for run in HIGH_RUNS.findall(data)]
    if not runs:
        return data.decode("ascii", errors="replace")
    odd_share = sum(1 for length in runs if length % 2) / len(runs)
    if odd_share < 0.2 and looks_korean(data, runs):
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            text = ""
        if text:
            return text
    if odd_share < 0.2:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        non_ascii = [ch for ch in text if ord(ch) > 127]
        if non_ascii and sum(1 for ch in non_ascii if CJK_OR_PUNCT.match(ch)) >= 0.9 * len(non_ascii):
            return text
    if odd_share >= 0.5:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
        if sum(1 for ch in text if ch.isalpha() and ord(ch) > 127) <= 0.05 * max(1, len(text)):
            return text
    return None


PAIR_LEADS = re.compile(rb"[\xa1-\xfe][\xa1-\xfe]")


def looks_korean(data: bytes, runs: list[int]) -> bool:
    """EUC-KR and GB2312 share their byte ranges, and Korean read as GB18030 is a page of rare Chinese
    characters. Korean text is told by two shapes: its double-byte characters lead with the Hangul rows
    (0xB0-0xC8) or the symbol rows, where Chinese text cannot avoid the rows above 0xC8 for long (的 is
    0xB5C4 but 中 0xD6D0, 是 0xCAC7, 在 0xD4DA); and its words are short runs between spaces."""
    leads = [pair[0] for pair in PAIR_LEADS.findall(data)]
    if len(leads) < 20:
        return False
    hangul_rows = sum(1 for lead in leads if 0xB0 <= lead <= 0xC8 or 0xA1 <= lead <= 0xAC)
    short_runs = sorted(runs)[len(runs) // 2] <= 12
    return hangul_rows >= 0.97 * len(leads) and short_runs


MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]{1,3}")


def cp1252_bytes(segment: str) -> bytes:
    """Windows-1252 bytes of a segment, passing through the C1 controls browsers map 0x81/0x8D/0x8F/0x90/0x9D to."""
    return b"".join(ch.encode("cp1252") if ord(ch) > 255 or not 0x80 <= ord(ch) <= 0x9F else bytes([ord(ch)])
                    for ch in segment)


def repair_mojibake(text: str) -> str:
    """'Tencentâ€™s' -> 'Tencent’s': UTF-8 bytes that were once decoded as Windows-1252 and re-saved.
    Each garbled sequence is repaired on its own, so one unrepairable spot does not block the rest."""
    if not MOJIBAKE.search(text):
        return text

    def repair(match: re.Match[str]) -> str:
        segment = match.group(0)
        for length in range(len(segment), 1, -1):
            try:
                return cp1252_bytes(segment[:length]).decode("utf-8") + segment[length:]
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        return segment

    return MOJIBAKE.sub(repair, text)


def looks_like_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 of mostly-ASCII text has a NUL in every other byte."""
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


def read_file(corpus_file: CorpusFile, max_bytes: int = MAX_FILE_BYTES) -> tuple[list[RawDocument], list[str]]:
    """All documents in one file, plus per-record problems (a JSON line with no text, say)."""
    path = corpus_file.path
    import stat

    try:
        # O_NONBLOCK: a FIFO must not hang us; then only regular files are read, never past the cap
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise ReadError("is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise ReadError("not a regular file")
            if info.st_size > max_bytes:
                raise ReadError(f"too large ({info.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB cap)")
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise ReadError(f"too large (> {max_bytes / 1e6:.0f} MB cap)")
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    if not data.strip():
        raise ReadError("empty file")
    return documents_from_bytes(corpus_file, data)


def documents_from_bytes(corpus_file: CorpusFile, data: bytes) -> tuple[list[RawDocument], list[str]]:
    """The documents a file's bytes hold: an e-mail is parsed as one (its parts carry their own charsets),
    any other file is decoded, then split by its kind."""
    if corpus_file.path.suffix.lower() in EMAIL_SUFFIXES:
        from searchnews.corpus.email_message import EmailReadError, read_email

        try:
            text, fmt = read_email(data)
        except EmailReadError as error:
            raise ReadError(str(error)) from None
        except Exception as error:  # noqa: BLE001 - a malformed message is one bad file, never a traceback
            raise ReadError(f"unreadable e-mail ({type(error).__name__})") from None
        document = RawDocument(corpus_file.rel_id, corpus_file.rel_id, text, fmt)
        return (split_oversized([document]) if fmt == "text" else [document]), []
    return split_documents(corpus_file, decode_bytes(data))


MAX_DOCUMENT_CHARS = 2_000_000  # a longer plain-text "article" (a dump, a 15 MB single line) is indexed in parts


def split_oversized(documents: list[RawDocument]) -> list[RawDocument]:
    """Plain-text documents over MAX_DOCUMENT_CHARS become parts (`id#part2`, ...), cut at a line break
    or a space: cleaning and indexing one 15 MB line took ~400 MB; parts keep memory to a few times
    the file size, and every word stays searchable."""
    result = []
    for document in documents:
        if document.fmt != "text" or len(document.text) <= MAX_DOCUMENT_CHARS:
            result.append(document)
            continue
        text, start, number = document.text, 0, 1
        while start < len(text):
            end = min(len(text), start + MAX_DOCUMENT_CHARS)
            if end < len(text):
                cut = text.rfind("\n", start + MAX_DOCUMENT_CHARS // 2, end)
                if cut < 0:
                    cut = text.rfind(" ", start + MAX_DOCUMENT_CHARS // 2, end)
                end = cut + 1 if cut >= 0 else end
            doc_id = document.doc_id if number == 1 else f"{document.doc_id}#part{number}"
            result.append(RawDocument(doc_id, document.path, text[start:end], document.fmt, dict(document.meta)))
            start, number = end, number + 1
    return result


def split_documents(corpus_file: CorpusFile, text: str) -> tuple[list[RawDocument], list[str]]:
    suffix = corpus_file.path.suffix.lower()
    path_text = corpus_file.rel_id  # the key the index knows the file by
    if suffix in HTML_SUFFIXES:
        return [RawDocument(corpus_file.rel_id, path_text, text, "html")], []
    if suffix in JSON_SUFFIXES:
        documents, problems = split_json(corpus_file, text)
        return split_oversized(documents), problems
    return split_oversized([RawDocument(corpus_file.rel_id, path_text, text, "text")]), []


def split_json(corpus_file: CorpusFile, text: str) -> tuple[list[RawDocument], list[str]]:
    """JSON lines (or one JSON array/object): one document per record that carries text."""
    records: list[tuple[int, object]] = []
    problems: list[str] = []
    stripped = text.lstrip()
    if corpus_file.path.suffix.lower() == ".json" and stripped[:1] in "[{":
        try:
            loaded = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise ReadError(f"invalid JSON: {error.msg} at line {error.lineno}") from None
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, 100k-deep nesting
            raise ReadError(f"unreadable JSON ({json_problem(error)})") from None
        items = loaded if isinstance(loaded, list) else [loaded]
        records = list(enumerate(items, start=1))
    else:
        for line_number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((line_number, json.loads(line)))
            except json.JSONDecodeError as error:
                problems.append(f"{corpus_file.rel_id}#{line_number}: invalid JSON ({error.msg})")
            except (ValueError, RecursionError) as error:  # one bad record never loses the file's others
                problems.append(f"{corpus_file.rel_id}#{line_number}: unreadable JSON ({json_problem(error)})")
    documents = []
    whole_object = corpus_file.path.suffix.lower() == ".json" and len(records) == 1 and isinstance(records[0][1], dict)
    for number, record in records:
        doc_id = f"{corpus_file.rel_id}#{number}"
        if not isinstance(record, (dict, list)):
            problems.append(f"{doc_id}: record is not a JSON object")
            continue
        found = list(article_records(record))
        if not found:
            problems.append(f"{doc_id}: record has no text (looked for {', '.join(TEXT_KEYS[:4])}, ...)")
            continue
        for inner_number, article in enumerate(found, start=1):
            # an envelope's articles: 'file.json#3' for a whole-file envelope, 'file.jsonl#7.3' inside a line
            inner_id = doc_id if len(found) == 1 else (
                f"{corpus_file.rel_id}#{inner_number}" if whole_object else f"{doc_id}.{inner_number}")
            body = body_of(article) or ""
            fmt = "html" if body.lstrip().startswith("<") and "</" in body else "text"
            documents.append(RawDocument(inner_id, corpus_file.rel_id, body, fmt, record_metadata(article)))
    return documents, problems


def json_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error).split(";")[0][:120]


