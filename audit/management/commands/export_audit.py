import csv
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.chain import FIELDS, canonical_json, hash_before, seal, utc_iso
from audit.models import AuditEvent

COLUMNS = [
    "seq", "event_id", "created_at", "actor_id", "actor", "action", "child_id", "ip_address",
    "details", "prev_hash", "hash",
]  # fmt: skip
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Write the audit events of a period (local dates, both included) to a CSV for an assessor, with "
        "each event's seq, previous hash and hash, so every row can be re-verified on its own: "
        "sha256(prev_hash + canonical) == hash, canonical as documented in audit/chain.py. Seals first. "
        "Cells that a spreadsheet would run as a formula get a leading quote; no hashed column can "
        "start with such a character (ids, codes, ISO dates, JSON objects, hex)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, type=_day, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", required=True, type=_day, help="last day, YYYY-MM-DD")
        parser.add_argument("out", help="the CSV file to write")

    def handle(self, *args, since: date, until: date, out: str, **options):
        if until < since:
            raise CommandError("--until is before --since.")
        seal()
        start = timezone.make_aware(datetime.combine(since, time.min))
        end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
        events = (
            AuditEvent.objects.filter(created_at__gte=start, created_at__lt=end, seq__isnull=False)
            .order_by("seq")
            .values(*FIELDS, "actor__username")
        )
        written, last = 0, (None, None)
        # utf-8-sig: spreadsheet programs read Chinese text in a CSV correctly only with the BOM.
        with open(out, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for event in events.iterator(chunk_size=2000):
                seq = event["seq"]
                # Rows come in seq order; only the first row and a gap need a look-up.
                previous = last[1] if last[0] == seq - 1 else hash_before(seq)
                row = [
                    seq,
                    event["id"],
                    utc_iso(event["created_at"]),
                    event["actor_id"],
                    event["actor__username"],
                    event["action"],
                    event["child_id"],
                    event["ip_address"],
                    canonical_json(event["details"]),
                    previous or "",
                    event["hash"],
                ]
                writer.writerow([cell(value) for value in row])
                last = (seq, event["hash"])
                written += 1
        self.stdout.write(f"Wrote {written} audit events ({since} to {until}) to {out}.")
