"""Access-matrix rows for alerts. Every member has their own alerts, settings and work queue; nobody opens
another person's alert, not even their organisation's administrators (404). The operator, who acts for
no organisation, is refused.

`setup` builds `world.alert`: an open alert of the world's school's AP lead, linking to the
organisation page."""

from django.urls import reverse
from django.utils import timezone

from alerts.kinds import AlertKind
from alerts.models import Alert
from apcommission.tenancy.scoping import unscoped
from tests.access.matrix import NOT_ALLOWED, NOT_FOUND, OK, page, pk, to, wrong_method


def an_alert(world):
    lead = world.members["ap_lead"]
    with unscoped("a test makes an alert as a sweep does"):
        world.alert = Alert.objects.create(
            kind=AlertKind.REVIEW_OVERDUE,
            membership=lead,
            organisation=lead.organisation,
            subject="review:1",
            due_on=timezone.localdate(),
            link=reverse("organisation"),
            words="A review of a placement at Demoshire PRU was due and has not been held.",
            created_at=timezone.now(),
            email_due_at=timezone.now(),
        )


def every_kind_at_once(world, role) -> dict:
    return {"summary": []}


ROWS = [
    page("alerts:list", members=OK),
    page("alerts:list", note="with an alert", setup=an_alert, members=OK),
    wrong_method("alerts:list", "POST"),
    page("alerts:open", setup=an_alert, kwargs=pk("alert"), members=NOT_FOUND, ap_lead=to("organisation")),
    wrong_method("alerts:open", "POST", setup=an_alert, kwargs=pk("alert"), ap_lead=NOT_ALLOWED),
    page("alerts:read_all", "POST", members=to("alerts:list")),
    wrong_method("alerts:read_all", "GET"),
    page("alerts:choices", members=OK),
    page(
        "alerts:choices",
        "POST",
        note="every kind at once",
        data=every_kind_at_once,
        members=to("alerts:choices"),
    ),
    wrong_method("alerts:choices", "PUT"),
]
