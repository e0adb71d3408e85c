"""Printing the evidence pack, in one browser run: a school leader opens Reports, asks for the pack with a
period that ends before it starts (and is told), then for this year; the page shows how far the pack
has got and, once it is made (here by the task run in a thread, as a worker would), offers the PDF,
which is downloaded and read back. The placement's own report is offered on its page. Every page
visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime
import threading
import time

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from reports.tasks import build_report
from tests.browser.conftest import axe, sign_in
from tests.reports.pdf_text import text_of, words
from tests.reports.test_pack import placed

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


@pytest.fixture
def built_in_the_background(monkeypatch):
    """Each build sent to Celery runs a moment later in a thread of this process, as a worker would."""
    threads = []

    def later(pk, membership_id):
        def run():
            try:
                time.sleep(1.5)
                build_report(pk, membership_id=membership_id)
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        threads.append(thread)

    monkeypatch.setattr("reports.tasks.build_report.delay", later)
    yield
    for thread in threads:
        thread.join(60)


def fill_date(main, legend: str, day: datetime.date) -> None:
    group = main.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_school_leader_prints_the_evidence_pack(
    page, live_server, world, built_in_the_background, tmp_path
):
    placement = placed(world.school, world.provider, "Efa")
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("school_leader"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(main).to_contain_text("No reports have been printed yet.")
    axe(page, "the reports page")

    main.get_by_role("link", name="Print the evidence pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Print the evidence pack")
    axe(page, "the evidence pack form")
    fill_date(main, "From", TODAY)
    fill_date(main, "To", TODAY - datetime.timedelta(days=1))
    main.get_by_role("button", name="Make the evidence pack").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The end of the period must be the same as or after its start"
    )
    axe(page, "the evidence pack form with a mistake")

    fill_date(main, "From", TODAY - datetime.timedelta(days=60))
    fill_date(main, "To", TODAY)
    main.get_by_label("Initials").check()
    main.get_by_role("button", name="Make the evidence pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")
    expect(main.get_by_text("How far it has got")).to_be_visible()
    axe(page, "the pack being made")

    # The page asks how far the pack has got and loads itself again once it is made.
    expect(main.get_by_role("heading", name="Your evidence pack is ready")).to_be_visible(timeout=60_000)
    axe(page, "the pack ready to download")
    with page.expect_download() as downloading:
        main.get_by_role("link", name="Download the PDF").click()
    saved = tmp_path / "pack.pdf"
    downloading.value.save_as(saved)
    text = words(text_of(saved))
    assert "ET" in text  # Efa Testpupil, named by initials
    assert "Efa" not in text
    assert world.provider.name in text

    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    expect(main.get_by_role("link", name="Download the placement report (PDF)")).to_be_visible()
