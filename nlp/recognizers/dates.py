"""GEBOORTEDATUM and DATUM -> ISO YYYY-MM-DD, with our own Dutch month table.

Handles 12 maart 1990, 12 mrt. 1990, 12-03-1990, 12/3/90, 12.03.1990 and
1990-03-12. A date is a birth date only when a birth cue ("geboren", "geb.",
"geboortedatum", "d.d. geboorte") comes shortly before it with no other number
in between, or "geboren" right after it ("op 12 maart 1990 geboren"); a date
in brackets after a name is not enough.
Two-digit years: birth dates lie in the past; other dates up to ten years ahead.
Dates without a year ("12 maart") are skipped: they have no ISO form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from nlp.recognizers.base import Candidate, Context

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # English months where they differ from the Dutch ones
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_BEFORE = r"(?<![\w/-])(?<!\d[.,:])"
_AFTER = r"(?![\w]|[-/.:,]\d)"
_DATE = re.compile(
    rf"{_BEFORE}(?:"
    rf"(?P<d1>\d{{1,2}})(?P<sep>[-/.])(?P<m1>\d{{1,2}})(?P=sep)(?P<y1>\d{{4}}|\d{{2}})"
    rf"|(?P<y2>(?:19|20)\d{{2}})-(?P<m2>\d{{2}})-(?P<d2>\d{{2}})"
    rf"|(?P<d3>\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?P<mon>{_MONTH_ALT})\.?\s+(?P<y3>\d{{4}}|'\d{{2}})"
    rf"){_AFTER}",
    re.IGNORECASE,
)

_BORN_AFTER = re.compile(r"[ \t]+(?:is[ \t]+)?(geboren)\b")


def full_year(yy: int, birth: bool, today: date) -> int:
    """Century for a two-digit year: a birth is past, other dates may be a little ahead."""
    limit = today.year if birth else today.year + 10
    year = 2000 + yy
    return year if year <= limit else year - 100


def _parse(m: re.Match[str]) -> tuple[int, int, str]:
    """(day, month, year as written)."""
    if m.group("d1"):
        return int(m.group("d1")), int(m.group("m1")), m.group("y1")
    if m.group("y2"):
        return int(m.group("d2")), int(m.group("m2")), m.group("y2")
    return int(m.group("d3")), MONTHS[m.group("mon").lower()], m.group("y3").lstrip("'")


class DateRecognizer:
    name = "dates"
    labels = ("GEBOORTEDATUM", "DATUM")

    def __init__(self, today: date | None = None) -> None:
        self.today = today

    def find(self, text: str, ctx: Context) -> Iterator[Candidate]:
        today = self.today or date.today()
        taken: set[int] = set()  # cues already claimed by the date before them
        for m in _DATE.finditer(text):
            day, month, year_text = _parse(m)
            after = _BORN_AFTER.match(text, m.end())
            if after:  # "op 12 maart 1990 geboren"
                birth = True
                taken.add(after.start(1))
            else:
                cue = ctx.before(m.start(), kinds=("GEBOORTE",), lists=True)
                birth = cue is not None and cue.start not in taken
            year = int(year_text)
            if len(year_text) == 2:
                year = full_year(year, birth, today)
            try:
                value = date(year, month, day)
            except ValueError:
                continue
            if not 1900 <= year <= today.year + 50:
                continue
            label = "GEBOORTEDATUM" if birth and value <= today else "DATUM"
            yield Candidate(label, m.start(), m.end(), value.isoformat(), 0.9, True, self.name)
