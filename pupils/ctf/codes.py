"""The codes a CTF uses (DfE's common basic data set), in words, and what they mean for the pupil record.
A code not listed here is kept as written and shown as such: a newer file may use a code we do not know.
"""

from pupils.ctf.records import SENStatus

# SEN provision, and the status it gives the pupil record. S, A and P are codes from before the 2014
# reforms, still found in the history of older pupils: statements became EHC plans, School Action and
# School Action Plus became SEN support.
SEN_PROVISION: dict[str, tuple[str, SENStatus]] = {
    "N": ("No special educational need", SENStatus.NONE),
    "K": ("SEN support", SENStatus.SEN_SUPPORT),
    "E": ("Education, health and care plan", SENStatus.EHC_PLAN),
    "S": ("Statement of SEN (before EHC plans)", SENStatus.EHC_PLAN),
    "A": ("School Action (before 2014)", SENStatus.SEN_SUPPORT),
    "P": ("School Action Plus (before 2014)", SENStatus.SEN_SUPPORT),
}
OLD_SEN_PROVISION = frozenset({"S", "A", "P"})

SEN_NEED = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
    "BESD": "Behaviour, emotional and social difficulty (before 2014)",
}

RELATIONSHIP = {
    "PAM": "Mother",
    "PAF": "Father",
    "STM": "Step-mother",
    "STF": "Step-father",
    "FOM": "Foster mother",
    "FOF": "Foster father",
    "CAR": "Carer",
    "REL": "Other relative",
    "CHM": "Childminder",
    "SWR": "Social worker",
    "DOC": "Doctor",
    "OTH": "Other contact",
}

TELEPHONE = {"H": "Home", "M": "Mobile", "W": "Work", "F": "Fax"}


def sen_provision(code: str) -> tuple[str, SENStatus | None]:
    label, status = SEN_PROVISION.get(code, (f"Unknown SEN provision code {code}", None))
    return label, status


def sen_need(code: str) -> str:
    return SEN_NEED.get(code, f"Unknown type of need {code}")


def relationship(code: str) -> str:
    if not code:
        return "Relationship not given"
    return RELATIONSHIP.get(code, f"Relationship code {code}")


def telephone(code: str) -> str:
    return TELEPHONE.get(code, "Phone")
