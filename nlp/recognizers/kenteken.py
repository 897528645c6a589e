"""KENTEKEN: Dutch licence plates by sidecode -> upper case with dashes.

Written with dashes, an exact sidecode in capitals counts by itself; lower case
or without dashes ("VL123B") only right after a cue such as "kenteken", because
"AB123C" is as likely an article code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.recognizers.base import Candidate, Context, judge

# RDW sidecodes 1-14 (L = letter, D = digit).
SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip
# Shape without dashes -> shape with dashes; unambiguous for these 14.
_BY_COMPACT = {code.replace("-", ""): code for code in SIDECODES}
_DASHED = re.compile(r"(?<![\w-])[A-Za-z0-9]{1,3}-[A-Za-z0-9]{2,3}-[A-Za-z0-9]{1,3}(?![\w-])")
_COMPACT = re.compile(r"(?<![\w-])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{6}(?![\w-])")


def shape(s: str) -> str:
    return "".join("D" if c.isdigit() else "L" if c.isalpha() else c for c in s)


def with_dashes(compact: str) -> str | None:
    code = _BY_COMPACT.get(shape(compact))
    if code is None:
        return None
    out, i = [], 0
    for part in code.split("-"):
        out.append(compact[i : i + len(part)])
        i += len(part)
    return "-".join(out).upper()


class KentekenRecognizer:
    name = "kenteken"
    labels = ("KENTEKEN",)

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        for m in _DASHED.finditer(text):
            raw = m.group()
            if shape(raw) not in SIDECODES:
                continue
            base = 0.8 if raw.isupper() else 0.0
            score, _ = judge(ctx, m.start(), "KENTEKEN", base, 1.0, base / 2)
            yield Candidate("KENTEKEN", m.start(), m.end(), raw.upper(), score, True, self.name)
        for m in _COMPACT.finditer(text):
            value = with_dashes(m.group())
            if value is None:
                continue
            score, _ = judge(ctx, m.start(), "KENTEKEN", 0.0, 0.9, 0.0)
            yield Candidate("KENTEKEN", m.start(), m.end(), value, score, True, self.name)
