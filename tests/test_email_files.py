"""Saved e-mails (.eml) are ingested and read as a mail client shows them: the From / Date / Subject
lines, then the text part decoded by its own charset and transfer encoding; the transport headers
(Received, DKIM, MIME-Version) never reach the index or a snippet."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchnews.cli.commands import cli
from searchnews.corpus.read import CorpusFile, ReadError, read_file
from searchnews.engine.whoosh.schema import open_index

STORY = ("Thai officials said on Monday that café owners and carmakers alike would face new rules, "
         "and that the subsidy deadline of next year would not move.\n\n"
         "The ministry’s statement said penalties would follow for makers that miss production targets.\n")


def saved_mail(charset: str = "iso-8859-1", transfer: str = "quoted-printable") -> bytes:
    message = EmailMessage()
    message["From"] = "Policy Wire Daily <news@policywire.example>"
    message["To"] = "reader@example.org"
    message["Date"] = "Mon, 17 Nov 2025 09:13:55 +0700"
    message["Subject"] = "Thai subsidy deadline stays"
    message.set_content(STORY.replace("’", "'") if charset == "iso-8859-1" else STORY, charset=charset, cte=transfer)
    raw = message.as_bytes()
    return b"Received: from mx.example.net by relay.example.net; Mon, 17 Nov 2025 09:14:02 +0700\n" + raw


@pytest.mark.parametrize(("charset", "transfer"), [("iso-8859-1", "quoted-printable"), ("utf-8", "base64")])
def test_an_eml_file_reads_as_its_visible_headers_and_decoded_text(tmp_path, charset, transfer):
    path = tmp_path / "brief.eml"
    path.write_bytes(saved_mail(charset, transfer))
    [document], problems = read_file(CorpusFile(path, "brief.eml"))
    assert not problems
    assert "café owners and carmakers" in document.text
    assert "From: Policy Wire Daily" in document.text and "Subject: Thai subsidy deadline stays" in document.text
    assert "Received:" not in document.text and "MIME-Version" not in document.text
    assert "=E9" not in document.text  # no quoted-printable left


def test_a_header_continued_without_indentation_does_not_push_headers_into_the_body(tmp_path):
    data = (b"Received: from mail.example.org (mail.example.org [203.0.113.24])\n"
            b"by mx.example.net with ESMTPS id 4f2a1c9\n"
            b"MIME-Version: 1.0\nSubject: Brief\nContent-Type: text/plain; charset=UTF-8\n\n" + STORY.encode())
    path = tmp_path / "a.eml"
    path.write_bytes(data)
    [document], _ = read_file(CorpusFile(path, "a.eml"))
    assert "MIME-Version" not in document.text and "ESMTPS" not in document.text
    assert STORY.split("\n")[0] in document.text


def test_an_eml_with_no_text_part_is_a_clear_read_error(tmp_path):
    message = EmailMessage()
    message["Subject"] = "scan"
    message.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="scan.png")
    path = tmp_path / "scan.eml"
    path.write_bytes(message.as_bytes())
    with pytest.raises(ReadError, match="no text"):
        read_file(CorpusFile(path, "scan.eml"))


def test_ingest_indexes_eml_files_beside_text_files(tmp_path: Path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "brief.eml").write_bytes(saved_mail())
    (corpus / "note.txt").write_text("Ministry note on batteries\n\n" + STORY.replace("Thai", "Korean"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    with open_index(index_dir).searcher() as searcher:
        stored = {str(fields["id"]): str(fields.get("body", "")) for fields in searcher.all_stored_fields()}
    assert set(stored) == {"brief.eml", "note.txt"}
    assert "café owners" in stored["brief.eml"] and "Received" not in stored["brief.eml"]


def test_damaged_eml_files_are_read_or_refused_with_a_read_error_never_another_exception(tmp_path):
    import random

    rng = random.Random(20261203)
    good = saved_mail()
    for trial in range(200):
        data = bytearray(good)
        for _ in range(rng.randint(1, 40)):  # flip, drop and insert bytes anywhere, headers included
            position = rng.randrange(len(data))
            action = rng.random()
            if action < 0.4:
                data[position] = rng.randrange(256)
            elif action < 0.7:
                del data[position]
            else:
                data.insert(position, rng.choice(b"\n\r:=?;\x00\xff-"))
        path = tmp_path / f"m{trial}.eml"
        path.write_bytes(bytes(data) or b"x")
        try:
            documents, _problems = read_file(CorpusFile(path, path.name))
        except ReadError:
            continue
        assert all(isinstance(document.text, str) for document in documents)
