"""A possible duplicate merged into the existing file through ledger.merge (the merge part of the
app): the chosen values move, the rest of the file stays, the merge can be undone."""

from datetime import date

import pytest

from audit.models import AuditEvent
from children import choices as c
from conftest import make_child
from ledger import importer
from ledger.audit_actions import IMPORT

from .import_helpers import child_row, ledger, validated

merge = pytest.importorskip("ledger.merge", reason="the merge part of the ledger app (branch merge) is not here yet")
pytestmark = pytest.mark.django_db


def test_a_duplicate_merged_field_by_field_and_undone(people, geo, media):
    officer = people["county"]
    existing = make_child(geo["village_a"], "王小明", dob=date(2015, 3, 8), with_id=False)
    row = child_row(1, 身份证号="", 就学情况="初中")
    imp = validated(officer, ledger([row]))
    duplicate = imp.rows.get()
    assert duplicate.outcome == "duplicate"
    importer.do_resolve(officer, duplicate, "merge", target=existing, fields=["child.schooling_status"])
    summary = importer.do_confirm_import(officer, imp)
    assert summary["merged"] == 1
    existing.refresh_from_db()
    assert existing.schooling_status == c.SchoolingStatus.JUNIOR_MIDDLE
    assert existing.household.parent("father").name == "张父"  # not chosen: unchanged
    assert AuditEvent.objects.filter(action=IMPORT, child__isnull=True).exists()
    done = merge.ChildMerge.objects.get(child=existing) if hasattr(merge, "ChildMerge") else None
    if done is not None:
        merge.do_undo_merge(officer, done)
        existing.refresh_from_db()
        assert existing.schooling_status == c.SchoolingStatus.PRIMARY
