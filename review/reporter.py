"""Reporter protection: who reported a signal is masked, server-side, for roles without
reporter access (`analist`, `datascientist`).

A reporter shows up in three ways: in the mail headers (From, Sender, Reply-To,
Return-Path, Cc), in the phone/desk form (name, phone or e-mail), and in the text
itself. The text is covered by (1) every occurrence of those known names,
addresses and phone numbers, (2) the signature block after a closing
("Met vriendelijke groet," and the lines below it) and (3) first-person contact
phrases ("mijn nummer is ...", "mijn naam is ...", "ik woon op ..."). Masked parts
never reach the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any

from markupsafe import Markup, escape

MASK = "[melder]"
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la", "le"}
_WORD = re.compile(r"[^\W\d_][\w'\-.]*", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-().]{7,18}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_CLOSING = re.compile(
    r"^[ \t>]*(?:met\s+)?(?:vriendelijke|hartelijke|beste|veel)\s+groet(?:en)?\b"
    r"|^[ \t>]*(?:met\s+groet|groet(?:en|jes)?|m\.?v\.?g\.?|hoogachtend|regards|kind regards)\b",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE_STOP = re.compile(
    r"^\s*(?:-{3,}|_{3,}|van:|from:|verzonden:|sent:|op .* schreef|on .* wrote)", re.IGNORECASE
)
_SIGNATURE_LINES = 6
# First-person contact phrases; group "value" is what is masked.
_NAME_WORD = r"(?:[A-Z][\w'\-.]*|van|de|der|den|ter|ten|het)"
_SELF = [
    re.compile(
        r"\b(?:mijn|m'n)\s+(?:telefoon|mobiele\s+)?(?:nummer|telefoonnummer|tel\.?)\s*(?:is|:)?\s*"
        r"(?P<value>\+?\d[\d \-().]{7,18}\d)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:bel|bellen|sms|app)\s+(?:me|mij)\s+(?:op|via|terug op)?\s*"
        r"(?P<value>\+?\d[\d \-().]{7,18}\d)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bbereikbaar\s+(?:op|via|onder)\s*(?P<value>\+?\d[\d \-().]{7,18}\d|[\w.+\-]+@[\w.\-]+)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:mijn|m'n)\s+e-?mail(?:adres)?\s*(?:is|:)?\s*(?P<value>[\w.+\-]+@[\w.\-]+\w)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:[Mm]ijn\s+naam\s+is|[Ii]k\s+heet|[Ii]k\s+ben)\s+(?P<value>[A-Z][\w'\-.]*"
        rf"(?:\s+{_NAME_WORD}){{0,4}})"
    ),
    re.compile(
        r"\b(?:ik\s+woon|mijn\s+adres\s+is|wij\s+wonen)\s+(?:op|aan|in|:)?\s*"
        r"(?P<value>[^\n.,;]{3,60}?\d+(?:\s?[a-zA-Z]\b)?(?:[ ,]+\d{4}\s?[A-Z]{2}\b)?)",
        re.IGNORECASE,
    ),
]


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+31") or digits.startswith("0031"):
        digits = "0" + digits.removeprefix("00").removeprefix("31")
    return digits


@dataclass(frozen=True)
class ReporterMask:
    """The reporter's known names, addresses and phone numbers, ready to mask text."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # digits only, national form

    @classmethod
    def from_identities(cls, values: Iterable[str | None]) -> ReporterMask:
        """From header values ("Name <addr>"), form names, and form phone/e-mail values."""
        names: set[str] = set()
        emails: set[str] = set()
        phones: set[str] = set()
        for value in values:
            if not value or not value.strip():
                continue
            emails.update(m.lower() for m in _EMAIL.findall(value))
            for m in _PHONE.findall(value):
                if len(_digits(m)) >= 9:
                    phones.add(_digits(m))
            for display, address in _addresses(value):
                if address:
                    emails.add(address.lower())
                rest = _PHONE.sub(" ", _EMAIL.sub(" ", display)).strip(" \"'<>,;")
                names.update(_name_variants(rest))
        return cls(
            tuple(sorted(names, key=len, reverse=True)),
            tuple(sorted(emails)),
            tuple(sorted(phones)),
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of `text` that identify the reporter, merged and sorted."""
        found: list[tuple[int, int]] = []
        lowered = text.lower()
        for name in self.names + self.emails:
            if name.split()[0].lower() not in lowered:  # the usual case; saves a compile
                continue
            pattern = r"(?<!\w)" + re.escape(name).replace(r"\ ", r"\s+") + r"(?!\w)"
            found += [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        if self.phones:
            for m in _PHONE.finditer(text):
                if _digits(m.group()) in self.phones:
                    found.append(m.span())
        found += signature_spans(text)
        for pattern in _SELF:
            found += [m.span("value") for m in pattern.finditer(text)]
        return _merge(found)

    def apply(self, text: str) -> str:
        """`text` with every reporter span replaced by MASK."""
        out, pos = [], 0
        for start, end in self.spans(text):
            out += [text[pos:start], MASK]
            pos = end
        return "".join(out) + text[pos:]


def _addresses(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of a header value; the value itself if it has none."""
    if "@" not in value:
        return [(value, "")]
    try:
        return getaddresses([value])
    except RecursionError:  # comments nested a few hundred deep: the parser recurses per level
        return [(value, "")]  # its addresses are taken by _EMAIL all the same


def _name_variants(name: str) -> set[str]:
    """The full name and the surname with its particles ("de Vries"), never a lone first name."""
    words = _WORD.findall(name)
    if not words:
        return set()
    if "," in name:  # "Vries, Jan de": the surname comes first
        head, tail = name.split(",", 1)
        after = _WORD.findall(tail)
        surname = [w for w in after if w.lower() in PARTICLES] + _WORD.findall(head)
        words = [w for w in after if w.lower() not in PARTICLES] + surname
    else:
        surname = words[1:]
        while len(surname) > 1 and "." in surname[0]:  # initials: "J. P. de Vries"
            surname = surname[1:]
    variants = {" ".join(words)} if len(" ".join(words)) >= 3 else set()
    if surname:
        variants.add(" ".join(surname))
        core = [w for w in surname if w.lower() not in PARTICLES]
        if core and len(" ".join(core)) >= 4:
            variants.add(" ".join(core))
    return {v for v in variants if v.lower() not in PARTICLES}


def signature_spans(text: str) -> list[tuple[int, int]]:
    """The rest of a closing line and up to six lines below it (name, address, phone)."""
    spans = []
    for closing in _CLOSING.finditer(text):
        line_end = text.find("\n", closing.end())
        line_end = len(text) if line_end < 0 else line_end
        start = closing.end()
        while start < line_end and text[start] in " \t,.:;!":
            start += 1
        spans.append((start, line_end))  # "Met vriendelijke groet, Jan de Vries"
        pos, taken, started = line_end + 1, 0, False
        while pos < len(text) and taken < _SIGNATURE_LINES:
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            line = text[pos:end]
            if _SIGNATURE_STOP.match(line):
                break
            if line.strip():
                spans.append((pos + len(line) - len(line.lstrip()), end))
                taken += 1
                started = True
            elif started:
                break
            pos = end + 1
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def render(
    text: str, entities: Iterable[Any] = (), masked: list[tuple[int, int]] | None = None
) -> Markup:
    """`text` escaped, entity spans marked, masked spans replaced; overlapping entities dropped."""
    masked = masked or []
    marks: list[tuple[int, int, str | None]] = [(s, e, None) for s, e in masked]
    for ent in entities:
        if ent.end > len(text) or any(s < ent.end and ent.start < e for s, e in masked):
            continue
        marks.append((ent.start, ent.end, ent.label))
    out: list[str] = []
    pos = 0
    for start, end, label in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < pos:
            continue
        out.append(str(escape(text[pos:start])))
        if label is None:
            out.append(f'<span class="masked" title="afgeschermd">{escape(MASK)}</span>')
        else:
            out.append(
                f'<mark class="ent" data-label="{escape(label)}" title="{escape(label)}">'
                f"{escape(text[start:end])}</mark>"
            )
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
