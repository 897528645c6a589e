"""normalise_ocr_text: undo what OCR and PDF extraction do to entities, and no more.

The pipeline runs `extract` on the normalised text and reports offsets into it,
so this may change lengths; it only ever touches:
- Unicode form (NFC), ligatures, odd spaces (non-breaking, thin, zero-width,
  soft hyphen) and hyphen look-alikes (U+2010..U+2012, U+2212);
- spaces around '@' between an address's parts: "j.jansen @ voorbeeld.nl";
- spaces before a known top-level domain after '@': "@voorbeeld . nl";
- a word split by a hyphen at a line end: "burgerservice-\\nnummer";
- the letter O between digits: "12O4" -> "1204" (a Dutch document number never
  holds the letter O, so this cannot break one);
- runs of spaces or tabs between digits, collapsed to one space, and spaces
  around '-' or '/' between digits ("12 - 03 - 1990").
Digits are never glued together: "3 1234567" may be two numbers, and the
recognisers read grouped forms ("12 345 678 90", "NL91 ABNA 0417 1643 00") anyway.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", " "),
        **dict.fromkeys("\u202f\u205f\u3000", " "),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
        **dict.fromkeys("\u2010\u2011\u2012\u2212", "-"),
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)
_AT = re.compile(r"(?<=[\w.+-])[ \t]*@[ \t]*(?=[A-Za-z0-9-]+(?:[ \t]?\.[ \t]?[A-Za-z0-9-]+)+)")
_TLD = re.compile(
    r"(@[A-Za-z0-9.-]+?)[ \t]*\.[ \t]*(nl|com|org|net|eu|be|de|info|nu|uk|fr)\b", re.IGNORECASE
)
_HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ÿ])-[ \t]*\r?\n[ \t]*(?=[a-zà-ÿ])")
_LETTER_O = re.compile(r"(?<=\d)[oO](?=\d)")
_DIGIT_GAP = re.compile(r"(?<=\d)[ \t]{2,}(?=\d)")
_DIGIT_SEP = re.compile(r"(?<=\d)[ \t]*([-/])[ \t]*(?=\d)")


def normalise_ocr_text(text: str) -> str:
    """Text with OCR damage to e-mail addresses and numbers repaired (see module doc)."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _AT.sub("@", text)
    text = _TLD.sub(r"\1.\2", text)
    text = _HYPHEN_BREAK.sub("", text)
    text = _LETTER_O.sub("0", text)
    text = _DIGIT_GAP.sub(" ", text)
    return _DIGIT_SEP.sub(r"\1", text)
