"""The words of the demo year (scripts/demo_year.py): invented people, places, numbers and
organisations, the senders, and tip templates per signal type and per planted phenomenon.

Every identifier a tip names is drawn once (`Slots.factory` remembers them) and never
equals a planted value, so the only values tips share are the planted ones. Templates
name no authorities or other organisations besides the tip's own {bedrijf} or {sponsor}:
a name that recurs in a dozen unrelated tips would connect them. The sender's own
organisation stands only in the signature, which reporter masking leaves out.
"""

from __future__ import annotations

import dataclasses
import random
import string
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass

from stdnum import iban

# fmt: off
FIRST = (
    "Joris", "Annelies", "Thijmen", "Floor", "Gijs", "Jelle", "Hidde", "Amira", "Yusra",
    "Bogdan", "Irina", "Kofi", "Efua", "Dawit", "Meron", "Ravi", "Mateo", "Zofia", "Kacper",
    "Leila", "Samir", "Nour", "Timur", "Dilnoza", "Wietske", "Imke", "Rutger", "Elif", "Baran",
    "Maartje", "Tjeerd", "Lieke", "Ids", "Femke", "Otto", "Yara", "Idris", "Salma", "Ilham",
    "Olena", "Sorin", "Ama", "Yaw", "Selamawit", "Arun", "Xiu", "Bao", "Inés", "Pablo",
    "Agata", "Darius", "Bastiaan", "Wessel", "Hester", "Doortje", "Siebe", "Tamme", "Geertje",
    "Lammert", "Aukje", "Driss", "Halima", "Vasyl", "Ileana", "Kwabena", "Akosua", "Genet",
    "Meera", "Lian", "Tao", "Rocío", "Iker", "Halina", "Bartosz", "Shirin", "Zeynep",
)
LAST = (
    "Tijhuis", "Brinkhorst", "Oosterbeek", "Kampsteeg", "Wolderink", "Hazelhoff", "Rietveldt",
    "Zandbergen", "Grevink", "Lanting", "Bruggeman", "Stoltenborg", "Amrouch", "Benkirane",
    "Tahtah", "Hamdaoui", "Petrenko", "Marinescu", "Dragomir", "Boateng", "Gebremedhin",
    "Raghunath", "Liang", "Zhou", "Moreira", "Castillo", "Wróbel", "Zielinski", "Nazarov",
    "Nijenhuis", "Schuurbiers", "Ten Brinke", "Vos de Wael", "Wentink", "Scholtens",
    "Luttikhuis", "Brummelkamp", "Oudejans", "Verhoef", "Kleinjan", "Mulderij", "Azzouzi",
    "Bouras", "Tkachenko", "Lysenko", "Popescu", "Mensah-Obeng", "Abebe", "Wolde", "Krishnan",
    "Huang", "Teixeira", "Ortega", "Kaczmarek", "Jabari", "Sadeghi", "Yavuz", "Alimov",
    "Schreuder", "Kuipers-Lont", "Roelofsen", "Ekkelenkamp", "Tuinstra", "Veenhuizen",
    "Dijkhof", "Zwiers", "Bakhuis", "Essafi", "Lamrani", "Boudlal", "Savchenko", "Horvath",
    "Ionescu", "Owusu-Ansah", "Girma", "Xu", "Cardoso", "Navarro", "Pawlak", "Rostami",
    "Demirtaş", "Rakhimov",
)
TREES = (
    "Berken", "Eiken", "Linden", "Iepen", "Wilgen", "Populieren", "Meidoorn", "Vlier",
    "Hazelaar", "Kastanje", "Esdoorn", "Beuken", "Lijster", "Merel", "Spreeuwen", "Kievit",
    "Reiger", "Zwaluw", "Fazanten", "Kwartel", "Tulpen", "Narcis", "Krokus", "Hyacinten",
    "Aster", "Dahlia", "Lelie", "Klaver", "Heide", "Duin",
)
STREET_ENDS = ("straat", "laan", "weg", "hof", "plein", "singel", "kade", "dreef")
PLACES = (
    "Deventer", "Zwolle", "Apeldoorn", "Enschede", "Utrecht", "Amersfoort", "Haarlem",
    "Leiden", "Delft", "Dordrecht", "Rotterdam", "Den Haag", "Amsterdam", "Almere",
    "Lelystad", "Arnhem", "Nijmegen", "Tilburg", "Breda", "Eindhoven", "Venlo", "Groningen",
    "Leeuwarden", "Assen", "Emmen", "Middelburg",
)
TRADES = (
    "Schoonmaakbedrijf", "Bouwbedrijf", "Transportbedrijf", "Kwekerij", "Bakkerij",
    "Cateringbedrijf", "Montagebedrijf", "Autohandel", "Nagelstudio", "Klusbedrijf",
)
ROUTES = (
    "via Italië", "over de Balkanroute", "via Frankrijk en België",
    "met een vrachtwagen uit Spanje",
)
# Who writes in: (sender kind, organisation in the signature, mailbox domain).
PARTNERS = (
    ("Team Adreskwaliteit", "gemeente Deventer", "deventer.gemeente.example"),
    ("Burgerzaken", "gemeente Apeldoorn", "apeldoorn.gemeente.example"),
    ("Afdeling Basisregistratie Personen", "gemeente Zwolle", "zwolle.gemeente.example"),
    ("AVIM Oost-Nederland", "Politie", "avim.politie.example"),
    ("Team Vreemdelingenzaken", "Politie Midden-Nederland", "mnl.politie.example"),
    ("Team Handhaving", "UWV", "uwv.example"),
    ("Toeslagen, team Signalen", "Belastingdienst", "belastingdienst.example"),
    ("Directie Opsporing", "Nederlandse Arbeidsinspectie", "arbeidsinspectie.example"),
    ("Brigade Schiphol", "Koninklijke Marechaussee", "kmar.example"),
    ("Locatie Zutphen", "COA", "coa.example"),
)
# Who reports what, by weight: requests come from partners, questions from citizens.
REPORTERS: dict[str | None, dict[str, int]] = {
    None: {"partner": 40, "ind": 12, "citizen": 18, "anonymous": 14, "phone": 11, "desk": 5},
    "informatieverzoek": {"partner": 1},
    "algemene_vraag": {"citizen": 6, "phone": 3, "desk": 1},
}
IND_UNITS = ("Loket Zwolle", "Desk Den Haag", "Unit Verblijf", "Team Naturalisatie", "Klantcontact")
# fmt: on


@dataclass(frozen=True)
class Slots:
    """The values one tip's template can use."""

    persoon: str
    persoon2: str
    adres: str
    postcode: str
    plaats: str
    telefoon: str
    email: str
    vnummer: str
    bsn: str
    geboren: str
    bedrijf: str
    kvk: str
    iban: str
    kenteken: str
    sponsor: str
    sponsor_mail: str
    zaak: str
    route: str
    melder: str  # the reporter's own name
    melder_mail: str

    def replace(self, **values: str) -> Slots:
        return dataclasses.replace(self, **values)

    @staticmethod
    def factory(
        rng: random.Random, reserved: set[str]
    ) -> Callable[[random.Random, Collection[str]], Slots]:
        """Draws fresh slots; no identifier twice, none of `reserved` (the planted values)."""
        used = {r.lower() for r in reserved}

        def once(draw: Callable[[], str]) -> str:
            while True:
                value = draw()
                if value.lower() not in used:
                    used.add(value.lower())
                    return value

        def digits(n: int, first: str = "123456789") -> str:
            return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))

        def name() -> str:
            return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

        letters = "BDFGHJKLNPRSTVXZ"

        def sponsor() -> str:
            ends = ("Talent", "Academy", "Studiehuis", "Opleidingen")
            return f"Stichting {rng.choice(TREES)}{rng.choice(('poort', 'kring', 'brug'))} " + (
                rng.choice(ends)
            )

        drawers: dict[str, Callable[[], str]] = {
            "persoon": lambda: once(name),
            "persoon2": lambda: once(name),
            "adres": lambda: once(
                lambda: f"{rng.choice(TREES)}{rng.choice(STREET_ENDS)} {rng.randrange(1, 180)}"
            ),
            "postcode": lambda: once(
                lambda: f"{digits(4)} {rng.choice(letters)}{rng.choice(letters)}"
            ),
            "plaats": lambda: rng.choice(PLACES),
            "telefoon": lambda: once(lambda: f"06 {digits(4, '2345789')} {digits(4)}"),
            "email": lambda: once(lambda: f"{_ascii(name())}{digits(2)}@webmail.example"),
            "vnummer": lambda: once(lambda: digits(10)),
            "bsn": lambda: once(lambda: _bsn(rng)),
            "geboren": lambda: (
                f"{rng.randrange(1, 29):02d}-{rng.randrange(1, 13):02d}-{rng.randrange(1958, 2004)}"
            ),
            "bedrijf": lambda: once(
                lambda: f"{rng.choice(TRADES)} {rng.choice(LAST)} {rng.choice(TREES)}"
            ),
            "kvk": lambda: once(lambda: digits(8)),
            "iban": lambda: once(lambda: _iban(rng)),
            "kenteken": lambda: once(
                lambda: (
                    f"{rng.choice(letters)}{rng.choice(letters)}-{digits(3)}-{rng.choice(letters)}"
                )
            ),
            "sponsor": lambda: once(sponsor),
            "zaak": lambda: once(lambda: f"PL{digits(4)}-{digits(7)}"),
            "route": lambda: rng.choice(ROUTES),
        }

        def slots(rng: random.Random, needed: Collection[str]) -> Slots:
            """Fresh values for the fields in `needed`; the others stay empty."""
            values = {f: drawers[f]() if f in needed else "" for f in drawers}
            if values["sponsor"]:
                values["sponsor_mail"] = (
                    "aanmelden@"
                    + _ascii(values["sponsor"].split()[1])
                    + (f"-{_ascii(values['sponsor'].split()[2])}.example")
                )
            else:
                values["sponsor_mail"] = ""
            melder = name()
            mailbox = once(lambda: f"{_ascii(melder.split()[0])}{digits(3)}@webmail.example")
            return Slots(**values, melder=melder, melder_mail=mailbox)

        return slots

    def reporter(
        self, rng: random.Random, template: str, english: bool, signal_type: str
    ) -> tuple[str, str, str]:
        """Channel, sender and the text with the sender's greeting and signature."""
        text = template.format(**dataclasses.asdict(self))
        if english:
            if rng.random() < 0.5:
                return (
                    "email",
                    f"Anonymous <tip{self.melder_mail}>",
                    f"{text}\n\nI prefer to stay anonymous.",
                )
            body = f"Dear Sir or Madam,\n\n{text}\n\nKind regards,\n{self.melder}"
            return "email", f"{self.melder} <{self.melder_mail}>", body
        kinds = REPORTERS.get(signal_type, REPORTERS[None])
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        if kind == "partner":
            team, org, domain = rng.choice(PARTNERS)
            local = _ascii(f"{self.melder[0]}.{self.melder.split()[-1]}")
            signature = f"{self.melder}\n{team}\n{org}"
            body = f"Geachte collega,\n\n{text}\n\nMet vriendelijke groet,\n{signature}"
            return "email", f"{self.melder} <{local}@{domain}>", body
        if kind == "ind":
            local = _ascii(self.melder.replace(" ", "."))
            signature = f"{self.melder}\nIND, {rng.choice(IND_UNITS)}"
            body = f"Hoi IKP,\n\nVan een klant aan de balie gehoord: {text}\n\nGroet,\n{signature}"
            return "email", f"{self.melder} <{local}@ind.example>", body
        if kind == "citizen":
            body = f"Beste meneer, mevrouw,\n\n{text}\n\nMet vriendelijke groet,\n{self.melder}"
            return "email", f"{self.melder} <{self.melder_mail}>", body
        if kind == "anonymous":
            body = f"{text}\n\nIk wil graag anoniem blijven."
            return "email", f"Anoniem <anoniem.{self.melder_mail}>", body
        named = rng.random() < 0.6
        note = "Melder belt" if kind == "phone" else "Melder aan de balie"
        return kind, self.melder if named else "", f"{note}{'' if named else ' (anoniem)'}. {text}"


def _ascii(text: str) -> str:
    """A mailbox name: lower case ASCII letters, digits and dots."""
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore")
    return "".join(c for c in folded.decode().lower() if c.isalnum() or c == ".")


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def iban_of(bank: str, account: int) -> str:
    """A Dutch IBAN with valid check digits."""
    bban = f"{bank}{account:010d}"
    return f"NL{iban.calc_check_digits('NL00' + bban)}{bban}"


def _iban(rng: random.Random) -> str:
    bank = rng.choice(("RABO", "INGB", "ABNA", "SNSB", "TRIO", "ASNB"))
    return iban_of(bank, rng.randrange(10**9, 10**10))


# Background tips per type: {slot} fields of Slots. Invented situations, plain Dutch.
BACKGROUND: dict[str, tuple[str, ...]] = {
    "verblijfsfraude": (
        "Op het adres {adres}, {postcode} {plaats} staat {persoon} ingeschreven, maar hij "
        "woont daar al maanden niet meer. Volgens de buren verblijft hij het grootste deel "
        "van het jaar in het buitenland.",
        "{persoon} (geboren {geboren}) heeft een verblijfsvergunning bij haar partner, maar "
        "de relatie is sinds de zomer voorbij. Zij woont nu op {adres} in {plaats} en heeft "
        "dit niet doorgegeven.",
        "Bij een adrescontrole op {adres} in {plaats} bleek dat {persoon}, V-nummer "
        "{vnummer}, daar niet verblijft. De opgegeven inkomsten kloppen ook niet.",
    ),
    "schijnhuwelijk": (
        "{persoon} en {persoon2} zijn vorige maand getrouwd, maar zij wonen niet samen. "
        "Hij zou geld hebben gekregen voor het huwelijk. Hij staat ingeschreven op {adres}, "
        "{postcode} {plaats}.",
        "Ik vermoed dat de relatie tussen {persoon} en {persoon2} niet echt is. Ze kennen "
        "elkaar pas een paar weken en spreken geen gemeenschappelijke taal. Telefoon van "
        "{persoon}: {telefoon}.",
        "{persoon} heeft een kind erkend van een vrouw die hij nauwelijks kent. Er is "
        "volgens kennissen voor de erkenning betaald, via rekening {iban}.",
    ),
    "referentfraude": (
        "{bedrijf} (KvK {kvk}) heeft als referent een kennismigrant laten komen, "
        "{persoon}, maar hij werkt daar niet. Het salaris wordt volgens collega's "
        "teruggestort.",
        "{sponsor} treedt op als referent voor studenten, maar de opleiding bestaat alleen "
        "op papier. Aanmeldingen gaan via {sponsor_mail}.",
        "Het loon van {persoon} bij {bedrijf} ligt ver onder het normbedrag voor "
        "kennismigranten. Op de loonstrook staat een ander bedrag dan wat hij ontvangt.",
    ),
    "identiteitsfraude": (
        "{persoon} gebruikt het paspoort van een familielid om te werken. De foto lijkt "
        "niet op haar. Zij woont op {adres} in {plaats}.",
        "Bij de aanvraag van {persoon}, geboren {geboren}, is een geboorteakte ingeleverd "
        "die vervalst lijkt. Het BSN {bsn} hoort volgens de registratie bij iemand anders.",
    ),
    "asielfraude": (
        "{persoon}, V-nummer {vnummer}, heeft asiel gekregen maar reist elke zomer terug "
        "naar het land waaruit hij gevlucht zou zijn. Foto's daarvan staan online.",
        "Het asielverhaal van {persoon} klopt niet: hij heeft al bescherming in een ander "
        "land van de EU. Hij verblijft nu op {adres} in {plaats}.",
    ),
    "openbare_orde": (
        "{persoon}, met een verblijfsvergunning, is opgepakt voor handel in drugs vanuit "
        "een woning aan {adres} in {plaats}. Er rijdt vaak een auto met kenteken "
        "{kenteken} voor.",
        "Er is veel overlast van {persoon} op {adres}, {postcode} {plaats}: bedreigingen "
        "en vernielingen. Hij is volgens buurtbewoners al eerder veroordeeld.",
    ),
    "mensenhandel": (
        "{persoon} werkt zeven dagen per week bij {bedrijf} en moet haar paspoort bij de "
        "eigenaar inleveren. Ze krijgt bijna niets betaald en slaapt boven de zaak.",
        "Op {adres} in {plaats} wonen vrouwen die elke avond worden opgehaald en pas 's "
        "ochtends terugkomen. Zij lijken bang. Een man die zich {persoon} noemt regelt alles.",
    ),
    "mensensmokkel": (
        "{persoon} biedt tegen betaling overtochten naar Nederland aan, {route}. Hij "
        "vraagt enkele duizenden euro's per persoon en gebruikt telefoonnummer {telefoon}.",
        "Een familie op {adres} in {plaats} zegt dat {persoon} hen {route} naar Nederland "
        "heeft gebracht en nog geld van hen krijgt.",
    ),
    "nationale_veiligheid": (
        "{persoon} deelt online filmpjes waarin geweld tegen ongelovigen wordt verheerlijkt "
        "en zegt dat hij wil uitreizen naar een strijdgebied. Hij woont op {adres}.",
        "Een medewerker van een laboratorium, {persoon}, stelt vragen over onderzoek dat "
        "niet bij zijn werk hoort en maakt foto's van documenten.",
    ),
    "oorlogsmisdrijven": (
        "{persoon} was volgens landgenoten officier in een militie die dorpen platbrandde "
        "en gevangenen martelde. Hij woont nu in {plaats}.",
    ),
    "informatieverzoek": (
        "Vordering op grond van artikel 126nd Sv in onderzoek {zaak}: wij verzoeken u de "
        "gegevens te verstrekken van {persoon}, geboren {geboren}, V-nummer {vnummer}.",
        "In het kader van onderzoek {zaak} verzoeken wij om informatie over de "
        "verblijfsstatus van {persoon}, BSN {bsn}, op grond van de Wet politiegegevens.",
    ),
    "algemene_vraag": (
        "Ik heb in het voorjaar een aanvraag ingediend voor verblijf bij mijn partner, "
        "V-nummer {vnummer}. Wanneer krijg ik een beslissing? Ik wacht al maanden.",
        "Kunt u mij vertellen welke documenten ik nodig heb om mijn verblijfsvergunning te "
        "verlengen? Mijn pas verloopt over twee maanden.",
        "Ik wil een klacht indienen over de lange wachttijd voor mijn naturalisatie. Ik "
        "heb al drie keer gebeld zonder antwoord.",
    ),
}

ENGLISH: dict[str, tuple[str, ...]] = {
    "verblijfsfraude": (
        "{persoon} is registered at {adres}, {plaats}, but has not lived there for months. "
        "The neighbours say he spends most of the year abroad.",
    ),
    "schijnhuwelijk": (
        "I believe the marriage of {persoon} and {persoon2} is not genuine. They do not "
        "live together and money was paid for the wedding.",
    ),
    "referentfraude": (
        "{bedrijf} (KvK {kvk}) sponsors a highly skilled migrant, {persoon}, who never "
        "works there. Part of the salary is paid back in cash.",
    ),
    "identiteitsfraude": (
        "{persoon} is working with the passport of a cousin. The photo does not match. "
        "Her address is {adres} in {plaats}.",
    ),
    "asielfraude": (
        "{persoon} received asylum but travels back to his home country every summer. "
        "Pictures of these trips are online.",
    ),
    "openbare_orde": (
        "{persoon} keeps threatening people in our street, {adres} in {plaats}. The police "
        "have been called several times.",
    ),
    "mensenhandel": (
        "{persoon} works every day at {bedrijf} for almost no pay and her passport was "
        "taken by the owner, and she sleeps above the shop.",
    ),
    "mensensmokkel": (
        "{persoon} offers to bring people to the Netherlands {route} for a few thousand "
        "euros each. His number is {telefoon}.",
    ),
    "nationale_veiligheid": (
        "{persoon} shares videos glorifying violence and says he wants to travel to a "
        "war zone. His address is {adres}.",
    ),
    "oorlogsmisdrijven": (
        "{persoon} was an officer in a militia that tortured prisoners, according to "
        "people from his village, and now lives in {plaats}.",
    ),
    "informatieverzoek": (
        "In investigation {zaak} we request the residence status of {persoon}, born "
        "{geboren}, under the Police Data Act.",
    ),
    "algemene_vraag": (
        "I applied for a residence permit with my partner in spring (V-number {vnummer}). "
        "When can I expect a decision?",
        "Which documents do I need to extend my residence permit? It expires in two months.",
    ),
}

SUBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "verblijfsfraude": ("Melding adres", "Woont niet op adres", "Relatie beëindigd"),
        "schijnhuwelijk": ("Melding schijnhuwelijk", "Verdachte relatie", "Erkenning kind"),
        "referentfraude": ("Melding referent", "Kennismigrant werkt er niet", "Sponsor"),
        "identiteitsfraude": ("Vals paspoort?", "Identiteitsfraude", "Document klopt niet"),
        "asielfraude": ("Melding asiel", "Reist terug naar land van herkomst"),
        "openbare_orde": ("Overlast", "Strafbare feiten vergunninghouder"),
        "mensenhandel": ("Uitbuiting", "Zorgen om medewerkster", "Signaal uitbuiting"),
        "mensensmokkel": ("Smokkel", "Overtocht tegen betaling"),
        "nationale_veiligheid": ("Zorgelijk gedrag", "Radicalisering"),
        "oorlogsmisdrijven": ("Verleden in militie", "Oorlogsmisdrijven"),
        "informatieverzoek": ("Vordering gegevens", "Informatieverzoek", "Verzoek Wpg"),
        "algemene_vraag": ("Vraag over mijn aanvraag", "Verlenging", "Klacht wachttijd"),
    },
    "en": {
        "verblijfsfraude": ("Address fraud",),
        "schijnhuwelijk": ("Sham marriage",),
        "referentfraude": ("Fake employer",),
        "identiteitsfraude": ("False passport",),
        "asielfraude": ("Asylum abuse",),
        "openbare_orde": ("Nuisance",),
        "mensenhandel": ("Exploitation",),
        "mensensmokkel": ("Smuggling",),
        "nationale_veiligheid": ("Worrying behaviour",),
        "oorlogsmisdrijven": ("War crimes",),
        "informatieverzoek": ("Information request",),
        "algemene_vraag": ("Question about my application",),
    },
}

# Planted phenomena (scripts/demo_year.py PLANTED): their slot holds the shared value.
PLANTED_TEXTS: dict[str, tuple[str, ...]] = {
    "Zwanebloemlaan 41": (
        "Op {adres}, {postcode} {plaats} staan volgens de basisregistratie negen personen "
        "ingeschreven in een woning van zestig vierkante meter. Een van hen is {persoon}.",
        "Bij een huisbezoek op {adres} in {plaats} troffen wij drie bewoners aan, terwijl er "
        "elf staan ingeschreven. {persoon} zegt er nooit te hebben gewoond.",
        "{persoon} geeft bij zijn aanvraag als woonadres {adres} in {plaats} op. Op dat adres "
        "staan al veel mensen ingeschreven die er niet wonen.",
        "Er komen steeds nieuwe mensen op {adres} {plaats} te staan. Nu weer {persoon}, "
        "geboren {geboren}. Ik denk dat het adres wordt verhuurd voor inschrijvingen.",
    ),
    "Zwanebloemlaan 41 (en)": (
        "More than ten people are registered at {adres} in {plaats}, but only two live "
        "there. Now {persoon} has been registered there as well.",
    ),
    "telefoon bemiddelaar": (
        "{persoon} vertelde dat hij {route} naar Nederland is gebracht. Hij moest een man "
        "betalen die te bellen is op {telefoon}.",
        "In de telefoon van {persoon} staat het nummer {telefoon} onder de naam 'reis'. Via "
        "dat nummer zouden overtochten {route} worden geregeld.",
        "Een kennis zegt dat wie naar Nederland wil {telefoon} moet bellen. De man aan de "
        "lijn vraagt vijfduizend euro per persoon voor de reis {route}.",
    ),
    "telefoon bemiddelaar (en)": (
        "My cousin paid a man on {telefoon} to bring him {route}. The same number is shared "
        "in groups online for people who want to come.",
    ),
    "IBAN huwelijksbemiddeling": (
        "{persoon} zegt dat zij geld heeft gekregen om met {persoon2} te trouwen. De "
        "bemiddelaar liet het bedrag overmaken naar rekening {iban}.",
        "Voor het huwelijk van {persoon} met {persoon2} is betaald: eerst een voorschot en "
        "na de bruiloft de rest, op rekeningnummer {iban}.",
        "Op sociale media wordt een huwelijk voor een verblijfsvergunning aangeboden. Wie "
        "belangstelling heeft moet een aanbetaling doen op {iban}. {persoon} heeft dat gedaan.",
    ),
    "IBAN huwelijksbemiddeling (en)": (
        "{persoon} was paid to marry {persoon2}. The money came from account {iban}, the "
        "same account that takes deposits from others looking for a partner.",
    ),
    "uitzendbureau Kraanvogel": (
        "{persoon} werkt via {bedrijf} (KvK {kvk}) in een distributiecentrum. Hij moet de "
        "huur van zijn kamer en de busrit aan het bureau betalen en houdt bijna niets over.",
        "De arbeidsmigranten van {bedrijf}, KvK-nummer {kvk}, slapen met acht man op een "
        "kamer. Hun paspoorten liggen op het kantoor van het bureau. Een van hen is {persoon}.",
        "{persoon} meldt dat {bedrijf} (KvK {kvk}) haar loon inhoudt voor een schuld die "
        "steeds groter wordt. Zij durft niet te stoppen.",
    ),
    "uitzendbureau Kraanvogel (en)": (
        "{persoon} works through {bedrijf} (KvK {kvk}). The agency keeps the workers' "
        "passports and deducts rent and transport from their pay.",
    ),
    "busje VT-482-K": (
        "Een wit busje met kenteken {kenteken} staat 's nachts vaak bij {adres} in "
        "{plaats}. Er worden dozen uitgeladen en er wordt gedeald.",
        "Bij een controle op {adres} is {persoon} aangehouden met drugs. Hij reed in een "
        "bestelbus met kenteken {kenteken}.",
        "Bij de vechtpartij voor de deur van {adres} stapten de daders in een busje, kenteken "
        "{kenteken}. Een van hen heet {persoon}.",
    ),
    "busje VT-482-K (en)": (
        "A white van with plate {kenteken} is parked every night near {adres}. People "
        "come to buy drugs from {persoon}, who drives it.",
    ),
    "sponsor Kennisbrug": (
        "{sponsor} is referent voor {persoon}, die hier zou studeren. De lessen worden niet "
        "gegeven; de inschrijving liep via {sponsor_mail}.",
        "Studenten van {sponsor} melden dat zij na aankomst moeten werken in plaats van "
        "studeren. Contact met de stichting gaat via {sponsor_mail}. Het gaat onder meer om "
        "{persoon}.",
        "Via {sponsor_mail} worden tegen betaling toelatingsbrieven verkocht aan studenten als "
        "{persoon}. Ik twijfel of {sponsor} wel een echte opleiding geeft.",
    ),
    "sponsor Kennisbrug (en)": (
        "{sponsor} sponsors students like {persoon}, but there are no classes. Applications "
        "and fees go through {sponsor_mail}.",
    ),
}


def fields(template: str) -> set[str]:
    """The slot names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
