"""Two answers to one referral at once: only one is recorded, and the other side is told so.

The stale objects stand for two pages loaded before either button was pressed; the actions
re-read the status under a row lock, so the same holds for two requests at the same instant.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from conftest import make_user
from referrals import access, actions
from referrals.models import Referral

from .test_referrals import clinic, refer  # noqa: F401  (the fixture is used by name)

MOVED = "This referral was just answered or closed by someone else; here is where it stands now."


@pytest.fixture
def referral(people, kids, clinic, login, client):  # noqa: F811
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # assertions read the msgids
    refer(login(people["cwd_a"]), kids["a"], clinic)
    return Referral.objects.get()


def statuses(referral):
    return list(referral.events.order_by("pk").values_list("status", flat=True))


def test_accept_and_decline_from_two_stale_pages_record_one_answer(people, referral):
    partner = people["partner"]
    first = access.access_referral(partner, referral.uuid)
    second = access.access_referral(partner, referral.uuid)
    actions.do_accept(partner, first, "明天上午来")
    with pytest.raises(actions.ReferralMoved):
        actions.do_decline(partner, second, "无儿科医生")
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.closing_reason == ""
    assert statuses(referral) == ["sent", "accepted"]


def test_close_then_a_stale_accept_closed_wins_and_the_partner_loses_access(people, referral, client, login):
    partner_view = access.access_referral(people["partner"], referral.uuid)
    actions.do_close(people["cwd_a"], access.access_referral(people["cwd_a"], referral.uuid), "家长已带去县医院")
    with pytest.raises(actions.ReferralMoved):
        actions.do_accept(people["partner"], partner_view, "")
    referral.refresh_from_db()
    assert referral.status == "closed"
    assert statuses(referral) == ["sent", "closed"]
    assert login(people["partner"]).get(reverse("referral_detail", args=[referral.uuid])).status_code == 404


def test_accept_then_a_stale_close_closed_wins_and_the_partner_loses_access(people, referral, login):
    cwd_view = access.access_referral(people["cwd_a"], referral.uuid)
    actions.do_accept(people["partner"], access.access_referral(people["partner"], referral.uuid), "")
    actions.do_close(people["cwd_a"], cwd_view, "家长已带去县医院")
    referral.refresh_from_db()
    assert referral.status == "closed"
    assert statuses(referral) == ["sent", "accepted", "closed"]
    assert login(people["partner"]).get(reverse("referral_detail", args=[referral.uuid])).status_code == 404


def test_the_colleague_who_answers_second_sees_where_it_stands(people, referral, client, login):
    colleague = make_user("partner2", User.Role.PARTNER, organisation=people["partner"].organisation)
    login(people["partner"]).post(reverse("referral_step", args=[referral.uuid, "accept"]), {"note": "明天上午来"})
    response = login(colleague).post(
        reverse("referral_step", args=[referral.uuid, "decline"]), {"reason": "无儿科医生"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("referral_detail", args=[referral.uuid])
    assert MOVED in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert statuses(referral) == ["sent", "accepted"]


def test_closing_twice_from_two_tabs_records_one_closure(people, referral, login):
    client = login(people["cwd_a"])
    url = reverse("referral_step", args=[referral.uuid, "close"])
    client.post(url, {"reason": "家长已带去县医院"})
    response = client.post(url, {"reason": "重复"}, follow=True)
    assert response.status_code == 200
    assert MOVED in response.content.decode()
    referral.refresh_from_db()
    assert referral.closing_reason == "家长已带去县医院"
    assert statuses(referral) == ["sent", "closed"]
