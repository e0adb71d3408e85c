"""The API's access matrix, by key: every endpoint x method x kind of key gives the expected status
(SECURITY.md promise 1, for the API). A key of the provider delivering the placement and of the school that
commissioned it reach it; any other organisation's key finds nothing (404, or "no placement with you" and
nothing written); a school's key sends nothing (403); an expired, revoked or missing key gets 401; a wrong
method 405. tests/access/rows_api.py gives every session's answer (401)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from api import keys
from attendance.models import Mark
from progress.models import ProgressEntry
from tests.api.keys import KeyClient, make_key
from tests.attendance.world import WEDNESDAY, placed
from tests.placements.factories import ObjectiveFactory

KINDS = (
    "provider",
    "other_provider",
    "school",
    "sibling_school",
    "other_school",
    "expired",
    "revoked",
    "none",
)
OK, BAD, UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 400, 401, 403, 404, 405
NO_KEY = {"expired": UNAUTHORISED, "revoked": UNAUTHORISED, "none": UNAUTHORISED}


def expect(status: int, **overrides) -> dict:
    """`status` for every key that works, with `overrides` by kind; 401 for the ones that do not."""
    return {kind: overrides.get(kind, status) for kind in KINDS if kind not in NO_KEY} | NO_KEY


def a_mark(world):
    mark = {
        "placement": world.placement.pk,
        "date": WEDNESDAY.isoformat(),
        "session": "am",
        "mark": "present",
    }
    return {"marks": [mark]}


def a_value(world):
    return {"entries": [{"objective": world.objective.pk, "value": "80", "on": WEDNESDAY.isoformat()}]}


ELSEWHERE = {"other_provider": NOT_FOUND, "sibling_school": NOT_FOUND, "other_school": NOT_FOUND}
SCHOOLS_SEND_NOTHING = {
    "other_provider": BAD,  # "there is no placement ... with you": nothing written
    "school": FORBIDDEN,
    "sibling_school": FORBIDDEN,
    "other_school": FORBIDDEN,
}
ROWS = [
    ("GET", "api:placements", None, None, expect(OK)),
    ("GET", "api:placement", "placement", None, expect(OK, **ELSEWHERE)),
    ("GET", "api:attendance", None, None, expect(OK)),
    ("POST", "api:attendance", None, a_mark, expect(OK, **SCHOOLS_SEND_NOTHING)),
    ("POST", "api:progress", None, a_value, expect(OK, **SCHOOLS_SEND_NOTHING)),
    ("PUT", "api:placements", None, None, expect(NOT_ALLOWED)),
    ("DELETE", "api:placement", "placement", None, expect(NOT_ALLOWED)),
    ("DELETE", "api:attendance", None, None, expect(NOT_ALLOWED)),
    ("PUT", "api:progress", None, None, expect(NOT_ALLOWED)),
]


@pytest.fixture
def keyed(world):
    world.placement = placed(world)
    world.objective = ObjectiveFactory(placement=world.placement, baseline_on=datetime.date(2026, 1, 5))
    made = {
        "provider": make_key(world.provider),
        "other_provider": make_key(world.other_provider),
        "school": make_key(world.school),
        "sibling_school": make_key(world.sibling_school),
        "other_school": make_key(world.other_school),
        "expired": make_key(world.provider, name="Old"),
        "revoked": make_key(world.provider, name="Revoked"),
    }
    with unscoped("test"):
        made["expired"][0].__class__.objects.filter(pk=made["expired"][0].pk).update(
            expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )
    manager = world.members["provider_manager"]
    with acting_as(manager):
        keys.revoke_key(made["revoked"][0], by=manager)
    return {kind: key for kind, (_api_key, key) in made.items()} | {"none": None}


def written() -> tuple[int, int]:
    with unscoped("test"):
        return Mark.objects.count(), ProgressEntry.objects.count()


# A wrong method is refused before any lookup (405 whoever asks), so it says nothing of what exists.
@pytest.mark.parametrize(
    ("method", "name", "pk", "body", "expected"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS]
)
def test_every_key_gets_what_the_matrix_says(world, keyed, method, name, pk, body, expected):
    url = reverse(name, kwargs={"pk": getattr(world, pk).pk} if pk else {})
    failures = []
    for kind in KINDS:
        before = written()
        client = KeyClient(keyed[kind])
        data = body(world) if body else None
        response = (
            client.post_json(url, data)
            if method == "POST"
            else client.generic(method, url, content_type="application/json")
        )
        if response.status_code != expected[kind]:
            failures.append(f"{kind}: {method} {url} expected {expected[kind]}, got {response.status_code}")
        if response.status_code != OK and written() != before:
            failures.append(f"{kind}: a refused {method} {url} wrote something")
        if response.status_code == OK and method == "POST":
            with unscoped("test"):  # sent again unchanged next time round: start each kind afresh
                Mark.objects.all().delete()
                ProgressEntry.objects.all().delete()
    assert not failures, "\n".join(failures)
