"""Every form that posts to a tenant page carries the membership it was drawn for.

Two sides, both with a plain test client that adds nothing: the templates as written (every `<form>` that
posts is bound with `{% form_action %}`, or posts to a view that needs no binding), and the pages as
served (every page of the access matrix, for every role that may open it: each form that posts to a view
that binds posts names the membership the page was drawn for).
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.template import engines
from django.urls import Resolver404, resolve, reverse

from apcommission.tenancy.binding import PARAMETER
from tests.access.asking import client_for, rolled_back, row_url
from tests.access.matrix import MEMBERS, OK
from tests.access.rows import ROWS
from tests.access.test_bound_posts import VIEWS

# Templates whose forms post to django-allauth's own views (signing in, passwords, the authenticator app),
# which act for the person, not an organisation.
ALLAUTH_TEMPLATES = ("templates/account/", "templates/mfa/", "templates/allauth/")
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
URL_TAG = re.compile(r"""action="\{% url ['"]([\w:]+)['"]""")


def our_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = {Path(folder) for folder in engines["django"].template_dirs}
    ours = [f for f in folders if f.is_relative_to(base) and not f.is_relative_to(base / ".venv")]
    return sorted(path for folder in ours for path in folder.rglob("*.html"))


def binds(view_name: str) -> bool:
    return getattr(VIEWS[view_name], "binds_posts", False)


def unbound_form(path: Path, tag: str) -> str | None:
    """Why a form that posts needs no binding, or None when it needs one."""
    relative = path.relative_to(settings.BASE_DIR).as_posix()
    if relative.startswith(ALLAUTH_TEMPLATES):
        return "it posts to django-allauth"
    action = URL_TAG.search(tag)
    if action and not binds(action.group(1)):
        return f"it posts to {action.group(1)}, which takes posts unbound"
    return None


def test_every_form_that_posts_is_bound_in_its_template():
    checked, missing = 0, []
    for path in our_templates():
        for tag in FORM_TAG.findall(path.read_text()):
            method = re.search(r'method="([^"]*)"', tag, re.IGNORECASE)
            if method and method.group(1).lower() == "get":
                continue
            checked += 1
            if "{% form_action" not in tag and not unbound_form(path, tag):
                missing.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    assert checked > 20, "the walk found too few forms: is it reading the templates?"
    assert not missing, "forms that post without {% form_action %}:\n" + "\n".join(missing)


def test_every_crispy_form_is_bound_by_the_one_template_they_share():
    """Most forms are drawn by crispy-forms-gds, through our copy of its form template."""
    template = engines["django"].get_template("gds/whole_uni_form.html")
    assert Path(template.origin.name) == Path(settings.BASE_DIR) / "templates/gds/whole_uni_form.html"
    assert "{% form_action %}" in Path(template.origin.name).read_text()


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms.append(attrs)


def posting_forms(html: str) -> list[dict]:
    """The page's forms that post, each as its attributes; a repeated attribute is kept as a list."""
    parser = _Forms()
    parser.feed(html)
    forms = []
    for attrs in parser.forms:
        found: dict = {}
        for name, value in attrs:
            found.setdefault(name, []).append(value or "")
        if found.get("method", ["get"])[0].lower() == "post":
            forms.append(found)
    return forms


def problems_with(page_url: str, html: str, membership) -> list[str]:
    problems = []
    for form in posting_forms(html):
        actions = form.get("action", [page_url])  # no action: the browser posts to the page itself
        if len(actions) > 1:
            problems.append(f"a form with {len(actions)} actions: {actions}")
            continue
        target = urlsplit(actions[0])
        try:
            view_name = resolve(target.path or urlsplit(page_url).path).view_name
        except Resolver404:
            problems.append(f"a form posting to nowhere: {actions[0]}")
            continue
        if binds(view_name) and parse_qs(target.query).get(PARAMETER) != [str(membership.pk)]:
            problems.append(f"a form posting to {view_name} is not bound to membership {membership.pk}")
    return problems


PAGES = [row for row in ROWS if row.method == "GET" and any(row.expected[r] == OK for r in MEMBERS)]


@pytest.mark.parametrize("row", PAGES, ids=[row.id for row in PAGES])
def test_every_page_draws_its_forms_bound_to_the_acting_membership(signed_in_world, db, row):
    world, sessions, _as_built = signed_in_world
    url = row_url(world, row)
    failures = []
    for role in (role for role in MEMBERS if row.expected[role] == OK):
        with rolled_back():
            response = client_for(sessions, role, fresh=row.fresh, bound=False).get(url)
        assert response.status_code == 200, f"{role}: GET {url} answered {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download (a document, an export) has no forms
        failures += [
            f"{role}: {p}" for p in problems_with(url, response.content.decode(), world.members[role])
        ]
    assert not failures, f"{row.id}:\n  " + "\n  ".join(failures)


def test_the_page_check_finds_an_unbound_form(signed_in_world, db):
    """The check above can fail: a form drawn without the binding, or with another membership's."""
    world, _sessions, _as_built = signed_in_world
    member = world.members["school_leader"]
    invite = reverse("invite_member")
    assert problems_with(invite, f'<form method="post" action="{invite}"></form>', member)
    assert problems_with(invite, '<form method="post"></form>', member)
    assert problems_with(invite, f'<form method="post" action="{invite}?{PARAMETER}=0"></form>', member)
    assert not problems_with(
        invite, f'<form method="post" action="{invite}?{PARAMETER}={member.pk}">', member
    )
    switch = reverse("switch_organisation")
    assert not problems_with(invite, f'<form method="POST" action="{switch}"></form>', member)
