"""The access matrix (SECURITY.md promise 1): every URL pattern x method x role, as data.

Reading this table is reading the authorisation rules. Each row names a URL (by its URL name), a method,
how to build the URL from the test world (`tests.conftest.World`) and what every one of the fifteen roles
gets back. A redirect always says where it goes (`LOGIN`, `MFA`, `to("members")`, ...): the runner
resolves the `Location` header and compares view names.

The words of the table:
- `LOGIN`: signed out, sent to sign in. `MFA`: signed in without an authenticator app, sent to set one up.
- `NOT_FOUND` for another tenant's object (existence is not revealed), `FORBIDDEN` for the right tenant
  without the permission, `NOT_ALLOWED` for a wrong method.
- `REAUTH`: allauth asks for the password again before security settings. Rows marked `fresh=True` sign in
  and then re-enter the password, as a person just back from that prompt would.

Roles are the named memberships of the `world` fixture, plus `anonymous`, `operator` (support staff with
no organisation) and `no_mfa` (a school member who has not set up MFA). Groups (`members`, `admins`, `la`,
...) keep rows short; later keywords override earlier ones, and every role must end up with an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.utils import timezone

from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from tests import factories
from tests.factories import PASSWORD


@dataclass(frozen=True)
class Expect:
    status: int
    to: str | None = None  # for a redirect: the view name its Location resolves to

    def __str__(self) -> str:
        return f"{self.status} to {self.to}" if self.to else str(self.status)


def to(view_name: str) -> Expect:
    """A redirect to the page named `view_name`."""
    return Expect(302, view_name)


OK = Expect(200)
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
LOGIN = to("account_login")
MFA = to("mfa_activate_totp")
REAUTH = to("account_reauthenticate")
HOME = to("home")
ADMIN_LOGIN = to("admin:login")

ROLES = (
    "anonymous",
    "la_officer",
    "la_viewer",
    "other_la_officer",
    "ap_lead",
    "dsl",
    "school_leader",
    "school_staff",
    "other_school_leader",
    "trust_leader",
    "provider_manager",
    "provider_staff",
    "other_provider_manager",
    "operator",
    "no_mfa",
)
MEMBERS = ROLES[1:13]
GROUPS = {
    "everyone": ROLES,
    "signed_in": ROLES[1:],
    "members": MEMBERS,
    # The roles that administer their organisation's members.
    "admins": (
        "la_officer",
        "other_la_officer",
        "school_leader",
        "other_school_leader",
        "trust_leader",
        "provider_manager",
        "other_provider_manager",
    ),
    "la": ("la_officer", "la_viewer", "other_la_officer"),
    "school": ("ap_lead", "dsl", "school_leader", "school_staff", "other_school_leader"),
    "provider": ("provider_manager", "provider_staff", "other_provider_manager"),
}

# A role each administrator may give in their own kind of organisation (invitations).
ROLE_TO_GIVE = {
    "la_officer": "la_viewer",
    "other_la_officer": "la_viewer",
    "school_leader": "school_staff",
    "other_school_leader": "school_staff",
    "trust_leader": "trust_leader",
    "provider_manager": "provider_staff",
    "other_provider_manager": "provider_staff",
}


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: dict[str, Expect]
    note: str = ""
    kwargs: Callable = _no_kwargs  # world -> URL kwargs
    data: Callable | None = None  # (world, role) -> POST body
    setup: Callable | None = None  # world -> None: extra rows this one needs (rolled back after the row)
    fresh: bool = False  # signed in, then re-entered the password
    shows: tuple[str, Callable] | None = None  # (what, response -> bool) every 200 answer must pass

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}" + (f" ({self.note})" if self.note else "")


def rule(
    name: str,
    method: str = "GET",
    *,
    defaults=None,
    note="",
    kwargs=_no_kwargs,
    data=None,
    setup=None,
    fresh=False,
    shows=None,
    **answers,
) -> Row:
    """One row. `answers` maps roles or groups to what they get, applied in order after `defaults`."""
    expected: dict[str, Expect] = {}
    for who, answer in [*(defaults or {}).items(), *answers.items()]:
        if isinstance(answer, int):
            if answer == 302:
                raise ValueError(f"{name}: say where a redirect goes (LOGIN, MFA, to(...))")
            answer = Expect(answer)
        for role in GROUPS.get(who, (who,)):
            if role not in ROLES:
                raise ValueError(f"{name}: unknown role or group {who!r}")
            expected[role] = answer
    missing = [role for role in ROLES if role not in expected]
    if missing:
        raise ValueError(f"{name} {method}: no answer for {', '.join(missing)}")
    return Row(name, method, expected, note, kwargs, data, setup, fresh, shows)


def page(name: str, method: str = "GET", **answers) -> Row:
    """A signed-in page: anonymous people sign in, people without MFA set it up, the operator (who has no
    organisation) is refused. `answers` says what members get."""
    return rule(name, method, defaults={"anonymous": LOGIN, "operator": FORBIDDEN, "no_mfa": MFA}, **answers)


def wrong_method(name: str, method: str, *, note="wrong method", **answers) -> Row:
    """Refused before anything else, except that someone without MFA is first sent to set it up."""
    return rule(name, method, defaults={"everyone": NOT_ALLOWED, "no_mfa": MFA}, note=note, **answers)


def account_page(name: str, method: str = "GET", **answers) -> Row:
    """An allauth page for a signed-in person: the anonymous sign in; without MFA, set it up first."""
    return rule(name, method, defaults={"anonymous": LOGIN, "signed_in": OK, "no_mfa": MFA}, **answers)


def open_page(name: str, method: str = "GET", **answers) -> Row:
    """An allauth page anyone may open; someone signed in without MFA is sent to set it up first."""
    return rule(name, method, defaults={"everyone": OK, "no_mfa": MFA}, **answers)


# What a 200 must show (by template and context, not wording, which changes with our templates).
def template(name: str) -> tuple[str, Callable]:
    return f"the template {name}", lambda response: name in {t.name for t in response.templates}


def context(key: str, value) -> tuple[str, Callable]:
    return (
        f"{key}={value!r} in the context",
        lambda response: (
            response.context is not None and key in response.context and response.context[key] == value
        ),
    )


# URL kwargs from the world.
def pk(attribute: str) -> Callable:
    return lambda world: {"pk": getattr(world, attribute).pk}


def membership(role: str) -> Callable:
    return lambda world: {"pk": world.members[role].pk}


VALID_TOKEN = "a-valid-invitation-token"


# Extra rows some checks need.
def pending_invitation_at(organisation: str, inviter: str) -> Callable:
    def setup(world):
        world.invitation = factories.InvitationFactory(
            organisation=getattr(world, organisation), invited_by=world.members[inviter].user
        )

    return setup


def expired_invitation_at(organisation: str, inviter: str) -> Callable:
    def setup(world):
        world.invitation = factories.InvitationFactory(
            organisation=getattr(world, organisation),
            invited_by=world.members[inviter].user,
            expires_at=timezone.now() - timedelta(days=1),
        )

    return setup


def invitation_for(email: Callable) -> Callable:
    def setup(world):
        factories.InvitationFactory(token=VALID_TOKEN, organisation=world.school, email=email(world))

    return setup


def recovery_codes_for_everyone_with_totp(world):
    for user in [m.user for m in world.members.values()] + [world.operator]:
        RecoveryCodes.activate(user)


def removed(role: str) -> Callable:
    def setup(world):
        # An update, not a save: the world's objects are shared by every row and must stay as built.
        with unscoped("test data"):
            Membership.objects.filter(pk=world.members[role].pk).update(removed_at=timezone.now())

    return setup


def own_membership(world, role) -> dict:
    return {"membership": world.members[role].pk if role in world.members else ""}


def someone_elses_membership(world, role) -> dict:
    other = "school_leader" if role == "la_officer" else "la_officer"
    return {"membership": world.members[other].pk}


def new_invitee(world, role) -> dict:
    return {"email": "new.person@example.org", "role": ROLE_TO_GIVE.get(role, "school_staff")}


NEW_PERSON = {
    "full_name": "New Person",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
}


# What a browser posts for a form with no fields of its own: the submit button (and a CSRF token).
def just_submit(world, role) -> dict:
    return {"submit": "Continue"}


CORE_ROWS: list[Row] = [
    # --- The project's own pages -------------------------------------------------------------------
    page("home", members=OK, operator=OK, anonymous=LOGIN),
    wrong_method("home", "POST"),
    rule("healthz", everyone=OK),
    wrong_method("healthz", "POST", no_mfa=NOT_ALLOWED),
    rule("ping", everyone=OK),
    wrong_method("ping", "POST", no_mfa=NOT_ALLOWED),
    # The footer's public pages: for everyone, signed in or not, with or without MFA.
    *[
        row
        for name in ("privacy_notice", "accessibility_statement", "cookies", "contact")
        for row in (rule(name, everyone=OK), wrong_method(name, "POST", no_mfa=NOT_ALLOWED))
    ],
    page("organisation", members=OK),
    wrong_method("organisation", "PUT"),
    # Switching organisation: a form post of one of your own membership ids.
    wrong_method("switch_organisation", "GET"),
    page("switch_organisation", "POST", note="your own membership", data=own_membership, members=HOME),
    page(
        "switch_organisation",
        "POST",
        note="another person's membership",
        data=someone_elses_membership,
        members=NOT_FOUND,
    ),
    # Members: administrators of an organisation manage its members; nobody else sees them.
    page("members", members=FORBIDDEN, admins=OK),
    wrong_method("members", "DELETE"),
    page("invite_member", members=FORBIDDEN, admins=OK),
    page(
        "invite_member",
        "POST",
        note="a valid invitation",
        data=new_invitee,
        members=FORBIDDEN,
        admins=to("members"),
    ),
    wrong_method("invite_member", "PUT"),
    page(
        "change_member_role",
        note="a colleague at the school",
        kwargs=membership("school_staff"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=OK,
    ),
    page(
        "change_member_role",
        "POST",
        note="a colleague at the school",
        kwargs=membership("school_staff"),
        data=lambda world, role: {"role": "dsl"},
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=to("members"),
    ),
    page(
        "change_member_role",
        note="a colleague at the LA",
        kwargs=membership("la_viewer"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
        la_officer=OK,
    ),
    page(
        "change_member_role",
        "POST",
        note="a colleague at the LA",
        kwargs=membership("la_viewer"),
        data=lambda world, role: {"role": "la_officer"},
        members=FORBIDDEN,
        admins=NOT_FOUND,
        la_officer=to("members"),
    ),
    # Nobody changes their own role (so an organisation cannot lock all its administrators out).
    page(
        "change_member_role",
        note="the school leader's own membership",
        kwargs=membership("school_leader"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
    ),
    page(
        "change_member_role",
        note="a member who has been removed",
        kwargs=membership("school_staff"),
        setup=removed("school_staff"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
    ),
    wrong_method("change_member_role", "PUT", kwargs=membership("school_staff")),
    page(
        "remove_member",
        note="a colleague at the school",
        kwargs=membership("school_staff"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=OK,
    ),
    page(
        "remove_member",
        "POST",
        note="a colleague at the school",
        kwargs=membership("school_staff"),
        data=just_submit,
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=to("members"),
    ),
    page(
        "remove_member",
        "POST",
        note="a colleague at the provider",
        kwargs=membership("provider_staff"),
        data=just_submit,
        members=FORBIDDEN,
        admins=NOT_FOUND,
        provider_manager=to("members"),
    ),
    wrong_method("remove_member", "DELETE", kwargs=membership("school_staff")),
    # Invitations, waiting or expired, are withdrawn by the inviting organisation's administrators, after
    # a confirmation page.
    page(
        "withdraw_invitation",
        note="the school's invitation",
        kwargs=pk("invitation"),
        setup=pending_invitation_at("school", "school_leader"),
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=OK,
    ),
    page(
        "withdraw_invitation",
        "POST",
        note="the school's expired invitation",
        kwargs=pk("invitation"),
        setup=expired_invitation_at("school", "school_leader"),
        data=just_submit,
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=to("members"),
    ),
    wrong_method(
        "withdraw_invitation",
        "PUT",
        kwargs=pk("invitation"),
        setup=pending_invitation_at("school", "school_leader"),
    ),
    page(
        "withdraw_invitation",
        "POST",
        note="the school's invitation",
        kwargs=pk("invitation"),
        setup=pending_invitation_at("school", "school_leader"),
        data=just_submit,
        members=FORBIDDEN,
        admins=NOT_FOUND,
        school_leader=to("members"),
    ),
    page(
        "withdraw_invitation",
        "POST",
        note="the LA's invitation",
        kwargs=pk("invitation"),
        setup=pending_invitation_at("la", "la_officer"),
        data=just_submit,
        members=FORBIDDEN,
        admins=NOT_FOUND,
        la_officer=to("members"),
    ),
    # Schools: an LA sees the schools of its area, a trust its own schools.
    page("schools", members=FORBIDDEN, la=OK, trust_leader=OK),
    wrong_method("schools", "POST"),
    page(
        "school_detail",
        note="a Demoshire school in the trust",
        kwargs=pk("school"),
        members=FORBIDDEN,
        la=OK,
        other_la_officer=NOT_FOUND,
        trust_leader=OK,
    ),
    page(
        "school_detail",
        note="a Demoshire school outside the trust",
        kwargs=pk("sibling_school"),
        members=FORBIDDEN,
        la=OK,
        other_la_officer=NOT_FOUND,
        trust_leader=NOT_FOUND,
    ),
    page(
        "school_detail",
        note="another LA's school",
        kwargs=pk("other_school"),
        members=FORBIDDEN,
        la=NOT_FOUND,
        other_la_officer=OK,
        trust_leader=NOT_FOUND,
    ),
    page(
        "school_detail",
        note="a provider is not a school",
        kwargs=pk("provider"),
        members=FORBIDDEN,
        la=NOT_FOUND,
        trust_leader=NOT_FOUND,
    ),
    wrong_method("school_detail", "POST", kwargs=pk("school")),
    # The invitation link: whoever holds it may open it, MFA or not; a bad token is not found.
    rule(
        "accept_invitation",
        note="a valid token",
        kwargs=lambda world: {"token": VALID_TOKEN},
        setup=invitation_for(lambda world: "invitee@example.org"),
        everyone=OK,
    ),
    rule(
        "accept_invitation",
        note="an unknown token",
        kwargs=lambda world: {"token": "no-such-token"},
        everyone=NOT_FOUND,
    ),
    # A new address is taken up by someone signed out, who then sets up MFA; signed in as anyone, the
    # page says the invitation is for someone else and offers to sign out.
    rule(
        "accept_invitation",
        "POST",
        note="a new person joins, then sets up MFA",
        kwargs=lambda world: {"token": VALID_TOKEN},
        setup=invitation_for(lambda world: "invitee@example.org"),
        data=lambda world, role: NEW_PERSON,
        anonymous=MFA,
        signed_in=FORBIDDEN,
    ),
    # An address with an account: only that account, signed in, accepts, and then acts for the school.
    rule(
        "accept_invitation",
        note="for someone with an account",
        kwargs=lambda world: {"token": VALID_TOKEN},
        setup=invitation_for(lambda world: world.members["la_viewer"].user.email),
        everyone=OK,
    ),
    rule(
        "accept_invitation",
        "POST",
        note="for someone with an account",
        kwargs=lambda world: {"token": VALID_TOKEN},
        setup=invitation_for(lambda world: world.members["la_viewer"].user.email),
        data=just_submit,
        anonymous=LOGIN,
        signed_in=FORBIDDEN,
        la_viewer=HOME,
    ),
    wrong_method(
        "accept_invitation",
        "PUT",
        kwargs=lambda world: {"token": VALID_TOKEN},
        setup=invitation_for(lambda world: "invitee@example.org"),
        no_mfa=NOT_ALLOWED,
    ),
    # --- django-allauth, under /accounts/ ------------------------------------------------------------
    rule("account_login", anonymous=OK, signed_in=HOME, no_mfa=MFA),
    rule(
        "account_login",
        "POST",
        note="a right password: then the second factor",
        data=lambda world, role: {"login": world.members["la_officer"].user.email, "password": PASSWORD},
        anonymous=to("mfa_authenticate"),
        signed_in=HOME,
        no_mfa=MFA,
    ),
    rule("account_logout", anonymous=HOME, signed_in=OK),
    rule("account_logout", "POST", everyone=HOME),
    open_page("account_inactive"),
    rule(
        "account_signup",
        note="sign-up is closed",
        shows=template("account/signup_closed.html"),
        anonymous=OK,
        signed_in=HOME,
        no_mfa=MFA,
    ),
    rule(
        "account_signup",
        "POST",
        note="sign-up is closed",
        shows=template("account/signup_closed.html"),
        data=lambda world, role: {
            "email": "walk.in@example.org",
            "password1": NEW_PERSON["password1"],
            "password2": NEW_PERSON["password1"],
        },
        anonymous=OK,
        signed_in=HOME,
        no_mfa=MFA,
    ),
    account_page("account_reauthenticate", no_mfa=OK),
    account_page("account_email"),
    open_page("account_email_verification_sent", no_mfa=OK),
    rule(
        "account_confirm_email",
        note="a bogus key",
        kwargs=lambda world: {"key": "bogus-key"},
        shows=context("confirmation", None),
        everyone=OK,
    ),
    account_page("account_change_password"),
    account_page(
        "account_set_password",
        note="they already have a password",
        signed_in=to("account_change_password"),
        no_mfa=MFA,
    ),
    open_page("account_reset_password"),
    open_page("account_reset_password_done"),
    open_page(
        "account_reset_password_from_key",
        note="a bogus key",
        shows=context("token_fail", True),
        kwargs=lambda world: {"uidb36": "1", "key": "bogus-key"},
    ),
    open_page("account_reset_password_from_key_done"),
    rule(
        "account_confirm_login_code",
        note="no code was requested",
        anonymous=LOGIN,
        signed_in=HOME,
        no_mfa=MFA,
    ),
    account_page("mfa_index", no_mfa=OK),
    rule(
        "mfa_authenticate",
        note="no sign-in is waiting for a code",
        anonymous=LOGIN,
        signed_in=HOME,
        no_mfa=MFA,
    ),
    account_page("mfa_reauthenticate"),
    account_page("mfa_activate_totp", note="signed in a while ago", signed_in=REAUTH),
    account_page(
        "mfa_activate_totp",
        note="just re-entered the password",
        fresh=True,
        signed_in=to("mfa_deactivate_totp"),
        no_mfa=OK,
    ),
    account_page("mfa_deactivate_totp", note="signed in a while ago", signed_in=REAUTH, no_mfa=MFA),
    account_page("mfa_deactivate_totp", note="just re-entered the password", fresh=True, no_mfa=MFA),
    account_page(
        "mfa_view_recovery_codes",
        note="signed in a while ago",
        setup=recovery_codes_for_everyone_with_totp,
        signed_in=REAUTH,
        no_mfa=NOT_FOUND,
    ),
    account_page(
        "mfa_view_recovery_codes",
        note="just re-entered the password",
        fresh=True,
        setup=recovery_codes_for_everyone_with_totp,
        no_mfa=NOT_FOUND,
    ),
    account_page("mfa_generate_recovery_codes", note="signed in a while ago", signed_in=REAUTH),
    account_page("mfa_generate_recovery_codes", note="just re-entered the password", fresh=True, no_mfa=OK),
    account_page(
        "mfa_download_recovery_codes",
        note="signed in a while ago",
        setup=recovery_codes_for_everyone_with_totp,
        signed_in=REAUTH,
        no_mfa=NOT_FOUND,
    ),
    account_page(
        "mfa_download_recovery_codes",
        note="just re-entered the password",
        fresh=True,
        setup=recovery_codes_for_everyone_with_totp,
        no_mfa=NOT_FOUND,
    ),
    # --- The operator's Django admin (every other admin page: test_every_admin_page_is_for_the_operator)
    rule("admin:index", anonymous=ADMIN_LOGIN, members=ADMIN_LOGIN, operator=OK, no_mfa=MFA),
    rule(
        "admin:login",
        note="signs in through allauth",
        anonymous=LOGIN,
        members=FORBIDDEN,
        operator=to("admin:index"),
        no_mfa=MFA,
    ),
    rule(
        "admin:tenancy_organisation_changelist",
        anonymous=ADMIN_LOGIN,
        members=ADMIN_LOGIN,
        operator=OK,
        no_mfa=MFA,
    ),
    rule(
        "admin:tenancy_organisation_change",
        note="any organisation",
        kwargs=lambda w: {"object_id": w.school.pk},
        anonymous=ADMIN_LOGIN,
        members=ADMIN_LOGIN,
        operator=OK,
        no_mfa=MFA,
    ),
    # Django signs out of the admin by POST only; its admin_view sends anyone else to the admin index.
    rule(
        "admin:logout",
        anonymous=to("admin:index"),
        members=to("admin:index"),
        operator=NOT_ALLOWED,
        no_mfa=MFA,
    ),
    rule(
        "admin:logout",
        "POST",
        anonymous=to("admin:index"),
        members=to("admin:index"),
        operator=OK,
        no_mfa=MFA,
    ),
]
