from django.core.management.base import BaseCommand, CommandError

from apcommission.demo import world
from apcommission.demo.seed import refuse_in_production


class Command(BaseCommand):
    help = (
        "Print the demo sign-ins: a header line, then email<TAB>role<TAB>organisation kind<TAB>organisation."
    )

    def handle(self, *args, **options):
        try:
            refuse_in_production()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("email\trole\torganisation kind\torganisation name")
        for email, (_name, memberships) in world.ACCOUNTS.items():
            if not memberships:
                self.stdout.write(f"{email}\toperator\t-\t-")
            for key, role in memberships:
                kind, organisation_name, _fields = world.ORGANISATIONS[key]
                self.stdout.write(f"{email}\t{role.value}\t{kind.value}\t{organisation_name}")
        self.stderr.write(
            f"Every demo account's password is {world.DEMO_PASSWORD}. "
            "Get a sign-in code with: python manage.py demo_totp EMAIL"
        )
