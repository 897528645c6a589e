"""Dutch identifiers: V_NUMMER, BSN, KVK and DOCUMENTNUMMER.

Only the BSN has a checksum (the 11-proef, via python-stdnum); a V-nummer, a
KvK number or a document number is just digits or letters, so those need a cue
word before them ("V-nr.", "KvK", "paspoortnummer") to count at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import bsn

from nlp.recognizers.base import Candidate, Context, judge


def digit_run(n: int) -> re.Pattern[str]:
    """Exactly n digits, optionally grouped by single spaces or dots, not part of more digits."""
    return re.compile(rf"(?<![\w,/-])(?<!\d\.)(?<!\d )\d(?:[ .]?\d){{{n - 1}}}(?![ .,/-]?\d)(?!\w)")


def digits_only(s: str) -> str:
    return re.sub(r"\D", "", s)


_NINE = digit_run(9)
_TEN = digit_run(10)
_EIGHT = digit_run(8)
# How people write a BSN without saying so: 123456782, 123 456 782, 1234.56.782.
_BSN_SHAPE = re.compile(r"\d{9}|\d{3}([ .])\d{3}\1\d{3}|\d{4}([ .])\d{2}\2\d{3}")


class BsnRecognizer:
    name = "bsn"
    labels = ("BSN",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _NINE.finditer(text):
            digits = digits_only(m.group())
            if digits == "000000000" or not bsn.is_valid(digits):
                continue
            bare = 0.55 if _BSN_SHAPE.fullmatch(m.group()) else 0.3
            score, _ = judge(ctx, m.start(), "BSN", bare, 1.0, 0.2)
            yield Candidate("BSN", m.start(), m.end(), digits, score, True, self.name)


class VNummerRecognizer:
    """Ten digits after a V-nummer cue; the cue is part of the span when it directly
    precedes the number ("V-nr 12 345 678 90"), as in the contract's example."""

    name = "v_nummer"
    labels = ("V_NUMMER",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _TEN.finditer(text):
            score, cue = judge(ctx, m.start(), "V_NUMMER", 0.3, 0.95, 0.1)
            start = m.start()
            if cue is not None and cue.kind == "V_NUMMER" and ctx.adjacent(cue, start):
                start = cue.start
            yield Candidate(
                "V_NUMMER", start, m.end(), digits_only(m.group()), score, True, self.name
            )


class KvkRecognizer:
    name = "kvk"
    labels = ("KVK",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _EIGHT.finditer(text):
            score, _ = judge(ctx, m.start(), "KVK", 0.2, 0.95, 0.1)
            yield Candidate(
                "KVK", m.start(), m.end(), digits_only(m.group()), score, True, self.name
            )


# Dutch passport/ID card/residence document: 2 letters, 6 letters or digits, 1 digit;
# the letter O is never used. Other countries' numbers: 6-12 capitals and digits.
_DUTCH_DOC = re.compile(r"(?<![\w-])[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?![\w-])")
_OTHER_DOC = re.compile(r"(?<![\w-])(?=[A-Z]*[0-9])[A-Z0-9]{6,12}(?![\w-])")


class DocumentnummerRecognizer:
    name = "documentnummer"
    labels = ("DOCUMENTNUMMER",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _DUTCH_DOC.finditer(text):
            score, _ = judge(ctx, m.start(), "DOCUMENTNUMMER", 0.4, 0.9, 0.2)
            yield Candidate("DOCUMENTNUMMER", m.start(), m.end(), m.group(), score, True, self.name)
        for m in _OTHER_DOC.finditer(text):
            if _DUTCH_DOC.fullmatch(m.group()):
                continue
            score, _ = judge(ctx, m.start(), "DOCUMENTNUMMER", 0.0, 0.75, 0.0)
            if score:
                yield Candidate(
                    "DOCUMENTNUMMER", m.start(), m.end(), m.group(), score, True, self.name
                )
