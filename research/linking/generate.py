"""A fictional, noisy dossier register and noisy mentions of it, with the truth.

For evaluation and benchmarks only; nothing here is real data. Names come from small
invented lists of common spellings; BSNs pass the 11-proef but are drawn at random;
V-nummers, KvK numbers, phones and e-mail addresses are random. The register itself
is noisy the way real ones are: some BSNs are issued twice, many people share a name
or a date of birth, households share an address.

Mentions are what a tip says about a dossier: a name spelt another way (Mohammed,
Muhammad, Mohamed), a typo, first and last name swapped, particles dropped, and
some identifiers, each with its `Entity`. A share of mentions is about someone who
is not in the register (`truth` None), so that precision means something.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from contract.records import DossierRecord, Entity

# Spellings of one name, first the one the register uses most. Invented lists.
# fmt: off
FIRST_NAMES: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"), ("Ahmed", "Ahmad", "Achmed"),
    ("Youssef", "Yusuf", "Yousef", "Youssouf"), ("Khalid", "Khaled", "Chalid"),
    ("Hassan", "Hasan"), ("Hussein", "Hoessein", "Husein"), ("Mustafa", "Moustafa", "Mostafa"),
    ("Ibrahim", "Ebrahim"), ("Karim", "Kareem"), ("Omar", "Oumar"), ("Fatima", "Fatma"),
    ("Aisha", "Aïcha", "Aicha"), ("Samira", "Sameera"), ("Yasmina", "Jasmina", "Yasmine"),
    ("Olga", "Olha"), ("Sergei", "Sergey", "Serhij"), ("Jevgeni", "Yevgeny", "Evgeni"),
    ("Dmitri", "Dmitry"), ("Natalia", "Natalya", "Nataliya"), ("Aleksandr", "Oleksandr"),
    ("Ayşe", "Ayse"), ("Gül", "Gul"), ("Özlem", "Ozlem"), ("Mehmet", "Mehmed"),
    ("Pieter",), ("Jan",), ("Johannes",), ("Kees",), ("Sanne",), ("Anouk",), ("Lotte",),
    ("Daan",), ("Bram",), ("Femke",), ("Wei",), ("Li Na",), ("Priya",), ("Rahul",),
    ("Maria",), ("Ana",), ("José",), ("Luis",), ("Joanna", "Joana"), ("Piotr",), ("Tomasz",),
    ("Kwame",), ("Abena",), ("Tesfaye", "Tesfay"), ("Selam",), ("Ali",), ("Reza",),
    ("Ümit", "Umit"), ("Minh Anh",), ("Abdel Rahman", "Abdelrahman"),
    ("Joao", "João"), ("Kerim",),
)
SURNAMES: tuple[tuple[str, ...], ...] = (
    ("El Amrani", "Elamrani", "Al Amrani"), ("Bouzid", "Bouzit"), ("Ben Ali", "Benali"),
    ("El Idrissi", "Elidrissi", "Idrissi"), ("Haddad", "Hadad"), ("Bakkali", "Bakali"),
    ("Chaouki", "Shawki"), ("Yılmaz", "Yilmaz"), ("Öztürk", "Ozturk", "Oeztuerk"),
    ("Şahin", "Sahin"), ("Çelik", "Celik"), ("Demir",), ("Kaya",),
    ("Shevchenko", "Sjevtsjenko"), ("Kuznetsov", "Koeznetsov"), ("Kowalski",),
    ("Nowak",), ("Wiśniewska", "Wisniewska"), ("Mensah",), ("Osei",), ("Tesfaye",),
    ("Haile",), ("Hosseini", "Hoseini"), ("Ahmadi", "Achmadi"), ("Rahimi",),
    ("Nguyen",), ("Tran",), ("Wang",), ("Chen",), ("Singh",), ("Sharma",), ("Silva",),
    ("Santos",), ("Rodrigues", "Rodriguez"), ("Jansen",), ("Janssen",), ("de Vries",),
    ("van der Berg", "van den Berg"), ("Bakker",), ("Visser",), ("Smit",),
    ("Meijer", "Meyer"), ("de Jong",), ("Mulder",), ("van Dijk",), ("de Boer",),
    ("Hendriks", "Hendrikx"), ("van Leeuwen",), ("Dekker",), ("Brouwer",), ("de Wit",),
    ("Vermeulen",), ("van der Linden",), ("Kok",), ("Jacobs",), ("Schouten",),
    ("Ouali", "Wali"), ("Aarab", "Arab"), ("Benhaddou", "Ben Haddou"), ("Tahiri",),
    ("Ziani",), ("Boukhari", "Bukhari"), ("Lahlou",), ("Mansouri", "Mansuri"),
    ("da Costa Pereira",), ("dos Santos Ferreira",), ("Vuong Dinh",), ("Abdel Karim", "Abdelkarim"),
    ("El Hachimi", "Elhachimi", "Al Hachimi"), ("Moreira Lopes",),
)
# Streets as towns have them: every stem with every ending (224 names).
_STEMS = ("Kerk", "Dorps", "Stations", "Molen", "School", "Hoofd", "Juliana", "Parallel",
          "Linde", "Berken", "Eiken", "Beuken", "Vaart", "Haven", "Wilhelmina", "Oranje",
          "Nassau", "Brink", "Tuin", "Weide", "Veld", "Bosch", "Zand", "Klooster", "Vijver",
          "Akker", "Meidoorn", "Populieren")
STREETS = tuple(
    stem + end
    for stem in _STEMS
    for end in ("straat", "weg", "laan", "plein", "kade", "singel", "dijk", "hof")
)
PLACES = ("Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Eindhoven", "Tilburg",
          "Groningen", "Almere", "Breda", "Nijmegen", "Zwolle", "Leeuwarden")
ORG_WORDS = ("Bright", "Minds", "Noord", "Delta", "Polder", "Holland", "Zuid", "Prima",
             "Snel", "Groen", "Atlas", "Horizon", "Kern", "Tulp", "Vast", "Oranje")
ORG_TRADES = ("Consultancy", "Schoonmaak", "Bouw", "Uitzendbureau", "Logistiek",
              "Horeca", "Transport", "Detachering", "Import", "Beheer")
LEGAL = ("B.V.", "BV", "V.O.F.", "Holding B.V.", "")
# fmt: on


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)


def _postcode(rng: random.Random) -> str:
    letters = "ABCEGHJKLMNPRTVWXZ"  # SA, SD, SS are not issued
    return f"{rng.randrange(1000, 10000)}{rng.choice(letters)}{rng.choice(letters)}"


# When every generated tip was received: ages in the texts count from it.
RECEIVED = date(2026, 11, 23)


@dataclass(frozen=True)
class Mention:
    """A text about (at most) one dossier, its entities, and which dossier it is."""

    text: str
    entities: tuple[Entity, ...]
    truth: str | None  # dossier_id, or None when the person is not in the register
    received: date = RECEIVED


@dataclass
class RegisterGenerator:
    """Deterministic given the seed: row i of a register is the same in every run."""

    seed: int = 7
    organisation_share: float = 0.1
    bsn_reissued_share: float = 0.002  # share of persons whose BSN another person also has
    # share of persons who are a namesake of an earlier one in another town (`_namesake`)
    namesake_share: float = 0.0

    def records(self, n: int) -> Iterator[DossierRecord]:
        rng = random.Random(self.seed)
        # Namesakes draw from a stream of their own: every other value of row i stays
        # what it is without them.
        namesakes = random.Random(self.seed * 7919 + 1)
        previous_bsns: list[str] = []
        recent: list[DossierRecord] = []
        household: DossierRecord | None = None
        for i in range(n):
            if rng.random() < self.organisation_share:
                yield self._organisation(rng, i)
                continue
            bsn = _bsn(rng)
            if previous_bsns and rng.random() < self.bsn_reissued_share:
                bsn = rng.choice(previous_bsns)
            elif len(previous_bsns) < 10_000:
                previous_bsns.append(bsn)
            record = self._person(rng, i, bsn)
            if household and rng.random() < 0.3:  # a partner or child at the same address
                record = replace(
                    record,
                    adres=household.adres,
                    postcode=household.postcode,
                    woonplaats=household.woonplaats,
                )
            elif recent and namesakes.random() < self.namesake_share:
                record = _namesake(record, namesakes.choice(recent), namesakes)
            household = record
            recent = [*recent[-999:], record]
            yield record

    def _person(self, rng: random.Random, i: int, bsn: str) -> DossierRecord:
        first = rng.choice(FIRST_NAMES)[0]
        if rng.random() < 0.3:
            first += " " + rng.choice(FIRST_NAMES)[0]
        surname = rng.choice(SURNAMES)[0]
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 66))
        return DossierRecord(
            dossier_id=f"D-{i:07d}",
            soort="persoon",
            v_nummer=f"{rng.randrange(10**9, 10**10)}" if rng.random() < 0.8 else None,
            bsn=bsn if rng.random() < 0.9 else None,
            voornamen=first,
            achternaam=surname,
            geboortedatum=born,
            nationaliteit=None,  # never generated: linking must not see it
            adres=f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
            postcode=_postcode(rng),
            woonplaats=rng.choice(PLACES),
            telefoon=f"+316{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else None,
            email=(
                f"{surname.split()[-1].lower()}{rng.randrange(10**7)}@voorbeeld.nl"
                if rng.random() < 0.3
                else None
            ),
        )

    def _organisation(self, rng: random.Random, i: int) -> DossierRecord:
        words = rng.sample(ORG_WORDS, rng.choice((1, 2)))
        name = " ".join([*words, rng.choice(ORG_TRADES), rng.choice(LEGAL)]).strip()
        return DossierRecord(
            dossier_id=f"R-{i:07d}",
            soort="organisatie",
            naam=name,
            kvk=f"{rng.randrange(10**7, 10**8)}",
            adres=f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
            postcode=_postcode(rng),
            woonplaats=rng.choice(PLACES),
        )


def _namesake(record: DossierRecord, of: DossierRecord, rng: random.Random) -> DossierRecord:
    """`record` as a namesake of `of` in another town: the same given names and surname,
    born the same year, and a third of them at the same street and number (a town's
    streets have the same names everywhere). Only the town tells the two apart, so a
    tip's town that differs from the register's is a conflict a fit can learn from."""
    assert of.geboortedatum is not None
    born = date(of.geboortedatum.year, 1, 1) + timedelta(days=rng.randrange(365))
    town = rng.choice([p for p in PLACES if p != of.woonplaats])
    return replace(
        record,
        voornamen=of.voornamen,
        achternaam=of.achternaam,
        geboortedatum=born,
        adres=of.adres if rng.random() < 1 / 3 else record.adres,
        woonplaats=town,
    )


def _spelling(name: str, table: tuple[tuple[str, ...], ...], rng: random.Random) -> str:
    """Another spelling of each part of a name, where the table knows one."""
    parts = []
    for part in name.split(" "):
        family = next((f for f in table if part in f), None)
        parts.append(rng.choice(family) if family and rng.random() < 0.5 else part)
    out = " ".join(parts)
    family = next((f for f in table if name in f), None)  # multi-word names ("El Amrani")
    return rng.choice(family) if family and rng.random() < 0.5 else out


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


class _Builder:
    """Text and entities built together, so that offsets are right by construction."""

    def __init__(self) -> None:
        self.text = ""
        self.entities: list[Entity] = []

    def add(self, words: str, label: str | None = None, value: str | None = None) -> None:
        start = len(self.text)
        self.text += words
        if label:
            self.entities.append(Entity(label, words, value or words, start, len(self.text)))


_OPENINGS = (
    "Ik wil melding maken van",
    "Graag uw aandacht voor",
    "Bij controle troffen wij",
    "Het gaat om",
    "Betreft:",
    "Mijn buurman,",
)
_CLOSINGS = (
    " woont niet op dit adres.",
    " werkt zwart in een restaurant.",
    " is een schijnhuwelijk aangegaan.",
    " verblijft hier al maanden zonder papieren.",
)


_PERSON_DETAILS = {
    "geboortedatum": 0.6,
    "postcode": 0.4,
    "bsn": 0.15,
    "v_nummer": 0.15,
    "telefoon": 0.3,
    "email": 0.3,
}


@dataclass
class MentionGenerator:
    """Noisy mentions of register rows (or of invented people outside the register)."""

    register: list[DossierRecord]
    seed: int = 11
    outside_share: float = 0.25  # mentions of someone not in the register
    typo_rate: float = 0.25
    swap_rate: float = 0.15
    weak_share: float = 0.3  # tips that give a place, year, street or address, no numbers
    elsewhere_share: float = 0.2  # tips that also name the sender's own town
    # An age in the tip that is not the person's: a child's. Drawn from a stream of its
    # own, so that every other part of each tip stays as it is without it.
    other_age_share: float = 0.08
    _ages: random.Random = field(default_factory=lambda: random.Random(0), init=False, repr=False)

    def mentions(self, n: int) -> Iterator[Mention]:
        rng = random.Random(self.seed)
        self._ages = random.Random(self.seed * 7919 + 2)
        outsiders = RegisterGenerator(seed=self.seed + 1, organisation_share=0.1)
        fake = iter(outsiders.records(n))
        for _ in range(n):
            if rng.random() < self.outside_share:
                record = next(fake)
                yield self._mention(rng, record, truth=None)
            else:
                record = rng.choice(self.register)
                yield self._mention(rng, record, truth=record.dossier_id)

    def _mention(self, rng: random.Random, record: DossierRecord, truth: str | None) -> Mention:
        b = _Builder()
        if rng.random() < self.elsewhere_share:  # a place that is not the person's
            b.add("Ons kantoor in ")
            b.add(rng.choice(PLACES), "LOCATIE")
            b.add(" meldt het volgende. ")
        b.add(rng.choice(_OPENINGS) + " ")
        if record.soort == "organisatie":
            self._organisation(rng, record, b)
        else:
            self._person(rng, record, b)
        b.add(rng.choice(_CLOSINGS))
        if record.soort == "persoon" and self._ages.random() < self.other_age_share:
            b.add(f" Er woont ook een kind van {self._ages.randint(2, 16)} jaar.")
        return Mention(b.text, tuple(b.entities), truth)

    def _person(self, rng: random.Random, r: DossierRecord, b: _Builder) -> None:
        given = r.voornamen or ""
        # "Minh Anh" is one given name of two words: kept whole.
        first = next(
            (f[0] for f in FIRST_NAMES if " " in f[0] and given.startswith(f[0])), given.split()[0]
        )
        first = _spelling(first, FIRST_NAMES, rng)
        surname = _spelling(r.achternaam or "", SURNAMES, rng)
        if rng.random() < self.typo_rate:
            surname = _typo(surname, rng)
        if rng.random() < 0.15:  # "van der Berg" -> "Berg"
            surname = " ".join(w for w in surname.split() if w[0].isupper()) or surname
        parts = [w for w in surname.split() if w[0].isupper() and len(w) >= 4]
        if len(parts) > 1 and rng.random() < 0.4:  # "Costa" for "da Costa Pereira"
            surname = rng.choice(parts)
        if rng.random() < 0.2:
            first = first[0] + "."
        name = f"{surname} {first}" if rng.random() < self.swap_rate else f"{first} {surname}"
        if rng.random() < 0.1:  # "VUONG, Minh Anh", as case files write it
            name = f"{surname.upper()}, {first}"
        if rng.random() < self.weak_share:
            self._weak_person(rng, r, b, (name, first, surname))
            return
        # Each detail is stated or not; a tip names at least one besides the name (a name
        # alone cannot single out one of thousands of namesakes).
        said = {k: rng.random() < p for k, p in _PERSON_DETAILS.items()}
        if not any(said[k] and getattr(r, k) for k in said):
            said["geboortedatum"] = True
        numbers = ("bsn", "v_nummer", "telefoon", "email")
        if rng.random() < 0.1 and any(said[k] and getattr(r, k) for k in numbers):
            b.add("de persoon met")  # a number without a name: "de persoon met, BSN ..."
        else:
            b.add(name, "PERSOON")
        if r.geboortedatum and said["geboortedatum"]:
            b.add(", geboren ")
            b.add(
                r.geboortedatum.strftime("%d-%m-%Y"), "GEBOORTEDATUM", r.geboortedatum.isoformat()
            )
        if r.postcode and said["postcode"]:
            b.add(", wonend ")
            b.add(r.adres or "", "ADRES")
            b.add(", ")
            b.add(f"{r.postcode[:4]} {r.postcode[4:]}", "POSTCODE", r.postcode)
            b.add(" ")
            b.add(r.woonplaats or "", "LOCATIE")
        if r.bsn and said["bsn"]:
            b.add(", BSN ")
            b.add(r.bsn, "BSN")
        if r.v_nummer and said["v_nummer"]:
            b.add(", V-nummer ")
            b.add(r.v_nummer, "V_NUMMER")
        if r.telefoon and said["telefoon"]:
            b.add(", tel. ")
            b.add("0" + r.telefoon[3:], "TELEFOON", r.telefoon)
        if r.email and said["email"]:
            b.add(", mail ")
            b.add(r.email, "EMAIL")

    def _weak_person(
        self, rng: random.Random, r: DossierRecord, b: _Builder, names: tuple[str, str, str]
    ) -> None:
        """A tip without numbers: the name with a place, a birth year, a street or the
        address; or a given name alone with the exact address. `names`: the name as
        written, its given name and its surname."""
        name, first, surname = names
        if rng.random() < 0.1 and r.adres and len(first) > 2:
            b.add(first, "PERSOON")
            b.add(", ")
            self._address(r, b)
            return
        if rng.random() < 0.15:  # "mevrouw Karaca": the surname alone
            b.add(rng.choice(("mevrouw ", "de heer ", "meneer ")))
            name = surname
        b.add(name, "PERSOON")
        said = {
            "woonplaats": rng.random() < 0.55,
            "jaar": rng.random() < 0.4,
            "straat": rng.random() < 0.3,
            "adres": rng.random() < 0.25,
        }
        if not any(said.values()):
            said[rng.choice(list(said))] = True
        if said["jaar"] and r.geboortedatum:
            age = RECEIVED.year - r.geboortedatum.year - (rng.random() < 0.5)
            form = rng.random()
            if form < 0.4:
                b.add(f" (geboren in {r.geboortedatum.year})")
            elif form < 0.7:
                b.add(f", {age} jaar,")
            else:  # a guess, as a neighbour makes it
                b.add(f" (ca. {max(18, age + rng.randint(-3, 3))} jaar)")
        if said["adres"] and r.adres:
            b.add(", ")
            self._address(r, b)
        elif said["straat"] and r.adres:
            b.add(" woont aan de ")
            b.add(r.adres.rsplit(" ", 1)[0])
        if said["woonplaats"] and r.woonplaats and not said["adres"]:
            b.add(rng.choice((" in ", " uit ", " te ")))
            b.add(r.woonplaats, "LOCATIE")

    @staticmethod
    def _address(r: DossierRecord, b: _Builder) -> None:
        b.add(r.adres or "", "ADRES")
        if r.woonplaats:
            b.add(" in ")
            b.add(r.woonplaats, "LOCATIE")

    def _organisation(self, rng: random.Random, r: DossierRecord, b: _Builder) -> None:
        name = r.naam or ""
        if rng.random() < 0.4:  # legal form left out or written differently
            name = name.replace(" B.V.", rng.choice(("", " BV", " b.v."))).replace(" V.O.F.", "")
        if rng.random() < self.typo_rate:
            words = name.split()
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
            name = " ".join(words)
        b.add(name, "ORGANISATIE")
        if r.kvk and rng.random() < 0.5:
            b.add(" (KvK ")
            b.add(r.kvk, "KVK")
            b.add(")")
        if r.postcode and rng.random() < 0.4:
            b.add(f", gevestigd {r.adres}, ")
            b.add(f"{r.postcode[:4]} {r.postcode[4:]}", "POSTCODE", r.postcode)
            b.add(f" {r.woonplaats}")
