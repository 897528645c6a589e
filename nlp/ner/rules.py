"""Rules after the statistical NER: fill in what the CNN misses in letters and mails.

1. A title or salutation (dhr., mevr., mr., de heer, mevrouw) followed by initials,
   particles and capitalised words is a PERSOON; the title stays outside the span.
2. Two PERSOON spans with only particles between them are one name ("W.F. de Jong").
3. A legal form (B.V., N.V., V.O.F., ...) ends an ORGANISATIE: a model span that
   stops just before it is extended, else the capitalised words before it form one.
Rules only add or extend spans; they never remove what the model found.
4. `ikp_doc_consistency` (a separate component) gives a name the same label
   throughout one document and tags its mentions the model missed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
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
_TITLE_IDS = frozenset(get_string_id(t) for t in TITLES)  # lower-case titles
_LEGAL_FORM_IDS = frozenset(get_string_id(t) for t in LEGAL_FORMS)
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


def _merge_persons(doc: Doc, ents: list[Span]) -> list[Span]:
    """'W.F.' + 'de' + 'Jong' as three pieces -> one PERSOON 'W.F. de Jong' (initials first)."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        between = doc[prev.end : e.start] if prev is not None else None
        if (
            prev is not None
            and prev.label_ == e.label_ == "PERSOON"
            and all(_INITIALS.match(t.text) for t in prev)
            and 0 < len(between) <= 3
            and all(t.text.lower() in PARTICLES for t in between)
        ):
            out[-1] = Span(doc, prev.start, e.end, label="PERSOON")
        else:
            out.append(e)
    return out


@Language.component("ikp_ner_rules")
def ner_rules(doc: Doc) -> Doc:
    ents = _merge_persons(doc, list(doc.ents))
    taken = {k for e in ents for k in range(e.start, e.end)}
    by_end = {e.end: e for e in ents}
    # Word ids from one array: a Token object per word cost a third of this step.
    for i, (lower, orth) in enumerate(doc.to_array([LOWER, ORTH]).tolist()):
        if lower in _TITLE_IDS:
            span = _person_after_title(doc, i)
            if span is not None and not taken & set(range(span.start, span.end)):
                ents.append(span)
                taken |= set(range(span.start, span.end))
        elif orth in _LEGAL_FORM_IDS and i not in taken:
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


@Language.factory(
    "ikp_doc_consistency",
    default_config={
        "relabel": True,
        "extend": True,
        "surnames": True,
        "extend_labels": ["PERSOON", "ORGANISATIE"],
    },
)
def make_doc_consistency(
    nlp: Language,
    name: str,
    relabel: bool,
    extend: bool,
    surnames: bool,
    extend_labels: list[str],
) -> DocConsistency:
    return DocConsistency(relabel, extend, surnames, tuple(extend_labels))


class DocConsistency:
    """One name, one label per document: a mail or letter names the same party again.

    Every entity votes for its label under its word sequence (and a multi-word
    PERSOON also for its last word, the surname). `relabel` gives each entity the
    majority label of its words; `extend` tags the other mentions the model missed,
    when they start with a capital and touch no entity, for `extend_labels` only:
    on CoNLL testa extending LOCATIE added 7 right and 37 wrong spans (a place word
    the model once got wrong is repeated), PERSOON 54 right and 18 wrong.
    Runs after the rules.
    """

    def __init__(
        self,
        relabel: bool = True,
        extend: bool = True,
        surnames: bool = True,
        extend_labels: tuple[str, ...] = ("PERSOON", "ORGANISATIE"),
    ) -> None:
        self.relabel, self.extend, self.surnames = relabel, extend, surnames
        self.extend_labels = frozenset(extend_labels)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if not ents:
            return doc
        votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for e in ents:
            votes[tuple(t.text for t in e)][e.label_] += 2
        if self.surnames:
            for e in ents:
                if e.label_ == "PERSOON" and len(e) > 1 and _is_cap(e[-1].text):
                    votes[(e[-1].text,)]["PERSOON"] += 1
        label = {k: _majority(c) for k, c in votes.items()}
        if self.relabel:
            ents = [_relabelled(e, label.get(tuple(t.text for t in e))) for e in ents]
        if self.extend:
            wanted = {k: lab for k, lab in label.items() if lab in self.extend_labels}
            ents += _missed_mentions(doc, ents, wanted) if wanted else []
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc


def _majority(votes: Counter) -> str | None:
    (top, n), *rest = votes.most_common(2)
    return None if rest and rest[0][1] == n else top


def _relabelled(e: Span, label: str | None) -> Span:
    return e if label is None or label == e.label_ else Span(e.doc, e.start, e.end, label=label)


def _missed_mentions(doc: Doc, ents: list[Span], label: dict) -> list[Span]:
    """Uncovered word sequences equal to a voted entity, longest first."""
    taken = {k for e in ents for k in range(e.start, e.end)}
    longest = max(len(k) for k in label)
    firsts = {k[0] for k in label}
    found, i = [], 0
    while i < len(doc):
        if doc[i].text not in firsts:
            i += 1
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            key = tuple(t.text for t in doc[i : i + n])
            lab = label.get(key)
            if lab and _is_cap(key[0]) and not taken & set(range(i, i + n)):
                found.append(Span(doc, i, i + n, label=lab))
                i += n - 1
                break
        i += 1
    return found
