from django.core.management.base import BaseCommand, CommandError

from apcommission.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load the fictional demo world (Demoshire, LA 999). Safe to run again: it changes nothing twice."

    def handle(self, *args, **options):
        try:
            organisations = seed_demo()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo world ready: {len(organisations)} organisations.")
