"""The one scoping path: tenant queries are filtered by the acting membership, or refused."""

import pytest

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import ScopeError, acting_as, unscoped


def names(queryset):
    return sorted(o.name for o in queryset)


def test_querying_tenant_data_with_no_scope_is_an_error(world):
    with pytest.raises(ScopeError):
        list(Organisation.objects.all())
    with pytest.raises(ScopeError):
        Membership.objects.count()


def test_unscoped_needs_a_reason(db):
    with pytest.raises(ValueError), unscoped(""):
        pass


def test_a_school_sees_itself_and_every_provider(world):
    with acting_as(world.members["ap_lead"]):
        assert names(Organisation.objects.all()) == ["Demoshire Academy", "Demoshire PRU", "Otherton College"]


def test_an_la_sees_itself_the_schools_of_its_area_and_every_provider(world):
    with acting_as(world.members["la_officer"]):
        assert names(Organisation.objects.all()) == [
            "Demoshire Academy",
            "Demoshire Council",
            "Demoshire PRU",
            "Hillside Primary",
            "Otherton College",
        ]


def test_a_trust_sees_itself_its_schools_and_every_provider(world):
    with acting_as(world.members["trust_leader"]):
        assert names(Organisation.objects.all()) == [
            "Demoshire Academy",
            "Demoshire Learning Trust",
            "Demoshire PRU",
            "Otherton College",
        ]


def test_a_provider_sees_only_itself(world):
    with acting_as(world.members["provider_staff"]):
        assert names(Organisation.objects.all()) == ["Demoshire PRU"]


def test_nobody_sees_nothing(world):
    with acting_as(None):
        assert not Organisation.objects.exists()
        assert not Membership.objects.exists()


def test_members_are_visible_only_within_their_organisation(world):
    with acting_as(world.members["school_leader"]):
        organisations = {m.organisation_id for m in Membership.objects.all()}
    assert organisations == {world.school.pk}


def test_related_managers_are_scoped_too(world):
    """`la.area_organisations` goes through the scoped manager: another LA sees none of its schools."""
    with acting_as(world.members["other_la_officer"]):
        assert not world.la.area_organisations.filter(kind="school").exists()
    with acting_as(world.members["la_officer"]):
        assert world.la.area_organisations.count() == 3


def test_asking_for_another_memberships_view_than_the_acting_one_is_an_error(world):
    with acting_as(world.members["ap_lead"]), pytest.raises(ScopeError):
        Organisation.objects.visible_to(world.members["la_officer"])


def test_asking_for_a_view_with_no_scope_or_no_membership_is_an_error(world):
    with pytest.raises(ScopeError):
        Organisation.objects.visible_to(world.members["ap_lead"])
    with acting_as(None), pytest.raises(ScopeError):
        Organisation.objects.visible_to(world.members["ap_lead"])
    with unscoped("a task acting for nobody yet"), pytest.raises(ScopeError):
        Organisation.objects.visible_to(None)


def test_a_task_may_read_a_named_memberships_view_inside_unscoped(world):
    with unscoped("a task acting for the AP lead"):
        assert names(Organisation.objects.visible_to(world.members["ap_lead"])) == [
            "Demoshire Academy",
            "Demoshire PRU",
            "Otherton College",
        ]


def test_visible_to_applies_the_rule_once_not_again_on_the_ambient_filter(world):
    from apcommission.tenancy import visibility

    member = world.members["trust_leader"]
    with acting_as(member):
        explicit = str(Organisation.objects.visible_to(member).query)
        ambient = str(Organisation.objects.all().query)
    once = str(Organisation._base_manager.filter(visibility.organisations(member)).query)
    assert explicit == once == ambient
