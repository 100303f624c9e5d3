"""A few children's tiers are recomputed at once (a CWD's edit shows the new tier); a large batch
(a county's ledger import) goes to a background job, so the officer's page does not wait."""

from django_tasks_db.models import DBTaskResult

from children.signals import facts_changed
from conftest import make_child
from followup import receivers
from followup.models import FollowUp
from followup.tasks import reassess_children


def test_a_small_change_is_recomputed_right_after_the_commit(geo, django_capture_on_commit_callbacks):
    child = make_child(geo["village_a"], "张伟")
    FollowUp.objects.filter(child=child).delete()
    with django_capture_on_commit_callbacks(execute=True):
        facts_changed([child.pk], "visit")
    assert FollowUp.objects.filter(child=child).exists()
    assert not DBTaskResult.objects.exists()


def test_a_large_batch_goes_to_a_background_job_in_chunks(geo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(receivers, "IMMEDIATE_MAX", 2)
    monkeypatch.setattr(receivers, "CHUNK", 2)
    children = [make_child(geo["village_a"], name) for name in ("张伟", "李娜", "王磊")]
    FollowUp.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        facts_changed([c.pk for c in children], "ledger_import")
    assert not FollowUp.objects.exists()  # nothing computed in the request
    jobs = DBTaskResult.objects.all()
    assert jobs.count() == 2  # 3 children in chunks of 2
    assert {tuple(j.args_kwargs["args"][0]) for j in jobs} == {
        tuple(sorted(c.pk for c in children))[:2],
        tuple(sorted(c.pk for c in children))[2:],
    }

    for job in jobs:  # what the worker runs
        reassess_children.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
    assert FollowUp.objects.filter(child__in=children).count() == 3


def test_nothing_is_queued_when_the_import_rolls_back(geo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(receivers, "IMMEDIATE_MAX", 0)
    child = make_child(geo["village_a"], "张伟")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        facts_changed([child.pk], "ledger_import")
    # The callbacks run only on commit (the recompute's, and the dashboards' refresh); a
    # rolled-back import never runs them.
    assert len(callbacks) >= 1
    assert not DBTaskResult.objects.exists()
