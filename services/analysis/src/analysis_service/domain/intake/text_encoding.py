"""Decode a csv's bytes: a BOM or UTF-8 when the bytes say so, else the most plausible Windows/ISO code page.

Detection scores each candidate on the lines that hold non-ASCII bytes, the way a person reading the result
would judge it: a candidate that yields control characters is out; one that puts a symbol inside a word
(``Za¿ó³æ``), capitals inside a lower-case word or Cyrillic inside a Latin word loses points; each plausible
letter earns one. Ties go to the first candidate of ``CANDIDATES`` (the code pages Excel writes most).
charset-normalizer proposes one more candidate when its guess is none of ours (Greek, Turkish, Baltic …).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

from wie_common.errors import FieldError, InvalidArgument, UnsupportedMediaType

# Python codec names; the report shows them as written here.
CANDIDATES = ("cp1252", "cp1250", "iso8859-2", "cp1251")
SINGLE_BYTE_FAMILIES = ("cp125", "iso8859-", "koi8")
SAMPLE_BYTES = 256 * 1024  # of lines holding non-ASCII bytes; enough for a few thousand such lines
_NON_ASCII_LINES = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class DecodedText:
    data: bytes  # UTF-8 without BOM
    encoding: str  # the codec used: "utf-8", "utf-8-sig", "utf-16", "cp1250", …


def codec_name(option: str) -> str:
    """Check an ``encoding`` upload option; Python's name for it (``Latin-2`` → ``iso8859-2``)."""
    info = _lookup(option.strip())
    if info is None or not _is_text_codec(info):
        raise InvalidArgument(
            f"encoding '{option}' is not a text encoding this service knows (e.g. utf-8, cp1250, latin-2).",
            reason="invalid_encoding",
            errors=[FieldError("encoding", "a codec name such as utf-8, cp1250, iso8859-2")],
            extra={"title": "Invalid encoding", "encoding": option},
        )
    return info.name


def _lookup(name: str) -> codecs.CodecInfo | None:
    # "Latin-2" and "windows1250" are what people write; Python knows "latin2" and "windows-1250"
    squeezed = re.sub(r"[\s_-]+", "", name)
    for variant in (name, squeezed, re.sub(r"^(windows|cp|iso8859)(\d)", r"\1-\2", squeezed, flags=re.I)):
        try:
            return codecs.lookup(variant) if variant else None
        except LookupError:
            continue
    return None


def _is_text_codec(info: codecs.CodecInfo) -> bool:
    # bytes-to-bytes codecs (base64, zlib, rot13 …) are not encodings of text
    return getattr(info, "_is_text_encoding", True)


def decode_text(raw: bytes, file_name: str, encoding: str | None = None) -> DecodedText:
    """The file's text as UTF-8 bytes and the encoding it was read with.

    ``encoding`` (an upload option, already checked by ``codec_name``) wins over detection; a file that is
    not valid text in it is a 422 naming the byte and line.
    """
    if encoding is not None:
        return _decode_as(raw, encoding, file_name)
    if raw.startswith(_UTF8_BOM):
        return _decode_as(raw, "utf-8-sig", file_name)
    if raw.startswith(_UTF16_BOMS):
        return _decode_as(raw, "utf-16", file_name)
    if raw.isascii():
        return DecodedText(raw, "utf-8")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return DecodedText(raw, "utf-8")
    for candidate in rank_candidates(raw):
        try:
            return DecodedText(raw.decode(candidate).encode("utf-8"), candidate)
        except UnicodeDecodeError:
            continue  # a byte the sample did not show is undefined in this code page: try the next
    raise UnsupportedMediaType(
        f"'{file_name}' is not UTF-8 text, and no code page among {', '.join(CANDIDATES)} reads it. "
        "Save it as 'CSV UTF-8', or name its encoding with the upload option 'encoding'.",
        reason="unknown_encoding",
        extra={"title": "Unsupported text encoding", "file_name": file_name, "tried": list(CANDIDATES)},
    )


def _decode_as(raw: bytes, encoding: str, file_name: str) -> DecodedText:
    body = raw
    if codecs.lookup(encoding).name == "utf-8" and raw.startswith(_UTF8_BOM):
        body, encoding = raw[len(_UTF8_BOM) :], "utf-8-sig"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidArgument(
            f"'{file_name}' is not valid {encoding} text: byte {exc.start:,} (line {line}) cannot be read "
            f"in it. Check the encoding the file was saved with.",
            reason="undecodable_text",
            errors=[FieldError("encoding", f"the file is not {encoding}")],
            extra={
                "title": "Wrong text encoding",
                "file_name": file_name,
                "encoding": encoding,
                "line": line,
            },
        ) from exc
    if encoding in ("utf-8-sig", "utf-16") or text.startswith("\ufeff"):
        text = text.removeprefix("\ufeff")
    return DecodedText(text.encode("utf-8"), encoding)


def rank_candidates(raw: bytes) -> list[str]:
    """Code pages that decode the sample, most plausible first."""
    sample = b"\n".join(m.group() for m in _iter_limited(raw))
    candidates = list(CANDIDATES)
    guess = from_bytes(sample).best()
    # only a single-byte code page of the same families: on odd bytes a multi-byte guess reads "letters"
    name = codecs.lookup(guess.encoding).name if guess is not None else ""
    if name.startswith(SINGLE_BYTE_FAMILIES) and name not in candidates:
        candidates.append(name)
    scored = []
    for order, candidate in enumerate(candidates):
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score is not None:
            scored.append((-score, order, candidate))
    return [candidate for _, _, candidate in sorted(scored)]


def _iter_limited(raw: bytes) -> Iterator[re.Match[bytes]]:
    taken = 0
    for match in _NON_ASCII_LINES.finditer(raw):
        yield match
        taken += len(match.group())
        if taken >= SAMPLE_BYTES:
            return


def plausibility(text: str) -> int | None:
    """How much ``text`` reads like words; None when it holds control characters (a wrong code page)."""
    score = 0
    for word in re.finditer(r"[^\s\d,;|\t\"'()\[\]{}/\\.:=+*#<>-]+", text):
        points = _word_points(word.group())
        if points is None:
            return None
        score += points
    return score


def _word_points(word: str) -> int | None:
    if word.isascii():
        return 0
    points = 0
    scripts = set()
    for i, char in enumerate(word):
        if char.isascii():
            if char.isalpha():
                scripts.add("LATIN")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cn"):
            return None
        if category.startswith("L"):
            scripts.add(_script(char))
            # a capital right after a small letter ("jaĽń") is a wrong code page, not a word
            points += -2 if char.isupper() and i and word[i - 1].islower() else 1
        elif 0 < i < len(word) - 1 and word[i - 1].isalpha() and word[i + 1].isalpha():
            points -= 3  # a symbol between letters ("Za¿ó³æ"); "°C" and "m³" are fine
    if len(scripts - {"OTHER"}) > 1:
        points -= 2 * sum(not c.isascii() for c in word)
    elif scripts == {"LATIN"} and len(word) >= 4 and not any(c.isascii() for c in word):
        points -= len(word)  # a word of accented letters only is Cyrillic read as Latin ("Ïðèâåò")
    return points


def _script(char: str) -> str:
    first = unicodedata.name(char, "OTHER").split()[0]
    return first if first in ("LATIN", "CYRILLIC", "GREEK") else "OTHER"
