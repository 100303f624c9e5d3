import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from children.choices import Category, Status
from demo import registry
from demo.discovery import app_demos


class Command(BaseCommand):
    help = (
        "Fill a county's villages with deterministic demo children and families, and create the demo "
        "users (password: settings.SHOUHU_DEMO_PASSWORD). The divisions must be loaded first "
        "(manage.py load_divisions). Never run it on a registry holding real records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", default="511324", help="county code (default: 511324, 仪陇县)")
        parser.add_argument("--children", type=int, default=6000, help="number of children (default: 6000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per bulk insert (default: 5000)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the registry already holds any child"
        )

    def handle(self, *args, county, children, seed, batch_size, if_empty, **options):
        # Any child at all, not only in this county: demo records must never mix with real ones.
        if if_empty and not registry.registry_is_empty():
            self.stdout.write("The registry already holds children; no demo data loaded.")
            return
        if children < 1 or batch_size < 1:
            raise CommandError("--children and --batch-size must be positive.")
        # The demo's alerts go to demo inboxes; one log line per alert would bury the logins.
        logging.getLogger("shouhu.alerts").setLevel(logging.WARNING)
        # One transaction for the whole demo: a seed killed half-way (Ctrl-C, a full disk) leaves an
        # empty registry, which the next `--if-empty` run fills, never a half-built county it skips.
        with transaction.atomic():
            try:
                counts = registry.generate(county, children=children, seed=seed, batch_size=batch_size)
                users = registry.create_demo_users(county, settings.SHOUHU_DEMO_PASSWORD)
            except registry.DemoError as exc:
                raise CommandError(str(exc)) from exc
            # Then each app's own demo (a visit history, school absences, the tiers, due dates and
            # alerts that follow from them, case plans), in the order demo.discovery gives.
            today = timezone.localdate()
            summaries = [module.seed(county, seed=seed, today=today) for module in app_demos()]

        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts['children']} children in {counts['households']} households "
                f"({counts['parents']} parents, {counts['members']} other members) in {counts['seconds']} s."
            )
        )
        self.stdout.write("; ".join(summaries))
        for cat in Category:
            self.stdout.write(f"  {counts.get(f'category:{cat.value}', 0):>7}  {cat.label}")
        for status in Status:
            self.stdout.write(f"  {counts.get(f'status:{status.value}', 0):>7}  {status.label}")
        self.stdout.write("Demo users (password: the SHOUHU_DEMO_PASSWORD setting):")
        for username, role, where in users:
            self.stdout.write(f"  {username:<12} {role:<15} {where or '-'}")
