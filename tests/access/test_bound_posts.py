"""Forms bound to their organisation, walked over every post of the access matrix.

Each person of the world also belongs to a second organisation. A post made in a tab drawn for that other
membership, or carrying no membership at all, is refused with 409 before the view runs, and no table
changes (row counts of every table, history events included, so an update shows as well as an insert).
The same post bound to the acting membership gets what the matrix says. Posts that need no binding are
listed below with the reason, so a new page that forgets the decorator fails here.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLResolver, get_resolver

from apcommission.tenancy.binding import bound_url
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests import factories
from tests.access.asking import answer, client_for, rolled_back, row_url
from tests.access.matrix import MEMBERS, NOT_ALLOWED, Expect
from tests.access.rows import ROWS
from tests.access.unbound import UNBOUND

REFUSED = Expect(409)

# Posts whose success may show in no table's row count, with why: for them the walk checks the refusals
# (409, nothing written) and the answer, not that the bound post wrote.
WRITES_UNSEEN = {
    "alerts:read_all": "marks the person's own alerts read: an update of a table kept without history",
    "alerts:choices": "roles whose every alert is emailed at once have nothing to choose, so save nothing",
}


def views_by_name(resolver=None, namespace="") -> dict:
    """Every named URL pattern's view, through every include."""
    views = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            views.update(views_by_name(pattern, inner))
        elif pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


VIEWS = views_by_name()
# The matrix's posts that reach a view: a page that refuses the method (405) takes no form at all.
POSTS = [
    row for row in ROWS if row.method == "POST" and any(row.expected[role] != NOT_ALLOWED for role in MEMBERS)
]
BOUND_POSTS = [row for row in POSTS if getattr(VIEWS[row.name], "binds_posts", False)]


def test_every_post_is_bound_or_says_why_not():
    unbound = {row.name for row in POSTS} - {row.name for row in BOUND_POSTS}
    assert unbound == set(UNBOUND), f"posts taken without a binding, unexplained: {unbound - set(UNBOUND)}"
    assert {"invite_member", "provider_edit", "evidence_create", "approval_status"} <= {
        row.name for row in BOUND_POSTS
    }


def table_rows() -> dict:
    """How many rows every table holds, in one query: the history tables make an update count too."""
    tables = sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})
    sql = " UNION ALL ".join(f"SELECT %s, count(*) FROM {connection.ops.quote_name(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())


def acting_client(sessions, role, row, acting):
    """`role`'s browser, acting for `acting` (its first membership), posting exactly what it is told."""
    client = client_for(sessions, role, fresh=row.fresh, bound=False)
    session = client.session
    session[SESSION_KEY] = acting.pk
    session.save()
    return client


def data_for(row, world, role) -> dict:
    """The row's post, made anew for each request: a file in it is read by the first."""
    return row.data(world, role) if row.data else {}


@pytest.mark.parametrize("row", BOUND_POSTS, ids=[row.id for row in BOUND_POSTS])
def test_a_post_for_another_organisation_is_refused_and_writes_nothing(signed_in_world, db, row):
    world, sessions, _as_built = signed_in_world
    url = row_url(world, row)
    failures = []
    for role in MEMBERS:
        acting = world.members[role]
        with rolled_back():
            elsewhere = factories.MembershipFactory(
                organisation=world.other_school, role=Role.SCHOOL_STAFF, user=acting.user
            )
            client = acting_client(sessions, role, row, acting)
            before = table_rows()
            for what, target in [("another membership", bound_url(url, elsewhere)), ("no membership", url)]:
                got = answer(client.post(target, data_for(row, world, role)))
                if got != REFUSED:
                    failures.append(f"{role}, bound to {what}: expected 409, got {got}")
                if table_rows() != before:
                    failures.append(f"{role}, bound to {what}: the database changed")
            got = answer(client.post(bound_url(url, acting), data_for(row, world, role)))
            if got != row.expected[role]:
                failures.append(
                    f"{role}, bound to the acting membership: expected {row.expected[role]}, got {got}"
                )
            elif got.status == 302 and table_rows() == before and row.name not in WRITES_UNSEEN:
                # A post that succeeds writes: were it not seen, "nothing written" above would prove nothing.
                failures.append(f"{role}, bound to the acting membership: saved, yet no table changed")
    assert not failures, f"{row.id}:\n  " + "\n  ".join(failures)


def test_the_walk_would_see_a_write(db):
    """The measure of "nothing written" sees an update, not only an insert: history rows count."""
    member = factories.member(factories.SchoolFactory(), Role.SCHOOL_STAFF)
    before = table_rows()
    with unscoped("test data"):
        member.role = Role.DSL
        member.save()
    assert table_rows() != before
