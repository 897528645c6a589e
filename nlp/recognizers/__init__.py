"""One recogniser per label family, each a regex pass validated where a library can."""

from __future__ import annotations

from nlp.recognizers.address import AddressRecognizer
from nlp.recognizers.base import Candidate, Context, Recognizer
from nlp.recognizers.dates import DateRecognizer
from nlp.recognizers.email import EmailRecognizer
from nlp.recognizers.iban import IbanRecognizer
from nlp.recognizers.identifiers import (
    BsnRecognizer,
    DocumentnummerRecognizer,
    KvkRecognizer,
    VNummerRecognizer,
)
from nlp.recognizers.kenteken import KentekenRecognizer
from nlp.recognizers.nationality import NationalityRecognizer
from nlp.recognizers.phone import PhoneRecognizer
from nlp.recognizers.postcode import PostcodeRecognizer


def default_recognizers() -> list[Recognizer]:
    return [
        EmailRecognizer(),
        IbanRecognizer(),
        BsnRecognizer(),
        VNummerRecognizer(),
        KvkRecognizer(),
        DocumentnummerRecognizer(),
        PhoneRecognizer(),
        PostcodeRecognizer(),
        KentekenRecognizer(),
        DateRecognizer(),
        AddressRecognizer(),
        NationalityRecognizer(),
    ]


__all__ = ["Candidate", "Context", "Recognizer", "default_recognizers"]
