"""Two fictional namesakes in a register and a tip about one of them: the dossier pairs'
shared example (review pages, the linker's bands, the link fit)."""

from __future__ import annotations

from datetime import date

from contract.records import DossierRecord

# Two namesakes in the register. The text's age fits the second, its town the first: the
# linker proposes the second and leaves the first as a possible link (0.2-0.5).
LINK_REGISTER = (
    DossierRecord("D-000101", "persoon", v_nummer="1234567890", voornamen="Kees",
                  achternaam="Verzonnen", geboortedatum=date(1984, 5, 6), adres="Kerkpad 4",
                  postcode="1234AB", woonplaats="Voorbeelddorp", nationaliteit="Fictiefs"),
    DossierRecord("D-000202", "persoon", voornamen="Kees", achternaam="Verzonnen",
                  geboortedatum=date(1991, 1, 2), adres="Kerkpad 4", woonplaats="Elders",
                  nationaliteit="Fictiefs"),
)  # fmt: skip
LINK_TEXT = "Kees Verzonnen, 35 jaar, woont op Kerkpad 4 in Voorbeelddorp."
LINK_ENTITIES = (
    ("PERSOON", "Kees Verzonnen"),
    ("ADRES", "Kerkpad 4"),
    ("LOCATIE", "Voorbeelddorp"),
)
