import time

from django.core.management.base import BaseCommand

from followup import services
from followup.tasks import ensure_nightly_scheduled


class Command(BaseCommand):
    help = "Recompute every open file's risk tier, due date and alerts now; --schedule books the nightly job."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="only make sure the nightly job is queued")

    def handle(self, *args, schedule, **options):
        if schedule:
            queued = ensure_nightly_scheduled()
            self.stdout.write("nightly job queued" if queued else "nightly job already queued")
            return
        t0 = time.perf_counter()
        totals = services.recompute_all()
        self.stdout.write(f"{totals} in {time.perf_counter() - t0:.1f} s")
