"""The fictional demo world. Later stages extend it; keep these identifiers stable.

Demoshire (LA 999) is where most things happen: Demoshire Academy (URN 999001) is a secondary school
that will have several pupils in AP. Northvale (LA 998) is a second area, so that leaks across areas
would show.
"""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role, SettingType

DEMO_PASSWORD = "demo-password-2026"

# key: (kind, name, identifiers and links by key)
ORGANISATIONS = {
    "demoshire": (Kind.LOCAL_AUTHORITY, "Demoshire Council", {"la_code": "999"}),
    "northvale": (Kind.LOCAL_AUTHORITY, "Northvale Council", {"la_code": "998"}),
    "trust": (Kind.TRUST, "Demoshire Learning Trust", {}),
    "academy": (
        Kind.SCHOOL,
        "Demoshire Academy",
        {"urn": "999001", "laestab": "9994001", "local_authority": "demoshire", "trust": "trust"},
    ),
    "hillside": (
        Kind.SCHOOL,
        "Hillside Primary School",
        {"urn": "999002", "laestab": "9992002", "local_authority": "demoshire"},
    ),
    "riverside": (
        Kind.SCHOOL,
        "Riverside High School",
        {"urn": "999003", "laestab": "9994003", "local_authority": "demoshire", "trust": "trust"},
    ),
    "northvale_school": (
        Kind.SCHOOL,
        "Northvale Secondary School",
        {"urn": "998001", "laestab": "9984001", "local_authority": "northvale"},
    ),
    "pru": (
        Kind.PROVIDER,
        "Demoshire Pupil Referral Unit",
        {"urn": "999501", "local_authority": "demoshire"},
    ),
    "forge": (
        Kind.PROVIDER,
        "Forge Vocational Training",
        {"ukprn": "10099901", "local_authority": "demoshire"},
    ),
    "bridges": (
        Kind.PROVIDER,
        "Bridges Tuition",
        {"setting_type": SettingType.OOT, "local_authority": "demoshire"},
    ),
    "northvale_college": (
        Kind.PROVIDER,
        "Northvale College",
        {"ukprn": "10099801", "local_authority": "northvale"},
    ),
    "horizons": (
        Kind.PROVIDER,
        "Horizons Independent School",
        {"urn": "999502", "local_authority": "demoshire"},
    ),
    "catalyst": (
        Kind.PROVIDER,
        "Catalyst Skills",
        {"ukprn": "10099902", "local_authority": "demoshire"},
    ),
    "greenfield": (
        Kind.PROVIDER,
        "Greenfield Farm Project",
        {"setting_type": SettingType.OTH, "local_authority": "demoshire"},
    ),
    "boxing": (
        Kind.PROVIDER,
        "Second Chance Boxing Academy",
        {"setting_type": SettingType.NFE, "local_authority": "demoshire"},
    ),
    "northvale_hospital": (
        Kind.PROVIDER,
        "Northvale Hospital Education Service",
        {"urn": "998501", "local_authority": "northvale"},
    ),
}

# email: (full name, [(organisation key, role)]); an empty list is the operator.
ACCOUNTS = {
    "la.officer@demoshire.example": ("Lena Officer", [("demoshire", Role.LA_OFFICER)]),
    "la.viewer@demoshire.example": ("Vic Viewer", [("demoshire", Role.LA_VIEWER)]),
    "ap.lead@academy.demoshire.example": (
        "Amira Lead",
        [("academy", Role.AP_LEAD), ("riverside", Role.AP_LEAD)],
    ),
    "dsl@academy.demoshire.example": ("Dev Safeguarding", [("academy", Role.DSL)]),
    "head@academy.demoshire.example": ("Helen Head", [("academy", Role.SCHOOL_LEADER)]),
    "staff@academy.demoshire.example": ("Sam Staff", [("academy", Role.SCHOOL_STAFF)]),
    "trust.leader@trust.demoshire.example": ("Tariq Trust", [("trust", Role.TRUST_LEADER)]),
    "manager@pru.demoshire.example": ("Maya Manager", [("pru", Role.PROVIDER_MANAGER)]),
    "staff@pru.demoshire.example": ("Pat Provider", [("pru", Role.PROVIDER_STAFF)]),
    # The managers of the other providers with current placements, who record their pupils' progress.
    "manager@forge-training.example": ("Lee Barr", [("forge", Role.PROVIDER_MANAGER)]),
    "manager@greenfield.demoshire.example": ("Tom Field", [("greenfield", Role.PROVIDER_MANAGER)]),
    "manager@bridges.demoshire.example": ("Bea Tutor", [("bridges", Role.PROVIDER_MANAGER)]),
    "la.officer@northvale.example": ("Nia Northvale", [("northvale", Role.LA_OFFICER)]),
    "ap.lead@northvale-school.example": ("Noor Lead", [("northvale_school", Role.AP_LEAD)]),
    "manager@northvale-college.example": ("Priya Das", [("northvale_college", Role.PROVIDER_MANAGER)]),
    "manager@hospital.northvale.example": ("Hana Okafor", [("northvale_hospital", Role.PROVIDER_MANAGER)]),
    "operator@apcommission.example": ("Olu Operator", []),
}

# Who records what each organisation does in the demo: adds providers, checks evidence, keeps the approved
# list, visits, replies. The demo's records are made through the services as these people.
RECORDED_BY = {
    "demoshire": "la.officer@demoshire.example",
    "northvale": "la.officer@northvale.example",
    "academy": "ap.lead@academy.demoshire.example",
    "riverside": "ap.lead@academy.demoshire.example",
    "northvale_school": "ap.lead@northvale-school.example",
    "pru": "manager@pru.demoshire.example",
    "forge": "manager@forge-training.example",
    "greenfield": "manager@greenfield.demoshire.example",
    "bridges": "manager@bridges.demoshire.example",
    "northvale_college": "manager@northvale-college.example",
    "northvale_hospital": "manager@hospital.northvale.example",
}
