"""Every phone number a provider's profile holds is checked as a UK number, the DSL's as the general one
is: on every save (the model) and so on the form, with the GOV.UK message, asking with a telephone
keypad. The class, not the instance: a phone field added later is held to the same rule."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.forms.profile import ProviderProfileForm
from providers.models import ProviderProfile
from providers.models.contact import PHONE_MESSAGE, validate_uk_phone
from providers.services import profile as services
from tests.bound_client import BoundClient
from tests.forms.browser_post import posted_form

PHONE_FIELDS = [
    (model, field)
    for model in apps.get_app_config("providers").get_models()
    for field in model._meta.get_fields()
    if "phone" in field.name
]


def test_the_profile_has_more_than_one_phone_field():
    assert {field.name for _model, field in PHONE_FIELDS} >= {"phone", "dsl_phone"}


@pytest.mark.parametrize(
    ("model", "field"),
    [pytest.param(*item, id=f"{item[0].__name__}.{item[1].name}") for item in PHONE_FIELDS],
)
def test_every_phone_field_is_checked_as_a_uk_number(model, field):
    assert validate_uk_phone in field.validators, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("name", [field.name for model, field in PHONE_FIELDS if model is ProviderProfile])
def test_every_phone_field_on_the_form_asks_with_a_telephone_keypad(world, name):
    form = ProviderProfileForm(organisation=world.provider, instance=ProviderProfile(provider=world.provider))

    assert form.fields[name].widget.input_type == "tel"


def test_the_service_refuses_a_dsl_phone_that_is_not_a_number(world):
    membership = world.members["provider_manager"]
    identity = {"name": world.provider.name, "urn": None, "ukprn": world.provider.ukprn, "setting_type": ""}
    with acting_as(membership), pytest.raises(ValidationError) as refused:
        services.update_profile(
            provider=world.provider, by=membership, identity=identity, profile={"dsl_phone": "abc"}
        )

    assert refused.value.message_dict == {"dsl_phone": [PHONE_MESSAGE]}


def edit_profile(world, **changes):
    client = BoundClient()
    client.force_login(world.user("provider_manager"))
    url = reverse("provider_edit", args=[world.provider.pk])
    data = posted_form(client.get(url).content.decode())
    return client.post(url, {**data, **{name: [value] for name, value in changes.items()}})


def dsl_phone(world) -> str:
    with unscoped("test"):
        return ProviderProfile.objects.get(provider=world.provider).dsl_phone


def test_the_profile_form_refuses_abc_as_the_dsl_phone_and_saves_nothing(world):
    response = edit_profile(world, dsl_phone="abc")

    assert response.status_code == 200
    assert response.context["form"].errors == {"dsl_phone": [PHONE_MESSAGE]}
    assert dsl_phone(world) == ""


def test_the_profile_form_saves_a_real_dsl_phone(world):
    response = edit_profile(world, dsl_phone="07700 900 982")

    assert response.status_code == 302
    assert dsl_phone(world) == "07700 900 982"
