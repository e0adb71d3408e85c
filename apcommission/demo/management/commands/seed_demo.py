from django.core.management.base import BaseCommand, CommandError

from apcommission.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load the fictional demo world (Demoshire, LA 999). Safe to run again: it changes nothing twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--providers",
            type=int,
            default=0,
            help="Also give Demoshire this many generated providers (for measuring pages at LA scale).",
        )
        parser.add_argument(
            "--pupils",
            type=int,
            default=0,
            help="Also give Demoshire Academy this many generated pupils (a large school's size).",
        )

        parser.add_argument(
            "--referrals",
            type=int,
            default=0,
            help="Also give Demoshire Academy this many generated referrals (to measure the referral list).",
        )

        parser.add_argument(
            "--placements",
            type=int,
            default=0,
            help="Also give Demoshire this many generated placements across 150 schools (LA scale: 10000).",
        )

    def handle(self, *args, **options):
        try:
            organisations = seed_demo(
                generated_providers=options["providers"],
                generated_pupils=options["pupils"],
                generated_referrals=options["referrals"],
                generated_placements=options["placements"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo world ready: {len(organisations)} organisations.")
