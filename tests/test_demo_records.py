"""The demo's provider records are made by the services, each acting as the person it names, so they keep
every rule real use keeps; and the demo's people still sign in."""

import io
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from apcommission.demo import world
from apcommission.demo.providers import ENTRIES, PROFILES
from apcommission.demo.seed import demo_totp_secret, seed_demo
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import current_scope, unscoped
from providers import rules
from providers.models import (
    ActionUpdate,
    ApprovedListEntry,
    AreaJudgement,
    Evidence,
    ProviderProfile,
    QAAction,
    QAArea,
    QAVisit,
    Site,
    StatusChange,
)
from providers.services import approval, corrections, evidence, profile, quality
from providers.services.approval import TRANSITIONS
from tests.accounts.signing_in import enter_code, fresh_totp_code, is_signed_in, sign_in_with_password

GENERATED = 5  # one of each kind of generated entry history

SERVICES = {
    profile: ["add_provider", "add_site"],
    evidence: ["record_evidence"],
    approval: ["add_to_list", "change_status"],
    quality: ["record_visit", "reply_to_action"],
    corrections: ["mark_evidence_entered_in_error", "mark_visit_entered_in_error"],
}


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def seeded(db):
    seed("--providers", str(GENERATED))


def test_every_record_is_made_by_a_service_acting_as_the_membership_it_is_given(db, monkeypatch):
    calls = []

    def spy(name, service):
        def called(**kwargs):
            calls.append((name, current_scope() is kwargs["by"], kwargs["by"].role))
            return service(**kwargs)

        return called

    for module, names in SERVICES.items():
        for name in names:
            monkeypatch.setattr(module, name, spy(name, getattr(module, name)))

    seed("--providers", str(GENERATED))

    assert {name for name, _, _ in calls} == set(itertools.chain(*SERVICES.values()))
    assert all(acting for _, acting, _ in calls), [call for call in calls if not call[1]]
    assert {role for _, _, role in calls} == {Role.LA_OFFICER, Role.AP_LEAD, Role.PROVIDER_MANAGER}


def test_a_rule_the_services_keep_stops_the_demo_too(db, monkeypatch):
    monkeypatch.setattr(rules, "can_record_visit", lambda membership: False)

    with pytest.raises(PermissionDenied):
        seed_demo()

    with unscoped("test"):
        assert not Organisation.objects.exists()  # all or nothing


def test_every_provider_record_passes_validation(seeded):
    with unscoped("test"):
        for model in (ProviderProfile, Site, Evidence, ApprovedListEntry, QAVisit, AreaJudgement, QAAction):
            rows = list(model.objects.all())
            assert rows, model
            for row in rows:
                row.full_clean()
        for change in StatusChange.objects.all():
            change.full_clean(exclude=["from_status"])  # blank for the first status, as the service writes it
        for update in ActionUpdate.objects.all():
            update.full_clean()


def test_each_entry_moved_only_as_the_list_allows_to_the_status_it_has(seeded):
    with unscoped("test"):
        entries = list(ApprovedListEntry.objects.prefetch_related("status_changes"))
        assert len(entries) == len(ENTRIES) + GENERATED
        for entry in entries:
            moves = sorted(entry.status_changes.all(), key=lambda change: change.pk)
            assert moves[0].from_status == ""
            assert moves[0].to_status in approval.STARTING_STATUSES
            for earlier, later in itertools.pairwise(moves):
                assert later.from_status == earlier.to_status
                assert later.to_status in TRANSITIONS[earlier.to_status]
            assert moves[-1].to_status == entry.status
            assert {change.changed_by_id for change in moves} <= officers_of(entry.local_authority)
        statuses = {entry.status for entry in entries}
    assert statuses >= {"applied", "approved", "approved_with_conditions", "suspended"}


def test_each_visit_judges_its_visitors_whole_framework_and_its_actions_fall_due_after_it(seeded):
    with unscoped("test"):
        visits = QAVisit.objects.prefetch_related("judgements", "actions").select_related(
            "visiting_organisation"
        )
        for visit in visits:
            visitor = visit.visiting_organisation
            la_id = visitor.pk if visitor.local_authority_id is None else visitor.local_authority_id
            framework = QAArea.objects.filter(Q(local_authority=None) | Q(local_authority_id=la_id))
            assert {judgement.area_id for judgement in visit.judgements.all()} == {
                area.pk for area in framework
            }
            assert all(action.due_on >= visit.visited_on for action in visit.actions.all())


def test_the_demo_officer_signs_in_with_the_demo_password_and_a_code_and_sees_the_list(seeded, client):
    email = "la.officer@demoshire.example"

    sign_in_with_password(client, email, world.DEMO_PASSWORD)
    enter_code(client, fresh_totp_code(demo_totp_secret(email))[0])

    assert is_signed_in(client)
    page = client.get(reverse("approved_list")).content.decode()
    assert "Horizons Independent School" in page


def officers_of(organisation) -> set[int]:
    members = organisation.memberships.filter(role=Role.LA_OFFICER)
    return set(members.values_list("user_id", flat=True))


def test_the_history_of_the_demos_records_names_the_command_that_made_them(seeded):
    with unscoped("test: reading history"):
        events = list(Evidence.pgh_event_model.objects.select_related("pgh_context"))

    assert events
    assert {event.pgh_context.metadata["command"] for event in events} == {"seed_demo"}


def test_each_demo_provider_was_added_to_the_area_the_world_gives_it(seeded):
    with unscoped("test"):
        for key, (_, name, fields) in world.ORGANISATIONS.items():
            if key in PROFILES:
                provider = Organisation.objects.select_related("local_authority").get(name=name)
                area = world.ORGANISATIONS[fields["local_authority"]][1]
                assert provider.local_authority.name == area, name
