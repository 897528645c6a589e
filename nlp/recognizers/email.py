"""EMAIL: addresses with a dotted domain and a letter TLD -> lower case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.recognizers.base import Candidate, Context

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)


class EmailRecognizer:
    name = "email"
    labels = ("EMAIL",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _EMAIL.finditer(text):
            if ".." in m.group():
                continue
            yield Candidate("EMAIL", m.start(), m.end(), m.group().lower(), 1.0, True, self.name)
