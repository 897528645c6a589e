"""TELEFOON: phonenumbers' matcher with the Netherlands as default region -> E.164.

The matcher already demands a valid number for its region (06-…, 020 - 123 45 67,
+31 (0)6 …, +32 470 …); cue words only move the score: "tel."/"bel" raise it, a
case or order number ("zaaknummer 0612345678") drops it. The matcher is slow on
long prose, so it only sees short windows around runs of at least 8 digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from nlp.recognizers.base import Candidate, Context, judge

_DIGIT_RUN = re.compile(r"[+(]?\d[\d \t().\-/]{5,30}\d")
_MIN_DIGITS = 8  # 0800-1234 is the shortest Dutch number worth keeping
_MARGIN = 2  # the matcher looks one character beyond a number (letters, digits)


class PhoneRecognizer:
    name = "phonenumbers"
    labels = ("TELEFOON",)

    def __init__(self, region: str = "NL") -> None:
        self.region = region

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for run in _DIGIT_RUN.finditer(text):
            if sum(c.isdigit() for c in run.group()) < _MIN_DIGITS:
                continue
            offset = max(0, run.start() - _MARGIN)
            window = text[offset : run.end() + _MARGIN]
            for m in PhoneNumberMatcher(window, self.region, leniency=Leniency.VALID):
                start, end = offset + m.start, offset + m.end
                e164 = phonenumbers.format_number(m.number, PhoneNumberFormat.E164)
                score, _ = judge(ctx, start, "TELEFOON", 0.85, 1.0, 0.3)
                yield Candidate("TELEFOON", start, end, e164, score, True, self.name)
