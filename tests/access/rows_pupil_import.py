"""Access-matrix rows for importing pupils from a Common Transfer File: the school's AP lead alone uploads,
previews and imports; an upload is seen by its own school's AP leads only, so another school's upload id
is not found (404), and every other role is refused the pages outright (403)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, to, wrong_method
from tests.pupils.factories import CTF_FILES, CTFUploadFactory


def a_ctf(world, role) -> dict:
    return {"file": SimpleUploadedFile("ctf.xml", (CTF_FILES / "full_ctf25.xml").read_bytes())}


def every_pupil(world, role) -> dict:
    return {"pupils": ["1", "2", "3"], "import": "1"}


def upload_at(school: str, uploader: str):
    def setup(world):
        world.upload = CTFUploadFactory(school=getattr(world, school), uploaded_by=world.members[uploader])

    return setup


def upload(world) -> dict:
    return {"pk": world.upload.pk}


OURS = {"kwargs": upload, "setup": upload_at("school", "ap_lead")}
THEIRS = {"kwargs": upload, "setup": upload_at("sibling_school", "other_school_leader")}

ROWS = [
    page("pupil_import:upload", members=FORBIDDEN, ap_lead=OK),
    page(
        "pupil_import:upload",
        "POST",
        note="a CTF",
        data=a_ctf,
        members=FORBIDDEN,
        ap_lead=to("pupil_import:preview"),
    ),
    wrong_method("pupil_import:upload", "PUT"),
    page("pupil_import:preview", note="the school's upload", **OURS, members=FORBIDDEN, ap_lead=OK),
    page(
        "pupil_import:preview",
        "POST",
        note="import the school's upload",
        data=every_pupil,
        **OURS,
        members=FORBIDDEN,
        ap_lead=to("pupil_import:preview"),
    ),
    page(
        "pupil_import:preview", note="another school's upload", **THEIRS, members=FORBIDDEN, ap_lead=NOT_FOUND
    ),
    page(
        "pupil_import:preview",
        "POST",
        note="import another school's upload",
        data=every_pupil,
        **THEIRS,
        members=FORBIDDEN,
        ap_lead=NOT_FOUND,
    ),
    wrong_method("pupil_import:preview", "PUT", **OURS),
]
