"""Bytes -> text: detect the encoding, refuse what is not text, normalise line endings.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise strict UTF-8; otherwise GB18030
(a superset of GBK and GB2312, so GBK files are read and recorded as "gb18030"). The raw bytes are never
changed: callers keep them (and their sha256) for provenance.

Refused, each with its reason: empty, binary (NUL bytes without a UTF-16 mark, or control characters), two
encodings in one file (a UTF-8 part beside a GB18030 part: either reading would be part mojibake), and
"text" whose ideographs are mostly rare characters (random bytes, or UTF-8 read as GB18030).
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass

from tracker.parsing.characters import COMMON_IDEOGRAPHS, IDEOGRAPH

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters, private-use code points and U+FFFD: what binary data or a wrong decoding produces.
_NOISE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
# Share of such characters above which a decoded "text" is judged to be noise.
_MAX_NOISE = 0.02
_IDEOGRAPHS = re.compile(f"[{IDEOGRAPH}]")
# Prose of the genre has 99.8 % of its ideographs among the common ones; random GB2312 bytes 68 %, UTF-8 read as
# GB18030 32 %. Judged on the first ideographs of a file, and only when it has enough of them to judge.
_MIN_COMMON_SHARE = 0.9
_IDEOGRAPHS_JUDGED = 20_000
_MIN_IDEOGRAPHS_JUDGED = 200
# A line that decodes as UTF-8 with this many ideographs is UTF-8 (GB18030 bytes do so by chance for one or two).
_UTF8_LINE_IDEOGRAPHS = 8


class UnreadableSource(Exception):
    """The bytes are empty, binary, or in no encoding the parser reads."""


@dataclass(frozen=True)
class Decoded:
    text: str  # line endings normalised to "\n"
    encoding: str  # "utf-8", "utf-8-sig", "utf-16" or "gb18030"


def decode(data: bytes) -> Decoded:
    """Decode a source file; raise UnreadableSource with a reason a person can act on."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    text, encoding = _decode_text(data)
    if not text.strip():
        raise UnreadableSource("the file holds no text")
    if _noise_share(text) > _MAX_NOISE:
        raise UnreadableSource(f"the file does not look like text (decoded as {encoding})")
    common = _common_share(text)
    if common < _MIN_COMMON_SHARE:
        raise UnreadableSource(
            f"the file does not look like Chinese text: only {common:.0%} of its characters are common ones"
            f" (decoded as {encoding}; random bytes, or a file in another encoding?)"
        )
    return Decoded(normalise_line_endings(text), encoding)


def normalise_line_endings(text: str) -> str:
    """CRLF, CR and the Unicode line/paragraph separators become "\\n"; a form feed (page break) a blank line."""
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
        .replace("\f", "\n\n")
    )


def _decode_text(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableSource(
                    f"the file starts with a {encoding} byte-order mark but is not {encoding}"
                ) from error
    if b"\x00" in data:
        raise UnreadableSource("the file is binary (it contains NUL bytes and no UTF-16 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        _refuse_mixed_encodings(data, error)
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    raise UnreadableSource("the file is neither UTF-8, UTF-16 with a byte-order mark, nor GB18030/GBK")


def _refuse_mixed_encodings(data: bytes, error: UnicodeDecodeError) -> None:
    """Called when the whole file is not UTF-8: raise if a part of it is (before the first bad byte, or a line)."""
    head = data[: error.start].decode("utf-8")
    if len(_IDEOGRAPHS.findall(head)) >= _UTF8_LINE_IDEOGRAPHS:
        line = head.count("\n") + 1
        raise UnreadableSource(
            f"the file mixes encodings: UTF-8 up to line {line}, then another (GB18030?); save it in one encoding"
        )
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_IDEOGRAPHS.findall(decoded)) >= _UTF8_LINE_IDEOGRAPHS:
            raise UnreadableSource(
                f"the file mixes encodings: line {number} is UTF-8, other lines are not; save it in one encoding"
            )


def _common_share(text: str) -> float:
    """The share of common characters among the file's first ideographs (1.0 when there are too few to judge)."""
    judged = list(itertools.islice((m.group() for m in _IDEOGRAPHS.finditer(text)), _IDEOGRAPHS_JUDGED))
    if len(judged) < _MIN_IDEOGRAPHS_JUDGED:
        return 1.0
    return sum(character in COMMON_IDEOGRAPHS for character in judged) / len(judged)


def _noise_share(text: str) -> float:
    return len(_NOISE.findall(text)) / len(text)
