"""IBAN: country code, check digits and groups of four, checked by stdnum.iban.

The pattern may swallow a following capitalised word ("NL91 ABNA 0417 1643 00
BSN"), so a failing match is retried with its last groups dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import iban

from nlp.recognizers.base import Candidate, Context

_IBAN = re.compile(
    r"(?<![\w-])[A-Za-z]{2} ?\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w-])"
)
_GROUP_END = re.compile(r" ?[A-Za-z0-9]{1,4}$")


class IbanRecognizer:
    name = "iban"
    labels = ("IBAN",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _IBAN.finditer(text):
            raw = m.group()
            while len(raw) >= 12:
                compact = iban.compact(raw)
                if iban.is_valid(compact):
                    end = m.start() + len(raw)
                    yield Candidate("IBAN", m.start(), end, compact, 1.0, True, self.name)
                    break
                raw = _GROUP_END.sub("", raw)
