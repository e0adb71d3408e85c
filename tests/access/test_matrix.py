"""Runs the access matrix (tests/access/matrix.py) and checks that it names every URL pattern."""

import pytest
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from tests.access.asking import answer, client_for, request, rolled_back, row_counts, row_url
from tests.access.matrix import ROLES, Expect
from tests.access.rows import ROWS


def ask(world, sessions, row, role: str, url: str):
    """One role's request, rolled back afterwards so that no change reaches the next role."""
    with rolled_back():
        client = client_for(sessions, role, fresh=row.fresh)
        data = row.data(world, role) if row.data else None
        return request(client, row.method, url, data)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_role_gets_what_the_matrix_says(signed_in_world, db, row):
    world, sessions, as_built = signed_in_world
    assert row_counts() == as_built, "an earlier row's changes are still in the database"
    url = row_url(world, row)
    before = row_counts()
    failures = []
    for role in ROLES:
        response = ask(world, sessions, row, role, url)
        got, expected = answer(response), row.expected[role]
        if got != expected:
            failures.append(f"{role}: {row.method} {url} expected {expected}, got {got}")
        elif row.shows and got.status == 200 and not row.shows[1](response):
            failures.append(f"{role}: {row.method} {url} answered 200 without {row.shows[0]}")
    if row_counts() != before:  # a savepoint that did not roll back would let one role's change leak
        failures.append(f"the requests changed the database: {before} -> {row_counts()}")
    assert not failures, f"{row.id}:\n  " + "\n  ".join(failures)


def named_patterns(resolver=None, namespace=""):
    """Every named URL pattern, with its namespaces (`admin:index`), through every include."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_the_walk_finds_patterns_in_includes_and_namespaces():
    names = set(named_patterns())
    assert {"home", "provider_edit", "account_login", "mfa_activate_totp", "admin:index"} <= names


def test_every_url_pattern_is_in_the_matrix():
    """The admin's per-model pages are covered by a rule instead of rows:
    `test_every_admin_page_is_for_the_operator` below walks every `admin:` name."""
    in_matrix = {row.name for row in ROWS}
    missing = sorted(name for name in set(named_patterns()) - in_matrix if not name.startswith("admin:"))
    assert not missing, "URL patterns missing from tests/access/matrix.py: " + ", ".join(missing)


def test_every_row_of_the_matrix_names_a_url_pattern():
    unknown = sorted({row.name for row in ROWS} - set(named_patterns()))
    assert not unknown, f"rows for URL names that do not exist: {unknown}"


def test_every_project_page_refuses_a_wrong_method():
    """Each page of our own (not allauth's, not the admin's) has a row with a method it refuses."""
    ours = {
        name for name in named_patterns() if ":" not in name and not name.startswith(("account_", "mfa_"))
    }
    refused = {row.name for row in ROWS if row.expected["la_officer"].status == 405}
    assert not ours - refused, f"no wrong-method row for {sorted(ours - refused)}"


# --- The Django admin, as a rule ------------------------------------------------------------------
# Exceptions to "the operator gets 200": Django's own behaviour, or an admin we made read-only on purpose.
OPERATOR_GETS = {
    "admin:logout": 405,  # since Django 5 the admin signs out by POST only
    "admin:login": 302,  # a signed-in operator is sent on to the admin index
    "admin:autocomplete": 403,  # answers only for a model admin's autocomplete field; none exist
    "admin:audit_accessevent_add": 403,  # access events are written by the service, never by hand
    # Support removes, never grants: no accounts, memberships, invitations or email addresses made here.
    "admin:accounts_user_add": 403,
    "admin:tenancy_membership_add": 403,
    "admin:accounts_invitation_add": 403,
    "admin:account_emailaddress_add": 403,
    # Nor organisations: an organisation's kind, LA and trust decide whose data its staff see.
    "admin:tenancy_organisation_add": 403,
    "admin:admin_logentry_add": 403,  # the admin's own log of changes, written by the admin itself
}
# Members of every kind of organisation, with and without the right to manage members.
NON_OPERATORS = ("la_officer", "la_viewer", "school_leader", "school_staff", "trust_leader", "provider_staff")


def admin_pages_without_arguments() -> list[str]:
    names = []
    for name in sorted(set(named_patterns())):
        if not name.startswith("admin:"):
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            continue  # needs an object id or an app label
        names.append(name)
    return names


def test_the_admin_rule_covers_the_model_pages():
    names = admin_pages_without_arguments()
    assert {"admin:index", "admin:tenancy_organisation_changelist", "admin:tenancy_membership_add"} <= set(
        names
    )


def admin_answer_is_right(role: str, name: str, got: Expect) -> bool:
    if role == "anonymous":  # sent to sign in (the admin's sign-out page sends to the admin index first)
        return got.status == 302 and got.to in {"admin:login", "account_login", "admin:index"}
    if role == "operator":
        return got.status == OPERATOR_GETS.get(name, 200)
    if role == "no_mfa":
        return got == Expect(302, "mfa_activate_totp")
    # A member never gets an admin page: 403, or a redirect to the admin sign-in, which answers them 403.
    return got.status == 403 or (got.status == 302 and got.to in {"admin:login", "admin:index"})


def test_every_admin_page_is_for_the_operator(signed_in_world, db):
    """Every `admin:` URL without arguments, for GET: the rule that covers the admin's per-model pages in
    `test_every_url_pattern_is_in_the_matrix`."""
    _world, sessions, _as_built = signed_in_world
    failures = []
    for name in admin_pages_without_arguments():
        url = reverse(name)
        for role in ("anonymous", *NON_OPERATORS, "operator", "no_mfa"):
            got = answer(client_for(sessions, role, fresh=False).get(url))
            if not admin_answer_is_right(role, name, got):
                failures.append(f"{role}: GET {url} ({name}) got {got}")
    assert not failures, "\n".join(failures)
