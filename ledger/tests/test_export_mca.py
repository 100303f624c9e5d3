"""The MCA exchange file: everything the first time, then only what changed (新增 / 变更 / 退出),
the last batch again on request, the watermark moved only by a file actually made."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from children import choices as c
from children.actions import do_close_child, do_transfer_child
from children.models import Parent
from conftest import make_child
from ledger import exports, mca
from ledger.models import ExportJob, McaExport, McaSent
from ledger.tests.export_helpers import take

URL = "ledger_export"


def _post(client, division, **data):
    return take(client, {"division": division.code, "product": exports.MCA, **data})


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:400] if hasattr(response, "content") else ""
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == mca.HEADERS
    return [dict(zip(mca.HEADERS, r, strict=True)) for r in rows[1:]]


def _by_name(rows):
    return {r["姓名"]: r for r in rows}


@pytest.fixture
def county(people, login):
    return login(people["county"])


def test_new_then_changed_then_closed_across_three_exports(county, people, kids, geo):
    a, b, c_child = kids["a"], kids["b"], kids["c"]
    first = _by_name(_rows(_post(county, geo["county"])))
    assert set(first) == {a.name, b.name, c_child.name}  # the first file holds everything
    assert {r["变动类型"] for r in first.values()} == {"新增"}
    row = first[a.name]
    assert row["儿童编号"] == str(a.uuid)
    assert row["证件号码"] == a.id_number  # in full: the national system needs them
    assert row["证件类型"] == "居民身份证"
    assert row["行政区划代码"] == geo["village_a"].code
    assert row["乡镇（街道）"] == geo["t1"].name
    assert row["县（市、区）"] == geo["county"].name
    assert row["父亲务工地点"] == "广州"
    assert row["委托照料人姓名"] == "张奶奶"
    assert row["留守类型"] == "父母双方外出务工"
    assert row["在册状态"] == "在册"
    assert McaSent.objects.filter(division=geo["county"]).count() == 3

    # Nothing changed: no file, and the watermark stays.
    response = _post(county, geo["county"])
    assert b'data-export-status="failed"' in response.content  # the export's page says why
    assert b'data-problem="no_changes"' in response.content
    assert McaExport.objects.count() == 1

    # A's father moved to work in Shenzhen (a parent's record, which has no timestamp of its own).
    Parent.objects.filter(household=a.household, role="father").update(work_city="深圳")
    second = _rows(_post(county, geo["county"]))
    assert [(r["姓名"], r["变动类型"], r["父亲务工地点"]) for r in second] == [(a.name, "变更", "深圳")]

    # B's file is closed: an exit, with its reason and date.
    do_close_child(people["county"], b, c.ClosureReason.PARENTS_RETURNED, date(2026, 11, 30))
    third = _rows(_post(county, geo["county"]))
    assert len(third) == 1
    assert third[0]["姓名"] == b.name
    assert third[0]["变动类型"] == "退出"
    assert third[0]["在册状态"] == "退出"
    assert third[0]["退出日期"].date() == date(2026, 11, 30)
    assert third[0]["退出原因"]

    exports_made = list(McaExport.objects.order_by("exported_at", "pk"))
    assert [(x.new_count, x.changed_count, x.closed_count) for x in exports_made] == [(3, 0, 0), (0, 1, 0), (0, 0, 1)]
    # A file closed and already sent as closed is not sent again; a new child is.
    make_child(geo["village_c"], "新来的")
    fourth = _rows(_post(county, geo["county"]))
    assert [(r["姓名"], r["变动类型"]) for r in fourth] == [("新来的", "新增")]


def test_resend_the_last_batch_moves_no_watermark(county, people, kids, geo):
    a = kids["a"]
    _rows(_post(county, geo["t1"]))
    Parent.objects.filter(household=a.household, role="mother").update(work_city="东莞")
    batch = _rows(_post(county, geo["t1"]))
    assert [(r["姓名"], r["变动类型"]) for r in batch] == [(a.name, "变更")]
    again = _rows(_post(county, geo["t1"], resend="on"))
    assert [(r["姓名"], r["变动类型"], r["母亲务工地点"]) for r in again] == [(a.name, "变更", "东莞")]
    resent = McaExport.objects.first()
    assert resent.resend_of is not None
    # The resend is no new batch: nothing has changed since the last real one, and a second
    # resend sends the same batch again.
    assert b"data-problem" in _post(county, geo["t1"]).content
    assert [r["姓名"] for r in _rows(_post(county, geo["t1"], resend="on"))] == [a.name]
    summary = AuditEvent.objects.filter(action="export", child=None).order_by("-pk").first()
    assert summary.details["resend"] is True
    assert summary.details["full_ids"] is True


def test_resend_before_any_file_says_so(county, kids, geo):
    response = _post(county, geo["t1"], resend="on")
    assert response.status_code == 400
    assert b"data-problem" in response.content


def test_a_file_moved_out_of_the_area_is_an_exit_there_and_new_in_its_new_area(county, people, kids, geo):
    c_child = kids["c"]
    _rows(_post(county, geo["t2"]))
    do_transfer_child(people["county"], c_child, geo["village_a"], date(2026, 11, 1))
    gone = _rows(_post(county, geo["t2"]))
    assert [(r["姓名"], r["变动类型"], r["退出原因"]) for r in gone] == [(c_child.name, "退出", mca.MOVED_OUT)]
    arrived = _rows(_post(county, geo["t1"]))
    assert c_child.name in {r["姓名"] for r in arrived}


def test_the_mca_export_is_audited_with_full_ids_per_child(county, kids, geo):
    _rows(_post(county, geo["t1"]))
    summary = AuditEvent.objects.get(action="export", child=None)
    assert summary.details["product"] == exports.MCA
    assert summary.details["full_ids"] is True
    assert summary.details["counts"] == {"new": 2, "changed": 0, "closed": 0}
    each = AuditEvent.objects.filter(action="export", child__isnull=False)
    assert {e.child_id for e in each} == {kids["a"].pk, kids["b"].pk}
    assert all(e.details["export"] == summary.pk and e.details["full_ids"] for e in each)


def test_the_watermark_moves_only_with_a_file_made(county, kids, geo, monkeypatch):
    def broken(self, filename):
        raise OSError("disk full")

    monkeypatch.setattr(exports.Workbook, "save", broken)
    page = _post(county, geo["t1"])
    assert b"data-problem" in page.content  # the failure is shown plainly
    assert b'data-problem="error"' in page.content
    assert ExportJob.objects.get().status == ExportJob.Status.FAILED
    assert not McaExport.objects.exists()
    assert not McaSent.objects.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_only_county_officers_take_the_mca_file_and_only_in_their_county(people, kids, geo, login):
    assert _post(login(people["supervisor"]), geo["t1"]).status_code == 400  # not offered: the form refuses
    assert _post(login(people["other_county"]), geo["t1"]).status_code == 404
    assert not McaExport.objects.exists()
    page = login(people["county"]).get(reverse(URL)).content.decode()
    assert 'value="mca"' in page
    assert "data-history" in page


def test_the_history_lists_delivered_files_of_the_users_reach(county, people, kids, geo, login):
    _rows(_post(county, geo["t1"]))
    page = county.get(reverse(URL)).content.decode()
    assert geo["t1"].name in page
    other = login(people["other_county"]).get(reverse(URL)).content.decode()
    assert geo["t1"].name not in other
