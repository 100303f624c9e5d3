"""Audit actions: audit's own generic ones, plus those apps register; none needs a migration."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import translation

from audit import registry
from audit.actions import do_log
from audit.models import AuditEvent
from measurements.audit_actions import MEASURE

GENERIC = [
    "view",
    "create",
    "update",
    "export",
    "confirm",
    "return",
    "activate",
    "close",
    "reopen",
    "transfer",
    "search",
]


@pytest.fixture
def actions(monkeypatch):
    """A copy of the registry that a test may add to without leaking into the others."""
    monkeypatch.setattr(registry, "_ACTIONS", dict(registry._ACTIONS))
    return registry


def test_audits_own_actions_and_the_ones_apps_register():
    codes = [code for code, _ in AuditEvent._meta.get_field("action").choices]
    assert [c for c in codes if c in GENERIC] == GENERIC == list(AuditEvent.Action.values)
    assert MEASURE == "measure"
    # The test suite installs one more app (tests/settings.py), which brings its own action.
    trail = ["adm_add", "adm_change", "adm_delete", "prune"]  # audit's own, about the trail itself
    logins = ["otp_enrol", "otp_codes", "otp_recov", "pwd_change"]  # audit/account_log.py
    printing = ["batch_prt"]  # dossier/audit_actions.py: a village's batch print asked for
    merging = ["merge", "unmerge"]  # ledger/merge_audit.py
    sweeping = ["sweep_go", "sweep_ok", "sweep_undo", "sweep_new", "sweep_end"]  # sweeps/audit_actions.py
    ledger = ["ledger_imp", "export_req"]  # ledger/audit_actions.py: a ledger import, an export asked for
    allowances = ["ben_apply", "ben_step", "ben_decide", "ben_stop", "ben_roll", "ben_paid", "ben_std", "ben_norpy"]
    allowances += ["ben_export"]  # benefits
    training = ["tr_course", "tr_session", "tr_quiz", "tr_cert", "tr_export"]  # training/audit_actions.py
    conferring = ["conf_cncl", "conf_call", "conf_min", "conf_act", "conf_prog", "conf_end"]  # conferences
    linking = ["fam_invite", "fam_linked", "fam_entrst", "fam_call", "fam_notice", "fam_answer"]  # family
    planning = ["plan_set", "plan_xlsx"]  # planning/audit_actions.py: assumptions saved, plan exported
    workforce = ["wf_reg", "wf_edit", "wf_acct", "wf_leave", "wf_assign", "wf_hand", "wf_norm", "wf_log", "wf_spot"]
    workforce += ["wf_action", "wf_review"]  # workforce/audit_actions.py
    apps = [*printing, *merging, *sweeping, *ledger, *allowances, *training, *conferring, *linking, *planning]
    apps += workforce
    assert set(codes) == {*GENERIC, *trail, *logins, *apps, MEASURE, "reveal_id", "enrol", "minimise", "ret_policy"}


def test_an_app_action_is_labelled_like_audits_own(people, kids):
    event = do_log(people["cwd_a"], MEASURE, child=kids["a"])
    with translation.override("en"):
        assert event.get_action_display() == "Growth measurement"
        assert AuditEvent(action=AuditEvent.Action.VIEW).get_action_display() == "Viewed"


def test_registering_an_action_twice_or_too_long_is_an_error(actions):
    with pytest.raises(ImproperlyConfigured, match="view"):
        actions.register("view", "Viewed again")
    with pytest.raises(ImproperlyConfigured, match="longer"):
        actions.register("a" * 11, "Too long for the column")


def test_a_registered_action_needs_no_migration(actions, people, kids):
    actions.register("pay", "Benefit paid")
    event = do_log(people["cwd_a"], "pay", child=kids["a"])
    event.full_clean()
    assert event.get_action_display() == "Benefit paid"
    call_command("makemigrations", "audit", "--check", "--dry-run", verbosity=0)
