"""Write a generated long text (fictional Dutch letters) for timing `ikp analyse` on it.

    .venv/bin/python bench/long_text.py --mb 30 --out /tmp/long-30mb.txt
    /usr/bin/time -v .venv/bin/ikp analyse --json /tmp/long-30mb.txt > /tmp/out.json

Each letter holds a name, an address, a postcode, a BSN, a V-nummer, a phone
number, an e-mail address, an IBAN, a company and a date (17 entities); every
tenth letter is one line of about 12,000 characters (longer than the NER's line
window, nlp.ner.MAX_LINE). Deterministic: the same size gives the same text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

LETTER = (
    "Geachte heer, mevrouw,\n\n"
    "Op {day} maart 2024 meldde de heer Pieter van Dijk (BSN 123456782, V-nr. 12 345 678 90) "
    "dat hij woont op Kerkstraat {n}, 3511 AB Utrecht. Hij is bereikbaar op 06-12345678 en "
    "via p.vandijk{n}@voorbeeld.nl; zijn rekening is NL91 ABNA 0417 1643 00.\n"
    "Mevrouw Fatima El Idrissi werkt bij Schoonmaakbedrijf Glans B.V. in Rotterdam.\n\n"
    "Met vriendelijke groet,\nJ. de Wit\n\n"
)


def generate(chars: int) -> str:
    out, size, n = [], 0, 0
    while size < chars:
        n += 1
        letter = LETTER.format(day=n % 28 + 1, n=n % 500 + 1)
        if n % 10 == 0:  # one long line: the letter's lines joined, many times
            letter = " ".join(letter.split("\n")) * 30 + "\n\n"
        out.append(letter)
        size += len(letter)
    return "".join(out)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, required=True, help="size in millions of characters")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(generate(int(args.mb * 1_000_000)), encoding="utf-8")


if __name__ == "__main__":
    main()
