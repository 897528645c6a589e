"""Small signal corpora built in code: fictional names and places, phrases per type."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

# Fictional people and places; phrases per signal type that a model can learn.
_NAMES = ["Piet Verbeek", "Samira Ouadi", "Tomasz Lis", "Grace Owusu", "Anouk de Wit", "Li Mei"]
_PLACES = ["Almere", "Zwolle", "Tilburg", "Delft", "Emmen", "Venlo"]
_TEMPLATES = {
    ("schijnhuwelijk",): [
        "Mijn buurman {name} in {place} is getrouwd voor de papieren, hij woont er niet.",
        "{name} woont er niet bij zijn vrouw, het huwelijk is alleen voor de verblijfsvergunning.",
        "Schijnhuwelijk: {name} betaalde voor het huwelijk en woont er niet, zegt men in {place}.",
    ],
    ("mensenhandel",): [
        "In {place} moeten arbeiders van {name} zeven dagen werken, hun paspoorten zijn afgepakt.",
        "{name} houdt de paspoorten in en laat de vrouwen werken om een schuld af te betalen.",
        "Uitbuiting bij {name} in {place}: paspoorten afgepakt, geen loon, slapen in de loods.",
    ],
    ("informatieverzoek",): [
        "Vordering ex artikel 126nd Sv: de politie verzoekt u gegevens te verstrekken over {name}.",
        "Namens de officier van justitie verzoeken wij gegevens over {name}, wonend te {place}.",
        "Verzoek om informatie op grond van de Wet politiegegevens betreffende {name}.",
    ],
    ("algemene_vraag",): [
        "Hoe lang duurt mijn aanvraag nog? Ik wacht al maanden. Groet, {name} uit {place}.",
        "Wanneer krijg ik een beslissing op mijn aanvraag voor verlenging? {name}",
        "Ik wil een afspraak maken om mijn pas op te halen in {place}. Groet, {name}",
    ],
    ("schijnhuwelijk", "mensenhandel"): [
        "{name} is getrouwd voor de papieren en moet nu werken zonder loon, paspoort afgepakt.",
    ],
}


def small_examples(per_template: int = 4) -> list[tuple[str, tuple[str, ...]]]:
    """(text, codes) pairs: every template filled with several names and places."""
    people = itertools.cycle(zip(_NAMES, _PLACES, strict=True))
    examples = []
    for codes, templates in _TEMPLATES.items():
        for template in templates:
            for _ in range(per_template):
                name, place = next(people)
                examples.append((template.format(name=name, place=place), codes))
    return examples


def write_corpus(directory: Path, examples: list[tuple[str, tuple[str, ...]]]) -> Path:
    """A corpus directory in the training-data format; every fourth example is test."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "small.jsonl").open("w", encoding="utf-8") as handle:
        for i, (text, codes) in enumerate(examples):
            split = "test" if i % 4 == 3 else "train"
            row = {"id": f"t-{i:04d}", "text": text, "codes": list(codes), "split": split}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return directory
