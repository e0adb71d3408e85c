"""The operator's support admin shows no secret, grants nothing, and records every change it makes."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from apcommission.accounts.admin import SupportActions
from apcommission.accounts.models import Invitation, User
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests import factories

# Models the admin may change whose rows have no history table: Django's admin log is their record.
LOGGED_WITHOUT_HISTORY = {
    User: "an account: only the name can be edited here and accounts deactivated, each in the admin log",
}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def operator(world, client):
    client.force_login(world.operator)
    return client


def form_data(client, url: str) -> dict:
    """What the admin's change form would post back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data


def invite(world) -> Invitation:
    return factories.InvitationFactory(organisation=world.school, invited_by=world.user("school_leader"))


def run_action(client, model, action: str, *objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects], "index": 0},
    )


def last_log_entry(obj) -> LogEntry:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).latest("action_time")


def last_history_context(obj) -> dict:
    with unscoped("the operator reads a record's history"):
        event = obj.events.order_by("-pgh_id").first()
    return event.pgh_context.metadata


def assert_recorded(obj, *, by, message: str):
    entry = last_log_entry(obj)
    assert (entry.user_id, entry.action_flag, entry.get_change_message()) == (by.pk, CHANGE, message)
    assert entry.action_time is not None


# --- MFA secrets ------------------------------------------------------------------------------------


def test_the_admin_has_no_page_for_authenticators(operator):
    assert not admin.site.is_registered(Authenticator)
    with pytest.raises(NoReverseMatch):
        admin_url(Authenticator, "changelist")
    assert operator.get("/admin/mfa/authenticator/").status_code == 404
    assert "uthenticator" not in operator.get(reverse("admin:index")).content.decode()


def _every_admin_page(world):
    """Each registered model's list and the change page of a row of it (the user's own for people)."""
    with unscoped("reading rows to open their admin pages"):
        for model in admin.site._registry:
            yield admin_url(model, "changelist")
            obj = world.user("school_leader") if model is User else model._default_manager.first()
            if obj is not None:
                yield admin_url(model, "change", obj.pk)


def test_no_admin_page_shows_a_secret(world, operator):
    user = world.user("school_leader")
    codes = RecoveryCodes.activate(user)
    stored = [a.data for a in Authenticator.objects.filter(user=user)]
    secrets = [
        user.totp_secret,
        stored[0].get("secret") or stored[0]["seed"],
        stored[1].get("secret") or stored[1]["seed"],
        *codes.get_unused_codes(),
    ]
    pages = list(_every_admin_page(world))
    assert admin_url(User, "change", user.pk) in pages

    for url in pages:
        page = operator.get(url).content.decode()
        assert not [secret for secret in secrets if secret in page], url


# --- Memberships: support can remove, not grant ----------------------------------------------------


def test_the_operator_cannot_give_itself_a_membership(world, operator):
    url = admin_url(Membership, "add")

    refused = operator.post(
        url, {"user": world.operator.pk, "organisation": world.school.pk, "role": Role.SCHOOL_LEADER}
    )

    assert operator.get(url).status_code == 403
    assert refused.status_code == 403
    with unscoped("checking the operator holds no membership"):
        assert not Membership.objects.filter(user=world.operator).exists()


def test_the_operator_cannot_move_a_membership_to_itself(world, operator):
    membership = world.members["ap_lead"]
    url = admin_url(Membership, "change", membership.pk)

    response = operator.post(
        url, {"user": world.operator.pk, "organisation": world.other_school.pk, "role": Role.SCHOOL_LEADER}
    )

    assert response.status_code == 403
    with unscoped("re-reading the membership"):
        membership.refresh_from_db()
    assert (membership.user, membership.organisation, membership.role) == (
        world.user("ap_lead"),
        world.school,
        Role.AP_LEAD,
    )
    assert operator.get(url).status_code == 200  # still readable


def test_removing_a_membership_keeps_the_row_and_records_who_and_when(world, operator):
    membership = world.members["ap_lead"]

    response = run_action(operator, Membership, "remove_memberships", membership)

    assert response.status_code == 302
    with unscoped("re-reading the membership"):
        membership.refresh_from_db()
    assert membership.removed_at is not None
    assert membership.removed_by == world.operator
    assert_recorded(membership, by=world.operator, message="Removed the membership.")
    context = last_history_context(membership)
    assert context["user"] == world.operator.pk
    assert context["url"] == admin_url(Membership, "changelist")


# --- Invitations: support can withdraw, not send or change -----------------------------------------


def test_the_operator_cannot_send_or_redirect_an_invitation(world, operator):
    invitation = factories.InvitationFactory(
        organisation=world.school, invited_by=world.user("school_leader")
    )
    email = invitation.email
    redirected = {"email": world.operator.email, "organisation": world.other_school.pk, "role": Role.AP_LEAD}

    assert operator.get(admin_url(Invitation, "add")).status_code == 403
    assert operator.post(admin_url(Invitation, "add"), redirected).status_code == 403
    assert operator.post(admin_url(Invitation, "change", invitation.pk), redirected).status_code == 403
    with unscoped("re-reading the invitation"):
        invitation.refresh_from_db()
        assert Invitation.objects.count() == 1
    assert (invitation.email, invitation.organisation) == (email, world.school)


def test_withdrawing_an_invitation_is_recorded(world, operator):
    invitation = factories.InvitationFactory(
        organisation=world.school, invited_by=world.user("school_leader")
    )

    run_action(operator, Invitation, "withdraw_invitations", invitation)

    with unscoped("re-reading the invitation"):
        invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.revoked_by == world.operator
    assert_recorded(invitation, by=world.operator, message="Withdrew the invitation.")
    assert last_history_context(invitation)["user"] == world.operator.pk


# --- Accounts: nothing that would let the operator sign in as someone ------------------------------


def test_the_admin_cannot_create_accounts_or_set_passwords(world, operator):
    user = world.user("ap_lead")

    assert operator.get(admin_url(User, "add")).status_code == 403
    with pytest.raises(NoReverseMatch):
        reverse("admin:accounts_user_password_change", args=[user.pk])
    old_address = operator.get(f"/admin/accounts/user/{user.pk}/password/", follow=True)
    assert old_address.redirect_chain[-1][0] == reverse("admin:index")  # "no such user", no form
    assert "password" not in operator.get(admin_url(User, "change", user.pk)).context["adminform"].form.fields


def test_the_admin_changes_a_name_but_not_an_email_address_or_operator_status(world, operator):
    user = world.user("ap_lead")
    url = admin_url(User, "change", user.pk)
    data = form_data(operator, url) | {
        "full_name": "Corrected Name",
        "email": "support@apcommission.example",
        "is_staff": "on",
        "is_superuser": "on",
    }

    operator.post(url, data)

    user.refresh_from_db()
    assert user.full_name == "Corrected Name"
    assert user.email != "support@apcommission.example"
    assert not user.is_staff
    assert not user.is_superuser
    entry = last_log_entry(user)
    assert (entry.user_id, entry.action_flag) == (world.operator.pk, CHANGE)
    assert "Full name" in entry.get_change_message()


def test_deactivating_an_account_is_recorded(world, operator):
    user = world.user("ap_lead")

    run_action(operator, User, "deactivate_accounts", user)

    user.refresh_from_db()
    assert not user.is_active
    assert_recorded(user, by=world.operator, message="Deactivated the account.")


def test_email_addresses_cannot_be_added_or_verified_from_the_admin(world, operator):
    user = world.user("ap_lead")
    address = EmailAddress.objects.create(user=user, email="second@example.org", verified=False)

    assert operator.get(admin_url(EmailAddress, "add")).status_code == 403
    run_action(operator, EmailAddress, "make_verified", address)

    address.refresh_from_db()
    assert not address.verified


# --- Organisations: corrected by support, every change recorded --------------------------------------


def test_an_organisation_change_is_in_the_admin_log_and_the_history(world, operator):
    url = admin_url(Organisation, "change", world.school.pk)

    response = operator.post(url, form_data(operator, url) | {"name": "Renamed Academy"})

    assert response.status_code == 302
    with unscoped("re-reading the organisation"):
        world.school.refresh_from_db()
    assert world.school.name == "Renamed Academy"
    entry = last_log_entry(world.school)
    assert (entry.user_id, entry.action_flag) == (world.operator.pk, CHANGE)
    assert "Name" in entry.get_change_message()
    context = last_history_context(world.school)
    assert (context["user"], context["url"]) == (world.operator.pk, url)


def _moves(world) -> dict:
    """Changes that would give an organisation's staff another organisation's data (or take it away)."""
    return {
        "a school into another area": (world.other_school, {"local_authority": world.la.pk}),
        "a provider onto another area's register": (world.provider, {"local_authority": world.other_la.pk}),
        "a school into a trust": (world.other_school, {"trust": world.trust.pk}),
        "a school out of its trust": (world.school, {"trust": ""}),
        "a school made an LA": (world.sibling_school, {"kind": "local_authority", "la_code": "997"}),
        "an LA's code": (world.la, {"la_code": "997"}),
    }


@pytest.mark.parametrize(
    "move",
    [
        "a school into another area",
        "a provider onto another area's register",
        "a school into a trust",
        "a school out of its trust",
        "a school made an LA",
        "an LA's code",
    ],
)
def test_support_corrects_a_name_but_cannot_move_an_organisation(world, operator, move):
    organisation, change = _moves(world)[move]
    fields = ["kind", "la_code", "laestab", "local_authority_id", "trust_id"]
    before = {name: getattr(organisation, name) for name in fields}
    url = admin_url(Organisation, "change", organisation.pk)

    response = operator.post(url, form_data(operator, url) | change | {"name": "Corrected Name"})

    assert response.status_code == 302
    with unscoped("re-reading the organisation"):
        organisation.refresh_from_db()
    assert organisation.name == "Corrected Name"
    assert {name: getattr(organisation, name) for name in fields} == before


def test_support_cannot_add_an_organisation(world, operator):
    url = admin_url(Organisation, "add")
    data = {"kind": "school", "name": "New School", "urn": "123456", "laestab": f"{world.la.la_code}1234"}

    assert operator.get(url).status_code == 403
    assert operator.post(url, data | {"local_authority": world.la.pk}).status_code == 403
    with unscoped("looking for the organisation"):
        assert not Organisation.objects.filter(name="New School").exists()


def test_organisations_are_never_deleted_from_the_admin(world, operator):
    assert operator.get(admin_url(Organisation, "delete", world.school.pk)).status_code == 403


def test_the_operator_reads_the_admin_log_but_cannot_write_it(world, operator):
    run_action(operator, Membership, "remove_memberships", world.members["ap_lead"])
    entry = LogEntry.objects.latest("action_time")

    page = operator.get(admin_url(LogEntry, "changelist")).content.decode()

    assert "Removed the membership." in page
    assert operator.get(admin_url(LogEntry, "add")).status_code == 403
    assert operator.post(admin_url(LogEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# --- The class: every admin, now and later -----------------------------------------------------------


def _operator_request(world):
    request = RequestFactory().get("/admin/")
    request.user = world.operator
    return request


def test_no_admin_grants_a_membership_or_sign_in_details(world):
    request = _operator_request(world)
    for model in (Membership, Invitation, EmailAddress, Authenticator):
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model


# What decides whose data an organisation's staff see (tenancy/models.py's visible_to and its kind).
ORGANISATION_TENANCY_FIELDS = {"kind", "local_authority", "trust", "la_code"}


def test_no_admin_adds_an_organisation_or_changes_what_it_may_see(world):
    request = _operator_request(world)
    model_admin = admin.site._registry[Organisation]

    assert not model_admin.has_add_permission(request)
    for organisation in (world.la, world.school, world.trust, world.provider):
        editable = set(model_admin.get_form(request, organisation).base_fields)
        assert "name" in editable
        assert not editable & ORGANISATION_TENANCY_FIELDS, organisation.kind


@pytest.mark.parametrize("who", ["member", "deactivated operator"])
def test_support_actions_are_for_active_operators_only(world, who):
    request = _operator_request(world)
    if who == "member":
        request.user = world.user("school_leader")
    else:
        request.user.is_active = False

    for model, model_admin in admin.site._registry.items():
        assert not set(model_admin.get_actions(request)) - {"delete_selected"}, model


def test_every_support_action_asks_the_one_question_of_who_may_take_it():
    """Each admin action is allowed by SupportActions.has_support_permission (an active operator), never
    by a copy of it that could drift."""
    for model, model_admin in admin.site._registry.items():
        for name in set(model_admin.actions or ()) - {"delete_selected"}:
            assert list(getattr(model_admin, name).allowed_permissions) == ["support"], (model, name)
            assert type(model_admin).has_support_permission is SupportActions.has_support_permission, model


def test_every_model_the_admin_can_change_keeps_history_or_is_in_the_admin_log_by_design(world):
    tracked = {getattr(model, "pgh_tracked_model", None) for model in apps.get_models()}
    request = _operator_request(world)
    changeable = [
        model
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
        or set(model_admin.get_actions(request)) - {"delete_selected"}
    ]

    assert Organisation in changeable  # the walk finds what it should
    assert not [model for model in changeable if model not in tracked and model not in LOGGED_WITHOUT_HISTORY]
