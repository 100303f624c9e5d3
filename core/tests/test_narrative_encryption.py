"""What CWDs write about a child (visits, referrals, case plans, measurements) is stored encrypted.

The columns hold tokens, never the text; the pages still show the text; rotation re-encrypts it;
the audit trail records that a text changed, not what it said.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from caseplans.models import Action, CasePlan, Goal, PlanEvent, Review
from conftest import make_child
from core import crypto
from core.bulk import FastTable
from core.fields import encrypt_plain_columns, encrypted_fields
from measurements.models import Measurement
from referrals.models import Referral, ReferralEvent
from retention.tests.test_retention import with_records
from visits import actions as visit_actions
from visits.models import ParentContact, Visit, VisitComment
from visits.tests.helpers import form_values, post_visit

pytestmark = pytest.mark.django_db

OLD = "dGVzdC1vbmx5LWZpZWxkLWtleS0tbm90LWZvci11c2U="  # the test settings' key
NEW = crypto.generate_key()
TODAY = timezone.localdate()

# Every narrative field, and the text with_records() writes into it.
NARRATIVE = {
    Visit: {"notes": "没米", "living_conditions": "土房漏雨", "needs": "冬衣", "actions_taken": "村委"},
    VisitComment: {"text": "下周再去"},
    ParentContact: {"note": "广州工地"},
    Measurement: {"note": "感冒"},
    Referral: {"need": "心理辅导", "consent_note": "口头同意", "outcome": "辅导三次", "closing_reason": "结束"},
    ReferralEvent: {"note": "张奶奶"},
    CasePlan: {"summary": "家庭困难", "return_note": "具体些", "closing_reason": "搬走了"},
    Goal: {"text": "按时上学"},
    Action: {"text": "每周家访"},
    Review: {"progress": "有进步"},
    PlanEvent: {"note": "第一次计划"},
}


def raw(model, column: str, pk: int) -> str:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(model._meta.db_table)} WHERE id = %s", [pk])  # noqa: S608 (test)
        return cursor.fetchone()[0]


def test_every_narrative_column_holds_a_token_and_the_application_reads_the_text(geo, people):
    child = make_child(geo["village_a"], "张伟")
    with_records(child, people["cwd_a"])
    for model, texts in NARRATIVE.items():
        assert set(texts) <= {f.name for f in encrypted_fields(model)}, model
        obj = model.objects.order_by("id").first()
        for field, text in texts.items():
            stored = raw(model, model._meta.get_field(field).column, obj.pk)
            assert stored.startswith(crypto.TOKEN_PREFIX), (model, field)
            assert text not in stored, (model, field)
            assert text in str(getattr(obj, field)), (model, field)
    visit = Visit.objects.get(child=child)
    assert visit.notes == {"food": "奶奶说家里没米了"}
    assert Visit.objects.values_list("notes", flat=True).get(pk=visit.pk) == {"food": "奶奶说家里没米了"}


def test_a_visit_saved_through_the_form_shows_its_notes_back_and_its_edit_is_audited_without_text(people, kids, login):
    client = login(people["cwd_a"])
    child = kids["a"]
    post_visit(
        client,
        child,
        TODAY - timedelta(days=1),
        unexplained_injuries="yes",
        note_unexplained_injuries="左臂有淤青，说是爸爸打的",
        living_conditions="屋顶漏水",
    )
    visit = Visit.objects.get(child=child)
    assert "淤青" not in raw(Visit, "notes", visit.pk)
    assert raw(Visit, "notes", visit.pk).startswith(crypto.TOKEN_PREFIX)
    page = client.get(reverse("visit_detail", args=[child.uuid, visit.uuid])).content.decode()
    assert "左臂有淤青，说是爸爸打的" in page
    assert "屋顶漏水" in page

    url = reverse("visit_edit", args=[child.uuid, visit.uuid])
    values = form_values(client.get(url))
    assert values["note_unexplained_injuries"] == "左臂有淤青，说是爸爸打的"
    values.update(note_unexplained_injuries="淤青已消", living_conditions="屋顶已修")
    assert client.post(url, values).status_code == 302
    event = AuditEvent.objects.get(child=child, action="update", details__visit__isnull=False)
    changes = event.details["changes"]
    assert changes["notes.unexplained_injuries"] == ["***", "***"]
    assert changes["living_conditions"] == ["***", "***"]
    assert "淤青" not in str(event.details)
    history = client.get(reverse("child_history", args=[child.uuid])).content.decode()
    assert "淤青" not in history


def test_empty_notes_are_stored_empty_and_lookups_into_the_notes_are_refused(geo, people):
    child = make_child(geo["village_a"])
    visit = Visit.objects.create(child=child, visited_on=TODAY, notes={"food": "没米"}, recorded_by=people["cwd_a"])
    Visit.objects.filter(pk=visit.pk).update(notes={})  # as the retention job does
    assert raw(Visit, "notes", visit.pk) == ""
    assert Visit.objects.get(pk=visit.pk).notes == {}
    assert list(Visit.objects.filter(notes={})) == [visit]
    with pytest.raises(FieldError):
        list(Visit.objects.filter(notes__food="没米"))
    with pytest.raises(FieldError):
        list(Visit.objects.filter(needs__contains="衣"))
    with pytest.raises(FieldError):
        list(Visit.objects.filter(notes={"food": "没米"}))


def test_raw_inserts_and_the_data_migration_encrypt_the_notes(geo, people):
    child = make_child(geo["village_a"])
    table = FastTable(Visit)
    row = table.row(
        {"child_id": child.pk, "uuid": child.uuid, "visited_on": TODAY, "answers": {}, "notes": {"food": "没米"}}
    )
    assert row[table.names.index("notes")].startswith(crypto.TOKEN_PREFIX)
    visit = Visit.objects.create(child=child, visited_on=TODAY, recorded_by=people["cwd_a"])
    with connection.cursor() as cursor:  # as stored before the migration (JSON text, plain)
        cursor.execute(
            'UPDATE "visits_visit" SET notes = %s, needs = %s WHERE id = %s', ['{"food": "没米"}', "冬衣", visit.pk]
        )
    assert encrypt_plain_columns(Visit).rewritten == 1
    assert "没米" not in raw(Visit, "notes", visit.pk)
    visit.refresh_from_db()
    assert (visit.notes, visit.needs) == ({"food": "没米"}, "冬衣")
    assert encrypt_plain_columns(Visit).rewritten == 0


def test_rotation_re_encrypts_visit_notes_and_plan_texts(geo, people):
    child = make_child(geo["village_a"], "张伟")
    with_records(child, people["cwd_a"])
    visit, plan = Visit.objects.get(child=child), CasePlan.objects.get(child=child)
    before = raw(Visit, "notes", visit.pk), raw(CasePlan, "summary", plan.pk)
    with override_settings(SHOUHU_FIELD_KEYS=[NEW, OLD]):
        call_command("rotate_field_keys")
        call_command("rotate_field_keys", "--check")
    assert (raw(Visit, "notes", visit.pk), raw(CasePlan, "summary", plan.pk)) != before
    with override_settings(SHOUHU_FIELD_KEYS=[NEW]):  # the old key removed
        call_command("rotate_field_keys", "--check")
        assert Visit.objects.get(pk=visit.pk).notes == {"food": "奶奶说家里没米了"}
        assert CasePlan.objects.get(pk=plan.pk).summary == "家庭困难"
        assert ReferralEvent.objects.get().note == "电话联系了张奶奶"


def test_a_comment_on_a_visit_is_encrypted(people, kids, login):
    post_visit(login(people["cwd_a"]), kids["a"], TODAY)
    visit = Visit.objects.get(child=kids["a"])
    comment = visit_actions.do_comment_visit(people["supervisor"], visit, "请联系学校")
    assert "学校" not in raw(VisitComment, "text", comment.pk)
    assert VisitComment.objects.get().text == "请联系学校"


def test_the_visits_list_does_not_load_the_narrative_one_visit_at_a_time(people, kids, login):
    client = login(people["cwd_a"])
    url = reverse("child_visits", args=[kids["a"].uuid])

    def queries_with(n: int) -> int:
        for i in range(n - Visit.objects.filter(child=kids["a"]).count()):
            post_visit(client, kids["a"], TODAY - timedelta(days=i + 1), living_conditions="屋顶漏水")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(4)
