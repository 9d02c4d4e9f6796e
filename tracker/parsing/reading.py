"""Bytes -> text: detect the encoding, refuse what is not text, normalise line endings.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise strict UTF-8; otherwise GB18030
(a superset of GBK and GB2312, so GBK files are read and recorded as "gb18030"). The raw bytes are never
changed: callers keep them (and their sha256) for provenance.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters, private-use code points and U+FFFD: what binary data or a wrong decoding produces.
_NOISE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")
# Share of such characters above which a decoded "text" is judged to be noise.
_MAX_NOISE = 0.02


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
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableSource("the file is neither UTF-8, UTF-16 with a byte-order mark, nor GB18030/GBK")


def _noise_share(text: str) -> float:
    return len(_NOISE.findall(text)) / len(text)
