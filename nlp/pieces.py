"""Long texts in pieces: cut at natural boundaries, analysed with overlapping margins.

spaCy refuses a text over its `max_length` (1,000,000 characters: E088), and a
network's memory grows with the length it is shown at once. So a long text is
cut into pieces. Each piece *owns* the stretch between two cuts (the stretches
partition the text) and is analysed as a window: its stretch plus about
`margin` characters of context on either side. A recogniser's finding is kept
only from the piece that owns its start, so a span that crosses a cut is found
once, whole, by the piece it starts in, with offsets into the whole text; what a
recogniser decides from no more than `margin // 2` characters around a span
comes out as if the whole text had been analysed.

Cuts fall, in this order of preference, after a blank line, after a line end,
after a sentence end, after whitespace; inside a word only where the last half
of a piece holds no whitespace at all (a base64 blob, a run of digits). Windows
start at a line start (else after whitespace) and end at a line end (else at
whitespace) within their margins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

PIECE_CHARS = 100_000  # longest window analysed at once, margins included
MARGIN = 1_000  # context on either side of the stretch a piece owns

# Best first; each cut falls at the end of a match.
_BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n"),  # a blank line
    re.compile(r"\n"),  # a line end
    re.compile(r"[.!?][\"'’”)\]]*\s"),  # a sentence end
    re.compile(r"\s"),  # any whitespace
)
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Piece:
    start: int  # the window analysed is text[start:end]
    end: int
    own_start: int  # the stretch it owns: own_start <= x < own_end
    own_end: int

    def owns(self, position: int) -> bool:
        return self.own_start <= position < self.own_end


def cut_before(text: str, limit: int, lowest: int = 0) -> int:
    """The best cut in text[lowest:limit] (see the module doc); `limit` when there is none.

    A cut is a position: the text before it and the text from it on."""
    limit = min(limit, len(text))
    if limit >= len(text):
        return len(text)
    for boundary in _BOUNDARIES:
        last = max((m.end() for m in boundary.finditer(text, lowest, limit)), default=lowest)
        if last > lowest:
            return last
    return limit


def cuts(text: str, size: int) -> list[int]:
    """0, the cuts, len(text): stretches of at most `size` characters, each at least half
    as long unless it is the last."""
    if size < 2:
        raise ValueError(f"piece size {size} is too small")
    found = [0]
    while len(text) - found[-1] > size:
        found.append(cut_before(text, found[-1] + size, found[-1] + size // 2))
    found.append(len(text))
    return found


def split(text: str, size: int = PIECE_CHARS, margin: int = MARGIN) -> list[Piece]:
    """The pieces of `text`: one (the whole text) when it is at most `size` long, else
    windows of at most `size` characters whose owned stretches partition the text."""
    if len(text) <= size:
        return [Piece(0, len(text), 0, len(text))]
    if size < 4 * margin:
        raise ValueError(f"piece size {size} leaves no room beside margins of {margin}")
    pieces = []
    for a, b in pairwise(cuts(text, size - 2 * margin)):
        start = _window_start(text, a, margin)
        end = _window_end(text, b, margin)
        pieces.append(Piece(start, end, a, b))
    return pieces


def _window_start(text: str, own_start: int, margin: int) -> int:
    """A line start (else a word start) between `margin` and `margin // 2` before own_start."""
    if own_start <= margin:
        return 0
    lo, hi = own_start - margin, own_start - margin // 2
    line = text.find("\n", lo, hi)
    if line >= 0:
        return line + 1
    space = _SPACE.search(text, lo, hi)
    return space.end() if space else lo


def _window_end(text: str, own_end: int, margin: int) -> int:
    """A line end (else a word end) between `margin // 2` and `margin` after own_end."""
    if own_end + margin >= len(text):
        return len(text)
    lo, hi = own_end + margin // 2, own_end + margin
    line = text.rfind("\n", lo, hi)
    if line >= 0:
        return line + 1
    for i in range(hi - 1, lo - 1, -1):
        if text[i].isspace():
            return i + 1
    return hi
