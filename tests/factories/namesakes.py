"""Two fictional namesakes in a register and a tip about one of them: the dossier pairs'
shared example (review pages, the linker's bands, the link fit)."""

from __future__ import annotations

from datetime import date

from contract.records import DossierRecord

# Two namesakes in the register. The text's address and town are the first's, its age
# is not: the linker proposes the first. The second lives in another town on the same
# street (another number), its birth date unknown: a possible link (0.2-0.5).
LINK_REGISTER = (
    DossierRecord("D-000101", "persoon", v_nummer="1234567890", voornamen="Kees",
                  achternaam="Verzonnen", geboortedatum=date(1984, 5, 6), adres="Kerkpad 4",
                  postcode="1234AB", woonplaats="Voorbeelddorp", nationaliteit="Fictiefs"),
    DossierRecord("D-000202", "persoon", voornamen="Kees", achternaam="Verzonnen",
                  adres="Kerkpad 12", woonplaats="Elders", nationaliteit="Fictiefs"),
)  # fmt: skip
PROPOSED, POSSIBLE = "D-000101", "D-000202"
# The same text against the same first row and a namesake at the same street and number
# in another town, born in the year the text's age gives: the town written with the
# address rules it out ("adres anders"), however well the rest fits.
ELSEWHERE = DossierRecord("D-000303", "persoon", voornamen="Kees", achternaam="Verzonnen",
                          geboortedatum=date(1991, 1, 2), adres="Kerkpad 4",
                          woonplaats="Elders")  # fmt: skip
LINK_TEXT = "Kees Verzonnen, 35 jaar, woont op Kerkpad 4 in Voorbeelddorp."
LINK_ENTITIES = (
    ("PERSOON", "Kees Verzonnen"),
    ("ADRES", "Kerkpad 4"),
    ("LOCATIE", "Voorbeelddorp"),
)
