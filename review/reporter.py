"""Reporter protection: who reported a signal is masked, server-side, for roles without
reporter access (`analist`, `datascientist`).

A reporter shows up in three ways: in the mail headers (From, Sender, Reply-To,
Return-Path, Cc), in the phone/desk form (name, phone or e-mail), and in the text
itself. The text is covered by (1) every occurrence of those known names,
addresses and phone numbers, (2) the signature block after a Dutch or English
closing (CLOSINGS: "Met collegiale groet,", "Kind regards,", "Vr.gr." and the
short lines below it, across blank lines) or, without a closing, a name block
with a phone or address that ends the sender's own text, (3) labelled contact
lines ("Contact:", "Tel.:", "Mob.:", "E-mail:", "Tel/WhatsApp:") and direct lines
("T 070 ...", "M +31 6 ...", "Doorkiesnummer 050 ..."), (4) first-person contact
phrases ("mijn telefoon ...", "bereikbaar via ...", "u kunt mij bereiken op ...",
"mijn naam is ...", "ik woon op ...", "you can reach me at ...") and (5) who
wrote or received a forwarded or quoted mail ("Van:/Aan:" blocks, "Op ... schreef
Naam <adres>:"): the forwarder is the reporter, and so is the person who wrote to
them; the forwarded text itself stays readable. Masked parts never reach the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.utils import getaddresses
from typing import Any

from markupsafe import Markup, escape

MASK = "[melder]"
PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la", "le"}
_WORD = re.compile(r"[^\W\d_][\w'\-.]*", re.UNICODE)
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-().]{7,18}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Closings after which the signature follows. Distinctive ones count wherever the line
# goes on ("Met collegiale groet, Jan"); short or ambiguous ones ("Best", "Thanks",
# "Groet") only alone on their line, so "Thanks to the neighbours ..." stays readable.
CLOSINGS = (
    # Dutch
    r"(?:met\s+)?(?:vriendelijke|hartelijke|collegiale|beleefde|respectvolle|warme|zonnige"
    r"|sportieve|gewone|veel|beste)\s+groet(?:en)?",
    r"met\s+groet(?:en)?",
    r"(?:dank|bedankt)\s+en\s+groet(?:en)?",
    r"(?:alvast|bij\s+voorbaat)\s+(?:bedankt|dank)",
    r"m\.?\s?v\.?\s?g\.?",
    r"m\.?\s?vr\.?\s?gr\.?",
    r"(?:met\s+)?vr(?:iendelijke|\.)?\s?gr(?:oet(?:en)?|\.)",  # "Vr.gr.", "met vr. groet"
    r"mvgr\.?",
    r"(?-i:Gr\.?)(?=[ \t]+[A-Z])",  # "Gr Jan Smit": a capital name after it
    r"hoogachtend",
    r"groet(?:en|jes)?",
    r"vriendelijke\s+groet(?:en)?",
    # English
    r"(?:kind|best|warm|warmest|many|with\s+kind)\s+regards",
    r"regards",
    r"best\s+wishes",
    r"(?:yours\s+)?(?:sincerely|faithfully|truly)",
    r"(?:many\s+)?thanks\s+(?:in\s+advance|and\s+regards)",
    r"kr",
)
SHORT_CLOSINGS = (
    r"gr\.?",
    r"liefs",
    r"doei",
    r"dank(?:\s+je(?:wel)?|\s+u)?",
    r"bedankt",
    r"best",
    r"cheers",
    r"thanks",
    r"many\s+thanks",
    r"thank\s+you",
    r"ta",
    r"thank\s+you(?:\s+(?:and|&)\s+[\w ]{1,25})?",  # "Thank you and take care"
    r"fijne\s+(?:dag|avond|middag|week|weekend|feestdagen|vakantie)",
    r"tot\s+(?:ziens|snel|later|horens)",
    r"take\s+care",
    r"rgds",
)
_CLOSING = re.compile(
    rf"^[ \t>]*(?:{'|'.join(CLOSINGS)})(?!\w)"
    rf"|^[ \t>]*(?:{'|'.join(SHORT_CLOSINGS)})[ \t]*[,.!]?(?=[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# A contact line of a signature or form: the rest of the line after its label is masked.
# Not "Naam:" or "Adres:": in a tip form those are usually the suspect's.
_LABEL = (
    r"(?:contact(?:gegevens|persoon)?|tel(?:efoon)?(?:nummer|nr)?\.?"
    r"|mob(?:iel)?(?:nummer|nr)?\.?|mobile|phone|cell|gsm|fax|e-?mail(?:adres)?"
    r"|direct(?:e\s+lijn)?|doorkies(?:nummer)?|whatsapp|signal)"
)
_CONTACT_LINE = re.compile(
    rf"^[ \t>*-]*{_LABEL}(?:[ \t]*[/&][ \t]*{_LABEL})*"
    r"[ \t]*[:.][ \t]*(?P<value>\S[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_VALUE = r"(?:\+?\d[\d \-().]{7,18}\d|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)"
# Lines of a signature that carry a number or address without a colon: "T 070 ...",
# "M +31 6 ...", "Direct 070 ...", "Doorkiesnummer 050 ...", "📞 06 ...".
_DIRECT_LINE = re.compile(
    rf"^[ \t>*-]*(?:(?-i:[TMFDE])\.?|direct(?:e\s+lijn)?|doorkies(?:nummer)?"
    rf"|[\u260e\u2706\u2709\U0001f4de\U0001f4f1\U0001f4e7\U0001f4e9]\ufe0f?)"
    rf"[ \t]*:?[ \t]*(?P<value>{_VALUE}(?:[ \t]*[|/,][^\n]*)?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE_STOP = re.compile(
    r"^\s*(?:-{3,}|_{3,}|van:|from:|verzonden:|sent:|op .* schreef|on .* wrote)", re.IGNORECASE
)
_SIGNATURE_STOP_ANY = re.compile(
    r"^[ \t>]*(?:-{3,}|_{3,}|(?:van|from)\s*:|op .{5,80} schreef|on .{5,80} wrote)",
    re.IGNORECASE | re.MULTILINE,
)
_SIGNATURE_LINES = 8
_TAIL_CHARS = 3000  # how far above its end a signature block is looked for
_SHORT_LINE = 70
# "Verstuurd vanaf mijn iPhone", "Sent from my Galaxy": not part of a signature block.
_SENT_FROM = re.compile(r"(?i)^\s*(?:verstuurd|verzonden|sent|get outlook)\b.{0,40}$")
# The first line of a signature block: a name, maybe with initials, particles, a title
# or a function after "|" or ",".
_NAME_LINE = re.compile(
    r"^[ \t]*(?:(?:mr|dr|drs|ir|ing|prof|mw|dhr)\.?\s+)?"
    r"(?:(?:[A-Z]\.)+\s*|[A-Z][\w'\-]+\s+|(?:van|de|der|den|ter|ten|te|el|al|da|dos)\s+){0,5}"
    r"[A-Z][\w'\-]+\.?(?:\s+(?:[A-Z]{2,3}|[A-Z][a-z]?\.[A-Z]?\.?))?[ \t]*(?:[|,\-–].*)?$"
)
# A forwarded or quoted mail's header block, and the lines in it that name a person.
_FORWARD_LABEL = r"(?:van|from|aan|to|cc|bcc|verzonden|sent|datum|date|onderwerp|subject|reply-to)"
_FORWARD_BLOCK = re.compile(
    rf"(?:^[ \t>*]*{_FORWARD_LABEL}[ \t]*:[^\n]*(?:\n|$)){{2,}}", re.IGNORECASE | re.MULTILINE
)
_FORWARD_PERSON = re.compile(
    r"^[ \t>*]*(?:van|from|aan|to|cc|bcc|reply-to)[ \t]*:[ \t]*(?P<value>[^\n]*\S)",
    re.IGNORECASE | re.MULTILINE,
)
_ATTRIBUTION = (
    re.compile(r"(?im)^[ \t>]*op\s[^\n]{5,80}?\sschreef\s+(?P<value>[^\n]+?)[ \t]*:?[ \t]*$"),
    re.compile(
        r"(?im)^[ \t>]*op\s[^\n]{5,80}?\sheeft\s+(?P<value>[^\n]+?)\s+het\s+volgende\s+geschreven"
    ),
    re.compile(
        r"(?im)^[ \t>]*on\s[^\n]{5,60}?\d{1,2}:\d{2}(?:\s*[ap]m)?,?\s+(?P<value>[^\n]+?)\s+wrote:?"
    ),
)
# First-person contact phrases; group "value" is what is masked.
_NAME_WORD = r"(?:[A-Z][\w'\-.]*|van|de|der|den|ter|ten|het)"
_SELF = [
    re.compile(
        r"\b(?:mijn|m'n)\s+(?:telefoon|mobiele\s+)?(?:nummer|telefoonnummer|tel\.?)\s*(?:is|:)?\s*"
        r"(?P<value>\+?\d[\d \-().]{7,18}\d)",
        re.IGNORECASE,
    ),
    re.compile(  # "mijn telefoon 06 ...", "m'n mobiel: ...", "mijn gsm is ..."
        r"\b(?:mijn|m'n)\s+(?:telefoon|mobiel|mobieltje|gsm|werknummer|directe\s+lijn)"
        r"(?:nummer)?\s*(?:is|:)?\s*(?P<value>\+?\d[\d \-().]{7,18}\d"
        r"(?:\s*(?:of|en|/|or|and)\s*\+?\d[\d \-().]{7,18}\d)*)",  # "... of 06 ..."
        re.IGNORECASE,
    ),
    re.compile(  # "bereikbaar via 06 ...", also after a few words: "bereikbaar via mijn mobiel"
        r"\bbereikbaar\s+(?:via|op|onder)\b[^\n\d@]{0,30}?"
        r"(?P<value>\+?\d[\d \-().]{7,18}\d|[\w.+\-]+@[\w.\-]+\w)",
        re.IGNORECASE,
    ),
    re.compile(  # "als u mij wilt bellen: 06 ...", "wie mij wil bereiken, telefoon 06 ..."
        r"\b(?:mij|me)\s+(?:\w+\s+){0,2}(?:spreken|bellen|bereiken|contacteren|terugbellen"
        rf"|mailen|e-?mailen|appen)\b[^\n\d+]{{0,25}}?(?P<value>{_VALUE})",
        re.IGNORECASE,
    ),
    re.compile(  # English first-person contact phrases
        r"\b(?:my\s+(?:phone|mobile|cell|number|phone\s+number|whatsapp|e-?mail(?:\s+address)?)"
        r"\s*(?:is|:)?|(?:call|text|reach|contact|e-?mail|mail|message)\s+me"
        r"(?:\s+(?:on|at|via|through))?(?:\s+(?:my\s+)?[a-z]+){0,2}?[ \t:]*)\s*"
        rf"(?P<value>{_VALUE})",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:bel|bellen|sms|app|mail|whatsapp)\s+(?:me|mij)\s+(?:gerust\s+|maar\s+)?"
        rf"(?:op|via|terug op)?\s*(?:(?:mijn\s+)?[a-z]+[ \t:]+)?(?P<value>{_VALUE})",
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
        found += forwarded_header_spans(text)
        found += [m.span("value") for m in _DIRECT_LINE.finditer(text)]
        found += [m.span("value") for m in _CONTACT_LINE.finditer(text)]
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
    """The signature: the rest of a closing line and up to eight short lines below it,
    also across blank lines ("Groet,\nBram\n\nBram Peeters\nT 077 ..."); and a name
    block with a phone or address that ends the sender's own text without a closing."""
    spans = []
    for closing in _CLOSING.finditer(text):
        line_end = text.find("\n", closing.end())
        line_end = len(text) if line_end < 0 else line_end
        start = closing.end()
        while start < line_end and text[start] in " \t,.:;!":
            start += 1
        spans.append((start, line_end))  # "Met vriendelijke groet, Jan de Vries"
        taken = 0
        for line_start, line in _lines(text, line_end + 1):
            if taken >= _SIGNATURE_LINES or _SIGNATURE_STOP.match(line):
                break
            if not line.strip():
                continue
            if taken and _is_prose(line):  # the first line may be long: "Jan, afdeling ..."
                break
            spans.append((line_start + len(line) - len(line.lstrip()), line_start + len(line)))
            taken += 1
    return spans + _bare_signature_spans(text)


def _lines(text: str, pos: int) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of `text` from `pos` on, without the line end."""
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, text[pos:end].rstrip("\r")
        pos = end + 1


def _is_prose(line: str) -> bool:
    """A sentence of the message rather than a line of a signature; signature lines may be
    long when "|" separates their parts ("Firma B.V. | Straat 5, Stad | +31 ...")."""
    line = line.strip()
    if len(line) > _SHORT_LINE and ("|" not in line or len(line) > 2 * _SHORT_LINE):
        return True
    words = line.split()
    if len(words) >= 8 and sum(w[0].islower() for w in words) >= 5:  # "(en ja ik weet ...)"
        return True
    return len(words) >= 6 and re.search(r"[a-z0-9]{2}[.?!:]$", line) is not None


def _bare_signature_spans(text: str) -> list[tuple[int, int]]:
    """Signature blocks without a closing: the last paragraph before the end of the text or
    a quoted or forwarded mail, of short lines, starting with a name and holding a phone
    number or address ("Omar Jansen\n06-1234 5678"). The paragraph before it is taken too
    when it is such a block ("Marco\n\nMarco Terpstra | IND\nM +31 6 ...")."""
    spans: list[tuple[int, int]] = []
    ends = [m.start() for m in _SIGNATURE_STOP_ANY.finditer(text)] + [len(text)]
    for end in ends:
        window = max(0, end - _TAIL_CHARS)
        paragraphs = [p for p in _paragraphs(text[window:end]) if not _SENT_FROM.match(p[1])]
        for offset, block in reversed(paragraphs[-2:]):
            start = window + offset
            lines = block.splitlines()
            if any(_is_prose(line) for line in lines) or not _NAME_LINE.match(lines[0]):
                break
            if _PHONE.search(block) or _EMAIL.search(block):
                spans.append((start, start + len(block)))
    return spans


def forwarded_header_spans(text: str) -> list[tuple[int, int]]:
    """Who wrote, received or was copied on a forwarded or quoted mail: the values of
    Van/From/Aan/To/Cc lines in a header block of two or more lines, and the name and
    address in "Op ... schreef Name <addr>:" and "On ... Name <addr> wrote:"."""
    spans = []
    for block in _FORWARD_BLOCK.finditer(text):
        for line in _FORWARD_PERSON.finditer(text, block.start(), block.end()):
            spans.append(line.span("value"))
    for pattern in _ATTRIBUTION:
        spans += [m.span("value") for m in pattern.finditer(text)]
    return spans


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each run of non-blank lines, trailing space removed."""
    return [(m.start(), m.group().rstrip()) for m in re.finditer(r"[^\s](?:.|\n(?!\s*\n))*", text)]


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
