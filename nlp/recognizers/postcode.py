"""POSTCODE: 1234 AB -> 1234AB, checked by stdnum.nl.postcode (no SA/SD/SS, no 0xxx).

Lower-case letters count only when glued to the digits ("3512lg"); "2019 en"
is a year and a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import postcode

from nlp.recognizers.base import Candidate, Context

_POSTCODE = re.compile(r"(?<![\w,.-])[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})(?![\w-])")


class PostcodeRecognizer:
    name = "postcode"
    labels = ("POSTCODE",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _POSTCODE.finditer(text):
            value = m.group().replace(" ", "").upper()
            if postcode.is_valid(value):
                yield Candidate("POSTCODE", m.start(), m.end(), value, 0.85, True, self.name)
