"""Charts of accounts to start a budget from: categories (by level) and their accounts,
with the usual fringes, globals and contractual charges of each kind of production.

The numbering follows common practice (Movie Magic-style 1100/2000/4500/6500
blocks for films, AICP letter sections for commercials); every number and name
is editable once the budget exists. Rates are typical defaults, not advice.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chart:
    key: str
    label: str
    # (level, number, name, [(account number, account name), ...])
    categories: list[tuple[str, str, str, list[tuple[str, str]]]]
    # (code, name, kind, rate, cutoff or None)
    fringes: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    # (name, expression, description, schedule key or "")
    globals: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (name, percent, excluded category numbers)
    charges: list[tuple[str, str, list[str]]] = field(default_factory=list)


def _accounts(prefix: int, names: list[str]) -> list[tuple[str, str]]:
    return [(str(prefix + index + 1), name) for index, name in enumerate(names)]


PAYROLL_FRINGES = [
    ("FICA", "Social Security", "percent", "6.2", "176100"),
    ("MEDI", "Medicare", "percent", "1.45", None),
    ("FUI", "Federal unemployment", "percent", "0.6", "7000"),
    ("SUI", "State unemployment", "percent", "3.4", "7000"),
    ("WC", "Workers' compensation", "percent", "2.5", None),
]
FILM_GLOBALS = [
    ("PREP_DAYS", "20", "Prep days", "PREP_DAYS"),
    ("SHOOT_DAYS", "30", "Shoot days (from the active board)", "SHOOT_DAYS"),
    ("WRAP_DAYS", "5", "Wrap days", "WRAP_DAYS"),
    ("PREP_WEEKS", "PREP_DAYS / 5", "Prep weeks", ""),
    ("SHOOT_WEEKS", "SHOOT_DAYS / 5", "Shoot weeks", ""),
    ("WRAP_WEEKS", "WRAP_DAYS / 5", "Wrap weeks", ""),
]


def _block(level: str, number: int, name: str, accounts: list[str]):
    return (level, str(number), name, _accounts(number, accounts))


FEATURE = Chart(
    key="feature",
    label="Feature film (US-style chart of accounts)",
    categories=[
        _block("atl", 1100, "Story & Rights", ["Rights purchase", "Writers", "Script expenses"]),
        _block("atl", 1200, "Producers Unit", ["Producers", "Associate producer",
                                               "Producer's assistant"]),
        _block("atl", 1300, "Direction", ["Director", "Director's assistant"]),
        _block("atl", 1400, "Cast", ["Principal cast", "Supporting cast", "Day players",
                                     "Stunts", "Casting"]),
        _block("atl", 1500, "ATL Travel & Living", ["Airfares", "Hotels", "Per diem"]),
        _block("btl", 2000, "Production Staff", [
            "Unit production manager", "Assistant directors", "Production coordinator",
            "Production assistants"]),
        _block("btl", 2100, "Extra Talent", ["Background", "Stand-ins"]),
        _block("btl", 2200, "Art Direction", ["Production designer", "Art director",
                                              "Art department expenses"]),
        _block("btl", 2300, "Set Construction", ["Construction labour", "Materials"]),
        _block("btl", 2500, "Set Operations", ["Grips", "Dolly & crane", "Craft service"]),
        _block("btl", 2600, "Special Effects", ["SFX labour", "SFX materials"]),
        _block("btl", 2700, "Set Dressing", ["Set decorator", "Dressing purchases & rentals"]),
        _block("btl", 2800, "Property", ["Property master", "Props purchases & rentals"]),
        _block("btl", 2900, "Wardrobe", ["Costume designer", "Wardrobe purchases & rentals"]),
        _block("btl", 3000, "Makeup & Hair", ["Makeup artists", "Hair stylists", "Supplies"]),
        _block("btl", 3100, "Electrical", ["Gaffer & electricians", "Lighting rentals",
                                           "Generator"]),
        _block("btl", 3200, "Camera", ["Director of photography", "Camera crew",
                                       "Camera rentals", "Media & storage"]),
        _block("btl", 3300, "Production Sound", ["Sound mixer & boom", "Sound rentals"]),
        _block("btl", 3400, "Transportation", ["Drivers", "Vehicle rentals", "Fuel"]),
        _block("btl", 3500, "Locations", ["Location manager", "Site rentals", "Permits",
                                          "Security"]),
        _block("btl", 3600, "Catering", ["Catering", "Meals"]),
        _block("post", 4500, "Editorial", ["Editor", "Assistant editor", "Edit rentals"]),
        _block("post", 4600, "Music", ["Composer", "Licensing"]),
        _block("post", 4700, "Post Sound", ["Sound design & mix", "ADR & Foley"]),
        _block("post", 4800, "Visual Effects", ["VFX vendor", "VFX supervisor"]),
        _block("post", 4900, "Titles & Deliverables", ["Titles", "Colour grade",
                                                       "Deliverables"]),
        _block("other", 6500, "Publicity", ["Stills photographer", "EPK"]),
        _block("other", 6700, "Insurance", ["Production package", "Errors & omissions"]),
        _block("other", 6800, "General Expense", ["Legal", "Accounting", "Office"]),
    ],
    fringes=[*PAYROLL_FRINGES,
             ("SAG", "SAG-AFTRA pension & health", "percent", "21", None),
             ("DGA", "DGA pension & health", "percent", "17.5", None),
             ("WGA", "WGA pension & health", "percent", "20.5", None),
             ("IA", "IATSE pension & health (per day)", "flat", "45", None)],
    globals=FILM_GLOBALS,
    charges=[("Contingency", "10", ["6700"]), ("Completion bond", "2", [])],
)

SHORT = Chart(
    key="short",
    label="Short film",
    categories=[
        _block("atl", 100, "Story & Rights", ["Script", "Rights"]),
        _block("atl", 200, "Producer & Director", ["Producer", "Director"]),
        _block("atl", 300, "Cast", ["Cast", "Casting"]),
        _block("btl", 400, "Crew", ["Camera crew", "Lighting & grip crew", "Sound crew",
                                    "Art & wardrobe crew", "Production crew"]),
        _block("btl", 500, "Equipment", ["Camera package", "Lighting & grip package",
                                         "Sound package"]),
        _block("btl", 600, "Art & Wardrobe", ["Props & dressing", "Wardrobe", "Makeup"]),
        _block("btl", 700, "Locations & Transport", ["Locations", "Permits", "Vehicles"]),
        _block("btl", 800, "Catering", ["Meals", "Craft service"]),
        _block("post", 900, "Post-production", ["Editing", "Sound mix", "Colour", "Music",
                                                "Festival deliverables"]),
        _block("other", 1000, "Insurance & General", ["Insurance", "Festival fees", "Office"]),
    ],
    fringes=[("PAYROLL", "Payroll taxes", "percent", "18", None)],
    globals=[("PREP_DAYS", "5", "Prep days", "PREP_DAYS"),
             ("SHOOT_DAYS", "4", "Shoot days (from the active board)", "SHOOT_DAYS")],
    charges=[("Contingency", "10", [])],
)


def _aicp(letter: str, level: str, name: str, accounts: list[str]):
    return (level, letter, name,
            [(f"{letter}{index + 1}", account) for index, account in enumerate(accounts)])


COMMERCIAL = Chart(
    key="commercial",
    label="Commercial (AICP-style sections)",
    categories=[
        _aicp("A", "btl", "Pre-production & Wrap Crew", ["Line producer", "Assistant director",
                                                         "Production manager", "Coordinator"]),
        _aicp("B", "btl", "Shooting Crew", ["Director of photography", "Camera crew",
                                            "Gaffer & electricians", "Grips", "Sound",
                                            "Hair & makeup", "Stylist"]),
        _aicp("C", "btl", "Pre-production & Wrap Expenses", ["Scouting", "Office", "Casting"]),
        _aicp("D", "btl", "Location & Travel", ["Location fees", "Permits", "Vehicles",
                                                "Catering"]),
        _aicp("E", "btl", "Props, Wardrobe & Animals", ["Props", "Wardrobe", "Animals"]),
        _aicp("F", "btl", "Studio & Stage", ["Stage rental", "Build & strike days"]),
        _aicp("G", "btl", "Art Department Labour", ["Production designer", "Art crew"]),
        _aicp("H", "btl", "Art Department Expenses", ["Set dressing", "Construction materials"]),
        _aicp("I", "btl", "Equipment Rental", ["Camera", "Lighting & grip", "Generator"]),
        _aicp("J", "btl", "Media", ["Media & storage", "DIT"]),
        _aicp("K", "other", "Miscellaneous", ["Petty cash", "Shipping", "Insurance"]),
        _aicp("L", "atl", "Director & Creative Fees", ["Director's fee", "Prep & travel days"]),
        _aicp("M", "atl", "Talent", ["On-camera principals", "Extras", "Voice-over"]),
        _aicp("N", "atl", "Talent Expenses", ["Agency fees", "Wardrobe allowance", "Travel"]),
        _aicp("O", "post", "Editorial & Finishing", ["Editor", "Colour", "Online & finishing",
                                                     "Music", "Mix"]),
    ],
    fringes=[("PW", "Payroll & pension/welfare", "percent", "22", None),
             ("SAG", "SAG-AFTRA pension & health", "percent", "21", None)],
    globals=[("PREP_DAYS", "3", "Prep days", "PREP_DAYS"),
             ("SHOOT_DAYS", "2", "Shoot days (from the active board)", "SHOOT_DAYS"),
             ("WRAP_DAYS", "1", "Wrap days", "WRAP_DAYS")],
    charges=[("Production fee", "15", ["L", "M", "N"]), ("Insurance", "1.5", [])],
)

TV_EPISODE = Chart(
    key="tv_episode",
    label="TV episode",
    categories=[
        _block("atl", 1000, "Writers", ["Episode writers", "Script fees"]),
        _block("atl", 1100, "Producers", ["Executive producers", "Producers"]),
        _block("atl", 1200, "Director", ["Episode director"]),
        _block("atl", 1300, "Cast", ["Series regulars", "Guest cast", "Day players",
                                     "Stunts"]),
        _block("btl", 2000, "Production Staff", ["UPM", "Assistant directors", "Coordinator",
                                                 "Production assistants"]),
        _block("btl", 2100, "Background", ["Background performers"]),
        _block("btl", 2200, "Camera", ["Camera crew", "Camera rentals"]),
        _block("btl", 2300, "Electric & Grip", ["Electricians", "Grips", "Rentals"]),
        _block("btl", 2400, "Production Sound", ["Sound crew", "Sound rentals"]),
        _block("btl", 2500, "Art & Set Dressing", ["Art department", "Dressing", "Props"]),
        _block("btl", 2600, "Wardrobe, Makeup & Hair", ["Wardrobe", "Makeup & hair"]),
        _block("btl", 2700, "Locations & Transport", ["Locations", "Transportation",
                                                      "Catering"]),
        _block("post", 4000, "Editorial", ["Editor", "Assistant editor"]),
        _block("post", 4100, "Music & Post Sound", ["Music", "Sound mix"]),
        _block("post", 4200, "Visual Effects & Finishing", ["VFX", "Colour & online"]),
        _block("other", 6000, "General & Insurance", ["Insurance", "Legal & accounting",
                                                      "Office"]),
    ],
    fringes=[*PAYROLL_FRINGES,
             ("SAG", "SAG-AFTRA pension & health", "percent", "21", None),
             ("DGA", "DGA pension & health", "percent", "17.5", None)],
    globals=[("PREP_DAYS", "7", "Prep days", "PREP_DAYS"),
             ("SHOOT_DAYS", "8", "Episode shoot days (from the active board)", "SHOOT_DAYS"),
             ("WRAP_DAYS", "2", "Wrap days", "WRAP_DAYS")],
    charges=[("Contingency", "5", ["6000"]), ("Studio overhead", "3", [])],
)

CHARTS: dict[str, Chart] = {chart.key: chart for chart in (FEATURE, SHORT, COMMERCIAL, TV_EPISODE)}
CHART_CHOICES = [("", "Empty budget"), *((c.key, c.label) for c in CHARTS.values())]
