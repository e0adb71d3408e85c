"""The directory commissioners choose from, a provider's page, and the providers an LA's schools use that
its list does not approve: who sees them, each filter, and a fixed number of queries at any size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.roles import Role
from providers.models import ApprovalStatus, RegistrationStatus
from tests import factories
from tests.contacts.factories import ContactRecordFactory
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceFactory,
    ProviderProfileFactory,
    QAVisitFactory,
    SiteFactory,
    StatusChangeFactory,
    full_evidence,
)
from tests.providers.pages import queries_for


def listed(client, **params) -> str:
    response = client.get(reverse("provider_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def names_listed(response_or_client, **params) -> set[str]:
    response = response_or_client.get(reverse("provider_list"), params)
    return {row.provider.name for row in response.context["page"].object_list}


def provider_with(la, name, **profile):
    provider = factories.ProviderFactory(name=name, local_authority=la)
    ProviderProfileFactory(provider=provider, added_by=la, **profile)
    return provider


# --- Who browses the directory ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["la_officer", "la_viewer", "ap_lead", "school_staff", "trust_leader"])
def test_every_commissioner_browses_every_provider(world, client, role):
    client.force_login(world.user(role))

    assert names_listed(client) == {"Demoshire PRU", "Otherton College"}


@pytest.mark.parametrize("role", ["provider_manager", "provider_staff"])
def test_providers_cannot_browse_the_directory(world, client, role):
    client.force_login(world.user(role))

    assert client.get(reverse("provider_list")).status_code == 403


def test_the_directory_shows_state_tags_and_the_latest_visit(world, client):
    full_evidence(world.provider, world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    QAVisitFactory(
        provider=world.provider, visiting_organisation=world.la, visited_on=datetime.date(2026, 3, 5)
    )
    client.force_login(world.user("ap_lead"))

    page = listed(client)

    assert "Evidence: current" in page
    assert "Approved" in page
    assert "5 March 2026" in page
    assert "Evidence: missing" in page  # Otherton College has none
    assert "Not on your LA's approved list" in page


def test_an_unregistered_provider_carries_a_warning_tag(world, client):
    provider_with(world.la, "Back Room Tuition", registration_status=RegistrationStatus.UNREGISTERED)
    client.force_login(world.user("school_leader"))

    response = client.get(reverse("provider_list"))

    [row] = [r for r in response.context["page"].object_list if r.provider.name == "Back Room Tuition"]
    assert row.profile.is_unregistered
    assert "Unregistered</strong>" in response.content.decode()


def test_a_trust_sees_no_approved_list_column_or_filter(world, client):
    client.force_login(world.user("trust_leader"))

    response = client.get(reverse("provider_list"))

    assert "status" not in response.context["form"].fields
    assert "Not on your LA" not in response.content.decode()


def test_an_empty_search_says_so_and_offers_to_clear_the_filters(world, client):
    client.force_login(world.user("ap_lead"))

    page = listed(client, q="Nothing like this")

    assert "No providers match these filters" in page
    assert "Clear filters" in page


# --- Each filter ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(world):
    """Three Demoshire providers that differ in every filtered way, beside the world's two."""
    semh = provider_with(
        world.la,
        "Harbour SEMH Centre",
        key_stages=["ks3"],
        specialisms=["semh"],
        offers=["full_time"],
        teaches_english=True,
        teaches_maths=False,
        other_subjects="Art\nMusic",
        capacity=40,
        registration_status=RegistrationStatus.REGISTERED,
    )
    tuition = provider_with(
        world.la,
        "Kitchen Table Tuition",
        key_stages=["ks2", "ks3"],
        specialisms=["medical"],
        offers=["online"],
        teaches_english=False,
        teaches_maths=True,
        other_subjects="",
        capacity=3,
        registration_status=RegistrationStatus.UNREGISTERED,
    )
    world.provider_urn = factories.ProviderFactory(
        name="Registered Academy", local_authority=world.la, urn="812345", ukprn=None
    )
    return semh, tuition


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "harbour"}, {"Harbour SEMH Centre"}),
        ({"q": "812345"}, {"Registered Academy"}),
        ({"q": "8123"}, set()),  # identifiers match exactly, never in part
        ({"key_stage": "ks2"}, {"Kitchen Table Tuition"}),
        ({"key_stage": ["ks2", "ks4"]}, {"Kitchen Table Tuition", "Demoshire PRU", "Otherton College"}),
        ({"specialism": "semh"}, {"Harbour SEMH Centre"}),
        ({"offer": "online"}, {"Kitchen Table Tuition"}),
        ({"subject": "maths", "key_stage": "ks3"}, {"Kitchen Table Tuition"}),
        ({"subject": ["english", "maths"], "key_stage": "ks3"}, set()),
        ({"subject": "english", "key_stage": "ks3"}, {"Harbour SEMH Centre"}),
        ({"other_subject": "music"}, {"Harbour SEMH Centre"}),
        ({"capacity": "20"}, {"Harbour SEMH Centre", "Demoshire PRU", "Otherton College"}),
        ({"capacity": "21"}, {"Harbour SEMH Centre"}),
        ({"unregistered": "on"}, {"Kitchen Table Tuition"}),
    ],
)
def test_each_filter_narrows_the_directory(world, client, catalogue, params, expected):
    client.force_login(world.user("ap_lead"))

    assert names_listed(client, **params) == expected


def test_the_identifier_search_finds_a_ukprn(world, client):
    client.force_login(world.user("ap_lead"))

    assert names_listed(client, q=world.other_provider.ukprn) == {"Otherton College"}


def test_an_invalid_capacity_is_explained_and_ignored(world, client, catalogue):
    client.force_login(world.user("ap_lead"))

    response = client.get(reverse("provider_list"), {"capacity": "lots"})

    assert "Enter the number of places as a whole number" in response.content.decode()
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["approved"], {"Approved One"}),
        (["approved_with_conditions"], {"Conditional One"}),
        (["applied"], {"Applied One"}),
        (["suspended"], {"Suspended One"}),
        (["removed"], {"Removed One"}),
        (["not_on_list"], {"Demoshire PRU", "Otherton College", "Listed Elsewhere"}),
        (
            ["approved", "not_on_list"],
            {"Approved One", "Demoshire PRU", "Otherton College", "Listed Elsewhere"},
        ),
    ],
)
def test_the_status_filter_reads_the_viewers_own_las_list(world, client, statuses, expected):
    for name, status, conditions in [
        ("Approved One", ApprovalStatus.APPROVED, ""),
        ("Conditional One", ApprovalStatus.APPROVED_WITH_CONDITIONS, "Weekly attendance returns"),
        ("Applied One", ApprovalStatus.APPLIED, ""),
        ("Suspended One", ApprovalStatus.SUSPENDED, ""),
        ("Removed One", ApprovalStatus.REMOVED, ""),
    ]:
        provider = provider_with(world.la, name)
        ApprovedListEntryFactory(
            local_authority=world.la, provider=provider, status=status, conditions=conditions
        )
    elsewhere = provider_with(world.other_la, "Listed Elsewhere")
    ApprovedListEntryFactory(local_authority=world.other_la, provider=elsewhere)
    client.force_login(world.user("school_leader"))

    assert names_listed(client, status=statuses) == expected


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("current", {"Current Ltd"}),
        ("expiring", {"Expiring Ltd"}),
        ("expired", {"Expired Ltd"}),
        ("missing", {"Demoshire PRU", "Otherton College", "Partial Ltd"}),
    ],
)
def test_the_evidence_filter_uses_the_computed_state(world, client, state, expected):
    today = timezone.localdate()
    for name, expires_on in [
        ("Current Ltd", today + datetime.timedelta(days=200)),
        ("Expiring Ltd", today + datetime.timedelta(days=5)),
        ("Expired Ltd", today - datetime.timedelta(days=1)),
    ]:
        full_evidence(provider_with(world.la, name), world.la, expires_on=expires_on)
    EvidenceFactory(provider=provider_with(world.la, "Partial Ltd"), checked_for=world.la)
    client.force_login(world.user("la_viewer"))

    assert names_listed(client, evidence=state) == expected


def test_selected_filters_are_shown_each_with_a_link_that_removes_it(world, client, catalogue):
    client.force_login(world.user("ap_lead"))

    response = client.get(reverse("provider_list"), {"key_stage": ["ks2", "ks3"], "capacity": "3"})

    groups = {group["legend"]: group["items"] for group in response.context["selected"]}
    assert [item["label"] for item in groups["Key stage"]] == ["Key stage 2", "Key stage 3"]
    assert groups["Key stage"][0]["remove"] == "?key_stage=ks3&capacity=3"
    assert groups["At least this many places"][0]["remove"] == "?key_stage=ks2&key_stage=ks3"


def test_pages_keep_the_filters(world, client):
    for number in range(30):
        provider_with(world.la, f"Provider {number:02d}", key_stages=["ks3"])
    client.force_login(world.user("ap_lead"))

    first = client.get(reverse("provider_list"), {"key_stage": "ks3"})
    second = client.get(reverse("provider_list"), {"key_stage": "ks3", "page": "2"})

    assert first.context["page"].paginator.count == 30
    assert "?key_stage=ks3&amp;page=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 5


# --- A school-added provider is marked as not approved -----------------------------------------------


@pytest.fixture
def school_added(world):
    provider = factories.ProviderFactory(name="Corner Gym Mentoring", local_authority=world.la)
    ProviderProfileFactory(provider=provider, added_by=world.school)
    return provider


def test_a_school_added_provider_is_marked_not_approved_in_the_directory(world, client, school_added):
    client.force_login(world.user("school_staff"))

    response = client.get(reverse("provider_list"), {"q": "Corner Gym"})

    [row] = response.context["page"].object_list
    assert row.entry is None
    assert row.added_by_school == "your school"
    assert "Not on your LA's approved list" in response.content.decode()


def test_a_school_added_provider_is_marked_not_approved_on_its_page(world, client, school_added):
    client.force_login(world.user("other_school_leader"))

    page = client.get(reverse("provider_detail", args=[school_added.pk])).content.decode()

    assert "Added to the directory by a school. It is not approved" in page
    assert "Not on your LA's approved list" in page
    assert "Demoshire Academy" not in page  # which school uses which provider is not another school's


# --- A provider's page ---------------------------------------------------------------------------


def test_a_provider_sees_its_own_page_and_not_another_providers(world, client):
    client.force_login(world.user("provider_staff"))

    own = client.get(reverse("provider_detail", args=[world.provider.pk]))
    other = client.get(reverse("provider_detail", args=[world.other_provider.pk]))

    assert (own.status_code, other.status_code) == (200, 404)
    assert reverse("provider_edit", args=[world.provider.pk]) not in own.content.decode()


def test_a_school_is_not_a_provider(world, client):
    client.force_login(world.user("la_officer"))

    assert client.get(reverse("provider_detail", args=[world.school.pk])).status_code == 404


def test_an_unregistered_providers_page_explains_the_registration_threshold(world, client):
    provider = provider_with(
        world.la, "Back Room Tuition", registration_status=RegistrationStatus.UNREGISTERED
    )
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_detail", args=[provider.pk])).content.decode()

    assert (
        "must register as an independent school if it gives full-time education (more than 18 hours a "
        "week) to 5 or more pupils, or to 1 pupil who has an EHC plan or is looked after"
    ) in page


def test_the_page_shows_open_and_closed_sites(world, client):
    SiteFactory(provider=world.provider, name="Town Centre")
    SiteFactory(provider=world.provider, name="Old Mill", closed_on=datetime.date(2025, 7, 18))
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "Town Centre" in page
    assert "Closed 18 July 2025" in page


def test_the_la_sees_its_status_history_and_its_schools_do_not(world, client):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    StatusChangeFactory(entry=entry, reason="Checks complete after the visit")

    client.force_login(world.user("la_viewer"))
    as_la = client.get(reverse("provider_detail", args=[world.provider.pk]))
    client.force_login(world.user("ap_lead"))
    as_school = client.get(reverse("provider_detail", args=[world.provider.pk]))

    assert "Checks complete after the visit" in as_la.content.decode()
    assert "Checks complete after the visit" not in as_school.content.decode()
    assert as_school.context["status_changes"] == []


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (
            "la_officer",
            {"provider_edit", "site_create", "evidence_create", "approval_create", "visit_create"},
        ),
        ("la_viewer", set()),
        ("ap_lead", {"visit_create"}),
        ("school_leader", set()),
        ("provider_manager", {"provider_edit", "site_create"}),
        ("other_la_officer", {"evidence_create", "approval_create", "visit_create"}),
    ],
)
def test_action_links_follow_the_rules(world, client, role, links):
    client.force_login(world.user(role))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    for name in ("provider_edit", "site_create", "evidence_create", "approval_create", "visit_create"):
        assert (reverse(name, args=[world.provider.pk]) in page) == (name in links), name


def test_no_put_on_the_list_link_once_the_provider_is_on_it(world, client):
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    client.force_login(world.user("la_officer"))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert reverse("approval_create", args=[world.provider.pk]) not in page


# --- Providers the LA's schools use that are not approved ---------------------------------------------


def added_by(school, name, la=None):
    provider = factories.ProviderFactory(name=name, local_authority=la or school.local_authority)
    ProviderProfileFactory(provider=provider, added_by=school)
    return provider


def test_the_la_sees_each_unapproved_provider_its_schools_use_and_which_schools(world, client):
    unlisted = added_by(world.school, "Corner Gym Mentoring")
    suspended = added_by(world.sibling_school, "Paused Provision")
    ApprovedListEntryFactory(local_authority=world.la, provider=suspended, status=ApprovalStatus.SUSPENDED)
    approved = added_by(world.school, "Now Approved Ltd")
    ApprovedListEntryFactory(local_authority=world.la, provider=approved)
    added_by(world.other_school, "Otherton Favourite")
    client.force_login(world.user("la_viewer"))

    response = client.get(reverse("unapproved_providers"))

    rows = {row.provider.name: row for row in response.context["rows"]}
    assert set(rows) == {"Corner Gym Mentoring", "Paused Provision"}
    assert [s.name for s in rows["Corner Gym Mentoring"].schools] == ["Demoshire Academy"]
    assert rows["Paused Provision"].entry.status == ApprovalStatus.SUSPENDED
    assert unlisted.pk == rows["Corner Gym Mentoring"].provider.pk
    assert "Hillside Primary" in response.content.decode()


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "trust_leader", "provider_manager"])
def test_only_the_la_sees_unapproved_use(world, client, role):
    client.force_login(world.user(role))

    assert client.get(reverse("unapproved_providers")).status_code == 403


def test_another_la_sees_none_of_this_las_unapproved_use(world, client):
    added_by(world.school, "Corner Gym Mentoring")
    client.force_login(world.user("other_la_officer"))

    assert client.get(reverse("unapproved_providers")).context["rows"] == []


# --- Navigation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("la_viewer", {"Providers", "Approved list"}, {"Your profile"}),
        ("ap_lead", {"Providers"}, {"Approved list", "Your profile"}),
        ("trust_leader", {"Providers"}, {"Approved list", "Your profile"}),
        ("provider_staff", {"Your profile"}, {"Providers", "Approved list"}),
    ],
)
def test_navigation_offers_each_role_its_provider_pages(world, client, role, expected, absent):
    client.force_login(world.user(role))

    navigation = {item["label"]: item for item in client.get(reverse("home")).context["navigation"]}

    assert expected <= set(navigation)
    assert not absent & set(navigation)
    if "Your profile" in navigation:
        own = world.members[role].organisation
        assert navigation["Your profile"]["url"] == reverse("provider_detail", args=[own.pk])


# --- A fixed number of queries whatever the size -------------------------------------------------------


def fully_described(la, count, *, start=0, visited_by=()):
    """`count` providers on `la`'s register, each with evidence, a list entry and a QA visit, and a visit
    in the contact log of each school of `visited_by`."""
    checker = factories.UserFactory()
    for number in range(start, start + count):
        provider = provider_with(la, f"Bulk provider {number:03d}")
        EvidenceFactory(provider=provider, checked_for=la, checked_by=checker)
        ApprovedListEntryFactory(local_authority=la, provider=provider)
        QAVisitFactory(provider=provider, visiting_organisation=la, visited_by=checker)
        for school in visited_by:
            ContactRecordFactory(school=school, provider=provider, by=checker)


@pytest.mark.parametrize(
    "params",
    ["", "?key_stage=ks4&status=approved&capacity=1", "?evidence=missing&evidence=current&subject=english"],
)
@pytest.mark.parametrize("role", ["ap_lead", "la_officer", "trust_leader"])
def test_the_directory_costs_the_same_queries_for_5_and_for_100_providers(world, client, role, params):
    client.force_login(world.user(role))
    url = reverse("provider_list") + params
    schools = (world.school, world.sibling_school)
    fully_described(world.la, 5, visited_by=schools)
    with_5 = queries_for(client, url)

    fully_described(world.la, 95, start=5, visited_by=schools)
    with_100 = queries_for(client, url)

    assert with_5 == with_100


def test_a_providers_page_costs_the_same_queries_for_5_and_for_100_records(world, client):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    client.force_login(world.user("la_officer"))
    url = reverse("provider_detail", args=[world.provider.pk])
    client.post(reverse("provider_verify", args=[world.provider.pk]))

    def add(count):
        by = factories.UserFactory()
        for _ in range(count):
            EvidenceFactory(provider=world.provider, checked_for=world.la, checked_by=by)
            QAVisitFactory(provider=world.provider, visiting_organisation=world.la, visited_by=by)
            StatusChangeFactory(entry=entry, changed_by=by)
            SiteFactory(provider=world.provider)

    add(5)
    with_5 = queries_for(client, url)
    add(95)
    with_100 = queries_for(client, url)

    assert with_5 == with_100


def test_unapproved_use_costs_the_same_queries_for_5_and_for_100_providers(world, client):
    client.force_login(world.user("la_officer"))
    url = reverse("unapproved_providers")

    def add(count, start):
        for number in range(start, start + count):
            school = world.school if number % 2 else world.sibling_school
            provider = added_by(school, f"Used {number:03d}")
            if number % 3 == 0:
                ApprovedListEntryFactory(
                    local_authority=world.la, provider=provider, status=ApprovalStatus.APPLIED
                )

    add(5, 0)
    with_5 = queries_for(client, url)
    add(95, 5)
    with_100 = queries_for(client, url)

    assert with_5 == with_100


def test_a_member_of_two_organisations_sees_the_list_of_the_one_they_act_for(world, client):
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    person = world.user("other_la_officer")
    at_school = factories.MembershipFactory(user=person, organisation=world.school, role=Role.AP_LEAD)
    client.force_login(person)

    def demoshire_pru_entry():
        rows = client.get(reverse("provider_list")).context["page"].object_list
        return next(row.entry for row in rows if row.provider == world.provider)

    client.post(reverse("switch_organisation"), {"membership": world.members["other_la_officer"].pk})
    as_otherton = demoshire_pru_entry()
    client.post(reverse("switch_organisation"), {"membership": at_school.pk})
    as_school = demoshire_pru_entry()

    assert (as_otherton.local_authority_id, as_school) == (world.other_la.pk, None)


@pytest.mark.parametrize(
    ("role", "offered"),
    [("la_officer", True), ("la_viewer", False), ("ap_lead", False), ("other_la_officer", False)],
)
def test_only_the_lists_own_officers_are_offered_its_status_and_terms(world, client, role, offered):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    client.force_login(world.user(role))

    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert (reverse("approval_status", args=[entry.pk]) in page) is offered
    assert (reverse("approval_edit", args=[entry.pk]) in page) is offered


def test_a_directory_row_counts_the_evidence_needing_attention_rather_than_listing_it(world, client):
    full_evidence(world.provider, world.la, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.user("ap_lead"))

    page = client.get(reverse("provider_list")).content.decode()

    assert "6 expired (of 6 types)" in page
    assert "Insurance: expired" not in page
