"""A growth finding that calls for a referral: one reason per indicator, a button to the referral
form filled in for the child, and z-scores named in plain words."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from children.choices import Status
from conftest import make_child
from measurements.models import Measurement
from measurements.referral import growth_referral
from partners.models import Organisation
from referrals.models import Referral
from visits.tests.helpers import post_visit

BORN = date(2022, 3, 1)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
SAM_SENTENCE = "重度急性营养不良：身长/身高别体重低于 −3 个标准差"


@pytest.fixture
def boy(geo):
    return make_child(geo["village_a"], "刘小虎", dob=BORN, sex="M")


@pytest.fixture
def clinic(geo):
    return Organisation.objects.create(
        name="金城镇卫生院(儿保)", type="township_health_centre", division=geo["t1"], services=["health", "nutrition"]
    )


def record(client, child, **values):
    data = {"measured_on": (BORN + timedelta(days=1000)).isoformat(), "source": "cwd", **values}
    return client.post(reverse("child_growth", args=[child.uuid]), data, **ZH)


def test_sam_shows_one_reason_and_a_referral_button_prefilled_for_health(people, boy, clinic, login):
    client = login(people["cwd_a"])
    # Arm 110 mm (SAM) with weight-for-height between −3 and −2 (moderate wasting on its own).
    record(client, boy, weight_kg="12.6", length_cm="100", position="standing", muac_mm="110")
    m = Measurement.objects.get(child=boy)
    assert m.findings == ["sam", "wasting_moderate"]  # stored in full: the risk rules test each code
    html = client.get(reverse("child_growth", args=[boy.uuid]), **ZH).content.decode()
    latest = html.split("<h2>", 2)[1]  # the latest measurement's card
    assert SAM_SENTENCE in latest
    assert "中度消瘦" not in html  # the moderate reason of the same indicator is not shown too
    assert "今天转介到医疗机构" in latest
    refer = growth_referral(m)
    assert refer.urgent
    url = urlsplit(refer.url)
    assert url.path == reverse("referral_new", args=[boy.uuid])
    query = parse_qs(url.query)
    assert query["service"] == ["health"]
    assert query["urgency"] == ["urgent"]
    assert refer.url.replace("&", "&amp;") in html

    # The child's profile (where the red alert leads) offers the same button.
    profile = client.get(reverse("child_detail", args=[boy.uuid]), **ZH).content.decode()
    assert "今天转介到医疗机构" in profile
    assert profile.count(SAM_SENTENCE) == 1


def test_the_referral_form_opens_filled_in_and_sends(people, boy, clinic, login):
    client = login(people["cwd_a"])
    record(client, boy, weight_kg="11.5", length_cm="100", position="standing")
    with translation.override("zh-hans"):
        refer = growth_referral(Measurement.objects.get(child=boy))
    page = client.get(refer.url, **ZH)
    form = page.context["form"]
    assert form.initial["service"] == "health"
    assert form.initial["urgency"] == "urgent"
    assert form.initial["organisation"] == clinic.pk
    need = form.initial["need"]
    assert need.startswith(f"{(BORN + timedelta(days=1000)):%Y-%m-%d} 生长测量：重度急性营养不良")
    assert "体重 11.50 千克" in need
    assert "消瘦" not in need  # the most serious finding only

    response = client.post(
        refer.url,
        {
            "service": "health",
            "organisation": clinic.pk,
            "urgency": form.initial["urgency"],
            "need": need,
            "guardian_consent": "on",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(child=boy)
    assert (referral.service, referral.urgency, referral.organisation) == ("health", "urgent", clinic)
    assert referral.need == need


def test_mam_offers_a_nutrition_referral_and_minor_findings_none(people, boy, clinic, login):
    client = login(people["cwd_a"])
    record(client, boy, weight_kg="12.6", length_cm="100", position="standing")
    mam = Measurement.objects.get(child=boy)
    assert mam.findings == ["mam", "wasting_moderate"]
    refer = growth_referral(mam)
    assert not refer.urgent
    assert parse_qs(urlsplit(refer.url).query)["service"] == ["nutrition"]
    html = client.get(reverse("child_growth", args=[boy.uuid]), **ZH).content.decode()
    assert "转介做营养检查" in html
    assert "中度消瘦" not in html  # MAM, not also moderate wasting

    mam.voided_reason = "称错了"
    mam.save()
    assert growth_referral(mam) is None
    record(client, boy, weight_kg="15", length_cm="100", position="standing")  # nothing found
    assert growth_referral(Measurement.objects.filter(voided_reason="").get()) is None


def test_who_may_not_refer_sees_no_button_and_outsiders_nothing(people, boy, login):
    record(login(people["cwd_a"]), boy, weight_kg="11.5", length_cm="100", position="standing")
    boy.status, boy.closed_on, boy.closure_reason = Status.CLOSED, date.today(), "parents_returned"
    boy.save()
    html = login(people["cwd_a"]).get(reverse("child_growth", args=[boy.uuid]), **ZH).content.decode()
    assert SAM_SENTENCE in html
    assert "今天转介到医疗机构" not in html  # a closed file is not referred
    assert login(people["cwd_b"]).get(reverse("child_growth", args=[boy.uuid])).status_code == 404
    link = reverse("referral_new", args=[boy.uuid]) + "?service=health&urgency=urgent&need=x"
    assert login(people["cwd_b"]).get(link).status_code == 404


def test_z_scores_are_named_in_plain_words_with_the_abbreviation_as_a_hint(people, boy, login):
    client = login(people["cwd_a"])
    record(client, boy, weight_kg="15", length_cm="100", position="standing")
    html = client.get(reverse("child_growth", args=[boy.uuid]), **ZH).content.decode()
    assert '身高/年龄 1.70 <span class="muted">(HAZ)</span>' in html
    assert '体重/身高 -0.29 <span class="muted">(WHZ)</span>' in html
    assert "0 是平均水平" in html
    assert "HAZ 1.70" not in html  # never the bare abbreviation first
    en = client.get(reverse("child_growth", args=[boy.uuid]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Height for age 1.70" in en


def test_the_visit_page_offers_the_referral_for_the_measurement_taken_at_the_visit(people, geo, login):
    today = date.today()
    child = make_child(geo["village_a"], "刘小虎", dob=today - timedelta(days=1000))
    client = login(people["cwd_a"])
    response = post_visit(
        client, child, today, **{"m-weight_kg": "11.5", "m-length_cm": "100", "m-position": "standing"}
    )
    page = client.get(response.url, **ZH).content.decode()
    assert page.count("重度急性营养不良：") == 1
    assert "重度消瘦" not in page
    assert "今天转介到医疗机构" in page
    assert growth_referral(Measurement.objects.get(child=child)).url.replace("&", "&amp;") in page
    supervisor_t2 = login(people["supervisor_t2"])  # another township: no page, no button
    assert supervisor_t2.get(response.url).status_code == 404
