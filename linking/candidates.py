"""What a scorer sees of a register row found for a text: the candidate and its evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from contract.records import DossierRecord


@dataclass
class Candidate:
    """A register row found for a text, with the evidence for it (name, weight) and how
    many other candidates have at least as much (additive) evidence."""

    record: DossierRecord
    evidence: list[tuple[str, float]]
    rivals: int = 0

    @property
    def additive(self) -> float:
        return sum(weight for _, weight in self.evidence)


Scorer = Callable[[Candidate], float]
