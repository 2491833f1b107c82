"""Legacy-encoded pages and mail decode to the text their writer saw: a declared charset is honoured,
and Japanese EUC-JP (which byte-shape guessing takes for Chinese GB18030) is among the detected codecs."""

from __future__ import annotations

import pytest

from searchnews.corpus.read import decode_bytes

JAPANESE = "経済産業省は17日、半導体工場への補助金を発表した。東京の記者会見で担当者が説明した。\n" * 3
KOREAN = "산업통상자원부는 15일 반도체 수출 규제를 발표했다. 업계는 환영했다.\n"


def html_page(charset: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">\n<title>t</title></head>\n'
            f"<body><article><p>{body}</p></article></body></html>\n")


def test_euc_jp_japanese_without_any_declaration_decodes():
    assert decode_bytes(JAPANESE.encode("euc_jp")) == JAPANESE


@pytest.mark.parametrize(("declared", "codec", "text"), [
    ("EUC-KR", "euc_kr", KOREAN),
    ("euc-jp", "euc_jp", JAPANESE),
    ("Shift_JIS", "cp932", JAPANESE),
    ("gb2312", "gb18030", "商务部15日宣布对稀土磁体实施出口管制。\n"),
])
def test_a_page_that_declares_its_charset_is_decoded_with_it(declared, codec, text):
    page = html_page(declared, text)
    assert decode_bytes(page.encode(codec)) == page


def test_a_mail_content_type_charset_is_honoured():
    mail = f'Subject: fwd\nContent-Type: text/plain; charset="euc-kr"\n\n{KOREAN}'
    assert decode_bytes(mail.encode("euc_kr")) == mail


def test_a_latin1_declaration_reads_curly_quotes_as_windows_1252():
    page = html_page("iso-8859-1", "Beijing’s “fully” – café")
    assert decode_bytes(page.encode("cp1252")) == page


def test_a_wrong_declaration_falls_back_to_detection():
    # declared Shift_JIS, saved as GB18030 Chinese: the bytes are not valid Shift_JIS
    page = html_page("shift_jis", "商务部宣布对稀土磁体实施出口管制，企业须申请许可证。" * 4)
    data = page.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("cp932")
    assert decode_bytes(data) == page


def test_an_unknown_declared_name_is_ignored():
    page = html_page("x-no-such-charset", "café ’ – only cp1252 bytes")
    assert decode_bytes(page.encode("cp1252")) == page


def test_any_declared_codec_name_never_raises_and_a_bogus_one_falls_back_to_detection():
    # every name Python's codec registry answers to, declared by a Windows-1252 page: decoding never fails,
    # and a declaration that is no document charset ('base64', 'zlib', 'idna', EBCDIC) does not win
    from encodings.aliases import aliases

    page = html_page("{}", "Beijing’s “fully” – café crème, as officials said on Monday.")
    for name in sorted({*aliases, *aliases.values(), "rot13", "hex", "undefined", "unicode_escape"}):
        data = page.replace("{}", name, 1).encode("cp1252")
        text = decode_bytes(data)
        assert isinstance(text, str)
        if name in ("base64", "zlib", "hex", "rot13", "idna", "unicode_escape", "cp037", "undefined"):
            assert "café crème" in text, name
