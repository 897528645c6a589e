"""One text cleanup for every extractor, so that the NLP stage sees one kind of text.

Dutch-aware where it matters: the `ĳ` ligature (U+0133) becomes `ij` so that
"blijft" is found whatever the font did; soft hyphens that word processors put
in long Dutch compounds ("verblijfs\u00advergunning") are dropped; NFC joins
decomposed diacritics (`e` + `¨` -> `ë`) so that "België" matches one way.
Real hyphens and line breaks are left alone: "Noord-\\nHolland" cannot be
told apart from a broken compound without a dictionary.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that look like a space but are not one to a regex or a tokenizer.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u205f\u3000"), " ")
_SPACES.update(dict.fromkeys(range(0x2000, 0x200B), " "))  # en quad .. hair space
# Invisible characters: soft hyphen, zero-width space/joiners, BOM, word joiner.
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LIGATURES = {
    ord("ĳ"): "ij",
    ord("Ĳ"): "IJ",
    ord("ﬁ"): "fi",
    ord("ﬂ"): "fl",
    ord("ﬀ"): "ff",
    ord("ﬃ"): "ffi",
    ord("ﬄ"): "ffl",
    ord("ﬅ"): "st",
    ord("ﬆ"): "st",
}
_TABLE = {**_SPACES, **_DROP, **_LIGATURES, ord("\f"): "\n", ord("\v"): "\n"}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# C0/C1 control characters other than tab and newline (PDFs and broken mails carry them).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise spaces and line ends, drop invisible characters, keep at most one blank line."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n").rstrip()
