"""The names the flag templates show: Wikipedia's country data, by code, redirect and name.

English Wikipedia's flag templates (``{{flag}}``, ``{{flagcountry}}``, ``{{flagu}}``,
``{{flagicon}}``, ``{{flagdeco}}``, ``{{navy}}``, ...) each look up ``Template:Country data
X``, where X is a name, a code or another redirect to the same page. Each data page gives:

- ``alias``: the article the flag links to ("Nazi Germany", "Kingdom of Italy");
- ``shortname alias`` (optional): the name ``{{flagcountry}}`` and ``{{flagu}}`` show instead of
  the alias ("Germany", "Italy"); without it they show the alias;
- ``flag alias``, ``flag alias-1914`` ...: the flag images, the variants chosen by the
  template's second argument (``{{flag|Russian Empire|1914}}``); a variant never changes a name;
- ``navy alias``, ``army alias``, ``air force alias`` (optional): the forces that ``{{navy|X}}``,
  ``{{army|X}}`` and ``{{air force|X}}`` name.

``{{flag|X}}`` shows X as written (``{{flag|USA}}`` shows "USA"), or its ``name=``.

Source: the ``Template:Country data ...`` pages of English Wikipedia and the documentation of
Template:Flag, Template:Flagcountry and Template:Flagu (Wikipedia:WikiProject Flag Template),
text by Wikipedia contributors under CC BY-SA 4.0. The table below holds the data pages that
war infoboxes use most, modern and historical, entered by hand from those pages' fields; the
search tools of the session that wrote it could not retrieve the data pages' source, so the
fields were not compared with a given revision (see docs/explanation/data-model.md). A name
not here is shown as written, as the templates do for a data page whose alias is its own name.
"""

from __future__ import annotations

from typing import Final

__all__ = ["country_name", "force_name", "is_code"]

# (alias, shortname alias or "", redirects: codes and other names that lead to the same page)
_DATA: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    # The Americas
    ("United States", "", ("USA", "US", "United States of America", "U.S.", "America")),
    ("Confederate States of America", "Confederate States", ("CSA", "Confederate States", "Confederacy")),
    ("Canada", "", ("CAN", "CA")),
    ("Mexico", "", ("MEX", "MX")),
    ("Cuba", "", ("CUB", "CU")),
    ("Brazil", "", ("BRA", "BR")),
    ("Empire of Brazil", "Brazil", ()),
    ("Argentina", "", ("ARG", "AR")),
    ("Chile", "", ("CHI", "CHL", "CL")),
    ("Peru", "", ("PER", "PE")),
    ("Bolivia", "", ("BOL", "BO")),
    ("Paraguay", "", ("PAR", "PRY", "PY")),
    ("Uruguay", "", ("URU", "URY", "UY")),
    ("Colombia", "", ("COL", "CO")),
    ("Venezuela", "", ("VEN", "VE")),
    ("Ecuador", "", ("ECU", "EC")),
    ("Nicaragua", "", ("NCA", "NIC", "NI")),
    ("Honduras", "", ("HON", "HND", "HN")),
    ("El Salvador", "", ("ESA", "SLV", "SV")),
    ("Guatemala", "", ("GUA", "GTM", "GT")),
    ("Panama", "", ("PAN", "PA")),
    ("Haiti", "", ("HAI", "HTI", "HT")),
    ("Dominican Republic", "", ("DOM", "DO")),
    ("Grenada", "", ("GRN", "GRD", "GD")),
    # Western Europe
    ("United Kingdom", "", ("UK", "GBR", "GB", "U.K.")),
    ("United Kingdom of Great Britain and Ireland", "United Kingdom", ()),
    ("Kingdom of Great Britain", "Great Britain", ()),
    ("Great Britain", "", ()),
    ("England", "", ("ENG",)),
    ("Kingdom of England", "England", ()),
    ("Scotland", "", ("SCO",)),
    ("Kingdom of Scotland", "Scotland", ()),
    ("Wales", "", ("WAL",)),
    ("Ireland", "", ("IRL", "IE", "Republic of Ireland")),
    ("Kingdom of Ireland", "Ireland", ()),
    ("Irish Republic", "", ()),
    ("France", "", ("FRA", "FR")),
    ("Kingdom of France", "France", ()),
    ("French First Republic", "France", ()),
    ("First French Empire", "France", ("French Empire",)),
    ("Bourbon Restoration", "France", ()),
    ("July Monarchy", "France", ()),
    ("French Second Republic", "France", ()),
    ("Second French Empire", "France", ()),
    ("French Third Republic", "France", ()),
    ("French Fourth Republic", "France", ()),
    ("Vichy France", "", ()),
    ("Free France", "", ("Free French", "Free French Forces")),
    ("Spain", "", ("ESP", "ES")),
    ("Spanish Empire", "Spain", ()),
    ("Second Spanish Republic", "Spain", ("Spanish Republic",)),
    ("Francoist Spain", "Spain", ("Spanish State",)),
    ("Portugal", "", ("POR", "PRT", "PT")),
    ("Kingdom of Portugal", "Portugal", ()),
    ("Netherlands", "", ("NED", "NLD", "NL", "Holland")),
    ("Dutch Republic", "", ()),
    ("Belgium", "", ("BEL", "BE")),
    ("Luxembourg", "", ("LUX", "LU")),
    ("Switzerland", "", ("SUI", "CHE", "CH")),
    ("Duchy of Savoy", "Savoy", ("Savoy",)),
    ("Kingdom of Sardinia", "Sardinia", ()),
    ("Kingdom of the Two Sicilies", "", ()),
    ("Papal States", "", ()),
    ("Republic of Venice", "", ()),
    ("Italy", "", ("ITA", "IT")),
    ("Kingdom of Italy", "Italy", ()),
    ("Italian Social Republic", "", ("RSI",)),
    ("Malta", "", ("MLT", "MT")),
    # Northern Europe
    ("Sweden", "", ("SWE", "SE")),
    ("Swedish Empire", "Sweden", ()),
    ("Norway", "", ("NOR", "NO")),
    ("Denmark", "", ("DEN", "DNK", "DK")),
    ("Denmark–Norway", "", ("Denmark-Norway",)),
    ("Finland", "", ("FIN", "FI")),
    ("Iceland", "", ("ISL", "IS")),
    # Central Europe
    ("Germany", "", ("GER", "DEU", "DE")),
    ("German Empire", "Germany", ()),
    ("Weimar Republic", "Germany", ()),
    ("Nazi Germany", "Germany", ("Third Reich",)),
    ("West Germany", "", ("FRG",)),
    ("East Germany", "", ("GDR", "DDR")),
    ("Holy Roman Empire", "", ()),
    ("Kingdom of Prussia", "Prussia", ("Prussia",)),
    ("Kingdom of Bavaria", "Bavaria", ()),
    ("Kingdom of Saxony", "Saxony", ()),
    ("Electorate of Saxony", "", ()),
    ("Kingdom of Hanover", "Hanover", ()),
    ("Kingdom of Württemberg", "Württemberg", ()),
    ("Austria", "", ("AUT", "AT")),
    ("Austrian Empire", "", ()),
    ("Austria-Hungary", "", ("Austro-Hungarian Empire",)),
    ("First Austrian Republic", "Austria", ()),
    ("Habsburg monarchy", "", ()),
    ("Hungary", "", ("HUN", "HU")),
    ("Kingdom of Hungary", "Hungary", ()),
    ("Poland", "", ("POL", "PL")),
    ("Second Polish Republic", "Poland", ()),
    ("Polish People's Republic", "Poland", ()),
    ("Polish–Lithuanian Commonwealth", "", ("Polish-Lithuanian Commonwealth",)),
    ("Czechoslovakia", "", ("TCH", "CSK")),
    ("Czech Republic", "", ("CZE", "CZ", "Czechia")),
    ("Slovakia", "", ("SVK", "SK")),
    ("Slovak Republic (1939–1945)", "Slovakia", ()),
    ("Bohemia", "", ()),
    # Eastern and south-eastern Europe
    ("Russia", "", ("RUS", "RU", "Russian Federation")),
    ("Tsardom of Russia", "Russia", ()),
    ("Russian Empire", "Russia", ()),
    ("Soviet Union", "", ("URS", "USSR", "SUN", "Union of Soviet Socialist Republics")),
    ("Russian Soviet Federative Socialist Republic", "Russian SFSR", ("Russian SFSR", "RSFSR")),
    ("Ukraine", "", ("UKR", "UA")),
    ("Belarus", "", ("BLR", "BY")),
    ("Lithuania", "", ("LTU", "LT")),
    ("Latvia", "", ("LAT", "LVA", "LV")),
    ("Estonia", "", ("EST", "EE")),
    ("Moldova", "", ("MDA", "MD")),
    ("Romania", "", ("ROU", "ROM", "RO")),
    ("Kingdom of Romania", "Romania", ()),
    ("Socialist Republic of Romania", "Romania", ()),
    ("Bulgaria", "", ("BUL", "BGR", "BG")),
    ("Kingdom of Bulgaria", "Bulgaria", ("Tsardom of Bulgaria",)),
    ("Greece", "", ("GRE", "GRC", "GR")),
    ("Kingdom of Greece", "Greece", ()),
    ("Serbia", "", ("SRB", "RS")),
    ("Kingdom of Serbia", "Serbia", ()),
    ("Montenegro", "", ("MNE", "ME")),
    ("Kingdom of Montenegro", "Montenegro", ("Principality of Montenegro",)),
    ("Yugoslavia", "", ("YUG",)),
    ("Kingdom of Yugoslavia", "Yugoslavia", ()),
    ("Socialist Federal Republic of Yugoslavia", "Yugoslavia", ("SFR Yugoslavia",)),
    ("Federal Republic of Yugoslavia", "FR Yugoslavia", ("FR Yugoslavia", "FRY")),
    ("Croatia", "", ("CRO", "HRV", "HR")),
    ("Independent State of Croatia", "", ("NDH",)),
    ("Bosnia and Herzegovina", "", ("BIH", "BA")),
    ("Republika Srpska", "", ()),
    ("Slovenia", "", ("SLO", "SVN", "SI")),
    ("North Macedonia", "", ("MKD", "MK", "Macedonia")),
    ("Albania", "", ("ALB", "AL")),
    ("Kosovo", "", ("KOS", "XK")),
    ("Ottoman Empire", "", ("Ottoman",)),
    ("Turkey", "", ("TUR", "TR", "Türkiye", "Republic of Turkey")),
    ("Byzantine Empire", "", ()),
    ("Cyprus", "", ("CYP", "CY")),
    # The Caucasus and Central Asia
    ("Georgia", "", ("GEO", "GE")),
    ("Armenia", "", ("ARM", "AM")),
    ("Azerbaijan", "", ("AZE", "AZ")),
    ("Kazakhstan", "", ("KAZ", "KZ")),
    ("Uzbekistan", "", ("UZB", "UZ")),
    ("Turkmenistan", "", ("TKM", "TM")),
    ("Tajikistan", "", ("TJK", "TJ")),
    ("Kyrgyzstan", "", ("KGZ", "KG")),
    # The Middle East
    ("Israel", "", ("ISR", "IL")),
    ("State of Palestine", "Palestine", ("PLE", "PSE", "PS", "Palestine")),
    ("Mandatory Palestine", "", ()),
    ("Egypt", "", ("EGY", "EG")),
    ("Kingdom of Egypt", "Egypt", ()),
    ("Syria", "", ("SYR", "SY", "Syrian Arab Republic")),
    ("Lebanon", "", ("LIB", "LBN", "LB")),
    ("Jordan", "", ("JOR", "JO")),
    ("Iraq", "", ("IRQ", "IQ")),
    ("Kingdom of Iraq", "Iraq", ()),
    ("Ba'athist Iraq", "Iraq", ()),
    ("Iran", "", ("IRN", "IR", "Islamic Republic of Iran")),
    ("Pahlavi Iran", "Iran", ("Pahlavi dynasty",)),
    ("Qajar Iran", "Iran", ()),
    ("Saudi Arabia", "", ("KSA", "SAU", "SA")),
    ("Yemen", "", ("YEM", "YE")),
    ("Kuwait", "", ("KUW", "KWT", "KW")),
    ("Qatar", "", ("QAT", "QA")),
    ("United Arab Emirates", "", ("UAE", "ARE", "AE")),
    ("Oman", "", ("OMA", "OMN", "OM")),
    ("Bahrain", "", ("BRN", "BHR", "BH")),
    # South and East Asia
    ("Afghanistan", "", ("AFG", "AF")),
    ("Pakistan", "", ("PAK", "PK")),
    ("Dominion of Pakistan", "Pakistan", ()),
    ("India", "", ("IND", "IN")),
    ("Dominion of India", "India", ()),
    ("British Raj", "India", ("British India",)),
    ("Bangladesh", "", ("BAN", "BGD", "BD")),
    ("Sri Lanka", "", ("SRI", "LKA", "LK")),
    ("Nepal", "", ("NEP", "NPL", "NP")),
    ("China", "", ("CHN", "CN", "PRC", "People's Republic of China")),
    ("Republic of China (1912–1949)", "China", ()),
    ("Taiwan", "", ("TPE", "TWN", "TW", "Republic of China")),
    ("Qing dynasty", "", ()),
    ("Manchukuo", "", ()),
    ("Mongolia", "", ("MGL", "MNG", "MN")),
    ("North Korea", "", ("PRK", "KP", "DPRK")),
    ("South Korea", "", ("KOR", "KR", "ROK", "Republic of Korea")),
    ("Korean Empire", "", ()),
    ("Joseon", "", ()),
    ("Japan", "", ("JPN", "JP")),
    ("Empire of Japan", "Japan", ()),
    ("Vietnam", "", ("VIE", "VNM", "VN")),
    ("North Vietnam", "", ("DRV",)),
    ("South Vietnam", "", ("RVN",)),
    ("Laos", "", ("LAO", "LA")),
    ("Cambodia", "", ("CAM", "KHM", "KH")),
    ("Thailand", "", ("THA", "TH")),
    ("Siam", "", ()),
    ("Myanmar", "", ("MYA", "MMR", "MM", "Burma")),
    ("Malaysia", "", ("MAS", "MYS", "MY")),
    ("Singapore", "", ("SIN", "SGP", "SG")),
    ("Indonesia", "", ("INA", "IDN", "ID")),
    ("Philippines", "", ("PHI", "PHL", "PH")),
    # Oceania
    ("Australia", "", ("AUS", "AU")),
    ("New Zealand", "", ("NZL", "NZ")),
    # Africa
    ("South Africa", "", ("RSA", "ZAF", "ZA")),
    ("Union of South Africa", "South Africa", ()),
    ("Nigeria", "", ("NGR", "NGA", "NG")),
    ("Ethiopia", "", ("ETH", "ET")),
    ("Ethiopian Empire", "Ethiopia", ()),
    ("Somalia", "", ("SOM", "SO")),
    ("Sudan", "", ("SUD", "SDN", "SD")),
    ("South Sudan", "", ("SSD", "SS")),
    ("Libya", "", ("LBA", "LBY", "LY")),
    ("Algeria", "", ("ALG", "DZA", "DZ")),
    ("Morocco", "", ("MAR", "MA")),
    ("Tunisia", "", ("TUN", "TN")),
    ("Kenya", "", ("KEN", "KE")),
    ("Uganda", "", ("UGA", "UG")),
    ("Tanzania", "", ("TAN", "TZA", "TZ")),
    ("Rwanda", "", ("RWA", "RW")),
    ("Burundi", "", ("BDI", "BI")),
    ("Democratic Republic of the Congo", "DR Congo", ("COD", "CD", "DRC", "DR Congo")),
    ("Republic of the Congo", "", ("CGO", "COG", "CG")),
    ("Angola", "", ("ANG", "AGO", "AO")),
    ("Mozambique", "", ("MOZ", "MZ")),
    ("Zimbabwe", "", ("ZIM", "ZWE", "ZW")),
    ("Rhodesia", "", ()),
    ("Zambia", "", ("ZAM", "ZMB", "ZM")),
    ("Namibia", "", ("NAM", "NA")),
    ("Mali", "", ("MLI", "ML")),
    ("Niger", "", ("NIG", "NER", "NE")),
    ("Chad", "", ("CHA", "TCD", "TD")),
    ("Cameroon", "", ("CMR", "CM")),
    ("Senegal", "", ("SEN", "SN")),
    ("Eritrea", "", ("ERI", "ER")),
    ("Central African Republic", "", ("CAF", "CF")),
    ("Burkina Faso", "", ("BUR", "BFA", "BF")),
    ("Mauritania", "", ("MTN", "MRT", "MR")),
    ("Ivory Coast", "", ("CIV", "CI", "Côte d'Ivoire")),
    ("Ghana", "", ("GHA", "GH")),
    ("Sierra Leone", "", ("SLE", "SL")),
    ("Liberia", "", ("LBR", "LR")),
    ("Djibouti", "", ("DJI", "DJ")),
    # Alliances and organisations
    ("United Nations", "", ("UN",)),
    ("NATO", "", ("North Atlantic Treaty Organization",)),
    ("European Union", "", ("EU",)),
)

_SHORT: Final[dict[str, str]] = {
    name.casefold(): short or alias for alias, short, redirects in _DATA for name in (alias, *redirects)
}
_ALIAS: Final[dict[str, str]] = {
    name.casefold(): alias for alias, _, redirects in _DATA for name in (alias, *redirects)
}

# The forces ``{{navy|X}}``, ``{{army|X}}`` and ``{{air force|X}}`` name, by the data page's alias.
_FORCES: Final[dict[str, dict[str, str]]] = {
    "navy": {
        "United States": "United States Navy",
        "Confederate States of America": "Confederate States Navy",
        "United Kingdom": "Royal Navy",
        "Kingdom of Great Britain": "Royal Navy",
        "Kingdom of England": "English Navy",
        "France": "French Navy",
        "Kingdom of France": "French Royal Navy",
        "Nazi Germany": "Kriegsmarine",
        "German Empire": "Imperial German Navy",
        "Weimar Republic": "Reichsmarine",
        "Germany": "German Navy",
        "Empire of Japan": "Imperial Japanese Navy",
        "Japan": "Japan Maritime Self-Defense Force",
        "Russian Empire": "Imperial Russian Navy",
        "Soviet Union": "Soviet Navy",
        "Russia": "Russian Navy",
        "Kingdom of Italy": "Regia Marina",
        "Italy": "Italian Navy",
        "Austria-Hungary": "Austro-Hungarian Navy",
        "Ottoman Empire": "Ottoman Navy",
        "Spain": "Spanish Navy",
        "Netherlands": "Royal Netherlands Navy",
        "Australia": "Royal Australian Navy",
        "Canada": "Royal Canadian Navy",
        "New Zealand": "Royal New Zealand Navy",
        "India": "Indian Navy",
        "Pakistan": "Pakistan Navy",
        "Norway": "Royal Norwegian Navy",
        "Sweden": "Swedish Navy",
        "Denmark": "Royal Danish Navy",
        "Greece": "Hellenic Navy",
        "Turkey": "Turkish Navy",
        "Poland": "Polish Navy",
        "Brazil": "Brazilian Navy",
        "Argentina": "Argentine Navy",
        "Chile": "Chilean Navy",
        "Peru": "Peruvian Navy",
        "China": "People's Liberation Army Navy",
        "South Korea": "Republic of Korea Navy",
        "Israel": "Israeli Navy",
        "Iran": "Islamic Republic of Iran Navy",
        "Myanmar": "Myanmar Navy",
    },
    "army": {
        "United States": "United States Army",
        "Confederate States of America": "Confederate States Army",
        "United Kingdom": "British Army",
        "Kingdom of Great Britain": "British Army",
        "France": "French Army",
        "Empire of Japan": "Imperial Japanese Army",
        "Russian Empire": "Imperial Russian Army",
        "Soviet Union": "Red Army",
        "Russia": "Russian Ground Forces",
        "Kingdom of Italy": "Royal Italian Army",
        "Italy": "Italian Army",
        "Austria-Hungary": "Austro-Hungarian Army",
        "Ottoman Empire": "Ottoman Army",
        "German Empire": "Imperial German Army",
        "Australia": "Australian Army",
        "Canada": "Canadian Army",
        "New Zealand": "New Zealand Army",
        "India": "Indian Army",
        "British Raj": "British Indian Army",
        "Pakistan": "Pakistan Army",
        "Israel": "Israel Defense Forces",
        "Myanmar": "Myanmar Army",
    },
    "air force": {
        "United States": "United States Air Force",
        "United Kingdom": "Royal Air Force",
        "Nazi Germany": "Luftwaffe",
        "Soviet Union": "Soviet Air Forces",
        "Kingdom of Italy": "Regia Aeronautica",
        "Italy": "Italian Air Force",
        "France": "French Air and Space Force",
        "Australia": "Royal Australian Air Force",
        "Canada": "Royal Canadian Air Force",
        "New Zealand": "Royal New Zealand Air Force",
        "India": "Indian Air Force",
        "Pakistan": "Pakistan Air Force",
        "Israel": "Israeli Air Force",
        "Russia": "Russian Aerospace Forces",
        "Myanmar": "Myanmar Air Force",
    },
}


_CODES: Final[frozenset[str]] = frozenset(
    name
    for _, _, redirects in _DATA
    for name in redirects
    if name == "UK" or (len(name) == 3 and name.isascii() and name.isalpha() and name.isupper())
)


def _key(code: str) -> str:
    return " ".join(code.replace("_", " ").split())


def country_name(code: str) -> str:
    """The name ``{{flagcountry}}`` shows for a country code, redirect or name ("USA": "United States").

    The data page's short name, else its alias; a name not in the table as written.

    Examples:
        >>> country_name("USA"), country_name("Nazi Germany"), country_name("Sparta")
        ('United States', 'Germany', 'Sparta')

    """
    name = _key(code)
    return _SHORT.get(name.casefold(), name)


def force_name(branch: str, code: str) -> str:
    """The force ``{{navy|X}}``, ``{{army|X}}`` or ``{{air force|X}}`` names ("navy", "UK": "Royal Navy").

    A country whose force is not in the table gives its country name.

    Examples:
        >>> force_name("navy", "Empire of Japan"), force_name("air force", "Nazi Germany")
        ('Imperial Japanese Navy', 'Luftwaffe')

    """
    name = _key(code)
    alias = _ALIAS.get(name.casefold(), name)
    return _FORCES.get(branch, {}).get(alias) or country_name(name)


def is_code(name: str) -> bool:
    """Whether a template of this name is a country's shortcut flag template (``{{USA}}``, ``{{GER}}``).

    These show the flag and the country's name, as ``{{flag|United States}}`` does: a
    three-letter code in capitals (or ``UK``) that leads to a data page above.

    Examples:
        >>> is_code("USA"), is_code("usa"), is_code("USS")
        (True, False, False)

    """
    return name in _CODES
