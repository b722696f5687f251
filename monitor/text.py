"""Bytes from the network -> text, without ever raising.

The charset is taken, in this order, from:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): it cannot be wrong;
2. the ``charset`` parameter of the Content-Type header;
3. the document itself: an XML declaration (``<?xml ... encoding="..."?>``) or an HTML
   ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` in the first 4 KB;
4. charset-normalizer's detector, over the first 64 KB;
5. UTF-8 with undecodable bytes replaced by U+FFFD.

A declared charset is only believed when the bytes decode with it. Two lies are common and
both are caught: windows-1252 bytes labelled UTF-8 fail to decode as UTF-8, so the next
source of truth is tried; UTF-8 bytes labelled windows-1252 or ISO-8859-1 *do* decode (any
byte is a latin-1 character) but into mojibake ("â€™"), so a single-byte label is
overruled when the body is valid UTF-8 with at least one multi-byte sequence, which
legacy-encoded text practically never is.

What it gets wrong: a short document in one legacy single-byte charset labelled with
another (ISO-8859-2 labelled ISO-8859-1) decodes without complaint to the wrong letters;
nothing short of language modelling catches that, and the detector is only asked when no
label decodes at all.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_SINGLE_BYTE_PREFIXES = ("cp125", "iso8859", "latin", "mac", "koi8")
SNIFF_BYTES = 4096
DETECT_BYTES = 65536


@dataclass(frozen=True)
class Decoded:
    """Text and how its charset was chosen."""

    text: str
    encoding: str  # Python codec name
    how: str  # bom | header | document | detected | fallback (+ " (declared X)" when overruled)
    replaced: bool = False  # some bytes could not be decoded and became U+FFFD


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def document_charset(content: bytes) -> str | None:
    head = content[:SNIFF_BYTES]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def codec_name(label: str | None) -> str | None:
    """A charset label -> Python codec name, with the WHATWG rule that latin-1 means cp1252."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    # browsers (and most publishers who say it) mean windows-1252 by latin-1 / us-ascii
    return "cp1252" if name in ("latin_1", "iso8859-1", "ascii") else name


def decode(content: bytes, content_type: str | None = None) -> Decoded:
    """Decode a body with the best charset we can find; never raises."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return _lenient(content[len(bom) :], name, "bom")
    candidates = [
        ("header", codec_name(header_charset(content_type))),
        ("document", codec_name(document_charset(content))),
    ]
    for how, codec in candidates:
        if codec is None:
            continue
        if codec.startswith(_SINGLE_BYTE_PREFIXES) and _is_multibyte_utf8(content):
            return Decoded(content.decode("utf-8"), "utf-8", f"{how} (declared {codec})")
        try:
            return Decoded(content.decode(codec), codec, how)
        except (UnicodeDecodeError, LookupError):
            continue
    if content.isascii():
        return Decoded(content.decode("ascii"), "ascii", "detected")
    if _is_multibyte_utf8(content):
        return Decoded(content.decode("utf-8"), "utf-8", "detected")
    detected = _detect(content[:DETECT_BYTES])
    if detected:
        return _lenient(content, detected, "detected")
    return _lenient(content, "utf-8", "fallback")


def _detect(sample: bytes) -> str | None:
    """charset-normalizer's best guess; among equally good guesses, windows-1252.

    On mostly-ASCII feeds several codepages read the few other bytes without any mess, and
    coherence (a language guess from a handful of letters) decides between them at random:
    cp1250 reads "£" as "Ł" as happily as cp1252 reads it as "£". English-language
    publishers' legacy charset is windows-1252, so it wins whenever it is among the least
    messy readings.
    """
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + 0.01]
    if any("cp1252" in m.could_be_from_charset for m in clean):
        return "cp1252"
    return str(min(clean, key=lambda m: -m.coherence).encoding)


def _lenient(content: bytes, name: str, how: str) -> Decoded:
    try:
        return Decoded(content.decode(name), name, how)
    except (UnicodeDecodeError, LookupError):
        return Decoded(
            content.decode(name if _known(name) else "utf-8", "replace"), name, how, True
        )


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _is_multibyte_utf8(content: bytes) -> bool:
    if content.isascii():
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][\w.:-]+["']""", re.I)


def as_utf8_xml(content: bytes, content_type: str | None) -> tuple[bytes, str, Decoded]:
    """A feed re-encoded as UTF-8, its XML declaration and Content-Type saying so.

    feedparser then never has to guess, and a lying header can no longer mislead it.
    """
    decoded = decode(content, content_type)
    text = _XML_DECL_ENCODING.sub(r"\1", decoded.text, count=1)
    media = (content_type or "application/xml").split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{media}; charset=utf-8", decoded
