"""The real-name registry: who may register and see workers, encrypted ID numbers, versioned and
audited edits, accounts created from the registry, access ended on the leaving day."""

from datetime import date, timedelta

import pytest
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from children.identity import make_id_number
from core.versioning import StaleEdit
from workforce import actions, services
from workforce.models import Assignment, Worker, WorkerChange

ID = make_id_number("511324", date(1985, 4, 2), 7, "F")


def _register(people, geo, today, **extra):
    return actions.do_register_worker(
        people["county"],
        role=Worker.Role.CWD,
        division=geo["village_a"],
        full_name="周新",
        appointed_on=today,
        id_number=ID,
        phone="13800000000",
        posts=["womens_director", "accountant"],
        term_ends_on=today + timedelta(days=900),
        villages=[geo["village_b"]],
        **extra,
    )


@pytest.mark.django_db
def test_the_county_registers_a_cwd_serving_two_villages(people, geo, today):
    worker = _register(people, geo, today)
    assert sorted(worker.assignments.values_list("village_id", flat=True)) == [
        geo["village_a"].code,
        geo["village_b"].code,
    ]
    # The ID number is encrypted at rest like a child's, and found through its blind index.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workforce_worker WHERE id = %s", [worker.pk])
        stored = cursor.fetchone()[0]
    assert ID not in stored
    assert Worker.objects.get(pk=worker.pk).id_number == ID
    with pytest.raises(actions.ActionError, match="already registered"):
        _register(people, geo, today)
    assert AuditEvent.objects.filter(action="wf_reg", actor=people["county"], details__worker=str(worker.uuid)).exists()
    assert worker.changes.filter(kind=WorkerChange.Kind.REGISTERED).exists()
    assert worker.changes.filter(kind=WorkerChange.Kind.ASSIGNED).count() == 2


@pytest.mark.django_db
def test_only_a_county_officer_of_the_county_registers(people, geo, today):
    for who in ("supervisor", "cwd_a", "other_county", "partner"):
        with pytest.raises(actions.ActionError):
            actions.do_register_worker(
                people[who], role="cwd", division=geo["village_a"], full_name="x", appointed_on=today
            )
    with pytest.raises(actions.ActionError, match="does not fit"):
        actions.do_register_worker(people["county"], role="cwd", division=geo["t1"], full_name="x", appointed_on=today)


@pytest.mark.django_db
def test_scope_of_the_registry_pages(people, workers, login):
    url = f"/workforce/w/{workers['cwd_a'].uuid}/"
    assert login(people["county"]).get(url).status_code == 200
    assert login(people["supervisor"]).get(url).status_code == 200
    for outsider in ("supervisor_t2", "other_county", "cwd_a", "cwd_b", "partner"):
        assert login(people[outsider]).get(url).status_code == 404, outsider
    assert login(people["cwd_a"]).get("/workforce/").status_code == 404
    # A supervisor sees the township's workers and cannot edit them.
    page = login(people["supervisor"]).get("/workforce/").content.decode()
    assert "李红" in page
    assert "cwd_c" not in page
    assert login(people["supervisor"]).get(f"{url}edit/").status_code == 404
    assert login(people["supervisor"]).get("/workforce/new/").status_code == 404


@pytest.mark.django_db
def test_edits_are_versioned_audited_and_keep_the_history(people, geo, today, login):
    worker = _register(people, geo, today)
    actions.do_edit_worker(people["county"], worker, seen_version=1, phone="13900000000", posts=["committee_director"])
    with pytest.raises(StaleEdit):
        actions.do_edit_worker(people["county"], worker, seen_version=1, phone="13700000000")
    actions.do_edit_worker(
        people["county"], worker, seen_version=2, id_number=make_id_number("511324", today.replace(year=1980), 9, "F")
    )
    change = worker.changes.filter(kind=WorkerChange.Kind.EDITED).order_by("at", "id").first()
    assert change.fields["phone"] == ["13800000000", "13900000000"]
    last = worker.changes.filter(kind=WorkerChange.Kind.EDITED).order_by("-at", "-id").first()
    assert last.fields["id_number"] == ["***", "***"]
    assert AuditEvent.objects.filter(action="wf_edit", details__fields__phone__1="13900000000").exists()
    page = login(people["county"]).get(f"/workforce/w/{worker.uuid}/").content.decode()
    assert "13800000000 → 13900000000" in page
    assert "村委会主任" in page
    assert ID not in page  # masked on screen


@pytest.mark.django_db
def test_the_edit_page_saves_and_asks_on_a_conflict(people, workers, login):
    worker = workers["cwd_a"]
    client = login(people["county"])
    form = client.get(f"/workforce/w/{worker.uuid}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "posts"}
    data.update(full_name="李红", phone="13811112222", appointed_on="2023-01-01", lock_base=form.initial["lock_base"]())
    assert client.post(f"/workforce/w/{worker.uuid}/edit/", data).status_code == 302
    worker.refresh_from_db()
    assert worker.phone == "13811112222"
    assert User.objects.get(pk=people["cwd_a"].pk).phone == "13811112222"


@pytest.mark.django_db
def test_an_account_is_created_from_the_registry_with_a_temporary_password(people, geo, today, login, client):
    worker = _register(people, geo, today)
    page = login(people["county"]).post(f"/workforce/w/{worker.uuid}/account/", {"username": "zhouxin"})
    assert page.status_code == 200
    password = page.context["password"]
    user = User.objects.get(username="zhouxin")
    assert user.must_change_password
    assert (user.role, user.division_id, user.full_name) == ("cwd", geo["village_a"].code, "周新")
    assert user.check_password(password)
    worker.refresh_from_db()
    assert worker.user == user
    assert AuditEvent.objects.filter(action="wf_acct", details__fields__username="zhouxin").exists()
    with pytest.raises(actions.ActionError):
        actions.do_create_account(people["county"], worker, username="zhouxin2")


@pytest.mark.django_db
def test_leaving_ends_access_that_day_and_a_cwd_is_handed_over_first(people, workers, today):
    with pytest.raises(actions.HandOverFirst):
        actions.do_deactivate_worker(people["county"], workers["cwd_a"], on=today, reason="辞职")
    actions.do_deactivate_worker(people["county"], workers["supervisor_t2"], on=today, reason="调任")
    assert not User.objects.get(pk=people["supervisor_t2"].pk).is_active
    # A future leaving day: the nightly job ends access on that day.
    actions.do_deactivate_worker(people["county"], workers["supervisor"], on=today + timedelta(days=3), reason="退休")
    assert User.objects.get(pk=people["supervisor"].pk).is_active
    services.nightly(today + timedelta(days=2))
    assert User.objects.get(pk=people["supervisor"].pk).is_active
    services.nightly(today + timedelta(days=3))
    assert not User.objects.get(pk=people["supervisor"].pk).is_active
    assert AuditEvent.objects.filter(action="wf_leave").count() == 2


@pytest.mark.django_db
def test_a_deactivated_worker_is_logged_out_at_once(people, workers, today, login):
    client = login(people["supervisor_t2"])
    assert client.get("/workforce/").status_code == 200
    actions.do_deactivate_worker(people["county"], workers["supervisor_t2"], on=today, reason="调任")
    page = client.get("/workforce/")
    assert page.status_code == 302
    assert "/accounts/login/" in page.url


@pytest.mark.django_db
def test_the_nightly_job_warns_of_terms_ending_and_hands_over_an_ended_cwd_term(people, workers, today):
    Worker.objects.filter(pk=workers["cwd_b"].pk).update(term_ends_on=today + timedelta(days=10))
    Worker.objects.filter(pk=workers["cwd_c"].pk).update(term_ends_on=today - timedelta(days=1))
    counts = services.nightly(today)
    assert counts["term_warned"] == 1
    assert counts["term_ended"] == 1
    assert people["county"].alerts.filter(kind="term_ending", params__worker=str(workers["cwd_b"].uuid)).exists()
    # cwd_c's village passes to the township 2 supervisor as interim: nobody is left without one.
    interim = Assignment.objects.get(village_id=people["cwd_c"].division_id, kind="interim")
    assert interim.worker == workers["supervisor_t2"]
    assert not User.objects.get(pk=people["cwd_c"].pk).is_active
    assert services.nightly(today)["term_warned"] == 0  # once
