"""Measure linking on a generated register: top-1 precision, recall, calibration.

.venv/bin/python -m research.linking.evaluate --rows 20000 --mentions 3000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from contract.records import DossierLink, DossierRecord
from linking.index import DossierIndex
from linking.memory import MemoryDossierIndex
from linking.propose import additive_score, propose_links
from research.linking.generate import Mention, MentionGenerator, RegisterGenerator

Proposer = Callable[..., list[DossierLink]]  # (text, entities, index, *, received)


@dataclass(frozen=True)
class Evaluation:
    mentions: int
    linkable: int  # mentions whose person or company is in the register
    proposed: int  # mentions with at least one proposal
    correct: int  # top-1 proposal is the truth
    precision: float  # correct / proposed
    recall: float  # correct / linkable
    calibration: list[tuple[float, float, float, int]]  # (lo, mean score, accuracy, n)
    ece: float  # expected calibration error of the top-1 score
    latencies_ms: list[float]  # per mention, in order of the mentions (wall clock)
    cpu_ms: list[float] = field(default_factory=list)  # this process's CPU time per mention

    def cpu(self, quantile: float) -> float:
        ordered = sorted(self.cpu_ms)
        return ordered[int(quantile * (len(ordered) - 1))] if ordered else 0.0

    def latency(self, quantile: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[int(quantile * (len(ordered) - 1))] if ordered else 0.0

    def table(self) -> str:
        rows = [
            "| score bin | mean score | share right | n |",
            "|---|---|---|---|",
            *(
                f"| {lo:.1f}-{lo + 0.1:.1f} | {m:.3f} | {a:.3f} | {n} |"
                for lo, m, a, n in self.calibration
            ),
        ]
        return "\n".join(rows)


def evaluate(
    mentions: Sequence[Mention], index: DossierIndex, propose: Proposer = propose_links
) -> Evaluation:
    scored: list[tuple[float, bool]] = []
    latencies: list[float] = []
    cpu: list[float] = []
    for m in mentions:
        start, start_cpu = time.perf_counter(), time.process_time()
        links = propose(m.text, m.entities, index, received=m.received)
        latencies.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if links:
            scored.append((links[0].score, links[0].dossier_id == m.truth))
    result = summarise(mentions, scored)
    result.latencies_ms.extend(latencies)
    result.cpu_ms.extend(cpu)
    return result


def summarise(mentions: Sequence[Mention], scored: Sequence[tuple[float, bool]]) -> Evaluation:
    """Precision, recall and reliability of top-1 proposals: one (score, right?) per
    mention that got a proposal."""
    linkable = sum(m.truth is not None for m in mentions)
    correct = sum(ok for _, ok in scored)
    bins: list[tuple[float, float, float, int]] = []
    ece = 0.0
    for b in range(5, 10):
        lo = b / 10
        inside = [(s, ok) for s, ok in scored if lo <= s < lo + 0.1 or (b == 9 and s >= 1)]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            bins.append((lo, mean, acc, len(inside)))
            ece += abs(mean - acc) * len(inside) / max(1, len(scored))
    return Evaluation(
        mentions=len(mentions),
        linkable=linkable,
        proposed=len(scored),
        correct=correct,
        precision=correct / max(1, len(scored)),
        recall=correct / max(1, linkable),
        calibration=bins,
        ece=ece,
        latencies_ms=[],
    )


# Of the generated register's persons, the share that is a namesake of another in another
# town, born the same year: tips about either must not link the other confidently.
NAMESAKE_SHARE = 0.03


def generated_set(
    rows: int,
    mentions: int,
    *,
    seed: int = 7,
    weak_share: float | None = None,
    namesake_share: float = NAMESAKE_SHARE,
) -> tuple[list[DossierRecord], list[Mention]]:
    """A register and mentions of it; the link model was fitted on seed 1001.
    `weak_share`: the share of tips without numbers (the generator's when None);
    `namesake_share`: persons with a namesake in another town (RegisterGenerator)."""
    register = list(RegisterGenerator(seed=seed, namesake_share=namesake_share).records(rows))
    generator = MentionGenerator(register, seed=seed + 100)
    if weak_share is not None:
        generator.weak_share = weak_share
    return register, list(generator.mentions(mentions))


def evaluation_set(
    rows: int,
    mentions: int,
    *,
    seed: int = 7,
    weak_share: float | None = None,
    namesake_share: float = NAMESAKE_SHARE,
) -> tuple[MemoryDossierIndex, list[Mention]]:
    register, generated = generated_set(
        rows, mentions, seed=seed, weak_share=weak_share, namesake_share=namesake_share
    )
    return MemoryDossierIndex(register), generated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--mentions", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    index, mentions = evaluation_set(args.rows, args.mentions, seed=args.seed)
    approaches: dict[str, Proposer] = {
        "A additive weights": partial(propose_links, scorer=additive_score),
        "B logistic model": propose_links,
    }
    for name, propose in approaches.items():
        result = evaluate(mentions, index, propose)
        print(
            f"{name}: precision {result.precision:.3f}  recall {result.recall:.3f}  "
            f"ECE {result.ece:.3f}  ({result.correct}/{result.proposed} proposed, "
            f"{result.linkable} linkable of {result.mentions})"
        )
        print(result.table())


if __name__ == "__main__":
    main()
