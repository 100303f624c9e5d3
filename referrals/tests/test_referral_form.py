"""Issue 11, the referral form: one service choice, the organisation preset to the best match for
that service near the child, cards that are whole tap targets, and lists that page with totals.

The directory is shaped like 仪陇县's: a village clinic, the township health centre, two county
hospitals, a social-work station and the county's legal-aid centre, plus organisations that offer
the service but do not serve 石佛村 (a neighbouring village's clinic, the other county's hospital)
and one that is no longer active.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from referrals.models import Referral

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def directory(people, geo):
    health_centre = people["partner"].organisation  # 金城镇卫生院, township 1
    health_centre.services = ["health", "nutrition"]
    health_centre.save()

    def org(name, type_, division, services, **extra):
        return Organisation.objects.create(name=name, type=type_, division=division, services=services, **extra)

    return {
        "village_clinic": org("石佛村卫生室", "township_health_centre", geo["village_a"], ["health"]),
        "health_centre": health_centre,
        "county_hospital": org("仪陇县人民医院", "county_hospital", geo["county"], ["health", "rehabilitation"]),
        "tcm_hospital": org("仪陇县中医医院", "county_hospital", geo["county"], ["health"]),
        "social_work": org("金城镇社工站", "social_work_station", geo["t1"], ["psychological", "family_support"]),
        "county_psych": org("仪陇县未成年人救助保护中心", "protection_centre", geo["county"], ["psychological"]),
        "legal_aid": org("仪陇县法律援助中心", "ngo", geo["county"], ["legal_aid"]),
        # Offer health care, but not to 石佛村:
        "neighbour_clinic": org("龙岗村卫生室", "township_health_centre", geo["village_b"], ["health"]),
        "other_county": org("南部县人民医院", "county_hospital", geo["other_county"], ["health"]),
        "closed": org("石佛村老卫生室", "township_health_centre", geo["village_a"], ["health"], is_active=False),
    }


def open_referrals(org, child, n):
    """`n` open referrals to `org` already (other children's, in practice)."""
    Referral.objects.bulk_create(
        Referral(
            child=child,
            village_id=child.village_id,
            organisation=org,
            service=org.services[0],
            need="…",
            guardian_consent=True,
            respond_by=timezone.now() + timedelta(days=3),
        )
        for _ in range(n)
    )


def form_page(client, child, **query):
    return client.get(reverse("referral_new", args=[child.uuid]), query, **ZH)


def cards(response) -> list[str]:
    return [org.name for org in response.context["suggested"]]


def ticked(response) -> list[str]:
    """The organisations whose card is ticked on the page as sent."""
    html = response.content.decode()
    values = re.findall(r'<input type="radio" name="organisation" value="(\d+)" checked>', html)
    return [Organisation.objects.get(pk=v).name for v in values]


def test_the_nearest_organisation_offering_the_service_is_preset(people, kids, directory, login):
    page = form_page(login(people["cwd_a"]), kids["a"], service="health")
    # Village first, then township, then county; the two county hospitals by load, then name.
    assert cards(page) == ["石佛村卫生室", "金城镇卫生院", "仪陇县中医医院", "仪陇县人民医院"]
    assert ticked(page) == ["石佛村卫生室"]
    html = page.content.decode()
    assert "龙岗村卫生室" not in html
    assert "南部县人民医院" not in html
    assert "石佛村老卫生室" not in html

    page = form_page(login(people["cwd_a"]), kids["a"], service="psychological")
    assert cards(page) == ["金城镇社工站", "仪陇县未成年人救助保护中心"]
    assert ticked(page) == ["金城镇社工站"]
    assert ticked(form_page(login(people["cwd_a"]), kids["a"], service="legal_aid")) == ["仪陇县法律援助中心"]


def test_a_child_of_another_township_gets_the_county_not_township_1(people, kids, directory, login):
    """白鹤村 (township 2) has no clinic of its own: 金城镇卫生院 does not serve it; the county does."""
    page = form_page(login(people["cwd_c"]), kids["c"], service="health")
    assert cards(page) == ["仪陇县中医医院", "仪陇县人民医院"]
    assert ticked(page) == ["仪陇县中医医院"]


def test_among_equals_the_least_busy_and_a_full_one_last(people, kids, directory, login):
    open_referrals(directory["tcm_hospital"], kids["b"], 2)
    open_referrals(directory["county_hospital"], kids["b"], 1)
    page = form_page(login(people["cwd_a"]), kids["a"], service="health")
    assert cards(page)[2:] == ["仪陇县人民医院", "仪陇县中医医院"]  # 1 open referral before 2

    village_clinic = directory["village_clinic"]
    village_clinic.capacity = 3
    village_clinic.save()
    open_referrals(village_clinic, kids["b"], 3)  # the village clinic says it can take 3: it is full
    page = form_page(login(people["cwd_a"]), kids["a"], service="health")
    assert cards(page) == ["金城镇卫生院", "仪陇县人民医院", "仪陇县中医医院", "石佛村卫生室"]
    assert ticked(page) == ["金城镇卫生院"]
    html = page.content.decode()
    assert "3个进行中的转介 / 3 · 已满" in html  # the card says why it is last


def test_no_service_chosen_means_no_organisation_preset(people, kids, directory, login):
    page = form_page(login(people["cwd_a"]), kids["a"])
    assert page.status_code == 200
    assert cards(page) == []
    assert 'name="organisation"' not in page.content.decode()
    assert page.context["form"].initial["organisation"] is None
    assert "请先选择需要的服务" in page.content.decode()
    unknown = form_page(login(people["cwd_a"]), kids["a"], service="haircut")
    assert cards(unknown) == []
    assert unknown.context["form"].initial["organisation"] is None


def test_the_service_is_asked_once_and_each_card_is_a_label_around_its_radio(people, kids, directory, login):
    html = form_page(login(people["cwd_a"]), kids["a"], service="health").content.decode()
    assert html.count('name="service"') == 1  # one service choice (was: a picker and a form field)
    form = html[html.index('<form method="post" novalidate class="card referralform">') :]
    form = form[: form.index("</form>")]
    for control in ('name="service"', 'name="organisation"', 'name="need"', 'name="guardian_consent"'):
        assert control in form  # one form: the service drives the cards above the send button
    for org in ("石佛村卫生室", "金城镇卫生院"):
        card = re.search(r'<label class="orgpick">(.*?)</label>', html[html.index(org) - 400 :], re.S).group(1)
        assert 'type="radio" name="organisation"' in card
        assert org in card
    card = html[html.index('<label class="orgpick">') : html.index("</label>", html.index("orgpick"))]
    assert "村: 石佛村" in card  # level and place
    assert '<span class="tag">医疗卫生</span>' in card  # the services it offers
    assert "0个进行中的转介" in card


def test_sending_lands_at_the_tapped_organisation(people, kids, directory, login):
    client = login(people["cwd_a"])
    hospital = directory["county_hospital"]
    data = {
        "shown_for": "health",
        "service": "health",
        "organisation": hospital.pk,  # not the preset one: the CWD tapped the county hospital
        "urgency": "high",
        "need": "需要做听力检查",
        "guardian_consent": "on",
    }
    response = client.post(reverse("referral_new", args=[kids["a"].uuid]), data)
    assert response.status_code == 302
    referral = Referral.objects.get(child=kids["a"])
    assert (referral.organisation, referral.service, referral.urgency) == (hospital, "health", "high")


def test_changing_the_service_shows_its_cards_and_sends_nothing(people, kids, directory, login):
    client = login(people["cwd_a"])
    data = {
        "shown_for": "health",  # the cards on screen were for health care
        "service": "psychological",  # the CWD changed her mind: the list sends the form
        "organisation": directory["village_clinic"].pk,
        "urgency": "high",
        "need": "父母外出后孩子整天不说话",
        "guardian_consent": "on",
        "consent_note": "奶奶同意",
    }
    response = client.post(reverse("referral_new", args=[kids["a"].uuid]), data, **ZH)
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert cards(response) == ["金城镇社工站", "仪陇县未成年人救助保护中心"]
    assert ticked(response) == ["金城镇社工站"]
    html = response.content.decode()
    assert "父母外出后孩子整天不说话" in html
    assert "奶奶同意" in html
    assert 'name="guardian_consent" id="id_guardian_consent" checked' in html
    assert 'value="high"' in html
    assert re.search(r'value="high"[^>]*checked', html)
    assert 'class="fielderror"' not in html  # no errors for a form the CWD has not sent

    # Without JavaScript the "Show organisations" button does the same.
    data = {**data, "shown_for": "", "service": "health", "pick": "1"}
    response = client.post(reverse("referral_new", args=[kids["a"].uuid]), data, **ZH)
    assert ticked(response) == ["石佛村卫生室"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("organisation", "service"),
    [("village_clinic", "psychological"), ("other_county", "health"), ("closed", "health")],
)
def test_the_server_refuses_an_organisation_that_does_not_offer_the_service_here(
    people, kids, directory, login, organisation, service
):
    data = {
        "service": service,
        "organisation": directory[organisation].pk,
        "urgency": "normal",
        "need": "…",
        "guardian_consent": "on",
    }
    response = login(people["cwd_a"]).post(reverse("referral_new", args=[kids["a"].uuid]), data, **ZH)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_the_inbox_and_the_lists_page_and_show_their_totals(people, kids, directory, login):
    clinic = directory["health_centre"]
    open_referrals(clinic, kids["a"], 51)
    partner = login(people["partner"])
    first = partner.get(reverse("referral_list"), **ZH).content.decode()
    assert "共51个转介" in first
    assert first.count('class="roster-item') == 50
    assert 'href="?page=2" rel="next"' in first
    second = partner.get(reverse("referral_list"), {"page": 2}, **ZH).content.decode()
    assert second.count('class="roster-item') == 1

    cwd = login(people["cwd_a"])
    overdue = cwd.get(reverse("referral_list"), {"show": "all"}, **ZH).content.decode()
    assert "共51个转介" in overdue
    assert 'href="?show=all&amp;page=2"' in overdue
    child_list = cwd.get(reverse("child_referrals", args=[kids["a"].uuid]), **ZH).content.decode()
    assert "共51个转介" in child_list
    assert child_list.count('class="roster-item') == 50
    other = login(people["cwd_b"]).get(reverse("referral_list"), {"show": "all"}, **ZH).content.decode()
    assert "共0个转介" in other  # village B sees none of village A's referrals

    directory_page = login(people["county"]).get(reverse("directory"), **ZH).content.decode()
    assert "共9个机构" in directory_page  # the county's, not the neighbouring county's
