"""An AP lead imports pupils from a Common Transfer File: a hostile file refused, a good one previewed with
its warnings, one pupil unticked, the rest imported; each page checked with axe-core (WCAG 2.2 AA)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from pupils.models import Pupil
from tests.browser.conftest import axe, sign_in
from tests.browser.test_journeys import expect_error_summary

pytestmark = pytest.mark.browser

DTD_REFUSED = (
    "The file contains a document type declaration (DTD), which a Common Transfer File never has, so we "
    "have not read it."
)

FILES = Path(__file__).parent.parent / "pupils" / "ctf_files"


def test_an_ap_lead_imports_pupils_from_a_ctf(page, live_server, world):
    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/pupils/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import pupils from a Common Transfer File")
    axe(page, "upload page")

    page.get_by_label("Upload a Common Transfer File").set_input_files(str(FILES / "billion_laughs.xml"))
    page.get_by_role("button", name="Upload and preview").click()
    expect_error_summary(page, {DTD_REFUSED: "Upload a Common Transfer File"})
    axe(page, "upload page with an error")

    page.get_by_label("Upload a Common Transfer File").set_input_files(str(FILES / "full_ctf19.xml"))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the pupils in this file")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Pupils that cannot be imported")
    expect(main).to_contain_text("The UPN B881234519102 is not valid")
    expect(page.get_by_role("checkbox", name="Amara Okafor")).to_be_checked()
    axe(page, "preview")

    page.get_by_role("checkbox", name="Kacper Nowak").uncheck()
    page.get_by_role("button", name="Import selected pupils").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils imported")
    expect(main).to_contain_text("1 added, 0 updated")
    axe(page, "import finished")
    with unscoped("a test reads what was written"):
        assert list(Pupil.objects.values_list("legal_forename", flat=True)) == ["Amara"]
