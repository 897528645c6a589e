"""Linking: propose which register dossiers a text is about.

`propose_links` scores candidates from a `DossierIndex` (see `linking.propose` for
the evidence weights; `link_bands` also gives the possible links below the proposals);
`read_register_csv` reads the contract's register CSV; the name keys are what the index
is searched on.
"""

from contract.vocabulary import IDENTIFIER_KINDS
from linking.index import DossierIndex
from linking.names import organisation_key, surname_key
from linking.propose import (
    MIN_SCORE,
    POSSIBLE_SCORE,
    WEIGHTS,
    additive_score,
    link_bands,
    propose_links,
)
from linking.register import RegisterError, read_register_csv

__all__ = [
    "IDENTIFIER_KINDS",
    "MIN_SCORE",
    "POSSIBLE_SCORE",
    "WEIGHTS",
    "DossierIndex",
    "RegisterError",
    "additive_score",
    "link_bands",
    "organisation_key",
    "propose_links",
    "read_register_csv",
    "surname_key",
]
