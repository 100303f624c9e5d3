from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geo.loader import DATA_DIR, DivisionFileError, load
from geo.models import Division


class Command(BaseCommand):
    help = (
        "Load administrative divisions from china-division CSV files (provinces*.csv, cities*.csv, "
        "areas*.csv, streets*.csv, villages*.csv). Without a directory, loads the data shipped with "
        "Shouhu: every province, prefecture and county, and the townships and villages of 仪陇县."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(DATA_DIR))

    def handle(self, *args, directory, **options):
        try:
            counts = load(Path(directory))
        except DivisionFileError as exc:
            raise CommandError(f"Nothing was loaded:\n{exc}") from exc
        for level, n in sorted(counts.items()):
            self.stdout.write(f"{Division.Level(level).label}: {n}")
