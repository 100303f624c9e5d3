"""Issue 11, registration in under a minute: what the server does for it, with or without the
phone's script: the ID number fills in the date of birth and sex, the duplicate check as typed,
the error summary, the folded sections."""

import re
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AuditEvent
from children.identity import make_id_number
from children.models import Child
from conftest import make_child

from .test_registration import form_data


def test_without_the_script_the_id_number_fills_in_date_of_birth_and_sex(people, geo, login):
    client = login(people["cwd_a"])
    number = make_id_number(geo["village_a"].code, date(2014, 11, 30), 12, "M")
    data = form_data(geo["village_a"], id_number=number)
    del data["date_of_birth"], data["sex"]
    assert client.post(reverse("child_register"), data).status_code == 302
    child = Child.objects.get()
    assert (child.date_of_birth, child.sex, child.id_number) == (date(2014, 11, 30), "M", number)


def test_a_typed_date_of_birth_is_still_checked_against_the_id_number(people, geo, login):
    client = login(people["cwd_a"])
    number = make_id_number(geo["village_a"].code, date(2014, 11, 30), 12, "M")
    data = form_data(geo["village_a"], id_number=number, date_of_birth="2014-11-29")
    del data["sex"]
    html = client.post(reverse("child_register"), data).content.decode()
    assert "2014-11-30" in html  # "the birth date inside this ID number (2014-11-30) does not match"
    assert not Child.objects.exists()


def test_without_an_id_number_date_of_birth_and_sex_are_required(people, geo, login):
    client = login(people["cwd_a"])
    data = form_data(geo["village_a"], id_number="")
    del data["date_of_birth"], data["sex"]
    html = client.post(reverse("child_register"), data).content.decode()
    assert not Child.objects.exists()
    # The summary at the top links to both fields (the first radio button for the sex).
    summary = re.search(r'<div class="errorbox errorsummary" id="error-summary".*?</div>', html, re.S).group(0)
    assert re.findall(r'href="#([\w-]+)"', summary) == ["id_date_of_birth", "id_sex_0"]
    assert 'id="id_sex_0"' in html
    assert 'id="id_date_of_birth"' in html


def test_the_error_summary_links_each_error_to_its_field_in_every_form(people, geo, login):
    client = login(people["cwd_a"])
    data = form_data(geo["village_a"], hukou_type="", **{"father-work_city": "", "household-caregiver_name": ""})
    html = client.post(reverse("child_register"), data).content.decode()
    summary = re.search(r'id="error-summary".*?</div>', html, re.S).group(0)
    targets = re.findall(r'href="#([\w-]+)"', summary)
    assert targets == ["id_hukou_type", "id_father-work_city", "id_household-caregiver_name"]
    for target in targets:
        assert f'id="{target}"' in html
    assert (
        ngettext("%(n)s thing to correct before saving", "%(n)s things to correct before saving", 3) % {"n": 3}
        in summary
    )


def test_a_duplicate_is_found_even_while_other_fields_are_wrong(people, geo, kids, login):
    client = login(people["cwd_b"])  # 张伟 lives in village A: outside cwd_b's scope, same county
    data = form_data(geo["village_b"], name="张伟", sex="M", date_of_birth="2015-03-08", id_number="", hukou_type="")
    html = client.post(reverse("child_register"), data).content.decode()
    assert "张*" in html
    assert 'href="#id_not_duplicate"' in html
    assert 'href="#id_hukou_type"' in html


def live(client, **params):
    return client.get(reverse("child_duplicates"), params)


def test_the_duplicate_check_as_typed_shows_the_masked_candidates_and_is_audited(people, geo, kids, login):
    client = login(people["cwd_b"])
    AuditEvent.objects.all().delete()
    response = live(client, name="章伟", date_of_birth="2015-03-08", village=geo["village_b"].pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "张*" in html
    assert "张伟" not in html
    assert str(kids["a"].uuid) not in html  # outside cwd_b's scope: no link
    assert 'name="not_duplicate"' in html
    event = AuditEvent.objects.get(action="view")
    assert (event.child, event.details) == (kids["a"], {"what": "duplicate", "via": "duplicate"})


def test_the_duplicate_check_by_id_number_alone_looks_everywhere(people, geo, kids, login):
    client = login(people["cwd_a"])
    html = live(client, id_number=kids["d"].id_number).content.decode()  # another county; the one village
    assert "赵*" in html
    # A number still being typed (or mistyped) searches nothing.
    assert live(client, id_number=kids["d"].id_number[:-1]).content.decode().strip() == ""


def test_the_duplicate_check_is_scoped_like_the_registration(people, geo, kids, login):
    # Same name and date of birth in another county: not a candidate.
    client = login(people["cwd_a"])
    assert live(client, name="赵敏", date_of_birth="2016-09-09").content.decode().strip() == ""
    # Nothing typed yet: nothing searched, nothing audited.
    AuditEvent.objects.all().delete()
    assert live(client, name="张伟").content.decode().strip() == ""
    assert not AuditEvent.objects.filter(action="view").exists()
    # A village outside the user's scope is refused as the form refuses it.
    assert (
        "张*" not in live(client, name="张伟", date_of_birth="2015-03-08", village=geo["village_c"].pk).content.decode()
    )


def test_only_those_who_register_may_use_the_duplicate_check(people, kids, login, client):
    assert live(client, name="张伟", date_of_birth="2015-03-08").status_code == 302  # to the login page
    assert live(login(people["partner"]), name="张伟", date_of_birth="2015-03-08").status_code == 404


def test_rare_sections_are_folded_unless_they_hold_a_value_or_an_error(people, geo, login):
    client = login(people["cwd_a"])
    html = client.get(reverse("child_register")).content.decode()
    assert html.count("<details") == 9  # with each parent's disability certificate
    assert " open>" not in html
    data = form_data(geo["village_a"], categories=["orphan"], health_status="disabled")
    html = client.post(reverse("child_register"), data).content.decode()
    opened = re.findall(r"<details[^>]* open>\s*<summary>([^<]+)</summary>", html)
    # The orphan and disability sections hold errors; the caregiver's holds a birth year and health.
    assert opened == [
        _("Orphan details"),
        _("Disability details"),
        _("More about the caregiver"),
        _("Grandparents, brothers and sisters, relatives living with the child"),
    ]


def live_en(client, **params):
    return client.get(reverse("child_duplicates"), params, HTTP_ACCEPT_LANGUAGE="en")


def test_more_duplicates_than_shown_say_how_many_and_how_to_narrow(people, geo, kids, login):
    for i in range(22):
        make_child(geo["village_b"], "张伟", with_id=i % 2 == 0)
    make_child(kids["d"].village, "张伟")  # another county: never a candidate, never counted
    in_county = Child.objects.filter(name="张伟", date_of_birth=date(2015, 3, 8)).exclude(village=kids["d"].village)
    total = in_county.count()
    assert total > 20
    client = login(people["cwd_a"])
    AuditEvent.objects.all().delete()
    html = live_en(client, name="张伟", date_of_birth="2015-03-08").content.decode()
    assert html.count("same name and date of birth") == 20
    assert f"20 of {total} possible duplicates shown" in html
    assert "Add the ID number to narrow the list." in html
    # Only the files shown are recorded as read.
    assert AuditEvent.objects.filter(action="view").count() == 20
    # With the ID number typed, its file comes first and the hint to type it goes.
    html = live_en(client, name="张伟", date_of_birth="2015-03-08", id_number=kids["a"].id_number).content.decode()
    assert html.index("same ID number") < html.index("same name and date of birth")
    assert f"20 of {total} possible duplicates shown" in html
    assert "Add the ID number" not in html
    # The registration page after sending says so too (in Chinese here).
    data = form_data(geo["village_a"], name="张伟", date_of_birth="2015-03-08", id_number="")
    zh = client.post(reverse("child_register"), data, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"共{total}个可能重复的孩子，显示了20个" in zh
    assert "填上身份证号可以缩小范围" in zh


def test_a_few_duplicates_are_all_shown_without_a_note(people, geo, kids, login):
    html = live_en(login(people["cwd_a"]), name="张伟", date_of_birth="2015-03-08").content.decode()
    assert "same name and date of birth" in html
    assert "possible duplicates shown" not in html
