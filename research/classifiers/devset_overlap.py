"""Shared 8-word runs between a corpus batch and the public dev set's items.

    python -m research.classifiers.devset_overlap training_data/signals/w6.jsonl [--n 8]

A batch written for training must not share phrasing with the dev set, which measures
text we did not write. Every run of `--n` consecutive words (lower case, `\\w+` words)
of each text is looked up among the runs of every dev-set item (e-mail subject and text
parts, letters as they are); each text that shares a run is printed with the count and
the item, never the run itself. Exit code 1 when any run is shared. The dev set is read
where it lies, at run time.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from email import policy
from email.parser import BytesParser
from pathlib import Path

from research.classifiers.devset_replay import DEVSET


def word_runs(text: str, n: int) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def item_text(path: Path) -> str:
    """An item's words as a reader sees them: subject and text parts of a mail, else the file."""
    if path.suffix != ".eml":
        return path.read_text(encoding="utf-8", errors="replace")
    with path.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    parts = [str(message["Subject"] or "")]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(re.sub(r"<[^>]+>", " ", part.get_content()))
    return "\n".join(parts)


def shared_runs(texts: dict[str, str], devset: Path, n: int) -> dict[str, dict[str, int]]:
    """Per text id with any shared run: dev-set item name -> number of shared runs."""
    index: dict[str, set[str]] = defaultdict(set)
    for path in sorted((devset / "items").iterdir()):
        for run in word_runs(item_text(path), n):
            index[run].add(path.name)
    found: dict[str, dict[str, int]] = {}
    for ident, text in texts.items():
        per_item: dict[str, int] = defaultdict(int)
        for run in word_runs(text, n):
            for name in index.get(run, ()):
                per_item[name] += 1
        if per_item:
            found[ident] = dict(per_item)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("batch", type=Path, nargs="+", help="corpus .jsonl files")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--n", type=int, default=8, help="words per run")
    args = parser.parse_args(argv)
    texts = {}
    for path in args.batch:
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    found = shared_runs(texts, args.devset, args.n)
    for ident, items in sorted(found.items()):
        print(ident, ", ".join(f"{name}: {count}" for name, count in sorted(items.items())))
    total = sum(sum(items.values()) for items in found.values())
    print(f"{len(texts)} texts, {total} shared {args.n}-word runs, {len(found)} texts affected")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
