"""Dutch nationality adjectives and country names, written for this project.

pycountry's Dutch locale and Babel are not installed here, and neither knows the
adjectives. Only nationalities: no ethnic or religious words ("Koerdisch").
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# (inflected form, bare form) as used in "de Marokkaanse nationaliteit" / "hij is Marokkaans".
ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("Afghaanse", "Afghaans"), ("Albanese", "Albanees"), ("Algerijnse", "Algerijns"),
    ("Amerikaanse", "Amerikaans"), ("Angolese", "Angolees"), ("Argentijnse", "Argentijns"),
    ("Armeense", "Armeens"), ("Australische", "Australisch"),
    ("Azerbeidzjaanse", "Azerbeidzjaans"), ("Bengalese", "Bengalees"),
    ("Bahreinse", "Bahreins"), ("Belarussische", "Belarussisch"), ("Belgische", "Belgisch"),
    ("Beninse", "Benins"), ("Boliviaanse", "Boliviaans"), ("Bosnische", "Bosnisch"),
    ("Braziliaanse", "Braziliaans"), ("Britse", "Brits"), ("Bulgaarse", "Bulgaars"),
    ("Burkinese", "Burkinees"), ("Burundese", "Burundees"), ("Cambodjaanse", "Cambodjaans"),
    ("Canadese", "Canadees"), ("Chileense", "Chileens"), ("Chinese", "Chinees"),
    ("Colombiaanse", "Colombiaans"), ("Congolese", "Congolees"), ("Cubaanse", "Cubaans"),
    ("Cypriotische", "Cypriotisch"), ("Deense", "Deens"), ("Dominicaanse", "Dominicaans"),
    ("Duitse", "Duits"), ("Ecuadoraanse", "Ecuadoraans"), ("Egyptische", "Egyptisch"),
    ("Emiraatse", "Emiraats"), ("Eritrese", "Eritrees"), ("Estische", "Estisch"),
    ("Ethiopische", "Ethiopisch"), ("Filipijnse", "Filipijns"), ("Finse", "Fins"),
    ("Franse", "Frans"), ("Gambiaanse", "Gambiaans"), ("Georgische", "Georgisch"),
    ("Ghanese", "Ghanees"), ("Griekse", "Grieks"), ("Guineese", "Guinees"),
    ("Haïtiaanse", "Haïtiaans"), ("Hongaarse", "Hongaars"), ("Ierse", "Iers"),
    ("IJslandse", "IJslands"), ("Indiase", "Indiaas"), ("Indonesische", "Indonesisch"),
    ("Iraakse", "Iraaks"), ("Iraanse", "Iraans"), ("Israëlische", "Israëlisch"),
    ("Italiaanse", "Italiaans"), ("Ivoriaanse", "Ivoriaans"), ("Jamaicaanse", "Jamaicaans"),
    ("Japanse", "Japans"), ("Jemenitische", "Jemenitisch"), ("Jordaanse", "Jordaans"),
    ("Kaapverdische", "Kaapverdisch"), ("Kameroense", "Kameroens"), ("Kazachse", "Kazachs"),
    ("Keniaanse", "Keniaans"), ("Kirgizische", "Kirgizisch"), ("Koeweitse", "Koeweits"),
    ("Kosovaarse", "Kosovaars"), ("Kroatische", "Kroatisch"), ("Letse", "Lets"),
    ("Libanese", "Libanees"), ("Liberiaanse", "Liberiaans"), ("Libische", "Libisch"),
    ("Litouwse", "Litouws"), ("Luxemburgse", "Luxemburgs"), ("Macedonische", "Macedonisch"),
    ("Noord-Macedonische", "Noord-Macedonisch"), ("Malinese", "Malinees"),
    ("Marokkaanse", "Marokkaans"), ("Mauritaanse", "Mauritaans"), ("Mexicaanse", "Mexicaans"),
    ("Moldavische", "Moldavisch"), ("Mongoolse", "Mongools"),
    ("Montenegrijnse", "Montenegrijns"), ("Nederlandse", "Nederlands"),
    ("Nepalese", "Nepalees"), ("Nigeriaanse", "Nigeriaans"), ("Nigerese", "Nigerees"),
    ("Noord-Koreaanse", "Noord-Koreaans"), ("Zuid-Koreaanse", "Zuid-Koreaans"),
    ("Noorse", "Noors"), ("Oegandese", "Oegandees"), ("Oekraïense", "Oekraïens"),
    ("Oezbeekse", "Oezbeeks"), ("Omaanse", "Omaans"), ("Oostenrijkse", "Oostenrijks"),
    ("Pakistaanse", "Pakistaans"), ("Palestijnse", "Palestijns"), ("Peruaanse", "Peruaans"),
    ("Poolse", "Pools"), ("Portugese", "Portugees"), ("Qatarese", "Qatarees"),
    ("Roemeense", "Roemeens"), ("Russische", "Russisch"), ("Rwandese", "Rwandees"),
    ("Saoedische", "Saoedisch"), ("Senegalese", "Senegalees"), ("Servische", "Servisch"),
    ("Sierra Leoonse", "Sierra Leoons"), ("Slowaakse", "Slowaaks"), ("Sloveense", "Sloveens"),
    ("Soedanese", "Soedanees"), ("Zuid-Soedanese", "Zuid-Soedanees"),
    ("Somalische", "Somalisch"), ("Spaanse", "Spaans"), ("Sri Lankaanse", "Sri Lankaans"),
    ("Surinaamse", "Surinaams"), ("Syrische", "Syrisch"), ("Tadzjiekse", "Tadzjieks"),
    ("Tanzaniaanse", "Tanzaniaans"), ("Thaise", "Thais"), ("Togolese", "Togolees"),
    ("Tsjadische", "Tsjadisch"), ("Tsjechische", "Tsjechisch"), ("Tunesische", "Tunesisch"),
    ("Turkse", "Turks"), ("Turkmeense", "Turkmeens"), ("Venezolaanse", "Venezolaans"),
    ("Vietnamese", "Vietnamees"), ("Wit-Russische", "Wit-Russisch"),
    ("Zambiaanse", "Zambiaans"), ("Zimbabwaanse", "Zimbabwaans"),
    ("Zuid-Afrikaanse", "Zuid-Afrikaans"), ("Zweedse", "Zweeds"), ("Zwitserse", "Zwitsers"),
)  # fmt: skip

# Dutch country names, for "nationaliteit: Syrië".
COUNTRIES: tuple[str, ...] = (
    "Afghanistan", "Albanië", "Algerije", "Angola", "Argentinië", "Armenië", "Australië",
    "Azerbeidzjan", "Bahrein", "Bangladesh", "Belarus", "België", "Benin", "Bolivia",
    "Bosnië en Herzegovina", "Bosnië-Herzegovina", "Bosnië", "Brazilië", "Bulgarije",
    "Burkina Faso", "Burundi", "Cambodja", "Canada", "Chili", "China", "Colombia", "Congo",
    "Cuba", "Cyprus", "Denemarken", "Dominicaanse Republiek", "Duitsland", "Ecuador",
    "Egypte", "Eritrea", "Estland", "Ethiopië", "Filipijnen", "Finland", "Frankrijk",
    "Gambia", "Georgië", "Ghana", "Griekenland", "Guinee", "Haïti", "Hongarije", "Ierland",
    "IJsland", "India", "Indonesië", "Irak", "Iran", "Israël", "Italië", "Ivoorkust",
    "Jamaica", "Japan", "Jemen", "Jordanië", "Kaapverdië", "Kameroen", "Kazachstan", "Kenia",
    "Kirgizië", "Koeweit", "Kosovo", "Kroatië", "Letland", "Libanon", "Liberia", "Libië",
    "Litouwen", "Luxemburg", "Mali", "Marokko", "Mauritanië", "Mexico", "Moldavië",
    "Mongolië", "Montenegro", "Myanmar", "Nederland", "Nepal", "Niger", "Nigeria",
    "Noord-Korea", "Noord-Macedonië", "Noorwegen", "Oeganda", "Oekraïne", "Oezbekistan",
    "Oman", "Oostenrijk", "Pakistan", "Palestina", "Peru", "Polen", "Portugal", "Qatar",
    "Roemenië", "Rusland", "Rwanda", "Saoedi-Arabië", "Senegal", "Servië", "Sierra Leone",
    "Slovenië", "Slowakije", "Soedan", "Somalië", "Spanje", "Sri Lanka", "Suriname", "Syrië",
    "Tadzjikistan", "Tanzania", "Thailand", "Togo", "Tsjaad", "Tsjechië", "Tunesië",
    "Turkije", "Turkmenistan", "Venezuela", "Verenigd Koninkrijk",
    "Verenigde Arabische Emiraten", "Verenigde Staten", "Vietnam", "Wit-Rusland", "Zambia",
    "Zimbabwe", "Zuid-Afrika", "Zuid-Korea", "Zuid-Soedan", "Zweden", "Zwitserland",
)  # fmt: skip

# An inflected adjective ("Marokkaanse") counts only before one of these, or before a
# noun that names a person by its ending (see PERSON_SUFFIX), or on its own ("een Marokkaanse.").
PERSON_NOUNS: frozenset[str] = words(
    """nationaliteit nationaliteiten afkomst origine komaf achtergrond man mannen vrouw
    vrouwen kind kinderen jongen jongens meisje meisjes baby familie families gezin gezinnen
    echtpaar stel koppel persoon personen mensen mens burger burgers staatsburger
    staatsburgers onderdaan onderdanen dochter dochters zoon zonen moeder vader ouders broer
    broers zus zussen zuster neef nicht oom tante echtgenote echtgenoot partner partners
    vriend vrienden vriendin vriendinnen collega collega's eigenaar eigenaren baas bazen
    werkgever jongeman jongemannen jongere jongeren tiener tieners minderjarige
    minderjarigen asielzoeker asielzoekers vluchteling vluchtelingen migrant migranten
    arbeidsmigrant arbeidsmigranten kennismigrant kennismigranten student studenten
    studente studentes au-pair nanny slachtoffer slachtoffers verdachte verdachten getuige
    getuigen betrokkene betrokkenen referent bruid bruidegom weduwe weduwnaar dame dames
    heer heren meneer mevrouw echtgenoten chauffeur chauffeurs"""
)
PERSON_SUFFIX = r"(?:[a-z]{2,}(?:er|ers|aar|aars|eur|eurs|ist|isten|ling|lingen|man|mannen"
PERSON_SUFFIX += r"|vrouw|vrouwen|genoot|genote|genoten|migrant|migranten|student|studenten))"
# Nouns for things and institutions, also where a person ending fits ("leger", "nummer").
NON_PERSON_NOUNS: frozenset[str] = words(
    """taal overheid staat regering ambassade consulaat autoriteiten autoriteit politie
    justitie rechter rechtbank rechtspraak wet wetgeving recht bank banken restaurant
    supermarkt winkel winkels bakker slager keuken eten gerechten les lessen tolk vertaling
    vertaler bedrijf bedrijven uitzendbureau uitzendbureaus firma vereniging stichting
    school scholen universiteit media krant kranten televisie tv zender pers grens grenzen
    kust markt economie gemeente gemeenten provincie leger marine luchtmacht vlag munt
    kenteken kentekens nummerplaat nummerbord nummer nummers auto auto's voertuig
    voertuigen bus busje bestelbus vrachtwagen vrachtauto aanhanger trailer camper boot
    schip vliegtuig elftal voetbal bodem water papier papieren register dossier kader
    minister ministerie grondgebied hoofdstad steden dorpen platteland cultuur
    geschiedenis literatuur muziek feestdag feestdagen ondertiteling versie editie"""
)
# Words just before a bare form that make it a language: "in het Pools", "geen Nederlands".
LANGUAGE_CUES: frozenset[str] = words("het geen tolk vloeiend gebrekkig")
# Verbs that make a bare form one or two words later a language: "spreekt alleen Duits".
SPEECH_VERBS: frozenset[str] = words(
    """spreekt spreken sprak spraken spreek verstaat verstaan begrijpt begrijpen beheerst
    beheersen leert leren praat praten praatte praatten schrijft schrijven lezen leest
    vertaald vertalen"""
)

# Words that may follow a predicative bare form ("hij is Pools en ...", "allemaal Pools
# volgens mij"); any other lower-case word after a bare form is taken for a thing it
# describes ("Duits slagschip", "Amerikaans vlees"), unless it names a person.
AFTER_PREDICATE: frozenset[str] = words(
    """en of maar want dus toch ook wel niet nog al is zijn was waren wordt worden werd
    geworden te van uit met die dat omdat volgens sinds hoor zelf zegt zeggen lijkt lijken
    geboren getrouwd als toen terwijl hoewel tenminste denk denkt vermoed"""
)
