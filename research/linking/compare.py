"""Compare linking approaches on one generated register and one set of mentions.

    .venv/bin/python -m research.linking.compare --rows 20000 --mentions 3000 --seed 7

A  additive weights (`linking.propose.additive_score`), hand-set;
B  the logistic model (`linking.scorer`, the default), fitted on seed 1001: a set made
   with any other seed is held out;
C  a Fellegi-Sunter model with Splink on DuckDB, trained unsupervised (u by random
   sampling, m by EM) on this register and these mentions; run when `splink` imports.

All three are scored alike: the top-1 proposal per mention (score >= 0.50), its
precision over mentions with a proposal, recall over mentions whose person or
company is in the register, and the reliability table with ECE of the top-1 score.
The truth is used for scoring only. Splink gets the mentions as structured records
(name parts, date of birth, identifiers, from the entities) and blocks on the same
keys that `propose_links` searches on, so both see the same candidates.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from functools import partial
from typing import Any

from contract.records import DossierRecord
from linking.memory import MemoryDossierIndex
from linking.names import (
    first_name_key,
    first_name_phonetic_key,
    organisation_key,
    surname_key,
    surname_phonetic_key,
)
from linking.propose import MIN_SCORE, additive_score, propose_links
from research.linking.evaluate import Evaluation, evaluate, generated_set, summarise
from research.linking.generate import Mention

_IDENTIFIERS = ("v_nummer", "bsn", "kvk", "telefoon", "email", "postcode")
_LABELS = {"V_NUMMER": "v_nummer", "BSN": "bsn", "KVK": "kvk", "TELEFOON": "telefoon"}
_LABELS |= {"EMAIL": "email", "POSTCODE": "postcode", "GEBOORTEDATUM": "geboortedatum"}


def _person_columns(first: str | None, surname: str | None) -> dict[str, str | None]:
    return {
        "first": first_name_key(first) or None if first else None,
        "first_ph": first_name_phonetic_key(first) or None if first else None,
        "initial": first_name_key(first)[:1] or None if first else None,
        "surname": surname_key(surname) or None if surname else None,
        "surname_ph": surname_phonetic_key(surname) or None if surname else None,
    }


def register_rows(register: Sequence[DossierRecord]) -> list[dict[str, Any]]:
    """The register as Splink input: normalised keys, no nationality."""
    rows = []
    for r in register:
        first = (r.voornamen or "").split()[0] if r.voornamen else None
        row: dict[str, Any] = {"unique_id": r.dossier_id, "mention": None, "soort": r.soort}
        row |= _person_columns(first, r.achternaam)
        row |= {kind: getattr(r, kind) for kind in _IDENTIFIERS}
        row["geboortedatum"] = r.geboortedatum.isoformat() if r.geboortedatum else None
        row["org"] = organisation_key(r.naam) if r.naam else None
        rows.append(row)
    return rows


def mention_rows(mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """Each mention as structured records read from its entities. A person's name is
    given in both readings (first name first, and swapped) as two rows of the mention,
    because a tip writes "El Amrani Fatima" as often as "Fatima El Amrani"."""
    rows = []
    for i, m in enumerate(mentions):
        base: dict[str, Any] = {kind: None for kind in (*_IDENTIFIERS, "geboortedatum", "org")}
        names: list[tuple[str | None, str | None]] = [(None, None)]
        for e in m.entities:
            if e.label in _LABELS:
                base[_LABELS[e.label]] = e.value
            elif e.label == "ORGANISATIE":
                base["org"] = organisation_key(e.text) or None
            elif e.label == "PERSOON":
                words = e.text.split()
                names = [(words[0], " ".join(words[1:]) or None)]
                if len(words) > 1:
                    names.append((words[-1], " ".join(words[:-1])))
        for reading, (first, surname) in enumerate(names):
            rows.append(
                {"unique_id": f"m{i}-{reading}", "mention": i}
                | {"soort": None}
                | _person_columns(first, surname)
                | base
            )
    return rows


def splink_scores(
    register: Sequence[DossierRecord], mentions: Sequence[Mention], *, seed: int = 1
) -> tuple[list[tuple[float, bool] | None], float, float]:
    """Top-1 (match probability, right?) per mention, training and prediction seconds."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def keyed(column: str, *extra: Any) -> Any:
        return cl.CustomComparison(
            [cll.NullLevel(column), cll.ExactMatchLevel(column), *extra, cll.ElseLevel()],
            output_column_name=column,
        )

    comparisons = [
        keyed(
            "surname",
            cll.ExactMatchLevel("surname_ph"),
            cll.JaroWinklerLevel("surname", 0.88),
        ),
        keyed(
            "first",
            cll.ExactMatchLevel("first_ph"),
            cll.JaroWinklerLevel("first", 0.85),
            cll.ExactMatchLevel("initial"),
        ),
        keyed("geboortedatum"),
        *(keyed(kind) for kind in _IDENTIFIERS),
        keyed("org", cll.JaroWinklerLevel("org", 0.9)),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on(column) for column in ("geboortedatum", *_IDENTIFIERS, "org")
        ],
        retain_matching_columns=False,
        additional_columns_to_retain=["mention"],
    )
    db = DuckDBAPI()
    left = db.register(register_rows(register), table_name="register")
    right = db.register(mention_rows(mentions), table_name="mentions")
    linker = Linker([left, right], settings, log_level="WARNING")
    start = time.perf_counter()
    # Prior: pairs agreeing on an identifier, assumed to be half of the true links.
    linker.training.estimate_probability_two_random_records_match(
        [block_on(kind) for kind in ("v_nummer", "bsn", "kvk", "email", "telefoon")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    for rule in ("geboortedatum", "surname", "postcode", "org"):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
    trained = time.perf_counter() - start
    start = time.perf_counter()
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_duckdbpyrelation()
    best: dict[int, tuple[float, str]] = {}
    for probability, left_id, right_id, mention in pairs.select(
        "match_probability, unique_id_l, unique_id_r, coalesce(mention_l, mention_r)"
    ).fetchall():
        dossier = right_id if str(left_id).startswith("m") else left_id
        if probability > best.get(mention, (-1.0, ""))[0]:
            best[mention] = (probability, dossier)
    predicted = time.perf_counter() - start
    top: list[tuple[float, bool] | None] = []
    for i, m in enumerate(mentions):
        if i in best and best[i][0] >= MIN_SCORE:
            top.append((round(best[i][0], 2), best[i][1] == m.truth))
        else:
            top.append(None)
    return top, trained, predicted


def compare(
    rows: int, mentions: int, seed: int, *, splink: bool = True, weak_share: float | None = None
) -> dict[str, Evaluation]:
    register, generated = generated_set(rows, mentions, seed=seed, weak_share=weak_share)
    index = MemoryDossierIndex(register)
    results = {
        "A additive weights": evaluate(
            generated, index, partial(propose_links, scorer=additive_score)
        ),
        "B logistic model": evaluate(generated, index, propose_links),
    }
    if splink:
        top, trained, predicted = splink_scores(register, generated)
        result = summarise(generated, [t for t in top if t is not None])
        per_item = predicted * 1000 / max(1, len(generated))
        results["C Splink (Fellegi-Sunter, EM)"] = result
        print(
            f"Splink: trained in {trained:.1f} s, predicted all mentions in {predicted:.1f} s "
            f"({per_item:.2f} ms per mention, batch)"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--mentions", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()
    try:
        import splink  # noqa: F401

        use_splink = not args.no_splink
    except ImportError:
        print("splink is not installed: comparing A and B only (pip install splink)")
        use_splink = False
    results = compare(args.rows, args.mentions, args.seed, splink=use_splink)
    print(f"\n{args.rows:,} register rows, {args.mentions:,} mentions, seed {args.seed}\n")
    print("| approach | top-1 precision | recall | ECE | proposed | lookup p50 | lookup p95 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        latency = (
            f"{r.latency(0.5):.2f} ms | {r.latency(0.95):.2f} ms" if r.latencies_ms else "- | -"
        )
        print(
            f"| {name} | {r.precision:.3f} | {r.recall:.3f} | {r.ece:.3f} "
            f"| {r.correct}/{r.proposed} | {latency} |"
        )
    for name, r in results.items():
        print(f"\n{name}\n\n{r.table()}")


if __name__ == "__main__":
    main()
