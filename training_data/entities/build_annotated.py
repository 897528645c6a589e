"""Build annotated.jsonl from the hand-marked annotated_source.txt and check it.

Run: .venv/bin/python training_data/entities/build_annotated.py [--check]

The markup keeps the annotation readable and the offsets computed, never typed;
every value is checked against the contract's format (11-proef, IBAN check
digits, ISO dates, ...) so a typo in the markup fails loudly.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

from stdnum import iban
from stdnum.nl import bsn

from contract.vocabulary import ENTITY_LABELS

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "annotated_source.txt"
TARGET = HERE / "annotated.jsonl"

# Every contract label except those the trained NER finds.
LABELS = set(ENTITY_LABELS) - {"PERSOON", "ORGANISATIE", "LOCATIE"}
AS_WRITTEN = {"ADRES", "NATIONALITEIT"}  # value defaults to the text, whitespace normalised
MARK = re.compile(r"\[\[([A-Z_]+)\|([^|\]]+)(?:\|([^\]]*))?\]\]")


def _iso(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


CHECKS = {
    "POSTCODE": lambda v: re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", v),
    "GEBOORTEDATUM": _iso,
    "DATUM": _iso,
    "V_NUMMER": lambda v: re.fullmatch(r"\d{10}", v),
    "BSN": lambda v: re.fullmatch(r"\d{9}", v) and bsn.is_valid(v),
    "TELEFOON": lambda v: re.fullmatch(r"\+[1-9]\d{7,14}", v),
    "EMAIL": lambda v: v == v.lower() and "@" in v,
    "IBAN": lambda v: v == iban.compact(v) and iban.is_valid(v),
    "KVK": lambda v: re.fullmatch(r"\d{8}", v),
    "KENTEKEN": lambda v: re.fullmatch(r"[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}", v),
    "DOCUMENTNUMMER": lambda v: re.fullmatch(r"[A-Z0-9]{6,12}", v),
    "ADRES": lambda v: v == " ".join(v.split()),
    "NATIONALITEIT": lambda v: v == " ".join(v.split()),
}


def parse_block(ident: str, marked: str) -> dict:
    text_parts: list[str] = []
    entities: list[dict] = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        text_parts.append(before)
        out_len += len(before)
        label, surface, value = m.group(1), m.group(2), m.group(3)
        if label not in LABELS:
            raise ValueError(f"{ident}: unknown label {label}")
        if not value:
            if label not in AS_WRITTEN:
                raise ValueError(f"{ident}: {label} {surface!r} needs a value")
            value = " ".join(surface.split())
        if not CHECKS[label](value):
            raise ValueError(f"{ident}: bad {label} value {value!r}")
        entities.append(
            {"label": label, "start": out_len, "end": out_len + len(surface), "value": value}
        )
        text_parts.append(surface)
        out_len += len(surface)
        pos = m.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{ident}: unbalanced markup")
    return {"id": ident, "text": text, "entities": entities}


def build() -> list[dict]:
    examples: list[dict] = []
    ident: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if ident is not None:
            examples.append(parse_block(ident, "\n".join(lines).strip("\n")))

    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            flush()
            ident, lines = line[4:].strip(), []
        elif ident is not None:
            lines.append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"text before the first block: {line!r}")
    flush()
    ids = [e["id"] for e in examples]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate ids")
    return examples


def dumps(examples: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples)


def main(argv: list[str]) -> int:
    content = dumps(build())
    if "--check" in argv:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == content
        print("annotated.jsonl is up to date" if same else "annotated.jsonl is stale")
        return 0 if same else 1
    TARGET.write_text(content, encoding="utf-8")
    print(f"wrote {TARGET} ({content.count(chr(10))} examples)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
