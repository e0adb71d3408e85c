import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apcommission.demo.seed import refuse_in_production
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import acting_as, unscoped
from api import keys
from api.rules import can_manage_api_keys, key_roles


class Command(BaseCommand):
    help = "Make an API key for a demo organisation, as its administrator would, and print it (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("admin_email", help="A demo administrator, e.g. manager@pru.demoshire.example")
        parser.add_argument("--name", default="Tried from the command line")

    def handle(self, *args, admin_email, name, **options):
        try:
            refuse_in_production()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        with unscoped("the demo finds the administrator who makes the key"):
            memberships = (
                Membership.objects.active()
                .filter(user__email__iexact=admin_email)
                .select_related("organisation", "user")
            )
            admin = next((membership for membership in memberships if can_manage_api_keys(membership)), None)
        if admin is None:
            raise CommandError(f"{admin_email} administers no demo school or provider")
        with acting_as(admin):
            _api_key, key = keys.create_key(
                by=admin,
                name=name,
                role=key_roles(admin)[0],
                expires_on=timezone.localdate() + datetime.timedelta(days=30),
            )
        self.stdout.write(key)
