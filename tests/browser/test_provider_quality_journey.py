"""A provider's manager sees the QA visit about it and the actions it must do, and replies to one; the
LA's own action and its private follow-up note never reach the provider. An LA officer marks its visit
entered in error, once, and nothing more is offered on it. Each page checked with axe-core (WCAG 2.2
AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from providers.models import ActionUpdate, QAAction
from tests.browser.conftest import axe, sign_in
from tests.browser.test_journeys import expect_error_summary
from tests.providers.factories import (
    ActionUpdateFactory,
    ApprovedListEntryFactory,
    AreaJudgementFactory,
    LAEvidenceTypeFactory,
    QAActionFactory,
    QAVisitFactory,
)

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
REPLY = "The fire risk assessment was rewritten on Monday; the new copy is on the workshop wall."


def test_a_provider_sees_its_visit_and_actions_and_replies_to_one(page, live_server, world):
    manager = world.user("provider_manager")
    visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY - datetime.timedelta(days=12),
        summary="Calm and purposeful; the workshop's fire risk assessment is out of date.",
    )
    AreaJudgementFactory(visit=visit, findings="Single central record complete and checked.")
    fire = QAActionFactory(
        visit=visit,
        description="Update the fire risk assessment for the workshop.",
        due_on=TODAY - datetime.timedelta(days=2),  # overdue
    )
    QAActionFactory(visit=visit, description="Plan maths from each pupil's baseline.")
    QAActionFactory(
        visit=visit, description="Ask the panel about the PRU's numbers.", owned_by_provider=False
    )
    ActionUpdateFactory(action=fire, note="Chased the manager by phone: unsure who owns it.")
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)

    sign_in(page, live_server, manager, check_accessibility=True)

    # The home page lists the open actions the visit left the provider.
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Actions for you from QA visits")).to_be_visible()
    expect(main).to_contain_text("Update the fire risk assessment for the workshop.")
    expect(main).to_contain_text("Plan maths from each pupil's baseline.")
    expect(main).not_to_contain_text("Ask the panel")
    axe(page, "provider home page with its actions")

    # Its own page: the visit's summary, its status on Demoshire's list, the actions it must do.
    main.get_by_role("link", name="Your profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.provider.name)
    expect(main).not_to_contain_text("No QA visit recorded yet")
    expect(main).to_contain_text("Calm and purposeful")
    expect(main).to_contain_text("Demoshire Council:")
    actions = page.get_by_role("table", name="Actions for you from QA visits")
    expect(actions.get_by_role("row")).to_have_count(3)  # the header and the provider's two actions
    expect(actions.get_by_role("row").filter(has_text="fire risk assessment")).to_contain_text("Overdue")
    expect(actions).not_to_contain_text("Ask the panel")
    axe(page, "provider's own page")

    # The visit in full: findings, the provider's actions, none of the LA's own or its notes.
    main.get_by_role("link", name="Read the visit in full").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("visit on")
    expect(main).to_contain_text("Single central record complete and checked.")
    expect(main.get_by_role("heading", name="Actions for you")).to_be_visible()
    expect(main).not_to_contain_text("Ask the panel")
    expect(main).not_to_contain_text("Chased the manager")
    axe(page, "visit page as the provider")

    main.get_by_role("link", name="Reply to action 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to an action")
    expect(main).to_contain_text("Replying does not close the action")
    axe(page, "reply page")

    page.get_by_role("button", name="Send reply").click()
    expect_error_summary(page, {"Enter your reply": "Your reply"})
    axe(page, "reply page with an error")

    page.get_by_label("Your reply", exact=True).fill(REPLY)
    page.get_by_role("button", name="Send reply").click()

    # Back on the visit: the reply is there, with who sent it; the action is still open.
    expect(page.get_by_text("Your reply has been sent to Demoshire Council.")).to_be_visible()
    card = main.locator(".govuk-summary-card").filter(has_text="fire risk assessment")
    expect(card).to_contain_text(REPLY)
    expect(card).to_contain_text(str(manager))
    expect(card).to_contain_text("Overdue")
    axe(page, "visit page after the reply")

    with unscoped("test"):
        reply = ActionUpdate.objects.get(action=fire, by_provider=True)
        assert (reply.recorded_by, reply.closes) == (manager, False)
        assert reply.note == REPLY
        assert QAAction.objects.get(pk=fire.pk).closed_at is None


def test_an_officer_marks_a_visit_entered_in_error_once_and_its_work_stops(page, live_server, world):
    officer = world.user("la_officer")
    visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY - datetime.timedelta(days=5),
        summary="Recorded against the wrong provider.",
    )
    QAActionFactory(visit=visit, description="Check the minibus rota.")
    visit_url = f"{live_server.url}/visits/{visit.pk}/"

    sign_in(page, live_server, officer)
    page.goto(visit_url)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Follow up action 1")).to_be_visible()
    main.get_by_role("link", name="Mark this visit as entered in error").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark this visit as entered in error")
    axe(page, "entered-in-error page")

    page.get_by_role("button", name="Mark as entered in error").click()
    expect_error_summary(page, {"Enter why it was entered in error": "Why was it entered in error?"})
    axe(page, "entered-in-error page with an error")

    page.get_by_label("Why was it entered in error?").fill("Recorded against the wrong provider.")
    page.get_by_role("button", name="Mark as entered in error").click()

    # Back on the visit: labelled, and nothing more is offered on it.
    expect(page.get_by_text("The visit has been marked as entered in error.")).to_be_visible()
    expect(main).to_contain_text("Entered in error")
    expect(main.get_by_role("link", name="Mark this visit as entered in error")).to_have_count(0)
    expect(main.get_by_role("link", name="Follow up action 1")).to_have_count(0)
    axe(page, "visit page once entered in error")  # (its page now answers 403: tests/access)


def test_a_trust_leader_sees_each_las_picture_and_latest_visit(page, live_server, world):
    """The trust reads Demoshire's visit in summary (with the action it left the provider) and what
    Demoshire requires of the provider's evidence, a type Demoshire added included."""
    visit = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY - datetime.timedelta(days=12),
        summary="Calm and purposeful; maths planning needs work.",
    )
    QAActionFactory(visit=visit, description="Plan maths from each pupil's baseline.")
    QAActionFactory(visit=visit, description="Ring the head about Year 10.", owned_by_provider=False)
    LAEvidenceTypeFactory(local_authority=world.la, name="Fire drill log")
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)

    sign_in(page, live_server, world.user("trust_leader"))
    page.goto(f"{live_server.url}/providers/{world.provider.pk}/")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Latest QA visit by Demoshire Council")).to_be_visible()
    expect(main).to_contain_text("Calm and purposeful; maths planning needs work.")
    expect(main).to_contain_text("Plan maths from each pupil's baseline.")
    expect(main).not_to_contain_text("Ring the head")
    expect(main.get_by_role("link", name="Read the visit in full")).to_have_count(0)
    expect(main).to_contain_text("(of 7 types)")
    axe(page, "provider page as a trust leader")

    main.get_by_role("link", name="See the evidence").click()
    expect(page.get_by_role("table", name="What Demoshire Council requires")).to_contain_text(
        "Fire drill log"
    )
    axe(page, "evidence page as a trust leader")
