"""The vocabularies an LA extends (approval categories, QA areas, evidence types) share one model shape, one
pair of services and one settings list: each behaviour is proved here once for all three."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from apcommission.vocabulary.models import VocabularyEntry
from apcommission.vocabulary.services import add_entry, retire_entry
from providers.models import ApprovalCategory, EvidenceType, QAArea
from tests.bound_client import BoundClient
from tests.providers.factories import ApprovalCategoryFactory, LAEvidenceTypeFactory, QAAreaFactory

# Each vocabulary: its model, what else adding one needs, its factory, a standard entry's name and its page.
VOCABULARIES = [
    pytest.param(ApprovalCategory, {}, ApprovalCategoryFactory, "SEMH", "approval_categories", id="category"),
    pytest.param(
        QAArea, {"description": "Escorts"}, QAAreaFactory, "Health and safety", "qa_areas", id="area"
    ),
    pytest.param(
        EvidenceType,
        {"description": "Termly drills", "default_validity_days": 120},
        LAEvidenceTypeFactory,
        "Insurance",
        "evidence_types",
        id="evidence type",
    ),
]


def add(world, model, fields, name, role="la_officer"):
    membership = world.members[role]
    with acting_as(membership):
        return add_entry(model, by=membership, name=name, **fields)


def retire(world, entry, role="la_officer"):
    membership = world.members[role]
    with acting_as(membership):
        return retire_entry(entry, by=membership)


def stored(entry):
    with unscoped("test"):
        return type(entry).objects.get(pk=entry.pk)


def standard(model, name_starts):
    with unscoped("test"):
        return model.objects.get(local_authority=None, name__startswith=name_starts)


def officer_client(world):
    client = BoundClient()
    client.force_login(world.user("la_officer"))
    return client


def test_the_three_vocabularies_are_one_shape():
    for model in (ApprovalCategory, QAArea, EvidenceType):
        assert issubclass(model, VocabularyEntry)
        fields = {field.name for field in model._meta.fields}
        assert {"name", "local_authority", "order", "retired_at"} <= fields
        assert model._meta.ordering == ["order", "name"]


def test_their_tables_are_unchanged_by_the_shared_model(db):
    out = io.StringIO()
    call_command("makemigrations", "providers", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_an_officer_adds_an_entry_of_the_las_own_with_its_name_tidied(
    world, model, fields, factory, standard_name, page
):
    entry = add(world, model, fields, "  Transport   and   escorts ")
    saved = stored(entry)
    assert (saved.name, saved.local_authority, saved.retired_at) == ("Transport and escorts", world.la, None)
    for name, value in fields.items():
        assert getattr(saved, name) == value


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_a_name_the_la_already_sees_is_refused_whatever_its_case_even_retired(
    world, model, fields, factory, standard_name, page
):
    retired = factory(local_authority=world.la, name="Old one", retired_at=timezone.now())
    for name in (standard_name.upper(), retired.name.lower()):
        with pytest.raises(ValidationError) as refused:
            add(world, model, fields, name)
        assert refused.value.message_dict == {"name": [f"There is already {article(model)} with this name"]}


def article(model) -> str:
    return f"{'an' if model.noun[0] in 'aeiou' else 'a'} {model.noun}"


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_another_las_name_may_be_used(world, model, fields, factory, standard_name, page):
    factory(local_authority=world.other_la, name="Transport")
    assert stored(add(world, model, fields, "Transport")).local_authority == world.la


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_only_an_la_officer_adds(world, model, fields, factory, standard_name, page):
    for role in ("la_viewer", "ap_lead", "provider_manager"):
        with pytest.raises(PermissionDenied):
            add(world, model, fields, "Transport", role=role)
    with unscoped("test"):
        assert not model.objects.filter(name="Transport").exists()


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_an_empty_name_is_refused(world, model, fields, factory, standard_name, page):
    with pytest.raises(ValidationError) as refused:
        add(world, model, fields, "   ")
    assert refused.value.message_dict == {"name": [f"Enter the name of the {model.noun}"]}


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_the_las_own_entry_is_retired_once_and_kept(world, model, fields, factory, standard_name, page):
    own = factory(local_authority=world.la)
    retired_at = retire(world, own).retired_at
    assert stored(own).retired_at == retired_at is not None
    with pytest.raises(PermissionDenied):
        retire(world, own)
    assert stored(own).retired_at == retired_at
    with acting_as(world.members["la_officer"]):
        assert own not in model.objects.visible_to(world.members["la_officer"]).in_use()
        assert own in model.objects.visible_to(world.members["la_officer"])


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_a_standard_entry_or_another_las_is_never_retired(world, model, fields, factory, standard_name, page):
    for entry in (standard(model, standard_name), factory(local_authority=world.other_la)):
        with pytest.raises(PermissionDenied):
            retire(world, entry)
        assert stored(entry).retired_at is None


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_a_viewer_cannot_retire(world, model, fields, factory, standard_name, page):
    own = factory(local_authority=world.la)
    with pytest.raises(PermissionDenied):
        retire(world, own, role="la_viewer")
    assert stored(own).retired_at is None


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_the_settings_list_offers_retire_for_the_las_own_entries_in_use_only(
    world, model, fields, factory, standard_name, page
):
    own = factory(local_authority=world.la, name="Ours in use")
    retired = factory(local_authority=world.la, name="Ours retired", retired_at=timezone.now())
    factory(local_authority=world.other_la, name="Theirs")
    text = officer_client(world).get(reverse(page)).content.decode()
    assert f'name="retire" value="{own.pk}"' in text
    assert f'name="retire" value="{retired.pk}"' not in text
    assert f'value="{standard(model, standard_name).pk}"' not in text
    assert "Ours retired" in text
    assert "Theirs" not in text


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_the_settings_page_retires_the_posted_entry_and_says_what_it_means(
    world, model, fields, factory, standard_name, page
):
    own = factory(local_authority=world.la, name="Ours")
    client = officer_client(world)
    response = client.post(reverse(page), {"retire": own.pk}, follow=True)
    assert stored(own).retired_at is not None
    assert "Ours retired." in response.content.decode()


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
@pytest.mark.parametrize("value", ["x1", "", "99999999"])
def test_a_retire_value_that_names_no_entry_of_the_las_is_not_found(
    world, model, fields, factory, standard_name, page, value
):
    assert officer_client(world).post(reverse(page), {"retire": value}).status_code == 404


@pytest.mark.parametrize(("model", "fields", "factory", "standard_name", "page"), VOCABULARIES)
def test_retiring_another_las_entry_or_a_standard_one_from_the_list_is_not_found(
    world, model, fields, factory, standard_name, page
):
    client = officer_client(world)
    for entry in (factory(local_authority=world.other_la), standard(model, standard_name)):
        assert client.post(reverse(page), {"retire": entry.pk}).status_code == 404
        assert stored(entry).retired_at is None
