from django.core.management.base import BaseCommand, CommandError

from measurements.sheet import SheetError, score_sheet


class Command(BaseCommand):
    help = (
        "Score a CSV or Excel sheet of measurements (as a school or clinic keeps them) with the WHO growth "
        "standards and write the same sheet back with z-scores, flags and findings. Rows that cannot be "
        "scored are reported with their row number and reason; the rest are scored."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help=".csv or .xlsx")
        parser.add_argument("output", help=".csv or .xlsx")
        parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en", "ja"])

    def handle(self, *args, input, output, lang, **options):
        try:
            report = score_sheet(input, output, lang=lang)
        except (SheetError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{report.scored} of {report.rows} rows scored; written to {output}")
        for line in report.messages():
            self.stderr.write(line)
