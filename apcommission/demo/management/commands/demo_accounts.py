from django.core.management.base import BaseCommand, CommandError

from apcommission.demo import world
from apcommission.demo.seed import refuse_in_production

# The one way to get a sign-in code, worded as in the README.
CODE_HINT = "Get an account's current six-digit code with: .venv/bin/python manage.py demo_totp EMAIL"
PASSWORD_LINE = f"Every demo account's password is {world.DEMO_PASSWORD}."
OPERATOR = ("Operator", "none: the support admin at /admin/")
IDENTIFIERS = (("la_code", "LA"), ("urn", "URN"), ("ukprn", "UKPRN"))


def organisation_label(key: str) -> str:
    """The organisation's name with the identifier people look it up by: "Demoshire Council (LA 999)"."""
    _kind, name, fields = world.ORGANISATIONS[key]
    found = [f"{label} {fields[field]}" for field, label in IDENTIFIERS if field in fields]
    return f"{name} ({found[0]})" if found else name


def readable_rows() -> list[tuple[str, str, str]]:
    """(email, role, organisation) in words, one row per membership; an account's later rows leave the
    email blank, so each account reads as one block."""
    rows = []
    for email, (_name, memberships) in world.ACCOUNTS.items():
        if not memberships:
            rows.append((email, *OPERATOR))
        for number, (key, role) in enumerate(memberships):
            rows.append(("" if number else email, role.label, organisation_label(key)))
    return rows


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


class Command(BaseCommand):
    help = (
        "Print the demo sign-ins: a header line, then email<TAB>role<TAB>organisation kind<TAB>organisation "
        "(codes, for scripts). With --readable: a table in words, the password and how to get a code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--readable", action="store_true", help="print the table that `make run` shows, for people"
        )

    def handle(self, *args, readable=False, **options):
        try:
            refuse_in_production()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if readable:
            self.stdout.write(table([("Email", "Role", "Organisation"), *readable_rows()]))
            self.stdout.write(f"\n{PASSWORD_LINE}\n{CODE_HINT}")
            return
        self.stdout.write("email\trole\torganisation kind\torganisation name")
        for email, (_name, memberships) in world.ACCOUNTS.items():
            if not memberships:
                self.stdout.write(f"{email}\toperator\t-\t-")
            for key, role in memberships:
                kind, organisation_name, _fields = world.ORGANISATIONS[key]
                self.stdout.write(f"{email}\t{role.value}\t{kind.value}\t{organisation_name}")
        self.stderr.write(f"{PASSWORD_LINE} {CODE_HINT}")
