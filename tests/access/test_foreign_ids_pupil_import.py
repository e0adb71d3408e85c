"""Foreign ids on the CTF import (SECURITY.md promise 2): an upload is looked up through the acting
membership, so another school's upload id is not found (404), whatever is posted with it, and neither it
nor any pupil changes. The pupils picked on the preview are positions in the school's own file, checked
against the pupils it holds."""

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from pupils.models import CTFUpload, Pupil
from tests.bound_client import BoundClient
from tests.pupils.factories import CTFUploadFactory


@pytest.fixture
def ap_lead(world) -> BoundClient:
    client = BoundClient()
    client.force_login(world.members["ap_lead"].user)
    return client


def snapshot(upload) -> dict:
    with unscoped("test"):
        return CTFUpload.objects.filter(pk=upload.pk).values().get()


@pytest.mark.parametrize(
    "posted",
    [{"pupils": ["1", "2", "3"], "import": "1"}, {"discard": "1"}, {}],
    ids=["import", "discard", "nothing"],
)
def test_another_schools_upload_is_not_found_and_nothing_changes(world, ap_lead, posted):
    theirs = CTFUploadFactory(school=world.sibling_school, uploaded_by=world.members["other_school_leader"])
    before = snapshot(theirs)
    url = reverse("pupil_import:preview", args=[theirs.pk])
    assert ap_lead.get(url).status_code == 404
    assert ap_lead.post(url, posted).status_code == 404
    assert snapshot(theirs) == before
    with unscoped("test"):
        assert Pupil.objects.count() == 0


def test_a_position_the_file_does_not_hold_is_refused(world, ap_lead):
    ours = CTFUploadFactory(school=world.school, uploaded_by=world.members["ap_lead"])
    url = reverse("pupil_import:preview", args=[ours.pk])
    response = ap_lead.post(url, {"pupils": ["1", "4"], "import": "1"})
    assert "Select only pupils that can be imported" in response.text
    assert snapshot(ours)["imported_at"] is None
    with unscoped("test"):
        assert Pupil.objects.count() == 0
