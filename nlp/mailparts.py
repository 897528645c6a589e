"""A mail body in parts: own text, quoted or forwarded text, signature and disclaimer.

Line-based and language-aware for Dutch and English mail: a forwarded or replied
chain starts at a header block ("-----Oorspronkelijk bericht-----", "Van: ...",
"On ... wrote:") or at lines quoted with ">"; a signature starts at a closing
("Met vriendelijke groet", "Kind regards", "-- ") and runs to the next part; a
disclaimer is a paragraph of confidentiality or policy boilerplate. Each part keeps
its character span in the body, so the parts can be shown in the item view and the
classifier can be given only the parts that carry a signal (`classified_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OWN = "eigen tekst"
QUOTED = "geciteerd of doorgestuurd"
SIGNATURE = "ondertekening"
DISCLAIMER = "disclaimer"
KINDS: tuple[str, ...] = (OWN, QUOTED, SIGNATURE, DISCLAIMER)
# What the classifier reads: a signal may sit only in the forwarded part of a chain
# ("zie onderstaande melding"), so quoted text counts; a signature or a disclaimer
# never carries a signal but often names offences ("wij bestrijden mensenhandel").
COUNTED_KINDS = frozenset({OWN, QUOTED})

_CHAIN_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:oorspronkelijk bericht|original message|doorgestuurd bericht"
    r"|forwarded message|begin forwarded message)\s*-*"
    r"|(?:van|from)\s*:\s*\S.*"
    r"|op .{5,80}\bschreef\b.*:"
    r"|on .{5,80}\bwrote\b.*:"
    r"|begin doorgestuurd bericht\s*:?)\s*$",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^\s*>")
_CLOSING = re.compile(
    r"^\s*(?:met (?:vriendelijke|hartelijke) groet(?:en)?|vriendelijke groet(?:en)?"
    r"|hoogachtend|groet(?:en|jes)?|mvg|m\.v\.g\.|kind regards|best regards|regards"
    r"|best wishes|sincerely|yours sincerely|yours faithfully|cheers|--\s*)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
_DISCLAIMER_WORDS = re.compile(
    r"uitsluitend bestemd|vertrouwelijk|geadresseerde|per vergissing|ten onrechte"
    r"|disclaimer|confidential|intended (?:solely )?for|intended recipient|privileged"
    r"|notify the sender|informeer de afzender|zero tolerance|aansprakelijk|liability"
    r"|modern slavery act|gedragscode|code of conduct",
    re.IGNORECASE,
)
_MIN_DISCLAIMER_HITS = 2  # one such word in a real message is common; boilerplate has more


@dataclass(frozen=True)
class Part:
    kind: str
    start: int
    end: int


def split_mail(text: str) -> list[Part]:
    """The parts of a mail body, in order, covering the whole text."""
    lines = text.splitlines(keepends=True)
    kinds: list[str] = []
    state = OWN
    for line in lines:
        if _CHAIN_START.match(line) or _QUOTE_LINE.match(line):
            state = QUOTED
        elif _CLOSING.match(line) and state == OWN:
            state = SIGNATURE
        kinds.append(state)
    _mark_disclaimers(lines, kinds)
    parts: list[Part] = []
    offset = 0
    for line, kind in zip(lines, kinds, strict=True):
        end = offset + len(line)
        if parts and parts[-1].kind == kind:
            parts[-1] = Part(kind, parts[-1].start, end)
        else:
            parts.append(Part(kind, offset, end))
        offset = end
    return parts


def _mark_disclaimers(lines: list[str], kinds: list[str]) -> None:
    """Paragraphs (blank-line separated) with disclaimer boilerplate become DISCLAIMER."""
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or not lines[i].strip():
            paragraph = "".join(lines[start:i])
            if len(_DISCLAIMER_WORDS.findall(paragraph)) >= _MIN_DISCLAIMER_HITS:
                for j in range(start, i):
                    kinds[j] = DISCLAIMER
            start = i + 1


def classified_text(text: str) -> str:
    """The parts the classifier reads (own and quoted text), in order; the whole text
    when nothing would be left."""
    kept = "".join(text[p.start : p.end] for p in split_mail(text) if p.kind in COUNTED_KINDS)
    return kept if kept.strip() else text
