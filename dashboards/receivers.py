"""Keeping today's snapshot fresh: a change that moves a figure the follow-up page shows books a
refresh of its county's snapshot a few minutes later (dashboards.snapshots.changed).

The look-ups run after commit, outside the writing action's transaction and query count, and a
failure there never undoes the change (robust)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from children.access import children_for_jobs
from children.signals import child_closed, child_facts_changed, child_transferred
from reports.models import MandatoryReport

from . import snapshots


def _villages_of(child_ids) -> list[str]:
    return list(children_for_jobs().filter(pk__in=list(child_ids)).values_list("village_id", flat=True).distinct())


@receiver(child_facts_changed, dispatch_uid="dashboards.facts_changed")
def facts_changed(sender, child_ids, **kwargs):
    if child_ids:
        ids = list(child_ids)
        transaction.on_commit(lambda: snapshots.changed(_villages_of(ids)), robust=True)


@receiver(child_closed, dispatch_uid="dashboards.child_closed")
def closed(sender, child, **kwargs):
    village = child.village_id
    transaction.on_commit(lambda: snapshots.changed([village]), robust=True)


@receiver(child_transferred, dispatch_uid="dashboards.child_transferred")
def transferred(sender, child, from_village, to_village, **kwargs):
    codes = [getattr(v, "pk", v) for v in (from_village, to_village)]
    transaction.on_commit(lambda: snapshots.changed(codes), robust=True)


@receiver(post_save, sender=MandatoryReport, dispatch_uid="dashboards.report_saved")
def report_saved(sender, instance, **kwargs):
    child_id = instance.child_id
    transaction.on_commit(lambda: snapshots.changed(_villages_of([child_id])), robust=True)
