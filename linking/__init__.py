"""Linking: propose which register dossiers a text is about.

`propose_links` scores candidates from a `DossierIndex` (see `linking.propose` for
the evidence weights); `read_register_csv` reads the contract's register CSV; the
name keys are what the index is searched on.
"""

from contract.vocabulary import IDENTIFIER_KINDS
from linking.index import DossierIndex
from linking.names import organisation_key, surname_key
from linking.propose import MIN_SCORE, WEIGHTS, additive_score, propose_links
from linking.register import RegisterError, read_register_csv

__all__ = [
    "IDENTIFIER_KINDS",
    "MIN_SCORE",
    "WEIGHTS",
    "DossierIndex",
    "RegisterError",
    "additive_score",
    "organisation_key",
    "propose_links",
    "read_register_csv",
    "surname_key",
]
