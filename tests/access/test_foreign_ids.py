"""Foreign ids (SECURITY.md promise 2): every id a form takes from a request is looked up through the
acting membership, so another tenant's id is not found (404) and no row changes. Ids a form must not take
at all (the organisation, the kind, the LA) are ignored when posted.

Rows are re-read inside `unscoped("test")`, so what we compare is the database, not what the scope shows.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.accounts.models import Invitation
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind, Role
from apcommission.tenancy.scoping import unscoped
from tests import factories
from tests.bound_client import BoundClient


def signed_in(user) -> BoundClient:
    client = BoundClient()
    client.force_login(user)
    return client


def fresh(model, pk):
    with unscoped("test"):
        return model.objects.get(pk=pk)


def snapshot(model, pk) -> dict:
    """Every column of one row, read past the scope."""
    with unscoped("test"):
        return model.objects.filter(pk=pk).values().get()


# --- Switching organisation: the posted membership id must be one of your own -------------------------


@pytest.fixture
def two_hats(world):
    """A person who is an officer at Demoshire and a leader at the trust, acting for Demoshire."""
    officer = world.members["la_officer"]
    trust_hat = factories.MembershipFactory(
        user=officer.user, organisation=world.trust, role=Role.TRUST_LEADER
    )
    client = signed_in(officer.user)
    session = client.session
    session[SESSION_KEY] = officer.pk
    session.save()
    return client, officer, trust_hat


def test_a_person_switches_to_another_of_their_own_memberships(two_hats):
    client, _officer, trust_hat = two_hats
    response = client.post(reverse("switch_organisation"), {"membership": trust_hat.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == trust_hat.pk


@pytest.mark.parametrize("holder", ["school_leader", "other_la_officer", "trust_leader", "provider_manager"])
def test_switching_to_another_persons_membership_is_not_found(world, two_hats, holder):
    client, officer, _trust_hat = two_hats
    response = client.post(reverse("switch_organisation"), {"membership": world.members[holder].pk})
    assert response.status_code == 404
    assert client.session[SESSION_KEY] == officer.pk


def test_switching_to_a_membership_you_were_removed_from_is_not_found(world, two_hats):
    client, officer, trust_hat = two_hats
    with unscoped("test"):
        Membership.objects.filter(pk=trust_hat.pk).update(removed_at=timezone.now())
    response = client.post(reverse("switch_organisation"), {"membership": trust_hat.pk})
    assert response.status_code == 404
    assert client.session[SESSION_KEY] == officer.pk


@pytest.mark.parametrize("bad", ["", "not-a-number", "999999999"])
def test_switching_to_no_membership_at_all_is_not_found(two_hats, bad):
    client, officer, _trust_hat = two_hats
    response = client.post(reverse("switch_organisation"), {"membership": bad})
    assert response.status_code == 404
    assert client.session[SESSION_KEY] == officer.pk


# --- Members: the membership id in the URL must be in your own organisation ----------------------------

# (administrator, member of another organisation, a role the administrator could give in their own)
ACROSS_ORGANISATIONS = [
    ("la_officer", "school_staff", Role.LA_VIEWER),  # an LA over one of its area's schools
    ("trust_leader", "school_staff", Role.TRUST_LEADER),  # a trust over one of its schools
    ("other_school_leader", "school_staff", Role.DSL),  # a school over its neighbour
    ("other_la_officer", "la_viewer", Role.LA_VIEWER),  # one LA over another
    ("school_leader", "provider_staff", Role.SCHOOL_STAFF),  # a school over a provider
    ("provider_manager", "dsl", Role.PROVIDER_MANAGER),  # a provider over a school
]


def test_an_administrator_changes_a_role_in_their_own_organisation(world):
    """The positive case, so that the refusals below are refusals and not a broken form."""
    member = world.members["school_staff"]
    client = signed_in(world.user("school_leader"))
    response = client.post(reverse("change_member_role", args=[member.pk]), {"role": Role.DSL})
    assert response.status_code == 302
    assert fresh(Membership, member.pk).role == Role.DSL


@pytest.mark.parametrize(("admin", "member", "role"), ACROSS_ORGANISATIONS)
def test_changing_the_role_of_another_organisations_member_is_not_found(world, admin, member, role):
    target = world.members[member]
    before = snapshot(Membership, target.pk)
    client = signed_in(world.user(admin))
    response = client.post(reverse("change_member_role", args=[target.pk]), {"role": role})
    assert response.status_code == 404
    assert snapshot(Membership, target.pk) == before


@pytest.mark.parametrize(("admin", "member"), [(admin, member) for admin, member, _ in ACROSS_ORGANISATIONS])
def test_removing_another_organisations_member_is_not_found(world, admin, member):
    target = world.members[member]
    before = snapshot(Membership, target.pk)
    client = signed_in(world.user(admin))
    response = client.post(reverse("remove_member", args=[target.pk]), {"submit": "Remove member"})
    assert response.status_code == 404
    assert snapshot(Membership, target.pk) == before


def test_an_administrator_removes_a_member_of_their_own_organisation(world):
    member = world.members["school_staff"]
    client = signed_in(world.user("school_leader"))
    response = client.post(reverse("remove_member", args=[member.pk]), {"submit": "Remove member"})
    assert response.status_code == 302
    assert fresh(Membership, member.pk).removed_at is not None


def test_a_role_change_ignores_a_posted_organisation_and_user(world):
    member = world.members["school_staff"]
    client = signed_in(world.user("school_leader"))
    client.post(
        reverse("change_member_role", args=[member.pk]),
        {"role": Role.DSL, "organisation": world.other_la.pk, "user": world.user("la_officer").pk},
    )
    after = fresh(Membership, member.pk)
    assert (after.role, after.organisation_id, after.user_id) == (Role.DSL, world.school.pk, member.user_id)


# --- Invitations: withdrawn only by the organisation that sent them -------------------------------------


@pytest.fixture
def school_invitation(world):
    return factories.InvitationFactory(organisation=world.school, invited_by=world.user("school_leader"))


def test_an_administrator_withdraws_their_own_organisations_invitation(world, school_invitation):
    client = signed_in(world.user("school_leader"))
    response = client.post(reverse("withdraw_invitation", args=[school_invitation.pk]))
    assert response.status_code == 302
    assert fresh(Invitation, school_invitation.pk).revoked_at is not None


@pytest.mark.parametrize(
    "admin", ["la_officer", "other_la_officer", "trust_leader", "other_school_leader", "provider_manager"]
)
def test_withdrawing_another_organisations_invitation_is_not_found(world, school_invitation, admin):
    before = snapshot(Invitation, school_invitation.pk)
    client = signed_in(world.user(admin))
    response = client.post(reverse("withdraw_invitation", args=[school_invitation.pk]))
    assert response.status_code == 404
    assert snapshot(Invitation, school_invitation.pk) == before


def test_an_invitation_goes_to_your_own_organisation_whatever_is_posted(world):
    client = signed_in(world.user("school_leader"))
    response = client.post(
        reverse("invite_member"),
        {"email": "newcomer@example.org", "role": Role.SCHOOL_STAFF, "organisation": world.other_school.pk},
    )
    assert response.status_code == 302
    with unscoped("test"):
        invitation = Invitation.objects.get(email="newcomer@example.org")
    assert invitation.organisation_id == world.school.pk


def test_an_invitation_to_a_role_of_another_kind_of_organisation_is_refused(world):
    client = signed_in(world.user("school_leader"))
    response = client.post(
        reverse("invite_member"), {"email": "newcomer@example.org", "role": Role.LA_OFFICER}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    with unscoped("test"):
        assert not Invitation.objects.filter(email="newcomer@example.org").exists()


# --- Providers: another LA sees a provider but does not edit it, and the LA is never posted -------------


def provider_form(provider, **changes) -> dict:
    return {
        "name": provider.name,
        "urn": provider.urn or "",
        "ukprn": provider.ukprn or "",
        "setting_type": provider.setting_type,
        "provider_type": "training_provider",
        "registration_status": "fe_registered",
        **changes,
    }


def test_an_la_officer_edits_a_provider_on_their_own_register(world):
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]), provider_form(world.provider, name="Renamed PRU")
    )
    assert response.status_code == 302
    assert fresh(Organisation, world.provider.pk).name == "Renamed PRU"


def test_editing_another_las_provider_is_refused(world):
    """Every commissioner sees every provider (business information), so this is a refusal, not a 404."""
    before = snapshot(Organisation, world.provider.pk)
    client = signed_in(world.user("other_la_officer"))
    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]), provider_form(world.provider, name="Taken over")
    )
    assert response.status_code == 403
    assert snapshot(Organisation, world.provider.pk) == before


@pytest.mark.parametrize("target", ["school", "other_school", "la", "trust"])
def test_editing_an_organisation_that_is_not_a_provider_is_not_found(world, target):
    organisation = getattr(world, target)
    before = snapshot(Organisation, organisation.pk)
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("provider_edit", args=[organisation.pk]),
        {"name": "Taken over", "urn": "", "ukprn": "", "setting_type": "OTH"},
    )
    assert response.status_code == 404
    assert snapshot(Organisation, organisation.pk) == before


def test_a_new_provider_ignores_a_posted_la_kind_and_trust(world):
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("provider_create"),
        {
            "name": "Riverside Tuition",
            "urn": "",
            "ukprn": "",
            "setting_type": "OOT",
            "provider_type": "tuition",
            "registration_status": "unregistered",
            "local_authority": world.other_la.pk,
            "kind": OrganisationKind.SCHOOL,
            "trust": world.trust.pk,
        },
    )
    assert response.status_code == 302
    with unscoped("test"):
        provider = Organisation.objects.get(name="Riverside Tuition")
    assert (provider.local_authority_id, provider.kind, provider.trust_id) == (
        world.la.pk,
        OrganisationKind.PROVIDER,
        None,
    )


def test_an_edited_provider_ignores_a_posted_la_kind_and_trust(world):
    client = signed_in(world.user("la_officer"))
    response = client.post(
        reverse("provider_edit", args=[world.provider.pk]),
        provider_form(
            world.provider,
            name="Renamed PRU",
            local_authority=world.other_la.pk,
            kind=OrganisationKind.SCHOOL,
            trust=world.trust.pk,
        ),
    )
    assert response.status_code == 302
    provider = fresh(Organisation, world.provider.pk)
    assert (provider.name, provider.local_authority_id, provider.kind, provider.trust_id) == (
        "Renamed PRU",
        world.la.pk,
        OrganisationKind.PROVIDER,
        None,
    )
