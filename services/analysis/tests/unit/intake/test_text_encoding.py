from __future__ import annotations

import pytest

from analysis_service.domain.intake.text_encoding import codec_name, decode_text, plausibility
from wie_common.errors import InvalidArgument, UnsupportedMediaType

POLISH = (
    "pallet_id;location;description\n"
    "P1;01-01-001A;Zażółć gęślą jaźń\n"
    "P2;01-01-002A;Świeże jabłka, źdźbła\n"
    "P3;01-01-003A;Ząbki łososia\n"
)
CZECH = "pallet_id;location;description\nP1;01-01-001A;Příliš žluťoučký kůň úpěl ďábelské ódy\n"
FRENCH = "pallet_id,location,description\nP1,01-01-001A,Crème brûlée à l'été\nP2,A,Œufs frais\n"
GERMAN = "pallet_id,location,description\nP1,01-01-001A,Müller Größe Straße 5°C\n"
RUSSIAN = "pallet_id;location;description\nP1;01-01-001A;Молоко пастеризованное\nP2;A;Сыр твёрдый\n"


def _read(text: str, encoding: str) -> tuple[str, str]:
    decoded = decode_text(text.encode(encoding), "inv.csv")
    return decoded.data.decode("utf-8"), decoded.encoding


@pytest.mark.parametrize(
    ("text", "written", "named"),
    [
        (POLISH, "cp1250", "cp1250"),
        (POLISH, "iso8859_2", "iso8859-2"),
        (CZECH, "cp1250", "cp1250"),
        (CZECH, "iso8859_2", "iso8859-2"),
        (FRENCH, "cp1252", "cp1252"),
        (GERMAN, "cp1252", "cp1252"),
        (RUSSIAN, "cp1251", "cp1251"),
    ],
)
def test_code_pages_are_detected_and_named(text: str, written: str, named: str) -> None:
    assert _read(text, written) == (text, named)


def test_latin_1_reads_as_its_superset_windows_1252() -> None:
    assert _read(GERMAN, "latin-1") == (GERMAN, "cp1252")


def test_the_mojibake_of_the_issue_loses_to_the_real_word() -> None:
    assert plausibility("Zażółć") > plausibility("Za¿ó³æ")
    assert plausibility("Sample\x9cword") is None  # a C1 control: never a text


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (b"a,b\nx,y\n", "utf-8"),
        ("a,b\nZażółć,y\n".encode(), "utf-8"),
        (b"\xef\xbb\xbfa,b\n", "utf-8-sig"),
        ("a,b\nZażółć,y\n".encode("utf-16"), "utf-16"),
    ],
)
def test_utf_files_and_boms(raw: bytes, named: str) -> None:
    decoded = decode_text(raw, "inv.csv")
    assert decoded.encoding == named
    assert not decoded.data.startswith(b"\xef\xbb\xbf")
    assert decoded.data.decode("utf-8").startswith("a,b\n")


def test_an_explicit_encoding_wins_over_detection() -> None:
    text = "a;b\nP1;Ząb\n"
    decoded = decode_text(text.encode("iso8859_2"), "inv.csv", codec_name("Latin-2"))
    assert (decoded.data.decode(), decoded.encoding) == (text, "iso8859-2")


def test_an_explicit_encoding_the_file_does_not_fit_names_the_line() -> None:
    raw = b"a;b\nx;y\nP1;\xff\xfe\n"
    with pytest.raises(InvalidArgument) as caught:
        decode_text(raw, "inv.csv", "utf-8")
    assert caught.value.reason == "undecodable_text"
    assert caught.value.extra["line"] == 3
    assert "line 3" in caught.value.detail


@pytest.mark.parametrize("option", ["klingon", "base64", "rot13", ""])
def test_unknown_or_non_text_codecs_are_refused(option: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        codec_name(option)
    assert caught.value.errors[0].field == "encoding"


def test_bytes_no_candidate_reads_are_refused_naming_the_option() -> None:
    raw = b"a,b\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x98]) * 3 + b"\n"  # undefined in every candidate
    with pytest.raises(UnsupportedMediaType) as caught:
        decode_text(raw, "inv.csv")
    assert "encoding" in caught.value.detail
