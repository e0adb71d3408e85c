"""Inviting the way an administrator does, and reading the link back out of the email."""

import re

from apcommission.accounts import services
from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped

BASE_URL = "http://testserver"
NEW_PASSWORD = "river-lantern-orchard-42"
LINK = re.compile(r"http://testserver(/invitations/[^/\s]+/)")


def invite(by, email="new.person@example.org", role=Role.SCHOOL_STAFF, *, capture):
    """Invite through the service, as the invite page does, and run the email sending on commit."""
    with acting_as(by), capture(execute=True):
        return services.invite_member(email=email, role=role, by=by, base_url=BASE_URL)


def link_path(message) -> str:
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def memberships_of(user):
    with unscoped("test"):
        return list(Membership.objects.active().filter(user=user).select_related("organisation"))
