"""Rules after the statistical NER: fill in what the CNN misses in letters and mails.

1. A title or salutation (dhr., mevr., mr., de heer, mevrouw) followed by initials,
   particles and capitalised words is a PERSOON; the title stays outside the span.
2. A legal form (B.V., N.V., V.O.F., ...) ends an ORGANISATIE: a model span that
   stops just before it is extended, else the capitalised words before it form one.
Rules only add or extend spans; they never remove what the model found.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

_TITLES = "dhr. dhr mevr. mevr mw. mw mr. drs. dr. ir. ing. prof. heer mevrouw meneer"
_PARTICLES = "van de der den het ter ten te el al ben bin da di du le la op 't"
_LEGAL_FORMS = "B.V. BV B.V N.V. NV V.O.F. VOF C.V. CV S.R.L. UAB GmbH Ltd Ltd."
# Capitalised only because they start a sentence: never the first word of a company name.
_STARTERS = "namens bij aan wij ik volgens via door op in met voor bijlage betreft van: aan: en of"
TITLES = frozenset(_TITLES.split())
PARTICLES = frozenset(_PARTICLES.split())
LEGAL_FORMS = frozenset(_LEGAL_FORMS.split())
STARTERS = frozenset(_STARTERS.split())
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.)+$")


def _is_cap(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _person_after_title(doc: Doc, i: int) -> Span | None:
    """The name after the title at token i, or None when no capitalised word follows."""
    j, last_cap = i + 1, None
    while j < len(doc):
        t = doc[j].text
        if _INITIALS.match(t) or t.lower() in PARTICLES:
            j += 1
        elif _is_cap(t) and t.lower() not in TITLES:
            last_cap = j
            j += 1
        else:
            break
    if last_cap is None:
        return None
    return Span(doc, i + 1, last_cap + 1, label="PERSOON")


def _org_before_legal_form(doc: Doc, i: int) -> Span | None:
    j = i
    while j > 0 and (_is_cap(doc[j - 1].text) or doc[j - 1].text in {"&", "-"}):
        j -= 1
    while j < i and (doc[j].text.lower() in STARTERS or not _is_cap(doc[j].text)):
        j += 1
    return Span(doc, j, i + 1, label="ORGANISATIE") if j < i else None


@Language.component("ikp_ner_rules")
def ner_rules(doc: Doc) -> Doc:
    ents = list(doc.ents)
    taken = {k for e in ents for k in range(e.start, e.end)}
    by_end = {e.end: e for e in ents}
    for i, token in enumerate(doc):
        text = token.text
        if text.lower() in TITLES:
            span = _person_after_title(doc, i)
            if span is not None and not taken & set(range(span.start, span.end)):
                ents.append(span)
                taken |= set(range(span.start, span.end))
        elif text in LEGAL_FORMS and i not in taken:
            prev = by_end.get(i)
            if prev is not None:
                span = Span(doc, prev.start, i + 1, label="ORGANISATIE")
                ents.remove(prev)
            else:
                span = _org_before_legal_form(doc, i)
                if span is None or taken & set(range(span.start, span.end)):
                    continue
            ents.append(span)
            taken |= set(range(span.start, span.end))
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc
