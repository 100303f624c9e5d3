from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from conftest import make_child
from measurements.models import Measurement

BORN = date(2022, 3, 1)


@pytest.fixture
def boy(geo):
    return make_child(geo["village_a"], "刘小虎", dob=BORN, sex="M")


def record(client, child, **values):
    data = {"measured_on": (BORN + timedelta(days=1000)).isoformat(), "source": "cwd", **values}
    return client.post(reverse("child_growth", args=[child.uuid]), data)


def test_a_measurement_is_scored_with_who_values(people, boy, login):
    # DOMAIN.md §7.2 vector: boy, 1000 days, 15 kg, 100 cm → HAZ 1.70, WAZ 0.69, WHZ −0.29, BAZ −0.58.
    client = login(people["cwd_a"])
    response = record(client, boy, weight_kg="15", length_cm="100", position="standing")
    assert response.status_code == 302
    m = Measurement.objects.get(child=boy)
    assert (m.haz, m.waz, m.whz, m.baz) == (1.70, 0.69, -0.29, -0.58)
    assert m.findings == []
    assert m.recorded_by == people["cwd_a"]
    assert AuditEvent.objects.filter(child=boy, action="measure").exists()
    page = client.get(reverse("child_growth", args=[boy.uuid]))
    svg = page.context["chart"]
    ElementTree.fromstring(svg)  # noqa: S314 (our own output) — well-formed, inlined under the CSP
    assert "<script" not in svg


def test_severe_wasting_is_reported_in_the_users_language(people, boy, login):
    client = login(people["cwd_a"])
    record(client, boy, weight_kg="11.5", length_cm="100", position="standing")
    m = Measurement.objects.get(child=boy)
    assert m.whz < -3
    assert m.findings == ["sam", "wasting_severe"]
    html = client.get(reverse("child_detail", args=[boy.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "营养不良" in html or "消瘦" in html


def test_bad_values_are_refused_and_kept(people, boy, login):
    client = login(people["cwd_a"])
    response = record(client, boy, weight_kg="1500", length_cm="100")
    assert response.status_code == 200
    assert not Measurement.objects.exists()
    html = response.content.decode()
    assert 'value="1500"' in html
    assert html.count('class="fielderror"') == 2  # weight out of range; position missing
    future = (date.today() + timedelta(days=2)).isoformat()
    assert record(client, boy, weight_kg="15", measured_on=future).status_code == 200
    assert record(client, boy).status_code == 200  # nothing measured
    assert not Measurement.objects.exists()


def test_growth_pages_follow_the_childs_scope(people, boy, login):
    record(login(people["cwd_a"]), boy, weight_kg="15", length_cm="100", position="standing")
    m = Measurement.objects.get()
    for persona in ("cwd_b", "supervisor_t2", "other_county", "partner"):
        client = login(people[persona])
        assert client.get(reverse("child_growth", args=[boy.uuid])).status_code == 404
        assert record(client, boy, weight_kg="16").status_code == 404
        url = reverse("measurement_void", args=[boy.uuid, m.uuid])
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert Measurement.objects.count() == 1
    assert login(people["supervisor"]).get(reverse("child_growth", args=[boy.uuid])).status_code == 200


def test_a_wrong_measurement_is_voided_not_deleted(people, boy, login):
    client = login(people["cwd_a"])
    record(client, boy, weight_kg="15", length_cm="100", position="standing")
    m = Measurement.objects.get()
    client.post(reverse("measurement_void", args=[boy.uuid, m.uuid]), {"reason": "秤未归零"})
    m.refresh_from_db()
    assert m.voided_reason == "秤未归零"
    assert client.get(reverse("child_growth", args=[boy.uuid])).context["latest"] is None


def _sheet(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "测量日期", "体重", "身高", "测量方式"])
    ws.append(["甲", "男", BORN, BORN + timedelta(days=1000), 15, 100, "立位"])
    ws.append(["乙", "", BORN, BORN + timedelta(days=1000), 15, 100, "立位"])
    path = tmp_path / "school.xlsx"
    wb.save(path)
    return path


def test_score_growth_command_scores_good_rows_and_reports_bad_ones(tmp_path, capsys):
    out = tmp_path / "scored.xlsx"
    call_command("score_growth", str(_sheet(tmp_path)), str(out))
    captured = capsys.readouterr()
    assert "1 of 2" in captured.out
    assert "3" in captured.err  # the bad row's number as Excel shows it
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_sheet_upload_returns_the_scored_sheet(people, login, tmp_path):
    client = login(people["cwd_a"])
    upload = SimpleUploadedFile("school.xlsx", _sheet(tmp_path).read_bytes())
    response = client.post(reverse("score_sheet"), {"sheet": upload})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    bad = SimpleUploadedFile("notes.txt", b"hello")
    response = client.post(reverse("score_sheet"), {"sheet": bad})
    assert response.status_code == 200
    assert 'class="fielderror"' in response.content.decode()


def test_head_circumference_and_skinfolds_are_scored_and_shown(people, boy, login):
    # WHO igrowup MySurvey_z_st.csv id 140 (boy, 227 days): zhc 0.69, zts 3.38, zss 2.51.
    client = login(people["cwd_a"])
    data = {"measured_on": (BORN + timedelta(days=227)).isoformat(), "source": "cwd"}
    data |= {"head_cm": "45.1", "triceps_mm": "16.8", "subscapular_mm": "11.2"}
    response = client.post(reverse("child_growth", args=[boy.uuid]), data)
    assert response.status_code == 302
    m = Measurement.objects.get(child=boy)
    assert (m.hcz, m.tsz, m.ssz) == (0.69, 3.38, 2.51)
    html = client.get(reverse("child_growth", args=[boy.uuid]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "头围 45.1 cm" in html
    assert "头围/年龄 0.69" in html
