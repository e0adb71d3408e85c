"""What `make run` prints about the demo accounts: in words, one way to get a code, and as the README says."""

import importlib.util
import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from apcommission.demo import world
from apcommission.tenancy.roles import Role

README = (Path(settings.BASE_DIR) / "README.md").read_text()


def readable() -> str:
    out = StringIO()
    call_command("demo_accounts", "--readable", stdout=out)
    return out.getvalue()


def make_run_printout(monkeypatch, capsys) -> str:
    spec = importlib.util.spec_from_file_location("run", Path(settings.BASE_DIR) / "scripts" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    asked = []

    def manage(*args, capture=False):
        asked.append(args)
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
        return out.getvalue(), ""

    monkeypatch.setattr(run, "manage", manage)
    run.show_demo_accounts()
    assert asked == [("demo_accounts", "--readable")]
    return capsys.readouterr().out


def test_make_run_prints_roles_in_words_with_the_password_and_one_code_hint(monkeypatch, capsys):
    printed = make_run_printout(monkeypatch, capsys)

    for email in world.ACCOUNTS:
        assert email in printed
    words = re.sub(r"\S+@\S+", "", printed)  # an email address such as dsl@... is not a role code
    for role in Role:
        assert role.label in printed
        assert not re.search(rf"\b{role.value}\b", words), f"the role code {role.value} is printed"
    assert "local_authority" not in printed
    assert world.DEMO_PASSWORD in printed
    assert printed.count("demo_totp") == 1


def test_the_printout_says_what_the_readme_says():
    printed = readable()

    hint = next(line for line in printed.splitlines() if "demo_totp" in line)
    command = hint.split("with: ", 1)[1]
    assert f"```sh\n{command}" in README, "the README shows another way to get a code"
    assert f"**`{world.DEMO_PASSWORD}`**" in README
    # The README's table: the same people, roles and organisations.
    section = README.split("## Demo sign-ins", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$", section, re.M)
    assert [email for email, _role, _organisation in rows] == list(world.ACCOUNTS)
    for email, role, organisation in rows:
        line = next(line for line in printed.splitlines() if line.startswith(email))
        assert role.strip() in line
        assert re.split(r" and |, |: ", organisation.strip())[0] in line


def test_the_list_for_scripts_keeps_its_codes():
    out = StringIO()
    call_command("demo_accounts", stdout=out, stderr=StringIO())

    rows = [line.split("\t") for line in out.getvalue().splitlines()[1:]]
    assert {row[1] for row in rows} == {role.value for role in Role} | {"operator"}
