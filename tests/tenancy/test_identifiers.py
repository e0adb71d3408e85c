"""Organisations are known by their official identifiers, checked with messages a person can act on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import SettingType
from apcommission.tenancy.scoping import unscoped
from tests import factories


def errors_of(organisation) -> dict[str, list[str]]:
    with unscoped("test"), pytest.raises(ValidationError) as error:
        organisation.full_clean()
    return error.value.message_dict


@pytest.fixture
def demoshire(db):
    return factories.LocalAuthorityFactory(name="Demoshire Council", la_code="999")


def school(la, **fields):
    return Organisation(
        **{"kind": Kind.SCHOOL, "name": "Demoshire Academy", "urn": "999001", "laestab": "9994001"}
        | {"local_authority": la}
        | fields
    )


def test_a_well_formed_school_is_accepted(demoshire):
    with unscoped("test"):
        school(demoshire).full_clean()


def test_a_five_digit_urn_is_refused(demoshire):
    assert errors_of(school(demoshire, urn="99900")) == {"urn": ["Enter the URN as 6 digits, like 999001"]}


def test_a_seven_digit_ukprn_is_refused(demoshire):
    provider = Organisation(kind=Kind.PROVIDER, name="Forge", ukprn="1009990", local_authority=demoshire)

    assert errors_of(provider) == {"ukprn": ["Enter the UKPRN as 8 digits, like 10012345"]}


def test_a_two_digit_la_code_is_refused(db):
    la = Organisation(kind=Kind.LOCAL_AUTHORITY, name="Tinyshire Council", la_code="99")

    assert errors_of(la) == {"la_code": ["Enter the LA code as 3 digits, like 999"]}


def test_a_laestab_must_start_with_its_las_code(demoshire):
    errors = errors_of(school(demoshire, laestab="9984001"))

    assert errors == {"laestab": ["The LAESTAB must start with the LA code 999"]}


def test_a_provider_needs_an_identifier_or_a_setting_type(demoshire):
    provider = Organisation(kind=Kind.PROVIDER, name="Nameless", local_authority=demoshire)

    assert errors_of(provider) == {
        "urn": ["Enter a URN or a UKPRN, or choose a setting type if it has neither"]
    }


def test_a_provider_with_only_a_setting_type_is_accepted(demoshire):
    with unscoped("test"):
        Organisation(
            kind=Kind.PROVIDER,
            name="Bridges Tuition",
            setting_type=SettingType.OOT,
            local_authority=demoshire,
        ).full_clean()


def _insert(**fields):
    with unscoped("test"), pytest.raises(IntegrityError) as error, transaction.atomic():
        Organisation.objects.create(**fields)
    return str(error.value)


def test_the_database_refuses_a_school_without_an_la(db):
    message = _insert(kind=Kind.SCHOOL, name="Orphan School", urn="999009", laestab="9994009")

    assert "school_has_urn_laestab_and_la" in message


def test_the_database_refuses_a_provider_with_no_identifier(demoshire):
    message = _insert(kind=Kind.PROVIDER, name="Nameless", local_authority=demoshire)

    assert "provider_is_identified" in message


def test_the_database_refuses_an_la_without_a_code(db):
    assert "la_has_code" in _insert(kind=Kind.LOCAL_AUTHORITY, name="Codeless Council")


def test_the_database_refuses_a_trust_for_anything_but_a_school(demoshire):
    trust = factories.TrustFactory()

    message = _insert(
        kind=Kind.PROVIDER, name="Trusty", ukprn="10099977", local_authority=demoshire, trust=trust
    )

    assert "only_schools_join_trusts" in message
