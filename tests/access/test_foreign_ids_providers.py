"""Foreign ids in the providers app (SECURITY.md promise 2): every id a provider form takes from a request is
looked up through the acting membership, so another tenant's id is refused (a form error, or 404 for an id
in the URL) and no row changes. Ids a form must not take at all (the LA, the provider, who acted) are
ignored when posted: the row belongs to the acting organisation, the acting person and the URL's object.

Each refusal has a positive case beside it, so that a refusal is a refusal and not a broken form. Rows are
re-read inside `unscoped("test")`, so what we compare is the database, not what the scope shows.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.scoping import unscoped
from providers.models import (
    ActionUpdate,
    ApprovalCategory,
    ApprovedListEntry,
    AreaJudgement,
    Evidence,
    EvidenceType,
    EvidenceValidity,
    ProfileVerification,
    ProviderProfile,
    QAAction,
    QAArea,
    QAVisit,
    Site,
    StatusChange,
)
from tests.bound_client import BoundClient
from tests.dates import date_input
from tests.providers.factories import (
    ApprovalCategoryFactory,
    ApprovedListEntryFactory,
    EvidenceFactory,
    EvidenceValidityFactory,
    LAEvidenceTypeFactory,
    QAActionFactory,
    QAAreaFactory,
    QAVisitFactory,
    SiteFactory,
    standard_area,
    standard_areas,
    standard_category,
    standard_evidence_type,
)


def signed_in(user) -> BoundClient:
    client = BoundClient()
    client.force_login(user)
    return client


def snapshot(model, pk) -> dict:
    """Every column of one row, read past the scope."""
    with unscoped("test"):
        return model.objects.filter(pk=pk).values().get()


def table(model) -> list[dict]:
    """Every row of a table, read past the scope: equal before and after means nothing was added,
    changed or removed."""
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def added(model, before: list[dict]) -> list[dict]:
    """The rows of `model` that were not in `before`."""
    key = model._meta.pk.attname
    known = {row[key] for row in before}
    return [row for row in table(model) if row[key] not in known]


def categories_of(entry) -> set[int]:
    with unscoped("test"):
        return set(ApprovedListEntry.objects.get(pk=entry.pk).categories.values_list("pk", flat=True))


def someone_else(world):
    """A person of another tenant, posted where the acting person belongs."""
    return world.user("other_la_officer")


# --- Evidence: the type is a standard one or the officer's LA's; the check is the officer's LA's ----------


def a_check(evidence_type, **extra) -> dict:
    return {
        "evidence_type": evidence_type.pk,
        **date_input("checked_on", timezone.localdate().isoformat()),
        **date_input("expires_on", ""),
        "outcome": "satisfactory",
        "notes": "Certificate seen.",
        **extra,
    }


@pytest.mark.parametrize("own_type", [False, True], ids=["a standard type", "the LA's own type"])
def test_an_officer_records_a_check_of_a_standard_type_or_their_las_own(world, own_type):
    evidence_type = (
        LAEvidenceTypeFactory(local_authority=world.la) if own_type else standard_evidence_type("Insurance")
    )
    before = table(Evidence)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("evidence_create", args=[world.provider.pk]), a_check(evidence_type))
    assert response.status_code == 302
    [check] = added(Evidence, before)
    assert check["evidence_type_id"] == evidence_type.pk


# (officer, the other LA whose own evidence type or category is posted)
ACROSS_LAS = [("la_officer", "other_la"), ("other_la_officer", "la")]


@pytest.mark.parametrize(("officer", "type_owner"), ACROSS_LAS)
def test_a_check_of_another_las_own_evidence_type_is_refused(world, officer, type_owner):
    foreign_type = LAEvidenceTypeFactory(local_authority=getattr(world, type_owner))
    before = table(Evidence)
    client = signed_in(world.user(officer))
    response = client.post(reverse("evidence_create", args=[world.provider.pk]), a_check(foreign_type))
    assert response.status_code == 200
    assert response.context["form"].errors["evidence_type"]
    assert table(Evidence) == before


@pytest.mark.parametrize(
    ("officer", "own_la", "foreign_la"),
    [("la_officer", "la", "other_la"), ("other_la_officer", "other_la", "la")],
)
def test_a_check_is_recorded_for_the_officers_la_by_the_officer_for_the_urls_provider(
    world, officer, own_la, foreign_la
):
    before = table(Evidence)
    client = signed_in(world.user(officer))
    response = client.post(
        reverse("evidence_create", args=[world.provider.pk]),
        a_check(
            standard_evidence_type("Insurance"),
            checked_for=getattr(world, foreign_la).pk,
            checked_by=world.user("provider_manager").pk,
            provider=world.other_provider.pk,
        ),
    )
    assert response.status_code == 302
    [check] = added(Evidence, before)
    assert (check["checked_for_id"], check["checked_by_id"], check["provider_id"]) == (
        getattr(world, own_la).pk,
        world.user(officer).pk,
        world.provider.pk,
    )


# --- Evidence settings: another LA's own type is not found; a validity period is the officer's LA's ------


def test_setting_a_validity_period_for_another_las_type_is_not_found(world):
    foreign_type = LAEvidenceTypeFactory(local_authority=world.other_la)
    before = table(EvidenceValidity)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("evidence_validity", args=[foreign_type.pk]), {"validity_days": "90"})
    assert response.status_code == 404
    assert table(EvidenceValidity) == before


def test_retiring_another_las_evidence_type_is_not_found(world):
    foreign_type = LAEvidenceTypeFactory(local_authority=world.other_la)
    before = snapshot(EvidenceType, foreign_type.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("evidence_validity", args=[foreign_type.pk]), {"retire": "1"})
    assert response.status_code == 404
    assert snapshot(EvidenceType, foreign_type.pk) == before


def test_retiring_a_standard_evidence_type_is_refused(world):
    insurance = standard_evidence_type("Insurance")
    before = snapshot(EvidenceType, insurance.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("evidence_validity", args=[insurance.pk]), {"retire": "1"})
    assert response.status_code == 403
    assert snapshot(EvidenceType, insurance.pk) == before


def test_a_validity_period_is_the_officers_las_for_the_urls_type_whatever_is_posted(world):
    """Otherton's own period for the same standard type is another LA's row: it is not touched."""
    insurance = standard_evidence_type("Insurance")
    otherton = EvidenceValidityFactory(local_authority=world.other_la, evidence_type=insurance)
    otherton_before = snapshot(EvidenceValidity, otherton.pk)
    before = table(EvidenceValidity)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("evidence_validity", args=[insurance.pk]),
        {
            "validity_days": "200",
            "local_authority": world.other_la.pk,
            "evidence_type": standard_evidence_type("DSL").pk,
        },
    )
    assert response.status_code == 302
    [validity] = added(EvidenceValidity, before)
    assert (validity["local_authority_id"], validity["evidence_type_id"], validity["validity_days"]) == (
        world.la.pk,
        insurance.pk,
        200,
    )
    assert snapshot(EvidenceValidity, otherton.pk) == otherton_before


# --- The approved list: categories are standard or the LA's own; entries are the LA's own ----------------


def new_entry(*categories, **extra) -> dict:
    return {
        "status": "approved_with_conditions",
        "reason": "Panel of 4 March",
        "conditions": "Weekly attendance returns.",
        "categories": [category.pk for category in categories],
        "price": "95.00",
        "price_unit": "day",
        **date_input("next_review_on", (timezone.localdate() + datetime.timedelta(days=365)).isoformat()),
        **extra,
    }


def new_terms(*categories, **extra) -> dict:
    return {
        "categories": [category.pk for category in categories],
        "price": "100.00",
        "price_unit": "day",
        **date_input("next_review_on", timezone.localdate() + datetime.timedelta(days=200)),
        "conditions": "",
        **extra,
    }


def test_an_officer_puts_a_provider_on_the_list_with_standard_and_own_categories(world):
    own = ApprovalCategoryFactory(local_authority=world.la)
    semh = standard_category("SEMH")
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("approval_create", args=[world.provider.pk]), new_entry(semh, own))
    assert response.status_code == 302
    with unscoped("test"):
        entry = ApprovedListEntry.objects.get(provider=world.provider)
    assert categories_of(entry) == {semh.pk, own.pk}


@pytest.mark.parametrize(("officer", "category_owner"), ACROSS_LAS)
def test_putting_a_provider_on_the_list_with_another_las_category_is_refused(world, officer, category_owner):
    foreign = ApprovalCategoryFactory(local_authority=getattr(world, category_owner))
    entries, changes = table(ApprovedListEntry), table(StatusChange)
    client = signed_in(world.user(officer))
    response = client.post(
        reverse("approval_create", args=[world.provider.pk]), new_entry(standard_category("SEMH"), foreign)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["categories"]
    assert (table(ApprovedListEntry), table(StatusChange)) == (entries, changes)


def test_a_new_entry_is_on_the_officers_list_whatever_is_posted(world):
    before = table(ApprovedListEntry)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("approval_create", args=[world.provider.pk]),
        new_entry(local_authority=world.other_la.pk, provider=world.other_provider.pk),
    )
    assert response.status_code == 302
    [entry] = added(ApprovedListEntry, before)
    assert (entry["local_authority_id"], entry["provider_id"]) == (world.la.pk, world.provider.pk)
    with unscoped("test"):
        change = StatusChange.objects.get(entry_id=entry["id"])
    assert change.changed_by_id == world.user("la_officer").pk


@pytest.fixture
def otherton_entry(world):
    """Otherton's entry for Demoshire's provider (every LA keeps its own list of any provider)."""
    return ApprovedListEntryFactory(
        local_authority=world.other_la,
        provider=world.provider,
        categories=[ApprovalCategoryFactory(local_authority=world.other_la)],
    )


@pytest.fixture
def demoshire_entry(world):
    return ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        categories=[ApprovalCategoryFactory(local_authority=world.la)],
    )


ENTRY_CHANGES = [
    ("approval_edit", new_terms()),
    ("approval_status", {"to_status": "suspended", "reason": "Safeguarding concern"}),
]


@pytest.mark.parametrize(("view", "data"), ENTRY_CHANGES, ids=[view for view, _ in ENTRY_CHANGES])
@pytest.mark.parametrize(
    ("officer", "entry_fixture"),
    [("la_officer", "otherton_entry"), ("other_la_officer", "demoshire_entry")],
)
def test_changing_another_las_entry_is_not_found(world, request, view, data, officer, entry_fixture):
    entry = request.getfixturevalue(entry_fixture)
    before, categories, changes = (
        snapshot(ApprovedListEntry, entry.pk),
        categories_of(entry),
        table(StatusChange),
    )
    client = signed_in(world.user(officer))
    response = client.post(reverse(view, args=[entry.pk]), data)
    assert response.status_code == 404
    assert snapshot(ApprovedListEntry, entry.pk) == before
    assert categories_of(entry) == categories
    assert table(StatusChange) == changes


def test_an_officer_changes_the_terms_of_their_own_entry(world, demoshire_entry):
    semh = standard_category("SEMH")
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("approval_edit", args=[demoshire_entry.pk]), new_terms(semh))
    assert response.status_code == 302
    assert categories_of(demoshire_entry) == {semh.pk}


def test_giving_an_entry_another_las_category_is_refused(world, demoshire_entry):
    foreign = ApprovalCategoryFactory(local_authority=world.other_la)
    before, categories = snapshot(ApprovedListEntry, demoshire_entry.pk), categories_of(demoshire_entry)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("approval_edit", args=[demoshire_entry.pk]), new_terms(standard_category("SEMH"), foreign)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["categories"]
    assert snapshot(ApprovedListEntry, demoshire_entry.pk) == before
    assert categories_of(demoshire_entry) == categories


def test_new_terms_ignore_a_posted_la_provider_and_status(world, demoshire_entry):
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("approval_edit", args=[demoshire_entry.pk]),
        new_terms(local_authority=world.other_la.pk, provider=world.other_provider.pk, status="removed"),
    )
    assert response.status_code == 302
    after = snapshot(ApprovedListEntry, demoshire_entry.pk)
    assert (after["price"], after["local_authority_id"], after["provider_id"], after["status"]) == (
        100,
        world.la.pk,
        world.provider.pk,
        demoshire_entry.status,
    )


def test_a_status_change_is_of_the_urls_entry_by_the_officer_whatever_is_posted(
    world, demoshire_entry, otherton_entry
):
    otherton_before, changes = snapshot(ApprovedListEntry, otherton_entry.pk), table(StatusChange)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("approval_status", args=[demoshire_entry.pk]),
        {
            "to_status": "suspended",
            "reason": "Safeguarding concern",
            "entry": otherton_entry.pk,
            "changed_by": someone_else(world).pk,
            "local_authority": world.other_la.pk,
        },
    )
    assert response.status_code == 302
    [change] = added(StatusChange, changes)
    assert (change["entry_id"], change["changed_by_id"]) == (demoshire_entry.pk, world.user("la_officer").pk)
    assert snapshot(ApprovedListEntry, demoshire_entry.pk)["status"] == "suspended"
    assert snapshot(ApprovedListEntry, otherton_entry.pk) == otherton_before


def test_an_officer_retires_their_las_own_category(world):
    own = ApprovalCategoryFactory(local_authority=world.la)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("approval_categories"), {"retire": own.pk})
    assert response.status_code == 302
    assert snapshot(ApprovalCategory, own.pk)["retired_at"] is not None


@pytest.mark.parametrize("whose", ["another LA's", "a standard"])
def test_retiring_a_category_that_is_not_the_las_own_is_not_found(world, whose):
    category = (
        ApprovalCategoryFactory(local_authority=world.other_la)
        if whose == "another LA's"
        else standard_category("SEMH")
    )
    before = snapshot(ApprovalCategory, category.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("approval_categories"), {"retire": category.pk})
    assert response.status_code == 404
    assert snapshot(ApprovalCategory, category.pk) == before


def test_filtering_the_approved_list_by_another_las_category_is_left_out(world, demoshire_entry):
    """The filter form reads ids from the query string: another LA's category is not a choice, so the
    filter is dropped (the list is not narrowed by, and says nothing about, Otherton's category)."""
    foreign = ApprovalCategoryFactory(local_authority=world.other_la)
    client = signed_in(world.user("la_officer"))
    response = client.get(reverse("approved_list"), {"category": foreign.pk})
    assert response.status_code == 200
    assert response.context["filter_form"].cleaned_data.get("category") is None
    assert [row.entry_id for row in response.context["rows"]] == [demoshire_entry.pk]


# --- What an LA sets for itself: a new type, category or area is the officer's LA's ---------------------

SETTINGS_ADDITIONS = [
    (
        "evidence_types",
        {"name": "Fire drill log", "description": "", "default_validity_days": "120"},
        EvidenceType,
    ),
    ("approval_categories", {"name": "Lot 4: outreach"}, ApprovalCategory),
    ("qa_areas", {"name": "Transport", "description": "Escorts, taxis, timings."}, QAArea),
]


@pytest.mark.parametrize(
    ("view", "data", "model"), SETTINGS_ADDITIONS, ids=[v for v, _, _ in SETTINGS_ADDITIONS]
)
def test_an_la_setting_is_added_for_the_officers_la_whatever_is_posted(world, view, data, model):
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse(view), {**data, "local_authority": world.other_la.pk})
    assert response.status_code == 302
    with unscoped("test"):
        row = model.objects.get(name=data["name"])
    assert row.local_authority_id == world.la.pk


# --- QA visits: areas are the acting organisation's framework; the visit is the poster's ----------------


def a_visit(areas, **extra) -> dict:
    data = {
        **date_input("visited_on", (timezone.localdate() - datetime.timedelta(days=2)).isoformat()),
        "kind": "announced",
        "summary": "Calm, purposeful sessions.",
        "action_1_description": "Update the fire risk assessment",
        "action_1_owner": "Provider manager",
        **date_input("action_1_due_on", (timezone.localdate() + datetime.timedelta(days=28)).isoformat()),
        "action_1_area": "",
    }
    for area in areas:
        data[f"area_{area.pk}_judgement"] = "meets"
        data[f"area_{area.pk}_findings"] = "Seen and checked."
    return {**data, **extra}


VISITORS = ["la_officer", "ap_lead"]  # an LA officer, and a school's AP lead for its own assurance


@pytest.mark.parametrize("visitor", VISITORS)
def test_a_visit_with_an_action_in_a_standard_area_is_recorded(world, visitor):
    safeguarding = standard_area("Safeguarding")
    visits = table(QAVisit)
    client = signed_in(world.user(visitor))
    response = client.post(
        reverse("visit_create", args=[world.provider.pk]),
        a_visit(standard_areas(in_use_only=True), action_1_area=safeguarding.pk),
    )
    assert response.status_code == 302
    [visit] = added(QAVisit, visits)
    with unscoped("test"):
        assert list(QAAction.objects.filter(visit_id=visit["id"]).values_list("area_id", flat=True)) == [
            safeguarding.pk
        ]


@pytest.mark.parametrize(
    ("visitor", "area_owner"),
    [("la_officer", "other_la"), ("ap_lead", "other_la"), ("other_la_officer", "la")],
)
def test_a_visit_with_an_action_in_another_las_area_is_refused(world, visitor, area_owner):
    foreign = QAAreaFactory(local_authority=getattr(world, area_owner))
    before = [table(model) for model in (QAVisit, AreaJudgement, QAAction)]
    client = signed_in(world.user(visitor))
    response = client.post(
        reverse("visit_create", args=[world.provider.pk]),
        a_visit(standard_areas(in_use_only=True), action_1_area=foreign.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["action_1_area"]
    assert [table(model) for model in (QAVisit, AreaJudgement, QAAction)] == before


@pytest.mark.parametrize("visitor", VISITORS)
def test_judgements_posted_for_another_las_area_are_ignored(world, visitor):
    foreign = QAAreaFactory(local_authority=world.other_la)
    visits = table(QAVisit)
    client = signed_in(world.user(visitor))
    response = client.post(
        reverse("visit_create", args=[world.provider.pk]),
        a_visit(
            standard_areas(in_use_only=True),
            **{f"area_{foreign.pk}_judgement": "does_not_meet", f"area_{foreign.pk}_findings": "Planted."},
        ),
    )
    assert response.status_code == 302
    [visit] = added(QAVisit, visits)
    with unscoped("test"):
        judged = set(AreaJudgement.objects.filter(visit_id=visit["id"]).values_list("area_id", flat=True))
        assert not AreaJudgement.objects.filter(area=foreign).exists()
    assert judged == {area.pk for area in standard_areas(in_use_only=True)}


@pytest.mark.parametrize(("visitor", "visiting"), [("la_officer", "la"), ("ap_lead", "school")])
def test_a_visit_is_made_by_the_posters_organisation_to_the_urls_provider_whatever_is_posted(
    world, visitor, visiting
):
    visits = table(QAVisit)
    client = signed_in(world.user(visitor))
    response = client.post(
        reverse("visit_create", args=[world.provider.pk]),
        a_visit(
            standard_areas(in_use_only=True),
            visiting_organisation=world.other_la.pk,
            visited_by=someone_else(world).pk,
            provider=world.other_provider.pk,
        ),
    )
    assert response.status_code == 302
    [visit] = added(QAVisit, visits)
    assert (visit["visiting_organisation_id"], visit["visited_by_id"], visit["provider_id"]) == (
        getattr(world, visiting).pk,
        world.user(visitor).pk,
        world.provider.pk,
    )


# --- Following up an action: only the visiting organisation's, and only the URL's action ----------------


def visit_with_action(world, visiting: str) -> QAAction:
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    return QAActionFactory(visit=visit)


FOLLOW_UP = {"note": "Seen on a return visit.", "close": "on"}

# (who made the visit, who posts a follow-up to its action)
ACROSS_ORGANISATIONS = [
    ("sibling_school", "ap_lead"),  # a school over its neighbour's visit
    ("la", "other_la_officer"),  # one LA over another's visit
    ("other_la", "la_officer"),
    ("school", "other_la_officer"),  # an LA over a school in another LA's area
]


@pytest.mark.parametrize(("visiting", "poster"), ACROSS_ORGANISATIONS)
def test_following_up_another_organisations_action_is_not_found(world, visiting, poster):
    action = visit_with_action(world, visiting)
    before, updates = snapshot(QAAction, action.pk), table(ActionUpdate)
    client = signed_in(world.user(poster))
    response = client.post(reverse("action_update", args=[action.pk]), FOLLOW_UP)
    assert response.status_code == 404
    assert snapshot(QAAction, action.pk) == before
    assert snapshot(QAAction, action.pk)["closed_at"] is None
    assert table(ActionUpdate) == updates


# (who made the visit, who reads it in full but did not make it)
READERS_WHO_DID_NOT_VISIT = [
    ("sibling_school", "la_officer"),  # the LA of a visiting school's area
    ("school", "trust_leader"),  # a visiting school's trust
    ("la", "ap_lead"),  # a school meets the actions its LA's visit left the provider, to know of them
    ("la", "provider_manager"),  # the provider replies to them, and never follows them up
]


@pytest.mark.parametrize(("visiting", "poster"), READERS_WHO_DID_NOT_VISIT)
def test_following_up_an_action_you_may_read_but_did_not_make_is_refused(world, visiting, poster):
    action = visit_with_action(world, visiting)
    before, updates = snapshot(QAAction, action.pk), table(ActionUpdate)
    client = signed_in(world.user(poster))
    response = client.post(reverse("action_update", args=[action.pk]), FOLLOW_UP)
    assert response.status_code == 403
    assert snapshot(QAAction, action.pk) == before
    assert table(ActionUpdate) == updates


@pytest.mark.parametrize(("visiting", "poster"), [("la", "la_officer"), ("school", "ap_lead")])
def test_a_follow_up_is_of_the_urls_action_by_the_poster_whatever_is_posted(world, visiting, poster):
    action = visit_with_action(world, visiting)
    elsewhere = visit_with_action(world, visiting)
    elsewhere_before, updates = snapshot(QAAction, elsewhere.pk), table(ActionUpdate)
    client = signed_in(world.user(poster))
    response = client.post(
        reverse("action_update", args=[action.pk]),
        {**FOLLOW_UP, "action": elsewhere.pk, "recorded_by": someone_else(world).pk},
    )
    assert response.status_code == 302
    [update] = added(ActionUpdate, updates)
    assert (update["action_id"], update["recorded_by_id"]) == (action.pk, world.user(poster).pk)
    assert snapshot(QAAction, action.pk)["closed_by_id"] == world.user(poster).pk
    assert snapshot(QAAction, elsewhere.pk) == elsewhere_before


def test_an_officer_retires_their_las_own_qa_area(world):
    own = QAAreaFactory(local_authority=world.la)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("qa_areas"), {"retire": own.pk})
    assert response.status_code == 302
    assert snapshot(QAArea, own.pk)["retired_at"] is not None


@pytest.mark.parametrize("whose", ["another LA's", "a standard"])
def test_retiring_a_qa_area_that_is_not_the_las_own_is_not_found(world, whose):
    area = (
        QAAreaFactory(local_authority=world.other_la)
        if whose == "another LA's"
        else standard_area("Safeguarding")
    )
    before = snapshot(QAArea, area.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("qa_areas"), {"retire": area.pk})
    assert response.status_code == 404
    assert snapshot(QAArea, area.pk) == before


# --- Profiles and sites: only the provider's own editors; the provider and who acted are never posted -----

A_SITE = {"name": "Riverside", "address_line_1": "1 Quay Street", "town": "Demoton", "postcode": "DM2 2BB"}


def profile_form(organisation, **extra) -> dict:
    return {
        "name": f"{organisation.name} (renamed)",
        "urn": organisation.urn or "",
        "ukprn": organisation.ukprn or "",
        "setting_type": organisation.setting_type,
        "provider_type": "training_provider",
        "registration_status": "fe_registered",
        "key_stages": ["ks4"],
        "capacity": "12",
        **extra,
    }


# (editor, whose site, what they get): another provider is not found; another LA's provider is seen
# (business information) but not changed.
SITE_REFUSALS = [
    ("provider_manager", "other_provider", 404),
    ("other_provider_manager", "provider", 404),
    ("la_officer", "other_provider", 403),
    ("other_la_officer", "provider", 403),
]


@pytest.mark.parametrize(("editor", "owner", "status"), SITE_REFUSALS)
def test_editing_another_providers_site_is_refused(world, editor, owner, status):
    site = SiteFactory(provider=getattr(world, owner))
    before = snapshot(Site, site.pk)
    client = signed_in(world.user(editor))
    response = client.post(
        reverse("site_edit", args=[site.pk]), {**A_SITE, **date_input("closed_on", timezone.localdate())}
    )
    assert response.status_code == status
    assert snapshot(Site, site.pk) == before


@pytest.mark.parametrize(("editor", "owner", "status"), SITE_REFUSALS)
def test_adding_a_site_to_another_provider_is_refused(world, editor, owner, status):
    before = table(Site)
    client = signed_in(world.user(editor))
    response = client.post(reverse("site_create", args=[getattr(world, owner).pk]), A_SITE)
    assert response.status_code == status
    assert table(Site) == before


@pytest.mark.parametrize("editor", ["provider_manager", "la_officer"])
def test_a_new_site_belongs_to_the_urls_provider_whatever_is_posted(world, editor):
    before = table(Site)
    client = signed_in(world.user(editor))
    response = client.post(
        reverse("site_create", args=[world.provider.pk]), {**A_SITE, "provider": world.other_provider.pk}
    )
    assert response.status_code == 302
    [site] = added(Site, before)
    assert site["provider_id"] == world.provider.pk


@pytest.mark.parametrize("editor", ["provider_manager", "la_officer"])
def test_an_edited_site_stays_with_its_provider_whatever_is_posted(world, editor):
    site = SiteFactory(provider=world.provider)
    client = signed_in(world.user(editor))
    response = client.post(
        reverse("site_edit", args=[site.pk]),
        {**A_SITE, **date_input("closed_on", timezone.localdate()), "provider": world.other_provider.pk},
    )
    assert response.status_code == 302
    after = snapshot(Site, site.pk)
    assert (after["name"], after["provider_id"]) == (A_SITE["name"], world.provider.pk)


def test_editing_another_providers_profile_is_not_found(world):
    organisation, profile = (
        snapshot(Organisation, world.other_provider.pk),
        snapshot(ProviderProfile, world.other_provider.pk),
    )
    client = signed_in(world.user("provider_manager"))
    response = client.post(
        reverse("provider_edit", args=[world.other_provider.pk]), profile_form(world.other_provider)
    )
    assert response.status_code == 404
    assert snapshot(Organisation, world.other_provider.pk) == organisation
    assert snapshot(ProviderProfile, world.other_provider.pk) == profile


@pytest.mark.parametrize("editor", ["provider_manager", "la_officer"])
def test_an_edited_profile_ignores_a_posted_added_by_updated_by_and_provider(world, editor):
    other_profile = snapshot(ProviderProfile, world.other_provider.pk)
    client = signed_in(world.user(editor))
    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        profile_form(
            world.provider,
            added_by=world.other_la.pk,
            updated_by=someone_else(world).pk,
            provider=world.other_provider.pk,
        ),
    )
    assert response.status_code == 302
    after = snapshot(ProviderProfile, world.provider.pk)
    assert (after["capacity"], after["added_by_id"], after["updated_by_id"]) == (
        12,
        world.la.pk,
        world.user(editor).pk,
    )
    assert snapshot(ProviderProfile, world.other_provider.pk) == other_profile


def test_a_provider_added_by_a_school_ignores_a_posted_added_by_and_la(world):
    client = signed_in(world.user("ap_lead"))
    response = client.post(
        reverse("provider_create"),
        {
            "name": "Riverside Tuition",
            "urn": "",
            "ukprn": "",
            "setting_type": "OOT",
            "provider_type": "tuition",
            "registration_status": "unregistered",
            "added_by": world.other_la.pk,
            "updated_by": someone_else(world).pk,
            "local_authority": world.other_la.pk,
        },
    )
    assert response.status_code == 302
    with unscoped("test"):
        provider = Organisation.objects.get(name="Riverside Tuition")
        profile = ProviderProfile.objects.get(provider=provider)
    assert (provider.local_authority_id, profile.added_by_id, profile.updated_by_id) == (
        world.la.pk,
        world.school.pk,
        world.user("ap_lead").pk,
    )


@pytest.mark.parametrize(
    ("officer", "own_la", "foreign_la"),
    [("la_officer", "la", "other_la"), ("other_la_officer", "other_la", "la")],
)
def test_a_verification_is_recorded_for_the_officers_own_la_whatever_is_posted(
    world, officer, own_la, foreign_la
):
    before = table(ProfileVerification)
    client = signed_in(world.user(officer))
    response = client.post(
        reverse("provider_verify", args=[world.provider.pk]),
        {
            "local_authority": getattr(world, foreign_la).pk,
            "provider": world.other_provider.pk,
            "verified_by": world.user("provider_manager").pk,
        },
    )
    assert response.status_code == 302
    [verification] = added(ProfileVerification, before)
    assert (
        verification["local_authority_id"],
        verification["provider_id"],
        verification["verified_by_id"],
    ) == (
        getattr(world, own_la).pk,
        world.provider.pk,
        world.user(officer).pk,
    )


# --- A provider's reply: only to the actions it must do, and always as itself ------------------------


def test_a_reply_is_to_the_urls_action_by_the_poster_and_never_closes_whatever_is_posted(world):
    action = visit_with_action(world, "la")
    elsewhere = visit_with_action(world, "la")
    updates = table(ActionUpdate)
    client = signed_in(world.user("provider_staff"))
    response = client.post(
        reverse("action_reply", args=[action.pk]),
        {
            "note": "Done.",
            "action": elsewhere.pk,
            "recorded_by": someone_else(world).pk,
            "by_provider": "",
            "closes": "on",
            "close": "on",
        },
    )
    assert response.status_code == 302
    [update] = added(ActionUpdate, updates)
    assert (update["action_id"], update["recorded_by_id"]) == (action.pk, world.user("provider_staff").pk)
    assert (update["by_provider"], update["closes"]) == (True, False)
    assert snapshot(QAAction, action.pk)["closed_at"] is None


@pytest.mark.parametrize(
    ("visited", "owned_by_provider"),
    [("other_provider", True), ("provider", False)],
    ids=["another provider's action", "the LA's own action"],
)
def test_replying_to_an_action_that_is_not_the_providers_is_not_found(world, visited, owned_by_provider):
    visit = QAVisitFactory(provider=getattr(world, visited), visiting_organisation=world.la)
    action = QAActionFactory(visit=visit, owned_by_provider=owned_by_provider)
    updates = table(ActionUpdate)
    client = signed_in(world.user("provider_manager"))
    response = client.post(reverse("action_reply", args=[action.pk]), {"note": "Done."})
    assert response.status_code == 404
    assert table(ActionUpdate) == updates


# --- Entered in error: only the URL's record, as the poster, and only one's own -------------------------


def test_marking_a_visit_is_of_the_urls_visit_by_the_poster_whatever_is_posted(world):
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=world.la)
    elsewhere = QAVisitFactory(provider=world.provider, visiting_organisation=world.la)
    elsewhere_before = snapshot(QAVisit, elsewhere.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("visit_error", args=[visit.pk]),
        {"reason": "Wrong provider.", "visit": elsewhere.pk, "entered_in_error_by": someone_else(world).pk},
    )
    assert response.status_code == 302
    marked = snapshot(QAVisit, visit.pk)
    assert (marked["entered_in_error_by_id"], marked["entered_in_error_reason"]) == (
        world.user("la_officer").pk,
        "Wrong provider.",
    )
    assert snapshot(QAVisit, elsewhere.pk) == elsewhere_before


@pytest.mark.parametrize(
    ("visiting", "poster", "status"),
    [
        ("other_la", "la_officer", 404),
        ("sibling_school", "ap_lead", 404),
        ("other_la", "trust_leader", 404),
        # Seen in summary (the LA of the school, or of one of the trust's schools), never changed.
        ("la", "ap_lead", 403),
        ("la", "trust_leader", 403),
    ],
)
def test_marking_another_organisations_visit_is_refused(world, visiting, poster, status):
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    before = snapshot(QAVisit, visit.pk)
    client = signed_in(world.user(poster))
    response = client.post(reverse("visit_error", args=[visit.pk]), {"reason": "Wrong provider."})
    assert response.status_code == status
    assert snapshot(QAVisit, visit.pk) == before


def test_marking_a_check_is_of_the_urls_check_by_the_poster_whatever_is_posted(world):
    check = EvidenceFactory(provider=world.provider, checked_for=world.la)
    elsewhere = EvidenceFactory(provider=world.provider, checked_for=world.la)
    elsewhere_before = snapshot(Evidence, elsewhere.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("evidence_error", args=[check.pk]),
        {
            "reason": "Wrong provider.",
            "evidence": elsewhere.pk,
            "entered_in_error_by": someone_else(world).pk,
        },
    )
    assert response.status_code == 302
    assert snapshot(Evidence, check.pk)["entered_in_error_by_id"] == world.user("la_officer").pk
    assert snapshot(Evidence, elsewhere.pk) == elsewhere_before


def test_marking_another_las_check_is_not_found(world):
    check = EvidenceFactory(provider=world.provider, checked_for=world.other_la)
    before = snapshot(Evidence, check.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(reverse("evidence_error", args=[check.pk]), {"reason": "Wrong provider."})
    assert response.status_code == 404
    assert snapshot(Evidence, check.pk) == before


# --- Adding an action afterwards: to the URL's visit, in an area of the poster's framework ---------------


def an_added_action(area="", **extra) -> dict:
    return {
        "description": "Send the attendance policy.",
        "owner": "Provider manager",
        "owned_by": "provider",
        **date_input("due_on", timezone.localdate() + datetime.timedelta(days=7)),
        "area": area,
        **extra,
    }


@pytest.mark.parametrize(("visitor", "visiting"), [("la_officer", "la"), ("ap_lead", "school")])
def test_an_added_action_is_on_the_urls_visit_whatever_is_posted(world, visitor, visiting):
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    elsewhere = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    before = table(QAAction)
    client = signed_in(world.user(visitor))
    response = client.post(
        reverse("action_create", args=[visit.pk]),
        an_added_action(
            standard_area("Safeguarding").pk, visit=elsewhere.pk, closed_by=someone_else(world).pk
        ),
    )
    assert response.status_code == 302
    [action] = added(QAAction, before)
    assert (action["visit_id"], action["closed_by_id"], action["closed_at"]) == (visit.pk, None, None)


@pytest.mark.parametrize(("visitor", "area_owner"), [("la_officer", "other_la"), ("ap_lead", "other_la")])
def test_an_added_action_in_another_las_area_is_refused(world, visitor, area_owner):
    visiting = "la" if visitor == "la_officer" else "school"
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    theirs = QAAreaFactory(local_authority=getattr(world, area_owner))
    before = table(QAAction)
    response = signed_in(world.user(visitor)).post(
        reverse("action_create", args=[visit.pk]), an_added_action(theirs.pk)
    )
    assert response.status_code == 200
    assert "Choose an area from the list" in response.content.decode()
    assert table(QAAction) == before


@pytest.mark.parametrize(("visiting", "poster"), [("other_la", "la_officer"), ("sibling_school", "ap_lead")])
def test_adding_an_action_to_another_organisations_visit_is_not_found(world, visiting, poster):
    visit = QAVisitFactory(provider=world.provider, visiting_organisation=getattr(world, visiting))
    before = table(QAAction)
    response = signed_in(world.user(poster)).post(
        reverse("action_create", args=[visit.pk]), an_added_action()
    )
    assert response.status_code == 404
    assert table(QAAction) == before
