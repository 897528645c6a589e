"""Word lists for `masking`: origin, religion and names, written for this project.

Written by hand (no library has Dutch nationality adjectives). Entries are
matched after lower-casing and removing accents, so `Syrië`, `Syrie` and
`SYRIË` are one entry. Dutch first, common English forms next to them.
"""

from __future__ import annotations

from classifiers import countries


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# One country per line: "names | Dutch adjective(s) | demonyms | English forms";
# a line with empty names adds forms to the line above.
# Inflected adjectives (Marokkaans -> Marokkaanse) are derived in `_inflect`.
_COUNTRIES = """
Afghanistan | Afghaans | Afghaan Afghanen | Afghan Afghans Afghani
Albanië Albania | Albanees | Albanees Albanezen | Albanian Albanians
Algerije Algeria | Algerijns | Algerijn Algerijnen | Algerian Algerians
Angola | Angolees | Angolees Angolezen | Angolan Angolans
Argentinië Argentina | Argentijns | Argentijn Argentijnen | Argentinian Argentine
Armenië Armenia | Armeens | Armeniër Armeniërs | Armenian Armenians
Australië Australia | Australisch | Australiër Australiërs | Australian Australians
Azerbeidzjan Azerbaijan | Azerbeidzjaans | Azerbeidzjaan Azerbeidzjanen Azeri | Azerbaijani
Bangladesh | Bengaals Bangladeshi | Bengalees Bengalezen Bangladeshi | Bangladeshis Bengali
België Belgium | Belgisch | Belg Belgen | Belgian Belgians
Benin | Beninees | Beninees Beninezen | Beninese
Bosnië Bosnia Bosnië-Herzegovina | Bosnisch | Bosniër Bosniërs | Bosnian Bosnians
Brazilië Brazil | Braziliaans | Braziliaan Brazilianen | Brazilian Brazilians
Bulgarije Bulgaria | Bulgaars | Bulgaar Bulgaren | Bulgarian Bulgarians
Burundi | Burundees | Burundees Burundezen | Burundian
Cambodja Cambodia | Cambodjaans | Cambodjaan Cambodjanen | Cambodian
Cameroen Kameroen Cameroon | Kameroens Kameroenees | Kameroener Kameroeners | Cameroonian
| | | Cameroonians
Canada | Canadees | Canadees Canadezen | Canadian Canadians
Chili Chile | Chileens | Chileen Chilenen | Chilean Chileans
China | Chinees | Chinees Chinezen | Chinese
Colombia | Colombiaans | Colombiaan Colombianen | Colombian Colombians
Congo Congo-Kinshasa Congo-Brazzaville | Congolees | Congolees Congolezen | Congolese
Cuba | Cubaans | Cubaan Cubanen | Cuban Cubans
Curaçao | Curaçaos | Curaçaoënaar Curaçaoënaars | Curacaoan
Denemarken Denmark | Deens | Deen Denen | Danish Dane Danes
Dominicaanse-Republiek | Dominicaans | Dominicaan Dominicanen | Dominican Dominicans
Duitsland Germany | Duits | Duitser Duitsers | German Germans
Ecuador | Ecuadoraans | Ecuadoraan Ecuadoranen | Ecuadorian
Egypte Egypt | Egyptisch | Egyptenaar Egyptenaren | Egyptian Egyptians
Engeland England | Engels | Engelsman Engelsen Engelsman | English Englishman
Eritrea | Eritrees | Eritreeër Eritreeërs Eritreeer | Eritrean Eritreans
Estland Estonia | Estisch | Esten | Estonian Estonians
Ethiopië Ethiopia Abessinië | Ethiopisch | Ethiopiër Ethiopiërs | Ethiopian Ethiopians
Filipijnen Philippines | Filipijns | Filipijn Filipijnen Filipino Filipina | Filipinos
| | Filippino | Filipinas
Finland | Fins | Finnen | Finnish
Frankrijk France | Frans | Fransman Fransen Française | French Frenchman
Gambia | Gambiaans | Gambiaan Gambianen | Gambian Gambians
Georgië Georgia | Georgisch | Georgiër Georgiërs | Georgian Georgians
Ghana | Ghanees | Ghanees Ghanezen | Ghanaian Ghanaians
Griekenland Greece | Grieks | Griek Grieken | Greek Greeks
Guinee Guinea Guinee-Bissau | Guinees | Guinees Guineeër Guineeërs Guinezen | Guinean Guineans
Haïti Haiti | Haïtiaans | Haïtiaan Haïtianen | Haitian Haitians
Hongarije Hungary | Hongaars | Hongaar Hongaren | Hungarian Hungarians
Ierland Ireland | Iers | Ier Ieren | Irish
IJsland Iceland | IJslands | IJslander IJslanders | Icelandic
India | Indiaas Indisch | Indiër Indiërs Indiase | Indian Indians
Indonesië Indonesia | Indonesisch | Indonesiër Indonesiërs | Indonesian Indonesians
Irak Iraq | Iraaks | Irakees Irakezen Irakees | Iraqi Iraqis
Iran Perzië | Iraans Perzisch | Iraniër Iraniërs Perzen | Iranian Iranians Persian
Israël Israel | Israëlisch | Israëliër Israëliërs Israëli | Israeli Israelis
Italië Italy | Italiaans | Italiaan Italianen | Italian Italians
Ivoorkust Côte-d'Ivoire | Ivoriaans | Ivoriaan Ivorianen | Ivorian Ivorians
Jamaica | Jamaicaans | Jamaicaan Jamaicanen | Jamaican Jamaicans
Japan | Japans | Japanner Japanners | Japanese
Jemen Yemen | Jemenitisch | Jemeniet Jemenieten | Yemeni Yemenis
Jordanië Jordan | Jordaans | Jordaniër Jordaniërs | Jordanian Jordanians
Kaapverdië | Kaapverdisch | Kaapverdiaan Kaapverdianen | Cape-Verdean
Kazachstan Kazakhstan | Kazachs | Kazach Kazachen | Kazakh Kazakhs
Kenia Kenya | Keniaans | Keniaan Kenianen | Kenyan Kenyans
Kirgizië Kirgizstan Kyrgyzstan | Kirgizisch | Kirgies Kirgiezen | Kyrgyz
Koeweit Kuwait | Koeweits | Koeweiti Koeweiti's | Kuwaiti Kuwaitis
Kosovo | Kosovaars | Kosovaar Kosovaren | Kosovar Kosovan
Kroatië Croatia | Kroatisch | Kroaat Kroaten | Croatian Croat Croats
Letland Latvia | Lets | Letten | Latvian Latvians
Libanon Lebanon | Libanees | Libanees Libanezen | Lebanese
Liberia | Liberiaans | Liberiaan Liberianen | Liberian Liberians
Libië Libya | Libisch | Libiër Libiërs | Libyan Libyans
Litouwen Lithuania | Litouws | Litouwer Litouwers | Lithuanian Lithuanians
Macedonië Noord-Macedonië Macedonia | Macedonisch | Macedoniër Macedoniërs | Macedonian
Maleisië Malaysia | Maleisisch | Maleisiër Maleisiërs | Malaysian Malaysians
Mali | Malinees | Malinees Malinezen | Malian Malians
Marokko Morocco | Marokkaans | Marokkaan Marokkanen | Moroccan Moroccans
Mauritanië Mauritania | Mauritaans | Mauritaniër Mauritaniërs | Mauritanian
Mexico | Mexicaans | Mexicaan Mexicanen | Mexican Mexicans
Moldavië Moldova | Moldavisch | Moldaviër Moldaviërs | Moldovan Moldovans
Mongolië Mongolia | Mongools | Mongool Mongolen | Mongolian
Montenegro | Montenegrijns | Montenegrijn Montenegrijnen | Montenegrin
Myanmar Birma Burma | Birmaans Myanmarees | Birmaan Birmanen | Burmese
Nederland Nederlanden Netherlands Holland | Nederlands Hollands | Nederlander Nederlanders | Dutch
| | Hollander Hollanders | Dutchman
Nepal | Nepalees | Nepalees Nepalezen | Nepali Nepalese
Nicaragua | Nicaraguaans | Nicaraguaan | Nicaraguan
Niger | Nigerees | Nigerees Nigerezen | Nigerien
Nigeria | Nigeriaans | Nigeriaan Nigerianen | Nigerian Nigerians
Noord-Korea North-Korea | Noord-Koreaans | Noord-Koreaan Noord-Koreanen | North-Korean
Noorwegen Norway | Noors | Noor Noren | Norwegian Norwegians
Oeganda Uganda | Oegandees | Oegandees Oegandezen | Ugandan Ugandans
Oekraïne Ukraine | Oekraïens | Oekraïner Oekraïners Oekraïener Oekraïeners | Ukrainian Ukrainians
Oezbekistan Uzbekistan | Oezbeeks | Oezbeek Oezbeken | Uzbek Uzbeks
Oostenrijk Austria | Oostenrijks | Oostenrijker Oostenrijkers | Austrian Austrians
Pakistan | Pakistaans | Pakistaan Pakistanen Pakistani | Pakistanis
Palestina Gaza Westelijke-Jordaanoever | Palestijns | Palestijn Palestijnen | Palestinian
| | | Palestinians
Peru | Peruaans | Peruaan Peruanen | Peruvian Peruvians
Polen Poland | Pools | Pool Polen Polak Polakken | Polish Pole Poles
Portugal | Portugees | Portugees Portugezen | Portuguese
Roemenië Romania | Roemeens | Roemeen Roemenen | Romanian Romanians
Rusland Russia | Russisch | Rus Russen | Russian Russians
Rwanda | Rwandees | Rwandees Rwandezen | Rwandan Rwandans
Saoedi-Arabië Saudi-Arabia Saoedi | Saoedisch Saoedi-Arabisch | Saoediër Saoediërs | Saudi Saudis
Senegal | Senegalees | Senegalees Senegalezen | Senegalese
Servië Serbia | Servisch | Serviër Serviërs | Serbian Serbians Serb Serbs
Sierra-Leone | Sierra-Leoons | Sierra-Leoner Sierra-Leoners | Sierra-Leonean
Slovakije Slovakia | Slowaaks | Slowaak Slowaken | Slovak Slovakian
Slovenië Slovenia | Sloveens | Sloveen Slovenen | Slovenian Slovene
Soedan Sudan Zuid-Soedan South-Sudan | Soedanees Sudanees | Soedanezen Sudanezen | Sudanese
Somalië Somalia Somaliland | Somalisch | Somaliër Somaliërs Somali | Somalian Somalis
Spanje Spain | Spaans | Spanjaard Spanjaarden | Spanish Spaniard Spaniards
Sri-Lanka | Srilankaans Sri-Lankaans | Srilankaan Srilankanen | Sri-Lankan
Suriname | Surinaams | Surinamer Surinamers | Surinamese
Syrië Syria | Syrisch | Syriër Syriërs | Syrian Syrians
Tadzjikistan Tajikistan | Tadzjieks | Tadzjiek Tadzjieken | Tajik Tajiks
Taiwan | Taiwanees | Taiwanees Taiwanezen | Taiwanese
Tanzania | Tanzaniaans | Tanzaniaan Tanzanianen | Tanzanian
Thailand | Thais | Thai Thaise | Thai Thais
Tibet | Tibetaans | Tibetaan Tibetanen | Tibetan Tibetans
Togo | Togolees | Togolees Togolezen | Togolese
Tsjaad Chad | Tsjadisch | Tsjadiër Tsjadiërs | Chadian
Tsjechië Czechia Tsjechische-Republiek | Tsjechisch | Tsjech Tsjechen | Czech Czechs
Tsjetsjenië Chechnya | Tsjetsjeens | Tsjetsjeen Tsjetsjenen | Chechen Chechens
Tunesië Tunisia | Tunesisch | Tunesiër Tunesiërs | Tunisian Tunisians
Turkije Turkey Türkiye | Turks | Turk Turken | Turkish
Turkmenistan | Turkmeens | Turkmeen Turkmenen | Turkmen
Venezuela | Venezolaans | Venezolaan Venezolanen | Venezuelan Venezuelans
Verenigd-Koninkrijk Groot-Brittannië Brittannië UK | Brits | Brit Britten | British Briton
Verenigde-Staten Amerika USA | Amerikaans | Amerikaan Amerikanen | American Americans
Verenigde-Arabische-Emiraten UAE Emiraten | Emiraats | Emirati | Emiratis
Vietnam | Vietnamees | Vietnamees Vietnamezen | Vietnamese
Wit-Rusland Belarus | Wit-Russisch Belarussisch | Wit-Rus Wit-Russen | Belarusian
Zambia | Zambiaans | Zambiaan Zambianen | Zambian
Zimbabwe | Zimbabwaans | Zimbabwaan Zimbabwanen | Zimbabwean Zimbabweans
Zuid-Afrika South-Africa | Zuid-Afrikaans | Zuid-Afrikaan Zuid-Afrikanen | South-African
Zuid-Korea South-Korea Korea | Zuid-Koreaans Koreaans | Koreaan Koreanen | Korean Koreans
Zweden Sweden | Zweeds | Zweed Zweden | Swedish Swede Swedes
Zwitserland Switzerland | Zwitsers | Zwitser Zwitsers | Swiss
Afrika Africa Noord-Afrika Oost-Afrika West-Afrika Sub-Sahara | Afrikaans | Afrikaan Afrikanen |
| Noord-Afrikaans | | African Africans
Azië Asia Zuid-Azië Zuidoost-Azië Centraal-Azië | Aziatisch | Aziaat Aziaten | Asian Asians
Europa Europe Oost-Europa West-Europa | Europees Oost-Europees | Europeaan Europeanen | European
| | | Europeans
Midden-Oosten Maghreb Balkan Kaukasus Koerdistan | Arabisch Koerdisch | Arabier Arabieren |
| Maghrebijns Kaukasisch | Koerd Koerden | Arab Arabs Arabic Kurd Kurds Kurdish
Latijns-Amerika Zuid-Amerika Caribisch-gebied Antillen | Latijns-Amerikaans Antilliaans | |
| Caribisch | Antilliaan Antillianen Latino Latina Latino's | Caribbean Latinos
"""

# Places abroad that name an origin as plainly as the country does.
_FOREIGN_PLACES = """
Aleppo Damascus Homs Daraa Raqqa Idlib Deir-ez-Zor Mosul Bagdad Baghdad Erbil Kirkuk Basra
Kabul Kandahar Herat Teheran Tehran Mashhad Isfahan Istanbul Ankara Izmir Antalya Gaziantep
Casablanca Rabat Tanger Nador Marrakech Fez Agadir Al-Hoceima Tunis Algiers Tripoli Benghazi
Cairo Caïro Alexandrië Beiroet Beirut Amman Riyad Riyadh Jeddah Doha Dubai Abu-Dhabi Sanaa
Asmara Massawa Addis Abeba Addis-Abeba Mogadishu Mogadishu Khartoum Kampala Nairobi Lagos Abuja
Accra Kumasi Dakar Conakry Freetown Monrovia Kinshasa Luanda Yaoundé Douala Lomé Cotonou
Karachi Lahore Islamabad Peshawar Dhaka Delhi New-Delhi Mumbai Bangalore Chennai Kolkata
Colombo Kathmandu Peking Beijing Shanghai Guangzhou Shenzhen Hanoi Saigon Ho-Chi-Minhstad
Manilla Manila Jakarta Bangkok Moskou Moscow Kiev Kyiv Kharkiv Odessa Minsk Tbilisi Jerevan
Bakoe Baku Grozny Tirana Pristina Belgrado Sarajevo Boekarest Sofia Warschau Krakau Gdansk
Paramaribo Willemstad Bogota Caracas Havana Lima Quito Sao-Paulo Rio Brasilia Mexico-Stad
"""

RELIGION_WORDS: frozenset[str] = _words(
    """
    islam islamitisch islamitische islamiet islamieten islamic moslim moslims moslima moslima's
    muslim muslims moslimgemeenschap mohammedaan mohammedaans mohammedaanse
    christen christenen christendom christelijk christelijke christian christians christianity
    katholiek katholieke katholieken rooms-katholiek rooms-katholieke catholic catholics
    protestant protestanten protestants protestantse protestantism hervormd hervormde
    gereformeerd gereformeerde evangelisch evangelische evangelical pinkstergemeente
    orthodox orthodoxe koptisch koptische kopt kopten coptic copt copts
    jood joden joods joodse jodendom jewish jew jews judaism
    hindoe hindoes hindoeïsme hindoeïstisch hindoeïstische hindu hindus hinduism
    boeddhist boeddhisten boeddhisme boeddhistisch boeddhistische buddhist buddhists buddhism
    sikh sikhs sikhisme jezidi jezidi's yezidi yezidis ezidi ezidi's yazidi yazidis
    alevitisch alevitische aleviet alevieten alevi alevis
    sjiitisch sjiitische sjiiet sjiieten sji'iet shia shiite shiites
    soennitisch soennitische soenniet soennieten sunni sunnis
    salafist salafisten salafistisch salafistische salafisme salafi salafists
    ahmadi ahmadiyya bahai baha'i atheïst atheïsten atheïstisch atheist atheists
    gelovig gelovige gelovigen religie religies religieus religieuze religion religious
    moskee moskeeën mosque mosques kerk kerken church churches synagoge synagoges synagogue
    tempel tempels temple gurdwara imam imams priester priesters priest dominee dominees pastor
    pastoor rabbijn rabbijnen rabbi koran koranschool quran bijbel bible thora torah
    allah allahu ramadan ramadhan suikerfeest offerfeest eid chanoeka diwali
    halal koosjer kosher hoofddoek hoofddoekje hoofddoeken boerka burka niqaab niqab nikab
    keppel tulband
    """
)

ETHNICITY_WORDS: frozenset[str] = _words(
    """
    allochtoon allochtonen allochtone autochtoon autochtonen autochtone buitenlander buitenlanders
    niet-westers niet-westerse westers westerse migratieachtergrond
    roma sinti zigeuner zigeuners woonwagenbewoner woonwagenbewoners gypsy
    berber berbers berberse amazigh riffijn riffijnen riffijns riffijnse
    pasjtoen pasjtoenen pashtun pashtuns hazara hazara's tadzjiek oeigoer oeigoeren uyghur uyghurs
    tamil tamils tigrinya tigray tigrees tigreeër oromo amhaar amhaars amhaarse
    hindostaan hindostanen hindostaans hindostaanse creool creolen creools creoolse
    marron marrons javaan javanen javaans javaanse molukker molukkers moluks molukse
    ethnic ethnicity etniciteit etnisch etnische ras rassen race
    """
)

# Common first names across the origins seen in intake mail, plus Dutch ones so that
# a swap "Mohammed" <-> "Jan" cannot move a score. Matched case-insensitively.
FIRST_NAMES: frozenset[str] = _words(
    """
    mohammed mohamed muhammad mohammad mohamad mehmet ahmed ahmad achmed ali hassan hussein
    hussain youssef yousef yusuf youssouf ibrahim ismail ismael omar umar abdel abdul abdullah
    abdallah karim khalid khaled rachid rashid mustafa mostafa moustafa hamza bilal amir samir
    nasser naser tarik tariq reza mahmoud mahmud adel adil anas ayoub ayman yassin yassine
    ilias ilyas imran kemal emre burak murat hakan cem mert ozan osman fatih selim serkan sofiane
    fatima fatma aisha aicha ayesha khadija mariam maryam meryem nour noor noura yasmina yasmin
    salma samira leila leyla layla zainab zeynep elif esra hatice emine amina aminata rukhsana
    priya arjun ravi sanjay rahul anil sunita deepa lakshmi raj vikram
    thi lan anh hoa minh thanh tuan hung linh mai ngoc duc quang
    wei ming jing li xiaoming xiaoli yan hui jun
    yonas yohannes tesfaye haile abebe berhane kidane tekle semere dawit filmon selam senait
    helen saba meron hagos tsegay tedros mulugeta ghebre
    abdi abdirahman abdikarim hodan faduma halima warsame
    kwame kofi kwabena kojo ama akosua abena chinedu chioma emeka ngozi obinna oluwaseun
    tunde adebayo blessing precious gloria joy favour godwin emmanuel samuel
    piotr pawel paweł tomasz krzysztof marek agnieszka katarzyna magdalena ewa anna joanna
    olena oksana olga iryna tetiana natalia svetlana irina ivan dmytro andriy oleksandr sergei
    sergey ruslan vladimir dmitri nikolai
    ana maria juliana jose josé joão juan carlos luis pedro miguel ricardo gabriel
    lucia rosa mariana camila daniela jessica jennifer
    jan piet pieter kees klaas henk gerrit johan willem hendrik cornelis jeroen sander daan
    luuk bas thijs sem lars tim thomas erik dennis frank stefan martijn bram ruben niels
    anouk sanne lotte ilse marloes esther demi fleur lisa eva emma julia sophie laura iris
    femke lieke inge anke marieke ingrid wilma ria
    john james david michael peter paul mark robert william george sarah emily hannah
    """
)

# First names that are also ordinary words: masked only when written with a capital.
CAPITALISED_ONLY_NAMES: frozenset[str] = _words(
    "jan said kim bas can ali mai li lan yan joy rosa maria ana sem tim iris eva emma"
)

# Surnames common in the mail this service receives (all origins, Dutch included).
SURNAMES: frozenset[str] = _words(
    """
    el-amrani amrani benali bouzid idrissi tahiri ouali haddad darwish mansour saleh khalil
    ibrahimi bakkali boukhari chaoui elidrissi ziani hamdi hamidi aziz azizi
    yilmaz yıldız yildiz kaya demir çelik celik şahin sahin aydın aydin öztürk ozturk arslan
    doğan dogan koç koc kurt özdemir ozdemir polat erdogan erdoğan
    rahimi ahmadi hosseini mohammadi karimi rezaei qureshi khan malik butt chaudhry begum
    sharma patel singh kumar gupta
    nguyen tran pham hoang phan vu vo dang bui do ngo duong
    zhang wang chen liu yang huang zhao wu zhou
    tesfay tesfamariam ghebremariam ghebreyesus kidane tekle haile abebe berhane gebre
    mengistu tsegaye
    warsame farah mohamud abdi hassan jama
    diallo camara mensah boateng adeyemi nwosu okafor obi eze kamau otieno mwangi osei asante
    nowak kowalski kowalska wiśniewski wisniewski zieliński zielinski wójcik wojcik lewandowski
    kovalenko shevchenko bondarenko petrov ivanov popescu ionescu
    ferreira oliveira santos silva souza pereira rodrigues gonzalez gonzález garcia garcía
    martinez martínez lopez lópez reyes cruz
    jansen janssen de-vries bakker visser smit smits meijer de-boer mulder de-groot bos vos
    peters peeters hendriks dekker brouwer wouters dijkstra koster vermeulen verhoeven
    schouten hoekstra postma willemsen lemmens bosman kuipers schipper pronk wolters verkerk
    sabajo ramdin
    """
)

# Titles after which capitalised words are a person's name.
TITLES: frozenset[str] = _words("dhr meneer mevr mevrouw mw mr heer mrs ms miss dr drs ir prof")

# Name particles that may sit inside a name: "Mohammed el Amrani", "Piet van der Berg".
NAME_PARTICLES: frozenset[str] = _words(
    "van de der den het ter ten te la le el al ben bin ait aït abu da dos do di du"
)


def _inflect(adjective: str) -> tuple[str, ...]:
    """Dutch attributive forms: Marokkaans -> Marokkaanse, Eritrees -> Eritrese."""
    if adjective.endswith("ees"):
        return (adjective, adjective[:-3] + "ese")
    if adjective.endswith(("s", "sch")):
        return (adjective, adjective + "e")
    return (adjective,)


def _parse_countries() -> tuple[frozenset[str], frozenset[str]]:
    places: set[str] = set()
    origin: set[str] = set()
    for line in _COUNTRIES.strip().splitlines():
        names, adjectives, demonyms, english = (part.split() for part in line.split("|"))
        places.update(names)
        for adjective in adjectives:
            origin.update(_inflect(adjective))
        origin.update(demonyms)
        origin.update(english)
    places.update(_FOREIGN_PLACES.split())
    return frozenset(places), frozenset(origin)


# Short stems that also open compounds ("koranverbranders", "Syriëganger"); every
# entry of six letters or more opens compounds too ("Nederlanderschap").
SHORT_STEMS: frozenset[str] = _words("koran islam syrië sudan india joods arabi")

# Multi-word names are written with hyphens here ("Verenigde-Staten"); masking
# joins words the same way before looking them up.
PLACES, ORIGIN_WORDS = _parse_countries()
# Every country of CLDR in Dutch and English and the nationality words derived from
# them (classifiers.countries): the hand list above no longer has to be complete.
PLACES |= countries.country_names()
GENERATED_ORIGIN_WORDS: frozenset[str] = countries.nationality_words()
