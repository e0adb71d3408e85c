"""What a person in one of the world's roles meets of the provider pages: a browser signed in as them, the
text of a provider's page, a row of the directory, the evidence picture the pages show them, and what a
page costs in queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as
from providers import selectors
from tests.bound_client import BoundClient


def signed_in(world, role: str) -> BoundClient:
    """A browser signed in as the world's `role`."""
    client = BoundClient()
    client.force_login(world.user(role))
    return client


def provider_page_text(world, role: str) -> str:
    """The world's provider's page, as `role` reads it."""
    response = signed_in(world, role).get(reverse("provider_detail", args=[world.provider.pk]))
    return response.content.decode()


def directory_row(client, provider):
    """The directory's row for `provider`, as the person signed in to `client` sees it."""
    rows = client.get(reverse("provider_list")).context["page"].object_list
    return next(row for row in rows if row.provider == provider)


def evidence_picture(world, role: str):
    """The world's provider's evidence summary as `role` meets it on the pages."""
    membership = world.members[role]
    with acting_as(membership):
        return selectors.evidence_summaries([world.provider.pk], membership=membership)[world.provider.pk]


def queries_for(client, url) -> int:
    """The queries the page at `url` costs, asked twice: the first request stamps the session's activity
    (every 30 s at most), which is never counted."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
