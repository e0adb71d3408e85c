"""API keys for the tests, made as an administrator makes them, and a client that sends one."""

import datetime
import json

from django.test import Client
from django.utils import timezone

from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as
from api import keys
from tests import factories

ADMINS = {"school": Role.SCHOOL_LEADER, "provider": Role.PROVIDER_MANAGER}
DEFAULT_ROLE = {"school": Role.SCHOOL_STAFF, "provider": Role.PROVIDER_STAFF}


def make_key(organisation, role=None, *, name="MIS sync", expires_on=None, admin=None):
    """(the ApiKey, the key itself) for `organisation`, made by an administrator of it."""
    admin = admin or factories.member(organisation, ADMINS[organisation.kind])
    with acting_as(admin):
        return keys.create_key(
            by=admin,
            name=name,
            role=role or DEFAULT_ROLE[organisation.kind],
            expires_on=expires_on or timezone.localdate() + datetime.timedelta(days=30),
        )


class KeyClient(Client):
    """A client that sends `Authorization: Api-Key <key>` and JSON bodies, and keeps no session."""

    def __init__(self, key: str | None, **kwargs):
        headers = {"Authorization": f"Api-Key {key}"} if key else {}
        super().__init__(headers=headers, **kwargs)

    def post_json(self, path, data, **kwargs):
        return self.post(path, json.dumps(data, default=str), content_type="application/json", **kwargs)
