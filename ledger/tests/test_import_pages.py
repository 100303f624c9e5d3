"""The ledger import's pages: upload, columns, the checked rows, a duplicate's decision, confirm,
the result; in Chinese, English and Japanese; only for county and township officers, only within
their scope."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from children.identity import make_id_number
from children.models import Child
from conftest import make_child
from ledger import importer
from ledger.import_forms import value_key
from ledger.models import ImportRow, LedgerImport, LedgerLayout

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["序号", "儿童姓名", "性别", "出生日期", "身份证号", "所在村", "儿童类别", "父亲姓名", "母亲姓名"]


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English unless a test says otherwise, so that assertions read the msgids."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def ledger(rows, headers=HEADERS, *, title: str | None = "金城镇农村留守儿童花名册", name="花名册.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


def child_row(n, name, dob, village="石佛村", *, sex="男", with_id=True, category="留守儿童", code="511324100201"):
    number = make_id_number(code[:6], dob, 500 + n, "M" if sex == "男" else "F") if with_id else ""
    return [n, name, sex, dob.strftime("%Y.%m.%d").replace(".0", "."), number, village, category, "张父", "刘母"]


def upload(client, file, lifecycle="registered"):
    return client.post(reverse("ledger_import"), {"file": file, "lifecycle": lifecycle})


def the_import() -> LedgerImport:
    return LedgerImport.objects.latest("created_at")


def rows_of(outcome):
    return the_import().rows.filter(outcome=outcome)


GOOD = [
    child_row(1, "王小明", date(2015, 3, 8)),
    child_row(2, "王小红", date(2017, 6, 1), sex="女"),
    child_row(3, "李强", date(2014, 1, 20), "龙岗村", code="511324100202"),
]


# --------------------------------------------------------------------------- who may import


def test_only_county_and_township_officers_may_import(people, login):
    client = login(people["cwd_a"])
    assert client.get(reverse("ledger_import")).status_code == 404
    assert client.get(reverse("ledger_import_template")).status_code == 404
    assert upload(client, ledger(GOOD)).status_code == 404
    assert not LedgerImport.objects.exists()
    assert login(people["partner"]).get(reverse("ledger_import")).status_code == 404
    for who in ("county", "supervisor"):
        response = login(people[who]).get(reverse("ledger_import"))
        assert response.status_code == 200
        assert reverse("ledger_import") in response.content.decode()  # the nav link


def test_the_nav_link_shows_only_to_importers(people, login):
    link = f'href="{reverse("ledger_import")}"'
    assert link in login(people["county"]).get(reverse("roster")).content.decode()
    assert link not in login(people["cwd_a"]).get(reverse("roster")).content.decode()


def test_an_import_outside_the_users_scope_is_404_everywhere(people, login, geo):
    county = login(people["county"])
    upload(county, ledger(GOOD))
    ledger_import = the_import()
    row = ledger_import.rows.first()
    names = [
        ("ledger_import_detail", []),
        ("ledger_import_mapping", []),
        ("ledger_import_preview", []),
        ("ledger_import_errors", []),
        ("ledger_import_confirm", []),
        ("ledger_import_result", []),
        ("ledger_import_audit", []),
        ("ledger_import_row", [row.pk]),
    ]
    for user in ("other_county", "supervisor_t2", "cwd_a"):
        client = login(people[user])
        for name, extra in names:
            assert client.get(reverse(name, args=[ledger_import.uuid, *extra])).status_code == 404, (user, name)
        for name in ("ledger_import_cancel", "ledger_import_skip_errors", "ledger_import_confirm"):
            assert client.post(reverse(name, args=[ledger_import.uuid])).status_code == 404, (user, name)
        assert (
            client.post(
                reverse("ledger_import_row", args=[ledger_import.uuid, row.pk]), {"resolution": "skip"}
            ).status_code
            == 404
        )
        assert ledger_import.uuid.hex not in client.get(reverse("ledger_import")).content.decode()
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.VALIDATED


# --------------------------------------------------------------------------- upload and the list


def test_upload_of_a_known_layout_goes_straight_to_the_checked_rows(people, login):
    client = login(people["county"])
    response = upload(client, ledger(GOOD), lifecycle="active")
    ledger_import = the_import()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger_import_preview", args=[ledger_import.uuid])
    assert (ledger_import.status, ledger_import.lifecycle) == ("validated", "active")
    page = client.get(response["Location"]).content.decode()
    assert "王小明" in page
    assert "李强" in page
    assert 'data-tab="new"' in page
    home = client.get(reverse("ledger_import")).content.decode()
    assert "花名册.xlsx" in home
    assert re.search(r'id="imports-total">\s*1\s*<', home)


def test_a_file_that_is_not_a_ledger_is_refused_and_the_form_keeps_the_choice(people, login):
    client = login(people["county"])
    bad = SimpleUploadedFile("台账.xlsx", b"this is not a workbook", content_type=XLSX)
    response = upload(client, bad, lifecycle="active")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="fielderror"' in page
    assert re.search(r'value="active"\s+checked', page)  # the lifecycle chosen is kept
    wrong = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = upload(client, wrong, lifecycle="active")
    assert response.status_code == 400
    assert "not a ledger Shouhu can read" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_the_template_workbook_has_the_catalogues_headers(people, login):
    response = login(people["county"]).get(reverse("ledger_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert {"儿童姓名", "出生日期", "身份证号", "所在村（社区）", "父亲姓名", "母亲姓名", "委托照护人姓名"} <= set(
        headers
    )
    assert "档案编号" not in headers
    assert [c.value for c in book.worksheets[1][1]][:2] == ["户编号", "成员姓名"]
    guide = book.worksheets[2]
    assert any(row[0].value == "性别" and "男" in (row[3].value or "") for row in guide.iter_rows(min_row=2))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


# --------------------------------------------------------------------------- mapping


UNKNOWN_HEADERS = [
    "序号",
    "小孩名字",
    "性别",
    "出生日期",
    "身份证号",
    "所在村",
    "儿童类别",
    "父亲姓名",
    "母亲姓名",
    "备用",
]


def unknown_layout_rows():
    return [[*row, ""] for row in GOOD]


def mapping_post(ledger_import, choices: dict[str, str], values: dict | None = None):
    """The mapping form as shown, with the given header's select changed."""
    data = {}
    for s, sheet in enumerate(importer.sheet_columns(ledger_import)):
        for column in sheet.columns:
            data[f"s{s}-c{column.index}"] = choices.get(column.header, column.code or "")
    return {**data, **(values or {})}


def test_mapping_an_unknown_column_is_saved_and_reused_for_the_next_upload(people, login):
    client = login(people["county"])
    response = upload(client, ledger(unknown_layout_rows(), UNKNOWN_HEADERS))
    ledger_import = the_import()
    assert ledger_import.status == LedgerImport.Status.NEEDS_MAPPING
    url = reverse("ledger_import_mapping", args=[ledger_import.uuid])
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "小孩名字" in page
    assert "not recognised" in page
    assert "王小明" in page  # a sample value
    assert GOOD[0][4] not in page  # ID numbers among them are masked
    assert GOOD[0][4][:6] + "********" + GOOD[0][4][-4:] in page
    assert "Child&#x27;s name" in page or "Child's name" in page  # named as missing
    assert "remembers" in page

    # Sent without choosing: the page says what is missing and keeps every choice made.
    data = mapping_post(ledger_import, {"备用": "child.school"})
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot find them" in page
    assert re.search(r'<option value="child.school" selected>', page)

    response = client.post(url, mapping_post(ledger_import, {"小孩名字": "child.name"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger_import_preview", args=[ledger_import.uuid])
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.VALIDATED
    assert LedgerLayout.objects.filter(county=people["county"].division).count() == 1
    assert set(rows_of("new").values_list("data__child.name", flat=True)) == {"王小明", "王小红", "李强"}

    # The next ledger with the same columns (from the township) is read without asking.
    supervisor = login(people["supervisor"])
    response = upload(supervisor, ledger(unknown_layout_rows()[:2], UNKNOWN_HEADERS, name="第二批.xlsx"))
    second = the_import()
    assert second.pk != ledger_import.pk
    assert second.status == LedgerImport.Status.VALIDATED
    assert response["Location"] == reverse("ledger_import_preview", args=[second.uuid])


def test_words_the_catalogue_does_not_know_are_mapped_once(people, login):
    client = login(people["county"])
    rows = [child_row(1, "王小明", date(2015, 3, 8), category="单亲困境")]
    upload(client, ledger(rows))
    ledger_import = the_import()
    url = reverse("ledger_import_mapping", args=[ledger_import.uuid])
    # The row is an error until the word is given a meaning.
    assert rows_of("error").count() == 1
    page = client.get(url).content.decode()
    assert "单亲困境" in page
    assert "next ledger with the same columns" in page
    data = mapping_post(ledger_import, {}, {value_key("child.categories", "单亲困境"): "difficulty_guardianship"})
    response = client.post(url, data)
    assert response.status_code == 302
    assert rows_of("new").count() == 1
    assert rows_of("new").get().data["child.categories"] == ["difficulty_guardianship"]
    upload(client, ledger([child_row(2, "李娜", date(2016, 2, 2), category="单亲困境")], name="again.xlsx"))
    assert the_import().status == LedgerImport.Status.VALIDATED
    assert rows_of("error").count() == 0


# --------------------------------------------------------------------------- the checked rows


def test_rows_by_outcome_errors_download_and_skip_errors(people, login, geo):
    client = login(people["county"])
    bad = ['=HYPERLINK("http://x")', "男", "2015.13.40", "", "石佛村", "留守儿童", "", ""]
    rows = [*GOOD, [4, *bad], child_row(5, "赵六", date(2016, 1, 1), "不存在村")]
    upload(client, ledger(rows))
    ledger_import = the_import()
    url = reverse("ledger_import_preview", args=[ledger_import.uuid])
    page = client.get(url + "?outcome=error").content.decode()
    assert 'data-row="6"' in page  # row 4 of the data is line 6 of the sheet (title, header)
    assert 'data-row="3"' not in page  # a good row is not under "errors"
    assert "data-errors-xlsx" in page
    assert 'aria-current="page"' in page
    assert "data-not-ready" in page  # errors block the import until left out

    response = client.get(reverse("ledger_import_errors", args=[ledger_import.uuid]))
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [line[0] for line in lines] == [6, 7]
    assert all(line[1] for line in lines)  # what to correct
    assert not any(isinstance(v, str) and v.startswith("=") for line in lines for v in line)
    # The download is audited as an export of the import's rows, with who took it.
    event = AuditEvent.objects.get(action="export", child=None, details__product="ledger_errors")
    assert event.actor == people["county"]
    assert event.details["import"] == str(ledger_import.uuid)
    assert event.details["rows"] == 2
    assert event.details["full_ids"] is True

    response = client.post(reverse("ledger_import_skip_errors", args=[ledger_import.uuid]), {"skip": "1"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-skip-errors="on"' in page
    assert "data-to-confirm" in page
    confirm = client.get(reverse("ledger_import_confirm", args=[ledger_import.uuid]))
    assert re.search(r"data-skipped>\s*2<", confirm.content.decode())


def test_the_preview_paginates_with_its_total(people, login):
    rows = [child_row(n, f"王{n:03d}", date(2015, 1, 1 + n % 28)) for n in range(1, 61)]
    client = login(people["county"])
    upload(client, ledger(rows))
    url = reverse("ledger_import_preview", args=[the_import().uuid])
    page = client.get(url + "?outcome=new").content.decode()
    assert 'id="rows-total">60 rows' in page
    assert 'rel="next"' in page
    second = client.get(url + "?outcome=new&page=2").content.decode()
    assert second.count("data-row=") == 10


@pytest.mark.parametrize("n", [5, 60])
def test_the_preview_queries_do_not_grow_with_rows(people, login, n, django_assert_max_num_queries):
    client = login(people["county"])
    upload(client, ledger([child_row(i, f"李{i:03d}", date(2014, 2, 1 + i % 28)) for i in range(1, n + 1)]))
    url = reverse("ledger_import_preview", args=[the_import().uuid])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


# --------------------------------------------------------------------------- possible duplicates


@pytest.fixture
def on_file(geo):
    """A child already on file in village A without an ID number, and one in the other county."""
    here = make_child(geo["village_a"], "张小伟", dob=date(2015, 3, 8), with_id=False)
    there = make_child(geo["village_d"], "赵敏", dob=date(2016, 9, 9), sex="F")
    return {"here": here, "there": there}


def duplicate_ledger(on_file):
    there = on_file["there"]
    return ledger(
        [
            [1, "张小伟", "男", "2015.3.8", "", "石佛村", "留守儿童", "张大山", "刘母"],  # same name and birth
            [2, "赵敏", "女", "2016.9.9", there.id_number, "龙岗村", "留守儿童", "", ""],  # ID number elsewhere
            *[[n, *child_row(n, f"新{n}", date(2014, 5, n))[1:]] for n in (3, 4)],
        ],
        [*HEADERS[:7], "父亲姓名", "母亲姓名"],
    )


def test_merge_a_duplicate_field_by_field(people, login, on_file):
    client = login(people["county"])
    upload(client, duplicate_ledger(on_file))
    ledger_import = the_import()
    row = ledger_import.rows.get(row_number=3)
    assert row.outcome == ImportRow.Outcome.DUPLICATE
    url = reverse("ledger_import_row", args=[ledger_import.uuid, row.pk])
    response = client.get(url)
    page = response.content.decode()
    here = on_file["here"]
    assert f'data-match="{here.uuid}"' in page
    assert 'data-field="father.name"' in page
    assert "张大山" in page
    assert "张父" in page
    assert "differs" in page
    reads = AuditEvent.objects.filter(child=here, action="view", details__what="ledger_import")
    assert reads.count() == 1

    response = client.post(url, {"resolution": "merge", "target": str(here.uuid), "take-father.name": "sheet"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.resolution, row.target_id) == ("merge", here.pk)
    assert "father.name" in row.merge_fields


def test_keep_both_and_skip(people, login, on_file):
    client = login(people["county"])
    upload(client, duplicate_ledger(on_file))
    ledger_import = the_import()
    first, second = ledger_import.rows.filter(outcome="duplicate").order_by("row_number")
    client.post(reverse("ledger_import_row", args=[ledger_import.uuid, first.pk]), {"resolution": "keep"})
    response = client.post(reverse("ledger_import_row", args=[ledger_import.uuid, second.pk]), {"resolution": "skip"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.resolution, second.resolution) == ("keep", "skip")
    assert response["Location"].endswith("?outcome=duplicate")  # none left to decide


def test_a_match_outside_the_scope_is_masked_and_cannot_be_merged_into(people, login, on_file):
    client = login(people["county"])
    upload(client, duplicate_ledger(on_file))
    ledger_import = the_import()
    row = ledger_import.rows.get(row_number=4)
    assert row.outcome == ImportRow.Outcome.DUPLICATE
    url = reverse("ledger_import_row", args=[ledger_import.uuid, row.pk])
    page = client.get(url).content.decode()
    there = on_file["there"]
    assert "data-masked" in page
    assert "赵*" in page
    assert str(there.uuid) not in page
    response = client.post(url, {"resolution": "merge", "target": str(there.uuid)})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.resolution == ""


# --------------------------------------------------------------------------- confirm, result, audit


def test_confirm_once_then_the_result_links_to_the_roster_and_the_audit(people, login, on_file):
    client = login(people["county"])
    upload(client, duplicate_ledger(on_file), lifecycle="active")
    ledger_import = the_import()
    for row in ledger_import.rows.filter(outcome="duplicate"):
        client.post(reverse("ledger_import_row", args=[ledger_import.uuid, row.pk]), {"resolution": "skip"})
    url = reverse("ledger_import_confirm", args=[ledger_import.uuid])
    page = client.get(url).content.decode()
    assert re.search(r"data-new>\s*2<", page)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    before = Child.objects.count()
    response = client.post(url, {"token": token})
    assert response["Location"] == reverse("ledger_import_result", args=[ledger_import.uuid])
    again = client.post(url, {"token": token})  # a second tap, or Back and send again
    assert again.status_code == 302
    assert Child.objects.count() == before + 2
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.IMPORTED
    assert set(Child.objects.filter(name__in=["新3", "新4"]).values_list("status", flat=True)) == {"active"}

    page = client.get(response["Location"]).content.decode()
    assert re.search(r"data-created>\s*2<", page)
    assert "?area=511324100&amp;status=all" in page
    assert reverse("ledger_import_audit", args=[ledger_import.uuid]) in page
    audit = client.get(reverse("ledger_import_audit", args=[ledger_import.uuid])).content.decode()
    assert "新3" in audit
    assert "新4" in audit
    imported = Child.objects.get(name="新3")
    assert AuditEvent.objects.filter(child=imported, action="view", details__what="ledger_import_audit").exists()
    roster = client.get(reverse("roster") + "?area=511324100&status=all").content.decode()
    assert "新3" in roster


def test_cancel_writes_nothing(people, login):
    client = login(people["supervisor"])
    upload(client, ledger(GOOD))
    ledger_import = the_import()
    response = client.post(reverse("ledger_import_cancel", args=[ledger_import.uuid]))
    assert response.status_code == 302
    ledger_import.refresh_from_db()
    assert ledger_import.status == LedgerImport.Status.CANCELLED
    assert not Child.objects.filter(name="王小明").exists()
    page = client.get(reverse("ledger_import_result", args=[ledger_import.uuid])).content.decode()
    assert "data-cancelled" in page


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", "导入台账"), ("en", "Import a ledger"), ("ja", "台帳の取り込み")],
)
def test_every_page_renders_in_each_language(people, login, on_file, client, language, title):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    client = login(people["county"])
    home = client.get(reverse("ledger_import"))
    assert home.status_code == 200
    assert f'<html lang="{language}"' in home.content.decode()
    assert title in home.content.decode()
    upload(client, ledger(unknown_layout_rows(), UNKNOWN_HEADERS))
    ledger_import = the_import()
    mapping = client.get(reverse("ledger_import_mapping", args=[ledger_import.uuid]))
    assert mapping.status_code == 200
    if language != "en":  # the catalogue's columns are named in the user's language
        for english in ("Child's name", "ID number", "Ignore this column", ": name"):
            assert english not in mapping.content.decode().replace("&#x27;", "'"), english
    client.post(
        reverse("ledger_import_mapping", args=[ledger_import.uuid]),
        mapping_post(ledger_import, {"小孩名字": "child.name"}),
    )
    pages = [
        reverse("ledger_import_preview", args=[ledger_import.uuid]),
        reverse("ledger_import_row", args=[ledger_import.uuid, ledger_import.rows.first().pk]),
        reverse("ledger_import_confirm", args=[ledger_import.uuid]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if language != "en":
            # No English left on the page: the headings, buttons and outcomes are translated.
            text = re.sub(r"<[^>]+>", " ", response.content.decode())
            for english in ("Check the rows", "Import now", "New file", "Cancel this import", "Row "):
                assert english not in text, (url, english)


def test_a_yes_no_word_is_mapped_to_yes(people, login):
    client = login(people["county"])
    rows = [[*child_row(1, "王小明", date(2015, 3, 8)), "住校"]]
    upload(client, ledger(rows, [*HEADERS, "是否寄宿"]))
    ledger_import = the_import()
    url = reverse("ledger_import_mapping", args=[ledger_import.uuid])
    assert "住校" in client.get(url).content.decode()
    response = client.post(url, mapping_post(ledger_import, {}, {value_key("child.boarding", "住校"): "True"}))
    assert response.status_code == 302
    assert rows_of("new").get().data["child.boarding"] is True
