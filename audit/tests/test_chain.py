"""The tamper-evident audit trail: sealing, verification, retention and the assessor's export."""

import csv
import hashlib
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from audit.actions import do_log
from audit.chain import FIELDS, event_hash
from audit.models import AuditChain, AuditEvent
from children.actions import do_log_export
from conftest import make_user
from shouhu.nightly import run_jobs


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def raw(sql: str, params: list) -> None:
    """What someone with database access, not the application, would do."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def trail(people, kids):
    """Five events: views, an export written in bulk (one summary and one per child), sealed."""
    cwd = people["cwd_a"]
    events = [do_log(cwd, "view", child=kids["a"]), do_log(cwd, "view", child=kids["b"])]
    do_log_export(cwd, [kids["a"], kids["b"]], {"q": "张"}, "csv")
    assert "Sealed 5 audit events." in run("seal_audit")
    return [*events, *AuditEvent.objects.filter(action="export").order_by("id")]


def test_sealed_events_verify_and_the_head_is_printed(trail):
    out = run("verify_audit")
    chain = AuditChain.objects.get()
    assert f"Audit trail intact: 5 events, seq 1 to 5, head hash {chain.head_hash}." in out
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert "Sealed 0 audit events." in run("seal_audit")  # nothing sealed twice


def test_editing_a_sealed_event_in_the_database_is_reported_with_its_id(trail):
    victim = trail[1]
    raw("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [User.objects.get(username="cwd_b").pk, victim.pk])
    with pytest.raises(CommandError, match=rf"BROKEN: event #{victim.pk} \(seq 2\) does not match its hash") as exc:
        call_command("verify_audit")
    assert exc.value.returncode == 1


def test_a_forger_who_recomputes_the_rows_hash_breaks_the_next_link(trail):
    victim, successor = trail[1], trail[2]
    raw("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"forged": 1}', victim.pk])
    forged = AuditEvent.objects.filter(pk=victim.pk).values(*FIELDS).get()
    raw(
        "UPDATE audit_auditevent SET hash = %s WHERE id = %s",
        [event_hash(AuditEvent.objects.get(pk=trail[0].pk).hash, forged), victim.pk],
    )
    with pytest.raises(CommandError, match=rf"event #{successor.pk} \(seq 3\) does not match its hash"):
        call_command("verify_audit")


def test_deleting_an_event_is_reported_as_a_missing_seq(trail):
    raw("DELETE FROM audit_auditevent WHERE id = %s", [trail[2].pk])
    message = rf"event seq 3 is missing \(deleted, or its seq changed\): event #{trail[3].pk} \(seq 4\) follows seq 2"
    with pytest.raises(CommandError, match=message):
        call_command("verify_audit")


def test_deleting_the_newest_events_is_reported_too(trail):
    raw("DELETE FROM audit_auditevent WHERE seq >= %s", [4])
    with pytest.raises(CommandError, match="events seq 4 to 5 are missing: the chain ends before its head"):
        call_command("verify_audit")


def test_an_event_committed_late_with_a_lower_id_is_sealed_in_the_next_run(db, people):
    # On PostgreSQL ids are handed out at insert: a long transaction can commit a lower id after
    # higher ones were sealed. The chain's order is the sealing order, so nothing is lost.
    AuditEvent.objects.create(id=1000, action="view", actor=people["cwd_a"])
    do_log(people["cwd_a"], "view")
    run("seal_audit")
    late = AuditEvent.objects.create(id=5, action="view", actor=people["county"])
    assert "1 events written since the last seal are not yet chained." in run("verify_audit")
    run("seal_audit")
    late.refresh_from_db()
    assert late.seq == 3
    assert "Audit trail intact: 3 events, seq 1 to 3" in run("verify_audit")


def _age(events, days: int) -> None:
    """Backdate events (before sealing: created_at is part of the hash)."""
    AuditEvent.objects.filter(pk__in=[e.pk for e in events]).update(created_at=timezone.now() - timedelta(days=days))


def test_prune_removes_only_sealed_events_past_retention_and_the_rest_still_verifies(people, kids):
    cwd = people["cwd_a"]
    old = [do_log(cwd, "view", child=kids["a"]) for _ in range(3)]
    recent = do_log(cwd, "view", child=kids["b"])
    late_old = do_log(cwd, "view", child=kids["a"])  # old, but sealed after a recent one: kept
    _age([*old, late_old], days=200)
    _age([recent], days=30)

    out = run("prune_audit")

    assert "Pruned 3 audit events older than 183 days; the chain now starts after seq 3" in out
    assert set(AuditEvent.objects.filter(action="view").values_list("pk", flat=True)) == {recent.pk, late_old.pk}
    chain = AuditChain.objects.get()
    prune_event = AuditEvent.objects.get(action="prune")
    assert prune_event.details["through_seq"] == 3
    assert prune_event.details["checkpoint"] == chain.base_hash
    run("seal_audit")  # the prune's own event joins the chain
    assert "Audit trail intact: 3 events, seq 4 to 6" in run("verify_audit")
    assert "Pruned 0 audit events" in run("prune_audit")  # idempotent: nothing new is old enough


def test_prune_refuses_to_destroy_evidence_of_tampering(people, kids):
    events = [do_log(people["cwd_a"], "view", child=kids["a"]) for _ in range(2)]
    _age(events, days=400)
    run("seal_audit")
    raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["search", events[0].pk])
    with pytest.raises(CommandError, match=rf"broken at event #{events[0].pk} \(seq 1\); not pruning"):
        call_command("prune_audit")
    assert AuditEvent.objects.count() == 2


def test_a_retention_under_six_months_is_refused_at_startup_and_by_prune(db, settings):
    settings.SHOUHU_AUDIT_RETENTION_DAYS = 90
    message = "SHOUHU_AUDIT_RETENTION_DAYS is 90; audit events must be kept at least 183 days"
    with pytest.raises(ImproperlyConfigured, match=message):
        apps.get_app_config("audit").ready()
    with pytest.raises(ImproperlyConfigured, match=message):
        call_command("prune_audit")


def test_the_nightly_job_seals_and_prunes(people, kids):
    old = do_log(people["cwd_a"], "view", child=kids["a"])
    _age([old], days=365)
    do_log(people["cwd_a"], "view", child=kids["b"])
    results = run_jobs(today=timezone.localdate())
    assert results["audit.chain.nightly"] == {"sealed": 2, "pruned": 1}
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_the_assessors_export_reverifies_row_by_row_and_is_formula_safe(people, kids, tmp_path):
    mallory = make_user('=HYPERLINK("http://evil.example","x")', User.Role.CWD, people["cwd_a"].division)
    first = do_log(people["cwd_a"], "view", child=kids["a"])
    do_log(mallory, "search", details={"q": "=1+1", "名字": "张伟"})
    outside = do_log(people["cwd_a"], "view", child=kids["b"])
    AuditEvent.objects.filter(pk=outside.pk).update(created_at=timezone.now() - timedelta(days=10))
    do_log(people["county"], "export", details={"count": 2})
    today = timezone.localdate()
    path = str(tmp_path / "audit.csv")

    out = run("export_audit", "--since", str(today), "--until", str(today), path)

    assert f"Wrote 3 audit events ({today} to {today})" in out
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["seq"] for r in rows] == ["1", "2", "4"]  # seq 3 is outside the period
    assert rows[1]["actor"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1]["details"] == '{"q":"=1+1","名字":"张伟"}'
    assert rows[0]["event_id"] == str(first.pk)
    for row in rows:  # what an assessor does with the file alone
        content = (
            f'[{row["seq"]},{row["event_id"]},{row["actor_id"] or "null"},"{row["action"]}",'
            f'{row["child_id"] or "null"},{_json_str(row["ip_address"])},"{row["created_at"]}",{row["details"]}]'
        )
        assert hashlib.sha256((row["prev_hash"] + content).encode()).hexdigest() == row["hash"]
    assert rows[0]["prev_hash"] == "0" * 64
    assert rows[2]["prev_hash"] == AuditEvent.objects.get(seq=3).hash  # across the gap


def _json_str(value: str) -> str:
    return f'"{value}"' if value else "null"


def test_export_refuses_a_bad_period(db):
    with pytest.raises(CommandError, match="'2026-13-01' is not a date"):
        call_command("export_audit", "--since", "2026-13-01", "--until", "2026-12-31", "/tmp/x.csv")  # noqa: S108
    with pytest.raises(CommandError, match="--until is before --since"):
        call_command("export_audit", "--since", str(date(2026, 2, 1)), "--until", "2026-01-01", "/tmp/x.csv")  # noqa: S108
