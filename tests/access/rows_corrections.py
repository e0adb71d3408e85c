"""Access-matrix rows for what the provider says back and for correcting records: a provider replying to
an action a visit left it (its own people only; an LA's own to-dos are not even found), adding an action
to a visit afterwards (the visiting organisation's officers or AP leads), and marking an evidence check or
a QA visit as entered in error (the checking LA's officers; for a school's own visit, its AP leads and
leaders)."""

import datetime

from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.access.rows_evidence import checks
from tests.access.rows_quality import DEMOSHIRE_SCHOOLS_MAY_NOT, PROVIDER_MAY_NOT, SCHOOL, visit_by
from tests.dates import date_input
from tests.providers.factories import QAActionFactory


def las_own_action(world):
    """A visit by Demoshire with an action Demoshire keeps for itself (not the provider's to do)."""
    visit_by("la")(world)
    world.action = QAActionFactory(visit=world.visit, owned_by_provider=False)


def _marked(record, world) -> None:
    record.entered_in_error_at = timezone.now()
    record.entered_in_error_by = world.members["la_officer"].user
    record.entered_in_error_reason = "Recorded against the wrong provider."
    with unscoped("matrix data"):
        record.save(update_fields=["entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"])


def marked_visit(world):
    """Demoshire's visit, already marked as entered in error."""
    visit_by("la")(world)
    _marked(world.visit, world)


def marked_check(world):
    """Demoshire's check, already marked as entered in error."""
    checks(world)
    _marked(world.evidence, world)


def a_reply(world, role) -> dict:
    return {"note": "The fire risk assessment was updated on Monday; a copy is with the manager."}


def a_reason(world, role) -> dict:
    return {"reason": "Recorded against the wrong provider."}


def an_action(world, role) -> dict:
    return {
        "description": "Send the updated attendance policy.",
        "owner": "Provider manager",
        "owned_by": "provider",
        **date_input("due_on", timezone.localdate() + datetime.timedelta(days=14)),
        "area": "",
    }


action = pk("action")
visit = pk("visit")
# Demoshire's viewer, its schools and the trust of one of them (in summary: they place pupils there) meet
# Demoshire's visits and the actions they leave the provider, but change neither. Others do not find them.
MEET_DEMOSHIRES_VISIT = {"members": NOT_FOUND, "la_viewer": FORBIDDEN, **DEMOSHIRE_SCHOOLS_MAY_NOT}
PROVIDER_REPLIES = {"provider_manager": OK, "provider_staff": OK}
PROVIDER_SENDS = {"provider_manager": to("visit_detail"), "provider_staff": to("visit_detail")}

ROWS = [
    # A provider replies to the actions it must do; everyone else who meets the action may not.
    page(
        "action_reply",
        note="an action Demoshire's visit left the provider",
        setup=visit_by("la"),
        kwargs=action,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_REPLIES,
    ),
    page(
        "action_reply",
        "POST",
        note="replying to it",
        setup=visit_by("la"),
        kwargs=action,
        data=a_reply,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_SENDS,
    ),
    page(
        "action_reply",
        "POST",
        note="replying to an action of the school's own visit",
        setup=visit_by("school"),
        kwargs=action,
        data=a_reply,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        **SCHOOL,
        trust_leader=FORBIDDEN,
        **PROVIDER_SENDS,
    ),
    page(
        "action_reply",
        "POST",
        note="an action the LA keeps for itself is not the provider's to see",
        setup=las_own_action,
        kwargs=action,
        data=a_reply,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
    ),
    page(
        "action_reply",
        note="a closed action is replied to by nobody",
        setup=visit_by("la", closed=True),
        kwargs=action,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_reply",
        "POST",
        note="a closed action takes no more replies",
        setup=visit_by("la", closed=True),
        kwargs=action,
        data=a_reply,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("action_reply", "PUT", setup=visit_by("la"), kwargs=action),
    # Adding an action to a visit afterwards: the visiting organisation's officers or AP leads.
    page(
        "action_create",
        note="Demoshire's visit",
        setup=visit_by("la"),
        kwargs=visit,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=OK,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_create",
        "POST",
        note="adding one to Demoshire's visit",
        setup=visit_by("la"),
        kwargs=visit,
        data=an_action,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=to("visit_detail"),
        **PROVIDER_MAY_NOT,
    ),
    page(
        "action_create",
        "POST",
        note="adding one to the school's own visit",
        setup=visit_by("school"),
        kwargs=visit,
        data=an_action,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        ap_lead=to("visit_detail"),
        dsl=FORBIDDEN,
        school_leader=FORBIDDEN,
        school_staff=FORBIDDEN,
        trust_leader=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("action_create", "PUT", setup=visit_by("la"), kwargs=visit),
    # Marking a visit entered in error: the visiting LA's officers; a school's own: its AP lead or leader.
    page(
        "visit_error",
        note="Demoshire's visit",
        setup=visit_by("la"),
        kwargs=visit,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=OK,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "visit_error",
        "POST",
        note="marking Demoshire's visit",
        setup=visit_by("la"),
        kwargs=visit,
        data=a_reason,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=to("visit_detail"),
        **PROVIDER_MAY_NOT,
    ),
    page(
        "visit_error",
        "POST",
        note="marking the school's own visit",
        setup=visit_by("school"),
        kwargs=visit,
        data=a_reason,
        members=NOT_FOUND,
        la_officer=FORBIDDEN,
        la_viewer=FORBIDDEN,
        ap_lead=to("visit_detail"),
        school_leader=to("visit_detail"),
        dsl=FORBIDDEN,
        school_staff=FORBIDDEN,
        trust_leader=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    # A visit already marked is marked by nobody again: the rules say so, so the page refuses.
    page(
        "visit_error",
        note="Demoshire's visit, already marked",
        setup=marked_visit,
        kwargs=visit,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    page(
        "visit_error",
        "POST",
        note="marking Demoshire's visit again",
        setup=marked_visit,
        kwargs=visit,
        data=a_reason,
        **MEET_DEMOSHIRES_VISIT,
        la_officer=FORBIDDEN,
        **PROVIDER_MAY_NOT,
    ),
    wrong_method("visit_error", "PUT", setup=visit_by("la"), kwargs=visit),
    # Marking a check entered in error: the officers of the LA it belongs to.
    page(
        "evidence_error",
        note="Demoshire's check",
        setup=checks,
        kwargs=pk("evidence"),
        members=FORBIDDEN,
        la_officer=OK,
        other_la_officer=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_error",
        "POST",
        note="marking Demoshire's check",
        setup=checks,
        kwargs=pk("evidence"),
        data=a_reason,
        members=FORBIDDEN,
        la_officer=to("evidence_list"),
        other_la_officer=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_error",
        note="Demoshire's check, already marked",
        setup=marked_check,
        kwargs=pk("evidence"),
        members=FORBIDDEN,
        other_la_officer=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "evidence_error",
        "POST",
        note="marking Demoshire's check again",
        setup=marked_check,
        kwargs=pk("evidence"),
        data=a_reason,
        members=FORBIDDEN,
        other_la_officer=NOT_FOUND,
        other_provider_manager=NOT_FOUND,
    ),
    wrong_method("evidence_error", "PUT", setup=checks, kwargs=pk("evidence")),
]
