"""Access-matrix rows for the API and its keys.

The API (/api/v1/) answers to an API key and nothing else: to every signed-in browser (a session) and to
the signed-out it says 401, except that someone without MFA is sent to set it up first, as on every page.
What each kind of key gets is its own matrix, tests/api/test_key_matrix.py. The schema and its docs are
public: they describe the API and hold no one's data.

API keys are managed by the administrators of a school or provider (its leader, its manager); an LA's and a
trust's have no API to reach (403); another organisation's key is not found (404).
"""

import datetime

from django.utils import timezone

from tests.access.matrix import FORBIDDEN, MFA, NOT_FOUND, OK, Expect, page, rule, to, wrong_method
from tests.api.keys import make_key

UNAUTHORISED = Expect(401)
NO_SESSION = {"everyone": UNAUTHORISED, "no_mfa": MFA}
KEY_ADMINS = {
    "members": FORBIDDEN,
    "school_leader": OK,
    "other_school_leader": OK,
    "provider_manager": OK,
    "other_provider_manager": OK,
}

# The school's key, as other administrators meet it: not found.
ONLY_THE_SCHOOLS = {
    **KEY_ADMINS,
    "other_school_leader": NOT_FOUND,
    "provider_manager": NOT_FOUND,
    "other_provider_manager": NOT_FOUND,
}


def a_school_key(world):
    world.api_key, _key = make_key(world.school, admin=world.members["school_leader"])


def key_pk(world):
    return {"pk": world.api_key.pk}


def new_key(world, role) -> dict:
    expires = timezone.localdate() + datetime.timedelta(days=30)
    chosen = "provider_staff" if "provider" in role else "school_staff"
    return {
        "name": "Sync",
        "role": chosen,
        "expires_on_0": expires.day,
        "expires_on_1": expires.month,
        "expires_on_2": expires.year,
    }


def a_placement_id(world):
    return {"pk": 1}


ROWS = [
    rule("api:placements", **NO_SESSION),
    rule("api:placement", kwargs=a_placement_id, **NO_SESSION),
    rule("api:attendance", **NO_SESSION),
    rule("api:attendance", "POST", note="a browser's form post", **NO_SESSION),
    rule("api:progress", "POST", note="a browser's form post", **NO_SESSION),
    rule("api:nowhere", kwargs=lambda world: {"rest": "placements/abc/"}, everyone=NOT_FOUND, no_mfa=MFA),
    rule("api:schema", everyone=OK, no_mfa=MFA),
    rule("api:docs", everyone=OK, no_mfa=MFA),
    wrong_method("api:docs", "POST"),
    page("api_keys:list", **KEY_ADMINS),
    page("api_keys:list", note="with a key", setup=a_school_key, **KEY_ADMINS),
    wrong_method("api_keys:list", "POST"),
    page("api_keys:new", **KEY_ADMINS),
    page("api_keys:new", "POST", note="a key that lasts 30 days", data=new_key, **KEY_ADMINS),
    wrong_method("api_keys:new", "PUT"),
    page(
        "api_keys:revoke",
        note="the school's key",
        setup=a_school_key,
        kwargs=key_pk,
        **ONLY_THE_SCHOOLS,
    ),
    page(
        "api_keys:revoke",
        "POST",
        note="the school's key",
        setup=a_school_key,
        kwargs=key_pk,
        data=lambda world, role: {"submit": "Revoke the key"},
        **{**ONLY_THE_SCHOOLS, "school_leader": to("api_keys:list")},
    ),
    wrong_method("api_keys:revoke", "DELETE", setup=a_school_key, kwargs=key_pk),
]
