"""The synthetic organisation as data: scales, locations and teams, routes and products, norms,
inflow, and the planted situations the demo story tells.

Everything the simulation varies lives here, so a test (or the dashboard's tests) can read
what was planted instead of guessing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# --- time ---------------------------------------------------------------------------------------
PERIOD_START = date(2024, 11, 4)  # first day (a Monday) the organisation works in the data
END_DATE = date(2026, 10, 31)  # the demo's "now": nothing happens after this day
OPENING_STOCK_FROM = date(2024, 2, 1)  # cases already waiting at PERIOD_START were received since
LOCAL_TIMEZONE = "Europe/Amsterdam"
OFFICE_OPENS_HOUR = 8.0  # a working day is mapped onto 08:00-17:00 local time
OFFICE_HOURS = 9.0
WORKING_DAYS_PER_WEEK = 5

# --- people -------------------------------------------------------------------------------------
CONTRACT_HOURS_PER_FTE = 36.0
FTE_CHOICES = (0.5, 0.6, 0.7, 0.8, 0.89, 1.0)
FTE_WEIGHTS = (0.05, 0.08, 0.12, 0.25, 0.2, 0.3)
INDIRECT_SHARE = (0.24, 0.34)  # uniform range per employee-week: meetings, training, coaching
NEW_HIRE_TRAINING_WEEKS = 8  # academy: mostly indirect hours at first
NEW_HIRE_INDIRECT_SHARE = 0.7
NEW_HIRE_RAMP_WEEKS = 26  # new employees are slower for about six months
NEW_HIRE_SLOWNESS = 1.6  # effort factor on the first day, falling linearly to 1.0
ABSENCE_SPELL_START_PER_WEEK = 0.013  # verzuim: long spells ...
ABSENCE_SPELL_MEAN_WEEKS = 4.0
SHORT_ABSENCE_PER_WEEK = 0.09  # ... and a day or two of flu
SUMMER_LEAVE_WEEK_PROBABILITY = 0.3
OTHER_LEAVE_WEEK_PROBABILITY = 0.04
LEAVE_DAY_PROBABILITY = 0.15
TEAM_MOVE_SHARE = 0.15  # employees who move to another team of their location once
STOCK_CAP_WEEKS = 5.0  # the verdeelstation fills a personal stock up to this many weeks of work
STAFFING_RATIO = 1.04  # baseline direct capacity against baseline norm demand

# --- organisation ---------------------------------------------------------------------------------
COMPETENCES = (
    "AA-gehoor",
    "AA-beslissen",
    "VA-beslissen",
    "Dublin",
    "complexe doelgroepen",
    "nareis",
    "regulier",
    "naturalisatie",
)


@dataclass(frozen=True)
class TeamTemplate:
    code: str
    name: str
    competence: str  # the queue this team works; its employees all hold it
    extra_competences: tuple[str, ...] = ()
    role: str = "beslismedewerker"
    complex_share: float = 0.0  # share of members who also handle complex target groups


@dataclass(frozen=True)
class LocationTemplate:
    code: str
    name: str
    teams: tuple[TeamTemplate, ...]


_ASYLUM_AA = ("AA-gehoor",)
LOCATIONS: tuple[LocationTemplate, ...] = (
    LocationTemplate(
        "TA",
        "Ter Apel",
        (
            TeamTemplate("DUB", "Aanmelding & Dublin", "Dublin", _ASYLUM_AA, "medewerker asiel"),
            TeamTemplate("AA1", "Asiel AA 1", "AA-beslissen", _ASYLUM_AA, complex_share=0.2),
            TeamTemplate("AA2", "Asiel AA 2", "AA-beslissen", _ASYLUM_AA, complex_share=0.2),
        ),
    ),
    LocationTemplate(
        "ZV",
        "Zevenaar",
        (
            TeamTemplate("AA1", "Asiel AA 1", "AA-beslissen", _ASYLUM_AA, complex_share=0.2),
            TeamTemplate("AA2", "Asiel AA 2", "AA-beslissen", _ASYLUM_AA, complex_share=0.2),
            TeamTemplate("VA", "Verlengde procedure", "VA-beslissen", _ASYLUM_AA),
        ),
    ),
    LocationTemplate(
        "DB",
        "Den Bosch",
        (
            TeamTemplate("AA1", "Asiel AA", "AA-beslissen", _ASYLUM_AA, complex_share=0.2),
            TeamTemplate(
                "VA", "VA & complexe doelgroepen", "VA-beslissen", ("complexe doelgroepen",)
            ),
            TeamTemplate("NAR", "Nareis", "nareis", (), "medewerker asiel"),
        ),
    ),
    LocationTemplate(
        "ZW",
        "Zwolle",
        (
            TeamTemplate("AA1", "Asiel AA 1", "AA-beslissen", _ASYLUM_AA, complex_share=0.25),
            TeamTemplate("AA2", "Asiel AA 2", "AA-beslissen", _ASYLUM_AA, complex_share=0.25),
            TeamTemplate("NAR", "Nareis", "nareis", (), "medewerker asiel"),
            TeamTemplate("REG", "Regulier verblijf", "regulier", (), "medewerker regulier"),
        ),
    ),
    LocationTemplate(
        "RW",
        "Rijswijk",
        (
            TeamTemplate("KM", "Kennis & arbeid", "regulier", (), "medewerker regulier"),
            TeamTemplate("GZ", "Gezin & verblijf", "regulier", (), "medewerker regulier"),
            TeamTemplate("NAT", "Naturalisatie", "naturalisatie", (), "medewerker regulier"),
        ),
    ),
    LocationTemplate(
        "AM",
        "Amsterdam",
        (
            TeamTemplate("REG", "Regulier verblijf", "regulier", (), "medewerker regulier"),
            TeamTemplate("NAT", "Naturalisatie", "naturalisatie", (), "medewerker regulier"),
        ),
    ),
)


# --- cases: routes, their products and terms ----------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One product of a route, with the calendar the case waits through before it."""

    activity: str
    wait_days: tuple[int, int] = (0, 3)  # working days waited before the product can start
    suspension_probability: float = 0.0  # opschorting before this step (applicant to supply info)
    suspension_days: tuple[int, int] = (10, 30)
    rework_probability: float = 0.07


@dataclass(frozen=True)
class Route:
    case_type: str
    route: str
    share: float  # share of all inflow (before peaks)
    competence: str
    locations: dict[str, float]  # verkeerstoren routing weights
    steps: tuple[Step, ...]
    term_months: int
    extension_months: int = 0  # granted at receipt for the whole route
    outcomes: dict[str, float] = field(default_factory=dict)
    complexity: tuple[float, float, float] = (0.3, 0.5, 0.2)  # laag, midden, hoog
    target_groups: dict[str, float] = field(default_factory=dict)


_ASYLUM_GROUPS = {
    "Syrië": 0.3,
    "Afghanistan": 0.18,
    "Turkije": 0.14,
    "Eritrea": 0.1,
    "Jemen": 0.08,
    "overig": 0.1,
    "AMV": 0.05,  # alleenstaande minderjarige vreemdeling
    "LHBTI": 0.025,
    "bekeerlingen": 0.025,
}
COMPLEX_TARGET_GROUPS = frozenset({"AMV", "LHBTI", "bekeerlingen"})
URGENT_TARGET_GROUPS = frozenset({"AMV"})
URGENT_SHARE = 0.03
NO_REWORK = 0.0

ROUTES: tuple[Route, ...] = (
    Route(
        "asiel",
        "AA",
        0.20,
        "AA-beslissen",
        {"TA": 0.2, "ZV": 0.3, "DB": 0.25, "ZW": 0.25},
        (
            Step("aanmeldgehoor", (1, 4), rework_probability=NO_REWORK),
            Step("eerste gehoor", (4, 8)),
            Step("nader gehoor", (1, 4)),
            Step("voornemen", (1, 4)),
            Step("zienswijze verwerken", (5, 10)),
            Step("beschikking", (0, 2), rework_probability=NO_REWORK),
        ),
        term_months=6,
        outcomes={"inwilliging": 0.58, "afwijzing": 0.38, "buiten behandeling": 0.04},
        target_groups=_ASYLUM_GROUPS,
    ),
    Route(
        "asiel",
        "VA",
        0.06,
        "VA-beslissen",
        {"ZV": 0.4, "DB": 0.6},
        (
            Step("aanmeldgehoor", (1, 4), rework_probability=NO_REWORK),
            Step("eerste gehoor", (4, 8)),
            Step("nader gehoor", (1, 4)),
            Step("aanvullend onderzoek", (10, 40)),
            Step("voornemen", (1, 4)),
            Step("zienswijze verwerken", (5, 10)),
            Step("beschikking", (0, 2), rework_probability=NO_REWORK),
        ),
        term_months=6,
        extension_months=9,
        outcomes={"inwilliging": 0.5, "afwijzing": 0.46, "buiten behandeling": 0.04},
        complexity=(0.15, 0.45, 0.4),
        target_groups=_ASYLUM_GROUPS,
    ),
    Route(
        "asiel",
        "Dublin",
        0.09,
        "Dublin",
        {"TA": 1.0},
        (
            Step("aanmeldgehoor", (1, 4), rework_probability=NO_REWORK),
            Step("dublinclaim", (1, 4)),
            Step("beschikking", (20, 40), rework_probability=NO_REWORK),  # waits for the claim
        ),
        term_months=6,
        outcomes={"overdracht": 0.8, "inwilliging": 0.1, "buiten behandeling": 0.1},
        complexity=(0.7, 0.25, 0.05),
        target_groups=_ASYLUM_GROUPS,
    ),
    Route(
        "asiel",
        "veilig land",
        0.04,
        "AA-beslissen",
        {"TA": 1.0},
        (
            Step("aanmeldgehoor", (1, 4), rework_probability=NO_REWORK),
            Step("nader gehoor", (1, 4)),
            Step("voornemen", (1, 3)),
            Step("zienswijze verwerken", (3, 6)),
            Step("beschikking", (0, 2), rework_probability=NO_REWORK),
        ),
        term_months=6,
        outcomes={"afwijzing": 0.92, "inwilliging": 0.05, "buiten behandeling": 0.03},
        complexity=(0.6, 0.35, 0.05),
        target_groups={"Marokko": 0.35, "Algerije": 0.25, "Georgië": 0.2, "Moldavië": 0.2},
    ),
    Route(
        "nareis",
        "nareis",
        0.15,
        "nareis",
        {"DB": 0.5, "ZW": 0.5},
        (
            Step("beoordeling", (2, 10)),
            Step(
                "beschikking",
                (0, 3),
                suspension_probability=0.35,
                suspension_days=(20, 60),  # DNA research, documents from abroad
                rework_probability=NO_REWORK,
            ),
        ),
        term_months=6,  # nareis is an asylum application: six months (IND news, 19-04-2022)
        outcomes={"inwilliging": 0.72, "afwijzing": 0.24, "buiten behandeling": 0.04},
        target_groups={"Syrië": 0.45, "Eritrea": 0.3, "Jemen": 0.1, "overig": 0.15},
    ),
    Route(
        "regulier",
        "kennismigrant",
        0.13,
        "regulier",
        {"RW": 0.6, "AM": 0.25, "ZW": 0.15},
        (
            Step("beoordeling", (0, 5)),
            Step(
                "beschikking",
                (0, 2),
                suspension_probability=0.12,
                rework_probability=NO_REWORK,
            ),
        ),
        term_months=3,
        outcomes={"inwilliging": 0.93, "afwijzing": 0.05, "buiten behandeling": 0.02},
        complexity=(0.6, 0.35, 0.05),
    ),
    Route(
        "regulier",
        "gezinsmigratie",
        0.15,
        "regulier",
        {"RW": 0.5, "AM": 0.3, "ZW": 0.2},
        (
            Step("beoordeling", (0, 8)),
            Step(
                "beschikking",
                (0, 3),
                suspension_probability=0.3,
                rework_probability=NO_REWORK,
            ),
        ),
        term_months=3,
        outcomes={"inwilliging": 0.78, "afwijzing": 0.17, "buiten behandeling": 0.05},
        complexity=(0.3, 0.5, 0.2),
    ),
    Route(
        "regulier",
        "studie",
        0.06,
        "regulier",
        {"RW": 0.4, "AM": 0.6},
        (
            Step("beoordeling", (0, 5)),
            Step("beschikking", (0, 2), rework_probability=NO_REWORK),
        ),
        term_months=3,
        outcomes={"inwilliging": 0.95, "afwijzing": 0.05},
        complexity=(0.7, 0.3, 0.0),
    ),
    Route(
        "naturalisatie",
        "naturalisatie",
        0.12,
        "naturalisatie",
        {"RW": 0.55, "AM": 0.45},
        (
            Step("beoordeling", (5, 30)),  # the municipality's file arrives first
            Step(
                "beschikking",
                (5, 20),
                suspension_probability=0.15,
                rework_probability=NO_REWORK,
            ),
        ),
        term_months=12,
        outcomes={"inwilliging": 0.93, "afwijzing": 0.07},
        complexity=(0.5, 0.4, 0.1),
    ),
)
COMPLEXITY_LEVELS = ("laag", "midden", "hoog")
COMPLEXITY_EFFORT = {"laag": 0.8, "midden": 1.0, "hoog": 1.35}
EFFORT_SIGMA = 0.3  # lognormal scatter of effort around the norm (median 1)
REWORK_EFFORT_SHARE = 0.45  # a redo takes about this share of the product's norm
REWORK_WAIT_DAYS = (2, 8)  # kwaliteitstoets before the redo
REOPEN_PROBABILITY = 0.01  # beroep gegrond: the case comes back
REOPEN_WAIT_DAYS = (40, 120)
NOTICE_OF_DEFAULT_PROBABILITY = {
    "asiel": 0.1,
    "nareis": 0.3,
    "regulier": 0.45,
    "naturalisatie": 0.3,
}
NOTICE_OF_DEFAULT_DAYS = (1, 45)  # calendar days after the term lapsed

# --- norms: minutes per product (activity, case type) -------------------------------------------
NORMS_VALID_FROM = date(2024, 1, 1)
NORM_MINUTES: dict[tuple[str, str], float] = {
    ("aanmeldgehoor", "asiel"): 120,
    ("eerste gehoor", "asiel"): 150,
    ("nader gehoor", "asiel"): 300,
    ("aanvullend onderzoek", "asiel"): 240,
    ("voornemen", "asiel"): 240,
    ("zienswijze verwerken", "asiel"): 120,
    ("dublinclaim", "asiel"): 90,
    ("beschikking", "asiel"): 180,
    ("beoordeling", "nareis"): 180,
    ("beschikking", "nareis"): 60,
    ("beoordeling", "regulier"): 90,
    ("beschikking", "regulier"): 60,
    ("beoordeling", "naturalisatie"): 90,
    ("beschikking", "naturalisatie"): 30,
}


@dataclass(frozen=True)
class NormChange:
    """A norm revised mid-period: the old interval closes, a new one opens."""

    activity: str
    case_type: str
    changed_on: date
    new_minutes: float
    reason: str


NORM_CHANGES: tuple[NormChange, ...] = (
    NormChange(
        "beschikking",
        "regulier",
        date(2025, 7, 1),
        45,
        "nieuwe besluitsjablonen: de beschikking regulier kost sindsdien minder tijd",
    ),
)

# --- inflow ---------------------------------------------------------------------------------------
WEEKDAY_WEIGHTS = (1.3, 1.1, 1.0, 1.0, 0.8)  # Monday .. Friday; nothing is received at weekends
MONTH_WEIGHTS = {  # yearly pattern, per case type (month 1..12)
    "asiel": (0.8, 0.75, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.25, 1.15, 0.95),
    "nareis": (0.95, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.05, 1.0),
    "regulier": (0.95, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.25, 1.3, 1.0, 0.85, 0.7),
    "naturalisatie": (1.0, 1.0, 1.05, 1.05, 1.0, 0.95, 0.9, 0.85, 1.05, 1.1, 1.05, 0.9),
}


@dataclass(frozen=True)
class Peak:
    """A sudden surge of inflow, like the 2022 one (Oekraïne, Afghanistan)."""

    case_type: str
    start: date
    end: date  # exclusive
    factor: float
    extension_months: int = 0  # the term of cases received in the peak is extended (WBV-style)


PEAKS: tuple[Peak, ...] = (
    Peak("asiel", date(2025, 6, 1), date(2025, 12, 1), 1.9, extension_months=9),
    Peak("nareis", date(2025, 10, 1), date(2026, 5, 1), 1.5),
)
OPENING_STOCK_MONTHS_OF_INFLOW = 2.5


@dataclass(frozen=True)
class Hiring:
    """An academy cohort joins the asylum and nareis teams of every location but the lagging one."""

    starts_on: date
    share_of_asylum_staff: float


HIRING: tuple[Hiring, ...] = (
    Hiring(date(2025, 9, 1), 0.3),
    Hiring(date(2026, 1, 5), 0.25),
)
HIRED_COMPETENCES = frozenset({"AA-beslissen", "VA-beslissen", "Dublin", "nareis"})


# --- planted situations ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Planted:
    """The four situations the demo story tells; tests find them here, not by guessing."""

    # (1) unfair spread: two employees of this team are filled to this multiple of a normal stock
    unfair_team: str = "ZW-AA1"
    unfair_employees: int = 2
    unfair_stock_multiple: float = 3.5
    # (2) this location gets no academy cohort and loses staff after the peak
    lagging_location: str = "ZV"
    lagging_leavers_share: float = 0.4
    lagging_leavers_from: date = date(2025, 12, 1)
    lagging_leavers_to: date = date(2026, 4, 13)
    # (3) a group of asylum cases held for country policy, whose term lapses just after END_DATE
    term_batch_location: str = "DB"
    term_batch_target_group: str = "Jemen"
    term_batch_size: int = 60
    term_batch_received_from: date = date(2026, 5, 4)
    term_batch_received_to: date = date(2026, 5, 26)
    term_batch_hold_reason: str = "landenbeleid Jemen in herziening"
    # (4) the norm of this product is too tight: realised effort is about this multiple of it
    tight_norm_activity: str = "voornemen"
    tight_norm_case_type: str = "asiel"
    tight_norm_effort_multiple: float = 1.4


PLANTED = Planted()


# --- scales ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """How much to generate: `shards` independent copies of the organisation (each a 'unit'
    with its own teams and employees in the same locations), each with this inflow."""

    name: str
    cases_per_year: int
    locations: tuple[str, ...]
    shards: int = 1
    units_per_file: int = 1  # units simulated by one worker and written as one file per month


_ALL = tuple(location.code for location in LOCATIONS)
SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 260, ("DB", "ZW")),
    "demo": Scale("demo", 8_000, _ALL),
    "medium": Scale("medium", 8_000, _ALL, shards=10, units_per_file=5),
    "large": Scale("large", 8_000, _ALL, shards=165, units_per_file=11),
}
