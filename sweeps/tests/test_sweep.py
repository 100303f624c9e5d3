"""A sweep from start to report: the county starts it, village A's CWD confirms, corrects, closes
and adds; the progress shows it; the county closes it; the report and its spreadsheet say what
changed. Scope: outsiders and the CWD of another village get 404."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from alerts.models import Alert
from audit.models import AuditEvent
from children import choices as c
from children.models import Child
from children.tests.test_registration import form_data
from conftest import make_child
from core.tests.pageform import form_of
from sweeps import actions
from sweeps.alert_kinds import SWEEP_STARTED
from sweeps.audit_actions import SWEEP_CONFIRM, SWEEP_FOUND
from sweeps.models import Sweep, SweepItem
from sweeps.queries import with_state

OUT = SweepItem.Outcome
TODAY = timezone.localdate()
REF = date(2026, 7, 31)


@pytest.fixture
def village_kids(geo, kids):
    """Village A: 张伟 (kids) and three more; B and C have one each; D is the other county."""
    a = geo["village_a"]
    more = {
        "wang": make_child(a, "王芳", sex="F", dob=date(2014, 5, 1)),
        # Turned 16 by the reference date while still recorded as left-behind.
        "old": make_child(a, "李强", dob=date(2010, 6, 1)),
        "liu": make_child(a, "刘洋", dob=date(2016, 2, 2)),
    }
    make_child(a, "已注销", status=c.Status.CLOSED, closed_on=date(2025, 1, 1), closure_reason="moved")
    return {**kids, **more}


def start(people, **kw):
    return actions.do_start_sweep(
        people["county"], name="2026年摸底排查", reference_date=REF, deadline=TODAY + timedelta(days=30), **kw
    )


def state_of(sweep, child):
    return with_state(SweepItem.objects.filter(sweep=sweep, child=child), sweep).values_list("state", flat=True)[0]


def test_start_snapshots_open_files_of_the_county_and_alerts_each_village(people, village_kids, login):
    page = login(people["county"]).post(
        reverse("sweep_start"),
        {
            "name": "2026年摸底排查",
            "reference_date": "2026-07-31",
            "deadline": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    sweep = Sweep.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("sweep_detail", args=[sweep.uuid])
    items = SweepItem.objects.filter(sweep=sweep)
    # Village A: 4 open (the closed file is left out); B and C one each; D is another county.
    assert sweep.files_at_start == items.count() == 6
    assert set(items.values_list("village_id", flat=True)) == {
        "511324100201",
        "511324100202",
        "511324101201",
    }
    item = items.get(child=village_kids["a"])
    assert item.start_categories == "rural_left_behind,"
    assert item.start_status == c.Status.ACTIVE
    alerts = Alert.objects.filter(kind=SWEEP_STARTED)
    assert {a.recipient.username for a in alerts} == {"cwd_a", "cwd_b", "cwd_c"}
    assert alerts.get(recipient=people["cwd_a"]).params["count"] == 4
    # A second sweep while one runs: refused.
    again = login(people["county"]).post(
        reverse("sweep_start"),
        {"name": "again", "reference_date": "2026-07-31", "deadline": (TODAY + timedelta(days=3)).isoformat()},
    )
    assert again.status_code == 200
    assert Sweep.objects.count() == 1


def test_only_a_county_officer_starts_a_sweep(people, login):
    for who in ("cwd_a", "supervisor", "partner"):
        assert login(people[who]).get(reverse("sweep_start")).status_code == 404
    assert login(people["county"]).get(reverse("sweep_start")).status_code == 200


def test_the_whole_sweep(people, village_kids, geo, login, django_capture_on_commit_callbacks):
    sweep = start(people)
    k = village_kids
    cwd = login(people["cwd_a"])
    url = reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code])
    page = cwd.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "张伟" in html
    assert "李娜" not in html
    assert AuditEvent.objects.filter(action="view", details__what="sweep_list", child=k["a"]).exists()

    # 1. Still here, nothing changed: one tap.
    item = SweepItem.objects.get(sweep=sweep, child=k["a"])
    r = cwd.post(reverse("sweep_item_confirm", args=[sweep.uuid, item.pk]), {"next": url})
    assert r.status_code == 302
    assert r["Location"] == url
    assert state_of(sweep, k["a"]) == OUT.CONFIRMED
    assert AuditEvent.objects.filter(action=SWEEP_CONFIRM, child=k["a"]).exists()

    # 2. Correct the file: the mother came home, so 王芳 is no longer left-behind.
    data = form_of(cwd.get(reverse("child_edit", args=[k["wang"].uuid])).content.decode(), "childform")
    data["mother-migration_status"] = [c.MigrationStatus.AT_HOME]
    data["categories"] = []
    data["school"] = ["金城镇中学"]
    saved = cwd.post(reverse("child_edit", args=[k["wang"].uuid]), data)
    assert saved.status_code == 302
    assert state_of(sweep, k["wang"]) == OUT.CORRECTED
    # The profile the edit page leads to shows the way back to the list.
    profile = cwd.get(saved["Location"]).content.decode()
    assert url in profile

    # 3. No longer here: closed with a reason.
    item = SweepItem.objects.get(sweep=sweep, child=k["liu"])
    form = cwd.get(reverse("sweep_item_close", args=[sweep.uuid, item.pk]))
    assert form.status_code == 200
    r = cwd.post(
        reverse("sweep_item_close", args=[sweep.uuid, item.pk]),
        {"reason": c.ClosureReason.MOVED, "closed_on": TODAY.isoformat(), "note": "随父母去广州", "next": url},
    )
    assert r.status_code == 302
    k["liu"].refresh_from_db()
    assert k["liu"].status == c.Status.CLOSED
    assert k["liu"].closure_reason == c.ClosureReason.MOVED
    assert state_of(sweep, k["liu"]) == OUT.CLOSED

    # 4. A child found: registered through the registration form, recorded in the sweep.
    r = cwd.post(reverse("child_register"), form_data(geo["village_a"]))
    assert r.status_code == 302
    found = Child.objects.get(name="陈小雨")
    assert SweepItem.objects.get(sweep=sweep, child=found).kind == SweepItem.Kind.FOUND
    assert AuditEvent.objects.filter(action=SWEEP_FOUND, child=found).exists()

    # The list: to check / done / found, with totals.
    todo = cwd.get(url).content.decode()
    assert "李强" in todo
    assert "张伟" not in todo
    done = cwd.get(url + "?show=done").content.decode()
    assert "张伟" in done
    assert "王芳" in done
    assert "刘洋" in done
    assert "陈小雨" in cwd.get(url + "?show=found").content.decode()
    # Search by pinyin.
    search = cwd.get(url + "?show=all&q=liqiang").content.decode()
    assert "李强" in search
    assert "张伟" not in search

    # Progress for the township supervisor (villages) and the county (townships).
    sup = login(people["supervisor"])
    page = sup.get(reverse("sweep_detail", args=[sweep.uuid]))
    assert page.status_code == 200
    rows = {row.code: row for row in page.context["page"].object_list}
    a = rows[geo["village_a"].code]
    assert (a.total, a.checked, a.confirmed, a.corrected, a.closed, a.found) == (4, 3, 1, 1, 1, 1)
    assert rows[geo["village_b"].code].not_started
    # Least progress first: village B (0 %) before A (75 %).
    assert next(r.code for r in page.context["page"].object_list) == geo["village_b"].code
    assert geo["village_c"].code not in rows  # another township
    county = login(people["county"]).get(reverse("sweep_detail", args=[sweep.uuid]))
    trows = {row.code: row for row in county.context["page"].object_list}
    assert trows[geo["t1"].code].villages_not_started == 1
    assert trows[geo["t1"].code].total == 5
    assert trows[geo["t2"].code].villages_not_started == 1
    assert county.context["total"].checked == 3

    # Today: what is left, for the CWD.
    today = login(people["cwd_a"]).get(reverse("today")).content.decode()
    assert "data-sweep-today" in today
    assert url in today

    # Close the sweep: a background job stores the outcomes while the page says so; then the report.
    officer = login(people["county"])
    with django_capture_on_commit_callbacks(execute=True):
        r = officer.post(reverse("sweep_close", args=[sweep.uuid]))
    assert r.status_code == 302
    assert r.url == reverse("sweep_detail", args=[sweep.uuid])
    sweep.refresh_from_db()
    assert sweep.status == Sweep.Status.CLOSING
    closing = officer.get(r.url).content.decode()
    assert 'data-sweep-status="closing"' in closing
    assert "hx-trigger" in closing  # the status asks again by itself
    assert officer.get(reverse("sweep_report", args=[sweep.uuid])).status_code == 404  # not made yet
    assert login(people["cwd_a"]).post(reverse("sweep_close", args=[sweep.uuid])).status_code == 404
    officer = login(people["county"])
    queued = DBTaskResult.objects.get(task_path="sweeps.tasks.close_sweep")
    assert queued.args_kwargs["args"] == [sweep.pk]
    actions.run_close(sweep.pk)  # what the worker runs (the worker itself: ledger's test_export_jobs)
    sweep.refresh_from_db()
    assert sweep.status == Sweep.Status.CLOSED
    done = officer.get(reverse("sweep_closing", args=[sweep.uuid])).content.decode()
    assert reverse("sweep_report", args=[sweep.uuid]) in done
    assert "hx-trigger" not in done
    outcomes = dict(SweepItem.objects.filter(sweep=sweep).values_list("child__name", "outcome"))
    assert outcomes == {
        "张伟": OUT.CONFIRMED,
        "王芳": OUT.CORRECTED,
        "刘洋": OUT.CLOSED,
        "李强": OUT.PENDING,
        "陈小雨": OUT.FOUND,
        "李娜": OUT.PENDING,
        "王磊": OUT.PENDING,
    }
    wang = SweepItem.objects.get(sweep=sweep, child=k["wang"])
    assert wang.end_categories == ""
    assert wang.start_categories == "rural_left_behind,"
    assert "mother.migration_status" in wang.changed_fields
    assert "school" in wang.changed_fields
    # 李强 is 16 at the reference date: the rules no longer make him left-behind.
    old = SweepItem.objects.get(sweep=sweep, child=k["old"])
    assert old.eligibility_differs == {"rural_left_behind": False}

    report = login(people["county"]).get(reverse("sweep_report", args=[sweep.uuid]), HTTP_ACCEPT_LANGUAGE="en")
    assert report.status_code == 200
    r = report.context["r"]
    assert r.counts[OUT.FOUND] == 1
    assert r.counts[OUT.CLOSED] == 1
    assert r.checked == 3
    assert r.listed == 6
    assert r.closed_by_reason == {"moved": 1}
    assert r.category_removed["rural_left_behind"] == 1
    assert r.eligibility_no["rural_left_behind"] == 1
    assert r.villages_not_started == 2
    assert ("Mother: migration", 1) in report.context["field_rows"]
    assert ("School", 1) in report.context["field_rows"]
    html = report.content.decode()
    for name in ("陈小雨", "刘洋", "王芳", "李强"):
        assert name in html
    assert AuditEvent.objects.filter(action="view", details__what="sweep_report", child=k["old"]).exists()

    # Read-only after the close.
    item = SweepItem.objects.get(sweep=sweep, child=k["old"])
    assert cwd.post(reverse("sweep_item_confirm", args=[sweep.uuid, item.pk])).status_code == 404
    assert cwd.get(reverse("sweep_item_close", args=[sweep.uuid, item.pk])).status_code == 404
    assert "data-confirm" not in cwd.get(url + "?show=all").content.decode()
    # A later change of a file does not move the report.
    Child.objects.filter(pk=k["old"].pk).update(lock_version=99)
    again = login(people["county"]).get(reverse("sweep_report", args=[sweep.uuid])).context["r"]
    assert again.counts == r.counts


def test_report_spreadsheet_is_scoped_audited_and_formula_safe(people, village_kids, geo, login):
    evil = make_child(geo["village_a"], "=HYPERLINK(1)")
    sweep = start(people)
    item = SweepItem.objects.get(sweep=sweep, child=village_kids["liu"])
    actions.do_close_file(people["cwd_a"], item, c.ClosureReason.MOVED, TODAY, "=1+1")
    actions.do_close_sweep(people["county"], sweep)
    response = login(people["supervisor"]).get(reverse("sweep_report_xlsx", args=[sweep.uuid]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == 6
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "'=HYPERLINK(1)" in cells
    assert "'=1+1" in cells
    assert not any(v.startswith("=") for v in cells)
    assert "王磊" not in cells  # township 2: outside the supervisor's scope
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["filters"] == {"sweep": str(sweep.uuid)}
    assert AuditEvent.objects.filter(action="export", child=evil).exists()
    # A CWD reads the report of their village but does not download it.
    assert login(people["cwd_a"]).get(reverse("sweep_report_xlsx", args=[sweep.uuid])).status_code == 404


@pytest.mark.parametrize("who", ["other_county", "cwd_d", "partner"])
def test_outsiders_get_404_everywhere(people, village_kids, geo, login, who):
    sweep = start(people)
    item = SweepItem.objects.get(sweep=sweep, child=village_kids["a"])
    client = login(people[who])
    for url in [
        reverse("sweep_detail", args=[sweep.uuid]),
        reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code]),
        reverse("sweep_item_close", args=[sweep.uuid, item.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("sweep_item_confirm", args=[sweep.uuid, item.pk])).status_code == 404
    assert client.post(reverse("sweep_close", args=[sweep.uuid])).status_code == 404
    actions.do_close_sweep(people["county"], sweep)
    assert client.get(reverse("sweep_report", args=[sweep.uuid])).status_code == 404
    assert client.get(reverse("sweep_report_xlsx", args=[sweep.uuid])).status_code == 404
    assert SweepItem.objects.get(pk=item.pk).confirmed_at is None


def test_cwd_of_another_village_gets_404(people, village_kids, geo, login):
    sweep = start(people)
    item = SweepItem.objects.get(sweep=sweep, child=village_kids["a"])
    cwd_b = login(people["cwd_b"])
    assert cwd_b.get(reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code])).status_code == 404
    assert cwd_b.post(reverse("sweep_item_confirm", args=[sweep.uuid, item.pk])).status_code == 404
    assert cwd_b.get(reverse("sweep_item_close", args=[sweep.uuid, item.pk])).status_code == 404
    assert cwd_b.get(reverse("sweep_detail", args=[sweep.uuid])).status_code == 302  # to their own list
    own = cwd_b.get(reverse("sweep_village", args=[sweep.uuid, geo["village_b"].code]))
    assert own.status_code == 200
    assert "李娜" in own.content.decode()
    assert "张伟" not in own.content.decode()
    # The supervisor of the other township neither.
    sup2 = login(people["supervisor_t2"])
    assert sup2.get(reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code])).status_code == 404
    assert sup2.post(reverse("sweep_close", args=[sweep.uuid])).status_code == 404


def test_undo_a_confirmation(people, village_kids, login, geo):
    sweep = start(people)
    item = SweepItem.objects.get(sweep=sweep, child=village_kids["a"])
    cwd = login(people["cwd_a"])
    cwd.post(reverse("sweep_item_confirm", args=[sweep.uuid, item.pk]))
    cwd.post(reverse("sweep_item_undo", args=[sweep.uuid, item.pk]))
    assert state_of(sweep, village_kids["a"]) == OUT.PENDING


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", ["还在，没有变化", "改档案", "已不在这里"]),
        ("en", ["Still here, nothing changed"]),
        ("ja", ["変わりなし"]),
    ],
)
def test_pages_render_in_each_language(people, village_kids, geo, login, lang, words):
    sweep = start(people)
    cwd = login(people["cwd_a"])
    page = cwd.get(reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code]), HTTP_ACCEPT_LANGUAGE=lang)
    html = page.content.decode()
    for word in words:
        assert word in html
    assert "sweep_" not in html.replace("sweep_item", "").replace("data-sweep", "")
    county = login(people["county"])
    assert county.get(reverse("sweep_detail", args=[sweep.uuid]), HTTP_ACCEPT_LANGUAGE=lang).status_code == 200
    actions.do_close_sweep(people["county"], sweep)
    assert county.get(reverse("sweep_report", args=[sweep.uuid]), HTTP_ACCEPT_LANGUAGE=lang).status_code == 200
    alert = Alert.objects.filter(recipient=people["cwd_a"]).first()
    inbox = login(people["cwd_a"]).get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE=lang)
    assert inbox.status_code == 200
    assert alert is not None


def test_bulk_start_on_a_few_thousand_files(people, geo):
    """Sanity, not a timing: 3,000 files go on the lists in bulk, with the right counts."""
    base = make_child(geo["village_a"], "基准")
    rows = []
    for i in range(3000):
        clone = Child(
            household=base.household,
            village=geo["village_b"] if i % 2 else geo["village_a"],
            name=f"孩子{i}",
            name_pinyin=f"haizi{i}",
            name_initials="hz",
            sex="M",
            date_of_birth=date(2015, 1, 1),
            hukou_type="rural",
            schooling_status="primary",
            status=c.Status.ACTIVE,
        )
        clone.set_categories(["rural_left_behind"])
        rows.append(clone)
    Child.objects.bulk_create(rows, batch_size=1000)
    sweep = start(people)
    assert sweep.files_at_start == 3001
    assert SweepItem.objects.filter(sweep=sweep, village_id=geo["village_b"].code).count() == 1500
    assert Alert.objects.get(recipient=people["cwd_a"], kind=SWEEP_STARTED).params["count"] == 1501
    counts = actions.do_close_sweep(people["county"], sweep)
    assert counts == {OUT.PENDING: 3001}


def test_list_and_progress_queries_do_not_grow_with_the_children(people, geo, login):
    """No query per child on the village list, nor per village on the progress page."""
    for i in range(3):
        make_child(geo["village_a"], f"甲{i}")
    sweep = start(people)
    cwd = login(people["cwd_a"])
    url = reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code])
    with CaptureQueriesContext(connection) as few:
        assert cwd.get(url + "?show=all").status_code == 200
    for i in range(12):
        make_child(geo["village_a"] if i % 2 else geo["village_b"], f"乙{i}")
    actions.do_close_sweep(people["county"], sweep)
    sweep = start(people)
    url = reverse("sweep_village", args=[sweep.uuid, geo["village_a"].code])
    with CaptureQueriesContext(connection) as many:
        assert cwd.get(url + "?show=all").status_code == 200
    assert len(many) == len(few)
    county = login(people["county"])
    with CaptureQueriesContext(connection) as progress:
        assert county.get(reverse("sweep_detail", args=[sweep.uuid])).status_code == 200
    assert len(progress) <= 12


def test_the_list_of_sweeps(people, village_kids, login):
    assert login(people["supervisor"]).get(reverse("sweep_list")).status_code == 200  # empty, not missing
    assert login(people["partner"]).get(reverse("sweep_list")).status_code == 404
    sweep = start(people)
    page = login(people["cwd_a"]).get(reverse("sweep_list")).content.decode()
    assert sweep.name in page
    assert sweep.name not in login(people["other_county"]).get(reverse("sweep_list")).content.decode()


def test_a_failed_closing_job_says_so_and_the_sweep_runs_again(people, village_kids, login, monkeypatch):
    sweep = start(people)
    actions.do_request_close(people["county"], sweep)
    sweep.refresh_from_db()
    assert sweep.is_closing
    assert not actions.access.can_work(people["cwd_a"], sweep)  # no changes while it closes

    def broken(sweep):
        raise OSError("disk full")

    monkeypatch.setattr(actions, "_store_eligibility", broken)
    assert actions.run_close(sweep.pk) == {"failed": 1}
    sweep.refresh_from_db()
    assert sweep.is_running
    assert sweep.close_error == "error"
    page = login(people["county"]).get(reverse("sweep_detail", args=[sweep.uuid])).content.decode()
    assert 'data-close-failed="error"' in page
    assert "data-close-submit" in page  # may try again
    monkeypatch.undo()
    actions.do_request_close(people["county"], sweep)
    assert actions.run_close(sweep.pk)  # counts of the outcomes
    assert actions.run_close(sweep.pk) == {"skipped": 1}  # a second run does nothing
    sweep.refresh_from_db()
    assert sweep.is_closed
    assert sweep.close_error == ""
