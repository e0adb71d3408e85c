"""Access-matrix rows for QA visits: recording one (LA officers and school AP leads, for any provider),
reading one in full (the visiting organisation, the LA of a visiting school, a visiting school's trust; a
school of the same LA, or a trust with a school there, sees the LA's visit exists but reads only its
summary: 403), following up its actions (the visiting organisation's officers or AP leads), and the QA
areas an LA adds (its officers)."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from providers.models import QAArea
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.providers.factories import QAActionFactory, QAAreaFactory, QAVisitFactory


def visit_by(organisation: str, *, closed=False):
    """A visit to Demoshire's provider made by `organisation` (an attribute of the world), with one
    action: `world.visit` and `world.action`."""

    def setup(world):
        world.visit = QAVisitFactory(
            provider=world.provider, visiting_organisation=getattr(world, organisation)
        )
        world.action = QAActionFactory(visit=world.visit, closed_at=timezone.now() if closed else None)

    return setup


def demoshire_area(world):
    world.area = QAAreaFactory(local_authority=world.la, name="Transport")


def new_visit(world, role) -> dict:
    """A complete visit against the standard framework (the world's LAs add no areas of their own)."""
    with unscoped("matrix data"):
        areas = list(QAArea.objects.filter(local_authority=None))
    data = {
        **date_input("visited_on", (timezone.localdate() - datetime.timedelta(days=2)).isoformat()),
        "kind": "announced",
        "summary": "Calm, purposeful sessions.",
        "action_1_description": "Update the fire risk assessment",
        "action_1_owner": "Provider manager",
        **date_input("action_1_due_on", (timezone.localdate() + datetime.timedelta(days=28)).isoformat()),
    }
    for area in areas:
        data[f"area_{area.pk}_judgement"] = "meets"
        data[f"area_{area.pk}_findings"] = "Seen and checked."
    return data


def follow_up(world, role) -> dict:
    return {"note": "Seen on a return visit.", "close": "on"}


def new_area(world, role) -> dict:
    return {"name": "Transport to and from the provider", "description": "Escorts, taxis, timings."}


def retire_area(world, role) -> dict:
    return {"retire": world.area.pk}


visit = pk("visit")
action = pk("action")
SCHOOL_ROLES = ("ap_lead", "dsl", "school_leader", "school_staff")
SCHOOL = dict.fromkeys(SCHOOL_ROLES, FORBIDDEN)
# The provider reads the visits about it (its own share: the scoping path keeps the rest).
PROVIDER_READS = {"provider_manager": OK, "provider_staff": OK}
# It meets the actions a visit left it, and Demoshire's schools (and the trust of one of them) meet those
# of Demoshire's visits, but none follows them up: the visitor does.
PROVIDER_MAY_NOT = {"provider_manager": FORBIDDEN, "provider_staff": FORBIDDEN}
DEMOSHIRE_SCHOOLS_MAY_NOT = {**SCHOOL, "other_school_leader": FORBIDDEN, "trust_leader": FORBIDDEN}
# The school's own action: its AP lead follows it up; its other people see it but may not.
AP_LEAD_FOLLOWS_UP = {**SCHOOL, "ap_lead": OK}
AP_LEAD_CLOSES = {**SCHOOL, "ap_lead": to("visit_detail")}

ROWS = [
    # Recording a visit: LA officers and AP leads, to any provider they can see (every provider).
    page(
        "visit_create",
        kwargs=pk("provider"),
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=OK,
        ap_lead=OK,
    ),
    page(
        "visit_create",
        note="a school is not a provider",
        kwargs=pk("sibling_school"),
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
        ap_lead=NOT_FOUND,
    ),
    page(
        "visit_create",
        "POST",
        note="a complete visit",
        kwargs=pk("provider"),
        data=new_visit,
        members=FORBIDDEN,
        la_officer=to("visit_detail"),
        other_la_officer=to("visit_detail"),
        ap_lead=to("visit_detail"),
    ),
    wrong_method("visit_create", "PUT", kwargs=pk("provider")),
    # Reading a visit in full.
    page(
        "visit_detail",
        note="the LA's visit: its schools and their trust read only the summary",
        setup=visit_by("la"),
        kwargs=visit,
        members=NOT_FOUND,
        la_officer=OK,
        la_viewer=OK,
        **SCHOOL,
        other_school_leader=FORBIDDEN,
        trust_leader=FORBIDDEN,
        **PROVIDER_READS,
    ),
    page(
        "visit_detail",
        note="the school's own visit",
        setup=visit_by("school"),
        kwargs=visit,
        members=NOT_FOUND,
        la_officer=OK,
        la_viewer=OK,
        **dict.fromkeys(SCHOOL_ROLES, OK),
        trust_leader=OK,
        **PROVIDER_READS,
    ),
    page(
        "visit_detail",
        note="another school's visit",
        setup=visit_by("sibling_school"),
        kwargs=visit,
        members=NOT_FOUND,
        la_officer=OK,
        la_viewer=OK,
        other_school_leader=OK,
        **PROVIDER_READS,
    ),
    page(
        "visit_detail",
        note="another LA's visit",
        setup=visit_by("other_la"),
        kwargs=visit,
        members=NOT_FOUND,
        other_la_officer=OK,
        **PROVIDER_READS,
    ),
    wrong_method("visit_detail", "POST", setup=visit_by("la"), kwargs=visit),
    # Following up actions: the visiting organisation's officers or AP leads.
    page(
        "action_update",
        note="an action of the LA's visit",
        setup=visit_by("la"),
        kwargs=action,
        members=NOT_FOUND,
        la_officer=OK,
        la_viewer=FORBIDDEN,
        **DEMOSHIRE_SCHOOLS_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_update",
        "POST",
        note="closing an action of the LA's visit",
        setup=visit_by("la"),
        kwargs=action,
        data=follow_up,
        members=NOT_FOUND,
        la_officer=to("visit_detail"),
        la_viewer=FORBIDDEN,
        **DEMOSHIRE_SCHOOLS_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_update",
        note="an action of the school's own visit",
        setup=visit_by("school"),
        kwargs=action,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        **AP_LEAD_FOLLOWS_UP,
        trust_leader=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_update",
        "POST",
        note="closing an action of the school's own visit",
        setup=visit_by("school"),
        kwargs=action,
        data=follow_up,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        **AP_LEAD_CLOSES,
        trust_leader=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_update",
        "POST",
        note="an action of another school's visit",
        setup=visit_by("sibling_school"),
        kwargs=action,
        data=follow_up,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        other_school_leader=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    # A closed action is followed up by nobody: the rules say so, so its page refuses even the visitor.
    page(
        "action_update",
        note="a closed action",
        setup=visit_by("la", closed=True),
        kwargs=action,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        **DEMOSHIRE_SCHOOLS_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_update",
        "POST",
        note="a closed action takes no more notes",
        setup=visit_by("la", closed=True),
        kwargs=action,
        data=follow_up,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        **DEMOSHIRE_SCHOOLS_MAY_NOT,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("action_update", "PUT", setup=visit_by("la"), kwargs=action),
    # The QA framework: an LA's officers add and retire its own areas.
    page("qa_areas", members=FORBIDDEN, la_officer=OK, other_la_officer=OK),
    page(
        "qa_areas",
        "POST",
        note="adding an area",
        data=new_area,
        members=FORBIDDEN,
        la_officer=to("qa_areas"),
        other_la_officer=to("qa_areas"),
    ),
    page(
        "qa_areas",
        "POST",
        note="retiring Demoshire's own area",
        setup=demoshire_area,
        data=retire_area,
        members=FORBIDDEN,
        la_officer=to("qa_areas"),
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("qa_areas", "PUT"),
]
