"""Sending a referral shows each provider as the school's LA sees it (its list status, an unregistered
setting, an inadequate Ofsted judgement), and asks the AP lead to confirm they know before sending to a
provider the LA has suspended or removed. The page costs the same with a few providers as with many."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from providers.models import ApprovalStatus, OfstedJudgement, RegistrationStatus
from referrals import services
from referrals.models import Recipient, ReferralStatus, ReferralStatusChange
from tests.factories import ProviderFactory
from tests.providers.factories import ApprovedListEntryFactory, ProviderProfileFactory
from tests.providers.pages import queries_for
from tests.referrals.pages import act, draft, signed_in


def listed(world, name: str, status: str | None = None, **profile) -> object:
    provider = ProviderFactory(name=name, local_authority=world.la)
    ProviderProfileFactory(provider=provider, added_by=world.la, **profile)
    if status is not None:
        ApprovedListEntryFactory(
            local_authority=world.la,
            provider=provider,
            status=status,
            conditions="Weekly reports" if status == ApprovalStatus.APPROVED_WITH_CONDITIONS else "",
            placing_conditions="At most 4 pupils"
            if status == ApprovalStatus.APPROVED_WITH_CONDITIONS
            else "",
        )
    return provider


def send(world, referral, *providers, confirmed=()):
    return act(
        world.members["ap_lead"], services.send_referral, referral, providers=providers, confirmed=confirmed
    )


def test_a_provider_the_la_suspended_is_sent_a_referral_only_when_the_school_confirms_it_knows(world):
    suspended = listed(world, "Catalyst Skills", ApprovalStatus.SUSPENDED)
    removed = listed(world, "Gone Training", ApprovalStatus.REMOVED)
    referral = draft(world)

    with pytest.raises(ValidationError) as refused:
        send(world, referral, world.provider, suspended, removed, confirmed=[removed.pk])

    assert refused.value.message_dict == {
        "confirmed": [
            "Confirm you know Catalyst Skills is suspended from the LA's approved list, or do not send the "
            "referral to it"
        ]
    }
    with unscoped("test"):
        assert not Recipient.objects.exists()

    sent = send(world, referral, world.provider, suspended, removed, confirmed=[suspended.pk, removed.pk])

    assert sent.status == ReferralStatus.SENT
    with unscoped("test"):
        move = ReferralStatusChange.objects.filter(referral=referral).latest("pk")
    assert move.reason == (
        "Sent knowing that Catalyst Skills is suspended and Gone Training is removed from the LA's approved "
        "list"
    )


def test_a_provider_not_on_the_list_or_only_applied_is_sent_one_without_confirming(world):
    applied = listed(world, "Bridges Tuition", ApprovalStatus.APPLIED)
    sent = send(world, draft(world), applied, world.provider)  # world.provider is on no list

    assert sent.status == ReferralStatus.SENT
    with unscoped("test"):
        assert ReferralStatusChange.objects.filter(referral=sent).latest("pk").reason == ""


def test_the_send_page_shows_each_providers_standing_beside_its_name(world):
    listed(world, "Approved PRU", ApprovalStatus.APPROVED)
    listed(world, "Horizons School", ApprovalStatus.APPROVED_WITH_CONDITIONS)
    listed(world, "Bridges Tuition", ApprovalStatus.APPLIED)
    listed(
        world,
        "Catalyst Skills",
        ApprovalStatus.SUSPENDED,
        ofsted_judgement=OfstedJudgement.INADEQUATE,
    )
    listed(world, "Gone Training", ApprovalStatus.REMOVED)
    listed(world, "Greenfield Farm", registration_status=RegistrationStatus.UNREGISTERED)
    referral = draft(world)

    response = signed_in(world, "ap_lead").get(reverse("referrals:send", args=[referral.pk]))

    choices = response.context["form"].fields["providers"].choices
    hints = {str(choice.label): choice.hint for choice in choices}
    assert hints["Approved PRU"] == "Approved on your LA's list"
    assert hints["Horizons School"] == (
        "Approved with conditions on your LA's list. Conditions for placing: At most 4 pupils"
    )
    assert hints["Bridges Tuition"] == "Applied to your LA's list, not approved yet"
    assert hints["Catalyst Skills"] == "Suspended from your LA's list. Ofsted: inadequate"
    assert hints["Gone Training"] == "Removed from your LA's list"
    assert hints["Greenfield Farm"] == (
        "Not on your LA's approved list. Unregistered: not registered as a school"
    )
    assert hints["Demoshire PRU"] == "Not on your LA's approved list"
    text = response.content.decode()
    assert "Weekly reports" not in text  # the other conditions are the LA's and the provider's
    assert "I know Catalyst Skills is suspended from the LA&#x27;s approved list" in text
    assert "I know Gone Training is removed from the LA&#x27;s approved list" in text
    assert "I know Bridges Tuition" not in text


def test_sending_to_a_suspended_provider_unconfirmed_is_refused_on_the_page(world):
    suspended = listed(world, "Catalyst Skills", ApprovalStatus.SUSPENDED)
    referral = draft(world)
    client = signed_in(world, "ap_lead")
    url = reverse("referrals:send", args=[referral.pk])

    response = client.post(url, {"providers": [suspended.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors["confirmed"] == [
        "Confirm you know Catalyst Skills is suspended from the LA's approved list, or do not send the "
        "referral to it"
    ]
    assert "There is a problem" in response.content.decode()
    nothing = client.post(url, {})
    assert nothing.context["form"].errors == {
        "providers": ["Choose at least one provider to send the referral to"]  # said once
    }
    response = client.post(url, {"providers": [suspended.pk], "confirmed": [suspended.pk]})
    assert response.status_code == 302
    with unscoped("test"):
        assert [r.provider_id for r in Recipient.objects.filter(referral=referral)] == [suspended.pk]


def test_the_send_page_costs_the_same_with_3_providers_as_with_30(world):
    referral = draft(world)
    client = signed_in(world, "ap_lead")
    url = reverse("referrals:send", args=[referral.pk])
    statuses = list(ApprovalStatus)
    for number in range(3):
        listed(world, f"Early {number}", statuses[number % len(statuses)])
    few = queries_for(client, url)
    for number in range(27):
        listed(world, f"Later {number}", statuses[number % len(statuses)])

    assert queries_for(client, url) == few
    assert len(client.get(url).context["form"].fields["providers"].choices) == 32
